/*
 * Processes: the process table, the scheduler, sleep and wakeup.
 *
 *   procinit(), userinit()      boot; the first process runs /init
 *   scheduler(), sched(), yield()
 *   clone_process(), exit(), wait4(), kill()
 *   getppid(), setpgid(), getpgid(): parents and process groups
 *   proc_rlimit()               prlimit64 on any process (proc/rlimit.c)
 *   proc_unwoken(), proc_sleep_woken(), proc_wake(): the one way to sleep
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
 * Sleeping. Every sleep goes through proc_sleep_woken(), and every
 * wakeup through proc_wake(), which sets p->woken under p->lock (and
 * makes p RUNNABLE if it sleeps). A sleeper first clears p->woken
 * (proc_unwoken), then gets on its wait queue and tests its condition,
 * then sleeps only if p->woken is still clear: a wakeup anywhere after
 * the clear is seen (the rule is drawn at the top of event/wait.c).
 * kill() and an expired deadline wake the same way.
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

struct cpu cpus[NCPU];
static struct proc proc[NPROC];

static struct proc *initproc;

static int nextpid = 1;
static struct spinlock pid_lock;

static struct spinlock wait_lock;

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
 * Finds an UNUSED slot and makes it a process that will start in
 * forkret(), with a trapframe and a page table holding only the
 * trampoline and trapframe. On success *pp is the process, with its lock
 * held. Returns 0, -EAGAIN if the table is full, or -ENOMEM.
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
  p->state = USED;
  p->killed = 0;
  p->xstate = 0;
  p->mm = (struct mm){ 0, RB_ROOT, 0, 0 };
  p->cwd = 0;
  p->files = 0;

  if((p->trapframe = alloc_page()) == 0 ||
     (p->mm.pt = proc_pagetable(p)) == 0){
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

// Frees p's memory and makes the slot UNUSED. Caller holds p->lock; p's
// files and cwd are already gone (exit) or were never taken (allocproc).
static void
freeproc(struct proc *p)
{
  if(p->trapframe)
    free_page(p->trapframe);
  p->trapframe = 0;
  if(p->mm.pt){
    mm_clear(&p->mm);
    proc_freepagetable(p->mm.pt);
  }
  p->mm.pt = 0;
  p->pid = 0;
  p->parent = 0;
  p->pgid = 0;
  p->exec_done = 0;
  p->exit_signal = 0;
  p->clear_child_tid = 0;
  p->robust_list = 0;
  p->name[0] = 0;
  p->woken = 0;
  p->killed = 0;
  p->xstate = 0;
  p->state = UNUSED;
}

// A user page table for p with no user memory yet: only the trampoline
// and p's trapframe, both kernel-only. 0 if out of memory.
pagetable_t
proc_pagetable(struct proc *p)
{
  pagetable_t pt;

  if((pt = uvmcreate()) == 0)
    return 0;
  if(mappages(pt, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X) < 0){
    uvmfree(pt);
    return 0;
  }
  if(mappages(pt, TRAPFRAME, PGSIZE, (uint64)p->trapframe, PTE_R | PTE_W) < 0){
    uvmunmap(pt, TRAMPOLINE, 1, 0);
    uvmfree(pt);
    return 0;
  }
  return pt;
}

// Frees a user page table whose areas are gone (mm_clear); the
// trampoline and trapframe pages themselves are not the page table's.
void
proc_freepagetable(pagetable_t pt)
{
  uvmunmap(pt, TRAMPOLINE, 1, 0);
  uvmunmap(pt, TRAPFRAME, 1, 0);
  uvmfree(pt);
}

// The first process. It starts in the kernel, in forkret(), which mounts
// the file system and execs /init (see start_init()).
void
userinit(void)
{
  struct proc *p;

  if(allocproc(&p) < 0)
    panic("userinit: no memory");
  initproc = p;
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
  p->cwd = namei("/");
  end_op();
  if(p->cwd == 0)
    panic("start_init: no root directory");
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
 * clone(2) as nudge has it: copies the current process (memory, open
 * files, cwd, registers) into a child. sys_clone checked flags: the exit
 * signal and CLONE_{PARENT,CHILD}_SETTID, CLONE_CHILD_CLEARTID. A stack
 * other than 0 is the child's sp. Returns the child's pid to the parent
 * (the child's clone returns 0), or -EAGAIN if the process table is
 * full, or -ENOMEM.
 */
