// A cached copy of one disk block (bio.c), also the unit of disk I/O
// handed to the IDE driver (ide.c) and of logging (log.c).
#ifndef ZV6_BUF_H
#define ZV6_BUF_H
#include "types.h"
#include "sleeplock.h"
#include "fs.h"

#define B_VALID 0x1   // data holds the block's contents
#define B_DIRTY 0x2   // data differs from the disk: write it, never recycle it
#define B_ERROR 0x4   // the disk failed the last request for this buffer

// Locks: [c] bcache.lock (bio.c)  [b] the buffer's own sleeplock
//        [q] idelock (ide.c) while the buffer is queued for the disk
// A buffer with refcnt 0 has no holder or waiter on lock, so bcache.lock
// alone then covers flags, dev and blockno.
struct buf {
  struct sleeplock lock;  // held by whoever reads or writes data
  int flags;              // [b] B_VALID, B_DIRTY, B_ERROR; [q] while queued
  uint dev;               // [c] which disk
  uint blockno;           // [c] which block of it
  uint refcnt;            // [c] holders plus waiters for lock
  struct buf *prev;       // [c] LRU list, most recently released first
  struct buf *next;       // [c]
  struct buf *qnext;      // [q] next request in the IDE queue
  uchar data[BSIZE];      // [b]
};

#endif
