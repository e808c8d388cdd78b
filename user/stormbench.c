/*
 * stormbench: what one epoll_ctl or one eventfd write can cost when a user
 * builds the worst graph of epolls it is allowed to (make bench runs it on
 * the checking kernel, one hart, -icount; docs/measurements.md).
 *
 *   stormbench     every measurement below, one "bench" line each
 *
 * 1. The loop check: four levels of 60 epolls, each epoll of a level
 *    watching every epoll of the level below; then one ADD into a bottom
 *    epoll, whose upward paths number 60^3. Instructions for that ADD.
 * 2. The nested storm: an eventfd E watched by epoll level 1 through K
 *    dup'ed fds, level i+1 watching level i through K dup'ed fds, four
 *    levels. The ADDs past Linux's path limits fail (EINVAL); the
 *    callbacks one signal of E costs are then a1 + a1a2 + a1a2a3 +
 *    a1a2a3a4, from the accepted counts a_i.
 * 3. The flat storm: E watched directly by top-level epolls, as many
 *    times as fds allow (depth-1 paths are not limited; the system's
 *    watch limit is).
 * For 2 and 3: instructions per write of E, then the ticker signals E
 * every millisecond while this process sleeps 10 ms ten times: the worst
 * lateness of those sleeps, and the longest stretch any hart spent with
 * interrupts off (irqoff(); n/a on a kernel that does not measure it).
 */
#include <errno.h>
#include <fcntl.h>
#include <nudge.h>
#include <nudge/ticker.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define LEVELS    4
#define WIDTH     60        // epolls per level in the loop-check graph
#define NFDS      4096      // the fds it uses (it raises its soft limit)
#define SLEEPS    10

static void
die(const char *what)
{
  fprintf(stderr, "stormbench: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int
add(int ep, int fd)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };

  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int
new_epoll(void)
{
  int ep = epoll_create1(0);

  if(ep < 0)
    die("epoll_create1");
  return ep;
}

// Closes every fd from `from` up.
static void
close_from(int from)
{
  for(int fd = from; fd < NFDS; fd++)
    close(fd);
}

// 1: instructions for one ADD into the bottom of WIDTH^LEVELS paths.
static void
loop_check(void)
{
  static int level[LEVELS][WIDTH];
  int base = dup(0), x;
  uint64_t t;

  close(base);
  for(int l = 0; l < LEVELS; l++)
    for(int i = 0; i < WIDTH; i++){
      level[l][i] = new_epoll();
      for(int j = 0; l > 0 && j < WIDTH; j++)
        if(add(level[l][i], level[l - 1][j]) < 0)
          die("epoll_ctl ADD (loop-check graph)");
    }
  x = new_epoll();
  t = rdinstret();
  if(add(level[0][0], x) < 0)
    die("epoll_ctl ADD (into the bottom)");
  t = rdinstret() - t;
  printf("bench epoll_ctl ADD under %d levels of %d epolls: %lu instructions\n",
         LEVELS, WIDTH, t);
  close_from(base);
}

// Adds fd into ep through n dup'ed fds; returns how many ADDs succeeded
// (an ADD past the path limits fails with EINVAL, one past the watch
// limit with ENOSPC: either stops it).
static int
add_dups(int ep, int fd, int n)
{
  int ok = 0;

  for(int i = 0; i < n; i++){
    int d = dup(fd);
    if(d < 0)
      die("dup");
    if(add(ep, d) < 0){
      if(errno != EINVAL && errno != ENOSPC)
        die("epoll_ctl ADD (storm)");
      close(d);
      break;
    }
    ok++;
  }
  return ok;
}

// Instructions per 8-byte write of eventfd e, drained through ep_top.
static uint64_t
write_cost(int e)
{
  uint64_t one = 1, v, t;

  t = rdinstret();
  if(write(e, &one, 8) != 8)
    die("write eventfd");
  t = rdinstret() - t;
  if(read(e, &v, 8) != 8)
    die("read eventfd");
  return t;
}

static uint64_t
now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000UL + ts.tv_nsec;
}

// The ticker signals e every ms while this process sleeps 10 ms SLEEPS
// times; prints the worst lateness and the longest interrupts-off stretch.
static void
under_ticker(const char *what, int e)
{
  struct ticker_req req = { e, 1 };
  struct timespec ten = { 0, 10000000 };
  uint64_t worst = 0, t0, late;
  long off;
  int tk;

  if((tk = open("/ticker", O_RDONLY)) < 0)
    die("open /ticker");
  irqoff(1);
  if(ioctl(tk, TICKER_SET, &req) < 0)
    die("TICKER_SET");
  for(int i = 0; i < SLEEPS; i++){
    t0 = now_ns();
    nanosleep(&ten, 0);
    late = now_ns() - t0 - 10000000;
    if(late > worst)
      worst = late;
  }
  close(tk);
  off = irqoff(0);
  printf("bench %s, ticker every 1 ms: 10 ms sleeps up to %lu us late; ",
         what, worst / 1000);
  if(off < 0)
    printf("interrupts off: n/a\n");
  else
    printf("interrupts off at most %ld us\n", off / 1000);
}

// 2: the nested storm with fan-out k per level.
static void
nested_storm(int k)
{
  int base = dup(0), e, below, ep, a[LEVELS];
  uint64_t callbacks = 0, paths = 1;

  close(base);
  if((e = eventfd(0, EFD_NONBLOCK)) < 0)
    die("eventfd");
  below = e;
  for(int l = 0; l < LEVELS; l++){
    ep = new_epoll();
    a[l] = add_dups(ep, below, k);
    paths *= a[l];
    callbacks += paths;
    below = ep;
  }
  printf("bench nested storm, fan-out %d: ADDs accepted %d %d %d %d, %lu callbacks/write, "
         "%lu instructions/write\n", k, a[0], a[1], a[2], a[3], callbacks, write_cost(e));
  under_ticker("nested storm", e);
  close_from(base);
}

// 3: E watched directly by top-level epolls, as often as fds allow.
static void
flat_storm(void)
{
  int base = dup(0), e, ep, n = 0, got;

  close(base);
  if((e = eventfd(0, EFD_NONBLOCK)) < 0)
    die("eventfd");
  // Each epoll takes a fresh set of dups: an item is keyed by its fd.
  do {
    ep = new_epoll();
    got = add_dups(ep, e, NFDS - ep - 1);
    n += got;
    close_from(ep + 1);
  } while(got > 0 && n < 16000);
  printf("bench flat storm: %d watches of one eventfd, %d callbacks/write, "
         "%lu instructions/write\n", n, n, write_cost(e));
  under_ticker("flat storm", e);
  close_from(base);
}

int
main(void)
{
  struct rlimit rl;

  // A process starts with room for 1024 fds; the graphs take NFDS.
  if(getrlimit(RLIMIT_NOFILE, &rl) < 0)
    die("getrlimit");
  rl.rlim_cur = NFDS;
  if(setrlimit(RLIMIT_NOFILE, &rl) < 0)
    die("setrlimit");
  loop_check();
  nested_storm(2);
  nested_storm(8);
  flat_storm();
  return 0;
}
