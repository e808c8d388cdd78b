/*
 * Signals: sending, the pending and blocked sets, and delivery on the way
 * back to user mode (docs/signals.md draws it).
 *
 *   send_signal_locked(t, info, group)  a signal to thread t, or to its
 *                         process (group): pending, then a thread woken
 *   kill(), tgkill()      kill(2), tkill(2) and tgkill(2)'s mechanism
 *   force_sig_fault()     a fault in user mode, to the faulting thread
 *   send_sigpipe()        a write with no reader
 *   notify_parent()       SIGCHLD, when a process's last thread exits
 *   signal_pending(p)     does p have a signal to act on? (the sleep test)
 *   set_blocked(), set_user_sigmask(), restore_sigmask_unless()
 *   dequeue_signal()      take one (signalfd, rt_sigtimedwait)
 *   do_signal()           usertrap()'s last step: run a handler, or die
 *
 * A signal is first pending: a bit in a set, with its siginfo. Process-
 * directed signals (kill) go to the process's shared set, thread-directed
 * ones (tgkill, faults) to the thread's own. Each thread has a blocked
 * mask; a signal waits while every thread that could take it blocks it.
 * Sending marks one thread that does not block it (p->sigpending) and
 * wakes it if it sleeps interruptibly: its sleep returns -ERESTARTSYS
 * and its system call ends. Every return to user mode passes do_signal(),
 * which takes the pending signals one at a time and acts: ignore, end
 * the process (the default action of most), or build a frame on the user
 * stack and enter the handler, whose return lands on the return page
 * (rt_sigreturn). A call a signal interrupted is restarted there, or
 * returns -EINTR, by the ERESTART* code it returned (proc/signal.h).
 *
 * Invariants, for each process, under wait_lock and its siglock
 * (signal_check() in the checking build, after every send and every
 * action or mask change that reaches other threads):
 *   S1  no thread blocks SIGKILL or SIGSTOP
 *   S2  a signal in a pending set has its own siginfo (info[sig-1].signo);
 *       a queued one is a real-time signal whose bit is set
 *   S3  no signal is lost: in a process not ending, a live thread (not
 *       exiting) with a signal of its own that it does not block is
 *       marked (sigpending); a process signal that a live thread does not
 *       block has some live thread marked
 *
 * Locking, outermost first:
 *   wait_lock   (proc.c) a sender holds it: the target stays, and so does
 *               its group's sighand; group membership does not change.
 *   siglock     (the group's sighand) the actions, the shared set, and
 *               every thread's blocked, real_blocked and pending sets.
 *   p->lock     p->sigpending, which the sleep code reads (proc.c).
 * A thread's own sighand is reachable without wait_lock: it lasts as long
 * as the thread does.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "mm/area.h"
#include "proc/syscall.h"
#include "event/signalfd.h"
#include "dev/console.h"
#include "lib/string.h"
#include "lib/invariant.h"
#include "nudge/errno.h"
#include "nudge/wait.h"
#include "nudge/pidfd.h"

// Default actions (signal(7)). Stop and continue are not there: nudge
// has no job control, so the stop signals are ignored.
#define SIG_DFL_IGNORE (SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH) | \
                        SIGMASK(SIGCONT) | SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | \
                        SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))
#define SIG_DFL_CORE   (SIGMASK(SIGQUIT) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) | \
                        SIGMASK(SIGABRT) | SIGMASK(SIGBUS) | SIGMASK(SIGFPE) | \
                        SIGMASK(SIGSEGV) | SIGMASK(SIGXCPU) | SIGMASK(SIGXFSZ) | \
                        SIGMASK(SIGSYS))
// Taken before the others: the faults a thread caused itself.
#define SIG_SYNCHRONOUS (SIGMASK(SIGSEGV) | SIGMASK(SIGBUS) | SIGMASK(SIGILL) | \
                         SIGMASK(SIGTRAP) | SIGMASK(SIGFPE) | SIGMASK(SIGSYS))

extern char sigreturn_code[], sigreturn_code_end[];   // arch/sigreturn.S

// sa_flags bits rt_sigaction keeps (Linux's UAPI_SA_FLAGS on riscv64;
// 0x800 is SA_EXPOSE_TAGBITS).
#define SA_KNOWN (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | \
                  SA_RESTART | SA_NODEFER | SA_RESETHAND | 0x800)

// A real-time signal sent while one of its kind is pending.
struct sigqueue {
  struct list_head link;        // on a sigpending's queue, in sending order
  struct ksiginfo info;
};

static void pending_flush(struct sighand *sh, struct sigpending *pend, ksigset_t mask);
static int  send_specific(int tgid, int tid, struct ksiginfo *info);
static int  kill_group_locked(int pgid, struct ksiginfo *info);

static struct sighand *
sighand_of(struct proc *p)
{
  return p->leader->sighand;
}

// The wait status of a death by sig: the core bit for the signals whose
// default action dumps core (nudge writes no core file).
static int
death_status(int sig)
{
  return sig | ((SIGMASK(sig) & SIG_DFL_CORE) ? WCOREFLAG : 0);
}

// ---- a process's sighand --------------------------------------------------------

// A new sighand, with copy's actions (fork) or all SIG_DFL; 0 if memory
// is out. Nothing pending, no timer.
struct sighand *
sighand_alloc(struct sighand *copy)
{
  struct sighand *sh = kzalloc(sizeof(*sh));

  if(sh == 0)
    return 0;
  initlock(&sh->siglock, "siglock");
  initlock(&sh->itimer_lock, "itimer");
  sigpending_init(&sh->shared);
  itimer_init(sh);
  if(copy){
    acquire(&copy->siglock);
    memmove(sh->action, copy->action, sizeof(sh->action));
    release(&copy->siglock);
  }
  return sh;
}

// Once the process is reaped: its timer stopped, then the memory.
void
sighand_free(struct sighand *sh)
{
  timer_del(&sh->real_timer);
  acquire(&sh->siglock);
  pending_flush(sh, &sh->shared, ~0ULL);
  release(&sh->siglock);
  kfree(sh);
}

// clone: the new thread np starts with p's mask, nothing pending, and
// p's alternate stack, unless it runs beside p on p's memory (a thread;
// a vfork child keeps it, as in Linux).
void
signal_fork(struct proc *np, struct proc *p, int beside)
{
  struct sighand *sh = sighand_of(p);

  acquire(&sh->siglock);
  np->blocked = p->blocked;
  release(&sh->siglock);
  np->real_blocked = 0;
  if(!beside)
    np->sas = p->sas;
}

// execve: caught signals go back to SIG_DFL (the handlers are gone with
// the old program); ignored ones stay ignored; masks and pending signals
// stay; the alternate stack goes.
void
signal_exec(struct proc *p)
{
  struct sighand *sh = sighand_of(p);

  acquire(&sh->siglock);
  for(int i = 0; i < NSIG; i++){
    struct ksigaction *ka = &sh->action[i];
    if(ka->handler != SIG_IGN)
      ka->handler = SIG_DFL;
    ka->flags = 0;
    ka->mask = 0;
  }
  release(&sh->siglock);
  memset(&p->sas, 0, sizeof(p->sas));
  p->sas.ss_flags = SS_DISABLE;
}

// ---- pending and blocked ---------------------------------------------------------

void
sigpending_init(struct sigpending *pend)
{
  pend->set = 0;
  INIT_LIST_HEAD(&pend->queue);
}

// Drops the signals of mask from pend, queued ones too. Caller holds the
// siglock of pend's process, sh.
static void
pending_flush(struct sighand *sh, struct sigpending *pend, ksigset_t mask)
{
  struct sigqueue *q, *next;

  assert_held(&sh->siglock);
  pend->set &= ~mask;
  list_for_each_entry_safe(q, next, &pend->queue, link){
    if(mask & SIGMASK(q->info.signo)){
      list_del_init(&q->link);
      kfree(q);
      sh->nqueued--;
    }
  }
}

// Makes info pending in pend: its bit, its siginfo, and for a real-time
// signal already pending one more on the queue. 1 if that is news, 0 if
// a standard signal was pending already (nothing changes, nothing is
// woken), or -EAGAIN if the queue is full (then only a kill or the
// kernel's own signal, whose receiver needs no siginfo, is no error:
// Linux's rule).
static int
pending_add(struct sighand *sh, struct sigpending *pend, struct ksiginfo *info)
{
  int sig = info->signo;
  struct sigqueue *q;

  if(!(pend->set & SIGMASK(sig))){
    pend->set |= SIGMASK(sig);
    pend->info[sig - 1] = *info;
    return 1;
  }
  if(sig < SIGRTMIN)
    return 0;
  if(sh->nqueued >= NSIGQUEUE || (q = kmalloc(sizeof(*q))) == 0)
    return info->code == SI_USER || info->code == SI_KERNEL ? 0 : -EAGAIN;
  q->info = *info;
  list_add_tail(&q->link, &pend->queue);
  sh->nqueued++;
  return 1;
}

// Takes the first instance of sig, pending in pend, into *info: the next
// queued one, if any, takes its place.
static void
pending_take(struct sighand *sh, struct sigpending *pend, int sig, struct ksiginfo *info)
{
  struct sigqueue *q;

  *info = pend->info[sig - 1];
  list_for_each_entry(q, &pend->queue, link){
    if(q->info.signo == sig){
      pend->info[sig - 1] = q->info;
      list_del_init(&q->link);
      kfree(q);
      sh->nqueued--;
      return;
    }
  }
  pend->set &= ~SIGMASK(sig);
}

// Recomputes p->sigpending: is a signal pending that p does not block?
// Caller holds p's siglock.
static void
recalc_sigpending(struct proc *p, struct sighand *sh)
{
  int v;

  assert_held(&sh->siglock);
  v = ((p->pending.set | sh->shared.set) & ~p->blocked) != 0;
  acquire(&p->lock);
  p->sigpending = v;
  release(&p->lock);
}

// Does p have a signal to act on, or is it dying? The test every
// interruptible sleep makes.
int
signal_pending(struct proc *p)
{
  int r;

  acquire(&p->lock);
  r = p->sigpending || p->killed;
  release(&p->lock);
  return r;
}

// The lowest signal in pending & allowed, faults first; 0 if none.
static int
next_signal(ksigset_t pending, ksigset_t allowed)
{
  ksigset_t x = pending & allowed;
  int sig;

  if(x == 0)
    return 0;
  if(x & SIG_SYNCHRONOUS)
    x &= SIG_SYNCHRONOUS;
  for(sig = 1; !(x & SIGMASK(sig)); sig++)
    ;
  return sig;
}

// Takes the first signal in allowed pending for p (its own first, then
// the process's) into *info; 0 if none. Caller holds the siglock.
static int
dequeue_locked(struct proc *p, struct sighand *sh, ksigset_t allowed,
               struct ksiginfo *info)
{
  struct sigpending *from = &p->pending;
  int sig = next_signal(from->set, allowed);

  assert_held(&sh->siglock);
  if(sig == 0){
    from = &sh->shared;
    sig = next_signal(from->set, allowed);
  }
  if(sig != 0)
    pending_take(sh, from, sig, info);
  // Also when none was found: the mark may be stale (another thread took
  // the process's signal), and a stale mark would end every sleep.
  recalc_sigpending(p, sh);
  return sig;
}

// dequeue_locked() for the calling thread, taking the siglock.
int
dequeue_signal(ksigset_t allowed, struct ksiginfo *info)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  int sig;

  acquire(&sh->siglock);
  sig = dequeue_locked(p, sh, allowed, info);
  release(&sh->siglock);
  return sig;
}

// The signals pending for the calling thread, its own and its process's.
ksigset_t
signals_pending(void)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  ksigset_t set;

  acquire(&sh->siglock);
  set = p->pending.set | sh->shared.set;
  release(&sh->siglock);
  return set;
}

// ---- the invariants -----------------------------------------------------------------

static int
pending_ok(struct sigpending *pend)
{
  struct sigqueue *q;

  for(int sig = 1; sig <= NSIG; sig++)
    if((pend->set & SIGMASK(sig)) && pend->info[sig - 1].signo != sig)
      return 0;
  list_for_each_entry(q, &pend->queue, link)
    if(q->info.signo < SIGRTMIN || !(pend->set & SIGMASK(q->info.signo)))
      return 0;
  return 1;
}

// Tests S1-S3 for leader's process: 0 or the broken one's number.
// Caller holds wait_lock and the siglock. Not static, so gdb can call it.
int
signal_check(struct proc *leader)
{
  struct sighand *sh = leader->sighand;
  struct proc *t;
  int marked = 0, wanted = 0, live, mark;

  assert_held(&wait_lock);
  assert_held(&sh->siglock);
  if(!pending_ok(&sh->shared))
    return 2;
  for(t = 0; (t = next_thread(leader, t)) != 0; ){
    // An ending process takes no more signals (the exit_group caller is
    // not marked killed); S1 and S2 still hold for it.
    if(t->blocked & SIG_UNBLOCKABLE)
      return 1;
    if(!pending_ok(&t->pending))
      return 2;
    acquire(&t->lock);
    live = t->killed == 0 && !t->exiting;
    mark = t->sigpending;
    release(&t->lock);
    if(!live || leader->group_exit == GROUP_EXITING)
      continue;
    if((t->pending.set & ~t->blocked) && !mark)
      return 3;
    marked |= mark;
    wanted |= (sh->shared.set & ~t->blocked) != 0;
  }
  return wanted && !marked ? 3 : 0;
}

// ---- sending ---------------------------------------------------------------------

// Would t take sig now? Caller holds the siglock.
static int
wants_signal(struct proc *t, int sig)
{
  int live;

  assert_held(&t->leader->sighand->siglock);
  acquire(&t->lock);
  live = (t->state == RUNNABLE || t->state == RUNNING || t->state == SLEEPING) &&
         t->killed == 0 && !t->exiting;
  release(&t->lock);
  return live && (sig == SIGKILL || !(t->blocked & SIGMASK(sig)));
}

// Would a signal with action ka be dropped (SIG_IGN, or SIG_DFL for one
// ignored by default)?
static int
sig_handler_ignored(struct ksigaction *ka, int sig)
{
  return ka->handler == SIG_IGN ||
         (ka->handler == SIG_DFL && (SIGMASK(sig) & SIG_DFL_IGNORE));
}

// Is sig, sent to t, to be dropped at once? A blocked signal never is:
// its action may change before it is unblocked. init takes only the
// signals it has handlers for, unless forced (a fault of its own).
static int
sig_ignored(struct proc *t, struct sighand *sh, int sig, int force)
{
  struct ksigaction *ka = &sh->action[sig - 1];

  if((t->blocked | t->real_blocked) & SIGMASK(sig))
    return 0;
  if(proc_is_init(t->leader) && ka->handler == SIG_DFL && !force)
    return 1;
  return sig_handler_ignored(ka, sig);
}

// Would sig end the process if taken now (SIG_DFL, terminating)?
static int
sig_fatal(struct sighand *sh, int sig)
{
  return sig == SIGKILL ||
         (sh->action[sig - 1].handler == SIG_DFL && !(SIGMASK(sig) & SIG_DFL_IGNORE));
}

// Marks t to look at its signals, and wakes it from an interruptible
// sleep (a killable one too, if fatal).
static void
signal_wake_up(struct proc *t, int fatal)
{
  acquire(&t->lock);
  t->sigpending = 1;
  if(t->state == SLEEPING &&
     (t->sleep_mode == SLEEP_INTERRUPTIBLE || (fatal && t->sleep_mode == SLEEP_KILLABLE)))
    t->state = RUNNABLE;
  release(&t->lock);
}

/*
 * Finds a thread of t's process to take sig, now pending: t itself for a
 * thread-directed signal (if it does not block it); for a process-directed
 * one t if it would, else the first thread of the process that would.
 * A fatal signal ends the whole process at once, as Linux's
 * complete_signal() does; otherwise the thread is woken. If every thread
 * blocks sig, it waits in the set. Caller holds wait_lock and the siglock.
 */
