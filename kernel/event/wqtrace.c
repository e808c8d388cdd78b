/*
 * The wakeup trace (major WQTRACE): each hart's wake_up() calls recorded
 * in a ring of that hart's, so a student can see which queue a wakeup
 * went through, which callbacks ran and what each did, without gdb.
 * user/wqtrace.c reads it; nudge/wqtrace.h is its ABI.
 *   wqtraceinit()                  set up devsw[WQTRACE]
 *   ioctl(fd, WQTRACE_START, 0)    empty the rings, then record; EBUSY if
 *                                  on already (one tracer at a time)
 *   ioctl(fd, WQTRACE_STOP, 0)     stop (closing the file that started it
 *                                  stops it too)
 *   read(fd, buf, n)               moves whole records out, hart 0's
 *                                  ring first; 0 once all are empty
 *   ioctl(fd, WQTRACE_LOST, &n)    records dropped since START: a full
 *                                  ring keeps what it has and drops new
 *                                  ones, so a trace's start survives
 * Errors: EINVAL a START argument other than 0, or a read of less than
 * one record; EFAULT a bad buffer; ENOTTY another command.
 *
 * Off, a wakeup pays one test of wqtrace_on (event/wait.c); on, it calls
 * the hooks below, which run inside wake_up() with the queue's lock held,
 * interrupts off: they only spin, on their hart's ring lock.
 *
 * A hart's records are written by that hart only, so they nest as its
 * wakeups do: a WAKE record at depth d, then, for each callback, the
 * wakeups it makes (depth d + 1) and its CALL record (depth d).
 *
 * Locking, in the order they nest:
 *   1. a waker's wait-queue lock, held around the hooks.
 *   2. ring.lock  spinlock: head, tail, lost; the hart writing a record,
 *                 a reader taking one. Nothing is taken under it.
 *   ctl.lock      START and STOP: wqtrace_on and owner. Taken alone.
 * Nothing here sleeps or wakes a queue, so the trace never records
 * itself.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/timer.h"
#include "mm/vm.h"
#include "fs/file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "event/eventpoll.h"
#include "event/futex.h"
#include "event/wqtrace.h"
#include "dev/ticker.h"
#include "lib/invariant.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/major.h"
#include "nudge/wqtrace.h"

#define WQTRACE_RING 2048       // records a hart keeps: 144 KiB

/*
 * One hart's records. Invariants (wqtrace_check() tests them after each
 * record in the checking build):
 *   W1  tail <= head <= tail + WQTRACE_RING: the records [tail, head)
 *       are kept, at rec[i % WQTRACE_RING].
 *   W2  a kept record is this hart's, a WAKE or a CALL, and its seq
 *       counts the records this hart wrote or dropped before it, so a
 *       reader sees where records went missing: the newest's lies in
 *       [head - 1, head + lost - 1].
 *   W3  depth counts the traced wake_up()s this hart is inside (the
 *       hooks come in pairs), so it never goes below 0.
 * W1 and W2 are tested on the newest record; W3 as a wakeup ends.
 * Tags: [r] ring.lock; [h] this hart only, with interrupts off.
 */
struct wqtrace_ring {
  struct spinlock lock;
  uint64 head;                  // [r] records written since START
  uint64 tail;                  // [r] records taken by readers
  uint64 lost;                  // [r] records dropped, the ring full
  int depth;                    // [h] traced wake_up()s this hart is inside
  struct wqtrace_rec rec[WQTRACE_RING];  // [r]
};

static struct wqtrace_ring rings[NCPU];
static struct {
  struct spinlock lock;
  struct file *owner;           // the file that started the trace, or 0
} ctl;

int wqtrace_on;

/*
 * The callbacks the trace can name. Those that wake a thread keep it in
 * e->private (a CALL record gives its tid); the others keep their own
 * object there. A callback not listed shows as "?".
 */
