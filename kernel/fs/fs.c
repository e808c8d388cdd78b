/*
 * The file system proper: blocks, inodes, directories and path names, on
 * top of the buffer cache (bio.c) and the log (log.c). The on-disk layout
 * is in include/nudge/fs.h.
 *   fsinit(dev)              read the superblock, recover the log
 *   ialloc / idup / iput     inode references; iput frees an unlinked inode
 *   ilock / iunlock          an inode's sleeplock, reading it in on demand
 *   readi / writei / itrunc  file contents
 *   dirlookup / dirlink      directories
 *   namei / nameiparent      path names from the cwd; the _at forms start
 *                            from a given directory and say why they fail
 *
 * Every function that writes the disk must run inside begin_op()/end_op().
 * Errors go back as -errno; running out of blocks or inodes is ENOSPC,
 * never a panic.
 *
 * A file's blocks: addrs[0..NDIRECT-1] are data blocks; addrs[NDIRECT] is a
 * singly indirect block (NINDIRECT data block numbers); addrs[NDIRECT+1] is
 * a doubly indirect block (NINDIRECT singly indirect block numbers). Files
 * have no holes, so a read never meets a missing block; if one did, it
 * would read as zeros.
 *
 * The inode table holds NINODE in-memory inodes: an entry with ref > 0
 * caches the dinode (dev, inum); ref counts the pointers to it (open
 * files, cwds, lookups in progress). valid says its copy of the dinode has
 * been read.
 *
 * Locking, outer first:
 *   1. ip->lock     sleeplock: the dinode copy (type .. addrs) and valid,
 *                   and the file's contents. A directory's lock is taken
 *                   before its entries' locks; path lookup holds one at a
 *                   time.
 *   2. buffer locks (bio.c)
 *   3. itable.lock  spinlock: every entry's dev, inum and ref. (iput()
 *                   takes an ip->lock under it, when no one else can
 *                   hold that lock, so it never waits there.)
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "dev/console.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/stat.h"
#include "fs/buf.h"
#include "fs/fs.h"

static struct superblock sb;

/*
 * An entry's sleeplock is initialised each time iget() hands out a free
 * entry: no one can hold the lock of an entry with ref 0.
 */
static struct {
  struct spinlock lock;
  struct inode inode[NINODE];
} itable;

static void
readsb(int dev, struct superblock *sbp)
{
  struct buf *bp;

  bp = bread(dev, 1);
  memmove(sbp, bp->data, sizeof(*sbp));
  brelse(bp);
}

// Reads the superblock and replays the log. Runs once, in the first
// process (disk reads sleep), before any inode is used.
void
fsinit(int dev)
{
  initlock(&itable.lock, "itable");
  readsb(dev, &sb);
  if(sb.magic != FSMAGIC)
    panic("fsinit: bad file system magic");
  initlog(dev, &sb);
}

// ---- blocks ------------------------------------------------------------------

static void
bzero(int dev, uint bno)
{
  struct buf *bp;

  bp = bread(dev, bno);
  memset(bp->data, 0, BSIZE);
  log_write(bp);
  brelse(bp);
}

// Allocates a zeroed block: its number, or 0 if the disk is full.
// Block 0 (the boot block) is always marked in use, so 0 is never valid.
static uint
balloc(uint dev)
{
  struct buf *bp;
  uint b, bi;
  int m;

  for(b = 0; b < sb.size; b += BPB){
    bp = bread(dev, BBLOCK(b, sb));
    for(bi = 0; bi < BPB && b + bi < sb.size; bi++){
      if(bi % 8 == 0 && bp->data[bi / 8] == 0xff){
        bi += 7;    // a byte of blocks all in use
        continue;
      }
      m = 1 << (bi % 8);
      if((bp->data[bi / 8] & m) == 0){
        bp->data[bi / 8] |= m;
        log_write(bp);
        brelse(bp);
        bzero(dev, b + bi);
        return b + bi;
      }
    }
    brelse(bp);
  }
  return 0;
}

static void
bfree(int dev, uint b)
{
  struct buf *bp;
  int m;

  bp = bread(dev, BBLOCK(b, sb));
  m = 1 << (b % 8);
  if((bp->data[(b % BPB) / 8] & m) == 0)
    panic("bfree: freeing a free block");
  bp->data[(b % BPB) / 8] &= ~m;
  log_write(bp);
  brelse(bp);
}

// ---- the inode table ---------------------------------------------------------

// The in-memory inode for (dev, inum), not locked and perhaps not read
// yet; or 0 if the table is full.
static struct inode *
iget(uint dev, uint inum)
{
  struct inode *ip, *empty = 0;

  acquire(&itable.lock);
  for(ip = itable.inode; ip < itable.inode + NINODE; ip++){
    if(ip->ref > 0 && ip->dev == dev && ip->inum == inum){
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if(empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if(empty){
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
    initsleeplock(&empty->lock, "inode");
  }
  release(&itable.lock);
  return empty;
}

/*
 * Allocates a free dinode and gives it type: the inode, referenced and
 * unlocked; or 0 if no dinode is free (or no table entry is). The caller
 * fills in the rest and calls iupdate().
 */
struct inode *
ialloc(uint dev, short type)
{
  struct buf *bp;
  struct dinode *dip;
  struct inode *ip;
  uint inum;

  for(inum = 1; inum < sb.ninodes; inum++){
    bp = bread(dev, IBLOCK(inum, sb));
    dip = (struct dinode *)bp->data + inum % IPB;
    if(dip->type == 0){
      // Take the table entry first: failing later would leak the dinode.
      if((ip = iget(dev, inum)) == 0){
        brelse(bp);
        return 0;
      }
      memset(dip, 0, sizeof(*dip));
      dip->type = type;
      log_write(bp);
      brelse(bp);
      return ip;
    }
    brelse(bp);
  }
  return 0;
}

/*
 * The type of dinode inum, read from its block rather than through an
 * inode lock: for getdents64, which holds a directory's lock and may not
 * take a child's (or, for "..", its parent's). A type changes only when
 * the dinode is allocated or freed, and a dinode that a directory entry
 * names, under that directory's lock, is neither.
 */
short
itype(uint dev, uint inum)
{
  struct buf *bp;
  short type;

  bp = bread(dev, IBLOCK(inum, sb));
  type = ((struct dinode *)bp->data + inum % IPB)->type;
  brelse(bp);
  return type;
}

// Writes ip's dinode copy to disk. Call after changing any of its fields;
// caller holds ip->lock, inside a transaction.
void
iupdate(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  assert_held_sleep(&ip->lock);
  bp = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = (struct dinode *)bp->data + ip->inum % IPB;
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
}

struct inode *
idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

// Locks ip, reading its dinode from disk the first time.
void
ilock(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  if(ip == 0 || ip->ref < 1)
    panic("ilock: inode not referenced");

  acquiresleep(&ip->lock);
  if(!ip->valid){
    bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    dip = (struct dinode *)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(bp);
    ip->valid = 1;
    if(ip->type == 0)
      panic("ilock: inode has no type");
  }
}

void
iunlock(struct inode *ip)
{
  if(ip == 0 || !holdingsleep(&ip->lock) || ip->ref < 1)
    panic("iunlock: inode not locked");
  releasesleep(&ip->lock);
}

/*
 * Drops a reference. The last reference to an inode no directory names
 * any more frees it: its blocks, then the dinode. Must run inside a
 * transaction, since it may write the disk.
 *
 * Only ours is left when ref == 1, and no directory names the inode, so
 * no one else can find it and take its lock: acquiresleep() won't block.
 */
void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if(ip->ref == 1 && ip->valid && ip->nlink == 0){
    acquiresleep(&ip->lock);
    release(&itable.lock);

    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    ip->valid = 0;

    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// ---- file contents -----------------------------------------------------------

// The block number in ip->addrs[i], allocating the block if alloc is set
// and there is none. 0 if there is none (or the disk is full).
static uint
inode_slot(struct inode *ip, uint i, int alloc)
{
  if(ip->addrs[i] == 0 && alloc)
    ip->addrs[i] = balloc(ip->dev);
  return ip->addrs[i];
}

// The same for entry i of indirect block ind.
static uint
indirect_slot(struct inode *ip, uint ind, uint i, int alloc)
{
  struct buf *bp;
  uint *a, addr;

  bp = bread(ip->dev, ind);
  a = (uint *)bp->data;
  addr = a[i];
  if(addr == 0 && alloc && (addr = balloc(ip->dev)) != 0){
    a[i] = addr;
    log_write(bp);
  }
  brelse(bp);
  return addr;
}

/*
 * The disk block holding block bn of ip's contents. With alloc set,
 * missing blocks (data or indirect) are allocated, and 0 means the disk is
 * full; without, 0 means a hole. Caller holds ip->lock; with alloc, inside
 * a transaction, and calls iupdate() since ip->addrs may change.
 */
static uint
bmap(struct inode *ip, uint bn, int alloc)
{
  uint ind;

  assert_held_sleep(&ip->lock);
  if(bn < NDIRECT)
    return inode_slot(ip, bn, alloc);
  bn -= NDIRECT;

  if(bn < NINDIRECT){
    if((ind = inode_slot(ip, NDIRECT, alloc)) == 0)
      return 0;
    return indirect_slot(ip, ind, bn, alloc);
  }
  bn -= NINDIRECT;

  if(bn < NINDIRECT * NINDIRECT){
    if((ind = inode_slot(ip, NDIRECT + 1, alloc)) == 0)
      return 0;
    if((ind = indirect_slot(ip, ind, bn / NINDIRECT, alloc)) == 0)
      return 0;
    return indirect_slot(ip, ind, bn % NINDIRECT, alloc);
  }
  panic("bmap: block beyond MAXFILE");
}

// Frees indirect block addr and every block under it; depth 1 points at
// data blocks, depth 2 at depth-1 blocks.
static void
free_indirect(uint dev, uint addr, int depth)
{
  struct buf *bp;
  uint *a, i;

  bp = bread(dev, addr);
  a = (uint *)bp->data;
  for(i = 0; i < NINDIRECT; i++){
    if(a[i] == 0)
      continue;
    if(depth > 1)
      free_indirect(dev, a[i], depth - 1);
    else
      bfree(dev, a[i]);
  }
  brelse(bp);
  bfree(dev, addr);
}

// Frees all of ip's blocks; size becomes 0. Caller holds ip->lock, inside
// a transaction (which the freeing fits: it logs only bitmap blocks and
// the inode's block).
void
itrunc(struct inode *ip)
{
  uint i;

  assert_held_sleep(&ip->lock);
  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i]){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  for(i = NDIRECT; i < NDIRECT + 2; i++){
    if(ip->addrs[i]){
      free_indirect(ip->dev, ip->addrs[i], i - NDIRECT + 1);
      ip->addrs[i] = 0;
    }
  }
  ip->size = 0;
  iupdate(ip);
}

// The blocks a file of size bytes holds, its indirect blocks included.
// Files have no holes, so the size says which addrs[] are in use.
static uint
size_blocks(uint size)
{
  uint n = (size + BSIZE - 1) / BSIZE, blocks = n;

  if(n > NDIRECT)
    blocks++;                           // the singly indirect block
  if(n > NDIRECT + NINDIRECT){          // the doubly indirect one, and the
    n -= NDIRECT + NINDIRECT;           // singly indirect blocks under it
    blocks += 1 + (n + NINDIRECT - 1) / NINDIRECT;
  }
  return blocks;
}

/*
 * fstat's view of an inode, in Linux's struct stat. nudge has no owners,
 * permissions or times: uid and gid are 0 (the one user is root), the
 * permission bits are fixed by type (directories 0755, files 0644,
 * devices 0666, as mkdir, creat and /dev/null commonly have them), and
 * the times are 0 (no real-time clock, nothing on disk). st_dev is the
 * disk's number (ROOTDEV); st_blocks counts data and indirect blocks, in
 * 512-byte units. Caller holds ip->lock.
 */
void
stati(struct inode *ip, struct stat *st)
{
  static const uint mode[] = {
    [T_DIR] = S_IFDIR | 0755,
    [T_FILE] = S_IFREG | 0644,
    [T_DEVICE] = S_IFCHR | 0666,
    [T_SOCK] = S_IFSOCK | 0755,
  };

  assert_held_sleep(&ip->lock);
  memset(st, 0, sizeof(*st));
  st->st_dev = ip->dev;
  st->st_ino = ip->inum;
  if(ip->type > 0 && ip->type < sizeof(mode) / sizeof(mode[0]))
    st->st_mode = mode[ip->type];
  st->st_nlink = ip->nlink;
  if(ip->type == T_DEVICE)
    st->st_rdev = DEV_ENCODE(ip->major, ip->minor);
  st->st_size = ip->size;
  st->st_blksize = BSIZE;
  st->st_blocks = size_blocks(ip->size) * (BSIZE / 512);
}

/*
 * Copies up to n bytes from offset off to dst, a user address if user_dst
 * is set: the count, which is short at end of file, or -EFAULT if
 * nothing could be copied. Caller holds ip->lock.
 */
int
readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  static const uchar zeroes[BSIZE];   // what a hole reads as
  struct buf *bp;
  uint tot, m, bn;

  assert_held_sleep(&ip->lock);
  if(off > ip->size || off + n < off)
    return 0;
  if(off + n > ip->size)
    n = ip->size - off;

  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    m = n - tot;
    if(m > BSIZE - off % BSIZE)
      m = BSIZE - off % BSIZE;
    bn = bmap(ip, off / BSIZE, 0);
    if(bn == 0){
      if(either_copyout(user_dst, dst, (void *)zeroes, m) < 0)
        return tot > 0 ? tot : -EFAULT;
      continue;
    }
    bp = bread(ip->dev, bn);
    if(either_copyout(user_dst, dst, bp->data + off % BSIZE, m) < 0){
      brelse(bp);
      return tot > 0 ? tot : -EFAULT;
    }
    brelse(bp);
  }
  return tot;
}

/*
 * Copies n bytes from src (a user address if user_src is set) into ip at
 * offset off, growing the file if the write passes its end: the count,
 * or, if nothing was written, -ENOSPC (disk full), -EFAULT, -EFBIG (past
 * MAXFILE) or -EINVAL (off + n wraps). An off past the end leaves a hole
 * between, blocks never allocated, which readi() reads as zeroes. Caller
 * holds ip->lock, inside a transaction.
 */
int
writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
  struct buf *bp;
  uint tot, m, bn;
  int err = 0;

  assert_held_sleep(&ip->lock);
  if(off + n < off)
    return -EINVAL;
  if((uint64)off + n > (uint64)MAXFILE * BSIZE)
    return -EFBIG;

  for(tot = 0; tot < n; tot += m, off += m, src += m){
    if((bn = bmap(ip, off / BSIZE, 1)) == 0){
      err = -ENOSPC;
      break;
    }
    m = n - tot;
    if(m > BSIZE - off % BSIZE)
      m = BSIZE - off % BSIZE;
    bp = bread(ip->dev, bn);
    if(either_copyin(bp->data + off % BSIZE, user_src, src, m) < 0){
      // Part of the block may have changed: log it, so the cached copy
      // and the disk agree.
      log_write(bp);
      brelse(bp);
      err = -EFAULT;
      break;
    }
    log_write(bp);
    brelse(bp);
  }

  if(off > ip->size)
    ip->size = off;
  // Written even if the size did not change: bmap() may have added blocks.
  iupdate(ip);
  return tot > 0 ? tot : err;
}

// ---- directories -------------------------------------------------------------

int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// The inode number dp's entry name refers to, and the entry's offset in
// *poff if poff is set; 0 if there is no such entry. Caller holds dp->lock.
static uint
dirscan(struct inode *dp, char *name, uint *poff)
{
  struct dirent de;
  uint off;

  assert_held_sleep(&dp->lock);
  if(dp->type != T_DIR)
    panic("dirscan: not a directory");
  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dirscan: short directory read");
    if(de.inum != 0 && namecmp(name, de.name) == 0){
      if(poff)
        *poff = off;
      return de.inum;
    }
  }
  return 0;
}

// Looks name up in dp: 0 and the inode (unlocked) in *ipp, or -ENOENT or
// -ENFILE. Caller holds dp->lock.
static int
dirfind(struct inode *dp, char *name, uint *poff, struct inode **ipp)
{
  uint inum;

  assert_held_sleep(&dp->lock);
  if((inum = dirscan(dp, name, poff)) == 0)
    return -ENOENT;
  if((*ipp = iget(dp->dev, inum)) == 0)
    return -ENFILE;
  return 0;
}

struct inode *
dirlookup(struct inode *dp, char *name, uint *poff)
{
  struct inode *ip;

  if(dirfind(dp, name, poff, &ip) < 0)
    return 0;
  return ip;
}

// Adds the entry (name, inum) to dp: 0, or -EEXIST, or -ENOSPC / -EFBIG
// if the directory cannot grow. Caller holds dp->lock, inside a
// transaction.
int
dirlink(struct inode *dp, char *name, uint inum)
{
  struct dirent de;
  uint off;
  int r;

  assert_held_sleep(&dp->lock);
  if(dirscan(dp, name, 0) != 0)
    return -EEXIST;

  // The first free slot, or the end of the directory.
  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlink: short directory read");
    if(de.inum == 0)
      break;
  }

  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  r = writei(dp, 0, (uint64)&de, off, sizeof(de));
  if(r == sizeof(de))
    return 0;
  return r < 0 ? r : -ENOSPC;
}

// ---- path names --------------------------------------------------------------

/*
 * Copies the next element of *pp into name (NUL-padded to DIRSIZ, not
 * terminated if it is DIRSIZ long) and advances *pp past it and the
 * slashes after it. Returns 1, or 0 if no element is left, or
 * -ENAMETOOLONG.
 *   "a/bb/c" -> name "a", *pp "bb/c"      "///a//bb" -> "a", "bb"
 *   "a" -> "a", ""                        "" and "////" -> 0
 */
int
skipelem(char **pp, char *name)
{
  char *s, *path = *pp;
  int len;

  while(*path == '/')
    path++;
  if(*path == 0)
    return 0;
  s = path;
  while(*path != '/' && *path != 0)
    path++;
  len = path - s;
  if(len > DIRSIZ)
    return -ENAMETOOLONG;
  memmove(name, s, len);
  if(len < DIRSIZ)
    name[len] = 0;
  while(*path == '/')
    path++;
  *pp = path;
  return 1;
}

