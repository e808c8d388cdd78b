/*
 * File-name system calls: Linux's *at calls (openat, mkdirat, mknodat,
 * unlinkat, linkat, newfstatat, faccessat, readlinkat), chdir, getcwd
 * and umask. Each sys_* fetches and checks its arguments, then calls the
 * mechanism in fs.c (inodes, directories, paths) and file.c (open files,
 * fd tables). Results are an fd or 0, or -errno as openat(2),
 * unlinkat(2), ... pick it.
 *
 * The *at calls take a directory fd and a path, as Linux's do: an
 * absolute path ignores dirfd; a relative one starts from dirfd's
 * directory, or from the cwd if dirfd is AT_FDCWD. The errors come in
 * Linux's order: bad flags first (for most calls), then the path itself
 * (EFAULT, ENAMETOOLONG, ENOENT for ""), then dirfd (EBADF, ENOTDIR),
 * then the walk, then what the call does.
 *
 * A path under /proc is looked up by procfs_lookup() first (fs/procfs.c),
 * which says whether it is: then the call is procfs's, not the disk's.
 *
 * Operations that change the file system run inside begin_op()/end_op(),
 * which must not nest: a failing path closes files (which may end up in
 * iput() and a transaction of its own) only after end_op().
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "dev/console.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/procfs.h"

// Fetches path argument n into path (MAXPATH bytes): its length, or
// -EFAULT, -ENAMETOOLONG, or -ENOENT for "" (Linux's getname()).
static int
argpath(int n, char *path)
{
  int r;

  if((r = argstr(n, path, MAXPATH)) == 0)
    return -ENOENT;
  return r;
}

/*
 * A *at call's starting point: dirfd, and its file if a lookup will start
 * there (a path not absolute, dirfd not AT_FDCWD) and dirfd is open, else
 * 0. The file is held (fdget) from before the call's transaction until
 * after it: if another thread closes dirfd meanwhile, the fdput() in
 * at_dir_put() is the last close, which may iput() in a transaction of
 * its own. An error for dirfd waits for lookup_at(), in Linux's order.
 */
struct at_dir {
  int dirfd;
  struct file *f;
};

// path 0: none was fetched, so no lookup will start from dirfd.
static void
at_dir_get(struct at_dir *d, int dirfd, char *path)
{
  d->dirfd = dirfd;
  d->f = 0;
  if(path && path[0] != '/' && dirfd != AT_FDCWD)
    d->f = fdget(dirfd);
}

static void
at_dir_put(struct at_dir *d)
{
  if(d->f)
    fdput(d->f);
}

/*
 * Looks up path for a *at call, as namei_at (parent 0) or nameiparent_at
 * (parent 1) from d's directory. -EBADF if d->dirfd is not open;
 * -ENOTDIR if its file has no inode (a pipe), or, from namex, if the
 * inode is not a directory. The file's inode is only borrowed: d's
 * reference to the file holds it. Inside a transaction.
 */
static int
lookup_at(struct at_dir *d, char *path, int parent, char *name, struct inode **ipp)
{
  struct inode *cwd;
  int r;

  if(path[0] != '/' && d->dirfd != AT_FDCWD){
    if(d->f == 0)
      return -EBADF;
    if(d->f->ip == 0)
      return -ENOTDIR;
    if(parent)
      return nameiparent_at(d->f->ip, path, name, ipp);
    return namei_at(d->f->ip, path, ipp);
  }
  cwd = cwd_get();
  r = parent ? nameiparent_at(cwd, path, name, ipp) : namei_at(cwd, path, ipp);
  iput(cwd);
  return r;
}

// Does path end in '/' ("d/", "d//")? Linux then takes its last element
// for a directory.
static int
trailing_slash(char *path)
{
  return path[strlen(path) - 1] == '/';
}

// The kinds of last element that Linux's path walk tells apart.
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

// The kind of the last element nameiparent_at found: an empty name is a
// path of slashes, the root.
static int
last_type(char *name)
{
  if(name[0] == 0)
    return LAST_ROOT;
  if(namecmp(name, ".") == 0)
    return LAST_DOT;
  if(namecmp(name, "..") == 0)
    return LAST_DOTDOT;
  return LAST_NORM;
}

