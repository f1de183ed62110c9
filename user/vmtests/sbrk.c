// vmtests: lazy sbrk.
#include "vmtests.h"

#define LAZYPAGES 256

// Make n pages dirty and free them, so that the pages handed out next are
// ones that held data.
static void
dirtyfree(int n)
{
  char *p = (char *)morepages(n);

  memset(p, 0xA5, n * PGSIZE);
  sbrk(-n * PGSIZE);
}

// sbrk only moves the break: untouched pages cost nothing; a page costs
// one page (and perhaps a page table) at its first touch, reads back zero
// and then what was written; shrinking gives back exactly what touching
// took.
void
sbrklazy(void)
{
  uint *p;
  int f0, i, half = LAZYPAGES / 2, cost;

  dirtyfree(LAZYPAGES);
  f0 = freepages();
  p = morepages(LAZYPAGES);
  expect(freepages() == f0, "sbrk of %d pages cost %d before any touch",
         LAZYPAGES, f0 - freepages());
  for(i = 0; i < LAZYPAGES; i += 2)
    expect(nonzero(p + i * WORDS, WORDS) < 0,
           "page %d of new memory is not zero at its first touch", i);
  cost = f0 - freepages();
  expect(cost >= half && cost <= half + 2, "reading %d of %d new pages cost "
         "%d, want %d and up to 2 page tables", half, LAZYPAGES, cost, half);
  paint(p, LAZYPAGES * WORDS, 3, 1);
  cost = f0 - freepages() - cost;
  expect(cost >= half && cost <= half + 1, "writing the %d other pages cost %d, "
         "want %d and perhaps a page table", half, cost, half);
  look(p, LAZYPAGES * WORDS, 3, 3, "new memory after writing");
  sbrk(-LAZYPAGES * PGSIZE);
  expect(freepages() == f0, "shrinking left %d pages free, want %d",
         freepages(), f0);
}

// The kernel's accesses to untouched pages below the break resolve as a
// touch would: read() into one fills a zeroed page, write() from one
// sends zeroes.
void
sbrksyscall(void)
{
  uint *p, got[16];
  int fd[2], n;

  dirtyfree(2);
  p = morepages(2);
  n = kread(p);
  expect(nonzero(p + n, WORDS - n) < 0, "the rest of a page read() first "
         "touched is not zero");
  mkpipe(fd);
  expect(write(fd[1], p + WORDS, sizeof(got)) == sizeof(got),
         "write() from an untouched page failed");
  expect(read(fd[0], got, sizeof(got)) == sizeof(got), "pipe read failed");
  expect(nonzero(got, 16) < 0, "write() from an untouched page sent nonzero "
         "bytes");
  closepipe(fd);
}

// Pages below the break that neither side touched before fork are each
// side's own at their first touch: zero, and private.
void
sbrkfork(void)
{
  uint *p = morepages(3);
  struct link c;
  int pid;

  if((pid = linkfork(&c)) == 0){
    expect(nonzero(p, WORDS) < 0, "an untouched page is not zero in the child");
    paint(p + WORDS, WORDS, 5, 1);
    tell(c.out);
    hear(c.in);
    expect(nonzero(p + 2 * WORDS, WORDS) < 0,
           "the parent's first write to an untouched page showed in the child");
    look(p + WORDS, WORDS, 5, 5, "the child's own page");
    exit(0);
  }
  hear(c.in);
  expect(nonzero(p, 2 * WORDS) < 0,
         "the child's first touches of untouched pages showed in the parent");
  paint(p + 2 * WORDS, WORDS, 6, 1);
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  look(p + 2 * WORDS, WORDS, 6, 6, "the parent's own page");
}