static void
complete_signal(struct proc *t, struct sighand *sh, int sig, int group)
{
  struct proc *leader = t->leader, *target = 0;

  assert_held(&wait_lock);
  assert_held(&sh->siglock);
  if(wants_signal(t, sig))
    target = t;
  else if(group)
    for(target = 0; (target = next_thread(leader, target)) != 0; )
      if(wants_signal(target, sig))
        break;
  if(target == 0)
    return;
  if(sig_fatal(sh, sig) && !(target->real_blocked & SIGMASK(sig)) &&
     !proc_is_init(leader) && group_kill_locked(leader, death_status(sig)))
    return;
  signal_wake_up(target, sig == SIGKILL);
}

/*
 * The one way to send: info->signo to thread t (group 0) or to t's
 * process (group 1, t the preferred taker). force: a fault's, which init
 * cannot ignore. Dropped if ignored; if already pending, sent once. Caller
 * holds wait_lock.
 */
static int
__send_signal(struct proc *t, struct ksiginfo *info, int group, int force)
{
  struct proc *leader = t->leader;
  struct sighand *sh;
  int sig = info->signo, r = 0;

  assert_held(&wait_lock);
  if(leader == 0 || (sh = leader->sighand) == 0 || leader->nthreads == 0)
    return 0;           // no thread is left to take it
  acquire(&sh->siglock);
  if(!sig_ignored(t, sh, sig, force) &&
     (r = pending_add(sh, group ? &sh->shared : &t->pending, info)) > 0)
    complete_signal(t, sh, sig, group);
  INVARIANTS(signal_check, 'S', leader);
  release(&sh->siglock);
  // Only news wakes a signalfd: a standard signal sent again while it
  // is pending is no new event, for an edge-triggered epoll either.
  if(r > 0)
    signalfd_notify();
  return r < 0 ? r : 0;
}

