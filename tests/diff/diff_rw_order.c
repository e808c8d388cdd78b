/*
 * diff_rw_order: which error read(2) and write(2) report when several
 * apply. Linux's vfs_read() and vfs_write() check, in this order:
 *   1. EBADF   the fd is not open for reading (writing);
 *   2. EINVAL  the file has no read (write) operation: an epoll;
 *   3. EFAULT  the buffer is not user memory for all count bytes
 *              (access_ok: a kernel address, or a range that wraps),
 *              before the file is asked anything, so before EAGAIN,
 *              before an eventfd's short-count EINVAL, before sleeping;
 *   4. then the file's own rules: count 0 on a pipe returns 0.
 * KERNEL_ADDRESS is kernel memory on x86-64 Linux and on nudge alike.
 */
#include "diff.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#define KERNEL_ADDRESS 0xffffffff80000000UL
#define HUGE_COUNT ((unsigned long)-1)

static char buf[64];

// read and write with arguments the compiler may not judge: glibc's
// headers tell it how big the buffer must be for count.
static const char *
rd(int fd, unsigned long addr, unsigned long count)
{
  return res(read(fd, (void *)opaque(addr), opaque(count)));
}

static const char *
wr(int fd, unsigned long addr, unsigned long count)
{
  return res(write(fd, (void *)opaque(addr), opaque(count)));
}

#define BUF ((unsigned long)buf)

// A count that makes the range wrap: EFAULT, even with data waiting,
// which stays. O_NONBLOCK, so a kernel that copies until it faults
// cannot block on the full pipe instead.
CASE(rw_pipe_huge_count)
{
  int p[2];
  const char *r, *w;

  pipe2(p, O_NONBLOCK);
  write(p[1], "abc", 3);
  r = rd(p[0], BUF, HUGE_COUNT);
  w = wr(p[1], BUF, HUGE_COUNT);
  say("read %s write %s then %s", r, w, rdstr(p[0]));
}

// The wrong end comes first: EBADF, not EFAULT.
CASE(rw_wrong_end_first)
{
  int p[2];
  const char *a, *b, *c;

  pipe(p);
  a = rd(p[1], BUF, HUGE_COUNT);
  b = rd(p[1], KERNEL_ADDRESS, 1);
  c = wr(p[0], KERNEL_ADDRESS, 1);
  say("read w-end %s, %s; write r-end %s", a, b, c);
}

// An eventfd wants 8 bytes (EINVAL for fewer), but the buffer is
// checked first.
CASE(rw_eventfd_kernel_buf)
{
  int fd = eventfd(1, 0);
  const char *a, *b, *c, *d;

  a = rd(fd, KERNEL_ADDRESS, 4);
  b = wr(fd, KERNEL_ADDRESS, 4);
  c = rd(fd, BUF, 4);
  d = rd(fd, KERNEL_ADDRESS, 8);
  say("read %s write %s; short read %s; read 8 %s; then %s", a, b, c, d,
      rd(fd, BUF, 8));
}

CASE(rw_pipe_nonblock_kernel_buf)
{
  int p[2];
  const char *a, *b;

  pipe2(p, O_NONBLOCK);
  a = rd(p[0], KERNEL_ADDRESS, 1);
  close(p[1]);
  b = rd(p[0], KERNEL_ADDRESS, 1);
  say("empty %s, writer closed %s", a, b);
}

// A blocking read of an empty pipe into kernel memory fails at once; it
// does not sleep until data comes. The child reports its result on r;
// after 2 s with nothing, the case says "blocked" and kills it.
CASE(rw_pipe_block_kernel_buf)
{
  struct pollfd pfd;
  int p[2], r[2], pid, n;
  char got[40];

  pipe(p);
  pipe(r);
  pid = fork();
  if (pid == 0) {
    const char *s = rd(p[0], KERNEL_ADDRESS, 1);
    write(r[1], s, strlen(s) + 1);
    _exit(0);
  }
  close(r[1]);
  pfd.fd = r[0];
  pfd.events = POLLIN;
  if (poll(&pfd, 1, 2000) == 1 && (n = read(r[0], got, sizeof(got))) > 0) {
    say("%s child %s", got, reap());
    return;
  }
  kill(pid, SIGKILL);
  say("blocked child %s", reap());
}

CASE(rw_pipe_write_kernel_buf)
{
  int p[2];
  const char *w;

  pipe2(p, O_NONBLOCK);
  w = wr(p[1], KERNEL_ADDRESS, 1);
  say("%s, pipe then %s", w, rdstr(p[0]));
}

// An epoll has no read or write: EINVAL, before the buffer and count.
CASE(rw_epoll_no_read)
{
  int ep = epoll_create1(0);
  const char *a, *b, *c, *d;

  a = rd(ep, BUF, 8);
  b = wr(ep, BUF, 8);
  c = rd(ep, KERNEL_ADDRESS, 8);
  d = wr(ep, BUF, HUGE_COUNT);
  say("read %s write %s kernel buf %s huge count %s", a, b, c, d);
}

CASE(rw_count_zero)
{
  int p[2], fd = eventfd(1, 0);
  const char *a, *b, *c, *d;

  pipe(p);
  a = rd(p[0], BUF, 0);
  b = wr(p[1], BUF, 0);
  c = rd(fd, BUF, 0);
  d = wr(fd, BUF, 0);
  say("pipe read %s write %s; eventfd read %s write %s", a, b, c, d);
}

CASE(rw_file_huge_count)
{
  int fd = open("dr_file", O_CREAT | O_TRUNC | O_WRONLY, 0644);
  const char *a, *b;

  write(fd, "abc", 3);
  close(fd);
  fd = open("dr_file", O_RDWR);
  unlink("dr_file");
  a = rd(fd, BUF, HUGE_COUNT);
  b = wr(fd, BUF, HUGE_COUNT);
  say("read %s write %s then %s", a, b, rdstr(fd));
}

int
main(void)
{
  diff_begin("diff_rw_order");
  RUN(rw_pipe_huge_count);
  RUN_NATIVE(rw_wrong_end_first);    // qemu-user: EFAULT first
  RUN(rw_eventfd_kernel_buf);
  RUN(rw_pipe_nonblock_kernel_buf);
  RUN(rw_pipe_block_kernel_buf);
  RUN(rw_pipe_write_kernel_buf);
  RUN_NATIVE(rw_epoll_no_read);      // qemu-user: EFAULT first
  RUN(rw_count_zero);
  RUN(rw_file_huge_count);
  return diff_end("diff_rw_order");
}
