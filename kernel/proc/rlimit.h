#ifndef RLIMIT_H
#define RLIMIT_H

#include "types.h"
#include "nudge/resource.h"

void   rlimit_init(struct rlimit *rlim);   // RLIM_NLIMITS of them
int    rlimit_check(uint resource, const struct rlimit *new);  // 0 or -errno
uint64 rlimit(int resource);               // the caller's soft limit

#endif
