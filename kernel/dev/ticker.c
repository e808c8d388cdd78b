/*
 * The ticker device (major TICKER): a periodic producer of eventfd
 * signals, a kernel-side user of an eventfd as KVM's ioeventfd is; it
 * hears the eventfd's POLLHUP the way KVM's irqfd does.
 *   tickerinit()                 set up devsw[TICKER]
 *   ioctl(fd, TICKER_SET, &req)  from now on, every req.period_ms, add to
 *                                eventfd req.efd the periods that ended
 *                                (1, unless interrupts were held off for
 *                                longer than a period)
 * It stops when the ticker file is closed (ticker_release) or when the
 * eventfd's last file is (its POLLHUP; ticker_wakeup). Each open file
 * description is one registration, made once: a second TICKER_SET on it
 * is EBUSY. TICKER_SET's errors: EFAULT bad pointer; EBADF efd not open;
 * EINVAL efd not an eventfd, or period_ms 0 or over TICKER_MAX_PERIOD_MS;
 * EBUSY already set; ENOMEM. Another command is ENOTTY.
 *
 * Locking, in the order they nest:
 *   1. ticker.lock   spinlock: installing a registration in a file's
 *                    private_data, so two processes sharing the file
 *                    cannot both set it. Nothing is taken under it.
 *   2. the eventfd's wqh.lock: ticker_fire() takes it (eventfd_signal,
 *                    eventfd_ctx_put, reading hup); the eventfd holds it
 *                    while ticker_wakeup() runs. Below it, whatever the
 *                    eventfd's other waiters take (epoll, p->lock), and
 *                    kmalloc's lock when ticker_fire frees the context.
 * ticker_fire() runs in the timer interrupt without timer.lock, but
 * timer_del() waits for a running ticker_fire(). So ticker_wakeup() must
 * not stop the timer with timer_del():
 *
 *   hart A: ticker_fire (running)       hart B: close(efd), POLLHUP
 *                                       holds wqh.lock
 *   eventfd_signal: waits for wqh.lock  ticker_wakeup: timer_del waits
 *                                       for ticker_fire to end
 *
 * Instead it only sets hup under wqh.lock, and ticker_fire, at the next
 * period, sees it, drops the context and does not re-arm.
 */
#include "types.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/timer.h"
#include "fs/file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "event/eventfd.h"
#include "dev/console.h"
#include "lib/invariant.h"
#include "dev/ticker.h"
#include "nudge/errno.h"
#include "nudge/fs.h"
#include "nudge/ticker.h"

/*
 * One registration: the private data of a ticker file after TICKER_SET.
 * Invariants (ticker_check() tests them when the timer runs):
 *   T1  the timer is pending or running exactly while ctx is not 0, and
 *       the registration holds a reference to ctx all that time.
 *   T2  while ctx is not 0, wait is on ctx's queue exactly while hup is
 *       0: ticker_wakeup sets hup and takes it off together.
 * Tags: [I] set before the timer is armed, then constant; [T] written
 * only by ticker_fire (one hart at a time: the timer is off the list
 * while it runs), read by ticker_release after timer_del(); [w] the
 * eventfd's wqh.lock.
 */
struct ticker {
  struct timer timer;            // [T] expires: the end of the next period
  uint64 period;                 // [I] in timer units
  struct eventfd_ctx *ctx;       // [T] the eventfd; 0 once dropped (T1)
  struct wait_queue_entry wait;  // [w] on ctx's queue, for its POLLHUP (T2)
  int hup;                       // [w] the eventfd's last file is closed
};

static struct spinlock lock;

// Has the eventfd's last file been closed? Caller is ticker_fire (T1).
static int
ticker_hung_up(struct ticker *t)
{
  struct wait_queue_head *wqh = eventfd_wqh(t->ctx);
  int hup;

  acquire(&wqh->lock);
  hup = t->hup;
  release(&wqh->lock);
  return hup;
}

/*
 * Tests T1 and T2 from ticker_fire, where the timer is running. Returns
 * 0 or the broken invariant's number. Not static, so gdb can call it in
 * any build.
 */
int
ticker_check(struct ticker *t)
{
  struct wait_queue_head *wqh;
  int bad = 0;

  if(t->ctx == 0)
    return 1;
  wqh = eventfd_wqh(t->ctx);
  acquire(&wqh->lock);
  if(t->hup != list_empty(&t->wait.entry))
    bad = 2;
  release(&wqh->lock);
  return bad;
}

