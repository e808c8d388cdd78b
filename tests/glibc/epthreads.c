/*
 * epthreads: epoll with threads, each rule checked on Linux (epoll(7),
 * epoll_ctl(2)): who wakes when several threads wait on one epoll, level-
 * and edge-triggered, through epoll_wait and through poll() on the epoll
 * fd, nested or not; EPOLLEXCLUSIVE; a watched fd closed or added while
 * another thread is blocked; and a thread blocked in read() when another
 * closes the pipe's write end.
 *
 * Where a thread is meant to be blocked before another acts, the program
 * sleeps 50 ms, and but for one EPOLLEXCLUSIVE check the outcome is the
 * same if it was not blocked yet: each check says why. Every wait has a
 * time limit (10 s, or 200 ms where nothing is to come), so a lost wakeup
 * fails instead of hanging.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include "check.h"

#define DATA 1                  // the tag of the watched fd's item
#define STOP 2                  // the tag of the stop eventfd's item

static uint64_t one = 1;

// A thread's one epoll_wait, and what it got.
struct waiter {
  pthread_t thread;
  int ep, ms;
  int n;                        // epoll_wait's result, or -errno
  struct epoll_event ev;
};

static void *
wait_once(void *arg)
{
  struct waiter *w = arg;

  w->n = sysret(epoll_wait(w->ep, &w->ev, 1, w->ms));
  return 0;
}

static void
start_waiter(struct waiter *w, int ep, int ms)
{
  w->ep = ep;
  w->ms = ms;
  pthread_create(&w->thread, 0, wait_once, w);
}

// Joins the waiter; prints what its epoll_wait returned.
static void
expect_waiter(const char *what, struct waiter *w, const char *want)
{
  char got[64];

  pthread_join(w->thread, 0);
  if (w->n > 0)
    snprintf(got, sizeof(got), "%d, events %#x, data %llu", w->n,
             w->ev.events, (unsigned long long)w->ev.data.u64);
  else
    format_ret(got, sizeof(got), w->n);
  expect_str(what, got, want);
}

static void
watch(int ep, int fd, uint32_t events, uint64_t tag)
{
  struct epoll_event ev = { .events = events, .data.u64 = tag };

  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * Two waiter threads and an emitter thread, the shapes of Linux's epoll
 * wakeup selftest:
 *
 *    t0    t1      t0, t1: epoll_wait (ew) or poll (p) on e0, once
 *      \  /
 *       e0         e0 watches d, or e1 which watches d (nested);
 *       |          the item in e0 is LT or ET
 *      (e1)
 *       |
 *       d  <-- emitter: writes once, after 50 ms
 *
 * A waiter counts if what it got shows d ready. LT: both see d, whether
 * they were blocked or came after the write. ET through epoll_wait: the
 * first to harvest the item takes its one edge, the other sees nothing
 * (it ends when main writes stop, an LT eventfd in e0, once someone has
 * seen d). poll() on e0 harvests nothing, so both pollers see d, LT or
 * ET. A poller polls stop beside e0, so with one, stop stays out of e0.
 */
struct topology {
  const char *name;
  int eventfd;                  // d is an eventfd, else a pipe
  int et, nested;
  int poll[2];                  // t0, t1: poll, else epoll_wait
  int want;                     // waiters that see d
};

static const struct topology topologies[] = {
  { "LT, eventfd, ew+ew", 1, 0, 0, { 0, 0 }, 2 },
  { "ET, eventfd, ew+ew", 1, 1, 0, { 0, 0 }, 1 },
  { "LT, pipe, ew+ew", 0, 0, 0, { 0, 0 }, 2 },
  { "ET, pipe, ew+ew", 0, 1, 0, { 0, 0 }, 1 },
  { "LT, pipe, p+p", 0, 0, 0, { 1, 1 }, 2 },
  { "ET, pipe, p+p", 0, 1, 0, { 1, 1 }, 2 },
  { "LT, pipe, ew+p", 0, 0, 0, { 0, 1 }, 2 },
  { "LT, nested, ew+ew", 0, 0, 1, { 0, 0 }, 2 },
  { "ET, nested, ew+ew", 0, 1, 1, { 0, 0 }, 1 },
  { "LT, nested, p+p", 0, 0, 1, { 1, 1 }, 2 },
  { "ET, nested, p+p", 0, 1, 1, { 1, 1 }, 2 },
};

