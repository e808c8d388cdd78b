/*
 * sys/wait.h: wait(2) and the W* macros for its status (Linux's encoding,
 * nudge/wait.h). nudge has wait() only, no waitpid().
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include <nudge/wait.h>

pid_t wait(int *status);

#endif
