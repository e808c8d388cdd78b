/*
 * diff_sockerr: AF_UNIX answers where nudge once differed from Linux, each
 * found by the socket fuzzer (user/fuzz.c) and checked on Linux 6.18
 * (net/socket.c, net/unix/af_unix.c, lib/iov_iter.c):
 *
 *   - the order of a call's checks: socketpair stores its two fds before
 *     it looks at the family; accept4 looks at the fd before the flags;
 *     sendto and recvfrom check the buffer before the fd; sendmsg and
 *     recvmsg the fd before the header; setsockopt a negative length
 *     before the level;
 *   - names: up to 128 bytes are read (EFAULT before EINVAL), a longer
 *     msg_namelen is cut to 128, a name of length 0 is no name, autobind
 *     of a named socket does nothing, and a named socket bound again gets
 *     the path's answer (EADDRINUSE, ENOENT) before EINVAL;
 *   - state: connect to a listener shut for reading, a datagram connect to
 *     a socket connected elsewhere, a socket sending to itself, MSG_OOB on
 *     records, SIGPIPE, receives after SHUT_RD, receives of 0 bytes,
 *     recvmsg's msg_namelen and msg_flags, a stream receive's sender name,
 *     SO_PEERCRED of a listener and of a connected datagram socket;
 *   - sizes: a count past MAX_RW_COUNT is cut to it before its range is
 *     checked; a control buffer over net.core.optmem_max is ENOBUFS.
 */
#include "diff.h"
#include "../glibc/check.h"         // unix_addr()

#define NOT_OPEN 1000
#define BAD ((void *)opaque(8))

static const char *
bind_to(int fd, const char *name)
{
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, name);

  return res(bind(fd, (struct sockaddr *)&a, len));
}

static const char *
connect_to(int fd, const char *name)
{
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, name);

  return res(connect(fd, (struct sockaddr *)&a, len));
}

// A socket of type bound to name (a path left by an earlier run removed
// first).
static int
bound(int type, const char *name)
{
  int fd = socket(AF_UNIX, type, 0);

  unlink(name);
  bind_to(fd, name);
  return fd;
}

// ---- the order of the checks ------------------------------------------------

CASE(order_socketpair)
{
  int sv[2];
  const char *a, *b, *c, *d;

  a = res(socketpair(12345, SOCK_STREAM, 0, BAD));
  b = res(socketpair(AF_UNIX, SOCK_RDM, 0, BAD));
  c = res(socketpair(AF_UNIX, SOCK_STREAM | 0x4000, 0, BAD));
  d = res(socketpair(12345, SOCK_STREAM, 0, sv));
  say("no family %s no type %s bad flags %s stored, no family %s", a, b, c, d);
}

CASE(order_accept4)
{
  int p[2];
  const char *a, *b, *c;

  pipe(p);
  a = res(accept4(NOT_OPEN, 0, 0, 0x4000));
  b = res(accept4(p[0], 0, 0, 0x4000));
  c = res(accept4(p[0], 0, 0, 0));
  say("closed, bad flags %s pipe, bad flags %s pipe %s", a, b, c);
}

CASE(order_buffer_first)
{
  char buf[4];
  const char *a, *b, *c;

  a = res(sendto(NOT_OPEN, (void *)-4096L, 100, 0, 0, 0));
  b = res(recvfrom(NOT_OPEN, (void *)-4096L, 100, 0, 0, 0));
  c = res(sendto(NOT_OPEN, buf, 1, 0, 0, 0));
  say("sendto %s recvfrom %s good buffer %s", a, b, c);
}

