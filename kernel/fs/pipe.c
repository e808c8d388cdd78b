/*
 * Pipes: a PIPESIZE-byte ring buffer between two open files, the read end
 * and the write end, each with its own operations table.
 *   pipealloc(&rf, &wf, flags)   a new pipe; flags may hold O_NONBLOCK
 *   pipe_read / pipe_write       blocking, or -EAGAIN with O_NONBLOCK
 *   pipe_poll                    the poll hook of both ends
 *   each end's release           closes that end; the last frees the pipe
 *
 * Semantics are Linux's (pipe(7), linux-semantics.md section 3), with a
 * smaller buffer. A write of at most PIPE_BUF bytes is atomic: it waits
 * until all of it fits. The pipe counts as full while less than PIPE_BUF
 * bytes are free, as Linux's counts as full while no page slot is free:
 * so POLLOUT promises that such a write will not block, and reading one
 * byte from a full pipe does not make it writable. Read of an empty pipe
 * with no writers is 0 (end of file); write with no readers is -EPIPE,
 * and SIGPIPE to the writer. A signal ends a blocked call: it returns
 * the count it moved, or -ERESTARTSYS (a restart with SA_RESTART, else
 * -EINTR: proc/signal.c).
 *
 * Waiting: readers, and pollers of the read end, wait on rd_wait;
 * writers, and pollers of the write end, on wr_wait (event/wait.c's rule,
 * in pipe_wait()). Wakeups carry Linux's keys:
 *   a write    wakes rd_wait, POLLIN, if the pipe was empty or has been
 *              polled (epoll's edge-triggered mode wants every write)
 *   a read     wakes wr_wait, POLLOUT, if the pipe was full
 *   a close    wakes the other side's queue with no key (HUP or ERR)
 *
 * Locking: pi->lock, a spinlock, for the counters and the open flags;
 * then a queue's lock, when a wakeup is sent with pi->lock held. User
 * memory is copied with pi->lock held, as xv6 does: copyin and copyout
 * never sleep.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/param.h"
#include "nudge/stat.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "mm/page.h"
#include "event/wait.h"
#include "event/poll.h"

// PIPESIZE (16 KiB) and PIPE_BUF (4096) are in nudge/param.h.
#define PIPEPAGES (PIPESIZE / PGSIZE)   // the ring's pages

/*
 * Invariants: 0 <= nwrite - nread <= PIPESIZE (bytes buffered); byte i
 * of the stream is at data[i % PIPESIZE]. The counters wrap as uints,
 * which PIPESIZE, a power of two, survives. The pipe is freed when both
 * readopen and writeopen are 0.
 * Tags: [l] lock, [I] set in pipealloc(), then constant.
 */
struct pipe {
  struct spinlock lock;
  char *page[PIPEPAGES];          // [I] the ring, a page at a time
  uint nread;                     // [l] bytes read so far
  uint nwrite;                    // [l] bytes written so far
  int readopen;                   // [l] the read end is still open
  int writeopen;                  // [l] the write end is still open
  int poll_usage;                 // [l] polled once: wake readers on every write
  struct wait_queue_head rd_wait; // readers and read-end pollers
  struct wait_queue_head wr_wait; // writers and write-end pollers
  uint64 ino;                     // [I] its inode number, both ends' (fstat, /proc)
};

static const struct file_operations pipe_read_fops;
static const struct file_operations pipe_write_fops;

static void
pipe_free(struct pipe *pi)
{
  for(int i = 0; i < PIPEPAGES; i++)
    if(pi->page[i])
      free_page(pi->page[i]);
  kfree(pi);
}

static uint
pipe_room(struct pipe *pi)
{
  return PIPESIZE - (pi->nwrite - pi->nread);
}

// Full: a write of PIPE_BUF bytes would block (see the top of the file).
static int
pipe_full(struct pipe *pi)
{
  return pipe_room(pi) < PIPE_BUF;
}

