// vmtests: the helpers every file of the suite shares.
#include "vmtests.h"

// Reap child pid and fail unless it exited 0 (a child that failed has
// sent its own reason first).
void
reapok(int pid, char *who)
{
  int st = reap(pid);

  if(st != 0)
    fail("%s exited with status %d, want 0%s", who, st,
         st == KILLED ? " (killed: see console)" : "");
}

// Poll until n processes exist: others may still be on their way out.
void
awaitnproc(int n)
{
  int i;

  for(i = 0; sys().nproc != n; i++){
    if(i == POLL)
      fail("%d processes after %d ticks, want %d", sys().nproc, POLL, n);
    sleep(1);
  }
}

int
linkfork(struct link *c)
{
  int pid;

  mkpipe(c->up);
  mkpipe(c->down);
  if((pid = xfork()) == 0){
    close(c->up[0]);
    close(c->down[1]);
    c->in = c->down[0];
    c->out = c->up[1];
  } else {
    close(c->up[1]);
    close(c->down[0]);
    c->in = c->up[0];
    c->out = c->down[1];
  }
  return pid;
}

void
linkclose(struct link *c)
{
  close(c->in);
  close(c->out);
}

// Let the other side, waiting in hear(), go on.
void
tell(int fd)
{
  if(write(fd, "!", 1) != 1)
    fail("write to a pipe failed");
}

void
hear(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("the other side of a pipe went away");
}

// Align the break to a page; the new break.
char*
alignbreak(void)
{
  uint b = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(b) - b) == NOMEM)
    fail("sbrk to align the break failed");
  return sbrk(0);
}

// n new pages at the break, untouched.
uint*
morepages(int n)
{
  char *p = alignbreak();

  if(sbrk(n * PGSIZE) != p)
    fail("sbrk of %d pages failed", n);
  return (uint *)p;
}

// The word that a pattern with this seed puts at address a.  It depends
// on the address, so any part of a painted range can be checked alone,
// and two seeds differ in every word.
uint
word(uint seed, volatile uint *a)
{
  return (seed * 0x9E3779B1u) ^ ((uint)a * 0x85EBCA77u) ^ 0x5BD1E995u;
}

int
oddword(volatile uint *a)
{
  return ((uint)a / 4) % 2;
}

// Paint the pattern of seed into the n words at p: all of them, or only
// those at even word addresses.
void
paint(uint *p, int n, uint seed, int all)
{
  int i;

  for(i = 0; i < n; i++)
    if(all || !oddword(p + i))
      p[i] = word(seed, p + i);
}

// The first of the n words at p not painted with seed even (at even word
// addresses) and odd (at odd ones); -1 if there is none.
int
offpaint(uint *p, int n, uint even, uint odd)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != word(oddword(p + i) ? odd : even, p + i))
      return i;
  return -1;
}

// Fail unless the n words at p are painted as offpaint says.
void
look(uint *p, int n, uint even, uint odd, char *what)
{
  int i = offpaint(p, n, even, odd);

  if(i >= 0)
    fail("%s: word at %p is 0x%x, want 0x%x", what, p + i, p[i],
         word(oddword(p + i) ? odd : even, p + i));
}

// The first nonzero of the n words at p, or -1.
int
nonzero(uint *p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != 0)
      return i;
  return -1;
}

uint*
zcreate(int id)
{
  char *z = shmem(id, M_CREATE, ZPAGES);

  if(z == NOMEM)
    fail("shmem(%d, M_CREATE, %d) failed", id, ZPAGES);
  return (uint *)z;
}

void
zdetach(uint *z)
{
  if(shmdt((char *)z) < 0)
    fail("shmdt(%p) failed", z);
}

void
storeto(uint a)
{
  *(volatile char *)a = 1;
}

static void
loadfrom(uint a)
{
  volatile char c = *(volatile char *)a;

  (void)c;
}

// Run fn(arg) in a child; its exit status.
int
inchild(void (*fn)(uint), uint arg)
{
  int pid = xfork();

  if(pid == 0){
    fn(arg);
    exit(0);
  }
  return reap(pid);
}

// Fail unless a store (or a load) at a kills the process that makes it.
void
mustkill(uint a, int store, char *where)
{
  int st = inchild(store ? storeto : loadfrom, a);

  if(st != KILLED)
    fail("a %s %s at 0x%x: status %d, want %d (killed)",
         store ? "store" : "load", where, a, st, KILLED);
}
