// The on-disk file-system format, shared by the kernel (fs.c, log.c),
// mkfs and user programs that read directories (ls).
//
// A disk is an array of BSIZE-byte blocks laid out as
//
//   [ 0: unused | 1: superblock | log | inodes | free bitmap | data ]
//
// mkfs writes the superblock; the kernel reads it once in fsinit, refuses
// to mount it unless its regions fit in this order, and trusts it
// afterwards.  Every multi-byte field is little-endian.
#ifndef ZV6_FS_H
#define ZV6_FS_H
#include "types.h"

#define BSIZE   1024        // bytes per block
#define ROOTINO 1           // inode number of "/"
#define FSMAGIC 0x7A563666  // identifies a zv6 image ("zv6f")

// Block 1.  Every count and start is in blocks, except ninodes.
struct superblock {
  uint magic;       // FSMAGIC
  uint size;        // blocks in the whole image
  uint nblocks;     // data blocks
  uint ninodes;     // inodes (inode 0 is never used)
  uint nlog;        // log blocks: one header, then the logged copies
  uint logstart;    // first log block (the header)
  uint inodestart;  // first inode block
  uint bmapstart;   // first free-bitmap block
};

// A file's data sits in NDIRECT blocks named by the inode itself, then in
// up to NINDIRECT more named by one indirect block.
#define NDIRECT   12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE   (NDIRECT + NINDIRECT)   // largest file, in blocks

// An inode as stored on disk.  type 0 marks a free inode.
struct dinode {
  short type;               // T_DIR, T_FILE or T_DEV (stat.h); 0 = free
  short major;              // device number (T_DEV only)
  short minor;
  short nlink;              // directory entries naming this inode
  uint size;                // bytes of data
  uint addrs[NDIRECT + 1];  // data block numbers, then the indirect block
};

#define IPB (BSIZE / sizeof(struct dinode))  // inodes per block
#define BPB (BSIZE * 8)                      // bitmap bits per block

// Block holding inode inum, and bitmap block holding the bit of block b.
#define IBLOCK(inum, sb) ((inum) / IPB + (sb).inodestart)
#define BBLOCK(b, sb)    ((b) / BPB + (sb).bmapstart)

// A directory is a file of dirents.  inum 0 marks an unused entry.
// A name of exactly DIRSIZ bytes has no terminating NUL; the kernel
// rejects path elements longer than DIRSIZ rather than truncating them.
#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

#endif
