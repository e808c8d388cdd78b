/*
 * File-system system calls on fds: read, write, their positional
 * (pread64, pwrite64) and vectored (readv, writev) forms, lseek,
 * getdents64, close, dup, dup3, fcntl, pipe2, fstat, ioctl. Each sys_*
 * fetches and checks its arguments, then calls the mechanism: file.c
 * (open files, fd tables), pipe.c. Results
 * are a count, an fd or 0, or -errno as read(2), dup(2), ... pick it.
 * The calls on file names are in sysname.c.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/rlimit.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/uio.h"
#include "fs/file.h"
#include "fs/pipe.h"

// ---- reading, writing, fds ---------------------------------------------------

long
sys_read(void)
{
  struct file *f;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  r = fileread(f, argaddr(1), argraw(2));
  fdput(f);
  return r;
}

long
sys_write(void)
{
  struct file *f;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  r = filewrite(f, argaddr(1), argraw(2));
  fdput(f);
  return r;
}

// pread64(fd, buf, count, offset): at offset, which must not be
// negative (EINVAL, before the fd is looked at, as Linux's); the file's
// own position does not move.
static long
prw(int write)
{
  long pos = argraw(3);
  struct iov_iter it;
  struct file *f;
  long r;

  if(pos < 0)
    return -EINVAL;
  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  iov_iter_one(&it, argaddr(1), argraw(2));
  r = file_rw(f, write, &it, &pos);
  fdput(f);
  return r;
}

long
sys_pread64(void)
{
  return prw(0);
}

long
sys_pwrite64(void)
{
  return prw(1);
}

// readv(fd, iov, iovcnt), writev: iovcnt is an unsigned long in Linux,
// at most UIO_MAXIOV (EINVAL), checked after the fd and its mode.
static long
rw_vec(int write)
{
  uint64 iovcnt = argraw(2);
  struct file *f;
  struct iov_iter it;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  // Too many is file_rw's EINVAL, after its mode checks.
  if(iovcnt > UIO_MAXIOV)
    iovcnt = UIO_MAXIOV + 1;
  iov_iter_user(&it, argaddr(1), iovcnt);
  r = file_rw(f, write, &it, 0);
  fdput(f);
  return r;
}

long
sys_readv(void)
{
  return rw_vec(0);
}

long
sys_writev(void)
{
  return rw_vec(1);
}

// lseek(fd, offset, whence): Linux's order: EBADF, a whence past
// SEEK_MAX EINVAL, then ESPIPE for a file that cannot seek (a pipe, the
// console).
long
sys_lseek(void)
{
  long offset = argraw(1);
  int whence = argint(2);
  struct file *f;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  if(whence < 0 || whence > SEEK_MAX)
    r = -EINVAL;
  else if(f->f_op->llseek == 0)
    r = -ESPIPE;
  else
    r = f->f_op->llseek(f, offset, whence);
  fdput(f);
  return r;
}

// getdents64(fd, dirp, count): count is an unsigned int in Linux.
long
sys_getdents64(void)
{
  struct file *f;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  r = file_getdents(f, argaddr(1), (uint)argraw(2));
  fdput(f);
  return r;
}

long
sys_close(void)
{
  return fdclose(argint(0));
}

// A second fd for f, the lowest free one >= min, with a reference of its
// own: the fd or -errno.
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
  int fd;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  fd = dupfd(f, 0, 0);
  fdput(f);
  return fd;
}

// dup3(oldfd, newfd, flags), with Linux's order of checks. EBUSY while
// newfd is reserved for another thread's open or pipe2, as in Linux.
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
  if(newfd < 0 || newfd >= rlimit(RLIMIT_NOFILE))
    return -EBADF;
  if((f = fdget(oldfd)) == 0)
    return -EBADF;

  // fdget's reference becomes newfd's.
  if((r = fdinstall(newfd, f, flags & O_CLOEXEC)) < 0){
    fdput(f);
    return r;
  }
  return newfd;
}

long
sys_fcntl(void)
{
  int fd = argint(0), cmd = argint(1), arg = argint(2), r;
  struct file *f;

  if((f = fdget(fd)) == 0)
    return -EBADF;

  switch(cmd){
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
    if(arg < 0 || arg >= rlimit(RLIMIT_NOFILE))
      r = -EINVAL;
    else
      r = dupfd(f, arg, cmd == F_DUPFD_CLOEXEC);
    break;
  case F_GETFD:
    r = fdget_cloexec(fd);      // -EBADF if another thread closed fd
    if(r > 0)
      r = FD_CLOEXEC;
    break;
  case F_SETFD:
    r = fdset_cloexec(fd, arg & FD_CLOEXEC);
    break;
  case F_GETFL:
    r = f->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    break;
  case F_SETFL:
    f->flags = (f->flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
    r = 0;
    break;
  default:
    r = -EINVAL;
  }
  fdput(f);
  return r;
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

  // The fds are reserved, and get their files only once the user has
  // their numbers, as in Linux: no thread sees them open before.
  cloexec = (flags & O_CLOEXEC) != 0;
  if((r = fd[0] = fdreserve(cloexec)) < 0)
    goto err_files;
  if((r = fd[1] = fdreserve(cloexec)) < 0)
    goto err_fd0;
  if(copyout(myproc()->mm, fdarray, fd, sizeof(fd)) < 0){
    r = -EFAULT;
    goto err_fds;
  }
  fdcommit(fd[0], rf);
  fdcommit(fd[1], wf);
  return 0;

err_fds:
  fdunreserve(fd[1]);
err_fd0:
  fdunreserve(fd[0]);
err_files:
  fileclose(rf);
  fileclose(wf);
  return r;
}

long
sys_fstat(void)
{
  struct file *f;
  int r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  r = filestat(f, argaddr(1));
  fdput(f);
  return r;
}

// int ioctl(int fd, unsigned long cmd, ...): the file's own ioctl hook.
long
sys_ioctl(void)
{
  struct file *f;
  long r;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  if(f->f_op->ioctl == 0)
    r = -ENOTTY;
  else
    r = f->f_op->ioctl(f, argint(1), argaddr(2));
  fdput(f);
  return r;
}
