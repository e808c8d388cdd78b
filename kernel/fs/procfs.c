/*
 * procfs: a small synthetic file system at /proc, Linux's window onto the
 * processes and their open files. Nothing of it is on the disk: every
 * lookup, listing and read is made up from the process table and the fd
 * tables at that moment.
 *
 *   /proc                     the live processes (zombies too), and self
 *   /proc/self                a link: readlink gives the caller's pid
 *   /proc/<pid>/              a process: fd and fdinfo
 *   /proc/<pid>/fd/<fd>       a link per open fd: readlink gives the
 *                             file's name (a path, "pipe:[ino]",
 *                             "anon_inode:[eventfd]", ...); open and stat
 *                             go through it to the file
 *   /proc/<pid>/fdinfo/<fd>   a text: pos, flags, mnt_id and ino, then the
 *                             kind's own lines (f_op->show_fdinfo), as
 *                             Linux's fs/proc/fd.c prints them
 *
 * For the file-name calls (fs/sysname.c): procfs_lookup() says whether a
 * path is under /proc and finds its entry; procfs_open(), procfs_stat()
 * and procfs_readlink() then do what the call asks. The mount is only
 * this: a path whose walk from the root begins with "proc", or a
 * relative path from the fd of a /proc directory (openat), is looked up
 * here; any other goes to the disk, which has no /proc (so `ls /` does
 * not show it, and the cwd is never under it: docs/procfs.md). A ".."
 * out of /proc hands the rest of the path back to the disk's root.
 *
 * An entry (struct proc_ent) is a kind, a pid and an fd, packed into one
 * number (proc_ent_pack) that is both its inode number and what an open
 * /proc file keeps in private_data: a /proc file owns no memory, so its
 * release has nothing to free. Nothing is cached: an entry whose process
 * was reaped or whose fd was closed is ENOENT at the next lookup or read,
 * as in Linux. So the one invariant is of the packing (proc_ent_check(),
 * in the checking build each time a /proc file is opened):
 *   P1  an entry unpacks from its number as it was packed.
 *
 * Locking: procfs has no lock or state of its own. It takes, one at a
 * time, never one inside another:
 *   wait_lock            (proc.c) to find a process, and to list them
 *   proc_files_get()     (proc.c) a process's fd table, with a reference
 *                        (inside, it nests wait_lock, p->lock, files.lock)
 *   files.lock           (file.c) files_fdget(), files_next_fd()
 *   the kind's own locks, in its show_fdinfo (an epoll's mtx, ...)
 * What it looks at is held by a reference while it looks: the fd table
 * (files_put after), the file (fdput after).
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"
#include "nudge/dirent.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "fs/procfs.h"
#include "lib/invariant.h"

// st_dev of /proc's entries: Linux gives each pseudo file system an
// anonymous device, major 0.
#define PROCFS_DEV  DEV_ENCODE(0, 20)

// fdinfo's mnt_id: nudge has one mount, the disk, and /proc; pipes,
// sockets and the anonymous files belong to none (0), where Linux has
// kernel-internal mounts (pipefs, sockfs, anon_inodefs).
#define MNT_ID_ROOT  1
#define MNT_ID_PROC  2

static const struct file_operations procfs_dir_fops;
static const struct file_operations procfs_fdinfo_fops;

// ---- entries -------------------------------------------------------------------

/*
 * An entry as one number: pid in bits 24 and up, kind in bits 17-19, fd
 * (below NOFILE, 2^16) in bits 0-16. /proc itself packs to 0.
 */
static uint64
proc_ent_pack(struct proc_ent *e)
{
  return (uint64)e->pid << 24 | (uint64)e->kind << 17 | e->fd;
}

static void
proc_ent_unpack(uint64 x, struct proc_ent *e)
{
  e->pid = x >> 24;
  e->kind = (x >> 17) & 7;
  e->fd = x & 0x1ffff;
}

// Its inode number: the packed entry; /proc's is 1, as Linux's.
static uint64
proc_ent_ino(struct proc_ent *e)
{
  uint64 x = proc_ent_pack(e);

  return x ? x : 1;
}

