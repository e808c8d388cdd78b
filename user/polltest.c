/*
 * polltest: poll(2) and select(2) on pipes (and one eventfd case), case
 * by case against the rules of linux-semantics.md sections 3 and 4.
 * The same source builds for nudge and for Linux; on Linux every case
 * passes.
 *
 *   polltest [-q] [-v] [-l] [NAME...]   (harness.h)
 *
 * Pipe capacity differs (nudge 16384 bytes, Linux 65536), so "full" always
 * means "filled until EAGAIN", and no case writes to a pipe without
 * readers (Linux would raise SIGPIPE).
 */
#define _GNU_SOURCE             // glibc shows POLLRDHUP only with it
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include "harness.h"

// Every request bit poll knows, except ERR, HUP and NVAL, which are
// reported whether asked for or not.
#define ALLBITS (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
                 POLLWRNORM | POLLWRBAND | POLLMSG | POLLRDHUP)

// A pollfd whose revents holds garbage, so the kernel must write it.
static void
setpfd(struct pollfd *p, int fd, int events)
{
  p->fd = fd;
  p->events = events;
  p->revents = (short)0xffff;
}

// One poll(fd, events) pass with timeout 0; returns revents, after
// checking that the result counts it.
static unsigned int
pollmask_at(const char *file, int line, int fd, int events)
{
  struct pollfd p;
  int n;

  setpfd(&p, fd, events);
  n = poll(&p, 1, 0);
  if (n != (p.revents != 0))
    fail(file, line, "poll({%d, 0x%x}, 1, 0), expected %d, got %s", fd,
         events, p.revents != 0, show(n, errno));
  return (unsigned short)p.revents;
}

#define POLLMASK(fd, events) pollmask_at(__FILE__, __LINE__, (fd), (events))

/* ---- masks on pipes ------------------------------------------------------ */

// linux-semantics.md 3.1 (pipe_poll): an empty pipe's read end reports
// nothing (never OUT); its write end reports OUT (never IN).
static void
pipe_empty(void)
{
  struct pollfd fds[2];
  int p[2];

  mkpipe(p, 0);
  setpfd(&fds[0], p[0], POLLIN | POLLOUT);
  setpfd(&fds[1], p[1], POLLIN | POLLOUT);
  EXPECT(poll(fds, 2, 0), 1);
  EXPECT_MASK(fds[0].revents, 0);
  EXPECT_MASK(fds[1].revents, POLLOUT);
}

// linux-semantics.md 3.1: with data buffered the read end reports IN and
// the write end still OUT.
static void
pipe_data(void)
{
  struct pollfd fds[2];
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  setpfd(&fds[0], p[0], POLLIN | POLLOUT);
  setpfd(&fds[1], p[1], POLLIN | POLLOUT);
  EXPECT(poll(fds, 2, 0), 2);
  EXPECT_MASK(fds[0].revents, POLLIN);
  EXPECT_MASK(fds[1].revents, POLLOUT);
}

// linux-semantics.md 3.1, 4: RDNORM and WRNORM appear only when asked for
// (0x41 with RDNORM requested), and each alone is answered alone.
static void
pipe_rdnorm(void)
{
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_MASK(POLLMASK(p[0], POLLIN | POLLRDNORM), POLLIN | POLLRDNORM);
  EXPECT_MASK(POLLMASK(p[0], POLLRDNORM), POLLRDNORM);
  EXPECT_MASK(POLLMASK(p[1], POLLOUT | POLLWRNORM), POLLOUT | POLLWRNORM);
  EXPECT_MASK(POLLMASK(p[1], POLLWRNORM), POLLWRNORM);
}

// linux-semantics.md 3.1, 3.3: a full pipe's write end reports nothing;
// its read end reports IN.
static void
pipe_full(void)
{
  int p[2];
  long n;

  mkpipe(p, 1);
  n = fill_pipe(p[1]);
  note("filled with %ld bytes", n);
  CHECK(n > 0);
  EXPECT_MASK(POLLMASK(p[1], POLLIN | POLLOUT), 0);
  EXPECT_MASK(POLLMASK(p[0], POLLIN | POLLOUT), POLLIN);
}

