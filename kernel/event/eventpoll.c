/*
 * epoll: one kernel object that watches many files and reports which are
 * ready, the way Linux's fs/eventpoll.c does it.
 *
 * An epoll instance (struct eventpoll) keeps every watched (file, fd) as
 * a struct epitem in a red-black tree, and a ready list of the epitems
 * whose files have signalled. epoll_ctl(ADD) calls the file's poll hook
 * with a poll_table whose qproc puts an entry on each of the file's wait
 * queues; that entry's callback, ep_poll_callback(), runs inside the
 * file's wake_up() and moves the epitem onto the ready list. epoll_wait()
 * sleeps until the ready list is not empty, then harvests it: it asks each
 * ready file's poll hook again and reports what is still true.
 *
 *   write(pipe) -> wake_up_poll(&pipe->rd_wait, POLLIN)
 *     -> ep_poll_callback(entry, POLLIN)     epitem onto ep->rdllist,
 *        -> wake_up(&ep->wq)                 an epoll_wait caller wakes,
 *        -> wake_up_poll(&ep->poll_wait)     and an outer epoll or poll.
 *   epoll_wait -> ep_poll -> ep_send_events  re-poll, copy out, requeue LT
 *
 * Interface: sys_epoll_create1, sys_epoll_ctl, sys_epoll_pwait (the
 * system calls), eventpoll_release (a watched file's last close).
 *
 * Invariants of struct eventpoll (ep_check() tests them; its result and
 * the panics cite the numbers):
 *   E1  rbr holds each watched (file, fd) once, in key order: nitems
 *       epitems.
 *   E2  an epitem is on rdllist at most once, exactly when its rdllink
 *       is not empty; every epitem on rdllist or ovflist is in rbr.
 *   E3  ovflist is EP_UNACTIVE unless a scan (ep_start_scan() to
 *       ep_done_scan(), under mtx) runs; an epitem's next is EP_UNACTIVE
 *       exactly when it is not on ovflist.
 *   E4  an epitem is freed only after its wait entries are all removed,
 *       so no ep_poll_callback() can still be running for it.
 *   E5  an epitem is on its watched file's f_ep list for its whole life.
 *
 * Locking, in the direction a wakeup travels:
 *   0. epmutex    sleeplock, global: the epoll graph. Held to change any
 *                 file's f_ep list (ADD, DEL, final close of a watched
 *                 file, freeing an epoll) and for the loop check and the
 *                 path count, so every rbr and f_ep is stable while it
 *                 is held.
 *   1. ep->mtx    sleeplock: epoll_ctl, the harvest in epoll_wait, polling
 *                 the epoll file. May sleep; never taken by a callback.
 *                 Nested epolls: the outer mtx first (no cycles: ELOOP).
 *   2. a watched file's wait-queue lock: the waker holds it while
 *                 ep_poll_callback() runs.
 *   3. ep->lock   spinlock for the [l] fields; taken in the callback,
 *                 maybe in an interrupt, so never held across a sleep.
 *   4. ep->wq.lock  epoll_wait() callers, woken with ep->lock held.
 *   ep->poll_wait is woken only after ep->lock is dropped: its waiters
 *   may be an outer epoll's callback, which takes the outer ep->lock.
 */

#include "types.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "dev/console.h"
#include "lib/invariant.h"
#include "lib/list.h"
#include "lib/rbtree.h"
#include "event/wait.h"
#include "event/poll.h"
#include "event/eventpoll.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/eventpoll.h"
#include "nudge/stat.h"

// Bits of epitem.event.events that are modes, not events: never reported.
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

