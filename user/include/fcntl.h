/*
 * fcntl.h: open(2), openat(2) and fcntl(2), with Linux's flag and AT_*
 * values from nudge/fcntl.h. The mode argument of open and openat is
 * accepted and ignored: nudge has no permissions. open is openat from
 * AT_FDCWD (user/lib/wrappers.c).
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <nudge/fcntl.h>

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);

#endif
