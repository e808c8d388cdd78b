/*
 * time.h: struct timespec and nanosleep(2) (nudge/time.h).
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <nudge/time.h>

int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
