/*
 * events: nudge's subject through glibc's wrappers: eventfd, epoll
 * (level- and edge-triggered, ONESHOT), poll and select on pipes, and a
 * child's write waking a parent blocked in epoll_wait.
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
  struct epoll_event ev, out[4];
  struct pollfd pfd;
  struct timeval tv = { 0, 0 };
  uint64_t v;
  fd_set rs;
  int efd, ep, p[2], n;

  setvbuf(stdout, 0, _IONBF, 0);
  efd = eventfd(3, EFD_NONBLOCK);
  v = 4;
  write(efd, &v, sizeof(v));
  n = read(efd, &v, sizeof(v));
  printf("eventfd: read %d, value %llu; again: %zd\n", n,
         (unsigned long long)v, read(efd, &v, sizeof(v)));

  pipe(p);
  ep = epoll_create1(EPOLL_CLOEXEC);
  ev.events = EPOLLIN;
  ev.data.u64 = 1;
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = 2;
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  printf("epoll, nothing ready: %d\n", epoll_wait(ep, out, 4, 0));
  write(p[1], "x", 1);
  v = 1;
  write(efd, &v, sizeof(v));
  n = epoll_wait(ep, out, 4, 0);
  printf("epoll: %d ready", n);
  n = epoll_wait(ep, out, 4, 0);
  printf("; again (LT pipe only): %d, data %llu\n", n,
         (unsigned long long)out[0].data.u64);

  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = 3;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  n = epoll_wait(ep, out, 4, 0);
  printf("oneshot: %d then %d\n", n, epoll_wait(ep, out, 4, 0));

  pfd.fd = p[0];
  pfd.events = POLLIN;
  printf("poll: %d revents %#x\n", poll(&pfd, 1, 0), pfd.revents);
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  printf("select: %d, set %d\n", select(p[0] + 1, &rs, 0, 0, &tv),
         FD_ISSET(p[0], &rs));

  read(p[0], &v, 1);
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  if (fork() == 0) {
    usleep(20000);
    write(p[1], "y", 1);
    _exit(0);
  }
  n = epoll_wait(ep, out, 4, 5000);
  printf("woken by the child's write: %d\n", n);
  wait(0);
  return 0;
}
