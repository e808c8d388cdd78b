/*
 * evtest.h: the runner and checks shared by polltest, eventfdtest and
 * epolltest. It uses only standard calls, so the same programs build with
 * nudge's libc and with glibc on Linux, where every case must pass: Linux
 * is the oracle.
 *
 *   prog             every case
 *   prog -q          the quick cases
 *   prog -v ...      also print each case's details
 *   prog NAME...     the named cases
 *
 * Each case runs in a child of its own, beside a watchdog child that sleeps
 * for the case's time limit; if the watchdog ends first, the case hung (a
 * lost wakeup) and is killed. A failed check in any process of a case
 * writes one line, "file:line: what, expected X, got Y", to the report
 * pipe at REPORT_FD and exits; the runner prints the first such line:
 *
 *   test NAME: OK
 *   test NAME: FAILED (user/polltest.c:88: fds[0].revents, expected 0x1 (IN),
 *     got 0x0)      <- all on one line
 *   polltest: 43 passed, 1 failed
 *
 * Inside a case, kid_fork() starts helper processes and kid_wait() waits
 * for one with a deadline (a timer child bounds the wait, so no wait ever
 * hangs); a failing check kills the helpers its process started.
 *
 * Events are ordered by objects (a byte through a pipe says "I am about
 * to block"), never by sleeping. settle() only makes it likely that a
 * helper has gone to sleep before the event, so the wakeup path is what
 * runs; a case is correct without it, except the EXCLUSIVE counts, which
 * say so.
 *
 * On Linux, build with the host compiler and -iquote (not -I) for this
 * directory, so that glibc's headers, not nudge's, answer <poll.h>:
 *   gcc -Wall -Werror -O -iquote user/include -o polltest user/polltest.c
 *
 * Everything here is static inline: each program uses a different part.
 */
#ifndef EVTEST_H
#define EVTEST_H

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

#define NELEM(a)      ((int)(sizeof(a) / sizeof((a)[0])))

#define REPORT_FD     1000    // failures go here; high, so cases own low fds
#define CASE_SECS     10      // a case's default time limit
#define KID_MS        5000    // how long a check waits for a helper to end
#define SETTLE_MS     100     // time for a helper to reach its sleep
#define MAXKIDS       64

// A kernel address: outside the user range on nudge (Sv39) and on
// x86-64, so every system call must refuse it with EFAULT.
#define KERNEL_ADDR   hide((void *)0xfffffffffffff000UL)

struct evtest {
  const char *name;
  void (*fn)(void);
  int quick;                  // in the -q subset
  int secs;                   // time limit; 0 means CASE_SECS
};

static int verbose;           // -v: cases print details with note()
static const char *case_name; // the case this process belongs to

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

