/*
 * Page tables, RISC-V Sv39: the kernel's own, and one per process.
 *
 *   kvminit(), kvminithart()     build the kernel page table; turn paging on
 *   walk(), mappages(), walkaddr()
 *   uvmcreate/uvmalloc/uvmdealloc/uvmcopy/uvmfree/uvmunmap/uvmprotect
 *   copyin(), copyout(), copyinstr()   the only way into user memory
 *
 * A virtual address has three 9-bit indexes, one per level of 512-entry
 * page-table pages, and a 12-bit offset. The kernel maps devices and RAM
 * at their physical addresses, so a physical address is also a kernel
 * pointer; page-table pages come from alloc_page().
 *
 * User memory is [USERBASE, sz): page 0 is never mapped, so a NULL
 * pointer faults in user mode and is refused by copyin and copyout. The
 * uvm functions work on that range and step over pages that are not
 * mapped; a user address, however wild, never panics the kernel.
 *
 * Locking: none here. A page table belongs to one process (there are no
 * threads), the kernel's is built once at boot and then only read.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "lib/string.h"
#include "dev/console.h"
#include "mm/page.h"
#include "mm/vm.h"
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

// The first user page at or above sz: user memory starts at USERBASE.
static uint64
user_pgstart(uint64 sz)
{
  if(sz < USERBASE)
    return USERBASE;
  return PGROUNDUP(sz);
}

/*
 * Grows user memory from oldsz to newsz with zeroed pages, readable,
 * user-accessible and xperm (PTE_W, PTE_X). Returns the new size, or 0
 * if out of memory, with what it mapped undone.
 */
uint64
uvmalloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int xperm)
{
  char *mem;

  if(newsz <= oldsz)
    return oldsz;
  if(newsz > TRAPFRAME)
    return 0;

  for(uint64 a = user_pgstart(oldsz); a < newsz; a += PGSIZE){
    if((mem = alloc_page()) == 0)
      goto err;
    memset(mem, 0, PGSIZE);
    if(mappages(pt, a, PGSIZE, (uint64)mem, PTE_R | PTE_U | xperm) != 0){
      free_page(mem);
      goto err;
    }
  }
  return newsz;

err:
  uvmdealloc(pt, newsz, oldsz);
  return 0;
}

// Shrinks user memory from oldsz to newsz, freeing the pages. Returns
// the new size.
uint64
uvmdealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
  uint64 from = user_pgstart(newsz), to = PGROUNDUP(oldsz);

  if(newsz >= oldsz)
    return oldsz;
  if(to > from)
    uvmunmap(pt, from, (to - from) / PGSIZE, 1);
  return newsz;
}

// Frees the page-table pages below pt, then pt. All leaf mappings must
// already be removed.
static void
freewalk(pagetable_t pt)
{
  for(int i = 0; i < 512; i++){
    pte_t pte = pt[i];
    if((pte & PTE_V) == 0)
      continue;
    if(PTE_FLAGS(pte) != PTE_V)
      panic("freewalk: leaf still mapped");
    freewalk((pagetable_t)PTE2PA(pte));
    pt[i] = 0;
  }
  free_page(pt);
}

// Frees user memory [USERBASE, sz), then the page table itself. The
// trampoline and trapframe must be unmapped first.
void
uvmfree(pagetable_t pt, uint64 sz)
{
  uvmdealloc(pt, sz, 0);
  freewalk(pt);
}

/*
 * Copies user memory [USERBASE, sz) of old into new, page contents and
 * permissions (fork). Returns 0, or -ENOMEM with new's copies undone.
 */
int
uvmcopy(pagetable_t old, pagetable_t new, uint64 sz)
{
  pte_t *pte;
  char *mem;

  for(uint64 a = USERBASE; a < sz; a += PGSIZE){
    if((pte = walk(old, a, 0)) == 0 || (*pte & PTE_V) == 0)
      continue;
    if((mem = alloc_page()) == 0)
      goto err;
    memmove(mem, (void *)PTE2PA(*pte), PGSIZE);
    if(mappages(new, a, PGSIZE, (uint64)mem, PTE_FLAGS(*pte)) != 0){
      free_page(mem);
      goto err;
    }
  }
  return 0;

err:
  uvmdealloc(new, sz, 0);
  return -ENOMEM;
}

