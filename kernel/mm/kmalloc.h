#ifndef KMALLOC_H
#define KMALLOC_H

#include "types.h"

// Small kernel objects, in power-of-two size classes carved from pages.
void  kmalloc_init(void);
void *kmalloc(uint64 size);     // 0 if out of memory; size <= PGSIZE
void *kzalloc(uint64 size);     // kmalloc, zeroed
void  kfree(void *p);           // kfree(0) does nothing
uint64 kmalloc_size_roundup(uint64 size);  // the bytes kmalloc(size) takes
uint64 kmalloc_live(void);      // objects allocated and not freed

#endif
