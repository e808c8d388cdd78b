#ifndef TLB_H
#define TLB_H

#include "types.h"

struct mm;

// Pages an unmapping has taken out of a page table, kept until no hart
// can still reach them through its TLB (tlb.c).
#define TLB_BATCH 32
struct tlb_gather {
  struct mm *mm;
  int n;
  uint64 pages[TLB_BATCH];
};

void tlb_gather_init(struct tlb_gather *tg, struct mm *mm);
void tlb_free_later(struct tlb_gather *tg, uint64 pa);
void tlb_flush(struct tlb_gather *tg);   // shoot down, then free the pages
void tlb_shootdown(struct mm *mm);

// The trap path tells which memory each hart runs in user mode.
void tlb_user_enter(struct mm *mm);      // usertrapret, interrupts off
void tlb_user_leave(void);               // usertrap, first thing

#endif
