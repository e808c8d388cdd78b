/*
 * Event masks shared by poll(2), select(2) and epoll(7): Linux's
 * include/uapi/asm-generic/poll.h (man poll(2)).
 */
#ifndef NUDGE_POLL_H
#define NUDGE_POLL_H

#include <stdint.h>

#define POLLIN      0x0001  // data to read
#define POLLPRI     0x0002  // urgent data
#define POLLOUT     0x0004  // writing will not block
#define POLLERR     0x0008  // error (reported whether asked for or not)
#define POLLHUP     0x0010  // hang up (reported whether asked for or not)
#define POLLNVAL    0x0020  // fd not open (poll only)
#define POLLRDNORM  0x0040
#define POLLRDBAND  0x0080
#define POLLWRNORM  0x0100
#define POLLWRBAND  0x0200
#define POLLMSG     0x0400
#define POLLRDHUP   0x2000  // peer closed its writing half

struct pollfd {
  int32_t fd;
  int16_t events;
  int16_t revents;
};

#endif