// The only bits EPOLLEXCLUSIVE may be combined with.
#define EPOLLEXCLUSIVE_OK_BITS \
  (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

// Longest chain of epoll-in-epoll edges (Linux's EP_MAX_NESTS).
#define EP_MAX_NESTS 4

// The most wakeup paths of each length, from one file up to the epolls
// no epoll watches (Linux's path_limits): index 0, a file watched
// directly by such an epoll, is not limited.
static const int path_limits[EP_MAX_NESTS + 1] = { 1000, 500, 100, 50, 10 };

// epoll_wait's largest maxevents, as Linux computes it.
#define EP_MAX_EVENTS (0x7fffffff / sizeof(struct epoll_event))


// ovflist when no scan is running; an epitem's next when not on ovflist.
#define EP_UNACTIVE ((struct epitem *)-1L)

struct eventpoll;

// One wait-queue entry that an epitem put on a watched file's queue.
struct eppoll_entry {
  struct eppoll_entry *next;      // the epitem's other entries
  struct epitem *base;            // [I] the epitem
  struct wait_queue_entry wait;   // on *whead; its callback: ep_poll_callback
  struct wait_queue_head *whead;  // [I] the queue it is on
};

/*
 * One watched (file, fd) of one epoll instance. Tags: [m] ep->mtx,
 * [l] ep->lock, [e] epmutex, [I] set in ep_insert(), then constant.
 */
struct epitem {
  struct rb_node rbn;             // [m] in ep->rbr, keyed by (file, fd)
  struct list_head rdllink;       // [l] on ep->rdllist, or empty
  struct epitem *next;            // [l] on ep->ovflist, or EP_UNACTIVE
  struct file *file;              // [I] the watched file (no reference:
  int fd;                         // [I]   the item dies with the file)
  struct eventpoll *ep;           // [I] the instance it belongs to
  struct eppoll_entry *pwqlist;   // [m] its wait-queue entries
  int nwait;                      // [m] how many; -1: one failed
  struct list_head fllink;        // [e] on file->f_ep
  struct epoll_event event;       // [m] written, [l] read by the callback
};

// See the top of the file for the invariants and the lock order.
struct eventpoll {
  struct sleeplock mtx;
  struct spinlock lock;
  struct rb_root rbr;                 // [m] every epitem, by (file, fd)
  int nitems;                         // [m] how many (E1)
  int unchecked;                      // [m] changes since ep_check() ran
  struct list_head rdllist;           // [l] epitems with events pending
  struct epitem *ovflist;             // [l] readied during a scan
  struct wait_queue_head wq;          // callers blocked in epoll_wait()
  struct wait_queue_head poll_wait;   // poll/select/epoll watching us
  struct file *file;                  // [I] the epoll file itself
  uint visited;                       // [e] seen in walk down number loop_gen
  int depth;                          // [e] loop check: result of that walk
  uint up_visited;                    // [e] seen in walk up number loop_gen
  int up_depth;                       // [e] loop check: result of that walk
};

static struct sleeplock epmutex;
static uint64 nwatches;               // [e] epitems in the system
static uint64 max_watches;            // set at boot: ENOSPC beyond it
static uint loop_gen;                 // [e] names one walk of the graph

static const struct file_operations eventpoll_fops;

static int
is_file_epoll(struct file *f)
{
  return f->f_op == &eventpoll_fops;
}

// What one watch costs: its epitem and its one wait entry (Linux's
// EP_ITEM_COST).
#define EP_ITEM_COST (sizeof(struct epitem) + sizeof(struct eppoll_entry))

/*
 * The watch limit, as Linux sets max_user_watches: 4 % of memory, in
 * watches. Linux's is per user; nudge has one user, so it is the
 * system's (docs/linux-differences.md).
 */
void
eventpoll_init(void)
{
  initsleeplock(&epmutex, "epmutex");
  max_watches = total_pages() / 25 * PGSIZE / EP_ITEM_COST;
}

// ---- the tree: epitems by (file pointer, fd) --------------------------------

struct epoll_key {
  struct file *file;
  int fd;
};

static int
ep_cmp_key(const void *k, const struct rb_node *n)
{
  const struct epoll_key *key = k;
  const struct epitem *epi = rb_entry(n, struct epitem, rbn);

  if(key->file != epi->file)
    return key->file < epi->file ? -1 : 1;
  return key->fd < epi->fd ? -1 : key->fd > epi->fd;
}

static int
ep_cmp(const struct rb_node *a, const struct rb_node *b)
{
  const struct epitem *epi = rb_entry(a, struct epitem, rbn);
  struct epoll_key key = { epi->file, epi->fd };
  return ep_cmp_key(&key, b);
}

// Caller holds ep->mtx.
static struct epitem *
ep_find(struct eventpoll *ep, struct file *file, int fd)
{
  struct epoll_key key = { file, fd };
  struct rb_node *n;

  assert_held_sleep(&ep->mtx);
  n = rb_find(&ep->rbr, &key, ep_cmp_key);
  return n ? rb_entry(n, struct epitem, rbn) : 0;
}

// ---- self-check ----------------------------------------------------------------

/*
 * Tests E1-E3 and E5 (E4 is an ordering, kept by ep_remove()). Caller
 * holds ep->mtx, outside a scan. Returns 0 or the broken invariant's
 * number.
 */
int
ep_check(struct eventpoll *ep)
{
  int n = 0, bad = 0;
  struct rb_node *rn;
  struct epitem *epi;

  assert_held_sleep(&ep->mtx);
  if(rb_check(&ep->rbr, ep_cmp) != 0)
    return 1;
  for(rn = rb_first(&ep->rbr); rn; rn = rb_next(rn)){
    epi = rb_entry(rn, struct epitem, rbn);
    n++;
    if(epi->ep != ep || list_empty(&epi->fllink))
      return 5;
  }
  if(n != ep->nitems)
    return 1;
  acquire(&ep->lock);
  int onlist = 0;
  struct list_head *l;
  for(l = ep->rdllist.next; l != &ep->rdllist && !bad; l = l->next){
    epi = list_entry(l, struct epitem, rdllink);
    if(l->next->prev != l || ++onlist > n || ep_find(ep, epi->file, epi->fd) != epi)
      bad = 2;
  }
  if(!bad && ep->ovflist != EP_UNACTIVE)
    bad = 3;
  for(rn = rb_first(&ep->rbr); rn && !bad; rn = rb_next(rn))
    if(rb_entry(rn, struct epitem, rbn)->next != EP_UNACTIVE)
      bad = 3;
  release(&ep->lock);
  return bad;
}

// How many items one check's walk is worth: see ep_checked().
#define EP_CHECK_SPAN 256

/*
 * ep_check() after a change, but on an instance of more than
 * EP_CHECK_SPAN items only after one change in every
 * nitems / EP_CHECK_SPAN: the check walks every item, and this way
 * filling an instance with 65,536 items costs a linear number of steps,
 * not a quadratic one, while each is still checked again and again.
 * Caller holds ep->mtx.
 */
int
ep_check_sampled(struct eventpoll *ep)
{
  assert_held_sleep(&ep->mtx);
  if(++ep->unchecked * EP_CHECK_SPAN < ep->nitems)
    return 0;
  ep->unchecked = 0;
  return ep_check(ep);
}

// In a checking build (make test builds one), check after every change.
static void
ep_checked(struct eventpoll *ep)
{
  INVARIANTS(ep_check_sampled, 'E', ep);
}

// ---- the wakeup path -------------------------------------------------------------

// Does anything wait to be reported? Caller holds ep->lock. An active
// ovflist counts: a scan in progress may leave events behind.
static int
ep_events_available(struct eventpoll *ep)
{
  assert_held(&ep->lock);

  return !list_empty(&ep->rdllist) || ep->ovflist != EP_UNACTIVE;
}

// Wakes whoever polls this epoll file: an outer epoll's callback, or a
// poll()/select() caller. Called without ep->lock (see the lock order).
static void
ep_poll_safewake(struct eventpoll *ep)
{
  wake_up_poll(&ep->poll_wait, EPOLLIN);
}

/*
 * Runs inside wake_up() on a watched file's queue, with that queue's lock
 * held, perhaps from an interrupt: must not sleep or take ep->mtx.
 * key is the wakeup's event mask, 0 for "anything may have changed".
 *
 * Puts the epitem on the ready list (once), or on ovflist while a scan
 * runs, then wakes one epoll_wait() caller, and then anyone polling the
 * epoll file. Returns 1 when an EPOLLEXCLUSIVE item took the wakeup for
 * a sleeping waiter, so wake_up() stops there.
 */
int
ep_poll_callback(struct wait_queue_entry *wait, void *key)
{
  struct eppoll_entry *pwq = container_of(wait, struct eppoll_entry, wait);
  struct epitem *epi = pwq->base;
  struct eventpoll *ep = epi->ep;
  uint mask = key_to_poll(key);
  int ewake = 0, pwake = 0;

  acquire(&ep->lock);

  // A fired ONESHOT item keeps only mode bits: it is disabled.
  if(!(epi->event.events & ~EP_PRIVATE_BITS))
    goto out_unlock;

  // Not an event this item asked for.
  if(mask && !(mask & epi->event.events))
    goto out_unlock;

  if(ep->ovflist != EP_UNACTIVE){
    // A scan owns rdllist: chain on ovflist; ep_done_scan() moves it.
    if(epi->next == EP_UNACTIVE){
      epi->next = ep->ovflist;
      ep->ovflist = epi;
    }
  } else if(list_empty(&epi->rdllink)){
    list_add_tail(&epi->rdllink, &ep->rdllist);
  }

  if(waitqueue_active(&ep->wq)){
    // An exclusive item takes the wakeup only if it is one it wants.
    if(epi->event.events & EPOLLEXCLUSIVE){
      uint inout = mask & (EPOLLIN | EPOLLOUT);
      if(inout == 0 || (inout == EPOLLIN && (epi->event.events & EPOLLIN)) ||
         (inout == EPOLLOUT && (epi->event.events & EPOLLOUT)))
        ewake = 1;
    }
    wake_up(&ep->wq);
  }
  if(waitqueue_active(&ep->poll_wait))
    pwake = 1;

out_unlock:
  release(&ep->lock);

  // Wake poll_wait after unlocking: an outer epoll's callback locks too.
  if(pwake)
    ep_poll_safewake(ep);

  if(!(epi->event.events & EPOLLEXCLUSIVE))
    ewake = 1;
  return ewake;
}

// A poll_table that knows its epitem, for ep_ptable_queue_proc().
struct ep_pqueue {
  struct poll_table pt;
  struct epitem *epi;
};

/*
 * The poll_table qproc of ep_insert(): the file's poll hook calls it, via
 * poll_wait(), once for each wait queue it may wake. Adds an entry whose
 * callback is ep_poll_callback. Caller holds ep->mtx.
 */
static void
ep_ptable_queue_proc(struct file *f, struct wait_queue_head *whead, struct poll_table *pt)
{
  struct epitem *epi = container_of(pt, struct ep_pqueue, pt)->epi;
  struct eppoll_entry *pwq;

  assert_held_sleep(&epi->ep->mtx);
  if(epi->nwait < 0)
    return;
  if((pwq = kmalloc(sizeof(*pwq))) == 0){
    epi->nwait = -1;
    return;
  }
  init_waitqueue_func_entry(&pwq->wait, ep_poll_callback);
  pwq->whead = whead;
  pwq->base = epi;
  if(epi->event.events & EPOLLEXCLUSIVE)
    add_wait_queue_exclusive(whead, &pwq->wait);
  else
    add_wait_queue(whead, &pwq->wait);
  pwq->next = epi->pwqlist;
  epi->pwqlist = pwq;
  epi->nwait++;
}

// ---- asking a file what is ready ------------------------------------------------

// The events of epi's file that epi asked for. pt, if its qproc is set,
// registers wait entries (ep_insert); otherwise this only asks. An epoll
// file's hook takes its own mtx: nested epolls are asked top-down.
static uint
ep_item_poll(struct epitem *epi, struct poll_table *pt)
{
  if(pt)
    pt->key = epi->event.events;
  return vfs_poll(epi->file, pt) & epi->event.events;
}

// Starts a scan: takes the whole ready list into txlist; from now on
// callbacks chain on ovflist (E3). Caller holds ep->mtx.
static void
ep_start_scan(struct eventpoll *ep, struct list_head *txlist)
{
  assert_held_sleep(&ep->mtx);

  acquire(&ep->lock);
  list_splice_init(&ep->rdllist, txlist);
  ep->ovflist = 0;
  release(&ep->lock);
}

/*
 * Ends a scan. The next harvest sees, in order: what this scan did not
 * get to (txlist), then what became ready during it (ovflist, oldest
 * first), then the LT items it re-queued (already on rdllist). Wakes one
 * more epoll_wait() caller if anything is left. Caller holds ep->mtx.
 */
static void
ep_done_scan(struct eventpoll *ep, struct list_head *txlist)
{
  struct epitem *epi, *nepi;

  assert_held_sleep(&ep->mtx);
  acquire(&ep->lock);
  // ovflist is newest first; adding each at the head restores the order.
  for(epi = ep->ovflist; epi; epi = nepi){
    nepi = epi->next;
    epi->next = EP_UNACTIVE;
    if(list_empty(&epi->rdllink))
      list_add(&epi->rdllink, &ep->rdllist);
  }
  ep->ovflist = EP_UNACTIVE;
  list_splice_init(txlist, &ep->rdllist);
  if(!list_empty(&ep->rdllist) && waitqueue_active(&ep->wq))
    wake_up(&ep->wq);
  release(&ep->lock);
}

/*
 * The epoll file's poll hook, for poll(), select() and an outer epoll:
 * EPOLLIN|EPOLLRDNORM if some queued item is still ready, else 0. Queued items found not ready are dropped from the
 * ready list, as Linux does. Takes ep->mtx: nested epolls lock top-down.
 */
static uint
ep_eventpoll_poll(struct file *f, struct poll_table *pt)
{
  struct eventpoll *ep = f->private_data;
  struct list_head txlist;
  struct epitem *epi, *tmp;
  uint res = 0;

  poll_wait(f, &ep->poll_wait, pt);
  INIT_LIST_HEAD(&txlist);
  acquiresleep(&ep->mtx);
  ep_start_scan(ep, &txlist);
  list_for_each_entry_safe(epi, tmp, &txlist, rdllink){
    if(ep_item_poll(epi, 0)){
      res = EPOLLIN | EPOLLRDNORM;
      break;
    }
    list_del_init(&epi->rdllink);
  }
  ep_done_scan(ep, &txlist);
  releasesleep(&ep->mtx);
  return res;
}

// ---- harvesting: epoll_wait ------------------------------------------------------

/*
 * Copies up to maxevents ready events to the user array at uevents.
 * Each queued item's file is asked again: an item no longer ready is
 * dropped (LT too), ONESHOT items are disabled, LT items go back at the
 * tail. Returns the count, or -EFAULT if the first copy-out failed; an
 * item whose copy-out failed stays queued.
 *
 * A killed caller harvests nothing (-EINTR), as Linux's checks for a
 * fatal signal first: it would die before its events reached user mode,
 * and the ET events and ONESHOT items it took would be lost to every
 * other process sharing the instance.
 */
static int
ep_send_events(struct eventpoll *ep, uint64 uevents, int maxevents)
{
  struct list_head txlist;
  struct epitem *epi, *tmp;
  struct epoll_event ev;
  int res = 0;

  if(killed(myproc()))
    return -EINTR;
  INIT_LIST_HEAD(&txlist);
  acquiresleep(&ep->mtx);
  ep_start_scan(ep, &txlist);
  list_for_each_entry_safe(epi, tmp, &txlist, rdllink){
    if(res >= maxevents)
      break;
    list_del_init(&epi->rdllink);
    ev.events = ep_item_poll(epi, 0);
    if(ev.events == 0)
      continue;
    ev.data = epi->event.data;
    if(copyout(myproc()->mm, uevents + res * sizeof(ev), &ev, sizeof(ev)) < 0){
      list_add(&epi->rdllink, &txlist);
      if(res == 0)
        res = -EFAULT;
      break;
    }
    res++;
    acquire(&ep->lock);
    if(epi->event.events & EPOLLONESHOT)
      epi->event.events &= EP_PRIVATE_BITS;     // disabled until MOD
    else if(!(epi->event.events & EPOLLET))
      list_add_tail(&epi->rdllink, &ep->rdllist);
    release(&ep->lock);
  }
  ep_done_scan(ep, &txlist);
  ep_checked(ep);
  releasesleep(&ep->mtx);
  return res;
}

/*
 * epoll_wait's loop: harvest if anything may be ready; otherwise sleep,
 * exclusively, on ep->wq until a callback wakes us, the deadline passes
 * or a signal comes (-EINTR). A wakeup that harvests nothing sleeps again: only
 * the deadline returns 0. deadline 0 means no limit; timeout 0 never
 * sleeps.
 */
static int
ep_poll(struct eventpoll *ep, uint64 uevents, int maxevents, int timeout_ms)
{
  struct wait_queue_entry wait;
  uint64 deadline = timeout_ms > 0 ? timer_deadline_ms(timeout_ms) : 0;
  int timed_out = timeout_ms == 0;
  int avail, res;

  acquire(&ep->lock);
  avail = ep_events_available(ep);
  release(&ep->lock);

  for(;;){
    if(avail && (res = ep_send_events(ep, uevents, maxevents)) != 0)
      return res;
    if(timed_out)
      return 0;
    // A signal ends the wait (never restarted, as in Linux), but only
    // after the events: a caller with both gets the events.
    if(signal_pending(myproc()))
      return -EINTR;

    // The wait-queue rule (event/wait.c): on the queue, then look.
    init_waitqueue_entry(&wait, myproc());
    wait.func = autoremove_wake_function;
    prepare_to_wait_exclusive(&ep->wq, &wait);
    acquire(&ep->lock);
    avail = ep_events_available(ep);
    release(&ep->lock);
    if(!avail){
      res = wait_woken(0, deadline);
      if(res == -ETIMEDOUT)
        timed_out = 1;
      avail = 1;      // woken or not, look again
    }
    finish_wait(&ep->wq, &wait);
  }
}

// ---- the interest list: ADD, MOD, DEL ---------------------------------------------

/*
 * Unhooks epi from its file's wait queues, then frees it (E4: once
 * remove_wait_queue() returns, no callback runs for it). Caller holds
 * epmutex and ep->mtx, outside a scan.
 */
static void
ep_remove(struct eventpoll *ep, struct epitem *epi)
{
  struct eppoll_entry *pwq;

  assert_held_sleep(&epmutex);
  assert_held_sleep(&ep->mtx);
  while((pwq = epi->pwqlist) != 0){
    epi->pwqlist = pwq->next;
    remove_wait_queue(pwq->whead, &pwq->wait);
    kfree(pwq);
  }
  list_del_init(&epi->fllink);
  rb_erase(&ep->rbr, &epi->rbn);
  ep->nitems--;
  acquire(&ep->lock);
  if(!list_empty(&epi->rdllink))
    list_del_init(&epi->rdllink);
  release(&ep->lock);
  kfree(epi);
  nwatches--;
}

/*
 * epi's file was found ready by ADD or MOD: queue epi unless it is
 * queued already, and wake an epoll_wait() caller and, after dropping
 * ep->lock, whoever polls the epoll file. Caller holds ep->mtx.
 */
static void
ep_queue_ready(struct eventpoll *ep, struct epitem *epi)
{
  int pwake = 0;

  assert_held_sleep(&ep->mtx);
  acquire(&ep->lock);
  if(list_empty(&epi->rdllink)){
    list_add_tail(&epi->rdllink, &ep->rdllist);
    if(waitqueue_active(&ep->wq))
      wake_up(&ep->wq);
    if(waitqueue_active(&ep->poll_wait))
      pwake = 1;
  }
  release(&ep->lock);
  if(pwake)
    ep_poll_safewake(ep);
}

static int ep_reverse_path_check(struct epitem *epi);

/*
 * ADD: a new epitem for (file, fd); with full_check, first makes sure
 * the new wakeup paths stay within Linux's limits (EINVAL). Then asks
 * the file's poll hook, which hooks ep_poll_callback onto its wait
 * queues, and queues the item at once if the file is already ready.
 * Caller holds epmutex and ep->mtx.
 */
static int
ep_insert(struct eventpoll *ep, struct epoll_event *event, struct file *file,
          int fd, int full_check)
{
  struct epitem *epi;
  struct ep_pqueue epq;
  uint revents;
  int err;

  assert_held_sleep(&epmutex);
  assert_held_sleep(&ep->mtx);
  if(nwatches >= max_watches)
    return -ENOSPC;
  if((epi = kzalloc(sizeof(*epi))) == 0)
    return -ENOMEM;
  INIT_LIST_HEAD(&epi->rdllink);
  INIT_LIST_HEAD(&epi->fllink);
  epi->next = EP_UNACTIVE;
  epi->file = file;
  epi->fd = fd;
  epi->ep = ep;
  epi->event = *event;

  // From here on the item is reachable: ep_remove() undoes all of it.
  nwatches++;
  list_add_tail(&epi->fllink, &file->f_ep);
  rb_insert(&ep->rbr, &epi->rbn, ep_cmp);
  ep->nitems++;

  // Counted with the new item in place, before it is hooked anywhere.
  if(full_check && (err = ep_reverse_path_check(epi)) < 0){
    ep_remove(ep, epi);
    return err;
  }

  epq.epi = epi;
  epq.pt.qproc = ep_ptable_queue_proc;
  revents = ep_item_poll(epi, &epq.pt);
  if(epi->nwait < 0){
    ep_remove(ep, epi);
    return -ENOMEM;
  }

  if(revents)
    ep_queue_ready(ep, epi);
  return 0;
}

/*
 * MOD: new events and data for epi; asks the file again (its wait
 * entries stay) and queues the item if it is ready now, which re-arms a
 * disabled ONESHOT or an ET item. Caller holds ep->mtx.
 */
static int
ep_modify(struct eventpoll *ep, struct epitem *epi, struct epoll_event *event)
{
  assert_held_sleep(&ep->mtx);

  acquire(&ep->lock);
  epi->event = *event;
  release(&ep->lock);

  if(ep_item_poll(epi, 0))
    ep_queue_ready(ep, epi);
  return 0;
}

// ---- loops and depth ------------------------------------------------------------

/*
 * The longest chain of epoll-in-epoll edges below ep, or -1 if target is
 * reachable from ep (so adding ep into target would close a cycle).
 * Caller holds epmutex, which keeps every rbr still. Recursion is bounded:
 * the graph already obeys EP_MAX_NESTS.
 */
static int
ep_depth_below(struct eventpoll *ep, struct eventpoll *target)
{
  struct rb_node *n;

  assert_held_sleep(&epmutex);
  if(ep == target)
    return -1;
  if(ep->visited == loop_gen)
    return ep->depth;
  ep->visited = loop_gen;
  ep->depth = 0;
  for(n = rb_first(&ep->rbr); n; n = rb_next(n)){
    struct epitem *epi = rb_entry(n, struct epitem, rbn);
    if(!is_file_epoll(epi->file))
      continue;
    int d = ep_depth_below(epi->file->private_data, target);
    if(d < 0)
      return ep->depth = -1;
    if(d + 1 > ep->depth)
      ep->depth = d + 1;
  }
  return ep->depth;
}

/*
 * The longest chain of epolls that contain ep. Caller holds epmutex.
 * Each epoll's answer is remembered for this walk (loop_gen), as in
 * ep_depth_below(), so the walk is linear in the graph's size: without
 * that, fully connected levels of n epolls cost n^levels steps (Linux
 * 6.17 remembers them the same way).
 */
static int
ep_depth_above(struct eventpoll *ep)
{
  struct epitem *epi;

  assert_held_sleep(&epmutex);
  if(ep->up_visited == loop_gen)
    return ep->up_depth;
  ep->up_visited = loop_gen;
  ep->up_depth = 0;
  list_for_each_entry(epi, &ep->file->f_ep, fllink){
    int d = ep_depth_above(epi->ep) + 1;
    if(d > ep->up_depth)
      ep->up_depth = d;
  }
  return ep->up_depth;
}

/*
 * May epoll `to` be added into `ep`? Not if ep is reachable from to (a
 * cycle), nor if the longest chain through the new edge would exceed
 * EP_MAX_NESTS edges. Caller holds epmutex.
 */
static int
ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
  assert_held_sleep(&epmutex);
  loop_gen++;
  int below = ep_depth_below(to, ep);
  if(below < 0 || below + 1 + ep_depth_above(ep) > EP_MAX_NESTS)
    return -ELOOP;
  return 0;
}

