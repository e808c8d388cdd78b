/*
 * diff_sys: what the system says about itself and the limits it sets:
 * uname and sysinfo (their shape, never their values), getrlimit,
 * setrlimit and prlimit64 (their errors, in Linux's order, and
 * RLIMIT_NOFILE lowered: fd allocation, dup2, F_DUPFD and poll beneath
 * it, a fork inheriting it), and the terminal ioctls on files that are not
 * terminals. The console itself is not compared: on Linux the output is
 * a file. Limits' values are not compared either: Linux's come from its
 * machine and its login.
 *
 * getrlimit and setrlimit are compared twice: as the C library's
 * functions (glibc's are prlimit64, and so are nudge's) and as the
 * system calls (x86-64's have other numbers, the same code).
 */
#include "diff.h"

#include <limits.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>

#ifdef __GLIBC__
#include <sys/syscall.h>
#define raw_getrlimit(r, l) syscall(SYS_getrlimit, (r), (l))
#define raw_setrlimit(r, l) syscall(SYS_setrlimit, (r), (l))
#else
#include <nudge.h>
#define raw_getrlimit __sys_getrlimit
#define raw_setrlimit __sys_setrlimit
#endif

static const char *
yes(int cond)
{
  return cond ? "yes" : "no";
}

// Is each of the 65-byte fields NUL-terminated?
static int
fields_ended(const struct utsname *u)
{
  const char *f[] = { u->sysname, u->nodename, u->release, u->version,
                      u->machine, u->domainname };
  unsigned int i;

  for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
    if (memchr(f[i], 0, 65) == 0)
      return 0;
  return 1;
}

CASE(uname_shape)
{
  struct utsname u;
  long r;

  memset(&u, 'x', sizeof(u));
  r = uname(&u);
  say("%s; size %d; fields ended: %s; release starts with a digit: %s",
      res(r), (int)sizeof(u), yes(fields_ended(&u)),
      yes(u.release[0] >= '0' && u.release[0] <= '9'));
}

CASE(uname_bad)
{
  say("NULL: %s; 1: %s", res(uname((struct utsname *)opaque(0))),
      res(uname((struct utsname *)opaque(1))));
}

CASE(sysinfo_shape)
{
  struct sysinfo si;
  long r;

  memset(&si, 0xff, sizeof(si));
  r = sysinfo(&si);
  say("%s; size %d; mem_unit %u; free within total: %s; uptime > 0: %s; "
      "procs > 1: %s", res(r), (int)sizeof(si), si.mem_unit,
      yes(si.freeram > 0 && si.freeram <= si.totalram),
      yes(si.uptime > 0), yes(si.procs > 1));
}

CASE(sysinfo_bad)
{
  say("NULL: %s; 1: %s", res(sysinfo((struct sysinfo *)opaque(0))),
      res(sysinfo((struct sysinfo *)opaque(1))));
}

CASE(getrlimit_call_errors)
{
  struct rlimit rl;

  say("16: %s; -1: %s; 16 and NULL: %s; NOFILE and NULL: %s; "
      "NOFILE and 1: %s", res(raw_getrlimit(16, &rl)),
      res(raw_getrlimit(-1, &rl)),
      res(raw_getrlimit(16, (struct rlimit *)opaque(0))),
      res(raw_getrlimit(RLIMIT_NOFILE, (struct rlimit *)opaque(0))),
      res(raw_getrlimit(RLIMIT_NOFILE, (struct rlimit *)opaque(1))));
}

// The setrlimit call reads the limit before it looks at the resource.
CASE(setrlimit_call_errors)
{
  struct rlimit ok;

  getrlimit(RLIMIT_NOFILE, &ok);
  say("16 and NULL: %s; 16: %s; NOFILE and 1: %s; unchanged: %s",
      res(raw_setrlimit(16, (struct rlimit *)opaque(0))),
      res(raw_setrlimit(16, &ok)),
      res(raw_setrlimit(RLIMIT_NOFILE, (struct rlimit *)opaque(1))),
      res(raw_setrlimit(RLIMIT_NOFILE, &ok)));
}

CASE(getrlimit_errors)
{
  struct rlimit rl;

  say("16: %s; -1: %s; 16 and NULL: %s; NOFILE and NULL: %s; "
      "NOFILE and 1: %s", res(getrlimit(16, &rl)), res(getrlimit(-1, &rl)),
      res(getrlimit(16, (struct rlimit *)opaque(0))),
      res(getrlimit(RLIMIT_NOFILE, (struct rlimit *)opaque(0))),
      res(getrlimit(RLIMIT_NOFILE, (struct rlimit *)opaque(1))));
}

// A hard limit past the most fds there can be is EPERM, even for root.
CASE(setrlimit_errors)
{
  struct rlimit ok, inverted, inf = { 8, RLIM_INFINITY };

  getrlimit(RLIMIT_NOFILE, &ok);
  inverted.rlim_cur = 10;
  inverted.rlim_max = 5;
  say("16 and NULL: %s; 16: %s; soft above hard: %s; NOFILE unlimited: %s; "
      "unchanged: %s", res(setrlimit(16, (struct rlimit *)opaque(0))),
      res(setrlimit(16, &ok)), res(setrlimit(RLIMIT_NOFILE, &inverted)),
      res(setrlimit(RLIMIT_NOFILE, &inf)), res(setrlimit(RLIMIT_NOFILE, &ok)));
}

// prlimit: the new limit is read first, then the process is found, then
// the resource is checked.
CASE(prlimit_errors)
{
  struct rlimit rl;

  say("no pid, bad new: %s; no pid: %s; pid -1: %s; resource 16: %s; "
      "self: %s", res(prlimit(INT_MAX, 16, (struct rlimit *)opaque(1), 0)),
      res(prlimit(INT_MAX, 16, 0, 0)), res(prlimit(-1, RLIMIT_NOFILE, 0, 0)),
      res(prlimit(0, 16, 0, 0)),
      res(prlimit(getpid(), RLIMIT_NOFILE, 0, &rl)));
}

// A bad pointer for the old limit is EFAULT, but the new one is set.
CASE(prlimit_old_bad)
{
  struct rlimit rl, now;
  long r;

  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = 10;
  r = prlimit(0, RLIMIT_NOFILE, &rl, (struct rlimit *)opaque(1));
  getrlimit(RLIMIT_NOFILE, &now);
  say("%s; set anyway: %s", res(r), yes(now.rlim_cur == 10));
}

// With RLIMIT_NOFILE at 10, fds come from below 10 until EMFILE; dup2
// to 10 is EBADF, F_DUPFD from 10 EINVAL, poll of 11 fds EINVAL; an fd
// already above stays open; a fork has the same limit.
CASE(nofile_lowered)
{
  struct rlimit rl, child;
  struct pollfd pfd[11];
  int fd, below = 1, p[2];

  dup2(0, 15);
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = 10;
  setrlimit(RLIMIT_NOFILE, &rl);
  while ((fd = dup(0)) >= 0)
    below &= fd < 10;
  memset(pfd, 0, sizeof(pfd));
  close(8);
  close(9);
  pipe(p);
  if (fork() == 0) {
    getrlimit(RLIMIT_NOFILE, &child);
    write(p[1], &child.rlim_cur, sizeof(child.rlim_cur));
    _exit(0);
  }
  wait(0);
  read(p[0], &child.rlim_cur, sizeof(child.rlim_cur));
  say("all below 10: %s; then %s; dup2 to 10: %s; F_DUPFD 10: %s; "
      "poll 11: %s; fd 15 open: %s; the child's limit %ld", yes(below),
      res(dup(0)), res(dup2(0, 10)), res(fcntl(0, F_DUPFD, 10)),
      res(poll(pfd, 11, 0)), yes(fcntl(15, F_GETFD) >= 0),
      (long)child.rlim_cur);
}

// Pipes, files and eventfds are not terminals: ENOTTY, and isatty 0.
CASE(not_a_tty)
{
  struct termios t;
  struct winsize ws;
  int p[2], efd, fd, tty;

  pipe(p);
  efd = eventfd(0, 0);
  fd = open("dsys_file", O_CREAT | O_RDWR | O_TRUNC, 0644);
  unlink("dsys_file");
  tty = isatty(p[0]);
  say("pipe TCGETS: %s; pipe TIOCGWINSZ: %s; pipe TCSETS: %s; "
      "eventfd: %s; file: %s; isatty %d %s", res(ioctl(p[0], TCGETS, &t)),
      res(ioctl(p[1], TIOCGWINSZ, &ws)), res(ioctl(p[0], TCSETS, &t)),
      res(ioctl(efd, TCGETS, &t)), res(ioctl(fd, TCGETS, &t)), tty,
      errname(errno));
}

CASE(tty_badfd)
{
  struct termios t;
  int tty;

  tty = isatty(99);
  say("TCGETS: %s; isatty %d %s; tcgetattr: %s",
      res(ioctl(99, TCGETS, &t)), tty, errname(errno),
      res(tcgetattr(-1, &t)));
}

int
main(void)
{
  diff_begin("diff_sys");
  RUN(uname_shape);
  RUN(uname_bad);
  RUN(sysinfo_shape);
  RUN_NATIVE(sysinfo_bad);          // qemu-user: sysinfo(NULL) is 0
  RUN(getrlimit_call_errors);
  RUN(setrlimit_call_errors);
  RUN(getrlimit_errors);
  RUN(setrlimit_errors);
  RUN(prlimit_errors);
  RUN(prlimit_old_bad);
  RUN(nofile_lowered);
  RUN(not_a_tty);
  RUN(tty_badfd);
  return diff_end("diff_sys");
}
