/*
 * tfdepoll: a timerfd's readiness through poll(2), select(2) and
 * epoll(7), each rule checked on Linux (fs/timerfd.c timerfd_poll, and
 * the hrtimer behind it):
 *
 *   - the mask, asked for every bit: IN while expirations wait to be
 *     read, nothing otherwise (disarmed, armed and not yet fired, read,
 *     rearmed);
 *   - poll blocking until a one-shot fires, never sooner; a periodic
 *     timer read by a poll loop;
 *   - epoll LT, and ET: one event per expiration, and for a periodic
 *     timer none at all between reads, as Linux restarts its hrtimer
 *     only in read or timerfd_gettime;
 *   - a thread blocked in read, poll or epoll_wait, woken when the timer
 *     the main thread arms fires;
 *   - an event loop over three one-shots and a periodic timer;
 *   - closing an armed timer an epoll watches: the item goes with it.
 *
 * As in timerfd, times are never printed, only bounds measured around
 * the calls with CLOCK_MONOTONIC; every wait is bounded: 10 s where an
 * expiration is due, 100 ms where none may come, at once where nothing
 * is ready.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include "check.h"

#define MONO CLOCK_MONOTONIC
#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
             POLLWRNORM | POLLWRBAND | POLLRDHUP)

// What poll(2) says of fd within ms, asked for every bit: the mask, "0"
// if nothing came.
static const char *
pmask(int fd, int ms)
{
  struct pollfd p = { fd, ALL, 0 };

  if (poll(&p, 1, ms) < 0)
    return strerrorname_np(errno);
  return events_str(p.revents);
}

// One epoll_wait of up to ms: "none", or the events of the one item.
static const char *
ewait(int ep, int ms)
{
  struct epoll_event ev;
  int n = epoll_wait(ep, &ev, 1, ms);

  if (n < 0)
    return strerrorname_np(errno);
  return n == 0 ? "none" : events_str(ev.events);
}

// An epoll watching fd for EPOLLIN and the extra flags.
static int
watch(int fd, unsigned flags)
{
  int ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN | flags, .data.fd = fd };

  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  return ep;
}

// timerfd_poll: EPOLLIN while the count of expirations is not 0, and
// nothing else ever; select(2) agrees.
static void
masks(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  struct timeval tv = { 0, 0 };
  fd_set rs;

  expect_str("disarmed", pmask(fd, 0), "0");
  tfd_arm(fd, 0, 60 * SEC, 0);
  expect_str("armed for 60 s", pmask(fd, 0), "0");
  tfd_arm(fd, 0, MS, 0);
  expect_str("armed for 1 ms, polled up to 10 s", pmask(fd, 10000), "IN");
  FD_ZERO(&rs);
  FD_SET(fd, &rs);
  expect_ret("select: readable", select(fd + 1, &rs, 0, 0, &tv), 1);
  tfd_read(fd);
  expect_str("after the read", pmask(fd, 0), "0");
  FD_SET(fd, &rs);
  expect_ret("select after the read", select(fd + 1, &rs, 0, 0, &tv), 0);
  tfd_arm(fd, 0, MS, 0);
  expect_str("armed for 1 ms again", pmask(fd, 10000), "IN");
  tfd_arm(fd, 0, 60 * SEC, 0);
  expect_str("rearmed for 60 s, unread", pmask(fd, 0), "0");
  close(fd);
}

// poll(2) blocks until a one-shot of 20 ms fires, and returns no sooner;
// a timer of every 10 ms, polled and read until 10 expirations are
// counted: each poll IN, each read at least 1, the count never ahead of
// the time.
static void
poll_blocking(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK), bad = 0, ahead = 0;
  int64_t t0 = now_ns(MONO);
  long n, total = 0;

  tfd_arm(fd, 0, 20 * MS, 0);
  expect_str("one-shot of 20 ms: poll up to 10 s", pmask(fd, 10000), "IN");
  expect_yes("no sooner than 20 ms after arming",
             now_ns(MONO) - t0 >= 20 * MS);
  expect_ret("read", tfd_read(fd), 1);
  t0 = now_ns(MONO);
  tfd_arm(fd, 0, 10 * MS, 10 * MS);
  while (total < 10 && !bad) {
    bad = strcmp(pmask(fd, 10000), "IN") != 0 || (n = tfd_read(fd)) < 1;
    total += bad ? 0 : n;
    if (total > (now_ns(MONO) - t0) / (10 * MS))
      ahead = 1;
  }
  expect_yes("every 10 ms, poll and read until 10: each poll IN, each read "
             "1 or more", !bad);
  expect_yes("the count never ahead of the time", !ahead);
  close(fd);
}

// epoll LT: an expired timer is reported at every wait until it is read.
static void
epoll_lt(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK), ep = watch(fd, 0);

  expect_str("LT, disarmed", ewait(ep, 0), "none");
  tfd_arm(fd, 0, MS, 0);
  expect_str("LT, one-shot of 1 ms: wait up to 10 s", ewait(ep, 10000),
             "IN");
  expect_str("LT again", ewait(ep, 0), "IN");
  expect_ret("read", tfd_read(fd), 1);
  expect_str("LT after the read", ewait(ep, 0), "none");
  close(ep);
  close(fd);
}

/*
 * epoll ET: each expiration is one event. A one-shot fires once: one
 * event, then none. Rearmed before the read, it fires again: another
 * event, and the read counts only that one (settime dropped the first).
 *
 * A periodic timer is subtler. Linux's timerfd_tmrproc counts the
 * expiration, wakes the waiters and does not restart the hrtimer: the
 * periods that pass until someone reads are counted then, by
 * hrtimer_forward_now, which also restarts it (timerfd_gettime does the
 * same). So between reads there is one event, not one per period: every
 * 10 ms, unread for 100 ms, no second event; the read counts all that
 * passed, and the next period is an event again; so is the one after a
 * timerfd_gettime.
 */
