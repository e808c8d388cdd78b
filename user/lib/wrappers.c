/*
 * POSIX calls that nudge builds from its system calls rather than
 * providing them directly, as glibc builds them on riscv64:
 *   fork     clone(SIGCHLD, 0, ...): a copy that reports to wait
 *   wait, waitpid   wait4
 *   waitid   the call, with no rusage (glibc's four arguments)
 *   execv    execve with environ
 *   brk, sbrk       the brk call, which answers with the break
 *   exit, _exit     exit_group (there are no stdio buffers to flush)
 *   poll, ppoll     the ppoll call (which writes the time left back:
 *                   ppoll's caller keeps its timespec, as glibc's does)
 *   select   pselect6, with select(2)'s own checks and time written back
 *   clock_nanosleep   the call, but returning the error number, as POSIX
 *   pipe     pipe2(fds, 0)
 *   dup2     dup3, plus Linux's rule for oldfd == newfd
 *   sleep, usleep   nanosleep
 *   open, mkdir, mknod, unlink, rmdir, link, stat, lstat   the *at calls
 *            from AT_FDCWD (rmdir is unlinkat with AT_REMOVEDIR)
 *   fstatat  newfstatat, glibc's name for it
 *   pread, pwrite   pread64, pwrite64
 *   getcwd   the call, which returns the length: buf, or one malloc'd
 *   access, faccessat, readlink   the calls, from AT_FDCWD for access
 *            and readlink; faccessat's flags are the library's to check
 *   perror   "s: message" on stderr, in one write
 *   epoll_create, epoll_wait   epoll_create1, epoll_pwait
 *   eventfd  eventfd2
 *   send, recv   sendto and recvfrom with no address
 *   prlimit  prlimit64, glibc's name for it
 *   getrlimit, setrlimit   prlimit64 on the caller, as glibc builds them:
 *            a NULL limit is then no error for getrlimit, and only reads
 *            for setrlimit
 */
#include <errno.h>
#include <fcntl.h>
#include <nudge.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <nudge/sched.h>

pid_t
fork(void)
{
  return __sys_clone(SIGCHLD, 0, 0, 0, 0);
}

pid_t
wait(int *status)
{
  return wait4(-1, status, 0, 0);
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
  return wait4(pid, status, options, 0);
}

int
waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
  return __sys_waitid(idtype, id, info, options, 0);
}

int
execv(const char *path, char *const argv[])
{
  return execve(path, argv, environ);
}

pid_t
getpgrp(void)
{
  return getpgid(0);
}

// The kernel moves the break where asked or leaves it; either way it
// answers with where the break is.
int
brk(void *addr)
{
  if(__sys_brk(addr) != (uintptr_t)addr){
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *
sbrk(intptr_t increment)
{
  uintptr_t old = __sys_brk(0);

  if(increment == 0)
    return (void *)old;
  if(increment > 0 ? old + increment < old : old < -(uintptr_t)increment){
    errno = ENOMEM;
    return (void *)-1;
  }
  if(brk((void *)(old + increment)) < 0)
    return (void *)-1;
  return (void *)old;
}

void
exit(int status)
{
  exit_group(status);
}

void
_exit(int status)
{
  exit_group(status);
}

int
clock_nanosleep(int clk, int flags, const struct timespec *req,
                struct timespec *rem)
{
  return __sys_clock_nanosleep(clk, flags, req, rem) < 0 ? errno : 0;
}

// A copy of the timeout, which the kernel overwrites with the time left.
int
ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
      const sigset_t *sigmask)
{
  struct timespec ts, *tsp = 0;

  if(timeout){
    ts = *timeout;
    tsp = &ts;
  }
  return __sys_ppoll(fds, nfds, tsp, sigmask, sizeof(sigset_t));
}

int
poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
  struct timespec ts = { timeout_ms / 1000, timeout_ms % 1000 * 1000000L };

  return __sys_ppoll(fds, nfds, timeout_ms >= 0 ? &ts : 0, 0, sizeof(sigset_t));
}

/*
 * select(2) as Linux's system call has it, on pselect6: tv_usec beyond a
 * second counts as seconds (summed as unsigned, so a sum too large wraps
 * negative), a negative result is EINVAL, and the time left is written
 * back unless the timeout was zero.
 */
int
select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
       struct timeval *timeout)
{
  struct timespec ts, *tsp = 0;
  int r, zero = 0;

  if(timeout){
    ts.tv_sec = (long)((unsigned long)timeout->tv_sec +
                       (unsigned long)(timeout->tv_usec / 1000000));
    ts.tv_nsec = timeout->tv_usec % 1000000 * 1000;
    if(ts.tv_sec < 0 || ts.tv_nsec < 0){
      errno = EINVAL;
      return -1;
    }
    tsp = &ts;
    zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
  }
  r = pselect6(nfds, readfds, writefds, exceptfds, tsp, 0);
  if(tsp && !zero){
    timeout->tv_sec = ts.tv_sec;
    timeout->tv_usec = ts.tv_nsec / 1000;
  }
  return r;
}

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

ssize_t
pread(int fd, void *buf, size_t n, off_t offset)
{
  return pread64(fd, buf, n, offset);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t offset)
{
  return pwrite64(fd, buf, n, offset);
}

// getcwd(NULL, size) allocates size bytes, or for size 0 as many as the
// path needs, as glibc's does.
char *
getcwd(char *buf, size_t size)
{
  char *path = buf;
  long n;

  if(buf && size == 0){
    errno = EINVAL;
    return 0;
  }
  if(buf == 0 && (path = malloc(size ? size : 4096)) == 0){
    errno = ENOMEM;
    return 0;
  }
  if((n = __sys_getcwd(path, buf || size ? size : 4096)) < 0){
    if(buf == 0)
      free(path);
    return 0;
  }
  if(buf == 0 && size == 0)
    path = realloc(path, n);
  return path;
}

// The system call has no flags; AT_EACCESS (the effective ids) and
// AT_SYMLINK_NOFOLLOW change nothing with one user and no links.
int
faccessat(int dirfd, const char *path, int mode, int flags)
{
  if(flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)){
    errno = EINVAL;
    return -1;
  }
  return __sys_faccessat(dirfd, path, mode);
}

int
access(const char *path, int mode)
{
  return __sys_faccessat(AT_FDCWD, path, mode);
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
  return readlinkat(AT_FDCWD, path, buf, size);
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

ssize_t
send(int fd, const void *buf, size_t n, int flags)
{
  return sendto(fd, buf, n, flags, 0, 0);
}

ssize_t
recv(int fd, void *buf, size_t n, int flags)
{
  return recvfrom(fd, buf, n, flags, 0, 0);
}

int
eventfd(unsigned int initval, int flags)
{
  return eventfd2(initval, flags);
}

int
prlimit(pid_t pid, int resource, const struct rlimit *new_limit,
        struct rlimit *old_limit)
{
  return prlimit64(pid, resource, new_limit, old_limit);
}

int
getrlimit(int resource, struct rlimit *rlim)
{
  return prlimit64(0, resource, 0, rlim);
}

int
setrlimit(int resource, const struct rlimit *rlim)
{
  return prlimit64(0, resource, rlim, 0);
}
