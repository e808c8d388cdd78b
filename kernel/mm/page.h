#ifndef PAGE_H
#define PAGE_H

#include "types.h"
#include "lib/string.h"

// Fills freed or fresh memory with junk in the checking build, so that a
// use after free, or of memory never initialized, shows. The normal build
// skips it: it costs more than the rest of an allocation.
static inline void
junk(void *p, uint64 n, int c)
{
#ifdef CHECK_INVARIANTS
  memset(p, c, n);
#endif
}

// The physical page allocator: one 4096-byte page at a time.
void  page_init(void);
void *alloc_page(void);         // a page, or 0; contents are junk
void  free_page(void *pa);
uint64 nfree_pages(void);
uint64 ntotal_pages(void);

#endif
