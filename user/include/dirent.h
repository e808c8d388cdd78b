/*
 * dirent.h: directories as streams of entries (man dirent.h(0p),
 * readdir(3)), read with getdents64 (user/lib/dirent.c), and that call
 * itself, as glibc declares it, on Linux's records (struct dirent64, the
 * layout of nudge/dirent.h's struct linux_dirent64).
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include <nudge/dirent.h>

// What readdir returns: Linux's record, with room for a whole name.
struct dirent {
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;               // DT_DIR, DT_REG, DT_CHR
  char d_name[256];
};
#define dirent64 dirent  // the same record: glibc keeps two names for it

typedef struct dirstream DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
void rewinddir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);
ssize_t getdents64(int fd, void *buf, size_t n);

#endif
