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
 * Interface: timer_add, timer_del, timer_now, timer_deadline_ms,
 * timer_interrupt (the trap handler's call on a timer interrupt), and
 * timer_add_locked, for a periodic timer's fn to re-arm its own timer.
 *
 * Locking: timer.lock guards the list. A timer's fn runs with it held,
 * so once timer_del() returns, fn is not running and will not run: a
 * timer may live on its owner's stack. Lock order: timer.lock, then
 * whatever fn takes (p->lock to wake a sleeper).
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

// Sets this hart's comparator to the earlier of its next tick and the
// first timer. Caller holds lock (interrupts are off).
static void
program_locked(void)
{
  uint64 when = next_tick[cpuid()];

  if(!list_empty(&timers)){
    struct timer *first = list_first_entry(&timers, struct timer, link);
    if(first->expires < when)
      when = first->expires;
  }
  w_stimecmp(when);
}

/*
 * Caller holds lock: a timer's fn, re-arming its own timer (fn runs with
 * lock held, so timer_add would deadlock). t->expires must be after now,
 * or the running timer_interrupt() pass reaches t and runs it again.
 */
void
timer_add_locked(struct timer *t)
{
  struct timer *pos;

  if(!holding(&lock))
    panic("timer_add_locked: timer lock not held");
  list_for_each_entry(pos, &timers, link)
    if(pos->expires > t->expires)
      break;
  list_add_tail(&t->link, &pos->link);
  program_locked();
}

void
timer_add(struct timer *t)
{
  acquire(&lock);
  timer_add_locked(t);
  release(&lock);
}

int
timer_del(struct timer *t)
{
  acquire(&lock);
  int pending = !list_empty(&t->link);
  if(pending)
    list_del_init(&t->link);
  release(&lock);
  return pending;
}

/*
 * A timer interrupt on this hart: run the timers that are due, note
 * whether a scheduler tick is due, program the next interrupt.
 * Returns 1 if a scheduler tick passed, so the caller yields.
 */
int
timer_interrupt(void)
{
  struct timer *t, *n;
  uint64 now = timer_now();
  int tick = 0;

  acquire(&lock);
  list_for_each_entry_safe(t, n, &timers, link){
    if(t->expires > now)
      break;
    list_del_init(&t->link);
    t->fn(t);
  }
  if(now >= next_tick[cpuid()]){
    tick = 1;
    next_tick[cpuid()] = now + TICK;
  }
  program_locked();
  release(&lock);

  return tick;
}
