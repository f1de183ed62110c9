// Shared-memory zones: numbered sets of physical pages that processes map
// into their address spaces to share memory.
//
// The zone table has one slot per id (0..MAXSHM-1).  A slot is ZFREE, or
// ZCREATING while its creator allocates and zeroes the pages with no lock
// held, or ZLIVE.  A live zone's pages are listed in index pages
// (pagedir), PGSIZE/4 physical addresses each.  nref counts the
// references: one per process that has the zone attached (a struct
// attachment in its proc), plus one per M_WAIT sleeper the zone was handed
// to at creation.  The page list belongs to the zone alone.  zput() drops
// a reference and, on the last, frees the pages: no other code frees a
// zone page.  In particular freevm() frees only [0, sz), below SHMBASE,
// while zones are mapped in [SHMBASE, KERNBASE).
//
// Entry points: zattach/zdetach/zinfo/zcount/zpagecount for the system calls,
// zonefork (fork), zonefault (a touch of a zone not yet mapped),
// zonedetachall (exec and exit), zonedump (^P), zoneids (procinfo),
// zonepa (futexes), and the read-only views of the table that selfcheck
// uses (ztablelock, zoneview, zoneslotproblem, zonepageat, zoneindexat,
// zoneslot).  Every detach first lets robust.c release the mutexes
// the process holds in the zone.
// shmem maps a zone at once, so that it fails cleanly if page tables run
// out; fork only takes references, and the child maps each zone at its
// first touch, which keeps fork's cost independent of zone sizes.
// A process's attachments are touched only by the process itself (its
// system calls, exec and exit) or by fork before the child runs, so they
// need no lock; the mappings in its page directory likewise, and since a
// process runs on one CPU at a time, flushing that CPU's TLB suffices.
//
// Locks: [t] ztable.lock  [c] written by the creator in ZCREATING, then
// constant until the zone is freed.
// Lock order: ztable.lock, then ptable.lock (sleep, wakeup, killed).
// Nothing else is taken under ztable.lock: pages are allocated and freed
// outside it.  (selfcheck alone takes, under both, what ptable.lock
// allows: the kmem locks and the console's.)
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "x86.h"
#include "zone.h"
#include "check.h"

#define PAS_PER_PAGE (PGSIZE / sizeof(uint))
#define ZDIRSIZE ((SHMPAGE + PAS_PER_PAGE - 1) / PAS_PER_PAGE)
#define ZFAIL ((char *)-1)

struct zone {
  enum zstate state;        // [t]
  int nref;                 // [t] attachments, plus handed-over waiters
  int nwaiting;             // [t] M_WAIT sleepers not yet handed a reference
  uint gen;                 // [t] creations of this id so far
  int npages;               // [c]
  uint *pagedir[ZDIRSIZE];  // [c] index pages of physical page addresses
};

static struct {
  struct spinlock lock;
  struct zone zone[MAXSHM];  // zone[id]
} ztable;

void
zoneinit(void)
{
  initlock(&ztable.lock, "ztable");
}

static int
zid(struct zone *z)
{
  return z - ztable.zone;
}

// Physical address of page i of z.
static uint
zpage(struct zone *z, int i)
{
  return z->pagedir[i / PAS_PER_PAGE][i % PAS_PER_PAGE];
}

// Free the pages listed in pagedir (n of them, or up to the first
// missing one) and the index pages themselves.
static void
freepages(uint **pagedir, int n)
{
  uint pa;
  int i;

  for(i = 0; i < n && pagedir[i / PAS_PER_PAGE]; i++){
    if((pa = pagedir[i / PAS_PER_PAGE][i % PAS_PER_PAGE]) == 0)
      break;
    kfree(P2V(pa));
  }
  for(i = 0; i < ZDIRSIZE && pagedir[i]; i++)
    kfree((char *)pagedir[i]);
}

