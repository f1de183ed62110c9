// The open-file table: NFILE struct files shared by every process.
//
// A struct file is what a file descriptor names: a pipe end or an inode
// plus an offset.  fork and dup share one struct file (filedup); the
// last fileclose releases the pipe end or the inode.  fileread and
// filewrite move data for the read/write system calls, splitting a large
// write so each piece fits one log transaction.  The device switch
// devsw[] lives here too; drivers such as the console fill it at boot.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "stat.h"

struct devsw devsw[NDEV];

static struct {
  struct spinlock lock;  // guards ref of every file; a file whose ref is
                         // 0 is free, and its other fields are unused
  struct file file[NFILE];
} ftable;

// A write of k whole blocks dirties, at worst, the inode's block and, for
// each of the k data blocks and the indirect block, the block itself and
// the bitmap block recording it: 1 + 2*(k+1) blocks.  filewrite keeps
// every piece within WCHUNK whole blocks so that fits in MAXOPBLOCKS.
#define WCHUNK ((MAXOPBLOCKS - 1) / 2 - 1)
_Static_assert(WCHUNK >= 1, "MAXOPBLOCKS too small for filewrite");

void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

// A free file with ref 1 and type FD_NONE, or 0 if the table is full.
struct file*
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for(f = ftable.file; f < ftable.file + NFILE; f++){
    if(f->ref == 0){
      f->ref = 1;
      f->type = FD_NONE;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

// Open-file table entries in use, for sysinfo.
int
nfile_used(void)
{
  struct file *f;
  int n = 0;

  acquire(&ftable.lock);
  for(f = ftable.file; f < ftable.file + NFILE; f++)
    if(f->ref > 0)
      n++;
  release(&ftable.lock);
  return n;
}

struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup: free file");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drop a reference; the last one releases what the file refers to.
void
fileclose(struct file *f)
{
  struct file last;

  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose: free file");
  if(--f->ref > 0){
    release(&ftable.lock);
    return;
  }
  last = *f;          // the slot may be reused once the lock is dropped
  f->type = FD_NONE;
  release(&ftable.lock);

  if(last.type == FD_PIPE)
    pipeclose(last.pipe, last.writable);
  else if(last.type == FD_INODE){
    begin_op();
    iput(last.ip);
    end_op();
  }
}

// Fill *st (kernel memory or a validated user address) for an inode file.
int
filestat(struct file *f, struct stat *st)
{
  if(f->type != FD_INODE)
    return -1;
  ilock(f->ip);
  stati(f->ip, st);
  iunlock(f->ip);
  return 0;
}

// Read up to n bytes into addr.  Returns the count, 0 at end of file, -1.
int
fileread(struct file *f, char *addr, int n)
{
  int r;

  if(!f->readable || n < 0)
    return -1;
  if(f->type == FD_PIPE)
    return piperead(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("fileread: bad type");
  ilock(f->ip);
  if((r = readi(f->ip, addr, f->off, n)) > 0)
    f->off += r;
  iunlock(f->ip);
  return r;
}

// Write one piece of at most n bytes at f->off in its own transaction,
// ending at a block boundary if it is cut short.  Returns bytes written.
static int
writepiece(struct file *f, char *addr, int n)
{
  int r, room;

  begin_op();
  ilock(f->ip);
  room = WCHUNK * BSIZE - f->off % BSIZE;
  if(n > room)
    n = room;
  if((r = writei(f->ip, addr, f->off, n)) > 0)
    f->off += r;
  iunlock(f->ip);
  end_op();
  return r;
}

// Write n bytes from addr.  Returns n, or the count written before an
// error (-1 if none).
int
filewrite(struct file *f, char *addr, int n)
{
  int done, r;

  if(!f->writable || n < 0)
    return -1;
  if(f->type == FD_PIPE)
    return pipewrite(f->pipe, addr, n);
  if(f->type != FD_INODE)
    panic("filewrite: bad type");
  for(done = 0; done < n; done += r){
    r = writepiece(f, addr + done, n - done);
    if(r <= 0)
      break;
  }
  if(done == 0 && n > 0)
    return -1;
  return done;
}
