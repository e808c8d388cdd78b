/*
 * timerfd: timers read from a file descriptor, each rule from
 * timerfd_create(2): the clocks a timer may run on and the flags
 * TFD_NONBLOCK and TFD_CLOEXEC; timerfd_settime relative and
 * TFD_TIMER_ABSTIME, one-shot and periodic, the old setting it returns,
 * disarming with a zero value; timerfd_gettime; a read returns the
 * expirations counted since the last one as 8 bytes, and they accumulate
 * while nobody reads; a timer never fires early; setting a timer replaces
 * what it had, expirations not yet read included; the errors. The alarm
 * clocks; a fork sharing one timer. Polling and epoll are tfdepoll's.
 *
 * Times are never printed, only whether they lie within bounds, and the
 * bounds are exact by construction: each is measured with CLOCK_MONOTONIC
 * around the calls, so no load can flip them ("the timer fired no sooner
 * than 20 ms after the clock read just before arming it"). Every wait for
 * an expiration is a poll with a 10 s bound, or a blocking read in a
 * child that wait_child() kills after 10 s.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/timerfd.h>
#include "check.h"

#define MONO CLOCK_MONOTONIC

// One expiration due: 1 once fd polls readable within 10 s.
static int
fired(int fd)
{
  return poll_in(fd, 10000);
}

// 1 if ts lies within [lo, hi] ns.
static int
within(struct timespec ts, int64_t lo, int64_t hi)
{
  return ns_of(ts) >= lo && ns_of(ts) <= hi;
}

// timerfd_gettime(fd): 1 if the period is interval and the time left is
// within [lo, hi] ns.
static int
left_within(int fd, int64_t lo, int64_t hi, int64_t interval)
{
  struct itimerspec cur;

  return timerfd_gettime(fd, &cur) == 0 &&
         ns_of(cur.it_interval) == interval && within(cur.it_value, lo, hi);
}

// timerfd_gettime(fd) on a one-shot armed for length ns when clock MONO
// read t0: 1 if the time left is no more than length, and no less than
// length less the time from t0 to the clock read after the call.
static int
left_since(int fd, int64_t t0, int64_t length)
{
  struct itimerspec cur;
  int r = timerfd_gettime(fd, &cur);
  int64_t since = now_ns(MONO) - t0;

  return r == 0 && ns_of(cur.it_interval) == 0 &&
         within(cur.it_value, length - since, length);
}

// timerfd_create(2): a timer on CLOCK_REALTIME, CLOCK_MONOTONIC or
// CLOCK_BOOTTIME. TFD_NONBLOCK is O_NONBLOCK on the open file,
// TFD_CLOEXEC FD_CLOEXEC on the fd; without them, neither. A new timer
// is disarmed: timerfd_gettime gives zeros, a read EAGAIN.
static void
create(void)
{
  static const struct {
    clockid_t clk;
    const char *name;
  } clocks[] = {
    { CLOCK_REALTIME, "CLOCK_REALTIME" },
    { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
    { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
  };
  char what[96];
  int i, fd;

  for (i = 0; i < 3; i++) {
    fd = timerfd_create(clocks[i].clk, TFD_NONBLOCK | TFD_CLOEXEC);
    snprintf(what, sizeof(what),
             "timerfd_create(%s, TFD_NONBLOCK | TFD_CLOEXEC): an fd",
             clocks[i].name);
    expect_yes(what, fd >= 0);
    expect_yes("FD_CLOEXEC set", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    expect_yes("O_NONBLOCK set", fcntl(fd, F_GETFL) & O_NONBLOCK);
    expect_yes("timerfd_gettime: disarmed, all zeros",
               left_within(fd, 0, 0, 0));
    expect_ret("read", tfd_read(fd), -EAGAIN);
    close(fd);
  }
  fd = timerfd_create(CLOCK_MONOTONIC, 0);
  expect_yes("timerfd_create(CLOCK_MONOTONIC, 0): FD_CLOEXEC, O_NONBLOCK: "
             "neither", fd >= 0 && !(fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
             !(fcntl(fd, F_GETFL) & O_NONBLOCK));
  close(fd);
}

// timerfd_create(2): EINVAL for a clock other than those three and the
// alarm clocks (the CPU-time clocks, CLOCK_MONOTONIC_RAW, the coarse
// clocks, CLOCK_TAI, numbers no clock has) and for unknown flags, the
// settime flag TFD_TIMER_ABSTIME among them.
static void
create_errors(void)
{
  static const struct {
    clockid_t clk;
    const char *name;
  } bad[] = {
    { -1, "-1" },
    { CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" },
    { CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
    { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
    { CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE" },
    { CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
    { CLOCK_TAI, "CLOCK_TAI" },
    { 99, "99" },
  };
  char what[80];
  int i;

  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    snprintf(what, sizeof(what), "timerfd_create(%s, 0)", bad[i].name);
    expect_ret(what, sysret(timerfd_create(bad[i].clk, 0)), -EINVAL);
  }
  expect_ret("timerfd_create(CLOCK_MONOTONIC, 0x1234)",
             sysret(timerfd_create(CLOCK_MONOTONIC, 0x1234)), -EINVAL);
  expect_ret("timerfd_create(CLOCK_MONOTONIC, TFD_TIMER_ABSTIME)",
             sysret(timerfd_create(CLOCK_MONOTONIC, TFD_TIMER_ABSTIME)),
             -EINVAL);
}

// CLOCK_REALTIME_ALARM and CLOCK_BOOTTIME_ALARM need CAP_WAKE_ALARM, or
// timerfd_create is EPERM. glibc.sh runs as root, so Linux makes the
// timer, RTC or none (this host has none: only timer_create(2) asks for
// one, to wake the machine from suspend), and it fires as a plain timer.
static void
alarm_clocks(void)
{
  static const struct {
    clockid_t clk;
    const char *name;
  } clocks[] = {
    { CLOCK_REALTIME_ALARM, "CLOCK_REALTIME_ALARM" },
    { CLOCK_BOOTTIME_ALARM, "CLOCK_BOOTTIME_ALARM" },
  };
  char what[80];
  int i, fd;

  for (i = 0; i < 2; i++) {
    fd = timerfd_create(clocks[i].clk, TFD_NONBLOCK);
    snprintf(what, sizeof(what), "timerfd_create(%s, TFD_NONBLOCK): an fd",
             clocks[i].name);
    expect_yes(what, fd >= 0);
    expect_ret("armed for 1 ms", tfd_arm(fd, 0, MS, 0), 0);
    expect_yes("it fires", fired(fd));
    expect_ret("read", tfd_read(fd), 1);
    close(fd);
  }
}

// timerfd_settime(2): the new setting replaces the old, which comes back
// in old_value, its it_value the time that was left (0 for a timer that
// is disarmed, or a one-shot that has fired). timerfd_gettime gives the
// same; a periodic timer's it_value is the time to the next expiration,
// its it_interval the period, exactly as set.
static void
settime_gettime(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  struct itimerspec its = { ts_of(0), ts_of(10 * SEC) }, old;
  int64_t t0;

  expect_ret("timerfd_settime(10 s), old_value",
             sysret(timerfd_settime(fd, 0, &its, &old)), 0);
  expect_yes("old_value: all zeros", ns_of(old.it_value) == 0 &&
             ns_of(old.it_interval) == 0);
  t0 = now_ns(MONO);
  timerfd_settime(fd, 0, &its, 0);
  expect_yes("timerfd_gettime: at most 10 s left, no less than 10 s less "
             "the time since arming", left_since(fd, t0, 10 * SEC));
  its = (struct itimerspec){ ts_of(250 * MS), ts_of(2 * SEC) };
  timerfd_settime(fd, 0, &its, &old);
  expect_yes("timerfd_settime(2 s, every 250 ms): old_value, the 10 s "
             "one-shot's time left", ns_of(old.it_interval) == 0 &&
             within(old.it_value, 10 * SEC - (now_ns(MONO) - t0), 10 * SEC));
  expect_yes("timerfd_gettime: it_interval 250 ms, it_value at most 2 s",
             left_within(fd, 1, 2 * SEC, 250 * MS));
  expect_ret("read, not yet fired", tfd_read(fd), -EAGAIN);
  tfd_arm(fd, 0, 1, 0);
  expect_yes("set to a one-shot of 1 ns: fires", fired(fd));
  expect_yes("timerfd_gettime once it fired: all zeros",
             left_within(fd, 0, 0, 0));
  timerfd_settime(fd, 0, &its, &old);
  expect_yes("settime after it fired: old_value all zeros",
             ns_of(old.it_value) == 0 && ns_of(old.it_interval) == 0);
  close(fd);
}

// A read gives the expirations counted since the last read and resets
// the count: a one-shot's read is 1, and the next EAGAIN. A buffer
// smaller than 8 bytes is EINVAL, expiration pending or not; a larger
// one takes 8. write(2) is EINVAL: a timerfd has no write.
static void
reading(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  char buf[16];

  expect_ret("read into 7 bytes, nothing pending",
             sysret(read(fd, buf, 7)), -EINVAL);
  tfd_arm(fd, 0, MS, 0);
  expect_yes("a one-shot of 1 ms fires", fired(fd));
  expect_ret("read into 7 bytes", sysret(read(fd, buf, 7)), -EINVAL);
  expect_ret("read into 16 bytes", sysret(read(fd, buf, 16)), 8);
  expect_ret("the count read", *(uint64_t *)buf, 1);
  expect_ret("read again", tfd_read(fd), -EAGAIN);
  expect_ret("write", sysret(write(fd, buf, 8)), -EINVAL);
  close(fd);
}

/*
 * Expirations accumulate while nobody reads: a 1 ms timer left 50 ms
 * reads 50 or more. Exactly, the count is no less than the whole ms
 * between the clock read after arming and the one before reading, and no
 * more than those between the clock read before arming and the one after
 * reading: a count past those would be a timer that fired early.
 */
