/*
 * poll.h: poll(2) (nudge/poll.h has the masks and struct pollfd).
 */
#ifndef _POLL_H
#define _POLL_H

#include <nudge/poll.h>

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms);

#endif
