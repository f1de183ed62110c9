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
//
// Wake-ups.  A wakeup scans the whole process table (proc.c), whether or
// not anyone sleeps, so neither side calls it unless someone may be
// waiting: a reader sets rwait before it sleeps, a writer sets wwait and
// lowers wneed to the room it waits for.  The flags change only under
// pi->lock, and sleep lets go of pi->lock only once the sleeper is
// asleep, so no wakeup can fall between a sleeper's test and its sleep.
// Invariant: every reader asleep on the pipe finds rwait set, and every
// writer asleep finds wwait set and wneed no more than the room it needs;
// a flag is cleared only together with a wakeup of everyone on its
// channel.  Data arrives only in pipewrite, which then wakes any reader;
// room appears only in piperead, which wakes the writers once the room
// reaches wneed, the least any of them needs.  So a sleeper whose
// condition comes true is woken, on any number of CPUs.  A woken process
// tests again, and if it must sleep again sets the flag again; one that
// is killed instead leaves its flag set, which costs at most one needless
// wakeup later.  Closing either end wakes the other side unconditionally.
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
// Lock order: pi->lock, then ptable.lock (sleep, wakeup).
// Invariant: 0 <= nwrite - nread <= PIPESIZE.
struct pipe {
  struct spinlock lock;
  char data[PIPESIZE];  // [p]
  uint nread;           // [p] bytes ever read
  uint nwrite;          // [p] bytes ever written
  int readopen;         // [p] the read end is not yet closed
  int writeopen;        // [p] the write end is not yet closed
  int rwait;            // [p] a reader may be asleep on &rwait
  int wwait;            // [p] a writer may be asleep on &wwait
  uint wneed;           // [p] if wwait: the least room a sleeping writer needs
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
  pi->rwait = pi->wwait = 0;
  pi->wneed = 0;
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
    pi->rwait = 0;
    wakeup(&pi->rwait);
  } else {
    pi->readopen = 0;
    pi->wwait = 0;
    wakeup(&pi->wwait);
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

// Sleep until woken by a write or a close.  Caller holds pi->lock.
static void
waitdata(struct pipe *pi)
{
  pi->rwait = 1;
  sleep(&pi->rwait, &pi->lock);
}

// Sleep until woken by a read that leaves at least need bytes of room,
// or by a close.  Caller holds pi->lock.
static void
waitroom(struct pipe *pi, uint need)
{
  if(!pi->wwait || need < pi->wneed)
    pi->wneed = need;
  pi->wwait = 1;
  sleep(&pi->wwait, &pi->lock);
}

// Data has arrived: wake the readers, if any may be asleep.
// Caller holds pi->lock.
static void
wakereaders(struct pipe *pi)
{
  if(pi->rwait){
    pi->rwait = 0;
    wakeup(&pi->rwait);
  }
}

// Room has appeared: wake the writers once there is enough for the one
// that needs least.  Caller holds pi->lock.
static void
wakewriters(struct pipe *pi)
{
  if(pi->wwait && room(pi) >= pi->wneed){
    pi->wwait = 0;
    wakeup(&pi->wwait);
  }
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
      waitroom(pi, need);
      continue;
    }
    done += put(pi, addr + done, n - done);
    wakereaders(pi);
  }
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
    waitdata(pi);
  }
  got = get(pi, addr, n);
  wakewriters(pi);
  release(&pi->lock);
  return got;
}
