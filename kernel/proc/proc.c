/*
 * Processes: the process table, the scheduler, sleep and wakeup.
 *
 *   procinit(), userinit()      boot; the first process runs /init
 *   scheduler(), sched(), yield()
 *   clone_process(), exit(), do_wait() (wait4 and waitid)
 *   find_proc(), next_leader(), next_thread(), group_kill_locked(): for
 *                               signals (proc/signal.c)
 *   getppid(), setpgid(), getpgid(): parents and process groups
 *   proc_rlimit()               prlimit64 on any process (proc/rlimit.c)
 *   proc_clear_woken(), proc_sleep_unless_woken(), proc_wake(): the one
 *                               way to sleep
 *   sleep(chan, lk), wakeup(chan): xv6's interface, on wait queues
 *   procdump()                  ^P on the console
 *
 * Each hart runs scheduler() on its boot stack. A process gives up its
 * hart by sched(), which swtch()es to that scheduler; the scheduler picks
 * the next RUNNABLE process and swtch()es to it.
 *
 * Locking, outermost first:
 *   wait_lock   p->parent and p->pgid of every process, so that a
 *               parent's wait4() never misses a child's exit() (the child
 *               wakes the parent holding it). Also the lock wait4() sleeps
 *               on; and, as only wait4() frees a process (holding it), a
 *               process found under it stays.
 *   p->lock     the [p] fields of struct proc. Held across swtch() in
 *               both directions: the process that calls sched() holds its
 *               own lock, and the scheduler releases it after the switch
 *               (and the other way round), so no other hart can run or
 *               change a process that is still on its way in or out.
 *   pid_lock    nextpid.
 *
 * Sleeping. Every sleep goes through proc_sleep_unless_woken() (the
 * wait queues' wait_woken(), xv6's sleep(), nanosleep, sigsuspend), and
 * every wakeup through proc_wake(), which sets p->woken under p->lock
 * (and makes p RUNNABLE if it sleeps). A sleeper first clears p->woken
 * (proc_clear_woken), then gets on its wait queue and tests its
 * condition, then sleeps only if p->woken is still clear: a wakeup
 * anywhere after the clear is seen (the rule is drawn at the top of
 * event/wait.c).
 * A signal and an expired deadline end a sleep the same way (signal.c).
 *
 * Thread groups (docs/threads.md): a process is the threads with one
 * leader, whose struct holds the process's own fields. Invariants, for
 * each leader L, under wait_lock (group_check() in the checking build,
 * after every change to a group):
 *   T1  L->nthreads counts the threads of L's group that have not exited
 *   T2  those of them that still hold memory all hold one mm
 *   T3  only a leader has a parent
 *
 * xv6's sleep(chan, lk)/wakeup(chan) remain for the simple waits (sleep
 * locks, the log, the disk): they hash chan to one of a few wait queues,
 * so a wakeup looks at the sleepers of that queue only, never at every
 * process.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/irqoff.h"
#include "proc/proc.h"
#include "proc/rlimit.h"
#include "proc/pidfd.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "dev/console.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/sched.h"
#include "nudge/wait.h"
#include "proc/timer.h"
#include "event/wait.h"
#include "lib/invariant.h"
#include "event/futex.h"

struct cpu cpus[NCPU];
static struct proc proc[NPROC];

static struct proc *initproc;

static int nextpid = 1;
static struct spinlock pid_lock;

struct spinlock wait_lock;

extern char trampoline[];   // trampoline.S
void swtch(struct context *old, struct context *new);
void usertrapret(void);

static void forkret(void);
static void freeproc(struct proc *p);

// xv6's channels, hashed onto a few wait queues.
#define NCHANQ 64
static struct wait_queue_head chanq[NCHANQ];

void
procinit(void)
{
  struct proc *p;

  initlock(&pid_lock, "nextpid");
  initlock(&wait_lock, "wait_lock");
  for(p = proc; p < &proc[NPROC]; p++){
    initlock(&p->lock, "proc");
    p->state = UNUSED;
    p->kstack = KSTACK((int)(p - proc));   // mapped by kvminit()
    p->trapframe_va = TRAPFRAME((int)(p - proc));
    init_waitqueue_head(&p->wait_chldexit, "wait_chldexit");
  }
  for(int i = 0; i < NCHANQ; i++)
    init_waitqueue_head(&chanq[i], "chanq");
}

// This hart's id, kept in tp. Interrupts must be off, so that the caller
// cannot move to another hart while it uses the answer.
int
cpuid(void)
{
  return r_tp();
}

// This hart's struct cpu. Interrupts must be off.
struct cpu *
mycpu(void)
{
  return &cpus[cpuid()];
}

// The process running on this hart, or 0.
struct proc *
myproc(void)
{
  struct proc *p;

  push_off();
  p = mycpu()->proc;
  pop_off();
  return p;
}

static int
allocpid(void)
{
  int pid;

  acquire(&pid_lock);
  pid = nextpid++;
  release(&pid_lock);
  return pid;
}

/*
 * Finds an UNUSED slot and makes it a thread that will start in
 * forkret(), with a trapframe, and no memory yet (mm 0). On success *pp
 * is the thread, with its lock held. Returns 0, -EAGAIN if the table is
 * full, or -ENOMEM.
 */
