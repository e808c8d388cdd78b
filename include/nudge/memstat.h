/*
 * memstat(2), nudge's own call: counts of free and live kernel objects, so
 * tests can check that a run leaked nothing, and the caller's own memory.
 * A caller's pages come and go as it touches memory (its stack grows on
 * demand): a leak check compares free_pages + self_pages.
 */
#ifndef NUDGE_MEMSTAT_H
#define NUDGE_MEMSTAT_H

#include <stdint.h>

struct memstat {
  uint64_t free_pages;      // pages on the page allocator's free list
  uint64_t kmalloc_live;    // kmalloc'd objects not yet freed
  uint64_t files_live;      // struct files in use
  uint64_t procs_live;      // process slots in use
  uint64_t self_pages;      // pages the caller's memory holds, page tables too
};

#endif