static void
accumulate(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  struct timespec nap = ts_of(50 * MS);
  int64_t t0, t1, t2, t3;
  long n;

  t0 = now_ns(MONO);
  tfd_arm(fd, 0, MS, MS);
  t1 = now_ns(MONO);
  nanosleep(&nap, 0);
  t2 = now_ns(MONO);
  n = tfd_read(fd);
  t3 = now_ns(MONO);
  expect_yes("every 1 ms, 50 ms unread: read 50 or more", n >= 50);
  expect_yes("no fewer than the ms it surely ran, no more than it may have",
             n >= (t2 - t1) / MS && n <= (t3 - t0) / MS);
  close(fd);
}

// The blocking reads, in a child (wait_child ends a read that never
// returns). A one-shot of 20 ms read blocking returns 1, no sooner than
// 20 ms after arming; a timer of every 10 ms read blocking until 10
// expirations are counted: each read at least 1, never ahead of the time.
static void
blocking_child(void)
{
  int fd = timerfd_create(MONO, 0), ahead = 0, short_read = 0;
  int64_t t0 = now_ns(MONO);
  long n, total = 0;

  tfd_arm(fd, 0, 20 * MS, 0);
  expect_ret("one-shot of 20 ms: blocking read", tfd_read(fd), 1);
  expect_yes("no sooner than 20 ms after arming",
             now_ns(MONO) - t0 >= 20 * MS);
  t0 = now_ns(MONO);
  tfd_arm(fd, 0, 10 * MS, 10 * MS);
  while (total < 10) {
    n = tfd_read(fd);
    if (n < 1) {
      short_read = 1;
      break;
    }
    total += n;
    if (total > (now_ns(MONO) - t0) / (10 * MS))
      ahead = 1;
  }
  expect_yes("every 10 ms, blocking reads until 10: each read 1 or more",
             !short_read);
  expect_yes("the count never ahead of the time", !ahead);
  close(fd);
}

