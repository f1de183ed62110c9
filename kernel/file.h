// Open files (file.c), in-memory inodes (fs.c) and the device switch
// through which readi/writei reach character devices such as the console.
#ifndef ZV6_FILE_H
#define ZV6_FILE_H
#include "types.h"
#include "sleeplock.h"
#include "fs.h"

struct pipe;

// Locks: [f] ftable.lock (file.c)  [i] ip->lock of the file's inode
//        [s] set by the opener before the file is shared, then constant
struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE } type;  // [s]
  int ref;              // [f] descriptors (in any process) naming this file
  char readable;        // [s]
  char writable;        // [s]
  struct pipe *pipe;    // [s] FD_PIPE
  struct inode *ip;     // [s] FD_INODE
  uint off;             // [i] FD_INODE: where the next read/write starts
};

// Locks: [t] itable.lock (fs.c)  [l] ip->lock
// dev and inum change only while ref is 0.  The fields from type on are a
// copy of the dinode, meaningful only when valid is set.
struct inode {
  uint dev;             // [t]
  uint inum;            // [t]
  int ref;              // [t] in-memory pointers to this slot
  struct sleeplock lock;
  int valid;            // [l] the dinode copy below has been read
  short type;           // [l]
  short major;          // [l]
  short minor;          // [l]
  short nlink;          // [l]
  uint size;            // [l]
  uint addrs[NDIRECT + 1];  // [l]
};


// Character devices, indexed by major number (filled in by their drivers).
// Called with ip locked; n bytes to/from kernel or validated user memory.
struct devsw {
  int (*read)(struct inode *ip, char *dst, int n);
  int (*write)(struct inode *ip, char *src, int n);
};

extern struct devsw devsw[];

#define CONSOLE 1

#endif