// Give z n zero-filled pages.  Runs with no lock held: z is ZCREATING, so
// nobody else looks at its page list.  Returns 0, or -1 with every page
// given back.
static int
allocpages(struct zone *z, int n)
{
  char *mem;
  int i;

  memset(z->pagedir, 0, sizeof(z->pagedir));
  for(i = 0; i < n; i++){
    if(i % PAS_PER_PAGE == 0){
      if((mem = kalloc()) == 0)
        goto bad;
      memset(mem, 0, PGSIZE);
      z->pagedir[i / PAS_PER_PAGE] = (uint *)mem;
    }
    if((mem = kalloc()) == 0)
      goto bad;
    memset(mem, 0, PGSIZE);   // never leak an old owner's data
    z->pagedir[i / PAS_PER_PAGE][i % PAS_PER_PAGE] = V2P(mem);
  }
  z->npages = n;
  return 0;

bad:
  freepages(z->pagedir, n);
  memset(z->pagedir, 0, sizeof(z->pagedir));
  return -1;
}

// Create zone id with npages pages and one reference, for the caller,
// plus one for each M_WAIT sleeper, which are then woken.
// Returns the zone, or 0 if id exists or memory runs out.
static struct zone*
zcreate(int id, int npages)
{
  struct zone *z = &ztable.zone[id];

  acquire(&ztable.lock);
  if(z->state != ZFREE){
    release(&ztable.lock);
    return 0;
  }
  z->state = ZCREATING;   // the id is ours; concurrent creators now fail
  release(&ztable.lock);

  if(allocpages(z, npages) < 0){
    acquire(&ztable.lock);
    z->state = ZFREE;
    release(&ztable.lock);
    return 0;
  }

  acquire(&ztable.lock);
  z->state = ZLIVE;
  z->gen++;
  z->nref = 1 + z->nwaiting;
  z->nwaiting = 0;
  wakeup(z);
  release(&ztable.lock);
  return z;
}

// Drop one reference to z; the last one frees the zone's pages and makes
// id free for a new M_CREATE.
static void
zput(struct zone *z)
{
  uint *pagedir[ZDIRSIZE];
  int n;

  acquire(&ztable.lock);
  if(z->state != ZLIVE || z->nref < 1)
    panic("zput");
  if(--z->nref > 0){
    release(&ztable.lock);
    return;
  }
  // Take the page list out before the slot can be reused, then free it
  // without the lock: freeing 16 MiB is slow.
  memmove(pagedir, z->pagedir, sizeof(pagedir));
  n = z->npages;
  memset(z->pagedir, 0, sizeof(z->pagedir));
  z->npages = 0;
  z->state = ZFREE;
  release(&ztable.lock);
  freepages(pagedir, n);
}

// Sleep until zone id is created, or the caller is killed.  The creator
// counts every sleeper into nref (see zcreate), so a woken sleeper already
// holds its reference, even if the creator detaches at once.  Called and
// returns with ztable.lock held.  Returns the zone, or 0 if killed.
static struct zone*
zwait(struct zone *z)
{
  uint gen = z->gen;

  z->nwaiting++;
  while(z->gen == gen){
    if(sleepkillable(z, &ztable.lock) < 0){
      z->nwaiting--;
      return 0;
    }
  }
  return z;
}

// Take a reference to existing zone id, waiting for its creation if
// flags has M_WAIT.  npages must be 0 or the zone's size.
// Returns the zone, or 0.
static struct zone*
zlookup(int id, int flags, int npages)
{
  struct zone *z = &ztable.zone[id];

  acquire(&ztable.lock);
  if(z->state != ZLIVE){
    if(!(flags & M_WAIT) || zwait(z) == 0){
      release(&ztable.lock);
      return 0;
    }
  } else {
    z->nref++;
  }
  release(&ztable.lock);
  if(npages != 0 && npages != z->npages){
    zput(z);
    return 0;
  }
  return z;
}

