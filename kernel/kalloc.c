// The physical page allocator: every free 4 KiB page of RAM, on per-CPU
// free lists threaded through the free pages themselves (a free page's
// first word points to the next).  Pages are handed out and taken back
// by kernel virtual address in the direct map.  A caller that needs
// zeroes (page tables, zone pages, user memory) clears the page itself.
// In a debug build (make DEBUG=1) freed pages are filled with junk, so
// that a use after free shows up quickly; otherwise that fill would only
// double the cost of every page, which its next user clears anyway.
//
// Each CPU allocates from and frees to its own list, so CPUs that
// allocate at the same time do not queue for one lock.  A CPU whose list
// is empty steals a batch from the next CPU that has pages: half that
// list, at most KSTEAL pages, so that stealing is rare and one process
// can still have all of memory.  At boot every page goes to the boot
// CPU's list: the others steal their first batches when they first
// allocate, and from then on pages gather on the CPUs that free them.
// (Spreading them at boot would save each CPU a steal or two, at the
// price of kfreerange deciding where each page goes.)
//
// A list has a lock, although only its own CPU pushes and pops, because
// a stealer reaches into it; the lock is contended only then.  All are
// named "kmem", so lockstat counts them as one class.
//
// Lock order: kmem locks in CPU order (their index in cpus[]), lowest
// first.  A stealer holds its own and its victim's, kfreecount all of
// them; no other lock is taken under one.
//
// Every page has a reference count: 1 from kalloc, one more for each
// extra owner that kref adds (a private page shared copy-on-write after
// fork, vm.c), one less for each kfree; the last kfree puts the page back
// on a free list.  A free page's count is 0, and freeing it again is a
// panic.  The counts are changed with atomic instructions, not under a
// kmem lock: two processes sharing a page may drop it on two CPUs at once.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "faultinj.h"

#define JUNK 0x5A

extern char end[];   // first address after the kernel (kernel.ld)

struct run {
  struct run *next;
};

// One CPU's free list, a cache line to itself so that no two CPUs' lists
// share one.  Locks: [k] the list's lock
static struct kmem {
  struct spinlock lock;
  struct run *free;   // [k]
  int nfree;          // [k] pages on the list
} __attribute__((aligned(64))) kmem[NCPU];

// Pages kfreerange gave the allocator, free or not, and the end of the
// highest of them.  Written only at boot, by the boot CPU before the
// others start; constant after.
static int ntotal;
static uint ktop;

// pageref[pa / PGSIZE]: the reference count of physical page pa, changed
// with atomic instructions only.
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

// Put page r on list k.  Caller holds k->lock.
static void
push(struct kmem *k, struct run *r)
{
  r->next = k->free;
  k->free = r;
  k->nfree++;
}

// A page off list k, or 0 if it is empty.  Caller holds k->lock.
static struct run*
pop(struct kmem *k)
{
  struct run *r = k->free;

  if(r){
    k->free = r->next;
    k->nfree--;
  }
  return r;
}

// Put page v on this CPU's list.
static void
freepage(char *v)
{
  struct kmem *k;

  pushcli();   // stay on this CPU while using its list
  k = &kmem[cpuid()];
  acquire(&k->lock);
  push(k, (struct run *)v);
  release(&k->lock);
  popcli();
}

// Take the locks of lists a and b, a != b, in the lock order.
static void
lock2(int a, int b)
{
  acquire(&kmem[a < b ? a : b].lock);
  acquire(&kmem[a < b ? b : a].lock);
}

static void
unlock2(int a, int b)
{
  release(&kmem[a].lock);
  release(&kmem[b].lock);
}

// Move half of from's pages, at most KSTEAL, to list to.  Caller holds
// both lists' locks.
static void
movebatch(struct kmem *from, struct kmem *to)
{
  int n = (from->nfree + 1) / 2;

  if(n > KSTEAL)
    n = KSTEAL;
  while(n-- > 0)
    push(to, pop(from));
}

