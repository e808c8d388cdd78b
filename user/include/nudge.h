/*
 * nudge.h: nudge's own calls, which have no Linux counterpart, and the
 * user-mode counter readers used for measurements.
 */
#ifndef _NUDGE_H
#define _NUDGE_H

#include <stdint.h>
#include <nudge/fs.h>
#include <nudge/memstat.h>

long uptime(void);                      // timer ticks since boot (HZ a second)
void poweroff(int code);                // turn the machine off (QEMU exits)
int memstat(struct memstat *ms);
long irqoff(int reset);                 // longest interrupts-off stretch, ns (checking kernel)

// The kernel lets user mode read these counters (scounteren). Under
// -icount, instret and cycle are exact and repeatable.
static inline uint64_t
rdinstret(void)
{
  uint64_t x;
  asm volatile("rdinstret %0" : "=r"(x));
  return x;
}

static inline uint64_t
rdcycle(void)
{
  uint64_t x;
  asm volatile("rdcycle %0" : "=r"(x));
  return x;
}

static inline uint64_t
rdtime(void)
{
  uint64_t x;
  asm volatile("rdtime %0" : "=r"(x));
  return x;
}

#endif
