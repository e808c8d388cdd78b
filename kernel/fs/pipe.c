/*
 * Pipes: a PIPESIZE-byte ring buffer between two open files, the read end
 * and the write end, each with its own operations table.
 *   pipealloc(&rf, &wf, flags)   a new pipe; flags may hold O_NONBLOCK
 *   pipe_read / pipe_write       blocking, or -EAGAIN with O_NONBLOCK
 *   each end's release           closes that end; the last frees the pipe
 *
 * Semantics are Linux's (pipe(7)), with a smaller buffer: a write of at
 * most PIPE_BUF bytes is atomic (it waits for room for all of it, and
 * never interleaves with other writes); a longer one may be split. Read
 * of an empty pipe with no writers is 0 (end of file); write with no
 * readers is -EPIPE. A process killed while blocked gets -EINTR, or the
 * count it already moved.
 *
 * Blocking goes through pipe_wait() alone: sleep(chan, &pi->lock) on
 * &pi->nread (readers wait for data) or &pi->nwrite (writers wait for
 * room); whoever changes the condition calls wakeup() on that channel
 * while holding pi->lock, so no wakeup slips between a test and a sleep.
 *
 * Locking: pi->lock, a spinlock, for the counters and the open flags.
 * User memory is copied with it held, as xv6 does: copyin and copyout
 * never sleep.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "fs/file.h"
#include "fs/pipe.h"

#define PIPESIZE 4096   // bytes the ring holds
#define PIPE_BUF 4096   // writes up to this size are atomic

/*
 * Invariants: 0 <= nwrite - nread <= PIPESIZE (bytes buffered); byte i
 * of the stream is at data[i % PIPESIZE]. The counters wrap as uints,
 * which PIPESIZE, a power of two, survives. The pipe is freed when both
 * readopen and writeopen are 0.
 * Tags: [l] lock, [I] set in pipealloc(), then constant.
 */
struct pipe {
  struct spinlock lock;
  char *data;       // [I] the ring; kmalloc'd apart, since with the other
                    // fields it would pass kmalloc's one-page limit
  uint nread;       // [l] bytes read so far
  uint nwrite;      // [l] bytes written so far
  int readopen;     // [l] the read end is still open
  int writeopen;    // [l] the write end is still open
};

static const struct file_operations pipe_read_fops;
static const struct file_operations pipe_write_fops;

static void
pipe_free(struct pipe *pi)
{
  kfree(pi->data);
  kfree(pi);
}

int
pipealloc(struct file **rf, struct file **wf, uint flags)
{
  struct pipe *pi;
  uint nonblock = flags & O_NONBLOCK;

  if((pi = kzalloc(sizeof(*pi))) == 0)
    return -ENOMEM;
  if((pi->data = kmalloc(PIPESIZE)) == 0){
    kfree(pi);
    return -ENOMEM;
  }
  initlock(&pi->lock, "pipe");
  pi->readopen = 1;
  pi->writeopen = 1;

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
 * Called with pi->lock held when f cannot go on: waits once on chan and
 * returns 0 (the caller tests its condition again), or returns -EAGAIN
 * if f is non-blocking or -EINTR if the process has been killed.
 */
static int
pipe_wait(struct pipe *pi, struct file *f, void *chan)
{
  if(f->flags & O_NONBLOCK)
    return -EAGAIN;
  if(killed(myproc()))
    return -EINTR;
  sleep(chan, &pi->lock);
  return 0;
}

// Copies n bytes of the stream, from byte nread on, to user address dst,
// in at most two pieces as the data may wrap: the bytes copied (short if
// the second piece faults), or -EFAULT. Caller holds pi->lock.
static int
pipe_copyout(struct pipe *pi, uint64 dst, uint n)
{
  pagetable_t pt = myproc()->pagetable;
  uint at = pi->nread % PIPESIZE;
  uint first = n < PIPESIZE - at ? n : PIPESIZE - at;

  if(copyout(pt, dst, pi->data + at, first) < 0)
    return -EFAULT;
  if(first < n && copyout(pt, dst + first, pi->data, n - first) < 0)
    return first;
  return n;
}

// The same the other way: bytes from src become the stream's bytes from
// nwrite on.
static int
pipe_copyin(struct pipe *pi, uint64 src, uint n)
{
  pagetable_t pt = myproc()->pagetable;
  uint at = pi->nwrite % PIPESIZE;
  uint first = n < PIPESIZE - at ? n : PIPESIZE - at;

  if(copyin(pt, pi->data + at, src, first) < 0)
    return -EFAULT;
  if(first < n && copyin(pt, pi->data, src + first, n - first) < 0)
    return first;
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
    if((r = pipe_wait(pi, f, &pi->nread)) < 0){
      release(&pi->lock);
      return r;
    }
  }
  avail = pi->nwrite - pi->nread;
  if(n > avail)
    n = avail;
  if((r = pipe_copyout(pi, dst, n)) > 0){
    pi->nread += r;
    wakeup(&pi->nwrite);
  }
  release(&pi->lock);
  return r;
}

/*
 * Writes all n bytes unless the readers go away, the process is killed,
 * or (O_NONBLOCK) the pipe fills: then the count written so far, or the
 * error if that is 0. A write of at most PIPE_BUF bytes waits until all
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
      r = -EPIPE;
      break;
    }
    room = PIPESIZE - (pi->nwrite - pi->nread);
    if(room == 0 || (n <= PIPE_BUF && room < n)){
      if((r = pipe_wait(pi, f, &pi->nwrite)) < 0)
        break;
      continue;
    }
    chunk = n - done < room ? n - done : room;
    if((r = pipe_copyin(pi, src + done, chunk)) < 0)
      break;
    pi->nwrite += r;
    done += r;
    wakeup(&pi->nread);
    if(r < chunk){
      r = -EFAULT;
      break;
    }
  }
  release(&pi->lock);
  return done > 0 ? done : r;
}

static void
pipe_read_release(struct file *f)
{
  struct pipe *pi = f->private_data;
  int last;

  acquire(&pi->lock);
  pi->readopen = 0;
  wakeup(&pi->nwrite);
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
  wakeup(&pi->nread);
  last = !pi->readopen;
  release(&pi->lock);
  if(last)
    pipe_free(pi);
}

static const struct file_operations pipe_read_fops = {
  .read = pipe_read,
  .release = pipe_read_release,
};

static const struct file_operations pipe_write_fops = {
  .write = pipe_write,
  .release = pipe_write_release,
};
