/*
 * spawn: posix_spawn, which glibc builds on clone(CLONE_VM | CLONE_VFORK):
 * the child runs on the parent's memory until it execs, and the parent
 * goes on only then. The program spawns itself with an argument (the
 * child prints and exits with a code of its own), and checks the
 * parent's memory is as it left it. The parent prints only once the
 * child is reaped, so the lines come in one order.
 *
 * (A missing program is left out: glibc's child reports the exec's error
 * through the memory it shares with the parent, and qemu-riscv64 runs
 * CLONE_VFORK as a plain fork, so under it the error never comes back.)
 */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;


int
main(int argc, char *argv[])
{
  static volatile int canary = 1234;
  char *args[] = { argv[0], "child", 0 };
  pid_t pid;
  int st, r, failed;

  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    printf("child: spawned, pid differs from parent's: %s\n",
           getpid() != getppid() ? "yes" : "no");
    return 7;
  }

  r = posix_spawn(&pid, argv[0], 0, 0, args, environ);
  if (r != 0 || waitpid(pid, &st, 0) != pid) {
    printf("posix_spawn of itself: %s\n", r ? strerror(r) : "no child to wait for");
    return 1;
  }
  printf("posix_spawn of itself: 0\n");
  printf("the child: %s\n", status_str(st));
  failed = st != 7 << 8;

  printf("the parent's memory as it left it: %s\n", canary == 1234 ? "yes" : "no");
  fflush(stdout);
  return failed;
}