// P1 for e: 0, or 1 if it does not survive its packing.
int
proc_ent_check(struct proc_ent *e)
{
  struct proc_ent back;

  proc_ent_unpack(proc_ent_pack(e), &back);
  return back.kind != e->kind || back.pid != e->pid || back.fd != e->fd;
}

static void
proc_ent_set(struct proc_ent *e, enum proc_kind kind, int pid, int fd)
{
  e->kind = kind;
  e->pid = pid;
  e->fd = fd;
}

// The entry of an open /proc file.
static void
proc_file_ent(struct file *f, struct proc_ent *e)
{
  proc_ent_unpack((uint64)f->private_data, e);
}

int
procfs_is_dir(struct file *f)
{
  return f->f_op == &procfs_dir_fops;
}

int
procfs_ent_is_dir(struct proc_ent *e)
{
  return e->kind == PROC_ROOT || e->kind == PROC_PID ||
         e->kind == PROC_FD_DIR || e->kind == PROC_FDINFO_DIR;
}

// Is there a process (live or zombie) with this pid?
static int
proc_alive(int pid)
{
  int found;

  acquire(&wait_lock);
  found = find_proc(pid) != 0;
  release(&wait_lock);
  return found;
}

/*
 * Process pid's file at fd, with a reference (fdput it), and its
 * close-on-exec flag in *cloexec; or 0 if the process or the fd is gone.
 */
static struct file *
proc_fdget(int pid, int fd, int *cloexec)
{
  struct files *fs;
  struct file *f;

  if((fs = proc_files_get(pid)) == 0)
    return 0;
  f = files_fdget(fs, fd, cloexec);
  files_put(fs);
  return f;
}

// ---- lookup --------------------------------------------------------------------

// A name that is a number as /proc writes them: decimal, no sign, no
// leading zero ("03" is no fd), below limit. The number, or -1.
static int
proc_number(char *name, int limit)
{
  long n = 0;

  if(name[0] == '0' && name[1] != 0)
    return -1;
  for(; *name; name++){
    if(*name < '0' || *name > '9' || (n = n * 10 + (*name - '0')) >= limit)
      return -1;
  }
  return n;
}

// /proc/self, followed: the caller's process.
static void
proc_follow_self(struct proc_ent *e)
{
  proc_ent_set(e, PROC_PID, myproc()->tgid, 0);
}

/*
 * One step of a walk: e, a directory, becomes its entry name (or
 * "..": its parent). 0, or -ENOENT if there is no such entry (a process
 * or fd that is gone), or 1 for ".." out of /proc itself: the root.
 */
static int
proc_step(struct proc_ent *e, char *name)
{
  struct file *f;
  int n;

  if(namecmp(name, "..") == 0){
    if(e->kind == PROC_ROOT)
      return 1;
    if(e->kind == PROC_PID)
      proc_ent_set(e, PROC_ROOT, 0, 0);
    else
      proc_ent_set(e, PROC_PID, e->pid, 0);
    return 0;
  }
  switch(e->kind){
  case PROC_ROOT:
    if(namecmp(name, "self") == 0){
      proc_ent_set(e, PROC_SELF, myproc()->tgid, 0);
      return 0;
    }
    if((n = proc_number(name, 0x7fffffff)) <= 0 || !proc_alive(n))
      return -ENOENT;
    proc_ent_set(e, PROC_PID, n, 0);
    return 0;
  case PROC_PID:
    if(namecmp(name, "fd") == 0)
      e->kind = PROC_FD_DIR;
    else if(namecmp(name, "fdinfo") == 0)
      e->kind = PROC_FDINFO_DIR;
    else
      return -ENOENT;
    return 0;
  default:    // PROC_FD_DIR, PROC_FDINFO_DIR
    if((n = proc_number(name, NOFILE)) < 0 || (f = proc_fdget(e->pid, n, 0)) == 0)
      return -ENOENT;
    fdput(f);
    proc_ent_set(e, e->kind == PROC_FD_DIR ? PROC_FD : PROC_FDINFO, e->pid, n);
    return 0;
  }
}

