// vmtests: the guest test suite for virtual memory (kernel/vm.c): the
// copy-on-write fork, the lazy sbrk and the stack that grows on demand.
//
//   vmtests            run every test
//   vmtests NAME...    run only the named tests, in that order
//
// Each test runs in a child of its own, which first makes its memory its
// own (ownmemory), and is judged by its exit status.  A process of a test
// that finds something wrong calls fail(): it sends one line, what was
// expected against what came, up the runner's pipe and exits FAILED, so
// the first line in the pipe is the deepest reason.  The runner prints
// `ok NAME` or `FAIL NAME: why`, has a watchdog kill a test that outlives
// its time limit, and after each test waits for free pages, process slots
// and zones to come back to where they were.  It ends with
// `N passed, M failed` and exits 0 only if nothing failed.
//
// Page counts are exact wherever the kernel makes them so; where a touch
// may also take a page table, the test says so.  No test asserts a time.
#include "user.h"
#include "kernel/memlayout.h"   // SHMBASE: the end of private memory

#define FAILED 1                // exit status after fail()
#define KILLED (-1)             // exit status of a process the kernel killed
#define NOMEM ((char *)-1)      // what sbrk and shmem return on failure
#define WORDS (PGSIZE / 4)      // words in a page
#define POLL 300                // ticks to wait for others to finish
#define PAGEALIGNED __attribute__((aligned(PGSIZE)))
#define ZPAGES 4                // pages of each zone a test makes
#define ZWORDS (ZPAGES * WORDS)

enum { Z_RW = 1, Z_RO = 2, Z_FORK = 3, Z_STALE = 4 };   // zone ids, one per test

static int whyfd = 2;           // where fail() writes: in a test, the pipe
static uint stacktop;           // the top of the user stack (main sets it)

// End this process as failed, saying why in one line (one write, so that
// lines from several processes do not mix).
#define fail(fmt, ...) do { \
    fprintf(whyfd, fmt "\n", ##__VA_ARGS__); \
    exit(FAILED); \
  } while(0)

#define expect(cond, fmt, ...) do { \
    if(!(cond)) \
      fail(fmt, ##__VA_ARGS__); \
  } while(0)

// ---------------------------------------------------------------------
// Helpers

static struct sysinfo
sys(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    fail("sysinfo failed");
  return s;
}

static int
freepages(void)
{
  return sys().freepages;
}

static int
xfork(void)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  return pid;
}

// Wait for child pid, which must be the next of the caller's children to
// end; its exit status.
static int
reap(int pid)
{
  int st = 12345, w = wait(&st);

  if(w != pid)
    fail("wait returned %d, expected child %d", w, pid);
  return st;
}

// Reap child pid and fail unless it exited 0 (a child that failed has
// sent its own reason first).
static void
reapok(int pid, char *who)
{
  int st = reap(pid);

  if(st != 0)
    fail("%s exited with status %d, want 0%s", who, st,
         st == KILLED ? " (killed: see console)" : "");
}

// Poll until n processes exist: others may still be on their way out.
static void
awaitnproc(int n)
{
  int i;

  for(i = 0; sys().nproc != n; i++){
    if(i == POLL)
      fail("%d processes after %d ticks, want %d", sys().nproc, POLL, n);
    sleep(1);
  }
}

static void
mkpipe(int fd[2])
{
  if(pipe(fd) < 0)
    fail("pipe failed");
}

static void
closepipe(int fd[2])
{
  close(fd[0]);
  close(fd[1]);
}

// Two pipes between a parent and one child.  linkfork() forks and each
// side keeps only its own ends, in and out, so that when one side dies
// the other reads end of file instead of waiting for ever.
struct link {
  int in, out;
  int up[2], down[2];   // child to parent, parent to child
};

static int
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

static void
linkclose(struct link *c)
{
  close(c->in);
  close(c->out);
}

// Let the other side, waiting in hear(), go on.
static void
tell(int fd)
{
  if(write(fd, "!", 1) != 1)
    fail("write to a pipe failed");
}

static void
hear(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("the other side of a pipe went away");
}

// Align the break to a page; the new break.
static char*
alignbreak(void)
{
  uint b = (uint)sbrk(0);

  if(sbrk(PGROUNDUP(b) - b) == NOMEM)
    fail("sbrk to align the break failed");
  return sbrk(0);
}

// n new pages at the break, untouched.
static uint*
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
static uint
word(uint seed, volatile uint *a)
{
  return (seed * 0x9E3779B1u) ^ ((uint)a * 0x85EBCA77u) ^ 0x5BD1E995u;
}

static int
oddword(volatile uint *a)
{
  return ((uint)a / 4) % 2;
}

// Paint the pattern of seed into the n words at p: all of them, or only
// those at even word addresses.
static void
paint(uint *p, int n, uint seed, int all)
{
  int i;

  for(i = 0; i < n; i++)
    if(all || !oddword(p + i))
      p[i] = word(seed, p + i);
}

// The first of the n words at p not painted with seed even (at even word
// addresses) and odd (at odd ones); -1 if there is none.
static int
offpaint(uint *p, int n, uint even, uint odd)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != word(oddword(p + i) ? odd : even, p + i))
      return i;
  return -1;
}

// Fail unless the n words at p are painted as offpaint says.
static void
look(uint *p, int n, uint even, uint odd, char *what)
{
  int i = offpaint(p, n, even, odd);

  if(i >= 0)
    fail("%s: word at %p is 0x%x, want 0x%x", what, p + i, p[i],
         word(oddword(p + i) ? odd : even, p + i));
}

// The first nonzero of the n words at p, or -1.
static int
nonzero(uint *p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != 0)
      return i;
  return -1;
}

static uint*
zcreate(int id)
{
  char *z = shmem(id, M_CREATE, ZPAGES);

  if(z == NOMEM)
    fail("shmem(%d, M_CREATE, %d) failed", id, ZPAGES);
  return (uint *)z;
}

static void
zdetach(uint *z)
{
  if(shmdt((char *)z) < 0)
    fail("shmdt(%p) failed", z);
}

static void
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
static int
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
static void
mustkill(uint a, int store, char *where)
{
  int st = inchild(store ? storeto : loadfrom, a);

  if(st != KILLED)
    fail("a %s %s at 0x%x: status %d, want %d (killed)",
         store ? "store" : "load", where, a, st, KILLED);
}

// ---------------------------------------------------------------------
// Copy-on-write fork

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
static void
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
static void
cowtext(void)
{
  uint sum = textsum(), code = (uint)cowtext;
  int pid, f, st;

  if((pid = xfork()) == 0){
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
static void
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
static void
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
static void
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
static void
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

// ---------------------------------------------------------------------
// The kernel writing into pages that fork shared

static uint kpage[2][WORDS] PAGEALIGNED;
static char kmsg[] = "what the kernel wrote for this process alone";

// System calls that write into user memory at dst and check that they
// did.  Each returns how many words it wrote (a last one perhaps in part).
static int
kread(uint *dst)
{
  int fd[2];

  mkpipe(fd);
  expect(write(fd[1], kmsg, sizeof(kmsg)) == sizeof(kmsg), "pipe write failed");
  expect(read(fd[0], dst, sizeof(kmsg)) == sizeof(kmsg),
         "read() into %p failed", dst);
  expect(memcmp(dst, kmsg, sizeof(kmsg)) == 0,
         "read() into %p: other bytes than were written", dst);
  closepipe(fd);
  return (sizeof(kmsg) + 3) / 4;
}

static int
kpipe(uint *dst)
{
  int *fd = (int *)dst;
  char c = 0;

  expect(pipe(fd) == 0, "pipe() into %p failed", dst);
  expect(write(fd[1], "p", 1) == 1 && read(fd[0], &c, 1) == 1 && c == 'p',
         "pipe() into %p stored %d and %d, not a pipe", dst, fd[0], fd[1]);
  closepipe(fd);
  return 2;
}

static int
kwait(uint *dst)
{
  int pid = xfork();

  if(pid == 0)
    exit(42);
  expect(wait((int *)dst) == pid, "wait() into %p did not return child %d",
         dst, pid);
  expect(*(int *)dst == 42, "wait() into %p stored %d, want 42", dst,
         *(int *)dst);
  return 1;
}

static int
kfstat(uint *dst)
{
  struct stat st, *sp = (struct stat *)dst;
  int fd = open("/vmtests", O_RDONLY);

  expect(fd >= 0, "cannot open /vmtests");
  expect(fstat(fd, &st) == 0 && fstat(fd, sp) == 0, "fstat into %p failed", dst);
  expect(sp->type == T_FILE && sp->ino == st.ino && sp->size == st.size &&
         sp->nlink == st.nlink && sp->dev == st.dev,
         "fstat into %p: type %d size %d, want %d and %d", dst, sp->type,
         sp->size, T_FILE, st.size);
  close(fd);
  return (sizeof(st) + 3) / 4;
}

// Have the kernel write into dst by call, after reading dst first (so a
// stale translation would show), and check that the rest of the page kept
// its data (seed 7).
static void
kside(int (*call)(uint *), uint *dst, char *who)
{
  int n;

  look(dst, WORDS, 7, 7, who);
  n = call(dst);
  look(dst + n, WORDS - n, 7, 7, "the rest of the page written by a system call");
}

// A system call's result stored into a page still shared after fork goes
// to the caller alone, as its own store would: the other side still sees
// the old bytes.  Both ways: the child writes into page 0 while the
// parent still shares it, the parent into page 1 while the child does,
// and the parent again into page 0 once the child is gone.
static void
kwrite(int (*call)(uint *))
{
  struct link c;
  int pid;

  paint(kpage[0], 2 * WORDS, 7, 1);
  if((pid = linkfork(&c)) == 0){
    kside(call, kpage[0], "the child, before its system call");
    tell(c.out);
    hear(c.in);
    look(kpage[1], WORDS, 7, 7, "the child, after the parent's system call");
    exit(0);
  }
  hear(c.in);
  look(kpage[0], WORDS, 7, 7, "the parent, after the child's system call");
  kside(call, kpage[1], "the parent, before its system call");
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  kside(call, kpage[0], "the parent, alone");
}

static void
cowread(void)
{
  kwrite(kread);
}

static void
cowpipe(void)
{
  kwrite(kpipe);
}

static void
cowwait(void)
{
  kwrite(kwait);
}

static void
cowfstat(void)
{
  kwrite(kfstat);
}

#define SPINS (1 << 28)   // cowstale: polls of a flag before giving up

static uint stale[WORDS] PAGEALIGNED;

// Poll *flag until it is v, with no system call; 0, or -1 after SPINS.
static int
spinfor(volatile int *flag, int v)
{
  int n;

  for(n = 0; *flag != v; n++)
    if(n == SPINS)
      return -1;
  return 0;
}

// The child of cowstale: in step with the parent through the zone word
// *flag, it writes the page the parent has just stopped sharing.
static void
stalechild(volatile int *flag)
{
  *flag = 1;                   // running, and so quick to answer
  if(spinfor(flag, 2) < 0)
    fail("the parent did not make its read() (see console)");
  paint(stale, WORDS, 2, 1);   // the old page: the child's alone now
  *flag = 3;
  exit(0);
}

// A system call that makes a shared page its caller's own (a read() at end
// of file still does) but writes nothing there must leave no translation
// of the old page behind: when the other side then writes the old page,
// the caller still sees its own copy.  The caller looks at the page
// before the call, so a translation is cached, and meets the child by
// polling a zone word, since switching processes would flush it.
static void
cowstale(void)
{
  volatile int *flag = (int *)zcreate(Z_STALE);
  int eof[2], pid;

  paint(stale, WORDS, 1, 1);
  mkpipe(eof);
  close(eof[1]);
  if((pid = xfork()) == 0)
    stalechild(flag);
  expect(spinfor(flag, 1) == 0, "the child did not start (see console)");
  look(stale, WORDS, 1, 1, "the parent's page before its read()");
  expect(read(eof[0], stale, PGSIZE) == 0, "read() at end of file returned "
         "other than 0");
  *flag = 2;
  expect(spinfor(flag, 3) == 0, "the child did not write (see console)");
  look(stale, WORDS, 1, 1, "the parent's own copy, once the child wrote the old "
       "page");
  reapok(pid, "the child");
  close(eof[0]);
  zdetach((uint *)flag);
}

// ---------------------------------------------------------------------
// Zones and fork

static void
zonechild(uint *z, struct link *c)
{
  int f;

  look(z, ZWORDS, 1, 1, "the child's view of the zone");
  f = freepages();
  paint(z, ZWORDS, 2, 1);
  expect(freepages() == f, "writing %d zone pages cost the child %d pages, "
         "want 0", ZPAGES, f - freepages());
  tell(c->out);
  hear(c->in);
  look(z, ZWORDS, 3, 3, "the parent's writes, seen by the child");
  kread(z);
  exit(0);
}

// A zone attached read-write stays shared after fork, both ways: no
// copy-on-write and no page copied, and the kernel's writes into it
// (read) reach the other side too.
static void
cowzone(void)
{
  uint *z = zcreate(Z_RW);
  struct link c;
  int pid;

  paint(z, ZWORDS, 1, 1);
  if((pid = linkfork(&c)) == 0)
    zonechild(z, &c);
  hear(c.in);
  look(z, ZWORDS, 2, 2, "the child's writes, seen by the parent");
  paint(z, ZWORDS, 3, 1);
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  expect(memcmp(z, kmsg, sizeof(kmsg)) == 0,
         "the child's read() into the zone did not reach the parent");
  zdetach(z);
}

// Fail unless the read-only zone r (holding seed 1) is unwritable: stores
// kill, and system calls refuse to write into it.
static void
rounwritable(uint *r)
{
  int fd[2], pid;

  look(r, ZWORDS, 1, 1, "a read-only zone after fork");
  mustkill((uint)r, 1, "to a read-only zone after fork");
  mustkill((uint)r + 2 * PGSIZE + 8, 1, "to page 2 of a read-only zone");
  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "pipe write failed");
  expect(read(fd[0], r, 4) == -1, "read() into a read-only zone worked");
  expect(pipe((int *)r) == -1, "pipe() into a read-only zone worked");
  expect(fstat(fd[0], (struct stat *)r) == -1, "fstat into a read-only zone worked");
  if((pid = xfork()) == 0)
    exit(3);
  expect(wait((int *)r) == -1, "wait() into a read-only zone worked");
  expect(reap(pid) == 3, "the child's status was lost");
  closepipe(fd);
  look(r, ZWORDS, 1, 1, "a read-only zone after refused writes");
}

// cowzonero's child: attach the zone read-only, fork, and in the new
// child check that the zone stays read-only and still shared.
static void
rochild(uint *z, struct link *c)
{
  uint *r;
  int pid;

  zdetach(z);
  r = (uint *)shmem(Z_RO, M_RDONLY, 0);
  expect(r != (uint *)NOMEM, "attaching zone %d read-only failed", Z_RO);
  if((pid = xfork()) == 0){
    rounwritable(r);
    tell(c->out);
    hear(c->in);
    look(r, ZWORDS, 2, 2, "the writer's new data, in a read-only zone after fork");
    exit(0);
  }
  reapok(pid, "the forked child of a read-only attachment");
  exit(0);
}

// A zone attached read-only stays read-only in a forked child (a store
// kills; read() and the like into it return -1), and still shows what
// its writer writes.
static void
cowzonero(void)
{
  uint *z = zcreate(Z_RO);
  struct link c;
  int pid;

  paint(z, ZWORDS, 1, 1);
  if((pid = linkfork(&c)) == 0)
    rochild(z, &c);
  hear(c.in);
  paint(z, ZWORDS, 2, 1);
  tell(c.out);
  reapok(pid, "the read-only side");
  linkclose(&c);
  zdetach(z);
}

// ---------------------------------------------------------------------
// Running short of memory: the balloon
//
// The balloon is a helper process that holds free memory, so that a test
// can run a child with exactly k pages free.  It takes pages by touching
// heap pages (a touch may take a page table as well) and the last few as
// pipes, one page each; it gives them back by closing pipes and shrinking
// its heap.  Asked for k, it replies with the free pages it then sees;
// asked for -1, it exits, and everything comes back.

#define SPARE 512       // pages free while a withfree child gets ready
#define NBPIPES 8       // pipes the balloon may hold

struct balloon {
  int pid;
  int cmd;     // to the balloon: the k wanted
  int reply;   // from it: the pages it left free
};

// In the balloon process: what it holds.
static struct {
  int npages;                // heap pages, from its first break up
  int pipes[NBPIPES];        // read ends of pipes whose write ends are closed
  int npipes;
} held;

static void
bgrow(int n)
{
  char *p = sbrk(n * PGSIZE);
  int i;

  if(p == NOMEM)
    fail("the balloon cannot grow by %d pages", n);
  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
  held.npages += n;
}

static void
bshrink(int n)
{
  if(n > held.npages)
    n = held.npages;
  sbrk(-n * PGSIZE);
  held.npages -= n;
}

static int
btakepipe(void)
{
  int fd[2];

  if(held.npipes == NBPIPES || pipe(fd) < 0)
    return -1;
  close(fd[1]);
  held.pipes[held.npipes++] = fd[0];
  return 0;
}

// Leave exactly k pages free if the balloon can; the pages then free.
static int
bleave(int k)
{
  int f;

  while((f = freepages()) != k){
    if(f > k + 1100)
      bgrow(1024);          // with at most two page tables
    else if(f > k + 2)
      bgrow(1);             // and perhaps a page table
    else if(f > k && btakepipe() == 0)
      continue;
    else if(f < k && held.npipes > 0)
      close(held.pipes[--held.npipes]);
    else if(f < k && held.npages > 0)
      bshrink(k - f);       // perhaps a page table more than asked
    else
      break;
  }
  return f;
}

static void
balloonmain(int cmd, int reply)
{
  int k, f;

  while(read(cmd, &k, sizeof(k)) == sizeof(k) && k >= 0){
    f = bleave(k);
    if(write(reply, &f, sizeof(f)) != sizeof(f))
      break;
  }
  exit(0);
}

static void
balloonstart(struct balloon *b)
{
  int cmd[2], reply[2];

  mkpipe(cmd);
  mkpipe(reply);
  if((b->pid = xfork()) == 0){
    close(cmd[1]);
    close(reply[0]);
    ownmemory();
    balloonmain(cmd[0], reply[1]);
  }
  close(cmd[0]);
  close(reply[1]);
  b->cmd = cmd[1];
  b->reply = reply[0];
  ownmemory();   // the caller's pages are its own again, while memory lasts
}

// Have the balloon leave exactly k pages free.
static void
hold(struct balloon *b, int k)
{
  int f = -1;

  if(write(b->cmd, &k, sizeof(k)) != sizeof(k) ||
     read(b->reply, &f, sizeof(f)) != sizeof(f))
    fail("the balloon died (see console)");
  if(f != k || freepages() != k)
    fail("the balloon cannot leave %d pages free: %d", k, f);
}

static void
balloonstop(struct balloon *b)
{
  int quit = -1;

  if(write(b->cmd, &quit, sizeof(quit)) != sizeof(quit))
    fail("the balloon died (see console)");
  close(b->cmd);
  close(b->reply);
  reapok(b->pid, "the balloon");
}

// A child run by withfree: prep() runs while memory is plentiful, main()
// with exactly k pages free; say() sends the test a byte (it needs no
// memory), which withfree hands back in said.
struct lowrun {
  void (*prep)(int k);
  void (*main)(int k);
  int status;
  char said;
};

static int sayfd = -1;   // in a withfree child: the pipe to the test

static void
say(char c)
{
  write(sayfd, &c, 1);
}

// Run r's child with exactly k pages free: both it and the caller make
// their pages their own first, so that neither needs memory for its own
// stores.  Waits for the child's descendants too.
static void
withfree(struct balloon *b, int k, struct lowrun *r)
{
  struct link c;
  int pid, n = sys().nproc;

  hold(b, SPARE);
  if((pid = linkfork(&c)) == 0){
    ownmemory();
    sayfd = c.out;
    if(r->prep)
      r->prep(k);
    tell(c.out);
    hear(c.in);
    r->main(k);
    exit(0);
  }
  ownmemory();
  hear(c.in);
  hold(b, k);
  tell(c.out);
  r->status = reap(pid);
  if(read(c.in, &r->said, 1) != 1)
    r->said = 0;
  linkclose(&c);
  awaitnproc(n);
}

#define OOMPAGES 16   // pages of the withfree child's own
#define FORKSURE 32   // pages free that surely suffice for a fork and its stores
enum { FORKED = 0, FORKFAILED = 20, CHILDOK = 21, BADDATA = 22 };

static uint *oomheap;   // in a withfree child: OOMPAGES (or more) of its own
static int *oomzone;    // forkoom: where wait() puts the child's status

static void
forkprep(int k)
{
  oomheap = morepages(OOMPAGES);
  paint(oomheap, OOMPAGES * WORDS, 1, 1);
  oomzone = (int *)shmem(Z_FORK, M_CREATE, 1);
  expect(oomzone != (int *)NOMEM, "shmem(%d, M_CREATE, 1) failed", Z_FORK);
}

// With k pages free, fork.  A fork that fails gives back every page and
// leaves the forker's pages its own: it writes all of them with no page
// to spare.  A fork that works may leave the two too few pages for their
// first stores, and either may be killed for it, but nobody sees wrong
// data; with FORKSURE pages free, both live.
static void
forkat(int k)
{
  int pid = fork();

  if(pid == 0)
    exit(offpaint(oomheap, OOMPAGES * WORDS, 1, 1) < 0 ? CHILDOK : BADDATA);
  if(pid < 0){
    say('f');
    expect(freepages() == k, "a fork that failed with %d pages free left %d",
           k, freepages());
    paint(oomheap, OOMPAGES * WORDS, 2, 1);
    look(oomheap, OOMPAGES * WORDS, 2, 2, "the forker's pages after a failed fork");
    exit(FORKFAILED);
  }
  expect(wait(oomzone) == pid, "wait for the child failed (%d pages free)", k);
  expect(*oomzone == CHILDOK || (*oomzone == KILLED && k < FORKSURE),
         "with %d pages free the forked child exited %d", k, *oomzone);
  look(oomheap, OOMPAGES * WORDS, 1, 1, "the forker's pages after its child");
  exit(FORKED);
}

// fork with memory nearly exhausted, with each number of free pages from
// none to FORKSURE: every fork fails cleanly or works, and nothing is
// corrupted or lost (the runner counts the pages after the test).
static void
forkoom(void)
{
  struct lowrun r = { forkprep, forkat };
  struct balloon b;
  int k, failed = 0, worked = 0;

  balloonstart(&b);
  for(k = 0; k <= FORKSURE; k++){
    withfree(&b, k, &r);
    if(r.status == FORKFAILED)
      failed++;
    else if(r.status == FORKED)
      worked++;
    else if(r.said == 'f')
      fail("with %d pages free, after a failed fork, the forker exited %d: "
           "its pages were still shared", k, r.status);
    else if(r.status != KILLED || k >= FORKSURE)
      fail("with %d pages free the forker exited %d", k, r.status);
  }
  balloonstop(&b);
  expect(failed > 0 && worked > 0, "of %d forks %d failed and %d worked; want "
         "both to happen", FORKSURE + 1, failed, worked);
}

static void
lastprep(int k)
{
  int pid;

  oomheap = morepages(OOMPAGES);
  paint(oomheap, OOMPAGES * WORDS, 1, 1);
  if((pid = xfork()) == 0)
    exit(0);
  reapok(pid, "the child");
}

static void
lastmain(int k)
{
  paint(oomheap, OOMPAGES * WORDS, 2, 1);
  look(oomheap, OOMPAGES * WORDS, 2, 2, "pages taken over");
  expect(freepages() == k, "taking over %d pages cost %d", OOMPAGES,
         k - freepages());
}

// A page that fork shared, once the other side has let go of it, is taken
// over by its writer without a copy: with no page free at all, the last
// holder can still write every page.
static void
cowlast(void)
{
  struct lowrun r = { lastprep, lastmain };
  struct balloon b;

  balloonstart(&b);
  withfree(&b, 0, &r);
  balloonstop(&b);
  expect(r.status == 0, "the last holder writing its pages with none free "
         "exited %d, want 0", r.status);
}

#define HOGPAGES 128   // cowoom: pages the child writes, with HOGFREE free
#define HOGFREE 64

static int hogfd[2];   // cowoom: a full pipe, for the child to wait on

static void
hogprep(int k)
{
  static char full[PIPESIZE];

  oomheap = morepages(HOGPAGES);
  paint(oomheap, HOGPAGES * WORDS, 1, 1);
  mkpipe(hogfd);
  expect(write(hogfd[1], full, PIPESIZE) == PIPESIZE, "cannot fill a pipe");
}

static void
hogmain(int k)
{
  int pid, st;
  char c;

  if((pid = xfork()) == 0){
    write(hogfd[1], "x", 1);   // waits until the parent reads
    paint(oomheap, HOGPAGES * WORDS, 2, 1);
    exit(0);
  }
  ownmemory();                 // copies, while there is memory
  expect(read(hogfd[0], &c, 1) == 1, "pipe read failed");
  st = reap(pid);
  expect(st == KILLED, "the child that wrote %d shared pages with %d free "
         "exited %d, want %d", HOGPAGES, k, st, KILLED);
  look(oomheap, HOGPAGES * WORDS, 1, 1, "the parent's pages after its child "
       "ran out of memory");
  expect(freepages() == k, "after the child died %d pages free, want %d",
         freepages(), k);
}

// A child writing more shared pages than memory holds is killed when
// memory runs out, and only it: its parent lives, with its data intact,
// and every page comes back.
static void
cowoom(void)
{
  struct lowrun r = { hogprep, hogmain };
  struct balloon b;

  balloonstart(&b);
  withfree(&b, HOGFREE, &r);
  balloonstop(&b);
  expect(r.status == 0, "the parent of the child that ran out of memory "
         "exited %d, want 0", r.status);
}

// ---------------------------------------------------------------------
// Lazy sbrk

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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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

// ---------------------------------------------------------------------
// The stack

#define FRAMEWORDS 250        // the data of one frame of deep() or bottomless()
#define DEEP (512 * 1024)     // stackgrow: how deep the recursion goes
#define REPORT (32 * 1024)    // bottomless() reports its depth every REPORT

static uint deepest;          // the lowest frame deep() reached
static uint reported;         // bottomless(): the last depth / REPORT sent

// Recurse through depth frames, each holding a pattern of its own depth,
// and check them all on the way back.  Returns the free pages at the
// deepest point.
static int
deep(int depth)
{
  volatile uint frame[FRAMEWORDS];
  int i, f;

  for(i = 0; i < FRAMEWORDS; i++)
    frame[i] = word(depth, &frame[i]);
  if(depth > 1){
    f = deep(depth - 1);
  } else {
    deepest = (uint)frame;
    f = freepages();
  }
  for(i = 0; i < FRAMEWORDS; i++)
    if(frame[i] != word(depth, &frame[i]))
      fail("the stack frame at depth %d changed: word %d is 0x%x", depth, i,
           frame[i]);
  return f;
}

static void
growchild(uint unused)
{
  int f0 = freepages(), cost, grown;

  cost = f0 - deep(DEEP / (FRAMEWORDS * 4));
  grown = (stacktop - deepest) / PGSIZE;
  expect(grown >= DEEP / PGSIZE, "the recursion reached only %d KiB", grown * 4);
  expect(cost >= grown - 16 && cost <= grown + 2, "a stack of %d pages cost %d "
         "pages, want about as many", grown, cost);
}

// The stack grows on demand far past its first page: 512 KiB of recursion
// costs about a page per page of stack, keeps its data, and every page
// comes back at exit.
static void
stackgrow(void)
{
  int f0 = freepages(), st = inchild(growchild, 0);

  expect(st == 0, "the child that recursed %d KiB deep exited %d", DEEP / 1024, st);
  expect(freepages() == f0, "after the deep stack's exit %d pages free, want %d",
         freepages(), f0);
}

// Recurse for ever (as far as the compiler knows, only very deep),
// sending the depth down fd every REPORT bytes.
static void
bottomless(int fd)
{
  volatile uint frame[FRAMEWORDS];
  uint depth = stacktop - (uint)frame;

  frame[0] = depth;
  if(depth / REPORT != reported){
    reported = depth / REPORT;
    write(fd, &depth, sizeof(depth));
  }
  if(depth < 4 * USTACKMAX)
    bottomless(fd);
  frame[1] = frame[0];   // so the call above is not a jump
}

// A stack that overflows USTACKMAX is killed at its limit, after using
// nearly all of it, and its pages come back.
static void
stackoverflow(void)
{
  int fd[2], pid, st, f0 = freepages();
  uint d, maxd = 0;

  mkpipe(fd);
  if((pid = xfork()) == 0){
    close(fd[0]);
    bottomless(fd[1]);
    fail("the stack grew to %d bytes and nothing stopped it", 4 * USTACKMAX);
  }
  close(fd[1]);
  while(read(fd[0], &d, sizeof(d)) == sizeof(d))
    if(d > maxd)
      maxd = d;
  close(fd[0]);
  st = reap(pid);
  expect(st == KILLED, "the overflowing stack ended with status %d, want %d",
         st, KILLED);
  expect(maxd < USTACKMAX, "the stack reached %d bytes, past USTACKMAX (%d)",
         maxd, USTACKMAX);
  expect(maxd >= USTACKMAX - 2 * REPORT, "the stack was stopped at %d bytes, "
         "want nearly USTACKMAX (%d)", maxd, USTACKMAX);
  expect(freepages() == f0, "after the overflow %d pages free, want %d",
         freepages(), f0);
}

static void
lowestthenbelow(uint bot)
{
  storeto(bot);
  storeto(bot - 1);
}

// Between the program and the stack's limit lies a gap of USTACKGAP bytes
// that nothing maps: no touch there, before or after the stack reaches its
// lowest page, and no system call may use it.
static void
stackgap(void)
{
  extern char end[];
  uint bot = stacktop - USTACKMAX, gap = bot - USTACKGAP;
  int fd[2], st;

  expect(gap == PGROUNDUP((uint)end), "the gap starts at 0x%x, want the end "
         "of the program, 0x%x", gap, PGROUNDUP((uint)end));
  mustkill(bot - 1, 1, "just below the stack's limit");
  mustkill(bot - 1, 0, "just below the stack's limit");
  mustkill(gap, 1, "at the bottom of the stack gap");
  mustkill(gap + USTACKGAP / 2, 0, "in the middle of the stack gap");
  st = inchild(storeto, bot);
  expect(st == 0, "a store to the stack's lowest page at 0x%x: status %d, "
         "want 0", bot, st);
  st = inchild(lowestthenbelow, bot);
  expect(st == KILLED, "a store below a stack grown to its limit: status %d, "
         "want %d", st, KILLED);
  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "pipe write failed");
  expect(read(fd[0], (char *)bot - 4, 4) == -1, "read() into the stack gap worked");
  expect(read(fd[0], (char *)bot - 2, 4) == -1, "read() across the stack's "
         "limit worked");
  expect(write(fd[1], (char *)gap, 4) == -1, "write() from the stack gap worked");
  closepipe(fd);
}

// ---------------------------------------------------------------------
// Several CPUs

#define MPWORKERS 6
#define MPROUNDS 6
#define MPPAGES 32

// mpcow: the seed worker w (child 0) or its child (1) writes in round r,
// and whether it writes page i.
static uint
mpseed(int w, int r, int child)
{
  return 1000 * (w + 1) + 2 * r + child + 2;
}

static int
mpwrites(int i, int r, int child)
{
  return child ? (i + r) % 2 == 0 : (i + r) % 3 == 0;
}

// Write the pages of round r that this side writes; then check all, each
// page against the seed in view.
static void
mpround(uint *p, uint *view, int w, int r, int child)
{
  int i, j;

  for(i = 0; i < MPPAGES; i++){
    if(mpwrites(i, r, child)){
      view[i] = mpseed(w, r, child);
      paint(p + i * WORDS, WORDS, view[i], 1);
    }
  }
  for(i = 0; i < MPPAGES; i++)
    if((j = offpaint(p + i * WORDS, WORDS, view[i], view[i])) >= 0)
      fail("worker %d%s, round %d: page %d word %d is 0x%x, want seed %d", w,
           child ? "'s child" : "", r, i, j, p[i * WORDS + j], view[i]);
}

static void
mpworker(uint *p, int w)
{
  uint view[MPPAGES];
  int i, r, pid;

  for(i = 0; i < MPPAGES; i++)
    view[i] = 1;
  for(r = 0; r < MPROUNDS; r++){
    if((pid = xfork()) == 0){
      mpround(p, view, w, r, 1);
      exit(0);
    }
    mpround(p, view, w, r, 0);
    reapok(pid, "a worker's child");
  }
  exit(0);
}

// Several processes on several CPUs fork and write pages that start
// shared by all of them, at once: each sees only its own and its
// ancestors' writes, and the free-page count ends exact (the reference
// counts are changed on several CPUs at once).
static void
mpcow(void)
{
  uint *p = morepages(MPPAGES);
  int w, f0, st, bad = 0;

  paint(p, MPPAGES * WORDS, 1, 1);
  f0 = freepages();
  for(w = 0; w < MPWORKERS; w++)
    if(xfork() == 0)
      mpworker(p, w);
  for(w = 0; w < MPWORKERS; w++)
    if(wait(&st) < 0 || st != 0)
      bad++;
  expect(bad == 0, "%d of %d workers failed", bad, MPWORKERS);
  look(p, MPPAGES * WORDS, 1, 1, "the parent's pages after the workers");
  expect(freepages() == f0, "after the workers %d pages free, want %d",
         freepages(), f0);
}

// ---------------------------------------------------------------------
// The runner
//
// Each test, and each watchdog, runs as a new program: the runner forks
// and the child at once execs vmtests again (-run NAME, -watchdog).  So
// the runner shares no memory with the processes that test the kernel,
// and a kernel whose copy-on-write is broken cannot change the runner's
// memory under it: the report stays true.

struct test {
  char *name;
  void (*fn)(void);
  int seconds;   // the watchdog kills the test after this long
};

