/*
 * sockrights: file descriptors passed over AF_UNIX sockets (SCM_RIGHTS),
 * each rule checked on Linux (unix(7), cmsg(3), recvmsg(2)): an eventfd
 * and a pipe end passed, the new fd a second door to the same open file
 * (epoll watching the file sees writes through it); MSG_CMSG_CLOEXEC; a
 * message with fds ends a stream read; MSG_PEEK passes fds too; files
 * in flight, never received, released when the socket holding them
 * goes; a control buffer too small (MSG_CTRUNC, the fds that do not fit
 * closed); the limits and errors; and sockets passed over themselves,
 * which Linux's garbage collector frees.
 *
 * Whether a file was released is seen from a pipe: the read end sees
 * EOF (POLLHUP) once the last write end goes, the write end EPIPE once
 * the last read end goes. Fd numbers are never printed. Each wait for a
 * release is bounded (10 s); the collector runs when Linux schedules it,
 * so that wait closes a socket pair now and then to schedule it again.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include "check.h"

#define MAXFDS 253              // SCM_MAX_FD

// sendmsg of data with the n fds in one SCM_RIGHTS message: the count
// or -errno.
static long
send_fds(int s, const char *data, const int *fds, int n)
{
  static char control[CMSG_SPACE(sizeof(int) * (MAXFDS + 1))];
  struct iovec iov = { (void *)data, strlen(data) };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
  struct cmsghdr *c;

  if (n > 0) {
    memset(control, 0, sizeof(control));
    m.msg_control = control;
    m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
  }
  return sysret(sendmsg(s, &m, MSG_NOSIGNAL | MSG_DONTWAIT));
}

// What one recvmsg got.
struct got {
  long r;                       // its result, or -errno
  char data[64];
  int flags;                    // msg_flags
  size_t controllen;            // msg_controllen after
  size_t cmsg_len;              // of the first cmsg, 0 for none
  int cmsgs;                    // how many cmsgs
  int nfds, fds[MAXFDS];        // the fds of SCM_RIGHTS cmsgs
};

// recvmsg(s) with a control buffer of controllen bytes (none for 0),
// not waiting. The fds not received are -1.
static void
recv_fds(int s, size_t controllen, int flags, struct got *g)
{
  static char control[CMSG_SPACE(sizeof(int) * MAXFDS)];
  struct iovec iov = { g->data, sizeof(g->data) - 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = controllen ? control : 0,
                      .msg_controllen = controllen };
  struct cmsghdr *c;
  int n;

  memset(g, 0, sizeof(*g));
  for (n = 0; n < MAXFDS; n++)
    g->fds[n] = -1;
  memset(control, 0, sizeof(control));
  g->r = sysret(recvmsg(s, &m, flags | MSG_DONTWAIT));
  if (g->r < 0)
    return;
  g->flags = m.msg_flags;
  g->controllen = m.msg_controllen;
  for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    if (g->cmsgs++ == 0)
      g->cmsg_len = c->cmsg_len;
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
      continue;
    n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    if (n > MAXFDS - g->nfds)
      n = MAXFDS - g->nfds;
    memcpy(g->fds + g->nfds, CMSG_DATA(c), n * sizeof(int));
    g->nfds += n;
  }
}

// A recvmsg's result as "count data, N fds, msg_flags F".
static const char *
got_str(const struct got *g)
{
  static char buf[128];

  if (g->r < 0)
    return strerrorname_np(-g->r);
  snprintf(buf, sizeof(buf), "%ld %s, %d fds, msg_flags %s", g->r, g->data,
           g->nfds, g->flags == 0 ? "0" : g->flags == MSG_CTRUNC ?
           "MSG_CTRUNC" : "other");
  return buf;
}

static void
close_got(struct got *g)
{
  int i;

  for (i = 0; i < g->nfds; i++)
    close(g->fds[i]);
}

static int
same_file(int a, int b)
{
  struct stat sa, sb;

  return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

static int
accmode(int fd)
{
  return fcntl(fd, F_GETFL) & O_ACCMODE;
}

// 1 once the pipe read end rd sees its last writer gone (POLLHUP),
// within 10 s.
static int
writer_gone(int rd)
{
  struct pollfd p = { rd, POLLIN, 0 };

  return poll(&p, 1, 10000) == 1 && (p.revents & POLLHUP);
}

// 1 if the pipe read end rd sees a writer now.
static int
writer_there(int rd)
{
  struct pollfd p = { rd, POLLIN, 0 };

  return poll(&p, 1, 0) == 0;
}

// unix(7) SCM_RIGHTS: the receiver gets a new fd, as by dup in the
// sender: the same open file (its O_NONBLOCK with it), not FD_CLOEXEC
// unless recvmsg asks with MSG_CMSG_CLOEXEC. An eventfd written through
// it is read through the original; a pipe's write end, once received,
// is the pipe's writer: closing it is EOF for the reader.
static void
pass_files(void)
{
  int sv[2], efd = eventfd(0, EFD_NONBLOCK), p[2];
  uint64_t v = 5;
  struct got g;
  char buf[8];

  unix_pair(SOCK_STREAM, sv);
  expect_ret("sendmsg 'e' with an eventfd", send_fds(sv[0], "e", &efd, 1), 1);
  recv_fds(sv[1], CMSG_SPACE(sizeof(int)), 0, &g);
  expect_str("recvmsg", got_str(&g), "1 e, 1 fds, msg_flags 0");
  expect_yes("one cmsg, cmsg_len CMSG_LEN(sizeof(int))",
             g.cmsgs == 1 && g.cmsg_len == CMSG_LEN(sizeof(int)));
  expect_yes("msg_controllen CMSG_SPACE(sizeof(int))",
             g.controllen == CMSG_SPACE(sizeof(int)));
  expect_yes("a new fd, the same file", g.fds[0] != efd &&
             same_file(g.fds[0], efd));
  expect_yes("FD_CLOEXEC clear, O_NONBLOCK set",
             !(fcntl(g.fds[0], F_GETFD) & FD_CLOEXEC) &&
             (fcntl(g.fds[0], F_GETFL) & O_NONBLOCK));
  write(g.fds[0], &v, sizeof(v));
  v = 0;
  read(efd, &v, sizeof(v));
  expect_ret("written 5 through it: the original reads", v, 5);
  close_got(&g);
  send_fds(sv[0], "c", &efd, 1);
  recv_fds(sv[1], CMSG_SPACE(sizeof(int)), MSG_CMSG_CLOEXEC, &g);
  expect_yes("MSG_CMSG_CLOEXEC: FD_CLOEXEC set",
             g.nfds == 1 && (fcntl(g.fds[0], F_GETFD) & FD_CLOEXEC));
  close_got(&g);
  pipe(p);
  expect_ret("sendmsg 'p' with a pipe's write end",
             send_fds(sv[0], "p", &p[1], 1), 1);
  close(p[1]);
  recv_fds(sv[1], CMSG_SPACE(sizeof(int)), 0, &g);
  expect_str("recvmsg", got_str(&g), "1 p, 1 fds, msg_flags 0");
  expect_ret("write through it", write(g.fds[0], "via", 3), 3);
  expect_ret("the read end reads",
             poll_in(p[0], 10000) ? read(p[0], buf, sizeof(buf)) : 0, 3);
  close_got(&g);
  expect_yes("it closed: the read end sees EOF", writer_gone(p[0]));
  close(p[0]);
  close(efd);
  close_pair(sv);
}

// epoll(7): an item belongs to the open file and the fd it was added
// with; a passed fd is the same file, so an epoll watching the original
// reports what is written through the copy, even after the original fd
// is closed (the copy keeps the file open). The copy's fd, a new key,
// can be added beside it.
static void
epoll_follows_file(void)
{
  int sv[2], efd = eventfd(0, EFD_NONBLOCK), ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
  uint64_t one = 1;
  struct got g;

  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  unix_pair(SOCK_STREAM, sv);
  send_fds(sv[0], "e", &efd, 1);
  recv_fds(sv[1], CMSG_SPACE(sizeof(int)), 0, &g);
  write(g.fds[0], &one, sizeof(one));
  expect_ret("epoll on the original, a write through the copy",
             epoll_wait(ep, &ev, 1, 0), 1);
  expect_ret("its data", ev.data.u64, 7);
  read(efd, &one, sizeof(one));
  close(efd);
  write(g.fds[0], &one, sizeof(one));
  expect_ret("the original fd closed, another write through the copy",
             epoll_wait(ep, &ev, 1, 0), 1);
  expect_ret("its data", ev.data.u64, 7);
  ev.data.u64 = 8;
  expect_ret("EPOLL_CTL_ADD the copy",
             sysret(epoll_ctl(ep, EPOLL_CTL_ADD, g.fds[0], &ev)), 0);
  expect_ret("ready items", epoll_wait(ep, (struct epoll_event[2]){ 0 }, 2,
                                       0), 2);
  close_got(&g);
  close(ep);
  close_pair(sv);
}

/*
 * unix(7): a file sent and never received is held by the message, and
 * released with it, when the socket whose queue holds it goes: the
 * sender's end closing is not enough. A pipe's write end in flight keeps
 * its reader from EOF until then; a read end in flight keeps writes from
 * EPIPE. The same for a datagram socket, and for a connection never
 * accepted (closing the listener drops it, and what was sent on it).
 */
static void
in_flight(void)
{
  int sv[2], p[2], l, c;

  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  send_fds(sv[0], "w", &p[1], 1);
  close(p[1]);
  expect_yes("a write end in flight, ours closed: a writer still there",
             writer_there(p[0]));
  close(sv[0]);
  expect_yes("the sending end closed: still there", writer_there(p[0]));
  close(sv[1]);
  expect_yes("the receiving end closed: the reader sees EOF",
             writer_gone(p[0]));
  close(p[0]);
  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  send_fds(sv[0], "r", &p[0], 1);
  close(p[0]);
  expect_ret("a read end in flight, ours closed: write",
             sysret(write(p[1], "x", 1)), 1);
  close_pair(sv);
  expect_ret("both socket ends closed: write", sysret(write(p[1], "x", 1)),
             -EPIPE);
  close(p[1]);
  unix_pair(SOCK_DGRAM, sv);
  pipe(p);
  send_fds(sv[0], "d", &p[1], 1);
  close(p[1]);
  close_pair(sv);
  expect_yes("datagram: a write end in flight, both ends closed: EOF",
             writer_gone(p[0]));
  close(p[0]);
  l = socket(AF_UNIX, SOCK_STREAM, 0);
  unix_bind(l, "@sr-l");
  listen(l, 1);
  c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  unix_connect(c, "@sr-l");
  pipe(p);
  expect_ret("sent on a connection not accepted",
             send_fds(c, "n", &p[1], 1), 1);
  close(p[1]);
  close(c);
  expect_yes("the client closed: still there", writer_there(p[0]));
  close(l);
  expect_yes("the listener closed: EOF", writer_gone(p[0]));
  close(p[0]);
}

/*
 * recvmsg(2) MSG_CTRUNC: "some control data was discarded due to lack
 * of space"; scm_detach_fds installs as many fds as fit and the rest are
 * closed. No control buffer, or one smaller than a cmsghdr: no fds, all
 * closed. Room for one of eight: one fd, which works, and the others
 * closed; of those only the last is asked about, as qemu-riscv64 7.2
 * receives into a buffer twice the size and keeps open the fds it cannot
 * hand on (it also sets no MSG_CTRUNC for two fds in room for one).
 */
static void
ctrunc(void)
{
  int sv[2], p[2], q[2], w[8], i;
  struct got g;
  char c;

  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  pipe(q);
  w[0] = p[1];
  w[1] = q[1];
  send_fds(sv[0], "2", w, 2);
  close(p[1]);
  close(q[1]);
  recv_fds(sv[1], 0, 0, &g);
  expect_str("2 fds, recvmsg without a control buffer", got_str(&g),
             "1 2, 0 fds, msg_flags MSG_CTRUNC");
  expect_yes("both closed", writer_gone(p[0]) && writer_gone(q[0]));
  close(p[0]);
  close(q[0]);
  pipe(p);
  send_fds(sv[0], "1", &p[1], 1);
  close(p[1]);
  recv_fds(sv[1], 8, 0, &g);
  expect_str("1 fd, a control buffer of 8 bytes", got_str(&g),
             "1 1, 0 fds, msg_flags MSG_CTRUNC");
  expect_ret("msg_controllen", g.controllen, 0);
  expect_yes("it is closed", writer_gone(p[0]));
  close(p[0]);
  pipe(p);
  pipe(q);
  for (i = 0; i < 7; i++)
    w[i] = p[1];
  w[7] = q[1];
  send_fds(sv[0], "8", w, 8);
  close(p[1]);
  close(q[1]);
  recv_fds(sv[1], CMSG_LEN(sizeof(int)), 0, &g);
  expect_str("8 fds, room for one (CMSG_LEN(sizeof(int)))", got_str(&g),
             "1 8, 1 fds, msg_flags MSG_CTRUNC");
  expect_yes("cmsg_len CMSG_LEN(sizeof(int))",
             g.cmsg_len == CMSG_LEN(sizeof(int)));
  expect_ret("the fd received: write", write(g.fds[0], "y", 1), 1);
  expect_ret("read", poll_in(p[0], 10000) ? read(p[0], &c, 1) : 0, 1);
  expect_yes("the eighth is closed", writer_gone(q[0]));
  close_got(&g);
  close(p[0]);
  close(q[0]);
  close_pair(sv);
}

/*
 * Linux's stream receive (unix_stream_read_generic) joins the bytes of
 * several sends into one read, but stops after a send that carried fds:
 * 'a' with an fd, then 'b': two reads. 'a', then 'b' with an fd: one
 * read 'ab' with the fd. Two sends with fds: two reads. With MSG_PEEK
 * the fds come too, a new fd each time (the message keeps its own);
 * several fds in one message come in order. A stream send of 0 bytes
 * sends nothing, fds neither; a datagram of 0 bytes carries them.
 */
static void
boundaries(void)
{
  int sv[2], efd = eventfd(0, 0), p[2], three[3];
  struct got g, g2;

  unix_pair(SOCK_STREAM, sv);
  send_fds(sv[0], "a", &efd, 1);
  send_fds(sv[0], "b", 0, 0);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("'a' with an fd, 'b': recvmsg", got_str(&g),
             "1 a, 1 fds, msg_flags 0");
  close_got(&g);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("recvmsg", got_str(&g), "1 b, 0 fds, msg_flags 0");
  send_fds(sv[0], "a", 0, 0);
  send_fds(sv[0], "b", &efd, 1);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("'a', 'b' with an fd: recvmsg", got_str(&g),
             "2 ab, 1 fds, msg_flags 0");
  close_got(&g);
  send_fds(sv[0], "c", &efd, 1);
  send_fds(sv[0], "d", &efd, 1);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("'c' and 'd', each with an fd: recvmsg", got_str(&g),
             "1 c, 1 fds, msg_flags 0");
  close_got(&g);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("recvmsg", got_str(&g), "1 d, 1 fds, msg_flags 0");
  close_got(&g);
  send_fds(sv[0], "pk", &efd, 1);
  recv_fds(sv[1], 64, MSG_PEEK, &g);
  expect_str("MSG_PEEK", got_str(&g), "2 pk, 1 fds, msg_flags 0");
  recv_fds(sv[1], 64, 0, &g2);
  expect_str("then recvmsg", got_str(&g2), "2 pk, 1 fds, msg_flags 0");
  expect_yes("two fds, both the eventfd", g.fds[0] != g2.fds[0] &&
             same_file(g.fds[0], efd) && same_file(g2.fds[0], efd));
  close_got(&g);
  close_got(&g2);
  pipe(p);
  three[0] = p[0];
  three[1] = efd;
  three[2] = p[1];
  send_fds(sv[0], "3", three, 3);
  recv_fds(sv[1], CMSG_SPACE(3 * sizeof(int)), 0, &g);
  expect_str("3 fds", got_str(&g), "1 3, 3 fds, msg_flags 0");
  expect_yes("in order: the read end, the eventfd, the write end",
             accmode(g.fds[0]) == O_RDONLY && accmode(g.fds[1]) == O_RDWR &&
             accmode(g.fds[2]) == O_WRONLY);
  close_got(&g);
  expect_ret("stream: 0 bytes with an fd", send_fds(sv[0], "", &efd, 1), 0);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("recvmsg", got_str(&g), "EAGAIN");
  close_pair(sv);
  unix_pair(SOCK_DGRAM, sv);
  expect_ret("datagram: 0 bytes with an fd", send_fds(sv[0], "", &efd, 1), 0);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("recvmsg", got_str(&g), "0 , 1 fds, msg_flags 0");
  close_got(&g);
  close_pair(sv);
  close(p[0]);
  close(p[1]);
  close(efd);
}

// unix(7): at most SCM_MAX_FD (253) fds in one message, else EINVAL; an
// fd not open is EBADF; a cmsg type unknown at SOL_SOCKET EINVAL, a cmsg
// of another level ignored; a stream not connected ENOTCONN. (A
// cmsg_len that is too short or overruns msg_controllen is EINVAL on
// Linux; qemu-riscv64 7.2 rewrites it, so it is not asked.)
static void
limits(void)
{
  int sv[2], many[MAXFDS + 1], i, fd = socket(AF_UNIX, SOCK_STREAM, 0);
  int bad = -1;
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = { "x", 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                      .msg_control = control,
                      .msg_controllen = sizeof(control) };
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  struct got g;

  unix_pair(SOCK_STREAM, sv);
  for (i = 0; i <= MAXFDS; i++)
    many[i] = sv[0];
  expect_ret("253 fds", send_fds(sv[0], "m", many, MAXFDS), 1);
  recv_fds(sv[1], CMSG_SPACE(sizeof(int) * MAXFDS), 0, &g);
  expect_str("recvmsg", got_str(&g), "1 m, 253 fds, msg_flags 0");
  close_got(&g);
  expect_ret("254 fds", send_fds(sv[0], "m", many, MAXFDS + 1), -EINVAL);
  expect_ret("fd -1", send_fds(sv[0], "m", &bad, 1), -EBADF);
  memset(control, 0, sizeof(control));
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = 99;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  expect_ret("cmsg_type 99", sysret(sendmsg(sv[0], &m, 0)), -EINVAL);
  c->cmsg_level = 99;
  c->cmsg_type = SCM_RIGHTS;
  expect_ret("cmsg_level 99 (ignored)", sysret(sendmsg(sv[0], &m, 0)), 1);
  recv_fds(sv[1], 64, 0, &g);
  expect_str("recvmsg", got_str(&g), "1 x, 0 fds, msg_flags 0");
  expect_ret("not connected", send_fds(fd, "m", &sv[0], 1), -ENOTCONN);
  close(fd);
  close_pair(sv);
}

// Waits up to 10 s for the pipe read end rd to lose its last writer,
// closing a fresh socket pair every 100 ms: each close lets Linux
// schedule its collector again (unix_schedule_gc), which it skips while
// a run is in progress.
static int
collected(int rd)
{
  struct pollfd p = { rd, POLLIN, 0 };
  int i, sv[2];

  for (i = 0; i < 100; i++) {
    if (poll(&p, 1, 100) == 1 && (p.revents & POLLHUP))
      return 1;
    unix_pair(SOCK_STREAM, sv);
    close_pair(sv);
  }
  return 0;
}

/*
 * Sockets in flight over themselves, each message also carrying a
 * pipe's write end, whose release the pipe's reader sees:
 *   a's fd sent on a: it waits in b's queue; closing a leaves it held
 *     there, closing b releases b's queue and with it a and the pipe.
 *   b's fd sent on a: b's own queue holds b; closed, nothing outside
 *     refers to b: only the garbage collector frees it.
 *   a's fd in b's queue and b's in a's: a cycle of two, the same.
 */
static void
garbage(void)
{
  int sv[2], p[2], two[2];

  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  two[0] = sv[0];
  two[1] = p[1];
  expect_ret("a's fd and a pipe's sent on a", send_fds(sv[0], "s", two, 2),
             1);
  close(p[1]);
  close(sv[0]);
  expect_yes("a closed: the pipe's writer still there", writer_there(p[0]));
  close(sv[1]);
  expect_yes("b closed: EOF", writer_gone(p[0]));
  close(p[0]);
  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  two[0] = sv[1];
  two[1] = p[1];
  expect_ret("b's fd and a pipe's sent on a (into b's queue)",
             send_fds(sv[0], "s", two, 2), 1);
  close(p[1]);
  close_pair(sv);
  expect_yes("both closed: collected, EOF", collected(p[0]));
  close(p[0]);
  unix_pair(SOCK_STREAM, sv);
  pipe(p);
  two[0] = sv[0];
  two[1] = p[1];
  send_fds(sv[1], "s", &sv[1], 1);
  expect_ret("b's fd sent on b, a's and a pipe's on a",
             send_fds(sv[0], "s", two, 2), 1);
  close(p[1]);
  close_pair(sv);
  expect_yes("both closed: collected, EOF", collected(p[0]));
  close(p[0]);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  signal(SIGPIPE, SIG_IGN);
  pass_files();
  epoll_follows_file();
  in_flight();
  ctrunc();
  boundaries();
  limits();
  garbage();
  return check_done();
}
