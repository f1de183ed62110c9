// Fault injection: a debugging facility that makes the page allocator,
// block reads or inode allocation fail on purpose, so that tests can walk
// every error path of a system call or a page fault (docs/faultinj.md).
//
// failnth(what, n, seed) arms it for the calling process alone: with
// seed 0, the nth counted call from now fails, once, and counting stops;
// with a seed, every counted call fails with probability 1/n until
// failnth(0, 0, 0) turns it off.  A call counts if it is one of the
// allocators named in what and is made on behalf of the process: in its
// system calls and page faults, in its kernel thread.  (No interrupt
// handler allocates; one that did would be charged to the process it
// interrupted.)  The kernel's own work without a process (boot, the
// schedulers) never counts, nor does any other process's.
//
// The allocators ask shouldfail() before doing anything, and fail the way
// they already can: kalloc and ialloc as if nothing were free, bread as
// if the disk could not read the block.  So an injected failure takes
// only paths a real one could.
//
// The settings live in struct proc and are touched only by the process
// itself, so they need no lock.  They are kept across exec, so that exec
// itself can be tested, and cleared at exit, whose clean-up must not fail
// and cannot report an error.  A child does not inherit them: what fork
// allocates for the child is allocated by the parent's thread and counts
// for the parent; what the child allocates once it runs is its own.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "proc.h"
#include "faultinj.h"

// The next pseudo-random number after *s (xorshift32; *s is never 0).
static uint
nextrandom(uint *s)
{
  uint x = *s;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

// shouldfail's slow path, for a process that asked to count what: kept
// out of line so that every other allocation pays only a test.
static int __attribute__((noinline))
countcall(struct faultinj *f)
{
  f->ncalls++;
  if(f->seed)
    return nextrandom(&f->seed) % f->n == 0;
  if(--f->n > 0)
    return 0;
  f->what = 0;   // the nth call fails, and counting stops with it
  return 1;
}

// Should this call of allocator what (a FAIL_* bit) fail?  Counts the
// call if it is one the current process asked to count.
int
shouldfail(int what)
{
  struct proc *p = myproc();

  if(p == 0 || !(p->fault.what & what))
    return 0;
  return countcall(&p->fault);
}

// failnth(what, n, seed): arm fault injection for the caller as described
// above; what 0 turns it off.  Returns the calls counted since the last
// failnth (so a caller can tell whether its nth call was reached), or -1
// for unknown bits in what or n < 1 with what set.
int
faultset(int what, int n, uint seed)
{
  struct faultinj *f = &myproc()->fault;
  int ncalls = f->ncalls;

  if((what & ~FAIL_ALL) || (what && n < 1))
    return -1;
  f->what = what;
  f->n = n;
  f->seed = what ? seed : 0;
  f->ncalls = 0;
  return ncalls;
}

// exit: p's remaining work must not fail.
void
faultclear(struct proc *p)
{
  memset(&p->fault, 0, sizeof(p->fault));
}
