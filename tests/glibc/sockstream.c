/*
 * sockstream: bytes through connected AF_UNIX stream sockets, each rule
 * checked on Linux (unix(7), send(2), recv(2), shutdown(2), socket(7)):
 * every call that moves bytes (read, write, readv, writev, send, recv,
 * sendto, recvfrom, sendmsg, recvmsg), with no record boundaries;
 * MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_NOSIGNAL and SIGPIPE; the
 * calls on a socket not connected; shutdown in each direction, as both
 * ends see it; a close with unread data (ECONNRESET); the socket options
 * SO_ERROR, SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN, SO_SNDBUF,
 * SO_RCVBUF and SO_PEERCRED; and the errors for bad fds and pointers.
 *
 * Buffer sizes differ between kernels, so no size is printed: only that
 * setting one works and getting one gives something positive. A child's
 * wait is bounded by wait_child().
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/uio.h>
#include "check.h"

// What a read of up to n bytes gave: the bytes, or the errno's name;
// "EOF" for 0. Bounded: nothing readable in 10 s is "nothing".
static const char *
recv_str(int fd, size_t n, int flags)
{
  static char buf[2][256];
  static int k;
  char *b = buf[k++ % 2];
  long r;

  if (!(flags & MSG_DONTWAIT) && !poll_in(fd, 10000))
    return "nothing";
  r = sysret(recv(fd, b, n < 255 ? n : 255, flags));
  if (r < 0)
    return strerrorname_np(-r);
  if (r == 0)
    return "EOF";
  b[r] = 0;
  return b;
}

// send(2) that never raises SIGPIPE, nor blocks.
static long
send_str(int fd, const char *s)
{
  return sysret(send(fd, s, strlen(s), MSG_NOSIGNAL | MSG_DONTWAIT));
}

// read(2), write(2), readv(2), writev(2), send(2), recv(2), sendto(2)
// and recvfrom(2) without an address, sendmsg(2), recvmsg(2): all move
// the same bytes. A stream keeps no boundaries: two writes come back in
// one read, and a read takes what fits, leaving the rest. recvfrom and
// recvmsg give the sender's address: none from a socketpair's end
// (addrlen 0). The pair is non-blocking, so a byte that never comes is
// EAGAIN, not a hang; each read comes after its write.
static void
transfer_calls(void)
{
  int sv[2];
  char buf[16] = "", b2[16] = "";
  struct iovec wv[3] = { { "he", 2 }, { "ll", 2 }, { "o", 1 } };
  struct iovec rv[2] = { { buf, 2 }, { b2, 10 } };
  struct sockaddr_un from;
  socklen_t len = sizeof(from);
  struct msghdr m = { 0 };

  unix_pair(SOCK_STREAM | SOCK_NONBLOCK, sv);
  expect_ret("write 3", write(sv[0], "abc", 3), 3);
  expect_ret("read", read(sv[1], buf, sizeof(buf)), 3);
  expect_yes("read: abc", memcmp(buf, "abc", 3) == 0);
  expect_ret("writev 2+2+1", writev(sv[0], wv, 3), 5);
  expect_ret("readv into 2+10", readv(sv[1], rv, 2), 5);
  expect_yes("readv: he, llo", memcmp(buf, "he", 2) == 0 &&
             memcmp(b2, "llo", 3) == 0);
  expect_ret("send 4", send(sv[1], "back", 4, 0), 4);
  expect_str("recv", recv_str(sv[0], 16, 0), "back");
  expect_ret("sendto, no address", sendto(sv[0], "to", 2, 0, 0, 0), 2);
  memset(&from, 0x55, sizeof(from));
  expect_ret("recvfrom", recvfrom(sv[1], buf, sizeof(buf), 0,
                                  (struct sockaddr *)&from, &len), 2);
  expect_str("recvfrom: the sender's address", addr_str(&from, len),
             "len 0");
  wv[0] = (struct iovec){ "msg", 3 };
  wv[1] = (struct iovec){ "hdr", 3 };
  m.msg_iov = wv;
  m.msg_iovlen = 2;
  expect_ret("sendmsg 3+3", sendmsg(sv[0], &m, 0), 6);
  memset(buf, 0, sizeof(buf));
  rv[0] = (struct iovec){ buf, sizeof(buf) };
  m = (struct msghdr){ .msg_name = &from, .msg_namelen = sizeof(from),
                       .msg_iov = rv, .msg_iovlen = 1 };
  expect_ret("recvmsg", recvmsg(sv[1], &m, 0), 6);
  expect_str("recvmsg: bytes", buf, "msghdr");
  expect_ret("recvmsg: msg_namelen", m.msg_namelen, 0);
  expect_ret("recvmsg: msg_flags", m.msg_flags, 0);
  write(sv[0], "one", 3);
  write(sv[0], "two", 3);
  expect_str("two writes, one read", recv_str(sv[1], 16, 0), "onetwo");
  write(sv[0], "abcdef", 6);
  expect_str("6 bytes, read 4", recv_str(sv[1], 4, 0), "abcd");
  expect_str("read again", recv_str(sv[1], 16, 0), "ef");
  expect_ret("write 0 bytes", write(sv[0], "", 0), 0);
  expect_str("then recv, MSG_DONTWAIT", recv_str(sv[1], 16, MSG_DONTWAIT),
             "EAGAIN");
  close_pair(sv);
}

// recv(2): MSG_DONTWAIT makes one call non-blocking (EAGAIN with nothing
// there); MSG_PEEK returns bytes without taking them, across writes, as
// many as asked and there are; the next read returns them again.
static void
recv_flags(void)
{
  int sv[2];

  unix_pair(SOCK_STREAM, sv);
  expect_str("MSG_DONTWAIT, nothing there",
             recv_str(sv[1], 16, MSG_DONTWAIT), "EAGAIN");
  expect_str("MSG_PEEK | MSG_DONTWAIT, nothing there",
             recv_str(sv[1], 16, MSG_PEEK | MSG_DONTWAIT), "EAGAIN");
  write(sv[0], "hello", 5);
  write(sv[0], "world", 5);
  expect_str("MSG_PEEK 3", recv_str(sv[1], 3, MSG_PEEK), "hel");
  expect_str("MSG_PEEK 3 again", recv_str(sv[1], 3, MSG_PEEK), "hel");
  expect_str("MSG_PEEK 8 (two writes)", recv_str(sv[1], 8, MSG_PEEK),
             "hellowor");
  expect_str("read 7", recv_str(sv[1], 7, 0), "hellowo");
  expect_str("MSG_PEEK 16", recv_str(sv[1], 16, MSG_PEEK), "rld");
  expect_str("read 16", recv_str(sv[1], 16, 0), "rld");
  close_pair(sv);
}

static int waitall_fd;                  // the reading child's end

static void
read_waitall(void)
{
  expect_str("child: MSG_WAITALL 10, the parent writes 5 and 5",
             recv_str(waitall_fd, 10, MSG_WAITALL), "helloworld");
}

static void
read_waitall_eof(void)
{
  expect_str("child: MSG_WAITALL 10, the parent writes 3 and closes",
             recv_str(waitall_fd, 10, MSG_WAITALL), "abc");
}

// recv(2): MSG_WAITALL waits for the whole count, here written in two
// pieces; it returns less only at EOF. The reader is a child, whose
// wait_child() bounds: a reader never woken is killed, not waited for.
// Whether it reads before, between or after the writes, it gets the
// same.
static void
waitall(void)
{
  int sv[2];
  pid_t pid;

  unix_pair(SOCK_STREAM, sv);
  waitall_fd = sv[1];
  pid = fork();
  if (pid == 0) {
    check_failures = 0;
    read_waitall();
    _exit(check_done());
  }
  write(sv[0], "hello", 5);
  write(sv[0], "world", 5);
  expect_str("the child", wait_child(pid), "exit 0");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  waitall_fd = sv[1];
  pid = fork();
  if (pid == 0) {
    check_failures = 0;
    close(sv[0]);
    read_waitall_eof();
    _exit(check_done());
  }
  write(sv[0], "abc", 3);
  close(sv[0]);
  expect_str("the child", wait_child(pid), "exit 0");
  close(sv[1]);
}

// unix(7), af_unix.c: on a stream socket never connected, write and send
// are ENOTCONN, read and recv EINVAL (a listener's too); sendto with an
// address is EOPNOTSUPP, or EISCONN once connected.
static void
not_connected(void)
{
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  int sv[2];
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, "@ss-l");
  char c;

  expect_ret("not connected: write", sysret(write(fd, "x", 1)), -ENOTCONN);
  expect_ret("not connected: send", send_str(fd, "x"), -ENOTCONN);
  expect_ret("not connected: read", sysret(read(fd, &c, 1)), -EINVAL);
  expect_ret("not connected: recv", sysret(recv(fd, &c, 1, 0)), -EINVAL);
  bind(l, (struct sockaddr *)&a, len);
  listen(l, 1);
  expect_ret("listening: recv", sysret(recv(l, &c, 1, MSG_DONTWAIT)),
             -EINVAL);
  expect_ret("listening: send", send_str(l, "x"), -ENOTCONN);
  expect_ret("not connected: sendto an address",
             sysret(sendto(fd, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&a,
                           len)), -EOPNOTSUPP);
  unix_pair(SOCK_STREAM, sv);
  expect_ret("connected: sendto an address",
             sysret(sendto(sv[0], "x", 1, MSG_NOSIGNAL,
                           (struct sockaddr *)&a, len)), -EISCONN);
  close_pair(sv);
  close(fd);
  close(l);
}

static int pipe_fd;                     // a socket whose peer is closed

static void
write_to_closed(void)
{
  write(pipe_fd, "x", 1);
}

static void
send_nosignal_to_closed(void)
{
  expect_ret("child: send MSG_NOSIGNAL", send_str(pipe_fd, "x"), -EPIPE);
}

static int
sigpipe_pending(void)
{
  sigset_t s;

  sigpending(&s);
  return sigismember(&s, SIGPIPE);
}

// send(2): writing to a stream whose peer has closed is EPIPE, with
// SIGPIPE, which kills by default; MSG_NOSIGNAL keeps the EPIPE and
// drops the signal. With SIGPIPE blocked the write's signal stays
// pending; the send's never comes. The reader of such a socket reads
// EOF.
static void
epipe(void)
{
  int sv[2];

  unix_pair(SOCK_STREAM, sv);
  close(sv[1]);
  pipe_fd = sv[0];
  expect_str("peer closed: read", recv_str(sv[0], 16, 0), "EOF");
  sig_child("peer closed: write, SIGPIPE default: the child",
            write_to_closed, "killed 13");
  sig_child("peer closed: send MSG_NOSIGNAL: the child",
            send_nosignal_to_closed, "exit 0");
  block(SIGPIPE);
  expect_ret("SIGPIPE blocked: send MSG_NOSIGNAL", send_str(sv[0], "x"),
             -EPIPE);
  expect_yes("SIGPIPE pending: no", !sigpipe_pending());
  expect_ret("write", sysret(write(sv[0], "x", 1)), -EPIPE);
  expect_yes("SIGPIPE pending", sigpipe_pending());
  signal(SIGPIPE, SIG_IGN);
  signal(SIGPIPE, SIG_DFL);
  unblock(SIGPIPE);
  close(sv[0]);
}

/*
 * shutdown(2) on a stream pair a, b (af_unix.c unix_shutdown: a's
 * direction shut is shut at b in the mirror direction):
 *   SHUT_WR on a: b reads what was sent, then EOF, and still writes to a;
 *                 a's own write is EPIPE.
 *   SHUT_RD on a: a reads what was already there, then EOF; b's write is
 *                 EPIPE; a still writes to b.
 *   SHUT_RDWR:    both of the above at once.
 * Shutting down again is no error; how 3 or -1 is EINVAL.
 */
static void
shutdowns(void)
{
  int sv[2];

  unix_pair(SOCK_STREAM, sv);
  write(sv[0], "last", 4);
  expect_ret("SHUT_WR on a", sysret(shutdown(sv[0], SHUT_WR)), 0);
  expect_str("b reads", recv_str(sv[1], 16, 0), "last");
  expect_str("b reads again", recv_str(sv[1], 16, 0), "EOF");
  expect_str("and again", recv_str(sv[1], 16, 0), "EOF");
  expect_ret("b writes", send_str(sv[1], "reply"), 5);
  expect_str("a reads", recv_str(sv[0], 16, 0), "reply");
  expect_ret("a writes", send_str(sv[0], "x"), -EPIPE);
  expect_ret("SHUT_WR on a again", sysret(shutdown(sv[0], SHUT_WR)), 0);
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  write(sv[1], "early", 5);
  expect_ret("SHUT_RD on a", sysret(shutdown(sv[0], SHUT_RD)), 0);
  expect_str("a reads", recv_str(sv[0], 16, 0), "early");
  expect_str("a reads again", recv_str(sv[0], 16, 0), "EOF");
  expect_ret("b writes", send_str(sv[1], "x"), -EPIPE);
  expect_ret("a writes", send_str(sv[0], "still"), 5);
  expect_str("b reads", recv_str(sv[1], 16, 0), "still");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  expect_ret("SHUT_RDWR on a", sysret(shutdown(sv[0], SHUT_RDWR)), 0);
  expect_str("a reads", recv_str(sv[0], 16, 0), "EOF");
  expect_ret("a writes", send_str(sv[0], "x"), -EPIPE);
  expect_str("b reads", recv_str(sv[1], 16, 0), "EOF");
  expect_ret("b writes", send_str(sv[1], "x"), -EPIPE);
  expect_ret("shutdown, how 3", sysret(shutdown(sv[0], 3)), -EINVAL);
  expect_ret("shutdown, how -1", sysret(shutdown(sv[0], -1)), -EINVAL);
  close_pair(sv);
}

// shutdown(2)'s errors: ENOTSOCK, EBADF. On a socket not connected
// AF_UNIX says nothing (TCP would say ENOTCONN): 0.
static void
shutdown_errors(void)
{
  int p[2], fd = socket(AF_UNIX, SOCK_STREAM, 0);

  expect_ret("shutdown, not connected", sysret(shutdown(fd, SHUT_WR)), 0);
  pipe(p);
  expect_ret("shutdown a pipe", sysret(shutdown(p[0], SHUT_RD)), -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  expect_ret("shutdown a closed fd", sysret(shutdown(p[0], SHUT_RD)), -EBADF);
  close(fd);
}

// af_unix.c unix_release_sock: a stream end closed with bytes unread
// leaves its peer an error: the peer's next read is ECONNRESET, which
// clears it, the ones after EOF, and its writes EPIPE. SO_ERROR reads
// the error and clears it the same way. Closed with nothing unread: EOF
// at once.
static void
reset(void)
{
  int sv[2], err = -1;
  socklen_t len = sizeof(err);

  unix_pair(SOCK_STREAM, sv);
  write(sv[0], "unread", 6);
  close(sv[1]);
  expect_str("b closed, a's bytes unread: a reads", recv_str(sv[0], 16, 0),
             "ECONNRESET");
  expect_str("a reads again", recv_str(sv[0], 16, 0), "EOF");
  expect_ret("a writes", send_str(sv[0], "x"), -EPIPE);
  close(sv[0]);
  unix_pair(SOCK_STREAM, sv);
  write(sv[0], "unread", 6);
  close(sv[1]);
  getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
  expect_str("again: a's SO_ERROR", strerrorname_np(err), "ECONNRESET");
  getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &err, &len);
  expect_ret("SO_ERROR again", err, 0);
  expect_str("a reads", recv_str(sv[0], 16, 0), "EOF");
  close(sv[0]);
  unix_pair(SOCK_STREAM, sv);
  write(sv[0], "read", 4);
  recv_str(sv[1], 16, 0);
  close(sv[1]);
  expect_str("b closed, all read: a reads", recv_str(sv[0], 16, 0), "EOF");
  close(sv[0]);
}

static int
getint(int fd, int opt)
{
  int v = -1;
  socklen_t len = sizeof(v);

  if (getsockopt(fd, SOL_SOCKET, opt, &v, &len) < 0)
    return -errno;
  return len == sizeof(v) ? v : -1000;
}

// socket(7): SO_ERROR 0, SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN
// 0 on a connected socket; SO_SNDBUF and SO_RCVBUF positive, and setting
// them works (their values differ by kernel, so none is printed). An int
// option's optlen comes back 4 from a bigger buffer; a smaller one takes
// what fits. ENOPROTOOPT for an option unknown at SOL_SOCKET, EOPNOTSUPP
// for a level AF_UNIX has not, EINVAL for an optlen too small to set;
// ENOTSOCK, EBADF, EFAULT.
static void
options(void)
{
  int sv[2], v = 65536, p[2];
  long big[2];
  socklen_t len = sizeof(v);

  unix_pair(SOCK_STREAM, sv);
  expect_ret("SO_ERROR", getint(sv[0], SO_ERROR), 0);
  expect_ret("SO_TYPE", getint(sv[0], SO_TYPE), SOCK_STREAM);
  expect_ret("SO_DOMAIN (AF_UNIX is 1)", getint(sv[0], SO_DOMAIN), AF_UNIX);
  expect_ret("SO_PROTOCOL", getint(sv[0], SO_PROTOCOL), 0);
  expect_ret("SO_ACCEPTCONN", getint(sv[0], SO_ACCEPTCONN), 0);
  expect_yes("SO_SNDBUF positive", getint(sv[0], SO_SNDBUF) > 0);
  expect_yes("SO_RCVBUF positive", getint(sv[0], SO_RCVBUF) > 0);
  expect_ret("setsockopt SO_SNDBUF 65536",
             sysret(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v))),
             0);
  expect_yes("then SO_SNDBUF positive", getint(sv[0], SO_SNDBUF) > 0);
  expect_ret("setsockopt SO_RCVBUF 65536",
             sysret(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof(v))),
             0);
  expect_yes("then SO_RCVBUF positive", getint(sv[0], SO_RCVBUF) > 0);
  expect_ret("setsockopt SO_SNDBUF, optlen 2",
             sysret(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, 2)),
             -EINVAL);
  len = sizeof(big);
  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, big, &len);
  expect_ret("getsockopt SO_TYPE, optlen 16: optlen", len, 4);
  len = 2;
  expect_ret("getsockopt SO_TYPE, optlen 2",
             sysret(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, big, &len)), 0);
  expect_ret("optlen", len, 2);
  len = sizeof(v);
  expect_ret("getsockopt option 9999", getint(sv[0], 9999), -ENOPROTOOPT);
  expect_ret("getsockopt level 9999",
             sysret(getsockopt(sv[0], 9999, SO_TYPE, &v, &len)), -EOPNOTSUPP);
  expect_ret("setsockopt option 9999",
             sysret(setsockopt(sv[0], SOL_SOCKET, 9999, &v, sizeof(v))),
             -ENOPROTOOPT);
  expect_ret("getsockopt SO_TYPE into a bad address",
             sysret(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, bad_ptr(), &len)),
             -EFAULT);
  pipe(p);
  expect_ret("getsockopt on a pipe", getint(p[0], SO_TYPE), -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  expect_ret("getsockopt on a closed fd", getint(p[0], SO_TYPE), -EBADF);
  close_pair(sv);
}

static int
getcred(int fd, struct ucred *u)
{
  socklen_t len = sizeof(*u);

  memset(u, 0x55, sizeof(*u));
  return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, u, &len) == 0 &&
         len == sizeof(*u);
}

static void
client_cred(void)
{
  struct ucred u;
  int c = socket(AF_UNIX, SOCK_STREAM, 0);

  expect_ret("child: connect", unix_connect(c, "@ss-cred"), 0);
  expect_yes("child: SO_PEERCRED", getcred(c, &u));
  expect_yes("child: pid is the listener's (the parent)", u.pid == getppid());
  write(c, "x", 1);
  close(c);
}

// unix(7) SO_PEERCRED: a socketpair's peer is its own process; a
// connected client's is the listener's (as at listen), the accepted
// socket's the client's (as at connect); uid and gid are the process's.
// A socket not connected has no peer: pid 0, uid and gid -1.
static void
peercred(void)
{
  int sv[2], l, s;
  struct ucred u;
  pid_t pid;

  unix_pair(SOCK_STREAM, sv);
  expect_yes("socketpair: SO_PEERCRED", getcred(sv[0], &u));
  expect_yes("pid is getpid()", u.pid == getpid());
  expect_yes("uid is getuid(), gid getgid()",
             u.uid == getuid() && u.gid == getgid());
  close_pair(sv);
  l = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_yes("not connected: SO_PEERCRED", getcred(l, &u));
  expect_ret("pid", u.pid, 0);
  expect_yes("uid and gid -1", u.uid == (uid_t)-1 && u.gid == (gid_t)-1);
  unix_bind(l, "@ss-cred");
  listen(l, 1);
  pid = fork();
  if (pid == 0) {
    check_failures = 0;
    close(l);
    client_cred();
    _exit(check_done());
  }
  s = poll_in(l, 10000) ? accept(l, 0, 0) : -1;
  expect_str("accepted: child's byte", recv_str(s, 16, 0), "x");
  expect_yes("accepted: SO_PEERCRED", getcred(s, &u));
  expect_yes("pid is the child's", u.pid == pid);
  expect_yes("uid is getuid(), gid getgid()",
             u.uid == getuid() && u.gid == getgid());
  expect_str("the child", wait_child(pid), "exit 0");
  close(s);
  close(l);
}

// The calls that move bytes, given a bad buffer, are EFAULT, and the
// bytes that a recv could not store stay queued; given a pipe, ENOTSOCK
// (read and write work on a socket, send and recv not on a pipe); given
// no fd, EBADF.
static void
bad_args(void)
{
  int sv[2], p[2];
  char c;

  unix_pair(SOCK_STREAM, sv);
  expect_ret("send from a bad address",
             sysret(send(sv[0], bad_ptr(), 4, MSG_NOSIGNAL)), -EFAULT);
  expect_ret("write from a bad address", sysret(write(sv[0], bad_ptr(), 4)),
             -EFAULT);
  write(sv[0], "kept", 4);
  expect_ret("recv into a bad address",
             sysret(recv(sv[1], bad_ptr(), 4, MSG_DONTWAIT)), -EFAULT);
  expect_str("then recv", recv_str(sv[1], 16, 0), "kept");
  expect_ret("recvmsg, a bad msghdr", sysret(recvmsg(sv[1], bad_ptr(), 0)),
             -EFAULT);
  pipe(p);
  expect_ret("send on a pipe", send_str(p[1], "x"), -ENOTSOCK);
  expect_ret("recv on a pipe", sysret(recv(p[0], &c, 1, MSG_DONTWAIT)),
             -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  expect_ret("send on a closed fd", send_str(p[1], "x"), -EBADF);
  expect_ret("recv on a closed fd", sysret(recv(p[0], &c, 1, 0)), -EBADF);
  close_pair(sv);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  transfer_calls();
  recv_flags();
  waitall();
  not_connected();
  epipe();
  shutdowns();
  shutdown_errors();
  reset();
  options();
  peercred();
  bad_args();
  return check_done();
}
