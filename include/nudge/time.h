/*
 * Time structures (Linux's include/uapi/linux/time.h, man nanosleep(2),
 * man select(2)).
 */
#ifndef NUDGE_TIME_H
#define NUDGE_TIME_H

#include <stdint.h>

struct timespec {
  int64_t tv_sec;
  int64_t tv_nsec;    // 0..999999999
};

struct timeval {
  int64_t tv_sec;
  int64_t tv_usec;    // 0..999999 (select() takes more, as extra seconds)
};

#define CLOCK_MONOTONIC 1

#endif
