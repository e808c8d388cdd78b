/*
 * check.h: what the glibc programs that assert share (threads,
 * epthreads, thrstress, futex, and the signal programs, which have a
 * section of their own at the end). A check prints one line, "what: value",
 * the same on Linux and on nudge when the kernel is right; a value other
 * than the one Linux gives adds "(expected X)" and counts a failure, and
 * check_done() turns the count into the exit status. So a wrong kernel
 * shows twice: as a line that differs from Linux's, and as a nonzero exit
 * where a line alone would not tell. A child is waited for with a bound:
 * one that hangs is killed and reported "hung", not waited for forever.
 * Only the main thread prints, so the output is in program order. A
 * program including this defines _GNU_SOURCE first (strerrorname_np).
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
