/*
 * pidfd: a process referred to by a file descriptor, each rule from
 * pidfd_open(2), pidfd_send_signal(2), waitid(2) and Linux's pidfd_poll
 * (kernel/pid.c):
 *
 *   - pidfd_open: always close-on-exec, PIDFD_NONBLOCK; EINVAL for bad
 *     flags and pids, ESRCH for a pid that is gone, ENOENT for a thread
 *     that leads no process; no read, no write;
 *   - the mask, through poll and epoll (LT and ET): nothing while the
 *     process runs, IN|RDNORM once it has exited, IN|HUP|RDNORM once it
 *     is reaped, whoever reaps it;
 *   - waitid(P_PIDFD): WNOHANG, WNOWAIT, PIDFD_NONBLOCK (EAGAIN), a
 *     blocking wait, the siginfo fields; the errors;
 *   - pidfd_send_signal: to a running child (default action, a handler,
 *     with a siginfo of SI_QUEUE), an exited one not yet reaped (0), a
 *     reaped one (ESRCH); the errors; PIDFD_SELF_THREAD and
 *     PIDFD_SELF_THREAD_GROUP; the process group a child leads;
 *   - an epoll loop over three children that end in a known order.
 *
 * Pids are never printed: si_pid is compared with the child's ("pid
 * ok"). clone(CLONE_PIDFD) is left out: qemu-riscv64 7.2 refuses the flag
 * with EINVAL where Linux gives a pidfd (checked with a native x86-64
 * build), so usertests checks it on nudge alone. Every wait is bounded:
 * a poll for a child's end up to 10 s, blocking calls in a child that
 * wait_child() kills after 10 s.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include "check.h"

#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
             POLLWRNORM | POLLWRBAND | POLLRDHUP)
#define EALL (EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | EPOLLRDHUP)

// A child that runs until it is told to exit: one byte on go.
struct kid {
  pid_t pid;
  int go;                       // the write end of its pipe
};

// Forks a child that exits with code once a byte comes on its pipe (or
// the pipe's writers are all gone).
static struct kid
spawn(int code)
{
  struct kid k;
  int p[2];
  char c;

  pipe(p);
  k.pid = fork();
  if (k.pid == 0) {
    close(p[1]);
    read(p[0], &c, 1);
    _exit(code);
  }
  close(p[0]);
  k.go = p[1];
  return k;
}

// Lets the child exit, and polls its pidfd fd until it has (10 s at most).
static int
release(struct kid *k, int fd)
{
  write(k->go, "x", 1);
  close(k->go);
  return poll_in(fd, 10000);
}

// What poll(2) says of fd now, asked for every bit.
static const char *
pmask(int fd)
{
  struct pollfd p = { fd, ALL, 0 };

  if (poll(&p, 1, 0) < 0)
    return strerrorname_np(errno);
  return events_str(p.revents);
}

// One epoll_wait, at once: "none", or the events of the one item.
static const char *
ewait(int ep)
{
  struct epoll_event ev;
  int n = epoll_wait(ep, &ev, 1, 0);

  if (n < 0)
    return strerrorname_np(errno);
  return n == 0 ? "none" : events_str(ev.events);
}

// waitid(P_PIDFD, fd, si, options) into a zeroed si: 0 or -errno.
static long
waitid_fd(int fd, siginfo_t *si, int options)
{
  memset(si, 0, sizeof(*si));
  return sysret(waitid(P_PIDFD, fd, si, options));
}

// What waitid reported of child pid: "SIGCHLD CLD_EXITED 3, pid ok" or
// "SIGCHLD CLD_KILLED SIGKILL, pid ok"; "nothing" for a zeroed si.
static const char *
info_str(const siginfo_t *si, pid_t pid)
{
  static char buf[96];

  if (si->si_signo == 0 && si->si_pid == 0) {
    snprintf(buf, sizeof(buf), "nothing");
  } else if (si->si_code == CLD_EXITED) {
    snprintf(buf, sizeof(buf), "%s CLD_EXITED %d, pid %s, uid %s",
             signame(si->si_signo), si->si_status,
             si->si_pid == pid ? "ok" : "wrong",
             si->si_uid == getuid() ? "ok" : "wrong");
  } else {
    snprintf(buf, sizeof(buf), "%s %s %s, pid %s, uid %s",
             signame(si->si_signo),
             si->si_code == CLD_KILLED ? "CLD_KILLED" : "other code",
             signame(si->si_status), si->si_pid == pid ? "ok" : "wrong",
             si->si_uid == getuid() ? "ok" : "wrong");
  }
  return buf;
}

// pidfd_open(2): the fd is close-on-exec whatever the flags;
// PIDFD_NONBLOCK is O_NONBLOCK on the open file. A process may open its
// own. A pidfd has neither read nor write: EINVAL.
static void
open_flags(void)
{
  struct kid k = spawn(0);
  int fd = pidfd_open(k.pid, 0), nb = pidfd_open(k.pid, PIDFD_NONBLOCK);
  int self = pidfd_open(getpid(), 0);
  char buf[8];

  expect_yes("pidfd_open(child, 0): an fd", fd >= 0);
  expect_yes("FD_CLOEXEC set", fcntl(fd, F_GETFD) & FD_CLOEXEC);
  expect_yes("O_NONBLOCK not set", !(fcntl(fd, F_GETFL) & O_NONBLOCK));
  expect_yes("pidfd_open(child, PIDFD_NONBLOCK): an fd, O_NONBLOCK set",
             nb >= 0 && (fcntl(nb, F_GETFL) & O_NONBLOCK));
  expect_yes("FD_CLOEXEC set", fcntl(nb, F_GETFD) & FD_CLOEXEC);
  expect_yes("pidfd_open(getpid(), 0): an fd", self >= 0);
  expect_ret("read", sysret(read(fd, buf, sizeof(buf))), -EINVAL);
  expect_ret("write", sysret(write(fd, buf, sizeof(buf))), -EINVAL);
  release(&k, fd);
  waitpid(k.pid, 0, 0);
  close(fd);
  close(nb);
  close(self);
}

static volatile pid_t thread_tid;

static void *
just_wait(void *arg)
{
  int *go = arg;
  char c;

  thread_tid = gettid();
  read(go[0], &c, 1);
  return 0;
}

/*
 * pidfd_open(2) errors: EINVAL for flags other than PIDFD_NONBLOCK and
 * for a pid of 0 or below; ESRCH for a pid no process has (a child
 * reaped, INT_MAX). The tid of a thread that is not a process's leader
 * is ENOENT (Linux 6.9's pidfd_prepare; earlier kernels said EINVAL).
 * PIDFD_THREAD, which makes a pidfd of that thread on Linux, is left
 * out: nudge's pidfds name processes (docs/linux-differences.md,
 * usertests linuxdiff_pidfd_thread).
 */
static void
open_errors(void)
{
  struct kid k = spawn(0);
  int fd = pidfd_open(k.pid, 0), go[2], i;
  pthread_t t;

  expect_ret("pidfd_open(child, 1)", sysret(pidfd_open(k.pid, 1)), -EINVAL);
  expect_ret("pidfd_open(child, O_CLOEXEC)",
             sysret(pidfd_open(k.pid, O_CLOEXEC)), -EINVAL);
  expect_ret("pidfd_open(child, 0x1234)", sysret(pidfd_open(k.pid, 0x1234)),
             -EINVAL);
  expect_ret("pidfd_open(0, 0)", sysret(pidfd_open(0, 0)), -EINVAL);
  expect_ret("pidfd_open(-1, 0)", sysret(pidfd_open(-1, 0)), -EINVAL);
  expect_ret("pidfd_open(INT_MIN, 0)", sysret(pidfd_open(INT_MIN, 0)),
             -EINVAL);
  expect_ret("pidfd_open(INT_MAX, 0)", sysret(pidfd_open(INT_MAX, 0)),
             -ESRCH);
  release(&k, fd);
  waitpid(k.pid, 0, 0);
  expect_ret("pidfd_open(a child reaped, 0)", sysret(pidfd_open(k.pid, 0)),
             -ESRCH);
  close(fd);
  pipe(go);
  pthread_create(&t, 0, just_wait, go);
  for (i = 0; !thread_tid && i < 10000; i++)
    usleep(1000);
  expect_ret("pidfd_open(a thread's tid, 0)",
             sysret(pidfd_open(thread_tid, 0)), -ENOENT);
  write(go[1], "x", 1);
  pthread_join(t, 0);
  close(go[0]);
  close(go[1]);
}

/*
 * pidfd_poll: nothing while the child runs; IN|RDNORM once it has exited
 * (a zombie, reaped or not by WNOWAIT); IN|HUP|RDNORM once it is reaped
 * and its pid gone. epoll LT reports the same, asked for IN, PRI, OUT,
 * RDNORM and RDHUP; ET one event at the exit and one at the reaping
 * (Linux wakes the pidfd's waiters when the pid is freed too).
 */
static void
masks(void)
{
  struct kid k = spawn(3);
  int fd = pidfd_open(k.pid, PIDFD_NONBLOCK);
  int lt = epoll_create1(0), et = epoll_create1(0);
  struct epoll_event ev = { .events = EALL };
  siginfo_t si;

  epoll_ctl(lt, EPOLL_CTL_ADD, fd, &ev);
  ev.events |= EPOLLET;
  epoll_ctl(et, EPOLL_CTL_ADD, fd, &ev);
  expect_str("running: poll", pmask(fd), "0");
  expect_str("LT", ewait(lt), "none");
  expect_str("ET", ewait(et), "none");
  expect_yes("released: the pidfd readable within 10 s", release(&k, fd));
  expect_str("exited: poll", pmask(fd), "IN|RDNORM");
  expect_str("LT", ewait(lt), "IN|RDNORM");
  expect_str("ET", ewait(et), "IN|RDNORM");
  expect_str("ET again", ewait(et), "none");
  expect_ret("waitid(WEXITED | WNOWAIT)",
             waitid_fd(fd, &si, WEXITED | WNOWAIT), 0);
  expect_str("it reported", info_str(&si, k.pid),
             "SIGCHLD CLD_EXITED 3, pid ok, uid ok");
  expect_str("not reaped: poll", pmask(fd), "IN|RDNORM");
  expect_str("ET", ewait(et), "none");
  expect_ret("waitid(WEXITED)", waitid_fd(fd, &si, WEXITED), 0);
  expect_str("it reported", info_str(&si, k.pid),
             "SIGCHLD CLD_EXITED 3, pid ok, uid ok");
  expect_str("reaped: poll", pmask(fd), "IN|HUP|RDNORM");
  expect_str("LT", ewait(lt), "IN|HUP|RDNORM");
  expect_str("ET", ewait(et), "IN|HUP|RDNORM");
  expect_str("ET again", ewait(et), "none");
  close(lt);
  close(et);
  close(fd);

  k = spawn(4);
  fd = pidfd_open(k.pid, 0);
  release(&k, fd);
  expect_yes("a child reaped by waitpid", waitpid(k.pid, 0, 0) == k.pid);
  expect_str("its pidfd: poll", pmask(fd), "IN|HUP|RDNORM");
  expect_ret("waitid(P_PIDFD) on it", waitid_fd(fd, &si, WEXITED), -ECHILD);
  close(fd);
}

/*
 * waitid(P_PIDFD): WNOHANG on a running child returns 0 and reports
 * nothing (si_pid 0: waitid(2) says to zero si first and look there;
 * Linux zeroes it itself, but qemu-riscv64 copies si back only when
 * si_pid is not 0, so only a zeroed si is looked at); without WNOHANG, a
 * PIDFD_NONBLOCK pidfd gives EAGAIN. The child exits 5: si_signo
 * SIGCHLD, si_code CLD_EXITED, si_status 5, si_pid and si_uid the
 * child's. Then ECHILD: it is gone.
 */
