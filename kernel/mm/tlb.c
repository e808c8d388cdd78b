/*
 * TLB shootdown: after a page-table entry of a shared struct mm changes
 * (munmap, mprotect, MADV_DONTNEED, exit), no hart may go on using the
 * old translation, and a page taken out may not be reused while one can.
 *
 * Which harts can hold old translations? nudge switches satp on every
 * trap and flushes the TLB each time (trampoline.S: sfence.vma on the way
 * in and on the way out), so a hart in the kernel holds no user
 * translations at all. Only a hart that is in user mode, running a thread
 * of the same mm, can. So:
 *
 *   - the trap path records, per hart, the mm it runs in user mode:
 *     tlb_user_enter(mm) just before userret, with a count of entries,
 *     and tlb_user_leave() as usertrap's first act;
 *   - tlb_shootdown(mm), after the entries are changed, sends an
 *     inter-processor interrupt (arch/ipi.c) to every other hart in user
 *     mode in mm, and waits until each has left it (its mm changed) or
 *     has come back (its count changed): either way it trapped, and the
 *     trap flushed its TLB;
 *   - pages taken out of the page table are gathered (tlb_free_later) and
 *     freed by tlb_flush() only after the shootdown.
 *
 * The ordering: the changer writes the entries, then (a fence) reads
 * each hart's mm; a hart writes its mm, then (a fence) loads satp and
 * flushes. If the changer missed a hart's mm, that hart's flush comes
 * after the change, and it sees the new entries.
 *
 * The wait spins, perhaps with mm->lock held. It cannot deadlock: the
 * harts waited for are in user mode, where they take the interrupt at
 * once, and usertrap() clears their mm before it takes any lock.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "arch/ipi.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "mm/page.h"
#include "mm/tlb.h"

// Per hart: the mm it runs in user mode (0 when in the kernel), and how
// many times it has entered user mode.
static struct {
  struct mm *mm;
  uint64 entries;
} user_on[NCPU];

void
tlb_user_enter(struct mm *mm)
{
  int me = cpuid();

  __atomic_store_n(&user_on[me].entries, user_on[me].entries + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&user_on[me].mm, mm, __ATOMIC_RELAXED);
  __sync_synchronize();
}

void
tlb_user_leave(void)
{
  __atomic_store_n(&user_on[cpuid()].mm, 0, __ATOMIC_RELEASE);
}

// Makes sure no other hart still uses an old translation of mm.
void
tlb_shootdown(struct mm *mm)
{
  uint64 seen[NCPU];
  int sent[NCPU], me;

  push_off();
  me = cpuid();
  __sync_synchronize();
  for(int h = 0; h < NCPU; h++){
    sent[h] = h != me && __atomic_load_n(&user_on[h].mm, __ATOMIC_ACQUIRE) == mm;
    if(sent[h]){
      seen[h] = __atomic_load_n(&user_on[h].entries, __ATOMIC_ACQUIRE);
      ipi_send(h);
    }
  }
  for(int h = 0; h < NCPU; h++)
    while(sent[h] && __atomic_load_n(&user_on[h].mm, __ATOMIC_ACQUIRE) == mm &&
          __atomic_load_n(&user_on[h].entries, __ATOMIC_ACQUIRE) == seen[h])
      ;
  pop_off();
}

void
tlb_gather_init(struct tlb_gather *tg, struct mm *mm)
{
  tg->mm = mm;
  tg->n = 0;
}

// Frees page pa once no hart can reach it, at the latest in tlb_flush().
void
tlb_free_later(struct tlb_gather *tg, uint64 pa)
{
  if(tg->n == TLB_BATCH)
    tlb_flush(tg);
  tg->pages[tg->n++] = pa;
}

void
tlb_flush(struct tlb_gather *tg)
{
  tlb_shootdown(tg->mm);
  for(int i = 0; i < tg->n; i++)
    free_page((void *)tg->pages[i]);
  tg->n = 0;
}
