/*
 * sched.h: sched_yield(2), and clone's flags (nudge/sched.h).
 */
#ifndef _SCHED_H
#define _SCHED_H

#include <nudge/sched.h>

int sched_yield(void);

#endif