static inline const char *
errname(int e)
{
  static const struct { int num; const char *name; } names[] = {
    { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
    { EINTR, "EINTR" }, { EBADF, "EBADF" }, { ECHILD, "ECHILD" },
    { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" },
    { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" },
    { EMFILE, "EMFILE" }, { ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" },
    { EPIPE, "EPIPE" }, { ENOSYS, "ENOSYS" }, { ELOOP, "ELOOP" },
  };
  static char num[24];
  int i;

  for (i = 0; i < NELEM(names); i++)
    if (names[i].num == e)
      return names[i].name;
  snprintf(num, sizeof num, "errno %d", e);
  return num;
}

// A system call's result as a message shows it: "3", or "-1 (EBADF)".
static inline const char *
show(long v, int err)
{
  static char buf[48];

  if (v == -1)
    snprintf(buf, sizeof buf, "-1 (%s)", errname(err));
  else
    snprintf(buf, sizeof buf, "%ld", v);
  return buf;
}

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

static inline const char *
showstatus(char *out, int size, int st)
{
  if (WIFSIGNALED(st))
    snprintf(out, size, "killed by signal %d", WTERMSIG(st));
  else
    snprintf(out, size, "exit %d", WEXITSTATUS(st));
  return out;
}

/* ---- helper processes ---------------------------------------------------- */

// This process's children, so a failure can end them and a wait can
// have a deadline. A forked child starts with an empty table.
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

static inline void __attribute__((noreturn, format(printf, 3, 4)))
fail(const char *file, int line, const char *fmt, ...)
{
  static char msg[600];
  va_list ap;
  int n;

  n = snprintf(msg, sizeof msg - 1, "%s:%d: ", file, line);
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - 1 - n, fmt, ap);
  va_end(ap);
  n = strlen(msg);
  msg[n++] = '\n';
  write(REPORT_FD, msg, n);
  kid_killall();
  _exit(1);
}

static inline struct kid *
kid_find(int pid)
{
  int i;

  for (i = 0; i < nkids; i++)
    if (kids[i].pid == pid)
      return &kids[i];
  return 0;
}

// fork() for a case: the parent remembers the child, and the child
// forgets its parent's helpers.
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
      fail(__FILE__, __LINE__, "kid_reap(%d): not a running helper", pid);

    timer = fork();
    if (timer < 0)
      fail(__FILE__, __LINE__, "fork() for a timer, got %s",
           show(timer, errno));
    if (timer == 0) {
      nap(ms);
      _exit(0);
    }
    // Reap until the timer ends or a helper we want does; the timer, if
    // still running, is then killed and reaped too.
    for (;;) {
      w = wait(&s);
      if (w < 0)
        fail(__FILE__, __LINE__, "wait(), got %s", show(w, errno));
      if (w == timer)
        return 0;
      if ((k = kid_find(w)) != 0) {
        k->state = KID_EXITED;
        k->status = s;
        if (pid == -1 || pid == w)
          break;
      }
    }
    kill(timer, SIGKILL);
    while ((w = wait(&s)) != timer) {
      if (w < 0)
        fail(__FILE__, __LINE__, "wait() for the timer, got %s",
             show(w, errno));
      if ((k = kid_find(w)) != 0) {
        k->state = KID_EXITED;
        k->status = s;
      }
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

static inline void
expect_status(const char *file, int line, int pid, int st, int want)
{
  char g[40], w[40];

  if (st == -1)
    fail(file, line, "helper %d, expected %s, got no end within %d ms", pid,
         showstatus(w, sizeof w, want), KID_MS);
  if (st != want)
    fail(file, line, "helper %d, expected %s, got %s", pid,
         showstatus(w, sizeof w, want), showstatus(g, sizeof g, st));
}

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
#define FAIL(...) fail(__FILE__, __LINE__, __VA_ARGS__)

#define kid_fork() kid_fork_at(__FILE__, __LINE__)
// Helper pid must exit with code within KID_MS.
#define EXPECT_EXIT(pid, code) \
  expect_status(__FILE__, __LINE__, (pid), kid_wait((pid), KID_MS), \
                ((code) & 0xff) << 8)
// Helper pid must end killed by SIGKILL within KID_MS.
#define EXPECT_KILLED(pid) \
  expect_status(__FILE__, __LINE__, (pid), kid_wait((pid), KID_MS), SIGKILL)

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

/* ---- time ---------------------------------------------------------------- */

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

static int passed, failed;

static inline void
result(const char *name, const char *why)
{
  if (why) {
    printf("test %s: FAILED (%s)\n", name, why);
    failed++;
  } else {
    printf("test %s: OK\n", name);
    passed++;
  }
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

// Runs one case in a child of its own beside a watchdog, and reports it.
static inline void
run(const struct evtest *t)
{
  static char msg[700], why[760];
  int p[2], wd, pid, st = 0, secs, timedout;
  char sb[40];
  long n;

  secs = t->secs ? t->secs : CASE_SECS;
  if (pipe(p) < 0 || fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) {
    snprintf(why, sizeof why, "pipe: %s", errname(errno));
    result(t->name, why);
    return;
  }
  wd = fork();
  if (wd == 0) {
    nap(secs * 1000L);
    _exit(0);
  }
  pid = fork();
  if (pid == 0) {
    if (dup2(p[1], REPORT_FD) != REPORT_FD)
      _exit(126);
    close(p[0]);
    close(p[1]);
    case_name = t->name;
    t->fn();
    kid_killall();
    _exit(0);
  }
  close(p[1]);
  if (pid < 0 || wd < 0) {
    snprintf(why, sizeof why, "fork: %s", errname(errno));
    if (wd > 0)
      kill(wd, SIGKILL);
    while (wait(0) >= 0)
      ;
    close(p[0]);
    result(t->name, why);
    return;
  }
  timedout = await_case(pid, wd, &st);

  // The first line any process of the case reported.
  n = read(p[0], msg, sizeof msg - 1);
  close(p[0]);
  msg[n > 0 ? n : 0] = 0;
  if (strchr(msg, '\n'))
    *strchr(msg, '\n') = 0;

  if (timedout && msg[0])
    snprintf(why, sizeof why, "%s; then timed out after %d s", msg, secs);
  else if (timedout)
    snprintf(why, sizeof why, "timed out after %d s", secs);
  else if (msg[0])
    snprintf(why, sizeof why, "%s", msg);
  else if (st != 0)
    snprintf(why, sizeof why, "%s, with no report",
             showstatus(sb, sizeof sb, st));
  else {
    result(t->name, 0);
    return;
  }
  result(t->name, why);
}

// The program's main: runs the cases argv names (all, or -q's quick
// subset), prints the count line, and returns the exit status.
static inline int
evtest_main(const char *prog, const struct evtest *tests, int ntests,
            int argc, char *argv[])
{
  int i, j, quick = 0, named = 0;
  long t0;

  setvbuf(stdout, 0, _IONBF, 0);
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if (strcmp(argv[i], "-v") == 0)
      verbose = 1;
    else
      named = 1;
  }
  t0 = now_us();
  if (!named) {
    for (i = 0; i < ntests; i++)
      if (!quick || tests[i].quick)
        run(&tests[i]);
  } else {
    for (i = 1; i < argc; i++) {
      if (argv[i][0] == '-')
        continue;
      for (j = 0; j < ntests; j++)
        if (strcmp(tests[j].name, argv[i]) == 0)
          break;
      if (j < ntests) {
        run(&tests[j]);
      } else {
        printf("%s: no test named %s\n", prog, argv[i]);
        failed++;
      }
    }
  }
  if (verbose)
    printf("%s: %ld ms\n", prog, (now_us() - t0) / 1000);
  printf("%s: %d passed, %d failed\n", prog, passed, failed);
  return failed ? 1 : 0;
}

#endif
