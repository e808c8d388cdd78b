/*
 * Resource limits: getrlimit, setrlimit and prlimit64, and what the rest
 * of the kernel asks of them.
 *   rlimit_init(rlim)     init's limits, from which every process's descend
 *   rlimit_check(res, new)   Linux's checks of a new limit: 0 or -errno
 *   rlimit(res)           the current process's soft limit
 *
 * Each process has its own limits (p->rlim), copied at clone and kept
 * across execve, as in Linux. One user, root, may raise a hard limit, as
 * Linux's CAP_SYS_RESOURCE may; the one ceiling is RLIMIT_NOFILE's
 * NOFILE, nudge's fs.nr_open. Only RLIMIT_NOFILE is enforced: fds are
 * allocated below it (fs/file.c), dup3 and F_DUPFD refuse targets at or
 * above it (fs/sysfile.c), and poll refuses more fds (event/select.c).
 * The others are kept and reported, nothing more
 * (docs/linux-differences.md).
 *
 * Locking: p->rlim is under p->lock, since prlimit64 may change another
 * process's limits (proc_rlimit() in proc.c).
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/vm.h"
#include "nudge/errno.h"
#include "nudge/resource.h"

#define MiB (1024UL * 1024)

/*
 * Linux's defaults (include/asm-generic/resource.h, INIT_RLIMITS), with
 * nudge's numbers where Linux's come from the machine: processes and
 * queued signals from the process table (Linux: max_threads / 2). Files:
 * 1024 soft, as Linux; the hard limit is all of NOFILE, so any program
 * may raise its soft limit to 65,536 with setrlimit, as on a Linux
 * system whose init (systemd) sets a high hard limit (the kernel's own
 * is 4096; docs/linux-differences.md).
 */
void
rlimit_init(struct rlimit *rlim)
{
  static const struct rlimit init[RLIM_NLIMITS] = {
    [RLIMIT_CPU]        = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_FSIZE]      = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_DATA]       = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_STACK]      = { 8 * MiB, RLIM_INFINITY },
    [RLIMIT_CORE]       = { 0, RLIM_INFINITY },
    [RLIMIT_RSS]        = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_NPROC]      = { NPROC, NPROC },
    [RLIMIT_NOFILE]     = { NOFILE_SOFT, NOFILE },
    [RLIMIT_MEMLOCK]    = { 8 * MiB, 8 * MiB },
    [RLIMIT_AS]         = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_LOCKS]      = { RLIM_INFINITY, RLIM_INFINITY },
    [RLIMIT_SIGPENDING] = { NPROC, NPROC },
    [RLIMIT_MSGQUEUE]   = { 819200, 819200 },
    [RLIMIT_NICE]       = { 0, 0 },
    [RLIMIT_RTPRIO]     = { 0, 0 },
    [RLIMIT_RTTIME]     = { RLIM_INFINITY, RLIM_INFINITY },
  };

  for(int i = 0; i < RLIM_NLIMITS; i++)
    rlim[i] = init[i];
}

// do_prlimit()'s checks, in its order: a resource Linux does not have
// or a soft limit above the hard one is -EINVAL; more fds than NOFILE
// is -EPERM (Linux: above fs.nr_open). new may be 0 (only reading).
int
rlimit_check(uint resource, const struct rlimit *new)
{
  if(resource >= RLIM_NLIMITS)
    return -EINVAL;
  if(new == 0)
    return 0;
  if(new->rlim_cur > new->rlim_max)
    return -EINVAL;
  if(resource == RLIMIT_NOFILE && new->rlim_max > NOFILE)
    return -EPERM;
  return 0;
}

uint64
rlimit(int resource)
{
  struct proc *p = myproc()->leader;
  uint64 cur;

  acquire(&p->lock);
  cur = p->rlim[resource].rlim_cur;
  release(&p->lock);
  return cur;
}

/*
 * prlimit64(pid, resource, new, old), in Linux's order: reading new
 * (EFAULT), finding pid, 0 for the caller (ESRCH), the checks, the
 * change, then writing the old limit. So a bad old pointer is EFAULT
 * with the new limit already set, as on Linux.
 */
long
sys_prlimit64(void)
{
  uint64 unew = argaddr(2), uold = argaddr(3);
  struct rlimit new, old;
  struct mm *mm = myproc()->mm;
  int err;

  if(unew != 0 && copyin(mm, &new, unew, sizeof(new)) < 0)
    return -EFAULT;
  err = proc_rlimit(argint(0), argint(1), unew ? &new : 0, uold ? &old : 0);
  if(err == 0 && uold != 0 && copyout(mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return err;
}

long
sys_getrlimit(void)
{
  struct rlimit old;
  int err;

  if((err = proc_rlimit(0, argint(0), 0, &old)) < 0)
    return err;
  if(copyout(myproc()->mm, argaddr(1), &old, sizeof(old)) < 0)
    return -EFAULT;
  return 0;
}

long
sys_setrlimit(void)
{
  struct rlimit new;

  if(copyin(myproc()->mm, &new, argaddr(1), sizeof(new)) < 0)
    return -EFAULT;
  return proc_rlimit(0, argint(0), &new, 0);
}
