/*
 * The process system calls: clone, exit, wait4, the ids and groups,
 * set_tid_address and set_robust_list, execve, power and memory counts.
 * (The time calls are in systime.c, the memory calls in mm/sysmm.c.) Each fetches
 * and checks its arguments, then calls the mechanism in proc.c or
 * exec.c.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/irqoff.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "fs/file.h"
#include "dev/power.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/memstat.h"
#include "nudge/sched.h"
#include "nudge/wait.h"
#include "nudge/fcntl.h"
#include "nudge/signal.h"
#include "proc/pidfd.h"

#define RUSAGE_SIZE   144           // struct rusage, on 64-bit Linux
#define ROBUST_LIST_HEAD_SIZE 24    // struct robust_list_head, 64-bit

/*
 * clone(flags, stack, ptid, tls, ctid), in riscv64's argument order,
 * with Linux's checks of the flags against each other: CLONE_THREAD
 * wants CLONE_SIGHAND, which wants CLONE_VM. nudge's threads share
 * everything a pthread_create shares: CLONE_THREAD also wants CLONE_FS
 * and CLONE_FILES, and CLONE_FS or CLONE_FILES without CLONE_THREAD,
 * and the flags nudge does not know (namespaces, ptrace, ...) are
 * -EINVAL (docs/linux-differences.md). CLONE_PIDFD stores a pidfd for
 * the child at ptid (proc/pidfd.c). CLONE_VFORK makes the caller wait
 * until the child has let go of its memory (execve or exit), as
 * posix_spawn wants. Any exit signal
 * is taken; one that is not SIGCHLD makes a "clone child" (see wait4);
 * a thread's is ignored.
 */
