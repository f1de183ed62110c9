// Pipes: a PIPESIZE-byte ring buffer between a read end and a write end,
// each an FD_PIPE struct file made by pipealloc (for sys_pipe).  Readers
// sleep while the pipe is empty, writers while it lacks the room they
// wait for.  The pipe itself is freed by pipeclose when both ends are
// gone.
//
// What a pipe promises:
//  - A write of at most PIPE_BUF bytes is atomic: it waits until the ring
//    has room for all of it and then copies it in at once, so records of
//    that size from several writers never interleave.  A longer write
//    goes in as room appears, in pieces of at least PIPE_BUF bytes (or
//    what is left of it), and other writes may come between the pieces.
//    A write returns n once every byte is in, or -1 if the read end is
//    closed or the writer is killed first (perhaps having written part
//    of a long write).
//  - A read waits until the ring is not empty and then takes every byte
//    there, up to n, at once: a contiguous stretch of the stream.  It
//    returns 0 at end of file (ring empty, write end closed), -1 if the
//    reader is killed while it waits.
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
_Static_assert(PIPE_BUF <= PIPESIZE, "an atomic write must fit the ring");

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

// Free bytes in the ring.  Caller holds pi->lock.
static uint
room(struct pipe *pi)
{
  return PIPESIZE - (pi->nwrite - pi->nread);
}

// Copy up to n bytes from addr into the ring: as many as fit before it
// fills or wraps.  Returns the count.  Caller holds pi->lock.
static uint
putrun(struct pipe *pi, char *addr, uint n)
{
  uint at = pi->nwrite % PIPESIZE;

  if(n > room(pi))
    n = room(pi);
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

// Copy as much of addr[0..n) into the ring as fits, across the wrap.
// Returns the count.  Caller holds pi->lock.
static uint
put(struct pipe *pi, char *addr, uint n)
{
  uint done = 0;

  while(done < n && room(pi) > 0)
    done += putrun(pi, addr + done, n - done);
  return done;
}

// Copy everything in the ring, up to n bytes, into addr, across the
// wrap.  Returns the count.  Caller holds pi->lock.
static uint
get(struct pipe *pi, char *addr, uint n)
{
  uint got = 0;

  while(got < n && pi->nread != pi->nwrite)
    got += getrun(pi, addr + got, n - got);
  return got;
}

// Write all n bytes, each time waiting for room for min(left, PIPE_BUF)
// and then putting in all that fits, so that a write of at most PIPE_BUF
// bytes goes in whole.  Returns n, or -1 if the read end closes or the
// caller is killed first.
int
pipewrite(struct pipe *pi, char *addr, int n)
{
  uint done = 0, need;

  acquire(&pi->lock);
  while(done < (uint)n){
    if(!pi->readopen || killed(myproc())){
      release(&pi->lock);
      return -1;
    }
    need = n - done < PIPE_BUF ? n - done : PIPE_BUF;
    if(room(pi) < need){
      wakeup(&pi->nread);
      sleep(&pi->nwrite, &pi->lock);
      continue;
    }
    done += put(pi, addr + done, n - done);
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
  int got;

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
  got = get(pi, addr, n);
  wakeup(&pi->nwrite);
  release(&pi->lock);
  return got;
}
