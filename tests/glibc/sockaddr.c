/*
 * sockaddr: AF_UNIX stream sockets made, named and connected, each rule
 * checked on Linux (socket(2), socketpair(2), bind(2), listen(2),
 * accept(2), connect(2), getsockname(2), unix(7)): the flags
 * SOCK_NONBLOCK and SOCK_CLOEXEC; a path bound (a socket file, which
 * outlives the socket), the abstract namespace, autobind; listen and
 * accept, accept4's flags; connect's errors, in Linux's order; a full
 * backlog (EAGAIN, or a blocking connect that waits for an accept); the
 * addresses getsockname, getpeername and accept return; and each call's
 * errors for a bad fd, family, type, protocol, length or pointer.
 *
 * Paths are relative, so they land in the current directory, and are
 * unlinked before and after. Nothing is printed that differs from run to
 * run: no fd numbers, no autobind names.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include "check.h"

static const char *const paths[] = { "sa_a", "sa_b", "sa_file", "sa_dg" };

static void
unlink_paths(void)
{
  unlink_all(paths, sizeof(paths) / sizeof(paths[0]));
}

// A listening stream socket bound to name.
static int
listener(const char *name, int backlog)
{
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);

  unix_bind(fd, name);
  listen(fd, backlog);
  return fd;
}

// getsockname's (or, for peer, getpeername's) answer, as addr_str().
static const char *
name_of(int fd, int peer)
{
  struct sockaddr_un a;
  socklen_t len = sizeof(a);
  int r;

  memset(&a, 0, sizeof(a));
  if (peer)
    r = getpeername(fd, (struct sockaddr *)&a, &len);
  else
    r = getsockname(fd, (struct sockaddr *)&a, &len);
  if (r < 0)
    return strerrorname_np(errno);
  return addr_str(&a, len);
}

static int
sock_type(int fd)
{
  int v = -1;
  socklen_t len = sizeof(v);

  getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len);
  return v;
}

// socket(2): SOCK_NONBLOCK is O_NONBLOCK on the open file, SOCK_CLOEXEC
// FD_CLOEXEC on the fd, for socket, socketpair and accept4 alike; a
// socket is open O_RDWR and fstat calls it S_IFSOCK. unix(7): protocol
// 0 or PF_UNIX; SOCK_RAW is taken as SOCK_DGRAM (af_unix.c unix_create).
static void
create_flags(void)
{
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int plain = socket(AF_UNIX, SOCK_STREAM, 0), sv[2] = { -1, -1 }, raw;
  struct stat st;

  expect_yes("socket(SOCK_NONBLOCK | SOCK_CLOEXEC): FD_CLOEXEC set",
             fcntl(fd, F_GETFD) & FD_CLOEXEC);
  expect_yes("O_NONBLOCK set", fcntl(fd, F_GETFL) & O_NONBLOCK);
  expect_yes("socket(SOCK_STREAM): FD_CLOEXEC, O_NONBLOCK: neither",
             !(fcntl(plain, F_GETFD) & FD_CLOEXEC) &&
             !(fcntl(plain, F_GETFL) & O_NONBLOCK));
  expect_yes("access mode O_RDWR", (fcntl(plain, F_GETFL) & O_ACCMODE) ==
             O_RDWR);
  expect_yes("fstat: S_ISSOCK", fstat(plain, &st) == 0 && S_ISSOCK(st.st_mode));
  expect_ret("SO_TYPE", sock_type(plain), SOCK_STREAM);
  close(fd);
  close(plain);
  expect_ret("socketpair(SOCK_NONBLOCK | SOCK_CLOEXEC)",
             sysret(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
                               SOCK_CLOEXEC, 0, sv)), 0);
  expect_yes("both ends: FD_CLOEXEC and O_NONBLOCK",
             (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) &&
             (fcntl(sv[1], F_GETFD) & FD_CLOEXEC) &&
             (fcntl(sv[0], F_GETFL) & O_NONBLOCK) &&
             (fcntl(sv[1], F_GETFL) & O_NONBLOCK));
  close(sv[0]);
  close(sv[1]);
  fd = socket(AF_UNIX, SOCK_STREAM, PF_UNIX);
  expect_yes("socket(AF_UNIX, SOCK_STREAM, PF_UNIX): an fd", fd >= 0);
  close(fd);
  raw = socket(AF_UNIX, SOCK_RAW, 0);
  expect_yes("socket(AF_UNIX, SOCK_RAW): an fd", raw >= 0);
  expect_ret("its SO_TYPE (SOCK_DGRAM is 2)", sock_type(raw), SOCK_DGRAM);
  close(raw);
}

// socket(2), socketpair(2): EAFNOSUPPORT for a family out of range;
// EINVAL for a type out of range (SOCK_MAX, 11, and up: qemu-riscv64
// says ESOCKTNOSUPPORT from 16 on, and drops flag bits it does not know,
// so neither is asked), ESOCKTNOSUPPORT for one AF_UNIX lacks (0 too),
// EPROTONOSUPPORT for another protocol; socketpair writing its fds
// through a bad pointer, EFAULT.
static void
create_errors(void)
{
  int sv[2];

  expect_ret("socket(family 200)", sysret(socket(200, SOCK_STREAM, 0)),
             -EAFNOSUPPORT);
  expect_ret("socket(family -1)", sysret(socket(-1, SOCK_STREAM, 0)),
             -EAFNOSUPPORT);
  expect_ret("socket(AF_UNIX, type 11)", sysret(socket(AF_UNIX, 11, 0)),
             -EINVAL);
  expect_ret("socket(AF_UNIX, type -1)", sysret(socket(AF_UNIX, -1, 0)),
             -EINVAL);
  expect_ret("socket(AF_UNIX, type 0)", sysret(socket(AF_UNIX, 0, 0)),
             -ESOCKTNOSUPPORT);
  expect_ret("socket(AF_UNIX, SOCK_RDM)", sysret(socket(AF_UNIX, SOCK_RDM,
                                                        0)),
             -ESOCKTNOSUPPORT);
  expect_ret("socket(AF_UNIX, SOCK_STREAM, protocol 2)",
             sysret(socket(AF_UNIX, SOCK_STREAM, 2)), -EPROTONOSUPPORT);
  expect_ret("socketpair(family 200)",
             sysret(socketpair(200, SOCK_STREAM, 0, sv)), -EAFNOSUPPORT);
  expect_ret("socketpair(AF_UNIX, type 11)",
             sysret(socketpair(AF_UNIX, 11, 0, sv)), -EINVAL);
  expect_ret("socketpair(AF_UNIX, SOCK_RDM)",
             sysret(socketpair(AF_UNIX, SOCK_RDM, 0, sv)), -ESOCKTNOSUPPORT);
  expect_ret("socketpair(AF_UNIX, SOCK_STREAM, protocol 2)",
             sysret(socketpair(AF_UNIX, SOCK_STREAM, 2, sv)),
             -EPROTONOSUPPORT);
  expect_ret("socketpair(..., a bad pointer)",
             sysret(socketpair(AF_UNIX, SOCK_STREAM, 0, bad_ptr())), -EFAULT);
}

// unix(7): binding a path makes a socket file (Linux: mode 0777 less the
// umask, not asked: nudge keeps no permissions), which stays after the
// socket closes, until unlinked: binding it again
// is EADDRINUSE, connecting ECONNREFUSED. A socket binds once (EINVAL
// after); a missing directory is ENOENT; an existing file of another
// kind, EADDRINUSE. getsockname gives the path as bound, and a length
// that counts its NUL.
static void
bind_path(void)
{
  int fd = socket(AF_UNIX, SOCK_STREAM, 0), fd2, c;
  struct stat st;

  expect_ret("bind sa_a", unix_bind(fd, "sa_a"), 0);
  expect_yes("stat sa_a: S_ISSOCK", stat("sa_a", &st) == 0 &&
             S_ISSOCK(st.st_mode));
  expect_str("getsockname", name_of(fd, 0), "len 7, sa_a");
  fd2 = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_ret("another socket: bind sa_a", unix_bind(fd2, "sa_a"), -EADDRINUSE);
  expect_ret("the first: bind sa_b as well", unix_bind(fd, "sa_b"), -EINVAL);
  expect_ret("bind sa_nodir/s (no such directory)",
             unix_bind(fd2, "sa_nodir/s"), -ENOENT);
  close(open("sa_file", O_CREAT | O_WRONLY, 0644));
  expect_ret("bind sa_file (a regular file)", unix_bind(fd2, "sa_file"),
             -EADDRINUSE);
  close(fd);
  expect_yes("sa_a closed: the file is still there",
             stat("sa_a", &st) == 0 && S_ISSOCK(st.st_mode));
  expect_ret("bind sa_a again", unix_bind(fd2, "sa_a"), -EADDRINUSE);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_ret("connect sa_a (closed socket's file)", unix_connect(c, "sa_a"),
             -ECONNREFUSED);
  expect_ret("unlink sa_a", sysret(unlink("sa_a")), 0);
  expect_ret("then bind sa_a", unix_bind(fd2, "sa_a"), 0);
  close(fd2);
  close(c);
  unlink_paths();
}

// unix(7): an abstract name (a leading NUL) is all of sun_path's bytes
// that addrlen covers, NULs included, and makes no file; it is freed when
// its socket closes. Bound with addrlen 2 (sa_family_t alone), a socket
// is autobound to a NUL and five hex digits.
static void
bind_abstract(void)
{
  int a = socket(AF_UNIX, SOCK_STREAM, 0), b = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa;
  socklen_t len;
  char name[108];
  int i, hex = 1;

  expect_ret("bind @sa-abs", unix_bind(a, "@sa-abs"), 0);
  expect_str("getsockname", name_of(a, 0), "len 9, \\0sa-abs");
  expect_yes("no file sa-abs", access("sa-abs", F_OK) != 0);
  expect_ret("another socket: bind @sa-abs", unix_bind(b, "@sa-abs"),
             -EADDRINUSE);
  len = unix_addr(&sa, "@sa-abs");
  expect_ret("bind @sa-abs with a NUL after it (a name of its own)",
             sysret(bind(b, (struct sockaddr *)&sa, len + 1)), 0);
  expect_str("getsockname", name_of(b, 0), "len 10, \\0sa-abs\\0");
  close(a);
  close(b);
  a = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_ret("@sa-abs closed: bind it again", unix_bind(a, "@sa-abs"), 0);
  close(a);
  memset(name, 'x', sizeof(name));
  name[0] = '@';
  name[107] = 0;
  a = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_ret("bind @ and 106 bytes (addrlen 110, all of sun_path)",
             unix_bind(a, name), 0);
  close(a);
  a = socket(AF_UNIX, SOCK_STREAM, 0);
  memset(&sa, 0, sizeof(sa));
  sa.sun_family = AF_UNIX;
  expect_ret("bind, addrlen 2: autobind",
             sysret(bind(a, (struct sockaddr *)&sa, 2)), 0);
  len = sizeof(sa);
  getsockname(a, (struct sockaddr *)&sa, &len);
  expect_ret("getsockname: addrlen", len, 8);
  for (i = 1; i < 6; i++)
    hex &= strchr("0123456789abcdef", sa.sun_path[i]) != 0;
  expect_yes("sun_path: NUL, then five hex digits",
             sa.sun_path[0] == 0 && hex);
  expect_ret("bind @sa-abs after autobind", unix_bind(a, "@sa-abs"), -EINVAL);
  close(a);
}

// bind(2): EINVAL for an addrlen that is not more than sa_family_t's
// (but for 2: autobind) or more than sizeof(struct sockaddr_un), or a
// family other than AF_UNIX; EFAULT for an address that cannot be read;
// ENOTSOCK, EBADF for the fd.
static void
bind_errors(void)
{
  int fd = socket(AF_UNIX, SOCK_STREAM, 0), p[2];
  struct sockaddr_un sa;
  socklen_t len = unix_addr(&sa, "sa_a");

  expect_ret("bind, addrlen 0", sysret(bind(fd, (struct sockaddr *)&sa, 0)),
             -EINVAL);
  expect_ret("bind, addrlen 1", sysret(bind(fd, (struct sockaddr *)&sa, 1)),
             -EINVAL);
  expect_ret("bind, addrlen 111",
             sysret(bind(fd, (struct sockaddr *)&sa, sizeof(sa) + 1)),
             -EINVAL);
  expect_ret("bind, addrlen -1",
             sysret(bind(fd, (struct sockaddr *)&sa, -1)), -EINVAL);
  sa.sun_family = AF_INET;
  expect_ret("bind, family AF_INET",
             sysret(bind(fd, (struct sockaddr *)&sa, len)), -EINVAL);
  expect_ret("bind, a bad address", sysret(bind(fd, bad_ptr(), len)), -EFAULT);
  sa.sun_family = AF_UNIX;
  pipe(p);
  expect_ret("bind a pipe", sysret(bind(p[0], (struct sockaddr *)&sa, len)),
             -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  expect_ret("bind a closed fd",
             sysret(bind(p[0], (struct sockaddr *)&sa, len)), -EBADF);
  expect_yes("none of them made sa_a", access("sa_a", F_OK) != 0);
  close(fd);
}

// listen(2), accept(2): an unbound socket cannot listen (EINVAL), nor a
// connected one; listen again just changes the backlog. accept4 applies
// its flags; plain accept gives a blocking fd even from a non-blocking
// listener (Linux does not inherit O_NONBLOCK). accept on a socket not
// listening is EINVAL, on a datagram socket EOPNOTSUPP; a non-blocking
// listener with nothing pending, EAGAIN; bad accept4 flags, EINVAL.
static void
listen_accept(void)
{
  int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), c, c2, s, sv[2];
  int d = socket(AF_UNIX, SOCK_DGRAM, 0), on = -1;
  socklen_t len = sizeof(on);

  expect_ret("listen, unbound", sysret(listen(l, 5)), -EINVAL);
  expect_ret("accept, unbound", sysret(accept(l, 0, 0)), -EINVAL);
  unix_bind(l, "@sa-l");
  expect_ret("accept, bound, not listening", sysret(accept(l, 0, 0)),
             -EINVAL);
  expect_ret("listen", sysret(listen(l, 5)), 0);
  expect_ret("listen again", sysret(listen(l, 8)), 0);
  getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &on, &len);
  expect_ret("SO_ACCEPTCONN", on, 1);
  expect_ret("accept, nothing pending", sysret(accept(l, 0, 0)), -EAGAIN);
  c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  expect_ret("connect", unix_connect(c, "@sa-l"), 0);
  s = accept(l, 0, 0);
  expect_yes("accept: an fd", s >= 0);
  expect_yes("accepted: O_NONBLOCK, FD_CLOEXEC: neither",
             !(fcntl(s, F_GETFL) & O_NONBLOCK) &&
             !(fcntl(s, F_GETFD) & FD_CLOEXEC));
  expect_ret("write 2 to the client's end", write(c, "hi", 2), 2);
  expect_ret("the accepted end reads",
             poll_in(s, 10000) ? read(s, (char[4]){ 0 }, 4) : 0, 2);
  close(s);
  c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  unix_connect(c2, "@sa-l");
  expect_ret("accept4, flags 0x1", sysret(accept4(l, 0, 0, 1)), -EINVAL);
  s = accept4(l, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
  expect_yes("accept4(SOCK_NONBLOCK | SOCK_CLOEXEC): both set",
             (fcntl(s, F_GETFL) & O_NONBLOCK) &&
             (fcntl(s, F_GETFD) & FD_CLOEXEC));
  expect_ret("listen, connected (the client)", sysret(listen(c, 5)), -EINVAL);
  expect_ret("listen, connected (accepted)", sysret(listen(s, 5)), -EINVAL);
  unix_pair(SOCK_STREAM, sv);
  expect_ret("listen, a socketpair's end", sysret(listen(sv[0], 5)), -EINVAL);
  expect_ret("accept, a socketpair's end", sysret(accept(sv[0], 0, 0)),
             -EINVAL);
  unix_bind(d, "@sa-d");
  expect_ret("listen, SOCK_DGRAM", sysret(listen(d, 5)), -EOPNOTSUPP);
  expect_ret("accept, SOCK_DGRAM", sysret(accept(d, 0, 0)), -EOPNOTSUPP);
  close(sv[0]);
  close(sv[1]);
  pipe(sv);
  expect_ret("accept, a pipe", sysret(accept(sv[0], 0, 0)), -ENOTSOCK);
  expect_ret("accept, fd -1", sysret(accept(-1, 0, 0)), -EBADF);
  close(sv[0]);
  close(sv[1]);
  close(s);
  close(c);
  close(c2);
  close(d);
  close(l);
}

/*
 * connect(2) on a stream socket, Linux's order (unix_stream_connect):
 * first the address (EINVAL for its length or family, EFAULT), then the
 * listener: a path that does not exist is ENOENT, one that is no
 * listening socket ECONNREFUSED (a bound socket not listening, a regular
 * file), one of a datagram socket EPROTOTYPE, an abstract name no one has
 * ECONNREFUSED; only then the connecting socket's own state: EISCONN if
 * connected (a socketpair's end too), EINVAL if listening. So connecting
 * a connected socket to a missing path is ENOENT, not EISCONN.
 */
