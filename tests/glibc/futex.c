/*
 * futex: the futex system call itself, raw (glibc's locks use it but hide
 * its answers), each rule from futex(2): FUTEX_WAIT's value check; its
 * timeouts, relative and absolute on both clocks, never early; the
 * argument errors; the counts FUTEX_WAKE, FUTEX_REQUEUE and
 * FUTEX_CMP_REQUEUE return; bitsets; and a shared futex waking another
 * process across fork, where a private one does not.
 *
 * A count is exact only once the waiters are known to be blocked. They
 * wait on "gate"; FUTEX_CMP_REQUEUE moves whoever is blocked there onto
 * "word" and says how many it moved, so once it has moved them all, they
 * are all blocked on word, whatever the order the threads ran in:
 *
 *   waiters ---FUTEX_WAIT_BITSET---> gate
 *   main    ---FUTEX_CMP_REQUEUE(gate -> word), until 3 moved
 *   main    ---FUTEX_WAKE(word, ...) = an exact count
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define MS 1000000LL            // nanoseconds
#define NWAITERS 3

static long
futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts,
      uint32_t bitset)
{
  return sysret(syscall(SYS_futex, uaddr, op, val, ts, 0, bitset));
}

// FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: a count where the others have a
// timeout; val is what *from must hold (FUTEX_CMP_REQUEUE only).
static long
requeue(uint32_t *from, int op, int nwake, int nmove, uint32_t *to,
        uint32_t val)
{
  return sysret(syscall(SYS_futex, from, op, nwake, (long)nmove, to, val));
}

static long long
now(clockid_t clock)
{
  struct timespec t;

  clock_gettime(clock, &t);
  return t.tv_sec * 1000 * MS + t.tv_nsec;
}

static struct timespec
timespec_of(long long ns)
{
  return (struct timespec){ ns / (1000 * MS), ns % (1000 * MS) };
}

// Waits on w (holding 0) until the absolute time 50 ms from now on clock;
// prints the result and whether the clock had reached the deadline.
static void
wait_until(const char *what, uint32_t *w, int op, clockid_t clock)
{
  char line[80];
  long long deadline = now(clock) + 50 * MS;
  struct timespec ts = timespec_of(deadline);

  expect_ret(what, futex(w, op, 0, &ts, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
  snprintf(line, sizeof(line), "%s: not early", what);
  expect_yes(line, now(clock) >= deadline);
}

// FUTEX_WAIT's timeout is relative, on CLOCK_MONOTONIC; FUTEX_WAIT_BITSET's
// is absolute, on CLOCK_MONOTONIC or, with FUTEX_CLOCK_REALTIME, on
// CLOCK_REALTIME. A wait may end late, never early.
static void
timeouts(void)
{
  uint32_t w = 0;
  struct timespec rel = { 0, 50 * MS }, past = { 0, 0 };
  long long start = now(CLOCK_MONOTONIC);

  expect_ret("FUTEX_WAIT 50 ms", futex(&w, FUTEX_WAIT_PRIVATE, 0, &rel, 0),
             -ETIMEDOUT);
  expect_yes("FUTEX_WAIT 50 ms: not early",
             now(CLOCK_MONOTONIC) - start >= 50 * MS);
  wait_until("FUTEX_WAIT_BITSET, CLOCK_MONOTONIC deadline", &w,
             FUTEX_WAIT_BITSET_PRIVATE, CLOCK_MONOTONIC);
  wait_until("FUTEX_WAIT_BITSET, CLOCK_REALTIME deadline", &w,
             FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, CLOCK_REALTIME);
  expect_ret("FUTEX_WAIT_BITSET, deadline passed",
             futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &past,
                   FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
}

// What each argument error gives. Each bad wait below expects a value the
// word does not hold: the op, timeout, bitset and address are checked
// before the value. FUTEX_WAKE_PRIVATE never reads the word, so an
// unmapped one is no error there, while a shared wake must find its page.
static void
errors(void)
{
  uint32_t w[2] = { 0, 0 };
  uint32_t *gone = mmap(0, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uint32_t *odd = (uint32_t *)((char *)w + 2);
  struct timespec rel = { 0, MS }, neg = { -1, 0 }, nsec = { 0, 1000 * MS };

  munmap(gone, 4096);
  expect_ret("FUTEX_WAIT, value differs",
             futex(&w[0], FUTEX_WAIT_PRIVATE, 1, 0, 0), -EAGAIN);
  expect_ret("FUTEX_WAIT, value differs, with a timeout",
             futex(&w[0], FUTEX_WAIT_PRIVATE, 1, &rel, 0), -EAGAIN);
  expect_ret("FUTEX_WAIT, negative timeout",
             futex(&w[0], FUTEX_WAIT_PRIVATE, 1, &neg, 0), -EINVAL);
  expect_ret("FUTEX_WAIT, tv_nsec one second",
             futex(&w[0], FUTEX_WAIT_PRIVATE, 1, &nsec, 0), -EINVAL);
  expect_ret("FUTEX_WAIT with FUTEX_CLOCK_REALTIME",
             futex(&w[0], FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 1,
                   &rel, 0),
             -ENOSYS);
  expect_ret("FUTEX_WAIT_BITSET, bitset 0",
             futex(&w[0], FUTEX_WAIT_BITSET_PRIVATE, 1, 0, 0), -EINVAL);
  expect_ret("FUTEX_WAKE_BITSET, bitset 0",
             futex(&w[0], FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0), -EINVAL);
  expect_ret("FUTEX_WAIT, unaligned",
             futex(odd, FUTEX_WAIT_PRIVATE, 1, 0, 0), -EINVAL);
  expect_ret("FUTEX_WAKE, unaligned",
             futex(odd, FUTEX_WAKE_PRIVATE, 1, 0, 0), -EINVAL);
  expect_ret("FUTEX_WAIT, unmapped",
             futex(gone, FUTEX_WAIT_PRIVATE, 0, 0, 0), -EFAULT);
  expect_ret("FUTEX_WAKE_PRIVATE, unmapped",
             futex(gone, FUTEX_WAKE_PRIVATE, 1, 0, 0), 0);
  expect_ret("FUTEX_WAKE, shared, unmapped",
             futex(gone, FUTEX_WAKE, 1, 0, 0), -EFAULT);
  expect_ret("unknown op 99", futex(&w[0], 99, 0, 0, 0), -ENOSYS);
  expect_ret("FUTEX_WAKE, nobody waiting",
             futex(&w[0], FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0), 0);
  expect_ret("FUTEX_CMP_REQUEUE, value differs",
             requeue(&w[0], FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &w[1], 5),
             -EAGAIN);
  expect_ret("FUTEX_CMP_REQUEUE, negative count",
             requeue(&w[0], FUTEX_CMP_REQUEUE_PRIVATE, 1, -1, &w[1], 0),
             -EINVAL);
  expect_ret("FUTEX_CMP_REQUEUE, nobody waiting",
             requeue(&w[0], FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &w[1], 0), 0);
}

static uint32_t gate, word, word2;

struct waiter {
  pthread_t thread;
  uint32_t bitset;              // whose wakes it answers
  long ret;                     // what its wait returned
};

// Waits on gate (always 0) until woken, or for 10 s at most.
static void *
waiter(void *arg)
{
  struct waiter *w = arg;
  struct timespec deadline = timespec_of(now(CLOCK_MONOTONIC) + 10000 * MS);

  w->ret = futex(&gate, FUTEX_WAIT_BITSET_PRIVATE, 0, &deadline, w->bitset);
  return 0;
}

// Starts NWAITERS waiters with the given bitsets and moves them from gate
// to word as they block; gives up after 10 s. Prints how many it moved.
static void
start_waiters(struct waiter *w, const uint32_t *bitsets)
{
  long moved = 0, r;
  int i, tries;

  for (i = 0; i < NWAITERS; i++) {
    w[i].bitset = bitsets[i];
    pthread_create(&w[i].thread, 0, waiter, &w[i]);
  }
  for (tries = 0; moved < NWAITERS && tries < 2000; tries++) {
    r = requeue(&gate, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &word, 0);
    if (r < 0)
      break;
    moved += r;
    if (moved < NWAITERS)
      usleep(5000);
  }
  expect_ret("waiters FUTEX_CMP_REQUEUE moved from gate to word", moved,
             NWAITERS);
}

// Joins the waiters; each was woken (0), none timed out.
static void
join_waiters(struct waiter *w)
{
  int woken = 0, i;

  for (i = 0; i < NWAITERS; i++) {
    pthread_join(w[i].thread, 0);
    woken += w[i].ret == 0;
  }
  expect_ret("waiters whose wait returned 0", woken, NWAITERS);
}

// A wake counts the waiters it woke, whose bitset shares a bit with its
// own (a requeued waiter keeps its bitset); FUTEX_WAKE of 0 wakes one.
static void
wake_counts(void)
{
  struct waiter w[NWAITERS];

  start_waiters(w, (uint32_t[NWAITERS]){ 1, 1, 2 });
  expect_ret("FUTEX_WAKE_BITSET 4 (no waiter has it)",
             futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, 0, 4), 0);
  expect_ret("FUTEX_WAKE_BITSET 2",
             futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, 0, 2), 1);
  expect_ret("FUTEX_WAKE of 0",
             futex(&word, FUTEX_WAKE_PRIVATE, 0, 0, 0), 1);
  expect_ret("FUTEX_WAKE of all",
             futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0), 1);
  expect_ret("FUTEX_WAKE of all, again",
             futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0), 0);
  join_waiters(w);
}

// FUTEX_REQUEUE and FUTEX_CMP_REQUEUE return woken plus moved.
static void
requeue_counts(void)
{
  struct waiter w[NWAITERS];
  uint32_t any = FUTEX_BITSET_MATCH_ANY;

  start_waiters(w, (uint32_t[NWAITERS]){ any, any, any });
  expect_ret("FUTEX_REQUEUE wake 1, move 1",
             requeue(&word, FUTEX_REQUEUE_PRIVATE, 1, 1, &word2, 0), 2);
  expect_ret("FUTEX_CMP_REQUEUE wake 0, move the rest",
             requeue(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &word2, 0),
             1);
  expect_ret("FUTEX_WAKE on word, emptied",
             futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0), 0);
  expect_ret("FUTEX_WAKE on word2",
             futex(&word2, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0), 2);
  join_waiters(w);
}

// A futex without FUTEX_PRIVATE_FLAG is the memory's, not the address
// space's: in a MAP_SHARED page it joins parent and child. The private
// futex at the same address is another one: its wake finds nobody.
static void
shared_across_fork(void)
{
  uint32_t *m = mmap(0, 4096, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  struct timespec ten = { 10, 0 };
  long moved = 0;
  int tries;
  pid_t pid;

  m[0] = m[1] = 0;
  pid = fork();
  if (pid == 0)
    _exit(futex(&m[0], FUTEX_WAIT, 0, &ten, 0) == 0 ? 0 : 1);
  for (tries = 0; moved == 0 && tries < 2000; tries++) {
    moved = requeue(&m[0], FUTEX_CMP_REQUEUE, 0, 1, &m[1], 0);
    if (moved == 0)
      usleep(5000);
  }
  expect_ret("shared: the child's wait moved by the parent", moved, 1);
  expect_ret("shared: FUTEX_WAKE_PRIVATE",
             futex(&m[1], FUTEX_WAKE_PRIVATE, 1, 0, 0), 0);
  expect_ret("shared: FUTEX_WAKE", futex(&m[1], FUTEX_WAKE, 1, 0, 0), 1);
  expect_str("shared: the child woken", wait_child(pid), "exit 0");
  munmap(m, 4096);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  errors();
  timeouts();
  wake_counts();
  requeue_counts();
  shared_across_fork();
  return check_done();
}
