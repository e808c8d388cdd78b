/*
 * futex(2): the kernel's half of user-space locks and condition
 * variables. A program keeps its state in a 32-bit word of its own
 * memory and enters the kernel only to sleep while the word still holds
 * what it saw (FUTEX_WAIT) or to wake those who sleep on it (FUTEX_WAKE).
 * futex is one more user of the wait queues (event/wait.c): a waiter is
 * one wait-queue entry on one of FUTEX_HASHSIZE hashed queues, the
 * buckets, and its callback takes only wakeups meant for its own word.
 *
 *   sys_futex                 FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET,
 *                             FUTEX_WAKE_BITSET, FUTEX_REQUEUE,
 *                             FUTEX_CMP_REQUEUE; FUTEX_PRIVATE_FLAG,
 *                             FUTEX_CLOCK_REALTIME; the rest -ENOSYS
 *   futex_wake_addr(mm, uaddr)  exit's wakeup for CLONE_CHILD_CLEARTID
 *   futex_init()              the buckets, at boot
 *
 * Keys. A word is named by a struct futex_key (event/futex.h), made by
 * area_futex_key() (mm/area.c) as Linux's get_futex_key() makes it:
 * with FUTEX_PRIVATE_FLAG, (mm, address); without it, in a
 * MAP_SHARED|MAP_ANONYMOUS area, (the area's shmem object, the offset in
 * it), so processes that share the object across fork share the futex;
 * in a private area, (mm, address) again, of another kind, so that a
 * private and a shared futex on one word stay apart, as on Linux.
 *
 * Not losing a wakeup. The waiter's condition is "the word still holds
 * val", and the waker changes the word in user mode, holding no kernel
 * lock. So the waiter gets on its bucket (event/wait.c's step 1) and
 * reads the word (step 2) in one stretch under the bucket's lock, and a
 * waker takes that lock to wake. Its change to the word is then either
 * seen by the read or made after it, and then its wakeup finds the
 * waiter queued:
 *
 *   waiter                        waker
 *   lock bucket
 *   proc_clear_woken, queue q
 *   word == val: keep q           word = new
 *   unlock bucket                 lock bucket (waits for the waiter's
 *                                   unlock; then finds q)
 *   wait_woken: woken, no sleep   wake q: woken = 1; unlock
 *
 * What cannot happen is the order of "look first, queue after":
 *
 *   waiter                        waker
 *   word == val (no lock)
 *                                 word = new; lock; nobody queued; unlock
 *   lock, queue q, unlock
 *   wait_woken: sleeps for good
 *
 * Invariants (futex_check() tests them on a bucket):
 *   F1  a bucket holds futex_q entries only, each exclusive, so that a
 *       wakeup's budget counts waiters
 *   F2  a queued futex_q's wq is the bucket it is on
 *   F3  a queued futex_q's key hashes to that bucket (requeue moves it)
 *
 * Lifetime. A futex_q lives on its waiter's stack, queued from
 * futex_wait_setup() until a waker or futex_unqueue() takes it off. A
 * waker that takes it off (futex_wake_q) clears q->wq last, and never
 * touches q after: the waiter may then return. A key's obj is compared
 * and never followed, so nothing holds it; an object freed while a
 * waiter keeps a key to it (a thread unmapping its sibling's word) can
 * cost a spurious wakeup when its address is reused, never a crash.
 *
 * Locking, outermost first:
 *   1. a bucket's wq.lock: its list, and the [b] fields of the futex_q
 *      entries on it. Requeue holds two, the lower address first.
 *   2. whatever reading the word takes (copyin_u32, which may fault a
 *      page in; the memory areas' lock once threads share them): the
 *      key is made before any bucket is locked, never under one.
 *   3. p->lock, in proc_clear_woken() and proc_wake(), as on every queue.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/systime.h"
#include "proc/timer.h"
#include "mm/vm.h"
#include "event/wait.h"
#include "event/futex.h"
#include "lib/invariant.h"
#include "nudge/errno.h"
#include "nudge/futex.h"
#include "nudge/time.h"

#define FUTEX_HASHSIZE 64
static struct wait_queue_head futex_queues[FUTEX_HASHSIZE];

/*
 * One waiter, on its stack. Tags: [b] the lock of the bucket it is on,
 * [I] set before it is queued, then constant.
 */
