// mkfs: build a zv6 file-system image on the host.
//
//   mkfs fs.img file...
//
// The image is FSSIZE blocks in the layout of kernel/fs.h, with an empty
// log and a flat root directory holding ".", ".." and one regular file
// per argument, named by the argument's last path component (so
// build/user/cat becomes /cat).  Any bad input (unreadable file, name
// longer than DIRSIZ, duplicate name, too little space) is reported on
// one line and the exit status is 1; no image is written then.
//
// The image is assembled in memory and written in one go.  Every integer
// stored in it goes through xint/xshort, so it is little-endian whatever
// the host.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fs.h"

#define NLOG    (LOGSIZE + 1)    // the log header, then LOGSIZE blocks

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes straddle blocks");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents straddle blocks");
_Static_assert(sizeof(struct dinode) == 64, "dinode layout changed");
_Static_assert(sizeof(struct dirent) == 16, "dirent layout changed");
_Static_assert(sizeof(struct superblock) == 32, "superblock layout changed");
_Static_assert(FSINODES < 65536, "dirent inum is 16 bits");

static unsigned char *img;       // FSSIZE * BSIZE bytes
static struct superblock sb;     // host byte order
static uint nextinum = 1;        // next inode to hand out
static uint nextblock;           // next data block to hand out

static void
die(const char *fmt, ...)
{
  va_list ap;

  fprintf(stderr, "mkfs: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  exit(1);
}

// Convert between host order and the image's little-endian order (the
// same operation both ways).
static uint
xint(uint x)
{
  unsigned char b[4] = { x, x >> 8, x >> 16, x >> 24 };
  uint y;

  memcpy(&y, b, sizeof(y));
  return y;
}

static ushort
xshort(ushort x)
{
  unsigned char b[2] = { x, x >> 8 };
  ushort y;

  memcpy(&y, b, sizeof(y));
  return y;
}

static unsigned char*
block(uint bno)
{
  return img + (size_t)bno * BSIZE;
}

static struct dinode*
dinode(uint inum)
{
  return (struct dinode*)block(IBLOCK(inum, sb)) + inum % IPB;
}

// Fill in sb for FSSIZE blocks and write it to block 1.
static void
layout(void)
{
  uint ninodeblocks = (FSINODES + IPB - 1) / IPB;
  uint nbitmap = (FSSIZE + BPB - 1) / BPB;
  uint nmeta = 2 + NLOG + ninodeblocks + nbitmap;
  struct superblock disk;

  sb.magic = FSMAGIC;
  sb.size = FSSIZE;
  sb.nblocks = FSSIZE - nmeta;
  sb.ninodes = FSINODES;
  sb.nlog = NLOG;
  sb.logstart = 2;
  sb.inodestart = sb.logstart + NLOG;
  sb.bmapstart = sb.inodestart + ninodeblocks;
  nextblock = nmeta;

  disk.magic = xint(sb.magic);
  disk.size = xint(sb.size);
  disk.nblocks = xint(sb.nblocks);
  disk.ninodes = xint(sb.ninodes);
  disk.nlog = xint(sb.nlog);
  disk.logstart = xint(sb.logstart);
  disk.inodestart = xint(sb.inodestart);
  disk.bmapstart = xint(sb.bmapstart);
  memcpy(block(1), &disk, sizeof(disk));
}

// A new inode of the given type with one link.
static uint
ialloc(short type)
{
  struct dinode *d;
  uint inum;

  if(nextinum >= FSINODES)
    die("too many files: the image has %d inodes", FSINODES);
  inum = nextinum++;
  d = dinode(inum);
  memset(d, 0, sizeof(*d));
  d->type = xshort(type);
  d->nlink = xshort(1);
  return inum;
}

static uint
balloc(void)
{
  if(nextblock >= FSSIZE)
    die("image full: files need more than %d blocks", FSSIZE);
  return nextblock++;
}

// The disk block holding file block fbn of d, allocated if new.
static uint
fileblock(struct dinode *d, uint fbn)
{
  uint *ind;

  if(fbn < NDIRECT){
    if(d->addrs[fbn] == 0)
      d->addrs[fbn] = xint(balloc());
    return xint(d->addrs[fbn]);
  }
  if(d->addrs[NDIRECT] == 0)
    d->addrs[NDIRECT] = xint(balloc());
  ind = (uint*)block(xint(d->addrs[NDIRECT])) + (fbn - NDIRECT);
  if(*ind == 0)
    *ind = xint(balloc());
  return xint(*ind);
}

// Append n bytes to the end of inode inum; what is named for errors.
static void
iappend(uint inum, const void *data, uint n, const char *what)
{
  struct dinode *d = dinode(inum);
  const char *p = data;
  uint off = xint(d->size), m;

  if(off + n > MAXFILE * BSIZE)
    die("%s: larger than the %d-byte file limit", what, (int)(MAXFILE * BSIZE));
  while(n > 0){
    m = BSIZE - off % BSIZE;
    if(m > n)
      m = n;
    memcpy(block(fileblock(d, off / BSIZE)) + off % BSIZE, p, m);
    off += m;
    p += m;
    n -= m;
  }
  d->size = xint(off);
}

// Is name already in the root directory?
static int
inroot(const char *name)
{
  struct dinode *d = dinode(ROOTINO);
  uint off, size = xint(d->size);
  struct dirent *de;

  for(off = 0; off < size; off += sizeof(*de)){
    de = (struct dirent*)(block(fileblock(d, off / BSIZE)) + off % BSIZE);
    if(strncmp(de->name, name, DIRSIZ) == 0)
      return 1;
  }
  return 0;
}

static void
rootlink(const char *name, uint inum)
{
  struct dirent de;

  if(inroot(name))
    die("%s: name used twice", name);
  memset(&de, 0, sizeof(de));
  de.inum = xshort(inum);
  strncpy(de.name, name, DIRSIZ);
  iappend(ROOTINO, &de, sizeof(de), "/");
}

// Copy the host file path into a new inode, linked into the root.
static void
addfile(const char *path)
{
  const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
  char buf[BSIZE];
  FILE *fp;
  uint inum;
  size_t n;

  if(*name == '\0' || strlen(name) > DIRSIZ)
    die("%s: name must be 1 to %d bytes", path, DIRSIZ);
  if((fp = fopen(path, "rb")) == 0)
    die("%s: cannot open", path);
  inum = ialloc(T_FILE);
  rootlink(name, inum);
  while((n = fread(buf, 1, sizeof(buf), fp)) > 0)
    iappend(inum, buf, n, path);
  if(ferror(fp))
    die("%s: read error", path);
  fclose(fp);
}

// Mark every block handed out so far, and the metadata, as in use.
static void
writebitmap(void)
{
  uint b;

  for(b = 0; b < nextblock; b++)
    block(BBLOCK(b, sb))[(b % BPB) / 8] |= 1 << (b % 8);
}

static void
writeimage(const char *path)
{
  FILE *fp;

  if((fp = fopen(path, "wb")) == 0)
    die("%s: cannot create", path);
  if(fwrite(img, BSIZE, FSSIZE, fp) != FSSIZE || fclose(fp) != 0)
    die("%s: write error", path);
}

int
main(int argc, char *argv[])
{
  uint root;
  int i;

  if(argc < 2)
    die("usage: mkfs fs.img file...");
  if((img = calloc(FSSIZE, BSIZE)) == 0)
    die("out of memory");
  layout();
  if((root = ialloc(T_DIR)) != ROOTINO)
    die("root is inode %u, not %d", root, ROOTINO);
  rootlink(".", root);
  rootlink("..", root);
  for(i = 2; i < argc; i++)
    addfile(argv[i]);
  writebitmap();
  writeimage(argv[1]);
  return 0;
}
