// vmtests: copy-on-write fork.
#include "vmtests.h"

#define RWORDS (2 * WORDS)   // each region of cowdata: two pages

static uint dataregion[RWORDS] = { 1 };   // initialised, so in .data
static uint bssregion[RWORDS];

// A region of private memory, one of a kind; arrays of them end with a
// null name.
struct region {
  char *name;
  uint *p;
};

// The seeds of one cowround: what both sides inherit, what the first
// writer paints into the even words, what the second paints everywhere.
struct seeds {
  uint old, first, second;
};

static void
paintall(struct region *r, uint seed, int all)
{
  for(; r->name; r++)
    paint(r->p, RWORDS, seed, all);
}

static void
lookall(struct region *r, uint even, uint odd, char *who)
{
  int i;

  for(; r->name; r++)
    if((i = offpaint(r->p, RWORDS, even, odd)) >= 0)
      fail("%s sees %s word %d = 0x%x, want 0x%x", who, r->name, i,
           r->p[i], word(oddword(r->p + i) ? odd : even, r->p + i));
}

// One side of a cowround.  The first writer paints the even words with
// s.first and lets the other side go; the second checks that it still
// sees s.old, paints every word with s.second and lets the first go; then
// each checks that it sees its own writes and nothing of the other's.
static void
cowside(struct region *r, int first, struct link *c, struct seeds s, char *who)
{
  if(first){
    paintall(r, s.first, 0);
    tell(c->out);
    hear(c->in);
    lookall(r, s.first, s.old, who);
  } else {
    hear(c->in);
    lookall(r, s.old, s.old, who);
    paintall(r, s.second, 1);
    tell(c->out);
    lookall(r, s.second, s.second, who);
  }
}

static void
cowround(struct region *r, int parentfirst, struct seeds s)
{
  struct link c;
  int pid;

  if((pid = linkfork(&c)) == 0){
    cowside(r, !parentfirst, &c, s, "the child");
    exit(0);
  }
  cowside(r, parentfirst, &c, s, "the parent");
  reapok(pid, "the child");
  linkclose(&c);
}

// After fork, parent and child each see only their own writes, in every
// kind of private page: data, bss, heap and stack.  First the child
// writes first (it copies the pages, and the parent then takes them over),
// then the parent does.  The first writer changes only half the words, so
// its copies must bring the rest of each page along.
void
cowdata(void)
{
  uint stack[RWORDS];
  struct region r[] = {
    { "data", dataregion }, { "bss", bssregion },
    { "heap", morepages(2) }, { "stack", stack }, { 0, 0 },
  };
  struct seeds childfirst = { 1, 2, 3 }, parentfirst = { 3, 4, 5 };

  paintall(r, 1, 1);
  cowround(r, 0, childfirst);
  lookall(r, 3, 3, "the parent, after its child exited");
  cowround(r, 1, parentfirst);
  lookall(r, 4, 3, "the parent, after its second child exited");
}

extern char etext[];

// The sum of the words of the program's text and read-only data.  (From
// word 1: word 0 is at a null pointer, which the compiler may not read.)
static uint
textsum(void)
{
  uint *w, sum = 0;

  for(w = (uint *)4; w < (uint *)etext; w++)
    sum += *w;
  return sum;
}

// Fail unless text at code is unwritable for the caller: the kernel will
// not write into it (read, pipe) and a store kills.
static void
textunwritable(uint code, char *who)
{
  int fd[2];

  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "write to a pipe failed");
  expect(read(fd[0], (char *)code, 4) == -1,
         "%s: read() into the text at 0x%x worked", who, code);
  expect(pipe((int *)code) == -1, "%s: pipe() into the text worked", who);
  closepipe(fd);
  mustkill(code, 1, "to the text");
}

