/*
 * Page tables, RISC-V Sv39: the kernel's own, and one per process.
 *
 *   kvminit(), kvminithart()     build the kernel page table; turn paging on
 *   walk(), mappages(), walkaddr()
 *   uvmcreate(), uvmunmap(), uvmfree()   a process's page table
 *   copyin(), copyout(), copyinstr(), copyin_u32()   the only way into
 *                                user memory (copyin_u32: one aligned
 *                                word in one load, for futex)
 *
 * A virtual address has three 9-bit indexes, one per level of 512-entry
 * page-table pages, and a 12-bit offset. The kernel maps devices and RAM
 * at their physical addresses, so a physical address is also a kernel
 * pointer; page-table pages come from alloc_page().
 *
 * What user memory holds is the process's areas (mm/area.c), which map
 * and free user pages through walk(). Page 0 is never mapped, so a NULL
 * pointer faults in user mode and is refused by copyin and copyout,
 * which bring in pages not yet touched as the program's own touch
 * would; a user address, however wild, never panics the kernel.
 *
 * Locking: a user page table is its struct mm's, under mm->lock
 * (area.c); copyin and copyout take that lock for each page they copy.
 * The kernel's page table is built once at boot and then only read.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "lib/string.h"
#include "dev/console.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "lock/spinlock.h"
#include "mm/area.h"
#include "nudge/errno.h"

pagetable_t kernel_pagetable;

extern char etext[];        // kernel.ld: end of kernel text
extern char trampoline[];   // trampoline.S: the user/kernel switch code

// The kernel's page table: devices, the kernel image, all of RAM, the
// trampoline, and each process slot's kernel stack.
static pagetable_t
kvmmake(void)
{
  pagetable_t kpgtbl = alloc_page();

  if(kpgtbl == 0)
    panic("kvmmake: out of memory");
  memset(kpgtbl, 0, PGSIZE);

  kvmmap(kpgtbl, TESTDEV, TESTDEV, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, RTC0, RTC0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, CLINT, CLINT, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, UART0, UART0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpgtbl, VIRTIO0, VIRTIO0, PGSIZE, PTE_R | PTE_W);
  // The PLIC's registers span 64 MiB: per-hart contexts go up to 0x4000000.
  kvmmap(kpgtbl, PLIC, PLIC, 0x4000000, PTE_R | PTE_W);

  kvmmap(kpgtbl, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
  kvmmap(kpgtbl, (uint64)etext, (uint64)etext, PHYSTOP - (uint64)etext, PTE_R | PTE_W);

  // At the top of every address space, the kernel's and each process's.
  kvmmap(kpgtbl, TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);

  // Kernel stacks, one per process slot, each above an unmapped guard
  // page; procinit() sets p->kstack = KSTACK(i).
  for(int i = 0; i < NPROC; i++){
    char *pa = alloc_page();
    if(pa == 0)
      panic("kvmmake: out of memory for kernel stacks");
    kvmmap(kpgtbl, KSTACK(i), (uint64)pa, PGSIZE, PTE_R | PTE_W);
  }
  return kpgtbl;
}

void
kvminit(void)
{
  kernel_pagetable = kvmmake();
}

// Switches this hart to the kernel page table and turns paging on.
void
kvminithart(void)
{
  // Writes to page-table memory must be done before satp uses it.
  sfence_vma();
  w_satp(MAKE_SATP(kernel_pagetable));
  // Drop any stale TLB entries.
  sfence_vma();
}

/*
 * The address of va's leaf PTE in pt. With alloc, creates the missing
 * page-table pages on the way; returns 0 if one is missing (or cannot be
 * allocated). va must be below MAXVA: callers check user addresses.
 */
pte_t *
walk(pagetable_t pt, uint64 va, int alloc)
{
  if(va >= MAXVA)
    panic("walk: va beyond MAXVA");

  for(int level = 2; level > 0; level--){
    pte_t *pte = &pt[PX(level, va)];
    if(*pte & PTE_V){
      pt = (pagetable_t)PTE2PA(*pte);
    } else {
      if(!alloc || (pt = alloc_page()) == 0)
        return 0;
      memset(pt, 0, PGSIZE);
      *pte = PA2PTE(pt) | PTE_V;
    }
  }
  return &pt[PX(0, va)];
}

// The physical address behind user address va, or 0 if va is not mapped
// user memory. Any va is allowed.
uint64
walkaddr(pagetable_t pt, uint64 va)
{
  pte_t *pte;

  if(va >= MAXVA)
    return 0;
  pte = walk(pt, va, 0);
  if(pte == 0 || (*pte & PTE_V) == 0 || (*pte & PTE_U) == 0)
    return 0;
  return PTE2PA(*pte);
}

// Adds a mapping to the kernel page table, at boot. Cannot fail.
void
kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm)
{
  if(mappages(kpgtbl, va, sz, pa, perm) != 0)
    panic("kvmmap");
}

/*
 * Maps [va, va+size) to physical pages from pa, with permissions perm.
 * va and size are page-aligned. Returns 0, or -ENOMEM if a page-table
 * page could not be allocated (the pages mapped so far stay mapped).
 */
int
mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm)
{
  pte_t *pte;

  if(va % PGSIZE != 0 || size % PGSIZE != 0 || size == 0)
    panic("mappages: va or size not page-aligned");

  for(uint64 a = va; a != va + size; a += PGSIZE, pa += PGSIZE){
    if((pte = walk(pt, a, 1)) == 0)
      return -ENOMEM;
    if(*pte & PTE_V)
      panic("mappages: remap");
    *pte = PA2PTE(pa) | perm | PTE_V;
  }
  return 0;
}

