/*
 * sys/eventfd.h: eventfd(2) (nudge/eventfd.h has the flags).
 */
#ifndef _SYS_EVENTFD_H
#define _SYS_EVENTFD_H

#include <stdint.h>
#include <nudge/eventfd.h>

typedef uint64_t eventfd_t;

int eventfd(unsigned int initval, int flags);
int eventfd2(unsigned int initval, int flags);   // the system call

#endif