/*
 * Looks up path: from the root if it starts with '/', else from dir (the
 * caller's reference; namex takes one of its own). With parent set, stops
 * one element short: *ipp is the directory that would hold the last
 * element, whose name is copied into name; a path with no element at all
 * ("/", "//") gives the root and an empty name. Without parent, a path
 * that ends in '/' must name a directory (ENOTDIR), as in Linux. *ipp
 * comes back referenced and unlocked. Must run inside a transaction,
 * since iput() may write.
 */
static int
namex(struct inode *dir, char *path, int parent, char *name,
      struct inode **ipp)
{
  struct inode *ip, *next;
  int r, slash, isdir;

  if(*path == 0)
    return -ENOENT;
  slash = path[strlen(path) - 1] == '/';
  if(*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else
    ip = idup(dir);
  if(ip == 0)
    return -ENFILE;

  while((r = skipelem(&path, name)) == 1){
    ilock(ip);
    if(ip->type != T_DIR){
      iunlockput(ip);
      return -ENOTDIR;
    }
    if(parent && *path == 0){
      iunlock(ip);
      *ipp = ip;
      return 0;
    }
    r = dirfind(ip, name, 0, &next);
    iunlockput(ip);
    if(r < 0)
      return r;
    ip = next;
  }
  if(r < 0){
    iput(ip);
    return r;
  }
  if(parent){
    name[0] = 0;    // no element: the path is all slashes
  } else if(slash){
    ilock(ip);
    isdir = ip->type == T_DIR;
    iunlock(ip);
    if(!isdir){
      iput(ip);
      return -ENOTDIR;
    }
  }
  *ipp = ip;
  return 0;
}

int
namei_at(struct inode *dir, char *path, struct inode **ipp)
{
  char name[DIRSIZ];

  return namex(dir, path, 0, name, ipp);
}

int
nameiparent_at(struct inode *dir, char *path, char *name, struct inode **ipp)
{
  return namex(dir, path, 1, name, ipp);
}

struct inode *
namei(char *path)
{
  struct inode *cwd = cwd_get(), *ip;
  int r = namei_at(cwd, path, &ip);

  iput(cwd);
  return r < 0 ? 0 : ip;
}

struct inode *
nameiparent(char *path, char *name)
{
  struct inode *cwd = cwd_get(), *ip;
  int r = nameiparent_at(cwd, path, name, &ip);

  iput(cwd);
  return r < 0 ? 0 : ip;
}

// ---- the name of an inode ------------------------------------------------------

// The most directories inode_path() goes down into.
#define PATH_DEPTH (MAXPATH / 2)

/*
 * Appends "/name" to the path of len bytes in buf (size bytes): the new
 * length, or -ENAMETOOLONG.
 */
static int
path_append(char *buf, int len, int size, char *name)
{
  int n = strlen(name);

  if(len + 1 + n >= size)
    return -ENAMETOOLONG;
  buf[len] = '/';
  memmove(buf + len + 1, name, n);
  return len + 1 + n;
}

/*
 * ip's absolute path, for an fd link in /proc (Linux's d_path): its
 * length in buf (size bytes, NUL-terminated), -ENOENT if no directory
 * names it (it was unlinked), -ENAMETOOLONG. nudge keeps no link from an
 * inode to the directory naming it (Linux's dentry), so this searches
 * the tree from the root, depth first, one directory lock at a time: a
 * directory is entered through its entry in its parent, held locked
 * then, so it cannot be freed first; the way back up is "..". A file
 * with several names gets the first one found. The caller holds a
 * reference to ip and no inode lock.
 */
int
inode_path(struct inode *ip, char *buf, int size)
{
  uint off[PATH_DEPTH + 1], o;
  struct inode *dp, *next;
  struct dirent de;
  char name[DIRSIZ + 1];
  int depth = 0, len = 0, r = -ENOENT;

  if(ip->inum == ROOTINO){
    if(size < 2)
      return -ENAMETOOLONG;
    safestrcpy(buf, "/", size);
    return 1;
  }
  begin_op();
  dp = iget(ip->dev, ROOTINO);
  off[0] = 2 * sizeof(de);
  name[DIRSIZ] = 0;
  while(dp){
    ilock(dp);
    next = 0;
    for(o = off[depth]; o < dp->size && next == 0 && r == -ENOENT; o += sizeof(de)){
      if(readi(dp, 0, (uint64)&de, o, sizeof(de)) != sizeof(de))
        panic("inode_path: short directory read");
      if(de.inum == 0)
        continue;
      memmove(name, de.name, DIRSIZ);
      if(de.inum == ip->inum)
        r = path_append(buf, len, size, name);
      else if(depth < PATH_DEPTH && itype(dp->dev, de.inum) == T_DIR &&
              (next = iget(dp->dev, de.inum)) != 0 &&
              (len = path_append(buf, len, size, name)) < 0){
        r = len;
        iput(next);
        next = 0;
      }
    }
    off[depth] = o;
    if(next){
      iunlockput(dp);
      dp = next;
      off[++depth] = 2 * sizeof(de);
    } else if(r != -ENOENT || depth == 0){
      iunlockput(dp);
      dp = 0;
    } else {
      next = dirlookup(dp, "..", 0);
      iunlockput(dp);
      dp = next;
      depth--;
      while(buf[--len] != '/')
        ;
    }
  }
  end_op();
  if(r >= 0)
    buf[r] = 0;
  return r;
}
