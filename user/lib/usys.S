/*
 * The system call stubs: one user function per SYSCALL(nr, name) line of
 * nudge/syscall.h. A stub leaves the arguments where the C caller put
 * them (a0..a5), puts the call number in a7 and traps. The kernel returns
 * a result or -errno in a0; a value in -4095..-1 is an error, which the
 * common path below turns into errno and a return value of -1.
 */

/* GNU as takes ';' as a statement separator, so each stub fits one macro. */
#define SYSCALL(nr, name)                         \
  .global name; .type name, @function; name:     \
  li a7, nr; ecall;                               \
  li t0, -4096; bgtu a0, t0, __syscall_error;     \
  ret; .size name, . - name;

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
