/*
 * check.h: what the glibc programs that assert share (threads,
 * epthreads, thrstress, futex, and the signal, socket and timer programs,
 * which have sections of their own at the end). A check prints one line,
 * "what: value", the same on Linux and on nudge when the kernel is right;
 * a value other than the one Linux gives adds "(expected X)" and counts a
 * failure, and check_done() turns the count into the exit status. So a
 * wrong kernel shows twice: as a line that differs from Linux's, and as a
 * nonzero exit where a line alone would not tell. A child is waited for
 * with a bound: one that hangs is killed and reported "hung", not waited
 * for forever. Only the main thread prints, so the output is in program
 * order. A program including this defines _GNU_SOURCE first
 * (strerrorname_np).
 * Programs that only print (proc, spawn) use status_str() from here.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/resource.h>

static int check_failures;

// What a raw system call returned: the result, or -errno.
static inline long
sysret(long r)
{
  return r == -1 ? -errno : r;
}

// A result as the checks print it: a count, or the errno's name for -errno.
static inline void
format_ret(char *buf, size_t n, long r)
{
  if (r < 0 && strerrorname_np(-r))
    snprintf(buf, n, "%s", strerrorname_np(-r));
  else
    snprintf(buf, n, "%ld", r);
}

static inline void
expect_str(const char *what, const char *got, const char *want)
{
  if (strcmp(got, want) == 0) {
    printf("%s: %s\n", what, got);
  } else {
    printf("%s: %s (expected %s)\n", what, got, want);
    check_failures++;
  }
}

// A count or -errno, printed as format_ret() writes it.
static inline void
expect_ret(const char *what, long got, long want)
{
  char g[32], w[32];

  format_ret(g, sizeof(g), got);
  format_ret(w, sizeof(w), want);
  expect_str(what, g, w);
}

static inline void
expect_yes(const char *what, int cond)
{
  expect_str(what, cond ? "yes" : "no", "yes");
}

// A wait status as "exit N", "killed N" (the signal) or "other 0xN".
static inline const char *
status_str(int st)
{
  static char buf[32];

  if (WIFEXITED(st))
    snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
  else if (WIFSIGNALED(st))
    snprintf(buf, sizeof(buf), "killed %d", WTERMSIG(st));
  else
    snprintf(buf, sizeof(buf), "other %#x", st);
  return buf;
}

// How child pid ended (status_str); "hung", after killing it, if it has
// not ended within 10 s.
static inline const char *
wait_child(pid_t pid)
{
  int st, i;

  for (i = 0; i < 1000; i++) {
    if (waitpid(pid, &st, WNOHANG) == pid)
      return status_str(st);
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &st, 0);
  return "hung";
}

// The exit status: 0 only if every check gave Linux's answer.
static inline int
check_done(void)
{
  return check_failures != 0;
}

// ---- for the signal programs (signals, sigintr, sigproc, signalfd) ----

// The set of signals a and b (0: none).
static inline sigset_t
set_of(int a, int b)
{
  sigset_t s;

  sigemptyset(&s);
  if (a)
    sigaddset(&s, a);
  if (b)
    sigaddset(&s, b);
  return s;
}

static inline void
block(int sig)
{
  sigset_t s = set_of(sig, 0);

  sigprocmask(SIG_BLOCK, &s, 0);
}

static inline void
unblock(int sig)
{
  sigset_t s = set_of(sig, 0);

  sigprocmask(SIG_UNBLOCK, &s, 0);
}

// "SIGUSR1", or the number for a signal glibc has no name for.
static inline const char *
signame(int sig)
{
  static char buf[4][16];
  static int i;
  char *b = buf[i++ % 4];
  const char *a = sig > 0 ? sigabbrev_np(sig) : 0;

  if (a)
    snprintf(b, 16, "SIG%s", a);
  else
    snprintf(b, 16, "%d", sig);
  return b;
}

// The name of si_code for signal sig (SI_USER: kill, SI_TKILL: tkill,
// SI_QUEUE: sigqueue, SI_KERNEL, the faults the checks make), else the
// number.
static inline const char *
codename(int sig, int code)
{
  static char buf[16];

  switch (code) {
  case SI_USER: return "SI_USER";
  case SI_TKILL: return "SI_TKILL";
  case SI_QUEUE: return "SI_QUEUE";
  case SI_KERNEL: return "SI_KERNEL";
  }
  if (sig == SIGSEGV && code == SEGV_MAPERR)
    return "SEGV_MAPERR";
  if (sig == SIGSEGV && code == SEGV_ACCERR)
    return "SEGV_ACCERR";
  if (sig == SIGILL && code == ILL_ILLOPC)
    return "ILL_ILLOPC";
  if (sig == SIGILL && code == ILL_ILLOPN)
    return "ILL_ILLOPN";
  snprintf(buf, sizeof(buf), "%d", code);
  return buf;
}

// Runs fn in a child, which exits with its checks' status unless fn ends
// it first; prints how it ended. Core dumps are turned off: under
// qemu-riscv64 a dumped core also prints a line.
static inline void
sig_child(const char *what, void (*fn)(void), const char *want)
{
  struct rlimit none = { 0, 0 };
  pid_t pid = fork();

  if (pid == 0) {
    check_failures = 0;
    setrlimit(RLIMIT_CORE, &none);
    fn();
    _exit(check_done());
  }
  expect_str(what, wait_child(pid), want);
}

// ---- for the socket programs (sockaddr, sockstream, sockdgram, sockpoll,
// sockrights, sockmany) ----
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

// Removes the socket files a program binds, before it starts and when it
// is done (a file left from an earlier run would make bind EADDRINUSE).
static inline void
unlink_all(const char *const *paths, size_t n)
{
  for (size_t i = 0; i < n; i++)
    unlink(paths[i]);
}

// A poll or epoll mask by name, bits in numeric order ("IN|OUT|RDNORM"),
// a bit without a name in hex; "0" for none.
static inline const char *
events_str(unsigned ev)
{
  static const char *const names[16] = {
    "IN", "PRI", "OUT", "ERR", "HUP", "NVAL", "RDNORM", "RDBAND",
    "WRNORM", "WRBAND", "MSG", 0, 0, "RDHUP",
  };
  static char buf[4][128];
  static int k;
  char *b = buf[k++ % 4];
  unsigned bit;
  int n = 0;

  b[0] = 0;
  for (bit = 0; bit < 32; bit++) {
    if (!(ev & (1u << bit)))
      continue;
    if (bit < 16 && names[bit])
      n += snprintf(b + n, 128 - n, "%s%s", n ? "|" : "", names[bit]);
    else
      n += snprintf(b + n, 128 - n, "%s%#x", n ? "|" : "", 1u << bit);
  }
  return n ? b : "0";
}

// Fills *a with an AF_UNIX address and returns its length: for "name" a
// path (relative: the current directory), with its terminating NUL; for
// "@name" the abstract name NUL, "name" (unix(7): no NUL at the end).
static inline socklen_t
unix_addr(struct sockaddr_un *a, const char *name)
{
  size_t n = strlen(name);

  memset(a, 0, sizeof(*a));
  a->sun_family = AF_UNIX;
  memcpy(a->sun_path, name, n);
  if (name[0] == '@')
    a->sun_path[0] = 0;
  else
    n++;
  return offsetof(struct sockaddr_un, sun_path) + n;
}

// bind(2) and connect(2) to the address unix_addr() makes of name: 0 or
// -errno.
static inline long
unix_bind(int fd, const char *name)
{
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, name);

  return sysret(bind(fd, (struct sockaddr *)&a, len));
}

static inline long
unix_connect(int fd, const char *name)
{
  struct sockaddr_un a;
  socklen_t len = unix_addr(&a, name);

  return sysret(connect(fd, (struct sockaddr *)&a, len));
}

// An address as a call returned it: "len 7, sk_a" for a path, up to its
// NUL; the abstract namespace with each NUL written "\0" ("len 9,
// \0sk-abs"); "len 2, unnamed" for a socket bound to nothing. Of an
// address longer than the buffer, the part that came back.
static inline const char *
addr_str(const struct sockaddr_un *a, socklen_t len)
{
  static char buf[4][160];
  static int k;
  char *b = buf[k++ % 4], *p;
  size_t i, off = offsetof(struct sockaddr_un, sun_path);
  size_t end = len < sizeof(*a) ? len : sizeof(*a);

  p = b + snprintf(b, 40, "len %u", (unsigned)len);
  if (len < off)
    return b;
  if (a->sun_family != AF_UNIX)
    p += snprintf(p, 40, ", family %d", a->sun_family);
  if (len == off) {
    strcpy(p, ", unnamed");
    return b;
  }
  *p++ = ',';
  *p++ = ' ';
  for (i = 0; i < end - off && p < b + 150; i++) {
    if (a->sun_path[i] == 0 && a->sun_path[0] != 0)
      break;
    if (a->sun_path[i] == 0)
      *p++ = '\\', *p++ = '0';
    else
      *p++ = a->sun_path[i];
  }
  *p = 0;
  return b;
}

// An address no program has mapped, for EFAULT; hidden from the compiler,
// which would see it passed where an array is due.
static inline void *
bad_ptr(void)
{
  static void *volatile p = (void *)8;

  return p;
}

// socketpair(AF_UNIX, type, 0, sv); if it fails, sv is -1 and -1, so a
// kernel without it fails the calls after with EBADF instead of sending
// them to whatever fds sv held (0 and 1: a read that never returns).
static inline int
unix_pair(int type, int sv[2])
{
  int r = socketpair(AF_UNIX, type, 0, sv);

  if (r < 0)
    sv[0] = sv[1] = -1;
  return r;
}

static inline void
close_pair(int sv[2])
{
  close(sv[0]);
  close(sv[1]);
}

// 1 if fd polls readable within ms: the bound put before a call that
// would block if what is due never comes.
static inline int
poll_in(int fd, int ms)
{
  struct pollfd p = { fd, POLLIN, 0 };

  return poll(&p, 1, ms) == 1;
}

// ---- for the timer programs (timerfd, tfdepoll) ----
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

#define MS 1000000LL                    // nanoseconds in a millisecond
#define SEC 1000000000LL                // and in a second

// Clock clk now, in nanoseconds.
static inline int64_t
now_ns(clockid_t clk)
{
  struct timespec ts;

  clock_gettime(clk, &ts);
  return ts.tv_sec * SEC + ts.tv_nsec;
}

static inline struct timespec
ts_of(int64_t ns)
{
  return (struct timespec){ ns / SEC, ns % SEC };
}

static inline int64_t
ns_of(struct timespec ts)
{
  return ts.tv_sec * SEC + ts.tv_nsec;
}

// timerfd_settime(2) with the first expiration value and the period
// interval in nanoseconds (0: a one-shot): 0 or -errno.
static inline long
tfd_arm(int fd, int flags, int64_t value, int64_t interval)
{
  struct itimerspec its = { ts_of(interval), ts_of(value) };

  return sysret(timerfd_settime(fd, flags, &its, 0));
}

// read(2) of a timerfd: the expirations counted since the last read, or
// -errno.
static inline long
tfd_read(int fd)
{
  uint64_t n;
  long r = sysret(read(fd, &n, sizeof(n)));

  return r == sizeof(n) ? (long)n : r;
}
