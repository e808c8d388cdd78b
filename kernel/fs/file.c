/*
 * Open files and fd tables.
 *
 * An open file (struct file) is a kzalloc'd object that points at the
 * operations of its kind: inode_fops for regular files and directories,
 * devsw[major] for devices, the pipe tables for pipes, ...
 *   filealloc / filedup / fileclose    make, share, drop a reference
 *   fileread / filewrite               check the access mode, call f_op
 *   filestat                           fstat: from the inode, if any
 *   files_live()                       files not yet freed (leak checks)
 * A file with an inode (f->ip) owns one reference to it, which fileclose()
 * drops after f_op->release: so a device file can fstat, and no driver
 * has to know about inodes.
 *
 * A process's fd table is an array of NOFILE / FDCHUNK pointers to
 * chunks, each allocated on first use and holding FDCHUNK file pointers
 * and their close-on-exec flags (kmalloc objects are at most a page).
 *   fdalloc / fdalloc_from / fdinstall / fdclose / fdget   the current
 *                                      process's table
 *   fdtable_copy / fdtable_closeall / fdtable_cloexec      fork, exit, exec
 *
 * Locking: ftable.lock (spinlock) for every file's ref and for the live
 * count. A process's fd table is touched only by the process itself (no
 * threads), so it has no lock. An inode file's offset is under the
 * inode's lock.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/rlimit.h"
#include "dev/console.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "event/eventpoll.h"

const struct file_operations *devsw[NDEV];

static struct {
  struct spinlock lock;
  uint64 live;            // [lock] files allocated and not yet freed
} ftable;

void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

// A new file with one reference, or 0 if out of memory.
struct file *
filealloc(const struct file_operations *f_op, uint flags, void *private_data)
{
  struct file *f;

  if((f = kzalloc(sizeof(*f))) == 0)
    return 0;
  f->f_op = f_op;
  f->ref = 1;
  f->flags = flags;
  f->private_data = private_data;
  INIT_LIST_HEAD(&f->f_ep);

  acquire(&ftable.lock);
  ftable.live++;
  release(&ftable.lock);
  return f;
}

struct file *
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup: file not referenced");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drops a reference; the last one removes the file from every epoll,
// then releases the object behind it, then the inode, then the file.
void
fileclose(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose: file not referenced");
  if(--f->ref > 0){
    release(&ftable.lock);
    return;
  }
  ftable.live--;
  release(&ftable.lock);

  // Epoll registrations go first, so no epoll sees the object die.
  eventpoll_release(f);
  if(f->f_op && f->f_op->release)
    f->f_op->release(f);
  if(f->ip){
    begin_op();
    iput(f->ip);
    end_op();
  }
  kfree(f);
}

uint64
files_live(void)
{
  uint64 n;

  acquire(&ftable.lock);
  n = ftable.live;
  release(&ftable.lock);
  return n;
}

static int
file_readable(struct file *f)
{
  uint mode = f->flags & O_ACCMODE;

  return mode == O_RDONLY || mode == O_RDWR;
}

static int
file_writable(struct file *f)
{
  uint mode = f->flags & O_ACCMODE;

  return mode == O_WRONLY || mode == O_RDWR;
}

/*
 * Reads up to n bytes into user address dst: a count or -errno. The
 * checks come in Linux's order (vfs_read), once for every kind of file:
 * the access mode (EBADF), a file that cannot be read at all (EINVAL),
 * then the buffer's range (EFAULT: a kernel address, or a count that
 * runs past user memory, as n = -1 does). A longer count is cut to
 * MAX_RW_COUNT, so a file's read sees a positive long.
 */
long
fileread(struct file *f, uint64 dst, uint64 n)
{
  if(!file_readable(f))
    return -EBADF;
  if(f->f_op->read == 0)
    return -EINVAL;
  if(!access_ok(dst, n))
    return -EFAULT;
  if(n > MAX_RW_COUNT)
    n = MAX_RW_COUNT;
  return f->f_op->read(f, dst, n);
}

// Writes up to n bytes from user address src, with fileread's checks.
long
filewrite(struct file *f, uint64 src, uint64 n)
{
  if(!file_writable(f))
    return -EBADF;
  if(f->f_op->write == 0)
    return -EINVAL;
  if(!access_ok(src, n))
    return -EFAULT;
  if(n > MAX_RW_COUNT)
    n = MAX_RW_COUNT;
  return f->f_op->write(f, src, n);
}

/*
 * Copies f's struct stat to user address addr: 0 or -EFAULT. A file with
 * no inode (a pipe, an eventfd, an epoll) stands for one of Linux's
 * inodes in a pseudo file system (pipefs, anon_inodefs): its mode is the
 * kind's anon_mode, one link, page-sized blocks, and dev, ino, size and
 * times 0.
 */
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  if(f->ip){
    ilock(f->ip);
    stati(f->ip, &st);
    iunlock(f->ip);
  } else {
    memset(&st, 0, sizeof(st));
    st.st_mode = f->f_op->anon_mode;
    st.st_nlink = 1;
    st.st_blksize = PGSIZE;
  }
  if(either_copyout(1, addr, &st, sizeof(st)) < 0)
    return -EFAULT;
  return 0;
}

// ---- inode files -------------------------------------------------------------

// Largest read or write readi()/writei() take at once; fits in a uint.
#define MAXIO ((uint64)MAXFILE * BSIZE)

static long
inode_read(struct file *f, uint64 dst, long n)
{
  long r;

  if(n > MAXIO)
    n = MAXIO;
  ilock(f->ip);
  r = readi(f->ip, 1, dst, f->off, n);
  if(r > 0)
    f->off += r;
  iunlock(f->ip);
  return r;
}

/*
 * A write is split into transactions that each write at most OPDATA
 * data blocks, a piece ending on a block boundary, so each fits in
 * MAXOPBLOCKS log blocks. The worst piece, two blocks astride the
 * singly/doubly indirect boundary on a fragmented disk, logs:
 *   2 data blocks
 *   3 indirect blocks: singly, doubly and a new one under the doubly
 *   4 bitmap blocks: the 2 data and 2 indirect blocks allocated may each
 *     come from a different bitmap block
 *   1 inode block                                          = 10
 */
#define OPDATA 2

static long
inode_write(struct file *f, uint64 src, long n)
{
  long done = 0, piece;
  int r = 0;

  while(done < n){
    // A kill stops a long write between pieces, as a fatal signal
    // stops Linux's: the process dies with what was written so far.
    if(killed(myproc())){
      r = -EINTR;
      break;
    }
    begin_op();
    ilock(f->ip);
    if(f->flags & O_APPEND)
      f->off = f->ip->size;
    piece = OPDATA * BSIZE - f->off % BSIZE;
    if(piece > n - done)
      piece = n - done;
    r = writei(f->ip, 1, src + done, f->off, piece);
    if(r > 0)
      f->off += r;
    iunlock(f->ip);
    end_op();

    if(r < 0)
      break;
    done += r;
    if(r != piece)
      break;
  }
  return done > 0 ? done : r;
}

const struct file_operations inode_fops = {
  .read = inode_read,
  .write = inode_write,
};

// ---- fd tables ---------------------------------------------------------------

struct fdchunk {
  struct file *file[FDCHUNK];   // 0: fd not open
  uchar cloexec[FDCHUNK];       // 1: close on exec
};

// The chunk holding fd in the current process's table, or 0 if fd is out
// of range or its chunk does not exist yet.
static struct fdchunk *
fdchunk(int fd)
{
  if(fd < 0 || fd >= NOFILE)
    return 0;
  return myproc()->fdt.chunks[fd / FDCHUNK];
}

// fdchunk(), allocating the chunk if need be: 0 only if out of memory.
// fd must be in range.
static struct fdchunk *
fdchunk_alloc(int fd)
{
  struct fdchunk **cp = &myproc()->fdt.chunks[fd / FDCHUNK];

  if(*cp == 0)
    *cp = kzalloc(sizeof(struct fdchunk));
  return *cp;
}

