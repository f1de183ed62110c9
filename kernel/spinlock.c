// Spinlocks: short critical sections shared between CPUs and interrupt
// handlers.  Acquiring one turns interrupts off on this CPU (pushcli), so
// an interrupt handler can never spin on a lock its own CPU already holds;
// the interrupt state comes back when the outermost lock is released.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"

void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

// Spin until the lock is ours.  Acquiring a lock this CPU already holds
// would spin forever, so it is a panic instead.
void
acquire(struct spinlock *lk)
{
  pushcli();
  if(holding(lk))
    panic(lk->name);
  while(xchg(&lk->locked, 1) != 0)
    pause();
  // Keep the critical section's loads and stores after the acquisition.
  __sync_synchronize();
  lk->cpu = mycpu();
}

void
release(struct spinlock *lk)
{
  if(!holding(lk))
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
  r = lk->locked && lk->cpu == mycpu();
  popcli();
  return r;
}

// Record the return addresses of the current call chain, by following
// the saved %ebp links, for panic messages.  Stops at 10 frames or at a
// frame pointer outside the kernel.
void
getcallerpcs(void *v, uint pcs[])
{
  uint *ebp = (uint *)v - 2;
  int i;

  for(i = 0; i < 10; i++){
    if(ebp == 0 || (uint)ebp < KERNBASE || (uint)ebp == 0xFFFFFFFF)
      break;
    pcs[i] = ebp[1];
    ebp = (uint *)ebp[0];
  }
  for(; i < 10; i++)
    pcs[i] = 0;
}

// pushcli/popcli nest like cli/sti but remember whether interrupts were
// on before the outermost pushcli, so that releasing the last spinlock
// does not enable interrupts that were off to begin with.
void
pushcli(void)
{
  int on = readeflags() & FL_IF;

  cli();
  if(mycpu()->ncli == 0)
    mycpu()->intena = on;
  mycpu()->ncli += 1;
}

void
popcli(void)
{
  if(readeflags() & FL_IF)
    panic("popcli: interruptible");
  if(--mycpu()->ncli < 0)
    panic("popcli: unbalanced");
  if(mycpu()->ncli == 0 && mycpu()->intena)
    sti();
}
