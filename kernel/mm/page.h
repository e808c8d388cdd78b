#ifndef PAGE_H
#define PAGE_H

#include "types.h"

// The physical page allocator: one 4096-byte page at a time.
void  page_init(void);
void *alloc_page(void);         // a page, or 0; contents are junk
void  free_page(void *pa);
uint64 nfree_pages(void);

#endif