static int
allocproc(struct proc **pp)
{
  struct proc *p;

  for(p = proc; p < &proc[NPROC]; p++){
    acquire(&p->lock);
    if(p->state == UNUSED)
      goto found;
    release(&p->lock);
  }
  return -EAGAIN;

found:
  p->pid = allocpid();
  p->tgid = p->pid;
  p->leader = p;
  p->state = USED;
  p->killed = 0;
  p->exiting = 0;
  p->xstate = 0;
  p->mm = 0;
  p->cwd = 0;
  p->files = 0;
  p->sighand = 0;
  p->blocked = p->real_blocked = 0;
  sigpending_init(&p->pending);
  p->sigpending = 0;
  p->restore_mask = 0;
  p->sas.ss_sp = p->sas.ss_size = 0;
  p->sas.ss_flags = SS_DISABLE;
  p->in_syscall = 0;
  p->restart.fn = no_restart;

  if((p->trapframe = alloc_page()) == 0){
    freeproc(p);
    release(&p->lock);
    return -ENOMEM;
  }

  // The first swtch() to p "returns" into forkret, on p's kernel stack.
  memset(&p->context, 0, sizeof(p->context));
  p->context.ra = (uint64)forkret;
  p->context.sp = p->kstack + PGSIZE;

  *pp = p;
  return 0;
}

// Makes the slot UNUSED, freeing its trapframe. Caller holds p->lock;
// p's memory, files and cwd are gone already (exit_thread) or were
// never taken.
static void
freeproc(struct proc *p)
{
  assert_held(&p->lock);
  if(p->trapframe)
    free_page(p->trapframe);
  p->trapframe = 0;
  p->pid = 0;
  p->tgid = 0;
  p->leader = 0;
  p->parent = 0;
  p->pgid = 0;
  p->exec_done = 0;
  p->exit_signal = 0;
  p->nthreads = 0;
  p->group_exit = GROUP_LIVE;
  p->group_xstate = 0;
  p->clear_child_tid = 0;
  p->robust_list = 0;
  p->vfork_done = 0;
  p->cwd = 0;
  p->sighand = 0;
  p->name[0] = 0;
  p->woken = 0;
  p->killed = 0;
  p->exiting = 0;
  p->xstate = 0;
  p->state = UNUSED;
}

// Maps p's trapframe into mm's page table, where trampoline.S finds it
// (sscratch holds its address while p is in user mode). 0 or -ENOMEM.
static int
map_trapframe(struct proc *p, struct mm *mm)
{
  int err;

  acquire(&mm->lock);
  err = mappages(mm->pt, p->trapframe_va, PGSIZE, (uint64)p->trapframe, PTE_R | PTE_W);
  release(&mm->lock);
  return err < 0 ? -ENOMEM : 0;
}

// Takes p's trapframe out of p's memory, and lets the memory go; a
// parent waiting in vfork (clone with CLONE_VFORK) for that goes on.
static void
drop_mm(struct proc *p)
{
  struct mm *mm = p->mm;

  acquire(&mm->lock);
  uvmunmap(mm->pt, p->trapframe_va, 1, 0);
  release(&mm->lock);
  p->mm = 0;
  mm_put(mm);

  acquire(&wait_lock);
  if(p->vfork_done){
    // The waiter sleeps on its group's queue: p's parent's, or p's own
    // group's if p is a thread.
    *p->vfork_done = 1;
    p->vfork_done = 0;
    wake_up_all(&(p->parent ? p->parent : p->leader)->wait_chldexit);
  }
  release(&wait_lock);
}

// CLONE_VFORK: the parent sleeps until its child np has let go of the
// memory they share (execve or exit), or until it is killed.
static void
vfork_wait(struct proc *np, int *done)
{
  struct proc *p = myproc();
  struct wait_queue_entry w;
  int err = 0;

  init_waitqueue_entry(&w, p);
  acquire(&wait_lock);
  while(!*done && err == 0){
    prepare_to_wait(&p->leader->wait_chldexit, &w);
    err = wait_woken_killable(&wait_lock);
    finish_wait(&p->leader->wait_chldexit, &w);
  }
  // Killed first: np, alive as long as it has not let go, forgets us.
  if(!*done)
    np->vfork_done = 0;
  release(&wait_lock);
}

// execve's switch of p to a new mm, which p alone uses: 0, or -ENOMEM
// with nothing changed.
int
proc_switch_mm(struct proc *p, struct mm *mm)
{
  if(map_trapframe(p, mm) < 0)
    return -ENOMEM;
  drop_mm(p);
  p->mm = mm;
  return 0;
}

// The first process. It starts in the kernel, in forkret(), which mounts
// the file system and execs /init (see start_init()).
void
userinit(void)
{
  struct proc *p;

  if(allocproc(&p) < 0 || (p->mm = mm_alloc()) == 0 || map_trapframe(p, p->mm) < 0)
    panic("userinit: no memory");
  initproc = p;
  if((p->sighand = sighand_alloc(0)) == 0)
    panic("userinit: no memory");
  p->sighand->leader = p;
  p->nthreads = 1;
  p->pgid = p->pid;
  p->exit_signal = SIGCHLD;
  rlimit_init(p->rlim);
  if((p->files = files_alloc()) == 0)
    panic("userinit: no memory");
  safestrcpy(p->name, "init", sizeof(p->name));
  p->state = RUNNABLE;
  release(&p->lock);
}

/*
 * The first process, in its kernel context: the file system needs a
 * process to sleep in, so it is set up here rather than in main(). Then
 * the process execs /init, starting as every program starts: a0 0, and
 * argc at sp.
 */
static void
start_init(struct proc *p)
{
  static char path[] = "/init";
  static char *argv[] = { path, 0 }, *envp[] = { 0 };
  int err;

  fsinit(ROOTDEV);

  begin_op();
  if(namei_at(0, "/", &p->cwd) < 0)
    panic("start_init: no root directory");
  end_op();
  p->umask = 022;     // Linux's init starts with it

  if((err = execve(path, argv, envp)) < 0){
    printf("start_init: exec /init: error %d\n", -err);
    panic("start_init: no /init");
  }
  p->trapframe->a0 = 0;
}

