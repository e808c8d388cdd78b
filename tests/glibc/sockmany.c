/*
 * sockmany: many AF_UNIX stream connections in one process, one event
 * loop: a non-blocking listener watched edge-triggered (accept until
 * EAGAIN on each event), 200 clients connecting without blocking (a
 * connect that finds the backlog full is EAGAIN, and is tried again
 * after the loop has accepted), each sending a message of its own
 * (length and bytes differ per client), the server echoing whatever it
 * reads, each client checking every byte it gets back; then every client
 * closes and the server reads EOF on every connection. All sockets are
 * in one epoll, edge-triggered, each read until EAGAIN.
 *
 * Only counts are printed: how often a connect met a full backlog
 * depends on the kernel's backlog, and which events come together on
 * scheduling. Each epoll_wait is bounded (10 s), so a lost wakeup ends
 * the loop with counts short instead of hanging.
 */
#define _GNU_SOURCE
#include <sys/epoll.h>
#include "check.h"

#define NCLIENTS 200
#define MAXMSG 1100
#define LISTENER (1ull << 32)           // epoll data: the listener,
#define SERVER (2ull << 32)             // a server end (| its fd),
#define CLIENT (3ull << 32)             // a client (| its number)

static int ep, listener;
static int client[NCLIENTS];
static char got[NCLIENTS][MAXMSG];      // what each client read back
static int got_len[NCLIENTS];
static int accepted, echoed, intact, eofs, bad;

// Client i's message: its number, then bytes that depend on it, 20 to
// 1018 bytes long in all.
static int
message(int i, char *buf)
{
  int len = 20 + (i * 37) % 999, k, n;

  n = snprintf(buf, MAXMSG, "client %03d:", i);
  for (k = n; k < len; k++)
    buf[k] = 'a' + (i + k) % 26;
  return len;
}

static void
watch(int fd, uint64_t tag)
{
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = tag };

  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

// Connects client i; 0, or -EAGAIN if the backlog is full. The message
// goes out at once: it is small enough for any socket buffer.
static long
connect_client(int i)
{
  char msg[MAXMSG];
  int n;
  long r = unix_connect(client[i], "@sm-l");

  if (r < 0)
    return r;
  watch(client[i], CLIENT | i);
  n = message(i, msg);
  if (send(client[i], msg, n, MSG_NOSIGNAL) != n)
    bad++;
  return 0;
}

static void
accept_all(void)
{
  int s;

  while ((s = accept4(listener, 0, 0, SOCK_NONBLOCK)) >= 0) {
    watch(s, SERVER | s);
    accepted++;
  }
  if (errno != EAGAIN)
    bad++;
}

// A server end readable: echo all there is; at EOF, count and close.
static void
serve(int fd)
{
  char buf[4096];
  long r;

  while ((r = read(fd, buf, sizeof(buf))) > 0)
    if (send(fd, buf, r, MSG_NOSIGNAL) != r)
      bad++;
  if (r == 0) {
    eofs++;
    close(fd);
  } else if (errno != EAGAIN) {
    bad++;
  }
}

// Client i readable: append what came; once all of it is back, check it.
static void
receive(int i)
{
  char want[MAXMSG];
  int len = message(i, want);
  long r;

  if (got_len[i] >= len)
    return;
  while ((r = read(client[i], got[i] + got_len[i], MAXMSG - got_len[i])) > 0)
    got_len[i] += r;
  if (got_len[i] < len)
    return;
  echoed++;
  if (got_len[i] == len && memcmp(got[i], want, len) == 0)
    intact++;
}

// One epoll_wait and what its events call for. A server end is known by
// its fd, a client by its number, each in the low half of its data.
static int
run_events(void)
{
  struct epoll_event ev[64];
  int n, k;

  n = epoll_wait(ep, ev, 64, 10000);
  for (k = 0; k < n; k++) {
    uint64_t tag = ev[k].data.u64 & ~0xffffffffull;
    int x = ev[k].data.u64 & 0xffffffff;

    if (tag == LISTENER)
      accept_all();
    else if (tag == SERVER)
      serve(x);
    else if (tag == CLIENT)
      receive(x);
  }
  return n;
}

int
main(void)
{
  int next = 0, i, rounds, bytes = 0;

  setvbuf(stdout, 0, _IONBF, 0);
  ep = epoll_create1(0);
  listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  unix_bind(listener, "@sm-l");
  listen(listener, 64);
  watch(listener, LISTENER);
  for (i = 0; i < NCLIENTS; i++)
    client[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  for (rounds = 0; rounds < 100000 && echoed < NCLIENTS; rounds++) {
    while (next < NCLIENTS && connect_client(next) == 0)
      next++;
    if (run_events() <= 0)
      break;
  }
  expect_ret("connections accepted", accepted, NCLIENTS);
  expect_ret("messages echoed back", echoed, NCLIENTS);
  expect_ret("intact (every byte checked)", intact, NCLIENTS);
  for (i = 0; i < NCLIENTS; i++)
    bytes += got_len[i];
  expect_ret("bytes echoed in all", bytes, 96944);
  for (i = 0; i < NCLIENTS; i++)
    close(client[i]);
  for (rounds = 0; rounds < 100000 && eofs < accepted; rounds++)
    if (run_events() <= 0)
      break;
  expect_ret("all clients closed: EOFs the server read", eofs, NCLIENTS);
  expect_ret("errors on the way", bad, 0);
  close(listener);
  close(ep);
  return check_done();
}