// For CPU me, whose list is empty: move a batch from another CPU's
// list to mine, and return one page of it; 0 if every list is empty.
// The page is popped before my lock goes, or another stealer could
// empty my list again first.  Called with interrupts off and no kmem
// lock held.
static struct run*
steal(int me)
{
  struct run *r = 0;
  int i, v;

  for(i = 1; i < ncpu && r == 0; i++){
    v = (me + i) % ncpu;
    lock2(me, v);
    movebatch(&kmem[v], &kmem[me]);
    r = pop(&kmem[me]);
    unlock2(me, v);
  }
  return r;
}

// Add the whole pages of [vstart, vend) to the free lists: all to this,
// the boot CPU's, list.  Used at boot, without junk-filling: filling all
// of RAM is slow under emulation.
void
kfreerange(void *vstart, void *vend)
{
  char *p;
  int i;

  if(kmem[0].lock.name == 0)
    for(i = 0; i < NCPU; i++)
      initlock(&kmem[i].lock, "kmem");
  for(p = (char *)PGROUNDUP((uint)vstart); p + PGSIZE <= (char *)vend; p += PGSIZE){
    *refof(p) = 0;
    freepage(p);
    ntotal++;
    if(V2P(p + PGSIZE) > ktop)
      ktop = V2P(p + PGSIZE);
  }
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
  freepage(v);
}

// A free page with one reference, or 0 when memory is exhausted: when
// every list was empty as steal looked at it.  (A page freed meanwhile to
// a list already passed is missed, as it would have been a moment
// earlier.)  It also fails when fault injection says so (faultinj.c).
char*
kalloc(void)
{
  struct kmem *k;
  struct run *r;
  int me;

  if(shouldfail(FAIL_KALLOC))
    return 0;
  pushcli();   // stay on this CPU while using its list
  me = cpuid();
  k = &kmem[me];
  acquire(&k->lock);
  r = pop(k);
  release(&k->lock);
  if(r == 0)
    r = steal(me);
  popcli();
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

// The number of free pages, exactly.  A page goes onto or off a list
// only under that list's lock, and from one list to another only under
// both, so with every lock held each free page is on exactly one list:
// none is counted twice or missed on its way between two.
int
kfreecount(void)
{
  int i, n = 0;

  kmemlockall();
  for(i = 0; i < ncpu; i++)
    n += kmem[i].nfree;
  kmemunlockall();
  return n;
}

// Take every list's lock, in the lock order; with all of them held no
// page moves onto, off or between the lists (kfreecount, selfcheck).
void
kmemlockall(void)
{
  int i;

  for(i = 0; i < ncpu; i++)
    acquire(&kmem[i].lock);
}

void
kmemunlockall(void)
{
  int i;

  for(i = ncpu - 1; i >= 0; i--)
    release(&kmem[i].lock);
}

// For selfcheck: call visit(pa) on each page of CPU cpu's free list, in
// order, and set *nfree to the list's counter.  Stops after a next
// pointer that is not a page (visit sees it first) or after more pages
// than exist, so a broken list cannot hang it.  Returns the pages
// visited.  Caller holds every kmem lock (kmemlockall); visit must take
// no lock.
int
kfreelist(int cpu, void (*visit)(uint pa), int *nfree)
{
  struct run *r;
  int n = 0;

  *nfree = kmem[cpu].nfree;
  for(r = kmem[cpu].free; r && n <= ntotal; r = r->next){
    visit(V2P(r));
    n++;
    if(kpagerefs(V2P(r)) < 0)
      break;
  }
  return n;
}

// The reference count of physical page pa, or -1 if pa is not a page
// the allocator could hand out (for selfcheck, which reads addresses out
// of page tables and free lists that may be corrupt).
int
kpagerefs(uint pa)
{
  if(pa % PGSIZE || pa < V2P(end) || pa >= PHYSTOP)
    return -1;
  return __atomic_load_n(&pageref[pa / PGSIZE], __ATOMIC_ACQUIRE);
}

// The end of the highest page the allocator manages (a physical
// address): every page it hands out lies below.
uint
ktoppa(void)
{
  return ktop;
}

// Pages the allocator manages, free or not, for sysinfo.
int
ktotalcount(void)
{
  return ntotal;
}
