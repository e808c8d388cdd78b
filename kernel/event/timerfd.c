/*
 * timerfd: a timer behind a file descriptor, so that an event loop waits
 * for time in the same epoll_wait as for data (Linux's fs/timerfd.c,
 * man timerfd_create(2)).
 *
 *   timerfd_create(clock, flags)    an unarmed timer on CLOCK_MONOTONIC,
 *                                   CLOCK_BOOTTIME or CLOCK_REALTIME (or
 *                                   their _ALARM forms: nudge never
 *                                   suspends, so they are the same)
 *   timerfd_settime(fd, flags, new, old)   arm, for a length or (with
 *                                   TFD_TIMER_ABSTIME) until a time, once
 *                                   or with a period; it_value 0 disarms.
 *                                   Expirations not yet read are dropped
 *   timerfd_gettime(fd, cur)        the time left, and the period
 *   read       the number of expirations since the last read, 8 bytes;
 *              blocks while there are none
 *   poll       POLLIN while there are expirations to read
 *
 * The wakeup path: the timer (proc/timer.c) runs timerfd_fire() in the
 * timer interrupt of some hart, which counts the expiration and calls
 * wake_up_locked_poll(&ctx->wqh, POLLIN): a blocked read, poll's entry
 * and epoll's ep_poll_callback are on that queue, as on any other.
 *
 *   timer interrupt -> timer_interrupt() -> timerfd_fire()
 *     -> ticks++, wake_up_locked_poll(&ctx->wqh, POLLIN)
 *        -> ep_poll_callback / pollwake / the reader's entry
 *
 * A periodic timer is not re-armed in the interrupt, as in Linux: it
 * fires once, and the next read (or gettime) counts the periods that
 * passed since and arms it again (rearm()). So a timer with a short
 * period that nobody reads costs one interrupt, not one a period, and an
 * edge-triggered epoll sees one event until the expirations are read.
 *
 * Times are kept in the timer's units (TIMEBASE_HZ a second). A
 * CLOCK_REALTIME time is turned into one when the timer is armed: the
 * wall clock cannot be set on nudge, so it stays right, and
 * TFD_TIMER_CANCEL_ON_SET is accepted but never cancels a read.
 *
 * Locking: wqh.lock, the queue's spinlock, guards every field below it
 * and is taken by timerfd_fire() in the interrupt (acquire() turns
 * interrupts off). Every timer_add() of ctx->t is made under it, by
 * settime, read and gettime; settime stops the timer with
 * timer_try_del(), dropping wqh.lock while timerfd_fire() runs, or the
 * two would wait for each other. Lock order: wqh.lock, then the timer
 * list's lock.
 *
 * Lifetime: the context lives as long as its file. release() stops the
 * timer with timer_del(), which waits for a running timerfd_fire(), and
 * only then frees it.
 */

#include "types.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/systime.h"
#include "proc/timer.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"
#include "nudge/timerfd.h"

#define NSEC_PER_UNIT (NSEC_PER_SEC / TIMEBASE_HZ)

// Tags: [w] wqh.lock, [I] set by timerfd_create(), then constant.
struct timerfd_ctx {
  struct wait_queue_head wqh;   // readers, pollers, epoll
  struct timer t;               // [w] t.expires: the next expiration, or
                                //   the last one, or 0 (never armed)
  int clock;                    // [I] the clock it was made on (no _ALARM)
  int expired;                  // [w] fired, and not re-armed since
  uint64 ticks;                 // [w] expirations not yet read
  uint64 interval;              // [w] the period in timer units; 0: once
  struct timespec interval_ts;  // [w] the period as it was given
  int settime_flags;            // [w] the last settime's flags, for fdinfo
};

static const struct file_operations timerfd_fops;

// The timer's fn, in the timer interrupt: one more expiration.
static int
timerfd_fire(struct timer *t)
{
  struct timerfd_ctx *ctx = t->data;

  acquire(&ctx->wqh.lock);
  ctx->expired = 1;
  ctx->ticks++;
  wake_up_locked_poll(&ctx->wqh, POLLIN);
  release(&ctx->wqh.lock);
  return TIMER_NORESTART;
}

// Moves a periodic timer's expiration past now by whole periods, and
// returns how many (Linux's hrtimer_forward_now). Caller holds wqh.lock.
static uint64
advance(struct timerfd_ctx *ctx)
{
  uint64 now = timer_now(), n = 0;

  assert_held(&ctx->wqh.lock);
  if(now >= ctx->t.expires){
    n = (now - ctx->t.expires) / ctx->interval + 1;
    ctx->t.expires += n * ctx->interval;
  }
  return n;
}

