// Pipes: a ring buffer of up to PIPESIZE bytes between a read end and a
// write end, each an FD_PIPE struct file made by pipealloc (for
// sys_pipe); fileread, filewrite and fileclose call piperead, pipewrite
// and pipeclose.  Bytes move straight between the caller's user memory
// and the ring, which sys_read and sys_write have checked is mapped.
//
// What a pipe promises (docs/pipes.md):
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
// Memory.  A pipe starts as one page: the struct pipe at its start and
// the first part of the ring after it.  The first write that does not fit
// adds the ring's other pages, so a pipe that only ever carries a little
// costs a page, and a busy one gets PIPESIZE bytes.  If no page is free
// the ring stays as it is; writes still work, with less room.
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

// The pipe's pages taken as one run of PIPEPAGES * PGSIZE bytes: the
// struct pipe in the first PIPEHDR, then ring byte k (0 <= k < size) at
// offset PIPEHDR + k.  The bytes in the pipe are the count bytes from
// head on, wrapping at size, which need not be a power of 2.
#define PIPEPAGES ((PIPESIZE + PGSIZE - 1) / PGSIZE)
#define PIPEHDR   (PIPEPAGES * PGSIZE - PIPESIZE)
#define FIRSTSIZE (PGSIZE - PIPEHDR)    // ring bytes in the first page

// An atomic write must fit even a ring that could not grow.
_Static_assert(PIPE_BUF <= FIRSTSIZE, "PIPE_BUF exceeds a one-page ring");

// Locks: [p] pi->lock
// Lock order: pi->lock, then the kmem locks (kalloc) or ptable.lock (sleep,
// wakeup).
// Invariants: size is FIRSTSIZE plus PGSIZE for each page after the
// first that is present; 0 <= head < size; 0 <= count <= size.
struct pipe {
  struct spinlock lock;
  char *page[PIPEPAGES]; // [p] page[0] is the struct's own; the rest 0 until the ring grows
  uint size;             // [p] ring bytes in the pages present
  uint head;             // [p] ring index of the oldest byte
  uint count;            // [p] bytes in the ring
  int readopen;          // [p] the read end is not yet closed
  int writeopen;         // [p] the write end is not yet closed
  int rwait;             // [p] a reader may be asleep on &rwait
  int wwait;             // [p] a writer may be asleep on &wwait
  uint wneed;            // [p] if wwait: the least room a sleeping writer needs
};

_Static_assert(sizeof(struct pipe) <= PIPEHDR, "struct pipe overlaps the ring");

// A new pipe of one page with both ends open, or 0 if no page is free.
static struct pipe*
newpipe(void)
{
  struct pipe *pi;

  if((pi = (struct pipe*)kalloc()) == 0)
    return 0;
  memset(pi, 0, sizeof(*pi));
  initlock(&pi->lock, "pipe");
  pi->page[0] = (char*)pi;
  pi->size = FIRSTSIZE;
  pi->readopen = pi->writeopen = 1;
  return pi;
}

// Free the pipe's pages, the struct's own last.  Both ends are closed, so
// nobody else can reach it.
static void
pipefree(struct pipe *pi)
{
  int i;

  for(i = PIPEPAGES - 1; i > 0; i--)
    if(pi->page[i])
      kfree(pi->page[i]);
  kfree((char*)pi);
}

// Make a pipe and its two ends: *rf to read, *wf to write.
// Returns 0, or -1 with nothing allocated.
int
pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *pi;

  *rf = *wf = 0;
  if((*rf = filealloc()) == 0 || (*wf = filealloc()) == 0)
    goto bad;
  if((pi = newpipe()) == 0)
    goto bad;
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
    pipefree(pi);
}

// Free bytes in the ring.  Caller holds pi->lock.
static uint
room(struct pipe *pi)
{
  return pi->size - pi->count;
}

