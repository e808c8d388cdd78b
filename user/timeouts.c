/*
 * timeouts: how long a 5 ms timeout really takes, in real time.
 *
 * Calls each of these NCALLS times, with nothing to wake it but its
 * timeout, and times every call with clock_gettime(CLOCK_MONOTONIC):
 *   poll(NULL, 0, 5)
 *   epoll_wait on an epoll that watches nothing, timeout 5
 *   nanosleep for 5 ms
 * A timeout may end late (the hart must notice, the scheduler must run
 * the process) but never early: poll(2) and epoll_wait(2) block "at
 * least" the timeout, and nanosleep(2) likewise.
 *
 * `make bench` runs it in a boot of its own, on 3 harts and without
 * -icount: the clock must be the host's, not a count of instructions.
 *
 * Output, one line per call, in microseconds:
 *   bench timeout NAME: min N us, median N us, max N us, E of 100 under 5000 us
 * Exits 1 if any call ended early.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#define NCALLS     100
#define TIMEOUT_MS 5

static int epfd;

static void
die(const char *what)
{
  fprintf(stderr, "timeouts: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int64_t
now_ns(void)
{
  struct timespec ts;

  if(clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
    die("clock_gettime");
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
wait_poll(void)
{
  if(poll(0, 0, TIMEOUT_MS) != 0)
    die("poll");
}

static void
wait_epoll(void)
{
  struct epoll_event ev;

  if(epoll_wait(epfd, &ev, 1, TIMEOUT_MS) != 0)
    die("epoll_wait");
}

static void
wait_nanosleep(void)
{
  struct timespec ts = { 0, TIMEOUT_MS * 1000000L };

  if(nanosleep(&ts, 0) < 0)
    die("nanosleep");
}

static void
sort(int64_t *a, int n)
{
  for(int i = 1; i < n; i++){
    int64_t x = a[i];
    int j = i;
    for(; j > 0 && a[j - 1] > x; j--)
      a[j] = a[j - 1];
    a[j] = x;
  }
}

// Times NCALLS calls of fn, prints their spread; returns how many ended early.
static int
run(const char *name, void (*fn)(void))
{
  int64_t us[NCALLS];
  int early = 0;

  for(int i = 0; i < NCALLS; i++){
    int64_t start = now_ns();
    fn();
    us[i] = (now_ns() - start) / 1000;
    if(us[i] < TIMEOUT_MS * 1000)
      early++;
  }
  sort(us, NCALLS);
  printf("bench timeout %s: min %ld us, median %ld us, max %ld us, "
         "%d of %d under %d us\n", name, us[0],
         (us[NCALLS / 2 - 1] + us[NCALLS / 2]) / 2, us[NCALLS - 1],
         early, NCALLS, TIMEOUT_MS * 1000);
  return early;
}

int
main(void)
{
  int early = 0;

  if((epfd = epoll_create1(0)) < 0)
    die("epoll_create1");
  early += run("poll(NULL, 0, 5)", wait_poll);
  early += run("epoll_wait(empty epoll, 5)", wait_epoll);
  early += run("nanosleep(5 ms)", wait_nanosleep);
  if(early){
    fprintf(stderr, "timeouts: %d calls ended before their timeout\n", early);
    return 1;
  }
  return 0;
}