/*
 * Gives the user pages [va, va + len) the permissions perm, of PTE_R,
 * PTE_W and PTE_X: a page with none becomes kernel-only (no PTE_U), so
 * any user access faults, as mprotect's PROT_NONE and exec's guard page
 * want (a valid PTE with no R, W or X would point to a page table). W
 * comes with R, as RISC-V has no write-only pages. va is page-aligned.
 * Returns 0, or -ENOMEM, changing nothing, if a page in the range is not
 * mapped user memory below sz.
 */
int
uvmprotect(pagetable_t pt, uint64 sz, uint64 va, uint64 len, int perm)
{
  uint64 a, end = va + PGROUNDUP(len);
  pte_t *pte;
  int flags;

  if(va < USERBASE || end < va || end > PGROUNDUP(sz))
    return -ENOMEM;
  for(a = va; a < end; a += PGSIZE)
    if((pte = walk(pt, a, 0)) == 0 || (*pte & PTE_V) == 0)
      return -ENOMEM;
  if(perm & PTE_W)
    perm |= PTE_R;
  flags = perm ? perm | PTE_U : PTE_R;
  for(a = va; a < end; a += PGSIZE){
    pte = walk(pt, a, 0);
    *pte = (*pte & ~(PTE_R | PTE_W | PTE_X | PTE_U)) | flags;
  }
  sfence_vma();
  return 0;
}

// The physical page behind user page va0 if it is mapped with all of
// perm (and PTE_U), else 0.
static uint64
user_page(pagetable_t pt, uint64 va0, int perm)
{
  pte_t *pte;

  if(va0 >= MAXVA)
    return 0;
  pte = walk(pt, va0, 0);
  if(pte == 0 || (*pte & (PTE_V | PTE_U | perm)) != (PTE_V | PTE_U | perm))
    return 0;
  return PTE2PA(*pte);
}

// Copies len bytes from src to user address dstva.
int
copyout(pagetable_t pt, uint64 dstva, void *src, uint64 len)
{
  while(len > 0){
    uint64 va0 = PGROUNDDOWN(dstva);
    uint64 pa0 = user_page(pt, va0, PTE_W);
    if(pa0 == 0)
      return -EFAULT;
    uint64 n = PGSIZE - (dstva - va0);
    if(n > len)
      n = len;
    memmove((void *)(pa0 + (dstva - va0)), src, n);
    len -= n;
    src = (char *)src + n;
    dstva = va0 + PGSIZE;
  }
  return 0;
}

// Copies len bytes from user address srcva to dst.
int
copyin(pagetable_t pt, void *dst, uint64 srcva, uint64 len)
{
  while(len > 0){
    uint64 va0 = PGROUNDDOWN(srcva);
    uint64 pa0 = user_page(pt, va0, PTE_R);
    if(pa0 == 0)
      return -EFAULT;
    uint64 n = PGSIZE - (srcva - va0);
    if(n > len)
      n = len;
    memmove(dst, (void *)(pa0 + (srcva - va0)), n);
    len -= n;
    dst = (char *)dst + n;
    srcva = va0 + PGSIZE;
  }
  return 0;
}

// Copies a NUL-terminated string from user address srcva into dst, at
// most max bytes with the NUL. Returns its length without the NUL.
int
copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
  uint64 got = 0;

  while(got < max){
    uint64 va0 = PGROUNDDOWN(srcva);
    uint64 pa0 = user_page(pt, va0, PTE_R);
    if(pa0 == 0)
      return -EFAULT;
    char *p = (char *)(pa0 + (srcva - va0));
    for(uint64 n = PGSIZE - (srcva - va0); n > 0 && got < max; n--){
      if((dst[got] = *p++) == 0)
        return got;
      got++;
    }
    srcva = va0 + PGSIZE;
  }
  return -ENAMETOOLONG;
}