CASE(order_msg_fd_first)
{
  int p[2], s = socket(AF_UNIX, SOCK_STREAM, 0);
  const char *a, *b, *c, *d, *e, *f;

  pipe(p);
  a = res(sendmsg(NOT_OPEN, BAD, 0));
  b = res(sendmsg(p[1], BAD, 0));
  c = res(sendmsg(s, BAD, 0));
  d = res(recvmsg(NOT_OPEN, BAD, 0));
  e = res(recvmsg(p[0], BAD, 0));
  f = res(recvmsg(s, BAD, MSG_DONTWAIT));
  say("sendmsg closed %s pipe %s socket %s recvmsg closed %s pipe %s socket %s",
      a, b, c, d, e, f);
}

CASE(order_setsockopt)
{
  int s = socket(AF_UNIX, SOCK_STREAM, 0), one = 1;
  const char *a, *b, *c;

  a = res(setsockopt(s, 99, 1, &one, -1));
  b = res(setsockopt(s, 99, 1, &one, 4));
  c = res(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &one, 3));
  say("other level, negative length %s other level %s short %s", a, b, c);
}

// ---- names --------------------------------------------------------------------

CASE(names_long)
{
  struct sockaddr_storage big;
  struct sockaddr_un *ua = (struct sockaddr_un *)&big;
  int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
  const char *a, *b, *c, *e, *f;

  memset(&big, 0, sizeof(big));
  ua->sun_family = AF_UNIX;
  strcpy(ua->sun_path, "nl");
  a = res(bind(s, BAD, 120));
  b = res(bind(d, (struct sockaddr *)&big, 120));
  c = res(connect(d, BAD, 120));
  e = res(connect(d, (struct sockaddr *)&big, 129));
  big.ss_family = AF_UNSPEC;
  f = res(connect(d, (struct sockaddr *)&big, 120));
  say("bind bad 120 %s bind 120 %s connect bad 120 %s connect 129 %s unspec 120 %s",
      a, b, c, e, f);
}

// A name of length 0 is no name: a connected datagram socket sends to its
// peer.
CASE(names_zero_length)
{
  struct sockaddr_un a;
  int sv[2];
  const char *x, *y;

  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  x = res(sendto(sv[0], "ab", 2, 0, (struct sockaddr *)&a, 0));
  y = rdstr(sv[1]);
  say("sendto %s recv %s", x, y);
}

// msg_namelen over 128 is cut to 128: a seqpacket send ignores the name, a
// stream send refuses it, a datagram send finds it too long. Negative is
// EINVAL, unless msg_name is NULL.
CASE(names_msg_namelen)
{
  struct sockaddr_storage big;
  struct iovec iov = { "x", 1 };
  struct msghdr m = { .msg_name = &big, .msg_namelen = 200, .msg_iov = &iov,
                      .msg_iovlen = 1 };
  int q[2], s[2], d[2];
  const char *a, *b, *c, *e, *f;

  memset(&big, 0, sizeof(big));
  big.ss_family = AF_UNIX;
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q);
  socketpair(AF_UNIX, SOCK_STREAM, 0, s);
  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  a = res(sendmsg(q[0], &m, 0));
  b = res(sendmsg(s[0], &m, 0));
  c = res(sendmsg(d[0], &m, 0));
  m.msg_namelen = -1;
  e = res(sendmsg(d[0], &m, 0));
  m.msg_name = 0;
  f = res(sendmsg(d[0], &m, 0));
  say("200: seqpacket %s stream %s datagram %s; -1 %s; -1, no name %s", a, b, c, e, f);
}

// Autobind of a socket with a name does nothing. A named socket bound
// again: the path is made first, so its answer comes first, and a path
// made for nothing is taken away.
CASE(bind_named_again)
{
  struct sockaddr_un a = { .sun_family = AF_UNIX };
  struct stat st;
  int s, fd;
  const char *b, *c, *d, *e, *f, *g;

  enter("bna");
  s = bound(SOCK_STREAM, "me");
  unlink("new");
  fd = open("file", O_CREAT | O_WRONLY, 0600);
  close(fd);
  b = res(bind(s, (struct sockaddr *)&a, 2));
  c = bind_to(s, "file");
  d = bind_to(s, "nodir/x");
  e = bind_to(s, "new");
  f = res(stat("new", &st));
  g = bind_to(s, "@abstract-bna");
  say("autobind %s exists %s missing dir %s new %s left %s abstract %s", b, c, d, e, f, g);
}

