/*
 * tickertest: the ticker device (kernel/dev/ticker.c), the kernel's own
 * producer of eventfd signals, and through it eventfd's kernel side
 * (eventfd_ctx_fdget/put, eventfd_signal, the POLLHUP on last close).
 *
 *   tickertest [-q] [-v] [-l] [NAME...]   (harness.h), then the leak check
 *
 * The cases run under harness.h's runner; the last line before the
 * count, "test leaks", compares memstat() taken before the first case
 * and after the last (all children reaped).
 *
 * Timing. The ticker signals at registration + k periods, k = 1, 2, ...
 * A case reads the clock (CLOCK_MONOTONIC, the timer the kernel uses)
 * just before and just after TICKER_SET, so at any later time t the
 * count signalled so far must lie between
 *   floor((t - after - SLACK_MS) / period)   (late by at most SLACK_MS)
 *   floor((t - before) / period)             (never early)
 * SLACK_MS covers the interrupt, the wakeup and the return to user mode
 * under QEMU. The "never early" bound is exact: breaking it fails the
 * case. The "late" bound is not: the host may stall QEMU's harts, and
 * the guest's clock runs on meanwhile. A late check fails with late()
 * (harness.h), which the runner retries:
 *
 *   tickertest: first_signal attempt 1: late: user/tickertest.c:...
 */
#include <nudge.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <nudge/ticker.h>
#include "harness.h"

#define SLACK_MS    10              // how late a signal may be seen
#define WAIT_MS     1000            // poll/epoll timeout: a lost signal fails

/* ---- helpers ------------------------------------------------------------ */

static int
ticker_open(void)
{
  return open("/ticker", O_RDONLY);
}

static int
ticker_set(int tfd, int efd, unsigned period_ms)
{
  struct ticker_req req = { efd, period_ms };

  return ioctl(tfd, TICKER_SET, &req);
}

// A registration and the clock around it: the bounds of the header.
struct reg {
  int tfd, efd;
  long period;              // ms
  long before, after;       // us, just before and after TICKER_SET
};

// A new ticker on eventfd efd, every period ms.
static void
reg_add(struct reg *r, int efd, long period)
{
  r->tfd = TRY(ticker_open());
  r->efd = efd;
  r->period = period;
  r->before = now_us();
  TRY(ticker_set(r->tfd, r->efd, period));
  r->after = now_us();
}

// A new non-blocking eventfd (flags added), ticked every period ms.
static void
reg_start(struct reg *r, long period, int flags)
{
  reg_add(r, TRY(eventfd(0, EFD_NONBLOCK | flags)), period);
}

// Periods since registration that had surely ended by t (late signals
// allowed for), and at most could have.
static long
reg_min(struct reg *r, long t)
{
  long d = t - r->after - SLACK_MS * 1000L;

  return d < 0 ? 0 : d / (r->period * 1000);
}

static long
reg_max(struct reg *r, long t)
{
  return (t - r->before) / (r->period * 1000);
}

// A count the clock allows: more than hi came early (a failure), fewer
// than lo late.
static void
expect_between(const char *file, int line, const char *what, long v,
               long lo, long hi)
{
  if(v > hi)
    fail(file, line, "%s, expected at most %ld (early), got %ld", what,
         hi, v);
  if(v < lo)
    late(file, line, "%s, expected at least %ld, got %ld", what, lo, v);
}

// Time t is ms after the registration: not before, and at most
// SLACK_MS late.
static void
expect_after(const char *file, int line, struct reg *r, long t, long ms)
{
  const char *f =
    "time since TICKER_SET, expected %ld..%ld us, got %ld..%ld us";

  if(t - r->before < ms * 1000)
    fail(file, line, f, ms * 1000, (ms + SLACK_MS) * 1000, t - r->after,
         t - r->before);
  if(t - r->after > (ms + SLACK_MS) * 1000)
    late(file, line, f, ms * 1000, (ms + SLACK_MS) * 1000, t - r->after,
         t - r->before);
}

