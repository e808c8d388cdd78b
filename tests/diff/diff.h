/*
 * diff.h: what every differential test program shares. A program is built
 * once, as Linux builds programs (riscv64-linux-gnu-gcc -static, glibc),
 * and the one binary runs on Linux under qemu-riscv64 (the oracle) and on
 * nudge; tests/checks/diff.sh compares the two outputs line by line, so a
 * program prints observations only:
 *
 *   === PROGRAM begin
 *   CASE: observation            one line per case
 *   === PROGRAM end
 *
 * Observations are return values, errno names, event masks spelled as
 * names (IN|OUT|HUP), counts and data values: never pids, addresses,
 * capacities or times, which may rightly differ.
 *
 * Interface:
 * - CASE(name) { ... }  defines a case; it calls say() exactly once.
 * - RUN(name)           runs it in a forked child, so a case that crashes,
 *                       leaks fds or leaves errno set cannot touch the next.
 * - RUN_NATIVE(name)    the same, for a case qemu-user answers unlike Linux
 *                       (docs/testing.md lists them): under qemu-riscv64,
 *                       with DIFF_QEMU_USER set, it prints "=== native NAME"
 *                       instead, and diff.sh takes Linux's answer from the
 *                       same source built with the host's gcc, run natively.
 * - diff_begin(prog), diff_end(): the marker lines, first and last in main.
 * - say(fmt, ...)       prints "CASE: ..." as one line.
 * - res(r)              "3" for r >= 0, "-1 EBADF" for -1 with errno EBADF.
 * - errname(e), masks(m): an errno (user/include/errname.h, which the
 *                       guest's test programs share), an event mask, as
 *                       names.
 * - fill(fd), drain(fd): write to a pipe until it is full, read an fd until
 *                       it is empty, whatever its O_NONBLOCK.
 * - rdstr(fd)           one read of up to 64 bytes: "5 hello" or "-1 EAGAIN".
 * - reap()              wait for a child: "exit N" or "killed N".
 * - opaque(v)           v, which the compiler cannot see through (for NULL).
 * - enter(dir)          make dir in the cwd and move into it.
 * - mkfile_rw(name, s)  a new file holding s, open for reading and writing.
 *
 * Include it before any other header.
 */
#ifndef DIFF_H
#define DIFF_H

// glibc declares pipe2() and dup3() only for _GNU_SOURCE.
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../user/include/errname.h"

#define CASE(name) static void name(void)
#define RUN(name) diff_run(#name, name, 0)
#define RUN_NATIVE(name) diff_run(#name, name, 1)

static const char *diff_case;   // the case now running (in its child)
static int diff_lines;          // lines that case has printed

// Strings returned by res(), masks() and rdstr() live in a
// small ring, so several can appear in one say().
#define DIFF_BUFSZ 256

static inline char *
diff_buf(void)
{
  static char ring[16][DIFF_BUFSZ];
  static int next;

  next = (next + 1) % 16;
  return ring[next];
}

// A system call's result: the value, or -1 and errno's name. Call it
// right after the call, before anything else can change errno.
static inline const char *
res(long r)
{
  char *s = diff_buf();

  if (r < 0)
    snprintf(s, DIFF_BUFSZ, "%ld %s", r, errname(errno));
  else
    snprintf(s, DIFF_BUFSZ, "%ld", r);
  return s;
}

// An event mask as names, lowest bit first ("IN|OUT|HUP"); "0" if empty.
// The values are Linux's include/uapi/asm-generic/poll.h and
// include/uapi/linux/eventpoll.h, which poll, select and epoll share.
static inline const char *
masks(unsigned int m)
{
  static const struct { unsigned int bit; const char *name; } bits[] = {
    { 0x001, "IN" }, { 0x002, "PRI" }, { 0x004, "OUT" }, { 0x008, "ERR" },
    { 0x010, "HUP" }, { 0x020, "NVAL" }, { 0x040, "RDNORM" },
    { 0x080, "RDBAND" }, { 0x100, "WRNORM" }, { 0x200, "WRBAND" },
    { 0x400, "MSG" }, { 0x2000, "RDHUP" }, { 1u << 28, "EXCLUSIVE" },
    { 1u << 29, "WAKEUP" }, { 1u << 30, "ONESHOT" }, { 1u << 31, "ET" },
  };
  char *s = diff_buf();
  unsigned int i;

  s[0] = '\0';
  for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
    if (m & bits[i].bit) {
      if (s[0])
        strcat(s, "|");
      strcat(s, bits[i].name);
      m &= ~bits[i].bit;
    }
  }
  if (m)
    snprintf(s + strlen(s), DIFF_BUFSZ - strlen(s), "%s0x%x",
             s[0] ? "|" : "", m);
  if (s[0] == '\0')
    strcpy(s, "0");
  return s;
}

// v, hidden from the compiler, which would refuse a NULL buffer or an
// impossible size where the C library's headers annotate the argument.
static inline unsigned long
opaque(unsigned long v)
{
  volatile unsigned long x = v;

  return x;
}

static inline void
enter(const char *dir)
{
  mkdir(dir, 0755);
  chdir(dir);
}

static inline int
mkfile_rw(const char *name, const char *s)
{
  int fd = open(name, O_CREAT | O_TRUNC | O_RDWR, 0644);

  write(fd, s, strlen(s));
  return fd;
}

// Copy a string built elsewhere into the ring.
static inline const char *
keep(const char *str)
{
  return strcpy(diff_buf(), str);
}

// Switch O_NONBLOCK on or off for fd's open file; returns the old flags.
static inline int
nonblock(int fd, int on)
{
  int fl = fcntl(fd, F_GETFL);

  fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
  return fl;
}

// Write 512-byte blocks until the pipe is full. Returns 1 if it stopped
// at EAGAIN, as it should. How much fitted is never printed: pipe
// capacity differs between Linux and nudge by design.
static inline int
fill(int fd)
{
  static char block[512];
  int fl = nonblock(fd, 1);
  long n;

  while ((n = write(fd, block, sizeof(block))) > 0)
    ;
  n = (n < 0 && errno == EAGAIN);
  fcntl(fd, F_SETFL, fl);
  return n;
}

// Read until nothing is left (EAGAIN) or EOF; returns the bytes read.
static inline long
drain(int fd)
{
  static char block[512];
  int fl = nonblock(fd, 1);
  long n, total = 0;

  while ((n = read(fd, block, sizeof(block))) > 0)
    total += n;
  fcntl(fd, F_SETFL, fl);
  return total;
}

// One read of up to 64 bytes, described: "5 hello", "0", "-1 EAGAIN".
static inline const char *
rdstr(int fd)
{
  char data[65];
  char *s;
  long n;

  n = read(fd, data, 64);
  if (n <= 0)
    return res(n);
  data[n] = '\0';
  s = diff_buf();
  snprintf(s, DIFF_BUFSZ, "%ld %s", n, data);
  return s;
}

// Wait for one child: "exit N", or "killed N" for a signal.
static inline const char *
reap(void)
{
  char *s = diff_buf();
  int status;

  if (wait(&status) < 0)
    return res(-1);
  if (WIFSIGNALED(status))
    snprintf(s, DIFF_BUFSZ, "killed %d", WTERMSIG(status));
  else
    snprintf(s, DIFF_BUFSZ, "exit %d", WEXITSTATUS(status));
  return s;
}

static inline void __attribute__((format(printf, 1, 2)))
say(const char *fmt, ...)
{
  static char line[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  printf("%s: %s\n", diff_case, line);
  diff_lines++;
}

static inline void
diff_begin(const char *prog)
{
  // Unbuffered: a buffer would be copied into every forked child.
  setvbuf(stdout, 0, _IONBF, 0);
  printf("=== %s begin\n", prog);
}

static inline int
diff_end(const char *prog)
{
  printf("=== %s end\n", prog);
  return 0;
}

// Run one case in a child. The child's exit status says whether it
// printed its line; if not, or if it died, the parent prints one for it.
// A native case (RUN_NATIVE) only names itself under qemu-user.
static inline void
diff_run(const char *name, void (*fn)(void), int native)
{
  int pid, status;

  diff_case = name;
  if (native && getenv("DIFF_QEMU_USER")) {
    printf("=== native %s\n", name);
    return;
  }
  pid = fork();
  if (pid < 0) {
    say("fork %s", res(pid));
    return;
  }
  if (pid == 0) {
    diff_lines = 0;
    fn();
    _exit(diff_lines == 1 ? 0 : 1);
  }
  if (wait(&status) != pid)
    say("wait failed");
  else if (WIFSIGNALED(status))
    say("case died");
  else if (WEXITSTATUS(status) != 0)
    say("case printed no line or several");
}

#endif
