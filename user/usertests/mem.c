// usertests: memory.
#include "usertests.h"

// Align the break to a page, so growth and shrinkage are whole pages.
static char *
alignbreak(void)
{
  uint sz = (uint)sbrk(0);

  expect(sbrk(PGROUNDUP(sz) - sz) != (char *)-1, "sbrk to align failed");
  return sbrk(0);
}

// sbrk hands out zeroed, writable memory and moves the break exactly;
// a page costs memory only once it is touched.
void
sbrkgrow(void)
{
  int n = 20, i, before;
  char *old = alignbreak(), *p;

  before = freepages();
  p = sbrk(n * PGSIZE);
  expect(p == old, "sbrk returned %p, the break was %p", p, old);
  expect(sbrk(0) == old + n * PGSIZE, "the break did not move by %d", n * PGSIZE);
  expect(freepages() == before, "untouched, %d pages cost %d",
         n, before - freepages());
  for(i = 0; i < n * PGSIZE; i++)
    expect(p[i] == 0, "new memory at +%d is not zero", i);
  expect(before - freepages() >= n, "touched, %d pages cost only %d",
         n, before - freepages());
  fillpattern(p, 0, n * PGSIZE);
  expect(checkpattern(p, 0, n * PGSIZE) < 0, "memory did not hold data");
  p = sbrk(1);
  expect(p == old + n * PGSIZE && sbrk(0) == p + 1, "sbrk(1) misplaced");
  p[0] = 'x';
}

// Shrinking gives the pages back; growing again brings zeroed ones.
void
sbrkshrink(void)
{
  int n = 10, f1;
  char *old = alignbreak(), *p;

  p = sbrk(n * PGSIZE);
  memset(p, 'z', n * PGSIZE);
  f1 = freepages();
  expect(sbrk(-n * PGSIZE) == old + n * PGSIZE, "shrink returned the wrong end");
  expect(sbrk(0) == old, "the break did not come back");
  expect(freepages() - f1 == n, "shrink freed %d pages, not %d",
         freepages() - f1, n);
  p = sbrk(n * PGSIZE);
  expect(p == old && p[0] == 0 && p[n * PGSIZE - 1] == 0,
         "regrown memory is not zero");
}

static void
touchfreed(int addr)
{
  volatile char *p = (char *)addr;

  p[0] = 1;
  fail("wrote freed memory at %p", p);
}

// Memory given back with sbrk is gone: system calls refuse it, and
// touching it kills the process.
void
sbrkfreed(void)
{
  char *p = alignbreak();
  int status, fds[2];

  expect(sbrk(PGSIZE) == p, "sbrk failed");
  p[0] = 1;
  sbrk(-PGSIZE);
  mkpipe(fds);
  write(fds[1], "abcd", 4);
  expect(read(fds[0], p, 4) == -1, "read into freed memory");
  expect(write(fds[1], p, 4) == -1, "write from freed memory");
  status = inchild(touchfreed, (int)p);
  expect(status == -1, "touching freed memory: status %d", status);
}

static void
shrinktonothing(int unused)
{
  sbrk(-(int)sbrk(0));
  exit(0);   // unreachable: there is no code left to run
}

// A process that gives back all its memory, code included, just dies.
void
sbrkall(void)
{
  int status = inchild(shrinktonothing, 0);

  expect(status == -1, "a process with no memory exited %d", status);
}

// Reserve more than all free memory, then touch all of it.  Exits 0 if
// there is more RAM than address space (nothing to run out of).
static void
sbrktoomuch(int unused)
{
  char *brk = alignbreak();
  uint want = (freepages() + 64) * PGSIZE, i;

  if(want > SHMBASE - (uint)brk)
    exit(0);
  expect(sbrk(want) == brk, "sbrk of address space failed");
  for(i = 0; i < want; i += PGSIZE)
    brk[i] = 1;
  fail("touched %d pages with fewer free", want / PGSIZE);
}

