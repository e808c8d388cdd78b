/*
 * The write-ahead log: makes each file-system operation atomic with
 * respect to crashes. An operation's modified blocks first go to the log
 * on disk; only once the log header names them all (the commit point) are
 * they copied to their home locations. After a crash, initlog() replays a
 * committed log and ignores an uncommitted one, so the disk holds either
 * all of an operation's writes or none.
 *   initlog(dev, sb)   at boot, from fsinit(): recover, then start empty
 *   begin_op()         start an operation; may wait for log space
 *   log_write(b)       instead of bwrite(): record b as part of the operation
 *   end_op()           finish it; the last one out commits
 *
 * Group commit: several operations may run at once, and their blocks go
 * out together in one commit when no operation is left outstanding. Each
 * operation reserves MAXOPBLOCKS log blocks when it begins, so a
 * transaction never outgrows LOGBLOCKS.
 *
 * On disk, from sb->logstart: the header block, then up to LOGBLOCKS
 * block copies. The header's n is nonzero exactly when a committed
 * transaction waits to be installed.
 *
 * Locking: log.lock (spinlock) for the fields tagged [l]. The commit runs
 * with committing set and the lock dropped, since it sleeps on disk I/O;
 * new operations wait for it to finish.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "dev/console.h"
#include "lib/string.h"
#include "fs/buf.h"

// The log header, in memory and in the log's first block.
struct logheader {
  uint n;                   // blocks in the transaction
  uint block[LOGBLOCKS];    // their home block numbers
};

static struct {
  struct spinlock lock;
  uint start;               // [I] header block
  uint dev;                 // [I]
  int outstanding;          // [l] operations between begin_op and end_op
  int committing;           // [l] end_op() is writing the log
  struct logheader lh;      // [l] blocks logged so far
} log;

static void recover_from_log(void);
static void commit(void);

void
initlog(int dev, struct superblock *sb)
{
  if(sizeof(struct logheader) > BSIZE)
    panic("initlog: log header larger than a block");
  if(sb->nlog < LOGBLOCKS + 1)
    panic("initlog: log too small for LOGBLOCKS");

  initlock(&log.lock, "log");
  log.start = sb->logstart;
  log.dev = dev;
  recover_from_log();
}

// Copies each logged block to its home location.
static void
install_trans(int recovering)
{
  struct buf *lbuf, *dbuf;
  uint i;

  for(i = 0; i < log.lh.n; i++){
    lbuf = bread(log.dev, log.start + 1 + i);
    dbuf = bread(log.dev, log.lh.block[i]);
    memmove(dbuf->data, lbuf->data, BSIZE);
    bwrite(dbuf);
    if(!recovering)
      bunpin(dbuf);
    brelse(lbuf);
    brelse(dbuf);
  }
}

static void
read_head(void)
{
  struct buf *b;

  b = bread(log.dev, log.start);
  memmove(&log.lh, b->data, sizeof(log.lh));
  brelse(b);
  if(log.lh.n > LOGBLOCKS)
    panic("read_head: corrupt log header");
}

// Writes the in-memory header to disk. With n > 0 this is the commit
// point; with n == 0 it erases the transaction.
static void
write_head(void)
{
  struct buf *b;

  b = bread(log.dev, log.start);
  memmove(b->data, &log.lh, sizeof(log.lh));
  bwrite(b);
  brelse(b);
}

static void
recover_from_log(void)
{
  read_head();
  install_trans(1);
  log.lh.n = 0;
  write_head();
}

void
begin_op(void)
{
  acquire(&log.lock);
  for(;;){
    if(log.committing){
      sleep(&log, &log.lock);
    } else if(log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > LOGBLOCKS){
      // Room for this operation's worst case is not guaranteed.
      sleep(&log, &log.lock);
    } else {
      log.outstanding++;
      break;
    }
  }
  release(&log.lock);
}

void
end_op(void)
{
  int do_commit = 0;

  acquire(&log.lock);
  log.outstanding--;
  if(log.outstanding < 0)
    panic("end_op: no operation outstanding");
  if(log.committing)
    panic("end_op: commit in progress");
  if(log.outstanding == 0){
    do_commit = 1;
    log.committing = 1;
  } else {
    // This operation's reservation is free again.
    wakeup(&log);
  }
  release(&log.lock);

  if(do_commit){
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
  }
}

// Copies the transaction's blocks from the cache into the log.
static void
write_log(void)
{
  struct buf *to, *from;
  uint i;

  for(i = 0; i < log.lh.n; i++){
    to = bread(log.dev, log.start + 1 + i);
    from = bread(log.dev, log.lh.block[i]);
    memmove(to->data, from->data, BSIZE);
    bwrite(to);
    brelse(from);
    brelse(to);
  }
}

// Runs with committing set, so no operation touches log.lh meanwhile.
static void
commit(void)
{
  if(log.lh.n == 0)
    return;
  write_log();
  write_head();       // the commit point
  install_trans(0);
  log.lh.n = 0;
  write_head();       // erase the transaction from the log
}

/*
 * Records that b, modified by the current operation, must reach the disk
 * with the rest of the transaction; b stays pinned in the cache until
 * then. A block written twice in one transaction takes one log slot
 * (absorption). Caller holds b's lock, inside begin_op()/end_op().
 */
void
log_write(struct buf *b)
{
  uint i;

  assert_held_sleep(&b->lock);
  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside a transaction");
  for(i = 0; i < log.lh.n; i++)
    if(log.lh.block[i] == b->blockno)
      break;
  if(i == log.lh.n){
    if(log.lh.n >= LOGBLOCKS)
      panic("log_write: transaction too big");
    log.lh.block[i] = b->blockno;
    log.lh.n++;
    bpin(b);
  }
  release(&log.lock);
}
