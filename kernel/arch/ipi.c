/*
 * Inter-processor interrupts: one hart interrupts another. nudge sends
 * them for one reason, TLB shootdown (mm/tlb.c): a hart running a thread
 * in user mode must trap into the kernel, whose entry path flushes its
 * TLB, before pages it may still reach through old translations are
 * reused.
 *
 *   ipi_send(hart)   sets the hart's machine software-interrupt bit in
 *                    the CLINT; machinevec.S passes it on to supervisor
 *                    mode as a software interrupt
 *   ipi_intr()       that interrupt, on the hart it was sent to: cleared
 *                    and nothing else; having trapped was the point
 */
#include "types.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "arch/ipi.h"

void
ipi_send(int hart)
{
  __sync_synchronize();
  *(volatile uint32 *)CLINT_MSIP(hart) = 1;
}

void
ipi_intr(void)
{
  w_sip(r_sip() & ~SIE_SSIE);
}
