/*
 * sys/sysmacros.h: device numbers (man makedev(3)), in glibc's 64-bit
 * dev_t encoding. Below 2^32 it is the kernel's (st_rdev, mknod's dev):
 * the major number in bits 8 to 19, the minor in bits 0 to 7 and 20 to
 * 31; glibc puts the high bits of each above bit 32.
 */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#include <sys/types.h>

#define major(dev) \
  ((unsigned int)((((dev) >> 8) & 0xfff) | (((dev) >> 32) & ~0xfffu)))
#define minor(dev) \
  ((unsigned int)(((dev) & 0xff) | (((dev) >> 12) & ~0xffu)))
#define makedev(ma, mi)                                                 \
  ((((dev_t)(ma) & 0xfff) << 8) | (((dev_t)(ma) & ~0xfffu) << 32) |     \
   ((dev_t)(mi) & 0xff) | (((dev_t)(mi) & ~0xffu) << 12))

#endif
