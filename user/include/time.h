/*
 * time.h: struct timespec, the clocks and sleeping on them: nanosleep(2),
 * clock_nanosleep(2), clock_gettime(2), clock_getres(2) (nudge/time.h).
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <nudge/time.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
// 0, or the error number (not -1 and errno), as POSIX has it.
int clock_nanosleep(int clk, int flags, const struct timespec *req,
                    struct timespec *rem);
int clock_gettime(int clk, struct timespec *ts);
int clock_getres(int clk, struct timespec *res);

#endif