struct futex_q {
  struct wait_queue_entry wait;   // [b] func futex_wake_function, private the waiter
  struct futex_key key;           // [b] its word; requeue names another
  struct wait_queue_head *wq;     // [b] its bucket; 0 once a waker took it off
  uint32 bitset;                  // [I] FUTEX_WAIT_BITSET's bits (FUTEX_WAIT: all)
};

// What a wakeup looks for, passed to the callbacks as wake_up's key.
struct futex_wake_req {
  struct futex_key key;
  uint32 bitset;
  int nwoken;                     // waiters that took it
};


void
futex_init(void)
{
  for(int i = 0; i < FUTEX_HASHSIZE; i++)
    init_waitqueue_head(&futex_queues[i], "futex_queue");
}


static int
futex_key_eq(const struct futex_key *a, const struct futex_key *b)
{
  return a->obj == b->obj && a->off == b->off && a->kind == b->kind;
}

static struct wait_queue_head *
futex_bucket(const struct futex_key *k)
{
  uint64 h = ((uint64)k->obj ^ k->off ^ k->kind) * 0x9e3779b97f4a7c15UL;

  return &futex_queues[(h >> 32) % FUTEX_HASHSIZE];
}

// ---- self-check --------------------------------------------------------------

/*
 * Tests F1-F3 on bucket wq. Caller holds wq->lock. Returns 0 or the
 * broken invariant's number. Not static, so gdb can call it.
 */
int
futex_check(struct wait_queue_head *wq)
{
  struct futex_q *q;

  assert_held(&wq->lock);
  list_for_each_entry(q, &wq->head, wait.entry){
    if(q->wait.func != futex_wake_function || !(q->wait.flags & WQ_FLAG_EXCLUSIVE))
      return 1;
    if(q->wq != wq)
      return 2;
    if(futex_bucket(&q->key) != wq)
      return 3;
  }
  return 0;
}

static void
futex_checked(struct wait_queue_head *wq)
{
  INVARIANTS(futex_check, 'F', wq);
}

// ---- keys ----------------------------------------------------------------------

/*
 * The key of the word at uaddr of mm: -EINVAL if uaddr is not 4-aligned,
 * -EFAULT if it is no user address, else area_futex_key()'s answer, in
 * Linux's order.
 */
static int
futex_get_key(struct mm *mm, uint64 uaddr, int private, struct futex_key *k)
{
  int err;

  if(uaddr % sizeof(uint32))
    return -EINVAL;
  if(!access_ok(uaddr, sizeof(uint32)))
    return -EFAULT;
  acquire(&mm->lock);
  err = area_futex_key(mm, uaddr, private, k);
  release(&mm->lock);
  return err;
}

// ---- waking ------------------------------------------------------------------

/*
 * Takes q off its bucket and wakes its waiter. Caller holds the bucket's
 * lock. q->wq is cleared last: from then on the waiter may return and q
 * be gone, so nothing here touches q after it.
 */
static void
futex_wake_q(struct futex_q *q)
{
  assert_held(&q->wq->lock);
  list_del_init(&q->wait.entry);
  proc_wake(q->wait.private);
  __atomic_store_n(&q->wq, 0, __ATOMIC_RELEASE);
}

/*
 * Runs inside __wake_up_locked() with the bucket's lock held, perhaps
 * for another word that hashed to the same bucket: takes the wakeup only
 * if it is for this waiter's word and shares a bit with its bitset. Must
 * not sleep.
 */