/*
 * Removes npages of mappings from va, which is page-aligned, and with
 * do_free frees the physical pages. Pages not mapped are skipped.
 */
void
uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free)
{
  pte_t *pte;

  if(va % PGSIZE != 0)
    panic("uvmunmap: va not page-aligned");

  for(uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE){
    if((pte = walk(pt, a, 0)) == 0 || (*pte & PTE_V) == 0)
      continue;
    if(PTE_FLAGS(*pte) == PTE_V)
      panic("uvmunmap: not a leaf");
    if(do_free)
      free_page((void *)PTE2PA(*pte));
    *pte = 0;
  }
}

// An empty user page table, or 0 if out of memory.
pagetable_t
uvmcreate(void)
{
  pagetable_t pt = alloc_page();

  if(pt)
    memset(pt, 0, PGSIZE);
  return pt;
}

// Frees the page-table pages below pt, then pt. All leaf mappings must
// already be removed.
void
uvmfree(pagetable_t pt)
{
  for(int i = 0; i < 512; i++){
    pte_t pte = pt[i];
    if((pte & PTE_V) == 0)
      continue;
    if(PTE_FLAGS(pte) != PTE_V)
      panic("uvmfree: leaf still mapped");
    uvmfree((pagetable_t)PTE2PA(pte));
    pt[i] = 0;
  }
  free_page(pt);
}

// The physical page behind user page va0 if it is mapped with all of
// perm (and PTE_U), else 0.
static uint64
mapped_page(pagetable_t pt, uint64 va0, int perm)
{
  pte_t *pte;

  if(va0 >= MAXVA)
    return 0;
  pte = walk(pt, va0, 0);
  if(pte == 0 || (*pte & (PTE_V | PTE_U | perm)) != (PTE_V | PTE_U | perm))
    return 0;
  return PTE2PA(*pte);
}

// The physical page behind user page va0 of mm for an access perm: a
// page not yet touched is brought in, as the program's own touch would
// bring it (area.c). 0 if the access is not allowed or memory is out.
// Caller holds mm->lock, and keeps it while it uses the page, so that no
// other thread unmaps it meanwhile.
static uint64
user_page(struct mm *mm, uint64 va0, int perm)
{
  uint64 pa;

  assert_held(&mm->lock);
  pa = mapped_page(mm->pt, va0, perm);
  if(pa == 0 && area_fault(mm, va0, perm) == 0)
    pa = mapped_page(mm->pt, va0, perm);
  return pa;
}

/*
 * Copies n bytes between kernel memory k and user address va of mm, all
 * in one page, for an access perm (PTE_W: to user memory). 0, or -EFAULT
 * if the access is not allowed or memory is out.
 */
static int
copy_page(struct mm *mm, uint64 va, void *k, uint64 n, int perm)
{
  uint64 va0 = PGROUNDDOWN(va), pa;

  acquire(&mm->lock);
  pa = user_page(mm, va0, perm);
  if(pa && perm == PTE_W)
    memmove((void *)(pa + (va - va0)), k, n);
  else if(pa)
    memmove(k, (void *)(pa + (va - va0)), n);
  release(&mm->lock);
  return pa ? 0 : -EFAULT;
}

// Copies len bytes from src to user address dstva.
int
copyout(struct mm *mm, uint64 dstva, void *src, uint64 len)
{
  while(len > 0){
    uint64 n = PGSIZE - dstva % PGSIZE;
    if(n > len)
      n = len;
    if(copy_page(mm, dstva, src, n, PTE_W) < 0)
      return -EFAULT;
    len -= n;
    src = (char *)src + n;
    dstva += n;
  }
  return 0;
}

// Copies len bytes from user address srcva to dst.
int
copyin(struct mm *mm, void *dst, uint64 srcva, uint64 len)
{
  while(len > 0){
    uint64 n = PGSIZE - srcva % PGSIZE;
    if(n > len)
      n = len;
    if(copy_page(mm, srcva, dst, n, PTE_R) < 0)
      return -EFAULT;
    len -= n;
    dst = (char *)dst + n;
    srcva += n;
  }
  return 0;
}

/*
 * Reads the 32-bit word at user address srcva, which is 4-aligned, in
 * one load, as a futex's value must be read: a word another hart is
 * changing is seen as it was before or after, never half of each (copyin
 * moves bytes one at a time). 0 or -EFAULT.
 */
int
copyin_u32(struct mm *mm, uint32 *dst, uint64 srcva)
{
  uint64 pa;

  acquire(&mm->lock);
  pa = user_page(mm, PGROUNDDOWN(srcva), PTE_R);
  if(pa)
    *dst = __atomic_load_n((uint32 *)(pa + srcva % PGSIZE), __ATOMIC_RELAXED);
  release(&mm->lock);
  return pa ? 0 : -EFAULT;
}

// Copies a NUL-terminated string from user address srcva into dst, at
// most max bytes with the NUL, a page's worth at a time. Returns its
// length without the NUL.
int
copyinstr(struct mm *mm, char *dst, uint64 srcva, uint64 max)
{
  uint64 got = 0, n;

  while(got < max){
    n = PGSIZE - srcva % PGSIZE;
    if(n > max - got)
      n = max - got;
    if(copy_page(mm, srcva, dst + got, n, PTE_R) < 0)
      return -EFAULT;
    for(uint64 i = 0; i < n; i++)
      if(dst[got + i] == 0)
        return got + i;
    got += n;
    srcva += n;
  }
  return -ENAMETOOLONG;
}
