// The file system proper: blocks, inodes, directories and path names,
// layered on the log (log.c) and the buffer cache (bio.c).
//
//   blocks       balloc/bfree keep the free bitmap; new blocks are zeroed.
//   inodes       a table of NINODE in-memory inodes.  iget/idup/iput count
//                references to a slot; ilock/iunlock guard its contents
//                and read them from disk on first use.  The last iput of
//                an inode no directory names frees it on disk.
//   file data    bmap maps file blocks to disk blocks; readi/writei.
//   directories  dirlookup/dirlink over files of struct dirent.
//   paths        namei/nameiparent walk from "/" or the process's cwd.
//
// Any function that writes the disk must run inside begin_op/end_op.
// A block the disk cannot read is an error to the caller (-1 or 0), never
// a panic; ide.c has already named the block on the console.  After a
// failed commit the file system is read-only (log.c): writei and ialloc
// refuse, and an unlinked inode is not freed.
// A path element longer than DIRSIZ is an error, not truncated.
// The system calls (sysfile.c, exec.c) and file.c are the callers.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "file.h"
#include "faultinj.h"

static struct superblock sb;   // read and checked by fsinit, then constant

// Lock order: begin_op before any inode lock; a directory's inode lock
// before its children's; an inode lock before buffer locks; itable.lock
// is never held while taking another lock.
static struct {
  struct spinlock lock;  // guards ref, dev and inum of every slot
  struct inode inode[NINODE];
} itable;

#define MIN(a, b) ((a) < (b) ? (a) : (b))

// ---- blocks ----

// Zero block bno on disk; what it held before is not read.
// Inside an operation.
static void
bzero(uint dev, uint bno)
{
  struct buf *bp;

  bp = bfresh(dev, bno);
  log_write(bp);
  brelse(bp);
}

// Claim the first clear bit of bitmap block bp, which covers blocks
// base .. base+BPB-1, skipping bits for blocks past the disk's end.
// Returns the block number, or 0 if the block has no clear bit.
static uint
bitclaim(struct buf *bp, uint base)
{
  uint i;
  uchar mask;

  for(i = 0; i < BPB && base + i < sb.size; i++){
    mask = 1 << (i % 8);
    if(!(bp->data[i / 8] & mask)){
      bp->data[i / 8] |= mask;
      log_write(bp);
      return base + i;
    }
  }
  return 0;
}

// Mark bno free.  If the bitmap cannot be read, bno stays allocated:
// a leaked block is better than a guessed bitmap.  Inside an operation.
static void
bfree(uint dev, uint bno)
{
  struct buf *bp;
  uchar mask = 1 << (bno % 8);

  if((bp = bread(dev, BBLOCK(bno, sb))) == 0)
    return;
  if(!(bp->data[(bno % BPB) / 8] & mask))
    panic("bfree: block already free");
  bp->data[(bno % BPB) / 8] &= ~mask;
  log_write(bp);
  brelse(bp);
}

// Allocate a zeroed block.  Returns its number, or 0 if the disk is full
// or fails.
static uint
balloc(uint dev)
{
  struct buf *bp;
  uint base, bno;

  for(base = 0; base < sb.size; base += BPB){
    if((bp = bread(dev, BBLOCK(base, sb))) == 0)
      return 0;
    bno = bitclaim(bp, base);
    brelse(bp);
    if(bno != 0){
      bzero(dev, bno);
      return bno;
    }
  }
  return 0;
}

// ---- inodes ----

void
iinit(void)
{
  int i;

  initlock(&itable.lock, "itable");
  for(i = 0; i < NINODE; i++)
    initsleeplock(&itable.inode[i].lock, "inode");
}

// Whether n blocks from start end at or before end, without overflow.
static int
fits(uint start, uint n, uint end)
{
  return start <= end && n <= end - start;
}

// What makes s unusable as a zv6 superblock, or 0 if nothing does: its
// regions must follow each other in the order of fs.h, none overlapping
// the next, the data ending at the image's end, and the image no larger
// than the disk the kernel drives (FSSIZE).
static char*
badsuper(struct superblock *s)
{
  if(s->magic != FSMAGIC)
    return "wrong magic";
  if(s->size > FSSIZE)
    return "image larger than FSSIZE";
  if(s->nlog < (uint)LOGSIZE + 1)
    return "log area smaller than LOGSIZE";
  if(s->logstart < 2 || !fits(s->logstart, s->nlog, s->inodestart))
    return "log area does not fit";
  if(s->ninodes <= ROOTINO ||
     !fits(s->inodestart, (s->ninodes - 1) / IPB + 1, s->bmapstart))
    return "inodes do not fit";
  if(s->nblocks > s->size ||
     !fits(s->bmapstart, (s->size - 1) / BPB + 1, s->size - s->nblocks))
    return "bitmap and data do not fit";
  return 0;
}

// Mount dev: check its superblock and replay its log.  Called once, from
// the first process (it sleeps on the disk), before any other fs call.
// Returns -1 if the superblock cannot be read (the disk is missing or
// failing, which ide.c has said) or is not a usable one (said here in
// one line), else 0.
int
fsinit(int dev)
{
  struct buf *bp;
  char *why;

  iinit();
  if((bp = bread(dev, 1)) == 0)
    return -1;
  memmove(&sb, bp->data, sizeof(sb));
  brelse(bp);
  if((why = badsuper(&sb)) != 0){
    cprintf("fsinit: bad superblock: %s\n", why);
    return -1;
  }
  initlog(dev, &sb);
  return 0;
}

// Where inode inum lives inside bp, its inode block.
static struct dinode*
dinodeat(struct buf *bp, uint inum)
{
  return (struct dinode*)bp->data + inum % IPB;
}

// In-memory inodes with a reference, for sysinfo.
int
ninode_used(void)
{
  struct inode *ip;
  int n = 0;

  acquire(&itable.lock);
  for(ip = itable.inode; ip < itable.inode + NINODE; ip++)
    if(ip->ref > 0)
      n++;
  release(&itable.lock);
  return n;
}

// The in-memory slot for (dev, inum) with one more reference, not locked
// and not necessarily read from disk.  Returns 0 if the table is full.
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip, *empty = 0;

  acquire(&itable.lock);
  for(ip = itable.inode; ip < itable.inode + NINODE; ip++){
    if(ip->ref > 0 && ip->dev == dev && ip->inum == inum){
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if(empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if(empty){
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  release(&itable.lock);
  return empty;
}

// Allocate a free inode of the given type on dev.  Returns it referenced
// and unlocked, or 0 if the disk or the inode table is full, or the disk
// fails or is read-only (or fault injection says so).  Inside an operation.
struct inode*
ialloc(uint dev, short type)
{
  struct buf *bp;
  struct dinode *dip;
  struct inode *ip;
  uint inum;

  if(log_readonly() || shouldfail(FAIL_IALLOC))
    return 0;
  for(inum = 1; inum < sb.ninodes; inum++){
    if((bp = bread(dev, IBLOCK(inum, sb))) == 0)
      return 0;
    dip = dinodeat(bp, inum);
    if(dip->type == 0){
      if((ip = iget(dev, inum)) != 0){
        memset(dip, 0, sizeof(*dip));
        dip->type = type;
        log_write(bp);
      }
      brelse(bp);
      return ip;
    }
    brelse(bp);
  }
  return 0;
}

// Copy ip's fields to its dinode.  Returns 0, or -1 if the disk cannot
// read the inode's block.  Caller holds ip->lock, inside an op.
int
iupdate(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  if((bp = bread(ip->dev, IBLOCK(ip->inum, sb))) == 0)
    return -1;
  dip = dinodeat(bp, ip->inum);
  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(bp);
  brelse(bp);
  return 0;
}

// Read ip's dinode into it.  Returns 0, or -1 if the disk cannot read
// it: ip is then left invalid and empty, with type 0, which no caller
// takes for a file, directory or device.  Caller holds ip->lock.
static int
iload(struct inode *ip)
{
  struct buf *bp;
  struct dinode *dip;

  if((bp = bread(ip->dev, IBLOCK(ip->inum, sb))) == 0){
    ip->type = 0;
    ip->nlink = 0;
    ip->size = 0;
    memset(ip->addrs, 0, sizeof(ip->addrs));
    return -1;
  }
  dip = dinodeat(bp, ip->inum);
  ip->type = dip->type;
  ip->major = dip->major;
  ip->minor = dip->minor;
  ip->nlink = dip->nlink;
  ip->size = dip->size;
  memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
  brelse(bp);
  ip->valid = 1;
  if(ip->type == 0)
    panic("ilock: inode is free on disk");
  return 0;
}

struct inode*
idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

// Lock ip, reading it from disk if this slot has not yet.  Returns 0,
// or -1 if that read failed: ip is locked all the same, for the caller
// to unlock as usual, and has type 0 (see iload).  Only the first lock
// of a slot reads the disk, so relocking an inode cannot fail.
int
ilock(struct inode *ip)
{
  if(ip == 0 || ip->ref < 1)
    panic("ilock: no reference");
  acquiresleep(&ip->lock);
  if(!ip->valid)
    return iload(ip);
  return 0;
}

void
iunlock(struct inode *ip)
{
  if(ip == 0 || ip->ref < 1 || !holdingsleep(&ip->lock))
    panic("iunlock: not locked");
  releasesleep(&ip->lock);
}

// Free ip on disk: its data, then the dinode.  ip is locked, unreferenced
// elsewhere and named by no directory.  A read-only file system keeps
// it: the inode and its blocks leak on disk, but nothing is written.
static void
ifree(struct inode *ip)
{
  if(log_readonly())
    return;
  itrunc(ip);
  ip->type = 0;
  iupdate(ip);
  ip->valid = 0;
}

// Drop a reference.  Dropping the last one to an inode with no links
// frees it, so every iput must be inside an operation.  Caller does not
// hold ip->lock.
void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if(ip->ref == 1 && ip->valid && ip->nlink == 0){
    // Ours is the only reference and no directory names ip, so nobody
    // can reach it to hold its lock: reading nlink unlocked is safe, and
    // so is dropping itable.lock while we free it.
    release(&itable.lock);
    acquiresleep(&ip->lock);
    ifree(ip);
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

void
stati(struct inode *ip, struct stat *st)
{
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// ---- file data ----

// The block number stored at *slot, first storing a newly allocated one
// there if it is 0 and alloc is set.  0 if there is none.
static uint
blockat(uint dev, uint *slot, int alloc)
{
  if(*slot == 0 && alloc)
    *slot = balloc(dev);
  return *slot;
}

// The disk block holding file block bn of ip, allocating it (and the
// indirect block) if alloc is set.  0 if absent, past MAXFILE, or the
// disk is full or fails.  Caller holds ip->lock; with alloc, inside an
// op, and must iupdate ip afterwards.
static uint
bmap(struct inode *ip, uint bn, int alloc)
{
  struct buf *bp;
  uint ind, old, addr, *slot;

  if(bn < NDIRECT)
    return blockat(ip->dev, &ip->addrs[bn], alloc);
  bn -= NDIRECT;
  if(bn >= NINDIRECT)
    return 0;
  if((ind = blockat(ip->dev, &ip->addrs[NDIRECT], alloc)) == 0)
    return 0;
  if((bp = bread(ip->dev, ind)) == 0)
    return 0;
  slot = (uint*)bp->data + bn;
  old = *slot;
  if((addr = blockat(ip->dev, slot, alloc)) != old)
    log_write(bp);
  brelse(bp);
  return addr;
}

// Free the blocks listed by indirect block ind, then ind itself.  If
// ind cannot be read, they all stay allocated (leaked, not guessed).
static void
freeindirect(uint dev, uint ind)
{
  struct buf *bp;
  uint *a, i;

  if((bp = bread(dev, ind)) == 0)
    return;
  a = (uint*)bp->data;
  for(i = 0; i < NINDIRECT; i++)
    if(a[i])
      bfree(dev, a[i]);
  brelse(bp);
  bfree(dev, ind);
}

void
itrunc(struct inode *ip)
{
  int i;

  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i]){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if(ip->addrs[NDIRECT]){
    freeindirect(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

// The device switch entry for ip, or 0 if its major has no driver.
static struct devsw*
devof(struct inode *ip)
{
  if(ip->major < 0 || ip->major >= NDEV)
    return 0;
  return &devsw[ip->major];
}

// Copy up to n bytes at offset off of ip into dst (kernel memory or a
// validated user address).  Returns the bytes read: short at the end of
// the file and 0 at or past it (another descriptor may have truncated
// the file under this one's offset), or -1 if off + n wraps.  A block
// the disk cannot read ends the copy: short, or -1 if nothing was read.
// Files have no holes, so below the size a missing block is an error too.
// Caller holds ip->lock.
int
readi(struct inode *ip, char *dst, uint off, uint n)
{
  struct devsw *d;
  struct buf *bp;
  uint tot, m, bno;

  if(!holdingsleep(&ip->lock))
    panic("readi: not locked");
  if(ip->type == T_DEV){
    d = devof(ip);
    return (d && d->read) ? d->read(ip, dst, n) : -1;
  }
  if(off + n < off)
    return -1;
  if(off >= ip->size)
    return 0;
  n = MIN(n, ip->size - off);
  for(tot = 0; tot < n; tot += m, off += m, dst += m){
    if((bno = bmap(ip, off / BSIZE, 0)) == 0 || (bp = bread(ip->dev, bno)) == 0)
      return tot > 0 ? tot : -1;
    m = MIN(n - tot, BSIZE - off % BSIZE);
    memmove(dst, bp->data + off % BSIZE, m);
    brelse(bp);
  }
  return tot;
}

// Copy n bytes from src to offset off of ip, growing the file if needed.
// Returns the bytes written: short if the disk fills or fails or the
// file reaches MAXFILE blocks; -1 if none could be, off + n wraps, off is
// past the end, or the file system is read-only, or if the file grew but
// its inode could not be updated: the size then stays what the disk
// says, so nothing past it was written.  (Bytes written below the old
// size stay written: a write into a directory entry slot is not undone
// by a failure to update an inode it did not change.)  A zv6 file has
// no holes, so a write must start at or before the end; an offset left
// past it by another descriptor's truncation stays refused (unlike
// Unix, which would fill the gap with zeros) until the file grows back
// to it.
// Caller holds ip->lock, inside an op that has room for the blocks.
int
writei(struct inode *ip, char *src, uint off, uint n)
{
  struct devsw *d;
  struct buf *bp;
  uint tot, m, bno, oldsize = ip->size;
  uint oldaddrs[NDIRECT + 1];

  if(!holdingsleep(&ip->lock))
    panic("writei: not locked");
  if(ip->type == T_DEV){
    d = devof(ip);
    return (d && d->write) ? d->write(ip, src, n) : -1;
  }
  if(off > ip->size || off + n < off || log_readonly())
    return -1;
  if(n == 0)
    return 0;
  n = MIN(n, MAXFILE * BSIZE - off);   // off <= size <= the maximum
  memmove(oldaddrs, ip->addrs, sizeof(oldaddrs));
  for(tot = 0; tot < n; tot += m, off += m, src += m){
    if((bno = bmap(ip, off / BSIZE, 1)) == 0 || (bp = bread(ip->dev, bno)) == 0)
      break;
    m = MIN(n - tot, BSIZE - off % BSIZE);
    memmove(bp->data + off % BSIZE, src, m);
    log_write(bp);
    brelse(bp);
  }
  if(off > ip->size)
    ip->size = off;
  // bmap may have changed addrs even if size did not.  New blocks the
  // disk's inode does not name stay in addrs, for the next write (or
  // itrunc) to use.
  if((ip->size != oldsize || memcmp(ip->addrs, oldaddrs, sizeof(oldaddrs))) &&
     iupdate(ip) < 0){
    ip->size = oldsize;
    return -1;
  }
  return tot == 0 ? -1 : tot;
}

// ---- directories ----

int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// Read the directory entry at off of dp, a locked directory.  Returns 0,
// or -1 if the disk fails (or the size is no multiple of sizeof(*de)).
static int
readent(struct inode *dp, uint off, struct dirent *de)
{
  return readi(dp, (char*)de, off, sizeof(*de)) == sizeof(*de) ? 0 : -1;
}

// Search dp for name.  Returns the entry's inode number and sets *poff to
// its offset; 0 if absent, -1 if dp cannot be read.  Caller holds dp->lock.
static int
dirfind(struct inode *dp, char *name, uint *poff)
{
  struct dirent de;
  uint off;

  if(dp->type != T_DIR)
    panic("dirfind: not a directory");
  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readent(dp, off, &de) < 0)
      return -1;
    if(de.inum != 0 && namecmp(name, de.name) == 0){
      *poff = off;
      return de.inum;
    }
  }
  return 0;
}

// The inode named name in directory dp, referenced but unlocked, or 0
// if there is none (or no free inode slot, or dp cannot be read).  If
// poff is not 0, sets *poff to the entry's offset.  Caller holds dp->lock.
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint off;
  int inum;

  if((inum = dirfind(dp, name, &off)) <= 0)
    return 0;
  if(poff)
    *poff = off;
  return iget(dp->dev, inum);
}

// Add the entry (name, inum) to dp, reusing a free slot if there is one.
// Returns 0, or -1 if name is taken or too long, the disk is full or
// fails, or dp has been unlinked (it lives on only as someone's cwd, and an entry
// added now would never be freed).  Caller holds dp->lock, inside an op.
int
dirlink(struct inode *dp, char *name, uint inum)
{
  struct dirent de;
  uint off;

  if(dp->nlink == 0 || strlen(name) > DIRSIZ || dirfind(dp, name, &off) != 0)
    return -1;
  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readent(dp, off, &de) < 0)
      return -1;
    if(de.inum == 0)
      break;
  }
  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

// ---- path names ----

// Copy the first element of the path at *pp into name (NUL-terminated,
// so name has room for DIRSIZ+1 bytes) and advance *pp past it and the
// slashes after it.  Returns the element's length: 0 if the path has no
// elements left, -1 if the element is longer than DIRSIZ.
static int
nextelem(char **pp, char *name)
{
  char *p = *pp, *start;
  int len;

  while(*p == '/')
    p++;
  for(start = p; *p != '/' && *p != '\0'; p++)
    ;
  len = p - start;
  if(len > DIRSIZ)
    return -1;
  memmove(name, start, len);
  name[len] = '\0';
  while(*p == '/')
    p++;
  *pp = p;
  return len;
}

// Walk path.  With parent set, stop one element early: return the
// directory that would contain the last element and copy that element
// into name.  Returns an unlocked, referenced inode, or 0.
// Inside an operation (the final iput of a walk may free an inode).
static struct inode*
namex(char *path, int parent, char *name)
{
  struct inode *ip, *next;
  int len;

  if(*path == '\0')
    return 0;
  ip = (*path == '/') ? iget(ROOTDEV, ROOTINO) : idup(myproc()->cwd);
  if(ip == 0)
    return 0;
  while((len = nextelem(&path, name)) > 0){
    if(ilock(ip) < 0 || ip->type != T_DIR)
      goto bad;
    if(parent && *path == '\0'){
      iunlock(ip);
      return ip;
    }
    if((next = dirlookup(ip, name, 0)) == 0)
      goto bad;
    iunlockput(ip);
    ip = next;
  }
  if(len < 0 || parent){   // too long, or no last element to stop at
    iput(ip);
    return 0;
  }
  return ip;

bad:
  iunlockput(ip);
  return 0;
}

// The inode named by path, relative to the cwd unless it starts with '/'.
struct inode*
namei(char *path)
{
  char name[DIRSIZ + 1];

  return namex(path, 0, name);
}

// The directory holding path's last element, whose name is copied into
// name (room for DIRSIZ+1 bytes).  0 if the path has no last element
// ("/"), any element is missing or too long, or a prefix is no directory.
struct inode*
nameiparent(char *path, char *name)
{
  return namex(path, 1, name);
}