// Map z's pages at va in pgdir, writable unless rdonly: one page-table
// walk per 4 MiB, then one store per page.  An attachment is mapped all
// at once or not at all.  Returns 0, or -1 with nothing left mapped.
static int
zmap(pde_t *pgdir, struct zone *z, uint va, int rdonly)
{
  uint perm = PTE_P | PTE_U | (rdonly ? 0 : PTE_W);
  uint a = va;
  pte_t *pte = 0;
  int i;

  for(i = 0; i < z->npages; i++, a += PGSIZE, pte++){
    if(i == 0 || PTX(a) == 0){
      if((pte = walkpgdir(pgdir, (void *)a, 1)) == 0){
        unmappages(pgdir, va, i * PGSIZE);
        return -1;
      }
    }
    if(*pte & PTE_P)
      panic("zmap: remap");
    *pte = zpage(z, i) | perm;
  }
  return 0;
}

// Does [va, va+size) overlap any zone attached to p?
// Returns the end of the first overlapping zone, or 0.
static uint
overlap(struct proc *p, uint va, uint size)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++)
    if(a->zone && va < a->va + a->zone->npages*PGSIZE && a->va < va + size)
      return a->va + a->zone->npages*PGSIZE;
  return 0;
}

// The lowest page-aligned address in the zone area where npages fit in p,
// or 0 if there is no room.
static uint
findva(struct proc *p, int npages)
{
  uint size = npages * PGSIZE, va = SHMBASE, next;

  while(va <= KERNBASE - size){
    if((next = overlap(p, va, size)) == 0)
      return va;
    va = next;
  }
  return 0;
}

static struct attachment*
freeslot(struct proc *p)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++)
    if(a->zone == 0)
      return a;
  return 0;
}

// The attachment of p whose zone covers va, or 0.
static struct attachment*
attachmentat(struct proc *p, uint va)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++)
    if(a->zone && va >= a->va && va - a->va < a->zone->npages * PGSIZE)
      return a;
  return 0;
}

static struct attachment*
findattached(struct proc *p, int id)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++)
    if(a->zone && zid(a->zone) == id)
      return a;
  return 0;
}

// Map z, to which the caller holds a reference, into p at the lowest free
// address and record it in slot a.  Returns the address, or ZFAIL with
// the reference dropped.
static char*
attach(struct proc *p, struct attachment *a, struct zone *z, int rdonly)
{
  uint va = findva(p, z->npages);

  if(va == 0 || zmap(p->pgdir, z, va, rdonly) < 0){
    zput(z);
    return ZFAIL;
  }
  a->zone = z;
  a->va = va;
  a->rdonly = rdonly;
  return (char *)va;
}

// Is this shmem() request well-formed, for a caller that can take one
// more zone?  Every check that needs no zone table lookup.
static int
zargsok(struct proc *p, int id, int flags, int npages)
{
  if(id < 0 || id >= MAXSHM || (flags & ~M_ALLFLAGS))
    return 0;
  if((flags & M_CREATE) && (flags & M_WAIT))
    return 0;
  if((flags & M_CREATE) && (npages < 1 || npages > SHMPAGE))
    return 0;
  if(!(flags & M_CREATE) && (npages < 0 || npages > SHMPAGE))
    return 0;
  if(findattached(p, id) || freeslot(p) == 0)
    return 0;
  return !(flags & M_CREATE) || findva(p, npages) != 0;
}

// shmem(id, flags, npages): create and/or attach zone id in the caller.
// Returns its address, or ZFAIL with nothing changed.
char*
zattach(int id, int flags, int npages)
{
  struct proc *p = myproc();
  struct zone *z;

  if(!zargsok(p, id, flags, npages))
    return ZFAIL;
  if(flags & M_CREATE)
    z = zcreate(id, npages);
  else
    z = zlookup(id, flags, npages);
  if(z == 0)
    return ZFAIL;
  return attach(p, freeslot(p), z, (flags & M_RDONLY) != 0);
}

