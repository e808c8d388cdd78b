/*
 * signal.h: kill(2) and the signal numbers (Linux's, man signal(7)).
 * nudge delivers no signals to handlers: kill() with any number from 1 to
 * 64 terminates the process, and wait() then reports SIGKILL; a fault
 * ends it with SIGSEGV, SIGBUS, SIGILL or SIGTRAP, as on Linux.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>

#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGKILL  9          // as nudge/wait.h has it
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17          // as nudge/sched.h has it

// A signal mask, Linux's kernel size (64 signals). nudge has no masks
// yet: calls that take one want a null pointer.
typedef struct {
  unsigned long sig[1];
} sigset_t;

int kill(pid_t pid, int sig);

#endif
