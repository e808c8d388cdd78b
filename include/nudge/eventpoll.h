/*
 * epoll's ABI: Linux's include/uapi/linux/eventpoll.h (man epoll_ctl(2),
 * epoll_wait(2)). The EPOLL* masks equal the POLL* ones.
 */
#ifndef NUDGE_EVENTPOLL_H
#define NUDGE_EVENTPOLL_H

#include <stdint.h>

#define EPOLLIN        0x00000001u
#define EPOLLPRI       0x00000002u
#define EPOLLOUT       0x00000004u
#define EPOLLERR       0x00000008u
#define EPOLLHUP       0x00000010u
#define EPOLLNVAL      0x00000020u
#define EPOLLRDNORM    0x00000040u
#define EPOLLRDBAND    0x00000080u
#define EPOLLWRNORM    0x00000100u
#define EPOLLWRBAND    0x00000200u
#define EPOLLMSG       0x00000400u
#define EPOLLRDHUP     0x00002000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET        (1u << 31)

#define EPOLL_CTL_ADD  1
#define EPOLL_CTL_DEL  2
#define EPOLL_CTL_MOD  3

#define EPOLL_CLOEXEC  0x80000    // O_CLOEXEC

// The caller's word, returned with each event.
union epoll_data {
  void *ptr;
  int fd;
  uint32_t u32;
  uint64_t u64;
};

// Naturally aligned, 16 bytes: only x86-64 packs it (to 12).
struct epoll_event {
  uint32_t events;
  union epoll_data data;
};

#endif
