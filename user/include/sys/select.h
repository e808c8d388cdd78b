/*
 * sys/select.h: select(2) and fd_set, with Linux's layout: FD_SETSIZE
 * bits in 64-bit words (man select(2)).
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <sys/types.h>
#include <sys/time.h>
#include <time.h>

#define FD_SETSIZE 1024

typedef struct {
  unsigned long fds_bits[FD_SETSIZE / 64];
} fd_set;

#define FD_ZERO(s)     do { for(int _i = 0; _i < FD_SETSIZE / 64; _i++) (s)->fds_bits[_i] = 0; } while(0)
#define FD_SET(fd, s)   ((s)->fds_bits[(fd) / 64] |= 1UL << ((fd) % 64))
#define FD_CLR(fd, s)   ((s)->fds_bits[(fd) / 64] &= ~(1UL << ((fd) % 64)))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / 64] >> ((fd) % 64)) & 1)

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
           struct timeval *timeout);

// The system call under select(): a timespec timeout, written back with
// the time left; sigmask points at { sigset_t *, size_t }, or is null.
int pselect6(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
             struct timespec *timeout, void *sigmask);

#endif