static void
blocking(void)
{
  sig_child("blocking reads: the child", blocking_child, "exit 0");
}

// TFD_TIMER_ABSTIME: it_value is a time on the timer's clock. One in the
// future fires no sooner than it; one in the past at once, and a one-shot
// counts 1. A periodic timer whose start is 25 s past on CLOCK_REALTIME,
// every 10 s, has fired 3 times (at -25, -15 and -5 s) and is due in 5 s,
// all counted in the first read. So has one started before the machine
// booted (59 min 50 s ago, every 10 min: 6 times, due in 10 s), which a
// kernel that counts from its boot gets wrong.
static void
absolute(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  int64_t when = now_ns(MONO) + 30 * MS, t0;
  struct itimerspec cur;

  expect_ret("TFD_TIMER_ABSTIME, 30 ms from now",
             tfd_arm(fd, TFD_TIMER_ABSTIME, when, 0), 0);
  expect_yes("it fires", fired(fd));
  expect_yes("no sooner than the time set", now_ns(MONO) >= when);
  expect_ret("read", tfd_read(fd), 1);
  tfd_arm(fd, TFD_TIMER_ABSTIME, 1, 0);
  expect_yes("TFD_TIMER_ABSTIME, 1 ns after the clock's start: fires",
             fired(fd));
  expect_ret("read", tfd_read(fd), 1);
  expect_ret("read again", tfd_read(fd), -EAGAIN);
  t0 = now_ns(MONO);
  tfd_arm(rt, TFD_TIMER_ABSTIME, now_ns(CLOCK_REALTIME) - 25 * SEC,
          10 * SEC);
  expect_yes("CLOCK_REALTIME, started 25 s ago, every 10 s: fires",
             fired(rt));
  expect_ret("read", tfd_read(rt), 3);
  timerfd_gettime(rt, &cur);
  expect_yes("timerfd_gettime: it_interval 10 s, due in 5 s at most, no "
             "less than 5 s less the time since arming",
             ns_of(cur.it_interval) == 10 * SEC &&
             within(cur.it_value, 5 * SEC - (now_ns(MONO) - t0), 5 * SEC));
  t0 = now_ns(MONO);
  tfd_arm(rt, TFD_TIMER_ABSTIME, now_ns(CLOCK_REALTIME) - 3590 * SEC,
          600 * SEC);
  expect_ret("CLOCK_REALTIME, started 59 min 50 s ago (before the test "
             "machine booted), every 10 min: read", tfd_read(rt), 6);
  timerfd_gettime(rt, &cur);
  expect_yes("timerfd_gettime: due in 10 s at most, no less than 10 s "
             "less the time since arming",
             within(cur.it_value, 10 * SEC - (now_ns(MONO) - t0), 10 * SEC));
  close(rt);
  close(fd);
}

/*
 * timerfd_settime on a timer that is armed replaces its setting; on one
 * that has fired, the expirations not yet read are dropped: the count
 * starts again at 0. A zero it_value disarms, whatever it_interval is,
 * and drops them too; timerfd_gettime then still gives the it_interval
 * set (Linux keeps it: timerfd_setup stores it before looking at
 * it_value).
 */
static void
rearm(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);
  struct itimerspec its = { ts_of(0), ts_of(20 * MS) }, old;
  int64_t t0, t1;

  t0 = now_ns(MONO);
  tfd_arm(fd, 0, 60 * SEC, 0);
  t1 = now_ns(MONO);
  timerfd_settime(fd, 0, &its, &old);
  expect_yes("armed for 60 s, set to 20 ms: old_value, 60 s at most, no "
             "less than 60 s less the time since arming",
             ns_of(old.it_interval) == 0 &&
             within(old.it_value, 60 * SEC - (now_ns(MONO) - t0), 60 * SEC));
  expect_yes("it fires", fired(fd));
  expect_yes("no sooner than 20 ms after", now_ns(MONO) - t1 >= 20 * MS);
  expect_ret("read", tfd_read(fd), 1);
  tfd_arm(fd, 0, MS, 0);
  expect_yes("a one-shot of 1 ms fires", fired(fd));
  expect_ret("set to 60 s before the read", tfd_arm(fd, 0, 60 * SEC, 0), 0);
  expect_ret("read: the expiration was dropped", tfd_read(fd), -EAGAIN);
  tfd_arm(fd, 0, MS, MS);
  expect_yes("every 1 ms: fires", fired(fd));
  its = (struct itimerspec){ ts_of(0), ts_of(0) };
  timerfd_settime(fd, 0, &its, &old);
  expect_yes("disarmed: old_value, it_interval 1 ms, it_value 1 ms at most",
             ns_of(old.it_interval) == MS && within(old.it_value, 0, MS));
  expect_ret("read: the expirations were dropped", tfd_read(fd), -EAGAIN);
  expect_yes("timerfd_gettime: all zeros", left_within(fd, 0, 0, 0));
  expect_ret("it_value 0, it_interval 1 s", tfd_arm(fd, 0, 0, SEC), 0);
  expect_yes("timerfd_gettime: it_value 0, it_interval 1 s",
             left_within(fd, 0, 0, SEC));
  expect_ret("TFD_TIMER_ABSTIME, it_value 0",
             tfd_arm(fd, TFD_TIMER_ABSTIME, 0, 0), 0);
  expect_yes("timerfd_gettime: all zeros", left_within(fd, 0, 0, 0));
  close(fd);
}