int
futex_wake_function(struct wait_queue_entry *e, void *arg)
{
  struct futex_q *q = container_of(e, struct futex_q, wait);
  struct futex_wake_req *req = arg;

  if(!futex_key_eq(&q->key, &req->key) || !(q->bitset & req->bitset))
    return 0;
  futex_wake_q(q);
  req->nwoken++;
  return 1;
}

/*
 * Wakes at most nr waiters on key whose bitset meets bitset, oldest
 * first; an nr of 0 or less wakes one, as on Linux. The number woken.
 */
static int
futex_wake_key(struct futex_key *key, int nr, uint32 bitset)
{
  struct futex_wake_req req = { *key, bitset, 0 };
  struct wait_queue_head *wq = futex_bucket(key);

  acquire(&wq->lock);
  __wake_up_locked(wq, nr > 0 ? nr : 1, &req);
  futex_checked(wq);
  release(&wq->lock);
  return req.nwoken;
}

// FUTEX_WAKE, FUTEX_WAKE_BITSET.
static int
futex_wake(struct mm *mm, uint64 uaddr, int private, int nr, uint32 bitset)
{
  struct futex_key key;
  int err;

  if(bitset == 0)
    return -EINVAL;
  if((err = futex_get_key(mm, uaddr, private, &key)) < 0)
    return err;
  return futex_wake_key(&key, nr, bitset);
}

int
futex_wake_addr(struct mm *mm, uint64 uaddr)
{
  return futex_wake(mm, uaddr, 0, 1, FUTEX_BITSET_MATCH_ANY);
}

// ---- waiting -------------------------------------------------------------------

/*
 * Steps 1 and 2 of event/wait.c's rule in one stretch under the bucket's
 * lock (the timeline at the top): q onto its bucket, then the word read.
 * 0 with q queued; -EAGAIN if the word is not val, -EFAULT if it cannot
 * be read, with q not queued.
 */
static int
futex_wait_setup(struct mm *mm, struct futex_q *q, uint64 uaddr, uint32 val)
{
  struct wait_queue_head *wq = futex_bucket(&q->key);
  uint32 cur;
  int err = 0;

  acquire(&wq->lock);
  prepare_to_wait_locked(wq, &q->wait);
  q->wq = wq;
  if(copyin_u32(mm, &cur, uaddr) < 0)
    err = -EFAULT;
  else if(cur != val)
    err = -EAGAIN;
  if(err){
    finish_wait_locked(wq, &q->wait);
    q->wq = 0;
  }
  futex_checked(wq);
  release(&wq->lock);
  return err;
}

/*
 * After the sleep: takes q off its bucket, unless a waker already did.
 * 1 if q was still queued (no wakeup came for it), 0 if it was woken.
 * A requeue may move q to another bucket until its lock is held, so the
 * lock taken is checked to be q's bucket's still.
 */
static int
futex_unqueue(struct futex_q *q)
{
  struct wait_queue_head *wq;

  for(;;){
    wq = __atomic_load_n(&q->wq, __ATOMIC_ACQUIRE);
    if(wq == 0)
      return 0;
    acquire(&wq->lock);
    if(q->wq == wq)
      break;
    release(&wq->lock);
  }
  finish_wait_locked(wq, &q->wait);
  q->wq = 0;
  futex_checked(wq);
  release(&wq->lock);
  return 1;
}

static long futex_wait_restart(struct restart_block *rb);

/*
 * FUTEX_WAIT, FUTEX_WAIT_BITSET: sleeps while the word at uaddr holds
 * val, until a wakeup for it meets bitset, the deadline (a timer time;
 * 0: none) or a signal. 0 when woken, whatever else happened; -EAGAIN if
 * the word is not val; -ETIMEDOUT; -EINVAL for a bitset of 0, or
 * futex_get_key()'s errors. A wakeup from elsewhere looks at the word
 * again, as Linux's futex_wait() does. A signal gives -ERESTARTSYS
 * (restarted under SA_RESTART) without a deadline; with one, as in
 * Linux, -ERESTART_RESTARTBLOCK: -EINTR if a handler runs, else the
 * wait goes on to the same deadline.
 */
