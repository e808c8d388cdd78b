/*
 * signalfd: a file whose reads take the caller's pending signals, for a
 * program that waits for signals in its event loop instead of in
 * handlers (Linux's fs/signalfd.c; signalfd(2)). The file has a mask:
 *
 *   read   takes pending signals of the mask, a 128-byte struct
 *          signalfd_siginfo each, as many as fit; blocks while none is
 *          pending (-EAGAIN if non-blocking)
 *   poll   IN while a signal of the mask is pending
 *
 * "Pending" is for the thread that reads or polls: its own signals and
 * its process's, as in Linux; a child that inherits the file reads the
 * child's signals. The signals are blocked, as a rule, so that no handler
 * or default action takes them first.
 *
 * The wakeup path: every send ends in signalfd_notify() (proc/signal.c),
 * which wakes signalfd_wqh, one queue for every signalfd reader and
 * watcher. Linux has one such queue per process (in its sighand); one
 * for all keeps the queue's life apart from any process's, at the cost
 * of a look at a signal that is not the waker's: a woken reader or
 * poller asks again, and an epoll item re-polls before it reports.
 *
 *   sender: kill -> send_signal_locked -> pending |= sig -> signalfd_notify
 *           -> wake_up_poll(&signalfd_wqh, POLLIN) -> ep_poll_callback ...
 *
 * Locking: signalfd_wqh.lock guards the queue and every ctx->mask.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/syscall.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "event/signalfd.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"

struct signalfd_ctx {
  ksigset_t mask;               // [signalfd_wqh.lock] the signals it reads
};

static struct wait_queue_head signalfd_wqh;
static const struct file_operations signalfd_fops;

void
signalfd_init(void)
{
  init_waitqueue_head(&signalfd_wqh, "signalfd");
}

// Runs after every send, with no lock held. Whoever waits got on the
// queue before it looked at the pending sets (under the siglock), so a
// sender that saw the queue empty set its bit before that look.
void
signalfd_notify(void)
{
  if(waitqueue_active(&signalfd_wqh))
    wake_up_poll(&signalfd_wqh, POLLIN);
}

static ksigset_t
ctx_mask(struct signalfd_ctx *ctx)
{
  ksigset_t m;

  acquire(&signalfd_wqh.lock);
  m = ctx->mask;
  release(&signalfd_wqh.lock);
  return m;
}

// One signal's record, as Linux's signalfd_copyinfo() fills it.
static void
fill_record(struct signalfd_siginfo *r, struct ksiginfo *k)
{
  struct siginfo si;

  siginfo_to_user(&si, k);
  memset(r, 0, sizeof(*r));
  r->ssi_signo = si.si_signo;
  r->ssi_code = si.si_code;
  if(siginfo_is_fault(k)){
    r->ssi_addr = si.u.addr;
  } else if(siginfo_is_child(k)){
    r->ssi_pid = si.u.chld.pid;
    r->ssi_status = si.u.chld.status;
  } else {
    r->ssi_pid = si.u.rt.pid;
    r->ssi_int = si.u.rt.value;
    r->ssi_ptr = si.u.rt.value;
  }
}

// Takes one signal of mask into *info, waiting for one unless nonblock.
// The signal, -EAGAIN, or -ERESTARTSYS if another signal comes.
static int
signalfd_dequeue(ksigset_t mask, int nonblock, struct ksiginfo *info)
{
  struct wait_queue_entry wait;
  int sig, err = 0;

  if((sig = dequeue_signal(mask, info)) != 0 || nonblock)
    return sig ? sig : -EAGAIN;
  init_waitqueue_entry(&wait, myproc());
  for(;;){
    prepare_to_wait(&signalfd_wqh, &wait);
    if((sig = dequeue_signal(mask, info)) != 0)
      break;
    if((err = wait_woken(0, 0)) < 0)
      break;
  }
  finish_wait(&signalfd_wqh, &wait);
  return sig ? sig : err;
}

// Records for as many signals as fit in n bytes; only the first waits.
static long
signalfd_read(struct file *f, uint64 dst, long n)
{
  ksigset_t mask = ctx_mask(f->private_data);
  struct signalfd_siginfo r;
  struct ksiginfo info;
  long total = 0;
  int sig;

  if(n < (long)sizeof(r))
    return -EINVAL;
  for(; n - total >= (long)sizeof(r); total += sizeof(r)){
    sig = signalfd_dequeue(mask, total > 0 || (f->flags & O_NONBLOCK), &info);
    if(sig < 0)
      return total ? total : sig;
    fill_record(&r, &info);
    // As on Linux, a signal read into a bad buffer is lost.
    if(copyout(myproc()->mm, dst + total, &r, sizeof(r)) < 0)
      return total ? total : -EFAULT;
  }
  return total;
}

// On the queue first, then the look: a send between the two wakes us.
static uint
signalfd_poll(struct file *f, struct poll_table *pt)
{
  ksigset_t mask = ctx_mask(f->private_data);

  poll_wait(f, &signalfd_wqh, pt);
  return (signals_pending() & mask) ? POLLIN : 0;
}

static void
signalfd_release(struct file *f)
{
  kfree(f->private_data);
}

// fdinfo's line for a signalfd, as Linux's: the signals it reads, bit
// sig - 1 for sig, in 16 hex digits.
static void
signalfd_show_fdinfo(struct seq_file *m, struct file *f)
{
  seq_printf(m, "sigmask:\t%016lx\n", ctx_mask(f->private_data));
}

static const struct file_operations signalfd_fops = {
  .read = signalfd_read,
  .release = signalfd_release,
  .poll = signalfd_poll,
  .llseek = noop_llseek,
  .show_fdinfo = signalfd_show_fdinfo,
  .dname = "anon_inode:[signalfd]",
  .anon_mode = S_IRUSR | S_IWUSR,
};

// A new signalfd with mask, or fd's mask changed (fd is a signalfd).
static int
do_signalfd4(int fd, ksigset_t mask, int flags)
{
  struct signalfd_ctx *ctx;
  struct file *f;

  if(flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
    return -EINVAL;
  mask &= ~SIG_UNBLOCKABLE;
  if(fd == -1){
    if((ctx = kzalloc(sizeof(*ctx))) == 0)
      return -ENOMEM;
    ctx->mask = mask;
    if((f = filealloc(&signalfd_fops, O_RDWR | (flags & SFD_NONBLOCK), ctx)) == 0){
      kfree(ctx);
      return -ENFILE;
    }
    if((fd = fdalloc(f, flags & SFD_CLOEXEC)) < 0)
      fileclose(f);
    return fd;
  }
  if((f = fdget(fd)) == 0)
    return -EBADF;
  if(f->f_op != &signalfd_fops){
    fdput(f);
    return -EINVAL;
  }
  ctx = f->private_data;
  acquire(&signalfd_wqh.lock);
  ctx->mask = mask;
  release(&signalfd_wqh.lock);
  fdput(f);
  wake_up_poll(&signalfd_wqh, POLLIN);
  return fd;
}

// int signalfd4(int fd, const sigset_t *mask, size_t sizemask, int flags)
long
sys_signalfd4(void)
{
  ksigset_t mask;

  if(argraw(2) != sizeof(ksigset_t))
    return -EINVAL;
  if(copyin(myproc()->mm, &mask, argaddr(1), sizeof(mask)) < 0)
    return -EFAULT;
  return do_signalfd4(argint(0), mask, argint(3));
}
