/*
 * nudge.h: nudge's own calls, which have no Linux counterpart; the
 * Linux calls as the kernel has them, under the C library's functions
 * (for tests and the fuzzer); and the user-mode counter readers used for
 * measurements.
 */
#ifndef _NUDGE_H
#define _NUDGE_H

#include <stddef.h>
#include <nudge/sched.h>
#include <stdint.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <nudge/major.h>
#include <nudge/memstat.h>

long uptime(void);                      // timer ticks since boot (HZ a second)
void poweroff(int code);                // turn the machine off (QEMU exits)
int memstat(struct memstat *ms);
// Leak checks (user/lib/memstat.c): does after show what before did,
// the caller's own pages counted as free? And a message saying how not.
int memstat_same(const struct memstat *before, const struct memstat *after);
void memstat_explain(char *buf, size_t n, const struct memstat *before,
                     const struct memstat *after);
// The leak check of a whole run: 0 if memstat shows what before did
// once the processes since started are gone (init reaps orphans in its
// own time, so it waits up to 5 s for them); else -1, and why in buf.
int memstat_settled(const struct memstat *before, char *buf, size_t n);
long irqoff(int reset);                 // longest interrupts-off stretch, ns (checking kernel)

// The SYSCALL_WRAPPED stubs (user/lib/usys.S) and the calls glibc keeps
// to itself: what the kernel answers, errors as -1 and errno.
long __sys_clone(unsigned long flags, void *stack, int *ptid, void *tls,
                 int *ctid);
unsigned long __sys_brk(void *addr);    // the break after the call
int __sys_ppoll(struct pollfd *fds, nfds_t nfds, struct timespec *timeout,
                const void *sigmask, size_t sigsetsize);
void __sys_exit(int status) __attribute__((noreturn));
int __sys_clock_nanosleep(int clk, int flags, const struct timespec *req,
                          struct timespec *rem);
long __sys_getcwd(char *buf, size_t size);    // the length, NUL included
struct rusage;
int __sys_waitid(int idtype, int id, siginfo_t *info, int options, struct rusage *ru);
int __sys_faccessat(int dirfd, const char *path, int mode);
void exit_group(int status) __attribute__((noreturn));
// clone(flags) with the new thread running fn(arg) on the stack that
// ends at stack_top, 16-byte aligned, then exit (user/lib/thread.S): its
// tid, or -1. thread_start: a thread of this process, as pthread_create's.
int clone_run(unsigned long flags, void (*fn)(void *), void *arg, void *stack_top);
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD | CLONE_SYSVSEM)
#define thread_start(fn, arg, stack_top) clone_run(THREAD_FLAGS, (fn), (arg), (stack_top))
long set_tid_address(int *tidptr);
long set_robust_list(void *head, size_t len);
// futex(2) (linux/futex.h has the ops). timeout is also the requeue
// count of FUTEX_REQUEUE and FUTEX_CMP_REQUEUE, passed as a pointer.
long futex(uint32_t *uaddr, int op, uint32_t val,
           const struct timespec *timeout, uint32_t *uaddr2, uint32_t val3);
struct rlimit;
int __sys_getrlimit(int resource, struct rlimit *rlim);
int __sys_setrlimit(int resource, const struct rlimit *rlim);

// The kernel lets user mode read these counters (scounteren). Under
// -icount, instret and cycle are exact and repeatable.
static inline uint64_t
rdinstret(void)
{
  uint64_t x;
  asm volatile("rdinstret %0" : "=r"(x));
  return x;
}

static inline uint64_t
rdcycle(void)
{
  uint64_t x;
  asm volatile("rdcycle %0" : "=r"(x));
  return x;
}

static inline uint64_t
rdtime(void)
{
  uint64_t x;
  asm volatile("rdtime %0" : "=r"(x));
  return x;
}

#endif
