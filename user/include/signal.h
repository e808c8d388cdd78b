/*
 * signal.h: signals (man signal(7), sigaction(2), sigprocmask(2),
 * sigaltstack(2)). The numbers, flags and structures are Linux's
 * (nudge/signal.h); the functions are glibc's, on the rt_ system calls.
 * A handler returns through the kernel's signal return page, so there is
 * no sa_restorer, as on Linux riscv64.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <nudge/signal.h>
#include <nudge/time.h>

// A signal mask, Linux's kernel size (64 signals).
typedef struct {
  unsigned long sig[1];
} sigset_t;

typedef __sighandler_t sighandler_t;
typedef struct siginfo siginfo_t;
typedef struct sigaltstack stack_t;
typedef struct ucontext ucontext_t;

// The kernel's struct sigaction on riscv64 (rt_sigaction's).
struct sigaction {
  union {
    sighandler_t sa_handler;
    void (*sa_sigaction)(int, siginfo_t *, void *);
  };
  unsigned long sa_flags;
  sigset_t sa_mask;
};

#define si_pid    u.rt.pid
#define si_uid    u.rt.uid
#define si_value  u.rt.value
#define si_status u.chld.status
#define si_addr   u.addr

int kill(pid_t pid, int sig);
int tkill(int tid, int sig);
int tgkill(int tgid, int tid, int sig);
int raise(int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int sigaltstack(const stack_t *ss, stack_t *old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

// The raw calls, for tests of their arguments.
int rt_sigaction(int sig, const struct sigaction *act, struct sigaction *old, size_t size);
int rt_sigprocmask(int how, const sigset_t *set, sigset_t *old, size_t size);
int rt_sigpending(sigset_t *set, size_t size);
int rt_sigsuspend(const sigset_t *mask, size_t size);
int rt_sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout,
                    size_t size);
int rt_sigreturn(void);
int rt_sigqueueinfo(pid_t tgid, int sig, siginfo_t *info);
int rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig, siginfo_t *info);
int signalfd4(int fd, const sigset_t *mask, size_t size, int flags);

// The real interval timer (setitimer(2): ITIMER_REAL only, as
// docs/linux-differences.md says), and alarm(2) on it, as glibc's: the
// seconds that were left, rounded, never 0 while the timer was set.
int setitimer(int which, const struct itimerval *new, struct itimerval *old);
int getitimer(int which, struct itimerval *cur);
unsigned int alarm(unsigned int seconds);

#endif
