/*
 * File-system system calls. Each sys_* fetches and checks its arguments,
 * then calls the mechanism: file.c (open files, fd tables), pipe.c, fs.c
 * (inodes, directories, paths). Results are a count, an fd or 0, or
 * -errno as open(2), read(2), ... pick it.
 *
 * Operations that change the file system run inside begin_op()/end_op(),
 * which must not nest: a failing path closes files (which may end up in
 * iput() and a transaction of its own) only after end_op().
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "dev/console.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "fs/buf.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/pipe.h"

// ---- reading, writing, fds ---------------------------------------------------

long
sys_read(void)
{
  int fd = argint(0);
  uint64 buf = argaddr(1);
  uint64 n = argraw(2);
  struct file *f;

  if((f = fdget(fd)) == 0)
    return -EBADF;
  return fileread(f, buf, n);
}

long
sys_write(void)
{
  int fd = argint(0);
  uint64 buf = argaddr(1);
  uint64 n = argraw(2);
  struct file *f;

  if((f = fdget(fd)) == 0)
    return -EBADF;
  return filewrite(f, buf, n);
}

long
sys_close(void)
{
  return fdclose(argint(0));
}

// A second fd for f, the lowest free one >= min: the fd or -errno.
static int
dupfd(struct file *f, int min, int cloexec)
{
  int fd;

  filedup(f);
  if((fd = fdalloc_from(f, min, cloexec)) < 0)
    fileclose(f);
  return fd;
}

long
sys_dup(void)
{
  struct file *f;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  return dupfd(f, 0, 0);
}

// dup3(oldfd, newfd, flags), with Linux's order of checks.
long
sys_dup3(void)
{
  int oldfd = argint(0), newfd = argint(1), flags = argint(2);
  struct file *f;
  int r;

  if(flags & ~O_CLOEXEC)
    return -EINVAL;
  if(oldfd == newfd)
    return -EINVAL;
  if(newfd < 0 || newfd >= NOFILE)
    return -EBADF;
  if((f = fdget(oldfd)) == 0)
    return -EBADF;

  filedup(f);
  if((r = fdinstall(newfd, f, flags & O_CLOEXEC)) < 0){
    fileclose(f);
    return r;
  }
  return newfd;
}

long
sys_fcntl(void)
{
  int fd = argint(0), cmd = argint(1), arg = argint(2);
  struct file *f;

  if((f = fdget(fd)) == 0)
    return -EBADF;

  switch(cmd){
  case F_DUPFD:
    if(arg < 0 || arg >= NOFILE)
      return -EINVAL;
    return dupfd(f, arg, 0);
  case F_GETFD:
    return fdget_cloexec(fd) ? FD_CLOEXEC : 0;
  case F_SETFD:
    fdset_cloexec(fd, arg & FD_CLOEXEC);
    return 0;
  case F_GETFL:
    return f->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
  case F_SETFL:
    f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
    return 0;
  }
  return -EINVAL;
}

long
sys_pipe2(void)
{
  uint64 fdarray = argaddr(0);
  int flags = argint(1);
  struct file *rf, *wf;
  int fd[2], cloexec, r;

  if(flags & ~(O_CLOEXEC | O_NONBLOCK))
    return -EINVAL;
  if((r = pipealloc(&rf, &wf, flags & O_NONBLOCK)) < 0)
    return r;

  cloexec = (flags & O_CLOEXEC) != 0;
  if((fd[0] = fdalloc(rf, cloexec)) < 0){
    fileclose(rf);
    fileclose(wf);
    return fd[0];
  }
  if((fd[1] = fdalloc(wf, cloexec)) < 0){
    fdclose(fd[0]);
    fileclose(wf);
    return fd[1];
  }
  if(copyout(myproc()->pagetable, fdarray, fd, sizeof(fd)) < 0){
    fdclose(fd[0]);
    fdclose(fd[1]);
    return -EFAULT;
  }
  return 0;
}

long
sys_fstat(void)
{
  struct file *f;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  return filestat(f, argaddr(1));
}

// int ioctl(int fd, unsigned long cmd, ...): the file's own ioctl hook.
long
sys_ioctl(void)
{
  struct file *f;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  if(f->f_op->ioctl == 0)
    return -ENOTTY;
  return f->f_op->ioctl(f, argint(1), argaddr(2));
}

// ---- names -------------------------------------------------------------------

/*
 * Makes path a new inode of the given type and returns it locked in *ipp.
 * If path exists: -EEXIST if excl; else, for a regular file, the existing
 * file or device (a directory is -EISDIR, as open(O_CREAT) gives).
 * Otherwise -errno: a bad path, -ENOENT in a removed directory, or
 * -ENOSPC. Inside a transaction.
 */
static int
create(char *path, short type, short major, short minor, int excl,
       struct inode **ipp)
{
  struct inode *dp, *ip;
  char name[DIRSIZ];
  int r;

  if((r = nameiparent_err(path, name, &dp)) < 0)
    return r;
  ilock(dp);

