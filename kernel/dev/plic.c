/*
 * The PLIC, the platform-level interrupt controller: routes the UART's
 * and the disk's interrupts to the harts, in supervisor mode.
 *   plicinit()        once: give the two sources a non-zero priority
 *   plicinithart()    each hart: enable them, accept any priority
 *   plic_claim()      which source interrupted (0 if none); masks it
 *   plic_complete()   done with it; unmasks it
 * No locking: each hart writes only its own context's registers.
 */
#include "types.h"
#include "arch/memlayout.h"
#include "proc/proc.h"
#include "dev/plic.h"

#define REG(a) (*(volatile uint32 *)(a))

void
plicinit(void)
{
  // Priority 0 means "never interrupt"; each source gets 1.
  REG(PLIC_PRIORITY + UART0_IRQ * 4) = 1;
  REG(PLIC_PRIORITY + VIRTIO0_IRQ * 4) = 1;
}

void
plicinithart(void)
{
  int hart = cpuid();

  REG(PLIC_SENABLE(hart)) = (1 << UART0_IRQ) | (1 << VIRTIO0_IRQ);
  REG(PLIC_SPRIORITY(hart)) = 0;
}

int
plic_claim(void)
{
  return REG(PLIC_SCLAIM(cpuid()));
}

void
plic_complete(int irq)
{
  REG(PLIC_SCLAIM(cpuid())) = irq;
}
