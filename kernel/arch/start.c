/*
 * start(): the machine-mode part of boot, run once on each hart before
 * main(). It hands nearly everything to supervisor mode, where the kernel
 * runs, and then drops there with mret:
 *
 *   - every exception and interrupt goes to the kernel's S-mode handlers;
 *   - physical memory protection lets S mode reach all of memory;
 *   - the timer: with Sstc (menvcfg.STCE) S mode programs stimecmp itself,
 *     so no M-mode timer handler exists; the first tick is set here;
 *   - S and U mode may read the cycle, time and instret counters;
 *   - the one interrupt that stays in M mode, the CLINT's software
 *     interrupt that one hart sends another (arch/ipi.c), goes to
 *     machinevec.S, which hands it on to S mode.
 *
 * tp keeps the hart id, which cpuid() reads; mhartid is M-mode only.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"

void main(void);
void start(void);
void machinevec(void);

// The boot stacks, one page per hart; entry.S picks each hart's.
__attribute__((aligned(16))) char stack0[4096 * NCPU];

// machinevec's save slots, two registers per hart.
static uint64 mscratch0[NCPU][2];

// Counters user and kernel may read: CY, TM and IR.
#define COUNTERS_ALL 0x7

static void
timerinit(void)
{
  w_mie(r_mie() | MIE_STIE);
  w_menvcfg(r_menvcfg() | MENVCFG_STCE);
  w_mcounteren(COUNTERS_ALL);
  w_scounteren(COUNTERS_ALL);
  w_stimecmp(r_time() + TIMEBASE_HZ / HZ);
}

void
start(void)
{
  // mret goes to supervisor mode, at main().
  w_mstatus((r_mstatus() & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S);
  w_mepc((uint64)main);

  // Paging stays off until kvminithart().
  w_satp(0);

  // All exceptions and interrupts are handled in S mode.
  w_medeleg(0xffff);
  w_mideleg(0xffff);
  w_sie(r_sie() | SIE_SEIE | SIE_STIE | SIE_SSIE);

  // Inter-processor interrupts arrive in M mode (machinevec.S).
  w_mscratch((uint64)mscratch0[r_mhartid()]);
  w_mtvec((uint64)machinevec);
  w_mie(r_mie() | MIE_MSIE);

  // One PMP region, top-of-range over the whole address space, RWX.
  w_pmpaddr0(0x3fffffffffffffull);
  w_pmpcfg0(0xf);

  timerinit();

  w_tp(r_mhartid());

  asm volatile("mret");
}
