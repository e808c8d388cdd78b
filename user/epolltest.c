/*
 * epolltest: epoll(7), case by case against linux-semantics.md (sections
 * 0, 5 and 7: Linux 6.18). The same source builds for nudge and for
 * Linux; on Linux every case passes.
 *
 *   epolltest [-q] [-v] [-l] [NAME...]   (harness.h)
 *
 * Most cases write to a pipe or an eventfd, then harvest with
 * epoll_wait(..., 0) and compare what came back, in order, with a string
 * of "data:MASK" pairs: "2:IN 0:IN|HUP", or "" for nothing. Cases with
 * several processes draw them, as Linux's epoll_wakeup_test.c does:
 * tN are waiting processes, eN epoll instances, sN pipes; (ew) waits in
 * epoll_wait, (p) polls the epoll fd first; edges say lt or et.
 */
#include <limits.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include "harness.h"

#define WAITER_MS   1000      // how long a counted waiter waits
#define WOKEN       20        // exit codes of a counted waiter
#define NOT_WOKEN   21
#define LATE        22        // ... that got its event only at its timeout

static const char *const opnames[] = { "0", "ADD", "DEL", "MOD" };

/* ---- helpers ------------------------------------------------------------- */

static int
ep_new(void)
{
  return TRY(epoll_create1(0));
}

// epoll_ctl with an event made of events and data.
static int
ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
  struct epoll_event ev;

  memset(&ev, 0, sizeof ev);
  ev.events = events;
  ev.data.u64 = data;
  return epoll_ctl(ep, op, fd, &ev);
}

static void
ctl_at(const char *file, int line, int ep, int op, int fd, uint32_t events,
       uint64_t data)
{
  char m[100];
  int r = ctl(ep, op, fd, events, data), err = errno;

  if (r != 0)
    fail(file, line, "epoll_ctl(%d, %s, %d, %s), expected 0, got %s", ep,
         op >= 0 && op <= 3 ? opnames[op] : "?", fd,
         masknames(m, sizeof m, events), show(r, err));
}

#define ADD(ep, fd, events, data) \
  ctl_at(__FILE__, __LINE__, (ep), EPOLL_CTL_ADD, (fd), (events), (data))
#define MOD(ep, fd, events, data) \
  ctl_at(__FILE__, __LINE__, (ep), EPOLL_CTL_MOD, (fd), (events), (data))
#define DEL(ep, fd) \
  ctl_at(__FILE__, __LINE__, (ep), EPOLL_CTL_DEL, (fd), 0, 0)

// Events as a string: "data:MASK data:MASK".
static char *
evstr(char *out, int size, const struct epoll_event *ev, int n)
{
  char m[100];
  int i, len = 0;

  out[0] = 0;
  for (i = 0; i < n; i++) {
    uint64_t d = ev[i].data.u64;
    uint32_t e = ev[i].events;
    len += snprintf(out + len, size - len, "%s%llu:%s", i ? " " : "",
                    (unsigned long long)d, masknames(m, sizeof m, e));
  }
  return out;
}

// epoll_wait(ep, max, ms) must return exactly the events want lists, in
// order. Returns the count.
static int
expect_wait_at(const char *file, int line, int ep, int max, int ms,
               const char *want)
{
  static char got[600];
  struct epoll_event ev[32];
  int n, err;

  if (max > NELEM(ev))
    fail(file, line, "expect_wait: max %d too large", max);
  n = epoll_wait(ep, ev, max, ms);
  err = errno;
  if (n < 0)
    snprintf(got, sizeof got, "-1 (%s)", errname(err));
  else
    evstr(got, sizeof got, ev, n);
  if (strcmp(got, want) != 0)
    fail(file, line, "epoll_wait(%d, %d, %d), expected \"%s\", got \"%s\"", ep,
         max, ms, want, got);
  return n;
}

#define EXPECT_WAIT(ep, max, ms, want) \
  expect_wait_at(__FILE__, __LINE__, (ep), (max), (ms), (want))
// What one epoll_wait(ep, 8, 0) harvests now.
#define EXPECT_READY(ep, want) EXPECT_WAIT((ep), 8, 0, (want))

static void
put(int efd, uint64_t v)
{
  EXPECT(write(efd, &v, sizeof v), 8);
}

static uint64_t
take(int efd)
{
  uint64_t v = 0;

  EXPECT(read(efd, &v, sizeof v), 8);
  return v;
}

// One poll pass over the fd: its revents for events.
static unsigned int
pollmask(int fd, int events)
{
  struct pollfd p;

  p.fd = fd;
  p.events = events;
  p.revents = 0;
  if (poll(&p, 1, 0) < 0)
    FAIL("poll(%d), expected >= 0, got %s", fd, show(-1, errno));
  return (unsigned short)p.revents;
}

/*
 * A counted waiter: says it is ready through the pipe, waits on ep for
 * up to WAITER_MS, in epoll_wait (by_poll 0) or in poll() on ep and then
 * epoll_wait(ep, max, 0) (by_poll 1), as the selftests' waiter_entry*
 * functions do, and exits WOKEN if it got an event before its timeout.
 * One that got it only at its timeout (a wait ends with a last look at
 * the ready list, on Linux too) was not woken: LATE.
 */
static void
waiter(int ep, int by_poll, int max, int ready)
{
  struct epoll_event ev[4];
  struct pollfd p;
  long start;
  int n;

  post(ready);
  start = now_us();
  if (by_poll) {
    p.fd = ep;
    p.events = POLLIN;
    n = poll(&p, 1, WAITER_MS);
    if (n == 1)
      n = epoll_wait(ep, ev, max, 0);
  } else {
    n = epoll_wait(ep, ev, max, WAITER_MS);
  }
  if (n < 0)
    FAIL("waiter: wait on %d, expected >= 0, got %s", ep, show(n, errno));
  if (n > 0 && now_us() - start >= WAITER_MS * 1000L)
    _exit(LATE);
  _exit(n > 0 ? WOKEN : NOT_WOKEN);
}

// Forks waiter i on eps[i] (by_poll[i] as in waiter()), and returns once
// all of them are about to block.
static void
start_waiters(int *pids, int n, const int *eps, const int *by_poll, int max)
{
  int ready[2], i;

  mkpipe(ready, 0);
  for (i = 0; i < n; i++) {
    pids[i] = kid_fork();
    if (pids[i] == 0) {
      TRY(close(ready[0]));
      waiter(eps[i], by_poll ? by_poll[i] : 0, max, ready[1]);
    }
  }
  TRY(close(ready[1]));
  for (i = 0; i < n; i++)
    AWAIT_POST(ready[0]);
  TRY(close(ready[0]));
  settle();
}

// Reaps the n waiters; returns how many got an event, and in *first the
// lowest index that did (or -1).
static int
count_woken(const int *pids, int n, int *first)
{
  int i, st, count = 0;

  *first = -1;
  for (i = 0; i < n; i++) {
    st = kid_wait(pids[i], WAITER_MS + KID_MS);
    if (st == (WOKEN << 8)) {
      count++;
      if (*first < 0)
        *first = i;
    } else if (st == (LATE << 8)) {
      note("waiter %d got its event only at its timeout", i);
    } else if (st != (NOT_WOKEN << 8)) {
      EXPECT_EXIT(st, WOKEN);
    }
  }
  note("%d of %d waiters woken", count, n);
  return count;
}

/* ---- epoll_create, epoll_ctl and epoll_wait arguments -------------------- */

// linux-semantics.md 5.1: epoll_create(size) needs size > 0;
// epoll_create1 takes only EPOLL_CLOEXEC (O_NONBLOCK is EINVAL).
static void
create(void)
{
  int ep;

  EXPECT_ERR(epoll_create(0), EINVAL);
  EXPECT_ERR(epoll_create(-1), EINVAL);
  TRY(close(TRY(epoll_create(1))));
  TRY(close(TRY(epoll_create(INT_MAX))));
  EXPECT_ERR(epoll_create1(O_NONBLOCK), EINVAL);
  EXPECT_ERR(epoll_create1(1), EINVAL);
  EXPECT_ERR(epoll_create1(-1), EINVAL);

  ep = TRY(epoll_create1(0));
  EXPECT(fcntl(ep, F_GETFD), 0);
  EXPECT(fcntl(ep, F_GETFL), O_RDWR);
  ep = TRY(epoll_create1(EPOLL_CLOEXEC));
  EXPECT(fcntl(ep, F_GETFD), FD_CLOEXEC);
}

// linux-semantics.md 5.1: an epoll fd has no read or write: EINVAL.
static void
epfd_not_rw(void)
{
  char buf[16];
  int ep = ep_new();

  EXPECT_ERR(read(ep, buf, sizeof buf), EINVAL);
  EXPECT_ERR(write(ep, buf, sizeof buf), EINVAL);
}

// linux-semantics.md 5.2: EBADF for a closed or negative epfd or fd,
// whatever the op.
static void
ctl_ebadf(void)
{
  int ep = ep_new(), p[2], bad;

  mkpipe(p, 0);
  bad = closed_fd();
  EXPECT_ERR(ctl(bad, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(-1, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, bad, EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, -1, EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, bad, EPOLLIN, 0), EBADF);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, bad, 0), EBADF);
}

// linux-semantics.md 5.2 step 1: ADD and MOD copy the event in first
// (EFAULT); DEL ignores it, so NULL is fine there.
static void
ctl_efault(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], hide(0)), EFAULT);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], KERNEL_ADDR), EFAULT);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], hide(0)), EFAULT);
  EXPECT(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], hide(0)), 0);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], KERNEL_ADDR), 0);
}

// linux-semantics.md 5.2 step 4, LTP epoll_ctl02/06: a file without a
// poll hook (a directory) is EPERM, for every op.
static void
ctl_eperm(void)
{
  int ep = ep_new(), dir = TRY(open(".", O_RDONLY));

  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN, 0), EPERM);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, dir, EPOLLIN, 0), EPERM);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_DEL, dir, EPOLLIN, 0), EPERM);
}

// linux-semantics.md 5.2 steps 6, 9: EINVAL when epfd is not an epoll,
// when fd is epfd itself (or a dup of it), and for an unknown op, even
// on a registered fd.
static void
ctl_einval(void)
{
  int ep = ep_new(), p[2], d;

  mkpipe(p, 0);
  d = TRY(dup(ep));
  EXPECT_ERR(ctl(p[0], EPOLL_CTL_ADD, p[1], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(d, EPOLL_CTL_ADD, ep, EPOLLIN, 0), EINVAL);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT_ERR(ctl(ep, 0, p[0], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, 4, p[0], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, -1, p[0], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, 99, p[1], EPOLLIN, 0), EINVAL);
}

// linux-semantics.md 5.2 step 9: ADD twice is EEXIST; MOD or DEL of an
// unregistered fd is ENOENT.
static void
ctl_eexist_enoent(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 0), ENOENT);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0), ENOENT);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLOUT, 0), EEXIST);
  MOD(ep, p[0], EPOLLIN | EPOLLET, 1);
  DEL(ep, p[0]);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0), ENOENT);
  ADD(ep, p[0], EPOLLIN, 0);
}