static void
waiting(void)
{
  struct kid k = spawn(5);
  int fd = pidfd_open(k.pid, 0), nb = pidfd_open(k.pid, PIDFD_NONBLOCK);
  siginfo_t si;

  expect_ret("running: waitid(WEXITED | WNOHANG)",
             waitid_fd(fd, &si, WEXITED | WNOHANG), 0);
  expect_str("it reported", info_str(&si, k.pid), "nothing");
  expect_ret("PIDFD_NONBLOCK: waitid(WEXITED)",
             waitid_fd(nb, &si, WEXITED), -EAGAIN);
  release(&k, fd);
  expect_ret("exited: waitid(WEXITED | WNOHANG) on the PIDFD_NONBLOCK fd",
             waitid_fd(nb, &si, WEXITED | WNOHANG), 0);
  expect_str("it reported", info_str(&si, k.pid),
             "SIGCHLD CLD_EXITED 5, pid ok, uid ok");
  expect_ret("waitid again", waitid_fd(fd, &si, WEXITED), -ECHILD);
  expect_ret("waitpid", sysret(waitpid(k.pid, 0, WNOHANG)), -ECHILD);
  close(fd);
  close(nb);
}

// In a child: a grandchild that exits 6 after 50 ms, and a blocking
// waitid(P_PIDFD) on it, which returns then (or, if it started later,
// at once: the same answer).
static void
blocking_child(void)
{
  pid_t pid = fork();
  struct timespec nap = { 0, 50000000 };
  siginfo_t si;
  int fd;

  if (pid == 0) {
    nanosleep(&nap, 0);
    _exit(6);
  }
  fd = pidfd_open(pid, 0);
  expect_ret("blocking waitid(WEXITED)", waitid_fd(fd, &si, WEXITED), 0);
  expect_str("it reported", info_str(&si, pid),
             "SIGCHLD CLD_EXITED 6, pid ok, uid ok");
  close(fd);
}

static void
blocking(void)
{
  sig_child("blocking waitid: the child", blocking_child, "exit 0");
}

/*
 * waitid(P_PIDFD) errors: EINVAL without WEXITED (or WSTOPPED,
 * WCONTINUED) and for unknown options, and for an fd below 0; EBADF for
 * an fd that is no pidfd and one not open; ECHILD for a process that is
 * not a child (the caller itself). An infop out of the address space is
 * EFAULT, and the child is reaped all the same: its pidfd hangs up.
 */
static void
waitid_errors(void)
{
  struct kid k = spawn(7);
  int fd = pidfd_open(k.pid, 0), self = pidfd_open(getpid(), 0), p[2];
  siginfo_t si;

  pipe(p);
  expect_ret("waitid(P_PIDFD, child, 0)", waitid_fd(fd, &si, 0), -EINVAL);
  expect_ret("options WEXITED | 0x1000",
             waitid_fd(fd, &si, WEXITED | 0x1000), -EINVAL);
  expect_ret("fd -1", waitid_fd(-1, &si, WEXITED), -EINVAL);
  expect_ret("a pipe", waitid_fd(p[0], &si, WEXITED), -EBADF);
  close(p[0]);
  close(p[1]);
  expect_ret("a closed fd", waitid_fd(p[0], &si, WEXITED), -EBADF);
  expect_ret("its own pidfd", waitid_fd(self, &si, WEXITED | WNOHANG),
             -ECHILD);
  release(&k, fd);
  expect_ret("infop unmapped",
             sysret(waitid(P_PIDFD, fd, bad_ptr(), WEXITED)), -EFAULT);
  expect_str("the child reaped all the same: poll", pmask(fd),
             "IN|HUP|RDNORM");
  expect_ret("waitid", waitid_fd(fd, &si, WEXITED), -ECHILD);
  close(self);
  close(fd);
}

static int ready[2];            // a child tells its parent it is set up

// In a child: SIGUSR2 ends it, by a handler, with status 40 + signal.
static void
on_usr2(int sig)
{
  _exit(40 + sig);
}

// In a child: SIGUSR1 with a siginfo of SI_QUEUE ends it with the value
// sent; any other code with 1.
static void
on_usr1(int sig, siginfo_t *si, void *uc)
{
  _exit(si->si_code == SI_QUEUE ? si->si_int : 1);
}

// Forks a child with the handlers set and waits until it has set them;
// the child then waits for a signal (30 s at most).
static pid_t
spawn_handler(void)
{
  struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
  pid_t pid = fork();
  char c;

  if (pid == 0) {
    sigaction(SIGUSR1, &sa, 0);
    signal(SIGUSR2, on_usr2);
    write(ready[1], "r", 1);
    sleep(30);
    _exit(0);
  }
  read(ready[0], &c, 1);
  return pid;
}

/*
 * pidfd_send_signal(2) to a child: signal 0 checks that it is there;
 * SIGKILL kills it (CLD_KILLED SIGKILL); SIGTERM, default action, too;
 * SIGUSR2 runs its handler, which exits 52; SIGUSR1 with a siginfo of
 * SI_QUEUE, value 42, reaches its SA_SIGINFO handler as sent: it exits
 * 42. A child that has exited and is not yet reaped can still be
 * signalled (0: nothing happens); once reaped, ESRCH.
 */
static void
send_signal(void)
{
  struct kid k = spawn(0);
  int fd = pidfd_open(k.pid, 0);
  siginfo_t si, q = { .si_signo = SIGUSR1, .si_code = SI_QUEUE };
  pid_t pid;

  expect_ret("running: signal 0", sysret(pidfd_send_signal(fd, 0, 0, 0)), 0);
  expect_ret("SIGKILL", sysret(pidfd_send_signal(fd, SIGKILL, 0, 0)), 0);
  expect_yes("the pidfd readable within 10 s", poll_in(fd, 10000));
  expect_ret("exited, not reaped: SIGKILL",
             sysret(pidfd_send_signal(fd, SIGKILL, 0, 0)), 0);
  expect_ret("signal 0", sysret(pidfd_send_signal(fd, 0, 0, 0)), 0);
  waitid_fd(fd, &si, WEXITED);
  expect_str("waitid", info_str(&si, k.pid),
             "SIGCHLD CLD_KILLED SIGKILL, pid ok, uid ok");
  expect_ret("reaped: signal 0", sysret(pidfd_send_signal(fd, 0, 0, 0)),
             -ESRCH);
  expect_ret("SIGKILL", sysret(pidfd_send_signal(fd, SIGKILL, 0, 0)),
             -ESRCH);
  close(k.go);
  close(fd);

  pipe(ready);
  pid = spawn_handler();
  fd = pidfd_open(pid, 0);
  pidfd_send_signal(fd, SIGTERM, 0, 0);
  poll_in(fd, 10000);
  waitid_fd(fd, &si, WEXITED);
  expect_str("SIGTERM, default action: waitid", info_str(&si, pid),
             "SIGCHLD CLD_KILLED SIGTERM, pid ok, uid ok");
  close(fd);
  pid = spawn_handler();
  fd = pidfd_open(pid, 0);
  pidfd_send_signal(fd, SIGUSR2, 0, 0);
  poll_in(fd, 10000);
  waitid_fd(fd, &si, WEXITED);
  expect_str("SIGUSR2, caught: waitid", info_str(&si, pid),
             "SIGCHLD CLD_EXITED 52, pid ok, uid ok");
  close(fd);
  pid = spawn_handler();
  fd = pidfd_open(pid, 0);
  q.si_pid = getpid();
  q.si_uid = getuid();
  q.si_int = 42;
  expect_ret("SIGUSR1 with a siginfo, SI_QUEUE, value 42",
             sysret(pidfd_send_signal(fd, SIGUSR1, &q, 0)), 0);
  poll_in(fd, 10000);
  waitid_fd(fd, &si, WEXITED);
  expect_str("waitid", info_str(&si, pid),
             "SIGCHLD CLD_EXITED 42, pid ok, uid ok");
  close(fd);
  close(ready[0]);
  close(ready[1]);
}

/*
 * pidfd_send_signal(2) errors: EINVAL for a signal number out of range
 * and for unknown flags (Linux 6.9 added PIDFD_SIGNAL_THREAD 1 and
 * PIDFD_SIGNAL_THREAD_GROUP 2, each alone; both at once is EINVAL) and
 * for a siginfo whose si_signo is not the signal; EPERM for a siginfo
 * with a code the kernel keeps for itself (SI_USER, SI_TKILL) sent to
 * another process; EFAULT for a siginfo out of the address space; EBADF
 * for an fd that is no pidfd or not open. A pidfd of a thread takes
 * signal 0 too. (A code no sender may use, like 0x1234, is also EPERM
 * on Linux, but qemu-riscv64 fails to convert that siginfo: E2BIG; left
 * out.)
 */
static void
send_errors(void)
{
  struct kid k = spawn(0);
  int fd = pidfd_open(k.pid, 0), p[2];
  siginfo_t q = { .si_signo = SIGUSR2, .si_code = SI_QUEUE };

  pipe(p);
  expect_ret("signal 100", sysret(pidfd_send_signal(fd, 100, 0, 0)), -EINVAL);
  expect_ret("signal -1", sysret(pidfd_send_signal(fd, -1, 0, 0)), -EINVAL);
  expect_ret("flags 8", sysret(pidfd_send_signal(fd, 0, 0, 8)), -EINVAL);
  expect_ret("flags 3", sysret(pidfd_send_signal(fd, 0, 0, 3)), -EINVAL);
  expect_ret("flags PIDFD_SIGNAL_THREAD (1), signal 0",
             sysret(pidfd_send_signal(fd, 0, 0, 1)), 0);
  expect_ret("flags PIDFD_SIGNAL_THREAD_GROUP (2), signal 0",
             sysret(pidfd_send_signal(fd, 0, 0, 2)), 0);
  expect_ret("SIGUSR1 with a siginfo for SIGUSR2",
             sysret(pidfd_send_signal(fd, SIGUSR1, &q, 0)), -EINVAL);
  q.si_signo = SIGUSR1;
  q.si_code = SI_USER;
  expect_ret("a siginfo with SI_USER",
             sysret(pidfd_send_signal(fd, SIGUSR1, &q, 0)), -EPERM);
  q.si_code = SI_TKILL;
  expect_ret("a siginfo with SI_TKILL",
             sysret(pidfd_send_signal(fd, SIGUSR1, &q, 0)), -EPERM);
  expect_ret("a siginfo unmapped",
             sysret(pidfd_send_signal(fd, SIGUSR1, bad_ptr(), 0)), -EFAULT);
  expect_ret("a pipe", sysret(pidfd_send_signal(p[0], 0, 0, 0)), -EBADF);
  close(p[0]);
  close(p[1]);
  expect_ret("a closed fd", sysret(pidfd_send_signal(p[0], 0, 0, 0)),
             -EBADF);
  expect_ret("fd -1", sysret(pidfd_send_signal(-1, 0, 0, 0)), -EBADF);
  expect_yes("after all that, the child still runs", !poll_in(fd, 0));
  release(&k, fd);
  waitpid(k.pid, 0, 0);
  close(fd);
}

// Linux's <linux/pidfd.h>, 6.9 and 6.15, newer than glibc's headers.
#ifndef PIDFD_SIGNAL_THREAD
#define PIDFD_SIGNAL_THREAD        1
#define PIDFD_SIGNAL_THREAD_GROUP  2
#define PIDFD_SIGNAL_PROCESS_GROUP 4
#endif
#ifndef PIDFD_SELF_THREAD
#define PIDFD_SELF_THREAD          -10000
#define PIDFD_SELF_THREAD_GROUP    -10001
#endif

static volatile int self_code;          // on_self's last si_code

static void
on_self(int sig, siginfo_t *si, void *uc)
{
  self_code = si->si_code;
}

