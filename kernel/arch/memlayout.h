/*
 * Physical and virtual memory layout.
 *
 * Physical (QEMU -machine virt):
 *   0x00100000  test device: power off / exit QEMU
 *   0x02000000  CLINT: each hart's software-interrupt bit (arch/ipi.c)
 *   0x0c000000  PLIC, interrupt controller
 *   0x10000000  UART0 (16550)
 *   0x10001000  virtio-mmio disk
 *   0x80000000  RAM: the kernel's text and data, then free pages to PHYSTOP
 *
 * Kernel virtual: devices and RAM mapped at their physical addresses; the
 * trampoline page at the top, and below it each process's kernel stack,
 * with an unmapped guard page under each.
 *
 * User virtual, from 0 (mm/area.c keeps the areas; docs/memory.md
 * draws it):
 *   page 0 unmapped (NULL faults); the program's segments from USERBASE
 *   (a static PIE's from ELF_ET_DYN_BASE); the heap from the program's
 *   end up to the break (brk); unmapped space; mmap's areas, placed
 *   downward from the signal return page (SIGPAGE) at MMAP_TOP; a gap; the stack's area below STACK_TOP =
 *   USERTOP; the slots' trapframes (kernel-only pages, each mapped only
 *   where its thread runs), TRAMPOLINE.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#include "param.h"
#include "arch/riscv.h"

#define TESTDEV   0x100000L
#define RTC0      0x101000L   // Goldfish real-time clock
#define UART0     0x10000000L
#define UART0_IRQ 10
#define VIRTIO0   0x10001000L
#define VIRTIO0_IRQ 1

#define CLINT              0x02000000L
#define CLINT_MSIP(hart)   (CLINT + 4 * (hart))

#define PLIC               0x0c000000L
#define PLIC_PRIORITY      (PLIC + 0x0)
#define PLIC_PENDING       (PLIC + 0x1000)
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + (hart) * 0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart) * 0x2000)
#define PLIC_SCLAIM(hart)  (PLIC + 0x201004 + (hart) * 0x2000)

#define PHYSTOP  (KERNBASE + 512L * 1024 * 1024)

// Process p's kernel stack, with a guard page below.
#define KSTACK(p) (TRAMPOLINE - ((p) + 1) * 2 * PGSIZE)

// KERNBASE, TRAMPOLINE and TRAPFRAME(slot) are in nudge/param.h: a page
// of its own for each slot's trapframe, since the threads of a process
// share one page table.

// Lowest user address: page 0 stays unmapped.
#define USERBASE 0x1000L

// Where exec places a position-independent program (ET_DYN, a static
// PIE): its addresses become offsets from here. Two thirds of the way up
// the user address space, as Linux's ELF_ET_DYN_BASE for riscv64 sv39,
// rounded down to 1 GiB (170 GiB) so that any segment alignment
// (p_align) a linker asks for holds; its heap grows up toward MMAP_TOP.
#define ELF_ET_DYN_BASE ((MAXVA / 3 * 2) & ~((1L << 30) - 1))

// User areas end below the trapframes.
#define USERTOP (TRAMPOLINE - NPROC * PGSIZE)

// The stack: an area of RLIMIT_STACK's 8 MiB at the top, whose pages
// come on first touch; below it a gap no area may take (Linux's
// stack_guard_gap, 256 pages), then mmap's space.
#define STACK_TOP  USERTOP
#define STACK_SIZE (8L * 1024 * 1024)
#define STACK_GAP  (256L * PGSIZE)
#define MMAP_TOP   (STACK_TOP - STACK_SIZE - STACK_GAP)

// The signal return page, under mmap's space: every program has it, and
// a handler returns into it (proc/signal.c, docs/signals.md).
#define SIGPAGE    (MMAP_TOP - PGSIZE)

#endif
