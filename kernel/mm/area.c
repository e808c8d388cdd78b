/*
 * Memory areas: what a process's user addresses hold, and demand paging.
 *
 * A process's memory (struct mm, area.h) is a page table and a set of
 * areas kept in a red-black tree ordered by address (lib/rbtree.c, the
 * tree epoll uses): the program's segments, the heap up to the break,
 * the stack, and each mmap. An area says which addresses may be touched
 * and how (read, write, execute); the page table says which pages are
 * there now. A page arrives on the first touch: the process faults,
 * usertrap() calls area_fault(), which finds the area, checks the access
 * against its permissions and maps a zeroed page (in a shared area, the
 * page every sharer maps). A touch outside every area, or against its
 * permissions, is the process's SIGSEGV. copyin and copyout (vm.c) fault
 * pages in the same way when the kernel touches user memory for it.
 *
 *   area_map(mm, start, end, perm, kind)  a new area on free addresses
 *   area_unmap(mm, start, end)     munmap: areas cut, their pages freed
 *   area_protect(mm, start, end, perm)    mprotect
 *   area_covered(mm, start, end, drop)    madvise: is it all mapped (and
 *                                  with drop, MADV_DONTNEED's zero-fill)
 *   area_fault(mm, va, access)     bring in the page behind va
 *   area_find_free(mm, len)        where mmap puts a new area
 *   area_install(mm, va, pa)       a page made elsewhere (a file's bytes)
 *   area_map_sigpage(mm)           the signal return page, at SIGPAGE
 *   mm_alloc(), mm_get(mm), mm_put(mm)    an mm's life (below)
 *   mm_copy(dst, src)              fork: private pages copied, shared shared
 *   mm_pages(mm)                   pages it holds, page tables too (memstat)
 *   area_futex_key(mm, uaddr, private, k)   which futex word uaddr is
 *
 * A private page belongs to one page table and is freed with its
 * mapping. A shared anonymous mapping (MAP_SHARED|MAP_ANONYMOUS) has a
 * struct shmem: the array of its pages, each filled by whichever sharer
 * touches it first and freed when the last area that refers to the
 * object goes. fork copies private memory page by page: no copy-on-write
 * (docs/memory.md says why).
 *
 * Invariants (mm_check() in the checking build, after every change):
 *   M1  an area is page-aligned and non-empty, inside [USERBASE, USERTOP)
 *   M2  areas do not overlap: each ends at or before the next one starts
 *   M3  a shared area lies inside its object, which counts it
 *   M4  the tree is a red-black tree (rb_check)
 *
 * Lifetime: an mm is shared by the threads of a process (and by a
 * CLONE_VM child until it execs); mm->users counts them. mm_alloc() makes
 * one with a user; mm_get() adds one; the last mm_put() frees the areas,
 * their pages and the page table. Each thread maps its own trapframe into
 * the page table (proc.c) and takes it out before it puts the mm.
 *
 * Locking: mm->lock, a spinlock, guards the areas, brk and every entry of
 * the page table; the area_* functions and mm_clear want it held (they
 * check). Threads fault, map and unmap on several harts at once. A fault
 * never sleeps, so copyin and copyout (vm.c) take the lock for each page
 * they touch, and may do so with other spinlocks held: mm->lock is taken
 * after every lock but a shmem's, the page allocator's and kmalloc's.
 * An entry changed or removed may still be in another hart's TLB: the
 * changes go through mm/tlb.c, which shoots those down, and pages taken
 * out are freed only after that. A shmem has a spinlock for its count and
 * pages: its sharers fault and exit on several harts at once.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lib/string.h"
#include "lib/invariant.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "mm/area.h"
#include "mm/tlb.h"
#include "dev/console.h"
#include "event/futex.h"
#include "nudge/errno.h"

extern char trampoline[];   // trampoline.S

static void mm_clear(struct mm *mm);

struct shmem {
  struct spinlock lock;
  int ref;                // [lock] areas that refer to it
  uint64 npages;
  uint64 pages[];         // [lock] physical pages; 0 until first touched
};

// A shmem and its page array fit in one kmalloc object (one page).
#define SHMEM_MAXPAGES ((PGSIZE - sizeof(struct shmem)) / sizeof(uint64))

#define AREA(n) rb_entry(n, struct area, node)

// A stretch of addresses one page-table page maps.
#define PT_SPAN (PGSIZE * 512)

static int
area_cmp(const struct rb_node *x, const struct rb_node *y)
{
  uint64 a = AREA(x)->start, b = AREA(y)->start;

  return a < b ? -1 : a > b;
}

// Orders an address against an area: 0 if the area holds it.
static int
area_cmpaddr(const void *key, const struct rb_node *n)
{
  uint64 va = *(const uint64 *)key;

  if(va < AREA(n)->start)
    return -1;
  return va >= AREA(n)->end;
}

// Every area_* entry point starts here: the rules above want the lock.
static void
held(struct mm *mm)
{
  if(!holding(&mm->lock))
    panic("area: mm->lock not held");
}

// The area that holds va, or 0.
static struct area *
area_find(struct mm *mm, uint64 va)
{
  struct rb_node *n = rb_find(&mm->areas, &va, area_cmpaddr);

  return n ? AREA(n) : 0;
}

// The first area that ends above va, or 0.
static struct area *
area_from(struct mm *mm, uint64 va)
{
  struct rb_node *n = mm->areas.node;
  struct area *found = 0;

  while(n){
    if(AREA(n)->end > va){
      found = AREA(n);
      n = n->left;
    } else {
      n = n->right;
    }
  }
  return found;
}

static struct area *
area_next(struct area *a)
{
  struct rb_node *n = rb_next(&a->node);

  return n ? AREA(n) : 0;
}

// Tests M1-M4. Returns 0 or the broken invariant's number. Not static,
// so gdb can call it in any build.
int
mm_check(struct mm *mm)
{
  struct rb_node *n;
  struct area *a;
  uint64 prev_end = USERBASE;

  for(n = rb_first(&mm->areas); n; n = rb_next(n)){
    a = AREA(n);
    if(a->start % PGSIZE || a->end % PGSIZE || a->start >= a->end ||
       a->start < USERBASE || a->end > USERTOP)
      return 1;
    if(a->start < prev_end)
      return 2;
    if(a->shm && (a->shm->ref < 1 ||
                  a->pgoff + (a->end - a->start) / PGSIZE > a->shm->npages))
      return 3;
    prev_end = a->end;
  }
  return rb_check(&mm->areas, area_cmp) ? 4 : 0;
}

static void
mm_checked(struct mm *mm)
{
  INVARIANTS(mm_check, 'M', mm);
}

// The PTE bits for the pages of an area with permissions perm: user
// pages, or for PROT_NONE kernel-only ones that any user access faults
// on (a valid PTE with no R, W or X would point to a page table).
static int
pte_perm(int perm)
{
  return perm ? perm | PTE_U : PTE_R;
}

// The PTE of the first page at or above *va and below end that pt maps,
// with *va moved to it; or 0. Skips stretches with no page-table page.
static pte_t *
next_page(pagetable_t pt, uint64 *va, uint64 end)
{
  pte_t *pte;

  while(*va < end){
    if((pte = walk(pt, *va, 0)) == 0){
      *va = (*va + PT_SPAN) & ~(PT_SPAN - 1);
      continue;
    }
    if(*pte & PTE_V)
      return pte;
    *va += PGSIZE;
  }
  return 0;
}

static void
shmem_get(struct shmem *s)
{
  acquire(&s->lock);
  s->ref++;
  release(&s->lock);
}

static void
shmem_put(struct shmem *s)
{
  int last;

  acquire(&s->lock);
  last = --s->ref == 0;
  release(&s->lock);
  if(!last)
    return;
  for(uint64 i = 0; i < s->npages; i++)
    if(s->pages[i])
      free_page((void *)s->pages[i]);
  kfree(s);
}

// A zeroed page, or 0 if memory is out.
static uint64
zeroed_page(void)
{
  void *pg = alloc_page();

  if(pg)
    memset(pg, 0, PGSIZE);
  return (uint64)pg;
}

// Page i of s, made on first use: its physical address, or 0.
static uint64
shmem_page(struct shmem *s, uint64 i)
{
  uint64 pa;

  acquire(&s->lock);
  if(s->pages[i] == 0)
    s->pages[i] = zeroed_page();
  pa = s->pages[i];
  release(&s->lock);
  return pa;
}

// Removes a's pages in [start, end) from the page table; private ones
// go to tg to be freed, shared ones stay with their object.
static void
drop_pages(struct mm *mm, struct area *a, uint64 start, uint64 end,
           struct tlb_gather *tg)
{
  pte_t *pte;

  for(uint64 va = start; (pte = next_page(mm->pt, &va, end)) != 0; va += PGSIZE){
    if(a->shm == 0)
      tlb_free_later(tg, PTE2PA(*pte));
    *pte = 0;
  }
}

static void
area_free(struct mm *mm, struct area *a, struct tlb_gather *tg)
{
  drop_pages(mm, a, a->start, a->end, tg);
  rb_erase(&mm->areas, &a->node);
  if(a->shm){
    // The object's pages may go with it: no hart may still reach them.
    tlb_flush(tg);
    shmem_put(a->shm);
  }
  kfree(a);
}

// Cuts a in two at at (a->start < at < a->end): a keeps [start, at), a
// new area takes [at, end). 0, or -ENOMEM.
static int
area_split(struct mm *mm, struct area *a, uint64 at)
{
  struct area *b = kmalloc(sizeof(*b));

  if(b == 0)
    return -ENOMEM;
  *b = *a;
  b->start = at;
  if(a->shm){
    b->pgoff += (at - a->start) / PGSIZE;
    shmem_get(a->shm);
  }
  a->end = at;
  rb_insert(&mm->areas, &b->node, area_cmp);
  return 0;
}

// Makes start and end area boundaries, splitting the areas across them.
static int
cut(struct mm *mm, uint64 start, uint64 end)
{
  struct area *a;

  if((a = area_find(mm, start)) != 0 && a->start < start &&
     area_split(mm, a, start) < 0)
    return -ENOMEM;
  if((a = area_find(mm, end)) != 0 && a->start < end &&
     area_split(mm, a, end) < 0)
    return -ENOMEM;
  return 0;
}

// Is [start, end) free of areas?
int
area_range_free(struct mm *mm, uint64 start, uint64 end)
{
  struct area *a;

  held(mm);
  a = area_from(mm, start);

  return a == 0 || a->start >= end;
}

// Can a private area with permissions perm grow into its neighbour a?
static int
can_merge(struct area *a, int perm)
{
  return a && a->shm == 0 && a->perm == perm;
}

/*
 * Adds an area [start, end) with permissions perm over free addresses,
 * private or shared (with an object of its own). A private area next to
 * a private one with the same permissions grows that one instead: the
 * heap grows this way. No pages are mapped. 0, or -ENOMEM.
 */
int
area_map(struct mm *mm, uint64 start, uint64 end, int perm, int kind)
{
  struct shmem *s = 0;
  struct area *a;
  uint64 npages = (end - start) / PGSIZE;

  held(mm);
  if(kind == AREA_PRIVATE){
    if(can_merge(a = area_find(mm, start - 1), perm)){
      a->end = end;
      mm_checked(mm);
      return 0;
    }
    if(can_merge(a = area_find(mm, end), perm)){
      a->start = start;
      mm_checked(mm);
      return 0;
    }
  } else {
    if(npages > SHMEM_MAXPAGES ||
       (s = kzalloc(sizeof(*s) + npages * sizeof(uint64))) == 0)
      return -ENOMEM;
    initlock(&s->lock, "shmem");
    s->ref = 1;
    s->npages = npages;
  }
  if((a = kmalloc(sizeof(*a))) == 0){
    kfree(s);
    return -ENOMEM;
  }
  a->start = start;
  a->end = end;
  a->perm = perm;
  a->shm = s;
  a->pgoff = 0;
  rb_insert(&mm->areas, &a->node, area_cmp);
  mm_checked(mm);
  return 0;
}

// Removes every area, or part of one, in [start, end), and their pages.
// 0, or -ENOMEM if an area to be cut could not be (nothing is removed).
int
area_unmap(struct mm *mm, uint64 start, uint64 end)
{
  struct area *a, *next;
  struct tlb_gather tg;

  held(mm);
  if(cut(mm, start, end) < 0)
    return -ENOMEM;
  tlb_gather_init(&tg, mm);
  for(a = area_from(mm, start); a && a->start < end; a = next){
    next = area_next(a);
    area_free(mm, a, &tg);
  }
  tlb_flush(&tg);
  mm_checked(mm);
  return 0;
}