// SIGUSR1 by pidfd_send_signal(fd, SIGUSR1, q, flags) to this process,
// whose handler runs before the call returns: "0, SI_TKILL" (the answer,
// and the code the handler saw), or "EPERM, no signal".
static const char *
to_self(int fd, siginfo_t *q, unsigned int flags)
{
  static char buf[64];
  long r;

  self_code = INT_MIN;
  r = sysret(pidfd_send_signal(fd, SIGUSR1, q, flags));
  snprintf(buf, sizeof(buf), "%s, %s", r ? strerrorname_np(-r) : "0",
           self_code == INT_MIN ? "no signal" : codename(SIGUSR1, self_code));
  return buf;
}

/*
 * pidfd_send_signal(2) without a pidfd (Linux 6.15): PIDFD_SELF_THREAD
 * is the calling thread (the signal says tkill, SI_TKILL, unless a flag
 * asks for the process), PIDFD_SELF_THREAD_GROUP the calling process
 * (SI_USER); other negative fds are EBADF. A siginfo of SI_USER may go
 * to oneself, not to one's process group. PIDFD_SIGNAL_PROCESS_GROUP is
 * for the group whose id is the pidfd's pid, the one its process leads:
 * a child in our group leads none (ESRCH); one that made a group of its
 * own is killed by a SIGKILL to it.
 */
static void
selves_and_groups(void)
{
  struct sigaction sa = { .sa_sigaction = on_self, .sa_flags = SA_SIGINFO };
  siginfo_t si, q = { .si_signo = SIGUSR1, .si_code = SI_USER };
  int p[2], fd;
  struct kid k;
  pid_t pid;
  char c;

  sigaction(SIGUSR1, &sa, 0);
  expect_str("PIDFD_SELF_THREAD", to_self(PIDFD_SELF_THREAD, 0, 0), "0, SI_TKILL");
  expect_str("PIDFD_SELF_THREAD, PIDFD_SIGNAL_THREAD_GROUP",
             to_self(PIDFD_SELF_THREAD, 0, PIDFD_SIGNAL_THREAD_GROUP), "0, SI_USER");
  expect_str("PIDFD_SELF_THREAD_GROUP", to_self(PIDFD_SELF_THREAD_GROUP, 0, 0),
             "0, SI_USER");
  expect_str("PIDFD_SELF_THREAD_GROUP, PIDFD_SIGNAL_THREAD",
             to_self(PIDFD_SELF_THREAD_GROUP, 0, PIDFD_SIGNAL_THREAD), "0, SI_TKILL");
  expect_str("PIDFD_SELF_THREAD, a siginfo of SI_USER",
             to_self(PIDFD_SELF_THREAD, &q, 0), "0, SI_USER");
  expect_str("PIDFD_SELF_THREAD, SI_USER, PIDFD_SIGNAL_PROCESS_GROUP",
             to_self(PIDFD_SELF_THREAD, &q, PIDFD_SIGNAL_PROCESS_GROUP), "EPERM, no signal");
  expect_str("PIDFD_SELF_THREAD, flags 8", to_self(PIDFD_SELF_THREAD, 0, 8),
             "EINVAL, no signal");
  expect_str("fd -10002", to_self(-10002, 0, 0), "EBADF, no signal");
  signal(SIGUSR1, SIG_DFL);

  k = spawn(0);
  fd = pidfd_open(k.pid, 0);
  expect_ret("a child in our group: signal 0 to the group it leads",
             sysret(pidfd_send_signal(fd, 0, 0, PIDFD_SIGNAL_PROCESS_GROUP)), -ESRCH);
  expect_yes("the child ends when told", release(&k, fd));
  waitpid(k.pid, 0, 0);
  close(fd);

  pipe(p);
  if ((pid = fork()) == 0) {
    setpgid(0, 0);
    write(p[1], "r", 1);
    sleep(30);
    _exit(0);
  }
  read(p[0], &c, 1);
  fd = pidfd_open(pid, 0);
  expect_ret("a child that leads a group: SIGKILL to the group",
             sysret(pidfd_send_signal(fd, SIGKILL, 0, PIDFD_SIGNAL_PROCESS_GROUP)), 0);
  poll_in(fd, 10000);
  waitid_fd(fd, &si, WEXITED);
  expect_str("waitid", info_str(&si, pid), "SIGCHLD CLD_KILLED SIGKILL, pid ok, uid ok");
  close(fd);
  close(p[0]);
  close(p[1]);
}

