/*
 * The signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending,
 * rt_sigsuspend, rt_sigtimedwait, sigaltstack, rt_sigreturn, kill,
 * tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo and restart_syscall. Each fetches and checks its
 * arguments in Linux's order, then calls the mechanism in signal.c.
 * (setitimer and getitimer are in itimer.c, signalfd4 in
 * event/signalfd.c.)
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "mm/vm.h"
#include "mm/kmalloc.h"
#include "arch/fpu.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/pidfd.h"
#include "proc/pidfd.h"
#include "fs/file.h"
#include "nudge/time.h"

// int rt_sigaction(int sig, const struct sigaction *act,
//                  struct sigaction *oldact, size_t sigsetsize)
long
sys_rt_sigaction(void)
{
  int sig = argint(0), err;
  uint64 uact = argaddr(1), uold = argaddr(2);
  struct mm *mm = myproc()->mm;
  struct ksigaction act, old;

  if(argraw(3) != sizeof(ksigset_t))
    return -EINVAL;
  if(uact && copyin(mm, &act, uact, sizeof(act)) < 0)
    return -EFAULT;
  if((err = do_sigaction(sig, uact ? &act : 0, &old)) < 0)
    return err;
  if(uold && copyout(mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return 0;
}

// int rt_sigprocmask(int how, const sigset_t *set, sigset_t *oldset,
//                    size_t sigsetsize)
long
sys_rt_sigprocmask(void)
{
  int how = argint(0);
  uint64 uset = argaddr(1), uold = argaddr(2);
  struct mm *mm = myproc()->mm;
  ksigset_t old = get_blocked(), set;

  if(argraw(3) != sizeof(ksigset_t))
    return -EINVAL;
  if(uset){
    if(copyin(mm, &set, uset, sizeof(set)) < 0)
      return -EFAULT;
    switch(how){
    case SIG_BLOCK:
      set_blocked(old | set);
      break;
    case SIG_UNBLOCK:
      set_blocked(old & ~set);
      break;
    case SIG_SETMASK:
      set_blocked(set);
      break;
    default:
      return -EINVAL;
    }
  }
  if(uold && copyout(mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return 0;
}

// int rt_sigpending(sigset_t *set, size_t sigsetsize): the pending
// signals the caller blocks. A size under 8 copies that many bytes.
long
sys_rt_sigpending(void)
{
  uint64 size = argraw(1);
  ksigset_t set;

  if(size > sizeof(ksigset_t))
    return -EINVAL;
  set = signals_pending() & get_blocked();
  return copyout(myproc()->mm, argaddr(0), &set, size) < 0 ? -EFAULT : 0;
}

// int rt_sigsuspend(const sigset_t *mask, size_t sigsetsize): waits with
// mask for a signal that runs a handler; always "fails" with EINTR.
long
sys_rt_sigsuspend(void)
{
  struct proc *p = myproc();
  int err;

  if(argraw(1) != sizeof(ksigset_t))
    return -EINVAL;
  if(argaddr(0) == 0)
    return -EFAULT;
  if((err = set_user_sigmask(argaddr(0), argraw(1))) < 0)
    return err;
  for(;;){
    proc_clear_woken(0);
    if(signal_pending(p))
      break;
    proc_sleep_unless_woken(SLEEP_INTERRUPTIBLE, 0);
  }
  return -ERESTARTNOHAND;
}

// int rt_sigtimedwait(const sigset_t *set, siginfo_t *info,
//                     const struct timespec *timeout, size_t sigsetsize)
long
sys_rt_sigtimedwait(void)
{
  uint64 uset = argaddr(0), uinfo = argaddr(1), uts = argaddr(2);
  struct mm *mm = myproc()->mm;
  struct ksiginfo info;
  struct siginfo si;
  struct timespec ts;
  ksigset_t set;
  uint64 deadline = 0;
  int sig;

  if(argraw(3) != sizeof(ksigset_t))
    return -EINVAL;
  if(copyin(mm, &set, uset, sizeof(set)) < 0)
    return -EFAULT;
  if(uts){
    if(copyin(mm, &ts, uts, sizeof(ts)) < 0)
      return -EFAULT;
    if(ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
      return -EINVAL;
    deadline = ts.tv_sec == 0 && ts.tv_nsec == 0 ? TIMER_NOW :
               timer_deadline_after(ts.tv_sec, ts.tv_nsec);
  }
  if((sig = do_sigtimedwait(set, &info, deadline)) < 0)
    return sig;
  siginfo_to_user(&si, &info);
  if(uinfo && copyout(mm, uinfo, &si, sizeof(si)) < 0)
    return -EFAULT;
  return sig;
}

/*
 * sigaltstack(2)'s mechanism for the calling thread at user sp: the old
 * setting into *old (if old), then ss (if ss): -EPERM while on the
 * alternate stack, -EINVAL for flags other than SS_DISABLE, SS_ONSTACK
 * (or 0), with or without SS_AUTODISARM, -ENOMEM for a stack under
 * MINSIGSTKSZ. rt_sigreturn uses it too.
 */
