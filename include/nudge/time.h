/*
 * Time structures (Linux's include/uapi/linux/time.h, man nanosleep(2)).
 */
#ifndef NUDGE_TIME_H
#define NUDGE_TIME_H

#include <stdint.h>

struct timespec {
  int64_t tv_sec;
  int64_t tv_nsec;    // 0..999999999
};

#define CLOCK_MONOTONIC 1

#endif