static void
epoll_et(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK), ep = watch(fd, EPOLLET);
  struct itimerspec cur;
  int64_t t0, t1, t2, t3;
  long n;

  expect_str("ET, disarmed", ewait(ep, 0), "none");
  tfd_arm(fd, 0, MS, 0);
  expect_str("ET, one-shot of 1 ms: wait up to 10 s", ewait(ep, 10000),
             "IN");
  expect_str("ET again", ewait(ep, 0), "none");
  tfd_arm(fd, 0, MS, 0);
  expect_str("rearmed, unread: wait up to 10 s", ewait(ep, 10000), "IN");
  expect_str("ET again", ewait(ep, 0), "none");
  expect_ret("read", tfd_read(fd), 1);

  t0 = now_ns(MONO);
  tfd_arm(fd, 0, 10 * MS, 10 * MS);
  t1 = now_ns(MONO);
  expect_str("ET, every 10 ms: wait up to 10 s", ewait(ep, 10000), "IN");
  expect_str("ET, unread, wait up to 100 ms", ewait(ep, 100), "none");
  t2 = now_ns(MONO);
  n = tfd_read(fd);
  t3 = now_ns(MONO);
  expect_yes("read: 10 or more", n >= 10);
  expect_yes("no fewer than the periods it surely ran, no more than it may "
             "have", n >= (t2 - t1) / (10 * MS) && n <= (t3 - t0) / (10 * MS));
  expect_str("ET after the read: wait up to 10 s", ewait(ep, 10000), "IN");
  expect_str("ET, unread, wait up to 100 ms", ewait(ep, 100), "none");
  expect_ret("timerfd_gettime", sysret(timerfd_gettime(fd, &cur)), 0);
  expect_str("ET after timerfd_gettime: wait up to 10 s", ewait(ep, 10000),
             "IN");
  expect_str("ET, unread, wait up to 100 ms", ewait(ep, 100), "none");
  close(ep);
  close(fd);
}

// One thread blocked on a timerfd: in read, poll or epoll_wait (on an
// epoll of the timer, given as ep).
struct blocked {
  pthread_t thread;
  int fd, ep;
  long (*call)(struct blocked *);
  long got;                     // what the call returned
};