// ---- wakeup paths -----------------------------------------------------------------

/*
 * One signal of a file runs ep_poll_callback once for every path from
 * the file up through the epolls that watch it, directly or nested: an
 * eventfd in 8 epolls, each in 8 more, and so on for 4 levels, costs
 * 8 + 64 + 512 + 4096 callbacks per write, all inside the writer's
 * wake_up() (perhaps a timer interrupt's). Linux bounds that work at
 * ADD time (reverse_path_check): counting the paths from each file whose
 * paths the ADD can lengthen, up to the epolls no epoll watches, there
 * may be at most path_limits[n] of n + 1 edges. An ADD past that fails
 * with EINVAL.
 */

// Counts the paths up from the epitems on refs (a file's f_ep), which
// are depth edges above the file; -1 once a limit is passed.
static int
ep_count_paths_up(struct list_head *refs, int depth, int *count)
{
  struct epitem *epi;

  if(depth > EP_MAX_NESTS)
    return -1;
  list_for_each_entry(epi, refs, fllink){
    struct list_head *up = &epi->ep->file->f_ep;
    if(list_empty(up)){
      if(depth > 0 && ++count[depth] > path_limits[depth])
        return -1;
    } else if(ep_count_paths_up(up, depth + 1, count) < 0){
      return -1;
    }
  }
  return 0;
}