int
send_signal_locked(struct proc *t, struct ksiginfo *info, int group)
{
  return __send_signal(t, info, group, 0);
}

// What kill and tkill record as the sender.
static struct ksiginfo
user_info(int sig, int code)
{
  struct ksiginfo info = { .signo = sig, .code = code, .pid = myproc()->tgid };
  return info;
}

/*
 * kill(2): sig (0: only check) to process pid (any thread id of it
 * names it), to every process of the caller's group (pid 0) or of group
 * -pid, or to every process but init and the caller's own (pid -1).
 * 0 if it reached at least one, -ESRCH if there was none; -EINVAL for a
 * bad signal, once a target is found (Linux's order).
 */
int
kill(int pid, int sig)
{
  struct ksiginfo info = user_info(sig, SI_USER);
  struct proc *l;
  int found;

  acquire(&wait_lock);
  if(pid > 0){
    l = find_proc(pid);
    found = l != 0;
    if(l && sig > 0 && sig <= NSIG)
      send_signal_locked(l, &info, 1);
  } else {
    found = kill_group_locked(pid == 0 ? myproc()->leader->pgid : pid == -1 ? -1 : -pid, &info);
  }
  release(&wait_lock);
  if(!found)
    return -ESRCH;
  return sig < 0 || sig > NSIG ? -EINVAL : 0;
}

