/*
 * harness.h: the case runner and the checks every guest test program
 * shares (usertests, polltest, eventfdtest, epolltest, tickertest). It
 * uses only standard calls, so a program that needs nothing of nudge's
 * own builds with glibc too and runs on Linux, the oracle, where every
 * case must pass (tests/checks/native.sh):
 *   gcc -Wall -Werror -O -idirafter user/include -o polltest user/polltest.c
 * (-idirafter, not -I: glibc's headers, not nudge's, must answer <poll.h>
 * and <limits.h>; user/include only what glibc lacks, this file).
 *
 * The command line, the same for every program:
 *   prog              every case, but those marked by_name
 *   prog -q           the quick ones
 *   prog NAME...      what each NAME selects: the case called NAME if
 *                     there is one (and only it: "epoll1" is not
 *                     "epoll10"), else every case whose name begins
 *                     with NAME, but the by_name ones
 *   prog -q NAME...   of what prefixes select, the quick cases; a case
 *                     named in full runs anyway
 *   prog -v ...       also each case's details (note()) and the time
 *   prog -l ...       the names of the cases the rest would run, one a
 *                     line; runs nothing
 * Selected cases run once each, in the table's order. A NAME that
 * selects nothing prints "prog: no test named NAME" ("no quick test"
 * with -q) and counts as a failure; an unknown option prints the usage
 * and exits 2.
 *
 * The output (docs/testing.md, "The output protocol"):
 *   test NAME: OK
 *   test NAME: FAILED (user/polltest.c:88: fds[0].revents, expected 0x1
 *     (IN), got 0x0)      <- all on one line
 *   polltest: 43 passed, 1 failed
 * and the exit status is 0 only if nothing failed.
 *
 * How a case runs. In a child of its own, the first of a process group
 * of its own, beside a watchdog child that sleeps for the case's time
 * limit: if the watchdog ends first, the case hung (a lost wakeup) and
 * is killed. A failed check in any process of the case writes one line,
 * "file:line: what, expected X, got Y", to the report pipe at REPORT_FD
 * and exits; the runner shows the first line written. After a failure
 * the runner kills the case's process group, so nothing it started
 * runs on into the next case. A check that only the host's timing can
 * break (QEMU's harts stalled) fails with late() instead: the runner
 * then runs the case again, ATTEMPTS times in all, printing each late
 * line it saw.
 *
 * The interface:
 *   struct testcase        one row of a program's table of cases
 *   harness_main()         all of it; a program with a check of its own
 *                          after the cases (usertests' leak check) calls
 *                          harness_start(), harness_run(), its check
 *                          reporting with result(), then harness_end()
 *   EXPECT(got, want)      a value; on -1 the message names errno
 *   EXPECT_ERR(got, err)   -1 with errno err
 *   TRY(call)              not -1; yields the value
 *   CHECK(cond), FAIL(fmt, ...)
 *   late(file, line, fmt, ...): a bound only the host's timing can break
 *   EXPECT_MASK, EXPECT_U64, EXPECT_STR, EXPECT_TOOK
 *   EXPECT_EXIT(st, code), EXPECT_KILLED(st), EXPECT_DIED(st, sig):
 *                          a wait status: from REAP(pid) (the next child
 *                          to end must be pid), or from kid_wait()
 *   kid_fork(), kid_wait(pid, ms), kid_reap(pid, ms, &st): helper
 *                          processes of a case, waited for with a
 *                          deadline (a timer child bounds the wait)
 *   errname, show, showmask, showstatus, quote: values as messages
 *   note(fmt, ...)         a detail, printed with -v
 *   faults_expected()      says that the kernel's fault lines after it
 *                          are the case's own, on purpose
 *   nap, now_us, settle    time
 *   mkpipe, set_nonblock, fill_pipe, drain_pipe, closed_fd, post,
 *   AWAIT_POST             fds, and handshakes through pipes
 *   hide, hide_ul, hide_int, KERNEL_ADDR: bad arguments on purpose
 *
 * Events are ordered by objects (a byte through a pipe says "I am about
 * to block"), never by sleeping. settle() only makes it likely that a
 * helper has gone to sleep before the event, so the wakeup path is what
 * runs; a case is correct without it, unless it says otherwise.
 *
 * Everything here is static inline: each program uses a different part.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "errname.h"

#define NELEM(a)      ((int)(sizeof(a) / sizeof((a)[0])))

#define REPORT_FD     1000    // failures go here; high, so cases own low fds
#define CASE_SECS     30      // a case's time limit, unless its row says
#define ATTEMPTS      3       // runs of a case that was only late
#define LATE_EXIT     2       // the exit status of late()
#define KID_MS        5000    // how long a check waits for a helper to end
#define SETTLE_MS     100     // time for a helper to reach its sleep
#define MAXKIDS       64

// A kernel address: outside the user range on nudge (Sv39) and on
// x86-64, so every system call must refuse it with EFAULT.
#define KERNEL_ADDR   hide((void *)0xfffffffffffff000UL)

struct testcase {
  const char *name;
  void (*fn)(void);
  int quick;                  // in the -q subset
  int secs;                   // time limit; 0 means CASE_SECS
  int by_name;                // runs only when named in full
};

static int verbose;           // -v: cases print details with note()
static const char *case_name; // the case this process belongs to

// The program's table and what its command line selected.
static struct {
  const char *prog;
  const struct testcase *cases;
  int ncases;
  char *chosen;               // chosen[i]: run cases[i]
  long t0;                    // us, when the first case started
  int passed, failed;
} harness;

// p, but the compiler cannot see its value, so it lets a case pass a bad
// pointer or an absurd size on purpose (glibc's headers warn otherwise).
static inline void *
hide(void *p)
{
  void *volatile q = p;

  return q;
}

static inline unsigned long
hide_ul(unsigned long n)
{
  volatile unsigned long m = n;

  return m;
}

static inline int
hide_int(int n)
{
  volatile int m = n;

  return m;
}

/* ---- showing values ------------------------------------------------------ */

// An event mask's names: "IN|HUP", "0" for none, unknown bits in hex.
// The POLL* and EPOLL* bits are the same numbers.
static inline const char *
masknames(char *out, int size, unsigned int m)
{
  static const struct { unsigned int bit; const char *name; } bits[] = {
    { 0x001, "IN" }, { 0x002, "PRI" }, { 0x004, "OUT" }, { 0x008, "ERR" },
    { 0x010, "HUP" }, { 0x020, "NVAL" }, { 0x040, "RDNORM" },
    { 0x080, "RDBAND" }, { 0x100, "WRNORM" }, { 0x200, "WRBAND" },
    { 0x400, "MSG" }, { 0x2000, "RDHUP" }, { 1u << 28, "EXCLUSIVE" },
    { 1u << 29, "WAKEUP" }, { 1u << 30, "ONESHOT" }, { 1u << 31, "ET" },
  };
  unsigned int rest = m;
  int i, n = 0;

  out[0] = 0;
  if (m == 0)
    return strcpy(out, "0");
  for (i = 0; i < NELEM(bits); i++) {
    if (m & bits[i].bit) {
      n += snprintf(out + n, size - n, "%s%s", n ? "|" : "", bits[i].name);
      rest &= ~bits[i].bit;
    }
  }
  if (rest)
    snprintf(out + n, size - n, "%s0x%x", n ? "|" : "", rest);
  return out;
}

// A mask in hex with its names: "0x11 (IN|HUP)", or "0x0".
static inline const char *
showmask(char *out, int size, unsigned int m)
{
  char names[100];

  if (m == 0)
    snprintf(out, size, "0x0");
  else
    snprintf(out, size, "0x%x (%s)", m, masknames(names, sizeof names, m));
  return out;
}

// A wait() status in words; -1, kid_wait()'s "still running", too.
static inline const char *
showstatus(char *out, int size, int st)
{
  if (st == -1)
    snprintf(out, size, "still running");
  else if (WIFEXITED(st))
    snprintf(out, size, "exit %d", WEXITSTATUS(st));
  else
    snprintf(out, size, "killed by signal %d%s", WTERMSIG(st),
             WCOREDUMP(st) ? " (core)" : "");
  return out;
}

// s, quoted and with control characters escaped, so a message stays on
// one line.
static inline const char *
quote(char *out, int size, const char *s)
{
  int n = 0;

  out[n++] = '"';
  for (; *s && n < size - 6; s++) {
    if (*s == '\n') {
      out[n++] = '\\';
      out[n++] = 'n';
    } else if (*s < ' ' || *s > '~') {
      n += snprintf(out + n, size - n, "\\x%02x", *s & 0xff);
    } else {
      out[n++] = *s;
    }
  }
  out[n++] = '"';
  out[n] = 0;
  return out;
}

/* ---- failing ------------------------------------------------------------- */

// This process's helpers (kid_fork), so a failure can end them and a
// wait can have a deadline. A forked child starts with an empty table.
static struct kid {
  int pid;
  int status;
  int state;
} kids[MAXKIDS];
static int nkids;

enum { KID_RUNNING = 1, KID_EXITED, KID_COLLECTED };

// Kills every helper still running. They are not reaped: one that
// cannot die must not hang the failing case.
static inline void
kid_killall(void)
{
  int i;

  for (i = 0; i < nkids; i++)
    if (kids[i].state == KID_RUNNING)
      kill(kids[i].pid, SIGKILL);
}

// Reports a check that failed to the runner and ends this process with
// status code. Any process of a case may call it: they all inherit
// REPORT_FD.
static inline void __attribute__((noreturn))
report(int code, const char *file, int line, const char *fmt, va_list ap)
{
  static char msg[640];
  int n;

  n = snprintf(msg, sizeof msg - 1, "%s%s:%d: ",
               code == LATE_EXIT ? "late: " : "", file, line);
  vsnprintf(msg + n, sizeof msg - 1 - n, fmt, ap);
  n = strlen(msg);
  msg[n++] = '\n';
  write(REPORT_FD, msg, n);
  kid_killall();
  _exit(code);
}

static inline void __attribute__((noreturn, format(printf, 3, 4)))
fail(const char *file, int line, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  report(1, file, line, fmt, ap);
}

// A bound only the host's timing can break was broken: the runner may
// run the case again (see the top of this file).
static inline void __attribute__((noreturn, format(printf, 3, 4)))
late(const char *file, int line, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  report(LATE_EXIT, file, line, fmt, ap);
}

#define FAIL(...) fail(__FILE__, __LINE__, __VA_ARGS__)

/* ---- checks -------------------------------------------------------------- */

static inline void
expect_eq(const char *file, int line, const char *what, long got, long want)
{
  int err = errno;

  if (got != want)
    fail(file, line, "%s, expected %ld, got %s", what, want, show(got, err));
}

static inline void
expect_err(const char *file, int line, const char *what, long got, int want)
{
  int err = errno;

  if (got != -1 || err != want)
    fail(file, line, "%s, expected -1 (%s), got %s", what, errname(want),
         show(got, err));
}

static inline long
try_call(const char *file, int line, const char *what, long got)
{
  int err = errno;

  if (got == -1)
    fail(file, line, "%s, expected success, got %s", what, show(got, err));
  return got;
}

static inline void
expect_mask(const char *file, int line, const char *what, unsigned int got,
            unsigned int want)
{
  char g[120], w[120];

  if (got != want)
    fail(file, line, "%s, expected %s, got %s", what,
         showmask(w, sizeof w, want), showmask(g, sizeof g, got));
}

static inline void
expect_u64(const char *file, int line, const char *what, uint64_t got,
           uint64_t want)
{
  if (got != want)
    fail(file, line, "%s, expected 0x%llx, got 0x%llx", what,
         (unsigned long long)want, (unsigned long long)got);
}

static inline void
expect_str(const char *file, int line, const char *what, const char *got,
           const char *want)
{
  static char g[160], w[160];

  if (strcmp(got, want) != 0)
    fail(file, line, "%s, expected %s, got %s", what, quote(w, sizeof w, want),
         quote(g, sizeof g, got));
}

// A wait status, exactly.
static inline void
expect_status(const char *file, int line, const char *what, int got, int want)
{
  char g[40], w[40];

  if (got != want)
    fail(file, line, "%s, expected %s, got %s", what,
         showstatus(w, sizeof w, want), showstatus(g, sizeof g, got));
}

// A death by signal sig, the core bit aside (usertests' signal_core_bit
// checks it).
static inline void
expect_death(const char *file, int line, const char *what, int got, int sig)
{
  char g[40], w[40];

  if (got == -1 || !WIFSIGNALED(got) || WTERMSIG(got) != sig)
    fail(file, line, "%s, expected %s, got %s", what,
         showstatus(w, sizeof w, sig), showstatus(g, sizeof g, got));
}

// got must equal want; on -1, the message names errno.
#define EXPECT(got, want) \
  expect_eq(__FILE__, __LINE__, #got, (long)(got), (long)(want))
// got must be -1 with errno err.
#define EXPECT_ERR(got, err) \
  expect_err(__FILE__, __LINE__, #got, (long)(got), (err))
// call must not return -1; yields its value.
#define TRY(call) try_call(__FILE__, __LINE__, #call, (long)(call))
#define CHECK(cond) \
  ((cond) ? (void)0 : \
   fail(__FILE__, __LINE__, "%s, expected true, got false", #cond))
// An event mask, shown with its bit names.
#define EXPECT_MASK(got, want) \
  expect_mask(__FILE__, __LINE__, #got, (unsigned int)(got), \
              (unsigned int)(want))
#define EXPECT_U64(got, want) \
  expect_u64(__FILE__, __LINE__, #got, (got), (want))
#define EXPECT_STR(got, want) \
  expect_str(__FILE__, __LINE__, #got, (got), (want))
// Wait status st is an exit with code, a death by SIGKILL, by sig.
#define EXPECT_EXIT(st, code) \
  expect_status(__FILE__, __LINE__, #st, (st), ((code) & 0xff) << 8)
#define EXPECT_KILLED(st) \
  expect_death(__FILE__, __LINE__, #st, (st), SIGKILL)
#define EXPECT_DIED(st, sig) \
  expect_death(__FILE__, __LINE__, #st, (st), (sig))

// Prints a detail of the current case, with -v.
static inline void __attribute__((format(printf, 1, 2)))
note(const char *fmt, ...)
{
  char buf[300];
  va_list ap;

  if (!verbose)
    return;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  printf("    %s: %s\n", case_name, buf);
}

// Says, before a case makes a process fault on purpose (or run out of
// memory), that the kernel's line for each such death ("pid 7
// usertests: fault: scause 0xd ...", as Linux logs one) is expected:
// not a failure.
static inline void
faults_expected(void)
{
  printf("    %s: kills processes by faults on purpose; the kernel's "
         "\"pid N %s: ...\" lines that follow are expected\n", case_name,
         harness.prog);
}

/* ---- time ---------------------------------------------------------------- */

static inline void
nap(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

  nanosleep(&ts, 0);
}

// Gives a helper that said it is about to block the time to reach its
// sleep (see the top of this file).
static inline void
settle(void)
{
  nap(SETTLE_MS);
}

// Microseconds on CLOCK_MONOTONIC.
static inline long
now_us(void)
{
  struct timespec ts;

  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
    FAIL("clock_gettime(CLOCK_MONOTONIC), expected 0, got %s",
         show(-1, errno));
  return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

// A timed call took at least lo_ms and less than hi_ms.
static inline void
expect_took(const char *file, int line, const char *what, long us, long lo_ms,
            long hi_ms)
{
  if (us < lo_ms * 1000 || us >= hi_ms * 1000)
    fail(file, line, "%s took %ld us, expected %ld..%ld ms", what, us, lo_ms,
         hi_ms);
}

#define EXPECT_TOOK(what, us, lo_ms, hi_ms) \
  expect_took(__FILE__, __LINE__, (what), (us), (lo_ms), (hi_ms))

/* ---- child processes ----------------------------------------------------- */

// Waits for any child and checks that it is pid; returns its status.
static inline int
reap(const char *file, int line, int pid)
{
  int st = -1;
  long got = wait(&st);

  if (got != pid)
    fail(file, line, "wait(&st), expected pid %d, got %s", pid,
         show(got, errno));
  return st;
}

// Waits for child pid, which must be the next to end; yields its status.
#define REAP(pid) reap(__FILE__, __LINE__, (pid))

static inline struct kid *
kid_find(int pid)
{
  int i;

  for (i = 0; i < nkids; i++)
    if (kids[i].pid == pid)
      return &kids[i];
  return 0;
}

// fork() for a helper of a case: the parent remembers the child, and
// the child forgets its parent's helpers.
static inline int
kid_fork_at(const char *file, int line)
{
  struct kid *k;
  int pid, i;

  for (i = 0; i < nkids; i++)           // reuse a collected slot
    if (kids[i].state == KID_COLLECTED)
      break;
  if (i == MAXKIDS)
    fail(file, line, "kid_fork: more than %d helpers", MAXKIDS);
  pid = fork();
  if (pid < 0)
    fail(file, line, "fork(), expected a pid, got %s", show(pid, errno));
  if (pid == 0) {
    nkids = 0;
    return 0;
  }
  k = &kids[i];
  k->pid = pid;
  k->state = KID_RUNNING;
  if (i == nkids)
    nkids++;
  return pid;
}

#define kid_fork() kid_fork_at(__FILE__, __LINE__)

// Notes the end of child w, if it is a helper.
static inline void
kid_ended(int w, int st)
{
  struct kid *k = kid_find(w);

  if (k) {
    k->state = KID_EXITED;
    k->status = st;
  }
}

// Collects an exited helper: pid, or any if pid is -1. Returns its pid
// and sets *st, or returns 0 if none ended within ms milliseconds (a
// timer child bounds the wait).
static inline int
kid_reap(int pid, long ms, int *st)
{
  struct kid *k;
  int i, w, s, timer;

  for (;;) {
    for (i = 0; i < nkids; i++) {
      k = &kids[i];
      if (k->state == KID_EXITED && (pid == -1 || k->pid == pid)) {
        k->state = KID_COLLECTED;
        *st = k->status;
        return k->pid;
      }
    }
    k = pid == -1 ? 0 : kid_find(pid);
    if (pid != -1 && (k == 0 || k->state != KID_RUNNING))
      FAIL("kid_reap(%d): not a running helper", pid);

    timer = fork();
    if (timer < 0)
      FAIL("fork() for a timer, got %s", show(timer, errno));
    if (timer == 0) {
      nap(ms);
      _exit(0);
    }
    // Reap until the timer ends or a helper we want does; the timer, if
    // still running, is then killed and reaped too.
    for (;;) {
      w = wait(&s);
      if (w < 0)
        FAIL("wait(), got %s", show(w, errno));
      if (w == timer)
        return 0;
      kid_ended(w, s);
      if (kid_find(w) && (pid == -1 || pid == w))
        break;
    }
    kill(timer, SIGKILL);
    while ((w = wait(&s)) != timer) {
      if (w < 0)
        FAIL("wait() for the timer, got %s", show(w, errno));
      kid_ended(w, s);
    }
  }
}

// Waits up to ms for helper pid; returns its status, or -1 if it is
// still running.
static inline int
kid_wait(int pid, long ms)
{
  int st;

  return kid_reap(pid, ms, &st) ? st : -1;
}

/* ---- fds, pipes and handshakes ------------------------------------------- */

// A closed fd number: the lowest free one, so take it after opening
// everything else.
static inline int
closed_fd(void)
{
  int fd = TRY(dup(0));

  TRY(close(fd));
  return fd;
}

static inline void
set_nonblock(int fd)
{
  int fl = TRY(fcntl(fd, F_GETFL));

  TRY(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
}

// A pipe; nonblocking ends if nb.
static inline void
mkpipe(int p[2], int nb)
{
  TRY(pipe(p));
  if (nb) {
    set_nonblock(p[0]);
    set_nonblock(p[1]);
  }
}

// Writes into the nonblocking fd until EAGAIN; returns the bytes
// written. Linux and nudge differ in capacity, so no case asserts it.
static inline long
fill_pipe(int fd)
{
  static char buf[512];
  long total = 0, n;

  while ((n = write(fd, buf, sizeof buf)) > 0)
    total += n;
  if (errno != EAGAIN)
    FAIL("write(fill, 512), expected -1 (EAGAIN) at the end, got %s",
         show(n, errno));
  while ((n = write(fd, buf, 1)) > 0)       // tops up a partial last slot
    total += n;
  if (errno != EAGAIN)
    FAIL("write(fill, 1), expected -1 (EAGAIN) at the end, got %s",
         show(n, errno));
  return total;
}

// Reads the nonblocking fd until EAGAIN (or EOF); returns the bytes read.
static inline long
drain_pipe(int fd)
{
  static char buf[512];
  long total = 0, n;

  while ((n = read(fd, buf, sizeof buf)) > 0)
    total += n;
  if (n < 0 && errno != EAGAIN)
    FAIL("read(drain), expected -1 (EAGAIN) at the end, got %s",
         show(n, errno));
  return total;
}

// One byte through a pipe: a helper says "I am about to block", or the
// case says "go on". The reader learns of a dead writer by EOF, if it
// closed its own copy of the write end.
static inline void
post(int fd)
{
  if (write(fd, "x", 1) != 1)
    FAIL("post: write(%d, 1), got %s", fd, show(-1, errno));
}

static inline void
expect_post(const char *file, int line, int fd)
{
  char c;
  long n = read(fd, &c, 1);

  if (n != 1)
    fail(file, line, "read(%d) for a handshake byte, expected 1, got %s", fd,
         show(n, errno));
}

#define AWAIT_POST(fd) expect_post(__FILE__, __LINE__, (fd))

/* ---- the runner ---------------------------------------------------------- */

static inline void
result(const char *name, const char *why)
{
  if (why) {
    printf("test %s: FAILED (%s)\n", name, why);
    harness.failed++;
  } else {
    printf("test %s: OK\n", name);
    harness.passed++;
  }
}

// The case running now. A signal that ends the runner (^C, or the
// SIGTERM of a time limit) ends its process group too: being a group of
// its own, the terminal and killpg() would not reach it.
static volatile int running_case;

static inline void
stop_running_case(int sig)
{
  if (running_case > 0)
    kill(-running_case, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

// Waits for the case's child pid or its watchdog wd, whichever ends
// first, and reaps both; *st gets the case's status. Returns 1 if the
// watchdog ended first: the case hung and was killed.
static inline int
await_case(int pid, int wd, int *st)
{
  int w;

  while ((w = wait(st)) != pid && w != wd)
    if (w < 0)
      return 0;
  if (w == pid) {
    kill(wd, SIGKILL);
    while ((w = wait(0)) != wd && w >= 0)
      ;
    return 0;
  }
  kill(pid, SIGKILL);
  while ((w = wait(st)) != pid && w >= 0)
    ;
  return 1;
}

// The case's own process: its group, its report fd, then the case.
static inline void __attribute__((noreturn))
case_child(const struct testcase *t, int p[2])
{
  setpgid(0, 0);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  if (dup2(p[1], REPORT_FD) != REPORT_FD ||
      fcntl(REPORT_FD, F_SETFD, FD_CLOEXEC) < 0)
    _exit(126);
  close(p[0]);
  close(p[1]);
  case_name = t->name;
  t->fn();
  kid_killall();
  _exit(0);
}

// Runs case t once, beside a watchdog. Returns 0 if it passed, 1 if it
// failed and LATE_EXIT if it was only late; why gets the reason.
static inline int
run_once(const struct testcase *t, char *why, int size)
{
  static char msg[700];
  int p[2], wd, pid, st = 0, secs, hung;
  char sb[40];
  long n;

  secs = t->secs ? t->secs : CASE_SECS;
  if (pipe(p) < 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
    snprintf(why, size, "%s: pipe: %s", harness.prog, errname(errno));
    return 1;
  }
  // The watchdog first: a case may take every free process slot.
  wd = fork();
  if (wd == 0) {
    nap(secs * 1000L);
    _exit(0);
  }
  pid = wd < 0 ? -1 : fork();
  if (pid == 0)
    case_child(t, p);
  close(p[1]);
  if (pid < 0) {
    snprintf(why, size, "%s: fork: %s", harness.prog, errname(errno));
    if (wd > 0) {
      kill(wd, SIGKILL);
      waitpid(wd, 0, 0);
    }
    close(p[0]);
    return 1;
  }
  setpgid(pid, pid);            // as the child does: whichever runs first
  running_case = pid;
  hung = await_case(pid, wd, &st);
  running_case = 0;

  // The first line any process of the case reported.
  n = read(p[0], msg, sizeof msg - 1);
  close(p[0]);
  msg[n > 0 ? n : 0] = 0;
  if (strchr(msg, '\n'))
    *strchr(msg, '\n') = 0;

  if (hung)
    snprintf(why, size, "%s%stimed out after %d s", msg,
             msg[0] ? "; then " : "", secs);
  else if (msg[0])
    snprintf(why, size, "%s", msg);
  else if (st != 0)
    snprintf(why, size, "%s, with no report", showstatus(sb, sizeof sb, st));
  else
    return 0;
  kill(-pid, SIGKILL);          // whatever the case left running
  if (!hung && WIFEXITED(st) && WEXITSTATUS(st) == LATE_EXIT &&
      strncmp(msg, "late: ", 6) == 0)
    return LATE_EXIT;
  return 1;
}

// Runs case t, again while it is only late, and reports it.
static inline void
run(const struct testcase *t)
{
  static char why[760];
  int r, attempt = 1;

  while ((r = run_once(t, why, sizeof why)) == LATE_EXIT &&
         attempt < ATTEMPTS) {
    printf("%s: %s attempt %d: %s\n", harness.prog, t->name, attempt, why);
    attempt++;
  }
  result(t->name, r ? why : 0);
}

// Marks what NAME selects (see the top of this file); returns how many.
static inline int
choose(const char *name, int quick)
{
  int i, n = 0, len = strlen(name);

  for (i = 0; i < harness.ncases; i++) {
    if (strcmp(harness.cases[i].name, name) == 0) {
      harness.chosen[i] = 1;
      return 1;
    }
  }
  for (i = 0; i < harness.ncases; i++) {
    const struct testcase *t = &harness.cases[i];
    if (strncmp(t->name, name, len) == 0 && !t->by_name &&
        (!quick || t->quick)) {
      harness.chosen[i] = 1;
      n++;
    }
  }
  return n;
}

static inline void __attribute__((noreturn))
usage(void)
{
  fprintf(stderr, "usage: %s [-q] [-v] [-l] [NAME...]\n", harness.prog);
  exit(2);
}

// Reads the command line: marks the cases to run, or with -l prints
// their names and exits.
static inline void
harness_start(const char *prog, const struct testcase *cases, int ncases,
              int argc, char *argv[])
{
  int i, quick = 0, list = 0, named = 0;

  setvbuf(stdout, 0, _IONBF, 0);
  signal(SIGINT, stop_running_case);
  signal(SIGTERM, stop_running_case);
  harness.prog = prog;
  harness.cases = cases;
  harness.ncases = ncases;
  harness.chosen = calloc(ncases, 1);
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if (strcmp(argv[i], "-v") == 0)
      verbose = 1;
    else if (strcmp(argv[i], "-l") == 0)
      list = 1;
    else if (argv[i][0] == '-')
      usage();
    else
      named = 1;
  }
  if (!named)
    choose("", quick);
  for (i = 1; i < argc; i++) {
    if (argv[i][0] != '-' && choose(argv[i], quick) == 0) {
      fprintf(stderr, "%s: no %stest named %s\n", prog, quick ? "quick " : "",
              argv[i]);
      harness.failed++;
    }
  }
  if (list) {
    for (i = 0; i < ncases; i++)
      if (harness.chosen[i])
        printf("%s\n", cases[i].name);
    exit(harness.failed ? 1 : 0);
  }
  harness.t0 = now_us();
}

// Runs the cases harness_start() chose, in the table's order.
static inline void
harness_run(void)
{
  int i;

  for (i = 0; i < harness.ncases; i++)
    if (harness.chosen[i])
      run(&harness.cases[i]);
}

// Prints the count line; returns the exit status.
static inline int
harness_end(void)
{
  if (verbose)
    printf("%s: %ld ms\n", harness.prog, (now_us() - harness.t0) / 1000);
  printf("%s: %d passed, %d failed\n", harness.prog, harness.passed,
         harness.failed);
  return harness.failed ? 1 : 0;
}

// A program's main: runs what the command line selects, and returns the
// exit status.
static inline int
harness_main(const char *prog, const struct testcase *cases, int ncases,
             int argc, char *argv[])
{
  harness_start(prog, cases, ncases, argc, argv);
  harness_run();
  return harness_end();
}

#endif
