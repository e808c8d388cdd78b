/*
 * POSIX calls that nudge builds from its system calls rather than
 * providing them directly:
 *   pipe     pipe2(fds, 0)
 *   dup2     dup3, plus Linux's rule for oldfd == newfd
 *   sleep, usleep   nanosleep
 *   stat     open + fstat + close
 *   _exit    exit (there are no stdio buffers to skip)
 *   perror   "s: message" on stderr, in one write
 *   epoll_create, epoll_wait   epoll_create1, epoll_pwait (as glibc does
 *            on riscv64, which has only the newer calls)
 *   eventfd  eventfd2
 */
#include <errno.h>
#include <fcntl.h>
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

int
stat(const char *path, struct stat *st)
{
  int fd, r, err;

  fd = open(path, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  err = errno;
  close(fd);
  errno = err;
  return r;
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
