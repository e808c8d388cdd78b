#ifndef PROC_H
#define PROC_H

#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "arch/fpu.h"
#include "fs/file.h"
#include "mm/area.h"
#include "event/wait.h"
#include "nudge/resource.h"
#include "proc/signal.h"

// Callee-saved registers for swtch() between kernel threads.
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

// Per-hart state.
struct cpu {
  struct proc *proc;          // running process, or 0
  struct context context;     // swtch() here to enter scheduler()
  int noff;                   // depth of push_off() nesting
  int intena;                 // were interrupts on before push_off()?
};

extern struct cpu cpus[NCPU];

// User registers, saved by trampoline.S in the page below the
// trampoline. The first five fields are what uservec/userret need.
struct trapframe {
  /*   0 */ uint64 kernel_satp;
  /*   8 */ uint64 kernel_sp;
  /*  16 */ uint64 kernel_trap;     // usertrap()
  /*  24 */ uint64 epc;
  /*  32 */ uint64 kernel_hartid;
  /*  40 */ uint64 ra;
  /*  48 */ uint64 sp;
  /*  56 */ uint64 gp;
  /*  64 */ uint64 tp;
  /*  72 */ uint64 t0;
  /*  80 */ uint64 t1;
  /*  88 */ uint64 t2;
  /*  96 */ uint64 s0;
  /* 104 */ uint64 s1;
  /* 112 */ uint64 a0;
  /* 120 */ uint64 a1;
  /* 128 */ uint64 a2;
  /* 136 */ uint64 a3;
  /* 144 */ uint64 a4;
  /* 152 */ uint64 a5;
  /* 160 */ uint64 a6;
  /* 168 */ uint64 a7;
  /* 176 */ uint64 s2;
  /* 184 */ uint64 s3;
  /* 192 */ uint64 s4;
  /* 200 */ uint64 s5;
  /* 208 */ uint64 s6;
  /* 216 */ uint64 s7;
  /* 224 */ uint64 s8;
  /* 232 */ uint64 s9;
  /* 240 */ uint64 s10;
  /* 248 */ uint64 s11;
  /* 256 */ uint64 t3;
  /* 264 */ uint64 t4;
  /* 272 */ uint64 t5;
  /* 280 */ uint64 t6;
};

/*
 * A slot's life: UNUSED -> USED (allocproc) -> RUNNABLE, RUNNING and
 * SLEEPING while it runs -> ZOMBIE, a group leader waiting for wait4()
 * (which makes it UNUSED), or DEAD, a thread that is gone and whose slot
 * the scheduler frees once the thread is off its hart.
 */
enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE, DEAD };

// A thread group's state of ending (the leader's group_exit).
enum { GROUP_LIVE, GROUP_EXITING, GROUP_EXECING };

/*
 * A thread; a process is a thread group, one or more threads sharing
 * memory, files and the current directory, named by its leader's pid
 * (the tgid). The [L] fields are the group's: they are used in the
 * leader's struct only (p->leader->...), and the leader's slot lasts
 * until wait4() reaps the group. Tags: [p] p->lock, [w] wait_lock,
 * [o] only the thread itself touches it, [c] set before the thread
 * first runs, then constant.
 */
struct proc {
  struct spinlock lock;

  enum procstate state;        // [p]
  int woken;                   // [p] a wakeup came since proc_clear_woken()
  int killed;                  // [p] SIGKILL once it is to die (its process ends, or execs), or 0
  int exiting;                 // [p] in exit_thread(): it takes no more signals (Linux's PF_EXITING)
  int xstate;                  // [p] its exit status (Linux's wait encoding)
  int pid;                     // [p] the thread's id (gettid); the leader's is the tgid
  int tgid;                    // [c] the group's id (getpid)
  struct proc *leader;         // [c] the group's leader; itself for a leader
  int exec_done;               // [L][p] has called execve (setpgid's EACCES)

  struct proc *parent;         // [L][w] the parent group's leader
  int pgid;                    // [L][w] process group (setpgid)
  int exit_signal;             // [L][o] clone's: SIGCHLD, or a "clone child"
  int nthreads;                // [L][w] threads of the group not yet exited
  int group_exit;              // [L][w] GROUP_LIVE, _EXITING or _EXECING
  int group_xstate;            // [L][w] the status exit_group gave the group
  struct wait_queue_head wait_chldexit; // [L] wait4() callers, and execve's
                               //   wait for the other threads; exits wake it

