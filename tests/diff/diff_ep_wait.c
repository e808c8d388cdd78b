/*
 * diff_ep_wait: epoll_wait's arguments and their check order, a failed
 * copy-out, maxevents, timeouts, data passed through unchanged, and
 * sleepers woken by another process or killed (epoll_wait(2),
 * linux-semantics.md sections 5.4 and 5.5, rules 12 and 13).
 */
#include "diff_epoll.h"

#include <signal.h>
#include <time.h>

#define ADD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_ADD, (fd), (ev), (data))
#define INT_LIMIT 0x7fffffff   // INT_MAX, without limits.h
#define MAX_EVENTS ((int)(INT_LIMIT / sizeof(struct epoll_event)))

// An address no process can own, so the range check fails at once.
#define KERNEL_ADDRESS ((struct epoll_event *)-4096L)

static struct epoll_event evs[4];

// epoll_wait with arguments the compiler may not judge: the C library's
// header tells it how big buf must be for maxevents.
static const char *
raw_wait(int ep, struct epoll_event *buf, int maxevents, int timeout)
{
  buf = (struct epoll_event *)opaque((unsigned long)buf);
  maxevents = (int)opaque((unsigned long)maxevents);
  return res(epoll_wait(ep, buf, maxevents, timeout));
}

CASE(ew_bad_epfd)
{
  int ep = epoll_create1(0);
  const char *a;

  close(ep);
  a = raw_wait(ep, evs, 4, 0);
  say("closed %s -1 %s", a, raw_wait(-1, evs, 4, 0));
}

CASE(ew_not_epoll)
{
  int p[2];

  pipe(p);
  say("%s", raw_wait(p[0], evs, 4, 0));
}

CASE(ew_maxevents)
{
  int ep = epoll_create1(0);
  const char *a, *b, *c;

  a = raw_wait(ep, evs, 0, 0);
  b = raw_wait(ep, evs, -1, 0);
  c = raw_wait(ep, evs, INT_LIMIT, 0);
  say("0 %s -1 %s INT_MAX %s", a, b, c);
}

CASE(ew_maxevents_limit)
{
  int ep = epoll_create1(0);
  const char *a;

  a = raw_wait(ep, evs, MAX_EVENTS + 1, 0);
  say("limit+1 %s limit %s", a, raw_wait(ep, evs, MAX_EVENTS, 0));
}

// 6.15+: the fd first, then maxevents, then the buffer, then the type.
CASE(ew_order_fd_first)
{
  const char *a;

  a = raw_wait(-1, evs, 0, 0);
  say("bad fd, maxevents 0 %s; bad fd, bad buffer %s", a,
      raw_wait(-1, KERNEL_ADDRESS, 1, 0));
}

CASE(ew_order_maxevents_before_buffer)
{
  int ep = epoll_create1(0);

  say("%s", raw_wait(ep, KERNEL_ADDRESS, 0, 0));
}

CASE(ew_order_buffer_before_type)
{
  int p[2];
  const char *a;

  pipe(p);
  a = raw_wait(p[0], KERNEL_ADDRESS, 1, 0);
  say("bad buffer %s; maxevents 0 %s", a, raw_wait(p[0], evs, 0, 0));
}

CASE(ew_efault_nothing_ready)
{
  int ep = epoll_create1(0);

  say("%s", raw_wait(ep, KERNEL_ADDRESS, 1, 0));
}

CASE(ew_null_nothing_ready)
{
  int ep = epoll_create1(0);

  say("%s", raw_wait(ep, NULL, 1, 0));
}

// A failed copy-out puts the event back.
CASE(ew_null_ready)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 7);
  a = raw_wait(ep, NULL, 1, 0);
  say("%s, then %s", a, ewait(ep, 4, 0));
}

CASE(ew_empty_timeout0)
{
  int ep = epoll_create1(0);

  say("%s", ewait(ep, 4, 0));
}

