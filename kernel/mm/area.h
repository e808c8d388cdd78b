#ifndef AREA_H
#define AREA_H

#include "types.h"
#include "lock/spinlock.h"
#include "lib/rbtree.h"

struct shmem;     // area.c: the pages of a shared anonymous mapping

// A memory area: a page-aligned range of a process's addresses with one
// set of permissions, whose pages arrive on first touch (area.c).
struct area {
  struct rb_node node;    // in mm->areas, ordered by start
  uint64 start, end;      // [start, end), page-aligned, start < end
  int perm;               // PTE_R, PTE_W, PTE_X; 0 for PROT_NONE
  struct shmem *shm;      // shared: the pages every sharer sees; 0 if private
  uint64 pgoff;           // shared: shm's page at start
};

// A process's user memory: its page table and the areas in it, shared
// by the threads of the process (area.c's rules).
struct mm {
  struct spinlock lock;   // everything below, and the page table's entries
  int users;              // [lock] threads holding it (mm_get, mm_put)
  pagetable_t pt;
  struct rb_root areas;
  uint64 heap_base;       // brk's lowest value: the program's end, page-aligned
  uint64 brk;             // the current break
};

// area_map's kinds.
#define AREA_PRIVATE 0
#define AREA_SHARED  1

void sigpage_init(void *code, uint64 len);   // boot: the signal return page
struct mm *mm_alloc(void);      // empty but for the trampoline; 0 if no memory
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);     // the last user's put frees it all
int  mm_shared(struct mm *mm);  // more than one user?

// The caller holds mm->lock for these.
int  area_map(struct mm *mm, uint64 start, uint64 end, int perm, int kind);
int  area_unmap(struct mm *mm, uint64 start, uint64 end);
int  area_protect(struct mm *mm, uint64 start, uint64 end, int perm);
int  area_fault(struct mm *mm, uint64 va, int access);
int  area_range_free(struct mm *mm, uint64 start, uint64 end);
int  area_covered(struct mm *mm, uint64 start, uint64 end, int drop);
uint64 area_find_free(struct mm *mm, uint64 len);
int  area_install(struct mm *mm, uint64 va, uint64 pa);
int  area_map_sigpage(struct mm *mm);
int  mm_copy(struct mm *dst, struct mm *src);   // src's lock; dst not yet shared

uint64 mm_pages(struct mm *mm);                 // takes mm->lock
int  mm_check(struct mm *mm);   // 0, or the broken invariant (M1..M4)

struct futex_key;
int  area_futex_key(struct mm *mm, uint64 uaddr, int private, struct futex_key *k);

#endif