int
pipealloc(struct file **rf, struct file **wf, uint flags)
{
  struct pipe *pi;
  uint nonblock = flags & O_NONBLOCK;

  if((pi = kzalloc(sizeof(*pi))) == 0)
    return -ENOMEM;
  for(int i = 0; i < PIPEPAGES; i++)
    if((pi->page[i] = alloc_page()) == 0){
      pipe_free(pi);
      return -ENOMEM;
    }
  initlock(&pi->lock, "pipe");
  init_waitqueue_head(&pi->rd_wait, "pipe.rd_wait");
  init_waitqueue_head(&pi->wr_wait, "pipe.wr_wait");
  pi->readopen = 1;
  pi->writeopen = 1;
  pi->ino = get_next_ino();

  if((*rf = filealloc(&pipe_read_fops, O_RDONLY | nonblock, pi)) == 0){
    pipe_free(pi);
    return -ENFILE;
  }
  if((*wf = filealloc(&pipe_write_fops, O_WRONLY | nonblock, pi)) == 0){
    // With the write end marked closed, closing the read end frees pi.
    pi->writeopen = 0;
    fileclose(*rf);
    return -ENFILE;
  }
  return 0;
}

/*
 * Called with pi->lock held when f cannot go on: waits on wq until a
 * wakeup (the caller tests its condition again) and returns 0, or
 * returns -EAGAIN if f is non-blocking or -ERESTARTSYS if a signal
 * came. On the queue before pi->lock is dropped, so a change made under
 * pi->lock cannot be missed (event/wait.c).
 */
static int
pipe_wait(struct pipe *pi, struct file *f, struct wait_queue_head *wq)
{
  struct wait_queue_entry wait;
  int err;

  assert_held(&pi->lock);
  if(f->flags & O_NONBLOCK)
    return -EAGAIN;
  init_waitqueue_entry(&wait, myproc());
  prepare_to_wait(wq, &wait);
  err = wait_woken(&pi->lock, 0);
  finish_wait(wq, &wait);
  return err;
}

/*
 * Copies n bytes between user memory at uaddr and the ring from stream
 * byte `at` on, in pieces that do not cross a page: to the user if out,
 * else from it. The bytes copied (short if a later piece faults), or
 * -EFAULT. Caller holds pi->lock.
 */
static int
pipe_copy(struct pipe *pi, uint at, uint64 uaddr, uint n, int out)
{
  struct mm *mm = myproc()->mm;
  uint done = 0;

  assert_held(&pi->lock);
  while(done < n){
    uint off = (at + done) % PIPESIZE;
    char *kaddr = pi->page[off / PGSIZE] + off % PGSIZE;
    uint len = PGSIZE - off % PGSIZE;
    if(len > n - done)
      len = n - done;
    int r = out ? copyout(mm, uaddr + done, kaddr, len)
                : copyin(mm, kaddr, uaddr + done, len);
    if(r < 0)
      return done > 0 ? done : -EFAULT;
    done += len;
  }
  return n;
}

static long
pipe_read(struct file *f, uint64 dst, long n)
{
  struct pipe *pi = f->private_data;
  uint avail;
  int r;

  if(n == 0)
    return 0;

  acquire(&pi->lock);
  while(pi->nread == pi->nwrite){
    if(!pi->writeopen){
      release(&pi->lock);
      return 0;
    }
    if((r = pipe_wait(pi, f, &pi->rd_wait)) < 0){
      release(&pi->lock);
      return r;
    }
  }
  avail = pi->nwrite - pi->nread;
  if(n > avail)
    n = avail;
  int was_full = pipe_full(pi);
  if((r = pipe_copy(pi, pi->nread, dst, n, 1)) > 0){
    pi->nread += r;
    if(was_full)
      wake_up_poll(&pi->wr_wait, POLLOUT | POLLWRNORM);
  }
  release(&pi->lock);
  return r;
}

/*
 * Writes all n bytes unless the readers go away (SIGPIPE), a signal
 * comes, or (O_NONBLOCK) the pipe fills: then the count written so far,
 * or the error if that is 0. A write of at most PIPE_BUF bytes waits until all
 * of it fits and goes in at once.
 */
