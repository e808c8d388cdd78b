/*
 * Resource limits (Linux's include/uapi/asm-generic/resource.h and
 * include/uapi/linux/resource.h; man getrlimit(2)). Linux riscv64 has one
 * struct rlimit of two 64-bit values, the same for getrlimit, setrlimit
 * and prlimit64.
 */
#ifndef NUDGE_RESOURCE_H
#define NUDGE_RESOURCE_H

#include <stdint.h>

#define RLIMIT_CPU         0    // CPU time, seconds
#define RLIMIT_FSIZE       1    // file size, bytes
#define RLIMIT_DATA        2    // data segment and heap, bytes
#define RLIMIT_STACK       3    // stack, bytes
#define RLIMIT_CORE        4    // core file, bytes
#define RLIMIT_RSS         5
#define RLIMIT_NPROC       6    // processes of the user
#define RLIMIT_NOFILE      7    // one more than the highest fd
#define RLIMIT_MEMLOCK     8
#define RLIMIT_AS          9    // address space, bytes
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16

#define RLIM_INFINITY (~0UL)

typedef uint64_t rlim_t;

struct rlimit {
  rlim_t rlim_cur;     // the soft limit, what is enforced
  rlim_t rlim_max;     // the hard limit, the most rlim_cur may become
};

#endif
