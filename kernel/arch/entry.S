/*
 * _entry: where every hart starts, in machine mode, with paging off.
 * QEMU's -kernel loads the kernel at 0x80000000 and jumps here on each
 * hart; kernel.ld puts this code first.
 *
 * Each hart takes its own boot stack, stack0[hartid], and calls start().
 * The stack grows down, so sp starts at the top of its piece.
 */
#include "param.h"

  .section .text.entry
  .global _entry
_entry:
  la sp, stack0
  li a0, 4096
  csrr a1, mhartid
  addi a1, a1, 1
  mul a0, a0, a1
  add sp, sp, a0
  call start
spin:
  j spin
