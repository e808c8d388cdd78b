/*
 * Interrupts-off stretches: for each hart, the longest time it went
 * with interrupts off, in the checking build (make test's kernel). A
 * hart with interrupts off takes no timer interrupt and runs no other
 * process, so this bounds how late a wakeup can be: a storm of epoll
 * callbacks run from the timer interrupt shows up here.
 *
 *   irqoff_begin()   where interrupts go off: push_off() when they were
 *                    on, trap entry, the scheduler's loop
 *   irqoff_end()     where they come back on: pop_off(), intr_on() in a
 *                    system call, the return to user mode or to the
 *                    interrupted kernel code, the scheduler's wfi (an
 *                    idle hart is not counted: its wfi wakes for any
 *                    pending interrupt)
 *   irqoff_max_ns(hart), irqoff_reset()   ^P and the irqoff system call
 *
 * A begin while a stretch is already open is ignored, so nested
 * push_off()s and a trap inside push_off() count as one stretch.
 *
 * Locking: none. Each hart writes only its own slot, with interrupts
 * off; readers may see a value a moment old.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "lock/irqoff.h"

#define NSEC_PER_UNIT (1000000000 / TIMEBASE_HZ)

static struct {
  uint64 since;     // when the open stretch began (timer units), or 0
  uint64 max;       // the longest stretch, in timer units
} harts[NCPU];

#ifdef CHECK_INVARIANTS
void
irqoff_begin(void)
{
  if(harts[r_tp()].since == 0)
    harts[r_tp()].since = r_time();
}

void
irqoff_end(void)
{
  uint64 since = harts[r_tp()].since;

  if(since == 0)
    return;
  if(r_time() - since > harts[r_tp()].max)
    harts[r_tp()].max = r_time() - since;
  harts[r_tp()].since = 0;
}

long
irqoff_max_ns(int hart)
{
  return harts[hart].max * NSEC_PER_UNIT;
}
#else
long
irqoff_max_ns(int hart)
{
  return -1;
}
#endif

void
irqoff_reset(void)
{
  for(int i = 0; i < NCPU; i++)
    harts[i].max = 0;
}
