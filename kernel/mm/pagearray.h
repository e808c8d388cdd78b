#ifndef PAGEARRAY_H
#define PAGEARRAY_H

#include "types.h"
#include "arch/riscv.h"

struct mm;

// A buffer of any size up to PAGEARRAY_MAX, made of separate pages
// (mm/pagearray.c).
struct pagearray {
  char **pages;       // npages pages: a list from kmalloc, or &one
  char *one;          // the only page of a one-page array: no list
  int npages;
};

#define PAGEARRAY_MAX (PGSIZE / sizeof(char *) * PGSIZE)   // 2 MiB

int   pagearray_alloc(struct pagearray *a, uint64 bytes);  // 0 or -ENOMEM
void  pagearray_free(struct pagearray *a);
int   pagearray_copyin(struct pagearray *a, uint64 off, struct mm *mm, uint64 src, uint64 n);
int   pagearray_copyout(struct pagearray *a, uint64 off, struct mm *mm, uint64 dst, uint64 n);
void  pagearray_read(struct pagearray *a, uint64 off, void *dst, uint64 n);

// A pointer to the byte at off. Inline: poll calls it for every fd.
static inline void *
pagearray_at(struct pagearray *a, uint64 off)
{
  return a->pages[off / PGSIZE] + off % PGSIZE;
}

#endif