static long
call_read(struct blocked *b)
{
  return tfd_read(b->fd);
}

static long
call_poll(struct blocked *b)
{
  struct pollfd p = { b->fd, POLLIN, 0 };
  long n = sysret(poll(&p, 1, 10000));

  return n == 1 ? p.revents : n;
}

static long
call_epoll(struct blocked *b)
{
  struct epoll_event ev;
  long n = sysret(epoll_wait(b->ep, &ev, 1, 10000));

  return n == 1 ? ev.events : n;
}

static void *
run_blocked(void *arg)
{
  struct blocked *b = arg;

  b->got = b->call(b);
  return 0;
}

// Starts a thread blocked in call on fd; returns when it has started,
// whether or not it has blocked yet: the checks come out the same.
static void
start_blocked(struct blocked *b, long (*call)(struct blocked *), int fd,
              int ep)
{
  *b = (struct blocked){ .fd = fd, .ep = ep, .call = call };
  pthread_create(&b->thread, 0, run_blocked, b);
}

/*
 * A thread blocked on a disarmed timer, in a blocking read (fd without
 * TFD_NONBLOCK), in poll, in epoll_wait: the main thread arms the timer
 * for 10 ms, and the thread wakes with 1, IN, IN. The read's thread ran
 * in a child, which wait_child() kills if it never wakes. A thread
 * blocked in read while the timer is set from 60 s to 10 ms wakes at the
 * new time.
 */
static void
woken_child(void)
{
  int fd = timerfd_create(MONO, 0);
  struct blocked b;

  start_blocked(&b, call_read, fd, -1);
  tfd_arm(fd, 0, 10 * MS, 0);
  pthread_join(b.thread, 0);
  expect_ret("a thread in read, the timer armed for 10 ms: it read", b.got,
             1);
  tfd_arm(fd, 0, 60 * SEC, 0);
  start_blocked(&b, call_read, fd, -1);
  tfd_arm(fd, 0, 10 * MS, 0);
  pthread_join(b.thread, 0);
  expect_ret("a thread in read, the timer set from 60 s to 10 ms: it read",
             b.got, 1);
  close(fd);
}

static void
woken(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK), ep = watch(fd, 0);
  struct blocked b;

  sig_child("blocking reads: the child", woken_child, "exit 0");
  start_blocked(&b, call_poll, fd, -1);
  tfd_arm(fd, 0, 10 * MS, 0);
  pthread_join(b.thread, 0);
  expect_str("a thread in poll, the timer armed for 10 ms: it got",
             events_str(b.got), "IN");
  tfd_read(fd);
  start_blocked(&b, call_epoll, fd, ep);
  tfd_arm(fd, 0, 10 * MS, 0);
  pthread_join(b.thread, 0);
  expect_str("a thread in epoll_wait, the same: it got", events_str(b.got),
             "IN");
  close(ep);
  close(fd);
}

/*
 * An event loop: three one-shots a, b and c and a periodic timer p, in
 * one epoll (LT). a, b and c are set TFD_TIMER_ABSTIME from one time
 * base, to base + 300, + 100 and + 200 ms, and armed in the order they
 * fire (b, c, a): arming one late only makes it fire at once, after
 * those before it, so they fire in the order b, c, a however loaded the
 * machine. p fires every 20 ms all along. The loop reads what each event
 * reports until a has fired: each one-shot no sooner than its time; p's
 * count, read up to the end, lies within the periods measured around it.
 * One-shots that a stalled loop finds ready together, in one epoll_wait,
 * are listed in the order they were due: how epoll orders a batch is no
 * timer's business (and no promise of epoll(7)).
 */