// ---- state ---------------------------------------------------------------------

CASE(connect_shut_listener)
{
  int l, c;

  enter("csl");
  l = bound(SOCK_STREAM, "l");
  listen(l, 5);
  shutdown(l, SHUT_RD);
  c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  say("%s", connect_to(c, "l"));
}

// SO_PEERCRED: a listener's is its own process's; a connected datagram
// socket's is no one's (pid 0, uid and gid -1); a socketpair's the
// process's.
CASE(peercred_kinds)
{
  struct ucred cr;
  socklen_t len = sizeof(cr);
  int l, d1, d2, sv[2];
  const char *a, *b;
  int lpid, luid, dpid, duid, ppid;

  enter("pk");
  l = bound(SOCK_STREAM, "l");
  listen(l, 5);
  a = res(getsockopt(l, SOL_SOCKET, SO_PEERCRED, &cr, &len));
  lpid = cr.pid == getpid();
  luid = cr.uid == getuid();
  d1 = socket(AF_UNIX, SOCK_DGRAM, 0);
  d2 = bound(SOCK_DGRAM, "d2");
  connect_to(d1, "d2");
  len = sizeof(cr);
  b = res(getsockopt(d1, SOL_SOCKET, SO_PEERCRED, &cr, &len));
  dpid = cr.pid;
  duid = cr.uid == (uid_t)-1 && cr.gid == (gid_t)-1;
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  len = sizeof(cr);
  getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len);
  ppid = cr.pid == getpid();
  say("listener %s own pid %d own uid %d; datagram %s pid %d no uid %d; pair own pid %d",
      a, lpid, luid, b, dpid, duid, ppid);
  close(d2);
}

// A datagram socket may connect only to one that is connected to nothing
// or to it.
CASE(dgram_connect_eperm)
{
  int d1, d2, d3;
  const char *a, *b, *c;

  enter("dce");
  d1 = bound(SOCK_DGRAM, "d1");
  d2 = bound(SOCK_DGRAM, "d2");
  d3 = socket(AF_UNIX, SOCK_DGRAM, 0);
  a = connect_to(d1, "d2");
  b = connect_to(d2, "d1");
  c = connect_to(d3, "d1");
  say("d1 to d2 %s d2 to d1 %s d3 to d1 %s", a, b, c);
}

// A socket sending to itself is bound by its send buffer, not by its
// queue's length (net.unix.max_dgram_qlen, 10).
CASE(dgram_self_send)
{
  struct sockaddr_un a;
  socklen_t alen;
  int d, n;

  enter("dss");
  d = bound(SOCK_DGRAM, "d");
  alen = unix_addr(&a, "d");
  for (n = 0; n < 30; n++)
    if (sendto(d, "z", 1, MSG_DONTWAIT, (struct sockaddr *)&a, alen) != 1)
      break;
  say("%d of 30 sent", n);
}

// Records have no urgent data; a stream receive of urgent data when none
// waits is EINVAL (a stream's urgent send is a difference:
// docs/linux-differences.md). A seqpacket socket's connection comes
// first.
CASE(oob_records)
{
  int d[2], q[2], s[2], u = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  char c;
  const char *a, *b, *e, *f, *g, *h, *i;

  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q);
  socketpair(AF_UNIX, SOCK_STREAM, 0, s);
  a = res(send(d[0], "o", 1, MSG_OOB));
  b = res(recv(d[1], &c, 1, MSG_OOB | MSG_DONTWAIT));
  e = res(send(q[0], "o", 1, MSG_OOB));
  f = res(recv(q[1], &c, 1, MSG_OOB | MSG_DONTWAIT));
  g = res(send(u, "o", 1, MSG_OOB));
  h = res(recv(u, &c, 1, MSG_OOB | MSG_DONTWAIT));
  i = res(recv(s[1], &c, 1, MSG_OOB | MSG_DONTWAIT));
  say("datagram send %s recv %s seqpacket send %s recv %s unconnected send %s recv %s "
      "stream recv %s", a, b, e, f, g, h, i);
}

// Receives after SHUT_RD: a non-blocking datagram one is EAGAIN, a
// blocking one end of file; a seqpacket one end of file either way.
CASE(recv_after_shut_rd)
{
  int d[2], q[2];
  char c;
  const char *a, *b, *e;

  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q);
  shutdown(d[1], SHUT_RD);
  shutdown(q[1], SHUT_RD);
  a = res(recv(d[1], &c, 1, MSG_DONTWAIT));
  b = res(recv(d[1], &c, 1, 0));
  e = res(recv(q[1], &c, 1, MSG_DONTWAIT));
  say("datagram nonblocking %s blocking %s seqpacket nonblocking %s", a, b, e);
}

// Receives of 0 bytes: read returns 0 at once; recv waits for something
// to read; a record receive of 0 bytes takes the record.
CASE(recv_zero)
{
  static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
  char out[3][96], buf[8];
  int sv[2];

  for (int t = 0; t < 3; t++) {
    const char *a, *b, *c, *d;

    socketpair(AF_UNIX, types[t] | SOCK_NONBLOCK, 0, sv);
    a = res(read(sv[1], buf, 0));
    b = res(recv(sv[1], buf, 0, 0));
    write(sv[0], "abc", 3);
    c = res(recv(sv[1], buf, 0, 0));
    d = res(recv(sv[1], buf, sizeof(buf), 0));
    snprintf(out[t], sizeof(out[t]), "read %s recv %s, queued %s then %s", a, b, c, d);
    close(sv[0]);
    close(sv[1]);
  }
  say("stream: %s; datagram: %s; seqpacket: %s", out[0], out[1], out[2]);
}

// recvmsg with msg_name NULL leaves msg_namelen as it was; msg_flags
// carries MSG_CMSG_CLOEXEC back.
CASE(recvmsg_namelen_flags)
{
  char buf[8];
  struct iovec iov = { buf, sizeof(buf) };
  struct msghdr m = { .msg_namelen = 77, .msg_iov = &iov, .msg_iovlen = 1 };
  int sv[2];
  const char *a;

  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  write(sv[0], "abc", 3);
  a = res(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC));
  say("%s namelen %d flags %#x", a, m.msg_namelen, m.msg_flags);
}

// A stream receive gives the sender's name: an accepted socket's is its
// listener's; an unnamed one's is 0 bytes long.
CASE(stream_sender_name)
{
  struct sockaddr_un from;
  socklen_t f1 = sizeof(from), f2 = sizeof(from);
  char buf[8], name[16];
  int l, c, a;
  const char *x, *y;

  enter("ssn");
  l = bound(SOCK_STREAM, "l");
  listen(l, 5);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  connect_to(c, "l");
  a = accept(l, 0, 0);
  write(a, "hi", 2);
  memset(&from, 0, sizeof(from));
  x = res(recvfrom(c, buf, sizeof(buf), 0, (struct sockaddr *)&from, &f1));
  snprintf(name, sizeof(name), "%.15s", from.sun_path);
  write(c, "yo", 2);
  y = res(recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &f2));
  say("from the accepted %s len %u name %s; from the unnamed %s len %u", x, f1, name, y,
      f2);
}

