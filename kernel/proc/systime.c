/*
 * The time system calls: reading the clocks (clock_gettime, clock_getres,
 * gettimeofday, and nudge's own uptime) and sleeping on them (nanosleep,
 * clock_nanosleep).
 *
 * The clocks: CLOCK_MONOTONIC, its _RAW and _COARSE forms, and
 * CLOCK_BOOTTIME all count the timer's 100 ns units since boot (the
 * machine never suspends, so they are one clock); CLOCK_REALTIME and
 * _COARSE read the RTC's nanoseconds since 1970 (dev/rtc.c). A sleep is
 * a deadline on the timer (proc/timer.c), so a sleep on the wall clock
 * is converted when it starts. CPU-time clocks are -EINVAL: nudge does
 * not count CPU time.
 *
 * For other sleepers (futex's timeouts), systime.h: read_timespec()
 * reads and checks a user's timespec, clock_deadline() turns a time on
 * a clock into a timer deadline.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "proc/systime.h"
#include "mm/vm.h"
#include "dev/rtc.h"
#include "nudge/errno.h"
#include "nudge/time.h"

#define NSEC_PER_UNIT (NSEC_PER_SEC / TIMEBASE_HZ)
#define RESOLUTION_NS NSEC_PER_UNIT   // clock_getres: the timer's unit

static void
ns_to_timespec(uint64 ns, struct timespec *ts)
{
  ts->tv_sec = ns / NSEC_PER_SEC;
  ts->tv_nsec = ns % NSEC_PER_SEC;
}

// Is clk one of the wall clocks, one of the since-boot clocks, or none?
enum { NO_CLOCK, WALL, BOOT };

static int
clock_kind(int clk)
{
  switch(clk){
  case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
    return WALL;
  case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
  case CLOCK_BOOTTIME:
    return BOOT;
  }
  return NO_CLOCK;
}

// Now on a clock of this kind, in nanoseconds.
static uint64
clock_now_ns(int kind)
{
  return kind == WALL ? rtc_now_ns() : timer_now() * NSEC_PER_UNIT;
}

// Timer ticks since boot, HZ a second (xv6's uptime).
long
sys_uptime(void)
{
  return timer_now() / (TIMEBASE_HZ / HZ);
}

long
sys_clock_gettime(void)
{
  struct timespec ts;
  int kind = clock_kind(argint(0));

  if(kind == NO_CLOCK)
    return -EINVAL;
  ns_to_timespec(clock_now_ns(kind), &ts);
  if(copyout(myproc()->mm, argaddr(1), &ts, sizeof(ts)) < 0)
    return -EFAULT;
  return 0;
}

// clock_getres(clk, res): the timer's 100 ns; res may be NULL.
long
sys_clock_getres(void)
{
  struct timespec ts = { 0, RESOLUTION_NS };
  uint64 ures = argaddr(1);

  if(clock_kind(argint(0)) == NO_CLOCK)
    return -EINVAL;
  if(ures != 0 && copyout(myproc()->mm, ures, &ts, sizeof(ts)) < 0)
    return -EFAULT;
  return 0;
}

// gettimeofday(tv, tz): the wall clock in microseconds; the time zone
// is UTC, as Linux's is until someone sets another.
long
sys_gettimeofday(void)
{
  uint64 utv = argaddr(0), utz = argaddr(1), ns = rtc_now_ns();
  struct timeval tv = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
  struct timezone tz = { 0, 0 };
  struct mm *mm = myproc()->mm;

  if(utv != 0 && copyout(mm, utv, &tv, sizeof(tv)) < 0)
    return -EFAULT;
  if(utz != 0 && copyout(mm, utz, &tz, sizeof(tz)) < 0)
    return -EFAULT;
  return 0;
}

static long sleep_restart(struct restart_block *rb);

/*
 * Sleeps until the timer reaches deadline, or a signal comes. A deadline
 * is never early: timer_deadline_after() rounds up. As Linux's
 * do_nanosleep(): a sleep for a length (rel) that a signal ends stores
 * what was left at urem (if not 0) and returns -ERESTART_RESTARTBLOCK:
 * -EINTR if a handler runs, else restart_syscall() sleeps on to the same
 * deadline. A sleep until a time returns -ERESTARTNOHAND: without a
 * handler, the call itself runs again with the same time.
 */