#define EXPECT_BETWEEN(v, lo, hi) \
  expect_between(__FILE__, __LINE__, #v, (long)(v), (lo), (hi))
// v, read between times t0 and t1, counts r's periods.
#define EXPECT_COUNT(r, v, t0, t1) \
  EXPECT_BETWEEN(v, reg_min((r), (t0)), reg_max((r), (t1)))
#define EXPECT_AFTER(r, t, ms) expect_after(__FILE__, __LINE__, (r), (t), (ms))

// The count at efd, taken (0 if none yet).
static uint64_t
take(int efd)
{
  uint64_t v = 0;
  long n = read(efd, &v, sizeof(v));

  if(n == -1 && errno == EAGAIN)
    return 0;
  EXPECT(n, sizeof(v));
  return v;
}

// Waits up to WAIT_MS for efd to be readable; fails if it never is.
static void
await_readable(int efd)
{
  struct pollfd pfd = { efd, POLLIN, 0 };

  EXPECT(poll(&pfd, 1, WAIT_MS), 1);
  EXPECT(pfd.revents, POLLIN);
}

static void
stats(struct memstat *m)
{
  TRY(memstat(m));
}

// kmalloc objects and files as in before: nothing leaked.
#define EXPECT_NO_LEAK(before) do {                       \
    struct memstat now_;                                  \
    stats(&now_);                                         \
    EXPECT(now_.kmalloc_live, (before).kmalloc_live);     \
    EXPECT(now_.files_live, (before).files_live);         \
  } while(0)

/* ---- delivery ----------------------------------------------------------- */

// The first signal comes one period after registration: not before,
// and not more than SLACK_MS after.
static void
first_signal(void)
{
  struct reg r;
  uint64_t v;
  long t;

  reg_start(&r, 20, 0);
  v = take(r.efd);
  EXPECT_COUNT(&r, v, r.after, now_us());           // 0, unless 20 ms passed
  await_readable(r.efd);
  t = now_us();
  EXPECT_AFTER(&r, t, 20);
  v = take(r.efd);
  CHECK(v >= 1);
  EXPECT_COUNT(&r, v, t, now_us());
}

// Ten periods, each waited for with poll: the total never runs ahead of
// the clock, and never falls behind it by more than the slack.
static void
periodic(void)
{
  struct reg r;
  long total = 0, t;

  reg_start(&r, 10, 0);
  while(total < 10){
    await_readable(r.efd);
    total += take(r.efd);
    t = now_us();
    EXPECT_COUNT(&r, total, t, t);
  }
  EXPECT_AFTER(&r, t, total * 10);
}

// Nobody reads for ten periods: one read returns them all, and zeroes
// the count.
static void
accumulate(void)
{
  struct reg r;
  long t0, t1;
  uint64_t v;

  reg_start(&r, 10, 0);
  nap(105);
  t0 = now_us();
  v = take(r.efd);
  t1 = now_us();
  EXPECT_COUNT(&r, v, t0, t1);
  // Had the read not zeroed it, the sum would run ahead of the clock.
  v += take(r.efd);
  EXPECT_COUNT(&r, v, t0, now_us());
}

// The ticker cannot wait for room: adding to an eventfd at 2^64-2, the
// most a write can make, stops at 2^64-1 (eventfd_signal), a count no
// write can make. There poll says IN|ERR and not OUT; a read takes it
// all, and the count is 0 (Linux's eventfd_signal_mask, eventfd_poll).
static void
saturate(void)
{
  const short all = POLLIN | POLLOUT | POLLERR | POLLHUP;
  uint64_t v = 0xfffffffffffffffeULL;
  int efd = TRY(eventfd(0, EFD_NONBLOCK));
  struct pollfd p;
  struct reg r;

  EXPECT(write(efd, &v, sizeof(v)), sizeof(v));
  reg_add(&r, efd, 10);
  p = (struct pollfd){ efd, 0, 0 };       // waits for ERR (or HUP) alone
  EXPECT(poll(&p, 1, WAIT_MS), 1);
  EXPECT_MASK(p.revents, POLLERR);
  TRY(close(r.tfd));
  p = (struct pollfd){ efd, all, 0 };
  EXPECT(poll(&p, 1, 0), 1);
  EXPECT_MASK(p.revents, POLLIN | POLLERR);
  EXPECT_U64(take(efd), 0xffffffffffffffffULL);
  p = (struct pollfd){ efd, all, 0 };
  EXPECT(poll(&p, 1, 0), 1);
  EXPECT_MASK(p.revents, POLLOUT);
  TRY(close(efd));
}

