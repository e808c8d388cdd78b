/*
 * evtick [period_ms] [count]: watch the ticker device (nudge/ticker.h)
 * signal an eventfd. Registers an eventfd with /ticker every period_ms
 * (default 100), then waits for it count times (default 5) with poll(2)
 * and count times with epoll_wait(2), printing each count read and when
 * it came, in ms since the registration and since the previous read:
 *
 *   poll  1: read 1 at 100.12 ms (+100.12)
 *
 * Each wait has a timeout of ten periods: a lost signal fails, exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <nudge/ticker.h>

static uint64_t t0, last;   // microseconds: registration, previous read

static uint64_t
now_us(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
die(const char *what)
{
  fprintf(stderr, "evtick: %s: %s\n", what, strerror(errno));
  exit(1);
}

// The eventfd is readable: read its count and say when it came.
static void
report(const char *how, int i, int efd)
{
  uint64_t count, t = now_us();
  unsigned long since = t - t0, step = t - last;

  if(read(efd, &count, sizeof(count)) != sizeof(count))
    die("read eventfd");
  printf("%s %2d: read %lu at %lu.%02lu ms (+%lu.%02lu)\n", how, i,
         (unsigned long)count, since / 1000, since % 1000 / 10,
         step / 1000, step % 1000 / 10);
  last = t;
}

static void
with_poll(int efd, int count, int timeout)
{
  struct pollfd pfd = { efd, POLLIN, 0 };

  for(int i = 1; i <= count; i++){
    int n = poll(&pfd, 1, timeout);
    if(n < 0)
      die("poll");
    if(n == 0 || !(pfd.revents & POLLIN)){
      fprintf(stderr, "evtick: poll: no signal within %d ms\n", timeout);
      exit(1);
    }
    report("poll ", i, efd);
  }
}

static void
with_epoll(int efd, int count, int timeout)
{
  struct epoll_event ev = { .events = EPOLLIN, .data.fd = efd };
  int epfd;

  if((epfd = epoll_create1(0)) < 0)
    die("epoll_create1");
  if(epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &ev) < 0)
    die("epoll_ctl");
  for(int i = 1; i <= count; i++){
    int n = epoll_wait(epfd, &ev, 1, timeout);
    if(n < 0)
      die("epoll_wait");
    if(n == 0){
      fprintf(stderr, "evtick: epoll_wait: no signal within %d ms\n", timeout);
      exit(1);
    }
    report("epoll", i, efd);
  }
  close(epfd);
}

int
main(int argc, char *argv[])
{
  struct ticker_req req;
  int period = argc > 1 ? atoi(argv[1]) : 100;
  int count = argc > 2 ? atoi(argv[2]) : 5;
  int tfd, efd;

  if(argc > 3 || period <= 0 || count <= 0){
    fprintf(stderr, "usage: evtick [period_ms] [count]\n");
    return 2;
  }
  if((tfd = open("/ticker", O_RDONLY)) < 0)
    die("/ticker");
  if((efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0)
    die("eventfd");
  req.efd = efd;
  req.period_ms = period;
  t0 = last = now_us();
  if(ioctl(tfd, TICKER_SET, &req) < 0)
    die("ioctl TICKER_SET");

  with_poll(efd, count, 10 * period);
  with_epoll(efd, count, 10 * period);
  close(tfd);
  close(efd);
  return 0;
}