// The parent's side of cowtext: fork, then make a store to the text,
// which must kill this process.
static void
storeafterfork(uint code)
{
  int pid = xfork();

  if(pid == 0)
    exit(0);
  reapok(pid, "the child");
  textunwritable(code, "the parent after fork");
  storeto(code);
  fail("a store to the text at 0x%x did not kill the parent of a fork", code);
}

// Text stays shared and read-only after fork, in the child and the parent
// alike: the child reads all of it at no cost in pages and finds it
// as it was, a store kills, and the kernel will not write into it.
void
cowtext(void)
{
  uint sum = textsum(), code = (uint)cowtext;
  int parent = getpid(), pid, f, st;

  if((pid = xfork()) == 0){
    // The count is exact only once the parent sleeps in wait: until
    // then its own stores may copy pages it shares with the child.
    while(!asleep(parent))
      sleep(1);
    f = freepages();
    expect(textsum() == sum, "the child's text differs from its parent's");
    expect(freepages() == f, "reading the text cost the child %d pages, want 0",
           f - freepages());
    textunwritable(code, "the child");
    exit(0);
  }
  reapok(pid, "the child");
  st = inchild(storeafterfork, code);
  expect(st == KILLED, "the parent that stored to its text exited %d, want %d",
         st, KILLED);
  expect(textsum() == sum, "the text changed");
}

#define GENS 8   // generations of cowchain

// Page 0 is written by every generation, page g by generation g only.
static uint chain[GENS + 1][WORDS] PAGEALIGNED;

// Fail unless generation me sees the pages as generation view left them:
// page 0 with seed view, page j with seed j for j <= view, the others as
// the test began (seed 0).
static void
chainlook(int view, int me, char *when)
{
  int j, i;
  uint s;

  for(j = 0; j <= GENS; j++){
    s = j == 0 ? view : (j <= view ? j : 0);
    if((i = offpaint(chain[j], WORDS, s, s)) >= 0)
      fail("generation %d, %s: page %d word %d is 0x%x, want 0x%x", me, when,
           j, i, chain[j][i], word(s, &chain[j][i]));
  }
}

static void
chainwrite(int g)
{
  paint(chain[0], WORDS, g, 1);
  paint(chain[g], WORDS, g, 1);
  chainlook(g, g, "after writing");
}

// Generation g of cowchain: check what it inherited, write, fork the next
// generation and wait for it, and check that nothing of what the
// descendants wrote came up.
static void
chainstep(int g)
{
  int pid;

  chainlook(g - 1, g, "as inherited");
  chainwrite(g);
  if(g < GENS){
    if((pid = xfork()) == 0){
      chainstep(g + 1);
      exit(0);
    }
    reapok(pid, "a generation");
  }
  chainlook(g, g, "after its descendants exited");
}

static void
chainstart(void)
{
  int j;

  for(j = 0; j <= GENS; j++)
    paint(chain[j], WORDS, 0, 1);
}

// A chain of forks GENS generations deep, each writing and checking: a
// page may be shared by all of them at once, and each sees only the
// writes of itself and its ancestors.
void
cowchain(void)
{
  int pid;

  chainstart();
  if((pid = xfork()) == 0){
    chainstep(1);
    exit(0);
  }
  reapok(pid, "generation 1");
  chainlook(0, 0, "after the chain");
}

// The chain of coworphan, from generation 1: as chainstep, but each
// generation exits as soon as it has forked the next (which carries on
// in this loop); the last tells the test on out.
static void
orphanchain(int out)
{
  int g;

  for(g = 1; ; g++){
    chainlook(g - 1, g, "as inherited from a parent on its way out");
    chainwrite(g);
    if(g == GENS){
      tell(out);
      exit(0);
    }
    if(xfork() != 0){
      chainlook(g, g, "while its child writes");
      exit(0);
    }
  }
}