int
clone_process(uint64 flags, uint64 stack, uint64 ptid, uint64 ctid)
{
  struct proc *p = myproc();
  struct proc *np;
  struct rlimit rlim[RLIM_NLIMITS];
  int err, pid;

  // The limits are copied under p->lock, which is not held with np's.
  acquire(&p->lock);
  memmove(rlim, p->rlim, sizeof(rlim));
  release(&p->lock);
  if((err = allocproc(&np)) < 0)
    return err;
  memmove(np->rlim, rlim, sizeof(rlim));

  if(mm_copy(&np->mm, &p->mm) < 0)
    goto err_free;
  if((np->files = files_copy(p->files)) == 0)
    goto err_free;

  *np->trapframe = *p->trapframe;
  np->trapframe->a0 = 0;
  fpu_sync(&p->fp);
  np->fp = p->fp;
  if(stack)
    np->trapframe->sp = stack;
  np->exit_signal = flags & CSIGNAL;
  pid = np->pid;
  // As in Linux, a bad tid address is not an error: the store is skipped.
  if(flags & CLONE_CHILD_SETTID)
    copyout(&np->mm, ctid, &pid, sizeof(pid));
  if(flags & CLONE_CHILD_CLEARTID)
    np->clear_child_tid = ctid;
  np->cwd = idup(p->cwd);
  np->umask = p->umask;
  safestrcpy(np->name, p->name, sizeof(np->name));
  release(&np->lock);

  acquire(&wait_lock);
  np->parent = p;
  np->pgid = p->pgid;
  release(&wait_lock);

  if(flags & CLONE_PARENT_SETTID)
    copyout(&p->mm, ptid, &pid, sizeof(pid));

  acquire(&np->lock);
  np->state = RUNNABLE;
  release(&np->lock);

  return pid;

err_free:
  freeproc(np);
  release(&np->lock);
  return -ENOMEM;
}

// Gives p's children to init. Caller holds wait_lock.
static void
reparent(struct proc *p)
{
  struct proc *pp;

  for(pp = proc; pp < &proc[NPROC]; pp++){
    if(pp->parent == p){
      pp->parent = initproc;
      pp->exit_signal = SIGCHLD;    // as Linux: init reaps it with wait4(-1)
      wake_up(&initproc->wait_chldexit);
    }
  }
}

/*
 * Ends the current process. status is what wait4() will report, already
 * in wait(2)'s encoding. The process stays a ZOMBIE until its parent
 * reaps it in wait4().
 */
void
exit(int status)
{
  struct proc *p = myproc();

  if(p == initproc)
    panic("exit: init exiting");

  files_put(p->files);
  p->files = 0;

  // set_tid_address's promise (a futex wake joins it with threads).
  if(p->clear_child_tid){
    int zero = 0;
    copyout(&p->mm, p->clear_child_tid, &zero, sizeof(zero));
  }

  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = 0;

  acquire(&wait_lock);
  reparent(p);
  // The parent may be sleeping in wait4().
  wake_up(&p->parent->wait_chldexit);

  acquire(&p->lock);
  p->xstate = status;
  p->state = ZOMBIE;
  release(&wait_lock);

  // Into the scheduler, never to return.
  sched();
  panic("exit: zombie ran");
}

// Is child c one that wait4(pid, ..., options) waits for? Caller holds
// wait_lock (c->pgid).
static int
wait_wants(struct proc *c, int pid, int options)
{
  if(pid > 0 && c->pid != pid)
    return 0;
  if(pid == 0 && c->pgid != myproc()->pgid)
    return 0;
  if(pid < -1 && c->pgid != -pid)
    return 0;
  // Without __WALL, __WCLONE picks the children whose exit signal is not
  // SIGCHLD, and its absence the others.
  return (options & __WALL) ||
         ((c->exit_signal != SIGCHLD) == ((options & __WCLONE) != 0));
}

/*
 * Waits for a child that pid picks (> 0: that one; -1: any; 0: one in
 * the caller's group; < -1: one in group -pid) to exit, and reaps it:
 * returns its pid and, if status_addr is not 0, stores its status there.
 * With WNOHANG, 0 if such children exist but none has exited. -ECHILD if
 * there is no such child, -EINTR if the caller is killed while it waits.
 * As in Linux, a bad status_addr is -EFAULT after the child is reaped.
 */
