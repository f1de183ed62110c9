// Spinlocks: short critical sections shared between CPUs and interrupt
// handlers.  Acquiring one turns interrupts off on this CPU (pushcli), so
// an interrupt handler can never spin on a lock its own CPU already holds;
// the interrupt state comes back when the outermost lock is released.
//
// Lock statistics (the lockstat system call): every lock belongs to the
// class of its name, and a class counts the acquisitions of all its
// locks and those that had to spin because the lock was held.  So the
// per-object locks, each pipe's and each sleeplock's inner lock, add up
// under one name ("pipe", "sleeplock") instead of needing a record each,
// and a lock with a name of its own (ptable, kmem) has a class to itself.
// initlock finds or makes the class; classes are never removed.  Class 0,
// "(other)", counts the locks whose names came after the table was full
// (NLOCKCLASS), and any lock that never went through initlock.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "lockstat.h"

// classname[i]: the name of class i, or 0 if the slot is free.  Slots
// are claimed in order, each once, by compare-and-swap (classof), so no
// lock guards them: the registry cannot use a spinlock, since every
// acquire would then need the registry.
static char *classname[NLOCKCLASS] = { "(other)" };

// One CPU's counts of one class.  Each CPU writes only its own, inside
// acquire with interrupts off, so plain increments are exact without a
// lock or an atomic instruction; a reader on another CPU sees each count
// as it stood at some moment during the read.  Each CPU's counts fill
// cache lines of their own, so counting never moves a line between CPUs.
struct lockcount {
  uint nacquire;
  uint ncontended;
};
static struct cpucounts {
  struct lockcount c[NLOCKCLASS];
} __attribute__((aligned(64))) counts[NCPU];

// The class of locks named name: the one with that name (in its first
// LOCKNAME-1 bytes, what lockstat shows), else a new one in the first
// free slot, else 0.  On a failed compare-and-swap, old holds the name
// that another CPU put in the slot, which may be this same name.
static int
classof(char *name)
{
  char *old;
  int i;

  for(i = 1; i < NLOCKCLASS; i++){
    old = 0;
    if(__atomic_compare_exchange_n(&classname[i], &old, name, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return i;
    if(strncmp(old, name, LOCKNAME - 1) == 0)
      return i;
  }
  return 0;
}

void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
  lk->class = classof(name);
}

// Does CPU c hold lk?  With interrupts off, so that the caller stays on c.
static int
heldby(struct spinlock *lk, struct cpu *c)
{
  return lk->locked && lk->cpu == c;
}

// Spin until the lock is ours.  Acquiring a lock this CPU already holds
// would spin forever, so it is a panic instead.  The acquisition counts
// as contended if the first try found the lock held.
void
acquire(struct spinlock *lk)
{
  struct lockcount *n;
  struct cpu *c;
  int spun = 0;

  pushcli();
  c = mycpu();
  if(heldby(lk, c))
    panic(lk->name);
  if(xchg(&lk->locked, 1) != 0){
    spun = 1;
    while(xchg(&lk->locked, 1) != 0)
      pause();
  }
  // Keep the critical section's loads and stores after the acquisition.
  __sync_synchronize();
  lk->cpu = c;
  n = &counts[c - cpus].c[lk->class];
  n->nacquire++;
  n->ncontended += spun;
}

void
release(struct spinlock *lk)
{
  // A free lock is nobody's.  A held one may be this CPU's only if
  // interrupts are off; if they are on, mycpu() panics, which is as good.
  if(!lk->locked || !heldby(lk, mycpu()))
    panic("release: not held");
  lk->cpu = 0;
  // Make the critical section's stores visible before the lock is free.
  __sync_synchronize();
  asm volatile("movl $0, %0" : "+m" (lk->locked));
  popcli();
}

// Does this CPU hold lk?
int
holding(struct spinlock *lk)
{
  int r;

  pushcli();
  r = heldby(lk, mycpu());
  popcli();
  return r;
}

// pushcli/popcli nest like cli/sti but remember whether interrupts were
// on before the outermost pushcli, so that releasing the last spinlock
// does not enable interrupts that were off to begin with.  Each reads
// mycpu() once: every acquire and release runs them.
void
pushcli(void)
{
  int on = readeflags() & FL_IF;
  struct cpu *c;

  cli();
  c = mycpu();
  if(c->ncli == 0)
    c->intena = on;
  c->ncli += 1;
}

void
popcli(void)
{
  struct cpu *c;

  if(readeflags() & FL_IF)
    panic("popcli: interruptible");
  c = mycpu();
  if(--c->ncli < 0)
    panic("popcli: unbalanced");
  if(c->ncli == 0 && c->intena)
    sti();
}

// The statistics of class i, summed over the CPUs, into ls.
static void
sumclass(int i, struct lockstat *ls)
{
  int c;

  safestrcpy(ls->name, classname[i], LOCKNAME);
  ls->nacquire = ls->ncontended = 0;
  for(c = 0; c < ncpu; c++){
    ls->nacquire += counts[c].c[i].nacquire;
    ls->ncontended += counts[c].c[i].ncontended;
  }
}

// Fill buf with the statistics of up to n classes, in the order of
// their slots, which never changes: the lockstat system call.  Returns
// the number filled.
int
lockstats(struct lockstat *buf, int n)
{
  char *name;
  int i;

  for(i = 0; i < n && i < NLOCKCLASS; i++){
    name = __atomic_load_n(&classname[i], __ATOMIC_ACQUIRE);
    if(name == 0)
      break;   // slots fill in order: none after this one
    sumclass(i, &buf[i]);
  }
  return i;
}
