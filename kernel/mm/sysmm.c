/*
 * The memory system calls: brk, mmap, munmap, mprotect and madvise.
 * Each checks its arguments as Linux does, in Linux's order, and changes
 * the calling process's areas (area.c), which hold its memory.
 *
 * Addresses: the heap grows up from the program's end (mm->heap_base)
 * to the break; mmap puts areas as high as they fit below MMAP_TOP,
 * under the stack (arch/memlayout.h; docs/memory.md draws it).
 *
 * Like Linux's default overcommit rule, no single request may ask for
 * more writable memory than the machine has: such a mmap or brk is
 * -ENOMEM at once. Smaller ones succeed, and their pages come on first
 * touch; a process that touches more than memory holds dies of SIGKILL,
 * as Linux's out-of-memory killer would end it.
 *
 * Locking: each call holds mm->lock while it looks at and changes the
 * areas, so that threads calling at once each see the others' changes
 * whole. A file mapping reads the file (which sleeps) without it, into
 * fresh pages that it then installs (area_install).
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "mm/area.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/fs.h"
#include "nudge/mman.h"

#define LOFF_MAX 0x7fffffffffffffffUL    // the largest file offset (loff_t)

// Does a request for len bytes pass the overcommit rule (above)?
static int
fits_memory(uint64 len)
{
  return len / PGSIZE <= total_pages();
}

// prot's page permissions: W comes with R, as RISC-V has no write-only
// pages.
static int
prot2perm(int prot)
{
  int perm = 0;

  if(prot & PROT_READ)
    perm |= PTE_R;
  if(prot & PROT_WRITE)
    perm |= PTE_R | PTE_W;
  if(prot & PROT_EXEC)
    perm |= PTE_X;
  return perm;
}

/*
 * brk(addr): moves the break to addr, which may not go below where the
 * heap starts nor above MMAP_TOP; the pages between come on first touch.
 * Returns the new break, or on failure (or for addr 0, the usual
 * question) the current one: the C library's brk and sbrk tell failure
 * by the answer, as on Linux. Growing fails if an area is in the way.
 */
long
sys_brk(void)
{
  struct mm *mm = myproc()->mm;
  uint64 addr = argaddr(0), old, new;

  acquire(&mm->lock);
  old = PGROUNDUP(mm->brk);
  new = PGROUNDUP(addr);
  if(addr < mm->heap_base || addr > MMAP_TOP ||
     (new > old && (!fits_memory(new - old) || !area_range_free(mm, old, new) ||
                    area_map(mm, old, new, PTE_R | PTE_W, AREA_PRIVATE) < 0)) ||
     (new < old && area_unmap(mm, new, old) < 0))
    addr = mm->brk;
  mm->brk = addr;
  release(&mm->lock);
  return addr;
}

// Reads the file's bytes from off into the pages of [va, va + len), a
// new private area, each into a fresh page installed there; pages past
// the end of the file are left to come zeroed on first touch. A page
// another thread has touched or unmapped meanwhile keeps what it has.
// 0 or -ENOMEM.
static int
map_file(struct mm *mm, struct inode *ip, uint64 va, uint64 len, uint64 off)
{
  uint64 end = va + len;
  void *pg;
  int err = 0, n;

  ilock(ip);
  for(; va < end && off < ip->size && err == 0; va += PGSIZE, off += PGSIZE){
    if((pg = alloc_page()) == 0){
      err = -ENOMEM;
      break;
    }
    memset(pg, 0, PGSIZE);
    n = ip->size - off < PGSIZE ? ip->size - off : PGSIZE;
    if(readi(ip, 0, (uint64)pg, off, n) == n){
      acquire(&mm->lock);
      err = area_install(mm, va, (uint64)pg);
      release(&mm->lock);
    } else {
      err = -ENOMEM;
    }
    if(err < 0)
      free_page(pg);
    if(err == -EFAULT)
      err = 0;
  }
  iunlock(ip);
  return err;
}