// Unmap attachment a of the current process p and drop its reference.
static void
detach(struct proc *p, struct attachment *a)
{
  struct zone *z = a->zone;

  robustdetach(p, a->va, z->npages * PGSIZE);
  unmappages(p->pgdir, a->va, z->npages * PGSIZE);
  lcr3(V2P(p->pgdir));   // p runs only here: this CPU's TLB is the only one
  a->zone = 0;
  a->va = 0;
  zput(z);
}

// shmdt(va): detach the caller's zone that starts at va.  Returns 0 or -1.
int
zdetach(uint va)
{
  struct proc *p = myproc();
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++){
    if(a->zone && a->va == va){
      detach(p, a);
      return 0;
    }
  }
  return -1;
}

// exec and exit: detach every zone of the current process p.
void
zonedetachall(struct proc *p)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++)
    if(a->zone)
      detach(p, a);
}

// fork: attach every zone of parent to child, at the same address with
// the same permission.  Nothing is mapped yet: the child maps each zone
// at its first touch (zonefault), so fork costs one reference per zone,
// one lock acquisition each, and cannot fail.
void
zonefork(struct proc *parent, struct proc *child)
{
  int i;

  for(i = 0; i < NPROCZONE; i++){
    child->zones[i] = parent->zones[i];
    if(child->zones[i].zone == 0)
      continue;
    acquire(&ztable.lock);
    child->zones[i].zone->nref++;
    release(&ztable.lock);
  }
}

// p touched va, in the zone area, where nothing is mapped: map the zone
// attached there, all of it.  Only a forked child's zones are unmapped
// (zonefork).  Returns 0, FAULT_BAD if no zone is attached at va or a
// store hits a read-only one, or FAULT_NOMEM if no page table could be
// had (the child is then killed like any process out of memory).
int
zonefault(struct proc *p, uint va, int write)
{
  struct attachment *a = attachmentat(p, va);

  if(a == 0 || (write && a->rdonly))
    return FAULT_BAD;
  return zmap(p->pgdir, a->zone, a->va, a->rdonly) < 0 ? FAULT_NOMEM : 0;
}

// For futexes: the physical address of user address va of the current
// process p, if va lies in a zone p has attached (*rdonly, unless 0, says
// whether that attachment is read-only); else 0.  The attachment holds
// the zone, so the page stays p's until p itself detaches it.
uint
zonepa(struct proc *p, uint va, int *rdonly)
{
  struct attachment *a = attachmentat(p, va);
  uint off;

  if(a == 0)
    return 0;
  if(rdonly)
    *rdonly = a->rdonly;
  off = va - a->va;
  return zpage(a->zone, off / PGSIZE) + off % PGSIZE;
}

// shminfo(id, info): info is a checked user pointer.  Returns 0 if zone
// id exists (info filled), else -1.
int
zinfo(int id, struct shminfo *info)
{
  struct zone *z;
  int r = -1;

  if(id < 0 || id >= MAXSHM)
    return -1;
  z = &ztable.zone[id];
  acquire(&ztable.lock);
  if(z->state == ZLIVE){
    info->npages = z->npages;
    info->nref = z->nref;
    r = 0;
  }
  release(&ztable.lock);
  return r;
}

// Zones in existence, for sysinfo.
int
zcount(void)
{
  int id, n = 0;

  acquire(&ztable.lock);
  for(id = 0; id < MAXSHM; id++)
    if(ztable.zone[id].state == ZLIVE)
      n++;
  release(&ztable.lock);
  return n;
}

_Static_assert(MAXSHM <= 256, "procinfo holds a zone id in a uchar");

// Pages held by the zones in existence, for sysinfo.
int
zpagecount(void)
{
  int id, n = 0;

  acquire(&ztable.lock);
  for(id = 0; id < MAXSHM; id++)
    if(ztable.zone[id].state == ZLIVE)
      n += ztable.zone[id].npages;
  release(&ztable.lock);
  return n;
}

