/*
 * thrstress [N]: 16 threads at once, N operations in all (default
 * 100000; 1000000 for a long run), all through raw futex calls, epoll
 * and eventfd, each group checking what it can count:
 *
 *   8 threads   4 ping-pong pairs on a futex word each, N/2 handoffs in
 *               all: even pairs wait with FUTEX_WAIT (relative timeout),
 *               odd ones with FUTEX_WAIT_BITSET (absolute CLOCK_MONOTONIC)
 *   4 threads   a conductor and 3 waiters, about N/4 waits: each round
 *               the waiters block on gate, and the conductor opens it with
 *               FUTEX_CMP_REQUEUE onto parking, then wakes parking
 *   4 threads   2 producers write N/4 times to two eventfds (one plain,
 *               LT in the epoll; one EFD_SEMAPHORE, ET), 2 consumers
 *               epoll_wait and read until every unit is in
 *
 * It prints the counts, which depend on N only; "lost: 0" (units written
 * less units read); "hung: no" (no wait ran out its 10 s, so none lost a
 * wakeup); "errors: 0" (no call failed that should not have).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define PAIRS 4
#define WAITERS 3               // in the requeue group
#define PRODUCERS 2
#define CONSUMERS 2
#define LIMIT_S 10              // the longest a wait may take

static long n_ops;
static atomic_int hung;         // a wait ran out its LIMIT_S
static atomic_int errors;       // a call failed

// Waits while *w holds val: with a timeout of LIMIT_S (FUTEX_WAIT), or
// until a CLOCK_MONOTONIC deadline LIMIT_S away (FUTEX_WAIT_BITSET).
// Returns 0, having counted it, if the wait ran out or failed.
static int
wait_while(atomic_uint *w, unsigned val, int absolute)
{
  struct timespec ts = { LIMIT_S, 0 };
  long r;

  if (absolute) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += LIMIT_S;
  }
  r = sysret(syscall(SYS_futex, w, absolute ? FUTEX_WAIT_BITSET_PRIVATE :
                     FUTEX_WAIT_PRIVATE, val, &ts, 0, FUTEX_BITSET_MATCH_ANY));
  if (r == 0 || r == -EAGAIN)
    return 1;
  atomic_fetch_add(r == -ETIMEDOUT ? &hung : &errors, 1);
  return 0;
}

static void
wake(atomic_uint *w, int n)
{
  if (syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, n, 0, 0, 0) < 0)
    atomic_fetch_add(&errors, 1);
}

static struct {
  atomic_uint turn;             // the player to move, 0 or 1
  long handoffs;                // by both players; each writes in turn
} pairs[PAIRS];

// Player id % 2 of pair id / 2: N/16 moves, each handing the turn over.
static void *
player(void *arg)
{
  long id = (long)arg, i;
  unsigned me = id % 2, v;

  for (i = 0; i < n_ops / 16; i++) {
    while ((v = atomic_load(&pairs[id / 2].turn)) != me)
      if (!wait_while(&pairs[id / 2].turn, v, id / 2 % 2))
        return 0;
    pairs[id / 2].handoffs++;
    atomic_store(&pairs[id / 2].turn, !me);
    wake(&pairs[id / 2].turn, 1);
  }
  return 0;
}

static atomic_uint gate;        // the rounds the conductor has opened
static atomic_uint arrived;     // waiters' arrivals, all rounds together
static atomic_uint parking;     // where the conductor moves gate's waiters
static long rounds;             // N/4 waits, WAITERS a round
static long passes[WAITERS];    // rounds each waiter got through
static long opened;             // rounds the conductor opened

// Each round: arrives, then waits on gate until the conductor opens it
// (the wait ends on parking, where FUTEX_CMP_REQUEUE moved it).
static void *
waiter(void *arg)
{
  long me = (long)arg, r;
  unsigned g;

  for (r = 0; r < rounds; r++) {
    atomic_fetch_add(&arrived, 1);
    wake(&arrived, 1);
    while ((g = atomic_load(&gate)) == r)
      if (!wait_while(&gate, g, 1))
        return 0;
    passes[me]++;
  }
  return 0;
}

// Each round: waits until every waiter has arrived, opens gate, moves its
// waiters to parking (waking one of them), wakes parking. A waiter of the
// next round may be moved and woken too: it finds gate shut and waits on.
static void *
conductor(void *arg)
{
  long r;
  unsigned a;

  for (r = 0; r < rounds; r++) {
    while ((a = atomic_load(&arrived)) < WAITERS * (r + 1))
      if (!wait_while(&arrived, a, 1))
        return 0;
    atomic_store(&gate, r + 1);
    if (syscall(SYS_futex, &gate, FUTEX_CMP_REQUEUE_PRIVATE, 1, (long)INT_MAX,
                &parking, r + 1) < 0)
      atomic_fetch_add(&errors, 1);
    wake(&parking, INT_MAX);
    opened++;
  }
  return 0;
}

static int efd_plain, efd_sem, stop, ep;
static long writes;             // by each producer
static uint64_t units_total;    // all that the producers write
static atomic_ulong units_written, units_read;

// The units write i of producer me carries.
static uint64_t
units(long me, long i)
{
  return 1 + (me + i) % 3;
}

static void *
producer(void *arg)
{
  long me = (long)arg, i;
  uint64_t v;

  for (i = 0; i < writes; i++) {
    v = units(me, i);
    if (write(i % 2 ? efd_sem : efd_plain, &v, sizeof(v)) == sizeof(v))
      atomic_fetch_add(&units_written, v);
    else
      atomic_fetch_add(&errors, 1);
  }
  return 0;
}

// Reads fd until EAGAIN: all it holds at once, or for the EFD_SEMAPHORE
// one a unit a read (ET: what is left unread now has no edge to come).
// Who reads the last unit writes stop.
static void
drain(int fd)
{
  uint64_t v, one = 1;

  while (read(fd, &v, sizeof(v)) == sizeof(v))
    if (atomic_fetch_add(&units_read, v) + v == units_total)
      write(stop, &one, sizeof(one));
  if (errno != EAGAIN)
    atomic_fetch_add(&errors, 1);
}

static void *
consumer(void *arg)
{
  struct epoll_event ev[3];
  int n, i;

  for (;;) {
    n = epoll_wait(ep, ev, 3, LIMIT_S * 1000);
    if (n <= 0) {
      atomic_fetch_add(n == 0 ? &hung : &errors, 1);
      return 0;
    }
    for (i = 0; i < n; i++) {
      if (ev[i].data.fd == stop)
        return 0;
      drain(ev[i].data.fd);
    }
  }
}

static void
watch(int fd, uint32_t events)
{
  struct epoll_event ev = { .events = events, .data.fd = fd };

  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

int
main(int argc, char *argv[])
{
  pthread_t t[16];
  long i, k = 0, handoffs = 0, waits = 0;

  setvbuf(stdout, 0, _IONBF, 0);
  n_ops = argc > 1 ? atol(argv[1]) : 100000;
  if (n_ops < 1000) {
    printf("usage: thrstress [N], N at least 1000\n");
    return 2;
  }
  rounds = n_ops / 4 / WAITERS;
  writes = n_ops / 4 / PRODUCERS;
  for (i = 0; i < PRODUCERS * writes; i++)
    units_total += units(i % PRODUCERS, i / PRODUCERS);
  efd_plain = eventfd(0, EFD_NONBLOCK);
  efd_sem = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE);
  stop = eventfd(0, 0);
  ep = epoll_create1(0);
  watch(efd_plain, EPOLLIN);
  watch(efd_sem, EPOLLIN | EPOLLET);
  watch(stop, EPOLLIN);

  for (i = 0; i < 2 * PAIRS; i++)
    pthread_create(&t[k++], 0, player, (void *)i);
  for (i = 0; i < WAITERS; i++)
    pthread_create(&t[k++], 0, waiter, (void *)i);
  pthread_create(&t[k++], 0, conductor, 0);
  for (i = 0; i < CONSUMERS; i++)
    pthread_create(&t[k++], 0, consumer, 0);
  for (i = 0; i < PRODUCERS; i++)
    pthread_create(&t[k++], 0, producer, (void *)i);
  while (k > 0)
    pthread_join(t[--k], 0);

  for (i = 0; i < PAIRS; i++)
    handoffs += pairs[i].handoffs;
  for (i = 0; i < WAITERS; i++)
    waits += passes[i];
  expect_ret("ops", n_ops, n_ops);
  expect_ret("futex handoffs", handoffs, 2 * PAIRS * (n_ops / 16));
  expect_ret("requeue rounds opened", opened, rounds);
  expect_ret("requeue waits passed", waits, WAITERS * rounds);
  expect_ret("eventfd units written", atomic_load(&units_written), units_total);
  expect_ret("lost", atomic_load(&units_written) - atomic_load(&units_read), 0);
  expect_str("hung", atomic_load(&hung) ? "yes" : "no", "no");
  expect_ret("errors", atomic_load(&errors), 0);
  return check_done();
}
