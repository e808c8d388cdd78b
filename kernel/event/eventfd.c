/*
 * eventfd: a 64-bit counter behind a file descriptor, for one process (or
 * the kernel) to tell another that something happened. Linux's
 * fs/eventfd.c semantics, pinned in linux-semantics.md section 2:
 *
 *   write(v)  adds v, blocking while count + v would exceed EVENTFD_MAX
 *   read      returns count and zeroes it (EFD_SEMAPHORE: returns 1 and
 *             subtracts 1), blocking while count is 0
 *   poll      IN while count > 0, OUT while 1 more fits, ERR at ULLONG_MAX
 *
 * Every successful read wakes writers (key POLLOUT) and every write wakes
 * readers (key POLLIN), even when the count was not 0 before: an
 * edge-triggered epoll reports each of them.
 *
 * Interface: sys_eventfd2; for the kernel, eventfd_ctx_fdget/_get/_put and
 * eventfd_signal, which adds from any context, interrupts included.
 *
 * Locking: wqh.lock, the wait queue's own spinlock, also guards count:
 * a waiter checks count and gets on the queue under one lock, so no
 * wakeup falls between them.
 */

#include "types.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "event/eventfd.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/eventfd.h"
#include "nudge/stat.h"

#define ULLONG_MAX  0xffffffffffffffffUL
#define EVENTFD_MAX (ULLONG_MAX - 1)    // the largest count a write can make

/*
 * Tags: [w] wqh.lock, [I] set by eventfd_create(), then constant.
 * The context may outlive its file: the kernel holds references too.
 */
struct eventfd_ctx {
  struct wait_queue_head wqh;   // readers, writers, pollers, epoll
  uint64 count;                 // [w]
  int refs;                     // [w] the file, and kernel holders
  uint flags;                   // [I] EFD_SEMAPHORE
  int id;                       // [I] fdinfo's eventfd-id
};

static const struct file_operations eventfd_fops;

void
eventfd_ctx_get(struct eventfd_ctx *ctx)
{
  acquire(&ctx->wqh.lock);
  ctx->refs++;
  release(&ctx->wqh.lock);
}

void
eventfd_ctx_put(struct eventfd_ctx *ctx)
{
  acquire(&ctx->wqh.lock);
  int last = --ctx->refs == 0;
  release(&ctx->wqh.lock);
  if(last)
    kfree(ctx);
}

// The context behind fd, with a reference for the caller.
int
eventfd_ctx_fdget(int fd, struct eventfd_ctx **ctxp)
{
  struct file *f = fdget(fd);
  int r = 0;

  if(f == 0)
    return -EBADF;
  if(f->f_op != &eventfd_fops){
    r = -EINVAL;
  } else {
    *ctxp = f->private_data;
    eventfd_ctx_get(*ctxp);
  }
  fdput(f);
  return r;
}

struct wait_queue_head *
eventfd_wqh(struct eventfd_ctx *ctx)
{
  return &ctx->wqh;
}

/*
 * Adds n, saturating at ULLONG_MAX (which then reads as POLLERR), and
 * wakes readers. Runs in any context, interrupts included: it only
 * spins, and acquire() turns interrupts off.
 */
void
eventfd_signal(struct eventfd_ctx *ctx, uint64 n)
{
  acquire(&ctx->wqh.lock);
  if(ULLONG_MAX - ctx->count < n)
    ctx->count = ULLONG_MAX;
  else
    ctx->count += n;
  wake_up_locked_poll(&ctx->wqh, POLLIN);
  release(&ctx->wqh.lock);
}

/*
 * Sleeps until ready(ctx, arg) holds. Caller holds wqh.lock, which
 * guards the count (the condition) as well as the queue. 0, -EAGAIN or
 * -ERESTARTSYS (a signal: restarted under SA_RESTART, else -EINTR).
 */
static int
eventfd_wait_locked(struct eventfd_ctx *ctx, struct file *f,
                    int (*ready)(void *ctx, uint64 arg), uint64 arg)
{
  assert_held(&ctx->wqh.lock);
  if(!ready(ctx, arg) && (f->flags & O_NONBLOCK))
    return -EAGAIN;
  return wait_event_locked(&ctx->wqh, ready, ctx, arg);
}

static int
readable(void *ctx, uint64 unused)
{
  return ((struct eventfd_ctx *)ctx)->count > 0;
}

static int
room_for(void *ctx, uint64 v)
{
  return ULLONG_MAX - ((struct eventfd_ctx *)ctx)->count > v;
}

