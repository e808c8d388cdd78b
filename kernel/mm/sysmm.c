/*
 * The memory system calls: brk and mprotect. Each checks its arguments
 * as Linux does and changes the calling process's page table through
 * vm.c (uvmalloc/uvmdealloc by way of growproc, uvmprotect).
 *
 * A process's memory is the one range [USERBASE, sz) that exec built
 * (docs/abi.md draws it): every page in it is mapped, and the heap is
 * its top part, from heap_base to sz. Locking: none; only the process
 * itself changes its memory (there are no threads).
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/vm.h"
#include "nudge/errno.h"
#include "nudge/mman.h"

/*
 * brk(addr): moves the end of the heap to addr, which may not go below
 * where it started at exec. Returns the new end, or on failure (or for
 * addr 0, the usual question) the current one: the C library's brk and
 * sbrk tell failure by the answer, as on Linux.
 */
long
sys_brk(void)
{
  struct proc *p = myproc();
  uint64 addr = argaddr(0);

  if(addr >= p->heap_base && addr < TRAPFRAME)
    growproc(addr - p->sz);
  return p->sz;
}

/*
 * mprotect(addr, len, prot): new permissions for whole pages, with
 * Linux's checks in its order: addr not page-aligned or prot with an
 * unknown bit is -EINVAL; len 0 does nothing; a range that runs past
 * the address space or over a page that is not mapped is -ENOMEM.
 * PROT_NONE pages fault on any user access.
 */
long
sys_mprotect(void)
{
  struct proc *p = myproc();
  uint64 addr = argaddr(0), len = argraw(1);
  int prot = argint(2), perm = 0;

  if(addr % PGSIZE != 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)))
    return -EINVAL;
  if(len == 0)
    return 0;
  if(PGROUNDUP(len) < len || addr + PGROUNDUP(len) <= addr)
    return -ENOMEM;
  if(prot & PROT_READ)
    perm |= PTE_R;
  if(prot & PROT_WRITE)
    perm |= PTE_W;
  if(prot & PROT_EXEC)
    perm |= PTE_X;
  return uvmprotect(p->pagetable, p->sz, addr, len, perm);
}