// Are the paths up from f within the limits? Counted once per walk.
static int
ep_file_paths_ok(struct file *f)
{
  int count[EP_MAX_NESTS + 1] = { 0 };

  if(f->f_ep_gen == loop_gen)
    return 1;
  f->f_ep_gen = loop_gen;
  return ep_count_paths_up(&f->f_ep, 0, count) == 0;
}

// Are the paths up from every file below ep within the limits?
static int
ep_paths_ok_below(struct eventpoll *ep)
{
  struct rb_node *n;

  if(ep->visited == loop_gen)
    return 1;
  ep->visited = loop_gen;
  for(n = rb_first(&ep->rbr); n; n = rb_next(n)){
    struct file *f = rb_entry(n, struct epitem, rbn)->file;
    if(!(is_file_epoll(f) ? ep_paths_ok_below(f->private_data) : ep_file_paths_ok(f)))
      return 0;
  }
  return 1;
}

/*
 * The new item epi may lengthen the paths of its own file or, if that is
 * an epoll, of every file below it: 0 if all stay within the limits,
 * else -EINVAL. Caller holds epmutex, which keeps the graph still.
 */
static int
ep_reverse_path_check(struct epitem *epi)
{
  struct file *f = epi->file;
  int ok;

  assert_held_sleep(&epmutex);
  loop_gen++;
  ok = is_file_epoll(f) ? ep_paths_ok_below(f->private_data) : ep_file_paths_ok(f);
  return ok ? 0 : -EINVAL;
}