/*
 * Where a new mapping of len bytes goes: MAP_FIXED's addr (what is there
 * is the caller's to unmap), MAP_FIXED_NOREPLACE's if nothing is there
 * (else -EEXIST), or addr as a hint if the range there is free, or the
 * highest free range below MMAP_TOP. The address, or -errno. Page 0 is
 * never mapped: a fixed address below USERBASE is -EPERM.
 */
static long
place(struct mm *mm, uint64 addr, uint64 len, int flags)
{
  if(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)){
    if(addr % PGSIZE != 0)
      return -EINVAL;
    if(addr > USERTOP - len)
      return -ENOMEM;
    if(addr < USERBASE)
      return -EPERM;
    if(!(flags & MAP_FIXED) && !area_range_free(mm, addr, addr + len))
      return -EEXIST;
    return addr;
  }
  addr = PGROUNDDOWN(addr);
  if(addr >= USERBASE && addr <= MMAP_TOP - len && addr >= PGROUNDUP(mm->brk) &&
     area_range_free(mm, addr, addr + len))
    return addr;
  addr = area_find_free(mm, len);
  return addr ? addr : -ENOMEM;
}

// sys_mmap's part under mm->lock: the address, the checks of the kind,
// the new area. Its address, or -errno.
static long
map(struct mm *mm, struct file *f, uint64 addr, uint64 len, int prot, int flags)
{
  int type = flags & MAP_TYPE, writable = (prot & PROT_WRITE) != 0;
  long at;
  int err;

  if((at = place(mm, addr, len, flags)) < 0)
    return at;
  if(f){
    if(type != MAP_SHARED && type != MAP_SHARED_VALIDATE && type != MAP_PRIVATE)
      return -EINVAL;
    if((f->flags & O_ACCMODE) == O_WRONLY ||
       (type != MAP_PRIVATE && writable && (f->flags & O_ACCMODE) == O_RDONLY))
      return -EACCES;
    // nudge copies a file's bytes; sharing them is a file system's job.
    if(f->f_op != &inode_fops || f->ip->type != T_FILE || type != MAP_PRIVATE)
      return -ENODEV;
  } else if(type != MAP_SHARED && type != MAP_PRIVATE){
    return -EINVAL;
  }
  if((writable || type != MAP_PRIVATE) && !fits_memory(len))
    return -ENOMEM;
  if((flags & MAP_FIXED) && (err = area_unmap(mm, at, at + len)) < 0)
    return err;

  if((err = area_map(mm, at, at + len, prot2perm(prot),
                     type == MAP_PRIVATE ? AREA_PRIVATE : AREA_SHARED)) < 0)
    return err;
  return at;
}

/*
 * mmap(addr, len, prot, flags, fd, off): a new area of anonymous memory,
 * private or shared (MAP_SHARED stays shared with children across fork),
 * or a private copy of a file's bytes. Checks in Linux's order: an
 * offset not page-aligned is -EINVAL; a file mapping's fd -EBADF; len 0
 * -EINVAL; a length beyond the address space -ENOMEM, or an end past
 * the largest file offset -EOVERFLOW; then the address (place()); then the kind:
 * neither MAP_SHARED nor MAP_PRIVATE is -EINVAL, a file not open for
 * reading (or for writing, when shared and PROT_WRITE) -EACCES, a file
 * that is not a regular file -ENODEV. Unknown prot and flag bits are
 * ignored, as Linux ignores them. Returns the area's address.
 * sys_mmap has made the first two checks and looked up f, the fd's file
 * (0 for MAP_ANONYMOUS).
 */
