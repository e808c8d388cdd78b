/*
 * The buffer cache: NBUF copies of disk blocks, kept in memory so that
 * blocks in use by several processes exist once, and recently used blocks
 * need no disk read.
 *   binit()           at boot
 *   bread(dev, n)     the block, locked and read from disk if need be
 *   bwrite(b)         write b's data to disk (caller holds b's lock)
 *   brelse(b)         unlock b and drop the caller's reference
 *   bpin / bunpin     the log keeps a block cached until it is installed
 *
 * Buffers sit on one list, most recently released first; a free buffer
 * (refcnt 0) is recycled from the tail, the least recently used.
 *
 * Locking, outer first:
 *   1. b->lock        sleeplock: owns b's data, valid, disk; held from
 *                     bread() to brelse(), across the disk I/O.
 *   2. bcache.lock    spinlock for the list, and every buffer's dev,
 *                     blockno and refcnt; never held across a sleep
 *                     except inside sleep() itself.
 * Invariant: a block is cached at most once (dev, blockno unique among
 * buffers with refcnt > 0 or valid data).
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "dev/console.h"
#include "dev/virtio_blk.h"
#include "fs/buf.h"

static struct {
  struct spinlock lock;
  struct buf buf[NBUF];
  struct buf head;        // [lock] head.next is the most recently used
} bcache;

void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.head.prev = &bcache.head;
  bcache.head.next = &bcache.head;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buffer");
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
  }
}

// The cached buffer for (dev, blockno), or 0 if none.
// Caller holds bcache.lock.
static struct buf *
bfind(uint dev, uint blockno)
{
  struct buf *b;

  assert_held(&bcache.lock);
  for(b = bcache.head.next; b != &bcache.head; b = b->next)
    if(b->dev == dev && b->blockno == blockno)
      return b;
  return 0;
}

// The least recently used free buffer, or 0 if all are in use.
// Caller holds bcache.lock.
static struct buf *
bvictim(void)
{
  struct buf *b;

  assert_held(&bcache.lock);
  for(b = bcache.head.prev; b != &bcache.head; b = b->prev)
    if(b->refcnt == 0)
      return b;
  return 0;
}

// Finds or claims the buffer for (dev, blockno) and returns it locked.
// When every buffer is in use, waits for a brelse() rather than panic:
// a busy system can pin many blocks in the log at once.
static struct buf *
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);
  for(;;){
    if((b = bfind(dev, blockno)) != 0)
      break;
    if((b = bvictim()) != 0){
      b->dev = dev;
      b->blockno = blockno;
      b->valid = 0;
      break;
    }
    sleep(&bcache, &bcache.lock);
  }
  b->refcnt++;
  release(&bcache.lock);
  acquiresleep(&b->lock);
  return b;
}

struct buf *
bread(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if(!b->valid){
    virtio_disk_rw(b, 0);
    b->valid = 1;
  }
  return b;
}

void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  virtio_disk_rw(b, 1);
}

// Unlocks b; if no one else holds it, it becomes the most recently used.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  b->refcnt--;
  if(b->refcnt == 0){
    b->next->prev = b->prev;
    b->prev->next = b->next;
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
    wakeup(&bcache);
  }
  release(&bcache.lock);
}

void
bpin(struct buf *b)
{
  acquire(&bcache.lock);
  b->refcnt++;
  release(&bcache.lock);
}

void
bunpin(struct buf *b)
{
  acquire(&bcache.lock);
  b->refcnt--;
  if(b->refcnt == 0)
    wakeup(&bcache);
  release(&bcache.lock);
}