static int e0, stop, d_write;   // of the topology being run
static atomic_int saw;          // waiters that saw d
static sem_t seen;              // posted by each of them

static void *
emit(void *arg)
{
  usleep(50000);
  write(d_write, &one, sizeof(one));
  return 0;
}

static void *
epoll_waiter(void *arg)
{
  struct epoll_event ev[2];
  int n = epoll_wait(e0, ev, 2, 10000), got = 0;

  while (n-- > 0)
    got |= ev[n].data.u64 == DATA;
  if (got) {
    atomic_fetch_add(&saw, 1);
    sem_post(&seen);
  }
  return 0;
}

static void *
poll_waiter(void *arg)
{
  struct pollfd p[2] = { { e0, POLLIN, 0 }, { stop, POLLIN, 0 } };

  if (poll(p, 2, 10000) > 0 && (p[0].revents & POLLIN)) {
    atomic_fetch_add(&saw, 1);
    sem_post(&seen);
  }
  return 0;
}

static void
run_topology(const struct topology *t)
{
  pthread_t waiters[2], emitter;
  struct timespec limit;
  int d[2], e1 = -1, i;
  char what[64];

  if (t->eventfd)
    d[0] = d[1] = eventfd(0, 0);
  else
    pipe(d);
  d_write = d[1];
  e0 = epoll_create1(0);
  stop = eventfd(0, 0);
  if (t->nested) {
    e1 = epoll_create1(0);
    watch(e1, d[0], EPOLLIN, DATA);
    watch(e0, e1, EPOLLIN | (t->et ? EPOLLET : 0), DATA);
  } else {
    watch(e0, d[0], EPOLLIN | (t->et ? EPOLLET : 0), DATA);
  }
  if (!t->poll[0] && !t->poll[1])
    watch(e0, stop, EPOLLIN, STOP);
  atomic_store(&saw, 0);
  sem_init(&seen, 0, 0);
  for (i = 0; i < 2; i++)
    pthread_create(&waiters[i], 0, t->poll[i] ? poll_waiter : epoll_waiter, 0);
  pthread_create(&emitter, 0, emit, 0);
  clock_gettime(CLOCK_REALTIME, &limit);
  limit.tv_sec += 10;
  sem_timedwait(&seen, &limit);
  write(stop, &one, sizeof(one));
  for (i = 0; i < 2; i++)
    pthread_join(waiters[i], 0);
  pthread_join(emitter, 0);
  snprintf(what, sizeof(what), "%s: waiters that saw the write", t->name);
  expect_ret(what, atomic_load(&saw), t->want);
  close(d[0]);
  if (!t->eventfd)
    close(d[1]);
  close(e0);
  close(stop);
  if (e1 >= 0)
    close(e1);
}

#define NEXCL 4

static int excl_ep[NEXCL], excl_saw[NEXCL];

static void *
excl_waiter(void *arg)
{
  long i = (long)arg;
  struct epoll_event ev[2];
  int n = epoll_wait(excl_ep[i], ev, 2, 10000);

  while (n-- > 0)
    excl_saw[i] |= ev[n].data.u64 == DATA;
  return 0;
}

/*
 * EPOLLEXCLUSIVE: four threads, each on an epoll of its own, all watching
 * one eventfd with EPOLLEXCLUSIVE, so queued on it in the order of the
 * ADDs. A write walks that queue: each epoll on the way gets the event,
 * and the first with a thread waiting ends the walk, that thread woken.
 * So with all four blocked Linux wakes exactly one; at least one always;
 * and fewer than four if one of the first three is blocked when the write
 * comes, which the 50 ms makes all but certain: the one check here that
 * leans on a sleep. (Only the last blocked: all four see the write.) Stop,
 * in all four epolls without EPOLLEXCLUSIVE, ends the rest; an epoll that
 * got the event still reports it then, so when stop comes does not count.
 */
static void
exclusive(void)
{
  pthread_t t[NEXCL];
  int efd = eventfd(0, 0), i, woken = 0;

  stop = eventfd(0, 0);
  for (i = 0; i < NEXCL; i++) {
    excl_ep[i] = epoll_create1(0);
    watch(excl_ep[i], efd, EPOLLIN | EPOLLEXCLUSIVE, DATA);
    watch(excl_ep[i], stop, EPOLLIN, STOP);
    pthread_create(&t[i], 0, excl_waiter, (void *)(long)i);
  }
  usleep(50000);
  write(efd, &one, sizeof(one));
  write(stop, &one, sizeof(one));
  for (i = 0; i < NEXCL; i++) {
    pthread_join(t[i], 0);
    woken += excl_saw[i];
    close(excl_ep[i]);
  }
  expect_yes("EPOLLEXCLUSIVE, 4 epolls: at least one saw the write",
             woken >= 1);
  expect_yes("EPOLLEXCLUSIVE, 4 epolls: not all four did", woken < NEXCL);
  close(efd);
  close(stop);
}