// ---- the file -------------------------------------------------------------------

// Frees ep when its file's last reference goes. Watchers of the epoll
// file itself were removed before this (eventpoll_release), and pollers
// have gone with them; every item is unhooked from its file.
static void
ep_eventpoll_release(struct file *f)
{
  struct eventpoll *ep = f->private_data;
  struct rb_node *n;

  acquiresleep(&epmutex);
  acquiresleep(&ep->mtx);
  while((n = rb_first(&ep->rbr)) != 0)
    ep_remove(ep, rb_entry(n, struct epitem, rbn));
  releasesleep(&ep->mtx);
  releasesleep(&epmutex);
  kfree(ep);
}

void
eventpoll_release(struct file *f)
{
  struct epitem *epi;

  // Nobody else can reach f now: only a concurrent ep_remove() of one of
  // its items could change f_ep, and that holds epmutex, as we will.
  if(list_empty(&f->f_ep))
    return;
  acquiresleep(&epmutex);
  while(!list_empty(&f->f_ep)){
    epi = list_first_entry(&f->f_ep, struct epitem, fllink);
    struct eventpoll *ep = epi->ep;
    acquiresleep(&ep->mtx);
    ep_remove(ep, epi);
    ep_checked(ep);
    releasesleep(&ep->mtx);
  }
  releasesleep(&epmutex);
}

