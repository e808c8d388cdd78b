/*
 * The system call table, the one list both sides are generated from:
 * the kernel builds its dispatch array from it (kernel/proc/syscall.c) and
 * the user library its stubs (user/lib/usys.S). Each line is
 * SYSCALL(number, name): the user function `name` traps with the number in
 * a7, and the kernel runs sys_name(). A SYSCALL_WRAPPED(number, name) line
 * is a call whose C library function takes or returns something else
 * (brk returns the new break, the library's brk 0 or -1): its stub is
 * __sys_name, and user/lib builds `name` on it. An includer that does not
 * tell the two apart defines SYSCALL only.
 *
 * The numbers and arguments are Linux's (include/uapi/asm-generic/
 * unistd.h, as on riscv64). nudge's own calls are numbered from 500.
 */
#ifndef SYSCALL_WRAPPED
#define SYSCALL_WRAPPED(nr, name) SYSCALL(nr, name)
#define SYSCALL_WRAPPED_IS_SYSCALL
#endif

SYSCALL_WRAPPED(17, getcwd)
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
SYSCALL_WRAPPED(48, faccessat)
SYSCALL(49,  chdir)
SYSCALL(56,  openat)
SYSCALL(57,  close)
SYSCALL(59,  pipe2)
SYSCALL(61,  getdents64)
SYSCALL(62,  lseek)
SYSCALL(63,  read)
SYSCALL(64,  write)
SYSCALL(65,  readv)
SYSCALL(66,  writev)
SYSCALL(67,  pread64)
SYSCALL(68,  pwrite64)
SYSCALL(72,  pselect6)
SYSCALL_WRAPPED(73, ppoll)
SYSCALL(74,  signalfd4)
SYSCALL(78,  readlinkat)
SYSCALL(79,  newfstatat)
SYSCALL(80,  fstat)
SYSCALL_WRAPPED(93, exit)
SYSCALL(94,  exit_group)
SYSCALL(96,  set_tid_address)
SYSCALL(98,  futex)
SYSCALL(99,  set_robust_list)
SYSCALL(101, nanosleep)
SYSCALL(102, getitimer)
SYSCALL(103, setitimer)
SYSCALL(113, clock_gettime)
SYSCALL(114, clock_getres)
SYSCALL_WRAPPED(115, clock_nanosleep)
SYSCALL(124, sched_yield)
SYSCALL(128, restart_syscall)
SYSCALL(129, kill)
SYSCALL(130, tkill)
SYSCALL(131, tgkill)
SYSCALL(132, sigaltstack)
SYSCALL(133, rt_sigsuspend)
SYSCALL(134, rt_sigaction)
SYSCALL(135, rt_sigprocmask)
SYSCALL(136, rt_sigpending)
SYSCALL(137, rt_sigtimedwait)
SYSCALL(138, rt_sigqueueinfo)
SYSCALL(139, rt_sigreturn)
SYSCALL(154, setpgid)
SYSCALL(155, getpgid)
SYSCALL(160, uname)
SYSCALL_WRAPPED(163, getrlimit)
SYSCALL_WRAPPED(164, setrlimit)
SYSCALL(166, umask)
SYSCALL(169, gettimeofday)
SYSCALL(172, getpid)
SYSCALL(173, getppid)
SYSCALL(174, getuid)
SYSCALL(175, geteuid)
SYSCALL(176, getgid)
SYSCALL(177, getegid)
SYSCALL(178, gettid)
SYSCALL(179, sysinfo)
SYSCALL_WRAPPED(214, brk)
SYSCALL(215, munmap)
SYSCALL_WRAPPED(220, clone)
SYSCALL(221, execve)
SYSCALL(222, mmap)
SYSCALL(226, mprotect)
SYSCALL(233, madvise)
SYSCALL(240, rt_tgsigqueueinfo)
SYSCALL(260, wait4)
SYSCALL(261, prlimit64)
SYSCALL(278, getrandom)

SYSCALL(509, uptime)
SYSCALL(511, poweroff)
SYSCALL(512, memstat)
SYSCALL(515, irqoff)

#ifdef SYSCALL_WRAPPED_IS_SYSCALL
#undef SYSCALL_WRAPPED
#undef SYSCALL_WRAPPED_IS_SYSCALL
#endif
