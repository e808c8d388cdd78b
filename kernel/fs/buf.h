#ifndef BUF_H
#define BUF_H

#include "types.h"
#include "lock/sleeplock.h"
#include "nudge/fs.h"

// A cached disk block.
struct buf {
  int valid;              // data has been read from disk
  int disk;               // the disk driver owns it
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;            // [bcache.lock]
  struct buf *prev;       // [bcache.lock] LRU list
  struct buf *next;
  uchar data[BSIZE];
};

void        binit(void);
struct buf *bread(uint dev, uint blockno);
void        bwrite(struct buf *b);
void        brelse(struct buf *b);
void        bpin(struct buf *b);
void        bunpin(struct buf *b);

// log.c
void initlog(int dev, struct superblock *sb);
void log_write(struct buf *b);
void begin_op(void);
void end_op(void);

#endif
