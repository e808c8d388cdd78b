/*
 * sys/stat.h: file status, mkdir and mknod (man stat(2), mkdir(2),
 * mknod(2)); struct stat is Linux's riscv64 one (nudge/stat.h). fstat,
 * mkdirat and mknodat are system calls; fstatat is the newfstatat call
 * under glibc's name, and stat, lstat, mkdir and mknod are the *at forms
 * from AT_FDCWD (user/lib/wrappers.c).
 */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <nudge/stat.h>

int fstat(int fd, struct stat *st);
int fstatat(int dirfd, const char *path, struct stat *st, int flags);
int newfstatat(int dirfd, const char *path, struct stat *st, int flags);
int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
int mknod(const char *path, mode_t mode, dev_t dev);
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev);
mode_t umask(mode_t mask);      // kept, never applied: no permissions

#endif
