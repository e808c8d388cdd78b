/*
 * diff_time: the clocks and sleeping on them: clock_gettime on the wall
 * and since-boot clocks, gettimeofday against CLOCK_REALTIME,
 * clock_getres, nanosleep and clock_nanosleep (relative, TIMER_ABSTIME
 * in the past and the future), their argument errors, sched_yield. Times
 * are never printed, only how they relate ("yes", "no").
 *
 * clock_nanosleep is called as the system call (-1 and errno): glibc's
 * function returns the error number.
 */
#include "diff.h"

#include <sched.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#define raw_clock_nanosleep(c, f, req, rem) \
  syscall(SYS_clock_nanosleep, (c), (f), (req), (rem))

static long
ns_of(const struct timespec *ts)
{
  return ts->tv_sec * 1000000000L + ts->tv_nsec;
}

static long
now_ns(int clk)
{
  struct timespec ts;

  clock_gettime(clk, &ts);
  return ns_of(&ts);
}

CASE(clocks_read)
{
  static const int clks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME };
  char line[128] = "";
  struct timespec ts;
  int i;

  for (i = 0; i < 3; i++) {
    long r = clock_gettime(clks[i], &ts);
    snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s %s",
             i ? "; " : "", res(r),
             ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 ? "valid" : "bad");
  }
  say("%s; realtime after 2020: %s", line,
      now_ns(CLOCK_REALTIME) / 1000000000L > 1577836800L ? "yes" : "no");
}

// (Not a bad pointer: Linux reads its clocks in the vDSO, in user mode,
// where one is a fault, not EFAULT.)
CASE(clocks_bad)
{
  struct timespec ts;

  say("gettime -1: %s; getres 99: %s", res(clock_gettime(-1, &ts)),
      res(clock_getres(99, &ts)));
}

CASE(clock_getres_fine)
{
  struct timespec ts = { 9, 9 };
  const char *r = res(clock_getres(CLOCK_MONOTONIC, &ts));

  say("%s; at most 1 us: %s; NULL: %s", r,
      ts.tv_sec == 0 && ts.tv_nsec > 0 && ts.tv_nsec <= 1000 ? "yes" : "no",
      res(clock_getres(CLOCK_REALTIME, 0)));
}

CASE(gettimeofday_agrees)
{
  struct timeval tv;
  long r = gettimeofday(&tv, 0), rt = now_ns(CLOCK_REALTIME) / 1000;
  long us = tv.tv_sec * 1000000L + tv.tv_usec;

  say("%s; within 1 s of CLOCK_REALTIME: %s; usec valid: %s", res(r),
      us <= rt && rt - us < 1000000 ? "yes" : "no",
      tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");
}

// A nanosleep that completes leaves rem alone; it waited long enough.
CASE(nanosleep_rem_untouched)
{
  struct timespec req = { 0, 20000000 }, rem = { 7, 7 };
  long t0 = now_ns(CLOCK_MONOTONIC), r = nanosleep(&req, &rem);

  say("%s; slept 20 ms: %s; rem {%ld, %ld}", res(r),
      now_ns(CLOCK_MONOTONIC) - t0 >= 20000000 ? "yes" : "no",
      (long)rem.tv_sec, (long)rem.tv_nsec);
}

CASE(nanosleep_bad)
{
  struct timespec ns = { 0, 1000000000 }, neg = { -1, 0 };

  say("nsec 10^9: %s; sec -1: %s; unreadable: %s", res(nanosleep(&ns, 0)),
      res(nanosleep(&neg, 0)), res(nanosleep((void *)opaque(1), 0)));
}

CASE(clock_nanosleep_relative)
{
  struct timespec req = { 0, 20000000 };
  long t0 = now_ns(CLOCK_MONOTONIC);
  long r = raw_clock_nanosleep(CLOCK_MONOTONIC, 0, &req, 0);

  say("%s; slept 20 ms: %s", res(r),
      now_ns(CLOCK_MONOTONIC) - t0 >= 20000000 ? "yes" : "no");
}

// TIMER_ABSTIME: a time already past returns at once; one 30 ms ahead
// on the wall clock waits until the wall clock has reached it.
CASE(clock_nanosleep_abstime)
{
  struct timespec past = { 0, 0 }, ahead;
  long t0 = now_ns(CLOCK_MONOTONIC), r1, r2, target;

  r1 = raw_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, 0);
  target = now_ns(CLOCK_REALTIME) + 30000000;
  ahead.tv_sec = target / 1000000000L;
  ahead.tv_nsec = target % 1000000000L;
  r2 = raw_clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ahead, 0);
  say("past: %s; ahead: %s, reached: %s; the past one was quick: %s",
      res(r1), res(r2), now_ns(CLOCK_REALTIME) >= target ? "yes" : "no",
      now_ns(CLOCK_MONOTONIC) - t0 < 1000000000L ? "yes" : "no");
}

CASE(clock_nanosleep_bad)
{
  struct timespec ok = { 0, 1000 }, ns = { 0, 1000000000 };

  say("clock -1: %s; clock 99: %s; nsec 10^9: %s; unreadable: %s",
      res(raw_clock_nanosleep(-1, 0, &ok, 0)),
      res(raw_clock_nanosleep(99, 0, &ok, 0)),
      res(raw_clock_nanosleep(CLOCK_MONOTONIC, 0, &ns, 0)),
      res(raw_clock_nanosleep(CLOCK_MONOTONIC, 0, (void *)opaque(1), 0)));
}

CASE(yield)
{
  say("%s", res(sched_yield()));
}

int
main(void)
{
  diff_begin("diff_time");
  RUN(clocks_read);
  RUN(clocks_bad);
  RUN(clock_getres_fine);
  RUN(gettimeofday_agrees);
  RUN(nanosleep_rem_untouched);
  RUN(nanosleep_bad);
  RUN(clock_nanosleep_relative);
  RUN(clock_nanosleep_abstime);
  RUN(clock_nanosleep_bad);
  RUN(yield);
  return diff_end("diff_time");
}