// linux-semantics.md 3.3: once a full pipe is drained the write end
// reports OUT again and the read end nothing.
static void
pipe_drained(void)
{
  int p[2];
  long n;

  mkpipe(p, 1);
  n = fill_pipe(p[1]);
  EXPECT(drain_pipe(p[0]), n);
  EXPECT_MASK(POLLMASK(p[1], POLLOUT), POLLOUT);
  EXPECT_MASK(POLLMASK(p[0], POLLIN), 0);
}

// linux-semantics.md 3.1: the read end of an empty pipe with no writers
// reports HUP (and not IN), even when only IN was asked for.
static void
pipe_writer_closed(void)
{
  char c;
  int p[2];

  mkpipe(p, 0);
  TRY(close(p[1]));
  EXPECT_MASK(POLLMASK(p[0], POLLIN), POLLHUP);
  EXPECT_MASK(POLLMASK(p[0], POLLIN | POLLOUT), POLLHUP);
  EXPECT(read(p[0], &c, 1), 0);
}

// linux-semantics.md 3.1: data and no writers give IN|HUP (0x11); when the
// data is read, HUP alone, and read returns 0.
static void
pipe_writer_closed_data(void)
{
  char buf[4];
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "ab", 2), 2);
  TRY(close(p[1]));
  EXPECT_MASK(POLLMASK(p[0], POLLIN), POLLIN | POLLHUP);
  EXPECT(read(p[0], buf, sizeof buf), 2);
  EXPECT_MASK(POLLMASK(p[0], POLLIN), POLLHUP);
  EXPECT(read(p[0], buf, sizeof buf), 0);
}

// linux-semantics.md 3.1: the write end with no readers reports OUT|ERR
// (0xc) if the pipe is not full, ERR alone if OUT was not asked for.
static void
pipe_reader_closed(void)
{
  int p[2];

  mkpipe(p, 0);
  TRY(close(p[0]));
  EXPECT_MASK(POLLMASK(p[1], POLLOUT), POLLOUT | POLLERR);
  EXPECT_MASK(POLLMASK(p[1], POLLIN), POLLERR);
}

// linux-semantics.md 3.1: a full pipe whose readers are gone: ERR only.
static void
pipe_reader_closed_full(void)
{
  int p[2];

  mkpipe(p, 1);
  fill_pipe(p[1]);
  TRY(close(p[0]));
  EXPECT_MASK(POLLMASK(p[1], POLLOUT), POLLERR);
  EXPECT_MASK(POLLMASK(p[1], ALLBITS), POLLERR);
}

// linux-semantics.md 3.1, rule 17: asked for every bit, a pipe end in
// each state answers only with its own bits: the read end never OUT, the
// write end never IN, and never RDHUP, PRI, RDBAND, WRBAND or MSG.
static void
pipe_all_bits(void)
{
  int p[2];

  mkpipe(p, 0);
  EXPECT_MASK(POLLMASK(p[0], ALLBITS), 0);
  EXPECT_MASK(POLLMASK(p[1], ALLBITS), POLLOUT | POLLWRNORM);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_MASK(POLLMASK(p[0], ALLBITS), POLLIN | POLLRDNORM);
  EXPECT_MASK(POLLMASK(p[1], ALLBITS), POLLOUT | POLLWRNORM);
  TRY(close(p[1]));
  EXPECT_MASK(POLLMASK(p[0], ALLBITS), POLLIN | POLLRDNORM | POLLHUP);
  TRY(close(p[0]));

  mkpipe(p, 0);
  TRY(close(p[0]));
  EXPECT_MASK(POLLMASK(p[1], ALLBITS), POLLOUT | POLLWRNORM | POLLERR);
}

/* ---- how revents is computed --------------------------------------------- */

// linux-semantics.md 4, rule 20: revents = mask & (events|ERR|HUP): a
// readable read end asked only for OUT or PRI reports nothing, and a
// writable write end asked for IN reports nothing.
static void
revents_filtered(void)
{
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_MASK(POLLMASK(p[0], POLLOUT), 0);
  EXPECT_MASK(POLLMASK(p[0], POLLPRI | POLLRDHUP), 0);
  EXPECT_MASK(POLLMASK(p[1], POLLIN), 0);
  TRY(close(p[1]));
  EXPECT_MASK(POLLMASK(p[0], POLLOUT), POLLHUP);
}

// linux-semantics.md 4: with events = 0, HUP is still reported.
static void
events_zero_hup(void)
{
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT_MASK(POLLMASK(p[0], 0), 0);
  TRY(close(p[1]));
  EXPECT_MASK(POLLMASK(p[0], 0), POLLHUP);
}

// linux-semantics.md 4: with events = 0, ERR is still reported.
static void
events_zero_err(void)
{
  int p[2];

  mkpipe(p, 0);
  EXPECT_MASK(POLLMASK(p[1], 0), 0);
  TRY(close(p[0]));
  EXPECT_MASK(POLLMASK(p[1], 0), POLLERR);
}

// linux-semantics.md 4, rule 20: a negative fd is skipped: revents set to
// 0, not counted, even in a poll that then sleeps to its timeout.
static void
negative_fd(void)
{
  struct pollfd fds[3];
  int p[2];
  long t;

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  setpfd(&fds[0], -1, POLLIN);
  setpfd(&fds[1], p[0], POLLIN);
  setpfd(&fds[2], -5, POLLIN | POLLOUT);
  EXPECT(poll(fds, 3, 0), 1);
  EXPECT_MASK(fds[0].revents, 0);
  EXPECT_MASK(fds[1].revents, POLLIN);
  EXPECT_MASK(fds[2].revents, 0);

  setpfd(&fds[0], -1, POLLIN);
  t = now_us();
  EXPECT(poll(fds, 1, 30), 0);
  EXPECT_TOOK("poll({-1}, 1, 30)", now_us() - t, 30, 2000);
  EXPECT_MASK(fds[0].revents, 0);
}

// linux-semantics.md 4, rule 20: an fd that is not open gets POLLNVAL and
// is counted, whatever events asked for.
static void
closed_fd_nval(void)
{
  struct pollfd fds[4];
  int p[2], bad;

  mkpipe(p, 0);
  bad = closed_fd();
  setpfd(&fds[0], bad, POLLIN);
  setpfd(&fds[1], -1, POLLIN);
  setpfd(&fds[2], p[0], POLLIN);
  setpfd(&fds[3], bad, 0);
  EXPECT(poll(fds, 4, 0), 2);
  EXPECT_MASK(fds[0].revents, POLLNVAL);
  EXPECT_MASK(fds[1].revents, 0);
  EXPECT_MASK(fds[2].revents, 0);
  EXPECT_MASK(fds[3].revents, POLLNVAL);
}

// linux-semantics.md 4: the same fd twice is evaluated twice, each entry
// against its own events.
static void
same_fd_twice(void)
{
  struct pollfd fds[3];
  int p[2];

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  setpfd(&fds[0], p[0], POLLIN);
  setpfd(&fds[1], p[0], POLLIN | POLLRDNORM);
  setpfd(&fds[2], p[0], POLLOUT);
  EXPECT(poll(fds, 3, 0), 2);
  EXPECT_MASK(fds[0].revents, POLLIN);
  EXPECT_MASK(fds[1].revents, POLLIN | POLLRDNORM);
  EXPECT_MASK(fds[2].revents, 0);
}

// linux-semantics.md 4: the result is the number of entries with
// non-zero revents.
static void
count_ready(void)
{
  struct pollfd fds[4];
  int p[2], q[2];

  mkpipe(p, 0);
  mkpipe(q, 0);
  EXPECT(write(q[1], "x", 1), 1);
  setpfd(&fds[0], p[0], POLLIN);      // empty: 0
  setpfd(&fds[1], p[1], POLLOUT);     // OUT
  setpfd(&fds[2], q[0], POLLIN);      // IN
  setpfd(&fds[3], q[1], POLLIN);      // writable, but IN asked: 0
  EXPECT(poll(fds, 4, 0), 2);
  EXPECT_MASK(fds[0].revents, 0);
  EXPECT_MASK(fds[1].revents, POLLOUT);
  EXPECT_MASK(fds[2].revents, POLLIN);
  EXPECT_MASK(fds[3].revents, 0);
}

/* ---- arguments ----------------------------------------------------------- */

// linux-semantics.md 4 (do_sys_poll): nfds above RLIMIT_NOFILE is EINVAL,
// checked before the array is read. 1 << 21 is above any limit either
// kernel allows (nudge 65536; Linux at most fs.nr_open, 1 << 20 by default).
static void
nfds_einval(void)
{
  struct pollfd p;

  setpfd(&p, 0, POLLIN);
  EXPECT_ERR(poll(&p, hide_ul(1 << 21), 0), EINVAL);
  EXPECT_ERR(poll(hide(0), hide_ul(1 << 21), 0), EINVAL);
}

// linux-semantics.md 4: an unreadable array is EFAULT.
static void
efault(void)
{
  EXPECT_ERR(poll(hide(0), 1, 0), EFAULT);
  EXPECT_ERR(poll(hide((void *)1), 1, 0), EFAULT);
  EXPECT_ERR(poll(KERNEL_ADDR, 1, 0), EFAULT);
  EXPECT_ERR(poll(KERNEL_ADDR, 1, 1000), EFAULT);
}

// poll(2): nfds 0 reads nothing, so even a NULL array is fine.
static void
nfds_zero(void)
{
  EXPECT(poll(hide(0), 0, 0), 0);
}

/* ---- timeouts ------------------------------------------------------------ */

// linux-semantics.md 4: timeout 0 is one pass and no sleep.
static void
timeout_zero(void)
{
  struct pollfd p[2];
  int q[2];
  long t;

  mkpipe(q, 0);
  setpfd(&p[0], q[0], POLLIN);
  setpfd(&p[1], q[1], POLLIN);
  t = now_us();
  EXPECT(poll(p, 2, 0), 0);
  EXPECT_TOOK("poll(empty pipe, 0)", now_us() - t, 0, 100);
}

// linux-semantics.md 4, rule 13: a positive timeout is a deadline and
// the call never returns early.
static void
timeout_not_early(void)
{
  static const int ms[] = { 1, 10, 50, 120 };
  struct pollfd p;
  int q[2], i;
  long t, dt;

  mkpipe(q, 0);
  for (i = 0; i < NELEM(ms); i++) {
    setpfd(&p, q[0], POLLIN);
    t = now_us();
    EXPECT(poll(&p, 1, ms[i]), 0);
    dt = now_us() - t;
    note("poll(%d ms) took %ld us", ms[i], dt);
    EXPECT_TOOK("poll(empty pipe)", dt, ms[i], ms[i] + 2000);
    EXPECT_MASK(p.revents, 0);
  }
}

// linux-semantics.md 4: poll(NULL, 0, t) is a plain sleep.
static void
null_sleep(void)
{
  long t = now_us();

  EXPECT(poll(0, 0, 60), 0);
  EXPECT_TOOK("poll(NULL, 0, 60)", now_us() - t, 60, 2060);
}

// linux-semantics.md 4: O_NONBLOCK on the fds has no effect on poll.
static void
nonblock_ignored(void)
{
  struct pollfd p;
  int q[2];
  long t;

  mkpipe(q, 1);
  setpfd(&p, q[0], POLLIN);
  t = now_us();
  EXPECT(poll(&p, 1, 30), 0);
  EXPECT_TOOK("poll(nonblocking empty pipe, 30)", now_us() - t, 30, 2030);
}

/* ---- wakeups ------------------------------------------------------------- */

/*
 * linux-semantics.md 4: a poll blocked on an empty pipe is woken by a
 * write from another process, long before its timeout.
 *
 *   parent --write--> [pipe] <--poll(IN, 3 s)-- child
 */
static void
wake_write(void)
{
  struct pollfd p;
  int q[2], ready[2], pid;
  long t;

  mkpipe(q, 0);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    setpfd(&p, q[0], POLLIN);
    post(ready[1]);
    t = now_us();
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLIN);
    note("woken after %ld us", now_us() - t);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(q[1], "x", 1), 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md 4: every process blocked in poll on one pipe is
 * woken by a single write (none reads, so all see IN).
 *
 *   child0 ... child7 --poll(IN, 3 s)--> [pipe] <--write 1 byte-- parent
 */
static void
wake_many(void)
{
  struct pollfd p;
  int q[2], ready[2], pids[8], i;

  mkpipe(q, 0);
  mkpipe(ready, 0);
  for (i = 0; i < NELEM(pids); i++) {
    pids[i] = kid_fork();
    if (pids[i] == 0) {
      TRY(close(ready[0]));
      setpfd(&p, q[0], POLLIN);
      post(ready[1]);
      EXPECT(poll(&p, 1, 3000), 1);
      EXPECT_MASK(p.revents, POLLIN);
      _exit(0);
    }
  }
  TRY(close(ready[1]));
  for (i = 0; i < NELEM(pids); i++)
    AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(q[1], "x", 1), 1);
  for (i = 0; i < NELEM(pids); i++)
    EXPECT_EXIT(kid_wait(pids[i], KID_MS), 0);
}

/*
 * linux-semantics.md 3.2: the last writer's close wakes a poll on the
 * read end, which then sees HUP.
 *
 *   parent --close(write end)--> [pipe] <--poll(IN, 3 s)-- child
 */
static void
wake_hup(void)
{
  struct pollfd p;
  int q[2], ready[2], pid;

  mkpipe(q, 0);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(q[1]));
    setpfd(&p, q[0], POLLIN);
    post(ready[1]);
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLHUP);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(close(q[1]));
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md 3.2: the last reader's close wakes a poll for OUT on
 * a full pipe's write end, which then sees ERR (no OUT: still full).
 *
 *   parent --close(read end)--> [full pipe] <--poll(OUT, 3 s)-- child
 */
static void
wake_err(void)
{
  struct pollfd p;
  int q[2], ready[2], pid;

  mkpipe(q, 1);
  mkpipe(ready, 0);
  fill_pipe(q[1]);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(q[0]));
    setpfd(&p, q[1], POLLOUT);
    post(ready[1]);
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLERR);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(close(q[0]));
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md 3.2: draining a full pipe wakes a poll for OUT on
 * its write end.
 *
 *   parent --drain--> [full pipe] <--poll(OUT, 3 s)-- child
 */
static void
wake_out(void)
{
  struct pollfd p;
  int q[2], ready[2], pid;

  mkpipe(q, 1);
  mkpipe(ready, 0);
  fill_pipe(q[1]);
  pid = kid_fork();
  if (pid == 0) {
    setpfd(&p, q[1], POLLOUT);
    post(ready[1]);
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLOUT);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  CHECK(drain_pipe(q[0]) > 0);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/*
 * linux-semantics.md 4: a poll registers on every file's queue; a write
 * to the last of three pipes wakes it, and only that entry is reported.
 *
 *   child --poll(IN, 3 s)--> [pipe0] [pipe1] [pipe2] <--write-- parent
 */
static void
wake_last_fd(void)
{
  struct pollfd fds[3];
  int q[3][2], ready[2], pid, i;

  for (i = 0; i < 3; i++)
    mkpipe(q[i], 0);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    for (i = 0; i < 3; i++)
      setpfd(&fds[i], q[i][0], POLLIN);
    post(ready[1]);
    EXPECT(poll(fds, 3, 3000), 1);
    EXPECT_MASK(fds[0].revents, 0);
    EXPECT_MASK(fds[1].revents, 0);
    EXPECT_MASK(fds[2].revents, POLLIN);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(q[2][1], "x", 1), 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md rule 20: a process killed while blocked in poll
// (no timeout) dies; wait() shows SIGKILL.
static void
kill_blocked(void)
{
  struct pollfd p;
  int q[2], ready[2], pid, st;

  mkpipe(q, 0);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    setpfd(&p, q[0], POLLIN);
    post(ready[1]);
    poll(&p, 1, -1);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(kill(pid, SIGKILL));
  st = kid_wait(pid, KID_MS);
  if (st == -1)
    EXPECT(write(q[1], "x", 1), 1);     // release it, then fail
  EXPECT_KILLED(st);
}

// linux-semantics.md 2.4: an eventfd polls OUT at 0, IN|OUT once
// written; RDNORM/WRNORM are never reported; with events 0, nothing.
static void
eventfd_masks(void)
{
  uint64_t one = 1;
  int efd = TRY(eventfd(0, 0));

  EXPECT_MASK(POLLMASK(efd, POLLIN | POLLOUT), POLLOUT);
  EXPECT(write(efd, &one, 8), 8);
  EXPECT_MASK(POLLMASK(efd, POLLIN | POLLOUT), POLLIN | POLLOUT);
  EXPECT_MASK(POLLMASK(efd, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM),
              POLLIN | POLLOUT);
  EXPECT_MASK(POLLMASK(efd, 0), 0);
  EXPECT_MASK(POLLMASK(efd, ALLBITS), POLLIN | POLLOUT);
}

/* ---- select -------------------------------------------------------------- */

static struct timeval
tv_ms(long ms)
{
  struct timeval tv;

  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  return tv;
}

static int
maxfd(int a, int b)
{
  return a > b ? a : b;
}

// select(2), linux-semantics.md 4: the read end is in the read set only
// with data, the write end in the write set only while not full; the
// result counts the bits set; ends asked about in the wrong set never
// show there.
static void
select_rw(void)
{
  struct timeval tv;
  fd_set r, w;
  int p[2], n;

  mkpipe(p, 1);
  n = maxfd(p[0], p[1]) + 1;

  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[1], &r); FD_SET(p[0], &w); FD_SET(p[1], &w);
  tv = tv_ms(0);
  EXPECT(select(n, &r, &w, 0, &tv), 1);
  CHECK(!FD_ISSET(p[0], &r) && !FD_ISSET(p[1], &r));
  CHECK(!FD_ISSET(p[0], &w) && FD_ISSET(p[1], &w));

  EXPECT(write(p[1], "x", 1), 1);
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[1], &w);
  tv = tv_ms(0);
  EXPECT(select(n, &r, &w, 0, &tv), 2);
  CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));

  fill_pipe(p[1]);
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[1], &w);
  tv = tv_ms(0);
  EXPECT(select(n, &r, &w, 0, &tv), 1);
  CHECK(FD_ISSET(p[0], &r) && !FD_ISSET(p[1], &w));
}

// linux-semantics.md 4 (fs/select.c POLLIN_SET, POLLOUT_SET): HUP counts
// as readable; ERR counts as writable and also as readable, so a write
// end without readers shows in both sets, full or not.
static void
select_hup_err(void)
{
  struct timeval tv;
  fd_set r, w;
  int p[2], q[2], n;

  mkpipe(p, 0);
  TRY(close(p[1]));
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(p[0], &r); FD_SET(p[0], &w);
  tv = tv_ms(0);
  EXPECT(select(p[0] + 1, &r, &w, 0, &tv), 1);
  CHECK(FD_ISSET(p[0], &r) && !FD_ISSET(p[0], &w));
  TRY(close(p[0]));

  mkpipe(q, 1);
  fill_pipe(q[1]);
  TRY(close(q[0]));
  n = q[1] + 1;
  FD_ZERO(&r); FD_ZERO(&w);
  FD_SET(q[1], &r); FD_SET(q[1], &w);
  tv = tv_ms(0);
  EXPECT(select(n, &r, &w, 0, &tv), 2);
  CHECK(FD_ISSET(q[1], &r) && FD_ISSET(q[1], &w));
}

// linux-semantics.md 4: a closed fd in any of the three sets is EBADF
// (where poll would say POLLNVAL).
static void
select_ebadf(void)
{
  struct timeval tv;
  fd_set s;
  int bad = closed_fd();

  FD_ZERO(&s); FD_SET(bad, &s); tv = tv_ms(0);
  EXPECT_ERR(select(bad + 1, &s, 0, 0, &tv), EBADF);
  FD_ZERO(&s); FD_SET(bad, &s); tv = tv_ms(0);
  EXPECT_ERR(select(bad + 1, 0, &s, 0, &tv), EBADF);
  FD_ZERO(&s); FD_SET(bad, &s); tv = tv_ms(0);
  EXPECT_ERR(select(bad + 1, 0, 0, &s, &tv), EBADF);
  FD_ZERO(&s); FD_SET(bad, &s); tv = tv_ms(1000);
  EXPECT_ERR(select(bad + 1, &s, 0, 0, &tv), EBADF);
}