static void
event_loop(void)
{
  int t[3], p = timerfd_create(MONO, TFD_NONBLOCK), ep = epoll_create1(0);
  static const int64_t at[3] = { 300 * MS, 100 * MS, 200 * MS };
  static const int order[3] = { 1, 2, 0 };    // b, c, a: as they fire
  struct epoll_event ev[4];
  int64_t base, t0, t1, t2, t3;
  char seen[64] = "";
  int i, j, n, len = 0, done = 0, rounds = 0, early = 0;
  long pn = 0, r, got[3];

  for (i = 0; i < 3; i++) {
    t[i] = timerfd_create(MONO, TFD_NONBLOCK);
    ev[0] = (struct epoll_event){ .events = EPOLLIN, .data.u32 = i };
    epoll_ctl(ep, EPOLL_CTL_ADD, t[i], &ev[0]);
  }
  ev[0] = (struct epoll_event){ .events = EPOLLIN, .data.u32 = 3 };
  epoll_ctl(ep, EPOLL_CTL_ADD, p, &ev[0]);
  t0 = now_ns(MONO);
  tfd_arm(p, 0, 20 * MS, 20 * MS);
  t1 = now_ns(MONO);
  base = now_ns(MONO);
  for (i = 0; i < 3; i++)
    tfd_arm(t[order[i]], TFD_TIMER_ABSTIME, base + at[order[i]], 0);
  while (!done && rounds++ < 1000 && (n = epoll_wait(ep, ev, 4, 10000)) > 0) {
    got[0] = got[1] = got[2] = 0;
    for (j = 0; j < n; j++) {
      i = ev[j].data.u32;
      if (i == 3) {
        pn += tfd_read(p);
        continue;
      }
      got[i] = tfd_read(t[i]);
      early |= now_ns(MONO) < base + at[i];
      done |= i == 0;
    }
    for (j = 0; j < 3; j++)
      if (got[order[j]])
        len += snprintf(seen + len, sizeof(seen) - len, "%s%c %ld",
                        len ? ", " : "", 'a' + order[j], got[order[j]]);
  }
  t2 = now_ns(MONO);
  r = tfd_read(p);
  t3 = now_ns(MONO);
  pn += r > 0 ? r : 0;
  expect_str("event loop: the one-shots read, in order", seen,
             "b 1, c 1, a 1");
  expect_yes("each read no sooner than its time", !early);
  expect_yes("p, every 20 ms: counted no fewer than the periods it surely "
             "ran, no more than it may have",
             pn >= (t2 - t1) / (20 * MS) && pn <= (t3 - t0) / (20 * MS));
  for (i = 0; i < 3; i++)
    close(t[i]);
  close(p);
  close(ep);
}

/*
 * Closing a timerfd's only fd while its timer runs (every 1 ms, expired
 * and unread) releases the file, and the epoll watching it loses the
 * item: epoll(7), "closing a file descriptor causes it to be removed
 * from all epoll interest lists" (when no other fd refers to the open
 * file). Nothing is reported after, and the fd number is free for the
 * next file.
 */
static void
close_armed(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK), ep = watch(fd, 0), again;

  tfd_arm(fd, 0, MS, MS);
  expect_str("every 1 ms, watched: wait up to 10 s", ewait(ep, 10000), "IN");
  expect_ret("close it, armed and unread", sysret(close(fd)), 0);
  expect_str("then the epoll", ewait(ep, 0), "none");
  expect_str("wait up to 100 ms", ewait(ep, 100), "none");
  again = timerfd_create(MONO, TFD_NONBLOCK);
  expect_yes("a new timerfd takes the same fd number", again == fd);
  tfd_arm(again, 0, MS, 0);
  expect_str("armed for 1 ms, not watched: the epoll, up to 100 ms",
             ewait(ep, 100), "none");
  close(again);
  close(ep);
}

int
main(void)
{
  int fd;

  setvbuf(stdout, 0, _IONBF, 0);
  // Without timerfd every check after would wait out its bound.
  if ((fd = timerfd_create(CLOCK_MONOTONIC, 0)) < 0) {
    printf("timerfd_create: %s: nothing to check\n", strerrorname_np(errno));
    return 1;
  }
  close(fd);
  masks();
  poll_blocking();
  epoll_lt();
  epoll_et();
  woken();
  event_loop();
  close_armed();
  return check_done();
}