static struct test tests[] = {
  { "cowdata",       cowdata,       30 },
  { "cowtext",       cowtext,       30 },
  { "cowchain",      cowchain,      30 },
  { "coworphan",     coworphan,     30 },
  { "cowexit",       cowexit,       30 },
  { "forkcost",      forkcost,      30 },
  { "cowread",       cowread,       30 },
  { "cowpipe",       cowpipe,       30 },
  { "cowwait",       cowwait,       30 },
  { "cowfstat",      cowfstat,      30 },
  { "cowstale",      cowstale,      30 },
  { "cowzone",       cowzone,       30 },
  { "cowzonero",     cowzonero,     30 },
  { "cowlast",       cowlast,       90 },
  { "cowoom",        cowoom,        90 },
  { "forkoom",       forkoom,       180 },
  { "sbrklazy",      sbrklazy,      30 },
  { "sbrksyscall",   sbrksyscall,   30 },
  { "sbrkfork",      sbrkfork,      30 },
  { "sbrkabove",     sbrkabove,     30 },
  { "sbrkmax",       sbrkmax,       30 },
  { "sbrkoom",       sbrkoom,       90 },
  { "stackgrow",     stackgrow,     30 },
  { "stackoverflow", stackoverflow, 30 },
  { "stackgap",      stackgap,      30 },
  { "mpcow",         mpcow,         120 },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

enum { DOGBARKED = 2, TIMEDOUT = 1000, NOEXEC = 127 };

static char *self = "/vmtests";

// Poll until free pages, zones and processes are as in s; 0 if they
// come back, else -1 with t the last look.
static int
settle(struct sysinfo *s, struct sysinfo *t)
{
  int i;

  for(i = 0; i < POLL; i++){
    *t = sys();
    if(t->freepages == s->freepages && t->nzones == s->nzones &&
       t->nproc == s->nproc)
      return 0;
    sleep(1);
  }
  return -1;
}

// The decimal digits of n >= 0, in buf (12 bytes).
static char*
itoa(int n, char *buf)
{
  char *s = buf + 11;

  *s = 0;
  do {
    *--s = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  return s;
}

// Run this program again, with argv, in a new child; its pid, or -1.
static int
spawn(char **argv)
{
  int pid = fork();

  if(pid == 0){
    exec(self, argv);
    exit(NOEXEC);
  }
  return pid;
}

// Close every descriptor from 3 up but a and b: a new process's first
// step, so that it holds no pipe end that is not its own.
static void
closeallbut(int a, int b)
{
  int fd;

  for(fd = 3; fd < NOFILE; fd++)
    if(fd != a && fd != b)
      close(fd);
}

// `vmtests -run NAME WFD GATE`: the test's own process.  It waits until
// its watchdog has opened the gate, so that the watchdog's memory is in
// place before the test counts pages; fail() writes to WFD, the write
// end of the runner's pipe.
static int
runone(struct test *t, int wfd, int gate)
{
  char c;

  closeallbut(wfd, gate);
  read(gate, &c, 1);
  close(gate);
  whyfd = wfd;
  ownmemory();   // its page counts are its own
  t->fn();
  return 0;
}

// `vmtests -watchdog PID TICKS GATE`: open the gate for the test pid, and
// kill it after ticks; DOGBARKED if it had to.
static int
watchdog(int pid, int ticks, int gate)
{
  closeallbut(gate, gate);
  ownmemory();   // the stack it will use, before the test counts pages
  write(gate, "!", 1);
  close(gate);
  if(sleep(ticks) == 0 && kill(pid) == 0)
    return DOGBARKED;
  return 0;
}

// Start t's process, with wfd for its reasons, and then its watchdog.
// Returns the test's pid, or -1 if it could not start; *dog is the
// watchdog's pid, or -1.
static int
start(struct test *t, int wfd, int *dog)
{
  static char num[5][12];
  char *run[] = { self, "-run", t->name, itoa(wfd, num[0]), 0, 0 };
  char *wd[] = { self, "-watchdog", 0, itoa(t->seconds * 100, num[1]), 0, 0 };
  int gate[2], pid;

  *dog = -1;
  if(pipe(gate) < 0)
    return -1;
  run[4] = itoa(gate[0], num[2]);
  if((pid = spawn(run)) >= 0){
    wd[2] = itoa(pid, num[3]);
    wd[4] = itoa(gate[1], num[4]);
    *dog = spawn(wd);
  }
  closepipe(gate);
  return pid;
}

// Wait for the test pid and its watchdog; the test's status, or TIMEDOUT
// if the watchdog had to kill it.
static int
finish(int pid, int dog)
{
  int w, st, status = 0, barked = 0, left = dog > 0 ? 2 : 1;

  while(left > 0 && (w = wait(&st)) >= 0){
    if(w == pid){
      status = st;
      if(dog > 0)
        kill(dog);
    } else if(w == dog){
      barked = st == DOGBARKED;
      dog = -1;
    }
    left--;
  }
  return barked && status != 0 ? TIMEDOUT : status;
}

// The first line that a failed test sent up fd.  Only for a test that
// exited FAILED: it has written a whole line, so this does not block.
static void
readwhy(int fd, char *why, int max)
{
  int n = 0;

  while(n < max - 1 && read(fd, why + n, 1) == 1 && why[n] != '\n')
    n++;
  why[n] = 0;
}

static void
report(struct test *t, int status, char *why)
{
  if(status == TIMEDOUT)
    printf("FAIL %s: timed out after %d s\n", t->name, t->seconds);
  else if(status == FAILED)
    printf("FAIL %s: %s\n", t->name, why);
  else if(status == KILLED)
    printf("FAIL %s: killed (see console)\n", t->name);
  else
    printf("FAIL %s: exited with status %d\n", t->name, status);
}

// Run t and its watchdog, and print its line.  Returns 1 if it passed.
static int
runtest(struct test *t)
{
  static char why[200];
  struct sysinfo s = sys(), after;
  int p[2], pid, dog, status;

  if(pipe(p) < 0){
    printf("FAIL %s: pipe failed\n", t->name);
    return 0;
  }
  if((pid = start(t, p[1], &dog)) < 0){
    closepipe(p);
    printf("FAIL %s: cannot start it\n", t->name);
    return 0;
  }
  status = finish(pid, dog);
  if(status == FAILED)
    readwhy(p[0], why, sizeof(why));
  closepipe(p);
  if(settle(&s, &after) < 0 && status == 0){
    printf("FAIL %s: lost %d pages, left %d zones and %d processes\n", t->name,
           s.freepages - after.freepages, after.nzones - s.nzones,
           after.nproc - s.nproc);
    return 0;
  }
  if(status != 0){
    report(t, status, why);
    return 0;
  }
  printf("ok %s\n", t->name);
  return 1;
}

static struct test*
findtest(char *name)
{
  int i;

  for(i = 0; i < NTESTS; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return 0;
}

int
main(int argc, char *argv[])
{
  struct sysinfo s, t;
  int i, n = argc > 1 ? argc - 1 : NTESTS, passed = 0, failed = 0;

  stacktop = (uint)sbrk(0);   // exec puts the heap right above the stack
  if(argc == 5 && strcmp(argv[1], "-run") == 0 && findtest(argv[2]))
    return runone(findtest(argv[2]), atoi(argv[3]), atoi(argv[4]));
  if(argc == 5 && strcmp(argv[1], "-watchdog") == 0)
    return watchdog(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
  ownmemory();
  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      fprintf(2, "vmtests: no test named %s\n", argv[i]);
      return 1;
    }
  }
  s = sys();
  for(i = 0; i < n; i++){
    if(runtest(argc > 1 ? findtest(argv[i + 1]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(settle(&s, &t) < 0){
    printf("FAIL leak: %d pages lost, %d zones and %d processes left\n",
           s.freepages - t.freepages, t.nzones - s.nzones, t.nproc - s.nproc);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
