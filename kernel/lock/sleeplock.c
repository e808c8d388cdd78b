/*
 * Sleep locks: a lock a process may hold across sleeps, such as a disk
 * read. A waiter sleeps instead of spinning, so they are only for process
 * context, never in an interrupt handler.
 *
 *   initsleeplock(lk, name)
 *   acquiresleep(lk) / releasesleep(lk)
 *   holdingsleep(lk)   does the current process hold lk?
 *
 * Locking: lk->lk, a spinlock, protects locked and pid, and is the lock
 * passed to sleep(), so a release cannot slip between a waiter's test of
 * locked and its sleep.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "dev/console.h"

void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->lk, "sleep lock");
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
}

void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  if(lk->locked && lk->pid == myproc()->pid)
    panic("acquiresleep: already held by this process");
  while(lk->locked)
    sleep(lk, &lk->lk);
  lk->locked = 1;
  lk->pid = myproc()->pid;
  release(&lk->lk);
}

void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  if(!lk->locked || lk->pid != myproc()->pid)
    panic("releasesleep: not held by this process");
  lk->locked = 0;
  lk->pid = 0;
  wakeup(lk);
  release(&lk->lk);
}

int
holdingsleep(struct sleeplock *lk)
{
  int r;

  acquire(&lk->lk);
  r = lk->locked && (lk->pid == myproc()->pid);
  release(&lk->lk);
  return r;
}