// Add the ring's next page, if it has one to add and its bytes do not
// wrap: then the new page only lengthens the free space after them.
// Quietly leaves the ring as it is if no page is free.
// Caller holds pi->lock.
static void
grow(struct pipe *pi)
{
  int next = (pi->size - FIRSTSIZE) / PGSIZE + 1;

  if(pi->size == PIPESIZE || pi->head + pi->count > pi->size)
    return;
  if((pi->page[next] = kalloc()) != 0)
    pi->size += PGSIZE;
}

// The longest stretch of at most n bytes from ring index k that stays
// in one page and does not wrap; *at is set to its address.
// Caller holds pi->lock.
static uint
stretch(struct pipe *pi, uint k, uint n, char **at)
{
  uint off = PIPEHDR + k;
  uint inpage = PGSIZE - off % PGSIZE, toend = pi->size - k;

  *at = pi->page[off / PGSIZE] + off % PGSIZE;
  if(n > inpage)
    n = inpage;
  return n < toend ? n : toend;
}

// Ring index k + n, wrapped.  Caller holds pi->lock.
static uint
advance(struct pipe *pi, uint k, uint n)
{
  k += n;
  return k >= pi->size ? k - pi->size : k;
}

// Copy up to n bytes from addr into the ring: as many as fit before it
// fills or a page ends.  Returns the count.  Caller holds pi->lock.
static uint
putrun(struct pipe *pi, char *addr, uint n)
{
  char *at;

  if(n > room(pi))
    n = room(pi);
  n = stretch(pi, advance(pi, pi->head, pi->count), n, &at);
  memmove(at, addr, n);
  pi->count += n;
  return n;
}

// Copy up to n bytes out of the ring into addr, stopping where it empties
// or a page ends.  Returns the count.  Caller holds pi->lock.
static uint
getrun(struct pipe *pi, char *addr, uint n)
{
  char *at;

  if(n > pi->count)
    n = pi->count;
  n = stretch(pi, pi->head, n, &at);
  memmove(addr, at, n);
  pi->head = advance(pi, pi->head, n);
  pi->count -= n;
  return n;
}

// Copy as much of addr[0..n) into the ring as fits, across page ends and
// the wrap.  Returns the count.  Caller holds pi->lock.
static uint
put(struct pipe *pi, char *addr, uint n)
{
  uint done = 0;

  while(done < n && room(pi) > 0)
    done += putrun(pi, addr + done, n - done);
  return done;
}

// Copy everything in the ring, up to n bytes, into addr, across page
// ends and the wrap.  Returns the count.  Caller holds pi->lock.
static uint
get(struct pipe *pi, char *addr, uint n)
{
  uint got = 0;

  while(got < n && pi->count > 0)
    got += getrun(pi, addr + got, n - got);
  return got;
}

// Sleep until woken by a write or a close; -1 at once if the caller has
// been killed.  Caller holds pi->lock.
static int
waitdata(struct pipe *pi)
{
  pi->rwait = 1;
  return sleepkillable(&pi->rwait, &pi->lock);
}

// Sleep until woken by a read that leaves at least need bytes of room,
// or by a close; -1 at once if the caller has been killed.  Caller holds
// pi->lock.
static int
waitroom(struct pipe *pi, uint need)
{
  if(!pi->wwait || need < pi->wneed)
    pi->wneed = need;
  pi->wwait = 1;
  return sleepkillable(&pi->wwait, &pi->lock);
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
    if(!pi->readopen)
      goto bad;
    if(room(pi) < n - done)
      grow(pi);
    need = n - done < PIPE_BUF ? n - done : PIPE_BUF;
    if(room(pi) < need){
      if(waitroom(pi, need) < 0)
        goto bad;
      continue;
    }
    done += put(pi, addr + done, n - done);
    wakereaders(pi);
  }
  release(&pi->lock);
  return n;

bad:
  release(&pi->lock);
  return -1;
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
  while(pi->count == 0 && pi->writeopen){
    if(waitdata(pi) < 0){
      release(&pi->lock);
      return -1;
    }
  }
  got = get(pi, addr, n);
  wakewriters(pi);
  release(&pi->lock);
  return got;
}