/*
 * /proc/<pid>/fdinfo/<fd>'s lines for an epoll, as Linux's ep_show_fdinfo:
 * one per watched item, in rbr's order, with the mask as epoll_ctl left
 * it (EPOLLERR | EPOLLHUP added), the data, and the watched file's
 * position, inode number and device. mtx keeps every item, and so its
 * file, in place meanwhile (a watched file's last close takes it).
 */
static void
ep_show_fdinfo(struct seq_file *m, struct file *f)
{
  struct eventpoll *ep = f->private_data;
  struct epitem *epi;
  struct rb_node *n;
  struct stat st;

  acquiresleep(&ep->mtx);
  for(n = rb_first(&ep->rbr); n; n = rb_next(n)){
    epi = rb_entry(n, struct epitem, rbn);
    file_getattr(epi->file, &st);
    seq_printf(m, "tfd: %8d events: %8x data: %16lx  pos:%ld ino:%lx sdev:%x\n",
               epi->fd, epi->event.events, epi->event.data, epi->file->off,
               st.st_ino, st.st_dev);
  }
  releasesleep(&ep->mtx);
}

// No read or write: fileread() and filewrite() answer EINVAL, as Linux's
// do for an epoll fd. lseek succeeds and changes nothing, as Linux's.
static const struct file_operations eventpoll_fops = {
  .release = ep_eventpoll_release,
  .poll = ep_eventpoll_poll,
  .llseek = noop_llseek,
  .show_fdinfo = ep_show_fdinfo,
  .dname = "anon_inode:[eventpoll]",
  .anon_mode = S_IRUSR | S_IWUSR,
};

