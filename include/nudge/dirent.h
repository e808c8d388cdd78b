/*
 * What getdents64(2) writes: Linux's struct linux_dirent64
 * (include/linux/dirent.h) and the DT_* types (include/linux/fs_types.h).
 * Records follow each other, each d_reclen bytes long, a multiple of 8;
 * d_name ends with a NUL, and d_off is where the next record's entry
 * starts, an offset for lseek(SEEK_SET).
 */
#ifndef NUDGE_DIRENT_H
#define NUDGE_DIRENT_H

#include <stdint.h>

struct linux_dirent64 {
  uint64_t d_ino;         // inode number
  int64_t d_off;          // the directory's offset after this entry
  uint16_t d_reclen;      // this record's length
  uint8_t d_type;         // DT_*
  char d_name[];          // NUL-terminated
};

#define DT_UNKNOWN 0
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

#endif