/*
 * Gives [start, end) the permissions perm, area by area from start, and
 * the pages already there with them. As Linux's mprotect, it stops at
 * the first address no area holds: -ENOMEM, with what came before it
 * changed. 0 if the whole range was areas.
 */
int
area_protect(struct mm *mm, uint64 start, uint64 end, int perm)
{
  struct area *a;
  uint64 at = start, va;
  pte_t *pte;

  held(mm);
  if(cut(mm, start, end) < 0)
    return -ENOMEM;
  for(a = area_find(mm, start); a && a->start == at && at < end; a = area_next(a)){
    a->perm = perm;
    for(va = a->start; (pte = next_page(mm->pt, &va, a->end)) != 0; va += PGSIZE)
      *pte = PA2PTE(PTE2PA(*pte)) | pte_perm(perm) | PTE_V;
    at = a->end;
  }
  tlb_shootdown(mm);
  mm_checked(mm);
  return at >= end ? 0 : -ENOMEM;
}

/*
 * Is every address of [start, end) in an area? 0, or -ENOMEM, as
 * Linux's madvise answers. With drop, the pages of every area in the
 * range are dropped too (MADV_DONTNEED), holes or not: a private page
 * comes back zeroed on the next touch, a shared one from its object.
 */
int
area_covered(struct mm *mm, uint64 start, uint64 end, int drop)
{
  struct area *a;
  uint64 at = start;
  int hole = 0;
  struct tlb_gather tg;

  held(mm);
  tlb_gather_init(&tg, mm);
  for(a = area_from(mm, start); a && a->start < end; a = area_next(a)){
    if(a->start > at)
      hole = 1;
    if(drop)
      drop_pages(mm, a, a->start > start ? a->start : start,
                 a->end < end ? a->end : end, &tg);
    at = a->end;
  }
  tlb_flush(&tg);
  return hole || at < end ? -ENOMEM : 0;
}

/*
 * Brings in the page behind user address va for an access (PTE_R, PTE_W
 * or PTE_X; 0 for any): a zeroed page, or a shared area's page. 0 (also
 * when the page is there already: another thread of the process faulted
 * on it first); -EFAULT if no area holds va, -EACCES if its permissions
 * refuse the access (SIGSEGV's SEGV_MAPERR and SEGV_ACCERR); -ENOMEM if
 * memory is out.
 */
int
area_fault(struct mm *mm, uint64 va, int access)
{
  struct area *a;
  uint64 va0 = PGROUNDDOWN(va), pa;
  pte_t *pte;

  held(mm);
  if(va >= USERTOP || (a = area_find(mm, va)) == 0)
    return -EFAULT;
  if((a->perm & access) != access)
    return -EACCES;
  if((pte = walk(mm->pt, va0, 1)) == 0)
    return -ENOMEM;
  // Another thread may have brought it in since this one faulted; the
  // area allows the access, so the page does too.
  if(*pte & PTE_V)
    return 0;
  if(a->shm)
    pa = shmem_page(a->shm, a->pgoff + (va0 - a->start) / PGSIZE);
  else
    pa = zeroed_page();
  if(pa == 0)
    return -ENOMEM;
  *pte = PA2PTE(pa) | pte_perm(a->perm) | PTE_V;
  return 0;
}

/*
 * Where a new area of len bytes (page-aligned) goes when mmap is not
 * told: as high as it fits below MMAP_TOP and above the break, as
 * Linux's top-down layout puts it. Its start, or 0 if nothing fits.
 */