// EFD_SEMAPHORE: each read takes one of the signalled periods.
static void
semaphore(void)
{
  struct reg r;
  long t0, n = 0;
  uint64_t v;

  reg_start(&r, 10, EFD_SEMAPHORE);
  nap(55);
  t0 = now_us();
  while((v = take(r.efd)) != 0){
    EXPECT(v, 1);
    n++;
  }
  EXPECT_COUNT(&r, n, t0, now_us());
}

// A blocking read sleeps until the ticker signals.
static void
blocking_read(void)
{
  struct reg r;
  uint64_t v = 0;
  long t;

  reg_start(&r, 20, 0);
  TRY(fcntl(r.efd, F_SETFL, 0));
  EXPECT(read(r.efd, &v, sizeof(v)), sizeof(v));
  t = now_us();
  CHECK(v >= 1);
  EXPECT_COUNT(&r, v, r.after, t);
  EXPECT_AFTER(&r, t, 20);
}

/* ---- stopping ----------------------------------------------------------- */

// Closing the ticker fd stops the signals: the count stays 0 after.
static void
close_ticker(void)
{
  struct reg r;

  reg_start(&r, 10, 0);
  await_readable(r.efd);
  TRY(close(r.tfd));
  take(r.efd);          // a signal may have come before the close
  nap(50);
  EXPECT(take(r.efd), 0);
}

// The registration belongs to the open file, not the fd: a dup or a
// child's copy keeps it ticking; the last close stops it.
static void
dup_ticker(void)
{
  struct reg r;
  int tfd2, pid, st;

  reg_start(&r, 10, 0);
  tfd2 = TRY(dup(r.tfd));
  TRY(close(r.tfd));
  pid = TRY(fork());
  if(pid == 0)
    exit(0);                    // closes its copy of tfd2
  EXPECT(wait(&st), pid);
  take(r.efd);
  await_readable(r.efd);
  TRY(close(tfd2));
  take(r.efd);
  nap(50);
  EXPECT(take(r.efd), 0);
}

/*
 * Closing the eventfd's last file stops the ticker and frees the
 * eventfd: ticker_fire sees the POLLHUP at the next period and drops its
 * reference, so the context goes while the ticker fd is still open.
 *
 *   tfd --[ticker]-- ctx reference --> eventfd ctx <-- efd (closed)
 */
static void
close_eventfd(void)
{
  struct memstat m0, m1;
  struct reg r;
  long t;

  stats(&m0);
  reg_start(&r, 10, 0);
  await_readable(r.efd);
  TRY(close(r.efd));
  t = now_us();
  // Left, a period later: the ticker's file and its registration.
  do {
    nap(r.period);
    stats(&m1);
  } while(m1.kmalloc_live != m0.kmalloc_live + 2 && now_us() - t < 1000000);
  EXPECT(m1.files_live, m0.files_live + 1);
  EXPECT(m1.kmalloc_live, m0.kmalloc_live + 2);
  TRY(close(r.tfd));
  EXPECT_NO_LEAK(m0);
}

// Closing one of two fds of the eventfd is no hang-up: the ticker goes
// on, seen through the other.
static void
dup_eventfd(void)
{
  struct memstat m0;
  struct reg r;
  int efd2;

  stats(&m0);
  reg_start(&r, 10, 0);
  efd2 = TRY(dup(r.efd));
  TRY(close(r.efd));
  take(efd2);
  await_readable(efd2);
  CHECK(take(efd2) >= 1);
  TRY(close(efd2));
  nap(30);
  TRY(close(r.tfd));
  EXPECT_NO_LEAK(m0);
}

// A process that exits with its ticker running leaves nothing behind.
static void
exit_running(void)
{
  struct memstat m0;
  struct reg r;
  int pid, st;

  stats(&m0);
  pid = TRY(fork());
  if(pid == 0){
    reg_start(&r, 5, 0);
    await_readable(r.efd);
    exit(0);
  }
  EXPECT(wait(&st), pid);
  EXPECT(st, 0);
  EXPECT_NO_LEAK(m0);
}