static long
do_mmap(struct file *f)
{
  struct mm *mm = myproc()->mm;
  uint64 addr = argaddr(0), len = argraw(1), off = argraw(5);
  int prot = argint(2), flags = argint(3);
  long at;
  int err;

  if(len == 0)
    return -EINVAL;
  if(len > USERTOP - USERBASE)
    return -ENOMEM;
  len = PGROUNDUP(len);
  // The mapping's end must be a file offset (below 2^63), as Linux's.
  if(f && off > LOFF_MAX - len)
    return -EOVERFLOW;
  acquire(&mm->lock);
  at = map(mm, f, addr, len, prot, flags);
  release(&mm->lock);
  if(at >= 0 && f && (err = map_file(mm, f->ip, at, len, off)) < 0){
    acquire(&mm->lock);
    area_unmap(mm, at, at + len);
    release(&mm->lock);
    return err;
  }
  return at;
}

// mmap(addr, len, prot, flags, fd, off): the fd's file is held (fdget)
// until its bytes are copied in.
long
sys_mmap(void)
{
  struct file *f = 0;
  long r;

  if(argraw(5) % PGSIZE != 0)
    return -EINVAL;
  if(!(argint(3) & MAP_ANONYMOUS) && (f = fdget(argint(4))) == 0)
    return -EBADF;
  r = do_mmap(f);
  if(f)
    fdput(f);
  return r;
}

/*
 * munmap(addr, len): removes whatever is mapped in [addr, addr + len),
 * whole areas or parts of them; unmapped addresses in the range are
 * fine. addr not page-aligned, len 0, or a range leaving the address
 * space is -EINVAL.
 */
long
sys_munmap(void)
{
  struct mm *mm = myproc()->mm;
  uint64 addr = argaddr(0), len = argraw(1);
  int err;

  if(addr % PGSIZE != 0 || len == 0 || len > USERTOP || addr > USERTOP - PGROUNDUP(len))
    return -EINVAL;
  acquire(&mm->lock);
  err = area_unmap(mm, addr, addr + PGROUNDUP(len));
  release(&mm->lock);
  return err;
}

/*
 * mprotect(addr, len, prot): new permissions for whole pages, with
 * Linux's checks in its order: addr not page-aligned or prot with an
 * unknown bit is -EINVAL; len 0 does nothing; a range that runs past
 * the address space, or over addresses no area holds, is -ENOMEM (the
 * areas before the hole are changed, as Linux changes them).
 * PROT_NONE pages fault on any access.
 */
long
sys_mprotect(void)
{
  struct mm *mm = myproc()->mm;
  uint64 addr = argaddr(0), len = argraw(1);
  int prot = argint(2), err;

  if(addr % PGSIZE != 0 || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)))
    return -EINVAL;
  if(len == 0)
    return 0;
  if(len > USERTOP || addr > USERTOP - PGROUNDUP(len))
    return -ENOMEM;
  acquire(&mm->lock);
  err = area_protect(mm, addr, addr + PGROUNDUP(len), prot2perm(prot));
  release(&mm->lock);
  return err;
}

/*
 * madvise(addr, len, advice): MADV_DONTNEED and MADV_FREE drop the pages
 * (private ones come back zeroed on the next touch, shared ones as they
 * were); the other advice Linux takes as a hint only is accepted and
 * changes nothing. addr not page-aligned, or advice nudge does not
 * know, is -EINVAL (before len 0, which does nothing); a range with
 * addresses no area holds is -ENOMEM, after the advice was applied to
 * the areas in it.
 */
long
sys_madvise(void)
{
  struct mm *mm = myproc()->mm;
  uint64 addr = argaddr(0), len = argraw(1);
  int advice = argint(2), err;

  if(addr % PGSIZE != 0)
    return -EINVAL;
  switch(advice){
  case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
  case MADV_DONTNEED: case MADV_FREE: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
  case MADV_DONTDUMP: case MADV_DODUMP:
    break;
  default:
    return -EINVAL;
  }
  if(len == 0)
    return 0;
  if(PGROUNDUP(len) < len || addr + PGROUNDUP(len) < addr)
    return -EINVAL;
  acquire(&mm->lock);
  err = area_covered(mm, addr, addr + PGROUNDUP(len),
                     advice == MADV_DONTNEED || advice == MADV_FREE);
  release(&mm->lock);
  return err;
}
