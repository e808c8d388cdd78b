/*
 * nudge's sizes and limits that user programs run into, in one place:
 * the kernel takes them from here (kernel/param.h, arch/riscv.h,
 * arch/memlayout.h, fs/pipe.c, proc/rlimit.c), and the tests that probe
 * them (usertests) include this file instead of copying the numbers.
 * Linux has no such header: its programs ask (getauxval(AT_PAGESZ),
 * getrlimit, fpathconf); PIPE_BUF is its <limits.h> name. Only
 * #defines: assembly files include it too.
 */
#ifndef NUDGE_PARAM_H
#define NUDGE_PARAM_H

// Memory (Sv39 pages; kernel/arch/memlayout.h draws the layout).
#define PGSIZE      4096
// One bit less than Sv39 allows, so addresses need no sign extension.
#define MAXVA       (1L << (9 + 9 + 9 + 12 - 1))
// The trampoline page, at the same virtual address in every page table:
// the top page, mapped, but not for user mode.
#define TRAMPOLINE  (MAXVA - PGSIZE)
// Each process slot's trapframe, under the trampoline: kernel-only.
#define TRAPFRAME(slot) (TRAMPOLINE - ((slot) + 1) * PGSIZE)
// RAM, where the kernel lives; never mapped for user mode.
#define KERNBASE    0x80000000L

#define NPROC       64      // process slots
#define NOFILE      65536   // fds per process at most (Linux's fs.nr_open)
// The fds a process may open before it raises its soft limit: Linux's
// INR_OPEN_CUR, kept low for select(), whose fd_set holds 1024 fds.
#define NOFILE_SOFT 1024
#define MAXARG      32      // exec arguments
#define MAXPATH     128     // path length, NUL included
#define HZ          100     // timer ticks per second (uptime())
#define PIPESIZE    16384   // bytes a pipe's ring holds
#define PIPE_BUF    4096    // pipe writes up to this size are atomic

#endif
