/*
 * time.h: struct timespec, nanosleep(2) and clock_gettime(2) (nudge/time.h).
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <nudge/time.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(int clk, struct timespec *ts);   // CLOCK_MONOTONIC only

#endif