static int
futex_wait(struct mm *mm, uint64 uaddr, int private, uint32 val,
           uint64 deadline, uint32 bitset)
{
  struct restart_block *rb = &myproc()->restart;
  struct futex_q q;
  int err;

  if(bitset == 0)
    return -EINVAL;
  init_waitqueue_entry(&q.wait, myproc());
  q.wait.func = futex_wake_function;
  q.wait.flags = WQ_FLAG_EXCLUSIVE;
  q.bitset = bitset;
  for(;;){
    if((err = futex_get_key(mm, uaddr, private, &q.key)) < 0 ||
       (err = futex_wait_setup(mm, &q, uaddr, val)) < 0)
      return err;
    err = wait_woken(0, deadline);
    if(!futex_unqueue(&q))
      return 0;
    if(err == -ERESTARTSYS && deadline){
      rb->fn = futex_wait_restart;
      rb->arg[0] = uaddr;
      rb->arg[1] = private;
      rb->arg[2] = val;
      rb->arg[3] = deadline;
      rb->arg[4] = bitset;
      return -ERESTART_RESTARTBLOCK;
    }
    if(err < 0)
      return err;
  }
}

// restart_syscall() after a timed wait a signal without handler ended.
static long
futex_wait_restart(struct restart_block *rb)
{
  return futex_wait(myproc()->mm, rb->arg[0], rb->arg[1], rb->arg[2],
                    rb->arg[3], rb->arg[4]);
}

// ---- requeue -------------------------------------------------------------------

// Locks two buckets, the lower address first; a and b may be one.
static void
lock_buckets(struct wait_queue_head *a, struct wait_queue_head *b)
{
  if(a > b){
    struct wait_queue_head *t = a;
    a = b;
    b = t;
  }
  acquire(&a->lock);
  if(b != a)
    acquire(&b->lock);
}

static void
unlock_buckets(struct wait_queue_head *a, struct wait_queue_head *b)
{
  if(b != a)
    release(&b->lock);
  release(&a->lock);
}

// Makes q a waiter on key, on bucket to. Caller holds both buckets' locks.
static void
futex_requeue_q(struct futex_q *q, struct wait_queue_head *to,
                struct futex_key *key)
{
  assert_held(&q->wq->lock);
  assert_held(&to->lock);
  if(q->wq != to){
    list_del_init(&q->wait.entry);
    list_add_tail(&q->wait.entry, &to->head);
    __atomic_store_n(&q->wq, to, __ATOMIC_RELEASE);
  }
  q->key = *key;
}

/*
 * FUTEX_REQUEUE, FUTEX_CMP_REQUEUE (cmpval not 0): wakes up to nr_wake
 * waiters on uaddr1, whatever their bitsets, and moves up to nr_requeue
 * more to uaddr2, oldest first. FUTEX_CMP_REQUEUE first checks, under
 * both buckets' locks, that the word at uaddr1 holds *cmpval. Returns
 * the number woken and moved; -EINVAL for a negative count, -EAGAIN if
 * the word differs, or the keys' errors.
 */
