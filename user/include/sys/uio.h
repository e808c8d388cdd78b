/*
 * sys/uio.h: vectored I/O (man sys_uio.h(0p), readv(2)). struct iovec
 * is Linux's, from nudge/uio.h; both are system calls.
 */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <sys/types.h>
#include <nudge/uio.h>

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif
