/*
 * diff_pipe: pipes without poll: read, write, EOF, O_NONBLOCK, pipe2
 * flags, fcntl, and pipes shared through dup and fork (pipe(7), pipe(2),
 * linux-semantics.md section 3). Needs only pipe2, fork, wait, kill and
 * fcntl, so it runs on nudge before poll exists.
 *
 * Writing with no reader left (SIGPIPE/EPIPE) is not here: nudge has no
 * signal handlers to make it comparable; its guest tests cover it.
 */
#include "diff.h"

#include <signal.h>

#define FLAGS(fd) (fcntl((fd), F_GETFL) & (O_ACCMODE | O_NONBLOCK))

CASE(pipe_write_read)
{
  int p[2];
  const char *w;

  pipe(p);
  w = res(write(p[1], "hello", 5));
  say("write %s read %s", w, rdstr(p[0]));
}

CASE(pipe_fds_adjacent)
{
  int p[2];

  pipe(p);
  say("write end is read end + 1: %s", p[1] == p[0] + 1 ? "yes" : "no");
}

CASE(pipe_read_partial)
{
  int p[2];
  char buf[4];
  const char *r1;

  pipe(p);
  write(p[1], "0123456789", 10);
  r1 = res(read(p[0], buf, 4));
  say("first %s then %s", r1, rdstr(p[0]));
}

CASE(pipe_writes_merge)
{
  int p[2];

  pipe(p);
  write(p[1], "ab", 2);
  write(p[1], "cd", 2);
  write(p[1], "ef", 2);
  say("%s", rdstr(p[0]));
}

CASE(pipe_read_zero_len)
{
  int p[2];
  char buf[1];

  pipe(p);
  say("empty %s", res(read(p[0], buf, 0)));
}

CASE(pipe_write_zero_len)
{
  int p[2];
  const char *w;

  pipe(p);
  w = res(write(p[1], "x", 0));
  nonblock(p[0], 1);
  say("write %s then read %s", w, rdstr(p[0]));
}

CASE(pipe_empty_nonblock)
{
  int p[2];

  pipe2(p, O_NONBLOCK);
  say("read %s", rdstr(p[0]));
}

CASE(pipe_eof)
{
  int p[2];

  pipe(p);
  close(p[1]);
  say("read %s", rdstr(p[0]));
}

CASE(pipe_eof_after_data)
{
  int p[2];
  const char *r1;

  pipe(p);
  write(p[1], "abc", 3);
  close(p[1]);
  r1 = rdstr(p[0]);
  say("first %s then %s", r1, rdstr(p[0]));
}

CASE(pipe_eof_nonblock)
{
  int p[2];

  pipe2(p, O_NONBLOCK);
  close(p[1]);
  say("read %s", rdstr(p[0]));
}

CASE(pipe_write_read_end)
{
  int p[2];

  pipe(p);
  say("write %s", res(write(p[0], "x", 1)));
}

CASE(pipe_read_write_end)
{
  int p[2];
  char c;

  pipe(p);
  write(p[1], "x", 1);
  say("read %s", res(read(p[1], &c, 1)));
}

CASE(pipe_closed_fd)
{
  int p[2];
  char c;
  const char *c1, *c2, *r;

  pipe(p);
  c1 = res(close(p[0]));
  c2 = res(close(p[0]));
  r = res(read(p[0], &c, 1));
  say("close %s again %s read %s", c1, c2, r);
}

CASE(pipe2_bad_flags)
{
  int p[2];
  const char *a, *b;

  a = res(pipe2(p, O_TRUNC));
  b = res(pipe2(p, O_WRONLY));
  say("O_TRUNC %s O_WRONLY %s", a, b);
}

CASE(pipe_getfl)
{
  int p[2];

  pipe(p);
  say("read end 0x%x write end 0x%x", FLAGS(p[0]), FLAGS(p[1]));
}

CASE(pipe2_nonblock_getfl)
{
  int p[2];

  pipe2(p, O_NONBLOCK);
  say("read end 0x%x write end 0x%x", FLAGS(p[0]), FLAGS(p[1]));
}

CASE(pipe2_cloexec)
{
  int p[2], q[2];

  pipe(p);
  pipe2(q, O_CLOEXEC);
  say("pipe %d %d pipe2 O_CLOEXEC %d %d", fcntl(p[0], F_GETFD),
      fcntl(p[1], F_GETFD), fcntl(q[0], F_GETFD), fcntl(q[1], F_GETFD));
}

CASE(pipe_setfd_cloexec)
{
  int p[2];
  const char *r;

  pipe(p);
  r = res(fcntl(p[0], F_SETFD, FD_CLOEXEC));
  say("setfd %s now %d other end %d", r, fcntl(p[0], F_GETFD),
      fcntl(p[1], F_GETFD));
}

// O_NONBLOCK lives in the open file, so a dup sees it; FD_CLOEXEC is
// the fd's own and a dup starts without it.
CASE(pipe_dup_shares_flags)
{
  int p[2], d;
  const char *r;

  pipe2(p, O_CLOEXEC);
  d = dup(p[0]);
  nonblock(d, 1);
  r = rdstr(p[0]);
  say("read via original %s flags 0x%x dup cloexec %d", r, FLAGS(p[0]),
      fcntl(d, F_GETFD));
}

CASE(pipe_setfl_through_fork)
{
  int p[2];
  const char *st;

  pipe(p);
  if (fork() == 0) {
    nonblock(p[0], 1);
    _exit(0);
  }
  st = reap();
  say("child %s parent sees 0x%x", st, FLAGS(p[0]));
}

CASE(pipe_fcntl_badf)
{
  int p[2];
  const char *a, *b;

  pipe(p);
  close(p[1]);
  a = res(fcntl(p[1], F_GETFL));
  b = res(fcntl(p[1], F_SETFL, O_NONBLOCK));
  say("getfl %s setfl %s", a, b);
}

CASE(pipe_dup_writer_keeps_open)
{
  int p[2], d;
  const char *r1;

  pipe2(p, O_NONBLOCK);
  d = dup(p[1]);
  close(p[1]);
  r1 = rdstr(p[0]);
  close(d);
  say("with dup %s after closing it %s", r1, rdstr(p[0]));
}

CASE(pipe_dup2_onto_pipe)
{
  int p[2], q[2];
  const char *r;

  pipe(p);
  pipe(q);
  r = dup2(q[1], p[1]) == p[1] ? "yes" : "no";
  write(p[1], "via", 3);
  close(q[1]);
  close(p[1]);
  nonblock(p[0], 1);
  say("dup2 returned newfd %s; new pipe %s old pipe %s", r, rdstr(q[0]),
      rdstr(p[0]));
}

CASE(pipe_child_writes)
{
  int p[2];
  const char *r, *r2;

  pipe(p);
  if (fork() == 0) {
    close(p[0]);
    write(p[1], "from child", 10);
    _exit(0);
  }
  close(p[1]);
  r = rdstr(p[0]);
  r2 = rdstr(p[0]);
  say("read %s then %s child %s", r, r2, reap());
}

// The parent's read blocks until the child, which waits for the parent's
// go-ahead, writes.
CASE(pipe_blocked_read_wakes)
{
  int p[2], go[2];
  char c;
  const char *r;

  pipe(p);
  pipe(go);
  if (fork() == 0) {
    read(go[0], &c, 1);
    write(p[1], "wake", 4);
    _exit(0);
  }
  write(go[1], "g", 1);
  r = rdstr(p[0]);
  say("read %s child %s", r, reap());
}

CASE(pipe_eof_when_child_exits)
{
  int p[2];
  const char *r;

  pipe(p);
  if (fork() == 0)
    _exit(0);
  close(p[1]);
  r = rdstr(p[0]);
  say("read %s child %s", r, reap());
}

// A writer that blocks on a full pipe, more than once, while the reader
// takes everything: all 100000 bytes arrive, in order.
CASE(pipe_blocked_writer)
{
  static char big[100000];
  static char got[4096];
  int p[2], i, bad = 0;
  long n, total = 0;

  pipe(p);
  for (i = 0; i < (int)sizeof(big); i++)
    big[i] = i % 251;
  if (fork() == 0) {
    close(p[0]);
    n = write(p[1], big, sizeof(big));
    _exit(n == sizeof(big) ? 0 : 1);
  }
  close(p[1]);
  while ((n = read(p[0], got, sizeof(got))) > 0) {
    for (i = 0; i < n; i++)
      if (got[i] != big[total + i])
        bad++;
    total += n;
  }
  say("read %ld bytes, %d wrong, child %s", total, bad, reap());
}

CASE(pipe_fill_nonblock)
{
  int p[2];
  const char *w;
  char c = 'x';

  pipe(p);
  fill(p[1]);
  nonblock(p[1], 1);
  w = res(write(p[1], &c, 1));
  say("filled to EAGAIN, one more byte %s", w);
}

CASE(pipe_fill_drain_refill)
{
  int p[2], again;
  long in, out;

  pipe(p);
  fill(p[1]);
  in = drain(p[0]);
  again = fill(p[1]);
  out = drain(p[0]);
  say("drained all %s refilled %s", in > 0 ? "yes" : "no",
      again && out == in ? "same" : "different");
}

CASE(pipe_kill_blocked_reader)
{
  int p[2], ready[2], pid;
  char c;
  const char *st;

  pipe(p);
  pipe(ready);
  pid = fork();
  if (pid == 0) {
    write(ready[1], "r", 1);
    read(p[0], &c, 1);
    _exit(0);
  }
  read(ready[0], &c, 1);
  kill(pid, SIGKILL);
  st = reap();
  say("child %s", st);
}

CASE(pipe_kill_blocked_writer)
{
  int p[2], ready[2], pid;
  char c;

  pipe(p);
  pipe(ready);
  fill(p[1]);
  pid = fork();
  if (pid == 0) {
    write(ready[1], "r", 1);
    write(p[1], "x", 1);
    _exit(0);
  }
  read(ready[0], &c, 1);
  kill(pid, SIGKILL);
  say("child %s", reap());
}

int
main(void)
{
  diff_begin("diff_pipe");
  RUN(pipe_write_read);
  RUN(pipe_fds_adjacent);
  RUN(pipe_read_partial);
  RUN(pipe_writes_merge);
  RUN(pipe_read_zero_len);
  RUN(pipe_write_zero_len);
  RUN(pipe_empty_nonblock);
  RUN(pipe_eof);
  RUN(pipe_eof_after_data);
  RUN(pipe_eof_nonblock);
  RUN(pipe_write_read_end);
  RUN(pipe_read_write_end);
  RUN(pipe_closed_fd);
  RUN(pipe2_bad_flags);
  RUN(pipe_getfl);
  RUN(pipe2_nonblock_getfl);
  RUN(pipe2_cloexec);
  RUN(pipe_setfd_cloexec);
  RUN(pipe_dup_shares_flags);
  RUN(pipe_setfl_through_fork);
  RUN(pipe_fcntl_badf);
  RUN(pipe_dup_writer_keeps_open);
  RUN(pipe_dup2_onto_pipe);
  RUN(pipe_child_writes);
  RUN(pipe_blocked_read_wakes);
  RUN(pipe_eof_when_child_exits);
  RUN(pipe_blocked_writer);
  RUN(pipe_fill_nonblock);
  RUN(pipe_fill_drain_refill);
  RUN(pipe_kill_blocked_reader);
  RUN(pipe_kill_blocked_writer);
  return diff_end("diff_pipe");
}
