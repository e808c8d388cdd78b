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

// Clocks (Linux's include/uapi/linux/time.h): the ones nudge has.
#define CLOCK_REALTIME          0   // wall time, since 1970
#define CLOCK_MONOTONIC         1   // since boot
#define CLOCK_MONOTONIC_RAW     4
#define CLOCK_REALTIME_COARSE   5
#define CLOCK_MONOTONIC_COARSE  6
#define CLOCK_BOOTTIME          7   // since boot, suspended time too
#define CLOCK_REALTIME_ALARM    8   // as CLOCK_REALTIME, and would wake a suspended machine
#define CLOCK_BOOTTIME_ALARM    9   // as CLOCK_BOOTTIME, likewise

#define TIMER_ABSTIME 1             // clock_nanosleep: req is a time, not a length

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

#endif