/*
 * An epoll loop waiting for three children at once, which end in an
 * order fixed by the children themselves:
 *
 *   parent --go--> a: exits 10
 *                  b: watches a's pidfd (a sibling's: no child of b's),
 *                     exits 11 once a is reaped
 *                  c: watches b's pidfd, raises SIGTERM once b is reaped
 *
 * b and c open their pidfds and say so (ready) before a is let go. The
 * parent watches c's, a's and b's pidfds, in that order, and on each
 * event reaps that child with waitid and stops watching it; it prints
 * the ends as it saw them. Each child waits for the one before it to be
 * reaped, not only to exit, so the parent never has two ends to report
 * at once: the order cannot depend on how epoll orders a batch. A child
 * waits with an edge-triggered epoll of its own: an event at the exit,
 * one at the reaping (the first with HUP), however late it looks.
 */
static void
follow(pid_t prev, int code)
{
  int fd = pidfd_open(prev, 0), ep = epoll_create1(0), i;
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET };

  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  write(ready[1], "r", 1);
  for (i = 0; i < 3 && epoll_wait(ep, &ev, 1, 10000) == 1; i++)
    if (ev.events & EPOLLHUP)
      break;
  if (code < 0)
    raise(-code);
  _exit(code);
}

static void
three_children(void)
{
  struct kid a = spawn(10);
  int fd[3], ep = epoll_create1(0), i, n, done = 0, rounds = 0, len = 0;
  static const int watch_order[3] = { 2, 0, 1 };
  struct epoll_event ev[4];
  pid_t pid[3];
  char seen[160] = "", c;
  siginfo_t si;

  pipe(ready);
  pid[0] = a.pid;
  if ((pid[1] = fork()) == 0)
    follow(pid[0], 11);
  if ((pid[2] = fork()) == 0)
    follow(pid[1], -SIGTERM);
  read(ready[0], &c, 1);
  read(ready[0], &c, 1);
  for (i = 0; i < 3; i++)
    fd[i] = pidfd_open(pid[i], 0);
  for (i = 0; i < 3; i++) {
    ev[0] = (struct epoll_event){ .events = EPOLLIN,
                                  .data.u32 = watch_order[i] };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd[watch_order[i]], &ev[0]);
  }
  write(a.go, "x", 1);
  close(a.go);
  while (done < 3 && rounds++ < 10 && (n = epoll_wait(ep, ev, 4, 10000)) > 0) {
    for (int j = 0; j < n; j++) {
      i = ev[j].data.u32;
      waitid_fd(fd[i], &si, WEXITED);
      len += snprintf(seen + len, sizeof(seen) - len, "%s%c: %s",
                      len ? "; " : "", 'a' + i, info_str(&si, pid[i]));
      epoll_ctl(ep, EPOLL_CTL_DEL, fd[i], 0);
      done++;
    }
  }
  expect_str("three children: ends seen", seen,
             "a: SIGCHLD CLD_EXITED 10, pid ok, uid ok; "
             "b: SIGCHLD CLD_EXITED 11, pid ok, uid ok; "
             "c: SIGCHLD CLD_KILLED SIGTERM, pid ok, uid ok");
  for (i = 0; i < 3; i++)
    close(fd[i]);
  close(ep);
  close(ready[0]);
  close(ready[1]);
}

int
main(void)
{
  int fd;

  setvbuf(stdout, 0, _IONBF, 0);
  // Without pidfd every check after would wait out its bound.
  if ((fd = pidfd_open(getpid(), 0)) < 0) {
    printf("pidfd_open: %s: nothing to check\n", strerrorname_np(errno));
    return 1;
  }
  close(fd);
  signal(SIGPIPE, SIG_IGN);
  open_flags();
  open_errors();
  masks();
  waiting();
  blocking();
  waitid_errors();
  send_signal();
  send_errors();
  selves_and_groups();
  three_children();
  return check_done();
}