// ---- system calls ----------------------------------------------------------------

// A new epoll instance and its file; *fp gets the file.
static int
ep_alloc(struct file **fp)
{
  struct eventpoll *ep;

  if((ep = kzalloc(sizeof(*ep))) == 0)
    return -ENOMEM;
  initsleeplock(&ep->mtx, "ep.mtx");
  initlock(&ep->lock, "ep.lock");
  ep->rbr = RB_ROOT;
  INIT_LIST_HEAD(&ep->rdllist);
  ep->ovflist = EP_UNACTIVE;
  init_waitqueue_head(&ep->wq, "ep.wq");
  init_waitqueue_head(&ep->poll_wait, "ep.poll_wait");
  if((ep->file = filealloc(&eventpoll_fops, O_RDWR, ep)) == 0){
    kfree(ep);
    return -ENFILE;
  }
  *fp = ep->file;
  return 0;
}

// int epoll_create1(int flags)
long
sys_epoll_create1(void)
{
  int flags = argint(0);
  struct file *f;
  int err, fd;

  if(flags & ~EPOLL_CLOEXEC)
    return -EINVAL;
  if((err = ep_alloc(&f)) < 0)
    return err;
  if((fd = fdalloc(f, flags & EPOLL_CLOEXEC)) < 0)
    fileclose(f);
  return fd;
}

