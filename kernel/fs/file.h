#ifndef FILE_H
#define FILE_H

#include "types.h"
#include "param.h"
#include "lib/list.h"
#include "lock/spinlock.h"

// The most one read or write moves, as Linux's (INT_MAX, page-aligned).
#define MAX_RW_COUNT 0x7ffff000L

struct file;
struct inode;
struct poll_table;
struct iov_iter;
struct seq_file;
struct stat;
#include "nudge/uio.h"

/*
 * What a kind of file can do. Every open file points at one table; read,
 * write and close go through it, never through a switch on the file's
 * type. Buffers are user addresses. read and write return a byte count or
 * -errno; release runs once, when the last reference is dropped. poll
 * returns the POLL* mask now and names its wait queues to pt (see
 * event/poll.h); a file without it never blocks, and epoll refuses it.
 * ioctl returns 0 or -errno (-ENOTTY if absent). file_rw() has checked
 * the buffer's range and cut n to MAX_RW_COUNT before read or write is
 * called; a file without one is EINVAL. llseek moves the file's position
 * (whence is SEEK_SET..SEEK_MAX) and returns it or -errno; a file without
 * one cannot seek (ESPIPE). rw_iter, if there, takes a readv or writev
 * whole, all its segments at once (a socket's datagram is one message),
 * in place of read or write for each.
 * anon_mode is the st_mode fstat reports for a kind of file that has no
 * inode: Linux's for a pipe (S_IFIFO | 0600) or an anonymous inode (0600,
 * no type bits: eventfd, epoll); getattr, if there, then puts in what
 * the kind knows besides (a pipe's inode number; all of a /proc entry). getdents lists a directory that
 * has no inode (getdents64(2)). show_fdinfo prints the kind's own lines
 * of /proc/<pid>/fdinfo/<fd> after the common ones, as Linux's: an
 * epoll's watched items, an eventfd's count. dname is what the fd's
 * link in /proc/<pid>/fd/ reads for a file without an inode, Linux's
 * d_dname: a format that may print the inode number (%lu), as in
 * "pipe:[%lu]", or "anon_inode:[eventfd]".
 */
struct file_operations {
  long (*read)(struct file *f, uint64 dst, long n);
  long (*write)(struct file *f, uint64 src, long n);
  void (*release)(struct file *f);
  uint (*poll)(struct file *f, struct poll_table *pt);
  long (*ioctl)(struct file *f, uint cmd, uint64 arg);
  long (*llseek)(struct file *f, long offset, int whence);
  long (*rw_iter)(struct file *f, int write, struct iov_iter *it);
  void (*getattr)(struct file *f, struct stat *st);
  long (*getdents)(struct file *f, uint64 dst, long n);
  void (*show_fdinfo)(struct seq_file *m, struct file *f);
  const char *dname;
  uint anon_mode;
};

/*
 * An open file description (Linux's struct file). Shared by dup'd fds and
 * across fork; freed when ref drops to 0.
 */
struct file {
  const struct file_operations *f_op;   // [I] set at open, then constant
  int ref;                              // [atomic] fds and kernel holders
  uint flags;                           // Linux's f_flags: the open flags kept (O_ACCMODE, O_APPEND,
                                        //   O_NONBLOCK, O_LARGEFILE, ...); F_SETFL changes O_NONBLOCK
  void *private_data;                   // [I] the object behind it: a pipe, ...
  struct inode *ip;                     // [I] inode files and devices; a reference fileclose() drops
  long off;                             // [ip lock] position in an inode file; a /proc
                                        //   file's read position (unlocked, as seq_read)
  struct list_head f_ep;                // [epmutex] epitems watching this file
  uint f_ep_gen;                        // [epmutex] epoll's last path count of it
};

/*
 * The segments of one transfer (file_rw): a single one for read, write,
 * pread and pwrite, or the caller's array for readv and writev. The array
 * is read from user memory each time a segment is wanted, as it may hold
 * UIO_MAXIOV segments, more than a kmalloc object.
 */
struct iov_iter {
  struct iovec one;         // the segment, unless user
  int user;                 // the segments are the user's array at uiov
  uint64 uiov;              // that array (which may be a NULL pointer)
  int nr_segs;
};

// Device switch: the operations for each T_DEVICE major number.
extern const struct file_operations *devsw[];
// Regular files and directories.
extern const struct file_operations inode_fops;

void         fileinit(void);
struct file *filealloc(const struct file_operations *f_op, uint flags, void *private_data);  // 0 if none
struct file *filedup(struct file *f);
void         fileclose(struct file *f);
long         fileread(struct file *f, uint64 dst, uint64 n);
long         filewrite(struct file *f, uint64 src, uint64 n);
long         file_rw(struct file *f, int write, struct iov_iter *it, long *pos);
void         iov_iter_one(struct iov_iter *it, uint64 base, uint64 len);
void         iov_iter_user(struct iov_iter *it, uint64 uiov, int nr_segs);
int          iov_iter_seg(struct iov_iter *it, int i, struct iovec *iov, uint64 *total);
int          iov_iter_check(struct iov_iter *it, uint64 *total);
long         noop_llseek(struct file *f, long offset, int whence);
long         file_getdents(struct file *f, uint64 dst, uint64 n);
long         dirent64_emit(uint64 dst, uint64 room, uint64 ino, long next, uchar type,
                           const char *name, int len);
int          filestat(struct file *f, uint64 addr);
void         file_getattr(struct file *f, struct stat *st);
uint64       get_next_ino(void);
uint64       files_live(void);

/*
 * An fd table (Linux's files_struct): a process's threads share one, and
 * so do a clone(CLONE_FILES) child and its parent; the last files_put()
 * closes every fd and frees it. It grows on demand up to NOFILE entries,
 * in chunks of FDCHUNK fds whose layout is file.c's business (kmalloc
 * objects are at most a page): the table itself is NOFILE / FDCHUNK
 * pointers, 2 KiB. The rules are at the top of file.c.
 */
#define FDCHUNK 256               // fds per chunk
struct fdchunk;
struct files {
  struct spinlock lock;
  int ref;                                    // [lock] holders: threads, CLONE_FILES
  struct fdchunk *chunks[NOFILE / FDCHUNK];   // [lock] 0 until first used (F1)
};

struct proc;
struct files *files_alloc(void);                // empty, one reference; 0 if no memory
struct files *files_copy(struct files *src);    // fork: same files, own table; 0 if no memory
void          files_get(struct files *fs);
void          files_put(struct files *fs);      // the last one closes every fd
int           files_unshare(struct proc *p);    // execve: 0 or -ENOMEM
void          files_close_on_exec(struct files *fs);  // execve, then
int           files_check(struct files *fs);    // 0 or the broken F-invariant
int           fdchunk_check(struct fdchunk *c); // F2, F4, F5 of one chunk
int           fd_change_check(struct files *fs, struct fdchunk *c);  // F3 and c's
// Another process's table, for /proc (fs/procfs.c); the caller holds a
// reference to it (files_get).
struct file  *files_fdget(struct files *fs, int fd, int *cloexec);  // fd's file, a reference, or 0
int           files_next_fd(struct files *fs, int fd);  // the first open fd >= fd, or -1

// The current process's table.
int          fdalloc(struct file *f, int cloexec);  // lowest free fd, or -EMFILE / -ENOMEM
int          fdalloc_from(struct file *f, int min, int cloexec);
struct file *fdget(int fd);                 // fd's file, with a reference, or 0
void         fdput(struct file *f);         // drop fdget's reference
int          fdinstall(int fd, struct file *f, int cloexec);  // dup3: f at fd, closing what was there; 0, -ENOMEM or -EBUSY
int          fdreserve(int cloexec);        // an fd for a file to come, or -EMFILE / -ENOMEM
void         fdcommit(int fd, struct file *f);  // the file for a reserved fd
void         fdunreserve(int fd);           // give a reserved fd back
int          fdget_cloexec(int fd);         // F_GETFD: 0, 1 or -EBADF
int          fdset_cloexec(int fd, int cloexec);  // F_SETFD: 0 or -EBADF
int          fdclose(int fd);               // 0 or -EBADF
int          fd_table_size(void);           // fds it has room for now

#endif