// linux-semantics.md rule 8, 5.2 "Observed precedence": epoll_ctl's
// checks come in a fixed order: copy-in (not for DEL), epfd, fd, poll
// hook, same file / not an epoll, EXCLUSIVE misuse, loops, lookup.
static void
ctl_order(void)
{
  int ep = ep_new(), e1 = ep_new(), e2 = ep_new(), p[2], dir, bad;

  mkpipe(p, 0);
  dir = TRY(open(".", O_RDONLY));
  bad = closed_fd();
  EXPECT_ERR(epoll_ctl(-1, EPOLL_CTL_ADD, -1, KERNEL_ADDR), EFAULT);
  EXPECT_ERR(epoll_ctl(-1, 99, -1, KERNEL_ADDR), EFAULT);
  EXPECT_ERR(epoll_ctl(-1, EPOLL_CTL_DEL, -1, KERNEL_ADDR), EBADF);
  EXPECT_ERR(ctl(bad, EPOLL_CTL_ADD, dir, EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(p[0], EPOLL_CTL_ADD, bad, EPOLLIN, 0), EBADF);
  EXPECT_ERR(ctl(p[0], EPOLL_CTL_ADD, dir, EPOLLIN, 0), EPERM);
  EXPECT_ERR(ctl(ep, 99, dir, EPOLLIN, 0), EPERM);
  EXPECT_ERR(ctl(p[0], EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(p[0], 99, p[1], EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0),
             EINVAL);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, p[0],
                 EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0),
             EEXIST);
  ADD(e1, e2, EPOLLIN, 0);
  EXPECT_ERR(ctl(e2, EPOLL_CTL_ADD, e1, EPOLLIN, 0), ELOOP);
  EXPECT_ERR(ctl(e1, EPOLL_CTL_ADD, e2, EPOLLIN, 0), EEXIST);
}

// linux-semantics.md rule 9: EXCLUSIVE only with ADD, only with IN, OUT,
// ERR, HUP, ET (and WAKEUP), never on an epoll target; an item added
// with it cannot be modified.
static void
exclusive_args(void)
{
  static const uint32_t bad[] = { EPOLLONESHOT, EPOLLRDHUP, EPOLLPRI,
                                  EPOLLRDNORM, EPOLLWRNORM, EPOLLMSG };
  int ep = ep_new(), e2 = ep_new(), efd = TRY(eventfd(0, 0)), i;

  ADD(ep, efd, EPOLLIN | EPOLLEXCLUSIVE, 0);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, efd, EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_MOD, efd, EPOLLIN | EPOLLEXCLUSIVE, 0),
             EINVAL);
  DEL(ep, efd);
  ADD(ep, efd, EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLET |
      EPOLLEXCLUSIVE, 0);
  DEL(ep, efd);
  ADD(ep, efd, EPOLLEXCLUSIVE, 0);
  DEL(ep, efd);
  ADD(ep, efd, EPOLLIN | EPOLLWAKEUP | EPOLLEXCLUSIVE, 0);
  DEL(ep, efd);
  for (i = 0; i < NELEM(bad); i++) {
    if (ctl(ep, EPOLL_CTL_ADD, efd, EPOLLIN | EPOLLEXCLUSIVE | bad[i], 0) !=
        -1 || errno != EINVAL)
      FAIL("epoll_ctl(ADD, IN|EXCLUSIVE|0x%x), expected -1 (EINVAL)", bad[i]);
  }
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, e2, EPOLLIN | EPOLLEXCLUSIVE, 0), EINVAL);
  ADD(ep, e2, EPOLLIN, 0);
}

// linux-semantics.md 5.4 [V 6.15]: epoll_wait checks epfd (EBADF), then
// maxevents (EINVAL), then the buffer (EFAULT), then that epfd is an
// epoll (EINVAL).
static void
wait_errors(void)
{
  struct epoll_event ev[2];
  int ep = ep_new(), p[2], bad;

  mkpipe(p, 0);
  bad = closed_fd();
  EXPECT_ERR(epoll_wait(-1, ev, 1, 0), EBADF);
  EXPECT_ERR(epoll_wait(bad, ev, 1, 0), EBADF);
  EXPECT_ERR(epoll_wait(bad, ev, 0, 0), EBADF);
  EXPECT_ERR(epoll_wait(bad, KERNEL_ADDR, 1, 0), EBADF);
  EXPECT_ERR(epoll_wait(p[0], ev, 1, 0), EINVAL);
  EXPECT_ERR(epoll_wait(p[0], ev, 0, 0), EINVAL);
  EXPECT_ERR(epoll_wait(p[0], KERNEL_ADDR, 1, 0), EFAULT);
  EXPECT_ERR(epoll_wait(ep, ev, 0, 0), EINVAL);
  EXPECT_ERR(epoll_wait(ep, ev, hide_int(-1), 0), EINVAL);
  EXPECT_ERR(epoll_wait(ep, ev, hide_int(INT_MIN), 0), EINVAL);
  EXPECT_ERR(epoll_wait(ep, ev, 0, 1000), EINVAL);
}

// linux-semantics.md rule 12, section 1: maxevents may be at most
// INT_MAX / sizeof(struct epoll_event) (16 bytes on riscv64, 12 on
// x86-64). Only the buffer's range is checked, so a small buffer with a
// huge maxevents is fine while few events are ready.
static void
wait_maxevents(void)
{
  static struct epoll_event ev[4];
  int bound = hide_int(INT_MAX / (int)sizeof(struct epoll_event));
  int ep = ep_new(), p[2];

  note("sizeof(struct epoll_event) %d, bound %d",
       (int)sizeof(struct epoll_event), bound);
  mkpipe(p, 0);
  EXPECT_ERR(epoll_wait(ep, ev, bound + 1, 0), EINVAL);
  EXPECT_ERR(epoll_wait(ep, ev, hide_int(INT_MAX), 0), EINVAL);
  EXPECT(epoll_wait(ep, ev, bound, 0), 0);
  ADD(ep, p[1], EPOLLOUT, 3);
  EXPECT(epoll_wait(ep, ev, bound, 0), 1);
  EXPECT(ev[0].data.u64, 3);
}

// linux-semantics.md rule 12: a buffer outside the user range is EFAULT
// at once, even when nothing is ready and the timeout is long; NULL is
// inside the range, so with nothing to copy it just returns 0.
static void
wait_efault(void)
{
  int ep = ep_new(), p[2];
  long t;

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 0);
  EXPECT_ERR(epoll_wait(ep, KERNEL_ADDR, 1, 0), EFAULT);
  t = now_us();
  EXPECT_ERR(epoll_wait(ep, KERNEL_ADDR, 1, 1000), EFAULT);
  EXPECT_TOOK("epoll_wait(bad buffer, 1000)", now_us() - t, 0, 500);
  EXPECT(epoll_wait(ep, hide(0), 1, 0), 0);
}

// linux-semantics.md 5.4: when the copy-out fails the item is put back
// (even an ET one), so the event is not lost.
static void
efault_keeps_event(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_ERR(epoll_wait(ep, hide(0), 1, 0), EFAULT);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
}

/* ---- level and edge ------------------------------------------------------ */

// linux-semantics.md rule 3: an LT item is reported while the pipe has
// data, on every call.
static void
lt_pipe(void)
{
  char c;
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "1:IN");
  EXPECT(read(p[0], &c, 1), 1);
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 3 (pipe_write: "Epoll nonsensically wants a
// wakeup"): an ET item reports each write once, and again on every
// further write even while data is still buffered.
static void
et_pipe(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "y", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "z", 1), 1);
  EXPECT(write(p[1], "z", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
}

// LTP epoll_wait06, epoll(7): with ET, reading half the data brings no
// new event although the pipe is still readable.
static void
et_half_read(void)
{
  char buf[5];
  int ep = ep_new(), p[2];

  mkpipe(p, 1);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "0123456789", 10), 10);
  EXPECT_READY(ep, "1:IN");
  EXPECT(read(p[0], buf, 5), 5);
  EXPECT_READY(ep, "");
  EXPECT_MASK(pollmask(p[0], POLLIN), POLLIN);
}

// linux-semantics.md rule 3, 2.4: an LT eventfd item is reported while
// the count is non-zero.
static void
lt_eventfd(void)
{
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK));

  ADD(ep, efd, EPOLLIN, 7);
  EXPECT_READY(ep, "");
  put(efd, 1);
  EXPECT_READY(ep, "7:IN");
  EXPECT_READY(ep, "7:IN");
  EXPECT(take(efd), 1);
  EXPECT_READY(ep, "");
}

// linux-semantics.md rules 3, 19: an ET eventfd item fires on every
// write, a write of 0 included, as long as the count is non-zero; a
// write of 0 to a zero count wakes, but the re-poll finds nothing.
static void
et_eventfd(void)
{
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK));

  ADD(ep, efd, EPOLLIN | EPOLLET, 7);
  put(efd, 1);
  EXPECT_READY(ep, "7:IN");
  EXPECT_READY(ep, "");
  put(efd, 1);
  EXPECT_READY(ep, "7:IN");
  put(efd, 0);
  EXPECT_READY(ep, "7:IN");
  EXPECT_READY(ep, "");
  EXPECT(take(efd), 2);
  put(efd, 0);
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 4: every successful eventfd read wakes with
// OUT, so an ET OUT item fires after each read, and not after a write
// (whose key is IN) or a failed read.
static void
et_eventfd_out(void)
{
  uint64_t v;
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK));

  ADD(ep, efd, EPOLLOUT | EPOLLET, 7);
  EXPECT_READY(ep, "7:OUT");
  EXPECT_READY(ep, "");
  put(efd, 1);
  EXPECT_READY(ep, "");
  EXPECT(take(efd), 1);
  EXPECT_READY(ep, "7:OUT");
  EXPECT_READY(ep, "");
  EXPECT_ERR(read(efd, &v, 8), EAGAIN);
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 4: a pipe read wakes writers only if the pipe
// was full, so an ET OUT item on the write end fires after room is made
// in a full pipe, and not after a write or a read of a pipe not full.
static void
et_pipe_out(void)
{
  char c;
  int ep = ep_new(), p[2];

  mkpipe(p, 1);
  ADD(ep, p[1], EPOLLOUT | EPOLLET, 2);
  EXPECT_READY(ep, "2:OUT");
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "");
  EXPECT(read(p[0], &c, 1), 1);
  EXPECT_READY(ep, "");
  fill_pipe(p[1]);
  EXPECT_READY(ep, "");
  CHECK(drain_pipe(p[0]) > 0);
  EXPECT_READY(ep, "2:OUT");
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 1: an LT OUT item is dropped while the pipe is
// full and reported again once it is drained.
static void
lt_pipe_out(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 1);
  ADD(ep, p[1], EPOLLOUT, 2);
  EXPECT_READY(ep, "2:OUT");
  fill_pipe(p[1]);
  EXPECT_READY(ep, "");
  CHECK(drain_pipe(p[0]) > 0);
  EXPECT_READY(ep, "2:OUT");
  EXPECT_READY(ep, "2:OUT");
}

