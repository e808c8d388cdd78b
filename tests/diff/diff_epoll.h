/*
 * diff_epoll.h: helpers for the epoll differential tests (diff_ep_*.c),
 * on top of diff.h.
 * - ctl(epfd, op, fd, events, data): epoll_ctl with the event spelled out.
 * - ewait(epfd, max, timeout): epoll_wait, described as "2 IN:0 IN|HUP:1"
 *   (count, then mask:data per event), or "-1 EBADF".
 * - pmask(fd, events): poll() one fd without waiting: its revents as names.
 */
#ifndef DIFF_EPOLL_H
#define DIFF_EPOLL_H

#include "diff.h"

#include <poll.h>
#include <sys/epoll.h>

#define EWAIT_MAX 16

static inline int
ctl(int epfd, int op, int fd, unsigned int events, unsigned long long data)
{
  struct epoll_event ev;

  memset(&ev, 0, sizeof(ev));
  ev.events = events;
  ev.data.u64 = data;
  return epoll_ctl(epfd, op, fd, &ev);
}

static inline const char *
ewait(int epfd, int maxevents, int timeout)
{
  static struct epoll_event evs[EWAIT_MAX];
  char s[DIFF_BUFSZ];
  int i, n;

  if (maxevents > EWAIT_MAX)
    maxevents = EWAIT_MAX;
  n = epoll_wait(epfd, evs, maxevents, timeout);
  if (n < 0)
    return res(n);
  snprintf(s, sizeof(s), "%d", n);
  for (i = 0; i < n; i++)
    snprintf(s + strlen(s), sizeof(s) - strlen(s), " %s:%llu",
             masks(evs[i].events), (unsigned long long)evs[i].data.u64);
  return keep(s);
}

static inline const char *
pmask(int fd, int events)
{
  struct pollfd p;
  int n;

  p.fd = fd;
  p.events = events;
  p.revents = 0;
  n = poll(&p, 1, 0);
  if (n < 0)
    return res(n);
  return masks((unsigned short)p.revents);
}

#endif