static long
pipe_write(struct file *f, uint64 src, long n)
{
  struct pipe *pi = f->private_data;
  long done = 0;
  uint room, chunk;
  int r = 0;

  if(n == 0)
    return 0;

  acquire(&pi->lock);
  while(done < n){
    if(!pi->readopen){
      r = -EPIPE;       // and SIGPIPE, once pi->lock is dropped
      break;
    }
    // A reader fast enough never lets the pipe fill: look for a kill
    // between chunks too, not only when waiting.
    if(killed(myproc())){
      r = -EINTR;
      break;
    }
    room = pipe_room(pi);
    if(room == 0 || (n <= PIPE_BUF && room < n)){
      if((r = pipe_wait(pi, f, &pi->wr_wait)) < 0)
        break;
      continue;
    }
    chunk = n - done < room ? n - done : room;
    int was_empty = pi->nread == pi->nwrite;
    if((r = pipe_copy(pi, pi->nwrite, src + done, chunk, 0)) < 0)
      break;
    pi->nwrite += r;
    done += r;
    if(was_empty || pi->poll_usage)
      wake_up_poll(&pi->rd_wait, POLLIN | POLLRDNORM);
    if(r < chunk){
      r = -EFAULT;
      break;
    }
  }
  release(&pi->lock);
  if(r == -EPIPE)
    send_sigpipe();
  return done > 0 ? done : r;
}

static void
pipe_read_release(struct file *f)
{
  struct pipe *pi = f->private_data;
  int last;

  acquire(&pi->lock);
  pi->readopen = 0;
  wake_up_all(&pi->wr_wait);
  last = !pi->writeopen;
  release(&pi->lock);
  if(last)
    pipe_free(pi);
}

static void
pipe_write_release(struct file *f)
{
  struct pipe *pi = f->private_data;
  int last;

  acquire(&pi->lock);
  pi->writeopen = 0;
  wake_up_all(&pi->rd_wait);
  last = !pi->readopen;
  release(&pi->lock);
  if(last)
    pipe_free(pi);
}

/*
 * The poll hook of both ends (Linux's pipe_poll): the read end reports
 * IN while data is buffered and HUP once no writer is left; the write end
 * OUT while not full and ERR once no reader is left.
 */
static uint
pipe_poll(struct file *f, struct poll_table *pt)
{
  struct pipe *pi = f->private_data;
  int reader = f->f_op == &pipe_read_fops;
  uint mask = 0;

  poll_wait(f, reader ? &pi->rd_wait : &pi->wr_wait, pt);
  acquire(&pi->lock);
  pi->poll_usage = 1;
  if(reader){
    if(pi->nread != pi->nwrite)
      mask |= POLLIN | POLLRDNORM;
    if(!pi->writeopen)
      mask |= POLLHUP;
  } else {
    if(!pipe_full(pi))
      mask |= POLLOUT | POLLWRNORM;
    if(!pi->readopen)
      mask |= POLLERR;
  }
  release(&pi->lock);
  return mask;
}

// fstat: both ends show the pipe's inode number, as Linux's pipefs inode.
static void
pipe_getattr(struct file *f, struct stat *st)
{
  st->st_ino = ((struct pipe *)f->private_data)->ino;
}

static const struct file_operations pipe_read_fops = {
  .read = pipe_read,
  .release = pipe_read_release,
  .poll = pipe_poll,
  .getattr = pipe_getattr,
  .dname = "pipe:[%lu]",
  .anon_mode = S_IFIFO | S_IRUSR | S_IWUSR,
};

static const struct file_operations pipe_write_fops = {
  .write = pipe_write,
  .release = pipe_write_release,
  .poll = pipe_poll,
  .getattr = pipe_getattr,
  .dname = "pipe:[%lu]",
  .anon_mode = S_IFIFO | S_IRUSR | S_IWUSR,
};
