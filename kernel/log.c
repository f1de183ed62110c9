// The write-ahead log, which makes each file-system operation atomic
// with respect to crashes.
//
// A system call brackets its file-system writes with begin_op() and
// end_op(), and writes a block with log_write(), not bwrite().  log_write
// only records the block number and marks the cached buffer dirty, which
// pins it in the cache.  Operations running at the same time join one
// transaction; when the last of them ends, commit() copies every recorded
// block into the log area, writes the header naming them (the commit
// point), copies them to their home locations, and clears the header.
// After a crash, initlog() finds a non-empty header and redoes the copy.
//
// On disk: block logstart is the header, blocks logstart+1 .. hold the
// logged copies in header order.  Log-area I/O goes through a private
// buffer outside the cache, so a commit never competes with the pinned
// blocks it is writing for a cache slot.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

// The header block.  block[i] is the home of log block logstart+1+i.
struct logheader {
  int n;
  uint block[LOGSIZE];
};

_Static_assert(sizeof(struct logheader) <= BSIZE, "log header exceeds a block");

// Locks: [l] log.lock  [c] set by initlog, then constant
//        [k] the committer's alone while committing is set
// Lock order: log.lock is never held across sleeplocks or disk I/O.
static struct {
  struct spinlock lock;
  uint dev;              // [c]
  uint start;            // [c] block number of the header
  int outstanding;       // [l] operations between begin_op and end_op
  int committing;        // [l] a commit is running; no op may begin
  struct logheader lh;   // [l] blocks of the open transaction; [k]
  struct buf io;         // [k] private buffer for the log area
} log;

static void recover(void);

// Set up the log of dev from its superblock and redo any transaction a
// crash left committed but not installed.  Called once, by fsinit.
void
initlog(int dev, struct superblock *sb)
{
  if(sb->nlog < (uint)LOGSIZE + 1)
    panic("initlog: log area smaller than LOGSIZE");
  initlock(&log.lock, "log");
  initsleeplock(&log.io.lock, "logio");
  log.dev = dev;
  log.start = sb->logstart;
  recover();
}

// Read (write == 0) or write log-area block blockno via log.io.
// Caller holds log.io.lock.
static void
logio(uint blockno, int write)
{
  log.io.dev = log.dev;
  log.io.blockno = blockno;
  log.io.flags = write ? B_DIRTY : 0;
  if(iderw(&log.io) < 0)
    panic("log: disk error");
}

static void
readhead(void)
{
  logio(log.start, 0);
  memmove(&log.lh, log.io.data, sizeof(log.lh));
  if(log.lh.n < 0 || log.lh.n > LOGSIZE)
    panic("initlog: corrupt log header");
}

// Writing a non-zero n is the moment the transaction commits.
static void
writehead(void)
{
  memset(log.io.data, 0, BSIZE);
  memmove(log.io.data, &log.lh, sizeof(log.lh));
  logio(log.start, 1);
}

// Copy each block of the transaction from the cache into the log area.
static void
savelogged(void)
{
  struct buf *b;
  int i;

  for(i = 0; i < log.lh.n; i++){
    if((b = bread(log.dev, log.lh.block[i])) == 0)
      panic("log: disk error");
    memmove(log.io.data, b->data, BSIZE);
    brelse(b);
    logio(log.start + 1 + i, 1);
  }
}

// Write each logged block to its home location, which also clears the
// dirty pin log_write put on it.  After a crash the cache holds nothing,
// so the contents come from the log area instead, into fresh buffers:
// the home copies are about to be overwritten, so they are not read.
static void
install(int fromlog)
{
  struct buf *b;
  int i;

  for(i = 0; i < log.lh.n; i++){
    if(fromlog){
      logio(log.start + 1 + i, 0);
      b = bfresh(log.dev, log.lh.block[i]);
      memmove(b->data, log.io.data, BSIZE);
    } else if((b = bread(log.dev, log.lh.block[i])) == 0)
      panic("log: disk error");
    if(bwrite(b) < 0)
      panic("log: disk error");
    brelse(b);
  }
}

static void
recover(void)
{
  acquiresleep(&log.io.lock);
  readhead();
  install(1);
  log.lh.n = 0;
  writehead();
  releasesleep(&log.io.lock);
}

// Make the transaction durable, then apply it.  Called with committing
// set and no operation outstanding, so lh cannot change underneath.
static void
commit(void)
{
  if(log.lh.n == 0)
    return;
  acquiresleep(&log.io.lock);
  savelogged();
  writehead();
  install(0);
  log.lh.n = 0;
  writehead();
  releasesleep(&log.io.lock);
}

// Start a file-system operation.  It may write up to MAXOPBLOCKS blocks,
// so wait until the log has room for that on top of every operation
// already admitted, and until no commit is running.
void
begin_op(void)
{
  acquire(&log.lock);
  while(log.committing ||
        log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > LOGSIZE)
    sleep(&log, &log.lock);
  log.outstanding++;
  release(&log.lock);
}

// Finish an operation; the last one out commits the transaction.
void
end_op(void)
{
  int docommit;

  acquire(&log.lock);
  if(log.outstanding < 1 || log.committing)
    panic("end_op: no operation");
  log.outstanding--;
  docommit = (log.outstanding == 0);
  if(docommit)
    log.committing = 1;
  else
    wakeup(&log);   // our unused reservation may admit a waiter
  release(&log.lock);

  if(docommit){
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
  }
}

// Record that b (locked, modified) belongs to the open transaction.
// Use instead of bwrite inside begin_op/end_op.  A block written twice
// in one transaction is logged once (absorption).
void
log_write(struct buf *b)
{
  int i;

  if(!holdingsleep(&b->lock) || b->dev != log.dev)
    panic("log_write: bad buf");
  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside an operation");
  for(i = 0; i < log.lh.n && log.lh.block[i] != b->blockno; i++)
    ;
  if(i == log.lh.n){
    if(log.lh.n >= LOGSIZE)
      panic("log_write: transaction too big");
    log.lh.block[log.lh.n++] = b->blockno;
  }
  b->flags |= B_DIRTY;
  release(&log.lock);
}
