/*
 * sys/pidfd.h: pidfd_open(2) and pidfd_send_signal(2) (nudge/pidfd.h
 * has the flags).
 */
#ifndef _SYS_PIDFD_H
#define _SYS_PIDFD_H

#include <signal.h>
#include <sys/types.h>
#include <nudge/pidfd.h>

int pidfd_open(pid_t pid, unsigned int flags);
int pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags);

#endif