/*
 * An item belongs to the open file, not the fd: closing one fd of a file
 * that a dup keeps open leaves the item (and its tag) in place, and a
 * write through the dup wakes the waiter; closing the last fd removes it,
 * so a new file on the old number is not watched. Neither depends on
 * whether the waiter blocked before the close.
 */
static void
close_under_waiter(void)
{
  int ep = epoll_create1(0), efd = eventfd(0, 0), dup_fd = dup(efd);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 9 };
  struct waiter w;
  uint64_t v;

  watch(ep, efd, EPOLLIN, 7);
  start_waiter(&w, ep, 10000);
  close(efd);
  write(dup_fd, &one, sizeof(one));
  expect_waiter("fd closed, its dup written: the blocked waiter got", &w,
                "1, events 0x1, data 7");
  read(dup_fd, &v, sizeof(v));
  start_waiter(&w, ep, 200);
  close(dup_fd);
  expect_waiter("last fd closed under a blocked waiter: it got", &w, "0");
  efd = eventfd(1, 0);
  expect_ret("a new eventfd on the old number: EPOLL_CTL_ADD",
             sysret(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev)), 0);
  expect_ret("a new eventfd on the old number: ready items",
             epoll_wait(ep, &ev, 1, 0), 1);
  close(efd);
  close(ep);
}

/*
 * epoll_ctl from one thread wakes another blocked in epoll_wait when it
 * makes a ready fd's item ready: ADD, or MOD from no events to EPOLLIN.
 * Had the waiter come late, it would find the item ready all the same.
 */
static void
ctl_wakes_waiter(void)
{
  int ep = epoll_create1(0), efd = eventfd(1, 0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 5 };
  struct waiter w;

  start_waiter(&w, ep, 10000);
  usleep(50000);
  watch(ep, efd, EPOLLIN, 4);
  expect_waiter("EPOLL_CTL_ADD of a ready eventfd: the waiter got", &w,
                "1, events 0x1, data 4");
  ev.events = 0;
  epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev);
  start_waiter(&w, ep, 10000);
  usleep(50000);
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev);
  expect_waiter("EPOLL_CTL_MOD from no events to EPOLLIN: the waiter got",
                &w, "1, events 0x1, data 5");
  close(efd);
  close(ep);
}

static int pipe_r;

static void *
read_pipe(void *arg)
{
  char buf[8];

  return (void *)(long)read(pipe_r, buf, sizeof(buf));
}

// A thread blocked in read() on a pipe gets the bytes another writes, and
// 0 when the last write end is closed, as a thread in epoll_wait gets
// EPOLLHUP: the same whether it blocked before or after.
static void
pipe_across_threads(void)
{
  int p[2], ep = epoll_create1(0);
  struct waiter w;
  pthread_t t;
  void *ret;

  pipe(p);
  pipe_r = p[0];
  pthread_create(&t, 0, read_pipe, 0);
  write(p[1], "hello", 5);
  pthread_join(t, &ret);
  expect_ret("read() blocked, another thread wrote 5 bytes", (long)ret, 5);
  pthread_create(&t, 0, read_pipe, 0);
  watch(ep, p[0], EPOLLIN, 3);
  start_waiter(&w, ep, 10000);
  close(p[1]);
  pthread_join(t, &ret);
  expect_ret("read() blocked, another thread closed the write end", (long)ret,
             0);
  expect_waiter("epoll_wait blocked, the write end closed: it got", &w,
                "1, events 0x10, data 3");
  close(p[0]);
  close(ep);
}

int
main(void)
{
  unsigned i;

  setvbuf(stdout, 0, _IONBF, 0);
  for (i = 0; i < sizeof(topologies) / sizeof(topologies[0]); i++)
    run_topology(&topologies[i]);
  exclusive();
  close_under_waiter();
  ctl_wakes_waiter();
  pipe_across_threads();
  return check_done();
}
