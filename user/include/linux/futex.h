/*
 * linux/futex.h: futex(2)'s operations and flags (nudge/futex.h has
 * them). As on Linux, the C library has no futex() function of its own:
 * the system call's stub is declared in nudge.h.
 */
#ifndef _LINUX_FUTEX_H
#define _LINUX_FUTEX_H

#include <nudge/futex.h>

#endif
