/*
 * sigintr: system calls interrupted by a signal handler, as signal(7)
 * ("Interruption of system calls and library functions by signal
 * handlers") lists them, each with SA_RESTART and without:
 *
 *   - restarted with SA_RESTART, EINTR without: read of an empty pipe,
 *     write to a full pipe, read of an eventfd at 0, wait4 for a living
 *     child, futex(FUTEX_WAIT) without a timeout;
 *   - EINTR whatever the flags: futex(FUTEX_WAIT) with a timeout,
 *     nanosleep and clock_nanosleep (with the time left, when relative:
 *     see say_rem), epoll_wait (pthread_kill waking a thread in
 *     epoll_wait(-1), as in Linux's epoll selftest "epoll wakeup by
 *     signal"), poll, select, sigsuspend, sigtimedwait and sigwaitinfo
 *     (a handled signal outside their set);
 *   - a write that has already moved data returns the count, not EINTR.
 *
 * One process per case: its main thread is the sender, a second thread,
 * the target, makes the call. The target says "started" (an eventfd)
 * just before the call and "done" just after; nothing else makes the
 * call return but the signal or the sender's "completion" (a byte written
 * to the pipe, an eventfd write, a FUTEX_WAKE, a byte that lets the
 * child exit...). Whether the signal comes before the target has blocked
 * cannot be known (no /proc on nudge), so the outcome is made not to
 * depend on it:
 *
 *   EINTR expected: the sender sends SIGUSR1 (pthread_kill), waits 50 ms
 *     for "done", and sends again, up to 100 times. A signal that comes
 *     early only runs the handler; the first that finds the target
 *     blocked ends the call with EINTR.
 *   Restart expected: the sender sends SIGUSR1 three times, each time
 *     waiting until the handler has run (it writes a byte to a pipe),
 *     then completes the call, again and again until "done". A restarted
 *     call, early signal or not, returns what completed it.
 *
 * Either way a call that never returns is bounded: after the 100 tries
 * the sender completes it, so a kernel that fails to interrupt gives the
 * completed result, not EINTR, and the process that runs a case is
 * killed after 10 s (wait_child) if it still hangs.
 *
 * Then the cases that need no second thread, in one process each, made
 * deterministic by a signal pending while blocked: sigtimedwait and
 * sigwaitinfo taking one; sigsuspend; and the race that the p-variants
 * close: a signal unblocked with sigprocmask before epoll_wait, ppoll or
 * pselect is handled before the wait, which then times out (100 ms),
 * while epoll_pwait, ppoll and pselect with a mask that unblocks it take
 * it inside the wait and return EINTR at once, the old mask back after.
 *
 * A case's line is printed by the process that ran it; the parent prints
 * another only if that process did not exit 0.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define BIG 200000                      // bytes: more than a pipe holds

static volatile sig_atomic_t handled;   // SIGUSR1 handler runs
static int ack[2];                      // the handler writes a byte: ran

static void
on_usr1(int sig)
{
  int saved = errno;

  handled++;
  write(ack[1], "a", 1);
  errno = saved;
}

static void
handle_usr1(int flags)
{
  struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

  sigaction(SIGUSR1, &sa, 0);
}

// Is fd readable within ms milliseconds?
static int
ready_within(int fd, int ms)
{
  struct pollfd p = { fd, POLLIN, 0 };

  return poll(&p, 1, ms) == 1;
}

// ---- the calls, their objects and completions --------------------------

static int p[2];                        // a pipe
static int efd;                         // an eventfd
static int ep;                          // an epoll watching efd
static uint32_t word;                   // a futex word, 0
static pid_t child;                     // a child blocked in read(p[0])
static char outcome[64];                // what the call returned
static char big[BIG];

static void
say(long r)
{
  format_ret(outcome, sizeof(outcome), r);
}

static void
make_pipe(void)
{
  pipe(p);
}

static void
read_pipe(void)
{
  char c;

  say(sysret(read(p[0], &c, 1)));
}

static void
write_byte(void)
{
  write(p[1], "x", 1);
}

// A full pipe, its read end non-blocking (another open file than the
// write end, so the writer still blocks), for draining it.
static void
make_full_pipe(void)
{
  pipe(p);
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  while (write(p[1], big, sizeof(big)) > 0)
    ;
  fcntl(p[1], F_SETFL, 0);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
}

static void
write_pipe(void)
{
  say(sysret(write(p[1], "x", 1)));
}

static void
drain(void)
{
  while (read(p[0], big, sizeof(big)) > 0)
    ;
}

static void
make_drainable_pipe(void)
{
  pipe(p);
  fcntl(p[0], F_SETFL, O_NONBLOCK);
}

// pipe(7): a blocking write of more than the pipe holds blocks when it
// is full; interrupted then, it returns what it wrote (pipe_write: the
// count, if any, else -ERESTARTSYS).
static void
write_big(void)
{
  long r = sysret(write(p[1], big, BIG));

  if (r > 0 && r < BIG)
    snprintf(outcome, sizeof(outcome), "partial");
  else
    say(r);
}

static void
make_eventfd(void)
{
  efd = eventfd(0, 0);
}

static void
read_eventfd(void)
{
  uint64_t v;

  say(sysret(read(efd, &v, sizeof(v))));
}

static void
add_one(void)
{
  uint64_t one = 1;

  write(efd, &one, sizeof(one));
}

// A child that exits once it reads a byte of p, or EOF when this process
// ends (so that no child outlives the case); this process keeps p[0] open
// too, so a completion written after it is gone is no EPIPE.
static void
make_child(void)
{
  char c;

  pipe(p);
  child = fork();
  if (child == 0) {
    close(p[1]);
    read(p[0], &c, 1);
    _exit(0);
  }
}

static void
wait_child4(void)
{
  int st;
  long r = sysret(wait4(child, &st, 0, 0));

  if (r == child)
    snprintf(outcome, sizeof(outcome), "the child");
  else
    say(r);
}

static void
futex_wait(void)
{
  say(sysret(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0)));
}

static void
futex_wait_timed(void)
{
  struct timespec ten = { 10, 0 };

  say(sysret(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ten, 0, 0)));
}

static void
futex_wake(void)
{
  syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

static void
nothing(void)
{
}

// "EINTR, 0 < rem < 5.001 s", rem being what the sleep left of 5 s.
// Not "< 5 s": Linux counts rem to the timer's hard expiry, which is the
// request plus the timer slack (50 us), so a sleep interrupted at once
// leaves more than was asked (seen: 5.000018601 s).
static void
say_rem(long r, const struct timespec *rem)
{
  int ok = (rem->tv_sec > 0 || rem->tv_nsec > 0) &&
           (rem->tv_sec < 5 || (rem->tv_sec == 5 && rem->tv_nsec < 1000000));

  if (r == -EINTR)
    snprintf(outcome, sizeof(outcome), "EINTR, %s", ok ? "0 < rem < 5.001 s"
             : "rem not in (0, 5.001 s)");
  else
    say(r);
}

static void
sleep_5(void)
{
  struct timespec five = { 5, 0 }, rem = { 0, 0 };

  say_rem(sysret(nanosleep(&five, &rem)), &rem);
}

static void
clock_sleep_5(void)
{
  struct timespec five = { 5, 0 }, rem = { 0, 0 };

  say_rem(-clock_nanosleep(CLOCK_MONOTONIC, 0, &five, &rem), &rem);
}

static void
clock_sleep_until(void)
{
  struct timespec t;

  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += 5;
  say(-clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, 0));
}

static void
make_epoll(void)
{
  struct epoll_event ev = { .events = EPOLLIN };

  efd = eventfd(0, 0);
  ep = epoll_create1(0);
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
}

static void
epoll_forever(void)
{
  struct epoll_event ev;

  say(sysret(epoll_wait(ep, &ev, 1, -1)));
}

static void
poll_forever(void)
{
  struct pollfd pfd = { p[0], POLLIN, 0 };

  say(sysret(poll(&pfd, 1, -1)));
}

static void
select_forever(void)
{
  fd_set r;

  FD_ZERO(&r);
  FD_SET(p[0], &r);
  say(sysret(select(p[0] + 1, &r, 0, 0, 0)));
}

static void
suspend(void)
{
  sigset_t none = set_of(0, 0);

  say(sysret(sigsuspend(&none)));
}

// SIGUSR2, which the sigwait calls wait for, blocked in every thread.
static void
block_usr2(void)
{
  sigset_t s = set_of(SIGUSR2, 0);

  sigprocmask(SIG_BLOCK, &s, 0);
}

static pthread_t target_thread;

static void
send_usr2(void)
{
  pthread_kill(target_thread, SIGUSR2);
}

static void
say_sig(long r)
{
  if (r > 0)
    snprintf(outcome, sizeof(outcome), "SIG%s", sigabbrev_np(r));
  else
    say(r);
}

static void
timedwait_usr2(void)
{
  sigset_t s = set_of(SIGUSR2, 0);
  struct timespec ten = { 10, 0 };

  say_sig(sysret(sigtimedwait(&s, 0, &ten)));
}

static void
waitinfo_usr2(void)
{
  sigset_t s = set_of(SIGUSR2, 0);

  say_sig(sysret(sigwaitinfo(&s, 0)));
}

// ---- running a case ------------------------------------------------------

struct icase {
  const char *name;
  void (*setup)(void);
  void (*call)(void);                   // in the target: sets outcome
  void (*complete)(void);               // makes the call return
  int restart;                          // SA_RESTART, else no flags
  int interrupts;                       // EINTR (or partial) expected
  const char *want;
};

static const struct icase cases[] = {
  { "read, empty pipe", make_pipe, read_pipe, write_byte, 0, 1, "EINTR" },
  { "read, empty pipe, SA_RESTART", make_pipe, read_pipe, write_byte, 1, 0,
    "1" },
  { "write, full pipe", make_full_pipe, write_pipe, drain, 0, 1, "EINTR" },
  { "write, full pipe, SA_RESTART", make_full_pipe, write_pipe, drain, 1, 0,
    "1" },
  { "write of 200000 bytes, pipe filled", make_drainable_pipe, write_big,
    drain, 0, 1, "partial" },
  { "write of 200000 bytes, pipe filled, SA_RESTART", make_drainable_pipe,
    write_big, drain, 1, 1, "partial" },
  { "read, eventfd at 0", make_eventfd, read_eventfd, add_one, 0, 1,
    "EINTR" },
  { "read, eventfd at 0, SA_RESTART", make_eventfd, read_eventfd, add_one, 1,
    0, "8" },
  { "wait4, child blocked", make_child, wait_child4, write_byte, 0, 1,
    "EINTR" },
  { "wait4, child blocked, SA_RESTART", make_child, wait_child4, write_byte,
    1, 0, "the child" },
  { "FUTEX_WAIT", nothing, futex_wait, futex_wake, 0, 1, "EINTR" },
  { "FUTEX_WAIT, SA_RESTART", nothing, futex_wait, futex_wake, 1, 0, "0" },
  { "FUTEX_WAIT, timeout 10 s", nothing, futex_wait_timed, futex_wake, 0, 1,
    "EINTR" },
  { "FUTEX_WAIT, timeout 10 s, SA_RESTART", nothing, futex_wait_timed,
    futex_wake, 1, 1, "EINTR" },
  { "nanosleep 5 s", nothing, sleep_5, nothing, 0, 1,
    "EINTR, 0 < rem < 5.001 s" },
  { "nanosleep 5 s, SA_RESTART", nothing, sleep_5, nothing, 1, 1,
    "EINTR, 0 < rem < 5.001 s" },
  { "clock_nanosleep 5 s", nothing, clock_sleep_5, nothing, 0, 1,
    "EINTR, 0 < rem < 5.001 s" },
  { "clock_nanosleep 5 s, SA_RESTART", nothing, clock_sleep_5, nothing, 1, 1,
    "EINTR, 0 < rem < 5.001 s" },
  { "clock_nanosleep TIMER_ABSTIME", nothing, clock_sleep_until, nothing, 0,
    1, "EINTR" },
  { "clock_nanosleep TIMER_ABSTIME, SA_RESTART", nothing, clock_sleep_until,
    nothing, 1, 1, "EINTR" },
  { "epoll_wait(-1)", make_epoll, epoll_forever, add_one, 0, 1, "EINTR" },
  { "epoll_wait(-1), SA_RESTART", make_epoll, epoll_forever, add_one, 1, 1,
    "EINTR" },
  { "poll(-1)", make_pipe, poll_forever, write_byte, 0, 1, "EINTR" },
  { "poll(-1), SA_RESTART", make_pipe, poll_forever, write_byte, 1, 1,
    "EINTR" },
  { "select, no timeout", make_pipe, select_forever, write_byte, 0, 1,
    "EINTR" },
  { "select, no timeout, SA_RESTART", make_pipe, select_forever, write_byte,
    1, 1, "EINTR" },
  { "sigsuspend", nothing, suspend, nothing, 0, 1, "EINTR" },
  { "sigsuspend, SA_RESTART", nothing, suspend, nothing, 1, 1, "EINTR" },
  { "sigtimedwait(SIGUSR2, 10 s)", block_usr2, timedwait_usr2, send_usr2, 0,
    1, "EINTR" },
  { "sigtimedwait(SIGUSR2, 10 s), SA_RESTART", block_usr2, timedwait_usr2,
    send_usr2, 1, 1, "EINTR" },
  { "sigwaitinfo(SIGUSR2)", block_usr2, waitinfo_usr2, send_usr2, 0, 1,
    "EINTR" },
  { "sigwaitinfo(SIGUSR2), SA_RESTART", block_usr2, waitinfo_usr2, send_usr2,
    1, 1, "EINTR" },
};

static int started, done;               // eventfds the target writes

static void *
target(void *arg)
{
  const struct icase *c = arg;
  uint64_t one = 1;

  write(started, &one, sizeof(one));
  c->call();
  write(done, &one, sizeof(one));
  return 0;
}

// The case's process: see the top for the sender's two ways.
static void
run_case(const struct icase *c)
{
  char what[96], byte;
  int i, lost = 0;

  pipe2(ack, O_NONBLOCK);
  handle_usr1(c->restart ? SA_RESTART : 0);
  started = eventfd(0, 0);
  done = eventfd(0, 0);
  snprintf(outcome, sizeof(outcome), "no outcome");
  c->setup();
  pthread_create(&target_thread, 0, target, (void *)c);
  ready_within(started, 10000);
  if (c->interrupts) {
    for (i = 0; i < 100; i++) {
      pthread_kill(target_thread, SIGUSR1);
      if (ready_within(done, 50))
        break;
    }
  } else {
    for (i = 0; i < 3; i++) {
      pthread_kill(target_thread, SIGUSR1);
      if (ready_within(ack[0], 5000))
        read(ack[0], &byte, 1);
      else
        lost = 1;
    }
  }
  for (i = 0; i < 100 && !ready_within(done, 0); i++) {
    c->complete();
    ready_within(done, 50);
  }
  pthread_join(target_thread, 0);
  snprintf(what, sizeof(what), "%s: %s", c->name, c->interrupts
           ? "interrupted" : "3 signals handled, then completed");
  expect_str(what, lost ? "a handler never ran" : outcome, c->want);
}

// ---- one-thread cases ------------------------------------------------------

static void
pend_usr1(void)
{
  sigset_t s = set_of(SIGUSR1, 0);

  sigprocmask(SIG_BLOCK, &s, 0);
  raise(SIGUSR1);
}

static const char *
usr1_blocked(void)
{
  sigset_t now;

  sigprocmask(SIG_BLOCK, 0, &now);
  return sigismember(&now, SIGUSR1) ? "blocked" : "unblocked";
}

// sigtimedwait(2): takes a pending signal of the set (blocked, as it
// must be), returning its number and siginfo, and it is no longer
// pending; with none, EAGAIN when the timeout passes, at once for a zero
// one. sigwaitinfo the same, without a timeout. raise() is tgkill, whose
// si_code is SI_TKILL; glibc's sigtimedwait and sigwaitinfo turn that
// into SI_USER (sysdeps/unix/sysv/linux/sigtimedwait.c), the raw call
// does not.
static void
sigwait_takes_pending(void)
{
  sigset_t s = set_of(SIGUSR2, 0), pend;
  struct timespec zero = { 0, 0 }, ms50 = { 0, 50000000 };
  siginfo_t si;

  block_usr2();
  raise(SIGUSR2);
  say_sig(sysret(sigtimedwait(&s, &si, &zero)));
  expect_str("sigtimedwait(SIGUSR2), pending", outcome, "SIGUSR2");
  expect_str("sigtimedwait: si_code, folded by glibc", codename(si.si_signo, si.si_code),
             "SI_USER");
  sigpending(&pend);
  expect_yes("sigtimedwait: SIGUSR2 no longer pending",
             !sigismember(&pend, SIGUSR2));
  raise(SIGUSR2);
  say_sig(sysret(syscall(SYS_rt_sigtimedwait, &s, &si, &zero, 8)));
  expect_str("raw rt_sigtimedwait(SIGUSR2), pending", outcome, "SIGUSR2");
  expect_str("raw rt_sigtimedwait: si_code", codename(si.si_signo, si.si_code),
             "SI_TKILL");
  expect_ret("sigtimedwait(SIGUSR2), none, timeout 0",
             sysret(sigtimedwait(&s, 0, &zero)), -EAGAIN);
  expect_ret("sigtimedwait(SIGUSR2), none, timeout 50 ms",
             sysret(sigtimedwait(&s, 0, &ms50)), -EAGAIN);
  raise(SIGUSR2);
  say_sig(sysret(sigwaitinfo(&s, 0)));
  expect_str("sigwaitinfo(SIGUSR2), pending", outcome, "SIGUSR2");
}

// sigsuspend(2): replaces the mask for the wait; a pending signal it
// unblocks is handled and sigsuspend returns -1 EINTR, the old mask back.
static void
sigsuspend_pending(void)
{
  sigset_t none = set_of(0, 0);

  handle_usr1(SA_RESTART);
  pend_usr1();
  expect_ret("sigsuspend, SIGUSR1 pending, SA_RESTART",
             sysret(sigsuspend(&none)), -EINTR);
  expect_ret("sigsuspend: handler runs", handled, 1);
  expect_str("after sigsuspend: SIGUSR1", usr1_blocked(), "blocked");
}

static int
empty_epoll(void)
{
  return epoll_create1(0);
}

// epoll_pwait(2): "the race ... between the check of the flag and the
// call to epoll_wait()": with sigprocmask, a pending signal unblocked
// before the wait is handled before it, and the wait times out; with
// epoll_pwait's mask it is handled inside the wait, which returns EINTR;
// the mask is the wait's only.
static void
race_epoll(void)
{
  sigset_t none = set_of(0, 0), usr1 = set_of(SIGUSR1, 0);
  struct epoll_event ev;
  int e = empty_epoll();

  handle_usr1(0);
  pend_usr1();
  sigprocmask(SIG_UNBLOCK, &usr1, 0);
  expect_ret("sigprocmask unblock, then epoll_wait(100 ms): handler runs",
             handled, 1);
  expect_ret("sigprocmask unblock, then epoll_wait(100 ms)",
             sysret(epoll_wait(e, &ev, 1, 100)), 0);
  pend_usr1();
  expect_ret("epoll_pwait(100 ms, unblocking SIGUSR1)",
             sysret(epoll_pwait(e, &ev, 1, 100, &none)), -EINTR);
  expect_ret("epoll_pwait: handler runs", handled, 2);
  expect_str("after epoll_pwait: SIGUSR1", usr1_blocked(), "blocked");
}

// ppoll(2): the same race, the same fix.
static void
race_ppoll(void)
{
  sigset_t none = set_of(0, 0), usr1 = set_of(SIGUSR1, 0);
  struct timespec ms100 = { 0, 100000000 };

  handle_usr1(0);
  pend_usr1();
  sigprocmask(SIG_UNBLOCK, &usr1, 0);
  expect_ret("sigprocmask unblock, then poll(100 ms)",
             sysret(poll(0, 0, 100)), 0);
  pend_usr1();
  expect_ret("ppoll(100 ms, unblocking SIGUSR1)",
             sysret(ppoll(0, 0, &ms100, &none)), -EINTR);
  expect_ret("ppoll: handler runs", handled, 2);
  expect_str("after ppoll: SIGUSR1", usr1_blocked(), "blocked");
}

// select(2): "pselect() ... the race": the same with select and pselect.
static void
race_pselect(void)
{
  sigset_t none = set_of(0, 0), usr1 = set_of(SIGUSR1, 0);
  struct timespec ms100 = { 0, 100000000 };
  struct timeval tv = { 0, 100000 };

  handle_usr1(0);
  pend_usr1();
  sigprocmask(SIG_UNBLOCK, &usr1, 0);
  expect_ret("sigprocmask unblock, then select(100 ms)",
             sysret(select(0, 0, 0, 0, &tv)), 0);
  pend_usr1();
  expect_ret("pselect(100 ms, unblocking SIGUSR1)",
             sysret(pselect(0, 0, 0, 0, &ms100, &none)), -EINTR);
  expect_ret("pselect: handler runs", handled, 2);
  expect_str("after pselect: SIGUSR1", usr1_blocked(), "blocked");
}

// Runs fn in a process of its own (see the top).
static void
in_process(const char *name, void (*fn)(void))
{
  const char *st;
  char what[96];
  pid_t pid = fork();

  if (pid == 0) {
    check_failures = 0;
    pipe2(ack, O_NONBLOCK);
    fn();
    _exit(check_done());
  }
  st = wait_child(pid);
  if (strcmp(st, "exit 0") != 0) {
    snprintf(what, sizeof(what), "%s: its process", name);
    expect_str(what, st, "exit 0");
  }
}

static const struct icase *the_case;

static void
run_the_case(void)
{
  run_case(the_case);
}

int
main(void)
{
  unsigned i;

  setvbuf(stdout, 0, _IONBF, 0);
  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    the_case = &cases[i];
    in_process(cases[i].name, run_the_case);
  }
  in_process("sigwait", sigwait_takes_pending);
  in_process("sigsuspend", sigsuspend_pending);
  in_process("epoll race", race_epoll);
  in_process("ppoll race", race_ppoll);
  in_process("pselect race", race_pselect);
  return check_done();
}