int
wait4(int pid, uint64 status_addr, int options)
{
  struct proc *p = myproc();
  struct proc *pp;
  struct wait_queue_entry w;
  int havekids, xstate, err;

  init_waitqueue_entry(&w, p);
  acquire(&wait_lock);
  for(;;){
    // On the queue before looking: an exit() after the scan wakes us.
    prepare_to_wait(&p->wait_chldexit, &w);
    havekids = 0;
    for(pp = proc; pp < &proc[NPROC]; pp++){
      if(pp->parent != p || !wait_wants(pp, pid, options))
        continue;
      // Holding pp->lock: pp may still be on its way out in exit().
      acquire(&pp->lock);
      havekids = 1;
      if(pp->state == ZOMBIE){
        pid = pp->pid;
        xstate = pp->xstate;
        freeproc(pp);
        release(&pp->lock);
        release(&wait_lock);
        finish_wait(&p->wait_chldexit, &w);
        if(status_addr != 0 &&
           copyout(&p->mm, status_addr, &xstate, sizeof(xstate)) < 0)
          return -EFAULT;
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
      finish_wait(&p->wait_chldexit, &w);
      return err;
    }
  }
}

// The parent's pid; 0 for init, which has none.
int
getppid(void)
{
  struct proc *p = myproc();
  int pid;

  acquire(&wait_lock);
  pid = p->parent ? p->parent->pid : 0;
  release(&wait_lock);
  return pid;
}

// The live process with this pid, or 0. Caller holds wait_lock, which
// keeps a process from being freed (only wait4 frees, under it).
static struct proc *
find_proc(int pid)
{
  struct proc *pp;

  for(pp = proc; pp < &proc[NPROC]; pp++)
    if(pp->pid == pid && pp->state != UNUSED)
      return pp;
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
  struct proc *p = myproc(), *t, *pp;
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
    found = pp->state != UNUSED && pp->pgid == pgid;
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
  t = pid == 0 ? myproc() : find_proc(pid);
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
  t = pid == 0 ? myproc() : find_proc(pid);
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
void
proc_unwoken(void)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  p->woken = 0;
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

// The core of every sleep: sleeps unless a wakeup came since
// proc_unwoken() (or, if interruptible, p is killed).
static void
sleep_unless_woken(struct proc *p, int interruptible)
{
  acquire(&p->lock);
  if(!p->woken && !(interruptible && p->killed)){
    p->state = SLEEPING;
    sched();
  }
  p->woken = 0;
  release(&p->lock);
}

static int
deadline_fired(struct timer *t)
{
  proc_wake(t->data);
  return TIMER_NORESTART;
}

/*
 * Sleeps unless woken since proc_unwoken(), or until deadline (a
 * timer_now() time; 0: none). The caller holds no spinlock. Returns
 * -EINTR if killed, -ETIMEDOUT once the deadline has passed, else 0.
 */
int
proc_sleep_woken(uint64 deadline)
{
  struct proc *p = myproc();
  struct timer t;

  if(deadline){
    if(timer_now() >= deadline)
      return -ETIMEDOUT;
    t.expires = deadline;
    t.fn = deadline_fired;
    t.data = p;
    INIT_LIST_HEAD(&t.link);
    timer_add(&t);
  }
  sleep_unless_woken(p, 1);
  if(deadline)
    timer_del(&t);

  if(killed(p))
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
static int
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

  init_waitqueue_entry(&cw.wait, p);
  cw.wait.func = chan_wake;
  cw.chan = chan;
  prepare_to_wait(q, &cw.wait);
  release(lk);
  sleep_unless_woken(p, 0);          // a kill does not end this sleep
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

/*
 * kill(2): sig 0 only checks that pid exists; 1..64 kill it. A killed
 * process exits at its next trap to or from user mode; one asleep is
 * woken, and the blocking call it was in returns -EINTR. Returns 0,
 * -EINVAL for a bad signal, or -ESRCH.
 *
 * init is never killed: Linux delivers to init only the signals it has
 * a handler for, and init has none, so kill(1, SIGKILL) succeeds and
 * does nothing, as on Linux. (init exiting would stop the machine.)
 */
int
kill(int pid, int sig)
{
  struct proc *p;

  if(sig < 0 || sig > NSIG)
    return -EINVAL;

  for(p = proc; p < &proc[NPROC]; p++){
    acquire(&p->lock);
    if(p->state != UNUSED && p->pid == pid){
      if(sig != 0 && p != initproc){
        if(p->killed == 0)
          p->killed = SIGKILL;
        p->woken = 1;
        if(p->state == SLEEPING)
          p->state = RUNNABLE;
      }
      release(&p->lock);
      return 0;
    }
    release(&p->lock);
  }
  return -ESRCH;
}

// Marks p to die of signal sig at its next trap boundary, unless it is
// dying of another already.
void
setkilled(struct proc *p, int sig)
{
  acquire(&p->lock);
  if(p->killed == 0)
    p->killed = sig;
  release(&p->lock);
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
    return copyout(&myproc()->mm, dst, src, len);
  memmove((void *)dst, src, len);
  return 0;
}

// Copies from a user address (user_src = 1) of the current process, or
// from a kernel address. 0 or -EFAULT.
int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if(user_src)
    return copyin(&myproc()->mm, dst, src, len);
  memmove(dst, (void *)src, len);
  return 0;
}

/*
 * Lists the processes on the console (^P), and in the checking build
 * each hart's longest stretch with interrupts off. Takes no locks, so that it
 * works on a kernel that is stuck; what it prints may be a little stale.
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
  };
  struct proc *p;

  printf("\n");
  for(p = proc; p < &proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    printf("%d %s %s\n", p->pid, states[p->state], p->name);
  }
  for(int i = 0; i < NCPU && irqoff_max_ns(i) >= 0; i++)
    if(irqoff_max_ns(i) > 0)
      printf("hart %d: interrupts off at most %ld us\n", i, irqoff_max_ns(i) / 1000);
}
