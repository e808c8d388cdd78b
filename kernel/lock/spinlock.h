#ifndef SPINLOCK_H
#define SPINLOCK_H

#include "types.h"

// Mutual exclusion between harts; interrupts are off while held.
struct spinlock {
  uint locked;
  char *name;        // for debugging
  struct cpu *cpu;   // holder
};

void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int  holding(struct spinlock *lk);
void push_off(void);
void pop_off(void);

/*
 * "Caller holds lk" as code, like Linux's lockdep_assert_held: in the
 * checking build, panics naming the lock and the function when this hart
 * does not hold lk. assert_held_sleep (lock/sleeplock.h) is the same for
 * a sleep lock and this process.
 */
#ifdef CHECK_INVARIANTS
#define assert_held(lk) \
  do { if(!holding(lk)) lock_not_held((lk)->name, __func__); } while(0)
#else
#define assert_held(lk) do { } while(0)
#endif
void lock_not_held(char *name, const char *fn) __attribute__((noreturn));

#endif
