#ifndef SIGNAL_H
#define SIGNAL_H

#include "types.h"
#include "lock/spinlock.h"
#include "proc/timer.h"
#include "nudge/signal.h"

struct proc;

// What a pending signal carries: the kernel's siginfo_t.
struct ksiginfo {
  int signo;
  int code;                     // SI_USER, SI_TKILL, SEGV_MAPERR, CLD_EXITED ...
  int pid;                      // the sender, or the child (SIGCHLD)
  int status;                   // SIGCHLD: the exit code, or the signal
  uint64 addr;                  // faults: the address
  uint64 value;                 // sigqueue: the value sent with it
};

/*
 * Signals sent and not yet taken. A standard signal is pending once,
 * however often it is sent; a real-time one (SIGRTMIN and up) as often
 * as it was sent: the first in info[], the others, in order, on queue
 * (at most NSIGQUEUE in the whole system).
 */
struct sigpending {
  ksigset_t set;
  struct ksiginfo info[NSIG];   // info[sig - 1], valid while sig is in set
  struct list_head queue;       // struct sigqueue: more real-time signals
};
#define NSIGQUEUE 1024

/*
 * A process's signal state, shared by its threads (the group's leader
 * points to it). Linux splits this into sighand_struct (the actions and
 * siglock) and signal_struct (the shared pending set, the real timer);
 * in nudge only a whole thread group shares handlers (CLONE_SIGHAND
 * comes with CLONE_THREAD), so one struct holds both. Tags: [s] siglock,
 * [w] wait_lock, [i] itimer_lock.
 */
struct sighand {
  struct spinlock siglock;
  struct ksigaction action[NSIG];   // [s] action[sig - 1]
  struct sigpending shared;         // [s] sent to the process, for any thread
  struct proc *leader;              // [w] the group's leader; 0 once it has exited
  struct spinlock itimer_lock;      // setitimer's: one change of the timer at a time
  struct timer real_timer;          // [i] ITIMER_REAL (proc/itimer.c)
  uint64 real_interval;             // [s] its period in timer units, or 0
  int nqueued;                      // [s] struct sigqueues on the process's sets
};

// A system call to run again, by restart_syscall(2), after a signal
// without a handler interrupted it (-ERESTART_RESTARTBLOCK).
struct restart_block {
  long (*fn)(struct restart_block *rb);
  uint64 arg[5];
};

// Codes a blocking call returns when a signal interrupts it; they never
// reach user mode: signal delivery turns them into -EINTR or a restart.
#define ERESTARTSYS           512   // restart if the handler has SA_RESTART
#define ERESTARTNOINTR        513   // always restart
#define ERESTARTNOHAND        514   // restart only if no handler ran
#define ERESTART_RESTARTBLOCK 516   // as NOHAND, through restart_syscall

// The signals one cannot catch, block or ignore.
#define SIG_UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

struct sighand *sighand_alloc(struct sighand *copy);  // copy's actions, or none
void sighand_free(struct sighand *sh);
void itimer_init(struct sighand *sh);   // its real timer, stopped (proc/itimer.c)
void signal_exec(struct proc *p);      // execve: handlers back to SIG_DFL
void signal_fork(struct proc *np, struct proc *p, int beside);

// Sending. The _locked ones: caller holds wait_lock (proc.c).
int  send_signal_locked(struct proc *t, struct ksiginfo *info, int group);
int  sigqueue(int tgid, int tid, struct ksiginfo *info);
void sigpending_init(struct sigpending *pend);
int  notify_parent(struct proc *leader, int status);   // 1: autoreap
int  kill(int pid, int sig);
int  tgkill(int tgid, int tid, int sig);
int  pidfd_signal(int pid, int scope, struct ksiginfo *info);
int  force_sig_fault(int sig, int code, uint64 addr);  // 1: it will kill
void send_sigpipe(void);

// The calling thread's own state.
int  signal_pending(struct proc *p);
ksigset_t get_blocked(void);
void set_blocked(ksigset_t mask);
void signal_exit(void);
ksigset_t signals_pending(void);
int  set_user_sigmask(uint64 umask, uint64 size);
void restore_sigmask_unless(int interrupted);
int  dequeue_signal(ksigset_t allowed, struct ksiginfo *info);
int  do_sigaction(int sig, struct ksigaction *act, struct ksigaction *old);
int  do_sigtimedwait(ksigset_t set, struct ksiginfo *info, uint64 deadline);
int  do_sigaltstack(struct sigaltstack *ss, struct sigaltstack *old, uint64 sp);
int  on_sig_stack(struct proc *p, uint64 sp);
int  sas_flags(struct proc *p, uint64 sp);
int  signal_work(struct proc *p);
int  signal_check(struct proc *leader);  // 0, or the broken invariant (S1..S3)
void do_signal(void);                  // on the way back to user mode
void signal_init(void);                // boot: the return page
long no_restart(struct restart_block *rb);
void siginfo_to_user(struct siginfo *si, struct ksiginfo *k);
int  siginfo_is_fault(struct ksiginfo *k);
int  siginfo_is_child(struct ksiginfo *k);

#endif