// A periodic timer that fired: counts the periods that passed since,
// the first of which timerfd_fire() counted, and arms it again. Caller
// holds wqh.lock.
static void
rearm(struct timerfd_ctx *ctx)
{
  assert_held(&ctx->wqh.lock);
  ctx->ticks += advance(ctx) - 1;
  ctx->expired = 0;
  timer_add(&ctx->t);
}

static int
has_ticks(void *ctx, uint64 unused)
{
  return ((struct timerfd_ctx *)ctx)->ticks > 0;
}

// As Linux's: a non-blocking read with expirations to read still gets them.
static long
timerfd_read(struct file *f, uint64 dst, long n)
{
  struct timerfd_ctx *ctx = f->private_data;
  uint64 ticks = 0;
  int err = 0;

  if(n < sizeof(ticks))
    return -EINVAL;
  acquire(&ctx->wqh.lock);
  if(ctx->ticks == 0)
    err = (f->flags & O_NONBLOCK) ? -EAGAIN : wait_event_locked(&ctx->wqh, has_ticks, ctx, 0);
  if(ctx->expired && ctx->interval)
    rearm(ctx);
  ticks = ctx->ticks;
  ctx->ticks = 0;
  ctx->expired = 0;
  release(&ctx->wqh.lock);
  if(ticks == 0)
    return err;
  // As on Linux, expirations read into an unmapped buffer are lost.
  if(copyout(myproc()->mm, dst, &ticks, sizeof(ticks)) < 0)
    return -EFAULT;
  return sizeof(ticks);
}

// On the queue first, then the count: see eventfd_poll().
static uint
timerfd_poll(struct file *f, struct poll_table *pt)
{
  struct timerfd_ctx *ctx = f->private_data;
  uint events = 0;

  poll_wait(f, &ctx->wqh, pt);
  acquire(&ctx->wqh.lock);
  if(ctx->ticks)
    events |= POLLIN;
  release(&ctx->wqh.lock);
  return events;
}

static void
timerfd_release(struct file *f)
{
  struct timerfd_ctx *ctx = f->private_data;

  timer_del(&ctx->t);         // now timerfd_fire() is not running, and will not
  kfree(ctx);
}

static void timerfd_value(struct timerfd_ctx *ctx, struct itimerspec *v);

// fdinfo's lines for a timerfd, as Linux's timerfd_show: the time left
// is gettime's, but a periodic timer that fired is not moved on.
static void
timerfd_show_fdinfo(struct seq_file *m, struct file *f)
{
  struct timerfd_ctx *ctx = f->private_data;
  struct itimerspec v;
  uint64 ticks;
  int flags;

  acquire(&ctx->wqh.lock);
  timerfd_value(ctx, &v);
  ticks = ctx->ticks;
  flags = ctx->settime_flags;
  release(&ctx->wqh.lock);
  seq_printf(m, "clockid: %d\nticks: %lu\nsettime flags: 0%o\n"
             "it_value: (%lu, %lu)\nit_interval: (%lu, %lu)\n",
             ctx->clock, ticks, flags, v.it_value.tv_sec, v.it_value.tv_nsec,
             v.it_interval.tv_sec, v.it_interval.tv_nsec);
}

static const struct file_operations timerfd_fops = {
  .read = timerfd_read,
  .release = timerfd_release,
  .poll = timerfd_poll,
  .llseek = noop_llseek,
  .show_fdinfo = timerfd_show_fdinfo,
  .dname = "anon_inode:[timerfd]",
  .anon_mode = S_IRUSR | S_IWUSR,
};

// The clock a timerfd on clock counts on, or -1 if it may not have one.
static int
timerfd_clock(int clock)
{
  switch(clock){
  case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_REALTIME:
    return clock;
  case CLOCK_REALTIME_ALARM:
    return CLOCK_REALTIME;
  case CLOCK_BOOTTIME_ALARM:
    return CLOCK_BOOTTIME;
  }
  return -1;
}

// int timerfd_create(int clockid, int flags)
long
sys_timerfd_create(void)
{
  int clock = timerfd_clock(argint(0)), flags = argint(1), fd;
  struct timerfd_ctx *ctx;
  struct file *f;

  if((flags & ~(TFD_NONBLOCK | TFD_CLOEXEC)) || clock < 0)
    return -EINVAL;
  if((ctx = kzalloc(sizeof(*ctx))) == 0)
    return -ENOMEM;
  init_waitqueue_head(&ctx->wqh, "timerfd");
  timer_setup(&ctx->t, timerfd_fire, ctx);
  ctx->clock = clock;
  if((f = filealloc(&timerfd_fops, O_RDWR | (flags & TFD_NONBLOCK), ctx)) == 0){
    kfree(ctx);
    return -ENFILE;
  }
  if((fd = fdalloc(f, flags & TFD_CLOEXEC)) < 0)
    fileclose(f);
  return fd;
}