/*
 * Linux's filename_create(), for mkdirat, mknodat and linkat's new name:
 * finds the directory that path, a name still to be made, would go in,
 * and returns it locked in *dpp with the name in name. Errors: -EEXIST
 * if the name exists, and for "/", "." and "..", which always do; -ENOENT
 * in a removed directory (someone's cwd), whose new inode would be named
 * only by a directory about to be freed, and for a path ending in '/'
 * unless a directory is to be made (isdir); and the lookup's. Inside a
 * transaction.
 */
static int
filename_create(struct at_dir *d, char *path, int isdir, char *name,
                struct inode **dpp)
{
  struct inode *dp, *ip;
  int r;

  if((r = lookup_at(d, path, 1, name, &dp)) < 0)
    return r;
  if(last_type(name) != LAST_NORM){
    iput(dp);
    return -EEXIST;
  }
  ilock(dp);
  if((ip = dirlookup(dp, name, 0)) != 0){
    iput(ip);
    r = -EEXIST;
  } else if(dp->nlink == 0 || (!isdir && trailing_slash(path))){
    r = -ENOENT;
  }
  if(r < 0){
    iunlockput(dp);
    return r;
  }
  *dpp = dp;
  return 0;
}

/*
 * Makes name in dp a new inode of the given type and returns it locked
 * in *ipp: 0, or -EMLINK (a new directory in a dp with LINK_MAX names),
 * -ENOSPC. The caller holds dp->lock (filename_create, open_create) and
 * has checked that name is free; inside a transaction.
 */
static int
create(struct inode *dp, char *name, short type, short major, short minor,
       struct inode **ipp)
{
  struct inode *ip;
  int r;

  assert_held_sleep(&dp->lock);
  // A new directory's ".." is one more name for dp.
  if(type == T_DIR && dp->nlink >= LINK_MAX)
    return -EMLINK;
  if((ip = ialloc(dp->dev, type)) == 0)
    return -ENOSPC;
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  // Linux's count: a directory is named by its parent's entry and its ".".
  ip->nlink = type == T_DIR ? 2 : 1;
  iupdate(ip);

  if(type == T_DIR){
    if((r = dirlink(ip, ".", ip->inum)) < 0 ||
       (r = dirlink(ip, "..", dp->inum)) < 0)
      goto err_free;
  }
  if((r = dirlink(dp, name, ip->inum)) < 0)
    goto err_free;
  if(type == T_DIR){
    dp->nlink++;    // the new ".."
    iupdate(dp);
  }
  *ipp = ip;
  return 0;

err_free:
  // No entry names ip: with nlink 0, iput() frees it and its blocks.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  return r;
}

/*
 * open(O_CREAT)'s lookup: the file path names, made if missing, locked
 * in *ipp. Linux's errors: -EISDIR for a path ending in '/' and for an
 * existing directory ("/", "." and ".." too), -EEXIST for any existing
 * file with excl, -ENOENT in a removed directory. Inside a transaction.
 */
static int
open_create(struct at_dir *d, char *path, int excl, struct inode **ipp)
{
  char name[DIRSIZ];
  struct inode *dp, *ip;
  int r;

  if((r = lookup_at(d, path, 1, name, &dp)) < 0)
    return r;
  if(last_type(name) == LAST_NORM && trailing_slash(path)){
    iput(dp);
    return -EISDIR;
  }
  ilock(dp);
  ip = last_type(name) == LAST_ROOT ? idup(dp) : dirlookup(dp, name, 0);
  if(ip == 0){
    r = dp->nlink == 0 ? -ENOENT : create(dp, name, T_FILE, 0, 0, ipp);
    iunlockput(dp);
    return r;
  }
  iunlockput(dp);
  ilock(ip);
  if(excl)
    r = -EEXIST;
  else if(ip->type == T_DIR)
    r = -EISDIR;
  if(r < 0){
    iunlockput(ip);
    return r;
  }
  *ipp = ip;
  return 0;
}

