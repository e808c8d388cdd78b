/*
 * The process system calls: fork, exit, wait, kill, getpid, sbrk, execv,
 * and time (uptime, nanosleep), power and memory counts. Each fetches
 * and checks its arguments, then calls the mechanism in proc.c or
 * exec.c.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "arch/trap.h"
#include "lock/spinlock.h"
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
#include "nudge/time.h"

#define NSEC_PER_SEC  1000000000L
#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

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

long
sys_uptime(void)
{
  uint64 t;

  acquire(&tickslock);
  t = ticks;
  release(&tickslock);
  return t;
}

// A timespec's length in ticks, rounded up. Absurd lengths are cut to
// about 300 years, which no test will wait out.
static uint64
timespec_to_ticks(struct timespec *ts)
{
  uint64 sec = ts->tv_sec;

  if(sec > (1L << 33))
    sec = 1L << 33;
  return sec * HZ + (ts->tv_nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
}

/*
 * nanosleep(req, rem): sleeps at least req, in whole ticks. The tick now
 * under way is partly gone, so it does not count: the sleep ends when
 * ticks reaches start + ceil(req) + 1. A zero req returns at once.
 * Killed while asleep: -EINTR, with what was left in *rem.
 */
long
sys_nanosleep(void)
{
  struct proc *p = myproc();
  struct timespec req, rem = { 0, 0 };
  uint64 ureq = argaddr(0), urem = argaddr(1);
  uint64 n, end, left = 0;
  int err = 0;

  if(copyin(p->pagetable, &req, ureq, sizeof(req)) < 0)
    return -EFAULT;
  if(req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
    return -EINVAL;

  if((n = timespec_to_ticks(&req)) > 0){
    acquire(&tickslock);
    end = ticks + n + 1;
    while(ticks < end){
      if(killed(p)){
        left = end - ticks;
        err = -EINTR;
        break;
      }
      sleep(&ticks, &tickslock);
    }
    release(&tickslock);
  }

  rem.tv_sec = left / HZ;
  rem.tv_nsec = (left % HZ) * NSEC_PER_TICK;
  if(urem != 0 && copyout(p->pagetable, urem, &rem, sizeof(rem)) < 0)
    return -EFAULT;
  return err;
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