// A new process's first code, reached through the scheduler's swtch().
static void
forkret(void)
{
  static int first = 1;
  struct proc *p = myproc();

  // The scheduler acquired p->lock before it switched here.
  release(&p->lock);
  fpu_switch_in(&p->fp);

  if(first){
    first = 0;
    start_init(p);
  }

  usertrapret();
}

/*
 * clone(2): a new thread, in the caller's group with CLONE_THREAD, else
 * the first thread of a new process, a child of the caller's. Memory is
 * shared with CLONE_VM, else copied; sys_clone checked the flags against
 * each other. The registers are the caller's, but a0 0, the stack (if
 * not 0) as sp and, with CLONE_SETTLS, tls as tp. CLONE_{PARENT,CHILD}_SETTID
 * store the new tid, CLONE_CHILD_CLEARTID records where exit clears it.
 * Returns the new thread's tid to the caller (the new thread's clone
 * returns 0), or -EAGAIN if the process table is full, -ENOMEM, or
 * -EINTR if the caller's group is ending.
 */
int
clone_process(uint64 flags, uint64 stack, uint64 ptid, uint64 tls, uint64 ctid)
{
  struct proc *p = myproc(), *leader = p->leader;
  struct proc *np;
  struct rlimit rlim[RLIM_NLIMITS];
  struct file *pidf = 0;
  int err, tid, vfork_done = 0, pidfd = -1;

  // The limits are copied under the leader's lock, not held with np's.
  acquire(&leader->lock);
  memmove(rlim, leader->rlim, sizeof(rlim));
  release(&leader->lock);
  if((err = allocproc(&np)) < 0)
    return err;
  // USED: no one else touches np until it is RUNNABLE, so its lock need
  // not be held meanwhile (and may not be, over the sleeps below).
  release(&np->lock);
  memmove(np->rlim, rlim, sizeof(rlim));
  tid = np->pid;

  err = -ENOMEM;
  if(flags & CLONE_VM){
    mm_get(p->mm);
    np->mm = p->mm;
  } else {
    if((np->mm = mm_alloc()) == 0)
      goto err_free;
    acquire(&p->mm->lock);
    err = mm_copy(np->mm, p->mm);
    release(&p->mm->lock);
    if(err < 0)
      goto err_free;
  }
  if((err = map_trapframe(np, np->mm)) < 0){
    mm_put(np->mm);
    np->mm = 0;
    goto err_free;
  }
  err = -ENOMEM;
  if(flags & CLONE_FILES){
    files_get(p->files);
    np->files = p->files;
  } else if((np->files = files_copy(p->files)) == 0){
    goto err_free;
  }

  *np->trapframe = *p->trapframe;
  np->trapframe->a0 = 0;
  fpu_sync(&p->fp);
  np->fp = p->fp;
  if(stack)
    np->trapframe->sp = stack;
  if(flags & CLONE_SETTLS)
    np->trapframe->tp = tls;
  // As in Linux, a bad tid address is not an error: the store is skipped.
  if(flags & CLONE_CHILD_SETTID)
    copyout(np->mm, ctid, &tid, sizeof(tid));
  if(flags & CLONE_CHILD_CLEARTID)
    np->clear_child_tid = ctid;
  if(!(flags & CLONE_THREAD)){
    np->cwd = cwd_get();
    np->umask = umask_set(~0U);
    // A process of its own has handlers of its own, copies of the caller's.
    err = -ENOMEM;
    if((np->sighand = sighand_alloc(leader->sighand)) == 0)
      goto err_free;
  }
  signal_fork(np, p, (flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM);
  safestrcpy(np->name, p->name, sizeof(np->name));

  if(flags & CLONE_PARENT_SETTID)
    copyout(p->mm, ptid, &tid, sizeof(tid));

  // CLONE_PIDFD: the caller's pidfd for the child, its number at ptid
  // (a bad ptid fails the clone, as Linux's); the fd opens once the
  // child runs.
  if(flags & CLONE_PIDFD){
    if((err = pidfd = fdreserve(1)) < 0)
      goto err_free;
    err = -ENOMEM;
    if((pidf = pidfd_file(tid, 0)) == 0)
      goto err_free;
    err = -EFAULT;
    if(copyout(p->mm, ptid, &pidfd, sizeof(pidfd)) < 0)
      goto err_free;
  }

  // Joining the group and becoming RUNNABLE are one step under
  // wait_lock, so that a kill_others() either sees the new thread or
  // comes before it and stops it here.
  acquire(&wait_lock);
  if(flags & CLONE_THREAD){
    // A group that is ending takes no new threads.
    if(leader->group_exit != GROUP_LIVE){
      release(&wait_lock);
      err = -EINTR;
      goto err_free;
    }
    np->tgid = leader->pid;
    np->leader = leader;
    leader->nthreads++;
  } else {
    np->parent = leader;
    np->sighand->leader = np;
    np->pgid = leader->pgid;
    np->nthreads = 1;
    np->exit_signal = flags & CSIGNAL;
  }
  if(flags & CLONE_VFORK)
    np->vfork_done = &vfork_done;
  acquire(&np->lock);
  np->state = RUNNABLE;
  release(&np->lock);
  INVARIANTS(group_check, 'T', np->leader);
  release(&wait_lock);

  if(pidf)
    fdcommit(pidfd, pidf);
  if(flags & CLONE_VFORK)
    vfork_wait(np, &vfork_done);
  return tid;

err_free:
  // np has not run: what it holds goes, then its slot.
  if(pidf)
    fileclose(pidf);
  if(pidfd >= 0)
    fdunreserve(pidfd);
  if(np->files)
    files_put(np->files);
  np->files = 0;
  if(np->cwd){
    begin_op();
    iput(np->cwd);
    end_op();
    np->cwd = 0;
  }
  if(np->mm)
    drop_mm(np);
  if(np->sighand)
    sighand_free(np->sighand);
  acquire(&np->lock);
  freeproc(np);
  release(&np->lock);
  return err;
}

// Has thread t not exited yet (joined its group, not ZOMBIE or DEAD)?
static int
thread_live(struct proc *t)
{
  return t->state == RUNNABLE || t->state == RUNNING || t->state == SLEEPING;
}

// Tests T1-T3 for leader's group: 0 or the broken one's number. Caller
// holds wait_lock. Not static, so gdb can call it in any build.
int
group_check(struct proc *leader)
{
  struct proc *t;
  struct mm *mm = 0;
  int n = 0;

  assert_held(&wait_lock);
  for(t = proc; t < &proc[NPROC]; t++){
    if(t->leader != leader || !thread_live(t))
      continue;
    n++;
    if(mm && t->mm && t->mm != mm)
      return 2;
    if(t->mm)
      mm = t->mm;
    if(t != leader && t->parent)
      return 3;
  }
  return n == leader->nthreads ? 0 : 1;
}

// The status a process ended with: exit_group's (or a fatal signal's),
// else the leader thread's own (leader_status). Caller holds wait_lock.
static int
group_status(struct proc *l, int leader_status)
{
  assert_held(&wait_lock);
  return l->group_exit == GROUP_EXITING ? l->group_xstate : leader_status;
}

// Gives the children of group leader l to init. Caller holds wait_lock.
static void
reparent(struct proc *l)
{
  struct proc *pp;

  assert_held(&wait_lock);
  for(pp = proc; pp < &proc[NPROC]; pp++){
    if(pp->parent == l){
      pp->parent = initproc;
      pp->exit_signal = SIGCHLD;    // as Linux: init reaps it with wait4(-1)
      wake_up(&initproc->wait_chldexit);
    }
  }
}

/*
 * Ends the calling thread with status (wait4()'s encoding). It lets go
 * of its files and memory; the group's last thread also gives the
 * group's children to init and wakes the parent's wait4(). A leader
 * stays a ZOMBIE until its parent reaps the group, and lets go of the
 * group's directory then (an iput sleeps, which a thread on its way
 * out under wait_lock cannot); any other thread is DEAD, and the
 * scheduler frees its slot.
 */
void
exit_thread(int status)
{
  struct proc *p = myproc(), *leader = p->leader;
  struct files *fs;
  int zero = 0;

  if(leader == initproc)
    panic("exit: init exiting");

  acquire(&p->lock);
  p->exiting = 1;
  release(&p->lock);
  signal_exit();
  acquire(&p->lock);          // /proc reads a leader's (proc_files_get)
  fs = p->files;
  p->files = 0;
  release(&p->lock);
  files_put(fs);

  // set_tid_address's promise, kept as Linux keeps it, only when
  // another thread shares the memory: 0 at the address, and a futex
  // wake there (this is how pthread_join learns of the exit).
  if(p->clear_child_tid && mm_shared(p->mm) &&
     copyout(p->mm, p->clear_child_tid, &zero, sizeof(zero)) == 0)
    futex_wake_addr(p->mm, p->clear_child_tid);
  drop_mm(p);

  acquire(&wait_lock);
  if(--leader->nthreads == 0){
    pidfd_notify();               // its pidfds say POLLIN
    reparent(leader);
    leader->sighand->leader = 0;    // no thread is left to take a signal
    if(notify_parent(leader, group_status(leader, p == leader ? status : leader->xstate))){
      // The parent does not wait for its children: init reaps this one.
      // The parent's wait4() may have no child left: it looks again.
      wake_up(&leader->parent->wait_chldexit);
      leader->parent = initproc;
      leader->exit_signal = SIGCHLD;
    }
    // The parent may be sleeping in wait4().
    wake_up(&leader->parent->wait_chldexit);
  }
  // An execve in another thread may be waiting for this one to go.
  wake_up_all(&leader->wait_chldexit);

  acquire(&p->lock);
  p->xstate = status;
  if(p == leader){
    p->state = ZOMBIE;
  } else {
    p->state = DEAD;
    p->pid = 0;         // no lookup finds it any more
  }
  INVARIANTS(group_check, 'T', leader);
  release(&wait_lock);

  // Into the scheduler, never to return.
  sched();
  panic("exit: zombie ran");
}

// The group's current directory, with a reference for the caller to
// iput. Under the leader's lock, so that a chdir in another thread
// cannot iput it first.
struct inode *
cwd_get(void)
{
  struct proc *leader = myproc()->leader;
  struct inode *ip;

  acquire(&leader->lock);
  ip = idup(leader->cwd);
  release(&leader->lock);
  return ip;
}

// Makes ip (with the caller's reference) the group's directory; returns
// the old one, whose reference the caller drops (inside a transaction).
struct inode *
cwd_set(struct inode *ip)
{
  struct proc *leader = myproc()->leader;
  struct inode *old;

  acquire(&leader->lock);
  old = leader->cwd;
  leader->cwd = ip;
  release(&leader->lock);
  return old;
}

// umask(2)'s mechanism; mask ~0 only asks.
uint
umask_set(uint mask)
{
  struct proc *leader = myproc()->leader;
  uint old;

  acquire(&leader->lock);
  old = leader->umask;
  if(mask != ~0U)
    leader->umask = mask;
  release(&leader->lock);
  return old;
}

// Under wait_lock: marks every thread of the group but p to die (the
// group's status is the leader's group_xstate).
static void
kill_others(struct proc *leader, struct proc *p)
{
  struct proc *t;

  for(t = proc; t < &proc[NPROC]; t++){
    if(t == p)
      continue;
    acquire(&t->lock);
    if(t->leader == leader && t->state != UNUSED && t->state != USED &&
       t->state != ZOMBIE && t->state != DEAD){
      if(t->killed == 0)
        t->killed = SIGKILL;
      t->woken = 1;
      if(t->state == SLEEPING)
        t->state = RUNNABLE;
    }
    release(&t->lock);
  }
}

/*
 * exit_group(2), and a death by signal: the whole group ends with
 * status, the first such status given (a group already ending keeps
 * its own). The other threads are killed, and exit at their next trap
 * boundary.
 */
void
exit_group(int status)
{
  struct proc *p = myproc(), *leader = p->leader;

  acquire(&wait_lock);
  if(leader->group_exit != GROUP_EXITING){
    leader->group_exit = GROUP_EXITING;
    leader->group_xstate = status;
    kill_others(leader, p);
  }
  release(&wait_lock);
  exit_thread(status);
}

// A killed thread, at a trap boundary: the group dies of the signal,
// unless the kill came from an execve in another thread, which wants
// only this thread gone.
void
exit_killed(void)
{
  struct proc *p = myproc(), *leader = p->leader;
  int execing;

  acquire(&wait_lock);
  execing = leader->group_exit == GROUP_EXECING;
  release(&wait_lock);
  if(execing)
    exit_thread(killed(p));
  exit_group(killed(p));
}

/*
 * execve's first step when it cannot fail any more for other reasons:
 * every other thread of the group ends, and the caller becomes the
 * group's only thread. A caller that is not the leader takes the
 * leader's place, pid included, as in Linux. 0, or -EINTR if the
 * group is ending, or the caller was killed while it waited.
 */
int
proc_exec_alone(void)
{
  struct proc *p = myproc(), *leader = p->leader, *pp;
  struct wait_queue_entry w;
  int err = 0;

  acquire(&wait_lock);
  if(leader->nthreads == 1 && p == leader){
    release(&wait_lock);
    return 0;
  }
  if(leader->group_exit != GROUP_LIVE){
    release(&wait_lock);
    return -EINTR;
  }
  leader->group_exit = GROUP_EXECING;
  kill_others(leader, p);

  // Wait for the others to exit; a leader that is not p waits as a
  // ZOMBIE, off its hart once its lock is free.
  init_waitqueue_entry(&w, p);
  while(leader->nthreads > 1 && leader->group_exit == GROUP_EXECING && err == 0){
    prepare_to_wait(&leader->wait_chldexit, &w);
    err = wait_woken_killable(&wait_lock);
    finish_wait(&leader->wait_chldexit, &w);
  }
  if(err == 0 && leader->group_exit != GROUP_EXECING)
    err = -EINTR;     // an exit_group came meanwhile
  if(err < 0){
    release(&wait_lock);
    return err;
  }
  leader->group_exit = GROUP_LIVE;

  if(p != leader){
    // p becomes the leader: its pid, parent, group, limits and children.
    acquire(&leader->lock);
    acquire(&p->lock);
    p->pid = p->tgid = leader->pid;
    p->leader = p;
    p->parent = leader->parent;
    p->pgid = leader->pgid;
    p->exit_signal = leader->exit_signal;
    p->exec_done = leader->exec_done;
    p->nthreads = 1;
    p->cwd = leader->cwd;
    p->umask = leader->umask;
    p->sighand = leader->sighand;
    p->sighand->leader = p;
    leader->cwd = 0;
    leader->sighand = 0;
    memmove(p->rlim, leader->rlim, sizeof(p->rlim));
    release(&p->lock);
    for(pp = proc; pp < &proc[NPROC]; pp++)
      if(pp->parent == leader)
        pp->parent = p;
    freeproc(leader);
    release(&leader->lock);
  }
  release(&wait_lock);
  return 0;
}

// Is child c one that a wait for (type, id) with these options picks?
// Caller holds wait_lock (c->pgid).
static int
wait_wants(struct proc *c, int type, int id, int options)
{
  assert_held(&wait_lock);
  if(type == P_PID && c->pid != id)
    return 0;
  if(type == P_PGID && c->pgid != (id ? id : myproc()->leader->pgid))
    return 0;
  // Without __WALL, __WCLONE picks the children whose exit signal is not
  // SIGCHLD, and its absence the others.
  return (options & __WALL) ||
         ((c->exit_signal != SIGCHLD) == ((options & __WCLONE) != 0));
}

/*
 * wait4 and waitid (Linux's do_wait): waits for a child that (type, id)
 * picks (P_ALL: any; P_PID: that one; P_PGID: one in group id, 0: the
 * caller's) to exit,
 * and reaps it, unless options has WNOWAIT: returns its pid and stores
 * its status (wait4's encoding) in *status. Only WEXITED children are
 * looked for (nudge's children do not stop). With WNOHANG, 0 if such
 * children exist but none has exited. -ECHILD if there is no such
 * child, -ERESTARTSYS if a signal comes while it waits.
 */
int
do_wait(int type, int id, int options, int *status)
{
  struct proc *p = myproc(), *me = p->leader;
  struct proc *pp;
  struct wait_queue_entry w;
  struct inode *cwd;
  struct sighand *sh;
  int havekids, pid, err;

  // The children are the group's: any of its threads may wait for them.
  init_waitqueue_entry(&w, p);
  acquire(&wait_lock);
  for(;;){
    // On the queue before looking: an exit after the scan wakes us.
    prepare_to_wait(&me->wait_chldexit, &w);
    havekids = 0;
    for(pp = proc; pp < &proc[NPROC]; pp++){
      if(pp->parent != me || !wait_wants(pp, type, id, options))
        continue;
      // Holding pp->lock: pp may still be on its way out in exit_thread().
      acquire(&pp->lock);
      havekids = 1;
      // A group is reaped once its last thread has exited.
      if(pp->state == ZOMBIE && pp->nthreads == 0 && (options & WEXITED)){
        pid = pp->pid;
        *status = group_status(pp, pp->xstate);
        if(options & WNOWAIT){
          release(&pp->lock);
          release(&wait_lock);
          finish_wait(&me->wait_chldexit, &w);
          return pid;
        }
        cwd = pp->cwd;
        sh = pp->sighand;
        freeproc(pp);
        release(&pp->lock);
        release(&wait_lock);
        finish_wait(&me->wait_chldexit, &w);
        pidfd_notify();           // its pidfds now say POLLHUP too
        sighand_free(sh);
        begin_op();
        iput(cwd);
        end_op();
        return pid;
      }
      release(&pp->lock);
    }

    if(!havekids)
      err = -ECHILD;
    else if(options & WNOHANG)
      err = 0;
    else
      err = wait_woken(&wait_lock, 0);
    if(err < 0 || (options & WNOHANG)){
      release(&wait_lock);
      finish_wait(&me->wait_chldexit, &w);
      return err;
    }
  }
}

// The parent's pid; 0 for init, which has none.
int
getppid(void)
{
  struct proc *p = myproc()->leader;
  int pid;

  acquire(&wait_lock);
  pid = p->parent ? p->parent->pid : 0;
  release(&wait_lock);
  return pid;
}

/*
 * The fd table of process pid (its leader's, as Linux's /proc/<pid>/fd
 * shows), with a reference for the caller (files_put), or 0 if there is
 * no such process or its leader has let go of its files (exited).
 * wait_lock keeps the leader's slot, p->lock its files pointer.
 */
struct files *
proc_files_get(int pid)
{
  struct files *fs = 0;
  struct proc *l;

  acquire(&wait_lock);
  if((l = find_proc(pid)) != 0){
    acquire(&l->lock);
    if((fs = l->files) != 0)
      files_get(fs);
    release(&l->lock);
  }
  release(&wait_lock);
  return fs;
}

// The leader of the live process that has a thread with id pid, or 0.
// Caller holds wait_lock, which keeps a leader from being freed (only
// wait4 and execve free one, under it), and a DEAD thread has pid 0.
struct proc *
find_proc(int pid)
{
  struct proc *pp;

  assert_held(&wait_lock);
  for(pp = proc; pp < &proc[NPROC]; pp++)
    if(pid > 0 && pp->pid == pid && pp->state != UNUSED && pp->state != USED)
      return pp->leader;
  return 0;
}

/*
 * setpgid(pid, pgid): puts process pid (0: the caller) in group pgid
 * (0: its own pid), as Linux does within one session: the process must
 * be the caller or a child of it (-ESRCH) that has not called execve
 * (-EACCES); a group other than its own pid must already exist (-EPERM).
 * nudge has no sessions, so Linux's session-leader rules do not arise.
 */
int
setpgid(int pid, int pgid)
{
  struct proc *p = myproc()->leader, *t, *pp;
  int execd, found;

  if(pgid < 0)
    return -EINVAL;
  acquire(&wait_lock);
  t = pid == 0 ? p : find_proc(pid);
  if(t == 0 || (t != p && t->parent != p)){
    release(&wait_lock);
    return -ESRCH;
  }
  acquire(&t->lock);
  execd = t != p && t->exec_done;
  release(&t->lock);
  if(execd){
    release(&wait_lock);
    return -EACCES;
  }
  if(pgid == 0)
    pgid = t->pid;
  // A group other than t's own pid must have a member already.
  found = pgid == t->pid;
  for(pp = proc; pp < &proc[NPROC] && !found; pp++)
    found = pp->state != UNUSED && pp->leader == pp && pp->pgid == pgid;
  if(found)
    t->pgid = pgid;
  release(&wait_lock);
  return found ? 0 : -EPERM;
}

/*
 * prlimit64's mechanism on process pid (0: the caller): the limit of
 * resource before the call into *old (if old), then new (if new) in its
 * place, after rlimit_check(). 0, -ESRCH if there is no such process
 * (found before the checks, as Linux does), or rlimit_check()'s error.
 */
int
proc_rlimit(int pid, uint resource, const struct rlimit *new,
            struct rlimit *old)
{
  struct proc *t;
  int err;

  acquire(&wait_lock);
  t = pid == 0 ? myproc()->leader : find_proc(pid);
  if(t == 0)
    err = -ESRCH;
  else if((err = rlimit_check(resource, new)) == 0){
    acquire(&t->lock);
    if(old)
      *old = t->rlim[resource];
    if(new)
      t->rlim[resource] = *new;
    release(&t->lock);
  }
  release(&wait_lock);
  return err;
}

// getpgid(pid): the group of process pid (0: the caller), or -ESRCH.
int
getpgid(int pid)
{
  struct proc *t;
  int pgid;

  acquire(&wait_lock);
  t = pid == 0 ? myproc()->leader : find_proc(pid);
  pgid = t ? t->pgid : -ESRCH;
  release(&wait_lock);
  return pgid;
}

/*
 * Each hart's scheduler loop, after boot. Picks a RUNNABLE process,
 * runs it until it gives the hart back by sched(), and repeats. With
 * nothing to run, the hart waits for an interrupt.
 */
void
scheduler(void)
{
  struct cpu *c = mycpu();
  struct proc *p;
  int found;

  c->proc = 0;
  for(;;){
    // Let pending device interrupts in: the last process may have left
    // them off, and with every process asleep nothing else would.
    irqoff_end();
    intr_on();
    intr_off();
    irqoff_begin();

    found = 0;
    for(p = proc; p < &proc[NPROC]; p++){
      acquire(&p->lock);
      if(p->state == RUNNABLE){
        // The process releases its lock and takes it again before
        // switching back.
        p->state = RUNNING;
        c->proc = p;
        swtch(&c->context, &p->context);
        c->proc = 0;
        found = 1;
        // A thread that has exited is off its hart now: free its slot.
        if(p->state == DEAD)
          freeproc(p);
      }
      release(&p->lock);
    }

    // wfi with interrupts off still wakes on a pending interrupt, which
    // intr_on() above then takes: no wakeup lost between the scan and wfi.
    if(!found){
      irqoff_end();
      asm volatile("wfi");
    }
  }
}

/*
 * Switches to this hart's scheduler. The caller holds p->lock (only it)
 * and has changed p->state. intena belongs to this kernel thread, not to
 * the hart, so it is saved and restored around the switch.
 */
void
sched(void)
{
  struct proc *p = myproc();
  int intena;

  if(!holding(&p->lock))
    panic("sched: p->lock not held");
  if(mycpu()->noff != 1)
    panic("sched: other locks held");
  if(p->state == RUNNING)
    panic("sched: process still RUNNING");
  if(intr_get())
    panic("sched: interrupts on");

  intena = mycpu()->intena;
  fpu_switch_out(&p->fp);
  swtch(&p->context, &mycpu()->context);
  fpu_switch_in(&p->fp);
  mycpu()->intena = intena;
}

// Gives up the hart for one scheduling round.
void
yield(void)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  p->state = RUNNABLE;
  sched();
  release(&p->lock);
}

