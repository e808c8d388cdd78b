#ifndef SLEEPLOCK_H
#define SLEEPLOCK_H

#include "lock/spinlock.h"

// A lock held across sleeps (disk I/O, epoll_ctl).
struct sleeplock {
  uint locked;
  struct spinlock lk;   // protects locked and pid
  char *name;
  int pid;              // holder
};

void initsleeplock(struct sleeplock *lk, char *name);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
int  holdingsleep(struct sleeplock *lk);

#ifdef CHECK_INVARIANTS
#define assert_held_sleep(lk) \
  do { if(!holdingsleep(lk)) lock_not_held((lk)->name, __func__); } while(0)
#else
#define assert_held_sleep(lk) do { } while(0)
#endif

#endif
