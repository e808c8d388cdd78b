/*
 * clone_run(flags, fn, arg, stack_top): clone with flags, the new thread
 * on the stack that ends at stack_top (16-byte aligned), running fn(arg)
 * and then exit (that thread only). thread_start (nudge.h) is clone_run
 * with the flags of a thread, as pthread_create makes one but without
 * the library around it. Returns the new thread's tid, or -1 with errno.
 *
 * The new thread starts with the caller's registers but on the new
 * stack, where the caller's C frame is not: so fn and arg travel on that
 * stack, pushed before the call, and the new thread takes them from
 * there.
 */
  .text
  .global clone_run
  .type clone_run, @function
clone_run:
  addi a3, a3, -16
  sd a1, 0(a3)            // fn
  sd a2, 8(a3)            // arg
  mv a1, a3               // the new stack; a0 is flags already
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
  .size clone_run, . - clone_run
