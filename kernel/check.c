// Kernel self-checks: the selfcheck() system call walks the zone table,
// the process table, every user page table and the free lists, checks
// that they agree, prints each disagreement on the console as one line
// "selfcheck: ..." and returns how many it found (0: healthy).  It is a
// debug call that only reads and reports, so any process may make it;
// it stops the other CPUs for a moment, and only one runs at a time.
//
// A consistent view needs a still world: a process changes its own page
// tables and attachments with no lock, and page reference counts change
// with atomic instructions.  So selfcheck first stops the world: it
// raises world.want and waits, interrupts off, until every other CPU
// waits in freezepoint(), which each CPU passes in its idle loop (no
// process, no lock) and on every return to user mode (trap.c), where its
// process has nothing half done.  With all other CPUs parked there, only
// processes that are off the CPU can be in the middle of something: those
// preempted inside the kernel or woken and not yet run (procsettled).
// If there are any, selfcheck lets the world run for a tick and tries
// again, CHECKTRIES times; after that it checks what it can while they
// are unsettled: the exact equalities (nref, sleepers, reference counts)
// become the inequalities that hold even then, and the unsettled
// processes' own tables are skipped, as are the zombies' (a parent may
// be freeing one).
//
// While it checks it also holds, in the documented order, ztable.lock,
// ptable.lock, then the kmem locks for the free-list walk alone (nothing
// is printed under those).  Before taking any lock it checks that no
// parked CPU holds one (check 5): a CPU in its idle loop or returning to
// user mode must hold none, and one that did could hold one it needs.
//
// Per physical page, a tally (pages kalloc'd for the call) counts the
// private mappings found, with bits for what else the page is: on a free
// list, a zone's page, a page table, kernel stack or tally page (so a
// page freed while still mapped is caught even once the tally has it).  A page may be
// exactly one of those things, and its reference count is then: its
// mappings (private memory, copy-on-write shared), or 1 (zone pages and
// index pages, page directories and tables, kernel stacks: one owner).
// Other holders (pipe buffers, a new address space exec is still
// building) are not reachable from the tables and are not judged.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "x86.h"
#include "check.h"

#define TALLYPER (PGSIZE / sizeof(ushort))  // tally entries per tally page
#define TFREE  0x8000   // on a free list
#define TZONE  0x4000   // a zone's page or index page
#define TKERN  0x2000   // a page directory or table, kernel stack, tally page
#define TWRITE 0x1000   // mapped writable somewhere
#define TMAPS  0x0FFF   // private mappings counted
#define TWHAT  (TFREE | TZONE | TKERN)

// The stop-the-world handshake.  Every field is read and written with
// atomic operations only: the parked CPUs spin on want.  Each stop has
// a number of its own, so that a CPU still on its way out of one stop
// is never taken for parked in the next.
static struct {
  int busy;           // a selfcheck is running (one at a time)
  int owner;          // the stopping CPU
  int want;           // the number of the stop in progress, else 0
  int nstops;         // stops so far
  int parked[NCPU];   // CPU i waits in freezepoint in stop parked[i]
  int ncli[NCPU];     // its pushcli depth when it arrived there
  int idle[NCPU];     // it arrived from its idle loop (else from a trap)
} world;

// The tally, and what the walk has found so far.  Used by the one
// running selfcheck alone (world.busy).
static ushort *tally[PHYSTOP / PGSIZE / TALLYPER];
static int ntally;               // tally pages in use
static int nproblems;            // found by this call so far
static int settled;              // every process was settled: exact checks
static int natt[MAXSHM];         // attachments found, per zone id
static int nsleepers[MAXSHM];    // M_WAIT sleepers found, per zone id
static int freedup, freebad, freezone;  // free-list walk's findings
static uint freefirst;           // the first page it found wrong

#define PROBLEM(fmt, ...) (cprintf("selfcheck: " fmt "\n", ##__VA_ARGS__), nproblems++)

static int
load(int *a)
{
  return __atomic_load_n(a, __ATOMIC_SEQ_CST);
}

static void
store(int *a, int v)
{
  __atomic_store_n(a, v, __ATOMIC_SEQ_CST);
}