// Puts f at the lowest free fd >= min and below RLIMIT_NOFILE (at most
// NOFILE): the fd, or -EMFILE or -ENOMEM. The caller's reference to f
// now belongs to the fd.
int
fdalloc_from(struct file *f, int min, int cloexec)
{
  struct fdchunk *c;
  uint64 limit = rlimit(RLIMIT_NOFILE);
  int fd;

  if(min < 0)
    min = 0;
  for(fd = min; fd < limit; fd++){
    if((c = fdchunk_alloc(fd)) == 0)
      return -ENOMEM;
    if(c->file[fd % FDCHUNK] == 0){
      c->file[fd % FDCHUNK] = f;
      c->cloexec[fd % FDCHUNK] = cloexec != 0;
      return fd;
    }
  }
  return -EMFILE;
}

int
fdalloc(struct file *f, int cloexec)
{
  return fdalloc_from(f, 0, cloexec);
}

// Puts f at fd (in range), closing the file that was there: 0 or
// -ENOMEM, in which case nothing changed. The caller's reference to f
// now belongs to the fd.
int
fdinstall(int fd, struct file *f, int cloexec)
{
  struct fdchunk *c;
  struct file *old;

  if((c = fdchunk_alloc(fd)) == 0)
    return -ENOMEM;
  old = c->file[fd % FDCHUNK];
  c->file[fd % FDCHUNK] = f;
  c->cloexec[fd % FDCHUNK] = cloexec != 0;
  if(old)
    fileclose(old);
  return 0;
}

struct file *
fdget(int fd)
{
  struct fdchunk *c;

  if((c = fdchunk(fd)) == 0)
    return 0;
  return c->file[fd % FDCHUNK];
}

int
fdget_cloexec(int fd)
{
  return fdchunk(fd)->cloexec[fd % FDCHUNK];
}

void
fdset_cloexec(int fd, int cloexec)
{
  fdchunk(fd)->cloexec[fd % FDCHUNK] = cloexec != 0;
}

int
fdclose(int fd)
{
  struct fdchunk *c;
  struct file *f;

  if((c = fdchunk(fd)) == 0 || (f = c->file[fd % FDCHUNK]) == 0)
    return -EBADF;
  c->file[fd % FDCHUNK] = 0;
  c->cloexec[fd % FDCHUNK] = 0;
  fileclose(f);
  return 0;
}

// Fills dst, which is empty, with a copy of src sharing its files:
// 0, or -ENOMEM with dst left empty.
int
fdtable_copy(struct fdtable *dst, struct fdtable *src)
{
  struct fdchunk *c;
  int i, j;

  for(i = 0; i < NOFILE / FDCHUNK; i++){
    if(src->chunks[i] == 0)
      continue;
    if((c = kmalloc(sizeof(*c))) == 0){
      fdtable_closeall(dst);
      return -ENOMEM;
    }
    memmove(c, src->chunks[i], sizeof(*c));
    for(j = 0; j < FDCHUNK; j++)
      if(c->file[j])
        filedup(c->file[j]);
    dst->chunks[i] = c;
  }
  return 0;
}

// Closes every fd and frees the table's chunks.
void
fdtable_closeall(struct fdtable *fdt)
{
  struct fdchunk *c;
  struct file *f;
  int i, j;

  for(i = 0; i < NOFILE / FDCHUNK; i++){
    if((c = fdt->chunks[i]) == 0)
      continue;
    for(j = 0; j < FDCHUNK; j++){
      if((f = c->file[j]) != 0){
        c->file[j] = 0;
        fileclose(f);
      }
    }
    fdt->chunks[i] = 0;
    kfree(c);
  }
}

// Closes the fds marked close-on-exec.
void
fdtable_cloexec(struct fdtable *fdt)
{
  struct fdchunk *c;
  struct file *f;
  int i, j;

  for(i = 0; i < NOFILE / FDCHUNK; i++){
    if((c = fdt->chunks[i]) == 0)
      continue;
    for(j = 0; j < FDCHUNK; j++){
      if((f = c->file[j]) != 0 && c->cloexec[j]){
        c->file[j] = 0;
        c->cloexec[j] = 0;
        fileclose(f);
      }
    }
  }
}
