/*
 * Open files and fd tables.
 *
 * An open file (struct file) is a kzalloc'd object that points at the
 * operations of its kind: inode_fops for regular files and directories,
 * devsw[major] for devices, the pipe tables for pipes, ...
 *   filealloc / filedup / fileclose    make, share, drop a reference
 *   fileread / filewrite               read, write: file_rw on one segment
 *   file_rw                            those and the p- and -v forms: check,
 *                                      then call f_op, segment by segment
 *   file_getdents                      getdents64 on a directory
 *   filestat, file_getattr             fstat: from the inode, if any
 *   get_next_ino()                     a pipe's or socket's inode number
 *   files_fdget, files_next_fd         another process's fds (/proc)
 *   files_live()                       open files not yet freed (leak checks)
 * A file with an inode (f->ip) owns one reference to it, which fileclose()
 * drops after f_op->release: so a device file can fstat, and no driver
 * has to know about inodes.
 *
 * An fd table (struct files, Linux's files_struct) maps fds to open
 * files. The threads of a process share one, and so do a parent and a
 * clone(CLONE_FILES) child; it lives while ref > 0. It is an array of
 * NOFILE / FDCHUNK pointers to chunks, each allocated on first use and
 * holding FDCHUNK file pointers and their close-on-exec flags (kmalloc
 * objects are at most a page).
 *   files_alloc / files_copy / files_get / files_put   make, copy (fork),
 *                                      share (threads), drop (exit)
 *   files_unshare, files_close_on_exec execve
 *   fdalloc / fdalloc_from / fdinstall / fdclose / fdget / fdput /
 *   fdget_cloexec / fdset_cloexec      the current process's table
 *   fdreserve / fdcommit / fdunreserve   an fd for a file still to be made
 * Invariants (files_check() tests them; the checking build after every
 * change):
 *   F1  a chunk, once in chunks[], stays there until the table is freed.
 *   F2  a close-on-exec flag is 0 or 1, and 1 only on a taken fd.
 *   F3  ref >= 1 while any holder can reach the table.
 *   F4  taken is 0 or 1; an fd with a file is taken. A taken fd without
 *       one is reserved (fdreserve): a file is being made for it.
 *   F5  a chunk's ntaken is the number of its taken fds.
 * A change to one fd checks that fd's chunk (F2, F4, F5) and F3, so a
 * check costs the same however many fds the table holds; fork checks the
 * whole table.
 *
 * Locking:
 *   1. files.lock (spinlock, one per table) for its ref, its chunk
 *      pointers and every entry and flag in its chunks: another thread
 *      may open, close or look up fds on another hart at any time.
 *      Never held across a sleep, so never across fileclose(), which may
 *      sleep (epoll, iput): an fd's file is taken out under the lock and
 *      closed after it is dropped.
 *   2. ftable.lock (spinlock) for the live count.
 * A file's ref is atomic (amoadd), as Linux's f_count: every system call
 * on an fd takes and drops one (fdget, fdput), so a lock pair there would
 * cost more than the rest of a small read. An inode file's offset is
 * under the inode's lock.
 *
 * Growth: a chunk is allocated with files.lock dropped (fdchunk_grow) and
 * put in under it, unless another thread put one there meanwhile, in
 * which case the new one is freed. Lookups read chunks[] under the lock
 * too, so no lookup sees a half-made chunk; and by F1 a chunk pointer
 * read under the lock stays good while it is held.
 *
 * References: each open fd holds one on its file. fdget() takes another
 * for its caller, under files.lock, and the caller drops it with fdput()
 * on every path out of the system call. So a file stays open while a
 * call uses it even if another thread closes its fd meanwhile: a read
 * blocked on a pipe whose fd is closed goes on, as in Linux, and the last
 * fdput() is then the last close. Nothing may keep a file past its call
 * without a reference of its own (filedup): poll's wait entries take
 * one; epoll's epitems take none, since eventpoll_release() removes them
 * at the last close.
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
#include "nudge/uio.h"
#include "nudge/poll.h"
#include "nudge/dirent.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "event/eventpoll.h"
#include "lib/invariant.h"

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

// One more reference to f, whose caller holds one already.
struct file *
filedup(struct file *f)
{
  if(__atomic_fetch_add(&f->ref, 1, __ATOMIC_RELAXED) < 1)
    panic("filedup: file not referenced");
  return f;
}

// Drops a reference; the last one removes the file from every epoll,
// then releases the object behind it, then the inode, then the file.
// The count goes down with release ordering and the last one sees every
// holder's stores (acquire), as Linux's fput.
void
fileclose(struct file *f)
{
  int ref = __atomic_sub_fetch(&f->ref, 1, __ATOMIC_ACQ_REL);

  if(ref < 0)
    panic("fileclose: file not referenced");
  if(ref > 0)
    return;
  acquire(&ftable.lock);
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

void
iov_iter_one(struct iov_iter *it, uint64 base, uint64 len)
{
  it->one.iov_base = (void *)base;
  it->one.iov_len = len;
  it->user = 0;
  it->nr_segs = 1;
}

void
iov_iter_user(struct iov_iter *it, uint64 uiov, int nr_segs)
{
  it->user = 1;
  it->uiov = uiov;
  it->nr_segs = nr_segs;
}

// Segment i of it into *iov: -EFAULT if the array cannot be read,
// -EINVAL for a length in it that is negative as a ssize_t (read's
// count is only cut, as vfs_read's).
static int
seg_fetch(struct iov_iter *it, int i, struct iovec *iov)
{
  if(!it->user){
    *iov = it->one;
    return 0;
  }
  if(copyin(myproc()->mm, iov, it->uiov + i * sizeof(*iov), sizeof(*iov)) < 0)
    return -EFAULT;
  return (long)iov->iov_len < 0 ? -EINVAL : 0;
}

/*
 * Segment i of it into *iov, checked: seg_fetch()'s answers, -EFAULT for
 * a range that is not user memory. *total counts the bytes of the
 * segments so far; a segment that would take it past MAX_RW_COUNT is
 * cut short.
 */