// Can an inode of this type be opened with these flags? A directory
// cannot be written, and O_TRUNC asks to write (Linux's may_open).
// Caller holds ip->lock.
static int
open_check(struct inode *ip, int flags)
{
  assert_held_sleep(&ip->lock);
  if((flags & O_DIRECTORY) && ip->type != T_DIR)
    return -ENOTDIR;
  if(ip->type == T_DIR &&
     ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
    return -EISDIR;
  if(ip->type == T_DEVICE &&
     (ip->major < 0 || ip->major >= NDEV || devsw[ip->major] == 0))
    return -ENXIO;
  if(ip->type == T_SOCK)
    return -ENXIO;          // a socket is reached by connect, not open
  return 0;
}

/*
 * Finds or creates path, from dirfd, and makes f, still without
 * operations, open it: 0 or -errno. A /proc entry is procfs's to open;
 * an fd link there may lead to an inode, opened anew here (EEXIST with
 * O_CREAT | O_EXCL: it exists).
 */
static int
open_inode(struct file *f, int dirfd, char *path, int flags)
{
  struct proc_ent e;
  struct at_dir d;
  struct inode *ip;
  int r;

  at_dir_get(&d, dirfd, path);
  r = procfs_lookup(d.f, path, 1, &e, &ip);
  if(r < 0 || r == PROC_FOUND){
    if(r == PROC_FOUND)
      r = procfs_open(&e, f, flags);
    at_dir_put(&d);
    return r;
  }
  begin_op();
  if(r == PROC_INODE){
    r = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) ? -EEXIST : 0;
    ilock(ip);
    if(r < 0)
      iunlockput(ip);
  } else if(flags & O_CREAT){
    r = open_create(&d, path, flags & O_EXCL, &ip);
  } else if((r = lookup_at(&d, path, 0, 0, &ip)) == 0){
    ilock(ip);
  }
  if(r == 0 && (r = open_check(ip, flags)) < 0)
    iunlockput(ip);
  if(r == 0){
    if((flags & O_TRUNC) && ip->type == T_FILE)
      itrunc(ip);
    f->ip = ip;
    f->f_op = ip->type == T_DEVICE ? devsw[ip->major] : &inode_fops;
    iunlock(ip);
  }
  end_op();
  at_dir_put(&d);
  return r;
}

/*
 * The flags an open file keeps (Linux's f_flags, which fdinfo shows):
 * those open(2) knows but for the ones that only steer the open, and
 * O_LARGEFILE, which Linux's open adds on a 64-bit machine.
 */
