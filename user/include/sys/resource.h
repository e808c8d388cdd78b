/*
 * sys/resource.h: resource limits (man getrlimit(2)); the RLIMIT_*
 * numbers and struct rlimit are Linux's (nudge/resource.h). prlimit64 is
 * the system call; prlimit is it under glibc's name, and getrlimit and
 * setrlimit are built on it, as glibc builds them (user/lib/wrappers.c).
 */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/types.h>
#include <nudge/resource.h>

int getrlimit(int resource, struct rlimit *rlim);
int setrlimit(int resource, const struct rlimit *rlim);
int prlimit(pid_t pid, int resource, const struct rlimit *new_limit,
            struct rlimit *old_limit);
int prlimit64(pid_t pid, int resource, const struct rlimit *new_limit,
              struct rlimit *old_limit);

#endif