static int
futex_requeue(struct mm *mm, uint64 uaddr1, int private, uint64 uaddr2,
              int nr_wake, int nr_requeue, uint32 *cmpval)
{
  struct futex_key key1, key2;
  struct wait_queue_head *wq1, *wq2;
  struct futex_q *q, *next;
  uint32 cur;
  int count = 0, err = 0;

  if(nr_wake < 0 || nr_requeue < 0)
    return -EINVAL;
  if((err = futex_get_key(mm, uaddr1, private, &key1)) < 0 ||
     (err = futex_get_key(mm, uaddr2, private, &key2)) < 0)
    return err;
  wq1 = futex_bucket(&key1);
  wq2 = futex_bucket(&key2);
  lock_buckets(wq1, wq2);
  if(cmpval && copyin_u32(mm, &cur, uaddr1) < 0)
    err = -EFAULT;
  else if(cmpval && cur != *cmpval)
    err = -EAGAIN;
  else {
    list_for_each_entry_safe(q, next, &wq1->head, wait.entry){
      if(count - nr_wake >= nr_requeue)
        break;
      if(!futex_key_eq(&q->key, &key1))
        continue;
      if(++count <= nr_wake)
        futex_wake_q(q);
      else
        futex_requeue_q(q, wq2, &key2);
    }
  }
  futex_checked(wq1);
  futex_checked(wq2);
  unlock_buckets(wq1, wq2);
  return err ? err : count;
}

// ---- the system call -------------------------------------------------------

// The commands Linux reads a timeout for, whether nudge has them or not.
static int
futex_cmd_has_timeout(int cmd)
{
  return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
         cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
         cmd == FUTEX_WAIT_REQUEUE_PI;
}

/*
 * The deadline of the timeout at user address uts: for FUTEX_WAIT a
 * length, for the others a time on CLOCK_MONOTONIC, or CLOCK_REALTIME
 * with FUTEX_CLOCK_REALTIME. Never early: both round up. 0, -EFAULT,
 * or -EINVAL for a negative second or nanoseconds outside [0, 10^9).
 */
static int
futex_deadline(int op, uint64 uts, uint64 *deadline)
{
  struct timespec ts;
  int err;

  if((err = read_timespec(uts, &ts)) < 0)
    return err;
  if((op & FUTEX_CMD_MASK) == FUTEX_WAIT)
    *deadline = timer_deadline_after(ts.tv_sec, ts.tv_nsec);
  else
    *deadline = clock_deadline(op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME
                                                          : CLOCK_MONOTONIC, &ts, 0, 0);
  return 0;
}

/*
 * futex(uaddr, op, val, timeout, uaddr2, val3), with Linux's checks in
 * Linux's order: the timeout first (for the commands that have one),
 * then FUTEX_CLOCK_REALTIME, which only FUTEX_WAIT_BITSET takes
 * (-ENOSYS), then the command's own. FUTEX_REQUEUE and FUTEX_CMP_REQUEUE
 * take their requeue count in timeout's place, as its low 32 bits.
 */
long
sys_futex(void)
{
  uint64 uaddr = argaddr(0), utime = argaddr(3), uaddr2 = argaddr(4);
  int op = argint(1), cmd = op & FUTEX_CMD_MASK;
  int private = (op & FUTEX_PRIVATE_FLAG) != 0;
  uint32 val = argint(2), val3 = argint(5);
  struct mm *mm = myproc()->mm;
  uint64 deadline = 0;
  int err;

  if(utime && futex_cmd_has_timeout(cmd) &&
     (err = futex_deadline(op, utime, &deadline)) < 0)
    return err;
  if((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
    return -ENOSYS;
  switch(cmd){
  case FUTEX_WAIT:
    return futex_wait(mm, uaddr, private, val, deadline, FUTEX_BITSET_MATCH_ANY);
  case FUTEX_WAIT_BITSET:
    return futex_wait(mm, uaddr, private, val, deadline, val3);
  case FUTEX_WAKE:
    return futex_wake(mm, uaddr, private, val, FUTEX_BITSET_MATCH_ANY);
  case FUTEX_WAKE_BITSET:
    return futex_wake(mm, uaddr, private, val, val3);
  case FUTEX_REQUEUE:
    return futex_requeue(mm, uaddr, private, uaddr2, val, (uint32)utime, 0);
  case FUTEX_CMP_REQUEUE:
    return futex_requeue(mm, uaddr, private, uaddr2, val, (uint32)utime, &val3);
  }
  return -ENOSYS;
}
