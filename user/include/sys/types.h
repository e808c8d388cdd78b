/*
 * sys/types.h: the POSIX system data types nudge's calls use
 * (man sys_types.h(0p)). Other headers include this one for them.
 */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;           // a byte count, or -1
typedef unsigned int mode_t;    // file type and permission bits
typedef int pid_t;
typedef long off_t;
typedef long time_t;
typedef uint64_t dev_t;         // a device number (sys/sysmacros.h)

#endif
