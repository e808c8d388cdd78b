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

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

/*
 * A process. Tags: [p] p->lock, [w] wait_lock, [o] only the process
 * itself touches it, so no lock.
 */
struct proc {
  struct spinlock lock;

  enum procstate state;        // [p]
  int woken;                   // [p] a wakeup came since proc_unwoken()
  int killed;                  // [p] the signal that ends it (kill, a fault), or 0
  int xstate;                  // [p] wait4() status (Linux encoding)
  int pid;                     // [p]
  int exec_done;               // [p] has called execve (setpgid's EACCES)

  struct proc *parent;         // [w]
  int pgid;                    // [w] process group (setpgid)
  int exit_signal;             // [o] clone's: SIGCHLD, or a "clone child"
  struct wait_queue_head wait_chldexit; // wait4() callers; children's exits wake it

  uint64 kstack;               // [o] kernel stack's virtual address
  uint64 clear_child_tid;      // [o] exit stores 0 here (set_tid_address)
  uint64 robust_list;          // [o] set_robust_list's head (kept only)
  struct mm mm;                // [o] user memory: page table and areas
  struct trapframe *trapframe; // [o] for trampoline.S
  struct fpstate fp;           // [o] FP registers while off the hart (arch/fpu.h)
  struct context context;      // [o] swtch() here to run the process
  struct files *files;         // [o] fd table; its entries under its own lock
  struct inode *cwd;           // [o] current directory
  uint umask;                  // [o] umask(2)'s mask: kept, never applied
  struct rlimit rlim[RLIM_NLIMITS]; // [p] resource limits (proc/rlimit.c)
  char name[16];               // [o] for debugging
};

int          cpuid(void);
struct cpu  *mycpu(void);
struct proc *myproc(void);

void procinit(void);
void userinit(void);
void scheduler(void) __attribute__((noreturn));
void sched(void);
void yield(void);
int  clone_process(uint64 flags, uint64 stack, uint64 ptid, uint64 ctid);
void exit(int status) __attribute__((noreturn));  // status: wait4() encoding
int  wait4(int pid, uint64 status_addr, int options);
int  getppid(void);
int  setpgid(int pid, int pgid);
int  getpgid(int pid);
int  proc_rlimit(int pid, uint resource, const struct rlimit *new, struct rlimit *old);
int  kill(int pid, int sig);
int  killed(struct proc *p);
void setkilled(struct proc *p, int sig);
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);

// The one way to sleep (event/wait.c's rule builds on these).
void proc_unwoken(void);               // forget earlier wakeups
void proc_wake(struct proc *p);        // note a wakeup; run p if asleep
int  proc_sleep_woken(uint64 deadline); // 0, -EINTR or -ETIMEDOUT
void procdump(void);
int  nprocs_live(void);

pagetable_t proc_pagetable(struct proc *p);
void        proc_freepagetable(pagetable_t pt);

// Copy to or from user memory (user_dst/user_src = 1) or kernel memory.
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int either_copyin(void *dst, int user_src, uint64 src, uint64 len);

// exec.c
int execve(char *path, char **argv, char **envp);

#endif
