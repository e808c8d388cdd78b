/*
 * The process system calls: fork, exit, wait, kill, getpid, sbrk, execv,
 * and time (uptime, nanosleep), power and memory counts. Each fetches
 * and checks its arguments, then calls the mechanism in proc.c or
 * exec.c.
 */
#include "types.h"
#include "param.h"
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
#include "proc/timer.h"
#include "nudge/errno.h"
#include "nudge/memstat.h"
#include "nudge/time.h"

#define NSEC_PER_SEC  1000000000L

long
sys_fork(void)
{
  return fork();
}

long
sys_exit(void)
{
  exit((argint(0) & 0xff) << 8);
}

long
sys_wait(void)
{
  return wait(argaddr(0));
}

long
sys_kill(void)
{
  return kill(argint(0), argint(1));
}

long
sys_getpid(void)
{
  return myproc()->pid;
}

// sbrk(n): returns the old end of memory.
long
sys_sbrk(void)
{
  uint64 old = myproc()->sz;
  int err;

  if((err = growproc(argraw(0))) < 0)
    return err;
  return old;
}

// Timer ticks since boot, HZ a second (xv6's uptime).
long
sys_uptime(void)
{
  return timer_now() / (TIMEBASE_HZ / HZ);
}

#define NSEC_PER_UNIT (NSEC_PER_SEC / TIMEBASE_HZ)

static void
units_to_timespec(uint64 units, struct timespec *ts)
{
  ts->tv_sec = units / TIMEBASE_HZ;
  ts->tv_nsec = (units % TIMEBASE_HZ) * NSEC_PER_UNIT;
}

/*
 * nanosleep(req, rem): sleeps at least req, on a timer, so to the timer's
 * resolution (100 ns) and never early; a req the clock cannot reach
 * sleeps without limit. Killed while asleep: -EINTR, with what was left
 * in *rem.
 */
long
sys_nanosleep(void)
{
  struct proc *p = myproc();
  struct timespec req, rem = { 0, 0 };
  uint64 ureq = argaddr(0), urem = argaddr(1);
  uint64 deadline, now;
  int err = 0;

  if(copyin(p->pagetable, &req, ureq, sizeof(req)) < 0)
    return -EFAULT;
  if(req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
    return -EINVAL;

  deadline = timer_deadline_after(req.tv_sec, req.tv_nsec);
  while(err == 0){
    proc_unwoken();
    err = proc_sleep_woken(deadline);
  }
  now = timer_now();
  if(err == -ETIMEDOUT)
    err = 0;
  else if(deadline > now)       // killed just past the deadline: 0 left
    units_to_timespec(deadline - now, &rem);
  if(urem != 0 && copyout(p->pagetable, urem, &rem, sizeof(rem)) < 0)
    return -EFAULT;
  return err;
}

// clock_gettime(clk, ts): CLOCK_MONOTONIC only, time since boot.
long
sys_clock_gettime(void)
{
  struct timespec ts;

  if(argint(0) != CLOCK_MONOTONIC)
    return -EINVAL;
  units_to_timespec(timer_now(), &ts);
  if(copyout(myproc()->pagetable, argaddr(1), &ts, sizeof(ts)) < 0)
    return -EFAULT;
  return 0;
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
  return copyout(myproc()->pagetable, argaddr(0), &ms, sizeof(ms));
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
 * Copies the user's argv (at uargv, a 0-ended list of string pointers)
 * into argv: one page per string, from alloc_page(). On error argv still
 * ends in 0, so freeargs() frees what was taken.
 */
static int
fetchargs(uint64 uargv, char **argv)
{
  uint64 uarg;
  int i, n;

  for(i = 0; ; i++){
    argv[i] = 0;
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

long
sys_execv(void)
{
  char path[MAXPATH];
  char *argv[MAXARG + 1];
  int err;

  if((err = argstr(0, path, MAXPATH)) < 0)
    return err;
  if((err = fetchargs(argaddr(1), argv)) == 0)
    err = execv(path, argv);
  freeargs(argv);
  return err;
}
