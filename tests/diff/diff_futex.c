/*
 * diff_futex: futex(2) without threads. The errors of each command, in
 * Linux's order (the timeout first, then FUTEX_CLOCK_REALTIME, then the
 * command's own: bitset, alignment, mapping, the word); timeouts; and
 * shared futexes across fork in a MAP_SHARED|MAP_ANONYMOUS page, woken,
 * counted, requeued and killed. A case that needs a child to be waiting
 * polls for it by counting the word's waiters with a requeue of the word
 * onto itself, which wakes and moves none but returns how many it found.
 *
 * glibc has no futex() function: the call goes through syscall(), so a
 * result is -1 and errno, as res() prints it.
 */
#include "diff.h"

#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#define SPIN_NS 10000000000L        // how long a case waits for a waiter

static long
futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout,
      uint32_t *uaddr2, uint32_t val3)
{
  return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static long
now_ns(int clk)
{
  struct timespec ts;

  clock_gettime(clk, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static uint32_t *
shared_word(void)
{
  return mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
              -1, 0);
}

// The waiters on the shared futex at w, none of them woken or moved.
static long
waiters(uint32_t *w)
{
  return futex(w, FUTEX_REQUEUE, 0, (void *)(long)INT_MAX, w, 0);
}

// Yields until n wait on w: "yes", or "no" after SPIN_NS.
static const char *
await_waiters(uint32_t *w, long n)
{
  long t0 = now_ns(CLOCK_MONOTONIC);

  while (waiters(w) != n)
    if (now_ns(CLOCK_MONOTONIC) - t0 > SPIN_NS)
      return "no";
    else
      sched_yield();
  return "yes";
}

// A child that waits on w (op, no timeout) while it holds 0, and exits
// with 0 once woken, or with the errno of a failed wait.
static int
waiter(uint32_t *w, int op, uint32_t bitset)
{
  int pid = fork();

  if (pid == 0)
    _exit(futex(w, op, 0, 0, 0, bitset) == 0 ? 0 : errno);
  return pid;
}

CASE(wait_value)
{
  static uint32_t w;
  struct timespec zero = { 0, 0 };

  say("differs: %s; zero timeout: %s; time 0 monotonic: %s; realtime: %s",
      res(futex(&w, FUTEX_WAIT, 1, 0, 0, 0)),
      res(futex(&w, FUTEX_WAIT, 0, &zero, 0, 0)),
      res(futex(&w, FUTEX_WAIT_BITSET, 0, &zero, 0, FUTEX_BITSET_MATCH_ANY)),
      res(futex(&w, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0,
                &zero, 0, 1)));
}

CASE(wait_einval)
{
  static uint32_t w;
  struct timespec zero = { 0, 0 }, ns = { 0, 1000000000 }, neg = { -1, 0 };
  uint32_t *odd = (uint32_t *)((char *)&w + 1);

  say("nsec 10^9: %s; sec -1, word differs: %s; odd: %s; bitset 0: %s; "
      "wake bitset 0: %s; odd wake private: %s",
      res(futex(&w, FUTEX_WAIT, 0, &ns, 0, 0)),
      res(futex(&w, FUTEX_WAIT, 1, &neg, 0, 0)),
      res(futex(odd, FUTEX_WAIT, 0, &zero, 0, 0)),
      res(futex(&w, FUTEX_WAIT_BITSET, 0, &zero, 0, 0)),
      res(futex(&w, FUTEX_WAKE_BITSET, 1, 0, 0, 0)),
      res(futex(odd, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0)));
}

CASE(wait_efault)
{
  static uint32_t w;
  struct timespec zero = { 0, 0 };
  uint32_t *gone = mmap(0, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  munmap(gone, 4096);
  say("NULL: %s; unmapped private: %s; timeout pointer bad: %s; "
      "and odd too: %s",
      res(futex(0, FUTEX_WAIT, 0, &zero, 0, 0)),
      res(futex(gone, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0)),
      res(futex(&w, FUTEX_WAIT, 0, (void *)opaque(1), 0, 0)),
      res(futex((uint32_t *)((char *)&w + 1), FUTEX_WAIT, 0,
                (void *)opaque(1), 0, 0)));
}

// A private futex is never looked up: waking one where nothing is
// mapped is no error; a shared one must be there.
CASE(wake_lookup)
{
  static uint32_t w;
  uint32_t *gone = mmap(0, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  munmap(gone, 4096);
  say("nobody waits: %s; nr 0: %s; unmapped: %s; private: %s; NULL "
      "private: %s; timeout not read: %s",
      res(futex(&w, FUTEX_WAKE, 1, 0, 0, 0)),
      res(futex(&w, FUTEX_WAKE, 0, 0, 0, 0)),
      res(futex(gone, FUTEX_WAKE, 1, 0, 0, 0)),
      res(futex(gone, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0)),
      res(futex(0, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0)),
      res(futex(&w, FUTEX_WAKE, 1, (void *)opaque(1), 0, 0)));
}

// A shared futex on a private page wants a writable one; on a shared
// page, a readable one.
CASE(protections)
{
  struct timespec zero = { 0, 0 };
  uint32_t *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uint32_t *sro = mmap(0, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  uint32_t *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  say("read-only private: wait %s, private wait %s, wake %s; read-only "
      "shared: wait %s, wake %s; PROT_NONE: wake %s, private wait %s",
      res(futex(ro, FUTEX_WAIT, 0, &zero, 0, 0)),
      res(futex(ro, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0)),
      res(futex(ro, FUTEX_WAKE, 1, 0, 0, 0)),
      res(futex(sro, FUTEX_WAIT, 0, &zero, 0, 0)),
      res(futex(sro, FUTEX_WAKE, 1, 0, 0, 0)),
      res(futex(none, FUTEX_WAKE, 1, 0, 0, 0)),
      res(futex(none, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0)));
}

CASE(clock_realtime_flag)
{
  static uint32_t w;
  struct timespec zero = { 0, 0 }, ns = { 0, 1000000000 };

  say("FUTEX_WAIT: %s; bad timeout first: %s; FUTEX_WAKE: %s; "
      "FUTEX_REQUEUE: %s",
      res(futex(&w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &zero, 0, 0)),
      res(futex(&w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &ns, 0, 0)),
      res(futex(&w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 0)),
      res(futex(&w, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, 0, &w, 0)));
}

CASE(unknown_ops)
{
  static uint32_t w;

  say("14: %s; FUTEX_WAIT|0x40: %s; -1: %s; FUTEX_FD: %s",
      res(futex(&w, 14, 0, 0, 0, 0)),
      res(futex(&w, FUTEX_WAIT | 0x40, 0, 0, 0, 0)),
      res(futex(&w, -1, 0, 0, 0, 0)),
      res(futex(&w, FUTEX_FD, 0, 0, 0, 0)));
}

CASE(requeue_args)
{
  static uint32_t w[2];

  say("nr_wake -1: %s; nr_requeue 2^32-1: %s; 2^32+1: %s; odd uaddr2: %s; "
      "NULL uaddr2: %s; CMP differs: %s; CMP same: %s",
      res(futex(w, FUTEX_REQUEUE, -1, 0, w + 1, 0)),
      res(futex(w, FUTEX_REQUEUE, 0, (void *)0xffffffffL, w + 1, 0)),
      res(futex(w, FUTEX_REQUEUE, 1, (void *)0x100000001L, w + 1, 0)),
      res(futex(w, FUTEX_REQUEUE, 1, 0, (uint32_t *)((char *)w + 2), 0)),
      res(futex(w, FUTEX_CMP_REQUEUE, 1, 0, 0, 0)),
      res(futex(w, FUTEX_CMP_REQUEUE, 1, 0, w + 1, 5)),
      res(futex(w, FUTEX_CMP_REQUEUE, 1, 0, w + 1, 0)));
}

CASE(timeout_length)
{
  static uint32_t w;
  struct timespec ms20 = { 0, 20000000 };
  long t0 = now_ns(CLOCK_MONOTONIC);
  const char *r = res(futex(&w, FUTEX_WAIT_PRIVATE, 0, &ms20, 0, 0));

  say("%s; waited 20 ms: %s", r,
      now_ns(CLOCK_MONOTONIC) - t0 >= 20000000 ? "yes" : "no");
}

CASE(timeout_time)
{
  static uint32_t w;
  struct timespec ts;
  long target = now_ns(CLOCK_REALTIME) + 20000000;
  const char *r;

  ts.tv_sec = target / 1000000000L;
  ts.tv_nsec = target % 1000000000L;
  r = res(futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &ts, 0,
                FUTEX_BITSET_MATCH_ANY));
  say("%s; realtime reached: %s", r,
      now_ns(CLOCK_REALTIME) >= target ? "yes" : "no");
}

// The child waits on a shared page's word; the parent's FUTEX_WAKE,
// once it waits, wakes it.
CASE(shared_wake)
{
  uint32_t *w = shared_word();
  const char *waiting, *woke;

  waiter(w, FUTEX_WAIT, 0);
  waiting = await_waiters(w, 1);
  woke = res(futex(w, FUTEX_WAKE, 1, 0, 0, 0));
  say("waiting: %s; wake: %s; child %s", waiting, woke, reap());
}

// FUTEX_WAKE wakes at most nr, nr 0 as 1; a private wake in the parent
// finds none of the children's shared waits.
CASE(wake_count)
{
  uint32_t *w = shared_word();
  const char *waiting, *priv, *one, *left, *zero, *c1, *c2;

  waiter(w, FUTEX_WAIT, 0);
  waiter(w, FUTEX_WAIT, 0);
  waiting = await_waiters(w, 2);
  priv = res(futex(w, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0));
  one = res(futex(w, FUTEX_WAKE, 1, 0, 0, 0));
  left = res(waiters(w));
  zero = res(futex(w, FUTEX_WAKE, 0, 0, 0, 0));
  c1 = reap();
  c2 = reap();
  say("both waiting: %s; private wake: %s; wake 1: %s; left: %s; wake 0: "
      "%s; children %s, %s", waiting, priv, one, left, zero, c1, c2);
}

// A child's FUTEX_WAIT_PRIVATE on a shared page is its own: the
// parent's shared wakes, while it waits 100 ms, find nobody.
CASE(private_apart)
{
  uint32_t *w = shared_word();
  struct timespec ms100 = { 0, 100000000 };
  long found = 0;
  int pid = fork(), st;

  if (pid == 0)
    _exit(futex(w, FUTEX_WAIT_PRIVATE, 0, &ms100, 0, 0) == 0 ? 0 : errno);
  while (waitpid(pid, &st, WNOHANG) == 0)
    found += futex(w, FUTEX_WAKE, INT_MAX, 0, 0, 0);
  say("woken by the parent: %ld; child's wait: %s", found,
      WIFEXITED(st) ? errname(WEXITSTATUS(st)) : "killed");
}

CASE(bitset)
{
  uint32_t *w = shared_word();
  const char *waiting, *miss, *hit;

  waiter(w, FUTEX_WAIT_BITSET, 0x1);
  waiting = await_waiters(w, 1);
  miss = res(futex(w, FUTEX_WAKE_BITSET, 1, 0, 0, 0x2));
  hit = res(futex(w, FUTEX_WAKE_BITSET, 1, 0, 0, 0x3));
  say("waiting: %s; bitset 2: %s; bitset 3: %s; child %s", waiting, miss,
      hit, reap());
}

// Two waiters on a: a CMP_REQUEUE whose word differs moves none; a
// REQUEUE wakes one and moves one to b (2); a CMP_REQUEUE moves it back
// (1); a wake of b finds none, of a one.
CASE(requeue_two)
{
  uint32_t *a = shared_word(), *b = a + 1;
  const char *waiting, *differs, *moved, *c1, *on_a, *on_b, *back, *wb, *wa;

  waiter(a, FUTEX_WAIT, 0);
  waiter(a, FUTEX_WAIT, 0);
  waiting = await_waiters(a, 2);
  differs = res(futex(a, FUTEX_CMP_REQUEUE, 1, (void *)1L, b, 7));
  moved = res(futex(a, FUTEX_REQUEUE, 1, (void *)1L, b, 0));
  c1 = reap();
  on_a = res(waiters(a));
  on_b = res(waiters(b));
  back = res(futex(b, FUTEX_CMP_REQUEUE, 0, (void *)1L, a, 0));
  wb = res(futex(b, FUTEX_WAKE, INT_MAX, 0, 0, 0));
  wa = res(futex(a, FUTEX_WAKE, INT_MAX, 0, 0, 0));
  say("waiting: %s; CMP differs: %s; requeue: %s, child %s, on a %s, on b "
      "%s; back: %s; wake b: %s; wake a: %s; child %s", waiting, differs,
      moved, c1, on_a, on_b, back, wb, wa, reap());
}

// A waiter killed in FUTEX_WAIT is reaped, and leaves the word.
CASE(killed)
{
  uint32_t *w = shared_word();
  int pid = waiter(w, FUTEX_WAIT, 0);
  const char *waiting = await_waiters(w, 1), *status;

  kill(pid, SIGKILL);
  status = reap();
  say("waiting: %s; child %s; waiters after: %s", waiting, status,
      res(waiters(w)));
}

int
main(void)
{
  diff_begin("diff_futex");
  RUN(wait_value);
  RUN(wait_einval);
  RUN(wait_efault);
  RUN(wake_lookup);
  RUN(protections);
  RUN(clock_realtime_flag);
  RUN(unknown_ops);
  RUN(requeue_args);
  RUN(timeout_length);
  RUN(timeout_time);
  RUN(shared_wake);
  RUN(wake_count);
  RUN(private_apart);
  RUN(bitset);
  RUN(requeue_two);
  RUN(killed);
  return diff_end("diff_futex");
}