// LTP epoll_wait07, linux-semantics.md rules 5, 6: a ONESHOT item
// reports once, then stays registered but silent (two writes, one
// event); MOD re-arms it, and a still-ready item reports at once
// without new data.
static void
oneshot(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT(write(p[1], "y", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
  EXPECT(write(p[1], "z", 1), 1);
  EXPECT_READY(ep, "");
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 0), EEXIST);
  MOD(ep, p[0], EPOLLIN | EPOLLONESHOT, 2);
  EXPECT_READY(ep, "2:IN");
  EXPECT_READY(ep, "");
  DEL(ep, p[0]);
}

// linux-semantics.md rule 5: a fired ONESHOT item is silent even for
// HUP; re-armed, it reports IN|HUP.
static void
oneshot_silences_hup(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  TRY(close(p[1]));
  EXPECT_READY(ep, "");
  MOD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  EXPECT_READY(ep, "1:IN|HUP");
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 6: MOD polls at once, so it re-arms a
// still-ready ET item without new data.
static void
mod_rearms_et(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_READY(ep, "");
  MOD(ep, p[0], EPOLLIN | EPOLLET, 2);
  EXPECT_READY(ep, "2:IN");
  EXPECT_READY(ep, "");
}

// selftest epoll59 (bug 205933), rule 6: a thousand rounds of MOD
// re-arming an ET item on a readable eventfd: every round reports.
static void
et_rearm_loop(void)
{
  int ep = ep_new(), efd = TRY(eventfd(1, EFD_NONBLOCK)), i;

  ADD(ep, efd, EPOLLIN | EPOLLERR | EPOLLET, 0);
  for (i = 0; i < 1000; i++) {
    EXPECT_WAIT(ep, 1, 1000, "0:IN");
    MOD(ep, efd, EPOLLIN | EPOLLERR | EPOLLET, 0);
  }
  EXPECT_READY(ep, "0:IN");
  EXPECT_READY(ep, "");
}

/* ---- masks --------------------------------------------------------------- */

// linux-semantics.md rule 2, 3.2: ERR and HUP are implicit: an item
// registered with events 0 reports HUP when the writers are gone and
// ERR when the readers are; nothing else.
static void
implicit_err_hup(void)
{
  int ep = ep_new(), p[2], q[2];

  mkpipe(p, 0);
  mkpipe(q, 0);
  ADD(ep, p[0], 0, 1);
  ADD(ep, q[1], 0, 2);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "");
  TRY(close(p[1]));
  EXPECT_READY(ep, "1:HUP");
  EXPECT_READY(ep, "1:HUP");
  TRY(close(q[0]));
  EXPECT_READY(ep, "1:HUP 2:ERR");
}

// linux-semantics.md 3.1: with data left and no writers, IN|HUP; a
// writer's end without readers gives OUT|ERR.
static void
hup_with_data(void)
{
  int ep = ep_new(), p[2], q[2];

  mkpipe(p, 1);
  mkpipe(q, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  ADD(ep, q[1], EPOLLOUT, 2);
  EXPECT_READY(ep, "2:OUT");
  EXPECT(write(p[1], "x", 1), 1);
  TRY(close(p[1]));
  TRY(close(q[0]));
  EXPECT_READY(ep, "2:OUT|ERR 1:IN|HUP");
  drain_pipe(p[0]);
  EXPECT_READY(ep, "2:OUT|ERR 1:HUP");
}

// linux-semantics.md rule 17, LTP epoll_wait05: a pipe never reports
// RDHUP or PRI, even when asked for; a closed writer is HUP.
static void
no_rdhup_for_pipes(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 1);
  ADD(ep, p[0], EPOLLIN | EPOLLRDHUP | EPOLLPRI, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  TRY(close(p[1]));
  EXPECT_READY(ep, "1:IN|HUP");
  drain_pipe(p[0]);
  EXPECT_READY(ep, "1:HUP");
}

// linux-semantics.md section 1: unknown bits are accepted, and neither
// they nor the private bits (ET, ONESHOT, WAKEUP) are ever returned:
// events are the file's mask & the item's.
static void
private_bits_hidden(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | 0x4000 | 0x800000 | EPOLLET, 1);
  ADD(ep, p[1], EPOLLOUT | EPOLLWAKEUP | EPOLLONESHOT, 2);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "2:OUT 1:IN");
}

// epoll_ctl(2), LTP epoll_wait01: data comes back exactly as registered,
// all 64 bits, and as the fd when it was set through data.fd.
static void
data_u64(void)
{
  static const uint64_t vals[] = {
    0, 0xffffffffffffffffULL, 0x0123456789abcdefULL, 0x8000000000000000ULL,
  };
  struct epoll_event ev, out[4];
  int ep = ep_new(), p[4][2], i;

  for (i = 0; i < NELEM(vals); i++) {
    mkpipe(p[i], 0);
    ADD(ep, p[i][1], EPOLLOUT, vals[i]);
  }
  EXPECT(epoll_wait(ep, out, 4, 0), 4);
  for (i = 0; i < NELEM(vals); i++) {
    EXPECT_U64(out[i].data.u64, vals[i]);
    EXPECT_MASK(out[i].events, EPOLLOUT);
  }
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLOUT;
  ev.data.fd = p[0][1];
  EXPECT(epoll_ctl(ep, EPOLL_CTL_MOD, p[0][1], &ev), 0);
  EXPECT(epoll_wait(ep, out, 1, 0), 1);
  EXPECT(out[0].data.fd, p[0][1]);
}

/* ---- the ready list ------------------------------------------------------ */

// linux-semantics.md rule 6: ADD polls at once, so a file that is
// already ready is reported without a new event, in ET mode too.
static void
add_ready_queues(void)
{
  int ep = ep_new(), p[2], q[2];

  mkpipe(p, 0);
  mkpipe(q, 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT(write(q[1], "x", 1), 1);
  ADD(ep, p[0], EPOLLIN, 1);
  ADD(ep, q[0], EPOLLIN | EPOLLET, 2);
  EXPECT_READY(ep, "1:IN 2:IN");
  EXPECT_READY(ep, "1:IN");
}

// linux-semantics.md 5.3: DEL of a queued item loses its pending event;
// a new ADD polls again and queues it.
static void
del_drops_pending(void)
{
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "x", 1), 1);
  DEL(ep, p[0]);
  EXPECT_READY(ep, "");
  ADD(ep, p[0], EPOLLIN | EPOLLET, 2);
  EXPECT_READY(ep, "2:IN");
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 1: items are re-polled at harvest; a queued
// item whose data is gone is silently dropped, LT or ET.
static void
repoll_drops(void)
{
  char c;
  int ep = ep_new(), a[2], b[2], e[2];

  mkpipe(a, 0);
  mkpipe(b, 0);
  mkpipe(e, 0);
  ADD(ep, a[0], EPOLLIN, 0);
  ADD(ep, b[0], EPOLLIN, 1);
  ADD(ep, e[0], EPOLLIN | EPOLLET, 2);
  EXPECT(write(a[1], "x", 1), 1);
  EXPECT(write(b[1], "x", 1), 1);
  EXPECT(write(e[1], "x", 1), 1);
  EXPECT(read(a[0], &c, 1), 1);
  EXPECT(read(e[0], &c, 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT(read(b[0], &c, 1), 1);
  EXPECT_READY(ep, "");
}

// Three LT pipes, registered as data 0, 1, 2, on a new epoll.
static int
three_pipes(int p[3][2])
{
  int ep = ep_new(), i;

  for (i = 0; i < 3; i++) {
    mkpipe(p[i], 1);
    ADD(ep, p[i][0], EPOLLIN, i);
  }
  return ep;
}

// linux-semantics.md rule 11, 5.5: items come out in the order they
// became ready, and a second event does not move a queued item: writes
// to 2, 0, 1 give 2, 0, 1; writes to 0, 1, 0, 2 give 0, 1, 2.
static void
fifo_order(void)
{
  int p[3][2], ep = three_pipes(p), i;

  EXPECT(write(p[2][1], "x", 1), 1);
  EXPECT(write(p[0][1], "x", 1), 1);
  EXPECT(write(p[1][1], "x", 1), 1);
  EXPECT_READY(ep, "2:IN 0:IN 1:IN");
  for (i = 0; i < 3; i++)
    drain_pipe(p[i][0]);
  EXPECT_READY(ep, "");
  EXPECT(write(p[0][1], "x", 1), 1);
  EXPECT(write(p[1][1], "x", 1), 1);
  EXPECT(write(p[0][1], "x", 1), 1);
  EXPECT(write(p[2][1], "x", 1), 1);
  EXPECT_READY(ep, "0:IN 1:IN 2:IN");
}

// linux-semantics.md 5.5: three always-ready LT items with maxevents 1
// come out round-robin: 0, 1, 2, 0, 1, 2.
static void
round_robin_1(void)
{
  int p[3][2], ep = three_pipes(p), i;

  for (i = 0; i < 3; i++)
    EXPECT(write(p[i][1], "x", 1), 1);
  EXPECT_WAIT(ep, 1, 0, "0:IN");
  EXPECT_WAIT(ep, 1, 0, "1:IN");
  EXPECT_WAIT(ep, 1, 0, "2:IN");
  EXPECT_WAIT(ep, 1, 0, "0:IN");
  EXPECT_WAIT(ep, 1, 0, "1:IN");
  EXPECT_WAIT(ep, 1, 0, "2:IN");
}

// linux-semantics.md 5.5: with maxevents 2 the leftovers come first,
// then the re-queued LT items: (0,1), (2,0), (1,2).
static void
round_robin_2(void)
{
  int p[3][2], ep = three_pipes(p), i;

  for (i = 0; i < 3; i++)
    EXPECT(write(p[i][1], "x", 1), 1);
  EXPECT_WAIT(ep, 2, 0, "0:IN 1:IN");
  EXPECT_WAIT(ep, 2, 0, "2:IN 0:IN");
  EXPECT_WAIT(ep, 2, 0, "1:IN 2:IN");
  EXPECT_WAIT(ep, 2, 0, "0:IN 1:IN");
}

// linux-semantics.md 5.5: 3 ready with maxevents 2 then 8: (0,1), then
// (2,0,1).
static void
round_robin_2_then_8(void)
{
  int p[3][2], ep = three_pipes(p), i;

  for (i = 0; i < 3; i++)
    EXPECT(write(p[i][1], "x", 1), 1);
  EXPECT_WAIT(ep, 2, 0, "0:IN 1:IN");
  EXPECT_WAIT(ep, 8, 0, "2:IN 0:IN 1:IN");
}

// LTP epoll_wait13/14: maxevents caps each call, and 13 always-ready
// items with maxevents 3 are each reported 3 times in 13 calls.
static void
maxevents_fair(void)
{
  struct epoll_event ev[3];
  int ep = ep_new(), p[13][2], seen[13], i, j;

  for (i = 0; i < 13; i++) {
    mkpipe(p[i], 0);
    ADD(ep, p[i][0], EPOLLIN, i);
    EXPECT(write(p[i][1], "x", 1), 1);
    seen[i] = 0;
  }
  for (i = 0; i < 13; i++) {
    EXPECT(epoll_wait(ep, ev, 3, 0), 3);
    for (j = 0; j < 3; j++)
      seen[ev[j].data.u64 % 13]++;
  }
  for (i = 0; i < 13; i++)
    if (seen[i] != 3)
      FAIL("item %d reported %d times in 13 calls, expected 3", i, seen[i]);
}

// linux-semantics.md rule 6, 5.3: MOD of a queued item leaves it where
// it is, with the new data; a MOD to a mask the file does not meet gets
// it dropped at harvest.
static void
mod_queued_data(void)
{
  int ep = ep_new(), a[2], b[2];

  mkpipe(a, 0);
  mkpipe(b, 0);
  ADD(ep, a[0], EPOLLIN, 1);
  ADD(ep, b[0], EPOLLIN, 2);
  EXPECT(write(a[1], "x", 1), 1);
  EXPECT(write(b[1], "x", 1), 1);
  MOD(ep, a[0], EPOLLIN, 9);
  EXPECT_READY(ep, "9:IN 2:IN");
  MOD(ep, b[0], EPOLLOUT, 3);
  EXPECT_READY(ep, "9:IN");
}

// linux-semantics.md 5.2 (key (file, fd)), 5.5: one open file under two
// fd numbers is two items; one write queues both, the newer
// registration first; DEL of one leaves the other.
static void
dup_two_items(void)
{
  int ep = ep_new(), p[2], d;

  mkpipe(p, 0);
  d = TRY(dup(p[0]));
  ADD(ep, p[0], EPOLLIN, 1);
  ADD(ep, d, EPOLLIN, 2);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 0), EEXIST);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "2:IN 1:IN");
  DEL(ep, d);
  EXPECT_READY(ep, "1:IN");
}

