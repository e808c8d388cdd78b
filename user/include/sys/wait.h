/*
 * sys/wait.h: wait(2), waitpid(2), wait4(2), waitid(2), and the W*
 * macros for the status and the options, the P_* id types (Linux's,
 * nudge/wait.h). wait4's rusage comes back all zeros: nudge does not
 * count resource use.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include <signal.h>
#include <nudge/wait.h>

struct rusage;
typedef int idtype_t;
typedef int id_t;

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options);

#endif
