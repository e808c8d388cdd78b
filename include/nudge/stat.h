/*
 * struct stat as fstat(2) and newfstatat(2) fill it: Linux's riscv64
 * layout (include/uapi/asm-generic/stat.h), 128 bytes, and the mode bits
 * of include/uapi/linux/stat.h (man inode(7)). How nudge fills each field
 * is said at stati() in kernel/fs/fs.c and filestat() in kernel/fs/file.c.
 */
#ifndef NUDGE_STAT_H
#define NUDGE_STAT_H

#include <stdint.h>

#define S_IFMT   0170000    // the file type bits
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

// Permission bits: owner, group, others.
#define S_IRWXU  00700
#define S_IRUSR  00400
#define S_IWUSR  00200
#define S_IXUSR  00100
#define S_IRWXG  00070
#define S_IRGRP  00040
#define S_IWGRP  00020
#define S_IXGRP  00010
#define S_IRWXO  00007
#define S_IROTH  00004
#define S_IWOTH  00002
#define S_IXOTH  00001

struct stat {
  uint64_t st_dev;          // device holding the file
  uint64_t st_ino;          // inode number
  uint32_t st_mode;         // S_IF* type and permission bits
  uint32_t st_nlink;        // names of the inode
  uint32_t st_uid;
  uint32_t st_gid;
  uint64_t st_rdev;         // a device file's device number (sys/sysmacros.h)
  uint64_t __pad1;
  int64_t  st_size;         // bytes
  int32_t  st_blksize;      // the block size for efficient I/O
  int32_t  __pad2;
  int64_t  st_blocks;       // storage held, in 512-byte units
  int64_t  st_atime;        // times: seconds and nanoseconds
  uint64_t st_atime_nsec;
  int64_t  st_mtime;
  uint64_t st_mtime_nsec;
  int64_t  st_ctime;
  uint64_t st_ctime_nsec;
  uint32_t __unused4;
  uint32_t __unused5;
};

_Static_assert(sizeof(struct stat) == 128, "struct stat is Linux riscv64's");

#endif
