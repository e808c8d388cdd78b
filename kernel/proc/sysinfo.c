/*
 * What the system says about itself: uname and sysinfo.
 *
 * uname names the kernel "nudge", not "Linux": a program that prints it
 * or tests for it learns the truth. The release, "6.18.0-nudge", is the
 * Linux whose system-call interface nudge follows, for programs that
 * compare version numbers before using a call. docs/abi.md says why.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/sysinfo.h"
#include "nudge/utsname.h"

static const struct utsname utsname = {
  .sysname = "nudge",
  .nodename = "nudge",          // no sethostname: Linux's is "(none)" until set
  .release = "6.18.0-nudge",
  .version = "#1",
  .machine = "riscv64",
  .domainname = "(none)",       // Linux's until setdomainname
};

long
sys_uname(void)
{
  if(copyout(myproc()->mm, argaddr(0), (void *)&utsname,
             sizeof(utsname)) < 0)
    return -EFAULT;
  return 0;
}

/*
 * sysinfo(info): seconds since boot, rounded up as Linux rounds them;
 * memory in bytes (mem_unit 1, as on a 64-bit Linux): the page
 * allocator's pages and its free ones; the processes alive, zombies
 * included, as Linux's nr_threads. nudge keeps no load average, and has
 * no swap, shared or buffer memory to count: those are 0.
 */
long
sys_sysinfo(void)
{
  struct sysinfo info;
  uint64 now = timer_now();

  memset(&info, 0, sizeof(info));
  info.uptime = (now + TIMEBASE_HZ - 1) / TIMEBASE_HZ;
  info.totalram = total_pages() * PGSIZE;
  info.freeram = nfree_pages() * PGSIZE;
  info.procs = nprocs_live();
  info.mem_unit = 1;
  if(copyout(myproc()->mm, argaddr(0), &info, sizeof(info)) < 0)
    return -EFAULT;
  return 0;
}