// The break ends private memory: a touch above it kills, and so does one
// below it once sbrk has given the page back; system calls refuse both.
void
sbrkabove(void)
{
  char *brk = alignbreak();
  int fd[2];

  mustkill((uint)brk, 0, "at the break");
  mustkill((uint)brk + 10 * PGSIZE, 1, "above the break");
  expect(sbrk(1) == brk, "sbrk(1) did not return the old break");
  brk[0] = 1;
  mustkill((uint)brk + PGSIZE, 1, "on the page above the break");
  sbrk(-1);
  mustkill((uint)brk, 1, "on a page sbrk gave back");
  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "pipe write failed");
  expect(read(fd[0], brk, 4) == -1, "read() into the break at %p worked", brk);
  expect(write(fd[1], brk, 4) == -1, "write() from the break at %p worked", brk);
  expect(read(fd[0], brk - 2, 4) == -1, "read() across the break worked");
  closepipe(fd);
}

// sbrk reaches SHMBASE and no further, and the address space below it
// costs nothing until touched.
void
sbrkmax(void)
{
  char *brk = alignbreak();
  int f0 = freepages(), room = SHMBASE - (uint)brk, cost;

  expect(sbrk(room + 1) == NOMEM, "sbrk to a byte past SHMBASE worked");
  expect(sbrk(room + PGSIZE) == NOMEM, "sbrk to a page past SHMBASE worked");
  expect(sbrk(0x7FFFFFFF) == NOMEM, "sbrk(0x7FFFFFFF) worked");
  expect(sbrk(0) == brk, "refused sbrks moved the break to %p from %p",
         sbrk(0), brk);
  expect(sbrk(room) == brk, "sbrk up to SHMBASE failed");
  expect(freepages() == f0, "reserving %d MiB cost %d pages", room >> 20,
         f0 - freepages());
  storeto(SHMBASE - 1);
  cost = f0 - freepages();
  expect(cost == 1 || cost == 2, "touching the last page below SHMBASE cost "
         "%d, want 1 and perhaps a page table", cost);
  expect(sbrk(1) == NOMEM, "sbrk past SHMBASE worked");
  expect(sbrk(-room) == (char *)SHMBASE, "shrinking from SHMBASE failed");
  expect(freepages() == f0, "after shrinking %d pages free, want %d",
         freepages(), f0);
}

#define HOGEXTRA 64   // sbrkoom: pages the hog tries to touch beyond all

// Touch more pages than are free.  Exits SKIPPED if the address space
// below SHMBASE cannot hold that many.
enum { SKIPPED = 30 };

static void
hogall(uint unused)
{
  char *p = alignbreak();
  uint n = freepages() + HOGEXTRA, i;

  if(n > (SHMBASE - (uint)p) / PGSIZE)
    exit(SKIPPED);
  expect(sbrk(n * PGSIZE) == p, "sbrk of %d pages of address space failed", n);
  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
  fail("touched %d pages with only %d free", n, n - HOGEXTRA);
}

static void
bystander(uint *p, struct link *c)
{
  ownmemory();
  paint(p, HOGPAGES * WORDS, 2, 1);
  tell(c->out);
  hear(c->in);
  look(p, HOGPAGES * WORDS, 2, 2, "the bystander's pages after the hog died");
  paint((uint *)morepages(8), 8 * WORDS, 3, 1);
  exit(0);
}

// sbrk gives address space, not memory: a process may reserve more than
// is free, and when it touches it all it is killed as memory runs out,
// and only it: another process lives on with its data, and every page
// comes back.
void
sbrkoom(void)
{
  uint *p = morepages(HOGPAGES);
  struct link c;
  int f0, pid, st;

  paint(p, HOGPAGES * WORDS, 1, 1);
  f0 = freepages();
  if((pid = linkfork(&c)) == 0)
    bystander(p, &c);
  hear(c.in);
  st = inchild(hogall, 0);
  if(st == SKIPPED)
    printf("vmtests: sbrkoom: more memory than address space; not run\n");
  else
    expect(st == KILLED, "the process that touched more pages than were free "
           "exited %d, want %d", st, KILLED);
  tell(c.out);
  reapok(pid, "the bystander");
  linkclose(&c);
  look(p, HOGPAGES * WORDS, 1, 1, "the parent's pages after the hog died");
  expect(freepages() == f0, "%d pages free after the hog died, want %d",
         freepages(), f0);
}