/*
 * Two tickers on one eventfd add up; closing one leaves the other.
 *
 *   tfd1 --[10 ms]--\
 *                    +--> ctx <-- efd
 *   tfd2 --[10 ms]--/
 */
static void
two_tickers(void)
{
  struct memstat m0;
  struct reg r, r2;
  long t0, t1, t2, t3;
  uint64_t v;

  stats(&m0);
  reg_start(&r, 10, 0);
  reg_add(&r2, r.efd, 10);
  nap(100);
  t0 = now_us();
  v = take(r.efd);
  t1 = now_us();
  EXPECT_BETWEEN(v, reg_min(&r, t0) + reg_min(&r2, t0),
                 reg_max(&r, t1) + reg_max(&r2, t1));

  // Now r2 alone: its periods that ended between the two reads.
  TRY(close(r.tfd));
  t0 = now_us();
  take(r.efd);
  t1 = now_us();
  nap(100);
  t2 = now_us();
  v = take(r.efd);
  t3 = now_us();
  EXPECT_BETWEEN(v, (t2 - t1 - SLACK_MS * 1000L) / 10000,
                 (t3 - t0) / 10000 + 1);
  TRY(close(r2.tfd));
  TRY(close(r.efd));
  EXPECT_NO_LEAK(m0);
}

/* ---- errors ------------------------------------------------------------- */

// Every error of ioctl(TICKER_SET), in the order the driver checks
// them; a failed set holds nothing, so the file can still be set.
static void
set_errors(void)
{
  struct memstat m0;
  struct ticker_req req;
  int tfd, efd, p[2];

  stats(&m0);
  tfd = TRY(ticker_open());
  efd = TRY(eventfd(0, EFD_NONBLOCK));
  TRY(pipe(p));

  EXPECT_ERR(ioctl(tfd, TICKER_SET, (void *)0), EFAULT);
  EXPECT_ERR(ioctl(tfd, TICKER_SET, (void *)0x80000000L), EFAULT);
  EXPECT_ERR(ticker_set(tfd, -1, 10), EBADF);
  EXPECT_ERR(ticker_set(tfd, 999, 10), EBADF);
  EXPECT_ERR(ticker_set(tfd, p[0], 10), EINVAL);    // not an eventfd
  EXPECT_ERR(ticker_set(tfd, tfd, 10), EINVAL);
  EXPECT_ERR(ticker_set(tfd, efd, 0), EINVAL);
  EXPECT_ERR(ticker_set(tfd, efd, TICKER_MAX_PERIOD_MS + 1), EINVAL);
  EXPECT_ERR(ticker_set(tfd, efd, 0xffffffffu), EINVAL);
  EXPECT_ERR(ioctl(tfd, TICKER_SET + 1, &req), ENOTTY);
  EXPECT_ERR(ioctl(efd, TICKER_SET, &req), ENOTTY);  // eventfds have no ioctl
  EXPECT_ERR(ioctl(999, TICKER_SET, &req), EBADF);

  TRY(ticker_set(tfd, efd, TICKER_MAX_PERIOD_MS));
  EXPECT_ERR(ticker_set(tfd, efd, 10), EBUSY);
  EXPECT_ERR(ticker_set(tfd, p[0], 10), EINVAL);    // checked before EBUSY
  EXPECT(take(efd), 0);

  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(close(efd));
  TRY(close(tfd));
  EXPECT_NO_LEAK(m0);
}

// A forked child shares the open file, so its set is EBUSY too; a second
// open of /ticker is a registration of its own.
static void
busy_shared(void)
{
  struct reg r;
  int pid, st, tfd2;

  reg_start(&r, 10, 0);
  pid = TRY(fork());
  if(pid == 0){
    EXPECT_ERR(ticker_set(r.tfd, r.efd, 20), EBUSY);
    exit(0);
  }
  EXPECT(wait(&st), pid);
  EXPECT(st, 0);
  tfd2 = TRY(ticker_open());
  TRY(ticker_set(tfd2, r.efd, 20));
  TRY(close(tfd2));
}

/* ---- epoll -------------------------------------------------------------- */