// select(2), linux-semantics.md 4: negative nfds is EINVAL.
static void
select_einval(void)
{
  struct timeval tv = tv_ms(0);
  fd_set s;

  FD_ZERO(&s);
  EXPECT_ERR(select(-1, &s, 0, 0, &tv), EINVAL);
  EXPECT_ERR(select(-1, 0, 0, 0, &tv), EINVAL);
}

// select(2): bits at or above nfds are not looked at: a closed fd there
// is no error and a ready one is not counted.
static void
select_above_nfds(void)
{
  struct timeval tv;
  fd_set r;
  int p[2], bad;

  mkpipe(p, 0);
  EXPECT(write(p[1], "x", 1), 1);
  bad = closed_fd();
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  FD_SET(bad, &r);
  tv = tv_ms(0);
  EXPECT(select(p[0] + 1, &r, 0, 0, &tv), 1);
  CHECK(FD_ISSET(p[0], &r));
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = tv_ms(0);
  EXPECT(select(p[0], &r, 0, 0, &tv), 0);
}

// select(2): a {0, 0} timeout is one pass: nothing ready gives 0 at once
// and clears the sets.
static void
select_timeout_zero(void)
{
  struct timeval tv;
  fd_set r;
  int p[2];
  long t;

  mkpipe(p, 0);
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = tv_ms(0);
  t = now_us();
  EXPECT(select(p[0] + 1, &r, 0, 0, &tv), 0);
  EXPECT_TOOK("select(empty pipe, {0, 0})", now_us() - t, 0, 100);
  CHECK(!FD_ISSET(p[0], &r));
  EXPECT(tv.tv_sec, 0);
  EXPECT(tv.tv_usec, 0);
}

// select(2) (Linux): the timeout is updated to the time not slept: {0, 0}
// after it expires (never early), and at most what was given when an fd
// is ready at once.
static void
select_timeout_left(void)
{
  struct timeval tv;
  fd_set r;
  int p[2];
  long t, left;

  mkpipe(p, 0);
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = tv_ms(50);
  t = now_us();
  EXPECT(select(p[0] + 1, &r, 0, 0, &tv), 0);
  EXPECT_TOOK("select(empty pipe, 50 ms)", now_us() - t, 50, 2050);
  EXPECT(tv.tv_sec, 0);
  EXPECT(tv.tv_usec, 0);

  EXPECT(write(p[1], "x", 1), 1);
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = tv_ms(5000);
  EXPECT(select(p[0] + 1, &r, 0, 0, &tv), 1);
  left = tv.tv_sec * 1000000 + tv.tv_usec;
  note("%ld us left of 5 s", left);
  CHECK(left > 4000000 && left <= 5000000);
}

// linux-semantics.md 4 (POLLEX_SET is PRI): a pipe is never exceptional,
// in any state.
static void
select_except_empty(void)
{
  struct timeval tv;
  fd_set e;
  int p[2], q[2], n;

  mkpipe(p, 0);
  mkpipe(q, 0);
  EXPECT(write(p[1], "x", 1), 1);
  TRY(close(p[1]));             // p[0]: data, no writers
  TRY(close(q[0]));             // q[1]: no readers
  n = maxfd(p[0], q[1]) + 1;
  FD_ZERO(&e);
  FD_SET(p[0], &e);
  FD_SET(q[1], &e);
  tv = tv_ms(0);
  EXPECT(select(n, 0, 0, &e, &tv), 0);
  CHECK(!FD_ISSET(p[0], &e) && !FD_ISSET(q[1], &e));
}

// select(2): with no fds, select is a plain sleep that never ends early.
static void
select_null_sleep(void)
{
  struct timeval tv = tv_ms(60);
  long t = now_us();

  EXPECT(select(0, 0, 0, 0, &tv), 0);
  EXPECT_TOOK("select(0, NULL, NULL, NULL, 60 ms)", now_us() - t, 60, 2060);
}

/*
 * select(2): a select blocked on an empty pipe is woken by a write from
 * another process.
 *
 *   parent --write--> [pipe] <--select(read set, 3 s)-- child
 */