// info to every process of group pgid, or (pgid -1, kill(-1)'s) to
// every process but init and the caller's: did it find one? Caller holds
// wait_lock.
static int
kill_group_locked(int pgid, struct ksiginfo *info)
{
  struct proc *self = myproc()->leader, *l;
  int found = 0, sig = info->signo;

  assert_held(&wait_lock);
  for(l = 0; (l = next_leader(l)) != 0; ){
    if(pgid == -1 ? (proc_is_init(l) || l == self) : l->pgid != pgid)
      continue;
    found = 1;
    if(sig > 0 && sig <= NSIG)
      send_signal_locked(l, info, 1);
  }
  return found;
}

// tgkill(2) (tgid > 0) and tkill(2) (tgid 0): sig to thread tid, of
// process tgid. -ESRCH if there is no such thread; then -EINVAL for a
// bad signal.
int
tgkill(int tgid, int tid, int sig)
{
  struct ksiginfo info = user_info(sig, SI_TKILL);

  return send_specific(tgid, tid, &info);
}

// info to thread tid of process tgid (tgid 0: any), or to process tgid
// (tid 0). -ESRCH if there is none; then -EINVAL for a bad signal.
static int
send_specific(int tgid, int tid, struct ksiginfo *info)
{
  struct proc *t;
  int sig = info->signo, err = 0;

  acquire(&wait_lock);
  t = tid ? find_thread(tid) : find_proc(tgid);
  if(t == 0 || (tgid > 0 && t->tgid != tgid)){
    release(&wait_lock);
    return -ESRCH;
  }
  if(sig > 0 && sig <= NSIG)
    err = send_signal_locked(t, info, tid == 0);
  release(&wait_lock);
  return sig < 0 || sig > NSIG ? -EINVAL : err;
}