// epoll_wait wakes on the ticker's signal, with the registered data.
static void
epoll_wakeup(void)
{
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x7469636bUL };
  struct reg r;
  int epfd = TRY(epoll_create1(0));
  uint64_t v;
  long t;

  reg_start(&r, 20, 0);
  TRY(epoll_ctl(epfd, EPOLL_CTL_ADD, r.efd, &ev));
  memset(&ev, 0, sizeof(ev));
  EXPECT(epoll_wait(epfd, &ev, 1, WAIT_MS), 1);
  t = now_us();
  EXPECT(ev.events, EPOLLIN);
  EXPECT(ev.data.u64, 0x7469636bUL);
  EXPECT_AFTER(&r, t, 20);
  v = take(r.efd);
  CHECK(v >= 1);
  EXPECT_COUNT(&r, v, t, now_us());
  // Level-triggered, and read to 0: ready again only after a signal.
  v += epoll_wait(epfd, &ev, 1, 0);
  EXPECT_COUNT(&r, v, t, now_us());
  TRY(close(epfd));
}

// eventfd(2) with EPOLLET: each signal is one new edge, read or not.
// Edges reported never outnumber the periods ended.
static void
epoll_edge(void)
{
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
  struct reg r;
  int epfd = TRY(epoll_create1(0));
  long edges;

  reg_start(&r, 50, 0);
  TRY(epoll_ctl(epfd, EPOLL_CTL_ADD, r.efd, &ev));
  EXPECT(epoll_wait(epfd, &ev, 1, WAIT_MS), 1);
  edges = 1 + epoll_wait(epfd, &ev, 1, 0);          // no new edge yet
  EXPECT_COUNT(&r, edges, r.after, now_us());
  EXPECT(epoll_wait(epfd, &ev, 1, WAIT_MS), 1);     // the next period's
  edges++;
  CHECK(edges >= 2);
  EXPECT_COUNT(&r, edges, r.after, now_us());
  CHECK(take(r.efd) >= edges);
  TRY(close(epfd));
}

/* ---- races -------------------------------------------------------------- */

// Two processes open, set (1 ms) and close tickers and eventfds many
// times, in both orders, often right as a signal comes: the hang-up
// racing ticker_fire on other harts. Nothing may leak or crash.
static void
churn(void)
{
  struct memstat m0;
  int pid[2], st;

  stats(&m0);
  for(int w = 0; w < 2; w++){
    pid[w] = TRY(fork());
    if(pid[w] == 0){
      for(int i = 0; i < 150; i++){
        struct reg r;
        reg_start(&r, 1, 0);
        if(i % 3 == 0)
          await_readable(r.efd);
        if((i + w) % 2 == 0){
          TRY(close(r.efd));
          if(i % 5 == 0)
            nap(2);
          TRY(close(r.tfd));
        } else {
          TRY(close(r.tfd));
          TRY(close(r.efd));
        }
      }
      exit(0);
    }
  }
  for(int w = 0; w < 2; w++){
    int got = wait(&st);
    CHECK(got == pid[0] || got == pid[1]);
    EXPECT(st, 0);
  }
  EXPECT_NO_LEAK(m0);
}

/* ---- the runner --------------------------------------------------------- */

static const struct testcase tests[] = {
  { "first_signal", first_signal },
  { "periodic", periodic },
  { "accumulate", accumulate },
  { "semaphore", semaphore },
  { "saturate", saturate },
  { "blocking_read", blocking_read },
  { "close_ticker", close_ticker },
  { "dup_ticker", dup_ticker },
  { "close_eventfd", close_eventfd },
  { "dup_eventfd", dup_eventfd },
  { "exit_running", exit_running },
  { "two_tickers", two_tickers },
  { "set_errors", set_errors },
  { "busy_shared", busy_shared },
  { "epoll_wakeup", epoll_wakeup },
  { "epoll_edge", epoll_edge },
  { "churn", churn },
};

int
main(int argc, char *argv[])
{
  static char why[300];
  struct memstat before;

  harness_start("tickertest", tests, NELEM(tests), argc, argv);
  if(memstat(&before) < 0){
    printf("tickertest: memstat: %s\n", errname(errno));
    memset(&before, 0, sizeof(before));
  }
  harness_run();
  result("leaks", memstat_settled(&before, why, sizeof(why)) ? why : 0);
  return harness_end();
}
