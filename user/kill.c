/*
 * kill [-N] pid...: send signal N (default SIGKILL) to each process. On
 * nudge every signal from 1 to 64 terminates; 0 only checks that the
 * process exists.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A whole decimal number, or -1.
static long
number(const char *s)
{
  char *end;
  long n;

  if(*s < '0' || *s > '9')
    return -1;
  n = strtol(s, &end, 10);
  return *end == 0 ? n : -1;
}

int
main(int argc, char *argv[])
{
  int first = 1, status = 0;
  long sig = SIGKILL, pid;

  if(argc > 1 && argv[1][0] == '-'){
    sig = number(argv[1] + 1);
    first = 2;
  }
  if(sig < 0 || first >= argc){
    fprintf(stderr, "usage: kill [-N] pid...\n");
    return 1;
  }
  for(int i = first; i < argc; i++){
    pid = number(argv[i]);
    if(pid < 0){
      fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
      status = 1;
    } else if(kill(pid, sig) < 0){
      fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}