static void
select_wake(void)
{
  struct timeval tv;
  fd_set r;
  int q[2], ready[2], pid;

  mkpipe(q, 0);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    FD_ZERO(&r);
    FD_SET(q[0], &r);
    tv = tv_ms(3000);
    post(ready[1]);
    EXPECT(select(q[0] + 1, &r, 0, 0, &tv), 1);
    CHECK(FD_ISSET(q[0], &r));
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(write(q[1], "x", 1), 1);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

/* ---- many calls ---------------------------------------------------------- */

// linux-semantics.md 4: the first pass registers a wait entry on every
// file, and every return must take them all off again. After a
// thousand polls and selects that register and return (ready at once or
// timed out), poll still works and still wakes. (On nudge, usertests'
// memstat check would catch a leaked entry.)
static void
many_polls(void)
{
  struct pollfd fds[2];
  struct timeval tv;
  fd_set r;
  int empty[2], full[2], i, n;

  mkpipe(empty, 0);
  mkpipe(full, 0);
  EXPECT(write(full[1], "x", 1), 1);
  n = maxfd(empty[0], full[0]) + 1;
  for (i = 0; i < 1000; i++) {
    setpfd(&fds[0], empty[0], POLLIN);
    setpfd(&fds[1], full[0], POLLIN);
    EXPECT(poll(fds, 2, 1000), 1);
    FD_ZERO(&r);
    FD_SET(empty[0], &r);
    FD_SET(full[0], &r);
    tv = tv_ms(1000);
    EXPECT(select(n, &r, 0, 0, &tv), 1);
  }
  for (i = 0; i < 50; i++) {
    setpfd(&fds[0], empty[0], POLLIN);
    setpfd(&fds[1], empty[1], POLLIN);
    EXPECT(poll(fds, 2, 1), 0);
  }
  wake_write();
}

static const struct testcase tests[] = {
  { "pipe_empty", pipe_empty, 1 },
  { "pipe_data", pipe_data, 1 },
  { "pipe_rdnorm", pipe_rdnorm, 1 },
  { "pipe_full", pipe_full, 1 },
  { "pipe_drained", pipe_drained, 1 },
  { "pipe_writer_closed", pipe_writer_closed, 1 },
  { "pipe_writer_closed_data", pipe_writer_closed_data, 1 },
  { "pipe_reader_closed", pipe_reader_closed, 1 },
  { "pipe_reader_closed_full", pipe_reader_closed_full, 1 },
  { "pipe_all_bits", pipe_all_bits, 1 },
  { "revents_filtered", revents_filtered, 1 },
  { "events_zero_hup", events_zero_hup, 1 },
  { "events_zero_err", events_zero_err, 1 },
  { "negative_fd", negative_fd, 1 },
  { "closed_fd_nval", closed_fd_nval, 1 },
  { "same_fd_twice", same_fd_twice, 1 },
  { "count_ready", count_ready, 1 },
  { "nfds_einval", nfds_einval, 1 },
  { "efault", efault, 1 },
  { "nfds_zero", nfds_zero, 1 },
  { "timeout_zero", timeout_zero, 1 },
  { "timeout_not_early", timeout_not_early, 1 },
  { "null_sleep", null_sleep, 1 },
  { "nonblock_ignored", nonblock_ignored, 1 },
  { "wake_write", wake_write, 1 },
  { "wake_many", wake_many, 1 },
  { "wake_hup", wake_hup, 1 },
  { "wake_err", wake_err, 1 },
  { "wake_out", wake_out, 1 },
  { "wake_last_fd", wake_last_fd, 1 },
  { "kill_blocked", kill_blocked, 1 },
  { "eventfd_masks", eventfd_masks, 1 },
  { "select_rw", select_rw, 1 },
  { "select_hup_err", select_hup_err, 1 },
  { "select_ebadf", select_ebadf, 1 },
  { "select_einval", select_einval, 1 },
  { "select_above_nfds", select_above_nfds, 1 },
  { "select_timeout_zero", select_timeout_zero, 1 },
  { "select_timeout_left", select_timeout_left, 1 },
  { "select_except_empty", select_except_empty, 1 },
  { "select_null_sleep", select_null_sleep, 1 },
  { "select_wake", select_wake, 1 },
  { "many_polls", many_polls, 0, 30 },
};

int
main(int argc, char *argv[])
{
  return harness_main("polltest", tests, NELEM(tests), argc, argv);
}
