/*
 * sigproc: signals between processes and threads, each rule from
 * signal(7), kill(2), tgkill(2), wait(2), sigaction(2), pipe(7),
 * alarm(2), setitimer(2) and pthread_kill(3):
 *
 *   - SIGCHLD when a child ends, its siginfo (CLD_EXITED with the exit
 *     code, CLD_KILLED with the signal); SIGCHLD ignored, and children
 *     are reaped by themselves: wait() waits for them all, then says
 *     ECHILD (SA_NOCLDWAIT, the same by wait(2), is left out: see
 *     no_zombies);
 *   - SIGPIPE: kills a writer to a pipe with no reader; ignored or
 *     blocked, the write fails EPIPE (and, blocked, SIGPIPE is pending);
 *   - kill(0, sig) and kill(-pgid, sig) reach a whole process group, and
 *     no one outside it; the errors of kill, tgkill and tkill, and a
 *     zombie that still takes signal 0;
 *   - alarm and setitimer(ITIMER_REAL), one timer: what they return, the
 *     time left, one-shot and periodic SIGALRMs, SIGALRM's default
 *     action, and that a forked child has no timer;
 *   - which thread a signal reaches: a process-directed one, any thread
 *     that does not block it; a thread-directed one (pthread_kill) stays
 *     pending for that thread only.
 *
 * kill(-1, sig) is left out: on the host it would reach every process of
 * the user. A process group is made with setpgid before any signal goes
 * to one, and kill(0, sig) is only sent from a process that leads a
 * group of its own, so nothing outside the test is hit even where
 * setpgid fails. Every wait is bounded: ppoll and sigtimedwait have
 * timeouts, children are waited for with wait_child(), and a case that
 * could hang in sigsuspend runs in a child.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "check.h"

#define NOWHERE 0x7ffffff0              // a pid no process has

static void
set_handler(int sig, void (*h)(int), int flags)
{
  struct sigaction sa = { .sa_handler = h, .sa_flags = flags };

  sigaction(sig, &sa, 0);
}

static int
is_pending(int sig)
{
  sigset_t s;

  sigemptyset(&s);
  sigpending(&s);
  return sigismember(&s, sig);
}

// Waits up to 10 s with every signal unblocked: -EINTR once a handler has
// run, 0 if none came.
static long
wait_for_handler(void)
{
  struct timespec ten = { 10, 0 };
  sigset_t none = set_of(0, 0);

  return sysret(ppoll(0, 0, &ten, &none));
}

// Runs fn in a child whose checks print there and make its exit status;
// prints how the child ended.
// A child that blocks until fd (a pipe's read end) has a byte or EOF,
// then exits 0.
static pid_t
child_blocked_on(int fd)
{
  pid_t pid = fork();
  char c;

  if (pid == 0) {
    read(fd, &c, 1);
    _exit(0);
  }
  return pid;
}

// ---- SIGCHLD ------------------------------------------------------------

static volatile sig_atomic_t chld_runs, chld_code, chld_status, chld_pid;

static void
on_chld(int sig, siginfo_t *si, void *uc)
{
  chld_runs++;
  chld_code = si->si_code;
  chld_status = si->si_status;
  chld_pid = si->si_pid;
}

static const char *
cldname(int code)
{
  return code == CLD_EXITED ? "CLD_EXITED" : code == CLD_KILLED
         ? "CLD_KILLED" : code == CLD_DUMPED ? "CLD_DUMPED" : "other";
}

// sigaction(2): a child's end sends its parent SIGCHLD, si_code
// CLD_EXITED with si_status the exit code, or CLD_KILLED with si_status
// the signal; si_pid is the child's. (SIGCHLD is blocked but in the
// ppoll, so the handler runs there.)
static void
sigchld_on_end(void)
{
  struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
  int p[2], st;
  pid_t pid;

  sigaction(SIGCHLD, &sa, 0);
  block(SIGCHLD);
  pid = fork();
  if (pid == 0)
    _exit(7);
  expect_ret("child exits 7: SIGCHLD's handler", wait_for_handler(), -EINTR);
  expect_str("SIGCHLD: si_code", cldname(chld_code), "CLD_EXITED");
  expect_ret("SIGCHLD: si_status", chld_status, 7);
  expect_yes("SIGCHLD: si_pid is the child", chld_pid == pid);
  waitpid(pid, &st, 0);
  pipe(p);
  pid = child_blocked_on(p[0]);
  kill(pid, SIGTERM);
  expect_ret("child killed by SIGTERM: SIGCHLD's handler",
             wait_for_handler(), -EINTR);
  expect_str("SIGCHLD: si_code", cldname(chld_code), "CLD_KILLED");
  expect_ret("SIGCHLD: si_status", chld_status, SIGTERM);
  expect_ret("SIGCHLD handler runs, in all", chld_runs, 2);
  expect_str("then waitpid", waitpid(pid, &st, 0) == pid ? status_str(st)
             : "no child", "killed 15");
  close(p[0]);
  close(p[1]);
  unblock(SIGCHLD);
  set_handler(SIGCHLD, SIG_DFL, 0);
}

// The child, once it has read EOF (the parent closed the pipe), writes a
// byte to a second pipe and exits. wait() cannot say ECHILD before it has
// exited, so the byte is there when wait returns; the child, reaped by
// itself, is no zombie, so kill(pid, 0) says ESRCH.
static void
reaped_by_itself(void)
{
  int go[2], mark[2];
  pid_t pid;
  char c;

  pipe(go);
  pipe(mark);
  pid = fork();
  if (pid == 0) {
    close(go[1]);
    read(go[0], &c, 1);
    write(mark[1], "m", 1);
    _exit(0);
  }
  close(go[1]);
  close(mark[1]);
  expect_ret("wait()", sysret(wait(0)), -ECHILD);
  expect_ret("wait() returned after the child's end: its byte",
             read(mark[0], &c, 1), 1);
  expect_ret("kill(the child, 0)", sysret(kill(pid, 0)), -ESRCH);
}

static void
chld_ignored(void)
{
  set_handler(SIGCHLD, SIG_IGN, 0);
  reaped_by_itself();
}

// wait(2): "POSIX.1-2001 specifies that if the disposition of SIGCHLD is
// set to SIG_IGN or the SA_NOCLDWAIT flag is set for SIGCHLD ..., then
// children that terminate do not become zombies and a call to wait() ...
// will block until all children have terminated, and then fail with
// errno set to ECHILD." (SA_NOCLDWAIT is left out: qemu-riscv64 7.2
// does not pass it on to the host, where wait() then reaps a zombie.)
static void
no_zombies(void)
{
  sig_child("SIGCHLD ignored: the checks", chld_ignored, "exit 0");
}

// ---- SIGPIPE --------------------------------------------------------------

static int pipe_fds[2];                 // the read end closed

static void
write_no_reader(void)
{
  write(pipe_fds[1], "x", 1);
  _exit(3);
}

// pipe(7): "If all file descriptors referring to the read end of a pipe
// have been closed, then a write(2) will cause a SIGPIPE signal to be
// generated ... If the calling process is ignoring this signal, then
// write(2) fails with the error EPIPE." Blocked, the same, and SIGPIPE is
// left pending, si_code SI_USER (the kernel's send_sig, no siginfo; the
// raw rt_sigtimedwait shows it, as glibc folds SI_TKILL into SI_USER).
static void
sigpipe(void)
{
  sigset_t s = set_of(SIGPIPE, 0);
  struct timespec zero = { 0, 0 };
  siginfo_t si;

  pipe(pipe_fds);
  close(pipe_fds[0]);
  sig_child("write to a pipe with no reader", write_no_reader, "killed 13");
  set_handler(SIGPIPE, SIG_IGN, 0);
  expect_ret("SIGPIPE ignored: write", sysret(write(pipe_fds[1], "x", 1)),
             -EPIPE);
  expect_yes("SIGPIPE ignored: pending: no, so", !is_pending(SIGPIPE));
  set_handler(SIGPIPE, SIG_DFL, 0);
  block(SIGPIPE);
  expect_ret("SIGPIPE blocked: write", sysret(write(pipe_fds[1], "x", 1)),
             -EPIPE);
  expect_yes("SIGPIPE blocked: pending", is_pending(SIGPIPE));
  expect_ret("SIGPIPE blocked: taken by rt_sigtimedwait",
             sysret(syscall(SYS_rt_sigtimedwait, &s, &si, &zero, 8)),
             SIGPIPE);
  expect_str("SIGPIPE: si_code", codename(si.si_signo, si.si_code), "SI_USER");
  unblock(SIGPIPE);
  close(pipe_fds[1]);
}

// ---- process groups ------------------------------------------------------

// Waits up to 10 s for sig, blocked: exits 0 if it came, 1 if not.
static void
expect_signal_then_exit(int sig)
{
  sigset_t s = set_of(sig, 0);
  struct timespec ten = { 10, 0 };

  _exit(sigtimedwait(&s, 0, &ten) == sig ? 0 : 1);
}

// In a group of its own, with SIGUSR1 blocked (so inherited blocked):
// two children, then kill(0, SIGUSR1).
static void
kill_own_group(void)
{
  pid_t a, b;

  block(SIGUSR1);
  if (setpgid(0, 0) != 0 || getpgrp() != getpid()) {
    expect_yes("setpgid(0, 0): a group of its own", 0);
    return;
  }
  if ((a = fork()) == 0)
    expect_signal_then_exit(SIGUSR1);
  if ((b = fork()) == 0)
    expect_signal_then_exit(SIGUSR1);
  expect_ret("kill(0, SIGUSR1)", sysret(kill(0, SIGUSR1)), 0);
  expect_yes("kill(0, SIGUSR1): the sender's SIGUSR1 pending",
             is_pending(SIGUSR1));
  expect_str("kill(0, SIGUSR1): first child", wait_child(a), "exit 0");
  expect_str("kill(0, SIGUSR1): second child", wait_child(b), "exit 0");
}

// Two children in a group the first leads (setpgid on both sides of each
// fork, so it is done before either goes on), then kill(-pgid, SIGUSR2).
static void
kill_other_group(void)
{
  pid_t a, b;

  block(SIGUSR2);
  if ((a = fork()) == 0) {
    setpgid(0, 0);
    expect_signal_then_exit(SIGUSR2);
  }
  setpgid(a, a);
  if ((b = fork()) == 0) {
    setpgid(0, a);
    expect_signal_then_exit(SIGUSR2);
  }
  setpgid(b, a);
  if (getpgid(a) != a || getpgid(b) != a) {
    expect_yes("setpgid: both children in the first's group", 0);
    kill(a, SIGKILL);
    kill(b, SIGKILL);
  } else {
    expect_ret("kill(-pgid, SIGUSR2)", sysret(kill(-a, SIGUSR2)), 0);
  }
  expect_yes("kill(-pgid, SIGUSR2): the sender's pending: no, so",
             !is_pending(SIGUSR2));
  expect_str("kill(-pgid, SIGUSR2): the leader", wait_child(a), "exit 0");
  expect_str("kill(-pgid, SIGUSR2): the other member", wait_child(b),
             "exit 0");
  expect_ret("kill(-pgid, 0), the group gone",
             sysret(kill(-a, 0)), -ESRCH);
  unblock(SIGUSR2);
}

// kill(2): "If pid equals 0, then sig is sent to every process in the
// process group of the calling process. ... If pid is less than -1, then
// sig is sent to every process in the process group whose ID is -pid."
static void
process_groups(void)
{
  sig_child("kill(0): the group leader's checks", kill_own_group, "exit 0");
  kill_other_group();
}

// ---- kill, tgkill, tkill errors ---------------------------------------------

// kill(2), tgkill(2): EINVAL for a bad signal (or, tgkill, a tgid or tid
// not above 0), ESRCH for no such process, or a thread not in that
// group; signal 0 checks only, and a zombie still exists for it until
// reaped (waitid WNOWAIT waits for the end without reaping).
static void
kill_errors(void)
{
  int p[2];
  pid_t pid;
  siginfo_t si;

  pipe(p);
  pid = child_blocked_on(p[0]);
  expect_ret("kill(getpid(), 65)", sysret(kill(getpid(), 65)), -EINVAL);
  expect_ret("kill(no such pid, 0)", sysret(kill(NOWHERE, 0)), -ESRCH);
  expect_ret("kill(-(no such group), 0)", sysret(kill(-NOWHERE, 0)), -ESRCH);
  expect_ret("kill(a live child, 0)", sysret(kill(pid, 0)), 0);
  expect_ret("tgkill(getpid(), gettid(), 0)",
             sysret(syscall(SYS_tgkill, getpid(), gettid(), 0)), 0);
  expect_ret("tgkill(the child's pid, gettid(), 0)",
             sysret(syscall(SYS_tgkill, pid, gettid(), 0)), -ESRCH);
  expect_ret("tgkill(-1, gettid(), SIGUSR1)",
             sysret(syscall(SYS_tgkill, -1, gettid(), SIGUSR1)), -EINVAL);
  expect_ret("tgkill(getpid(), 0, 0)",
             sysret(syscall(SYS_tgkill, getpid(), 0, 0)), -EINVAL);
  expect_ret("tgkill(getpid(), gettid(), 65)",
             sysret(syscall(SYS_tgkill, getpid(), gettid(), 65)), -EINVAL);
  expect_ret("tkill(0, SIGUSR1)",
             sysret(syscall(SYS_tkill, 0, SIGUSR1)), -EINVAL);
  expect_ret("tkill(no such tid, 0)",
             sysret(syscall(SYS_tkill, NOWHERE, 0)), -ESRCH);
  write(p[1], "x", 1);
  waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
  expect_ret("kill(a zombie, 0)", sysret(kill(pid, 0)), 0);
  waitpid(pid, 0, 0);
  expect_ret("kill(a reaped child, 0)", sysret(kill(pid, 0)), -ESRCH);
  close(p[0]);
  close(p[1]);
}

// ---- alarm and ITIMER_REAL -------------------------------------------------

static volatile sig_atomic_t alarms;

static void
on_alarm(int sig)
{
  alarms++;
}

static long
usec(struct timeval t)
{
  return t.tv_sec * 1000000L + t.tv_usec;
}

// alarm(2): returns the seconds left of the alarm it replaces, 0 if none;
// Linux rounds the time left to the nearest second, but never to 0 while
// the alarm is still pending (alarm_setitimer). alarm and setitimer share
// ITIMER_REAL. setitimer(2): EINVAL for tv_usec outside [0, 1000000).
static void
alarm_returns(void)
{
  struct itimerval t, bad = { { 0, 0 }, { 0, 1000000 } };

  expect_ret("alarm(1), none set", alarm(1), 0);
  expect_ret("then alarm(5)", alarm(5), 1);
  getitimer(ITIMER_REAL, &t);
  expect_yes("getitimer after alarm(5): 4 s < it_value <= 5 s",
             usec(t.it_value) > 4000000 && usec(t.it_value) <= 5000000);
  expect_ret("then alarm(0)", alarm(0), 5);
  expect_ret("then alarm(0) again", alarm(0), 0);
  expect_ret("setitimer, it_value.tv_usec 1000000",
             sysret(setitimer(ITIMER_REAL, &bad, 0)), -EINVAL);
  bad.it_value.tv_usec = 0;
  bad.it_interval.tv_usec = 1000000;
  expect_ret("setitimer, it_interval.tv_usec 1000000",
             sysret(setitimer(ITIMER_REAL, &bad, 0)), -EINVAL);
}

// In a child: sigsuspend waits for nothing but the timer.
static void
timer_fires(void)
{
  struct itimerval once = { { 0, 0 }, { 0, 200000 } };
  struct itimerval every = { { 0, 50000 }, { 0, 50000 } }, off = { 0 }, t;
  sigset_t none = set_of(0, 0);
  int i;

  set_handler(SIGALRM, on_alarm, 0);
  block(SIGALRM);
  setitimer(ITIMER_REAL, &once, 0);
  getitimer(ITIMER_REAL, &t);
  expect_yes("setitimer 200 ms: getitimer: 0 < it_value <= 200 ms",
             usec(t.it_value) > 0 && usec(t.it_value) <= 200000);
  expect_ret("sigsuspend until it fires", sysret(sigsuspend(&none)),
             -EINTR);
  expect_ret("SIGALRM handler runs", alarms, 1);
  getitimer(ITIMER_REAL, &t);
  expect_yes("after it fired: it_value 0", usec(t.it_value) == 0);
  alarms = 0;
  setitimer(ITIMER_REAL, &every, 0);
  for (i = 0; i < 3; i++)
    sigsuspend(&none);
  expect_ret("every 50 ms, 3 sigsuspends: SIGALRMs", alarms, 3);
  setitimer(ITIMER_REAL, &off, &t);
  expect_yes("disarmed: the old it_interval 50 ms",
             usec(t.it_interval) == 50000);
  getitimer(ITIMER_REAL, &t);
  expect_yes("then getitimer: all 0",
             usec(t.it_value) == 0 && usec(t.it_interval) == 0);
}

static void
alarm_default(void)
{
  struct itimerval once = { { 0, 0 }, { 0, 10000 } };
  int p[2];
  char c;

  pipe(p);
  setitimer(ITIMER_REAL, &once, 0);
  read(p[0], &c, 1);
  _exit(3);
}

static void
child_has_no_timer(void)
{
  struct itimerval t;

  getitimer(ITIMER_REAL, &t);
  expect_yes("fork: the child's ITIMER_REAL: 0", usec(t.it_value) == 0);
}

// setitimer(2): ITIMER_REAL delivers SIGALRM when it runs out, and again
// every it_interval; signal(7): SIGALRM's default action terminates;
// fork(2): "The child does not inherit timers from its parent".
static void
itimer_real(void)
{
  struct itimerval ten = { { 0, 0 }, { 10, 0 } }, off = { 0 };

  sig_child("ITIMER_REAL: the checks", timer_fires, "exit 0");
  sig_child("SIGALRM, default action", alarm_default, "killed 14");
  setitimer(ITIMER_REAL, &ten, 0);
  sig_child("fork with a timer set: the child's checks", child_has_no_timer,
           "exit 0");
  setitimer(ITIMER_REAL, &off, 0);
}

// ---- threads ------------------------------------------------------------

static volatile sig_atomic_t handled_in;        // gettid() of the handler
static int handled_w;                           // the handler writes a byte

static void
note_tid(int sig)
{
  handled_in = gettid();
  write(handled_w, "h", 1);
}

static int cmd[2], answer[2];                   // main -> thread -> main
static pid_t thread_tid;

static int
readable(int fd)
{
  struct pollfd p = { fd, POLLIN, 0 };

  return poll(&p, 1, 10000) == 1;
}

// Obeys main's one-letter commands: 'p', is SIGUSR2 pending here; 'u',
// unblock SIGUSR2; 'q', end. Answers each but 'q' with a byte. It does not block
// SIGUSR1 (its read restarts after SIGUSR1's handler: SA_RESTART); it
// blocks SIGUSR2.
static void *
obey(void *arg)
{
  char c;

  thread_tid = gettid();
  unblock(SIGUSR1);
  write(answer[1], "r", 1);
  while (read(cmd[0], &c, 1) == 1 && c != 'q') {
    if (c == 'p')
      c = is_pending(SIGUSR2) ? 'y' : 'n';
    else if (c == 'u')
      unblock(SIGUSR2);
    write(answer[1], &c, 1);
  }
  return 0;
}

// Sends the thread a command; its answer, or '?' if none within 10 s.
static char
ask(char c)
{
  write(cmd[1], &c, 1);
  if (!readable(answer[0]) || read(answer[0], &c, 1) != 1)
    return '?';
  return c;
}

// signal(7): "A process-directed signal may be delivered to any one of
// the threads that does not currently have the signal blocked"; blocked
// by all, it is pending for the process, which every thread's sigpending
// shows. A thread-directed one (pthread_kill) is pending for that thread
// only: sigpending(2) is "the union of the set of signals pending for
// the thread and for the process as a whole".
static void
thread_delivery(void)
{
  int h[2];
  pthread_t t;
  char c;

  pipe(cmd);
  pipe(answer);
  pipe(h);
  handled_w = h[1];
  set_handler(SIGUSR1, note_tid, SA_RESTART);
  set_handler(SIGUSR2, note_tid, SA_RESTART);
  block(SIGUSR1);
  block(SIGUSR2);
  pthread_create(&t, 0, obey, 0);
  read(answer[0], &c, 1);
  kill(getpid(), SIGUSR1);
  expect_yes("kill(getpid(), SIGUSR1), main blocking it: handled",
             readable(h[0]) && read(h[0], &c, 1) == 1);
  expect_yes("the handler ran in the thread that does not block it",
             handled_in == thread_tid);
  kill(getpid(), SIGUSR2);
  expect_yes("SIGUSR2 to the process, blocked by both: main sees it pending",
             is_pending(SIGUSR2));
  expect_str("the thread sees it pending", ask('p') == 'y' ? "yes" : "no",
             "yes");
  set_handler(SIGUSR2, SIG_IGN, 0);
  set_handler(SIGUSR2, note_tid, SA_RESTART);
  pthread_kill(t, SIGUSR2);
  expect_yes("pthread_kill(thread, SIGUSR2): main sees it pending: no, so",
             !is_pending(SIGUSR2));
  expect_str("the thread sees it pending", ask('p') == 'y' ? "yes" : "no",
             "yes");
  handled_in = 0;
  ask('u');
  expect_yes("the thread unblocks it: handled in the thread",
             readable(h[0]) && read(h[0], &c, 1) == 1 &&
             handled_in == thread_tid);
  write(cmd[1], "q", 1);
  pthread_join(t, 0);
  unblock(SIGUSR1);
  unblock(SIGUSR2);
  set_handler(SIGUSR1, SIG_DFL, 0);
  set_handler(SIGUSR2, SIG_DFL, 0);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  sigchld_on_end();
  no_zombies();
  sigpipe();
  process_groups();
  kill_errors();
  alarm_returns();
  itimer_real();
  thread_delivery();
  return check_done();
}
