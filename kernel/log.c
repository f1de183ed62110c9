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
//
// A disk error in a commit cannot be undone, and the operations in the
// transaction have already returned.  So the log stops (see logfail):
// the disk keeps a consistent state, the cache keeps what the operations
// wrote, and the file system is read-only until reboot, with one line
// on the console.  fs.c refuses changes then (log_readonly).
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
  int broken;            // [l] a disk error stopped the log: read-only
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
// Returns 0, or -1 if the disk failed.
static int
logio(uint blockno, int write)
{
  log.io.dev = log.dev;
  log.io.blockno = blockno;
  log.io.flags = write ? B_DIRTY : 0;
  return iderw(&log.io);
}

// Returns 0, or -1 if the header cannot be read.
static int
readhead(void)
{
  if(logio(log.start, 0) < 0)
    return -1;
  memmove(&log.lh, log.io.data, sizeof(log.lh));
  if(log.lh.n < 0 || log.lh.n > LOGSIZE)
    panic("initlog: corrupt log header");
  return 0;
}

// Writing a non-zero n is the moment the transaction commits.
// Returns 0, or -1 if the disk failed.
static int
writehead(void)
{
  memset(log.io.data, 0, BSIZE);
  memmove(log.io.data, &log.lh, sizeof(log.lh));
  return logio(log.start, 1);
}

// Copy each block of the transaction from the cache into the log area.
// Returns 0, or -1 at the first the disk does not take.  (The blocks are
// pinned in the cache, so reading them cannot fail.)
static int
savelogged(void)
{
  struct buf *b;
  int i;

  for(i = 0; i < log.lh.n; i++){
    b = bpinned(log.dev, log.lh.block[i]);
    memmove(log.io.data, b->data, BSIZE);
    brelse(b);
    if(logio(log.start + 1 + i, 1) < 0)
      return -1;
  }
  return 0;
}

// Write each logged block to its home location, which also clears the
// dirty pin log_write put on it.  After a crash the cache holds nothing,
// so the contents come from the log area instead, into fresh buffers:
// the home copies are about to be overwritten, so they are not read.
// Returns 0, or -1 if any block failed; the others are installed anyway.
// A block that failed stays pinned, holding what the disk lacks.
static int
install(int fromlog)
{
  struct buf *b;
  int i, r = 0;

  for(i = 0; i < log.lh.n; i++){
    if(fromlog){
      if(logio(log.start + 1 + i, 0) < 0){
        r = -1;
        continue;
      }
      b = bfresh(log.dev, log.lh.block[i]);
      memmove(b->data, log.io.data, BSIZE);
    } else {
      b = bpinned(log.dev, log.lh.block[i]);
    }
    if(bwrite(b) < 0)
      r = -1;
    brelse(b);
  }
  return r;
}

// A disk error in a commit or in recovery.  What the disk holds is still
// a consistent file system: the one before the transaction if its header
// was not written, else the one the transaction committed, which the
// next boot's recovery installs, since a header is never cleared after a
// failure.  The blocks that did not reach home stay pinned in the cache,
// so until reboot everyone reads what the operations wrote; the console
// says the disk may not have it.  Another commit would overwrite the log
// area, so there is none: the file system stays read-only (log_readonly)
// and the transaction is forgotten, its blocks still pinned.
// Caller holds log.io.lock and owns lh (committing, or at boot).
static void
logfail(void)
{
  cprintf("log: disk error; the file system is read-only until reboot\n");
  log.lh.n = 0;
  acquire(&log.lock);
  log.broken = 1;
  release(&log.lock);
}

// Every block of the transaction is home: empty the header, so recovery
// has nothing to redo and the log area is free for the next one.
static void
clearhead(void)
{
  log.lh.n = 0;
  if(writehead() < 0)
    logfail();
}

static void
recover(void)
{
  acquiresleep(&log.io.lock);
  if(readhead() < 0 || install(1) < 0)
    logfail();
  else
    clearhead();
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
  if(savelogged() < 0 || writehead() < 0 || install(0) < 0)
    logfail();
  else
    clearhead();
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
// in one transaction is logged once (absorption).  Once the log is
// broken nothing is recorded or pinned: fs.c refuses every change then,
// so the only callers left undo what they did in the same operation.
void
log_write(struct buf *b)
{
  int i;

  if(!holdingsleep(&b->lock) || b->dev != log.dev)
    panic("log_write: bad buf");
  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside an operation");
  if(log.broken){
    release(&log.lock);
    return;
  }
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

// Has a disk error stopped the log?  Then the file system is read-only:
// fs.c refuses every change with -1.  Inside an operation the answer
// cannot change before end_op, since only a commit sets it.
int
log_readonly(void)
{
  int r;

  acquire(&log.lock);
  r = log.broken;
  release(&log.lock);
  return r;
}