  if((ip = dirlookup(dp, name, 0)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(excl || type != T_FILE)
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

  // A removed directory (someone's cwd) takes no new names: the new
  // inode would be named only by a directory about to be freed.
  if(dp->nlink == 0){
    iunlockput(dp);
    return -ENOENT;
  }
  // A new directory's ".." is one more name for dp.
  if(type == T_DIR && dp->nlink >= LINK_MAX){
    iunlockput(dp);
    return -EMLINK;
  }
  if((ip = ialloc(dp->dev, type)) == 0){
    iunlockput(dp);
    return -ENOSPC;
  }
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
  iunlockput(dp);
  *ipp = ip;
  return 0;

err_free:
  // No entry names ip: with nlink 0, iput() frees it and its blocks.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return r;
}

// Can an inode of this type be opened with these flags? Caller holds
// ip->lock.
static int
open_check(struct inode *ip, int flags)
{
  if((flags & O_DIRECTORY) && ip->type != T_DIR)
    return -ENOTDIR;
  if(ip->type == T_DIR && (flags & O_ACCMODE) != O_RDONLY)
    return -EISDIR;
  if(ip->type == T_DEVICE &&
     (ip->major < 0 || ip->major >= NDEV || devsw[ip->major] == 0))
    return -ENXIO;
  return 0;
}

// Finds or creates path and makes f, still without operations, open it:
// 0 or -errno.
static int
open_inode(struct file *f, char *path, int flags)
{
  struct inode *ip;
  int r;

  begin_op();
  if(flags & O_CREAT){
    r = create(path, T_FILE, 0, 0, flags & O_EXCL, &ip);
  } else if((r = namei_err(path, &ip)) == 0){
    ilock(ip);
  }
  if(r == 0 && (r = open_check(ip, flags)) < 0)
    iunlockput(ip);
  if(r < 0){
    end_op();
    return r;
  }

  if((flags & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);
  f->ip = ip;
  f->f_op = ip->type == T_DEVICE ? devsw[ip->major] : &inode_fops;
  iunlock(ip);
  end_op();
  return 0;
}

// open(path, flags, mode): mode is ignored (nudge has no permissions).
// As in Linux, the fd is taken first, so a full table is EMFILE whatever
// the path.
long
sys_open(void)
{
  char path[MAXPATH];
  int flags, fd, r;
  struct file *f;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;
  flags = argint(1);

  f = filealloc(0, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK), 0);
  if(f == 0)
    return -ENFILE;
  if((fd = fdalloc(f, flags & O_CLOEXEC)) < 0){
    fileclose(f);
    return fd;
  }
  if((r = open_inode(f, path, flags)) < 0){
    fdclose(fd);
    return r;
  }
  return fd;
}

long
sys_mknod(void)
{
  char path[MAXPATH];
  struct inode *ip;
  int r;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;
  begin_op();
  if((r = create(path, T_DEVICE, argint(1), argint(2), 1, &ip)) == 0)
    iunlockput(ip);
  end_op();
  return r;
}

// mkdir(path, mode): mode is ignored.
long
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  int r;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;
  begin_op();
  if((r = create(path, T_DIR, 0, 0, 1, &ip)) == 0)
    iunlockput(ip);
  end_op();
  return r;
}

// Does directory dp hold anything but "." and ".."? Caller holds dp->lock.
static int
dir_isempty(struct inode *dp)
{
  struct dirent de;
  uint off;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dir_isempty: short directory read");
    if(de.inum != 0)
      return 0;
  }
  return 1;
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

long
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ];
  struct inode *dp, *ip;
  uint off;
  int r;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;

  begin_op();
  if((r = nameiparent_err(path, name, &dp)) < 0)
    goto out;
  ilock(dp);
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0){
    r = -EINVAL;
    goto out_dp;
  }
  if((ip = dirlookup(dp, name, &off)) == 0){
    r = -ENOENT;
    goto out_dp;
  }
  ilock(ip);
  if(ip->nlink < 1)
    panic("sys_unlink: linked inode with nlink < 1");
  if(ip->type == T_DIR && !dir_isempty(ip))
    r = -ENOTEMPTY;
  else
    unlink_entry(dp, off, ip);
  iunlockput(ip);
out_dp:
  iunlockput(dp);
out:
  end_op();
  return r;
}

// link(old, new): a second name for a file. The link count goes up first,
// so a crash in between leaves a count too high (harmless), never too low.
long
sys_link(void)
{
  char old[MAXPATH], new[MAXPATH], name[DIRSIZ];
  struct inode *dp, *ip;
  int r;

  if((r = argstr(0, old, MAXPATH)) < 0 || (r = argstr(1, new, MAXPATH)) < 0)
    return r;

  begin_op();
  if((r = namei_err(old, &ip)) < 0){
    end_op();
    return r;
  }
  ilock(ip);
  if(ip->type == T_DIR || ip->nlink >= LINK_MAX){
    r = ip->type == T_DIR ? -EPERM : -EMLINK;
    iunlockput(ip);
    end_op();
    return r;
  }
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((r = nameiparent_err(new, name, &dp)) < 0)
    goto err_unlink;
  ilock(dp);
  if(dp->nlink == 0)
    r = -ENOENT;      // a removed directory, as in create()
  else if(dp->dev != ip->dev)
    r = -EXDEV;
  else
    r = dirlink(dp, name, ip->inum);
  iunlockput(dp);
  if(r < 0)
    goto err_unlink;
  iput(ip);
  end_op();
  return 0;

err_unlink:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return r;
}

long
sys_chdir(void)
{
  char path[MAXPATH];
  struct proc *p = myproc();
  struct inode *ip;
  int r;

  if((r = argstr(0, path, MAXPATH)) < 0)
    return r;
  begin_op();
  if((r = namei_err(path, &ip)) < 0){
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
  iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}