// ---- sleeping and waking ------------------------------------------------------

// Forgets any wakeup that came before: step 1 of event/wait.c's rule.
// wait_name names the queue the sleep to come waits on, for ^P (0: none).
void
proc_clear_woken(char *wait_name)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  p->woken = 0;
  p->wait_name = wait_name;
  release(&p->lock);
}

/*
 * Notes a wakeup for p, and makes p RUNNABLE if it sleeps. Callable from
 * a wait-queue callback or a timer, in an interrupt too: it only spins.
 */
void
proc_wake(struct proc *p)
{
  acquire(&p->lock);
  p->woken = 1;
  if(p->state == SLEEPING)
    p->state = RUNNABLE;
  release(&p->lock);
}

static int
deadline_fired(struct timer *t)
{
  proc_wake(t->data);
  return TIMER_NORESTART;
}

/*
 * Every sleep: sleeps unless a wakeup came since proc_clear_woken(),
 * until one comes, or until what mode lets end the sleep: any signal to
 * act on (SLEEP_INTERRUPTIBLE; a sender wakes p only from a sleep its
 * signal may end, signal.c), a death (SLEEP_KILLABLE too), or nothing
 * else (SLEEP_UNINTERRUPTIBLE). deadline, a timer_now() time (0: none),
 * is one more wakeup. The caller holds no spinlock. Returns
 * -ERESTARTSYS (interruptible) or -EINTR (killable) if that is what
 * ended it, -ETIMEDOUT once the deadline has passed, else 0.
 */