  uint64 kstack;               // [c] kernel stack's virtual address
  uint64 trapframe_va;         // [c] where the trapframe is in user page tables
  uint64 clear_child_tid;      // [o] exit stores 0 here (set_tid_address)
  uint64 robust_list;          // [o] set_robust_list's head (kept only)
  int *vfork_done;             // [w] CLONE_VFORK: the parent's flag, set when the memory goes
  struct mm *mm;               // [o] user memory, shared by the group (mm/area.c)
  struct trapframe *trapframe; // [o] for trampoline.S
  struct fpstate fp;           // [o] FP registers while off the hart (arch/fpu.h)
  struct context context;      // [o] swtch() here to run the process
  struct files *files;         // [o] fd table, shared by the group; its entries under its own lock;
                               //   changed under [p] too, as /proc reads a leader's (proc_files_get)
  struct inode *cwd;           // [L][p] current directory: cwd_get(), cwd_set()
  uint umask;                  // [L][p] umask(2)'s mask: kept, never applied
  struct rlimit rlim[RLIM_NLIMITS]; // [L][p] resource limits (proc/rlimit.c)
  char name[16];               // [o] for debugging
  char *wait_name;             // [o] the queue its sleep is on (0: none); ^P reads it unlocked

  // Signals (proc/signal.c). [s]: the group's sighand->siglock.
  struct sighand *sighand;     // [L][w] actions, process-directed signals, timer
  ksigset_t blocked;           // [s] the signals it does not take now
  ksigset_t real_blocked;      // [s] rt_sigtimedwait: its mask while it waits
  struct sigpending pending;   // [s] signals sent to this thread
  int sigpending;              // [p] a pending signal it does not block
  int sleep_mode;              // [p] SLEEP_*: what ends its sleep
  ksigset_t saved_mask;        // [o] the mask before a p-call or sigsuspend
  int restore_mask;            // [o] saved_mask is to come back
  struct sigaltstack sas;      // [o] sigaltstack(2)
  int in_syscall;              // [o] it trapped for a system call
  uint64 orig_a0;              // [o] that call's a0, for a restart
  struct restart_block restart; // [o] restart_syscall(2)'s work
};

// What may end a sleep: only its wakeup, a fatal signal too, or any
// signal (the blocking system calls).
enum { SLEEP_UNINTERRUPTIBLE, SLEEP_KILLABLE, SLEEP_INTERRUPTIBLE };

int          cpuid(void);
struct cpu  *mycpu(void);
struct proc *myproc(void);

void procinit(void);
void userinit(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
int  clone_process(uint64 flags, uint64 stack, uint64 ptid, uint64 tls, uint64 ctid);
// status: wait4()'s encoding
void exit_thread(int status) __attribute__((noreturn));
void exit_group(int status) __attribute__((noreturn));
void exit_killed(void) __attribute__((noreturn));
int  proc_exec_alone(void);
int  proc_switch_mm(struct proc *p, struct mm *mm);
struct inode *cwd_get(void);            // the group's cwd, a reference for the caller
struct inode *cwd_set(struct inode *ip); // ip becomes it; returns the old one to iput
uint umask_set(uint mask);              // returns the old mask
int  do_wait(int type, int id, int options, int *status);  // wait4, waitid: the pid, 0 or -errno
int  getppid(void);
int  setpgid(int pid, int pgid);
int  getpgid(int pid);
int  proc_rlimit(int pid, uint resource, const struct rlimit *new, struct rlimit *old);
int  killed(struct proc *p);
int  proc_is_init(struct proc *leader);

// For signal.c: finding processes and threads. Caller holds wait_lock.
extern struct spinlock wait_lock;
struct proc *find_proc(int pid);        // the leader of the process with thread pid
struct files *proc_files_get(int pid);  // its fd table, a reference; takes wait_lock itself
struct proc *find_thread(int tid);
struct proc *next_leader(struct proc *prev);  // each live or zombie process, from 0
struct proc *next_thread(struct proc *leader, struct proc *prev);  // each live one, from 0
int  group_kill_locked(struct proc *leader, int status);
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);
int  chan_wake(struct wait_queue_entry *e, void *chan);  // sleep()'s callback

// The one way to sleep (event/wait.c's rule builds on these).
void proc_clear_woken(char *wait_name); // forget earlier wakeups
void proc_wake(struct proc *p);        // note a wakeup; run p if asleep
int  proc_sleep_unless_woken(int mode, uint64 deadline);  // SLEEP_*; 0 or -errno
void procdump(void);
int  nprocs_live(void);
int  group_check(struct proc *leader);  // 0, or the broken invariant (T1..T3)


// Copy to or from user memory (user_dst/user_src = 1) or kernel memory.
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int either_copyin(void *dst, int user_src, uint64 src, uint64 len);

// exec.c
int execve(char *path, char **argv, char **envp);

#endif