/*
 * rt_sigqueueinfo(2) (tid 0) and rt_tgsigqueueinfo(2): info, as the
 * caller filled it, to process tgid or its thread tid. Only a signal to
 * itself may claim to come from kill, tkill or the kernel (-EPERM), as
 * in Linux.
 */
int
sigqueue(int tgid, int tid, struct ksiginfo *info)
{
  struct proc *p = myproc();

  if((info->code >= 0 || info->code == SI_TKILL) && (tid ? tid != p->pid : tgid != p->tgid))
    return -EPERM;
  return send_specific(tgid, tid, info);
}

/*
 * pidfd_send_signal(2)'s sending, once its checks are done: info to
 * process pid, to the thread pid itself (PIDFD_SIGNAL_THREAD), or to
 * every process of the group whose id is pid (PIDFD_SIGNAL_PROCESS_GROUP:
 * the group pid leads, as Linux reads a pid as a group's id; a process
 * in another's group has none, -ESRCH). -ESRCH if the process is gone (a
 * zombie is not: it takes the signal, and it is dropped); then -EINVAL
 * for a bad signal.
 */
int
pidfd_signal(int pid, int scope, struct ksiginfo *info)
{
  int found, sig = info->signo;

  if(scope == PIDFD_SIGNAL_THREAD)
    return send_specific(0, pid, info);
  if(scope != PIDFD_SIGNAL_PROCESS_GROUP)
    return send_specific(pid, 0, info);
  acquire(&wait_lock);
  found = kill_group_locked(pid, info);
  release(&wait_lock);
  if(!found)
    return -ESRCH;
  return sig < 0 || sig > NSIG ? -EINVAL : 0;
}

/*
 * A fault in user mode: sig, with code and the address, to the calling
 * thread. If it blocks or ignores sig, the action becomes SIG_DFL and
 * sig unblocked, as Linux's force_sig_info() does: a fault is never
 * ignored. Returns 1 if the fault will end the process (no handler).
 */
int
force_sig_fault(int sig, int code, uint64 addr)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  struct ksiginfo info = { .signo = sig, .code = code, .addr = addr };
  struct ksigaction *ka = &sh->action[sig - 1];
  int fatal;

  acquire(&wait_lock);
  acquire(&sh->siglock);
  if(ka->handler == SIG_IGN || (p->blocked & SIGMASK(sig))){
    ka->handler = SIG_DFL;
    p->blocked &= ~SIGMASK(sig);
  }
  fatal = ka->handler == SIG_DFL;
  release(&sh->siglock);
  __send_signal(p, &info, 0, 1);
  release(&wait_lock);
  return fatal;
}

// A write to a pipe with no reader: SIGPIPE to the process, preferably
// to the writing thread (the caller's write returns -EPIPE regardless).
void
send_sigpipe(void)
{
  struct ksiginfo info = user_info(SIGPIPE, SI_USER);

  acquire(&wait_lock);
  send_signal_locked(myproc(), &info, 1);
  release(&wait_lock);
}

/*
 * A process's last thread has exited with status: its exit signal to
 * the parent, with who and how. If that is SIGCHLD and the parent
 * ignores SIGCHLD (SIG_IGN) or set SA_NOCLDWAIT, no one waits for the
 * child: returns 1, and the caller hands it to init to reap. Caller
 * holds wait_lock.
 */
int
notify_parent(struct proc *leader, int status)
{
  struct proc *parent = leader->parent;
  struct ksigaction *ka = &parent->sighand->action[SIGCHLD - 1];
  struct ksiginfo info = { .signo = leader->exit_signal, .code = CLD_EXITED,
                           .pid = leader->pid };
  int autoreap = 0;

  assert_held(&wait_lock);
  if(WIFEXITED(status)){
    info.status = WEXITSTATUS(status);
  } else {
    info.code = WCOREDUMP(status) ? CLD_DUMPED : CLD_KILLED;
    info.status = WTERMSIG(status);
  }
  if(info.signo == SIGCHLD && (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT))){
    autoreap = 1;
    if(ka->handler == SIG_IGN)
      info.signo = 0;
  }
  if(info.signo > 0 && info.signo <= NSIG)
    send_signal_locked(parent, &info, 1);
  return autoreap;
}

// ---- actions -----------------------------------------------------------------------

/*
 * rt_sigaction's mechanism: the action of sig into *old, then act (if
 * not 0) in its place, less the flags Linux does not know and with
 * SIGKILL and SIGSTOP out of its mask. An action that ignores sig drops
 * it from every pending set of the process, as POSIX wants. 0, or
 * -EINVAL for a bad signal, or a new action for SIGKILL or SIGSTOP.
 */
