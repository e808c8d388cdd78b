/*
 * mkfs: builds a nudge file system image on the host.
 *
 *   mkfs fs.img file...
 *
 * The image has FSSIZE blocks laid out as include/nudge/fs.h says:
 *   [ boot | superblock | log | inodes | free bitmap | data ... ]
 * a root directory (inode ROOTINO) holding "." and "..", and a copy of
 * each file named on the command line, in the root under its last path
 * element: build/user/bin/cat becomes /cat.
 *
 * Portable host C99. The on-disk structs are written as they lie in
 * memory, so the host must be little-endian, as RISC-V is; mkfs checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdarg.h>

#include "nudge/fs.h"

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes must tile a block");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents must tile a block");

// The layout, computed once in main().
#define NLOG       (LOGBLOCKS + 1)              // header + LOGBLOCKS
#define NINODEBLK  ((int)(NINODES / IPB + 1))
#define NBITMAP    (FSSIZE / BPB + 1)
#define NMETA      (2 + NLOG + NINODEBLK + NBITMAP)

static FILE *img;
static struct superblock sb;
static uint32_t freeblock;   // next data block to hand out
static uint32_t freeinode = 1;

static void
die(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  fprintf(stderr, "mkfs: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

static void
wsect(uint32_t b, const void *buf)
{
  if(fseek(img, (long)b * BSIZE, SEEK_SET) != 0 || fwrite(buf, BSIZE, 1, img) != 1)
    die("write of block %u failed", b);
}

static void
rsect(uint32_t b, void *buf)
{
  if(fseek(img, (long)b * BSIZE, SEEK_SET) != 0 || fread(buf, BSIZE, 1, img) != 1)
    die("read of block %u failed", b);
}

// A data block, zero since the whole image starts zeroed.
static uint32_t
balloc(void)
{
  if(freeblock >= FSSIZE)
    die("image full: more than %d blocks", FSSIZE);
  return freeblock++;
}

static void
rinode(uint32_t inum, struct dinode *din)
{
  char buf[BSIZE];

  rsect(IBLOCK(inum, sb), buf);
  memmove(din, (struct dinode *)buf + inum % IPB, sizeof(*din));
}

static void
winode(uint32_t inum, const struct dinode *din)
{
  char buf[BSIZE];

  rsect(IBLOCK(inum, sb), buf);
  memmove((struct dinode *)buf + inum % IPB, din, sizeof(*din));
  wsect(IBLOCK(inum, sb), buf);
}

static uint32_t
ialloc(int16_t type, int16_t nlink)
{
  struct dinode din;
  uint32_t inum = freeinode++;

  if(inum >= NINODES)
    die("out of inodes: more than %d", NINODES);
  memset(&din, 0, sizeof(din));
  din.type = type;
  din.nlink = nlink;
  winode(inum, &din);
  return inum;
}

// The block number in *slot, allocating one if there is none.
static uint32_t
slot(uint32_t *slot)
{
  if(*slot == 0)
    *slot = balloc();
  return *slot;
}

// The block number in entry i of indirect block ind, allocating one if
// there is none.
static uint32_t
indirect(uint32_t ind, uint32_t i)
{
  uint32_t a[NINDIRECT];

  rsect(ind, a);
  if(a[i] == 0){
    a[i] = balloc();
    wsect(ind, a);
  }
  return a[i];
}

// The disk block holding block fbn of din's contents, as the kernel's
// bmap() maps it: direct, singly indirect, doubly indirect.
static uint32_t
bmap(struct dinode *din, uint32_t fbn)
{
  if(fbn < NDIRECT)
    return slot(&din->addrs[fbn]);
  fbn -= NDIRECT;
  if(fbn < NINDIRECT)
    return indirect(slot(&din->addrs[NDIRECT]), fbn);
  fbn -= NINDIRECT;
  if(fbn < NINDIRECT * NINDIRECT)
    return indirect(indirect(slot(&din->addrs[NDIRECT + 1]), fbn / NINDIRECT),
                    fbn % NINDIRECT);
  die("file larger than MAXFILE blocks");
  return 0;
}

// Appends n bytes to inode inum.
static void
iappend(uint32_t inum, const void *data, uint32_t n)
{
  const char *p = data;
  struct dinode din;
  char buf[BSIZE];
  uint32_t off, m, b;

  rinode(inum, &din);
  off = din.size;
  while(n > 0){
    b = bmap(&din, off / BSIZE);
    m = BSIZE - off % BSIZE;
    if(m > n)
      m = n;
    rsect(b, buf);
    memmove(buf + off % BSIZE, p, m);
    wsect(b, buf);
    n -= m;
    off += m;
    p += m;
  }
  din.size = off;
  winode(inum, &din);
}

// Adds the entry (name, inum) to directory dir.
static void
dirappend(uint32_t dir, const char *name, uint32_t inum)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  de.inum = inum;
  memmove(de.name, name, strlen(name));   // at most DIRSIZ; NUL-padded
  iappend(dir, &de, sizeof(de));
}

// Does directory dir already hold name?
static int
dirhas(uint32_t dir, const char *name)
{
  struct dinode din;
  struct dirent de[BSIZE / sizeof(struct dirent)];
  uint32_t off, i;

  rinode(dir, &din);
  for(off = 0; off < din.size; off += BSIZE){
    rsect(bmap(&din, off / BSIZE), de);
    for(i = 0; i < BSIZE / sizeof(de[0]) && off + i * sizeof(de[0]) < din.size; i++)
      if(de[i].inum != 0 && strncmp(de[i].name, name, DIRSIZ) == 0)
        return 1;
  }
  return 0;
}

// Copies the host file path into the root directory.
static void
addfile(uint32_t root, const char *path)
{
  const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char buf[BSIZE];
  uint32_t inum;
  size_t n;
  FILE *f;

  if(*name == 0 || strlen(name) > DIRSIZ)
    die("%s: name must be 1 to %d characters", path, DIRSIZ);
  if(dirhas(root, name))
    die("%s: a file named %s is already in the image", path, name);
  if((f = fopen(path, "rb")) == 0)
    die("%s: cannot open", path);

  inum = ialloc(T_FILE, 1);
  dirappend(root, name, inum);
  while((n = fread(buf, 1, sizeof(buf), f)) > 0)
    iappend(inum, buf, n);
  if(ferror(f))
    die("%s: read error", path);
  fclose(f);
}

// Marks every block handed out so far (metadata included) in use.
static void
writebitmap(void)
{
  unsigned char buf[BSIZE];
  uint32_t i, b;

  for(i = 0; i < NBITMAP; i++){
    memset(buf, 0, sizeof(buf));
    for(b = i * BPB; b < freeblock && b < (i + 1) * BPB; b++)
      buf[(b % BPB) / 8] |= 1 << (b % 8);
    wsect(sb.bmapstart + i, buf);
  }
}

int
main(int argc, char *argv[])
{
  static char zeroes[BSIZE];
  char buf[BSIZE];
  uint16_t one = 1;
  uint32_t root, b;
  int i;

  if(argc < 2)
    die("usage: mkfs fs.img file...");
  if(*(unsigned char *)&one != 1)
    die("the host must be little-endian");

  sb.magic = FSMAGIC;
  sb.size = FSSIZE;
  sb.nblocks = FSSIZE - NMETA;
  sb.ninodes = NINODES;
  sb.nlog = NLOG;
  sb.logstart = 2;
  sb.inodestart = 2 + NLOG;
  sb.bmapstart = 2 + NLOG + NINODEBLK;
  printf("mkfs: %d blocks: %d meta (boot, super, log %d, inodes %d, bitmap %d), %u data\n",
         FSSIZE, NMETA, NLOG, NINODEBLK, NBITMAP, sb.nblocks);

  if((img = fopen(argv[1], "w+b")) == 0)
    die("%s: cannot create", argv[1]);
  for(b = 0; b < FSSIZE; b++)
    wsect(b, zeroes);
  memset(buf, 0, sizeof(buf));
  memmove(buf, &sb, sizeof(sb));
  wsect(1, buf);
  freeblock = NMETA;

  // The root directory: its "." and its ".." (itself) both count.
  root = ialloc(T_DIR, 2);
  if(root != ROOTINO)
    die("root directory got inode %u, not %d", root, ROOTINO);
  dirappend(root, ".", root);
  dirappend(root, "..", root);

  for(i = 2; i < argc; i++)
    addfile(root, argv[i]);

  writebitmap();
  if(fclose(img) != 0)
    die("%s: write failed", argv[1]);
  return 0;
}
