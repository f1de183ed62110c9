// Pipes: a PIPESIZE-byte ring buffer between a read end and a write end,
// each an FD_PIPE struct file made by pipealloc (for sys_pipe).  Readers
// sleep while the pipe is empty, writers while it is full.  A reader sees
// end of file once the pipe is empty and the write end is closed; a
// writer fails once the read end is closed.  The pipe itself is freed
// by pipeclose when both ends are gone.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"

// nread and nwrite count bytes ever read and written; they may wrap, and
// byte i lives at data[i % PIPESIZE], which stays consistent across the
// wrap only if PIPESIZE divides 2^32.
_Static_assert((PIPESIZE & (PIPESIZE - 1)) == 0, "PIPESIZE not a power of 2");

// Locks: [p] pi->lock
// Invariant: 0 <= nwrite - nread <= PIPESIZE.
struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];  // [p]
  uint nread;           // [p] readers sleep on &nread
  uint nwrite;          // [p] writers sleep on &nwrite
  int readopen;         // [p] the read end is not yet closed
  int writeopen;        // [p] the write end is not yet closed
};

_Static_assert(sizeof(struct pipe) <= PGSIZE, "struct pipe exceeds a page");

// Make a pipe and its two ends: *rf to read, *wf to write.
// Returns 0, or -1 with nothing allocated.
int
pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *pi;

  *rf = *wf = 0;
  if((*rf = filealloc()) == 0 || (*wf = filealloc()) == 0)
    goto bad;
  if((pi = (struct pipe*)kalloc()) == 0)
    goto bad;
  initlock(&pi->lock, "pipe");
  pi->nread = pi->nwrite = 0;
  pi->readopen = pi->writeopen = 1;
  (*rf)->type = (*wf)->type = FD_PIPE;
  (*rf)->pipe = (*wf)->pipe = pi;
  (*rf)->readable = 1;
  (*rf)->writable = 0;
  (*wf)->readable = 0;
  (*wf)->writable = 1;
  return 0;

bad:
  if(*wf)
    fileclose(*wf);
  if(*rf)
    fileclose(*rf);
  return -1;
}

// Close one end (the write end if writable), waking whoever waits on the
// other so it can notice.
void
pipeclose(struct pipe *pi, int writable)
{
  int gone;

  acquire(&pi->lock);
  if(writable){
    pi->writeopen = 0;
    wakeup(&pi->nread);
  } else {
    pi->readopen = 0;
    wakeup(&pi->nwrite);
  }
  gone = !pi->readopen && !pi->writeopen;
  release(&pi->lock);
  if(gone)
    kfree((char*)pi);
}

// Copy up to n bytes from addr into the ring: as many as fit before it
// fills or wraps.  Returns the count.  Caller holds pi->lock.
static uint
putrun(struct pipe *pi, char *addr, uint n)
{
  uint at = pi->nwrite % PIPESIZE;
  uint space = PIPESIZE - (pi->nwrite - pi->nread);

  if(n > space)
    n = space;
  if(n > PIPESIZE - at)
    n = PIPESIZE - at;
  memmove(pi->data + at, addr, n);
  pi->nwrite += n;
  return n;
}

// Copy up to n bytes out of the ring into addr, stopping where it empties
// or wraps.  Returns the count.  Caller holds pi->lock.
static uint
getrun(struct pipe *pi, char *addr, uint n)
{
  uint at = pi->nread % PIPESIZE;
  uint avail = pi->nwrite - pi->nread;

  if(n > avail)
    n = avail;
  if(n > PIPESIZE - at)
    n = PIPESIZE - at;
  memmove(addr, pi->data + at, n);
  pi->nread += n;
  return n;
}

// Write all n bytes, sleeping whenever the ring is full.  Returns n, or
// -1 if the read end closes or the caller is killed first.
int
pipewrite(struct pipe *pi, char *addr, int n)
{
  int done = 0;

  acquire(&pi->lock);
  while(done < n){
    if(!pi->readopen || killed(myproc())){
      release(&pi->lock);
      return -1;
    }
    if(pi->nwrite - pi->nread == PIPESIZE){
      wakeup(&pi->nread);
      sleep(&pi->nwrite, &pi->lock);
      continue;
    }
    done += putrun(pi, addr + done, n - done);
  }
  wakeup(&pi->nread);
  release(&pi->lock);
  return n;
}

// Read up to n bytes, sleeping until some are available.  Returns the
// count, 0 at end of file, or -1 if the caller is killed while waiting.
int
piperead(struct pipe *pi, char *addr, int n)
{
  int got = 0;

  if(n == 0)
    return 0;   // nothing asked: do not wait for data
  acquire(&pi->lock);
  while(pi->nread == pi->nwrite && pi->writeopen){
    if(killed(myproc())){
      release(&pi->lock);
      return -1;
    }
    sleep(&pi->nread, &pi->lock);
  }
  while(got < n && pi->nread != pi->nwrite)
    got += getrun(pi, addr + got, n - got);
  wakeup(&pi->nwrite);
  release(&pi->lock);
  return got;
}
