// The buffer cache: NBUF in-memory copies of disk blocks.
//
// It keeps at most one copy of each block, so every process sees the
// same data, and it serializes use of a block: bread() returns the buffer
// locked, and its holder alone touches data until brelse().  Unused
// buffers are recycled least recently released first.  A B_DIRTY buffer
// holds changes the log has not yet written home (log.c sets the flag),
// so it is never recycled: dropping it would lose them.
//
// Entry points: binit at boot; bread/bfresh/bwrite/brelse from fs.c and
// log.c; bpinned from log.c.
// A disk error reaches the caller: bread returns 0, bwrite -1.  bread
// also fails when fault injection says so (faultinj.c), for the file
// system's reads; the log's commit reads only pinned blocks, through
// bpinned, which cannot fail: a commit's failure could not be undone.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "faultinj.h"

// Lock order: bcache.lock is never held while taking a buffer's sleeplock;
// bget sleeps on &bcache (with bcache.lock) until brelse idles a buffer.
static struct {
  struct spinlock lock;  // guards the LRU list and each buf's dev,
                         // blockno and refcnt (see buf.h)
  struct buf buf[NBUF];
  struct buf lru;        // list head: lru.next was released most recently
} bcache;

// Put b at the most-recently-used end of the list.
// Caller holds bcache.lock; b is not on the list.
static void
pushfront(struct buf *b)
{
  b->next = bcache.lru.next;
  b->prev = &bcache.lru;
  bcache.lru.next->prev = b;
  bcache.lru.next = b;
}

// Take b off the list.  Caller holds bcache.lock.
static void
lruremove(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.lru.next = bcache.lru.prev = &bcache.lru;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buf");
    pushfront(b);
  }
}

// The buffer caching (dev, blockno), or 0.  Caller holds bcache.lock.
static struct buf*
lookup(uint dev, uint blockno)
{
  struct buf *b;

  for(b = bcache.lru.next; b != &bcache.lru; b = b->next)
    if(b->dev == dev && b->blockno == blockno)
      return b;
  return 0;
}

// Repurpose the least recently used idle, clean buffer for (dev, blockno);
// its data is not yet read.  Returns 0 if every buffer is in use or
// pinned by the log.  Caller holds bcache.lock.
static struct buf*
recycle(uint dev, uint blockno)
{
  struct buf *b;

  for(b = bcache.lru.prev; b != &bcache.lru; b = b->prev){
    if(b->refcnt == 0 && !(b->flags & B_DIRTY)){
      b->dev = dev;
      b->blockno = blockno;
      b->flags = 0;
      return b;
    }
  }
  return 0;
}

// Return the locked buffer for (dev, blockno), valid or not.  When every
// buffer is busy, wait for brelse to free one: many processes reading at
// once while the log pins its blocks is a load, not a kernel bug.
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);
  while((b = lookup(dev, blockno)) == 0 && (b = recycle(dev, blockno)) == 0)
    sleep(&bcache, &bcache.lock);
  b->refcnt++;
  release(&bcache.lock);
  acquiresleep(&b->lock);
  return b;
}

// Return a locked buffer holding the contents of block blockno, or 0
// if the disk could not read it (ide.c has said so on the console).
// The next bread of the block tries the disk again.
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b;

  if(shouldfail(FAIL_BREAD))
    return 0;
  b = bget(dev, blockno);
  if(!(b->flags & B_VALID) && iderw(b) < 0){
    brelse(b);
    return 0;
  }
  return b;
}

// Return a locked buffer for block blockno that the caller will fill
// entirely: zeroed and valid, without reading the disk, whose copy does
// not matter (a newly allocated block, or one recovery overwrites).
struct buf*
bfresh(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  memset(b->data, 0, BSIZE);
  b->flags |= B_VALID;
  return b;
}

// Return the locked buffer of a block the log has pinned (log_write made
// it B_DIRTY): it is in the cache and valid, so this never reads the disk
// and cannot fail.
struct buf*
bpinned(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if((b->flags & (B_VALID | B_DIRTY)) != (B_VALID | B_DIRTY))
    panic("bpinned: block not pinned");
  return b;
}

// Write b's data to its block now.  Returns 0, or -1 if the disk failed;
// b then stays B_DIRTY, so the cache keeps the data the disk lacks.
// Caller holds b->lock.  Only the log calls this; file-system code goes
// through log_write instead.
int
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buf not locked");
  b->flags |= B_DIRTY;
  return iderw(b);
}

// Give up a buffer from bread.  The last release makes it the most
// recently used, so it is the last candidate for recycling.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buf not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  if(--b->refcnt == 0){
    lruremove(b);
    pushfront(b);
    wakeup(&bcache);   // an idle buffer: bget may be waiting for one
  }
  release(&bcache.lock);
}
