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
 * Then a periodic timerfd, with periods of 1 ms and 10 ms, read NREADS
 * times each: how late each read returns after the expiration it
 * reports, the last of the n it counts (t0 + total * period, t0 taken
 * just before timerfd_settime, so the figure is never too small). A
 * read that returns before that time was early.
 *
 * `make bench` runs it in boots of its own, on 1 and on 4 harts and
 * without -icount: the clock must be the host's, not a count of
 * instructions.
 *
 * Output, one line per call or period, in microseconds:
 *   bench timeout NAME: min N us, median N us, max N us, E of 100 under 5000 us
 *   bench timerfd period P us: late min N us, median N us, max N us, E of 1000 early
 * Exits 1 if any call ended early.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define NCALLS     100
#define NREADS     1000
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

// Prints the spread of n figures in microseconds, as "min N us, median
// N us, max N us" (sorting them).
static void
print_spread(int64_t *us, int n)
{
  sort(us, n);
  printf("min %ld us, median %ld us, max %ld us", us[0],
         (us[n / 2 - 1] + us[n / 2]) / 2, us[n - 1]);
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
  printf("bench timeout %s: ", name);
  print_spread(us, NCALLS);
  printf(", %d of %d under %d us\n", early, NCALLS, TIMEOUT_MS * 1000);
  return early;
}

// NREADS reads of a timerfd with this period; prints how late they
// were; returns how many were early.
static int
run_timerfd(int64_t period_ns)
{
  static int64_t us[NREADS];
  struct itimerspec v = { { 0, period_ns }, { 0, period_ns } };
  int64_t t0, late;
  uint64_t n, total = 0;
  int fd, early = 0;

  if((fd = timerfd_create(CLOCK_MONOTONIC, 0)) < 0)
    die("timerfd_create");
  t0 = now_ns();
  if(timerfd_settime(fd, 0, &v, 0) < 0)
    die("timerfd_settime");
  for(int i = 0; i < NREADS; i++){
    if(read(fd, &n, sizeof(n)) != sizeof(n) || n == 0)
      die("read");
    total += n;
    late = now_ns() - (t0 + (int64_t)total * period_ns);
    if(late < 0)
      early++;
    us[i] = late / 1000;
  }
  close(fd);
  printf("bench timerfd period %ld us: late ", period_ns / 1000);
  print_spread(us, NREADS);
  printf(", %d of %d early\n", early, NREADS);
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
  early += run_timerfd(1000000);
  early += run_timerfd(10000000);
  if(early){
    fprintf(stderr, "timeouts: %d calls ended before their timeout\n", early);
    return 1;
  }
  return 0;
}