int
do_sigaction(int sig, struct ksigaction *act, struct ksigaction *old)
{
  struct proc *p = myproc(), *t;
  struct sighand *sh = sighand_of(p);

  if(sig < 1 || sig > NSIG || (act && (SIGMASK(sig) & SIG_UNBLOCKABLE)))
    return -EINVAL;
  acquire(&wait_lock);          // for the threads' pending sets
  acquire(&sh->siglock);
  *old = sh->action[sig - 1];
  if(act){
    act->mask &= ~SIG_UNBLOCKABLE;
    act->flags &= SA_KNOWN;
    sh->action[sig - 1] = *act;
    if(sig_handler_ignored(act, sig)){
      pending_flush(sh, &sh->shared, SIGMASK(sig));
      for(t = 0; (t = next_thread(p->leader, t)) != 0; )
        pending_flush(sh, &t->pending, SIGMASK(sig));
    }
  }
  INVARIANTS(signal_check, 'S', p->leader);
  release(&sh->siglock);
  release(&wait_lock);
  return 0;
}

// ---- masks -------------------------------------------------------------------------

/*
 * Makes mask the calling thread's blocked set (less SIGKILL and
 * SIGSTOP). A process-directed signal it now blocks, pending for it,
 * goes to another thread that does not block it, as in Linux's
 * retarget_shared_pending(), in the same step (S3): then the change
 * is made under wait_lock too, which the search for a thread needs.
 */
void
set_blocked(ksigset_t mask)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  ksigset_t newly;

  mask &= ~SIG_UNBLOCKABLE;
  acquire(&sh->siglock);
  if((mask & ~p->blocked & sh->shared.set) == 0){
    p->blocked = mask;
    recalc_sigpending(p, sh);
    release(&sh->siglock);
    return;
  }
  release(&sh->siglock);

  acquire(&wait_lock);
  acquire(&sh->siglock);
  newly = mask & ~p->blocked & sh->shared.set;
  p->blocked = mask;
  recalc_sigpending(p, sh);
  for(int sig = 1; sig <= NSIG; sig++)
    if(newly & SIGMASK(sig))
      complete_signal(p, sh, sig, 1);
  INVARIANTS(signal_check, 'S', p->leader);
  release(&sh->siglock);
  release(&wait_lock);
}

// A thread on its way out takes no more signals: the process's pending
// ones go to the threads that stay (S3).
void
signal_exit(void)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);

  set_blocked(~0ULL);
  acquire(&sh->siglock);
  pending_flush(sh, &p->pending, ~0ULL);
  release(&sh->siglock);
}

ksigset_t
get_blocked(void)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  ksigset_t m;

  acquire(&sh->siglock);
  m = p->blocked;
  release(&sh->siglock);
  return m;
}

/*
 * The p-calls (epoll_pwait, ppoll, pselect6) and rt_sigsuspend: the mask
 * at umask (0: none) replaces the blocked set for the call, and the old
 * one is kept to come back afterwards. Both happen before the call
 * sleeps, so a signal the mask lets through wakes it; none is lost
 * between unblocking and sleeping. 0, -EINVAL (size is not 8) or -EFAULT.
 */
int
set_user_sigmask(uint64 umask, uint64 size)
{
  struct proc *p = myproc();
  ksigset_t mask;

  if(umask == 0)
    return 0;
  if(size != sizeof(ksigset_t))
    return -EINVAL;
  if(copyin(p->mm, &mask, umask, sizeof(mask)) < 0)
    return -EFAULT;
  p->saved_mask = get_blocked();
  p->restore_mask = 1;
  set_blocked(mask);
  return 0;
}

// After such a call: the old mask back, unless a signal interrupted it;
// then do_signal() takes the signal under the call's mask first, and the
// handler's frame holds the old mask (sigreturn restores it).
void
restore_sigmask_unless(int interrupted)
{
  struct proc *p = myproc();

  if(!p->restore_mask || interrupted)
    return;
  p->restore_mask = 0;
  set_blocked(p->saved_mask);
}

/*
 * rt_sigtimedwait's mechanism: takes a pending signal of set (blocked,
 * as a rule) into *info, waiting until deadline (0: forever; TIMER_NOW:
 * not at all) for one. While it waits, set is unblocked, so a signal of
 * set wakes it; real_blocked keeps the true mask, which sending looks
 * at (such a signal is neither ignored nor fatal now). The signal, or
 * -EAGAIN at the deadline, or -EINTR if another signal came first.
 */
