#ifndef FS_H
#define FS_H

#include "types.h"
#include "lock/sleeplock.h"
#include "nudge/fs.h"

struct stat;

// A device number as Linux's system calls carry it (st_rdev, mknodat's
// dev; Linux's new_encode_dev and new_decode_dev, include/linux/kdev_t.h): the major number in bits 8
// to 19, the minor in bits 0 to 7 and 20 to 31.
#define DEV_ENCODE(major, minor) \
  (((minor) & 0xff) | (((major) & 0xfff) << 8) | (((minor) & ~0xff) << 12))
#define DEV_MAJOR(dev)  (((dev) >> 8) & 0xfff)
#define DEV_MINOR(dev)  (((dev) & 0xff) | (((dev) >> 12) & 0xfff00))

// An inode in memory: the cache entry for a dinode.
struct inode {
  uint dev;
  uint inum;
  int ref;                // [itable.lock] pointers to this entry
  struct sleeplock lock;  // protects the fields below
  int valid;              // read from disk?
  short type;             // copy of the dinode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT + 2];
};

void          fsinit(int dev);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
short         itype(uint dev, uint inum);
void          ilock(struct inode *ip);
void          iunlock(struct inode *ip);
void          iput(struct inode *ip);
void          iunlockput(struct inode *ip);
void          iupdate(struct inode *ip);
void          itrunc(struct inode *ip);
void          stati(struct inode *ip, struct stat *st);
int           readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
int           writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
int           namecmp(const char *s, const char *t);
int           skipelem(char **pp, char *name);   // the next element of a path: 1, 0 (none) or -ENAMETOOLONG
int           inode_path(struct inode *ip, char *buf, int size);  // its path from the root, for /proc
struct inode *dirlookup(struct inode *dp, char *name, uint *poff);
int           dirlink(struct inode *dp, char *name, uint inum);
struct inode *namei(char *path);
int           sock_file_create(char *path, struct inode **ipp);   // sysname.c: bind's
struct inode *nameiparent(char *path, char *name);
// namei and nameiparent with a relative path starting from dir, not the
// cwd, saying why a lookup failed: 0, or -ENOENT, -ENOTDIR,
// -ENAMETOOLONG (an element longer than DIRSIZ), -ENFILE. For "/",
// nameiparent_at gives the root and an empty name.
int           namei_at(struct inode *dir, char *path, struct inode **ipp);
int           nameiparent_at(struct inode *dir, char *path, char *name,
                             struct inode **ipp);

#endif
