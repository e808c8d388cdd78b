/*
 * sys/stat.h: file status and mkdir (man stat(2), mkdir(2)). struct stat
 * is Linux's riscv64 one (nudge/stat.h). stat() is open + fstat + close,
 * so it needs a file that opens.
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <nudge/stat.h>

int fstat(int fd, struct stat *st);
int stat(const char *path, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif
