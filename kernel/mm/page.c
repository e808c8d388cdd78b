/*
 * The physical page allocator: hands out the RAM between the end of the
 * kernel image and PHYSTOP, one 4096-byte page at a time.
 *   page_init()       put every page on the free list, at boot
 *   alloc_page()      a page, or 0 when none is left; its contents are junk
 *   free_page(pa)     give a page back
 *   nfree_pages()     pages on the free list (memstat, leak checks)
 *   ntotal_pages()    pages the allocator manages, free or not (sysinfo)
 *
 * The free list runs through the free pages themselves: each starts with
 * a pointer to the next. In the checking build, freed and allocated pages
 * are filled with junk (junk() in page.h), so code that reads memory it no
 * longer owns, or never initialised, sees garbage early rather than stale
 * data that happens to work.
 *
 * Locking: one spinlock, "page", for the list and the count. It is the
 * innermost memory lock: kmalloc holds its own lock when it calls here.
 */
#include "types.h"
#include "arch/riscv.h"
#include "arch/memlayout.h"
#include "lock/spinlock.h"
#include "dev/console.h"
#include "mm/page.h"

extern char end[];   // first address after the kernel image; kernel.ld

struct run {
  struct run *next;
};

static struct {
  struct spinlock lock;
  struct run *freelist;   // [lock]
  uint64 nfree;           // [lock] pages on freelist
  uint64 total;           // [I] pages page_init() freed
} pages;

void
page_init(void)
{
  initlock(&pages.lock, "page");
  for(char *p = (char *)PGROUNDUP((uint64)end); p + PGSIZE <= (char *)PHYSTOP; p += PGSIZE)
    free_page(p);
  pages.total = pages.nfree;
}

void
free_page(void *pa)
{
  struct run *r = pa;

  if((uint64)pa % PGSIZE != 0 || (char *)pa < end || (uint64)pa >= PHYSTOP)
    panic("free_page: not a page of free RAM");

  junk(pa, PGSIZE, 1);

  acquire(&pages.lock);
  r->next = pages.freelist;
  pages.freelist = r;
  pages.nfree++;
  release(&pages.lock);
}

void *
alloc_page(void)
{
  struct run *r;

  acquire(&pages.lock);
  r = pages.freelist;
  if(r){
    pages.freelist = r->next;
    pages.nfree--;
  }
  release(&pages.lock);

  if(r)
    junk(r, PGSIZE, 5);
  return r;
}

uint64
nfree_pages(void)
{
  uint64 n;

  acquire(&pages.lock);
  n = pages.nfree;
  release(&pages.lock);
  return n;
}

uint64
ntotal_pages(void)
{
  return pages.total;
}
