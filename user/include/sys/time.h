/*
 * sys/time.h: struct timeval and gettimeofday(2), from nudge/time.h.
 */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <nudge/time.h>

int gettimeofday(struct timeval *tv, struct timezone *tz);

#endif