// In a checking build (make test boots one), check at every period.
static void
ticker_checked(struct ticker *t)
{
  INVARIANTS(ticker_check, 'T', t);
}

/*
 * A period ended. Runs in the timer interrupt: must not sleep. Signals
 * the eventfd and re-arms for the next period, or, once the eventfd has
 * hung up, drops it and stops (T1).
 */
static int
ticker_fire(struct timer *tm)
{
  struct ticker *t = tm->data;
  uint64 ended;

  ticker_checked(t);
  if(ticker_hung_up(t)){
    // Frees it, unless eventfd_release has yet to drop the file's ref.
    eventfd_ctx_put(t->ctx);
    t->ctx = 0;
    return TIMER_NORESTART;
  }
  // Usually 1; more if this interrupt came over a period late. Skipping
  // them puts expires after now, as a restarted timer's must be. (A
  // signal slower than the period still leaves the hart time to run:
  // timer_interrupt() defers the next interrupt.)
  ended = (timer_now() - tm->expires) / t->period + 1;
  tm->expires += ended * t->period;
  eventfd_signal(t->ctx, ended);
  return TIMER_RESTART;
}

/*
 * Runs inside wake_up() on the eventfd's queue with its lock held,
 * perhaps from an interrupt (ticker_fire's own eventfd_signal): must not
 * sleep or stop the timer (see the top of the file). Hears only POLLHUP,
 * which eventfd_release sends when the eventfd's last file goes: notes
 * it for ticker_fire and leaves the queue (T2).
 */
int
ticker_wakeup(struct wait_queue_entry *e, void *key)
{
  struct ticker *t = e->private;

  if(key_to_poll(key) & POLLHUP){
    t->hup = 1;
    list_del_init(&e->entry);
  }
  return 0;
}

// TICKER_SET: check everything and allocate, then install (once per
// file), then start: on the eventfd's queue first, then the timer.
static long
ticker_set(struct file *f, uint64 arg)
{
  struct ticker_req req;
  struct eventfd_ctx *ctx;
  struct ticker *t;
  int busy;
  long err;

  if(copyin(myproc()->mm, &req, arg, sizeof(req)) < 0)
    return -EFAULT;
  if((err = eventfd_ctx_fdget(req.efd, &ctx)) < 0)
    return err;
  if(req.period_ms == 0 || req.period_ms > TICKER_MAX_PERIOD_MS){
    err = -EINVAL;
    goto err_put;
  }
  if((t = kzalloc(sizeof(*t))) == 0){
    err = -ENOMEM;
    goto err_put;
  }
  t->period = (uint64)req.period_ms * (TIMEBASE_HZ / 1000);
  t->ctx = ctx;                 // the reference now belongs to t
  timer_setup(&t->timer, ticker_fire, t);
  init_waitqueue_func_entry(&t->wait, ticker_wakeup);
  t->wait.private = t;

  acquire(&lock);
  busy = f->private_data != 0;
  if(!busy)
    f->private_data = t;
  release(&lock);
  if(busy){
    err = -EBUSY;
    goto err_free;
  }

  // The caller's fds keep f and the eventfd's file open until we
  // return, so neither release can run before both of these are done.
  add_wait_queue(eventfd_wqh(ctx), &t->wait);
  t->timer.expires = timer_now() + t->period;
  timer_add(&t->timer);
  return 0;

err_free:
  kfree(t);
err_put:
  eventfd_ctx_put(ctx);
  return err;
}

static long
ticker_ioctl(struct file *f, uint cmd, uint64 arg)
{
  if(cmd != TICKER_SET)
    return -ENOTTY;
  return ticker_set(f, arg);
}

// The ticker file's last reference went: stop the timer, leave the
// eventfd's queue, drop the eventfd (unless ticker_fire already did).
static void
ticker_release(struct file *f)
{
  struct ticker *t = f->private_data;

  if(t == 0)
    return;                     // never set
  timer_del(&t->timer);         // now ticker_fire is not running, and will not
  if(t->ctx){
    remove_wait_queue(eventfd_wqh(t->ctx), &t->wait);
    eventfd_ctx_put(t->ctx);
  }
  kfree(t);
}

static const struct file_operations ticker_fops = {
  .ioctl = ticker_ioctl,
  .release = ticker_release,
};

void
tickerinit(void)
{
  initlock(&lock, "ticker");
  devsw[TICKER] = &ticker_fops;
}
