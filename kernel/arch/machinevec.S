/*
 * machinevec: the one machine-mode trap handler, for inter-processor
 * interrupts (arch/ipi.c). Every other trap is delegated to supervisor
 * mode (start.c), but a software interrupt raised through the CLINT
 * arrives in machine mode. The handler turns it into a supervisor
 * software interrupt (mip.SSIP), which the kernel then takes like any
 * other interrupt, and clears the CLINT's bit so that the next one can
 * come.
 *
 * mscratch points to this hart's two save slots (start.c).
 */
#include "arch/memlayout.h"

  .section .text
  .globl machinevec
  .align 4
machinevec:
  csrrw a0, mscratch, a0
  sd a1, 0(a0)
  sd a2, 8(a0)

  // CLINT_MSIP(hart) = 0
  csrr a1, mhartid
  slli a1, a1, 2
  li a2, CLINT
  add a1, a1, a2
  sw zero, 0(a1)

  // Raise the supervisor software interrupt.
  li a1, 2
  csrs mip, a1

  ld a1, 0(a0)
  ld a2, 8(a0)
  csrrw a0, mscratch, a0
  mret
