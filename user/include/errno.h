/*
 * errno.h: the error numbers (Linux's, from nudge/errno.h; man errno(3)).
 * errno is a plain global: nudge processes have one thread. A failing
 * system call stub sets it and returns -1.
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <nudge/errno.h>

extern int errno;

#endif