// sbrk reserves address space: asking for more than all free memory
// succeeds, and touching it all kills that process alone, when memory
// runs out, with every page given back.
void
sbrkoom(void)
{
  int before = freepages(), status = inchild(sbrktoomuch, 0);

  expect(status == -1, "the process that ran out of memory exited %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// Write every page of the n at p (the copy-on-write copies are made).
static void
dirtyall(char *p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 2;
}

// Fill 3/5 of free memory, then fork: the child shares it all until it
// writes, and writing it all runs out of memory.
static void
forkhalf(int unused)
{
  char *brk = alignbreak();
  int n = freepages() * 3 / 5, pid, i, status, free;

  expect(sbrk(n * PGSIZE) == brk, "sbrk of %d pages failed", n);
  for(i = 0; i < n; i++)
    brk[i * PGSIZE] = 1;
  free = freepages();
  if((pid = fork()) == 0){
    dirtyall(brk, n);
    exit(0);
  }
  expect(pid > 0 || freepages() == free, "a failed fork lost pages");
  if(pid > 0){
    status = reap(pid);
    expect(status == -1, "the child that copied too much exited %d", status);
  }
  for(i = 0; i < n; i++)
    expect(brk[i * PGSIZE] == 1, "page %d changed under the parent", i);
  expect(freepages() == free, "%d pages lost", free - freepages());
}

// fork with memory nearly exhausted succeeds (it copies nothing) or fails
// cleanly; a child that then writes more than memory holds dies alone,
// and the parent's memory is untouched.
void
forkoom(void)
{
  int status = inchild(forkhalf, 0);

  expect(status == 0, "child exited %d", status);
}

// sbrk refuses to reach the zone area or to shrink below nothing, and
// changes nothing when it refuses.
void
sbrklimit(void)
{
  char *brk = sbrk(0);

  expect(sbrk(0x70000000) == (char *)-1, "sbrk(0x70000000) succeeded");
  expect(sbrk(SHMBASE - (uint)brk + 1) == (char *)-1, "sbrk past SHMBASE");
  expect(sbrk(0x7FFFFFFF) == (char *)-1, "sbrk(0x7FFFFFFF) succeeded");
  expect(sbrk(-(int)brk - 1) == (char *)-1, "sbrk below 0 succeeded");
  expect(sbrk(-0x7FFFFFFF - 1) == (char *)-1, "sbrk(INT_MIN) succeeded");
  expect(sbrk(0) == brk, "refused sbrks moved the break");
}

static void
pokeguard(int store)
{
  volatile char *g = (char *)guardpage;
  int got = 0;

  if(store)
    g[PGSIZE - 1] = 1;   // the byte just below the stack
  else
    got = g[0];
  fail("%s the guard page at %p (%d)", store ? "wrote" : "read", g, got);
}

// depth frames of 256 bytes and more.  The volatile frame keeps the
// compiler from turning it into a loop.
static int
recurse(int depth)
{
  volatile char frame[256];

  frame[0] = depth;
  if(depth == 0)
    return frame[0];
  return recurse(depth - 1) + frame[0];
}

static void
overflow(int depth)
{
  recurse(depth);
  fail("recursed %d deep on a stack of at most %d bytes", depth, USTACKMAX);
}

// The gap below the stack is never mapped: writing, reading, or running
// into it from the stack kills the process.  Its place is the one exec
// promises: right above the program, right below the stack's limit.
void
stackguard(void)
{
  extern char end[];
  uint sp = (uint)&sp;
  int status;

  expect(guardpage + PGSIZE - USTACKGAP == PGROUNDUP((uint)end),
         "gap at %p, program ends %p", guardpage + PGSIZE - USTACKGAP, end);
  expect(sp >= guardpage + PGSIZE && sp < guardpage + PGSIZE + USTACKMAX,
         "stack at %p, gap below %p", sp, guardpage + PGSIZE);
  status = inchild(pokeguard, 1);
  expect(status == -1, "writing the gap: status %d", status);
  status = inchild(pokeguard, 0);
  expect(status == -1, "reading the gap: status %d", status);
  status = inchild(overflow, 2 * USTACKMAX / 256);
  expect(status == -1, "stack overflow: status %d", status);
}

static void
deepstack(int depth)
{
  expect(recurse(depth) != 0 || depth == 0, "recursion came back wrong");
}

// stackgrow: the stack grows on demand, a page at its first touch, to
// half its limit here; the pages come back at exit.
void
stackgrow(void)
{
  int before = freepages(), status;

  status = inchild(deepstack, USTACKMAX / 2 / 256);
  expect(status == 0, "recursing over half the stack's limit: status %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// Run one instruction user code may not run (or that faults); the
// process must be killed before it gets past it.
static void
forbidden(int which)
{
  volatile int zero = 0, r = 1;

  switch(which){
  case 0: asm volatile("cli"); break;
  case 1: asm volatile("hlt"); break;
  case 2: asm volatile("outb %%al, %%dx" : : "a"(0), "d"(0xF4)); break;
  case 3: asm volatile("inb %%dx, %%al" : "=a"(r) : "d"(0x1F7)); break;
  case 4: asm volatile("int $32"); break;       // the timer's vector
  case 5: asm volatile("int $14"); break;       // the page fault's
  case 6: asm volatile("ud2"); break;
  case 7: r = r / zero; break;
  case 8: asm volatile("lidt (%0)" : : "r"(0)); break;
  case 9: asm volatile("movl %%cr3, %0" : "=r"(r)); break;
  }
  fail("instruction %d did not kill the process (r %d)", which, r);
}

// Privileged instructions, I/O ports (0xF4 would power off QEMU), other
// vectors than the system call's, and faults kill a process: status -1.
void
privileged(void)
{
  int i, status;

  for(i = 0; i < 10; i++){
    status = inchild(forbidden, i);
    expect(status == -1, "instruction %d: status %d", i, status);
  }
}
