#ifndef VM_H
#define VM_H

#include "types.h"
#include "arch/memlayout.h"

// Page tables (Sv39): the kernel's, and one per process.
void        kvminit(void);
void        kvminithart(void);
void        kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm);
int         mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm);
pte_t      *walk(pagetable_t pt, uint64 va, int alloc);
uint64      walkaddr(pagetable_t pt, uint64 va);
pagetable_t uvmcreate(void);
void        uvmfree(pagetable_t pt);
void        uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free);

struct mm;

// User memory access: each returns 0, or -EFAULT if any byte is not in
// one of mm's areas with the right permission (or memory is out).
int copyout(struct mm *mm, uint64 dstva, void *src, uint64 len);
int copyin(struct mm *mm, void *dst, uint64 srcva, uint64 len);
// The aligned word at srcva, read in one load (futex.c).
int copyin_u32(struct mm *mm, uint32 *dst, uint64 srcva);
// Is [addr, addr+len) inside the user half of the address space? A range
// check only, like Linux's access_ok: the pages may still be unmapped.
static inline int
access_ok(uint64 addr, uint64 len)
{
  return addr + len >= addr && addr + len <= USERTOP;
}
// Copies a NUL-terminated string: its length, -EFAULT, or -ENAMETOOLONG
// if no NUL within max bytes.
int copyinstr(struct mm *mm, char *dst, uint64 srcva, uint64 max);

#endif