// freezepoint's slow path, kept out of line so that the test every
// return to user mode makes costs a load and a branch.
static void __attribute__((noinline))
parkhere(int idle)
{
  int me, stop;

  pushcli();
  me = cpuid();
  if((stop = load(&world.want)) != 0 && load(&world.owner) != me){
    world.ncli[me] = mycpu()->ncli - 1;   // without this pushcli
    world.idle[me] = idle;
    store(&world.parked[me], stop);
    while(load(&world.want) == stop)
      pause();
  }
  popcli();
}

// A point where this CPU holds nothing half done: if selfcheck is
// stopping the world, wait here until it is finished.  idle: called from
// the idle loop, else on a return to user mode.
void
freezepoint(int idle)
{
  if(load(&world.want) != 0)
    parkhere(idle);
}

// Park every other started CPU in freezepoint; returns with interrupts
// off on this one, so that nothing here can be preempted.
static void
stopworld(void)
{
  int i, me, stop = ++world.nstops;

  pushcli();
  me = cpuid();
  world.ncli[me] = mycpu()->ncli - 1;   // in a system call: must be 0
  world.idle[me] = 0;
  store(&world.owner, me);
  store(&world.want, stop);
  for(i = 0; i < ncpu; i++)
    if(i != me && cpus[i].started)
      while(load(&world.parked[i]) != stop)
        pause();
}

static void
startworld(void)
{
  store(&world.want, 0);
  popcli();
}

// Check 5: the pushcli depths of the parked CPUs, and of this one as
// the system call began, into held[]; how many hold a lock (or a stray
// pushcli).  Printed by the caller once the world
// runs again, since a CPU holding the console's lock would hang cprintf.
static int
heldlocks(int held[])
{
  int i, n = 0;

  for(i = 0; i < ncpu; i++){
    held[i] = cpus[i].started ? world.ncli[i] : 0;
    if(held[i] != 0)
      n++;
  }
  return n;
}

static void
reportheld(int held[], int me)
{
  int i;

  for(i = 0; i < ncpu; i++)
    if(held[i] != 0)
      PROBLEM("cpu %d holds %d locks %s", i, held[i],
              world.idle[i] ? "while idle" :
              i == me ? "in this system call" : "on its way to user mode");
}

// Sleep for one clock tick, letting the world run.  Returns -1 if the
// caller is killed: it is on its way out and must not wait on.
static int
sleeptick(void)
{
  uint t;
  int r = 0;

  acquire(&tickslock);
  t = ticks;
  while(ticks == t && r == 0)
    r = sleepkillable(&ticks, &tickslock);
  release(&tickslock);
  return r;
}

// ---- the tally ----

static void
tallyfree(void)
{
  while(ntally > 0)
    kfree((char *)tally[--ntally]);
}

// Zeroed tally pages for every page below ktoppa().  Returns 0 or -1.
static int
tallyalloc(void)
{
  int n = (ktoppa() / PGSIZE + TALLYPER - 1) / TALLYPER;

  for(ntally = 0; ntally < n; ntally++){
    if((tally[ntally] = (ushort *)kalloc()) == 0){
      tallyfree();
      return -1;
    }
  }
  return 0;
}

static void
tallyclear(void)
{
  int i;

  for(i = 0; i < ntally; i++)
    memset(tally[i], 0, PGSIZE);
}

// The tally entry of page pa, or 0 if pa is not a page the allocator
// could own.
static ushort*
tallyof(uint pa)
{
  if(kpagerefs(pa) < 0 || pa >= ktoppa())
    return 0;
  return &tally[pa / PGSIZE / TALLYPER][pa / PGSIZE % TALLYPER];
}

static char*
whatname(int what)
{
  if(what & TFREE)
    return "free";
  if(what & TZONE)
    return "a zone page";
  return what & TKERN ? "a kernel page (page table, kernel stack, tally)" : "user memory";
}

// Record that page pa is a what (TZONE or TKERN) of one owner, as who
// says: it must be a page, nothing else, and have one reference.
static void
claim(uint pa, int what, char *who, int id)
{
  ushort *t = tallyof(pa);

  if(t == 0){
    PROBLEM("%s %d: 0x%x is not a page", who, id, pa);
    return;
  }
  if(*t & (TWHAT | TMAPS))
    PROBLEM("%s %d: page 0x%x is also %s", who, id, pa, whatname(*t));
  else if(kpagerefs(pa) != 1)
    PROBLEM("%s %d: page 0x%x has %d references, want 1", who, id, pa, kpagerefs(pa));
  *t |= what;
}

