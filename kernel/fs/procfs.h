#ifndef PROCFS_H
#define PROCFS_H

#include "types.h"

struct file;
struct inode;
struct stat;

// The kinds of entry under /proc.
enum proc_kind {
  PROC_ROOT,          // /proc
  PROC_SELF,          // /proc/self, a link to the caller's /proc/<pid>
  PROC_PID,           // /proc/<pid>
  PROC_FD_DIR,        // /proc/<pid>/fd
  PROC_FDINFO_DIR,    // /proc/<pid>/fdinfo
  PROC_FD,            // /proc/<pid>/fd/<fd>, a link to the open file
  PROC_FDINFO,        // /proc/<pid>/fdinfo/<fd>, a text
};

// An entry: what procfs_lookup() found. fd only for the last two kinds.
struct proc_ent {
  enum proc_kind kind;
  int pid;
  int fd;
};

// procfs_lookup()'s answers besides -errno.
#define PROC_NOT_HERE  0    // the path is not under /proc: the disk's
#define PROC_FOUND     1    // *e is the entry
#define PROC_INODE     2    // an fd link, followed to an inode file: *ipp

int  procfs_lookup(struct file *dirf, char *path, int follow,
                   struct proc_ent *e, struct inode **ipp);
int  procfs_open(struct proc_ent *e, struct file *f, int flags);
void procfs_getattr(struct proc_ent *e, struct stat *st);
int  procfs_stat(struct proc_ent *e, int follow, struct stat *st);
int  procfs_readlink(struct proc_ent *e, char *buf, int size);
int  procfs_is_dir(struct file *f);
int  procfs_ent_is_dir(struct proc_ent *e);
int  proc_ent_check(struct proc_ent *e);  // 0, or 1: P1 broken

#endif