#define OPEN_FLAGS_KEPT(flags) \
  (((flags) & VALID_OPEN_FLAGS & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | \
   O_LARGEFILE)

/*
 * openat(dirfd, path, flags, mode): mode is ignored (nudge has no
 * permissions). O_CREAT with O_DIRECTORY is EINVAL, as since Linux 6.4.
 * As in Linux, the fd is reserved once the path is fetched and before it
 * is looked up, so a full table is EMFILE whatever the path names; the
 * file goes in only once it is open.
 */
long
sys_openat(void)
{
  char path[MAXPATH];
  int dirfd = argint(0), flags = argint(2), fd, r;
  struct file *f;

  if((flags & O_CREAT) && (flags & O_DIRECTORY))
    return -EINVAL;
  if((r = argpath(1, path)) < 0)
    return r;

  f = filealloc(0, OPEN_FLAGS_KEPT(flags), 0);
  if(f == 0)
    return -ENFILE;
  if((fd = fdreserve(flags & O_CLOEXEC)) < 0){
    fileclose(f);
    return fd;
  }
  if((r = open_inode(f, dirfd, path, flags)) < 0){
    fdunreserve(fd);
    fileclose(f);
    return r;
  }
  fdcommit(fd, f);
  return fd;
}

/*
 * A call that would make or remove a name (mkdirat, mknodat, unlinkat,
 * linkat) on a path under /proc: as Linux's /proc refuses it, a name
 * that exists is exists_err (EEXIST to make it, EPERM to remove it, EXDEV
 * to link it elsewhere), one that does not ENOENT. PROC_NOT_HERE for a
 * path on the disk.
 */
static int
procfs_name_change(int dirfd, char *path, int exists_err)
{
  struct proc_ent e;
  struct at_dir d;
  int r;

  at_dir_get(&d, dirfd, path);
  r = procfs_lookup(d.f, path, 0, &e, 0);
  at_dir_put(&d);
  return r == PROC_FOUND ? exists_err : r;
}

/*
 * mkdirat's and mknodat's work: path, from dirfd, becomes a new inode of
 * the given type; a device numbered dev, in Linux's encoding. Type 0 is
 * a node nudge's file system cannot hold (a FIFO, socket or block
 * device): -EPERM once the name has been checked, as from a Linux file
 * system without mknod. A minor number too big for the dinode's 16 bits
 * is -EINVAL, as from Linux's minix and sysv file systems, whose device
 * numbers are small too.
 */
static int
make_node(int dirfd, char *path, short type, uint dev)
{
  char name[DIRSIZ];
  struct at_dir d;
  struct inode *dp, *ip;
  int r;

  if((r = procfs_name_change(dirfd, path, -EEXIST)) != PROC_NOT_HERE)
    return r;
  at_dir_get(&d, dirfd, path);
  begin_op();
  if((r = filename_create(&d, path, type == T_DIR, name, &dp)) < 0)
    goto out;
  if(type == 0)
    r = -EPERM;
  else if(DEV_MINOR(dev) > 0x7fff)
    r = -EINVAL;
  else if((r = create(dp, name, type, DEV_MAJOR(dev), DEV_MINOR(dev),
                      &ip)) == 0)
    iunlockput(ip);
  iunlockput(dp);
out:
  end_op();
  at_dir_put(&d);
  return r;
}

/*
 * bind(2)'s socket file at path (from the current directory): a new
 * T_SOCK inode, with a reference for the caller (unlocked), in *ipp.
 * -EADDRINUSE if path exists (Linux's answer for bind), else
 * filename_create()'s and create()'s errors. With ipp 0, only the
 * answers that come before a file is made: a socket that has a name
 * already gets them first, as Linux's unix_bind_bsd makes the file
 * before it looks at the socket.
 */
int
sock_file_create(char *path, struct inode **ipp)
{
  char name[DIRSIZ];
  struct at_dir d;
  struct inode *dp;
  int r;

  at_dir_get(&d, AT_FDCWD, path);
  begin_op();
  if((r = filename_create(&d, path, 0, name, &dp)) == 0){
    if(ipp && (r = create(dp, name, T_SOCK, 0, 0, ipp)) == 0)
      iunlock(*ipp);
    iunlockput(dp);
  }
  end_op();
  at_dir_put(&d);
  return r == -EEXIST ? -EADDRINUSE : r;
}

// mkdirat(dirfd, path, mode): mode is ignored.
long
sys_mkdirat(void)
{
  char path[MAXPATH];
  int r;

  if((r = argpath(1, path)) < 0)
    return r;
  return make_node(argint(0), path, T_DIR, 0);
}

/*
 * mknodat(dirfd, path, mode, dev): mode's file type picks what is made:
 * 0 or S_IFREG a regular file, S_IFCHR a device; the permission bits
 * are ignored. As Linux's may_mknod, S_IFDIR is EPERM and a type that is
 * none at all EINVAL, before the path is looked at.
 */
long
sys_mknodat(void)
{
  char path[MAXPATH];
  uint mode = argraw(2) & 0xffff;   // a umode_t in Linux: 16 bits
  uint dev = argraw(3);             // an unsigned int in Linux
  short type;
  int r;

  switch(mode & S_IFMT){
  case 0:
  case S_IFREG:
    type = T_FILE;
    dev = 0;
    break;
  case S_IFCHR:
    type = T_DEVICE;
    break;
  case S_IFBLK:
  case S_IFIFO:
  case S_IFSOCK:
    type = 0;
    break;
  case S_IFDIR:
    return -EPERM;
  default:
    return -EINVAL;
  }
  if((r = argpath(1, path)) < 0)
    return r;
  return make_node(argint(0), path, type, dev);
}

// Does directory dp hold anything but "." and ".."? Caller holds dp->lock.
static int
dir_isempty(struct inode *dp)
{
  struct dirent de;
  uint off;

  assert_held_sleep(&dp->lock);
  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dir_isempty: short directory read");
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

/*
 * May unlinkat remove ip, named by a path whose last element has the
 * given kind (last_type)? rmdir wants an empty directory, unlink
 * anything else. Linux's errors: for rmdir, "." is EINVAL, ".." ENOTEMPTY
 * and "/" EBUSY; for unlink, any of them is EISDIR, a path ending in '/'
 * makes a file ENOTDIR. ip is 0 when only the last element is to be
 * checked; else the caller holds ip->lock.
 */
static int
may_delete(int last, struct inode *ip, int rmdir, int slash)
{
  static const int unlink_err[] = { 0, -EISDIR, -EISDIR, -EISDIR };
  static const int rmdir_err[] = { 0, -EBUSY, -EINVAL, -ENOTEMPTY };

  if(last != LAST_NORM)
    return rmdir ? rmdir_err[last] : unlink_err[last];
  if(ip == 0)
    return 0;
  if(rmdir){
    if(ip->type != T_DIR)
      return -ENOTDIR;
    return dir_isempty(ip) ? 0 : -ENOTEMPTY;
  }
  if(ip->type == T_DIR)
    return -EISDIR;
  return slash ? -ENOTDIR : 0;
}

// Removes dp's entry for name, at offset off, naming ip. Callers hold
// both locks, inside a transaction.
static void
unlink_entry(struct inode *dp, uint off, struct inode *ip)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  if(writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink_entry: rewriting a directory entry failed");
  if(ip->type == T_DIR){
    dp->nlink--;    // ip's ".." is gone
    iupdate(dp);
    ip->nlink = 0;  // an empty directory: no entry, no "."
  } else {
    ip->nlink--;
  }
  iupdate(ip);
}

/*
 * unlinkat(dirfd, path, flags): removes a name; with AT_REMOVEDIR, that
 * of an empty directory (rmdir). Other flags are EINVAL, before the path
 * is fetched.
 */
long
sys_unlinkat(void)
{
  char path[MAXPATH], name[DIRSIZ];
  int dirfd = argint(0), flags = argint(2), rmdir, r;
  struct at_dir d;
  struct inode *dp, *ip;
  uint off;

  if(flags & ~AT_REMOVEDIR)
    return -EINVAL;
  rmdir = (flags & AT_REMOVEDIR) != 0;
  if((r = argpath(1, path)) < 0)
    return r;
  if((r = procfs_name_change(dirfd, path, -EPERM)) != PROC_NOT_HERE)
    return r;

  at_dir_get(&d, dirfd, path);
  begin_op();
  if((r = lookup_at(&d, path, 1, name, &dp)) < 0)
    goto out;
  if((r = may_delete(last_type(name), 0, rmdir, 0)) < 0){
    iput(dp);
    goto out;
  }
  ilock(dp);
  if((ip = dirlookup(dp, name, &off)) == 0){
    r = -ENOENT;
    goto out_dp;
  }
  ilock(ip);
  if(ip->nlink < 1)
    panic("sys_unlinkat: linked inode with nlink < 1");
  if((r = may_delete(LAST_NORM, ip, rmdir, trailing_slash(path))) == 0)
    unlink_entry(dp, off, ip);
  iunlockput(ip);
out_dp:
  iunlockput(dp);
out:
  end_op();
  at_dir_put(&d);
  return r;
}

/*
 * linkat's old file, referenced in *ipp: what path names from dirfd, or,
 * for an empty path (AT_EMPTY_PATH), dirfd's own file: the cwd for
 * AT_FDCWD. A file without an inode (a pipe) gives *ipp = 0; Linux's
 * pipefs is another file system, so linking it is -EXDEV.
 */
static int
link_source(struct at_dir *d, char *path, struct inode **ipp)
{
  if(path[0] != 0)
    return lookup_at(d, path, 0, 0, ipp);
  if(d->dirfd == AT_FDCWD){
    *ipp = cwd_get();
    return 0;
  }
  if(d->f == 0)
    return -EBADF;
  *ipp = d->f->ip ? idup(d->f->ip) : 0;
  return 0;
}

/*
 * Adds name in dp for ip, a file that is no directory: 0, or -ENOENT if
 * ip has no names left (an unlinked file, reached through its fd),
 * -EMLINK, or dirlink's error. The caller holds dp->lock; taking ip's
 * under it is the usual order, since a file is no directory's ancestor.
 * The link count goes up first, so a crash in between leaves a count too
 * high (harmless), never too low.
 */
static int
link_inode(struct inode *dp, char *name, struct inode *ip)
{
  int r;

  assert_held_sleep(&dp->lock);
  ilock(ip);
  if(ip->nlink == 0 || ip->nlink >= LINK_MAX){
    r = ip->nlink == 0 ? -ENOENT : -EMLINK;
    iunlock(ip);
    return r;
  }
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((r = dirlink(dp, name, ip->inum)) < 0){
    ilock(ip);
    ip->nlink--;
    iupdate(ip);
    iunlock(ip);
  }
  return r;
}

/*
 * linkat(olddirfd, oldpath, newdirfd, newpath, flags): a second name for
 * a file. AT_SYMLINK_FOLLOW is accepted (there are no symbolic links);
 * with AT_EMPTY_PATH an empty oldpath names olddirfd's own file; other
 * flags are EINVAL. Then, in Linux's order: oldpath's errors, newpath's
 * (filename_create), EXDEV, EPERM for a directory, link_inode's.
 */
long
sys_linkat(void)
{
  char old[MAXPATH], new[MAXPATH], name[DIRSIZ];
  int olddirfd = argint(0), newdirfd = argint(2), flags = argint(4);
  int rold, rnew, r, isdir = 0;
  struct at_dir oldd, newd;
  struct inode *dp, *ip;

  if(flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  if(flags & AT_EMPTY_PATH)
    rold = argstr(1, old, MAXPATH);
  else
    rold = argpath(1, old);
  rnew = argpath(3, new);
  if(rold < 0)
    return rold;
  if((r = procfs_name_change(olddirfd, old, -EXDEV)) == PROC_NOT_HERE && rnew > 0)
    r = procfs_name_change(newdirfd, new, -EEXIST);
  if(r != PROC_NOT_HERE)
    return r;

  at_dir_get(&oldd, olddirfd, old);
  at_dir_get(&newd, newdirfd, rnew < 0 ? 0 : new);
  begin_op();
  if((r = link_source(&oldd, old, &ip)) < 0)
    goto out;
  if(ip){
    // A type is fixed while the inode is referenced: read it now, so
    // that a directory's lock is never taken under dp's below.
    ilock(ip);
    isdir = ip->type == T_DIR;
    iunlock(ip);
  }
  if((r = rnew) < 0 ||
     (r = filename_create(&newd, new, 0, name, &dp)) < 0)
    goto out_ip;
  if(ip == 0 || ip->dev != dp->dev)
    r = -EXDEV;
  else if(isdir)
    r = -EPERM;
  else
    r = link_inode(dp, name, ip);
  iunlockput(dp);
out_ip:
  if(ip)
    iput(ip);
out:
  end_op();
  at_dir_put(&newd);
  at_dir_put(&oldd);
  return r;
}

// The flags newfstatat accepts. None changes anything here: there are no
// symbolic links or automounts, and Linux accepts the statx sync flags
// too.
#define NEWFSTATAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | \
                          AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)

/*
 * newfstatat(dirfd, path, statbuf, flags): fstat of what path names from
 * dirfd. With AT_EMPTY_PATH an empty path, or a NULL one (as since Linux
 * 6.11), names dirfd's own file: for an fd that is fstat(dirfd), which
 * Linux answers before it looks at the other flags; for AT_FDCWD the
 * cwd. Then in Linux's order: flags (EINVAL), the path, the lookup, and
 * EFAULT for statbuf.
 */
long
sys_newfstatat(void)
{
  char path[MAXPATH];
  int dirfd = argint(0), flags = argint(3), r, empty;
  uint64 upath = argaddr(1), addr = argaddr(2);
  struct inode *ip = 0;
  struct proc_ent e;
  struct at_dir d;
  struct file *f;
  struct stat st;

  if(!(flags & AT_EMPTY_PATH))
    r = argpath(1, path);       // "" is -ENOENT
  else if(upath == 0)
    r = 0;
  else
    r = argstr(1, path, MAXPATH);
  empty = r == 0;
  if(empty && dirfd >= 0){
    if((f = fdget(dirfd)) == 0)
      return -EBADF;
    r = filestat(f, addr);
    fdput(f);
    return r;
  }
  if(flags & ~NEWFSTATAT_FLAGS)
    return -EINVAL;
  if(r < 0)
    return r;
  if(empty && dirfd != AT_FDCWD)
    return -EBADF;

  at_dir_get(&d, dirfd, empty ? 0 : path);
  if(!empty)
    r = procfs_lookup(d.f, path, !(flags & AT_SYMLINK_NOFOLLOW), &e, &ip);
  if(r == PROC_FOUND)
    r = procfs_stat(&e, !(flags & AT_SYMLINK_NOFOLLOW), &st);
  else if(r >= 0){
    begin_op();
    if(empty)
      ip = cwd_get();
    else if(r == PROC_NOT_HERE)
      r = lookup_at(&d, path, 0, 0, &ip);
    if(r >= 0){
      ilock(ip);
      stati(ip, &st);
      iunlockput(ip);
    }
    end_op();
  }
  at_dir_put(&d);
  if(r < 0)
    return r;
  if(copyout(myproc()->mm, addr, &st, sizeof(st)) < 0)
    return -EFAULT;
  return 0;
}

long
sys_chdir(void)
{
  char path[MAXPATH];
  struct at_dir cwd = { AT_FDCWD, 0 };
  struct inode *ip;
  int r;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;
  begin_op();
  if((r = lookup_at(&cwd, path, 0, 0, &ip)) < 0){
    end_op();
    return r;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -ENOTDIR;
  }
  iunlock(ip);
  iput(cwd_set(ip));
  end_op();
  return 0;
}

/*
 * The type of what path names from dirfd, into *type: 0 or the lookup's
 * -errno (faccessat, readlinkat). An fd link in /proc is followed if
 * follow is set; a /proc entry that is found is in *e, and its type is
 * T_DIR or, for a file or link, T_FILE.
 */
static int
path_type(int dirfd, char *path, int follow, short *type, struct proc_ent *e)
{
  struct at_dir d;
  struct inode *ip;
  int r;

  at_dir_get(&d, dirfd, path);
  r = procfs_lookup(d.f, path, follow, e, &ip);
  if(r == PROC_FOUND){
    *type = procfs_ent_is_dir(e) ? T_DIR : T_FILE;
  } else if(r >= 0){
    begin_op();
    if(r == PROC_INODE || (r = lookup_at(&d, path, 0, 0, &ip)) == 0){
      ilock(ip);
      *type = ip->type;
      iunlockput(ip);
    }
    end_op();
  }
  at_dir_put(&d);
  return r;
}

/*
 * faccessat(dirfd, path, mode): may the caller read (R_OK), write (W_OK),
 * execute (X_OK) path, or does it exist (F_OK)? Other mode bits are
 * EINVAL, before the path. There are no permissions: the answer is
 * Linux's for root and the modes fstat reports (directories 0755, files
 * 0644, devices 0666), so everything may be read and written, and only
 * a directory, the one kind with an x bit, "executed" (EACCES else).
 */
long
sys_faccessat(void)
{
  char path[MAXPATH];
  int mode = argint(2), r;
  struct proc_ent e;
  short type;

  if(mode & ~(R_OK | W_OK | X_OK))
    return -EINVAL;
  if((r = argpath(1, path)) < 0 || (r = path_type(argint(0), path, 1, &type, &e)) < 0)
    return r;
  if((mode & X_OK) && type != T_DIR)
    return -EACCES;
  return 0;
}

/*
 * readlinkat(dirfd, path, buf, bufsiz): the disk has no symbolic links,
 * so a path there that names anything is EINVAL (not a link) and buf is
 * never written; /proc's links (self, fd/<fd>) give their text, cut to
 * bufsiz, without a NUL. As Linux's: a bufsiz (an int) not above 0 is
 * EINVAL first; then the path's and the lookup's errors; EFAULT last.
 */
long
sys_readlinkat(void)
{
  char path[MAXPATH], link[MAXPATH];
  int bufsiz = argint(3), r;
  struct proc_ent e;
  short type;

  if(bufsiz <= 0)
    return -EINVAL;
  if((r = argpath(1, path)) < 0 || (r = path_type(argint(0), path, 0, &type, &e)) < 0)
    return r;
  if(r != PROC_FOUND)
    return -EINVAL;
  r = procfs_readlink(&e, link, bufsiz < sizeof(link) ? bufsiz : sizeof(link));
  if(r > 0 && copyout(myproc()->mm, argaddr(2), link, r) < 0)
    return -EFAULT;
  return r;
}

// umask(mask): sets the caller's mask to mask & 0777 and returns the old
// one. Kept and inherited, as Linux's, but never applied: nudge has no
// permissions (docs/linux-differences.md).
long
sys_umask(void)
{
  return umask_set(argint(0) & 0777);
}

/*
 * Finds the name dp has for inode inum, not "." or "..", into name
 * (DIRSIZ + 1 bytes): 0, or -ENOENT if there is none. Caller holds
 * dp->lock.
 */
static int
dir_name_of(struct inode *dp, uint inum, char *name)
{
  struct dirent de;
  uint off;

  assert_held_sleep(&dp->lock);
  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dir_name_of: short directory read");
    if(de.inum == inum && namecmp(de.name, ".") != 0 &&
       namecmp(de.name, "..") != 0){
      safestrcpy(name, de.name, DIRSIZ + 1);
      return 0;
    }
  }
  return -ENOENT;
}

/*
 * The cwd's absolute path, built backwards from the end of buf (size
 * bytes, NUL included): its start in buf, or -ENOENT if the cwd was
 * removed (or a directory on the way up has no name for the one below),
 * -ENAMETOOLONG if it does not fit. Each step up looks ".." up in a
 * directory, then, with that lock dropped, the directory's name in its
 * parent: one inode lock at a time. Inside a transaction (iput).
 */
static int
cwd_path(char *buf, int size)
{
  char name[DIRSIZ + 1];
  struct inode *ip = cwd_get(), *pp;
  int start = size - 1, len, r = 0;

  buf[start] = 0;
  ilock(ip);
  if(ip->nlink == 0)
    r = -ENOENT;
  while(r == 0 && ip->inum != ROOTINO){
    pp = dirlookup(ip, "..", 0);
    iunlock(ip);
    ilock(pp);
    if((r = dir_name_of(pp, ip->inum, name)) == 0){
      len = strlen(name);
      if(start < len + 1)
        r = -ENAMETOOLONG;
      else {
        start -= len + 1;
        buf[start] = '/';
        memmove(buf + start + 1, name, len);
      }
    }
    iput(ip);
    ip = pp;
  }
  iunlockput(ip);
  if(r == 0 && buf[start] == 0)
    buf[--start] = '/';
  return r < 0 ? r : start;
}

/*
 * getcwd(buf, size): the cwd's absolute path into buf, NUL-terminated;
 * returns its length with the NUL, as Linux's system call does (the C
 * library's returns buf). ERANGE if it does not fit in size, before buf
 * is looked at; EFAULT; ENOENT if the cwd was removed.
 */
long
sys_getcwd(void)
{
  uint64 buf = argaddr(0), size = argraw(1);
  char *path;
  int start;
  long r;

  if((path = kmalloc(PGSIZE)) == 0)
    return -ENOMEM;
  begin_op();
  start = cwd_path(path, PGSIZE);
  end_op();
  if((r = start) >= 0){
    r = PGSIZE - start;
    if(r > size)
      r = -ERANGE;
    else if(copyout(myproc()->mm, buf, path + start, r) < 0)
      r = -EFAULT;
  }
  kfree(path);
  return r;
}
