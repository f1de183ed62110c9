// Robust mutexes, the kernel's half: what happens to the zone mutexes a
// process holds when it lets go of their zone without unlocking them,
// because it exits, is killed, execs or detaches the zone.
//
// A zone mutex (user/lib/sync.c) is one word: the owner's pid, plus the
// flags FUTEX_OWNERDIED and FUTEX_WAITERS (kernel/futex.h).  Locking and
// unlocking are compare-and-swaps in user space.  Each process also keeps
// a struct robust in its private memory: the mutexes it holds, and the
// one it is in the middle of locking or unlocking ("pending").  It tells
// the kernel where that table is once, with setrobust(); the table is
// inherited at fork (the same address names the child's copy) and
// forgotten at exec.
//
// Every detach of a zone (shmdt, and each zone at exec and exit) first
// calls robustdetach(), which reads the table and, for each entry whose
// word lies in the zone:
//   - if the word names the process as owner, the owner is going away
//     for good: the word becomes FUTEX_OWNERDIED (keeping
//     FUTEX_WAITERS), which means "free, but the last owner died", and
//     one sleeper is woken.  Whoever locks it next, that sleeper or a
//     newcomer, gets MUTEX_OWNERDEAD from mutex_lock.
//   - if it is the pending entry but the word names someone else (or
//     nobody), the process may have been woken to take the mutex and died
//     before it could, or have released it and died before waking anyone:
//     one sleeper is woken, so that no wake-up dies with the process.  A
//     needless wake-up costs the sleeper one look at the word.
// and then clears the entry, so that another zone mapped later at the
// same address is never mistaken for it.  Entries whose word names
// another owner are otherwise left alone: a child's table starts as a
// copy of its parent's, which names the parent's mutexes.
//
// The table is only a hint, read with fetchint like any user memory; the
// word is the truth, and it is changed with compare-and-swap because
// other processes change it at the same moment without any lock.  Only
// the process itself (or fork, for a child that has not run) touches
// p->robust, so it needs no lock.  Called with no lock held; waking takes
// futex.lock.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "futex.h"

// Slot i of p's table: 0 is pending, 1..NROBUST are held[].
static uint
slotaddr(struct proc *p, int i)
{
  return p->robust + i * sizeof(int *);
}

// The word at physical address pa belonged to p, which is letting go of
// it.  If p owns it, mark the owner dead; wake one sleeper if p owned it
// or was in the middle of taking or giving it (pending).
static void
letgo(struct proc *p, uint pa, int pending)
{
  volatile uint *w = P2V(pa);
  uint old;

  do {
    old = *w;
    if((old & FUTEX_OWNER) != p->pid){
      if(pending)
        futexwakepa(pa, 1);
      return;
    }
  } while(__sync_val_compare_and_swap(w, old,
            (old & FUTEX_WAITERS) | FUTEX_OWNERDIED) != old);
  futexwakepa(pa, 1);
}

// Handle slot i of p's table if its word lies in [va, va+size).
static void
dropslot(struct proc *p, int i, uint va, uint size)
{
  uint slot = slotaddr(p, i), pa;
  int addr, rdonly;

  if(fetchint(slot, &addr) < 0 || (uint)addr < va || (uint)addr - va >= size)
    return;
  // A read-only attachment could never have taken the mutex.
  if(addr % 4 == 0 && (pa = zonepa(p, addr, &rdonly)) != 0 && !rdonly)
    letgo(p, pa, i == 0);
  if(uvmaccess(p, slot, sizeof(int), UWRITE) == 0)
    *(int *)slot = 0;
}

// detach, for each zone the current process p lets go of (shmdt, exec,
// exit): release the robust mutexes it holds in [va, va+size), the
// zone's range, which is still mapped.
void
robustdetach(struct proc *p, uint va, uint size)
{
  int i;

  if(p->robust == 0)
    return;
  for(i = 0; i <= NROBUST; i++)
    dropslot(p, i, va, size);
}

// fork: the child's table is at the same address, in its copy of memory.
void
robustfork(struct proc *parent, struct proc *child)
{
  child->robust = parent->robust;
}

// exec, after the zones are detached: the new program has no table yet.
void
robustexec(struct proc *p)
{
  p->robust = 0;
}

// setrobust(table): the current process keeps its struct robust at addr
// (0: none).  It must lie in private memory, 4-byte aligned.  Returns 0
// or -1.
int
robustset(uint addr)
{
  struct proc *p = myproc();

  if(addr != 0 &&
     (addr % 4 || addr >= p->sz || sizeof(struct robust) > p->sz - addr))
    return -1;
  p->robust = addr;
  return 0;
}

// setrobust(struct robust *table)
int
sys_setrobust(void)
{
  int addr;

  if(argint(0, &addr) < 0)
    return -1;
  return robustset(addr);
}