/* ---- blocking, wakeups and timeouts -------------------------------------- */

/*
 * epoll_wait(2): a process blocked in epoll_wait is woken by a write
 * from another.
 *
 *        t1 (child)
 *         | (ew, 3 s)
 *        e0
 *         | (lt)
 *        s0 <-- write by t0 (parent)
 */
static void
wake_blocked(void)
{
  int ep = ep_new(), p[2], ready[2], pid;

  mkpipe(p, 0);
  mkpipe(ready, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_WAIT(ep, 1, 3000, "1:IN");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md 5.3, 5.7: ADD of a file that is already ready
 * wakes a process blocked on the (shared) epoll, even one that does not
 * have the file open.
 *
 *        t1 (child)
 *         | (ew, 3 s)
 *        e0 <-- ADD s0 by t0 (parent), s0 already readable
 */
static void
wake_on_add(void)
{
  int ep = ep_new(), p[2], ready[2], pid;

  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_WAIT(ep, 1, 3000, "7:IN");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  ADD(ep, p[0], EPOLLIN, 7);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * LTP epoll_wait11, linux-semantics.md 3.2: closing the last writer
 * wakes a blocked waiter, which sees HUP.
 *
 *        t1 --(ew)--> e0 --(IN)--> s0 read end;  t0 closes the write end
 */
static void
wake_hup(void)
{
  int ep = ep_new(), p[2], ready[2], pid;

  mkpipe(p, 0);
  mkpipe(ready, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(p[1]));
    post(ready[1]);
    EXPECT_WAIT(ep, 1, 3000, "1:HUP");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(close(p[1]));
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * LTP epoll_wait12, linux-semantics.md 3.2: closing the last reader of a
 * full pipe wakes a waiter for OUT on the write end, which sees ERR.
 *
 *        t1 --(ew)--> e0 --(OUT)--> full s0 write end;  t0 closes the read end
 */
static void
wake_err(void)
{
  int ep = ep_new(), p[2], ready[2], pid;

  mkpipe(p, 1);
  mkpipe(ready, 0);
  fill_pipe(p[1]);
  ADD(ep, p[1], EPOLLOUT, 1);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(p[0]));
    post(ready[1]);
    EXPECT_WAIT(ep, 1, 3000, "1:ERR");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(close(p[0]));
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md rule 13: a wakeup that finds nothing deliverable
// (writes of 0 to an eventfd at 0 wake with IN) sends epoll_wait back to
// sleep: it returns 0 only at its deadline.
static void
nothing_deliverable(void)
{
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK)), go[2], pid, i;
  long t;

  mkpipe(go, 0);
  ADD(ep, efd, EPOLLIN, 1);
  pid = kid_fork();
  if (pid == 0) {
    AWAIT_POST(go[0]);
    for (i = 0; i < 5; i++) {
      nap(20);
      put(efd, 0);
    }
    _exit(0);
  }
  post(go[1]);
  t = now_us();
  EXPECT_WAIT(ep, 1, 300, "");
  EXPECT_TOOK("epoll_wait(300) woken by writes of 0", now_us() - t, 300, 2300);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md rule 13: timeout 0 never sleeps.
static void
timeout_zero(void)
{
  int ep = ep_new(), p[2];
  long t;

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  t = now_us();
  EXPECT_READY(ep, "");
  EXPECT_TOOK("epoll_wait(0)", now_us() - t, 0, 100);
}

// linux-semantics.md rule 13, LTP epoll_wait02: a positive timeout is a
// deadline and the call never returns early.
static void
timeout_not_early(void)
{
  static const int ms[] = { 1, 10, 50, 120 };
  int ep = ep_new(), p[2], i;
  long t, dt;

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  for (i = 0; i < NELEM(ms); i++) {
    t = now_us();
    EXPECT_WAIT(ep, 1, ms[i], "");
    dt = now_us() - t;
    note("epoll_wait(%d ms) took %ld us", ms[i], dt);
    EXPECT_TOOK("epoll_wait(nothing ready)", dt, ms[i], ms[i] + 2000);
  }
}

/*
 * linux-semantics.md rule 13: timeout -1 blocks until an event (here a
 * write by another process; the case bounds the wait).
 *
 *        t1 --(ew, -1)--> e0 --(et)--> efd <-- write by t0
 */
static void
timeout_infinite(void)
{
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK)), ready[2], pid;

  mkpipe(ready, 0);
  ADD(ep, efd, EPOLLIN | EPOLLET, 5);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_WAIT(ep, 1, -1, "5:IN");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  put(efd, 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md 5.4, rule 20: a process killed while blocked in
// epoll_wait(-1) dies.
static void
kill_blocked(void)
{
  int ep = ep_new(), p[2], ready[2], pid, st;

  mkpipe(p, 0);
  mkpipe(ready, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  pid = kid_fork();
  if (pid == 0) {
    struct epoll_event ev;
    post(ready[1]);
    epoll_wait(ep, &ev, 1, -1);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(kill(pid, SIGKILL));
  st = kid_wait(pid, KID_MS);
  if (st == -1)
    EXPECT(write(p[1], "x", 1), 1);     // release it, then fail
  EXPECT_KILLED(st);
}

/* ---- several waiters ----------------------------------------------------- */

/*
 * linux-semantics.md 5.8, rule 9, LTP epoll_wait16: EXCLUSIVE items of
 * three epolls on one eventfd, each epoll with a sleeping waiter: one
 * write wakes exactly one waiter, the one on the first-registered epoll.
 * (This count needs the waiters asleep before the write: settle() gives
 * them SETTLE_MS.)
 *
 *        t1    t2    t3          (ew, 1 s each)
 *         |     |     |
 *        e1    e2    e3
 *          \    |    /   (IN | EXCLUSIVE, added e1 first)
 *              efd <-- write 1 by t0
 */
static void
exclusive_wakes_one(void)
{
  int eps[3], pids[3], efd = TRY(eventfd(0, EFD_NONBLOCK)), i, first;

  for (i = 0; i < 3; i++) {
    eps[i] = ep_new();
    ADD(eps[i], efd, EPOLLIN | EPOLLEXCLUSIVE, i);
  }
  start_waiters(pids, 3, eps, 0, 1);
  put(efd, 1);
  EXPECT(count_woken(pids, 3, &first), 1);
  EXPECT(first, 0);
}

/*
 * linux-semantics.md 5.8, LTP epoll_wait15: without EXCLUSIVE, one write
 * wakes every waiter.
 *
 *        t1    t2    t3          (ew, 1 s each)
 *         |     |     |
 *        e1    e2    e3
 *          \    |    /   (IN)
 *              efd <-- write 1 by t0
 */
static void
nonexclusive_wakes_all(void)
{
  int eps[3], pids[3], efd = TRY(eventfd(0, EFD_NONBLOCK)), i, first;

  for (i = 0; i < 3; i++) {
    eps[i] = ep_new();
    ADD(eps[i], efd, EPOLLIN, i);
  }
  start_waiters(pids, 3, eps, 0, 1);
  put(efd, 1);
  EXPECT(count_woken(pids, 3, &first), 3);
}

/*
 * linux-semantics.md 5.8: non-exclusive items on the file are always
 * woken; of the exclusive ones, one. (Needs the waiters asleep, as in
 * exclusive_wakes_one.)
 *
 *        t1    t2    t3          (ew, 1 s each)
 *         |     |     |
 *        e1    e2    e3
 *   (IN|EXCL)\  |(IN|EXCL) / (IN)
 *              efd <-- write 1 by t0
 */
static void
exclusive_mixed(void)
{
  int eps[3], pids[3], efd = TRY(eventfd(0, EFD_NONBLOCK)), i, first;

  for (i = 0; i < 3; i++)
    eps[i] = ep_new();
  ADD(eps[0], efd, EPOLLIN | EPOLLEXCLUSIVE, 0);
  ADD(eps[1], efd, EPOLLIN | EPOLLEXCLUSIVE, 1);
  ADD(eps[2], efd, EPOLLIN, 2);
  start_waiters(pids, 3, eps, 0, 1);
  put(efd, 1);
  EXPECT(count_woken(pids, 3, &first), 2);
}

// linux-semantics.md 5.8: with nobody asleep, a write queues the item
// on every EXCLUSIVE epoll (only sleeping waiters consume the wakeup).
static void
exclusive_no_sleepers(void)
{
  int e1 = ep_new(), e2 = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK));

  ADD(e1, efd, EPOLLIN | EPOLLEXCLUSIVE, 1);
  ADD(e2, efd, EPOLLIN | EPOLLEXCLUSIVE | EPOLLET, 2);
  put(efd, 1);
  EXPECT_READY(e1, "1:IN");
  EXPECT_READY(e2, "2:IN");
  EXPECT_READY(e2, "");
}

// Waiters t1..tn, all on one epoll e0 over an eventfd in the given mode;
// one write; returns how many got an event.
static int
shared_waiters(int n, uint32_t mode)
{
  int eps[4], pids[4], e0 = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK));
  int i, first;

  ADD(e0, efd, EPOLLIN | mode, 1);
  for (i = 0; i < n; i++)
    eps[i] = e0;
  start_waiters(pids, n, eps, 0, 1);
  put(efd, 1);
  return count_woken(pids, n, &first);
}

/*
 * linux-semantics.md 5.8, rule 14: waiters share one epoll (inherited by
 * fork); an LT event wakes every one of them (each harvest re-queues the
 * item and wakes the next).
 *
 *        t1    t2    t3      (ew, 1 s)
 *          \    |    /
 *              e0
 *               | (lt)
 *              efd <-- write 1
 */
static void
shared_lt_wakes_all(void)
{
  EXPECT(shared_waiters(3, 0), 3);
}

/*
 * linux-semantics.md 5.8, rule 14: the same with ET: one waiter gets the
 * event; the others time out.
 *
 *        t1    t2    t3      (ew, 1 s)
 *          \    |    /
 *              e0
 *               | (et)
 *              efd <-- write 1
 */
static void
shared_et_wakes_one(void)
{
  EXPECT(shared_waiters(3, EPOLLET), 1);
}

/*
 * selftest epoll60: ten waiters on one epoll over ten ET eventfds; all
 * ten written at once wake all ten, each taking one event (maxevents 1),
 * round after round.
 *
 *     t1 ... t10   (ew, max 1)
 *         \  /
 *          e0
 *      (et) |  x10
 *     efd1 ... efd10  <-- all written by t0
 */
static void
wake_ten(void)
{
  int eps[10], pids[10], efds[10], e0 = ep_new(), i, round, first;

  for (i = 0; i < 10; i++) {
    efds[i] = TRY(eventfd(0, EFD_NONBLOCK));
    ADD(e0, efds[i], EPOLLIN | EPOLLET, i);
    eps[i] = e0;
  }
  for (round = 0; round < 10; round++) {
    start_waiters(pids, 10, eps, 0, 1);
    for (i = 0; i < 10; i++)
      put(efds[i], 1);
    EXPECT(count_woken(pids, 10, &first), 10);
    EXPECT_READY(e0, "");
  }
}

/* ---- the selftests' topologies: one waiter ------------------------------- */

// One selftest round: epoll_wait(e0, max, 0) returns want events; with
// by_poll, poll(e0) first reports IN iff want > 0.
static void
round_at(const char *file, int line, int e0, int by_poll, int max, int want)
{
  struct epoll_event ev[4];
  int n;

  if (by_poll) {
    n = pollmask(e0, POLLIN) != 0;
    if (n != (want > 0))
      fail(file, line, "poll(e0), expected %d, got %d", want > 0, n);
  }
  n = epoll_wait(e0, ev, max, 0);
  if (n != want)
    fail(file, line, "epoll_wait(e0, %d, 0), expected %d, got %s", max, want,
         show(n, errno));
}

#define ROUND(e0, by_poll, max, want) \
  round_at(__FILE__, __LINE__, (e0), (by_poll), (max), (want))

// selftests epoll1-8: e0 watches nsrc pipes (s0, s2) in mode; each pipe
// gets one byte; two rounds expect want1 then want2 events.
static void
topo_flat(int nsrc, uint32_t mode, int by_poll, int want1, int want2)
{
  int e0 = ep_new(), s[2][2], i;

  for (i = 0; i < nsrc; i++) {
    mkpipe(s[i], 0);
    ADD(e0, s[i][0], EPOLLIN | mode, i);
  }
  for (i = 0; i < nsrc; i++)
    EXPECT(write(s[i][1], "w", 1), 1);
  ROUND(e0, by_poll, nsrc, want1);
  ROUND(e0, by_poll, nsrc, want2);
}

/*
 * selftest epoll1: LT reports on every wait: 1, then 1.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (lt)
 *          s0
 */
static void epoll1(void) { topo_flat(1, 0, 0, 1, 1); }

/*
 * selftest epoll2: ET reports once: 1, then 0.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (et)
 *          s0
 */
static void epoll2(void) { topo_flat(1, EPOLLET, 0, 1, 0); }

/*
 * selftest epoll3: LT, two sources: 2, then 2.
 *
 *           t0
 *            | (ew)
 *           e0
 *     (lt) /  \ (lt)
 *        s0    s2
 */
static void epoll3(void) { topo_flat(2, 0, 0, 2, 2); }

/*
 * selftest epoll4: ET, two sources: 2, then 0.
 *
 *           t0
 *            | (ew)
 *           e0
 *     (et) /  \ (et)
 *        s0    s2
 */
static void epoll4(void) { topo_flat(2, EPOLLET, 0, 2, 0); }

/*
 * selftest epoll5: LT, polled first: poll 1 / wait 1, then 1 / 1.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (lt)
 *          s0
 */
static void epoll5(void) { topo_flat(1, 0, 1, 1, 1); }

/*
 * selftest epoll6: ET, polled first: 1 / 1, then 0 / 0.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (et)
 *          s0
 */
static void epoll6(void) { topo_flat(1, EPOLLET, 1, 1, 0); }

/*
 * selftest epoll7: LT, two sources, polled first: 1 / 2, then 1 / 2.
 *
 *           t0
 *            | (p)
 *           e0
 *     (lt) /  \ (lt)
 *        s0    s2
 */
static void epoll7(void) { topo_flat(2, 0, 1, 2, 2); }

/*
 * selftest epoll8: ET, two sources, polled first: 1 / 2, then 0 / 0.
 *
 *           t0
 *            | (p)
 *           e0
 *     (et) /  \ (et)
 *        s0    s2
 */
static void epoll8(void) { topo_flat(2, EPOLLET, 1, 2, 0); }

// selftests epoll17-24, 49-52: e0 watches nsrc inner epolls (e1, e2) in
// outer mode; each inner watches one pipe (s0, s2) in inner mode; each
// pipe gets one byte; two rounds expect want1 then want2 events.
static void
topo_nested(int nsrc, uint32_t outer, uint32_t inner, int by_poll, int want1,
            int want2)
{
  int e0 = ep_new(), e[2], s[2][2], i;

  for (i = 0; i < nsrc; i++) {
    e[i] = ep_new();
    mkpipe(s[i], 0);
    ADD(e[i], s[i][0], EPOLLIN | inner, 10 + i);
    ADD(e0, e[i], EPOLLIN | outer, i);
  }
  for (i = 0; i < nsrc; i++)
    EXPECT(write(s[i][1], "w", 1), 1);
  ROUND(e0, by_poll, nsrc, want1);
  ROUND(e0, by_poll, nsrc, want2);
}

/*
 * selftest epoll17: LT over LT: the outer keeps reporting: 1, then 1.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (lt)
 *          e1
 *           | (lt)
 *          s0
 */
static void epoll17(void) { topo_nested(1, 0, 0, 0, 1, 1); }

/*
 * selftest epoll18: LT over ET: e1's ET item is never harvested from
 * e1 itself, so e0 keeps reporting (5.9): 1, then 1.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (lt)
 *          e1
 *           | (et)
 *          s0
 */
static void epoll18(void) { topo_nested(1, 0, EPOLLET, 0, 1, 1); }

/*
 * selftest epoll19: ET over LT: 1, then 0.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (et)
 *          e1
 *           | (lt)
 *          s0
 */
static void epoll19(void) { topo_nested(1, EPOLLET, 0, 0, 1, 0); }

/*
 * selftest epoll20: ET over ET: 1, then 0.
 *
 *          t0
 *           | (ew)
 *          e0
 *           | (et)
 *          e1
 *           | (et)
 *          s0
 */
static void epoll20(void) { topo_nested(1, EPOLLET, EPOLLET, 0, 1, 0); }

/*
 * selftest epoll21: LT over LT, polled first: 1 / 1, then 1 / 1.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (lt)
 *          e1
 *           | (lt)
 *          s0
 */
static void epoll21(void) { topo_nested(1, 0, 0, 1, 1, 1); }

/*
 * selftest epoll22: LT over ET, polled first: 1 / 1, then 1 / 1.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (lt)
 *          e1
 *           | (et)
 *          s0
 */
static void epoll22(void) { topo_nested(1, 0, EPOLLET, 1, 1, 1); }

/*
 * selftest epoll23: ET over LT, polled first: 1 / 1, then 0 / 0.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (et)
 *          e1
 *           | (lt)
 *          s0
 */
static void epoll23(void) { topo_nested(1, EPOLLET, 0, 1, 1, 0); }

/*
 * selftest epoll24: ET over ET, polled first: 1 / 1, then 0 / 0.
 *
 *          t0
 *           | (p)
 *          e0
 *           | (et)
 *          e1
 *           | (et)
 *          s0
 */
static void epoll24(void) { topo_nested(1, EPOLLET, EPOLLET, 1, 1, 0); }

/*
 * selftest epoll49: e0 over two LT inners, LT: 2, then 2.
 *
 *            t0
 *             | (ew)
 *            e0
 *      (lt) /  \ (lt)
 *         e1    e2
 *    (lt) |      | (lt)
 *         s0    s2
 */
static void epoll49(void) { topo_nested(2, 0, 0, 0, 2, 2); }

/*
 * selftest epoll50: e0 over two LT inners, ET: 2, then 0.
 *
 *            t0
 *             | (ew)
 *            e0
 *      (et) /  \ (et)
 *         e1    e2
 *    (lt) |      | (lt)
 *         s0    s2
 */
static void epoll50(void) { topo_nested(2, EPOLLET, 0, 0, 2, 0); }

/*
 * selftest epoll51: the same as 49, polled first: 1 / 2, then 1 / 2.
 *
 *            t0
 *             | (p)
 *            e0
 *      (lt) /  \ (lt)
 *         e1    e2
 *    (lt) |      | (lt)
 *         s0    s2
 */
static void epoll51(void) { topo_nested(2, 0, 0, 1, 2, 2); }

/*
 * selftest epoll52: the same as 50, polled first: 1 / 2, then 0 / 0.
 *
 *            t0
 *             | (p)
 *            e0
 *      (et) /  \ (et)
 *         e1    e2
 *    (lt) |      | (lt)
 *         s0    s2
 */
static void epoll52(void) { topo_nested(2, EPOLLET, 0, 1, 2, 0); }

/* ---- the selftests' topologies: two waiters ------------------------------ */

// selftests epoll9-16 (nested 0) and epoll25-32 (nested 1): two waiter
// processes t0, t1 share e0 (by fork); t1 polls first if t1_poll. e0
// watches nsrc pipes in outer mode, or (nested) an inner e1 that
// watches one pipe in inner mode. The parent writes each pipe once;
// want is how many waiters got an event.
static void
topo_waiters(int nested, int nsrc, uint32_t outer, uint32_t inner,
             int t1_poll, int max, int want)
{
  int e0 = ep_new(), e1, s[2][2], eps[2], by_poll[2], pids[2], i, first;

  for (i = 0; i < nsrc; i++)
    mkpipe(s[i], 0);
  if (nested) {
    e1 = ep_new();
    ADD(e1, s[0][0], EPOLLIN | inner, 10);
    ADD(e0, e1, EPOLLIN | outer, 0);
  } else {
    for (i = 0; i < nsrc; i++)
      ADD(e0, s[i][0], EPOLLIN | outer, i);
  }
  eps[0] = eps[1] = e0;
  by_poll[0] = 0;
  by_poll[1] = t1_poll;
  start_waiters(pids, 2, eps, by_poll, max);
  for (i = 0; i < nsrc; i++)
    EXPECT(write(s[i][1], "w", 1), 1);
  EXPECT(count_woken(pids, 2, &first), want);
}

/*
 * selftest epoll9: two waiters share e0 (rule 14); LT wakes both: count 2.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (lt)
 *           s0
 */
static void epoll9(void) { topo_waiters(0, 1, 0, 0, 0, 1, 2); }

/*
 * selftest epoll10: two waiters share e0 (rule 14); ET wakes one: count 1.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (et)
 *           s0
 */
static void epoll10(void) { topo_waiters(0, 1, EPOLLET, 0, 0, 1, 1); }

/*
 * selftest epoll11: LT, both sources written: both waiters get events: 2.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *     (lt) /  \ (lt)
 *        s0    s2
 */
static void epoll11(void) { topo_waiters(0, 2, 0, 0, 0, 2, 2); }

/*
 * selftest epoll12: ET, both sources written, maxevents 1: each waiter
 * takes one: 2.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *     (et) /  \ (et)
 *        s0    s2
 */
static void epoll12(void) { topo_waiters(0, 2, EPOLLET, 0, 0, 1, 2); }

/*
 * selftest epoll13: LT, t1 polls e0 first: both get the event: 2.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (lt)
 *           s0
 */
static void epoll13(void) { topo_waiters(0, 1, 0, 0, 1, 1, 2); }

/*
 * selftest epoll14: ET, t1 polls e0 first: one gets it: 1.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (et)
 *           s0
 */
static void epoll14(void) { topo_waiters(0, 1, EPOLLET, 0, 1, 1, 1); }

/*
 * selftest epoll15: LT, two sources, t1 polls first: 2.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *     (lt) /  \ (lt)
 *        s0    s2
 */
static void epoll15(void) { topo_waiters(0, 2, 0, 0, 1, 2, 2); }

/*
 * selftest epoll16: ET, two sources, t1 polls first, maxevents 1: 2.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *     (et) /  \ (et)
 *        s0    s2
 */
static void epoll16(void) { topo_waiters(0, 2, EPOLLET, 0, 1, 1, 2); }

/*
 * selftest epoll25: two waiters on e0, LT over LT: 2.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (lt)
 *           e1
 *            | (lt)
 *           s0
 */
static void epoll25(void) { topo_waiters(1, 1, 0, 0, 0, 1, 2); }

/*
 * selftest epoll26: two waiters on e0, LT over ET: 2.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (lt)
 *           e1
 *            | (et)
 *           s0
 */
static void epoll26(void) { topo_waiters(1, 1, 0, EPOLLET, 0, 1, 2); }

/*
 * selftest epoll27: two waiters on e0, ET over LT: 1.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (et)
 *           e1
 *            | (lt)
 *           s0
 */
static void epoll27(void) { topo_waiters(1, 1, EPOLLET, 0, 0, 1, 1); }

/*
 * selftest epoll28: two waiters on e0, ET over ET: 1.
 *
 *        t0    t1
 *     (ew) \  / (ew)
 *           e0
 *            | (et)
 *           e1
 *            | (et)
 *           s0
 */
static void epoll28(void) { topo_waiters(1, 1, EPOLLET, EPOLLET, 0, 1, 1); }

/*
 * selftest epoll29: t0 waits, t1 polls e0; LT over LT: 2.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (lt)
 *           e1
 *            | (lt)
 *           s0
 */
static void epoll29(void) { topo_waiters(1, 1, 0, 0, 1, 1, 2); }

/*
 * selftest epoll30: t0 waits, t1 polls e0; LT over ET: 2.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (lt)
 *           e1
 *            | (et)
 *           s0
 */
static void epoll30(void) { topo_waiters(1, 1, 0, EPOLLET, 1, 1, 2); }

/*
 * selftest epoll31: t0 waits, t1 polls e0; ET over LT: 1.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (et)
 *           e1
 *            | (lt)
 *           s0
 */
static void epoll31(void) { topo_waiters(1, 1, EPOLLET, 0, 1, 1, 1); }

/*
 * selftest epoll32: t0 waits, t1 polls e0; ET over ET: 1.
 *
 *        t0    t1
 *     (ew) \  / (p)
 *           e0
 *            | (et)
 *           e1
 *            | (et)
 *           s0
 */
static void epoll32(void) { topo_waiters(1, 1, EPOLLET, EPOLLET, 1, 1, 1); }

/* ---- nesting ------------------------------------------------------------- */

/*
 * linux-semantics.md rule 15, 5.9: an inner epoll reports to its outer
 * only IN, whatever its items report (a HUP inside is IN outside), and
 * never OUT, ERR or HUP.
 *
 *        e0 --(IN|OUT|ERR|HUP)--> e1 --(IN)--> s0
 */
static void
nested_in_only(void)
{
  int e0 = ep_new(), e1 = ep_new(), p[2];

  mkpipe(p, 1);
  ADD(e1, p[0], EPOLLIN, 10);
  ADD(e0, e1, EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP, 1);
  EXPECT_READY(e0, "");
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e0, "1:IN");
  drain_pipe(p[0]);
  EXPECT_READY(e0, "");
  TRY(close(p[1]));
  EXPECT_READY(e0, "1:IN");
  EXPECT_READY(e1, "10:HUP");
  ADD(e0, p[0], 0, 2);
  EXPECT_READY(e0, "1:IN 2:HUP");
}