static long
sleep_until(uint64 deadline, uint64 urem, int rel)
{
  struct restart_block *rb = &myproc()->restart;
  struct timespec rem = { 0, 0 };
  uint64 now;
  int err = 0;

  while(err == 0){
    proc_clear_woken(0);
    err = proc_sleep_unless_woken(SLEEP_INTERRUPTIBLE, deadline);
  }
  now = timer_now();
  if(err == -ETIMEDOUT || deadline <= now)
    return 0;
  if(!rel)
    return -ERESTARTNOHAND;
  ns_to_timespec((deadline - now) * NSEC_PER_UNIT, &rem);
  if(urem != 0 && copyout(myproc()->mm, urem, &rem, sizeof(rem)) < 0)
    return -EFAULT;
  rb->fn = sleep_restart;
  rb->arg[0] = deadline;
  rb->arg[1] = urem;
  return -ERESTART_RESTARTBLOCK;
}

// restart_syscall() after an interrupted relative sleep.
static long
sleep_restart(struct restart_block *rb)
{
  return sleep_until(rb->arg[0], rb->arg[1], 1);
}

// Reads a sleep's timespec: 0, -EFAULT, or -EINVAL for a negative second
// or nanoseconds outside [0, 10^9).
int
read_timespec(uint64 uts, struct timespec *ts)
{
  if(copyin(myproc()->mm, ts, uts, sizeof(*ts)) < 0)
    return -EFAULT;
  if(ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
    return -EINVAL;
  return 0;
}

// nanosleep(req, rem): sleeps at least req; a req the clock cannot reach
// sleeps without limit.
long
sys_nanosleep(void)
{
  struct timespec req;
  int err;

  if((err = read_timespec(argaddr(0), &req)) < 0)
    return err;
  return sleep_until(timer_deadline_after(req.tv_sec, req.tv_nsec),
                     argaddr(1), 1);
}

/*
 * The timer deadline at which clock clk (one clock_kind() knows) reads
 * ts, for a timer that then expires every period timer units (0: once).
 * A time already passed gives, for a periodic timer, its first
 * expiration still to come, and in *passed the ones that came already,
 * as Linux's timer counts them (one at ts, one each period since), even
 * for a time before boot, where the timer's own clock does not reach.
 * For a one-shot timer, it gives the deadline it was, as far back as the
 * timer goes (never 0, which means "none"). A time too far for
 * nanoseconds in 64 bits is TIMER_NEVER, as the saturating deadline of a
 * length is.
 */
uint64
clock_deadline(int clk, const struct timespec *ts, uint64 period, uint64 *passed)
{
  uint64 now = clock_now_ns(clock_kind(clk)), until, len, back, t, step;

  if((uint64)ts->tv_sec >= ~0UL / NSEC_PER_SEC)
    return TIMER_NEVER;
  until = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
  if(until <= now && period != 0){
    step = period > ~0UL / NSEC_PER_UNIT ? ~0UL : period * NSEC_PER_UNIT;
    *passed = (now - until) / step + 1;
    if(step > ~0UL - now)
      return TIMER_NEVER;       // the next is past what 64 bits hold
    until += *passed * step;    // in (now, now + step]
  }
  if(until <= now){
    back = (now - until) / NSEC_PER_UNIT;
    t = timer_now();
    return back < t ? t - back : TIMER_NOW;
  }
  len = until - now;
  return timer_deadline_after(len / NSEC_PER_SEC, len % NSEC_PER_SEC);
}

/*
 * clock_nanosleep(clk, flags, req, rem): as nanosleep on clock clk; with
 * TIMER_ABSTIME, until clk reads req (at once if it already has), and
 * rem is never written. Other flag bits are ignored, as Linux does.
 */
long
sys_clock_nanosleep(void)
{
  int clk = argint(0), flags = argint(1);
  struct timespec req;
  int err;

  if(clock_kind(clk) == NO_CLOCK)
    return -EINVAL;
  if((err = read_timespec(argaddr(2), &req)) < 0)
    return err;
  if(!(flags & TIMER_ABSTIME))
    return sleep_until(timer_deadline_after(req.tv_sec, req.tv_nsec),
                       argaddr(3), 1);
  return sleep_until(clock_deadline(clk, &req, 0, 0), 0, 0);
}
