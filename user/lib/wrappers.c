/*
 * POSIX calls that nudge builds from its system calls rather than
 * providing them directly:
 *   pipe     pipe2(fds, 0)
 *   dup2     dup3, plus Linux's rule for oldfd == newfd
 *   sleep, usleep   nanosleep
 *   open, mkdir, mknod, unlink, rmdir, link, stat, lstat   the *at calls
 *            from AT_FDCWD (rmdir is unlinkat with AT_REMOVEDIR)
 *   fstatat  newfstatat, glibc's name for it
 *   _exit    exit (there are no stdio buffers to skip)
 *   perror   "s: message" on stderr, in one write
 *   epoll_create, epoll_wait   epoll_create1, epoll_pwait (as glibc does
 *            on riscv64, which has only the newer calls)
 *   eventfd  eventfd2
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int
pipe(int fds[2])
{
  return pipe2(fds, 0);
}

// dup3 refuses oldfd == newfd (EINVAL); dup2 returns newfd if it is open,
// and fails with EBADF if not. fcntl(F_GETFD) is the cheap "is it open?".
int
dup2(int oldfd, int newfd)
{
  if(oldfd == newfd)
    return fcntl(oldfd, F_GETFD) < 0 ? -1 : newfd;
  return dup3(oldfd, newfd, 0);
}

// Returns the seconds left unslept: all of them if nanosleep failed.
unsigned int
sleep(unsigned int seconds)
{
  struct timespec ts = { seconds, 0 };

  return nanosleep(&ts, 0) < 0 ? seconds : 0;
}

int
usleep(useconds_t usec)
{
  struct timespec ts = { usec / 1000000, (usec % 1000000) * 1000L };

  return nanosleep(&ts, 0);
}

// The mode is read only with O_CREAT: without it the caller may pass none.
int
open(const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode = 0;

  if(flags & O_CREAT){
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return openat(AT_FDCWD, path, flags, mode);
}

int
mkdir(const char *path, mode_t mode)
{
  return mkdirat(AT_FDCWD, path, mode);
}

int
mknod(const char *path, mode_t mode, dev_t dev)
{
  return mknodat(AT_FDCWD, path, mode, dev);
}

int
unlink(const char *path)
{
  return unlinkat(AT_FDCWD, path, 0);
}

int
rmdir(const char *path)
{
  return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int
link(const char *oldpath, const char *newpath)
{
  return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
  return newfstatat(dirfd, path, st, flags);
}

int
stat(const char *path, struct stat *st)
{
  return fstatat(AT_FDCWD, path, st, 0);
}

// There are no symbolic links, so lstat is stat.
int
lstat(const char *path, struct stat *st)
{
  return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

void
_exit(int status)
{
  exit(status);
}

void
perror(const char *s)
{
  const char *msg = strerror(errno);

  if(s && *s)
    dprintf(2, "%s: %s\n", s, msg);
  else
    dprintf(2, "%s\n", msg);
}

// epoll_create(2): size is ignored but must be positive.
int
epoll_create(int size)
{
  if(size <= 0){
    errno = EINVAL;
    return -1;
  }
  return epoll_create1(0);
}

int
epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms)
{
  return epoll_pwait(epfd, events, maxevents, timeout_ms, 0, 0);
}

int
eventfd(unsigned int initval, int flags)
{
  return eventfd2(initval, flags);
}