// linux-semantics.md rule 15, 5.9: poll on an epoll fd reports IN (with
// RDNORM if asked) while an item re-polls ready, never OUT; polling
// prunes items that are no longer ready.
static void
epfd_poll(void)
{
  char c;
  int e1 = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(e1, p[0], EPOLLIN, 10);
  EXPECT_MASK(pollmask(e1, POLLIN | POLLOUT), 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_MASK(pollmask(e1, POLLIN), POLLIN);
  EXPECT_MASK(pollmask(e1, POLLOUT), 0);
  EXPECT_MASK(pollmask(e1, POLLIN | POLLRDNORM | POLLOUT),
              POLLIN | POLLRDNORM);
  EXPECT_MASK(pollmask(e1, 0), 0);
  EXPECT(read(p[0], &c, 1), 1);
  EXPECT_MASK(pollmask(e1, POLLIN), 0);
  EXPECT_READY(e1, "");
  TRY(close(p[1]));
  EXPECT_MASK(pollmask(e1, POLLIN | POLLOUT), POLLIN);
}

// Makes a chain of n epolls, e[0] over e[1] over ... e[n-1] over the
// pipe's read end; the item for e[i+1] in e[i] has data i, the pipe's
// in e[n-1] has data 100.
static void
make_chain(int *e, int n, int rd)
{
  int i;

  for (i = 0; i < n; i++)
    e[i] = ep_new();
  ADD(e[n - 1], rd, EPOLLIN, 100);
  for (i = n - 2; i >= 0; i--)
    ADD(e[i], e[i + 1], EPOLLIN, i);
}

// LTP epoll_wait09, linux-semantics.md 5.6: chains of 2 to 5 epolls over
// a pipe deliver; each level reports IN with its own data.
static void
nested_chain(void)
{
  char want[16];
  int e[5], p[2], n, i;

  for (n = 2; n <= 5; n++) {
    mkpipe(p, 0);
    make_chain(e, n, p[0]);
    EXPECT_READY(e[0], "");
    EXPECT(write(p[1], "x", 1), 1);
    for (i = 0; i < n - 1; i++) {
      snprintf(want, sizeof want, "%d:IN", i);
      EXPECT_READY(e[i], want);
    }
    EXPECT_READY(e[n - 1], "100:IN");
    for (i = 0; i < n; i++)
      TRY(close(e[i]));
    TRY(close(p[0]));
    TRY(close(p[1]));
  }
}

/*
 * linux-semantics.md 5.9: a waiter blocked on the top of a five-level
 * chain is woken by a write at the bottom.
 *
 *        t1 --(ew, 3 s)--> e0 -> e1 -> e2 -> e3 -> e4 -> s0 <-- write by t0
 */
static void
nested_wake_chain(void)
{
  int e[5], p[2], ready[2], pid;

  mkpipe(p, 0);
  mkpipe(ready, 0);
  make_chain(e, 5, p[0]);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_WAIT(e[0], 1, 3000, "0:IN");
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md rule 16, 5.9: every callback on the inner epoll
 * wakes its pollers, even when the inner item was already queued, so
 * an ET outer over an LT inner fires again on each new write.
 *
 *        e0 --(et)--> e1 --(lt)--> s0
 */
static void
nested_et_refires(void)
{
  int e0 = ep_new(), e1 = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(e1, p[0], EPOLLIN, 10);
  ADD(e0, e1, EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e0, "1:IN");
  EXPECT_READY(e0, "");
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e0, "1:IN");
  EXPECT_READY(e0, "");
}

/*
 * linux-semantics.md rule 16 [V >= 5.6]: harvesting the inner epoll does
 * not wake the inner's pollers, so the ET outer stays quiet.
 *
 *        e0 --(et)--> e1 --(lt)--> s0
 */
static void
nested_harvest_quiet(void)
{
  int e0 = ep_new(), e1 = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(e1, p[0], EPOLLIN, 10);
  ADD(e0, e1, EPOLLIN | EPOLLET, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e0, "1:IN");
  EXPECT_READY(e1, "10:IN");
  EXPECT_READY(e1, "10:IN");
  EXPECT_READY(e0, "");
}

// linux-semantics.md 5.6, rule 10 (EP_MAX_NESTS 4), LTP epoll_ctl04:
// built bottom up, five epolls in a chain over a pipe are fine; a sixth
// on top is ELOOP.
static void
depth_bottom_up(void)
{
  int e[6], p[2], i;

  mkpipe(p, 0);
  for (i = 0; i < 6; i++)
    e[i] = ep_new();
  ADD(e[5], p[0], EPOLLIN, 0);
  for (i = 4; i >= 1; i--)
    ADD(e[i], e[i + 1], EPOLLIN, 0);
  EXPECT_ERR(ctl(e[0], EPOLL_CTL_ADD, e[1], EPOLLIN, 0), ELOOP);
}

// linux-semantics.md 5.6 [V 6.17]: the depth check also counts the chain
// above: built top down, the fifth epoll->epoll edge is ELOOP; a plain
// file under the fifth epoll is fine.
static void
depth_top_down(void)
{
  int e[6], p[2], i;

  mkpipe(p, 0);
  for (i = 0; i < 6; i++)
    e[i] = ep_new();
  for (i = 0; i < 4; i++)
    ADD(e[i], e[i + 1], EPOLLIN, 0);
  EXPECT_ERR(ctl(e[4], EPOLL_CTL_ADD, e[5], EPOLLIN, 0), ELOOP);
  ADD(e[4], p[0], EPOLLIN, 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e[0], "0:IN");
}

// linux-semantics.md 5.6 [V 6.17]: joining two chains counts both:
// 2 edges + 1 + 2 edges is too deep (ELOOP), 2 + 1 + 1 is fine.
static void
depth_join(void)
{
  int e[6], i;

  for (i = 0; i < 6; i++)
    e[i] = ep_new();
  ADD(e[0], e[1], EPOLLIN, 0);
  ADD(e[1], e[2], EPOLLIN, 0);
  ADD(e[3], e[4], EPOLLIN, 0);
  ADD(e[4], e[5], EPOLLIN, 0);
  EXPECT_ERR(ctl(e[2], EPOLL_CTL_ADD, e[3], EPOLLIN, 0), ELOOP);
  ADD(e[2], e[4], EPOLLIN, 0);
}

/*
 * linux-semantics.md 5.6: diamonds are fine, and an event at the bottom
 * reaches the top through both sides.
 *
 *            e0
 *           /  \
 *         e1    e2
 *           \  /
 *            e3
 *             |
 *            s0
 */
static void
diamond(void)
{
  struct epoll_event ev[4];
  int e[4], p[2], i, n;

  mkpipe(p, 0);
  for (i = 0; i < 4; i++)
    e[i] = ep_new();
  ADD(e[3], p[0], EPOLLIN, 0);
  ADD(e[1], e[3], EPOLLIN, 0);
  ADD(e[2], e[3], EPOLLIN, 0);
  ADD(e[0], e[1], EPOLLIN, 1);
  ADD(e[0], e[2], EPOLLIN, 2);
  EXPECT(write(p[1], "x", 1), 1);
  n = epoll_wait(e[0], ev, 4, 0);
  EXPECT(n, 2);
  EXPECT(ev[0].data.u64 + ev[1].data.u64, 3);
  EXPECT_MASK(ev[0].events | ev[1].events, EPOLLIN);
}

// linux-semantics.md rule 10, LTP epoll_ctl05/07: an ADD that would close
// a cycle is ELOOP, through two or three epolls, or a dup.
static void
cycle_eloop(void)
{
  int e1 = ep_new(), e2 = ep_new(), e3 = ep_new();

  ADD(e1, e2, EPOLLIN, 0);
  EXPECT_ERR(ctl(e2, EPOLL_CTL_ADD, e1, EPOLLIN, 0), ELOOP);
  EXPECT_ERR(ctl(e2, EPOLL_CTL_ADD, TRY(dup(e1)), EPOLLIN, 0), ELOOP);
  ADD(e2, e3, EPOLLIN, 0);
  EXPECT_ERR(ctl(e3, EPOLL_CTL_ADD, e1, EPOLLIN, 0), ELOOP);
  EXPECT_ERR(ctl(e3, EPOLL_CTL_ADD, e2, EPOLLIN | EPOLLET, 0), ELOOP);
}

// linux-semantics.md rule 10, 5.6: an epoll added to itself, even
// through a dup, is EINVAL (same file), not ELOOP.
static void
add_self_einval(void)
{
  int ep = ep_new(), d = TRY(dup(ep));

  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 0), EINVAL);
  EXPECT_ERR(ctl(d, EPOLL_CTL_ADD, ep, EPOLLIN | EPOLLET, 0), EINVAL);
}

