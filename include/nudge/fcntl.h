/*
 * Open flags, fcntl(2) commands and the *at calls' AT_* values: Linux's
 * include/uapi/asm-generic/fcntl.h and include/uapi/linux/fcntl.h (man
 * open(2), fcntl(2), openat(2)); lseek's whence and access's modes.
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
#define O_NOCTTY    0x0100
#define O_LARGEFILE 0x8000  // files over 2 GiB: always, on 64-bit machines
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW  0x20000
#define O_CLOEXEC   0x80000
#define VALID_OPEN_FLAGS 0x7fffc3   // every flag open(2) knows

#define F_DUPFD     0       // dup to the lowest free fd >= arg
#define F_GETFD     1       // fd flags (FD_CLOEXEC)
#define F_SETFD     2
#define F_GETFL     3       // open-file flags (access mode, O_NONBLOCK)
#define F_SETFL     4       // only O_NONBLOCK can change
#define F_DUPFD_CLOEXEC 1030  // F_DUPFD, the new fd close-on-exec

#define FD_CLOEXEC  1

// The *at calls (man openat(2)): a dirfd that means the cwd, and flags.
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100   // newfstatat: not through a last symlink
#define AT_REMOVEDIR        0x200   // unlinkat: remove a directory (rmdir)
#define AT_EACCESS          0x200   // faccessat: the effective ids (also 0x200)
#define AT_SYMLINK_FOLLOW   0x400   // linkat: through a symlink oldpath
#define AT_NO_AUTOMOUNT     0x800   // newfstatat: trigger no automount
#define AT_EMPTY_PATH       0x1000  // linkat, newfstatat: "" is dirfd itself
#define AT_STATX_SYNC_TYPE  0x6000  // newfstatat: how to sync with a server
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC  0x4000

// lseek(2)'s whence: include/uapi/linux/fs.h.
#define SEEK_SET    0       // offset from the start
#define SEEK_CUR    1       // from the current position
#define SEEK_END    2       // from the end
#define SEEK_DATA   3       // the next data at or after offset
#define SEEK_HOLE   4       // the next hole at or after offset
#define SEEK_MAX    SEEK_HOLE

// faccessat(2)'s mode: include/linux/fs.h's MAY_* bits, as unistd.h(0p)
// names them.
#define F_OK        0       // the file exists
#define X_OK        1
#define W_OK        2
#define R_OK        4

#endif
