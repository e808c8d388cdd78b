/*
 * leakcheck: runs a program and checks that it leaked nothing.
 *
 *   leakcheck PROGRAM [ARG...]
 *
 * memstat() before the run and after it (once the program and any
 * process it left behind are reaped, by us or by init) must show the same
 * kernel objects (user/lib/memstat.c). The program must also exit 0.
 * Prints one line, as the test programs do:
 *
 *   test leakcheck PROGRAM: OK
 *   test leakcheck PROGRAM: FAILED (why)
 *
 * A program name without a '/' is looked for at the root, where mkfs
 * puts every program.
 */
#include <errno.h>
#include <nudge.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HZ 100                  // uptime() ticks a second
#define SETTLE_TICKS (5 * HZ)   // how long orphans get to be reaped

int
main(int argc, char *argv[])
{
  struct memstat before, after;
  char path[128], why[300];
  int pid, st;
  long t0;

  if(argc < 2){
    fprintf(stderr, "usage: leakcheck PROGRAM [ARG...]\n");
    return 2;
  }
  snprintf(path, sizeof path, "%s%s", strchr(argv[1], '/') ? "" : "/", argv[1]);
  if(memstat(&before) < 0){
    printf("test leakcheck %s: FAILED (memstat: %s)\n", argv[1], strerror(errno));
    return 1;
  }
  if((pid = fork()) == 0){
    execv(path, argv + 1);
    fprintf(stderr, "leakcheck: %s: %s\n", path, strerror(errno));
    exit(127);
  }
  if(pid < 0 || waitpid(pid, &st, 0) != pid){
    printf("test leakcheck %s: FAILED (fork or wait: %s)\n", argv[1], strerror(errno));
    return 1;
  }
  t0 = uptime();
  while(memstat(&after) == 0 && after.procs_live > before.procs_live &&
        uptime() - t0 < SETTLE_TICKS)
    sched_yield();
  if(st != 0){
    printf("test leakcheck %s: FAILED (wait status %#x)\n", argv[1], st);
    return 1;
  }
  if(!memstat_same(&before, &after)){
    memstat_explain(why, sizeof why, &before, &after);
    printf("test leakcheck %s: FAILED (%s)\n", argv[1], why);
    return 1;
  }
  printf("test leakcheck %s: OK\n", argv[1]);
  return 0;
}