/* ---- lifetimes ----------------------------------------------------------- */

// linux-semantics.md rule 7, 5.7, epoll(7) Q&A: closing an fd removes
// nothing while a dup keeps the open file alive: events keep coming with
// the old data; DEL with the closed number is EBADF, with the dup's
// ENOENT; closing the dup (the last reference) removes the item, even
// a queued one.
static void
close_dup_alive(void)
{
  int ep = ep_new(), p[2], d, r;

  mkpipe(p, 0);
  r = p[0];
  d = TRY(dup(r));
  ADD(ep, r, EPOLLIN, 1);
  TRY(close(r));
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, r, 0), EBADF);
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, d, 0), ENOENT);
  EXPECT_READY(ep, "1:IN");
  TRY(close(d));
  EXPECT_READY(ep, "");
}

// linux-semantics.md rule 7, 5.7: closing the last reference removes
// the item, a queued event included; DEL is then EBADF; the reused fd
// number, now a new file, can be added again (no EEXIST).
static void
close_last_ref(void)
{
  int ep = ep_new(), p[2], q[2], r;

  mkpipe(p, 0);
  r = p[0];
  ADD(ep, r, EPOLLIN, 1);
  EXPECT(write(p[1], "x", 1), 1);
  TRY(close(r));
  EXPECT_READY(ep, "");
  EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, r, 0), EBADF);
  mkpipe(q, 0);
  EXPECT(q[0], r);
  ADD(ep, q[0], EPOLLIN, 2);
  EXPECT(write(q[1], "x", 1), 1);
  EXPECT_READY(ep, "2:IN");
}

