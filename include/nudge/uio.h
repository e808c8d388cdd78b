/*
 * Vectored I/O: struct iovec and the most segments one readv or writev
 * takes, as Linux's include/uapi/linux/uio.h (man readv(2)).
 */
#ifndef NUDGE_UIO_H
#define NUDGE_UIO_H

#include <stddef.h>

struct iovec {
  void *iov_base;       // where the segment starts
  size_t iov_len;       // its length in bytes
};

#define UIO_MAXIOV 1024  // IOV_MAX: more segments are EINVAL

#endif
