// The physical page allocator: every free 4 KiB page of RAM, kept on one
// list threaded through the free pages themselves (a free page's first word
// points to the next).  Pages are handed out and taken back by kernel
// virtual address in the direct map.  A caller that needs zeroes (page
// tables, zone pages, user memory) clears the page itself.  In a debug
// build (make DEBUG=1) freed pages are filled with junk, so that a use
// after free shows up quickly; otherwise that fill would only double the
// cost of every page, which its next user clears anyway.
//
// Every page has a reference count: 1 from kalloc, one more for each
// extra owner that kref adds (a private page shared copy-on-write after
// fork, vm.c), one less for each kfree; the last kfree puts the page back
// on the free list.  A free page's count is 0, and freeing it again is a
// panic.  The counts are changed with atomic instructions, not under
// kmem.lock: two processes sharing a page may drop it on two CPUs at once.
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

// Locks: [k] kmem.lock  [a] atomic instructions only
static struct {
  struct spinlock lock;
  struct run *free;   // [k]
  int nfree;          // [k] pages on the list
  int ntotal;         // [k] pages kfreerange gave the allocator
} kmem;

// pageref[pa / PGSIZE]: the reference count of physical page pa.  [a]
// NPROC processes at most share a page, well within a ushort.  (For all
// of PHYSTOP, whatever RAM there is: 2 bytes a page, 1 MiB in all.)
static ushort pageref[PHYSTOP / PGSIZE];

static ushort*
refof(char *v)
{
  if((uint)v % PGSIZE || v < end || V2P(v) >= PHYSTOP)
    panic("kalloc: not a page");
  return &pageref[V2P(v) / PGSIZE];
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
  int n = 0;

  if(kmem.lock.name == 0)
    initlock(&kmem.lock, "kmem");
  for(p = (char *)PGROUNDUP((uint)vstart); p + PGSIZE <= (char *)vend; p += PGSIZE){
    *refof(p) = 0;
    pushpage(p);
    n++;
  }
  acquire(&kmem.lock);
  kmem.ntotal += n;
  release(&kmem.lock);
}

// Drop one reference to page v; the last one frees it.
void
kfree(char *v)
{
  ushort *ref = refof(v);

  if(*ref == 0)
    panic("kfree: page is free");
  if(__atomic_sub_fetch(ref, 1, __ATOMIC_ACQ_REL) > 0)
    return;
#ifdef DEBUG
  memset(v, JUNK, PGSIZE);
#endif
  pushpage(v);
}

// A free page with one reference, or 0 when memory is exhausted.
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
  if(r)
    *refof((char *)r) = 1;   // nobody else knows the page yet
  return (char *)r;
}

// Take one more reference to page v, which the caller holds already.
void
kref(char *v)
{
  ushort *ref = refof(v);

  if(*ref == 0)
    panic("kref: page is free");
  __atomic_add_fetch(ref, 1, __ATOMIC_RELAXED);
}

// The references to page v now.  Only a caller that holds the sole one
// can rely on the answer staying true (it is 1 and nobody can add to it).
int
krefcount(char *v)
{
  return __atomic_load_n(refof(v), __ATOMIC_ACQUIRE);
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

// Pages the allocator manages, free or not, for sysinfo.
int
ktotalcount(void)
{
  int n;

  acquire(&kmem.lock);
  n = kmem.ntotal;
  release(&kmem.lock);
  return n;
}
