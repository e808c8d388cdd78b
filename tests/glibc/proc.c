/*
 * proc: processes through glibc: fork, execve of this program with an
 * environment, wait4/waitpid statuses for exits and kills, getenv and
 * setenv, getppid, and the environment a child inherits.
 */
#define _GNU_SOURCE
#include "check.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>


int
main(int argc, char *argv[])
{
  int st, p[2], pid, i;
  struct rusage ru;
  char c;

  // The exec'd image. With execl it inherits the caller's environment,
  // which is the test's; execve gives it one of its own.
  if (argc == 3 && strcmp(argv[1], "--child") == 0) {
    printf("child: argv[2] %s, NUDGE_TEST=%s", argv[2], getenv("NUDGE_TEST"));
    if (strcmp(argv[2], "execve") == 0)
      printf(", HOME=%s", getenv("HOME") ? getenv("HOME") : "(none)");
    printf("\n");
    return 12;
  }
  setvbuf(stdout, 0, _IONBF, 0);

  for (i = 0; i < 3; i++) {
    pid = fork();
    if (pid == 0)
      _exit(i * 100);
    printf("fork/waitpid: %s\n",
           waitpid(pid, &st, 0) == pid ? status_str(st) : "wrong pid");
  }

  pipe(p);
  pid = fork();
  if (pid == 0) {
    read(p[0], &c, 1);
    _exit(0);
  }
  kill(pid, SIGKILL);
  printf("killed: %s\n", wait4(pid, &st, 0, &ru) == pid ? status_str(st) : "wrong");

  pid = fork();
  if (pid == 0) {
    printf("child's parent is the parent: %s\n",
           getppid() != getpid() ? "yes" : "no");
    _exit(0);
  }
  waitpid(pid, &st, 0);

  setenv("NUDGE_TEST", "inherited", 1);
  pid = fork();
  if (pid == 0) {
    execl(argv[0], argv[0], "--child", "execl", (char *)0);
    _exit(99);
  }
  waitpid(pid, &st, 0);
  printf("execl: %s\n", status_str(st));

  pid = fork();
  if (pid == 0) {
    char *env[] = { "NUDGE_TEST=given", "HOME=/nowhere", 0 };
    execve(argv[0], (char *[]){ argv[0], "--child", "execve", 0 }, env);
    _exit(99);
  }
  waitpid(pid, &st, 0);
  printf("execve: %s\n", status_str(st));

  printf("execve of nothing: %d\n", execl("/nonexistent", "x", (char *)0));
  printf("no children left: %d\n", wait(&st));
  return 0;
}
