#ifndef SYSTIME_H
#define SYSTIME_H

#include "types.h"
#include "nudge/time.h"

// Timeouts for sleepers outside systime.c (futex).
int    read_timespec(uint64 uts, struct timespec *ts);  // 0, -EFAULT, -EINVAL
uint64 clock_deadline(int clk, const struct timespec *ts, uint64 period, uint64 *passed);

#endif