int
iov_iter_seg(struct iov_iter *it, int i, struct iovec *iov, uint64 *total)
{
  int r;

  if((r = seg_fetch(it, i, iov)) < 0)
    return r;
  if(!access_ok((uint64)iov->iov_base, iov->iov_len))
    return -EFAULT;
  if(iov->iov_len > MAX_RW_COUNT - *total)
    iov->iov_len = MAX_RW_COUNT - *total;
  *total += iov->iov_len;
  return 0;
}

/*
 * Every segment of it, checked as Linux's import_iovec checks them,
 * before anything moves: first the whole array is read (-EFAULT) and
 * every length looked at (-EINVAL), then every range (-EFAULT). *total:
 * their bytes, cut at MAX_RW_COUNT.
 */
int
iov_iter_check(struct iov_iter *it, uint64 *total)
{
  struct iovec iov;
  int i, r;

  for(i = 0; i < it->nr_segs; i++)
    if((r = seg_fetch(it, i, &iov)) < 0)
      return r;
  *total = 0;
  for(i = 0; i < it->nr_segs; i++)
    if((r = iov_iter_seg(it, i, &iov, total)) < 0)
      return r;
  return 0;
}

static long inode_read_at(struct file *f, uint64 dst, long n, long *pos);
static long inode_write_at(struct file *f, uint64 src, long n, long *pos);

// Can the file be read or written at a position of the caller's
// (pread, pwrite)? Inode files only: Linux's FMODE_PREAD, which pipes,
// terminals, eventfds and epolls lack.
static int
file_positional(struct file *f)
{
  return f->f_op == &inode_fops;
}

// One segment, at *pos if pos is not 0, else at the file's own position.
static long
file_rw_seg(struct file *f, int write, struct iovec *iov, long *pos)
{
  uint64 base = (uint64)iov->iov_base;

  if(pos)
    return write ? inode_write_at(f, base, iov->iov_len, pos) :
                   inode_read_at(f, base, iov->iov_len, pos);
  return write ? f->f_op->write(f, base, iov->iov_len) :
                 f->f_op->read(f, base, iov->iov_len);
}

// Is there something to read without blocking? A read after the first
// segment may not block: a read returns once it has something.
static int
file_readable_now(struct file *f)
{
  return f->f_op->poll == 0 || (f->f_op->poll(f, 0) & POLLIN);
}

/*
 * Reads (write 0) or writes the segments of it: a byte count or -errno.
 * pos is where, for pread and pwrite (-ESPIPE for a file without a
 * position of its own); 0 means the file's position. The checks come in
 * Linux's order (vfs_readv): the access mode (EBADF), a file that cannot
 * be read at all (EINVAL), more than UIO_MAXIOV segments (EINVAL), then
 * every segment (iov_iter_check), before anything moves. A vector of no
 * bytes at all is 0 without asking the file; a single segment goes to
 * the file even when empty (an eventfd says EINVAL).
 *
 * The segments go one after the other through the file's read or write,
 * stopping at the first short one; an error after some bytes moved
 * gives the count. So a writev to a pipe is atomic per segment, not as
 * a whole, and an eventfd's 8 bytes must be in one segment
 * (docs/linux-differences.md).
 */