int
do_sigtimedwait(ksigset_t set, struct ksiginfo *info, uint64 deadline)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  int sig, r = deadline == TIMER_NOW ? -ETIMEDOUT : 0;

  set &= ~SIG_UNBLOCKABLE;
  if((sig = dequeue_signal(set, info)) != 0 || r < 0)
    return sig ? sig : -EAGAIN;

  acquire(&sh->siglock);
  p->real_blocked = p->blocked;
  p->blocked &= ~set;
  recalc_sigpending(p, sh);
  release(&sh->siglock);
  proc_clear_woken(0);
  while(r == 0 && !signal_pending(p))
    r = proc_sleep_unless_woken(SLEEP_INTERRUPTIBLE, deadline);
  acquire(&sh->siglock);
  p->blocked = p->real_blocked;
  p->real_blocked = 0;
  sig = dequeue_locked(p, sh, set, info);
  recalc_sigpending(p, sh);
  release(&sh->siglock);
  if(sig)
    return sig;
  return r == -ETIMEDOUT ? -EAGAIN : -EINTR;
}

// ---- delivery ------------------------------------------------------------------------

// Is sp on p's alternate stack? (It grows down from ss_sp + ss_size.)
int
on_sig_stack(struct proc *p, uint64 sp)
{
  if(p->sas.ss_flags & SS_AUTODISARM)
    return 0;
  return sp > p->sas.ss_sp && sp - p->sas.ss_sp <= p->sas.ss_size;
}

// sigaltstack's ss_flags for a thread at sp: SS_DISABLE, SS_ONSTACK or 0.
int
sas_flags(struct proc *p, uint64 sp)
{
  if(p->sas.ss_size == 0)
    return SS_DISABLE;
  return on_sig_stack(p, sp) ? SS_ONSTACK : 0;
}

// Does k describe a fault (an address) rather than a sender? A fault
// signal sent by kill has a sender, like any other.
int
siginfo_is_fault(struct ksiginfo *k)
{
  return (SIGMASK(k->signo) & SIG_SYNCHRONOUS) && k->code > 0 && k->code < SI_KERNEL;
}

// Does k describe a child's exit (its status) rather than a sender?
int
siginfo_is_child(struct ksiginfo *k)
{
  return k->signo == SIGCHLD && k->code > 0 && k->code < SI_KERNEL;
}

// The user's siginfo_t for k, in the layout its kind uses.
void
siginfo_to_user(struct siginfo *si, struct ksiginfo *k)
{
  memset(si, 0, sizeof(*si));
  si->si_signo = k->signo;
  si->si_code = k->code;
  if(siginfo_is_fault(k)){
    si->u.addr = k->addr;
  } else if(siginfo_is_child(k)){
    si->u.chld.pid = k->pid;
    si->u.chld.status = k->status;
  } else {
    si->u.rt.pid = k->pid;
    si->u.rt.value = k->value;
  }
}

/*
 * Builds the handler's frame (struct rt_sigframe: siginfo, then the
 * ucontext with the registers and the mask to go back to) on the user
 * stack, or on the alternate stack for an SA_ONSTACK handler, and points
 * the registers at the handler: pc the handler, a0 the signal, a1 the
 * siginfo, a2 the ucontext, sp the frame, ra the return page. 0, or -1
 * if the frame cannot be written (the stack is bad or full).
 */
static int
setup_frame(struct proc *p, int sig, struct ksiginfo *info,
            struct ksigaction *ka, ksigset_t oldmask)
{
  struct trapframe *tf = p->trapframe;
  struct rt_sigframe *f;
  uint64 sp = tf->sp;
  int err;

  if(on_sig_stack(p, sp) && !on_sig_stack(p, sp - sizeof(*f)))
    return -1;          // the alternate stack would overflow
  if((ka->flags & SA_ONSTACK) && sas_flags(p, sp) == 0)
    sp = p->sas.ss_sp + p->sas.ss_size;
  sp = (sp - sizeof(*f)) & ~15UL;

  // 1 KiB: too big for the kernel stack's one page to hold comfortably.
  if((f = kzalloc(sizeof(*f))) == 0)
    return -1;
  siginfo_to_user(&f->info, info);
  f->uc.uc_stack = p->sas;       // as set, for rt_sigreturn to set again
  f->uc.uc_sigmask = oldmask;
  f->uc.uc_mcontext.sc_regs.pc = tf->epc;
  memmove(&f->uc.uc_mcontext.sc_regs.ra, &tf->ra, 31 * sizeof(uint64));
  fpu_sync(&p->fp);
  memmove(f->uc.uc_mcontext.sc_fpregs.f, p->fp.f, sizeof(p->fp.f));
  f->uc.uc_mcontext.sc_fpregs.fcsr = p->fp.fcsr;
  err = copyout(p->mm, sp, f, sizeof(*f));
  kfree(f);
  if(err < 0)
    return -1;

  if(p->sas.ss_flags & SS_AUTODISARM){
    memset(&p->sas, 0, sizeof(p->sas));
    p->sas.ss_flags = SS_DISABLE;
  }
  tf->epc = (uint64)ka->handler;
  tf->sp = sp;
  tf->a0 = sig;
  tf->a1 = sp + __builtin_offsetof(struct rt_sigframe, info);
  tf->a2 = sp + __builtin_offsetof(struct rt_sigframe, uc);
  tf->ra = SIGPAGE;
  return 0;
}

