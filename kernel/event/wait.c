/*
 * Wait queues: how a process waits for an event, and how whoever causes
 * the event wakes it, with Linux's names and semantics.
 *
 * A wait queue is a spinlock and a list of entries. Each entry carries a
 * callback; wake_up() calls them in order with a key, the event mask. The
 * default callback makes the waiting process runnable; epoll queues one
 * that puts an item on its ready list instead.
 *
 * Interface:
 *   init_waitqueue_head, add_wait_queue[_exclusive], remove_wait_queue
 *   wake_up(wq), wake_up_poll(wq, mask), wake_up_locked_poll(wq, mask)
 *   prepare_to_wait[_exclusive], wait_woken, finish_wait: the loop below
 *   (the _locked variants: for a caller that holds wq->lock, because
 *   that lock also guards its condition, as eventfd's does)
 *   wait_event_locked(wq, cond, obj, arg): that loop, whole, for such a
 *   caller (Linux's wait_event_interruptible_locked)
 * Every wakeup goes through __wake_up_locked(), which the wakeup trace
 * (event/wqtrace.c) records when it is on.
 *
 * Exclusive entries sit after all others; a wakeup runs every
 * non-exclusive entry and stops after the first exclusive one that
 * accepts it (wake_up_all: after none).
 *
 * THE RULE that keeps a wakeup from being lost, on any number of harts.
 * The waiter, in this order:
 *
 *   prepare_to_wait(wq, &e);   // 1. clear p->woken, get on the queue
 *   if(condition) break;       // 2. then look at the condition
 *   wait_woken(lk, deadline);  // 3. sleep unless woken since step 1
 *
 * and repeats until the condition holds; finish_wait() takes it off the
 * queue. The waker changes the condition first, then calls wake_up().
 * Every wakeup after step 1 sets p->woken under p->lock, and step 3 looks
 * at p->woken under p->lock before sleeping, so:
 *
 *   waiter                        waker
 *   prepare_to_wait: woken = 0
 *   condition false
 *                                 condition = true
 *                                 wake_up: woken = 1
 *   wait_woken: woken, no sleep
 *   condition true: done
 *
 * If instead the waker runs before step 1, step 2 sees the new condition.
 * A signal and an expired deadline end step 3 too (see wait_woken).
 *
 * Lock order: a queue's lock, then p->lock. Callbacks run with the
 * queue's lock held, perhaps in an interrupt: they never sleep.
 */

#include "types.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "event/wait.h"
#include "event/wqtrace.h"
#include "dev/console.h"

void
init_waitqueue_head(struct wait_queue_head *wq, char *name)
{
  initlock(&wq->lock, name);
  INIT_LIST_HEAD(&wq->head);
}

// An entry whose wakeup makes process p runnable.
void
init_waitqueue_entry(struct wait_queue_entry *e, struct proc *p)
{
  e->flags = 0;
  e->private = p;
  e->func = default_wake_function;
  INIT_LIST_HEAD(&e->entry);
}

// An entry whose wakeup calls func; its owner sets e->private.
void
init_waitqueue_func_entry(struct wait_queue_entry *e,
                          int (*func)(struct wait_queue_entry *, void *))
{
  e->flags = 0;
  e->private = 0;
  e->func = func;
  INIT_LIST_HEAD(&e->entry);
}

// Caller holds wq->lock.
static void
add_locked(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  assert_held(&wq->lock);

  if(e->flags & WQ_FLAG_EXCLUSIVE)
    list_add_tail(&e->entry, &wq->head);
  else
    list_add(&e->entry, &wq->head);
}

void
add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  e->flags &= ~WQ_FLAG_EXCLUSIVE;
  add_locked(wq, e);
  release(&wq->lock);
}

void
add_wait_queue_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  e->flags |= WQ_FLAG_EXCLUSIVE;
  add_locked(wq, e);
  release(&wq->lock);
}

void
remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  list_del_init(&e->entry);
  release(&wq->lock);
}

// Does anyone wait? A hint only, unless the caller holds wq->lock.
int
waitqueue_active(struct wait_queue_head *wq)
{
  return !list_empty(&wq->head);
}

// Runs inside wake_up() with the queue's lock held: makes the owner
// runnable, or notes the wakeup if it has not gone to sleep yet.
int
default_wake_function(struct wait_queue_entry *e, void *key)
{
  proc_wake(e->private);
  return 1;
}

// As default_wake_function, and takes the entry off its queue, so that a
// waiter woken once is not woken again before it re-queues.
int
autoremove_wake_function(struct wait_queue_entry *e, void *key)
{
  int ret = default_wake_function(e, key);
  list_del_init(&e->entry);
  return ret;
}

/*
 * The loop of every wakeup: calls each entry's callback; stops after
 * nr_exclusive exclusive entries accepted (0: never stops). e->flags is
 * read before the callback runs, as Linux does: a callback may take e
 * off the queue, and its waiter may then free it. traced is a constant
 * at each call, and the function always inlined, so the untraced copy
 * has no trace code in its loop at all.
 */
static inline __attribute__((always_inline)) void
__wake_up_common(struct wait_queue_head *wq, int nr_exclusive, void *key,
                 int traced)
{
  struct wait_queue_entry *e, *next;
  struct wqtrace_call call;

  list_for_each_entry_safe(e, next, &wq->head, entry){
    uint flags = e->flags;
    if(traced)
      wqtrace_call_begin(&call, e);
    int accepted = e->func(e, key);
    if(traced)
      wqtrace_call_end(&call, accepted);
    if(accepted && (flags & WQ_FLAG_EXCLUSIVE) && --nr_exclusive == 0)
      break;
  }
}

// Caller holds wq->lock. With the trace off (the usual case), one test
// of wqtrace_on is all it costs (event/wqtrace.c, docs/wqtrace.md).
void
__wake_up_locked(struct wait_queue_head *wq, int nr_exclusive, void *key)
{
  if(!holding(&wq->lock))
    panic("__wake_up_locked: queue not locked");
  if(__atomic_load_n(&wqtrace_on, __ATOMIC_RELAXED)){
    wqtrace_wake_begin(wq, nr_exclusive, key);
    __wake_up_common(wq, nr_exclusive, key, 1);
    wqtrace_wake_end();
  } else {
    __wake_up_common(wq, nr_exclusive, key, 0);
  }
}

void
__wake_up(struct wait_queue_head *wq, int nr_exclusive, void *key)
{
  acquire(&wq->lock);
  __wake_up_locked(wq, nr_exclusive, key);
  release(&wq->lock);
}

// Step 1 of the rule: note that no wakeup has come yet, and get on wq
// (if not on it still), naming wq for ^P. Caller holds wq->lock.
void
prepare_to_wait_locked(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  assert_held(&wq->lock);

  proc_clear_woken(wq->lock.name);
  if(list_empty(&e->entry))
    add_locked(wq, e);
}

void
prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  e->flags &= ~WQ_FLAG_EXCLUSIVE;
  prepare_to_wait_locked(wq, e);
  release(&wq->lock);
}

// Step 1 for an exclusive waiter: one wake_up() wakes one of these.
void
prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  e->flags |= WQ_FLAG_EXCLUSIVE;
  prepare_to_wait_locked(wq, e);
  release(&wq->lock);
}

/*
 * Step 3: sleeps unless a wakeup came since prepare_to_wait(). lk, if
 * not 0, is the spinlock guarding the condition: released while asleep
 * and held again on return. deadline is a time in timer units (0: none).
 * Returns 0 when woken, -ETIMEDOUT at the deadline, or -ERESTARTSYS if
 * a signal came (or the process is dying): the caller ends its system
 * call with that, or with what it has done so far, and signal delivery
 * decides between -EINTR and a restart (docs/signals.md). A pending
 * signal is thus one more reason to stop waiting, seen in the same
 * step as the wakeup: a signal sent after step 1 wakes the sleeper, and
 * one sent before is seen here before it sleeps.
 */
int
wait_woken(struct spinlock *lk, uint64 deadline)
{
  if(lk)
    release(lk);
  int r = proc_sleep_unless_woken(SLEEP_INTERRUPTIBLE, deadline);
  if(lk)
    acquire(lk);
  return r;
}

// Step 3 for a wait only a death may end (-EINTR), not a handled signal.
int
wait_woken_killable(struct spinlock *lk)
{
  if(lk)
    release(lk);
  int r = proc_sleep_unless_woken(SLEEP_KILLABLE, 0);
  if(lk)
    acquire(lk);
  return r;
}

// Takes e off wq, if a wakeup did not already. Caller holds wq->lock.
void
finish_wait_locked(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  assert_held(&wq->lock);

  list_del_init(&e->entry);
}

void
finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e)
{
  acquire(&wq->lock);
  finish_wait_locked(wq, e);
  release(&wq->lock);
}

/*
 * The rule's loop for a caller that holds wq->lock, which guards the
 * condition too: sleeps until cond(obj, arg) holds. Returns 0 with the
 * condition true, or -ERESTARTSYS (a signal), with wq->lock held either
 * way.
 */
int
wait_event_locked(struct wait_queue_head *wq, int (*cond)(void *obj, uint64 arg),
                  void *obj, uint64 arg)
{
  struct wait_queue_entry wait;
  int err = 0;

  assert_held(&wq->lock);
  if(cond(obj, arg))
    return 0;
  init_waitqueue_entry(&wait, myproc());
  for(;;){
    prepare_to_wait_locked(wq, &wait);
    if(cond(obj, arg))
      break;
    if((err = wait_woken(&wq->lock, 0)) < 0)
      break;
  }
  finish_wait_locked(wq, &wait);
  return err;
}
