/*
 * The trampoline: the code that switches between user and kernel. It is
 * mapped at TRAMPOLINE in the kernel's page table and in every process's,
 * so it keeps running while satp changes under it.
 *
 * uservec: stvec points here while in user mode. Saves the user
 *   registers in the thread's trapframe, loads the kernel's stack, hart
 *   id and page table from it, and jumps to usertrap(). sscratch holds
 *   the trapframe's address: threads share a page table, so each slot's
 *   trapframe has its own address in it (TRAPFRAME(slot)).
 * userret(satp, trapframe): called by usertrapret() with the user page
 *   table and the trapframe's address; switches to the page table, keeps
 *   the address in sscratch, restores the user registers from the
 *   trapframe and sret's.
 *
 * Offsets are those of struct trapframe in proc/proc.h.
 */
#include "arch/memlayout.h"

  .section trampsec
  .globl trampoline
  .globl uservec
  .globl userret
  .align 4
trampoline:
uservec:
  // Swap: a0 points at the trapframe, sscratch keeps the user's a0.
  csrrw a0, sscratch, a0

  sd ra, 40(a0)
  sd sp, 48(a0)
  sd gp, 56(a0)
  sd tp, 64(a0)
  sd t0, 72(a0)
  sd t1, 80(a0)
  sd t2, 88(a0)
  sd s0, 96(a0)
  sd s1, 104(a0)
  sd a1, 120(a0)
  sd a2, 128(a0)
  sd a3, 136(a0)
  sd a4, 144(a0)
  sd a5, 152(a0)
  sd a6, 160(a0)
  sd a7, 168(a0)
  sd s2, 176(a0)
  sd s3, 184(a0)
  sd s4, 192(a0)
  sd s5, 200(a0)
  sd s6, 208(a0)
  sd s7, 216(a0)
  sd s8, 224(a0)
  sd s9, 232(a0)
  sd s10, 240(a0)
  sd s11, 248(a0)
  sd t3, 256(a0)
  sd t4, 264(a0)
  sd t5, 272(a0)
  sd t6, 280(a0)

  csrr t0, sscratch
  sd t0, 112(a0)

  ld sp, 8(a0)            // kernel_sp
  ld tp, 32(a0)           // kernel_hartid
  ld t0, 16(a0)           // kernel_trap: usertrap()
  ld t1, 0(a0)            // kernel_satp

  // Finish user-memory accesses before the switch, drop stale user TLB
  // entries after it.
  sfence.vma zero, zero
  csrw satp, t1
  sfence.vma zero, zero

  // usertrap() does not return.
  jr t0

userret:
  // a0: the user page table, as a satp value; a1: the trapframe.
  sfence.vma zero, zero
  csrw satp, a0
  sfence.vma zero, zero

  csrw sscratch, a1
  mv a0, a1

  ld ra, 40(a0)
  ld sp, 48(a0)
  ld gp, 56(a0)
  ld tp, 64(a0)
  ld t0, 72(a0)
  ld t1, 80(a0)
  ld t2, 88(a0)
  ld s0, 96(a0)
  ld s1, 104(a0)
  ld a1, 120(a0)
  ld a2, 128(a0)
  ld a3, 136(a0)
  ld a4, 144(a0)
  ld a5, 152(a0)
  ld a6, 160(a0)
  ld a7, 168(a0)
  ld s2, 176(a0)
  ld s3, 184(a0)
  ld s4, 192(a0)
  ld s5, 200(a0)
  ld s6, 208(a0)
  ld s7, 216(a0)
  ld s8, 224(a0)
  ld s9, 232(a0)
  ld s10, 240(a0)
  ld s11, 248(a0)
  ld t3, 256(a0)
  ld t4, 264(a0)
  ld t5, 272(a0)
  ld t6, 280(a0)

  // The user's a0 last, since a0 held the trapframe address.
  ld a0, 112(a0)

  // sret to user mode at sepc, as usertrapret() set them up.
  sret