// ctl's argument checks, in Linux's order (linux-semantics.md 5.2),
// after the event was copied in and both fds were found.
static int
ep_ctl_check(struct file *epf, struct file *tf, int op, struct epoll_event *ev)
{
  if(!file_can_poll(tf))
    return -EPERM;
  if(epf == tf || !is_file_epoll(epf))
    return -EINVAL;
  if(op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)){
    if(op == EPOLL_CTL_MOD)
      return -EINVAL;
    if(op == EPOLL_CTL_ADD &&
       (is_file_epoll(tf) || (ev->events & ~EPOLLEXCLUSIVE_OK_BITS)))
      return -EINVAL;
  }
  return 0;
}

// The change itself. Caller holds epmutex and ep->mtx.
static int
ep_ctl_locked(struct eventpoll *ep, int op, struct file *tf, int fd, struct epoll_event *ev)
{
  struct epitem *epi;
  // Only an ADD into a watched epoll, or of an epoll, can make a path
  // longer than one edge: only those are counted (Linux's full_check).
  int full_check = !list_empty(&ep->file->f_ep) || is_file_epoll(tf);

  assert_held_sleep(&epmutex);
  assert_held_sleep(&ep->mtx);

  if(op == EPOLL_CTL_ADD && is_file_epoll(tf) && ep_loop_check(ep, tf->private_data) < 0)
    return -ELOOP;
  epi = ep_find(ep, tf, fd);
  switch(op){
  case EPOLL_CTL_ADD:
    if(epi)
      return -EEXIST;
    ev->events |= EPOLLERR | EPOLLHUP;
    return ep_insert(ep, ev, tf, fd, full_check);
  case EPOLL_CTL_DEL:
    if(!epi)
      return -ENOENT;
    ep_remove(ep, epi);
    return 0;
  case EPOLL_CTL_MOD:
    if(!epi)
      return -ENOENT;
    if(epi->event.events & EPOLLEXCLUSIVE)
      return -EINVAL;
    ev->events |= EPOLLERR | EPOLLHUP;
    return ep_modify(ep, epi, ev);
  }
  return -EINVAL;
}

// int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
long
sys_epoll_ctl(void)
{
  int epfd = argint(0), op = argint(1), fd = argint(2);
  uint64 uevent = argaddr(3);
  struct epoll_event ev;
  struct file *epf, *tf;
  struct eventpoll *ep;
  int err;

  if(op != EPOLL_CTL_DEL && copyin(myproc()->mm, &ev, uevent, sizeof(ev)) < 0)
    return -EFAULT;
  if((epf = fdget(epfd)) == 0)
    return -EBADF;
  if((tf = fdget(fd)) == 0){
    fdput(epf);
    return -EBADF;
  }
  if((err = ep_ctl_check(epf, tf, op, &ev)) < 0)
    goto out;
  ev.events &= ~EPOLLWAKEUP;    // needs CAP_BLOCK_SUSPEND: silently dropped

  ep = epf->private_data;
  acquiresleep(&epmutex);
  acquiresleep(&ep->mtx);
  err = ep_ctl_locked(ep, op, tf, fd, &ev);
  ep_checked(ep);
  releasesleep(&ep->mtx);
  releasesleep(&epmutex);
out:
  // After the locks: if another thread closed fd meanwhile, this is the
  // last close, and eventpoll_release() takes epmutex and ep->mtx.
  fdput(tf);
  fdput(epf);
  return err;
}

// int epoll_pwait(int epfd, struct epoll_event *events, int maxevents,
//                 int timeout, const sigset_t *sigmask, size_t sigsetsize)
long
sys_epoll_pwait(void)
{
  int epfd = argint(0), maxevents = argint(2), timeout = argint(3);
  uint64 uevents = argaddr(1), umask = argaddr(4);
  struct file *f;
  long r;

  // The mask is in place before the wait and stays if a signal ended it,
  // so that the signal is taken under it (proc/signal.c).
  if(umask && (r = set_user_sigmask(umask, argraw(5))) < 0)
    return r;
  if((f = fdget(epfd)) == 0){
    if(umask)
      restore_sigmask_unless(0);
    return -EBADF;
  }
  if(maxevents <= 0 || maxevents > EP_MAX_EVENTS)
    r = -EINVAL;
  else if(!access_ok(uevents, (uint64)maxevents * sizeof(struct epoll_event)))
    r = -EFAULT;
  else if(!is_file_epoll(f))
    r = -EINVAL;
  else
    r = ep_poll(f->private_data, uevents, maxevents, timeout);
  fdput(f);
  if(umask)
    restore_sigmask_unless(r == -EINTR);
  return r;
}