// The clocks other than CLOCK_MONOTONIC fire as well, relative: a
// one-shot of 10 ms on CLOCK_REALTIME and on CLOCK_BOOTTIME.
static void
other_clocks(void)
{
  int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  int bt = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK);

  tfd_arm(rt, 0, 10 * MS, 0);
  tfd_arm(bt, 0, 10 * MS, 0);
  expect_yes("CLOCK_REALTIME, 10 ms: fires", fired(rt));
  expect_ret("read", tfd_read(rt), 1);
  expect_yes("CLOCK_BOOTTIME, 10 ms: fires", fired(bt));
  expect_ret("read", tfd_read(bt), 1);
  close(rt);
  close(bt);
}

/*
 * timerfd_settime(2) and timerfd_gettime(2) errors: EINVAL for unknown
 * flags (TFD_TIMER_CANCEL_ON_SET is known: accepted, and inert on a
 * CLOCK_MONOTONIC timer), for a tv_nsec out of 0..999,999,999 or a
 * negative tv_sec in either half of the itimerspec, and for an fd that
 * is no timerfd; EBADF for an fd not open; EFAULT for new_value or
 * curr_value out of the address space. A call that fails so leaves the
 * timer as it was. An old_value out of it is EFAULT too, but only once
 * the new setting is in place: the timer is armed all the same.
 */
