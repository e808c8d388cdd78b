/*
 * thread_start(fn, arg, stack_top): a new thread of this process, as
 * pthread_create makes one but without the library around it: clone
 * with the flags of a thread, on the stack that ends at stack_top
 * (16-byte aligned), running fn(arg) and then exit (this thread only).
 * Returns the new thread's tid, or -1 with errno.
 *
 * The new thread starts with the caller's registers but on the new
 * stack, where the caller's C frame is not: so fn and arg travel on that
 * stack, pushed before the call, and the new thread takes them from
 * there.
 */
#include <nudge/sched.h>

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD | CLONE_SYSVSEM)

  .text
  .global thread_start
  .type thread_start, @function
thread_start:
  addi a2, a2, -16
  sd a0, 0(a2)            // fn
  sd a1, 8(a2)            // arg
  li a0, THREAD_FLAGS
  mv a1, a2               // the new stack
  li a2, 0                // ptid
  li a3, 0                // tls
  li a4, 0                // ctid
  li a7, 220              // clone
  ecall
  beqz a0, 1f
  li t0, -4096
  bgtu a0, t0, __syscall_error
  ret
1:
  // The new thread: fn(arg), then exit(0).
  ld t1, 0(sp)
  ld a0, 8(sp)
  jalr t1
  li a0, 0
  li a7, 93               // exit
  ecall
  .size thread_start, . - thread_start
