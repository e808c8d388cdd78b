/*
 * poll.h: poll(2) and ppoll(2) (nudge/poll.h has the masks and struct
 * pollfd). Both are built on the ppoll system call.
 */
#ifndef _POLL_H
#define _POLL_H

#include <signal.h>
#include <time.h>
#include <nudge/poll.h>

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms);
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
          const sigset_t *sigmask);

#endif
