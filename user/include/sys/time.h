/*
 * sys/time.h: struct timeval (man gettimeofday(2)), from nudge/time.h.
 */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <nudge/time.h>

#endif