CASE(ew_timeout_expires)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  say("%s", ewait(ep, 4, 30));
}

CASE(ew_maxevents_caps)
{
  int ep = epoll_create1(0), p[2], i;
  const char *a, *b;

  for (i = 0; i < 5; i++) {
    pipe(p);
    write(p[1], "x", 1);
    ADD(ep, p[0], EPOLLIN | EPOLLET, i);
  }
  a = ewait(ep, 3, 0);
  b = ewait(ep, 3, 0);
  say("%s; %s; %s", a, b, ewait(ep, 3, 0));
}

CASE(ew_data_passes_through)
{
  int ep = epoll_create1(0), p[2];
  struct epoll_event ev;
  const char *a;
  int n;

  pipe(p);
  write(p[1], "x", 1);
  a = res(ADD(ep, p[0], EPOLLIN, 0xfedcba9876543210ULL));
  n = epoll_wait(ep, &ev, 1, 0);
  say("add %s wait %d data 0x%llx", a, n, (unsigned long long)ev.data.u64);
}

CASE(ew_data_fd)
{
  int ep = epoll_create1(0), p[2];
  struct epoll_event ev = { .events = EPOLLIN };
  int n;

  pipe(p);
  write(p[1], "x", 1);
  ev.data.fd = p[0];
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  memset(&ev, 0, sizeof(ev));
  n = epoll_wait(ep, &ev, 1, 0);
  say("%d %s fd matches %s", n, masks(ev.events),
      ev.data.fd == p[0] ? "yes" : "no");
}

CASE(ew_buffer_untouched_beyond)
{
  int ep = epoll_create1(0), p[2];
  struct epoll_event ev[3];
  int n;

  memset(ev, 0x5a, sizeof(ev));
  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN, 1);
  n = epoll_wait(ep, ev, 3, 0);
  say("%d, second entry untouched %s", n,
      ev[1].events == 0x5a5a5a5a ? "yes" : "no");
}

CASE(ew_blocked_write)
{
  int ep = epoll_create1(0), p[2], go[2];
  char c;
  const char *a;

  pipe(p);
  pipe(go);
  ADD(ep, p[0], EPOLLIN, 7);
  if (fork() == 0) {
    read(go[0], &c, 1);
    write(p[1], "x", 1);
    _exit(0);
  }
  write(go[1], "g", 1);
  a = ewait(ep, 4, 5000);
  say("%s child %s", a, reap());
}

CASE(ew_blocked_hup)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  if (fork() == 0)
    _exit(0);
  close(p[1]);
  a = ewait(ep, 4, 5000);
  say("%s child %s", a, reap());
}

// LTP epoll_wait12: a full pipe, the last reader goes: ERR.
CASE(ew_blocked_err)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  fill(p[1]);
  ADD(ep, p[1], EPOLLOUT, 7);
  if (fork() == 0)
    _exit(0);
  close(p[0]);
  a = ewait(ep, 4, 5000);
  say("%s child %s", a, reap());
}

CASE(ew_kill_blocked)
{
  int ep = epoll_create1(0), ready[2], pid;
  char c;

  pipe(ready);
  pid = fork();
  if (pid == 0) {
    write(ready[1], "r", 1);
    epoll_wait(ep, evs, 4, 10000);
    _exit(0);
  }
  read(ready[0], &c, 1);
  kill(pid, SIGKILL);
  say("child %s", reap());
}

/*
 * A waiter killed in epoll_wait leaves an edge-triggered or ONESHOT
 * event for the next caller: Linux's ep_send_events() returns at once
 * when a fatal signal is pending, so the dying waiter harvests nothing.
 *
 *   child: ready --> epoll_wait(ep, 10 s) ............ killed, reaped
 *   case:  read ready, nap, start spinners, kill child, write p, reap,
 *          epoll_wait(ep, 0): the event must still be there
 *
 * The nap lets the child block in epoll_wait; if it has not yet, the
 * round still checks that a killed caller harvests nothing, only not
 * through the wakeup. The spinners fill the other CPUs, so the woken
 * child runs only after the write: the order in which a kernel that
 * harvests for a killed caller loses the event.
 */
