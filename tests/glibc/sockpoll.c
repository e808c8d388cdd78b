/*
 * sockpoll: readiness of AF_UNIX sockets through poll(2) and epoll(7),
 * each mask checked on Linux (af_unix.c unix_poll for streams,
 * unix_dgram_poll for datagram and seqpacket sockets). Masks print by
 * name; poll asks for every bit there is (IN PRI OUT RDNORM RDBAND WRNORM
 * WRBAND RDHUP; ERR, HUP and NVAL come unasked), so the lines pin the
 * whole of what Linux reports:
 *
 *   - a stream pair: fresh, written to, after each shutdown on either
 *     side, after the peer closes (with and without unread data);
 *   - a stream socket unconnected, bound, listening, with a connection
 *     pending, and a client connected but not yet accepted;
 *   - the write side full (no OUT) and drained (OUT again, waking a
 *     blocked poller); a datagram peer's full queue taking OUT away;
 *   - datagram and seqpacket sockets' own masks;
 *   - epoll LT and ET: one ET event per arrival, per shutdown, per close;
 *     an accept loop on an edge-triggered listener; EPOLLEXCLUSIVE;
 *   - a thread blocked in poll or epoll_wait, woken by each of these.
 *
 * How much fills a buffer differs by kernel: the programs fill until
 * EAGAIN and print only that it came. Every wait is bounded: poll and
 * epoll_wait time out after 10 s where something is due, at once where
 * nothing is.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include "check.h"

#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
             POLLWRNORM | POLLWRBAND | POLLRDHUP)

// What poll(2) says of fd now, asked for every bit.
static const char *
pmask(int fd)
{
  struct pollfd p = { fd, ALL, 0 };

  if (poll(&p, 1, 0) < 0)
    return strerrorname_np(errno);
  return events_str(p.revents);
}

static void
expect_mask(const char *what, int fd, const char *want)
{
  expect_str(what, pmask(fd), want);
}

static int
bound(int type, const char *name)
{
  int fd = socket(AF_UNIX, type, 0);

  unix_bind(fd, name);
  return fd;
}

// Reads until EAGAIN; the bytes read.
static long
drain(int fd)
{
  char buf[4096];
  long n = 0, r;

  while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
    n += r;
  return n;
}

// Sends chunks of size until EAGAIN; 1 if that is how it ended.
static int
fill(int fd, size_t size)
{
  static char buf[65536];
  long r;
  int i;

  for (i = 0; i < 100000; i++) {
    r = send(fd, buf, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (r < 0)
      return errno == EAGAIN;
  }
  return 0;
}

// unix_poll on a connected stream pair a, b, each step on a fresh pair.
// Shutting down is mirrored to the peer (unix_shutdown), and the peer's
// close is a SHUTDOWN_MASK on a: RDHUP with IN (EOF is readable), HUP
// only for both directions. OUT stays through all of it ("we set
// writable also when the other side has shut down the connection. This
// prevents stuck sockets"). A close with bytes unread leaves ERR.
static void
stream_states(void)
{
  int sv[2];
  char c;

  unix_pair(SOCK_STREAM, sv);
  expect_mask("stream pair, fresh: a", sv[0], "OUT|WRNORM|WRBAND");
  write(sv[1], "x", 1);
  expect_mask("b wrote: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND");
  recv(sv[0], &c, 1, MSG_DONTWAIT);
  expect_mask("a read it: a", sv[0], "OUT|WRNORM|WRBAND");
  shutdown(sv[1], SHUT_WR);
  expect_mask("b SHUT_WR: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND|RDHUP");
  expect_mask("b SHUT_WR: b", sv[1], "OUT|WRNORM|WRBAND");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  shutdown(sv[0], SHUT_RD);
  expect_mask("a SHUT_RD: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND|RDHUP");
  expect_mask("a SHUT_RD: b", sv[1], "OUT|WRNORM|WRBAND");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  shutdown(sv[0], SHUT_RDWR);
  expect_mask("a SHUT_RDWR: a", sv[0],
              "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  expect_mask("a SHUT_RDWR: b", sv[1],
              "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  close(sv[1]);
  expect_mask("b closed: a", sv[0], "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  close(sv[0]);
  unix_pair(SOCK_STREAM, sv);
  write(sv[0], "unread", 6);
  close(sv[1]);
  expect_mask("b closed, a's bytes unread: a", sv[0],
              "IN|OUT|ERR|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  expect_ret("a reads", sysret(recv(sv[0], &c, 1, MSG_DONTWAIT)),
             -ECONNRESET);
  expect_mask("then a", sv[0], "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  close(sv[0]);
}

// unix_poll before a connection: a stream socket not connected is HUP
// (its state is TCP_CLOSE) and writable, bound or not; listening, it is
// neither, and IN while a connection waits for accept. A client is
// connected as soon as connect returns (AF_UNIX has no connect in
// progress), writable before it is accepted; a socket whose connect
// failed (EAGAIN, backlog full) is as it was.
static void
listener_states(void)
{
  int fd = socket(AF_UNIX, SOCK_STREAM, 0), l, c, c2, s;

  expect_mask("stream socket, fresh", fd, "OUT|HUP|WRNORM|WRBAND");
  close(fd);
  l = bound(SOCK_STREAM, "@sp-l");
  expect_mask("bound", l, "OUT|HUP|WRNORM|WRBAND");
  listen(l, 0);
  expect_mask("listening", l, "0");
  c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  expect_ret("non-blocking connect", unix_connect(c, "@sp-l"), 0);
  expect_mask("listener, a connection pending", l, "IN|RDNORM");
  expect_mask("the client, not accepted yet", c, "OUT|WRNORM|WRBAND");
  expect_ret("it writes", write(c, "early", 5), 5);
  c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  expect_ret("another connect, backlog full", unix_connect(c2, "@sp-l"),
             -EAGAIN);
  expect_mask("that socket", c2, "OUT|HUP|WRNORM|WRBAND");
  s = poll_in(l, 10000) ? accept(l, 0, 0) : -1;
  expect_mask("accepted: the listener", l, "0");
  expect_mask("accepted: the new socket", s, "IN|OUT|RDNORM|WRNORM|WRBAND");
  expect_ret("connect again", unix_connect(c2, "@sp-l"), 0);
  expect_mask("listener", l, "IN|RDNORM");
  close(c);
  close(c2);
  close(s);
  close(l);
}

// unix_dgram_poll: a datagram socket is writable and, once something is
// queued, readable; its peer closing changes nothing (datagram sockets
// have no connection to shut). A seqpacket socket is HUP until connected
// and then as a stream.
static void
packet_states(void)
{
  int sv[2], fd;

  unix_pair(SOCK_DGRAM, sv);
  expect_mask("dgram pair, fresh: a", sv[0], "OUT|WRNORM|WRBAND");
  send(sv[1], "x", 1, 0);
  expect_mask("b sent: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND");
  close(sv[1]);
  expect_mask("b closed: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND");
  drain(sv[0]);
  expect_mask("a read it: a", sv[0], "OUT|WRNORM|WRBAND");
  close(sv[0]);
  fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  expect_mask("dgram socket, fresh", fd, "OUT|WRNORM|WRBAND");
  shutdown(fd, SHUT_RDWR);
  expect_mask("SHUT_RDWR", fd, "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  close(fd);
  fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  expect_mask("seqpacket socket, fresh", fd, "OUT|HUP|WRNORM|WRBAND");
  close(fd);
  unix_pair(SOCK_SEQPACKET, sv);
  expect_mask("seqpacket pair, fresh: a", sv[0], "OUT|WRNORM|WRBAND");
  send(sv[1], "x", 1, 0);
  expect_mask("b sent: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND");
  shutdown(sv[1], SHUT_WR);
  expect_mask("b SHUT_WR: a", sv[0], "IN|OUT|RDNORM|WRNORM|WRBAND|RDHUP");
  close(sv[1]);
  expect_mask("b closed: a", sv[0], "IN|OUT|HUP|RDNORM|WRNORM|WRBAND|RDHUP");
  close(sv[0]);
}

// One thread blocked in poll(2) on fd for events, 10 s at most.
struct poller {
  pthread_t thread;
  int fd;
  short events;
  int n;                        // poll's result, or -errno
  short revents;
};

static void *
poll_once(void *arg)
{
  struct poller *p = arg;
  struct pollfd pfd = { p->fd, p->events, 0 };

  p->n = sysret(poll(&pfd, 1, 10000));
  p->revents = pfd.revents;
  return 0;
}

static void
start_poller(struct poller *p, int fd, short events)
{
  p->fd = fd;
  p->events = events;
  pthread_create(&p->thread, 0, poll_once, p);
}

// Joins the poller; prints what it got.
static void
expect_poller(const char *what, struct poller *p, const char *want)
{
  char got[128];

  pthread_join(p->thread, 0);
  if (p->n == 1)
    snprintf(got, sizeof(got), "%s", events_str(p->revents));
  else
    format_ret(got, sizeof(got), p->n);
  expect_str(what, got, want);
}

/*
 * A stream's write side full: fill a until EAGAIN, and a is not
 * writable. As b reads, the bytes are uncharged from a and a is writable
 * again (unix_writable: a quarter of its send buffer or less in use), so
 * a thread blocked in poll for POLLOUT wakes; whether it blocked before
 * b read or after, it sees OUT. Edge-triggered, the drain is one OUT
 * event.
 */
static void
stream_full(void)
{
  int sv[2], ep = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
  struct poller p;

  unix_pair(SOCK_STREAM, sv);
  epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
  expect_ret("ET on a: the first wait", epoll_wait(ep, &ev, 1, 0), 1);
  expect_yes("stream: a filled until EAGAIN", fill(sv[0], 65536));
  expect_mask("a", sv[0], "0");
  expect_mask("b", sv[1], "IN|OUT|RDNORM|WRNORM|WRBAND");
  expect_ret("ET on a", epoll_wait(ep, &ev, 1, 0), 0);
  start_poller(&p, sv[0], POLLOUT);
  drain(sv[1]);
  expect_poller("b drained: a thread polling a for POLLOUT got", &p, "OUT");
  expect_mask("a", sv[0], "OUT|WRNORM|WRBAND");
  expect_ret("ET on a", epoll_wait(ep, &ev, 1, 0), 1);
  expect_str("its events", events_str(ev.events), "OUT");
  expect_ret("ET on a, again", epoll_wait(ep, &ev, 1, 0), 0);
  close_pair(sv);
  close(ep);
}

/*
 * A datagram socket s connected to r, where r is not connected back:
 * s sends until EAGAIN, r's queue full (net.unix.max_dgram_qlen), and
 * poll on s says no OUT (unix_dgram_poll's peer check), though s's own
 * buffer is nearly empty. r reads, and s is writable again; a thread
 * blocked in poll on s is woken through r (unix_dgram_peer_wake_relay).
 * An unconnected socket sendto r meets the same EAGAIN, yet polls OUT:
 * it has no peer to check. A socketpair's end is not held back by the
 * queue at all (its peer is connected back), only by its own send
 * buffer: filled until EAGAIN, no OUT either.
 */
static void
dgram_full(void)
{
  int r = bound(SOCK_DGRAM, "@sp-r"), s = socket(AF_UNIX, SOCK_DGRAM, 0);
  int u = socket(AF_UNIX, SOCK_DGRAM, 0), sv[2];
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, "@sp-r");
  struct poller p;

  unix_connect(s, "@sp-r");
  expect_mask("dgram s, connected to r", s, "OUT|WRNORM|WRBAND");
  expect_yes("s sent 16 bytes at a time until EAGAIN", fill(s, 16));
  expect_mask("s", s, "0");
  expect_mask("r", r, "IN|OUT|RDNORM|WRNORM|WRBAND");
  expect_ret("unconnected u: sendto r",
             sysret(sendto(u, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&a,
                           len)), -EAGAIN);
  expect_mask("u", u, "OUT|WRNORM|WRBAND");
  start_poller(&p, s, POLLOUT);
  drain(r);
  expect_poller("r drained: a thread polling s for POLLOUT got", &p, "OUT");
  expect_mask("s", s, "OUT|WRNORM|WRBAND");
  close(r);
  close(s);
  close(u);
  unix_pair(SOCK_DGRAM, sv);
  expect_yes("dgram pair: a sent 16 bytes at a time until EAGAIN",
             fill(sv[0], 16));
  expect_mask("a", sv[0], "0");
  start_poller(&p, sv[0], POLLOUT);
  drain(sv[1]);
  expect_poller("b drained: a thread polling a for POLLOUT got", &p, "OUT");
  close_pair(sv);
}

// One epoll_wait with no wait: "none", or the events of the one item.
static const char *
ewait(int ep)
{
  struct epoll_event ev;
  int n = epoll_wait(ep, &ev, 1, 0);

  if (n < 0)
    return strerrorname_np(errno);
  return n == 0 ? "none" : events_str(ev.events);
}

/*
 * epoll on a stream pair's end a, asking IN|OUT|RDHUP. LT reports the
 * state at every wait. ET reports a change once: the ADD itself (a is
 * writable), then each wakeup of a: every arrival of bytes (unread bytes
 * before it or not: each write wakes a), the peer's shutdown, its close.
 * a's own reading wakes b's writers, not a: no event. ERR and HUP come
 * unasked.
 */
static void
epoll_stream(void)
{
  int sv[2], lt = epoll_create1(0), et = epoll_create1(0);
  struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP };

  unix_pair(SOCK_STREAM, sv);
  epoll_ctl(lt, EPOLL_CTL_ADD, sv[0], &ev);
  ev.events |= EPOLLET;
  epoll_ctl(et, EPOLL_CTL_ADD, sv[0], &ev);
  expect_str("fresh: LT", ewait(lt), "OUT");
  expect_str("fresh: ET", ewait(et), "OUT");
  expect_str("LT again", ewait(lt), "OUT");
  expect_str("ET again", ewait(et), "none");
  write(sv[1], "x", 1);
  expect_str("b wrote: LT", ewait(lt), "IN|OUT");
  expect_str("b wrote: ET", ewait(et), "IN|OUT");
  expect_str("ET again", ewait(et), "none");
  write(sv[1], "y", 1);
  expect_str("b wrote again, a not read: ET", ewait(et), "IN|OUT");
  expect_str("ET again", ewait(et), "none");
  drain(sv[0]);
  expect_str("a read all: LT", ewait(lt), "OUT");
  expect_str("a read all: ET", ewait(et), "none");
  shutdown(sv[1], SHUT_WR);
  expect_str("b SHUT_WR: LT", ewait(lt), "IN|OUT|RDHUP");
  expect_str("b SHUT_WR: ET", ewait(et), "IN|OUT|RDHUP");
  expect_str("ET again", ewait(et), "none");
  close(sv[1]);
  expect_str("b closed: LT", ewait(lt), "IN|OUT|HUP|RDHUP");
  expect_str("b closed: ET", ewait(et), "IN|OUT|HUP|RDHUP");
  expect_str("ET again", ewait(et), "none");
  close(sv[0]);
  close(lt);
  close(et);
}

/*
 * An accept loop driven by an edge-triggered epoll on a non-blocking
 * listener: one event however many connections are pending, then accept
 * until EAGAIN takes them all; no event until a new connection comes
 * (each connect wakes the listener).
 */
static void
accept_loop(void)
{
  int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), ep, c[8], i, n, s;
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET };

  unix_bind(l, "@sp-acc");
  listen(l, 16);
  ep = epoll_create1(0);
  epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
  expect_str("ET listener, nothing pending", ewait(ep), "none");
  for (i = 0; i < 5; i++) {
    c[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    unix_connect(c[i], "@sp-acc");
  }
  expect_str("5 connects: ET", ewait(ep), "IN");
  expect_str("ET again", ewait(ep), "none");
  for (n = 0; (s = accept(l, 0, 0)) >= 0; n++)
    close(s);
  expect_str("accept until", strerrorname_np(errno), "EAGAIN");
  expect_ret("accepted", n, 5);
  expect_str("ET", ewait(ep), "none");
  for (i = 5; i < 8; i++) {
    c[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    unix_connect(c[i], "@sp-acc");
  }
  expect_str("3 more connects: ET", ewait(ep), "IN");
  for (n = 0; (s = accept(l, 0, 0)) >= 0; n++)
    close(s);
  expect_ret("accepted until EAGAIN", n, 3);
  for (i = 0; i < 8; i++)
    close(c[i]);
  close(ep);
  close(l);
}

#define NEXCL 3

static int excl_ep[NEXCL], excl_saw[NEXCL];
static sem_t excl_seen;

static void *
excl_waiter(void *arg)
{
  long i = (long)arg;
  struct epoll_event ev[2];
  int n = epoll_wait(excl_ep[i], ev, 2, 10000);

  while (n-- > 0)
    if (ev[n].data.u64 == 1)
      excl_saw[i] = 1;
  if (excl_saw[i])
    sem_post(&excl_seen);
  return 0;
}

/*
 * EPOLLEXCLUSIVE on a listening socket, three threads each in an epoll
 * of its own that watches it exclusively (and a stop eventfd, not): a
 * connect wakes at least one. How many more depends on which were
 * blocked when it came, so "at least one" is all that is printed.
 */
static void
exclusive(void)
{
  int l = bound(SOCK_STREAM, "@sp-ex"), c, stop = eventfd(0, 0), i, woken = 0;
  struct epoll_event ev;
  struct timespec limit;
  pthread_t t[NEXCL];
  uint64_t one = 1;

  listen(l, 4);
  sem_init(&excl_seen, 0, 0);
  for (i = 0; i < NEXCL; i++) {
    excl_ep[i] = epoll_create1(0);
    ev = (struct epoll_event){ .events = EPOLLIN | EPOLLEXCLUSIVE,
                               .data.u64 = 1 };
    epoll_ctl(excl_ep[i], EPOLL_CTL_ADD, l, &ev);
    ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 2 };
    epoll_ctl(excl_ep[i], EPOLL_CTL_ADD, stop, &ev);
    pthread_create(&t[i], 0, excl_waiter, (void *)(long)i);
  }
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  unix_connect(c, "@sp-ex");
  clock_gettime(CLOCK_REALTIME, &limit);
  limit.tv_sec += 10;
  sem_timedwait(&excl_seen, &limit);
  write(stop, &one, sizeof(one));
  for (i = 0; i < NEXCL; i++) {
    pthread_join(t[i], 0);
    woken += excl_saw[i];
    close(excl_ep[i]);
  }
  expect_yes("EPOLLEXCLUSIVE on a listener, 3 epolls, a connect: "
             "at least one woken", woken >= 1);
  close(c);
  close(stop);
  close(l);
}

// A thread blocked in poll(2) wakes for what each of these makes ready:
// the peer's write, its shutdown, its close; a connect to a listener. It
// gets the same answer had it come after: the order does not matter.
static void
wakeups(void)
{
  int sv[2], l, c;
  struct poller p;

  unix_pair(SOCK_STREAM, sv);
  start_poller(&p, sv[0], POLLIN);
  write(sv[1], "x", 1);
  expect_poller("poll(a, POLLIN), b writes: it got", &p, "IN");
  drain(sv[0]);
  start_poller(&p, sv[0], POLLIN | POLLRDHUP);
  shutdown(sv[1], SHUT_WR);
  expect_poller("poll(a, POLLIN | POLLRDHUP), b SHUT_WR: it got", &p,
                "IN|RDHUP");
  close_pair(sv);
  unix_pair(SOCK_STREAM, sv);
  start_poller(&p, sv[0], POLLIN);
  close(sv[1]);
  expect_poller("poll(a, POLLIN), b closes: it got", &p, "IN|HUP");
  close(sv[0]);
  unix_pair(SOCK_SEQPACKET, sv);
  start_poller(&p, sv[0], POLLIN);
  close(sv[1]);
  expect_poller("seqpacket: poll(a, POLLIN), b closes: it got", &p,
                "IN|HUP");
  close(sv[0]);
  l = bound(SOCK_STREAM, "@sp-w");
  listen(l, 1);
  start_poller(&p, l, POLLIN);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  unix_connect(c, "@sp-w");
  expect_poller("poll(listener, POLLIN), a connect: it got", &p, "IN");
  close(c);
  close(l);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  stream_states();
  listener_states();
  packet_states();
  stream_full();
  dgram_full();
  epoll_stream();
  accept_loop();
  exclusive();
  wakeups();
  return check_done();
}
