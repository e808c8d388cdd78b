/*
 * Spinlocks: mutual exclusion between harts.
 *
 *   initlock(lk, name)     acquire(lk) / release(lk)
 *   holding(lk)            does this hart hold lk?
 *   push_off() / pop_off() interrupts off, nested
 *
 * A hart holding a spinlock keeps interrupts off: an interrupt handler
 * that took the same lock would otherwise spin forever against the code it
 * interrupted. push_off/pop_off count the nesting so that interrupts come
 * back on only when the last lock is released, and only if they were on
 * before the first.
 *
 * The checks are always on: acquiring a lock this hart already holds, or
 * releasing one it does not hold, panics. In the checking build,
 * assert_held() (spinlock.h) turns "Caller holds X" into a check too.
 */
#include "types.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/irqoff.h"
#include "proc/proc.h"
#include "dev/console.h"

void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

void
acquire(struct spinlock *lk)
{
  push_off();
  if(holding(lk))
    panic("acquire: lock already held by this hart");

  // amoswap.w.aq: atomically set locked to 1; the acquire ordering keeps
  // the critical section's loads and stores after it.
  while(__sync_lock_test_and_set(&lk->locked, 1) != 0)
    ;
  __sync_synchronize();

  lk->cpu = mycpu();
}

void
release(struct spinlock *lk)
{
  if(!holding(lk))
    panic("release: lock not held");

  lk->cpu = 0;

  // Make the critical section's stores visible before the lock is free.
  __sync_synchronize();
  __sync_lock_release(&lk->locked);

  pop_off();
}

// Does this hart hold lk? Interrupts must be off.
int
holding(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
}

void
push_off(void)
{
  int old = intr_get();

  intr_off();
  if(mycpu()->noff == 0){
    mycpu()->intena = old;
    if(old)
      irqoff_begin();
  }
  mycpu()->noff += 1;
}

void
pop_off(void)
{
  struct cpu *c = mycpu();

  if(intr_get())
    panic("pop_off: interrupts on");
  if(c->noff < 1)
    panic("pop_off: not pushed");
  c->noff -= 1;
  if(c->noff == 0 && c->intena){
    irqoff_end();
    intr_on();
  }
}

// assert_held()'s failure: a caller broke a "Caller holds X" rule.
void
lock_not_held(char *name, const char *fn)
{
  printf("%s: caller does not hold %s\n", fn, name);
  panic("lock not held");
}
