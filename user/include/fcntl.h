/*
 * fcntl.h: open(2) and fcntl(2), with Linux's flag values from
 * nudge/fcntl.h. open's third argument, the mode, is accepted and ignored:
 * nudge has no permissions.
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <nudge/fcntl.h>

int open(const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);

#endif
