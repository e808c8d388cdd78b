/*
 * init: the first user process. Opens the console as fds 0, 1 and 2
 * (making the device node if the disk lacks it), makes the ticker's
 * and the wakeup trace's nodes (nudge/ticker.h, nudge/wqtrace.h) if
 * they are missing, then keeps a shell
 * running: starts /sh, and starts it again whenever it exits. Every
 * orphan is re-parented to init, so its wait() loop also reaps them.
 */
#include <errno.h>
#include <fcntl.h>
#include <nudge.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static char *sh_argv[] = { "sh", 0 };

static void
open_console(void)
{
  if(open("console", O_RDWR) < 0){
    mknod("console", S_IFCHR | 0666, makedev(CONSOLE, 0));
    if(open("console", O_RDWR) < 0)
      exit(1);    // nowhere to report it
  }
  dup(0);   // stdout
  dup(0);   // stderr
}

static int
start_shell(void)
{
  int pid;

  printf("init: starting sh\n");
  pid = fork();
  if(pid < 0){
    printf("init: fork: %s\n", strerror(errno));
    return -1;
  }
  if(pid == 0){
    execv("/sh", sh_argv);
    printf("init: exec /sh: %s\n", strerror(errno));
    exit(1);
  }
  return pid;
}

int
main(void)
{
  int pid, wpid, status;

  open_console();
  // EEXIST after the first boot: fine.
  mknod("ticker", S_IFCHR | 0666, makedev(TICKER, 0));
  mknod("wakeups", S_IFCHR | 0666, makedev(WQTRACE, 0));
  for(;;){
    pid = start_shell();
    if(pid < 0){
      sleep(1);
      continue;
    }
    // Reap until the shell itself exits; the rest are orphans.
    do {
      wpid = wait(&status);
    } while(wpid != pid && wpid >= 0);
  }
}
