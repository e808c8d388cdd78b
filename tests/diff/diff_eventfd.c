/*
 * diff_eventfd: eventfd(2): flags, the counter through read and write
 * (sizes, limits, semaphore mode, O_NONBLOCK), poll and select masks,
 * and a counter shared through dup and fork (eventfd(2),
 * linux-semantics.md section 2, rule 19).
 */
#include "diff.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/select.h>

#define MAXCOUNT 0xfffffffffffffffeULL   // the largest count a write can reach
#define FLAGS(fd) (fcntl((fd), F_GETFL) & (O_ACCMODE | O_NONBLOCK))

// One 8-byte read: "8 v=N", or "-1 ERRNO".
static const char *
erd(int fd)
{
  unsigned long long v = 0;
  long n;
  char *s;

  n = read(fd, &v, 8);
  if (n < 0)
    return res(n);
  s = diff_buf();
  snprintf(s, DIFF_BUFSZ, "%ld v=%llu", n, v);
  return s;
}

static const char *
ewr(int fd, unsigned long long v)
{
  return res(write(fd, &v, 8));
}

// poll() one fd without waiting: its revents as names. (diff_epoll.h has
// the same, but nudge gets eventfd before epoll.)
static const char *
pmask(int fd, int events)
{
  struct pollfd p = { .fd = fd, .events = events };
  int n;

  n = poll(&p, 1, 0);
  if (n < 0)
    return res(n);
  return masks((unsigned short)p.revents);
}

// select() readable/writable for one fd: "N r w", "N r -", ...
static const char *
sel(int fd)
{
  struct timeval tv = { 0, 0 };
  fd_set r, w;
  char *s;
  int n;

  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(fd, &r);
  FD_SET(fd, &w);
  n = select(fd + 1, &r, &w, 0, &tv);
  if (n < 0)
    return res(n);
  s = diff_buf();
  snprintf(s, DIFF_BUFSZ, "%d %s %s", n, FD_ISSET(fd, &r) ? "r" : "-",
           FD_ISSET(fd, &w) ? "w" : "-");
  return s;
}

CASE(efd_create)
{
  int fd = eventfd(0, 0);

  say("%s", fd >= 0 ? "fd" : res(fd));
}

CASE(efd_bad_flags)
{
  const char *a, *b, *c;

  a = res(eventfd(0, O_RDWR));
  b = res(eventfd(0, O_APPEND));
  c = res(eventfd(0, EFD_SEMAPHORE | 4));
  say("O_RDWR %s O_APPEND %s 5 %s", a, b, c);
}

CASE(efd_getfl)
{
  int a = eventfd(0, 0), b = eventfd(0, EFD_NONBLOCK);

  say("plain 0x%x EFD_NONBLOCK 0x%x", FLAGS(a), FLAGS(b));
}

CASE(efd_cloexec)
{
  int a = eventfd(0, 0), b = eventfd(0, EFD_CLOEXEC);

  say("plain %d EFD_CLOEXEC %d", fcntl(a, F_GETFD), fcntl(b, F_GETFD));
}

CASE(efd_read_initval)
{
  int fd = eventfd(5, EFD_NONBLOCK);
  const char *r1;

  r1 = erd(fd);
  say("%s then %s", r1, erd(fd));
}

CASE(efd_read_max_initval)
{
  int fd = eventfd(0xffffffffu, 0);

  say("%s", erd(fd));
}

CASE(efd_read_zero_nonblock)
{
  int fd = eventfd(0, EFD_NONBLOCK);

  say("%s", erd(fd));
}

CASE(efd_read_short)
{
  int fd = eventfd(5, EFD_NONBLOCK);
  char buf[8];
  const char *a, *b;

  a = res(read(fd, buf, 4));
  b = res(read(fd, buf, 7));
  say("4 bytes %s 7 bytes %s count still %s", a, b, erd(fd));
}

