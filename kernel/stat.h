#ifndef ZV6_STAT_H
#define ZV6_STAT_H
#define T_DIR  1   // directory
#define T_FILE 2   // regular file
#define T_DEV  3   // device

struct stat {
  short type;   // T_DIR, T_FILE or T_DEV
  int dev;      // disk device
  uint ino;     // inode number
  short nlink;  // links to the inode
  uint size;    // bytes
};
#endif
