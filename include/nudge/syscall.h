/*
 * The system call table, the one list both sides are generated from:
 * the kernel builds its dispatch array from it (kernel/proc/syscall.c) and
 * the user library its stubs (user/lib/usys.S). Each line is
 * SYSCALL(number, name): the user function `name` traps with the number in
 * a7, and the kernel runs sys_name().
 *
 * Where Linux has the same call with the same arguments, the number is
 * Linux's (include/uapi/asm-generic/unistd.h, as on riscv64). nudge's own
 * calls, and xv6-style calls whose arguments differ from Linux's, are
 * numbered from 500.
 */

SYSCALL(19,  eventfd2)
SYSCALL(20,  epoll_create1)
SYSCALL(21,  epoll_ctl)
SYSCALL(22,  epoll_pwait)
SYSCALL(23,  dup)
SYSCALL(24,  dup3)
SYSCALL(25,  fcntl)
SYSCALL(29,  ioctl)
SYSCALL(33,  mknodat)
SYSCALL(34,  mkdirat)
SYSCALL(35,  unlinkat)
SYSCALL(37,  linkat)
SYSCALL(49,  chdir)
SYSCALL(56,  openat)
SYSCALL(57,  close)
SYSCALL(59,  pipe2)
SYSCALL(63,  read)
SYSCALL(64,  write)
SYSCALL(79,  newfstatat)
SYSCALL(80,  fstat)
SYSCALL(93,  exit)
SYSCALL(101, nanosleep)
SYSCALL(113, clock_gettime)
SYSCALL(129, kill)
SYSCALL(172, getpid)

SYSCALL(500, fork)
SYSCALL(501, wait)
SYSCALL(502, execv)
SYSCALL(508, sbrk)
SYSCALL(509, uptime)
SYSCALL(511, poweroff)
SYSCALL(512, memstat)
SYSCALL(513, poll)
SYSCALL(514, select)
SYSCALL(515, irqoff)