CASE(efd_read_zero_len)
{
  int fd = eventfd(5, EFD_NONBLOCK);
  char buf[8];
  const char *a;

  a = res(read(fd, buf, 0));
  say("0 bytes %s count still %s", a, erd(fd));
}

CASE(efd_read_long)
{
  int fd = eventfd(9, EFD_NONBLOCK);
  unsigned long long v[2] = { 0, 77 };
  const char *r;

  r = res(read(fd, v, sizeof(v)));
  say("16 bytes %s v=%llu next word %llu", r, v[0], v[1]);
}

CASE(efd_write_adds)
{
  int fd = eventfd(1, 0);

  ewr(fd, 3);
  ewr(fd, 4);
  say("%s", erd(fd));
}

CASE(efd_write_short)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  unsigned long long v = 1;
  const char *a;

  a = res(write(fd, &v, 4));
  say("4 bytes %s count %s", a, erd(fd));
}

CASE(efd_write_long)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  unsigned long long v[2] = { 1, 1 };
  const char *a;

  a = res(write(fd, v, sizeof(v)));
  say("16 bytes %s count %s", a, erd(fd));
}

CASE(efd_write_all_ones)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a;

  a = ewr(fd, ~0ULL);
  say("0xffffffffffffffff %s count %s", a, erd(fd));
}

CASE(efd_write_max)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a;

  a = ewr(fd, MAXCOUNT);
  say("0xfffffffffffffffe %s read %s", a, erd(fd));
}

CASE(efd_full_eagain)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a, *b;

  ewr(fd, MAXCOUNT);
  a = ewr(fd, 1);
  b = ewr(fd, 0);
  say("+1 %s +0 %s", a, b);
}

CASE(efd_near_full)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a, *b, *c;

  ewr(fd, MAXCOUNT - 0x10);
  a = ewr(fd, 0x20);
  b = ewr(fd, 0x10);
  c = ewr(fd, 1);
  say("+0x20 %s +0x10 %s +1 %s", a, b, c);
}

CASE(efd_write_zero)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a;

  a = ewr(fd, 0);
  say("write 0 %s then read %s", a, erd(fd));
}

CASE(efd_semaphore)
{
  int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
  const char *a, *b, *c;

  a = erd(fd);
  b = erd(fd);
  c = erd(fd);
  say("%s, %s, %s, %s", a, b, c, erd(fd));
}

CASE(efd_semaphore_write)
{
  int fd = eventfd(0, EFD_SEMAPHORE | EFD_NONBLOCK);
  const char *a, *b;

  ewr(fd, 2);
  a = erd(fd);
  b = erd(fd);
  say("%s, %s, %s", a, b, erd(fd));
}

CASE(efd_poll_zero)
{
  int fd = eventfd(0, 0);

  say("%s", pmask(fd, POLLIN | POLLOUT));
}

CASE(efd_poll_nonzero)
{
  int fd = eventfd(1, 0);

  say("%s", pmask(fd, POLLIN | POLLOUT));
}

CASE(efd_poll_full)
{
  int fd = eventfd(0, 0);
  const char *a;

  ewr(fd, MAXCOUNT - 1);
  a = pmask(fd, POLLIN | POLLOUT);
  ewr(fd, 1);
  say("max-1 %s max %s", a, pmask(fd, POLLIN | POLLOUT));
}

CASE(efd_poll_norm_bits)
{
  int fd = eventfd(1, 0);

  say("%s", pmask(fd, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLPRI |
                  POLLRDHUP));
}

CASE(efd_poll_events0)
{
  int fd = eventfd(1, 0);

  say("%s", pmask(fd, 0));
}

CASE(efd_select)
{
  int fd = eventfd(0, 0);
  const char *a, *b;

  a = sel(fd);
  ewr(fd, 1);
  b = sel(fd);
  ewr(fd, MAXCOUNT - 1);
  say("zero %s one %s max %s", a, b, sel(fd));
}

