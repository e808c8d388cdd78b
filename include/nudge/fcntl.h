/*
 * Open flags and fcntl(2) commands: Linux's include/uapi/asm-generic/fcntl.h
 * values (man open(2), fcntl(2)).
 */
#ifndef NUDGE_FCNTL_H
#define NUDGE_FCNTL_H

#define O_ACCMODE   0x0003
#define O_RDONLY    0x0000
#define O_WRONLY    0x0001
#define O_RDWR      0x0002
#define O_CREAT     0x0040
#define O_EXCL      0x0080
#define O_TRUNC     0x0200
#define O_APPEND    0x0400
#define O_NONBLOCK  0x0800
#define O_DIRECTORY 0x10000
#define O_CLOEXEC   0x80000

#define F_DUPFD     0       // dup to the lowest free fd >= arg
#define F_GETFD     1       // fd flags (FD_CLOEXEC)
#define F_SETFD     2
#define F_GETFL     3       // open-file flags (access mode, O_NONBLOCK)
#define F_SETFL     4       // only O_NONBLOCK can change

#define FD_CLOEXEC  1

#endif