/*
 * linux-semantics.md rule 7, 5.7: a forked child's copy keeps the
 * registration alive after the parent closes its fd; when the child
 * exits, the item goes.
 *
 *   e0 --(IN)--> s0 read end <-- held by the child only
 */
static void
fork_keeps_registration(void)
{
  int ep = ep_new(), p[2], ready[2], go[2], pid;

  mkpipe(p, 0);
  mkpipe(ready, 0);
  mkpipe(go, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(go[1]));
    post(ready[1]);
    AWAIT_POST(go[0]);
    _exit(0);
  }
  TRY(close(ready[1]));
  TRY(close(go[0]));
  AWAIT_POST(ready[0]);
  TRY(close(p[0]));
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "1:IN");
  post(go[1]);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  EXPECT_READY(ep, "");
}

// linux-semantics.md 5.7: closing the epoll fd frees the instance; the
// watched pipe is unaffected and can join a new epoll.
static void
close_epfd(void)
{
  char c;
  int ep = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  ADD(ep, p[1], EPOLLOUT, 2);
  EXPECT(write(p[1], "x", 1), 1);
  TRY(close(ep));
  EXPECT_MASK(pollmask(p[0], POLLIN), POLLIN);
  EXPECT(read(p[0], &c, 1), 1);
  ep = ep_new();
  ADD(ep, p[0], EPOLLIN, 3);
  EXPECT(write(p[1], "y", 1), 1);
  EXPECT_READY(ep, "3:IN");
}

// linux-semantics.md 5.7: closing an inner epoll (its last reference)
// also removes it from the outer one, pending event and all.
static void
close_inner_epfd(void)
{
  int e0 = ep_new(), e1 = ep_new(), p[2];

  mkpipe(p, 0);
  ADD(e1, p[0], EPOLLIN, 10);
  ADD(e0, e1, EPOLLIN, 1);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(e0, "1:IN");
  TRY(close(e1));
  EXPECT_READY(e0, "");
  EXPECT_ERR(epoll_ctl(e0, EPOLL_CTL_DEL, e1, 0), EBADF);
}

// linux-semantics.md 5.7: dup(epfd) keeps the instance, interest list
// and all, alive after the original fd is closed.
static void
dup_epfd_keeps(void)
{
  int ep = ep_new(), p[2], d;

  mkpipe(p, 0);
  ADD(ep, p[0], EPOLLIN, 1);
  d = TRY(dup(ep));
  TRY(close(ep));
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(d, "1:IN");
  DEL(d, p[0]);
  EXPECT_READY(d, "");
}

/*
 * linux-semantics.md 5.7: after fork both processes use one instance:
 * ADD, DEL and ONESHOT state by either are seen by the other.
 *
 *   parent, child --> e0 (shared) --(IN|ONESHOT)--> s0
 */
static void
fork_shares(void)
{
  int ep = ep_new(), p[2], toc[2], top[2], pid;

  mkpipe(p, 0);
  mkpipe(toc, 0);
  mkpipe(top, 0);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(toc[1]));
    TRY(close(top[0]));
    ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 5);
    post(top[1]);
    AWAIT_POST(toc[0]);                 // the parent took the event
    EXPECT_READY(ep, "");
    MOD(ep, p[0], EPOLLIN | EPOLLONESHOT, 6);
    post(top[1]);
    AWAIT_POST(toc[0]);                 // the parent deleted it
    EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0), ENOENT);
    _exit(0);
  }
  TRY(close(toc[0]));
  TRY(close(top[1]));
  AWAIT_POST(top[0]);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_READY(ep, "5:IN");
  post(toc[1]);
  AWAIT_POST(top[0]);
  EXPECT_READY(ep, "6:IN");
  DEL(ep, p[0]);
  post(toc[1]);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/* ---- stress -------------------------------------------------------------- */

// Reads what the nonblocking source holds: an eventfd's count, or a
// pipe's bytes. 0 if there is nothing.
static uint64_t
drain_source(int fd, int is_pipe)
{
  char buf[256];
  uint64_t v = 0;
  long n;

  n = is_pipe ? read(fd, buf, sizeof buf) : read(fd, &v, 8);
  if (n < 0 && errno != EAGAIN)
    FAIL("read(source %d), expected data or EAGAIN, got %s", fd,
         show(n, errno));
  if (n <= 0)
    return 0;
  return is_pipe ? (uint64_t)n : v;
}

/*
 * linux-semantics.md 5.10 (ovflist): events that arrive while
 * epoll_wait is harvesting are not lost. A child adds 1 to an eventfd
 * N times; the parent harvests (LT or ET) and reads; the reads add up
 * to N, and no wait of 2 s comes back empty before they do.
 *
 *        t0 --(ew)--> e0 --(lt or et)--> efd <-- N writes of 1 by t1
 */
static void
harvest_race(uint32_t mode)
{
  enum { N = 20000 };
  struct epoll_event ev[2];
  int ep = ep_new(), efd = TRY(eventfd(0, EFD_NONBLOCK)), pid, n, waits = 0;
  uint64_t total = 0;

  ADD(ep, efd, EPOLLIN | mode, 1);
  pid = kid_fork();
  if (pid == 0) {
    int i;
    for (i = 0; i < N; i++)
      put(efd, 1);
    _exit(0);
  }
  while (total < N) {
    n = epoll_wait(ep, ev, 2, 2000);
    if (n != 1)
      FAIL("epoll_wait after %llu of %d, expected 1, got %s",
           (unsigned long long)total, N, show(n, errno));
    total += drain_source(efd, 0);
    waits++;
  }
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  note("%d increments in %d harvests", N, waits);
  EXPECT_U64(total, N);
  EXPECT_READY(ep, "");
}

static void harvest_race_lt(void) { harvest_race(0); }
static void harvest_race_et(void) { harvest_race(EPOLLET); }

enum { STRESS_N = 5000 };

// A stress consumer: harvests its own epoll over the three sources
// (data 0..2; 2 is the pipe) until the stop eventfd (data 3) fires,
// reading each reported source once (or, ET, until it is empty); then
// drains everything and writes its three totals to out.
static void
consumer(int ep, const int *src, int et, int out)
{
  struct epoll_event ev[4];
  uint64_t got[3] = { 0, 0, 0 }, v;
  int n, i, k, stop = 0;

  while (!stop) {
    n = epoll_wait(ep, ev, 4, 10000);
    if (n <= 0)
      FAIL("consumer: epoll_wait(10 s), expected events, got %s",
           show(n, errno));
    for (i = 0; i < n; i++) {
      k = ev[i].data.u64;
      if (k == 3) {
        stop = 1;
        continue;
      }
      do {
        v = drain_source(src[k], k == 2);
        got[k] += v;
      } while (et && v);
    }
  }
  for (k = 0; k < 3; k++)
    while ((v = drain_source(src[k], k == 2)) != 0)
      got[k] += v;
  EXPECT(write(out, got, sizeof got), sizeof got);
  _exit(0);
}

/*
 * linux-semantics.md 5.8, 5.10: three producers (two eventfds, one pipe,
 * STRESS_N units each) against three consumers, each on its own epoll
 * over all three sources: LT, ET and EXCLUSIVE. Every unit is counted
 * exactly once; within 5 s of the producers' end every source is empty
 * (the last writes woke someone); a stop eventfd then ends the consumers.
 *
 *     P0   P1   P2            producers (write 1 / 1 / 1 byte)
 *      |    |    |
 *     E0   E1   pipe          sources, shared by all three epolls
 *      |  \ | /  |
 *     e_lt e_et e_excl  (+ stop efd, LT, in each)
 *      |    |    |
 *     C0   C1   C2            consumers (ew, max 4)
 */
static void
stress(void)
{
  int src[3], wr[3], eps[3], pids[6], res[2], stopfd, p[2], i, k, n;
  uint64_t got[3][3], sum;
  struct pollfd pf[3];
  long t;

  src[0] = wr[0] = TRY(eventfd(0, EFD_NONBLOCK));
  src[1] = wr[1] = TRY(eventfd(0, EFD_NONBLOCK));
  mkpipe(p, 0);
  set_nonblock(p[0]);
  src[2] = p[0];
  wr[2] = p[1];
  stopfd = TRY(eventfd(0, EFD_NONBLOCK));
  mkpipe(res, 0);
  for (i = 0; i < 3; i++) {
    uint32_t mode = i == 0 ? 0 : i == 1 ? EPOLLET : EPOLLEXCLUSIVE;
    eps[i] = ep_new();
    for (k = 0; k < 3; k++)
      ADD(eps[i], src[k], EPOLLIN | mode, k);
    ADD(eps[i], stopfd, EPOLLIN, 3);
  }
  for (i = 0; i < 3; i++) {
    pids[i] = kid_fork();
    if (pids[i] == 0)
      consumer(eps[i], src, i == 1, res[1]);
  }
  for (k = 0; k < 3; k++) {
    pids[3 + k] = kid_fork();
    if (pids[3 + k] == 0) {
      for (i = 0; i < STRESS_N; i++) {
        if (k == 2)
          EXPECT(write(wr[2], "x", 1), 1);
        else
          put(wr[k], 1);
      }
      _exit(0);
    }
  }
  TRY(close(res[1]));
  for (k = 0; k < 3; k++)
    EXPECT_EXIT(kid_wait(pids[3 + k], 30000), 0);

  t = now_us();
  for (;;) {
    for (k = 0; k < 3; k++) {
      pf[k].fd = src[k];
      pf[k].events = POLLIN;
    }
    if ((n = poll(pf, 3, 0)) == 0)
      break;
    if (now_us() - t > 5000000)
      FAIL("%d sources still readable 5 s after the producers ended: a "
           "lost wakeup", n);
    nap(5);
  }
  put(stopfd, 1);
  for (i = 0; i < 3; i++)
    EXPECT_EXIT(kid_wait(pids[i], KID_MS), 0);
  for (i = 0; i < 3; i++)
    EXPECT(read(res[0], got[i], sizeof got[i]), sizeof got[i]);
  for (k = 0; k < 3; k++) {
    sum = got[0][k] + got[1][k] + got[2][k];
    note("source %d: LT %llu, ET %llu, EXCLUSIVE %llu", k,
         (unsigned long long)got[0][k], (unsigned long long)got[1][k],
         (unsigned long long)got[2][k]);
    if (sum != STRESS_N)
      FAIL("source %d: consumers counted %llu, expected %d", k,
           (unsigned long long)sum, STRESS_N);
  }
}

static const struct testcase tests[] = {
  { "create", create, 1 },
  { "epfd_not_rw", epfd_not_rw, 1 },
  { "ctl_ebadf", ctl_ebadf, 1 },
  { "ctl_efault", ctl_efault, 1 },
  { "ctl_eperm", ctl_eperm, 1 },
  { "ctl_einval", ctl_einval, 1 },
  { "ctl_eexist_enoent", ctl_eexist_enoent, 1 },
  { "ctl_order", ctl_order, 1 },
  { "exclusive_args", exclusive_args, 1 },
  { "wait_errors", wait_errors, 1 },
  { "wait_maxevents", wait_maxevents, 1 },
  { "wait_efault", wait_efault, 1 },
  { "efault_keeps_event", efault_keeps_event, 1 },

  { "lt_pipe", lt_pipe, 1 },
  { "et_pipe", et_pipe, 1 },
  { "et_half_read", et_half_read, 1 },
  { "lt_eventfd", lt_eventfd, 1 },
  { "et_eventfd", et_eventfd, 1 },
  { "et_eventfd_out", et_eventfd_out, 1 },
  { "et_pipe_out", et_pipe_out, 1 },
  { "lt_pipe_out", lt_pipe_out, 1 },
  { "oneshot", oneshot, 1 },
  { "oneshot_silences_hup", oneshot_silences_hup, 1 },
  { "mod_rearms_et", mod_rearms_et, 1 },
  { "et_rearm_loop", et_rearm_loop, 1 },

  { "implicit_err_hup", implicit_err_hup, 1 },
  { "hup_with_data", hup_with_data, 1 },
  { "no_rdhup_for_pipes", no_rdhup_for_pipes, 1 },
  { "private_bits_hidden", private_bits_hidden, 1 },
  { "data_u64", data_u64, 1 },

  { "add_ready_queues", add_ready_queues, 1 },
  { "del_drops_pending", del_drops_pending, 1 },
  { "repoll_drops", repoll_drops, 1 },
  { "fifo_order", fifo_order, 1 },
  { "round_robin_1", round_robin_1, 1 },
  { "round_robin_2", round_robin_2, 1 },
  { "round_robin_2_then_8", round_robin_2_then_8, 1 },
  { "maxevents_fair", maxevents_fair, 1 },
  { "mod_queued_data", mod_queued_data, 1 },
  { "dup_two_items", dup_two_items, 1 },

  { "wake_blocked", wake_blocked, 1 },
  { "wake_on_add", wake_on_add, 1 },
  { "wake_hup", wake_hup, 1 },
  { "wake_err", wake_err, 1 },
  { "nothing_deliverable", nothing_deliverable, 1 },
  { "timeout_zero", timeout_zero, 1 },
  { "timeout_not_early", timeout_not_early, 1 },
  { "timeout_infinite", timeout_infinite, 1 },
  { "kill_blocked", kill_blocked, 1 },

  { "exclusive_wakes_one", exclusive_wakes_one, 1 },
  { "nonexclusive_wakes_all", nonexclusive_wakes_all, 1 },
  { "exclusive_mixed", exclusive_mixed, 1 },
  { "exclusive_no_sleepers", exclusive_no_sleepers, 1 },
  { "shared_lt_wakes_all", shared_lt_wakes_all, 1 },
  { "shared_et_wakes_one", shared_et_wakes_one, 1 },
  { "wake_ten", wake_ten, 0, 60 },

  { "epoll1", epoll1, 1 },
  { "epoll2", epoll2, 1 },
  { "epoll3", epoll3, 1 },
  { "epoll4", epoll4, 1 },
  { "epoll5", epoll5, 1 },
  { "epoll6", epoll6, 1 },
  { "epoll7", epoll7, 1 },
  { "epoll8", epoll8, 1 },
  { "epoll9", epoll9, 1 },
  { "epoll10", epoll10, 1 },
  { "epoll11", epoll11, 1 },
  { "epoll12", epoll12, 1 },
  { "epoll13", epoll13, 0 },
  { "epoll14", epoll14, 0 },
  { "epoll15", epoll15, 0 },
  { "epoll16", epoll16, 0 },
  { "epoll17", epoll17, 1 },
  { "epoll18", epoll18, 1 },
  { "epoll19", epoll19, 1 },
  { "epoll20", epoll20, 1 },
  { "epoll21", epoll21, 1 },
  { "epoll22", epoll22, 1 },
  { "epoll23", epoll23, 1 },
  { "epoll24", epoll24, 1 },
  { "epoll25", epoll25, 0 },
  { "epoll26", epoll26, 0 },
  { "epoll27", epoll27, 0 },
  { "epoll28", epoll28, 0 },
  { "epoll29", epoll29, 0 },
  { "epoll30", epoll30, 0 },
  { "epoll31", epoll31, 0 },
  { "epoll32", epoll32, 0 },
  { "epoll49", epoll49, 1 },
  { "epoll50", epoll50, 1 },
  { "epoll51", epoll51, 1 },
  { "epoll52", epoll52, 1 },

  { "nested_in_only", nested_in_only, 1 },
  { "epfd_poll", epfd_poll, 1 },
  { "nested_chain", nested_chain, 1 },
  { "nested_wake_chain", nested_wake_chain, 1 },
  { "nested_et_refires", nested_et_refires, 1 },
  { "nested_harvest_quiet", nested_harvest_quiet, 1 },
  { "depth_bottom_up", depth_bottom_up, 1 },
  { "depth_top_down", depth_top_down, 1 },
  { "depth_join", depth_join, 1 },
  { "diamond", diamond, 1 },
  { "cycle_eloop", cycle_eloop, 1 },
  { "add_self_einval", add_self_einval, 1 },

  { "close_dup_alive", close_dup_alive, 1 },
  { "close_last_ref", close_last_ref, 1 },
  { "fork_keeps_registration", fork_keeps_registration, 1 },
  { "close_epfd", close_epfd, 1 },
  { "close_inner_epfd", close_inner_epfd, 1 },
  { "dup_epfd_keeps", dup_epfd_keeps, 1 },
  { "fork_shares", fork_shares, 1 },

  { "harvest_race_lt", harvest_race_lt, 0, 60 },
  { "harvest_race_et", harvest_race_et, 0, 60 },
  { "stress", stress, 0, 60 },
};

int
main(int argc, char *argv[])
{
  return harness_main("epolltest", tests, NELEM(tests), argc, argv);
}