int
proc_sleep_unless_woken(int mode, uint64 deadline)
{
  struct proc *p = myproc();
  struct timer t;

  if(deadline){
    if(timer_now() >= deadline)
      return -ETIMEDOUT;
    timer_setup(&t, deadline_fired, p);
    t.expires = deadline;
    timer_add(&t);
  }
  acquire(&p->lock);
  if(!p->woken && !(mode >= SLEEP_KILLABLE && p->killed) &&
     !(mode == SLEEP_INTERRUPTIBLE && p->sigpending)){
    p->sleep_mode = mode;
    p->state = SLEEPING;
    sched();
  }
  p->woken = 0;
  release(&p->lock);
  if(deadline)
    timer_del(&t);

  if(mode == SLEEP_INTERRUPTIBLE && signal_pending(p))
    return -ERESTARTSYS;
  if(mode == SLEEP_KILLABLE && killed(p))
    return -EINTR;
  if(deadline && timer_now() >= deadline)
    return -ETIMEDOUT;
  return 0;
}

struct chan_wait {
  struct wait_queue_entry wait;
  void *chan;
};

static struct wait_queue_head *
chan_queue(void *chan)
{
  return &chanq[((uint64)chan >> 3) % NCHANQ];
}

// Runs inside wakeup()'s wake_up: takes only wakeups for its own channel.
int
chan_wake(struct wait_queue_entry *e, void *chan)
{
  if(container_of(e, struct chan_wait, wait)->chan != chan)
    return 0;
  return default_wake_function(e, chan);
}

