#ifndef SYSCALL_H
#define SYSCALL_H

#include "types.h"

// Fetching system-call arguments from the trapframe (a0..a5).
long   argraw(int n);
int    argint(int n);
uint64 argaddr(int n);
// Copies the n'th argument, a user string, into buf: its length, or
// -EFAULT or -ENAMETOOLONG.
int    argstr(int n, char *buf, int max);
int    fetchaddr(uint64 addr, uint64 *ip);      // 0 or -EFAULT
int    fetchstr(uint64 addr, char *buf, int max);

void syscall(void);

// SYS_name: a call's number, for the kernel's own use (restart_syscall).
enum {
#define SYSCALL(nr, name) SYS_##name = nr,
#include "nudge/syscall.h"
#undef SYSCALL
};

#endif