static long
eventfd_read(struct file *f, uint64 dst, long n)
{
  struct eventfd_ctx *ctx = f->private_data;
  uint64 v;
  int err;

  if(n < sizeof(v))
    return -EINVAL;
  acquire(&ctx->wqh.lock);
  if((err = eventfd_wait_locked(ctx, f, readable, 0)) < 0){
    release(&ctx->wqh.lock);
    return err;
  }
  v = (ctx->flags & EFD_SEMAPHORE) ? 1 : ctx->count;
  ctx->count -= v;
  wake_up_locked_poll(&ctx->wqh, POLLOUT);
  release(&ctx->wqh.lock);

  // As on Linux, a count read into an unmapped buffer is lost.
  if(copyout(myproc()->mm, dst, &v, sizeof(v)) < 0)
    return -EFAULT;
  return sizeof(v);
}

static long
eventfd_write(struct file *f, uint64 src, long n)
{
  struct eventfd_ctx *ctx = f->private_data;
  uint64 v;
  int err;

  if(n != sizeof(v))
    return -EINVAL;             // Linux 6.9 on: exactly 8 bytes
  if(copyin(myproc()->mm, &v, src, sizeof(v)) < 0)
    return -EFAULT;
  if(v == ULLONG_MAX)
    return -EINVAL;
  acquire(&ctx->wqh.lock);
  if((err = eventfd_wait_locked(ctx, f, room_for, v)) < 0){
    release(&ctx->wqh.lock);
    return err;
  }
  ctx->count += v;
  wake_up_locked_poll(&ctx->wqh, POLLIN);
  release(&ctx->wqh.lock);
  return sizeof(v);
}

/*
 * Registers on the queue first, then reads the count, so a write can
 * never fall between the two unseen:
 *
 *   poller                          writer
 *   poll_wait(wqh): on the queue
 *   lock; count == 0; unlock
 *                                   lock; count = 1
 *                                   wake_up: the poller's entry runs
 *   reports 0, but is woken         unlock
 *
 * Reading the count first and registering after could miss that write
 * and sleep although the count is 1.
 */
static uint
eventfd_poll(struct file *f, struct poll_table *pt)
{
  struct eventfd_ctx *ctx = f->private_data;
  uint events = 0;

  poll_wait(f, &ctx->wqh, pt);
  acquire(&ctx->wqh.lock);
  if(ctx->count > 0)
    events |= POLLIN;
  if(ctx->count == ULLONG_MAX)
    events |= POLLERR;
  if(ctx->count < EVENTFD_MAX)
    events |= POLLOUT;
  release(&ctx->wqh.lock);
  return events;
}

// The file's last reference went: tell kernel holders (POLLHUP), then
// drop the file's reference to the context.
static void
eventfd_release(struct file *f)
{
  struct eventfd_ctx *ctx = f->private_data;

  wake_up_poll(&ctx->wqh, POLLHUP);
  eventfd_ctx_put(ctx);
}

// fdinfo's lines for an eventfd, as Linux's eventfd_show_fdinfo.
static void
eventfd_show_fdinfo(struct seq_file *m, struct file *f)
{
  struct eventfd_ctx *ctx = f->private_data;
  uint64 count;

  acquire(&ctx->wqh.lock);
  count = ctx->count;
  release(&ctx->wqh.lock);
  seq_printf(m, "eventfd-count: %16lx\neventfd-id: %d\neventfd-semaphore: %d\n",
             count, ctx->id, (ctx->flags & EFD_SEMAPHORE) != 0);
}

static const struct file_operations eventfd_fops = {
  .read = eventfd_read,
  .write = eventfd_write,
  .release = eventfd_release,
  .poll = eventfd_poll,
  .llseek = noop_llseek,        // as Linux's: succeeds, changes nothing
  .show_fdinfo = eventfd_show_fdinfo,
  .dname = "anon_inode:[eventfd]",
  .anon_mode = S_IRUSR | S_IWUSR,
};

// The next eventfd-id (Linux numbers them with an ida, which reuses the
// numbers of closed ones; nudge's only count up).
static int eventfd_next_id;

// int eventfd2(unsigned int initval, int flags)
long
sys_eventfd2(void)
{
  uint initval = argint(0);
  int flags = argint(1);
  struct eventfd_ctx *ctx;
  struct file *f;
  int fd;

  if(flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
    return -EINVAL;
  if((ctx = kzalloc(sizeof(*ctx))) == 0)
    return -ENOMEM;
  init_waitqueue_head(&ctx->wqh, "eventfd");
  ctx->count = initval;
  ctx->refs = 1;
  ctx->flags = flags & EFD_SEMAPHORE;
  ctx->id = __atomic_fetch_add(&eventfd_next_id, 1, __ATOMIC_RELAXED);
  if((f = filealloc(&eventfd_fops, O_RDWR | (flags & EFD_NONBLOCK), ctx)) == 0){
    kfree(ctx);
    return -ENFILE;
  }
  if((fd = fdalloc(f, flags & EFD_CLOEXEC)) < 0)
    fileclose(f);
  return fd;
}