// The timerfd behind fd, with a reference (fdput it), or -EBADF /
// -EINVAL in *err.
static struct file *
timerfd_fdget(int fd, int *err)
{
  struct file *f = fdget(fd);

  *err = 0;
  if(f == 0){
    *err = -EBADF;
  } else if(f->f_op != &timerfd_fops){
    fdput(f);
    f = 0;
    *err = -EINVAL;
  }
  return f;
}

// What gettime reports: the time left (0 if disarmed or expired) and
// the period. Caller holds wqh.lock.
static void
timerfd_value(struct timerfd_ctx *ctx, struct itimerspec *v)
{
  uint64 now = timer_now(), left = 0;

  assert_held(&ctx->wqh.lock);
  if(ctx->t.expires > now)
    left = (ctx->t.expires - now) * NSEC_PER_UNIT;
  v->it_value.tv_sec = left / NSEC_PER_SEC;
  v->it_value.tv_nsec = left % NSEC_PER_SEC;
  v->it_interval = ctx->interval_ts;
}

static int
timespec_valid(const struct timespec *ts)
{
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

// A length as timer units, rounded up (a period is never short).
static uint64
timespec_to_units(const struct timespec *ts)
{
  return ts->tv_sec * TIMEBASE_HZ + (ts->tv_nsec + NSEC_PER_UNIT - 1) / NSEC_PER_UNIT;
}

/*
 * int timerfd_settime(int fd, int flags, const struct itimerspec *new,
 *                     struct itimerspec *old)
 * In Linux's order: new is read (EFAULT), the flags and values checked
 * (EINVAL), then the fd (EBADF, EINVAL). old is written last: a bad old
 * pointer is EFAULT with the timer already set, as on Linux.
 */
long
sys_timerfd_settime(void)
{
  int flags = argint(1), err;
  uint64 uold = argaddr(3);
  struct itimerspec new, old;
  struct timerfd_ctx *ctx;
  struct file *f;

  if(copyin(myproc()->mm, &new, argaddr(2), sizeof(new)) < 0)
    return -EFAULT;
  if((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ||
     !timespec_valid(&new.it_value) || !timespec_valid(&new.it_interval))
    return -EINVAL;
  if((f = timerfd_fdget(argint(0), &err)) == 0)
    return err;
  ctx = f->private_data;

  acquire(&ctx->wqh.lock);
  while(timer_try_del(&ctx->t) < 0){
    release(&ctx->wqh.lock);    // timerfd_fire() runs: let it finish
    acquire(&ctx->wqh.lock);
  }
  // A periodic timer that fired reports its next expiration, as Linux's.
  if(ctx->expired && ctx->interval)
    advance(ctx);
  timerfd_value(ctx, &old);

  ctx->expired = 0;
  ctx->ticks = 0;
  ctx->interval = timespec_to_units(&new.it_interval);
  ctx->interval_ts = new.it_interval;
  ctx->settime_flags = flags;
  ctx->t.expires = 0;
  if(new.it_value.tv_sec || new.it_value.tv_nsec){
    // A periodic timer started in the past has expired already: those
    // expirations count at once, and it waits for the next, as
    // timerfd_fire() and rearm() would have left it.
    if(flags & TFD_TIMER_ABSTIME)
      ctx->t.expires = clock_deadline(ctx->clock, &new.it_value, ctx->interval, &ctx->ticks);
    else
      ctx->t.expires = timer_deadline_after(new.it_value.tv_sec, new.it_value.tv_nsec);
    timer_add(&ctx->t);
    if(ctx->ticks)
      wake_up_locked_poll(&ctx->wqh, POLLIN);
  }
  release(&ctx->wqh.lock);
  fdput(f);

  if(uold && copyout(myproc()->mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return 0;
}

// int timerfd_gettime(int fd, struct itimerspec *cur)
long
sys_timerfd_gettime(void)
{
  struct itimerspec cur;
  struct timerfd_ctx *ctx;
  struct file *f;
  int err;

  if((f = timerfd_fdget(argint(0), &err)) == 0)
    return err;
  ctx = f->private_data;
  acquire(&ctx->wqh.lock);
  if(ctx->expired && ctx->interval)
    rearm(ctx);
  timerfd_value(ctx, &cur);
  release(&ctx->wqh.lock);
  fdput(f);
  if(copyout(myproc()->mm, argaddr(1), &cur, sizeof(cur)) < 0)
    return -EFAULT;
  return 0;
}