// SIGPIPE comes with a stream send's EPIPE only.
CASE(sigpipe_kinds)
{
  static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
  const char *got[3];
  int sv[2];

  for (int t = 0; t < 3; t++) {
    if (fork() == 0) {
      socketpair(AF_UNIX, types[t], 0, sv);
      close(sv[1]);
      send(sv[0], "x", 1, 0);
      _exit(errno == EPIPE ? 3 : errno == ECONNREFUSED ? 4 : 5);
    }
    got[t] = keep(reap());
  }
  say("stream %s datagram %s seqpacket %s", got[0], got[1], got[2]);
}

// A count past MAX_RW_COUNT is cut to it before its range is checked.
// The buffer is static, low in memory, so that 2 GiB past it is still
// user memory (the stack of a riscv64 process is near the top).
CASE(count_cut)
{
  static char buf[8];
  int sv[2];
  const char *a, *b;

  socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
  a = res(recvfrom(sv[1], buf, 1UL << 62, 0, 0, 0));
  write(sv[0], "abc", 3);
  b = res(recvfrom(sv[1], buf, 1UL << 62, 0, 0, 0));
  say("nothing queued %s three queued %s", a, b);
}

// sendmsg copies the whole control buffer first: over net.core.optmem_max
// (131072) it is ENOBUFS, unreadable EFAULT; both before a seqpacket
// socket looks at its connection.
CASE(control_copied_first)
{
  static char ctl[200000];
  char buf[4];
  struct iovec iov = { buf, 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                      .msg_controllen = sizeof(ctl) };
  int sv[2], q = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  const char *a, *b, *c, *d;

  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  a = res(sendmsg(sv[0], &m, 0));
  c = res(sendmsg(q, &m, 0));
  m.msg_control = BAD;
  m.msg_controllen = 1000;
  b = res(sendmsg(sv[0], &m, 0));
  d = res(sendmsg(q, &m, 0));
  say("200000 bytes %s 1000 unreadable %s; unconnected seqpacket %s, %s", a, b, c, d);
}

// A malformed control message (cmsg_len under a header) is EINVAL, but
// an unconnected seqpacket socket says ENOTCONN before it reads it.
CASE(control_read_after_state)
{
  char buf[4];
  struct cmsghdr ctl[2] = { { .cmsg_len = 4, .cmsg_level = SOL_SOCKET } };
  struct iovec iov = { buf, 1 };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                      .msg_controllen = sizeof(ctl) };
  int d[2], q = socket(AF_UNIX, SOCK_SEQPACKET, 0), s = socket(AF_UNIX, SOCK_STREAM, 0);
  const char *a, *b, *c;

  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  a = res(sendmsg(d[0], &m, 0));
  b = res(sendmsg(q, &m, 0));
  c = res(sendmsg(s, &m, 0));
  say("datagram %s unconnected seqpacket %s unconnected stream %s", a, b, c);
}

int
main(void)
{
  diff_begin("diff_sockerr");
  enter("sockerr_w");
  RUN_NATIVE(order_socketpair);      // qemu-user: the family first
  RUN(order_accept4);
  RUN(order_buffer_first);
  RUN_NATIVE(order_msg_fd_first);    // qemu-user: the header first
  RUN_NATIVE(order_setsockopt);      // qemu-user: its own option checks
  RUN(names_long);
  RUN(names_zero_length);
  RUN(names_msg_namelen);
  RUN(bind_named_again);
  RUN(connect_shut_listener);
  RUN(peercred_kinds);
  RUN(dgram_connect_eperm);
  RUN(dgram_self_send);
  RUN(oob_records);
  RUN(recv_after_shut_rd);
  RUN(recv_zero);
  RUN_NATIVE(recvmsg_namelen_flags); // qemu-user: writes msg_namelen 0
  RUN(stream_sender_name);
  RUN(sigpipe_kinds);
  RUN_NATIVE(count_cut);             // qemu-user: EFAULT for the count
  RUN_NATIVE(control_copied_first);  // qemu-user: crashes
  RUN_NATIVE(control_read_after_state); // qemu-user: crashes
  return diff_end("diff_sockerr");
}