/*
 * Where a lookup of path starts: in /proc, with *rest the path after
 * "/proc" (1); or not in /proc at all (0). An absolute path is in /proc
 * if its first element, "." and ".." at the root skipped, is "proc"; a
 * relative one if dirf, the directory fd it starts from, is a /proc
 * directory.
 */
static int
proc_start(struct file *dirf, char *path, struct proc_ent *e, char **rest)
{
  char name[DIRSIZ + 1];
  char *p = path;

  if(path[0] != '/'){
    if(dirf == 0 || !procfs_is_dir(dirf))
      return 0;
    proc_file_ent(dirf, e);
    *rest = path;
    return 1;
  }
  name[DIRSIZ] = 0;
  do {
    if(skipelem(&p, name) != 1)
      return 0;
  } while(namecmp(name, ".") == 0 || namecmp(name, "..") == 0);
  if(namecmp(name, "proc") != 0)
    return 0;
  proc_ent_set(e, PROC_ROOT, 0, 0);
  *rest = p;
  return 1;
}

/*
 * Looks path up, from dirf (the fd of a relative path's directory, or 0
 * for the cwd): PROC_NOT_HERE if it is not under /proc; PROC_FOUND with
 * the entry in *e; or, when an fd link is followed (follow, or a path
 * ending in '/') to a file that has an inode, and ipp is not 0,
 * PROC_INODE, with that inode referenced in *ipp, so that the caller
 * goes on as for any inode (open opens it anew, as Linux reopens a file
 * through its link). A walk that leaves /proc by ".." goes on from the
 * root: the rest of the path is moved to the front of path, after a
 * '/', and looked up again. Else -errno:
 * ENOENT (no such entry), ENOTDIR (an element after a file, or a path
 * ending in '/' that names none), ENAMETOOLONG.
 */
int
procfs_lookup(struct file *dirf, char *path, int follow, struct proc_ent *e,
              struct inode **ipp)
{
  char name[DIRSIZ + 1];
  struct file *f;
  char *rest;
  int r, slash;

  if(path[0] == 0)
    return PROC_NOT_HERE;
  slash = path[strlen(path) - 1] == '/';
  name[DIRSIZ] = 0;
again:
  if(!proc_start(dirf, path, e, &rest))
    return PROC_NOT_HERE;
  while((r = skipelem(&rest, name)) == 1){
    if(e->kind == PROC_SELF)
      proc_follow_self(e);
    if(!procfs_ent_is_dir(e))
      return -ENOTDIR;
    if(namecmp(name, ".") == 0)
      continue;
    if((r = proc_step(e, name)) < 0)
      return r;
    if(r == 1){
      memmove(path + 1, rest, strlen(rest) + 1);
      path[0] = '/';
      goto again;
    }
  }
  if(r < 0)
    return r;
  if(e->kind == PROC_SELF && (follow || slash))
    proc_follow_self(e);
  if(e->kind == PROC_FD && ipp && (follow || slash)){
    if((f = proc_fdget(e->pid, e->fd, 0)) == 0)
      return -ENOENT;
    *ipp = f->ip ? idup(f->ip) : 0;
    fdput(f);
    if(*ipp)
      return PROC_INODE;
  }
  if(slash && !procfs_ent_is_dir(e))
    return -ENOTDIR;
  return PROC_FOUND;
}

// ---- open, stat, readlink ------------------------------------------------------

/*
 * Makes f, a new file without operations yet, open entry e with open(2)'s
 * flags: 0 or -errno, as Linux's for root: a directory may only be read
 * (EISDIR), only a directory opened with O_DIRECTORY (ENOTDIR), an entry
 * that exists is EEXIST with O_CREAT | O_EXCL. An fd link to a file
 * without an inode (a pipe, a socket, an eventfd) cannot be opened
 * again: ENXIO (docs/linux-differences.md for pipes). A text may be
 * opened for writing; its writes are then EINVAL.
 */
