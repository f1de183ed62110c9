// The physical page allocator: every free 4 KiB page of RAM, kept on one
// list threaded through the free pages themselves (a free page's first word
// points to the next).  Pages are handed out and taken back by kernel
// virtual address in the direct map.  A caller that needs zeroes (page
// tables, zone pages, user memory) clears the page itself.  In a debug
// build (make DEBUG=1) freed pages are filled with junk, so that a use
// after free shows up quickly; otherwise that fill would only double the
// cost of every page, which its next user clears anyway.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "spinlock.h"

#define JUNK 0x5A

extern char end[];   // first address after the kernel (kernel.ld)

struct run {
  struct run *next;
};

// Locks: [k] kmem.lock
static struct {
  struct spinlock lock;
  struct run *free;   // [k]
  int nfree;          // [k] pages on the list
} kmem;

static void
checkpage(char *v)
{
  if((uint)v % PGSIZE || v < end || V2P(v) >= PHYSTOP)
    panic("kfree: not a page");
}

static void
pushpage(char *v)
{
  struct run *r = (struct run *)v;

  acquire(&kmem.lock);
  r->next = kmem.free;
  kmem.free = r;
  kmem.nfree++;
  release(&kmem.lock);
}

// Add the whole pages of [vstart, vend) to the free list.  Used at boot,
// without junk-filling: filling all of RAM is slow under emulation.
void
kfreerange(void *vstart, void *vend)
{
  char *p;

  if(kmem.lock.name == 0)
    initlock(&kmem.lock, "kmem");
  for(p = (char *)PGROUNDUP((uint)vstart); p + PGSIZE <= (char *)vend; p += PGSIZE){
    checkpage(p);
    pushpage(p);
  }
}

// Return page v, which kalloc handed out, to the free list.
void
kfree(char *v)
{
  checkpage(v);
#ifdef DEBUG
  memset(v, JUNK, PGSIZE);
#endif
  pushpage(v);
}

// A free page, or 0 when memory is exhausted.
char*
kalloc(void)
{
  struct run *r;

  acquire(&kmem.lock);
  r = kmem.free;
  if(r){
    kmem.free = r->next;
    kmem.nfree--;
  }
  release(&kmem.lock);
  return (char *)r;
}

int
kfreecount(void)
{
  int n;

  acquire(&kmem.lock);
  n = kmem.nfree;
  release(&kmem.lock);
  return n;
}
