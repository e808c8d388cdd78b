/*
 * The system call stubs: one user function per line of nudge/syscall.h,
 * named as the call (__sys_name for a SYSCALL_WRAPPED one, which
 * wrappers.c builds the C function on). A stub leaves the arguments where
 * the C caller put them (a0..a5), puts the call number in a7 and traps. The kernel returns
 * a result or -errno in a0; a value in -4095..-1 is an error, which the
 * common path below turns into errno and a return value of -1.
 */

/* GNU as takes ';' as a statement separator, so each stub fits one macro. */
#define STUB(nr, fn)                              \
  .global fn; .type fn, @function; fn:           \
  li a7, nr; ecall;                               \
  li t0, -4096; bgtu a0, t0, __syscall_error;     \
  ret; .size fn, . - fn;
#define SYSCALL(nr, name) STUB(nr, name)
#define SYSCALL_WRAPPED(nr, name) STUB(nr, __sys_##name)

  .text
#include <nudge/syscall.h>

/* a0 holds -errno: store errno and return -1 to the stub's caller. */
  .global __syscall_error
__syscall_error:
  neg a0, a0
  la t0, errno
  sw a0, 0(t0)
  li a0, -1
  ret

  .bss
  .align 2
  .global errno
  .type errno, @object
errno:
  .zero 4
  .size errno, 4