long
file_rw(struct file *f, int write, struct iov_iter *it, long *pos)
{
  struct iovec iov;
  uint64 total = 0;
  long done = 0, r;
  int i;

  if(pos && !file_positional(f))
    return -ESPIPE;
  if(!(write ? file_writable(f) : file_readable(f)))
    return -EBADF;
  if(write ? f->f_op->write == 0 : f->f_op->read == 0)
    return -EINVAL;
  if(it->nr_segs > UIO_MAXIOV)
    return -EINVAL;
  if((r = iov_iter_check(it, &total)) < 0)
    return r;
  if(it->user && total == 0)
    return 0;
  if(f->f_op->rw_iter)
    return f->f_op->rw_iter(f, write, it);

  total = 0;
  for(i = 0; i < it->nr_segs; i++){
    if(iov_iter_seg(it, i, &iov, &total) < 0)
      break;
    if(done > 0 && !write && !file_readable_now(f))
      break;
    if((r = file_rw_seg(f, write, &iov, pos)) < 0)
      return done > 0 ? done : r;
    done += r;
    if(r < iov.iov_len)
      break;
  }
  return done;
}

// read(2) and write(2): one segment at the file's position.
long
fileread(struct file *f, uint64 dst, uint64 n)
{
  struct iov_iter it;

  iov_iter_one(&it, dst, n);
  return file_rw(f, 0, &it, 0);
}

long
filewrite(struct file *f, uint64 src, uint64 n)
{
  struct iov_iter it;

  iov_iter_one(&it, src, n);
  return file_rw(f, 1, &it, 0);
}

// lseek for a file whose position means nothing (Linux's noop_llseek:
// eventfd, epoll): it stays 0.
long
noop_llseek(struct file *f, long offset, int whence)
{
  return 0;
}

/*
 * f's struct stat into *st. A file with no inode (a pipe, an eventfd, an
 * epoll) stands for one of Linux's inodes in a pseudo file system
 * (pipefs, anon_inodefs): its mode is the kind's anon_mode, one link,
 * page-sized blocks, and dev, ino, size and times 0; then the kind's
 * getattr, if any, puts in what it knows besides (a pipe's inode number,
 * all of a /proc entry).
 */
void
file_getattr(struct file *f, struct stat *st)
{
  if(f->ip){
    ilock(f->ip);
    stati(f->ip, st);
    iunlock(f->ip);
    return;
  }
  memset(st, 0, sizeof(*st));
  st->st_mode = f->f_op->anon_mode;
  st->st_nlink = 1;
  st->st_blksize = PGSIZE;
  if(f->f_op->getattr)
    f->f_op->getattr(f, st);
}

// An inode number for an object no disk holds, a pipe or a socket: each
// its own, counting up from 1, as Linux's get_next_ino() gives pipefs
// and sockfs. Shown by fstat and /proc ("pipe:[12]").
uint64
get_next_ino(void)
{
  static uint64 last_ino;

  return __atomic_add_fetch(&last_ino, 1, __ATOMIC_RELAXED);
}

// fstat: f's struct stat to user address addr: 0 or -EFAULT.
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  file_getattr(f, &st);
  if(either_copyout(1, addr, &st, sizeof(st)) < 0)
    return -EFAULT;
  return 0;
}

// ---- inode files -------------------------------------------------------------

// Largest read or write readi()/writei() take at once; fits in a uint.
#define MAXIO ((uint64)MAXFILE * BSIZE)

/*
 * Reads at *pos and moves it past what was read. A directory is not
 * read (EISDIR, as Linux's generic_read_dir): getdents64 lists it. A
 * position past the end reads nothing.
 */
static long
inode_read_at(struct file *f, uint64 dst, long n, long *pos)
{
  long r = 0;

  if(n > MAXIO)
    n = MAXIO;
  ilock(f->ip);
  if(f->ip->type == T_DIR)
    r = -EISDIR;
  else if(*pos < f->ip->size)
    r = readi(f->ip, 1, dst, *pos, n);
  if(r > 0)
    *pos += r;
  iunlock(f->ip);
  return r;
}