#define KILL_ROUNDS 4
#define SPINNERS 3

static void
nap_ms(long ms)
{
  struct timespec ts = { 0, ms * 1000000 };

  nanosleep(&ts, 0);
}

// Forks SPINNERS children that spin until killed; returns once all run.
static void
spin_start(int *pids)
{
  int ready[2], i;
  char c;

  pipe(ready);
  for (i = 0; i < SPINNERS; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      volatile long n = 0;
      write(ready[1], "s", 1);
      for (;;)
        n++;
    }
  }
  for (i = 0; i < SPINNERS; i++)
    read(ready[0], &c, 1);
  close(ready[0]);
  close(ready[1]);
}

static void
spin_stop(int *pids)
{
  int i;

  for (i = 0; i < SPINNERS; i++)
    kill(pids[i], SIGKILL);
  for (i = 0; i < SPINNERS; i++)
    wait(0);
}

// KILL_ROUNDS rounds as drawn above: "kept 4 of 4, first 1 IN:0".
static const char *
killed_waiter(unsigned int events)
{
  int ep = epoll_create1(0), ready[2], p[2], spin[SPINNERS], i, pid;
  int kept = 0;
  const char *first = "", *got;
  char *s = diff_buf();
  char c;

  pipe(ready);
  for (i = 0; i < KILL_ROUNDS; i++) {
    pipe(p);
    ADD(ep, p[0], events, i);
    pid = fork();
    if (pid == 0) {
      write(ready[1], "r", 1);
      epoll_wait(ep, evs, 4, 10000);
      _exit(0);
    }
    read(ready[0], &c, 1);
    nap_ms(20);
    spin_start(spin);
    kill(pid, SIGKILL);
    write(p[1], "x", 1);
    wait(0);                  // the child: the spinners still run
    spin_stop(spin);
    got = ewait(ep, 4, 0);
    if (i == 0)
      first = got;
    if (strncmp(got, "1 IN:", 5) == 0)
      kept++;
    close(p[0]);
    close(p[1]);
  }
  snprintf(s, DIFF_BUFSZ, "kept %d of %d, first %s", kept, KILL_ROUNDS,
           first);
  return s;
}

CASE(ew_killed_keeps_et)
{
  say("%s", killed_waiter(EPOLLIN | EPOLLET));
}

CASE(ew_killed_keeps_oneshot)
{
  say("%s", killed_waiter(EPOLLIN | EPOLLONESHOT));
}

int
main(void)
{
  diff_begin("diff_ep_wait");
  RUN(ew_bad_epfd);
  RUN(ew_not_epoll);
  RUN(ew_maxevents);
  RUN_NATIVE(ew_maxevents_limit);    // qemu-user: EFAULT first
  RUN_NATIVE(ew_order_fd_first);     // qemu-user: EINVAL, EFAULT first
  RUN(ew_order_maxevents_before_buffer);
  RUN(ew_order_buffer_before_type);
  RUN(ew_efault_nothing_ready);
  RUN_NATIVE(ew_null_nothing_ready); // qemu-user: EFAULT
  RUN(ew_null_ready);
  RUN(ew_empty_timeout0);
  RUN(ew_timeout_expires);
  RUN(ew_maxevents_caps);
  RUN(ew_data_passes_through);
  RUN(ew_data_fd);
  RUN(ew_buffer_untouched_beyond);
  RUN(ew_blocked_write);
  RUN(ew_blocked_hup);
  RUN(ew_blocked_err);
  RUN(ew_kill_blocked);
  RUN(ew_killed_keeps_et);
  RUN(ew_killed_keeps_oneshot);
  return diff_end("diff_ep_wait");
}
