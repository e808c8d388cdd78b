/*
 * System call dispatch, and fetching a call's arguments.
 *
 *   syscall()     run the call numbered a7; its result goes to a0
 *   argint/argaddr/argstr, fetchaddr/fetchstr   arguments from a0..a5
 *
 * The table is generated from include/nudge/syscall.h, the list the user
 * stubs come from too: each SYSCALL(nr, name) line declares sys_name()
 * and puts it at index nr. A number with no entry gives -ENOSYS.
 */
#include "types.h"
#include "param.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/vm.h"
#include "dev/console.h"
#include "nudge/errno.h"

// The raw value of argument n, a0..a5.
long
argraw(int n)
{
  struct trapframe *tf = myproc()->trapframe;

  switch(n){
  case 0: return tf->a0;
  case 1: return tf->a1;
  case 2: return tf->a2;
  case 3: return tf->a3;
  case 4: return tf->a4;
  case 5: return tf->a5;
  }
  panic("argraw: no such argument");
}

int
argint(int n)
{
  return argraw(n);
}

// A user address; checked when used, by copyin or copyout.
uint64
argaddr(int n)
{
  return argraw(n);
}

int
argstr(int n, char *buf, int max)
{
  return fetchstr(argaddr(n), buf, max);
}

// Fetches the 64-bit word at user address addr.
int
fetchaddr(uint64 addr, uint64 *ip)
{
  return copyin(myproc()->mm, ip, addr, sizeof(*ip));
}

// Fetches the string at user address addr: its length, -EFAULT, or
// -ENAMETOOLONG if it does not fit in max bytes with its NUL.
int
fetchstr(uint64 addr, char *buf, int max)
{
  return copyinstr(myproc()->mm, buf, addr, max);
}

#define SYSCALL(nr, name) long sys_##name(void);
#include "nudge/syscall.h"
#undef SYSCALL

#define SYSCALL(nr, name) [nr] = sys_##name,
static long (*const syscalls[])(void) = {
#include "nudge/syscall.h"
};
#undef SYSCALL

#define NSYSCALL (sizeof(syscalls) / sizeof(syscalls[0]))

void
syscall(void)
{
  struct proc *p = myproc();
  struct trapframe *tf = p->trapframe;
  uint64 num = tf->a7;

  p->orig_a0 = tf->a0;        // a0 is the result; a restart wants it back

  if(num < NSYSCALL && syscalls[num])
    tf->a0 = syscalls[num]();
  else
    tf->a0 = -ENOSYS;
}
