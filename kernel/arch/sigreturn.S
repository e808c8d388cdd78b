/*
 * The code a signal handler returns into: the kernel copies it into the
 * signal return page at boot (mm/area.c's sigpage_init), and a handler's
 * ra points there (proc/signal.c). Linux keeps the same two instructions
 * in its vDSO, and libgcc's unwinder knows a signal frame by them, so
 * they are full-size, never compressed.
 */

  .option norvc
  .section .rodata
  .globl sigreturn_code
  .globl sigreturn_code_end
  .align 2
sigreturn_code:
  li a7, 139        // rt_sigreturn
  ecall
sigreturn_code_end:
