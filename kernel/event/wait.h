#ifndef WAIT_H
#define WAIT_H

#include "types.h"
#include "lock/spinlock.h"
#include "lib/list.h"

struct proc;
struct wait_queue_entry;

/*
 * A wait-queue entry: one waiter's place on a queue. func is called by
 * wake_up() with the queue's lock held, perhaps from an interrupt: it
 * must not sleep. It returns 1 if it accepted the wakeup (that counts
 * against an exclusive wakeup's nr_exclusive), 0 if it declined.
 * Linux's callbacks also get a task-state mode; nudge has one sleeping
 * state, so they don't.
 *
 * key is what the queue's wakers and its callbacks agree on; the
 * callback may decline a wakeup by it, but it never says how many are
 * woken (nr_exclusive does):
 *   a file's queue   the poll events that happened (wake_up_poll);
 *                    0 (wake_up) says none in particular: any may have,
 *                    so no callback filters it out
 *   a futex bucket   the struct futex_wake_req being done (futex.c)
 *   xv6's channels   the channel, which chan_wake compares (proc.c)
 */
struct wait_queue_entry {
  uint flags;                   // WQ_FLAG_*
  void *private;                // the waiting process, or func's object
  int (*func)(struct wait_queue_entry *e, void *key);
  struct list_head entry;       // [head's lock] link on the queue
};

#define WQ_FLAG_EXCLUSIVE 0x01  // woken one at a time, after all others

struct wait_queue_head {
  struct spinlock lock;
  struct list_head head;        // [lock] entries: non-exclusive first
};

void init_waitqueue_head(struct wait_queue_head *wq, char *name);
void init_waitqueue_entry(struct wait_queue_entry *e, struct proc *p);
void init_waitqueue_func_entry(struct wait_queue_entry *e,
       int (*func)(struct wait_queue_entry *, void *));

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
void add_wait_queue_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e);
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e);
int  waitqueue_active(struct wait_queue_head *wq);

int default_wake_function(struct wait_queue_entry *e, void *key);
int autoremove_wake_function(struct wait_queue_entry *e, void *key);

void __wake_up(struct wait_queue_head *wq, int nr_exclusive, void *key);
void __wake_up_locked(struct wait_queue_head *wq, int nr_exclusive, void *key);

#define wake_up(wq)               __wake_up(wq, 1, 0)
#define wake_up_all(wq)           __wake_up(wq, 0, 0)
#define wake_up_poll(wq, m)       __wake_up(wq, 1, (void *)(uint64)(m))
#define wake_up_locked_poll(wq, m) __wake_up_locked(wq, 1, (void *)(uint64)(m))
#define key_to_poll(key)          ((uint)(uint64)(key))

// The blocking helper; see the top of wait.c.
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
void prepare_to_wait_locked(struct wait_queue_head *wq, struct wait_queue_entry *e);
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *e);
int  wait_woken(struct spinlock *lk, uint64 deadline);
int  wait_woken_killable(struct spinlock *lk);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *e);
void finish_wait_locked(struct wait_queue_head *wq, struct wait_queue_entry *e);
int  wait_event_locked(struct wait_queue_head *wq, int (*cond)(void *obj, uint64 arg),
                       void *obj, uint64 arg);    // 0 or -ERESTARTSYS

#endif