static const struct {
  int (*func)(struct wait_queue_entry *, void *);
  char *name;
  int wakes_thread;
} callbacks[] = {
  { default_wake_function,    "default_wake_function",    1 },
  { autoremove_wake_function, "autoremove_wake_function", 1 },
  { chan_wake,                "chan_wake",                1 },
  { pollwake,                 "pollwake",                 1 },
  { futex_wake_function,      "futex_wake_function",      1 },
  { ep_poll_callback,         "ep_poll_callback",         0 },
  { ticker_wakeup,            "ticker_wakeup",            0 },
};
#define NCALLBACKS (sizeof(callbacks) / sizeof(callbacks[0]))

static int
callback_index(struct wait_queue_entry *e)
{
  for(int i = 0; i < NCALLBACKS; i++)
    if(callbacks[i].func == e->func)
      return i;
  return -1;
}

/*
 * Tests W1 and W2 on ring h; the caller holds its lock. Returns 0 or the
 * broken invariant's number. Not static, so gdb can call it in any build
 * (W3 is the ring's own hart's: wqtrace_wake_end() tests it).
 */
int
wqtrace_check(int h)
{
  struct wqtrace_ring *r = &rings[h];
  struct wqtrace_rec *last;

  if(r->tail > r->head || r->head - r->tail > WQTRACE_RING)
    return 1;
  if(r->head == r->tail)
    return 0;
  last = &r->rec[(r->head - 1) % WQTRACE_RING];
  if(last->hart != h || (last->kind != WQTRACE_WAKE && last->kind != WQTRACE_CALL) ||
     last->seq < (uint32)(r->head - 1) || last->seq > (uint32)(r->head + r->lost - 1))
    return 2;
  return 0;
}

// Adds one record to this hart's ring, or counts it lost if the ring is
// full. Interrupts are off (the waker holds a queue's lock).
static void
record(int kind, char *name, uint64 key, int arg, int target, uint flags)
{
  int h = cpuid();
  struct wqtrace_ring *r = &rings[h];
  struct proc *p = myproc();
  struct wqtrace_rec *rec;

  acquire(&r->lock);
  if(r->head - r->tail == WQTRACE_RING){
    r->lost++;
  } else {
    rec = &r->rec[r->head % WQTRACE_RING];
    rec->time_ns = timer_now() * (1000000000 / TIMEBASE_HZ);
    rec->key = key;
    rec->seq = r->head + r->lost;
    rec->hart = h;
    rec->kind = kind;
    rec->depth = r->depth - (kind == WQTRACE_CALL);
    rec->pid = p ? p->pid : 0;
    rec->arg = arg;
    rec->target = target;
    rec->flags = flags;
    safestrcpy(rec->name, name, WQTRACE_NAME);
    r->head++;
    INVARIANTS(wqtrace_check, 'W', h);
  }
  release(&r->lock);
}

// A traced wake_up(wq, nr_exclusive, key) begins.
void
wqtrace_wake_begin(struct wait_queue_head *wq, int nr_exclusive, void *key)
{
  record(WQTRACE_WAKE, wq->lock.name, (uint64)key, nr_exclusive, 0, 0);
  rings[cpuid()].depth++;
}

/*
 * Callback e is about to run: notes what the CALL record will say of it
 * now, since a callback may free its entry (autoremove_wake_function's
 * waiter returns once it runs again). Whether the thread sleeps is read
 * without p->lock: a hint for the reader, as procdump's states are.
 */
void
wqtrace_call_begin(struct wqtrace_call *c, struct wait_queue_entry *e)
{
  struct proc *p = e->private;

  c->callback = callback_index(e);
  c->target = 0;
  c->flags = 0;
  if(c->callback >= 0 && callbacks[c->callback].wakes_thread){
    c->target = p->pid;
    if(p->state == SLEEPING)
      c->flags |= WQTRACE_ASLEEP;
  }
}

// The callback returned accepted.
void
wqtrace_call_end(struct wqtrace_call *c, int accepted)
{
  char *name = c->callback >= 0 ? callbacks[c->callback].name : "?";

  record(WQTRACE_CALL, name, 0, accepted, c->target, c->flags);
}