// Like cowchain, but each generation exits at once, so that pages are
// dropped by dying parents while their children share and write them.
void
coworphan(void)
{
  int fd[2], pid;
  char c;

  chainstart();
  mkpipe(fd);
  if((pid = xfork()) == 0){
    close(fd[0]);
    orphanchain(fd[1]);
  }
  close(fd[1]);
  reapok(pid, "generation 1");
  expect(read(fd[0], &c, 1) == 1,
         "the chain broke before generation %d (see console)", GENS);
  close(fd[0]);
  chainlook(0, 0, "after the chain");
}

#define HEAPPAGES 64   // pages of heap in cowexit

// How the child of cowexit ends after writing all it has: 0 exit,
// 1 killed by its own fault, 2 killed by its parent.
static char *howend[] = { "exits", "faults", "is killed" };

static void
exitchild(uint *heap, int how, struct link *c)
{
  ownmemory();
  paint(heap, HEAPPAGES * WORDS, 2, 1);
  if(how == 1)
    storeto((uint)sbrk(0));   // above the break
  tell(c->out);
  hear(c->in);
  exit(0);
}

// A child that writes every page it has (data, bss, stack, heap) and then
// exits, faults or is killed leaves the free-page count exactly where it
// was; the parent's pages keep their data and are its own again: writing
// them costs nothing.
void
cowexit(void)
{
  uint *heap = morepages(HEAPPAGES);
  struct link c;
  int f0, pid, how;

  paint(heap, HEAPPAGES * WORDS, 1, 1);
  f0 = freepages();
  for(how = 0; how < 3; how++){
    if((pid = linkfork(&c)) == 0)
      exitchild(heap, how, &c);
    if(how != 1)
      hear(c.in);
    if(how == 2)
      kill(pid);
    if(how == 0)
      tell(c.out);
    expect(reap(pid) == (how ? KILLED : 0), "the child that %s exited wrongly",
           howend[how]);
    linkclose(&c);
    expect(freepages() == f0, "after a child that wrote every page %s, %d pages "
           "free, want %d", howend[how], freepages(), f0);
  }
  look(heap, HEAPPAGES * WORDS, 1, 1, "the parent's heap");
  paint(heap, HEAPPAGES * WORDS, 3, 1);
  expect(freepages() == f0, "writing its own pages again cost the parent %d",
         f0 - freepages());
}

#define COSTPAGES 256   // pages the parent in forkcost has touched

static void
costchild(uint *heap, struct link *c)
{
  int k = COSTPAGES / 2, before;

  hear(c->in);
  before = freepages();
  paint(heap, k * WORDS, 2, 1);
  paint(heap, k * WORDS, 3, 1);   // a page written again costs no more
  expect(before - freepages() == k, "writing %d shared pages twice cost the "
         "child %d pages, want %d", k, before - freepages(), k);
  look(heap + k * WORDS, (COSTPAGES - k) * WORDS, 1, 1,
       "the child's pages it did not write");
  exit(0);
}

// fork copies no page: it costs a few pages (the child's directory, page
// tables and kernel stack), whatever the parent's size: fewer than a
// quarter of the parent's COSTPAGES touched pages.  Then each page the
// child writes costs exactly one page, once; and when the child is gone
// the parent has its pages back, to write at no cost.
void
forkcost(void)
{
  uint *heap = morepages(COSTPAGES);
  struct link c;
  int f0, f1, pid;

  paint(heap, COSTPAGES * WORDS, 1, 1);
  f0 = freepages();
  if((pid = linkfork(&c)) == 0)
    costchild(heap, &c);
  f1 = freepages();
  expect(f0 - f1 < COSTPAGES / 4, "fork of a process of %d touched pages cost "
         "%d pages, want fewer than %d", COSTPAGES, f0 - f1, COSTPAGES / 4);
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  expect(freepages() == f0, "after the child exited %d pages free, want %d",
         freepages(), f0);
  look(heap, COSTPAGES * WORDS, 1, 1, "the parent's pages");
  paint(heap, COSTPAGES * WORDS, 4, 1);
  expect(freepages() == f0, "the parent's writes after its child exited cost "
         "%d pages, want 0", f0 - freepages());
}