/*
 * Releases lk and sleeps until wakeup(chan); holds lk again on return.
 * Caller holds lk, which guards its condition, and tests the condition
 * again afterwards. Uninterruptible: for short waits on the kernel's own
 * work (locks, the disk), not on user input. It is on chan's queue before lk is
 * released, so a waker, which changes the condition under lk, cannot
 * wake it too early.
 */
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();
  struct chan_wait cw;
  struct wait_queue_head *q = chan_queue(chan);

  assert_held(lk);
  init_waitqueue_entry(&cw.wait, p);
  cw.wait.func = chan_wake;
  cw.chan = chan;
  prepare_to_wait(q, &cw.wait);
  release(lk);
  proc_sleep_unless_woken(SLEEP_UNINTERRUPTIBLE, 0);  // a kill does not end it
  acquire(lk);
  finish_wait(q, &cw.wait);

  // This sleep may sit inside another wait's window (poll() asking an
  // epoll file, which takes ep->mtx): it cleared p->woken, and may have
  // used up a wakeup meant for that wait. Report one, so the outer wait
  // looks at its condition again instead of sleeping through it.
  acquire(&p->lock);
  p->woken = 1;
  release(&p->lock);
}

// Wakes everyone sleeping on chan. May be called from an interrupt.
void
wakeup(void *chan)
{
  __wake_up(chan_queue(chan), 0, chan);
}

