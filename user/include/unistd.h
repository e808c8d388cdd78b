/*
 * unistd.h: the POSIX calls on files and processes that nudge has
 * (man unistd.h(0p)). Most are system calls (user/lib/usys.S); fork,
 * execv, brk, sbrk, pipe, dup2, link, unlink, rmdir, sleep, usleep,
 * getpgrp, _exit, pread, pwrite, getcwd, access, faccessat and readlink
 * are built on them (user/lib/wrappers.c). SEEK_* and the access modes
 * R_OK... come from nudge/fcntl.h.
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <nudge/fcntl.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

typedef unsigned int useconds_t;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
off_t lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t n, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset);
ssize_t pread64(int fd, void *buf, size_t n, off_t offset);
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t offset);

extern char **environ;

pid_t fork(void);
int execv(const char *path, char *const argv[]);
int execve(const char *path, char *const argv[], char *const envp[]);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
unsigned int getuid(void);
unsigned int geteuid(void);
unsigned int getgid(void);
unsigned int getegid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
void _exit(int status) __attribute__((noreturn));
int brk(void *addr);
void *sbrk(intptr_t increment);

int link(const char *oldpath, const char *newpath);
int linkat(int olddirfd, const char *oldpath, int newdirfd,
           const char *newpath, int flags);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
ssize_t readlink(const char *path, char *buf, size_t size);
ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size);

int isatty(int fd);              // user/lib/termios.c

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

#endif