static void
connect_errors(void)
{
  int l = listener("sa_a", 5), b, d, sv[2], p[2];
  int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_un sa;
  socklen_t len = unix_addr(&sa, "sa_a");

  b = socket(AF_UNIX, SOCK_STREAM, 0);
  unix_bind(b, "sa_b");
  d = socket(AF_UNIX, SOCK_DGRAM, 0);
  unix_bind(d, "sa_dg");
  close(open("sa_file", O_CREAT | O_WRONLY, 0644));
  expect_ret("connect sa_none (no such path)", unix_connect(c, "sa_none"),
             -ENOENT);
  expect_ret("connect sa_b (bound, not listening)", unix_connect(c, "sa_b"),
             -ECONNREFUSED);
  expect_ret("connect sa_file (a regular file)", unix_connect(c, "sa_file"),
             -ECONNREFUSED);
  expect_ret("connect sa_dg (a SOCK_DGRAM socket)", unix_connect(c, "sa_dg"),
             -EPROTOTYPE);
  expect_ret("connect @sa-none (no such abstract name)",
             unix_connect(c, "@sa-none"), -ECONNREFUSED);
  expect_ret("connect, addrlen 1",
             sysret(connect(c, (struct sockaddr *)&sa, 1)), -EINVAL);
  expect_ret("connect, addrlen 111",
             sysret(connect(c, (struct sockaddr *)&sa, sizeof(sa) + 1)),
             -EINVAL);
  sa.sun_family = AF_INET;
  expect_ret("connect, family AF_INET",
             sysret(connect(c, (struct sockaddr *)&sa, len)), -EINVAL);
  expect_ret("connect, a bad address", sysret(connect(c, bad_ptr(), len)), -EFAULT);
  expect_ret("connect sa_a (listening)", unix_connect(c, "sa_a"), 0);
  expect_ret("connect sa_a again", unix_connect(c, "sa_a"), -EISCONN);
  expect_ret("connected, connect sa_none", unix_connect(c, "sa_none"), -ENOENT);
  expect_ret("connected, connect sa_b", unix_connect(c, "sa_b"),
             -ECONNREFUSED);
  unix_pair(SOCK_STREAM, sv);
  expect_ret("a socketpair's end: connect sa_a", unix_connect(sv[0], "sa_a"),
             -EISCONN);
  expect_ret("the listener itself: connect sa_a", unix_connect(l, "sa_a"),
             -EINVAL);
  pipe(p);
  expect_ret("connect a pipe", unix_connect(p[0], "sa_a"), -ENOTSOCK);
  close(p[0]);
  close(p[1]);
  expect_ret("connect a closed fd", unix_connect(p[0], "sa_a"), -EBADF);
  close(l);
  close(c);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  expect_ret("listener closed: connect sa_a", unix_connect(c, "sa_a"),
             -ECONNREFUSED);
  close(c);
  close(sv[0]);
  close(sv[1]);
  close(b);
  close(d);
  unlink_paths();
}

#define NBACKLOG 16

static int backlog_c[NBACKLOG + 1], backlog_n;  // the clients

static void
blocked_connect(void)
{
  int c = socket(AF_UNIX, SOCK_STREAM, 0), i;

  for (i = 0; i <= backlog_n; i++)
    close(backlog_c[i]);
  expect_ret("child: blocking connect, backlog full", unix_connect(c, "@sa-bl"),
             0);
  expect_ret("child: write", write(c, "c", 1), 1);
}

/*
 * listen(2): a listener holds only so many connections not yet accepted
 * (Linux: backlog + 1); past that a non-blocking connect is EAGAIN
 * (unix(7); not TCP's EINPROGRESS), and once accept takes one a connect
 * succeeds again. A blocking connect waits: a child's connect returns
 * once the parent accepts, whichever comes first. The parent's own
 * clients closed, their accepted ends read EOF: the child's, queued
 * last, reads the byte it wrote. (The parent prints once the child has
 * ended, so the lines come in one order.)
 */
static void
backlog(void)
{
  int l = listener("@sa-bl", 0), n, s = -1, first = 0, i;
  pid_t pid;
  char b = 0;

  for (n = 0; n < NBACKLOG - 1; n++) {
    backlog_c[n] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    first = unix_connect(backlog_c[n], "@sa-bl");
    if (first < 0)
      break;
  }
  expect_yes("listen(fd, 0): a connect succeeds first", n >= 1);
  expect_ret("non-blocking connects until one fails: it fails with", first,
             -EAGAIN);
  s = poll_in(l, 10000) ? accept(l, 0, 0) : -1;
  close(s);
  expect_ret("one accepted: that socket connects",
             unix_connect(backlog_c[n], "@sa-bl"), 0);
  backlog_c[n + 1] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  expect_ret("another: connect", unix_connect(backlog_c[n + 1], "@sa-bl"),
             -EAGAIN);
  backlog_n = n + 1;
  pid = fork();
  if (pid == 0) {
    check_failures = 0;
    blocked_connect();
    _exit(check_done());
  }
  for (i = 0; i <= backlog_n; i++)
    close(backlog_c[i]);
  for (i = 0; i < NBACKLOG + 2 && b != 'c' && poll_in(l, 10000); i++) {
    s = accept(l, 0, 0);
    if (!poll_in(s, 10000) || read(s, &b, 1) < 0)
      b = 0;
    close(s);
  }
  expect_str("the child", wait_child(pid), "exit 0");
  expect_yes("accept until the child's connection: it wrote 'c'", b == 'c');
  close(l);
}

// getsockname(2), getpeername(2), accept(2)'s address: the client of a
// listener bound to a path is unnamed (len 2, sa_family_t alone); its
// peer, and the accepted socket's own name, are the listener's path; the
// accepted socket's peer is the client, unnamed or bound. socketpair's
// ends are unnamed. An addrlen smaller than the address truncates it but
// comes back as the whole length; getpeername of a socket not connected
// is ENOTCONN.
static void
names(void)
{
  int l = listener("sa_a", 5), s, sv[2];
  int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_un sa;
  socklen_t len;

  unix_connect(c, "sa_a");
  len = sizeof(sa);
  s = poll_in(l, 10000) ? accept(l, (struct sockaddr *)&sa, &len) : -1;
  expect_str("accept's address (unbound client)", addr_str(&sa, len),
             "len 2, unnamed");
  expect_str("client: getsockname", name_of(c, 0), "len 2, unnamed");
  expect_str("client: getpeername", name_of(c, 1), "len 7, sa_a");
  expect_str("accepted: getsockname", name_of(s, 0), "len 7, sa_a");
  expect_str("accepted: getpeername", name_of(s, 1), "len 2, unnamed");
  expect_str("listener: getsockname", name_of(l, 0), "len 7, sa_a");
  expect_str("listener: getpeername", name_of(l, 1), "ENOTCONN");
  close(c);
  close(s);
  c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  unix_bind(c, "@sa-client");
  unix_connect(c, "sa_a");
  len = sizeof(sa);
  s = poll_in(l, 10000) ? accept(l, (struct sockaddr *)&sa, &len) : -1;
  expect_str("accept's address (client bound to @sa-client)",
             addr_str(&sa, len), "len 12, \\0sa-client");
  expect_str("accepted: getpeername", name_of(s, 1), "len 12, \\0sa-client");
  len = 4;
  memset(&sa, 0, sizeof(sa));
  getsockname(s, (struct sockaddr *)&sa, &len);
  expect_str("getsockname, addrlen 4: addrlen, bytes", addr_str(&sa, 4),
             "len 4, sa");
  expect_ret("addrlen set to", len, 7);
  len = -1;
  expect_ret("getsockname, addrlen -1",
             sysret(getsockname(s, (struct sockaddr *)&sa, &len)), -EINVAL);
  expect_ret("getsockname, a bad address",
             sysret(getsockname(s, bad_ptr(), &(socklen_t){ sizeof(sa) })),
             -EFAULT);
  expect_ret("getsockname, a bad addrlen pointer",
             sysret(getsockname(s, (struct sockaddr *)&sa, bad_ptr())), -EFAULT);
  unix_pair(SOCK_STREAM, sv);
  expect_str("socketpair: getsockname", name_of(sv[0], 0), "len 2, unnamed");
  expect_str("socketpair: getpeername", name_of(sv[0], 1), "len 2, unnamed");
  close(sv[0]);
  close(sv[1]);
  pipe(sv);
  expect_str("a pipe: getsockname", name_of(sv[0], 0), "ENOTSOCK");
  expect_str("fd -1: getsockname", name_of(-1, 0), "EBADF");
  close(sv[0]);
  close(sv[1]);
  close(c);
  close(s);
  close(l);
  unlink_paths();
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  unlink_paths();
  create_flags();
  create_errors();
  bind_path();
  bind_abstract();
  bind_errors();
  listen_accept();
  connect_errors();
  backlog();
  names();
  return check_done();
}