int
procfs_open(struct proc_ent *e, struct file *f, int flags)
{
  if((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
    return -EEXIST;
  if(e->kind == PROC_FD)
    return -ENXIO;
  if(procfs_ent_is_dir(e)){
    if((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT))
      return -EISDIR;
    f->f_op = &procfs_dir_fops;
  } else {
    if(flags & O_DIRECTORY)
      return -ENOTDIR;
    f->f_op = &procfs_fdinfo_fops;
  }
  INVARIANTS(proc_ent_check, 'P', e);
  f->private_data = (void *)proc_ent_pack(e);
  return 0;
}

// An fd link's mode, as Linux's: read and search bits for a file open
// for reading, write and search bits for one open for writing.
static uint
proc_fd_mode(struct proc_ent *e)
{
  struct file *f;
  uint mode = S_IFLNK, acc;

  if((f = proc_fdget(e->pid, e->fd, 0)) == 0)
    return mode;
  acc = f->flags & O_ACCMODE;
  if(acc == O_RDONLY || acc == O_RDWR)
    mode |= S_IRUSR | S_IXUSR;
  if(acc == O_WRONLY || acc == O_RDWR)
    mode |= S_IWUSR | S_IXUSR;
  fdput(f);
  return mode;
}

// The struct stat of entry e itself (a link is not followed).
void
procfs_getattr(struct proc_ent *e, struct stat *st)
{
  memset(st, 0, sizeof(*st));
  st->st_dev = PROCFS_DEV;
  st->st_ino = proc_ent_ino(e);
  st->st_nlink = procfs_ent_is_dir(e) ? 2 : 1;
  st->st_blksize = 1024;
  switch(e->kind){
  case PROC_ROOT: case PROC_PID: case PROC_FDINFO_DIR:
    st->st_mode = S_IFDIR | 0555;
    break;
  case PROC_FD_DIR:
    st->st_mode = S_IFDIR | 0500;
    break;
  case PROC_SELF:
    st->st_mode = S_IFLNK | 0777;
    break;
  case PROC_FD:
    st->st_mode = proc_fd_mode(e);
    break;
  case PROC_FDINFO:
    st->st_mode = S_IFREG | 0444;
    break;
  }
}

/*
 * stat(2) of what procfs_lookup() found: the entry, or, for an fd link
 * when follow is set, the file it names (fstat's answer for that fd). 0,
 * or -ENOENT if the fd was closed meanwhile.
 */
int
procfs_stat(struct proc_ent *e, int follow, struct stat *st)
{
  struct file *f;

  if(e->kind != PROC_FD || !follow){
    procfs_getattr(e, st);
    return 0;
  }
  if((f = proc_fdget(e->pid, e->fd, 0)) == 0)
    return -ENOENT;
  file_getattr(f, st);
  fdput(f);
  return 0;
}

// Prints into buf (size bytes, NUL-terminated if there is room): the
// length of the whole text, which may be more than fits.
static int
proc_snprintf(char *buf, int size, const char *fmt, uint64 arg)
{
  struct seq_file m = { buf, 0, size, 0 };

  seq_printf(&m, fmt, arg);
  if(m.count < size)
    buf[m.count] = 0;
  return m.count;
}

// An entry's path, as an fd link to a /proc file reads.
static int
proc_ent_path(struct proc_ent *e, char *buf, int size)
{
  static const char *const fmt[] = {
    [PROC_ROOT] = "/proc", [PROC_SELF] = "/proc/self",
    [PROC_PID] = "/proc/%lu", [PROC_FD_DIR] = "/proc/%lu/fd",
    [PROC_FDINFO_DIR] = "/proc/%lu/fdinfo",
  };
  int n;

  if(e->kind == PROC_FD || e->kind == PROC_FDINFO){
    n = proc_snprintf(buf, size, e->kind == PROC_FD ? "/proc/%lu/fd/" : "/proc/%lu/fdinfo/", e->pid);
    return n + proc_snprintf(buf + n, n < size ? size - n : 0, "%lu", e->fd);
  }
  return proc_snprintf(buf, size, fmt[e->kind], e->pid);
}

/*
 * The name an fd link shows for f, into buf (size bytes): its length, or
 * -errno. An inode file's path from the root; a /proc file's path; for
 * any other kind its dname, with its inode number where that has one
 * ("pipe:[%lu]").
 */
static int
file_dname(struct file *f, char *buf, int size)
{
  struct proc_ent e;
  struct stat st;

  if(f->ip)
    return inode_path(f->ip, buf, size);
  if(f->f_op == &procfs_dir_fops || f->f_op == &procfs_fdinfo_fops){
    proc_file_ent(f, &e);
    return proc_ent_path(&e, buf, size);
  }
  if(f->f_op->dname == 0)
    return -EINVAL;
  file_getattr(f, &st);
  return proc_snprintf(buf, size, f->f_op->dname, st.st_ino);
}

/*
 * readlink(2) of entry e, into buf (size bytes, not NUL-terminated): the
 * bytes written, cut to size as Linux's; -EINVAL for an entry that is no
 * link, -ENOENT if its fd is gone.
 */
int
procfs_readlink(struct proc_ent *e, char *buf, int size)
{
  char name[MAXPATH + 32];
  struct file *f;
  int n;

  if(e->kind == PROC_SELF){
    n = proc_snprintf(name, sizeof(name), "%lu", e->pid);
  } else if(e->kind == PROC_FD){
    if((f = proc_fdget(e->pid, e->fd, 0)) == 0)
      return -ENOENT;
    n = file_dname(f, name, sizeof(name));
    fdput(f);
  } else {
    return -EINVAL;
  }
  if(n < 0)
    return n;
  if(n > sizeof(name) - 1)
    n = sizeof(name) - 1;
  if(n > size)
    n = size;
  memmove(buf, name, n);
  return n;
}

// ---- directories ---------------------------------------------------------------

/*
 * The entry of directory d at position pos or after, into *e and name
 * (a DIRSIZ + 1 buffer); the position after it in *next. 0, or -1 at the
 * end. Positions: 0 ".", 1 "..", then /proc's "self" at 2 and each
 * process at 3 + its pid, a process's "fd" and "fdinfo" at 2 and 3, and
 * an fd directory's fds at 2 + the fd. fs is d's process's fd table.
 */
static int
proc_dir_next(struct proc_ent *d, struct files *fs, long pos,
              struct proc_ent *e, char *name, long *next)
{
  struct proc *l;
  int fd, pid = -1;

  *e = *d;
  if(pos <= 1){
    safestrcpy(name, pos == 0 ? "." : "..", DIRSIZ + 1);
    *next = pos + 1;
    return 0;
  }
  switch(d->kind){
  case PROC_ROOT:
    if(pos == 2){
      proc_ent_set(e, PROC_SELF, myproc()->tgid, 0);
      safestrcpy(name, "self", DIRSIZ + 1);
      *next = 3;
      return 0;
    }
    acquire(&wait_lock);
    for(l = next_leader(0); l; l = next_leader(l))
      if(l->pid >= pos - 3 && (pid < 0 || l->pid < pid))
        pid = l->pid;
    release(&wait_lock);
    if(pid < 0)
      return -1;
    proc_ent_set(e, PROC_PID, pid, 0);
    *next = pid + 4;
    proc_snprintf(name, DIRSIZ + 1, "%lu", pid);
    return 0;
  case PROC_PID:
    if(pos > 3)
      return -1;
    e->kind = pos == 2 ? PROC_FD_DIR : PROC_FDINFO_DIR;
    safestrcpy(name, pos == 2 ? "fd" : "fdinfo", DIRSIZ + 1);
    *next = pos + 1;
    return 0;
  default:    // PROC_FD_DIR, PROC_FDINFO_DIR
    if(fs == 0 || (fd = files_next_fd(fs, pos - 2)) < 0)
      return -1;
    proc_ent_set(e, d->kind == PROC_FD_DIR ? PROC_FD : PROC_FDINFO, d->pid, fd);
    proc_snprintf(name, DIRSIZ + 1, "%lu", fd);
    *next = fd + 3;
    return 0;
  }
}

static uchar
proc_ent_dtype(struct proc_ent *e)
{
  if(procfs_ent_is_dir(e))
    return DT_DIR;
  return e->kind == PROC_FDINFO ? DT_REG : DT_LNK;
}

/*
 * getdents64 on a /proc directory: its entries from f->off on, as
 * file_getdents() gives a disk directory's. A process that has been
 * reaped has no entries any more: ENOENT, as Linux's.
 */
static long
procfs_getdents(struct file *f, uint64 dst, long n)
{
  char name[DIRSIZ + 1];
  struct proc_ent d, e;
  struct files *fs = 0;
  long done = 0, r = 0, next;
  int more = 0;

  proc_file_ent(f, &d);
  if(d.kind != PROC_ROOT){
    if(!proc_alive(d.pid))
      return -ENOENT;
    fs = proc_files_get(d.pid);
  }
  while(proc_dir_next(&d, fs, f->off, &e, name, &next) == 0){
    r = dirent64_emit(dst + done, n - done, proc_ent_ino(&e), next,
                      proc_ent_dtype(&e), name, strlen(name));
    if(r <= 0){
      more = r == 0;
      break;
    }
    done += r;
    f->off = next;
  }
  if(fs)
    files_put(fs);
  if(done > 0)
    return done;
  return r < 0 ? r : more ? -EINVAL : 0;
}

// ---- fdinfo --------------------------------------------------------------------

static int
file_mnt_id(struct file *f)
{
  if(f->ip)
    return MNT_ID_ROOT;
  if(f->f_op == &procfs_dir_fops || f->f_op == &procfs_fdinfo_fops)
    return MNT_ID_PROC;
  return 0;
}

/*
 * /proc/<pid>/fdinfo/<fd>'s text, as Linux's seq_show (fs/proc/fd.c):
 * the position, the flags in octal (the file's, with O_CLOEXEC if the
 * fd has it), the mount and the inode number; then what the kind adds.
 * -ENOENT if the fd has been closed since the file was opened.
 */
static int
fdinfo_show(struct seq_file *m, struct file *pf)
{
  struct proc_ent e;
  struct file *f;
  struct stat st;
  int cloexec = 0;

  proc_file_ent(pf, &e);
  if((f = proc_fdget(e.pid, e.fd, &cloexec)) == 0)
    return -ENOENT;
  file_getattr(f, &st);
  seq_printf(m, "pos:\t%ld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n", f->off,
             f->flags | (cloexec ? O_CLOEXEC : 0), file_mnt_id(f), st.st_ino);
  if(f->f_op->show_fdinfo)
    f->f_op->show_fdinfo(m, f);
  fdput(f);
  return 0;
}

static long
fdinfo_read(struct file *f, uint64 dst, long n)
{
  return seq_read(f, dst, n, fdinfo_show);
}

// lseek on a /proc file, as Linux's seq_lseek: from the start or the
// current position only, never below 0 (EINVAL).
static long
procfs_llseek(struct file *f, long offset, int whence)
{
  long pos;

  if(whence == SEEK_SET)
    pos = offset;
  else if(whence == SEEK_CUR)
    pos = (long)((uint64)f->off + offset);
  else
    return -EINVAL;
  if(pos < 0)
    return -EINVAL;
  f->off = pos;
  return pos;
}

static void
procfs_file_getattr(struct file *f, struct stat *st)
{
  struct proc_ent e;

  proc_file_ent(f, &e);
  procfs_getattr(&e, st);
}

// No write: a write to a /proc file is EINVAL (file_rw), as Linux's to
// a file without a write operation.
static const struct file_operations procfs_fdinfo_fops = {
  .read = fdinfo_read,
  .llseek = procfs_llseek,
  .getattr = procfs_file_getattr,
};

// A directory: read is EISDIR, as a disk directory's.
static long
procfs_dir_read(struct file *f, uint64 dst, long n)
{
  return -EISDIR;
}

static const struct file_operations procfs_dir_fops = {
  .read = procfs_dir_read,
  .llseek = procfs_llseek,
  .getattr = procfs_file_getattr,
  .getdents = procfs_getdents,
};