long
sys_clone(void)
{
  uint64 flags = (uint32)argraw(0);    // Linux ignores the upper half
  const uint64 known = CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES |
                       CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                       CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
                       CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_VFORK |
                       CLONE_PIDFD;
  const uint64 thread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND;

  if(flags & ~known)
    return -EINVAL;
  // The pidfd's number goes to ptid, where CLONE_PARENT_SETTID puts the
  // tid; and nudge's pidfds name processes, not threads.
  if((flags & CLONE_PIDFD) &&
     (flags & (CLONE_PARENT_SETTID | CLONE_DETACHED | CLONE_THREAD)))
    return -EINVAL;
  if((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
    return -EINVAL;
  if((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
    return -EINVAL;
  if((flags & CLONE_THREAD) ? (flags & thread) != thread
                            : (flags & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND)) != 0)
    return -EINVAL;
  return clone_process(flags, argaddr(1), argaddr(2), argaddr(3), argaddr(4));
}

// exit(code) ends the calling thread, exit_group(code) every thread of
// the process.
long
sys_exit(void)
{
  exit_thread((argint(0) & 0xff) << 8);
}

long
sys_exit_group(void)
{
  exit_group((argint(0) & 0xff) << 8);
}

// set_tid_address(tidptr): exit stores 0 at tidptr. Returns the tid.
long
sys_set_tid_address(void)
{
  struct proc *p = myproc();

  p->clear_child_tid = argaddr(0);
  return p->pid;
}

/*
 * wait4(pid, status, options, rusage). nudge does not count resource
 * use: a reaped child's rusage is all zeros. Linux's order of checks.
 */
long
sys_wait4(void)
{
  int pid = argint(0), options = argint(2), status, type = P_PID;
  uint64 ustatus = argaddr(1), ru = argaddr(3);
  const int known = WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
                    __WCLONE | __WALL;
  static char zeros[RUSAGE_SIZE];    // never written
  long r;

  if(options & ~known)
    return -EINVAL;
  if(pid == INT_MIN)            // -pid does not exist
    return -ESRCH;
  if(pid == -1)
    type = P_ALL;
  else if(pid <= 0)
    type = P_PGID;
  r = do_wait(type, pid < 0 ? -pid : pid, options | WEXITED, &status);
  // As in Linux, a bad address is -EFAULT after the child is reaped.
  if(r > 0 && ustatus != 0 && copyout(myproc()->mm, ustatus, &status, sizeof(status)) < 0)
    return -EFAULT;
  if(r > 0 && ru != 0 && copyout(myproc()->mm, ru, zeros, sizeof(zeros)) < 0)
    return -EFAULT;
  return r;
}

/*
 * waitid's search, Linux's kernel_waitid: the options (EINVAL, and one of
 * WEXITED, WSTOPPED, WCONTINUED is needed), then id for its type
 * (EINVAL; for P_PIDFD, EBADF if id is no pidfd), then do_wait(). A
 * pidfd opened PIDFD_NONBLOCK waits as with WNOHANG, but says EAGAIN
 * rather than 0 when the child has not exited. Returns the pid of the
 * child found (its status in *status), 0 or -errno.
 */
static long
waitid_find(int type, int id, int options, int *status)
{
  const int known = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
                    __WNOTHREAD | __WCLONE | __WALL;
  int nonblock = 0;
  struct file *f;
  long r;

  if((options & ~known) || !(options & (WEXITED | WSTOPPED | WCONTINUED)))
    return -EINVAL;
  switch(type){
  case P_ALL:
    break;
  case P_PID:
    if(id <= 0)
      return -EINVAL;
    break;
  case P_PGID:
    if(id < 0)
      return -EINVAL;
    break;
  case P_PIDFD:
    if(id < 0)
      return -EINVAL;
    if((f = fdget(id)) == 0)
      return -EBADF;
    id = pidfd_pid(f);
    nonblock = (f->flags & O_NONBLOCK) != 0;
    fdput(f);
    if(id < 0)
      return -EBADF;
    type = P_PID;
    break;
  default:
    return -EINVAL;
  }
  r = do_wait(type, id, options | (nonblock ? WNOHANG : 0), status);
  if(r == 0 && nonblock && !(options & WNOHANG))
    r = -EAGAIN;
  return r;
}

/*
 * waitid(idtype, id, info, options, ru), as Linux's sys_waitid: whatever
 * waitid_find() answers, even an error, info then gets si_signo,
 * si_errno, si_code, si_pid, si_uid and si_status, all 0 unless a child
 * was found, so an info that cannot be written is EFAULT before any
 * other error. ru gets zeros (nudge counts no usage) when a child was
 * found.
 */
long
sys_waitid(void)
{
  int status;
  uint64 uinfo = argaddr(2), ru = argaddr(4);
  static char zeros[RUSAGE_SIZE];    // never written
  struct mm *mm = myproc()->mm;
  long r = waitid_find(argint(0), argint(1), argint(3), &status);

  struct { int32_t signo, errno, code; } head = { 0, 0, 0 };
  struct { int32_t pid; uint32_t uid; int32_t status; } tail = { 0, 0, 0 };
  if(r > 0){
    head.signo = SIGCHLD;
    head.code = WIFEXITED(status) ? CLD_EXITED : WCOREDUMP(status) ? CLD_DUMPED : CLD_KILLED;
    tail.pid = r;
    tail.status = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
    r = 0;
    if(ru != 0 && copyout(mm, ru, zeros, sizeof(zeros)) < 0)
      return -EFAULT;
  }
  if(uinfo != 0 &&
     (copyout(mm, uinfo, &head, sizeof(head)) < 0 ||
      copyout(mm, uinfo + __builtin_offsetof(struct siginfo, u), &tail, sizeof(tail)) < 0))
    return -EFAULT;
  return r;
}

/*
 * set_robust_list(head, len): where the caller's list of robust futexes
 * is. Only stored: nothing walks it at exit (robust futexes are not
 * handled; event/futex.c has the plain ones).
 */
long
sys_set_robust_list(void)
{
  if(argraw(1) != ROBUST_LIST_HEAD_SIZE)
    return -EINVAL;
  myproc()->robust_list = argaddr(0);
  return 0;
}

long
sys_sched_yield(void)
{
  yield();
  return 0;
}

// The thread's own id; the leader's is the process's pid.
long
sys_gettid(void)
{
  return myproc()->pid;
}

// There is one user, root: every user and group id is 0.
long
sys_getuid(void)
{
  return 0;
}

long
sys_geteuid(void)
{
  return 0;
}

long
sys_getgid(void)
{
  return 0;
}

long
sys_getegid(void)
{
  return 0;
}

long
sys_getppid(void)
{
  return getppid();
}

long
sys_setpgid(void)
{
  return setpgid(argint(0), argint(1));
}

long
sys_getpgid(void)
{
  return getpgid(argint(0));
}

long
sys_getpid(void)
{
  return myproc()->tgid;
}

long
sys_poweroff(void)
{
  poweroff(argint(0));
}

long
sys_memstat(void)
{
  struct memstat ms;

  ms.free_pages = nfree_pages();
  ms.kmalloc_live = kmalloc_live();
  ms.files_live = files_live();
  ms.procs_live = nprocs_live();
  ms.self_pages = mm_pages(myproc()->mm);
  return copyout(myproc()->mm, argaddr(0), &ms, sizeof(ms));
}

/*
 * irqoff(reset): the longest time any hart has kept interrupts off since
 * boot or the last reset, in nanoseconds; with reset 1, starts counting
 * again. Measured only in the checking build: elsewhere -ENOSYS.
 */
long
sys_irqoff(void)
{
  long max = 0;

  for(int i = 0; i < NCPU; i++)
    if(irqoff_max_ns(i) > max)
      max = irqoff_max_ns(i);
  if(irqoff_max_ns(0) < 0)
    return -ENOSYS;
  if(argint(0))
    irqoff_reset();
  return max;
}

// Frees the argument pages fetchargs() allocated.
static void
freeargs(char **argv)
{
  for(int i = 0; argv[i]; i++)
    free_page(argv[i]);
}

/*
 * Copies the user's argv (at uargv, a 0-ended list of string pointers;
 * a null uargv is an empty list) into argv: one page per string, from
 * alloc_page(). On error argv still ends in 0, so freeargs() frees what
 * was taken.
 */
static int
fetchargs(uint64 uargv, char **argv)
{
  uint64 uarg;
  int i, n;

  argv[0] = 0;
  if(uargv == 0)
    return 0;
  for(i = 0; ; i++){
    if(fetchaddr(uargv + i * sizeof(uint64), &uarg) < 0)
      return -EFAULT;
    if(uarg == 0)
      return 0;
    if(i == MAXARG)
      return -E2BIG;
    if((argv[i] = alloc_page()) == 0)
      return -ENOMEM;
    argv[i + 1] = 0;
    if((n = fetchstr(uarg, argv[i], PGSIZE)) < 0)
      return n == -ENAMETOOLONG ? -E2BIG : n;
  }
}

/*
 * execve(path, argv, envp). A null argv or envp is an empty list, as
 * Linux takes it.
 */
long
sys_execve(void)
{
  char path[MAXPATH];
  char *argv[MAXARG + 1], *envp[MAXARG + 1];
  int err;

  argv[0] = envp[0] = 0;
  if((err = argstr(0, path, MAXPATH)) < 0)
    return err;
  if((err = fetchargs(argaddr(1), argv)) == 0 &&
     (err = fetchargs(argaddr(2), envp)) == 0)
    err = execve(path, argv, envp);
  freeargs(argv);
  freeargs(envp);
  return err;
}