static void
settime_errors(void)
{
  static const struct {
    struct itimerspec its;              // { it_interval, it_value }
    const char *name;
  } bad[] = {
    { { { 0, 0 }, { 0, -1 } }, "it_value.tv_nsec -1" },
    { { { 0, 0 }, { 0, 1000000000 } }, "it_value.tv_nsec 1e9" },
    { { { 0, 0 }, { -1, 0 } }, "it_value.tv_sec -1" },
    { { { 0, -1 }, { 1, 0 } }, "it_interval.tv_nsec -1" },
    { { { 0, 1000000000 }, { 1, 0 } }, "it_interval.tv_nsec 1e9" },
    { { { -1, 0 }, { 1, 0 } }, "it_interval.tv_sec -1" },
    { { { 0, -1 }, { 0, 0 } }, "it_value 0, it_interval.tv_nsec -1" },
  };
  int fd = timerfd_create(MONO, TFD_NONBLOCK), p[2], i;
  struct itimerspec its = { ts_of(0), ts_of(60 * SEC) }, cur;
  char what[80];
  int64_t t0;

  pipe(p);
  expect_ret("timerfd_settime, flags 4",
             sysret(timerfd_settime(fd, 4, &its, 0)), -EINVAL);
  expect_ret("flags 0x100", sysret(timerfd_settime(fd, 0x100, &its, 0)),
             -EINVAL);
  expect_ret("flags TFD_TIMER_CANCEL_ON_SET",
             sysret(timerfd_settime(fd, TFD_TIMER_CANCEL_ON_SET, &its, 0)),
             0);
  t0 = now_ns(MONO);
  tfd_arm(fd, 0, 60 * SEC, 0);
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    snprintf(what, sizeof(what), "timerfd_settime, %s", bad[i].name);
    expect_ret(what, sysret(timerfd_settime(fd, 0, &bad[i].its, 0)),
               -EINVAL);
  }
  expect_ret("new_value NULL", sysret(timerfd_settime(fd, 0, 0, 0)),
             -EFAULT);
  expect_ret("new_value unmapped",
             sysret(timerfd_settime(fd, 0, bad_ptr(), 0)), -EFAULT);
  expect_yes("after those: still armed as before", left_since(fd, t0,
             60 * SEC));
  expect_ret("timerfd_gettime, curr_value unmapped",
             sysret(timerfd_gettime(fd, bad_ptr())), -EFAULT);
  tfd_arm(fd, 0, 0, 0);
  its = (struct itimerspec){ ts_of(0), ts_of(30 * SEC) };
  t0 = now_ns(MONO);
  expect_ret("timerfd_settime, old_value unmapped",
             sysret(timerfd_settime(fd, 0, &its, bad_ptr())), -EFAULT);
  expect_yes("armed all the same, for 30 s", left_since(fd, t0, 30 * SEC));
  expect_ret("timerfd_settime on a pipe",
             sysret(timerfd_settime(p[0], 0, &its, 0)), -EINVAL);
  expect_ret("timerfd_gettime on a pipe",
             sysret(timerfd_gettime(p[0], &cur)), -EINVAL);
  close(p[0]);
  close(p[1]);
  expect_ret("timerfd_settime on a closed fd",
             sysret(timerfd_settime(p[0], 0, &its, 0)), -EBADF);
  expect_ret("timerfd_gettime on a closed fd",
             sysret(timerfd_gettime(p[0], &cur)), -EBADF);
  expect_ret("timerfd_settime on fd -1",
             sysret(timerfd_settime(-1, 0, &its, 0)), -EBADF);
  close(fd);
}

/*
 * read(2) into a buffer out of the address space, an expiration pending:
 * EFAULT. What becomes of the count then is left out, as is the same read
 * with nothing pending: Linux takes the count first and then fails the
 * copy (the expiration is lost; with nothing pending a non-blocking read
 * is EAGAIN, the buffer never touched), while qemu-riscv64 checks the
 * buffer before it calls the host's read (EFAULT both times, the count
 * kept). The timer is disarmed after, which drops whatever is left.
 */
static void
read_efault(void)
{
  int fd = timerfd_create(MONO, TFD_NONBLOCK);

  tfd_arm(fd, 0, MS, 0);
  expect_yes("a one-shot of 1 ms fires", fired(fd));
  expect_ret("read into an unmapped buffer",
             sysret(read(fd, bad_ptr(), 8)), -EFAULT);
  tfd_arm(fd, 0, 0, 0);
  expect_ret("disarmed: read", tfd_read(fd), -EAGAIN);
  close(fd);
}

static int shared_fd;                   // the timer across the fork

static void
read_shared(void)
{
  expect_yes("fork: the child polls the parent's timer: fires",
             fired(shared_fd));
  expect_ret("the child reads it", tfd_read(shared_fd), 1);
}

// After fork the child's fd is the same open file as the parent's: the
// child reads the expiration of the timer the parent armed, and the
// parent then finds nothing to read.
static void
across_fork(void)
{
  shared_fd = timerfd_create(MONO, TFD_NONBLOCK);
  tfd_arm(shared_fd, 0, 10 * MS, 0);
  sig_child("fork: the child's checks", read_shared, "exit 0");
  expect_ret("fork: then the parent reads", tfd_read(shared_fd), -EAGAIN);
  close(shared_fd);
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
  create();
  create_errors();
  alarm_clocks();
  settime_gettime();
  reading();
  accumulate();
  blocking();
  absolute();
  rearm();
  other_clocks();
  settime_errors();
  read_efault();
  across_fork();
  return check_done();
}