// ---- check 1 and 6: the zone table ----

// Slot id: its own invariants, and its pages claimed.
static void
checkzone(int id)
{
  struct zoneview v;
  char *why;
  uint pa;
  int i;

  zoneview(id, &v);
  if((why = zoneslotproblem(id)) != 0)
    PROBLEM("zone %d: %s", id, why);
  if(v.state == ZCREATING && settled)
    PROBLEM("zone %d: still being created with its creator settled", id);
  if(v.state != ZLIVE || why)
    return;
  for(i = 0; (pa = zoneindexat(id, i)) != 0; i++)
    claim(pa, TZONE, "zone index", id);
  for(i = 0; i < v.npages; i++)
    claim(zonepageat(id, i), TZONE, "zone", id);
}

// nref against the attachments and sleepers found (natt, nsleepers):
// exactly equal once every process is settled; never fewer references
// than attachments, or fewer counted sleepers than sleep, even while
// some are not.
static void
checkzonerefs(int id)
{
  struct zoneview v;

  zoneview(id, &v);
  if(v.state == ZLIVE && (settled ? v.nref != natt[id] : v.nref < natt[id]))
    PROBLEM("zone %d: nref %d, but %d attachments", id, v.nref, natt[id]);
  if(v.state != ZLIVE && natt[id] > 0)
    PROBLEM("zone %d: not live, but %d attachments", id, natt[id]);
  if(settled ? v.nwaiting != nsleepers[id] : v.nwaiting < nsleepers[id])
    PROBLEM("zone %d: nwaiting %d, but %d sleepers", id, v.nwaiting, nsleepers[id]);
}

// ---- check 3: the free lists ----

// Visit one free page, under the kmem locks: no printing here.
static void
visitfree(uint pa)
{
  ushort *t = tallyof(pa);
  int bad = t == 0 || kpagerefs(pa) != 0;

  if(!bad && (*t & TFREE))
    freedup++;
  else if(!bad && (*t & TZONE))
    freezone++;
  freebad += bad;
  if((bad || (*t & (TFREE | TZONE))) && freefirst == 0)
    freefirst = pa;
  if(!bad)
    *t |= TFREE;
}

static void
checkfreelists(void)
{
  int i, nfree, walked[NCPU], counter[NCPU];

  freedup = freebad = freezone = 0;
  freefirst = 0;
  kmemlockall();
  for(i = 0; i < ncpu; i++)
    walked[i] = kfreelist(i, visitfree, &counter[i]);
  kmemunlockall();
  for(i = 0; i < ncpu; i++){
    nfree = counter[i];
    if(walked[i] != nfree)
      PROBLEM("cpu %d free list: %d pages on it, counter says %d", i, walked[i], nfree);
  }
  if(freedup)
    PROBLEM("%d pages on the free lists twice (first 0x%x)", freedup, freefirst);
  if(freebad)
    PROBLEM("%d free-list entries not free pages (first 0x%x)", freebad, freefirst);
  if(freezone)
    PROBLEM("%d zone pages on the free lists (first 0x%x)", freezone, freefirst);
}

// ---- checks 2, 3 and 4: one process's address space ----

// p's attachment covering va, or 0.  Attachments were checked first.
static struct attachment*
attachedat(struct proc *p, uint va)
{
  struct attachment *a;
  struct zoneview v;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++){
    if(a->zone == 0)
      continue;
    zoneview(zoneslot(a->zone), &v);
    if(va >= a->va && va - a->va < (uint)v.npages * PGSIZE)
      return a;
  }
  return 0;
}

// Does attachment a of p overlap, or share a zone with, a later one?
static int
clashes(struct proc *p, struct attachment *a)
{
  struct attachment *b;
  struct zoneview va, vb;

  zoneview(zoneslot(a->zone), &va);
  for(b = a + 1; b < &p->zones[NPROCZONE]; b++){
    if(b->zone == 0 || zoneslot(b->zone) < 0)
      continue;
    zoneview(zoneslot(b->zone), &vb);
    if(b->zone == a->zone || (a->va < b->va + vb.npages * PGSIZE &&
                              b->va < a->va + va.npages * PGSIZE))
      return 1;
  }
  return 0;
}

// Check 6: p's attachment slots.  Returns 0, or -1 if one is so wrong
// that p's zone mappings cannot be judged.
static int
checkattachments(struct proc *p)
{
  struct attachment *a;
  struct zoneview v;
  int id, bad = 0;

  for(a = p->zones; a < &p->zones[NPROCZONE]; a++){
    if(a->zone == 0){
      if(a->va != 0)
        PROBLEM("pid %d: free attachment slot with address 0x%x", p->pid, a->va);
      continue;
    }
    if((id = zoneslot(a->zone)) < 0){
      PROBLEM("pid %d: attachment points outside the zone table", p->pid);
      bad = -1;
      continue;
    }
    zoneview(id, &v);
    natt[id]++;
    if(v.state != ZLIVE)
      PROBLEM("pid %d: attached to zone %d, which is not live", p->pid, id);
    else if(a->va % PGSIZE || a->va < SHMBASE || a->va > KERNBASE - v.npages * PGSIZE)
      PROBLEM("pid %d: zone %d attached at bad address 0x%x", p->pid, id, a->va);
    else if(clashes(p, a))
      PROBLEM("pid %d: zone %d's attachment overlaps another", p->pid, id);
  }
  return bad;
}

// Check 2: the zone-area PTE for va in p maps the right page of the
// zone attached there, with the attachment's permission.
static void
checkzonepte(struct proc *p, uint va, pte_t pte)
{
  struct attachment *a = attachedat(p, va);
  uint want;
  int id;

  if(a == 0){
    PROBLEM("pid %d: 0x%x mapped in the zone area, no zone attached there", p->pid, va);
    return;
  }
  id = zoneslot(a->zone);
  want = zonepageat(id, (va - a->va) / PGSIZE);
  if(PTE_ADDR(pte) != want)
    PROBLEM("pid %d: 0x%x maps 0x%x, zone %d's page there is 0x%x",
            p->pid, va, PTE_ADDR(pte), id, want);
  else if(!(pte & PTE_U) || (pte & PTE_COW) || ((pte & PTE_W) == 0) != (a->rdonly != 0))
    PROBLEM("pid %d: 0x%x in zone %d mapped with flags 0x%x", p->pid, va, id, PTE_FLAGS(pte));
}

// Checks 3 and 4: count a private mapping of a page at va in p.
static void
countprivate(struct proc *p, uint va, pte_t pte)
{
  ushort *t = tallyof(PTE_ADDR(pte));

  if(va >= p->sz || !(pte & PTE_U))
    PROBLEM("pid %d: 0x%x mapped above sz 0x%x or not user", p->pid, va, p->sz);
  if(t == 0){
    PROBLEM("pid %d: 0x%x maps 0x%x, not a page", p->pid, va, PTE_ADDR(pte));
    return;
  }
  if(*t & TWHAT)
    PROBLEM("pid %d: 0x%x maps 0x%x, which is %s", p->pid, va, PTE_ADDR(pte), whatname(*t));
  if((pte & PTE_W) && (pte & PTE_COW))
    PROBLEM("pid %d: 0x%x writable and copy-on-write", p->pid, va);
  if((*t & TMAPS) < TMAPS)
    (*t)++;
  if(pte & PTE_W)
    *t |= TWRITE;
}

// Walk the page table at pgtab, which maps from va, for p.
static void
walktable(struct proc *p, pte_t *pgtab, uint va, int zonesok)
{
  int i;

  for(i = 0; i < NPTENTRIES; i++, va += PGSIZE){
    if(!(pgtab[i] & PTE_P))
      continue;
    if(va < SHMBASE)
      countprivate(p, va, pgtab[i]);
    else if(zonesok)
      checkzonepte(p, va, pgtab[i]);
    else if(tallyof(PTE_ADDR(pgtab[i])) && (*tallyof(PTE_ADDR(pgtab[i])) & TFREE))
      PROBLEM("pid %d: 0x%x maps free page 0x%x", p->pid, va, PTE_ADDR(pgtab[i]));
  }
}

