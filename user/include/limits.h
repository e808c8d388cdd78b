/*
 * limits.h: the C limits (INT_MAX, LONG_MAX, CHAR_BIT...) come from gcc's
 * own limits.h; this file adds the POSIX ones nudge has (man limits.h(0p)).
 *
 * gcc's limits.h wants to include the C library's after its own, unless
 * _LIBC_LIMITS_H_ says that library is already being read: so define it,
 * then pull gcc's in.
 */
#ifndef _LIMITS_H
#define _LIMITS_H

#define _LIBC_LIMITS_H_
#include_next <limits.h>

#define PATH_MAX  128     // a path, NUL included (kernel MAXPATH)
#define NAME_MAX  14      // a directory entry's name (DIRSIZ)
#define LINK_MAX  32767   // names of one inode (nudge/fs.h)
#define SSIZE_MAX LONG_MAX
#define IOV_MAX   1024    // segments of a readv or writev (UIO_MAXIOV)

#endif