uint64
area_find_free(struct mm *mm, uint64 len)
{
  uint64 low = PGROUNDUP(mm->brk), gap_start = low, gap_end, best = 0;
  struct area *a;

  held(mm);
  for(a = area_from(mm, low); ; a = area_next(a)){
    gap_end = (a == 0 || a->start > MMAP_TOP) ? MMAP_TOP : a->start;
    if(gap_end > gap_start && gap_end - gap_start >= len)
      best = gap_end - len;
    if(a == 0 || a->end >= MMAP_TOP)
      return best;
    if(a->end > gap_start)
      gap_start = a->end;
  }
}

/*
 * Puts page pa, made by the caller (a file's bytes, say), at user page
 * va, if an area still holds va and no page is there yet. 0, or -EFAULT
 * (pa is still the caller's to free), or -ENOMEM.
 */
int
area_install(struct mm *mm, uint64 va, uint64 pa)
{
  struct area *a;
  pte_t *pte;

  held(mm);
  if((a = area_find(mm, va)) == 0 || a->shm)
    return -EFAULT;
  if((pte = walk(mm->pt, va, 1)) == 0)
    return -ENOMEM;
  if(*pte & PTE_V)
    return -EFAULT;
  *pte = PA2PTE(pa) | pte_perm(a->perm) | PTE_V;
  return 0;
}

/*
 * The signal return page (proc/signal.c): one page the kernel fills at
 * boot with the code a handler returns into, mapped read-and-execute at
 * SIGPAGE by every execve. It is a shared object of one page, so fork,
 * munmap and faults treat it as any shared mapping; the kernel keeps a
 * reference of its own, so its page is never freed.
 */
static struct shmem *sigpage;

void
sigpage_init(void *code, uint64 len)
{
  void *pg = alloc_page();

  if(pg == 0 || (sigpage = kzalloc(sizeof(*sigpage) + sizeof(uint64))) == 0)
    panic("sigpage_init: no memory");
  memset(pg, 0, PGSIZE);
  memmove(pg, code, len);
  initlock(&sigpage->lock, "sigpage");
  sigpage->ref = 1;
  sigpage->npages = 1;
  sigpage->pages[0] = (uint64)pg;
}

// Puts the signal return page at SIGPAGE in a new program's mm. 0, or -ENOMEM.
int
area_map_sigpage(struct mm *mm)
{
  struct area *a;

  held(mm);
  if((a = kmalloc(sizeof(*a))) == 0)
    return -ENOMEM;
  a->start = SIGPAGE;
  a->end = SIGPAGE + PGSIZE;
  a->perm = PTE_R | PTE_X;
  a->shm = sigpage;
  a->pgoff = 0;
  shmem_get(sigpage);
  rb_insert(&mm->areas, &a->node, area_cmp);
  mm_checked(mm);
  return 0;
}

/*
 * A new mm, with one user and a page table holding only the trampoline
 * (kernel-only, at the same address in every page table); 0 if memory
 * is out.
 */
struct mm *
mm_alloc(void)
{
  struct mm *mm = kzalloc(sizeof(*mm));

  if(mm == 0)
    return 0;
  initlock(&mm->lock, "mm");
  mm->users = 1;
  mm->areas = RB_ROOT;
  if((mm->pt = uvmcreate()) == 0){
    kfree(mm);
    return 0;
  }
  if(mappages(mm->pt, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X) < 0){
    uvmfree(mm->pt);
    kfree(mm);
    return 0;
  }
  return mm;
}

void
mm_get(struct mm *mm)
{
  acquire(&mm->lock);
  mm->users++;
  release(&mm->lock);
}

// Has mm more than one user (threads, or a CLONE_VM child)?
int
mm_shared(struct mm *mm)
{
  int shared;

  acquire(&mm->lock);
  shared = mm->users > 1;
  release(&mm->lock);
  return shared;
}

// Drops a user; the last one frees the areas, their pages, the page table
// and mm. Every thread's trapframe is out of the page table by then.
void
mm_put(struct mm *mm)
{
  int last;

  acquire(&mm->lock);
  last = --mm->users == 0;
  if(last)
    mm_clear(mm);
  release(&mm->lock);
  if(!last)
    return;
  uvmunmap(mm->pt, TRAMPOLINE, 1, 0);
  uvmfree(mm->pt);
  kfree(mm);
}