// A traced wake_up() ended: one level out (W3).
void
wqtrace_wake_end(void)
{
  if(--rings[cpuid()].depth < 0)
    panic("wqtrace_wake_end: W3 depth below 0");
}

// WQTRACE_START: empty every ring, then record. One tracer at a time.
static long
wqtrace_start(struct file *f, uint64 arg)
{
  if(arg != 0)
    return -EINVAL;
  acquire(&ctl.lock);
  if(wqtrace_on){
    release(&ctl.lock);
    return -EBUSY;
  }
  for(int h = 0; h < NCPU; h++){
    acquire(&rings[h].lock);
    rings[h].head = rings[h].tail = rings[h].lost = 0;
    release(&rings[h].lock);
  }
  ctl.owner = f;
  __atomic_store_n(&wqtrace_on, 1, __ATOMIC_RELEASE);
  release(&ctl.lock);
  return 0;
}

// WQTRACE_STOP: stop recording.
static void
wqtrace_stop(void)
{
  acquire(&ctl.lock);
  __atomic_store_n(&wqtrace_on, 0, __ATOMIC_RELEASE);
  ctl.owner = 0;
  release(&ctl.lock);
}

static long
wqtrace_lost(uint64 dst)
{
  uint64 lost = 0;

  for(int h = 0; h < NCPU; h++){
    acquire(&rings[h].lock);
    lost += rings[h].lost;
    release(&rings[h].lock);
  }
  return copyout(myproc()->mm, dst, (char *)&lost, sizeof(lost)) < 0 ? -EFAULT : 0;
}

static long
wqtrace_ioctl(struct file *f, uint cmd, uint64 arg)
{
  switch(cmd){
  case WQTRACE_START:
    return wqtrace_start(f, arg);
  case WQTRACE_STOP:
    wqtrace_stop();
    return 0;
  case WQTRACE_LOST:
    return wqtrace_lost(arg);
  }
  return -ENOTTY;
}

// Takes the oldest record of ring h out into *rec: 1, or 0 if the ring
// is empty. Taken, it is gone, even if the copy to the reader fails.
static int
take(int h, struct wqtrace_rec *rec)
{
  struct wqtrace_ring *r = &rings[h];
  int some;

  acquire(&r->lock);
  some = r->tail != r->head;
  if(some)
    *rec = r->rec[r->tail++ % WQTRACE_RING];
  release(&r->lock);
  return some;
}

/*
 * Moves whole records out, hart by hart, as many as fit in n bytes. It
 * takes no sleep lock: releasing one wakes its queue, which would make
 * a record for every read, and a reader that reads until it gets 0
 * would never get it.
 */
static long
wqtrace_read(struct file *f, uint64 dst, long n)
{
  struct wqtrace_rec rec;
  long done = 0;

  if(n < sizeof(rec))
    return -EINVAL;
  for(int h = 0; h < NCPU && n - done >= sizeof(rec); ){
    if(!take(h, &rec)){
      h++;
      continue;
    }
    if(copyout(myproc()->mm, dst + done, (char *)&rec, sizeof(rec)) < 0)
      return done ? done : -EFAULT;
    done += sizeof(rec);
  }
  return done;
}

// The file that started the trace stops it as it goes, so a tracer
// killed before its STOP leaves nothing recording.
static void
wqtrace_release(struct file *f)
{
  acquire(&ctl.lock);
  if(ctl.owner == f){
    __atomic_store_n(&wqtrace_on, 0, __ATOMIC_RELEASE);
    ctl.owner = 0;
  }
  release(&ctl.lock);
}

static const struct file_operations wqtrace_fops = {
  .read = wqtrace_read,
  .ioctl = wqtrace_ioctl,
  .release = wqtrace_release,
};

void
wqtraceinit(void)
{
  for(int h = 0; h < NCPU; h++)
    initlock(&rings[h].lock, "wqtrace.ring");
  initlock(&ctl.lock, "wqtrace.ctl");
  devsw[WQTRACE] = &wqtrace_fops;
}