// ---- finding processes, for signals (proc/signal.c) ------------------------------

// Is leader init? init takes only the signals it has handlers for.
int
proc_is_init(struct proc *leader)
{
  return leader == initproc;
}

// The live thread with id tid, or 0. Caller holds wait_lock.
struct proc *
find_thread(int tid)
{
  assert_held(&wait_lock);
  for(struct proc *t = proc; t < &proc[NPROC]; t++)
    if(tid > 0 && t->pid == tid && t->state != UNUSED && t->state != USED)
      return t;
  return 0;
}

// The next process after prev (0: the first): each leader, zombies too.
// Caller holds wait_lock.
struct proc *
next_leader(struct proc *prev)
{
  assert_held(&wait_lock);
  for(struct proc *l = prev ? prev + 1 : proc; l < &proc[NPROC]; l++)
    if(l->leader == l && l->state != UNUSED && l->state != USED)
      return l;
  return 0;
}

// The next live thread of leader's group after prev (0: the first).
// Caller holds wait_lock, so the group does not change.
struct proc *
next_thread(struct proc *leader, struct proc *prev)
{
  assert_held(&wait_lock);
  for(struct proc *t = prev ? prev + 1 : proc; t < &proc[NPROC]; t++)
    if(t->leader == leader && thread_live(t))
      return t;
  return 0;
}

