/*
 * Timers: run a function at a given time, to the hardware timer's
 * resolution, instead of at the next coarse tick. Deadlines of sleeps
 * (poll, epoll_wait, nanosleep) and periodic devices use them.
 *
 * Every hart has its own comparator (the Sstc extension's stimecmp): the
 * hart's timer interrupt fires when time >= stimecmp. A hart programs its
 * comparator for the earlier of its next scheduler tick (HZ a second, to
 * preempt) and the first pending timer. Pending timers sit on one list in
 * expiry order; any hart's interrupt runs those that are due. A timer
 * added ahead of the others lowers the adding hart's comparator, so some
 * hart wakes in time.
 *
 * Interface: timer_setup (once, before first use), timer_add, timer_del,
 * timer_try_del (for a caller holding a lock that fn takes), timer_now,
 * timer_deadline_ms,
 * timer_deadline_after (a length as seconds and nanoseconds, saturating),
 * timer_interrupt (the trap handler's call on a timer interrupt).
 *
 * Locking: timer.lock guards the list and every timer's running flag.
 * A timer's fn runs WITHOUT it, as Linux's __run_hrtimer drops its base
 * lock: a slow fn (an eventfd_signal that wakes a thousand epoll items)
 * then holds up only its own hart, never another hart's timer interrupt
 * or a timer_add. While fn runs, the timer is off the list and counted
 * running; timer_del() waits until it is not, so once timer_del() returns,
 * fn is not running and will not run: a timer may live on its owner's
 * stack. fn must therefore not timer_del() its own timer (it would wait
 * for itself). A periodic fn moves t->expires past now and returns
 * TIMER_RESTART, and the timer goes back on the list when fn returns, in
 * the same hold of timer.lock that clears running. Its owner may also
 * timer_add() it again while fn runs (a timerfd read re-arms its timer
 * as soon as fn has counted the expiration), and another hart may then
 * run fn again before the first run is done: running counts the runs,
 * so timer_del() still waits for both.
 *
 *   hart A: timer_interrupt            hart B: timer_del(t)
 *   lock; take t off; running = 1
 *   unlock; fn(t) ...                  lock; running: unlock, try again
 *   ... fn returns; lock
 *   running = 0 (re-queue if RESTART)
 *   unlock                             lock; not running: unlink if
 *                                      queued; unlock; t is the owner's
 */

#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/timer.h"
#include "dev/console.h"

#define TICK (TIMEBASE_HZ / HZ)

static struct spinlock lock;
static struct list_head timers = LIST_HEAD_INIT(timers);  // [lock] by expires

static uint64 next_tick[NCPU];    // each hart's next scheduler tick

void
timer_init(void)
{
  initlock(&lock, "timer");
}

uint64
timer_now(void)
{
  return r_time();
}

uint64
timer_deadline_ms(int ms)
{
  return timer_now() + (uint64)ms * (TIMEBASE_HZ / 1000);
}

#define NSEC_PER_UNIT (1000000000 / TIMEBASE_HZ)

/*
 * The time sec seconds and nsec nanoseconds (nsec < 10^9) from now,
 * rounded up to a timer unit, so a sleep to it is never early. A length
 * the clock cannot reach saturates to TIMER_NEVER, as Linux's
 * timespec64_add_safe() does: a huge timeout blocks, it does not wrap.
 */
uint64
timer_deadline_after(uint64 sec, uint64 nsec)
{
  uint64 now = timer_now(), units;

  if(sec > (TIMER_NEVER - now) / TIMEBASE_HZ - 1)
    return TIMER_NEVER;
  units = sec * TIMEBASE_HZ + (nsec + NSEC_PER_UNIT - 1) / NSEC_PER_UNIT;
  return now + units;
}

// Sets this hart's comparator to the earlier of its next tick and the
// first timer, but not before not_before. Caller holds lock (interrupts
// are off).
static void
program_locked(uint64 not_before)
{
  uint64 when = next_tick[cpuid()];

  assert_held(&lock);
  if(!list_empty(&timers)){
    struct timer *first = list_first_entry(&timers, struct timer, link);
    if(first->expires < when)
      when = first->expires;
  }
  if(when < not_before)
    when = not_before;
  w_stimecmp(when);
}

// Puts t on the list in expiry order. Caller holds lock.
static void
add_locked(struct timer *t)
{
  struct timer *pos;

  assert_held(&lock);
  list_for_each_entry(pos, &timers, link)
    if(pos->expires > t->expires)
      break;
  list_add_tail(&t->link, &pos->link);
  program_locked(0);
}

void
timer_setup(struct timer *t, int (*fn)(struct timer *), void *data)
{
  t->fn = fn;
  t->data = data;
  t->running = 0;
  INIT_LIST_HEAD(&t->link);
}

void
timer_add(struct timer *t)
{
  acquire(&lock);
  add_locked(t);
  release(&lock);
}

/*
 * Takes t off the list unless a hart runs its fn now: 1 if t had not run
 * yet, 0 if it was not on the list, -1 if fn is running. A caller that
 * holds a lock fn takes drops it before trying again (Linux's
 * hrtimer_try_to_cancel loop), or fn could never finish.
 */
int
timer_try_del(struct timer *t)
{
  int r = -1;

  acquire(&lock);
  if(!t->running && (r = !list_empty(&t->link)))
    list_del_init(&t->link);
  release(&lock);
  return r;
}

// Takes t off the list, first waiting for its fn if a hart runs it now
// (see the top of the file). Returns 1 if t had not run yet.
int
timer_del(struct timer *t)
{
  int r;

  while((r = timer_try_del(t)) < 0)
    ;
  return r;
}

/*
 * A timer interrupt on this hart: run the timers that are due, each with
 * the lock dropped, note whether a scheduler tick is due, program the
 * next interrupt. Returns 1 if a scheduler tick passed, so the caller
 * yields.
 */
int
timer_interrupt(void)
{
  struct timer *t;
  uint64 now = timer_now();
  int tick = 0, again;

  acquire(&lock);
  while(!list_empty(&timers)){
    t = list_first_entry(&timers, struct timer, link);
    if(t->expires > now)
      break;
    list_del_init(&t->link);
    t->running++;
    release(&lock);
    again = t->fn(t);
    acquire(&lock);
    t->running--;
    if(again == TIMER_RESTART)
      add_locked(t);
  }
  if(now >= next_tick[cpuid()]){
    tick = 1;
    next_tick[cpuid()] = now + TICK;
  }
  // Timers that ran long (a storm of wakeups) earn this hart as long
  // again before its next timer interrupt, as Linux's hrtimer_interrupt
  // defers after a hang: so the code it interrupted still makes progress
  // when a periodic fn takes longer than its period.
  program_locked(2 * timer_now() - now);
  release(&lock);

  return tick;
}
