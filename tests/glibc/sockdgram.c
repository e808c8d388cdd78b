/*
 * sockdgram: AF_UNIX datagram and sequenced-packet sockets, each rule
 * checked on Linux (unix(7), send(2), recv(2), connect(2)): message
 * boundaries, truncation (MSG_TRUNC, as a flag and in msg_flags), empty
 * messages, MSG_PEEK; sendto and recvfrom between bound sockets, the
 * sender's address (none for an unbound sender), sendto's errors; connect
 * on a datagram socket (the default peer, which filters who may send,
 * changed and dissolved with AF_UNSPEC), a peer that closes; and
 * SOCK_SEQPACKET: listen, accept, records kept whole, the address sendto
 * ignores, EOF.
 *
 * Paths are relative and unlinked before and after; other names are
 * abstract. Nothing printed depends on a buffer size.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/uio.h>
#include "check.h"

static const char *const paths[] = { "sd_a", "sd_s" };

static void
unlink_paths(void)
{
  unlink_all(paths, sizeof(paths) / sizeof(paths[0]));
}

// A socket of type bound to name (none for 0).
static int
bound(int type, const char *name)
{
  int fd = socket(AF_UNIX, type, 0);

  if (name)
    unix_bind(fd, name);
  return fd;
}

static long
send_to(int fd, const char *msg, const char *name)
{
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, name);

  return sysret(sendto(fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT,
                       (struct sockaddr *)&a, len));
}

static long
send_str(int fd, const char *msg)
{
  return sysret(send(fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT));
}

// What one receive of up to n bytes gave: the count and bytes ("5
// hello"), the errno's name, and with from, the sender's address
// (addr_str). It waits up to 10 s for something to come, unless flags
// has MSG_DONTWAIT.
static const char *
recv_from(int fd, size_t n, int flags, int from)
{
  static char out[2][320];
  static int k;
  char *o = out[k++ % 2], buf[256];
  struct sockaddr_un a;
  socklen_t len = sizeof(a);
  long r;

  if (!(flags & MSG_DONTWAIT) && !poll_in(fd, 10000))
    return "nothing";
  memset(&a, 0x55, sizeof(a));
  r = sysret(recvfrom(fd, buf, n < 255 ? n : 255, flags | MSG_DONTWAIT,
                      from ? (struct sockaddr *)&a : 0, from ? &len : 0));
  if (r < 0)
    return strerrorname_np(-r);
  buf[r < (long)n ? r : (long)n] = 0;
  snprintf(o, 320, "%ld %s%s%s", r, buf, from ? ", from " : "",
           from ? addr_str(&a, len) : "");
  return o;
}

static const char *
recv_str(int fd, size_t n, int flags)
{
  return recv_from(fd, n, flags, 0);
}

// recvmsg(2) into an n-byte buffer: the count and msg_flags by name.
static const char *
recvmsg_str(int fd, size_t n)
{
  static char out[64];
  char buf[256];
  struct iovec iov = { buf, n };
  struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
  long r = sysret(recvmsg(fd, &m, MSG_DONTWAIT));

  if (r < 0)
    return strerrorname_np(-r);
  snprintf(out, sizeof(out), "%ld, msg_flags %s", r,
           m.msg_flags == MSG_TRUNC ? "MSG_TRUNC" :
           m.msg_flags == 0 ? "0" : "other");
  return out;
}

// unix(7): a datagram socket keeps message boundaries: each receive
// takes one message, whole or cut to the buffer, the rest of it lost;
// recv with MSG_TRUNC returns the message's real length, recvmsg sets
// MSG_TRUNC in msg_flags. An empty message is a message (recv 0).
// MSG_PEEK leaves the message queued. writev sends one message.
static void
boundaries(void)
{
  int sv[2];
  struct iovec iov[2] = { { "two", 3 }, { "parts", 5 } };

  unix_pair(SOCK_DGRAM, sv);
  send_str(sv[0], "one");
  send_str(sv[0], "three");
  expect_str("two sends: recv", recv_str(sv[1], 16, 0), "3 one");
  expect_str("recv", recv_str(sv[1], 16, 0), "5 three");
  expect_str("recv", recv_str(sv[1], 16, MSG_DONTWAIT), "EAGAIN");
  send_str(sv[0], "truncated!");
  send_str(sv[0], "next");
  expect_str("recv 4 of 10 bytes", recv_str(sv[1], 4, 0), "4 trun");
  expect_str("recv: the next message", recv_str(sv[1], 16, 0), "4 next");
  send_str(sv[0], "truncated!");
  expect_str("recv 4, MSG_TRUNC", recv_str(sv[1], 4, MSG_TRUNC), "10 trun");
  send_str(sv[0], "truncated!");
  expect_str("recvmsg into 4 bytes", recvmsg_str(sv[1], 4), "4, msg_flags "
             "MSG_TRUNC");
  send_str(sv[0], "fits");
  expect_str("recvmsg into 4 bytes, 4 sent", recvmsg_str(sv[1], 4),
             "4, msg_flags 0");
  expect_ret("send 0 bytes", send_str(sv[0], ""), 0);
  send_str(sv[0], "after");
  expect_str("recv: the empty message", recv_str(sv[1], 16, 0), "0 ");
  expect_str("recv", recv_str(sv[1], 16, 0), "5 after");
  send_str(sv[0], "peek");
  expect_str("MSG_PEEK", recv_str(sv[1], 16, MSG_PEEK), "4 peek");
  expect_str("MSG_PEEK again", recv_str(sv[1], 16, MSG_PEEK), "4 peek");
  expect_str("recv", recv_str(sv[1], 16, 0), "4 peek");
  expect_ret("writev 3+5", writev(sv[0], iov, 2), 8);
  expect_str("recv", recv_str(sv[1], 16, 0), "8 twoparts");
  send_str(sv[1], "back");
  expect_str("recvfrom: the unbound sender's address",
             recv_from(sv[0], 16, 0, 1), "4 back, from len 0");
  close_pair(sv);
}

/*
 * unix(7): sendto a bound socket's address; recvfrom gives the sender's
 * address if it is bound (a path, or an abstract name), else none
 * (addrlen 0: Linux does not autobind a sender). sendto a path with no
 * socket file is ENOENT, to a socket file whose socket closed or to an
 * abstract name no one has ECONNREFUSED, to a stream socket EPROTOTYPE;
 * send without an address on a socket not connected is ENOTCONN; a
 * receive on an unbound socket just finds nothing (EAGAIN).
 */
static void
addresses(void)
{
  int a = bound(SOCK_DGRAM, "sd_a"), b = bound(SOCK_DGRAM, "@sd-b");
  int c = bound(SOCK_DGRAM, 0), s = bound(SOCK_STREAM, "sd_s"), gone;

  expect_ret("@sd-b sendto sd_a", send_to(b, "hi", "sd_a"), 2);
  expect_str("sd_a: recvfrom", recv_from(a, 16, 0, 1),
             "2 hi, from len 7, \\0sd-b");
  expect_ret("sd_a sendto @sd-b", send_to(a, "hey", "@sd-b"), 3);
  expect_str("@sd-b: recvfrom", recv_from(b, 16, 0, 1),
             "3 hey, from len 7, sd_a");
  expect_ret("unbound sendto sd_a", send_to(c, "anon", "sd_a"), 4);
  expect_str("sd_a: recvfrom", recv_from(a, 16, 0, 1), "4 anon, from len 0");
  expect_ret("sendto sd_none (no such path)", send_to(c, "x", "sd_none"),
             -ENOENT);
  expect_ret("sendto @sd-none (no such name)", send_to(c, "x", "@sd-none"),
             -ECONNREFUSED);
  expect_ret("sendto sd_s (a stream socket)", send_to(c, "x", "sd_s"),
             -EPROTOTYPE);
  expect_ret("send, no address, not connected", send_str(c, "x"),
             -ENOTCONN);
  expect_str("recv, unbound and not connected",
             recv_str(c, 16, MSG_DONTWAIT), "EAGAIN");
  close(s);
  unlink("sd_s");
  gone = bound(SOCK_DGRAM, "sd_s");
  close(gone);
  expect_ret("sendto sd_s, its socket closed", send_to(c, "x", "sd_s"),
             -ECONNREFUSED);
  close(a);
  close(b);
  close(c);
  unlink_paths();
}

/*
 * connect(2) on a datagram socket: it sets the default peer (send needs
 * no address; getpeername names it), and only the peer may send to it
 * (others EPERM). sendto another address still works. connect again
 * moves the peer; AF_UNSPEC dissolves it (send ENOTCONN again). A peer
 * that closes: the next send is ECONNREFUSED, which also disconnects,
 * so the one after is ENOTCONN.
 */
static void
connected(void)
{
  int a = bound(SOCK_DGRAM, "@sd-ca"), c = bound(SOCK_DGRAM, "@sd-cc");
  int d = bound(SOCK_DGRAM, "@sd-cd");
  struct sockaddr_un un;
  socklen_t len = sizeof(un);

  expect_ret("c connects to a", unix_connect(c, "@sd-ca"), 0);
  getpeername(c, (struct sockaddr *)&un, &len);
  expect_str("getpeername", addr_str(&un, len), "len 8, \\0sd-ca");
  expect_ret("c sends", send_str(c, "to a"), 4);
  expect_str("a receives", recv_from(a, 16, 0, 1),
             "4 to a, from len 8, \\0sd-cc");
  expect_ret("a sends to c", send_to(a, "back", "@sd-cc"), 4);
  expect_str("c receives", recv_str(c, 16, 0), "4 back");
  expect_ret("d sends to c", send_to(d, "x", "@sd-cc"), -EPERM);
  expect_ret("c sendto d", send_to(c, "to d", "@sd-cd"), 4);
  expect_str("d receives", recv_str(d, 16, 0), "4 to d");
  expect_ret("c connects to d", unix_connect(c, "@sd-cd"), 0);
  expect_ret("c sends", send_str(c, "d now"), 5);
  expect_str("d receives", recv_str(d, 16, 0), "5 d now");
  expect_ret("a sends to c", send_to(a, "x", "@sd-cc"), -EPERM);
  memset(&un, 0, sizeof(un));
  un.sun_family = AF_UNSPEC;
  expect_ret("c connects to AF_UNSPEC",
             sysret(connect(c, (struct sockaddr *)&un, sizeof(un.sun_family))),
             0);
  expect_ret("c sends", send_str(c, "x"), -ENOTCONN);
  expect_str("getpeername", getpeername(c, (struct sockaddr *)&un, &len) < 0 ?
             strerrorname_np(errno) : "0", "ENOTCONN");
  expect_ret("a sends to c", send_to(a, "free", "@sd-cc"), 4);
  expect_str("c receives", recv_str(c, 16, 0), "4 free");
  unix_connect(c, "@sd-ca");
  close(a);
  expect_ret("c's peer a closed: c sends", send_str(c, "x"), -ECONNREFUSED);
  expect_ret("c sends again", send_str(c, "x"), -ENOTCONN);
  expect_ret("c connects to @sd-ca (gone)", unix_connect(c, "@sd-ca"),
             -ECONNREFUSED);
  close(c);
  close(d);
}

// Errors of the datagram calls: EINVAL for an address's length or
// family; EMSGSIZE for a message larger than any send buffer (4 MiB);
// a datagram socket cannot listen (EOPNOTSUPP). shutdown(SHUT_WR) stops
// its own sends (EPIPE), and receiving still works.
static void
dgram_errors(void)
{
  int sv[2];
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, "@sd-x");
  char *big = calloc(1, 4 << 20);

  unix_pair(SOCK_DGRAM, sv);
  expect_ret("sendto, addrlen 1",
             sysret(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, 1)),
             -EINVAL);
  a.sun_family = AF_INET;
  expect_ret("sendto, family AF_INET",
             sysret(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, len)),
             -EINVAL);
  expect_ret("send 4 MiB", sysret(send(sv[0], big, 4 << 20, MSG_DONTWAIT)),
             -EMSGSIZE);
  expect_ret("listen", sysret(listen(sv[0], 1)), -EOPNOTSUPP);
  expect_ret("shutdown(SHUT_WR)", sysret(shutdown(sv[0], SHUT_WR)), 0);
  expect_ret("then send", send_str(sv[0], "x"), -EPIPE);
  expect_ret("the peer sends", send_str(sv[1], "in"), 2);
  expect_str("recv", recv_str(sv[0], 16, 0), "2 in");
  close_pair(sv);
  free(big);
}

/*
 * SOCK_SEQPACKET (unix(7)): connected like a stream, listen, connect,
 * accept; each record comes back whole in one receive, or cut to the
 * buffer with the rest lost (MSG_TRUNC in msg_flags); an empty record
 * reads as 0, so does EOF once the peer closes; then a send is EPIPE.
 * sendto ignores an address; send on an unconnected socket is ENOTCONN,
 * and so is recv (a stream says EINVAL). A seqpacket socket cannot
 * connect to a stream listener: EPROTOTYPE through a path; through an
 * abstract name ECONNREFUSED, as Linux looks abstract names up by name
 * and type (af_unix.c unix_find_abstract), so that a socket of another
 * type may even bind the same name.
 */
static void
seqpacket(void)
{
  int l = bound(SOCK_SEQPACKET, "@sd-seq"), c = bound(SOCK_SEQPACKET, 0), s;
  int u = bound(SOCK_SEQPACKET, 0), st = bound(SOCK_STREAM, "@sd-st");
  int pst = bound(SOCK_STREAM, "sd_s"), sv[2], type = 0, d;
  socklen_t len = sizeof(type);

  expect_ret("listen", sysret(listen(l, 4)), 0);
  expect_ret("connect", unix_connect(c, "@sd-seq"), 0);
  s = poll_in(l, 10000) ? accept(l, 0, 0) : -1;
  getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len);
  expect_ret("accepted: SO_TYPE (SOCK_SEQPACKET is 5)", type, SOCK_SEQPACKET);
  send_str(c, "rec1");
  send_str(c, "record2");
  expect_str("two sends: recv", recv_str(s, 16, 0), "4 rec1");
  expect_str("recv", recv_str(s, 16, 0), "7 record2");
  send_str(c, "record3");
  send_str(c, "rec4");
  expect_str("recvmsg into 3 bytes", recvmsg_str(s, 3), "3, msg_flags "
             "MSG_TRUNC");
  expect_str("recv: the next record", recv_str(s, 16, 0), "4 rec4");
  expect_ret("send an empty record", send_str(c, ""), 0);
  send_str(c, "more");
  expect_str("recv: the empty record", recv_str(s, 16, 0), "0 ");
  expect_str("recv", recv_str(s, 16, 0), "4 more");
  expect_ret("sendto with an address (ignored)", send_to(c, "any", "@sd-x"),
             3);
  expect_str("recv", recv_str(s, 16, 0), "3 any");
  expect_ret("send back", send_str(s, "ok"), 2);
  expect_str("recv", recv_str(c, 16, 0), "2 ok");
  close(c);
  expect_str("peer closed: recv", recv_str(s, 16, 0), "0 ");
  expect_ret("send", send_str(s, "x"), -EPIPE);
  expect_ret("not connected: send", send_str(u, "x"), -ENOTCONN);
  expect_str("not connected: recv", recv_str(u, 16, MSG_DONTWAIT),
             "ENOTCONN");
  listen(st, 1);
  listen(pst, 1);
  expect_ret("connect to a stream listener's path",
             unix_connect(u, "sd_s"), -EPROTOTYPE);
  expect_ret("connect to a stream listener's abstract name",
             unix_connect(u, "@sd-st"), -ECONNREFUSED);
  d = bound(SOCK_DGRAM, 0);
  expect_ret("a datagram socket: bind that name too", unix_bind(d, "@sd-st"),
             0);
  expect_ret("a seqpacket socket: bind it too", unix_bind(u, "@sd-st"), 0);
  expect_ret("another stream socket: bind it",
             unix_bind(sv[0] = bound(SOCK_STREAM, 0), "@sd-st"), -EADDRINUSE);
  close(sv[0]);
  close(d);
  expect_ret("socketpair(SOCK_SEQPACKET)", unix_pair(SOCK_SEQPACKET, sv), 0);
  send_str(sv[0], "a");
  send_str(sv[0], "bc");
  expect_str("recv", recv_str(sv[1], 16, 0), "1 a");
  expect_str("recv", recv_str(sv[1], 16, 0), "2 bc");
  shutdown(sv[0], SHUT_WR);
  expect_str("SHUT_WR: the peer recvs", recv_str(sv[1], 16, 0), "0 ");
  close_pair(sv);
  close(s);
  close(l);
  close(u);
  close(st);
  close(pst);
  unlink_paths();
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  unlink_paths();
  boundaries();
  addresses();
  connected();
  dgram_errors();
  seqpacket();
  return check_done();
}