/*
 * A fatal signal: every thread of leader's group dies, and the process
 * ends with status, unless it is ending already (1) or an execve is
 * under way (0: the signal stays pending for the new program). Caller
 * holds wait_lock.
 */
int
group_kill_locked(struct proc *leader, int status)
{
  assert_held(&wait_lock);
  if(leader->group_exit == GROUP_EXECING)
    return 0;
  if(leader->group_exit == GROUP_LIVE){
    leader->group_exit = GROUP_EXITING;
    leader->group_xstate = status;
    kill_others(leader, 0);
  }
  return 1;
}

// The signal p is to die of, or 0.
int
killed(struct proc *p)
{
  int k;

  acquire(&p->lock);
  k = p->killed;
  release(&p->lock);
  return k;
}

// Slots in use, zombies included (memstat).
int
nprocs_live(void)
{
  struct proc *p;
  int n = 0;

  for(p = proc; p < &proc[NPROC]; p++){
    acquire(&p->lock);
    if(p->state != UNUSED)
      n++;
    release(&p->lock);
  }
  return n;
}

// Copies to a user address (user_dst = 1) of the current process, or to
// a kernel address. 0 or -EFAULT.
int
either_copyout(int user_dst, uint64 dst, void *src, uint64 len)
{
  if(user_dst)
    return copyout(myproc()->mm, dst, src, len);
  memmove((void *)dst, src, len);
  return 0;
}

// Copies from a user address (user_src = 1) of the current process, or
// from a kernel address. 0 or -EFAULT.
int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if(user_src)
    return copyin(myproc()->mm, dst, src, len);
  memmove(dst, (void *)src, len);
  return 0;
}

/*
 * Lists the threads on the console (^P), with the wait queue each
 * sleeping one waits on (the name given to init_waitqueue_head; none for
 * a sleep on no queue: nanosleep, sigsuspend, a pause), and in the
 * checking build each hart's longest stretch with interrupts off. Takes
 * no process lock, so that it works on a kernel that is stuck: what it
 * prints may be a little stale. printf takes only its own lock, pr.lock.
 */
void
procdump(void)
{
  static char *states[] = {
    [UNUSED]   "unused",
    [USED]     "used",
    [SLEEPING] "sleep",
    [RUNNABLE] "runble",
    [RUNNING]  "run",
    [ZOMBIE]   "zombie",
    [DEAD]     "dead",
  };
  struct proc *p;

  printf("\n");
  for(p = proc; p < &proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    if(p->state == DEAD)
      continue;
    char *wait_name = __atomic_load_n(&p->wait_name, __ATOMIC_RELAXED);
    printf("%d %s %s", p->pid, states[p->state], p->name);
    if(p->leader != p)
      printf(" (thread of %d)", p->tgid);
    if(p->state == SLEEPING && wait_name)
      printf(" on %s", wait_name);
    printf("\n");
  }
  for(int i = 0; i < NCPU && irqoff_max_ns(i) >= 0; i++)
    if(irqoff_max_ns(i) > 0)
      printf("hart %d: interrupts off at most %ld us\n", i, irqoff_max_ns(i) / 1000);
}