/*
 * fork's copy of src into dst, whose page table has no user pages yet:
 * every area, with private pages copied and shared objects shared (the
 * child maps their pages on its own first touches). 0, or -ENOMEM with
 * dst holding part of the copy, for mm_clear().
 */
int
mm_copy(struct mm *dst, struct mm *src)
{
  struct rb_node *n;
  struct area *a, *b;
  pte_t *pte;
  uint64 va, pa;

  held(src);
  dst->heap_base = src->heap_base;
  dst->brk = src->brk;
  for(n = rb_first(&src->areas); n; n = rb_next(n)){
    a = AREA(n);
    if((b = kmalloc(sizeof(*b))) == 0)
      return -ENOMEM;
    *b = *a;
    if(b->shm)
      shmem_get(b->shm);
    rb_insert(&dst->areas, &b->node, area_cmp);
    if(a->shm)
      continue;
    for(va = a->start; (pte = next_page(src->pt, &va, a->end)) != 0; va += PGSIZE){
      if((pa = (uint64)alloc_page()) == 0)
        return -ENOMEM;
      memmove((void *)pa, (void *)PTE2PA(*pte), PGSIZE);
      if(mappages(dst->pt, va, PGSIZE, pa, PTE_FLAGS(*pte)) < 0){
        free_page((void *)pa);
        return -ENOMEM;
      }
    }
  }
  mm_checked(dst);
  return 0;
}

// Removes every area and frees the pages; the page table stays, with
// its page-table pages, for mm_put() to free.
static void
mm_clear(struct mm *mm)
{
  struct rb_node *n;
  struct tlb_gather tg;

  held(mm);
  tlb_gather_init(&tg, mm);
  while((n = rb_first(&mm->areas)) != 0)
    area_free(mm, AREA(n), &tg);
  tlb_flush(&tg);
  mm->heap_base = mm->brk = 0;
}

// Page-table pages in the tree under pt, pt included.
static uint64
table_pages(pagetable_t pt)
{
  uint64 n = 1;

  for(int i = 0; i < 512; i++)
    if((pt[i] & PTE_V) && PTE_FLAGS(pt[i]) == PTE_V)
      n += table_pages((pagetable_t)PTE2PA(pt[i]));
  return n;
}

// The pages mm holds: those its areas map, and its page-table pages.
uint64
mm_pages(struct mm *mm)
{
  struct rb_node *n;
  uint64 va, count;

  acquire(&mm->lock);
  count = table_pages(mm->pt);
  for(n = rb_first(&mm->areas); n; n = rb_next(n))
    for(va = AREA(n)->start; next_page(mm->pt, &va, AREA(n)->end); va += PGSIZE)
      count++;
  release(&mm->lock);
  return count;
}

/*
 * The key of the futex word at uaddr of mm (event/futex.c checked that
 * uaddr is aligned and a user address), as Linux's get_futex_key() makes
 * it. A private futex (FUTEX_PRIVATE_FLAG) is (mm, uaddr) wherever it
 * lies: no area is looked up. A shared one in a shared area is (the
 * area's object, the word's offset in it), the same in every process
 * that maps the object; in a private area it is (mm, uaddr), but of a
 * kind of its own, as Linux keeps a shared futex on an anonymous page
 * apart from a private one. 0, or -EFAULT if no area holds uaddr or, as
 * on Linux, a shared area cannot be read or a private one written.
 */
int
area_futex_key(struct mm *mm, uint64 uaddr, int private, struct futex_key *k)
{
  struct area *a;

  if(private){
    *k = (struct futex_key){ mm, uaddr, FUTEX_KEY_PRIVATE };
    return 0;
  }
  held(mm);
  if((a = area_find(mm, uaddr)) == 0)
    return -EFAULT;
  if(a->shm == 0){
    if(!(a->perm & PTE_W))
      return -EFAULT;
    *k = (struct futex_key){ mm, uaddr, FUTEX_KEY_MM };
    return 0;
  }
  if(!(a->perm & PTE_R))
    return -EFAULT;
  *k = (struct futex_key){ a->shm, a->pgoff * PGSIZE + (uaddr - a->start),
                          FUTEX_KEY_SHMEM };
  return 0;
}
