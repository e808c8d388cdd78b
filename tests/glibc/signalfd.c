/*
 * signalfd: signals read from a file descriptor, each rule from
 * signalfd(2) and signal(7): the flags SFD_NONBLOCK and SFD_CLOEXEC; a
 * read takes pending signals of the fd's mask as struct signalfd_siginfo
 * records, lowest number first, as many as fit (at least one must: a
 * smaller buffer is EINVAL), and a signal read is no longer pending;
 * ssi_code, ssi_pid, ssi_int and, for SIGCHLD, ssi_status; changing the
 * mask of an fd; the errors; poll and epoll (edge-triggered too: one
 * event per signal that becomes pending, none for one already pending);
 * a blocking read woken from another thread; an event loop on a signalfd
 * and an eventfd fed by a thread; and across fork, a child reading the
 * inherited fd reads its own signals, not its parent's.
 *
 * The signals read are blocked in every thread, as signalfd(2) says they
 * must be (else their default action, death, would come first). Every
 * wait has a timeout, or runs in a child that wait_child() kills after
 * 10 s.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include "check.h"

#define REC sizeof(struct signalfd_siginfo)     // 128 bytes

static const char *
pendingstr(void)
{
  static char buf[128];
  sigset_t s;
  int sig, n = 0;

  sigemptyset(&s);
  sigpending(&s);
  buf[0] = 0;
  for (sig = 1; sig < NSIG; sig++)
    if (sigismember(&s, sig) == 1)
      n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
                    signame(sig));
  return n ? buf : "none";
}

// Discards whatever of SIGUSR1 and SIGUSR2 is pending: SIG_IGN does.
static void
discard_usr(void)
{
  signal(SIGUSR1, SIG_IGN);
  signal(SIGUSR2, SIG_IGN);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
}

static int
readable(int fd, int ms)
{
  struct pollfd p = { fd, POLLIN, 0 };

  return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

// Runs fn in a child whose checks print there and make its exit status;
// prints how the child ended.
// signalfd(2): SFD_NONBLOCK is O_NONBLOCK on the open file, SFD_CLOEXEC
// FD_CLOEXEC on the fd; without them, neither. With nothing pending, a
// non-blocking read is EAGAIN.
static void
flags(void)
{
  sigset_t m = set_of(SIGUSR1, 0);
  int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC), plain;
  struct signalfd_siginfo si;

  expect_yes("signalfd(-1, SFD_NONBLOCK | SFD_CLOEXEC): an fd", fd >= 0);
  expect_yes("FD_CLOEXEC set", fcntl(fd, F_GETFD) & FD_CLOEXEC);
  expect_yes("O_NONBLOCK set", fcntl(fd, F_GETFL) & O_NONBLOCK);
  plain = signalfd(-1, &m, 0);
  expect_yes("signalfd(-1, 0): FD_CLOEXEC, O_NONBLOCK: neither, so",
             !(fcntl(plain, F_GETFD) & FD_CLOEXEC) &&
             !(fcntl(plain, F_GETFL) & O_NONBLOCK));
  expect_ret("read, nothing pending", sysret(read(fd, &si, REC)), -EAGAIN);
  close(plain);
  close(fd);
}

// signalfd(2): a read returns as many records as fit and are pending,
// lowest signal first (the kernel's dequeue order); raise() is tgkill
// (SI_TKILL), kill SI_USER, sigqueue SI_QUEUE with its value in ssi_int;
// ssi_pid and ssi_uid are the sender's; a signal read is no longer
// pending. A buffer smaller than one record is EINVAL; one of 200 bytes
// takes one record.
static void
records(void)
{
  sigset_t m = set_of(SIGUSR1, SIGUSR2);
  struct signalfd_siginfo si[2];
  char got[64];
  int fd = signalfd(-1, &m, SFD_NONBLOCK);

  block(SIGUSR1);
  block(SIGUSR2);
  raise(SIGUSR2);
  raise(SIGUSR1);
  expect_ret("SIGUSR2, SIGUSR1 raised: read of 2 records",
             sysret(read(fd, si, sizeof(si))), 2 * REC);
  snprintf(got, sizeof(got), "%s %s", signame(si[0].ssi_signo),
           signame(si[1].ssi_signo));
  expect_str("ssi_signo", got, "SIGUSR1 SIGUSR2");
  expect_str("ssi_code", codename(si[0].ssi_signo, si[0].ssi_code), "SI_TKILL");
  expect_yes("ssi_pid is getpid()", si[0].ssi_pid == getpid());
  expect_yes("ssi_uid is getuid()", si[0].ssi_uid == getuid());
  expect_str("after the read: pending", pendingstr(), "none");
  kill(getpid(), SIGUSR1);
  sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 42 });
  expect_ret("read into 100 bytes", sysret(read(fd, si, 100)), -EINVAL);
  expect_ret("read into 200 bytes, 2 pending", sysret(read(fd, si, 200)),
             REC);
  expect_str("kill: ssi_code", codename(si[0].ssi_signo, si[0].ssi_code), "SI_USER");
  expect_ret("read into 200 bytes again", sysret(read(fd, si, 200)), REC);
  expect_str("sigqueue: ssi_code", codename(si[0].ssi_signo, si[0].ssi_code), "SI_QUEUE");
  expect_ret("sigqueue: ssi_int", si[0].ssi_int, 42);
  close(fd);
}

// signalfd(2): "If the fd argument is not -1, then it must specify a
// valid existing signalfd file descriptor, and mask is used to replace
// the signal set associated with that file descriptor": a signal out of
// the new mask stays pending, unread. EBADF for an fd not open, EINVAL
// for an fd that is no signalfd and for unknown flags. SIGKILL and
// SIGSTOP in the mask are "silently ignored". (Linux also says EINVAL
// for a sigsetsize other than 8, through raw signalfd4, glibc always
// passing 8; left out, as qemu-riscv64 7.2 passes the host's own size on
// and returns an fd.)
static void
mask_and_errors(void)
{
  sigset_t m = set_of(SIGUSR1, 0), m2 = set_of(SIGUSR2, 0);
  sigset_t ks = set_of(SIGKILL, SIGSTOP);
  struct signalfd_siginfo si;
  int fd = signalfd(-1, &m, SFD_NONBLOCK), p[2], k;

  block(SIGUSR1);
  block(SIGUSR2);
  expect_yes("signalfd(fd, new mask): the same fd",
             signalfd(fd, &m2, 0) == fd);
  raise(SIGUSR1);
  expect_ret("SIGUSR1, out of the new mask: read",
             sysret(read(fd, &si, REC)), -EAGAIN);
  raise(SIGUSR2);
  expect_ret("SIGUSR2, in it: read", sysret(read(fd, &si, REC)), REC);
  expect_str("SIGUSR2, in it: ssi_signo", signame(si.ssi_signo), "SIGUSR2");
  expect_str("then pending", pendingstr(), "SIGUSR1");
  discard_usr();
  pipe(p);
  expect_ret("signalfd(a pipe's fd)", sysret(signalfd(p[0], &m, 0)),
             -EINVAL);
  close(p[0]);
  close(p[1]);
  expect_ret("signalfd(a closed fd)", sysret(signalfd(p[0], &m, 0)), -EBADF);
  expect_ret("signalfd(-1, flags 0x1234)", sysret(signalfd(-1, &m, 0x1234)),
             -EINVAL);
  k = signalfd(-1, &ks, 0);
  expect_yes("signalfd(-1, SIGKILL and SIGSTOP): an fd", k >= 0);
  close(k);
  close(fd);
}

// signalfd(2): "The file descriptor is readable ... if one or more of
// the signals in mask is pending": POLLIN then, not before, and not for
// a pending signal outside the mask.
static void
polling(void)
{
  sigset_t m = set_of(SIGUSR1, 0);
  struct pollfd p;
  struct signalfd_siginfo si;
  int fd = signalfd(-1, &m, SFD_NONBLOCK);

  block(SIGUSR1);
  block(SIGUSR2);
  p = (struct pollfd){ fd, POLLIN, 0 };
  expect_ret("poll, nothing pending", poll(&p, 1, 0), 0);
  raise(SIGUSR2);
  expect_ret("poll, SIGUSR2 (out of the mask) pending", poll(&p, 1, 0), 0);
  raise(SIGUSR1);
  expect_ret("poll, SIGUSR1 pending", poll(&p, 1, 0), 1);
  expect_yes("poll: revents POLLIN", p.revents == POLLIN);
  read(fd, &si, REC);
  expect_ret("poll, SIGUSR1 read", poll(&p, 1, 0), 0);
  discard_usr();
  close(fd);
}

// epoll(7): EPOLLET reports a change once: an event when a signal of the
// mask becomes pending, none while nothing new comes. A standard signal
// raised again while pending changes nothing (Linux queues one, and
// wakes no signalfd: __send_signal_locked's legacy_queue check returns
// before signalfd_notify), so no new event; another signal is one.
static void
edge_triggered(void)
{
  sigset_t m = set_of(SIGUSR1, SIGUSR2);
  struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
  struct signalfd_siginfo si[2];
  int fd = signalfd(-1, &m, SFD_NONBLOCK), ep = epoll_create1(0);

  block(SIGUSR1);
  block(SIGUSR2);
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  expect_ret("EPOLLET, nothing pending", epoll_wait(ep, &ev, 1, 0), 0);
  raise(SIGUSR1);
  expect_ret("EPOLLET, SIGUSR1 raised", epoll_wait(ep, &ev, 1, 0), 1);
  expect_ret("EPOLLET, again", epoll_wait(ep, &ev, 1, 0), 0);
  raise(SIGUSR1);
  expect_ret("EPOLLET, SIGUSR1 raised again, still pending",
             epoll_wait(ep, &ev, 1, 0), 0);
  raise(SIGUSR2);
  expect_ret("EPOLLET, SIGUSR2 raised", epoll_wait(ep, &ev, 1, 0), 1);
  expect_ret("read: both, once each", sysret(read(fd, si, sizeof(si))),
             2 * REC);
  close(ep);
  close(fd);
}

static int sfd;

static void *
send_usr1(void *arg)
{
  kill(getpid(), SIGUSR1);
  return 0;
}

// In a child: main blocks in read() of a blocking signalfd; a thread
// sends the process SIGUSR1, before or after main blocks: either way the
// read returns it.
static void
blocking_read_child(void)
{
  sigset_t m = set_of(SIGUSR1, 0);
  struct signalfd_siginfo si;
  pthread_t t;

  block(SIGUSR1);
  sfd = signalfd(-1, &m, 0);
  pthread_create(&t, 0, send_usr1, 0);
  expect_ret("blocking read, a thread sends SIGUSR1",
             sysret(read(sfd, &si, REC)), REC);
  expect_str("ssi_signo", signame(si.ssi_signo), "SIGUSR1");
  pthread_join(t, 0);
}

static void
blocking_read(void)
{
  sig_child("blocking read: the checks", blocking_read_child, "exit 0");
}

static int efd, acks[2];                        // the loop's eventfd, acks
static const uint64_t five = 5;

// Waits for the loop's ack of the last step; 0 if none in 10 s.
static int
acked(void)
{
  char c;

  return readable(acks[0], 10000) && read(acks[0], &c, 1) == 1;
}

static void *
feed_loop(void *arg)
{
  kill(getpid(), SIGUSR1);
  if (acked())
    write(efd, &five, sizeof(five));
  if (acked())
    kill(getpid(), SIGUSR2);
  if (acked())
    kill(getpid(), SIGTERM);
  return 0;
}

/*
 * An event loop, signalfd(2)'s example made two-sourced:
 *
 *   feeder thread --kill(getpid(), ...)--> signalfd (SIGUSR1, SIGUSR2,
 *        |                                  SIGTERM) --\
 *        +--------write 5-------------->   eventfd ----+--> epoll: main
 *        ^                                                       |
 *        +---------------------ack (a pipe), after each----------+
 *
 * The three signals are blocked in both threads (the thread inherits
 * main's mask), so they stay pending for the process until the loop reads
 * them; the acks order the four steps. The loop ends at SIGTERM.
 */
static void
event_loop(void)
{
  sigset_t m = set_of(SIGUSR1, SIGUSR2);
  struct epoll_event ev = { .events = EPOLLIN };
  struct signalfd_siginfo si;
  char seen[128] = "";
  int ep = epoll_create1(0), fd, n = 0, i, end = 0;
  pthread_t t;
  uint64_t v;

  sigaddset(&m, SIGTERM);
  sigprocmask(SIG_BLOCK, &m, 0);
  fd = signalfd(-1, &m, SFD_NONBLOCK);
  efd = eventfd(0, EFD_NONBLOCK);
  pipe(acks);
  ev.data.fd = fd;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  ev.data.fd = efd;
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  pthread_create(&t, 0, feed_loop, 0);
  for (i = 0; i < 10 && !end && epoll_wait(ep, &ev, 1, 10000) == 1; i++) {
    if (ev.data.fd == fd && read(fd, &si, REC) == REC) {
      n += snprintf(seen + n, sizeof(seen) - n, "%s%s", n ? ", " : "",
                    signame(si.ssi_signo));
      end = si.ssi_signo == SIGTERM;
    } else if (ev.data.fd == efd && read(efd, &v, sizeof(v)) == sizeof(v)) {
      n += snprintf(seen + n, sizeof(seen) - n, "%seventfd %llu",
                    n ? ", " : "", (unsigned long long)v);
    }
    write(acks[1], "a", 1);
  }
  pthread_join(t, 0);
  expect_str("event loop: read", seen,
             "SIGUSR1, eventfd 5, SIGUSR2, SIGTERM");
  close(ep);
  close(fd);
  close(efd);
  close(acks[0]);
  close(acks[1]);
}

// signalfd(2) with SIGCHLD: a child's end can be read, ssi_code
// CLD_EXITED, ssi_status its exit code, ssi_pid its pid.
static void
sigchld(void)
{
  sigset_t m = set_of(SIGCHLD, 0);
  struct signalfd_siginfo si;
  int fd, st;
  pid_t pid;

  block(SIGCHLD);
  fd = signalfd(-1, &m, SFD_NONBLOCK);
  pid = fork();
  if (pid == 0)
    _exit(42);
  expect_yes("child exits 42: the signalfd readable", readable(fd, 10000));
  expect_ret("read", sysret(read(fd, &si, REC)), REC);
  expect_str("ssi_signo", signame(si.ssi_signo), "SIGCHLD");
  expect_yes("ssi_code CLD_EXITED", si.ssi_code == CLD_EXITED);
  expect_ret("ssi_status", si.ssi_status, 42);
  expect_yes("ssi_pid is the child", si.ssi_pid == pid);
  waitpid(pid, &st, 0);
  expect_str("then waitpid", status_str(st), "exit 42");
  sigprocmask(SIG_UNBLOCK, &m, 0);
  close(fd);
}

static int inherited;                   // the signalfd across the fork

static void
read_inherited(void)
{
  struct signalfd_siginfo si;

  expect_ret("fork: the child reads the inherited fd, parent's SIGUSR1 "
             "pending", sysret(read(inherited, &si, REC)), -EAGAIN);
  raise(SIGUSR1);
  expect_ret("fork: the child's own SIGUSR1: read",
             sysret(read(inherited, &si, REC)), REC);
  expect_yes("fork: its ssi_pid is the child's", si.ssi_pid == getpid());
}

// signalfd(2): "After a fork(2), the child inherits a copy of the
// signalfd file descriptor. A read(2) from the file descriptor in the
// child will return information about signals queued to the child."
static void
across_fork(void)
{
  sigset_t m = set_of(SIGUSR1, 0);
  struct signalfd_siginfo si;

  block(SIGUSR1);
  inherited = signalfd(-1, &m, SFD_NONBLOCK);
  raise(SIGUSR1);
  sig_child("fork: the child's checks", read_inherited, "exit 0");
  expect_ret("fork: the parent's own SIGUSR1: read",
             sysret(read(inherited, &si, REC)), REC);
  expect_yes("fork: its ssi_pid is the parent's", si.ssi_pid == getpid());
  close(inherited);
}

int
main(void)
{
  setvbuf(stdout, 0, _IONBF, 0);
  flags();
  records();
  mask_and_errors();
  polling();
  edge_triggered();
  blocking_read();
  event_loop();
  sigchld();
  across_fork();
  return check_done();
}
