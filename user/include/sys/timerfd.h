/*
 * sys/timerfd.h: timerfd_create(2), timerfd_settime(2),
 * timerfd_gettime(2) (nudge/timerfd.h has the flags and itimerspec).
 */
#ifndef _SYS_TIMERFD_H
#define _SYS_TIMERFD_H

#include <nudge/timerfd.h>

int timerfd_create(int clockid, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *new_value,
                    struct itimerspec *old_value);
int timerfd_gettime(int fd, struct itimerspec *curr_value);

#endif
