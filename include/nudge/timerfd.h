/*
 * timerfd's flags and its timer value: Linux's include/uapi/linux/timerfd.h
 * and struct itimerspec (man timerfd_create(2)).
 */
#ifndef NUDGE_TIMERFD_H
#define NUDGE_TIMERFD_H

#include "nudge/time.h"

#define TFD_NONBLOCK             0x800      // O_NONBLOCK
#define TFD_CLOEXEC              0x80000    // O_CLOEXEC
#define TFD_TIMER_ABSTIME        1          // settime: it_value is a time, not a length
#define TFD_TIMER_CANCEL_ON_SET  2          // settime: end a read when the wall clock is set

struct itimerspec {
  struct timespec it_interval;    // the period; 0: one expiration
  struct timespec it_value;       // the first expiration; 0: disarmed
};

#endif