static void
checkproc(struct proc *p)
{
  int d, zonesok;

  zonesok = checkattachments(p) == 0;
  if(p->kstack)
    claim(V2P(p->kstack), TKERN, "kernel stack of pid", p->pid);
  if(p->pgdir == 0)
    return;
  claim(V2P(p->pgdir), TKERN, "page directory of pid", p->pid);
  for(d = 0; d < PDX(KERNBASE); d++){
    if(!(p->pgdir[d] & PTE_P))
      continue;
    if(p->pgdir[d] & PTE_PS){
      PROBLEM("pid %d: 4 MiB page in user space", p->pid);
      continue;
    }
    claim(PTE_ADDR(p->pgdir[d]), TKERN, "page table of pid", p->pid);
    walktable(p, P2V(PTE_ADDR(p->pgdir[d])), PGADDR(d, 0, 0), zonesok);
  }
}

// Check 4: every page mapped privately has as many references as
// mappings (at least as many, while some process is unsettled), and one
// mapped more than once is mapped writable nowhere.
static void
checkrefcounts(void)
{
  uint pa;
  int maps, refs;
  ushort t;

  for(pa = 0; pa < ktoppa(); pa += PGSIZE){
    if(tallyof(pa) == 0 || ((t = *tallyof(pa)) & TMAPS) == 0)
      continue;
    maps = t & TMAPS;
    refs = kpagerefs(pa);
    if(settled ? refs != maps : refs < maps)
      PROBLEM("page 0x%x: %d references, %d mappings", pa, refs, maps);
    if(maps > 1 && (t & TWRITE))
      PROBLEM("page 0x%x: shared by %d mappings, one writable", pa, maps);
  }
}

// ---- the walk ----

// Count the M_WAIT sleepers of each zone: processes sleeping on a slot.
static void
countsleepers(struct proc *p)
{
  int id;

  if(p->state == SLEEPING && (id = zoneslot((struct zone *)p->chan)) >= 0)
    nsleepers[id]++;
}

// Is p's state to be checked?  Only a settled process's; and while
// some are not settled, no ZOMBIE's either, whose memory its parent may
// be freeing in wait() at this moment.
static int
judged(struct proc *p)
{
  return p->state != UNUSED && procsettled(p) && (settled || p->state != ZOMBIE);
}

static int
countunsettled(void)
{
  int i, n = 0;

  for(i = 0; i < NPROC; i++)
    if(!procsettled(procat(i)))
      n++;
  return n;
}

// Every check, on the stopped world, with ztable.lock and ptable.lock
// held.  Zones first (their pages are claimed before the free lists and
// page tables are walked), then the free lists, then the processes.
static void
checkall(void)
{
  struct proc *p;
  int i;

  tallyclear();
  memset(natt, 0, sizeof(natt));
  memset(nsleepers, 0, sizeof(nsleepers));
  for(i = 0; i < ntally; i++)
    claim(V2P(tally[i]), TKERN, "tally page", i);
  for(i = 0; i < MAXSHM; i++)
    checkzone(i);
  checkfreelists();
  for(i = 0; i < NPROC; i++){
    p = procat(i);
    if(judged(p)){
      countsleepers(p);
      checkproc(p);
    }
  }
  for(i = 0; i < MAXSHM; i++)
    checkzonerefs(i);
  checkrefcounts();
}

// One attempt on the stopped world.  Returns 1 if it is done (checked,
// or a CPU holds a lock), 0 to try again later.
static int
attempt(int last)
{
  int held[NCPU], done = 1, me;

  stopworld();
  me = cpuid();
  if(heldlocks(held) > 0){
    startworld();
    reportheld(held, me);
    return 1;
  }
  ztablelock();
  ptablelock();
  settled = countunsettled() == 0;
  if(settled || last)
    checkall();
  else
    done = 0;
  ptableunlock();
  ztableunlock();
  startworld();
  return done;
}

// The selfcheck system call: the number of problems found, or -1 if
// there was no memory for the tally or the caller was killed while it
// waited (for another caller, or for a settled moment).
int
selfcheck(void)
{
  int try, n;

  while(__atomic_exchange_n(&world.busy, 1, __ATOMIC_SEQ_CST))
    if(sleeptick() < 0)
      return -1;
  nproblems = 0;
  if(tallyalloc() < 0){
    nproblems = -1;
    goto out;
  }
  for(try = 1; !attempt(try == CHECKTRIES); try++){
    if(sleeptick() < 0){
      nproblems = -1;
      break;
    }
  }
  tallyfree();
out:
  n = nproblems;
  store(&world.busy, 0);
  return n;
}

int
sys_selfcheck(void)
{
  return selfcheck();
}