static long
inode_read(struct file *f, uint64 dst, long n)
{
  return inode_read_at(f, dst, n, &f->off);
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
inode_write_at(struct file *f, uint64 src, long n, long *pos)
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
    // O_APPEND writes at the end even for pwrite, as Linux's do.
    if(f->flags & O_APPEND)
      *pos = f->ip->size;
    piece = OPDATA * BSIZE - *pos % BSIZE;
    if(piece > n - done)
      piece = n - done;
    if(*pos >= MAXIO)
      r = -EFBIG;
    else
      r = writei(f->ip, 1, src + done, *pos, piece);
    if(r > 0)
      *pos += r;
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

static long
inode_write(struct file *f, uint64 src, long n)
{
  return inode_write_at(f, src, n, &f->off);
}

/*
 * lseek for inode files, as Linux's generic_file_llseek: SEEK_DATA and
 * SEEK_HOLE see the whole file as data, with a hole at its end, and
 * are ENXIO at or past it. The new position must lie in 0..MAXIO
 * (Linux's s_maxbytes), else EINVAL; past the end is allowed, and a
 * write there leaves a hole that reads as zeroes.
 */
static long
inode_llseek(struct file *f, long offset, int whence)
{
  long pos;

  ilock(f->ip);
  switch(whence){
  case SEEK_SET:
    pos = offset;
    break;
  case SEEK_CUR:
    pos = (long)((uint64)f->off + offset);     // wraps negative: EINVAL
    break;
  case SEEK_END:
    pos = (long)((uint64)f->ip->size + offset);
    break;
  default:    // SEEK_DATA, SEEK_HOLE
    if(offset < 0 || offset >= f->ip->size)
      pos = -ENXIO;
    else
      pos = whence == SEEK_DATA ? offset : f->ip->size;
    break;
  }
  if(pos != -ENXIO && (pos < 0 || pos > MAXIO))
    pos = -EINVAL;
  if(pos >= 0)
    f->off = pos;
  iunlock(f->ip);
  return pos;
}

const struct file_operations inode_fops = {
  .read = inode_read,
  .write = inode_write,
  .llseek = inode_llseek,
};

// A struct linux_dirent64 for a name of len bytes: the header, the name
// and its NUL, rounded up to 8 bytes.
#define DIRENT64_RECLEN(len) \
  ((__builtin_offsetof(struct linux_dirent64, d_name) + (len) + 1 + 7) & ~7UL)

static uchar
dirent64_type(short type)
{
  switch(type){
  case T_DIR:
    return DT_DIR;
  case T_FILE:
    return DT_REG;
  case T_DEVICE:
    return DT_CHR;
  case T_SOCK:
    return DT_SOCK;
  }
  return DT_UNKNOWN;
}

/*
 * Copies one struct linux_dirent64 to user address dst with room bytes
 * left: the entry named name (len bytes, at most DIRSIZ), its inode
 * number, type (DT_*) and the position after it (d_off). Its length, 0
 * if it does not fit, or -EFAULT.
 */
long
dirent64_emit(uint64 dst, uint64 room, uint64 ino, long next, uchar type,
              const char *name, int len)
{
  uint64 rec[DIRENT64_RECLEN(DIRSIZ) / sizeof(uint64)];   // aligned
  struct linux_dirent64 *d = (struct linux_dirent64 *)rec;

  if(DIRENT64_RECLEN(len) > room)
    return 0;
  memset(rec, 0, sizeof(rec));
  d->d_ino = ino;
  d->d_off = next;
  d->d_reclen = DIRENT64_RECLEN(len);
  d->d_type = type;
  memmove(d->d_name, name, len);
  if(copyout(myproc()->mm, dst, rec, d->d_reclen) < 0)
    return -EFAULT;
  return d->d_reclen;
}

// One record for de, the entry ending at offset next, as dirent64_emit.
// Caller holds the directory's lock.
static long
dirent64_put(struct inode *dp, struct dirent *de, uint next, uint64 dst,
             uint64 room)
{
  int len = 0;

  assert_held_sleep(&dp->lock);
  while(len < DIRSIZ && de->name[len])
    len++;
  return dirent64_emit(dst, room, de->inum, next,
                       dirent64_type(itype(dp->dev, de->inum)), de->name, len);
}

/*
 * getdents64: the entries of directory f from its position on, as
 * struct linux_dirent64 records into user address dst (n bytes), and
 * the position moved past them: the bytes written, 0 at the end, or
 * -errno: ENOTDIR for anything but a directory, EINVAL if the next
 * record does not fit in n, EFAULT. Free slots (inum 0) are skipped;
 * "." and ".." are the directory's first two entries. The position is a
 * byte offset in the directory, rounded up to a whole entry here. A
 * directory without an inode lists itself (f_op->getdents: /proc).
 */
long
file_getdents(struct file *f, uint64 dst, uint64 n)
{
  struct inode *dp = f->ip;
  struct dirent de;
  long done = 0, r = 0;
  uint off;
  int more;

  if(f->f_op->getdents)
    return f->f_op->getdents(f, dst, n);
  if(dp == 0 || f->f_op != &inode_fops)
    return -ENOTDIR;
  ilock(dp);
  if(dp->type != T_DIR){
    iunlock(dp);
    return -ENOTDIR;
  }
  off = (f->off + sizeof(de) - 1) / sizeof(de) * sizeof(de);
  for(; off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("file_getdents: short directory read");
    if(de.inum == 0)
      continue;
    if((r = dirent64_put(dp, &de, off + sizeof(de), dst + done,
                         n - done)) <= 0)
      break;
    done += r;
  }
  more = off < dp->size;
  if(done > 0)
    f->off = off;
  iunlock(dp);
  if(done > 0)
    return done;
  return r < 0 ? r : more ? -EINVAL : 0;
}

// ---- fd tables ---------------------------------------------------------------

struct fdchunk {
  struct file *file[FDCHUNK];   // [lock] the fd's file, or 0: not open (F4)
  uchar taken[FDCHUNK];         // [lock] 1: open or reserved
  uchar cloexec[FDCHUNK];       // [lock] 1: close on exec (F2)
  int ntaken;                   // [lock] taken fds: FDCHUNK, a full chunk (F5)
};

#define NCHUNK (NOFILE / FDCHUNK)

// Is fd a valid index into a table (not: is it open)?
static int
fd_in_range(int fd)
{
  return fd >= 0 && fd < NOFILE;
}

// F2, F4 and F5 for one chunk: 0 or the number of the first one broken.
// Caller holds the table's lock, or is the only one that can reach it.
int
fdchunk_check(struct fdchunk *c)
{
  int j, ntaken = 0;

  for(j = 0; j < FDCHUNK; j++){
    if(c->cloexec[j] > 1 || (c->cloexec[j] && !c->taken[j]))
      return 2;
    if(c->taken[j] > 1 || (c->file[j] && !c->taken[j]))
      return 4;
    ntaken += c->taken[j];
  }
  return ntaken == c->ntaken ? 0 : 5;
}

/*
 * fs's invariants (the comment at the top of the file): 0, or the number
 * of the first one broken. Caller holds fs->lock, or is the only one
 * that can reach fs. Reads only.
 */
int
files_check(struct files *fs)
{
  int i, r;

  if(fs->ref < 1)
    return 3;
  for(i = 0; i < NCHUNK; i++)
    if(fs->chunks[i] && (r = fdchunk_check(fs->chunks[i])) != 0)
      return r;
  return 0;
}

static void
files_checked(struct files *fs)
{
  INVARIANTS(files_check, 'F', fs);
}

// After a change to one fd, in chunk c of fs: F3 and c's rules.
int
fd_change_check(struct files *fs, struct fdchunk *c)
{
  return fs->ref < 1 ? 3 : fdchunk_check(c);
}

static void
fd_changed(struct files *fs, struct fdchunk *c)
{
  assert_held(&fs->lock);
  INVARIANTS(fd_change_check, 'F', fs, c);
}

struct files *
files_alloc(void)
{
  struct files *fs;

  if((fs = kzalloc(sizeof(*fs))) == 0)
    return 0;
  initlock(&fs->lock, "files");
  fs->ref = 1;
  return fs;
}

void
files_get(struct files *fs)
{
  acquire(&fs->lock);
  if(fs->ref < 1)
    panic("files_get: table not referenced");
  fs->ref++;
  release(&fs->lock);
}

// Closes every fd and frees the table. Only the last holder calls it:
// no other hart can reach fs, so no lock.
static void
files_free(struct files *fs)
{
  struct fdchunk *c;
  int i, j;

  for(i = 0; i < NCHUNK; i++){
    if((c = fs->chunks[i]) == 0)
      continue;
    for(j = 0; j < FDCHUNK; j++)
      if(c->file[j])
        fileclose(c->file[j]);
    kfree(c);
  }
  kfree(fs);
}

void
files_put(struct files *fs)
{
  int last;

  acquire(&fs->lock);
  if(fs->ref < 1)
    panic("files_put: table not referenced");
  last = --fs->ref == 0;
  release(&fs->lock);
  if(last)
    files_free(fs);
}

/*
 * Makes sure chunk i of fs exists: 0 or -ENOMEM. Caller holds fs->lock;
 * to allocate, it is dropped and taken again, so the caller must look
 * again at anything else it read under it. The new chunk goes in only if
 * no one put one there meanwhile (F1).
 */
static int
fdchunk_grow(struct files *fs, int i)
{
  struct fdchunk *c;

  assert_held(&fs->lock);
  if(fs->chunks[i])
    return 0;
  release(&fs->lock);
  c = kzalloc(sizeof(*c));
  acquire(&fs->lock);
  if(c == 0)
    return -ENOMEM;
  if(fs->chunks[i] == 0){
    fs->chunks[i] = c;
    return 0;
  }
  release(&fs->lock);
  kfree(c);
  acquire(&fs->lock);
  return 0;
}

/*
 * fork: a new table with src's open fds, each file shared (filedup) and
 * each close-on-exec flag copied, but not its reservations (another
 * thread's open in progress); 0 if out of memory. The chunks are
 * allocated with src's lock dropped, then the entries copied in one
 * stretch under it; if src grew meanwhile, the new chunk is allocated
 * too and the walk starts over (chunks never go away: F1).
 */
struct files *
files_copy(struct files *src)
{
  struct files *fs;
  struct fdchunk *c;
  int i, j;

  if((fs = files_alloc()) == 0)
    return 0;
  acquire(&src->lock);
  for(i = 0; i < NCHUNK; i++){
    if(src->chunks[i] == 0 || fs->chunks[i])
      continue;
    release(&src->lock);
    fs->chunks[i] = kzalloc(sizeof(struct fdchunk));
    acquire(&src->lock);
    if(fs->chunks[i] == 0){
      release(&src->lock);
      files_put(fs);
      return 0;
    }
    i = -1;
  }
  for(i = 0; i < NCHUNK; i++){
    if(src->chunks[i] == 0)
      continue;
    c = fs->chunks[i];
    memmove(c, src->chunks[i], sizeof(*c));
    for(j = 0; j < FDCHUNK; j++){
      if(c->file[j]){
        filedup(c->file[j]);
      } else if(c->taken[j]){
        c->taken[j] = c->cloexec[j] = 0;  // a reservation stays in src
        c->ntaken--;
      }
    }
  }
  files_checked(src);
  release(&src->lock);
  files_checked(fs);
  return fs;
}

// Takes fd's file out of its chunk c: the file, whose reference passes
// to the caller. Caller holds fs->lock.
static struct file *
fd_take_locked(struct files *fs, struct fdchunk *c, int fd)
{
  struct file *f = c->file[fd % FDCHUNK];

  assert_held(&fs->lock);
  c->file[fd % FDCHUNK] = 0;
  c->taken[fd % FDCHUNK] = 0;
  c->cloexec[fd % FDCHUNK] = 0;
  c->ntaken--;
  fd_changed(fs, c);
  return f;
}

// Closes the fds marked close-on-exec, as Linux's do_close_on_exec: one
// walk under the lock, dropped only to close a file.
void
files_close_on_exec(struct files *fs)
{
  struct fdchunk *c;
  struct file *f;
  int i, j;

  acquire(&fs->lock);
  for(i = 0; i < NCHUNK; i++){
    if((c = fs->chunks[i]) == 0)
      continue;
    for(j = 0; j < FDCHUNK; j++){
      if(c->file[j] && c->cloexec[j]){
        f = fd_take_locked(fs, c, i * FDCHUNK + j);
        release(&fs->lock);
        fileclose(f);
        acquire(&fs->lock);
      }
    }
  }
  release(&fs->lock);
}

/*
 * execve: gives p a table of its own if its table is shared (by now it
 * cannot be: only threads share one, and they are gone), as Linux's
 * unshare_files(): 0, or -ENOMEM with nothing changed. execve then
 * closes the fds marked close-on-exec (files_close_on_exec).
 */
int
files_unshare(struct proc *p)
{
  struct files *fs = p->files, *own;
  int shared;

  acquire(&fs->lock);
  shared = fs->ref > 1;
  release(&fs->lock);
  if(shared){
    if((own = files_copy(fs)) == 0)
      return -ENOMEM;
    acquire(&p->lock);        // /proc reads another process's (proc_files_get)
    p->files = own;
    release(&p->lock);
    files_put(fs);
  }
  return 0;
}

// The lowest free fd >= min and below limit, its chunk made: the fd,
// -EMFILE or -ENOMEM. Full chunks are stepped over whole, so finding
// the 65,536th fd looks at 256 chunks, not at 65,535 fds. Caller holds
// fs->lock; fdchunk_grow may drop it for a moment, so the fd is the
// lowest free one as of the return.
static int
fd_find_free(struct files *fs, int min, uint64 limit)
{
  struct fdchunk *c;
  int fd, r;

  assert_held(&fs->lock);
  for(fd = min; fd < limit; fd++){
    if((c = fs->chunks[fd / FDCHUNK]) != 0 && c->ntaken == FDCHUNK){
      fd = (fd / FDCHUNK + 1) * FDCHUNK - 1;
      continue;
    }
    if((r = fdchunk_grow(fs, fd / FDCHUNK)) < 0)
      return r;
    if(!fs->chunks[fd / FDCHUNK]->taken[fd % FDCHUNK])
      return fd;
  }
  return -EMFILE;
}

// Takes the lowest free fd >= min and below RLIMIT_NOFILE (at most
// NOFILE) for f, or reserves it if f is 0: the fd, or -EMFILE or -ENOMEM.
static int
fd_alloc(struct file *f, int min, int cloexec)
{
  struct files *fs = myproc()->files;
  uint64 limit = rlimit(RLIMIT_NOFILE);
  struct fdchunk *c;
  int fd;

  acquire(&fs->lock);
  if((fd = fd_find_free(fs, min < 0 ? 0 : min, limit)) >= 0){
    c = fs->chunks[fd / FDCHUNK];
    c->file[fd % FDCHUNK] = f;
    c->taken[fd % FDCHUNK] = 1;
    c->cloexec[fd % FDCHUNK] = cloexec != 0;
    c->ntaken++;
    fd_changed(fs, c);
  }
  release(&fs->lock);
  return fd;
}

// Puts f at the lowest free fd >= min: the fd, or -EMFILE or -ENOMEM.
// The caller's reference to f now belongs to the fd.
int
fdalloc_from(struct file *f, int min, int cloexec)
{
  return fd_alloc(f, min, cloexec);
}

int
fdalloc(struct file *f, int cloexec)
{
  return fd_alloc(f, 0, cloexec);
}

/*
 * Reserves the lowest free fd for a file still to be made (Linux's
 * get_unused_fd_flags): the fd, or -EMFILE or -ENOMEM. Other threads
 * see it as not open, and no one else can take it, until fdcommit()
 * puts the file there or fdunreserve() frees it: so a half-made file is
 * never in the table, and a failing call never closes an fd that
 * another thread has meanwhile closed and opened again.
 */
int
fdreserve(int cloexec)
{
  return fd_alloc(0, 0, cloexec);
}

// The fd's reserved slot, for fdcommit() and fdunreserve(). Caller holds
// fs->lock.
static struct fdchunk *
fd_reserved(struct files *fs, int fd, char *who)
{
  struct fdchunk *c;

  assert_held(&fs->lock);
  if(!fd_in_range(fd) || (c = fs->chunks[fd / FDCHUNK]) == 0 ||
     !c->taken[fd % FDCHUNK] || c->file[fd % FDCHUNK])
    panic(who);
  return c;
}

// Puts f at fd, which fdreserve() returned (Linux's fd_install). The
// caller's reference to f now belongs to the fd.
void
fdcommit(int fd, struct file *f)
{
  struct files *fs = myproc()->files;
  struct fdchunk *c;

  acquire(&fs->lock);
  c = fd_reserved(fs, fd, "fdcommit: fd not reserved");
  c->file[fd % FDCHUNK] = f;
  fd_changed(fs, c);
  release(&fs->lock);
}

// Frees fd, which fdreserve() returned (Linux's put_unused_fd).
void
fdunreserve(int fd)
{
  struct files *fs = myproc()->files;
  struct fdchunk *c;

  acquire(&fs->lock);
  c = fd_reserved(fs, fd, "fdunreserve: fd not reserved");
  c->taken[fd % FDCHUNK] = 0;
  c->cloexec[fd % FDCHUNK] = 0;
  c->ntaken--;
  fd_changed(fs, c);
  release(&fs->lock);
}

// Puts f at fd (in range), closing the file that was there: 0, or
// -ENOMEM or -EBUSY (fd is reserved: another thread's open is under
// way, Linux's answer too), in which case nothing changed. The caller's
// reference to f now belongs to the fd.
int
fdinstall(int fd, struct file *f, int cloexec)
{
  struct files *fs = myproc()->files;
  struct fdchunk *c;
  struct file *old = 0;
  int r;

  acquire(&fs->lock);
  if((r = fdchunk_grow(fs, fd / FDCHUNK)) == 0){
    c = fs->chunks[fd / FDCHUNK];
    old = c->file[fd % FDCHUNK];
    if(c->taken[fd % FDCHUNK] && old == 0){
      r = -EBUSY;
    } else {
      c->ntaken += !c->taken[fd % FDCHUNK];
      c->file[fd % FDCHUNK] = f;
      c->taken[fd % FDCHUNK] = 1;
      c->cloexec[fd % FDCHUNK] = cloexec != 0;
    }
    fd_changed(fs, c);
  }
  release(&fs->lock);
  if(old)
    fileclose(old);
  return r;
}

// The fds the current process's table has room for: up to the end of
// its last chunk (Linux's fdt->max_fds, which also grows with use).
// select looks no further: a set names no open fd beyond it.
int
fd_table_size(void)
{
  struct files *fs = myproc()->files;
  int i;

  acquire(&fs->lock);
  for(i = NCHUNK; i > 0 && fs->chunks[i - 1] == 0; i--)
    ;
  release(&fs->lock);
  return i * FDCHUNK;
}

/*
 * The file at fd in fs, with a reference for the caller, taken under the
 * lock so that a close on another hart cannot free it first; or 0 if fd
 * is not open. *cloexec (if not 0) gets its close-on-exec flag. The
 * caller drops the reference with fdput().
 */
struct file *
files_fdget(struct files *fs, int fd, int *cloexec)
{
  struct fdchunk *c;
  struct file *f = 0;

  if(!fd_in_range(fd))
    return 0;
  acquire(&fs->lock);
  if((c = fs->chunks[fd / FDCHUNK]) != 0 && (f = c->file[fd % FDCHUNK]) != 0){
    filedup(f);
    if(cloexec)
      *cloexec = c->cloexec[fd % FDCHUNK];
  }
  release(&fs->lock);
  return f;
}

// The first fd >= fd that has a file in fs, or -1: /proc's listing of
// a process's fds. Steps over chunks never used.
int
files_next_fd(struct files *fs, int fd)
{
  struct fdchunk *c;
  int found = -1;

  acquire(&fs->lock);
  for(; fd >= 0 && fd < NOFILE && found < 0; fd++){
    if((c = fs->chunks[fd / FDCHUNK]) == 0)
      fd = (fd / FDCHUNK + 1) * FDCHUNK - 1;
    else if(c->file[fd % FDCHUNK])
      found = fd;
  }
  release(&fs->lock);
  return found;
}

// The current process's file at fd, as files_fdget.
struct file *
fdget(int fd)
{
  return files_fdget(myproc()->files, fd, 0);
}

void
fdput(struct file *f)
{
  fileclose(f);
}

// F_GETFD (cloexec < 0) and F_SETFD: the fd's close-on-exec flag, set
// first to cloexec if that is 0 or 1. The flag, or -EBADF.
static int
fd_cloexec(int fd, int cloexec)
{
  struct files *fs = myproc()->files;
  struct fdchunk *c;
  int r = -EBADF;

  if(!fd_in_range(fd))
    return -EBADF;
  acquire(&fs->lock);
  if((c = fs->chunks[fd / FDCHUNK]) != 0 && c->file[fd % FDCHUNK]){
    if(cloexec >= 0)
      c->cloexec[fd % FDCHUNK] = cloexec;
    r = c->cloexec[fd % FDCHUNK];
    fd_changed(fs, c);
  }
  release(&fs->lock);
  return r;
}

int
fdget_cloexec(int fd)
{
  return fd_cloexec(fd, -1);
}

int
fdset_cloexec(int fd, int cloexec)
{
  int r = fd_cloexec(fd, cloexec != 0);

  return r < 0 ? r : 0;
}

int
fdclose(int fd)
{
  struct files *fs = myproc()->files;
  struct fdchunk *c;
  struct file *f = 0;

  if(!fd_in_range(fd))
    return -EBADF;
  acquire(&fs->lock);
  if((c = fs->chunks[fd / FDCHUNK]) != 0 && c->file[fd % FDCHUNK])
    f = fd_take_locked(fs, c, fd);
  release(&fs->lock);
  if(f == 0)
    return -EBADF;
  fileclose(f);
  return 0;
}
