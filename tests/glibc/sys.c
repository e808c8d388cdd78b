/*
 * sys: glibc's uname, sysinfo, getrlimit/setrlimit/prlimit (all on
 * prlimit64) and isatty/tcgetattr (on TCGETS), printing only what Linux
 * and nudge share: results, errnos, the machine, how values relate.
 * Names, versions and limits' values differ by design (docs/abi.md), and
 * stdout is a file under qemu-riscv64 but the console on nudge, so
 * isatty is asked of a pipe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

static const char *
result(int r)
{
  static char buf[64];

  if (r < 0)
    snprintf(buf, sizeof(buf), "-1 %s", strerrorname_np(errno));
  else
    snprintf(buf, sizeof(buf), "%d", r);
  return buf;
}

int
main(void)
{
  struct utsname u;
  struct sysinfo si;
  struct rlimit rl, old;
  struct termios t;
  int p[2], fd, below = 1, r;

  setvbuf(stdout, 0, _IONBF, 0);
  r = uname(&u);
  printf("uname: %s, machine %s\n", result(r), u.machine);
  r = sysinfo(&si);
  printf("sysinfo: %s, mem_unit %u, free within total: %s\n", result(r),
         si.mem_unit, si.freeram <= si.totalram ? "yes" : "no");

  printf("getrlimit 16: %s\n", result(getrlimit(16, &rl)));
  getrlimit(RLIMIT_NOFILE, &rl);
  printf("soft within hard: %s\n", rl.rlim_cur <= rl.rlim_max ? "yes" : "no");
  old = rl;
  rl.rlim_cur = 12;
  printf("setrlimit 12: %s\n", result(setrlimit(RLIMIT_NOFILE, &rl)));
  while ((fd = open("/", O_RDONLY)) >= 0)
    below &= fd < 12;
  printf("open until %s: all below 12: %s\n", result(fd),
         below ? "yes" : "no");
  printf("prlimit back: %s\n", result(prlimit(0, RLIMIT_NOFILE, &old, &rl)));
  printf("the old soft limit: %ld\n", (long)rl.rlim_cur);

  pipe(p);
  r = isatty(p[0]);
  printf("isatty(pipe): %d %s\n", r, strerrorname_np(errno));
  printf("tcgetattr(pipe): %s\n", result(tcgetattr(p[1], &t)));
  printf("tcgetattr(99): %s\n", result(tcgetattr(99, &t)));
  return 0;
}