// A system call interrupted by a signal that has a handler: -EINTR, or
// run again if its code and the handler's SA_RESTART say so.
static void
syscall_restart_handler(struct proc *p, struct ksigaction *ka)
{
  struct trapframe *tf = p->trapframe;

  switch(-(long)tf->a0){
  case ERESTART_RESTARTBLOCK:
  case ERESTARTNOHAND:
    tf->a0 = -EINTR;
    break;
  case ERESTARTSYS:
    if(!(ka->flags & SA_RESTART)){
      tf->a0 = -EINTR;
      break;
    }
    // fall through
  case ERESTARTNOINTR:
    tf->a0 = p->orig_a0;
    tf->epc -= 4;
    break;
  }
}

// An interrupted system call, no handler having run: it runs again
// (through restart_syscall if it left a restart block).
static void
syscall_restart_nohandler(struct proc *p)
{
  struct trapframe *tf = p->trapframe;

  switch(-(long)tf->a0){
  case ERESTART_RESTARTBLOCK:
    tf->a7 = SYS_restart_syscall;
    // fall through
  case ERESTARTNOHAND:
  case ERESTARTSYS:
  case ERESTARTNOINTR:
    tf->a0 = p->orig_a0;
    tf->epc -= 4;
    break;
  }
}

// The handler's frame is built, or it could not be: then the thread gets
// a SIGSEGV (with SIG_DFL, if the signal was SIGSEGV itself: no loop).
// While the handler runs, its sa_mask and the signal itself are blocked.
static void
handle_signal(struct proc *p, int sig, struct ksiginfo *info, struct ksigaction *ka)
{
  struct sighand *sh = sighand_of(p);
  ksigset_t oldmask = p->restore_mask ? p->saved_mask : get_blocked();

  if(p->in_syscall)
    syscall_restart_handler(p, ka);
  p->in_syscall = 0;
  p->restore_mask = 0;
  if(setup_frame(p, sig, info, ka, oldmask) < 0){
    if(sig == SIGSEGV){
      acquire(&sh->siglock);
      sh->action[SIGSEGV - 1].handler = SIG_DFL;
      release(&sh->siglock);
    }
    force_sig_fault(SIGSEGV, SI_KERNEL, 0);
    return;
  }
  // The mask it ran under (a p-call's, if one was interrupted), and more.
  set_blocked(get_blocked() | ka->mask | ((ka->flags & SA_NODEFER) ? 0 : SIGMASK(sig)));
}

/*
 * On every return to user mode: act on the pending signals the thread
 * does not block, one at a time, until none is left: a handler gets its
 * frame (and blocks its signal and sa_mask, so the loop ends), a death
 * ends here. Then an interrupted call that no handler saw is restarted,
 * and a p-call's mask restored.
 */
void
do_signal(void)
{
  struct proc *p = myproc();
  struct sighand *sh = sighand_of(p);
  struct ksiginfo info;
  struct ksigaction ka;
  int sig;

  for(;;){
    if(killed(p))
      exit_killed();
    acquire(&sh->siglock);
    if((sig = dequeue_locked(p, sh, ~p->blocked, &info)) == 0){
      release(&sh->siglock);
      break;
    }
    ka = sh->action[sig - 1];
    if(ka.handler != SIG_DFL && ka.handler != SIG_IGN && (ka.flags & SA_RESETHAND))
      sh->action[sig - 1].handler = SIG_DFL;
    release(&sh->siglock);

    if(ka.handler == SIG_IGN)
      continue;
    if(ka.handler != SIG_DFL){
      // Its frame goes on the stack; another pending signal's goes on
      // top of it, and that handler runs first, as in Linux.
      handle_signal(p, sig, &info, &ka);
      continue;
    }
    // init dies only of SIGKILL and its own faults (then the kernel
    // stops, as Linux panics); the other deaths pass it by.
    if((SIGMASK(sig) & SIG_DFL_IGNORE) ||
       (proc_is_init(p->leader) && !(SIGMASK(sig) & (SIG_SYNCHRONOUS | SIGMASK(SIGKILL)))))
      continue;
    exit_group(death_status(sig));
  }

  if(p->in_syscall)
    syscall_restart_nohandler(p);
  p->in_syscall = 0;
  if(p->restore_mask){
    p->restore_mask = 0;
    set_blocked(p->saved_mask);
  }
}

// Has do_signal() anything to do before p returns to user mode: a
// signal, a p-call's mask to restore, an interrupted call to restart?
// Asked on every return, so without p->lock, as Linux reads its thread
// flags: a mark a sender sets just after this look is seen at the next
// trap (a tick away at most), and one set by the thread itself (raise)
// is seen now.
int
signal_work(struct proc *p)
{
  long a0 = p->trapframe->a0;

  return __atomic_load_n(&p->sigpending, __ATOMIC_RELAXED) ||
         __atomic_load_n(&p->killed, __ATOMIC_RELAXED) || p->restore_mask ||
         (p->in_syscall && a0 <= -ERESTARTSYS && a0 >= -ERESTART_RESTARTBLOCK);
}

// The signal return page's code (arch/sigreturn.S) into its page, at boot.
void
signal_init(void)
{
  sigpage_init(sigreturn_code, sigreturn_code_end - sigreturn_code);
}

// A restart block that restarts nothing: restart_syscall gives -EINTR.
long
no_restart(struct restart_block *rb)
{
  return -EINTR;
}
