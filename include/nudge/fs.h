/*
 * The on-disk format, shared by the kernel and mkfs.
 *
 * Disk layout, in blocks of BSIZE bytes:
 *   [ boot | superblock | log | inodes | free bitmap | data ... ]
 * mkfs computes the layout and writes it into the superblock.
 */
#ifndef NUDGE_FS_H
#define NUDGE_FS_H

#include <stdint.h>
#include "nudge/major.h"      // the device numbers a dinode's major holds

#define BSIZE      1024           // block size
#define ROOTINO    1              // root directory's inode number
#define FSMAGIC    0x6e756467     // "nudg"
#define FSSIZE     32000          // blocks in the image mkfs builds
#define LOGBLOCKS  30             // max data blocks in one log transaction
#define NINODES    400            // inodes mkfs makes

struct superblock {
  uint32_t magic;       // FSMAGIC
  uint32_t size;        // blocks in the image
  uint32_t nblocks;     // data blocks
  uint32_t ninodes;
  uint32_t nlog;        // log blocks, header included
  uint32_t logstart;    // first log block
  uint32_t inodestart;  // first inode block
  uint32_t bmapstart;   // first free-bitmap block
};

#define NDIRECT    11
#define NINDIRECT  (BSIZE / sizeof(uint32_t))
#define MAXFILE    (NDIRECT + NINDIRECT + NINDIRECT * NINDIRECT)

// Inode types (dinode.type).
#define T_DIR      1
#define T_FILE     2
#define T_DEVICE   3
#define T_SOCK     4          // a socket's name (bind)

struct dinode {
  int16_t  type;                 // 0: free
  int16_t  major;                // T_DEVICE only
  int16_t  minor;
  int16_t  nlink;                // directory entries naming this inode
  uint32_t size;                 // bytes
  uint32_t addrs[NDIRECT + 2];   // direct, singly and doubly indirect
};

// The most names (nlink) an inode may have, since nlink is an int16_t:
// link() and mkdir() past it fail with EMLINK, as Linux's do at their
// file system's limit (ext4: 65000).
#define LINK_MAX 32767

#define IPB           (BSIZE / sizeof(struct dinode))
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)
#define BPB           (BSIZE * 8)
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

#define DIRSIZ 14

struct dirent {
  uint16_t inum;                 // 0: free slot
  char name[DIRSIZ];             // NUL-padded, not always NUL-terminated
};

#endif
