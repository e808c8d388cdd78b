/*
 * sigstress [N]: N real-time signals (default 20000) delivered to
 * threads that are blocked in system calls, from other threads at once,
 * and every one counted. Real-time signals queue (signal(7)), so each
 * one sent runs its handler exactly once, with its own value.
 *
 *   4 workers   each blocked, in a loop, in one call: read of an empty
 *               pipe (SA_RESTART: restarted), epoll_wait (EINTR),
 *               FUTEX_WAIT without a timeout (restarted), nanosleep
 *               (EINTR); they take the signals, counting each and
 *               summing its value in the handler
 *   2 senders   N/2 each: process-directed (sigqueue to the process:
 *               some worker takes it) and thread-directed
 *               (pthread_sigqueue to one worker) in turn; a full queue
 *               (EAGAIN) is tried again
 *
 * The main thread and the senders block the signal, so only the workers
 * take it. Prints the counts, which depend on N only: "handled" equal to
 * "sent", the values' sum right, "hung: no" (the handlers ran within
 * 10 s), "errors: 0" (epoll_wait and nanosleep returned only EINTR, and
 * the read and the futex wait, which restart, not at all).
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define WORKERS 4
#define SENDERS 2
#define LIMIT_S 10

static int sig;                         // SIGRTMIN + 2
static long n_sig;
static atomic_long handled, value_sum;
static atomic_int errors, stop;
static pthread_t workers[WORKERS];
static int pipefd[2], epfd;
static atomic_uint word;                // the futex worker's, never changed

// Counts a signal, and sums sigqueue's values (the stop signal, from
// pthread_kill, has none: qemu-riscv64 shows a stale one there).
static void
on_sig(int s, siginfo_t *si, void *uc)
{
  if (si->si_code == SI_QUEUE)
    atomic_fetch_add(&value_sum, si->si_value.sival_int);
  atomic_fetch_add(&handled, 1);
}

// Each worker: one blocking call, over and over, until stop. A call that
// must restart under SA_RESTART returning EINTR is an error.
static void *
worker(void *arg)
{
  long kind = (long)arg, r;
  struct epoll_event ev;
  struct timespec long_sleep = { 100, 0 };
  char c;

  for (;;) {
    switch (kind) {
    case 0:                             // restarted: ends only at EOF
      r = sysret(read(pipefd[0], &c, 1));
      break;
    case 1:
      r = sysret(epoll_wait(epfd, &ev, 1, -1));
      break;
    case 2:                             // restarted: ends only when woken
      r = sysret(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0));
      break;
    default:
      r = sysret(nanosleep(&long_sleep, 0));
      break;
    }
    if (atomic_load(&stop))
      return 0;
    if (r != -EINTR || kind == 0 || kind == 2)
      atomic_fetch_add(&errors, 1);
  }
}

// Sends n signals with values 1..n, in turn to the process and to one
// worker; a queue found full is tried again.
static void *
sender(void *arg)
{
  long first = (long)arg;
  union sigval v;
  long i, r;

  for (i = 0; i < n_sig / SENDERS; i++) {
    v.sival_int = first + i;
    do {
      if (i % 2 == 0)
        r = sysret(sigqueue(getpid(), sig, v));
      else
        r = -pthread_sigqueue(workers[i / 2 % WORKERS], sig, v);
      if (r == -EAGAIN)
        sched_yield();
    } while (r == -EAGAIN);
    if (r != 0)
      atomic_fetch_add(&errors, 1);
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  pthread_t senders[SENDERS];
  struct sigaction sa;
  sigset_t s;
  long want_sum = 0, i;
  struct epoll_event ev = { .events = EPOLLIN };

  setvbuf(stdout, 0, _IONBF, 0);
  n_sig = argc > 1 ? atol(argv[1]) : 20000;
  sig = SIGRTMIN + 2;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sig;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(sig, &sa, 0);
  if (pipe(pipefd) < 0 || (epfd = epoll_create1(0)) < 0 ||
      epoll_ctl(epfd, EPOLL_CTL_ADD, pipefd[0], &ev) < 0)
    return 2;

  // The workers start with the signal unblocked; the main thread and the
  // senders (created after this) have it blocked.
  for (i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], 0, worker, (void *)i);
  s = set_of(sig, 0);
  pthread_sigmask(SIG_BLOCK, &s, 0);
  for (i = 0; i < SENDERS; i++)
    pthread_create(&senders[i], 0, sender, (void *)(i * (n_sig / SENDERS) + 1));
  for (i = 0; i < SENDERS; i++)
    pthread_join(senders[i], 0);

  for (i = 0; i < LIMIT_S * 100 && atomic_load(&handled) < n_sig; i++)
    usleep(10000);
  expect_yes("hung: no", atomic_load(&handled) >= n_sig);

  // Stop: the flag, then EOF for the reader (which the epoll waiter sees
  // too), a wake for the futex waiter, a signal for the sleeper (with no
  // value: the sum does not change).
  atomic_store(&stop, 1);
  close(pipefd[1]);
  word = 1;
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, WORKERS, 0, 0, 0);
  pthread_kill(workers[3], sig);
  for (i = 0; i < WORKERS; i++)
    pthread_join(workers[i], 0);

  for (i = 1; i <= n_sig / SENDERS * SENDERS; i++)
    want_sum += i;
  expect_ret("sent", n_sig / SENDERS * SENDERS, n_sig);
  expect_ret("handled (the sleeper's stop signal aside)", atomic_load(&handled) - 1,
             n_sig / SENDERS * SENDERS);
  expect_yes("values: each one once", atomic_load(&value_sum) == want_sum);
  expect_ret("errors", atomic_load(&errors), 0);
  return check_done();
}