int
do_sigaltstack(struct sigaltstack *ss, struct sigaltstack *old, uint64 sp)
{
  struct proc *p = myproc();
  int mode;

  if(old){
    *old = p->sas;
    old->pad = 0;
    old->ss_flags = sas_flags(p, sp) | (p->sas.ss_flags & SS_AUTODISARM);
  }
  if(ss == 0)
    return 0;
  if(on_sig_stack(p, sp))
    return -EPERM;
  mode = ss->ss_flags & ~SS_AUTODISARM;
  if(mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
    return -EINVAL;
  if(mode == SS_DISABLE){
    ss->ss_sp = ss->ss_size = 0;
  } else if(ss->ss_size < MINSIGSTKSZ){
    return -ENOMEM;
  }
  p->sas.ss_sp = ss->ss_sp;
  p->sas.ss_size = ss->ss_size;
  p->sas.ss_flags = ss->ss_flags;
  return 0;
}

// int sigaltstack(const stack_t *ss, stack_t *old_ss)
long
sys_sigaltstack(void)
{
  uint64 uss = argaddr(0), uold = argaddr(1);
  struct proc *p = myproc();
  struct sigaltstack ss, old;
  int err;

  if(uss && copyin(p->mm, &ss, uss, sizeof(ss)) < 0)
    return -EFAULT;
  err = do_sigaltstack(uss ? &ss : 0, &old, p->trapframe->sp);
  if(err == 0 && uold && copyout(p->mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return err;
}

/*
 * rt_sigreturn(): a handler has returned, into the return page. The
 * frame at sp gives back the registers, the FP state, the mask and the
 * alternate stack the thread had when the signal came. What it restores
 * cannot reach the kernel's own state: the registers are user registers,
 * the privilege is set by usertrapret() alone, the mask cannot block
 * SIGKILL; a frame that cannot be read, or whose reserved words are not
 * 0, is a SIGSEGV. Returns the restored a0, which syscall() puts back.
 */
long
sys_rt_sigreturn(void)
{
  struct proc *p = myproc();
  struct trapframe *tf = p->trapframe;
  struct rt_sigframe *f;
  struct sigcontext_fp *fp;

  p->restart.fn = no_restart;
  p->in_syscall = 0;            // a0 is a restored register, not a result
  if((f = kmalloc(sizeof(*f))) == 0 || copyin(p->mm, f, tf->sp, sizeof(*f)) < 0)
    goto bad;
  fp = &f->uc.uc_mcontext.sc_fpregs;
  if(fp->reserved != 0 || fp->ext_magic != 0 || fp->ext_size != 0)
    goto bad;

  set_blocked(f->uc.uc_sigmask);
  tf->epc = f->uc.uc_mcontext.sc_regs.pc;
  memmove(&tf->ra, &f->uc.uc_mcontext.sc_regs.ra, 31 * sizeof(uint64));
  memmove(p->fp.f, fp->f, sizeof(p->fp.f));
  p->fp.fcsr = fp->fcsr;
  fpu_switch_in(&p->fp);
  do_sigaltstack(&f->uc.uc_stack, 0, tf->sp);
  kfree(f);
  return tf->a0;

bad:
  if(f)
    kfree(f);
  force_sig_fault(SIGSEGV, SI_KERNEL, 0);
  return 0;
}

// int kill(pid_t pid, int sig)
long
sys_kill(void)
{
  return kill(argint(0), argint(1));
}

// int tkill(pid_t tid, int sig)
long
sys_tkill(void)
{
  if(argint(0) <= 0)
    return -EINVAL;
  return tgkill(0, argint(0), argint(1));
}

// Does a siginfo with code for sig have a layout Linux knows (its
// known_siginfo_layout())? An unknown one must not use the last 80
// bytes of the 128.
static int
known_layout(int sig, int code)
{
  static const int limit[NSIG + 1] = {
    [SIGILL] = 11, [SIGFPE] = 15, [SIGSEGV] = 10, [SIGBUS] = 5,
    [SIGTRAP] = 6, [SIGCHLD] = 6, [SIGIO] = 6, [SIGSYS] = 2,
  };

  if(code == SI_KERNEL || code == -60)        // SI_ASYNCNL
    return 1;
  if(code > 0)
    return code <= (sig > 0 && sig <= NSIG && limit[sig] ? limit[sig] : 6);
  return code >= -7;                          // SI_DETHREAD .. SI_USER
}

/*
 * The siginfo a sigqueue caller filled, for signal sig: its code, its
 * sender and its value, as Linux keeps them (only si_signo is set here;
 * *usigno gets the caller's).
 * As Linux's copy_siginfo_from_user(): the kernel's 48 bytes are read;
 * the other 80 only for a layout Linux does not know (all of them, then
 * -EFAULT), and must be 0 (-E2BIG).
 */
static int
fetch_queued_info(uint64 uinfo, int sig, struct ksiginfo *k, int *usigno)
{
  struct mm *mm = myproc()->mm;
  struct siginfo si;

  if(copyin(mm, &si, uinfo, 48) < 0)
    return -EFAULT;
  if(!known_layout(sig, si.si_code)){
    if(copyin(mm, (char *)&si + 48, uinfo + 48, sizeof(si) - 48) < 0)
      return -EFAULT;
    for(int i = 48; i < sizeof(si); i++)
      if(((char *)&si)[i])
        return -E2BIG;
  }
  memset(k, 0, sizeof(*k));
  k->signo = sig;
  *usigno = si.si_signo;
  k->code = si.si_code;
  k->pid = si.u.rt.pid;
  k->value = si.u.rt.value;
  return 0;
}

// int rt_sigqueueinfo(pid_t tgid, int sig, siginfo_t *info)
long
sys_rt_sigqueueinfo(void)
{
  struct ksiginfo k;
  int err, usigno;

  if((err = fetch_queued_info(argaddr(2), argint(1), &k, &usigno)) < 0)
    return err;
  return sigqueue(argint(0), 0, &k);
}

// int rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig, siginfo_t *info)
long
sys_rt_tgsigqueueinfo(void)
{
  struct ksiginfo k;
  int err, usigno;

  if((err = fetch_queued_info(argaddr(3), argint(2), &k, &usigno)) < 0)
    return err;
  if(argint(0) <= 0 || argint(1) <= 0)
    return -EINVAL;
  return sigqueue(argint(0), argint(1), &k);
}

/*
 * int pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int
 * flags), in Linux's order: the flags (EINVAL: unknown, or more than one
 * scope), the fd (EBADF: none, or no pidfd; PIDFD_SELF_THREAD and
 * PIDFD_SELF_THREAD_GROUP name the caller's thread and process without
 * one), then info: read (EFAULT, E2BIG), its si_signo must be sig
 * (EINVAL), and only a signal to the caller's own thread may claim to
 * come from kill, tkill or the kernel (EPERM). Without flags, the signal
 * is for the process, or for the thread that PIDFD_SELF_THREAD names;
 * without info, it says kill (SI_USER), or tkill (SI_TKILL) when it is
 * for a thread.
 */
long
sys_pidfd_send_signal(void)
{
  int fd = argint(0), sig = argint(1), flags = argint(3), scope, pid, err, usigno;
  const int scopes = PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP |
                     PIDFD_SIGNAL_PROCESS_GROUP;
  uint64 uinfo = argaddr(2);
  struct proc *p = myproc();
  struct ksiginfo k;
  struct file *f;

  if((flags & ~scopes) || (flags & (flags - 1)))
    return -EINVAL;
  if(fd == PIDFD_SELF_THREAD || fd == PIDFD_SELF_THREAD_GROUP){
    pid = fd == PIDFD_SELF_THREAD ? p->pid : p->tgid;
  } else {
    if((f = fdget(fd)) == 0)
      return -EBADF;
    pid = pidfd_pid(f);
    fdput(f);
    if(pid < 0)
      return -EBADF;
  }
  scope = flags ? flags : fd == PIDFD_SELF_THREAD ? PIDFD_SIGNAL_THREAD :
                                                    PIDFD_SIGNAL_THREAD_GROUP;
  if(uinfo){
    if((err = fetch_queued_info(uinfo, sig, &k, &usigno)) < 0)
      return err;
    if(usigno != sig)
      return -EINVAL;
    if((k.code >= 0 || k.code == SI_TKILL) &&
       (p->pid != pid || scope == PIDFD_SIGNAL_PROCESS_GROUP))
      return -EPERM;
  } else {
    memset(&k, 0, sizeof(k));
    k.signo = sig;
    k.code = scope == PIDFD_SIGNAL_THREAD ? SI_TKILL : SI_USER;
    k.pid = p->tgid;
  }
  // The caller's thread named, its process meant: the process's pid.
  if(fd == PIDFD_SELF_THREAD && scope == PIDFD_SIGNAL_THREAD_GROUP)
    pid = p->tgid;
  return pidfd_signal(pid, scope, &k);
}

// int tgkill(pid_t tgid, pid_t tid, int sig)
long
sys_tgkill(void)
{
  if(argint(0) <= 0 || argint(1) <= 0)
    return -EINVAL;
  return tgkill(argint(0), argint(1), argint(2));
}

// restart_syscall(): what an interrupted call left to do, when no
// handler ran (signal.c points a7 here).
long
sys_restart_syscall(void)
{
  struct proc *p = myproc();

  return p->restart.fn(&p->restart);
}
