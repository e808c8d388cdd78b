/*
 * struct stat as fstat(2) fills it. The mode bits are Linux's
 * (include/uapi/linux/stat.h); the struct is nudge's own, smaller one,
 * with Linux's field names (see docs/linux-differences.md).
 */
#ifndef NUDGE_STAT_H
#define NUDGE_STAT_H

#include <stdint.h>

#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFREG  0100000

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

struct stat {
  uint32_t st_dev;    // device holding the file system
  uint32_t st_ino;    // inode number
  uint32_t st_mode;   // S_IF* type
  uint32_t st_nlink;  // links to the inode
  uint64_t st_size;   // bytes
  uint32_t st_rdev;   // major<<16 | minor, for S_IFCHR
  uint32_t pad;
};

#endif