CASE(efd_dup_shares)
{
  int fd = eventfd(0, 0), d = dup(fd);
  const char *a;

  ewr(d, 6);
  a = erd(fd);
  nonblock(d, 1);
  say("read via original %s; O_NONBLOCK set via dup: %s", a, erd(fd));
}

CASE(efd_closed)
{
  int fd = eventfd(1, 0);
  const char *a;

  close(fd);
  a = erd(fd);
  say("read %s write %s", a, ewr(fd, 1));
}

CASE(efd_efault)
{
  int fd = eventfd(0, EFD_NONBLOCK);
  const char *a;

  a = res(write(fd, (void *)opaque(0), 8));
  say("write NULL %s count %s", a, erd(fd));
}

CASE(efd_fork_shared)
{
  int fd = eventfd(0, 0);
  const char *a;

  if (fork() == 0) {
    ewr(fd, 7);
    _exit(0);
  }
  a = erd(fd);
  say("parent read %s child %s", a, reap());
}

CASE(efd_fork_child_reads)
{
  int fd = eventfd(0, 0);
  unsigned long long v = 0;

  if (fork() == 0) {
    read(fd, &v, 8);
    _exit(v == 42 ? 0 : 1);
  }
  ewr(fd, 42);
  say("child %s", reap());
}

// A write that does not fit blocks until the child's read makes room.
CASE(efd_blocked_writer)
{
  int fd = eventfd(0, 0);
  const char *a;
  unsigned long long v = 0;

  ewr(fd, MAXCOUNT - 1);
  if (fork() == 0) {
    read(fd, &v, 8);
    _exit(v == MAXCOUNT - 1 ? 0 : 1);
  }
  a = ewr(fd, 2);
  say("write %s then read %s child %s", a, erd(fd), reap());
}

CASE(efd_poll_wakes)
{
  int fd = eventfd(0, 0);
  struct pollfd p = { .fd = fd, .events = POLLIN };
  const char *a;

  if (fork() == 0) {
    ewr(fd, 1);
    _exit(0);
  }
  a = res(poll(&p, 1, 5000));
  say("poll %s %s child %s", a, masks(p.revents), reap());
}

CASE(efd_kill_blocked_reader)
{
  int fd = eventfd(0, 0), ready[2], pid;
  unsigned long long v;
  char c;

  pipe(ready);
  pid = fork();
  if (pid == 0) {
    write(ready[1], "r", 1);
    read(fd, &v, 8);
    _exit(0);
  }
  read(ready[0], &c, 1);
  kill(pid, SIGKILL);
  say("child %s", reap());
}

int
main(void)
{
  diff_begin("diff_eventfd");
  RUN(efd_create);
  RUN(efd_bad_flags);
  RUN(efd_getfl);
  RUN(efd_cloexec);
  RUN(efd_read_initval);
  RUN(efd_read_max_initval);
  RUN(efd_read_zero_nonblock);
  RUN(efd_read_short);
  RUN(efd_read_zero_len);
  RUN(efd_read_long);
  RUN(efd_write_adds);
  RUN(efd_write_short);
  RUN(efd_write_long);
  RUN(efd_write_all_ones);
  RUN(efd_write_max);
  RUN(efd_full_eagain);
  RUN(efd_near_full);
  RUN(efd_write_zero);
  RUN(efd_semaphore);
  RUN(efd_semaphore_write);
  RUN(efd_poll_zero);
  RUN(efd_poll_nonzero);
  RUN(efd_poll_full);
  RUN(efd_poll_norm_bits);
  RUN(efd_poll_events0);
  RUN(efd_select);
  RUN(efd_dup_shares);
  RUN(efd_closed);
  RUN(efd_efault);
  RUN(efd_fork_shared);
  RUN(efd_fork_child_reads);
  RUN(efd_blocked_writer);
  RUN(efd_poll_wakes);
  RUN(efd_kill_blocked_reader);
  return diff_end("diff_eventfd");
}