// ^P: list p's zones as " zone ID@VA", "(ro)" if read-only.  Called with
// ptable.lock held, so it must not take ztable.lock (the order is the
// other way); it reads only p's attachments and a zone's id, which is
// fixed by its slot.  A racing detach may show a stale entry.
void
zonedump(struct proc *p)
{
  struct attachment *a;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++){
    struct zone *z = a->zone;
    if(z)
      cprintf(" zone %d@0x%x%s", zid(z), a->va, a->rdonly ? "(ro)" : "");
  }
}

// procinfo: the ids of p's zones into ids[0..NPROCZONE); returns how
// many.  Called with ptable.lock held, and safe there as zonedump is.
int
zoneids(struct proc *p, uchar *ids)
{
  struct attachment *a;
  int n = 0;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++){
    struct zone *z = a->zone;
    if(z)
      ids[n++] = zid(z);
  }
  return n;
}

// ---- for selfcheck (check.c): views of the table, all called with
// ztable.lock held (ztablelock) ----

void
ztablelock(void)
{
  acquire(&ztable.lock);
}

void
ztableunlock(void)
{
  release(&ztable.lock);
}

// The id of z if it points at a slot of the table, else -1: an
// attachment's zone pointer is checked with this before any use.
int
zoneslot(struct zone *z)
{
  uint off = (uint)z - (uint)ztable.zone;

  if((uint)z < (uint)ztable.zone || off >= sizeof(ztable.zone) ||
     off % sizeof(struct zone))
    return -1;
  return off / sizeof(struct zone);
}

// Copy slot id, 0 <= id < MAXSHM, into v.
void
zoneview(int id, struct zoneview *v)
{
  struct zone *z = &ztable.zone[id];

  v->state = z->state;
  v->npages = z->npages;
  v->nref = z->nref;
  v->nwaiting = z->nwaiting;
}

// Physical address of page i of live zone id, or 0 if i is out of its
// range or the page is missing.
uint
zonepageat(int id, int i)
{
  struct zone *z = &ztable.zone[id];

  if(i < 0 || i >= z->npages || i >= SHMPAGE || z->pagedir[i / PAS_PER_PAGE] == 0)
    return 0;
  return zpage(z, i);
}

// Physical address of index page j of zone id, or 0 if j is out of
// range or the slot has no such index page.
uint
zoneindexat(int id, int j)
{
  struct zone *z = &ztable.zone[id];

  if(j < 0 || j >= ZDIRSIZE || z->pagedir[j] == 0)
    return 0;
  return V2P(z->pagedir[j]);
}

// What is wrong in slot id, as one phrase, or 0 if its fields agree
// with its state: a free slot holds nothing, a live one 1..SHMPAGE
// pages, every one listed, in exactly the index pages they need, has a
// reference, and no sleeper (they were all handed one at creation).
// A ZCREATING slot's pages belong to its creator and are not looked at.
char*
zoneslotproblem(int id)
{
  struct zone *z = &ztable.zone[id];
  int i, nindex;

  if(z->nwaiting < 0 || z->nref < 0)
    return "negative count";
  if(z->state == ZFREE)
    return z->npages || z->nref || z->pagedir[0] ? "free slot holds pages or references" : 0;
  if(z->state != ZLIVE)
    return z->state == ZCREATING ? 0 : "unknown state";
  if(z->npages < 1 || z->npages > SHMPAGE)
    return "size out of range";
  if(z->nref < 1)
    return "live zone without references";
  if(z->nwaiting)
    return "live zone with unserved M_WAIT sleepers";
  nindex = (z->npages + PAS_PER_PAGE - 1) / PAS_PER_PAGE;
  for(i = 0; i < ZDIRSIZE; i++)
    if((z->pagedir[i] != 0) != (i < nindex))
      return "index pages do not match the size";
  for(i = 0; i < nindex * PAS_PER_PAGE; i++)
    if((z->pagedir[i / PAS_PER_PAGE][i % PAS_PER_PAGE] != 0) != (i < z->npages))
      return "page list does not match the size";
  return 0;
}
