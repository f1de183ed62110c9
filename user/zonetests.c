// zonetests: the guest test suite for shared-memory zones (shmem, shmdt,
// shminfo, sysinfo; see docs/zones.md).
//
//   zonetests            run every test
//   zonetests NAME...    run only the named tests, in that order
//
// Each test runs in a child process of its own and is judged by its exit
// status.  A failing test sends its reason to the parent through a pipe
// (fail()); the parent prints `ok NAME` or `FAIL NAME: why`.  A watchdog
// process kills a test that runs past its time limit.  After each test
// the parent checks that free pages, zones and processes are back where
// they were before it; after the last it checks the whole run the same
// way (`FAIL leak: N pages lost`) and prints `N passed, M failed`.  The
// exit status is 0 iff nothing failed.
//
// Hooks, not tests: `zonetests --child-exec-probe ...` is the program the
// exec tests exec into (see probe()); `zonetests --hold ID` holds a zone
// for the host's ^P test (see hold()).  main() looks for them first.
#include "user.h"
#include "kernel/memlayout.h"   // SHMBASE, KERNBASE: the zone area

#define FAILED ((char *)-1)    // what shmem returns on failure
#define POLL 500               // ticks (5 s) to wait for another process
#define MAGIC 0x5EC0DE01u

// Zone ids: each test has its own, and destroys its zones before it ends.
// The tests that fill every attachment slot (limits, lastslot, forkgap)
// share ID_LIMIT's block: there are not ids enough to give each its own.
enum {
  ID_BAD = 1, ID_ROUND = 3, ID_ZERO = 4, ID_ZERO2 = 5,
  ID_PLACE = 6,                 // 6..11
  ID_FORK = 12, ID_FORKRO = 13, ID_RO = 14, ID_RO2 = 15,
  ID_EXEC = 16, ID_EXEC2 = 17, ID_EXIT = 18, ID_EXIT2 = 19,
  ID_WAIT = 20,                 // 20..22
  ID_WAITKILL = 23, ID_SBRK = 24, ID_FORKFAIL = 25, ID_TLB = 26,
  ID_CREATING = 27,
  ID_OOM = 30,                  // 30..32
  ID_LEAK = 33,                 // 33..38
  ID_CRACE = 39, ID_ARACE = 40, ID_CHURN = 41, ID_VISIBLE = 42,
  ID_TOOL = 43,                 // 43..44
  ID_LIMIT = 45,                // 45..45+NPROCZONE
  ID_BIG = ID_LIMIT + NPROCZONE + 1,
};
_Static_assert(ID_BIG < MAXSHM, "zonetests needs more zone ids");

static char *self = "/zonetests";   // for exec
static char *curtest = "";          // name of the running test
static int testpid;                 // the running test's own process
static int whyfd = -1;              // in testpid: where fail() writes

// End this process with status 1, saying why.  In the test's own process
// the reason goes to the parent, which prints it in the FAIL line; a
// helper process prints it on fd 2 and is judged by its parent through
// its exit status.
#define fail(...) do { \
    int fd_ = getpid() == testpid ? whyfd : 2; \
    if(fd_ == 2) \
      fprintf(2, "zonetests: %s: pid %d: ", curtest, getpid()); \
    fprintf(fd_, __VA_ARGS__); \
    fprintf(fd_, "\n"); \
    exit(1); \
  } while(0)

#define check(cond, ...) do { if(!(cond)) fail(__VA_ARGS__); } while(0)

// ---------------------------------------------------------------------
// Helpers

// References to zone id, or -1 if it does not exist.
static int
nref(int id)
{
  struct shminfo si;

  if(shminfo(id, &si) < 0)
    return -1;
  return si.nref;
}

// Size of zone id in pages, or -1 if it does not exist.
static int
zsize(int id)
{
  struct shminfo si;

  if(shminfo(id, &si) < 0)
    return -1;
  return si.npages;
}

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

static char*
create(int id, int n)
{
  char *a = shmem(id, M_CREATE, n);

  if(a == FAILED)
    fail("shmem(%d, M_CREATE, %d) failed", id, n);
  return a;
}

static char*
attach(int id, int flags, int n)
{
  char *a = shmem(id, flags, n);

  if(a == FAILED)
    fail("shmem(%d, 0x%x, %d) failed", id, flags, n);
  return a;
}

static void
detach(char *a)
{
  if(shmdt(a) < 0)
    fail("shmdt(0x%x) failed", (uint)a);
}

static int
xfork(void)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  return pid;
}

// Wait for child pid (reaping any other child on the way); its status.
static int
waitfor(int pid)
{
  int w, st;

  while((w = wait(&st)) != pid)
    if(w < 0)
      fail("wait: child %d lost", pid);
  return st;
}

// Wait for n children; how many of them exited with a status other than 0.
static int
waitall(int n)
{
  int st, bad = 0;

  while(n-- > 0){
    if(wait(&st) < 0)
      fail("wait: a child is missing");
    if(st != 0)
      bad++;
  }
  return bad;
}

static void
expectnref(int id, int want, char *when)
{
  int n = nref(id);

  if(n != want)
    fail("%s: zone %d has nref %d, expected %d", when, id, n, want);
}

// Poll until zone id has want references (-1: until it is gone): the
// change is made by another process, not in step with us.
static void
awaitnref(int id, int want, char *when)
{
  int i, n;

  for(i = 0; (n = nref(id)) != want; i++){
    if(i >= POLL)
      fail("%s: zone %d has nref %d after %d ticks, expected %d",
           when, id, n, POLL, want);
    sleep(1);
  }
}

// Word i of the pattern with this seed; fill() writes it, badword() checks.
static uint
word(uint seed, int i)
{
  return (seed * 0x10001u + i) * 2654435761u + 1;
}

static void
fill(char *a, int npages, uint seed)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    w[i] = word(seed, i);
}

// Index of the first word of npages at a that fill() did not leave
// there, or -1.
static int
badword(char *a, int npages, uint seed)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    if(w[i] != word(seed, i))
      return i;
  return -1;
}

// Index of the first non-zero word of npages at a, or -1.
static int
nonzero(char *a, int npages)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    if(w[i] != 0)
      return i;
  return -1;
}

static void
mkpipe(int fd[2])
{
  if(pipe(fd) < 0)
    fail("pipe failed");
}

static void
send(int fd, char c)
{
  if(write(fd, &c, 1) != 1)
    fail("pipe write failed");
}

static char
recv(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("pipe read failed: the other side died (see console)");
  return c;
}

static void
closepipe(int fd[2])
{
  close(fd[0]);
  close(fd[1]);
}

// Exit status of a child that writes (or reads) byte *a: -1 if the
// access killed it, 0 if not.
static int
access1(char *a, int wr)
{
  int pid = xfork();

  if(pid == 0){
    if(wr)
      *(volatile char *)a = 0x77;
    else
      (void)*(volatile char *)a;
    exit(0);
  }
  return waitfor(pid);
}

// shmem(id, flags, n) must fail and change nothing: no page, zone or
// reference may come or go.  Only where no other process of the test
// runs.
static void
refused(int id, int flags, int n)
{
  struct sysinfo b, a;
  int r = nref(id), r2;
  char *p;

  b = sys();
  p = shmem(id, flags, n);
  a = sys();
  r2 = nref(id);
  check(p == FAILED, "shmem(%d, 0x%x, %d) succeeded, expected -1", id, flags, n);
  check(a.freepages == b.freepages && a.nzones == b.nzones && r2 == r,
        "failed shmem(%d, 0x%x, %d) changed free pages %d->%d, zones %d->%d, "
        "nref %d->%d", id, flags, n, b.freepages, a.freepages, b.nzones,
        a.nzones, r, r2);
}

static char*
itoa(int n, char *buf)
{
  char tmp[12];
  int i = 0, j = 0;
  uint u = n < 0 ? -(uint)n : (uint)n;

  do {
    tmp[i++] = '0' + u % 10;
    u /= 10;
  } while(u);
  if(n < 0)
    buf[j++] = '-';
  while(i > 0)
    buf[j++] = tmp[--i];
  buf[j] = 0;
  return buf;
}

// A busy loop for a child that is to be killed while in user mode.
static void
spin(void)
{
  volatile int i = 0;

  for(;;)
    i++;
}

// ---------------------------------------------------------------------
// The exec hook (not a test).
//
// `zonetests --child-exec-probe ID NREF WFD RFD` checks what a freshly
// exec'd image must see: nothing mapped at SHMBASE, and zone ID with NREF
// references (NREF -1: zone ID must not exist; -2: no check).  With WFD
// >= 0 it reports 'k' (or 'f', with the reason on fd 2) on WFD and waits
// for a byte on RFD before it exits, so that the parent can look at the
// counts while it still lives.  Its exit status is 0 iff the checks held.
static int
probe(int argc, char *argv[])
{
  int id, want, wfd, rfd, n, ok = 1;
  char c;

  if(argc != 6){
    fprintf(2, "zonetests: probe: bad arguments\n");
    return 2;
  }
  id = atoi(argv[2]);
  want = atoi(argv[3]);
  wfd = atoi(argv[4]);
  rfd = atoi(argv[5]);
  if(sysinfo((struct sysinfo *)SHMBASE) != -1){
    fprintf(2, "zonetests: probe: memory at SHMBASE after exec\n");
    ok = 0;
  }
  if(want != -2 && (n = nref(id)) != want){
    fprintf(2, "zonetests: probe: zone %d has nref %d after exec, "
            "expected %d\n", id, n, want);
    ok = 0;
  }
  if(wfd >= 0){
    c = ok ? 'k' : 'f';
    write(wfd, &c, 1);
    read(rfd, &c, 1);
  }
  return ok ? 0 : 1;
}

// Argument strings for exec'ing probe, in bufs (6 x 12 bytes); argv gets
// 7 entries.
static void
probeargv(char **argv, char *bufs, int id, int want, int wfd, int rfd)
{
  argv[0] = "zonetests";
  argv[1] = "--child-exec-probe";
  argv[2] = itoa(id, bufs);
  argv[3] = itoa(want, bufs + 12);
  argv[4] = itoa(wfd, bufs + 24);
  argv[5] = itoa(rfd, bufs + 36);
  argv[6] = 0;
}

// ---------------------------------------------------------------------
// Argument checking: every way shmem, shmdt and shminfo can be refused.

static void
t_badargs(void)
{
  static int badflags[] = { 0x8, 0x10, 0x100, 0x80000000, M_CREATE | 0x8,
                            M_WAIT | 0x40 };
  static int badsizes[] = { 0, -1, SHMPAGE + 1, 0x7FFFFFFF, 0x80000000 };
  char *bad[9];
  struct shminfo si;
  char *a;
  int i, pid;

  refused(-1, M_CREATE, 1);
  refused(MAXSHM, M_CREATE, 1);
  refused(0x40000000, M_CREATE, 1);
  refused(-1, 0, 0);
  refused(MAXSHM, M_WAIT, 0);          // must fail, not sleep
  for(i = 0; i < sizeof(badflags) / sizeof(badflags[0]); i++)
    refused(ID_BAD, badflags[i], 1);
  refused(ID_BAD, M_CREATE | M_WAIT, 1);
  refused(ID_BAD, M_CREATE | M_WAIT | M_RDONLY, 1);
  for(i = 0; i < sizeof(badsizes) / sizeof(badsizes[0]); i++)
    refused(ID_BAD, M_CREATE, badsizes[i]);
  refused(ID_BAD, 0, 0);               // no such zone, no M_WAIT
  refused(ID_BAD, 0, 1);
  refused(ID_BAD, M_RDONLY, 0);
  check(shminfo(ID_BAD, &si) == -1, "shminfo of a zone never created succeeded");
  check(shminfo(-1, &si) == -1 && shminfo(MAXSHM, &si) == -1,
        "shminfo of an id out of range succeeded");

  a = create(ID_BAD, 2);
  check(zsize(ID_BAD) == 2 && nref(ID_BAD) == 1,
        "new zone: shminfo says %d pages, nref %d", zsize(ID_BAD), nref(ID_BAD));
  refused(ID_BAD, M_CREATE, 2);        // exists
  refused(ID_BAD, M_CREATE, 1);
  refused(ID_BAD, M_CREATE | M_RDONLY, 2);
  refused(ID_BAD, 0, 0);               // already attached
  refused(ID_BAD, 0, 2);
  refused(ID_BAD, M_RDONLY, 0);
  refused(ID_BAD, M_WAIT, 0);          // attached: fail at once, not sleep
  refused(ID_BAD, 0, 3);

  // A process without the zone: only a size of 0 or 2 is accepted.
  pid = xfork();
  if(pid == 0){
    detach(a);
    refused(ID_BAD, 0, 1);
    refused(ID_BAD, 0, 3);
    refused(ID_BAD, 0, -1);
    refused(ID_BAD, 0, SHMPAGE + 1);
    refused(ID_BAD, M_RDONLY, 1);
    refused(ID_BAD, M_WAIT, 3);        // exists, wrong size: fail at once
    for(i = 0; i < sizeof(badflags) / sizeof(badflags[0]); i++)
      if(!(badflags[i] & M_CREATE))
        refused(ID_BAD, badflags[i], 0); // would attach but for the flag
    check(attach(ID_BAD, 0, 2) == a, "re-attach not at the lowest free address");
    exit(0);
  }
  check(waitfor(pid) == 0, "a child checking sizes failed (see console)");
  expectnref(ID_BAD, 1, "after the child's exit");

  // shmdt takes only the start of an attached zone.
  bad[0] = 0;
  bad[1] = a + 1;
  bad[2] = a + PGSIZE;
  bad[3] = a + 2 * PGSIZE;
  bad[4] = a - PGSIZE;
  bad[5] = (char *)KERNBASE;
  bad[6] = (char *)0xFFFFF000;
  bad[7] = (char *)&si;
  bad[8] = (char *)-1;
  for(i = 0; i < 9; i++)
    check(shmdt(bad[i]) == -1, "shmdt(0x%x) succeeded; zone at 0x%x",
          (uint)bad[i], (uint)a);
  expectnref(ID_BAD, 1, "after refused shmdt calls");
  a[0] = 1;                            // still mapped
  check(shminfo(ID_BAD, (struct shminfo *)KERNBASE) == -1,
        "shminfo wrote to a kernel address");
  check(shminfo(ID_BAD, (struct shminfo *)(SHMBASE - PGSIZE)) == -1,
        "shminfo wrote to unmapped memory");
  check(sysinfo((struct sysinfo *)KERNBASE) == -1,
        "sysinfo wrote to a kernel address");
  detach(a);
  check(shmdt(a) == -1, "second shmdt of the same address succeeded");
  check(shminfo(ID_BAD, &si) == -1, "zone exists after its last shmdt");
}

// The per-process limits: NPROCZONE attachments, SHMPAGE pages.  (The
// other limit, no room left in the zone area, cannot be reached: NPROCZONE
// zones of SHMPAGE pages fill only half of it.)
static void
t_limits(void)
{
  char *a[NPROCZONE], *b, *big;
  int i, pid, p[2], q[2];
  uint *w;

  for(i = 0; i < NPROCZONE; i++){
    a[i] = create(ID_LIMIT + i, 1);
    check(a[i] == (char *)SHMBASE + i * PGSIZE,
          "zone %d of a process at 0x%x, expected 0x%x", i, (uint)a[i],
          SHMBASE + i * PGSIZE);
  }
  refused(ID_LIMIT + NPROCZONE, M_CREATE, 1);

  // Attaching one more existing zone is refused too.
  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    for(i = 0; i < NPROCZONE; i++)
      detach(a[i]);
    create(ID_LIMIT + NPROCZONE, 1);
    send(p[1], 'c');
    recv(q[0]);
    exit(0);
  }
  recv(p[0]);
  refused(ID_LIMIT + NPROCZONE, 0, 0);
  refused(ID_LIMIT + NPROCZONE, M_WAIT, 0);
  refused(ID_LIMIT + NPROCZONE, M_RDONLY, 1);
  detach(a[3]);
  b = attach(ID_LIMIT + NPROCZONE, 0, 0);
  check(b == a[3], "attach into a 1-page hole at 0x%x went to 0x%x",
        (uint)a[3], (uint)b);
  expectnref(ID_LIMIT + NPROCZONE, 2, "attached by two");
  send(q[1], 'q');
  check(waitfor(pid) == 0, "the holding child failed (see console)");
  detach(b);
  for(i = 0; i < NPROCZONE; i++)
    if(i != 3)
      detach(a[i]);
  for(i = 0; i <= NPROCZONE; i++)
    check(nref(ID_LIMIT + i) == -1, "zone %d survived its last shmdt", ID_LIMIT + i);

  // The largest zone: SHMPAGE pages, all there, all zero.
  big = create(ID_BIG, SHMPAGE);
  check(zsize(ID_BIG) == SHMPAGE, "zone of SHMPAGE pages has %d", zsize(ID_BIG));
  for(i = 0; i < SHMPAGE; i++){
    w = (uint *)(big + i * PGSIZE);
    check(w[0] == 0 && w[PGSIZE / 4 - 1] == 0, "big zone: page %d not zero", i);
    w[PGSIZE / 4 - 1] = i;
  }
  detach(big);
}

// Fill every attachment slot with zone ID_LIMIT + i, in slot i; a[i] is
// where it is mapped.
static void
fillslots(char **a)
{
  int i;

  for(i = 0; i < NPROCZONE; i++){
    a[i] = create(ID_LIMIT + i, 1);
    fill(a[i], 1, 40 + i);
  }
}

// A zone in the last attachment slot is attached as surely as any other.
// (Mutant: findattached stopped one slot short, so a process could attach
// the zone in its last slot a second time.)
static void
t_lastslot(void)
{
  char *a[NPROCZONE];
  int i;

  fillslots(a);
  detach(a[0]);                        // a free slot: only "attached" refuses
  for(i = 1; i < NPROCZONE; i++){
    refused(ID_LIMIT + i, 0, 0);
    refused(ID_LIMIT + i, M_RDONLY, 1);
    refused(ID_LIMIT + i, M_WAIT, 0);
  }
  for(i = 1; i < NPROCZONE; i++)
    detach(a[i]);
}

// ---------------------------------------------------------------------
// Sharing: create, attach, data both ways, detach, destroy.

static void
t_roundtrip(void)
{
  int toc[2], top[2], pid, bw, start = sys().nzones;
  char *a;

  mkpipe(toc);
  mkpipe(top);
  pid = xfork();
  if(pid == 0){
    recv(toc[0]);
    expectnref(ID_ROUND, 1, "before the child attaches");
    a = attach(ID_ROUND, 0, 0);
    check(a == (char *)SHMBASE, "child's only zone at 0x%x, not SHMBASE", (uint)a);
    check((bw = badword(a, 2, 1)) < 0, "child sees wrong data at word %d", bw);
    expectnref(ID_ROUND, 2, "after the child attached");
    fill(a + 2 * PGSIZE, 2, 2);
    send(top[1], 'w');
    recv(toc[0]);
    detach(a);
    expectnref(ID_ROUND, 1, "after the child's shmdt");
    a = attach(ID_ROUND, 0, 4);        // by its exact size this time
    check(badword(a + 2 * PGSIZE, 2, 2) < 0, "child's writes lost after re-attach");
    detach(a);
    send(top[1], 'd');
    exit(0);
  }
  a = create(ID_ROUND, 4);
  check(zsize(ID_ROUND) == 4 && nref(ID_ROUND) == 1, "new zone: %d pages, nref %d",
        zsize(ID_ROUND), nref(ID_ROUND));
  check(nonzero(a, 4) < 0, "new zone not zero-filled");
  fill(a, 2, 1);
  send(toc[1], 'c');
  check(recv(top[0]) == 'w', "bad message from the child");
  expectnref(ID_ROUND, 2, "while the child is attached");
  check(badword(a, 2, 1) < 0, "creator's data changed");
  check((bw = badword(a + 2 * PGSIZE, 2, 2)) < 0,
        "creator does not see the child's writes (word %d)", bw);
  send(toc[1], 'g');
  check(recv(top[0]) == 'd', "bad message from the child");
  expectnref(ID_ROUND, 1, "after the child detached");
  check(waitfor(pid) == 0, "child failed (see console)");
  detach(a);
  check(nref(ID_ROUND) == -1, "zone exists after its last shmdt");
  check(sys().nzones == start, "nzones %d, expected %d", sys().nzones, start);
}

// New zones hold zeroes, never what freed memory held before.
static void
t_zerofill(void)
{
  char *a, *p;
  int pid, i;

  for(i = 0; i < 3; i++){
    a = create(ID_ZERO, 8);
    check(nonzero(a, 8) < 0, "zone %d (creation %d) not zero-filled at word %d",
          ID_ZERO, i, nonzero(a, 8));
    fill(a, 8, 3 + i);
    detach(a);
    check(nref(ID_ZERO) == -1, "zone not destroyed by its last shmdt");
  }
  a = create(ID_ZERO2, 16);
  check(nonzero(a, 16) < 0, "bigger zone not zero-filled at word %d", nonzero(a, 16));
  detach(a);

  // Destroyed by a child's exit, created again here.
  pid = xfork();
  if(pid == 0){
    fill(create(ID_ZERO, 8), 8, 7);
    exit(0);
  }
  check(waitfor(pid) == 0, "child failed (see console)");
  a = create(ID_ZERO, 8);
  check(nonzero(a, 8) < 0, "zone re-created after a child's exit not zero-filled");
  detach(a);

  // Pages freed by private memory.
  p = sbrk(64 * PGSIZE);
  check(p != FAILED, "sbrk failed");
  memset(p, 0xEE, 64 * PGSIZE);
  sbrk(-64 * PGSIZE);
  a = create(ID_ZERO, 64);
  check(nonzero(a, 64) < 0, "zone made of freed heap pages not zero-filled");
  detach(a);
}

// Zones go at the lowest free page-aligned range that fits.
static void
t_placement(void)
{
  char *base = (char *)SHMBASE, *a, *b, *c, *d, *e, *f;

  a = create(ID_PLACE, 3);
  b = create(ID_PLACE + 1, 2);
  c = create(ID_PLACE + 2, 1);
  check(a == base && b == base + 3 * PGSIZE && c == base + 5 * PGSIZE,
        "zones of 3, 2, 1 pages at +0x%x, +0x%x, +0x%x", a - base, b - base, c - base);
  detach(a);                           // a hole of 3 pages at base
  d = create(ID_PLACE + 3, 4);
  check(d == base + 6 * PGSIZE, "4 pages after a 3-page hole at +0x%x", d - base);
  e = create(ID_PLACE + 4, 2);
  check(e == base, "2 pages into a 3-page hole at +0x%x", e - base);
  f = create(ID_PLACE + 5, 1);
  check(f == base + 2 * PGSIZE, "1 page into the rest of the hole at +0x%x", f - base);
  detach(b);
  detach(c);
  detach(d);
  detach(e);
  detach(f);
}

// fork: the child has every zone at the same address with the same
// permission, and each nref grows by one.
static void
t_fork(void)
{
  char *a, *b, *r;
  int pid, gpid, p[2];

  a = create(ID_FORK, 2);
  b = create(ID_FORKRO, 1);
  fill(a, 2, 5);
  fill(b, 1, 6);
  pid = xfork();
  if(pid == 0){
    expectnref(ID_FORK, 2, "in a forked child");
    expectnref(ID_FORKRO, 2, "in a forked child");
    check(badword(a, 2, 5) < 0, "forked child sees other data");
    detach(b);
    r = attach(ID_FORKRO, M_RDONLY, 0);
    check(r == b, "read-only re-attach at 0x%x, not 0x%x", (uint)r, (uint)b);
    gpid = xfork();
    if(gpid == 0){
      expectnref(ID_FORK, 3, "in a grandchild");
      expectnref(ID_FORKRO, 3, "in a grandchild");
      check(badword(b, 1, 6) < 0, "grandchild cannot read the read-only zone");
      fill(a, 1, 7);
      check(access1(b, 1) == -1, "write to an inherited read-only zone did not kill");
      mkpipe(p);
      write(p[1], "abcd", 4);
      check(read(p[0], b, 4) == -1, "read() into an inherited read-only zone worked");
      check(badword(b, 1, 6) < 0, "inherited read-only zone was changed");
      exit(0);
    }
    check(waitfor(gpid) == 0, "grandchild failed (see console)");
    expectnref(ID_FORK, 2, "after the grandchild's exit");
    expectnref(ID_FORKRO, 2, "after the grandchild's exit");
    check(badword(a, 1, 7) < 0, "grandchild's writes not visible to its parent");
    exit(0);
  }
  check(waitfor(pid) == 0, "child failed (see console)");
  expectnref(ID_FORK, 1, "after the child's exit");
  expectnref(ID_FORKRO, 1, "after the child's exit");
  check(badword(a, 1, 7) < 0, "grandchild's writes not visible to the creator");
  check(badword(b, 1, 6) < 0, "read-only zone changed");
  detach(a);
  detach(b);
}

// Is slot i one of forkgap's free slots?  Never the last one.
static int
gapslot(int i)
{
  return i % 4 == 0 && i < NPROCZONE - 1;
}

// fork copies every attachment, past free slots and up to the last one;
// the child's exit gives every reference back.  (Mutants: zonefork
// stopped at the first free slot, so a child lost every zone attached
// after one that had been detached; zonedetachall stopped one slot short,
// so a zone in the last slot outlived its process.)
static void
t_forkgap(void)
{
  char *a[NPROCZONE];
  int i, n, pid, p[2], q[2];

  fillslots(a);
  for(i = 0; i < NPROCZONE; i++)
    if(gapslot(i))
      detach(a[i]);
  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    close(p[0]);                       // a dead parent or child
    close(q[1]);                       // makes the other's recv fail
    send(p[1], 'c');
    recv(q[0]);
    for(i = 0; i < NPROCZONE; i++){
      if(gapslot(i))
        continue;
      check(badword(a[i], 1, 40 + i) < 0, "forked child: slot %d's zone "
            "has other data", i);
      refused(ID_LIMIT + i, 0, 0);     // the child has it attached
    }
    exit(0);                           // with every slot but the gaps
  }
  close(p[1]);
  close(q[0]);
  recv(p[0]);
  for(i = 0; i < NPROCZONE; i++){
    n = nref(ID_LIMIT + i);
    check(n == (gapslot(i) ? -1 : 2), "with a forked child: the zone in "
          "slot %d has nref %d, expected %d", i, n, gapslot(i) ? -1 : 2);
  }
  send(q[1], 'g');
  check(waitfor(pid) == 0, "child failed (see console)");
  for(i = 0; i < NPROCZONE; i++){
    if(gapslot(i))
      continue;
    expectnref(ID_LIMIT + i, 1, "after the child's exit");
    detach(a[i]);
  }
}

// M_RDONLY: user writes kill; system calls that would write refuse.
static void
t_rdonly(void)
{
  char *a, *r, *w, buf[32];
  int pid, gpid, fd, toc[2], top[2], p[2];

  a = create(ID_RO, 2);
  fill(a, 2, 8);
  mkpipe(toc);
  mkpipe(top);
  pid = xfork();
  if(pid == 0){
    detach(a);
    w = create(ID_RO2, 1);             // a writable zone just below
    fill(w, 1, 9);
    r = attach(ID_RO, M_RDONLY, 0);
    check(r == w + PGSIZE, "read-only zone at 0x%x, not 0x%x", (uint)r,
          (uint)(w + PGSIZE));
    check(badword(r, 2, 8) < 0, "read-only attach sees other data");
    check(access1(r, 0) == 0, "reading a read-only zone killed");
    check(access1(r, 1) == -1, "writing a read-only zone did not kill");
    check(access1(r + PGSIZE + 100, 1) == -1, "writing page 2 did not kill");
    check(badword(r, 2, 8) < 0, "a killed write changed the zone");

    mkpipe(p);
    check(write(p[1], "0123456789", 10) == 10, "pipe write");
    check(read(p[0], r, 10) == -1, "read() into a read-only zone returned >= 0");
    check(read(p[0], r + PGSIZE - 5, 10) == -1, "read() across its pages worked");
    check(read(p[0], r - 4, 8) == -1, "read() from a writable zone into a "
          "read-only one worked");
    check(badword(w, 1, 9) < 0, "refused read() wrote into the writable zone");
    fd = open(self, O_RDONLY);
    check(fd >= 0, "cannot open %s", self);
    check(read(fd, r, 100) == -1, "read() of a file into a read-only zone worked");
    check(fstat(fd, (struct stat *)r) == -1, "fstat into a read-only zone worked");
    close(fd);
    check(pipe((int *)r) == -1, "pipe() into a read-only zone worked");
    check(shminfo(ID_RO, (struct shminfo *)r) == -1, "shminfo into it worked");
    check(sysinfo((struct sysinfo *)r) == -1, "sysinfo into it worked");
    gpid = xfork();
    if(gpid == 0)
      exit(3);
    check(wait((int *)r) == -1, "wait() storing status in it worked");
    check(waitfor(gpid) == 3, "grandchild's status lost");
    check(badword(r, 2, 8) < 0, "a refused system call changed the zone");
    check(write(p[1], r, 8) == 8, "write() from a read-only zone failed");
    check(read(p[0], buf, 18) == 18 && memcmp(buf + 10, r, 8) == 0,
          "the pipe lost data or write() sent the wrong bytes");

    send(top[1], 'r');
    recv(toc[0]);                      // the creator has written
    check(badword(r, 1, 10) < 0, "read-only attach does not see new data");
    exit(0);
  }
  recv(top[0]);
  fill(a, 1, 10);
  send(toc[1], 'u');
  check(waitfor(pid) == 0, "child failed (see console)");
  check(badword(a, 1, 10) < 0, "the creator's write was lost");
  fill(a, 1, 8);                       // page 1 as it was: the whole pattern
  check(badword(a, 2, 8) < 0, "zone changed by the read-only child");
  check(nref(ID_RO2) == -1, "child's zone survived its exit");
  detach(a);

  // A creator may ask for read-only too.
  a = shmem(ID_RO2, M_CREATE | M_RDONLY, 1);
  check(a != FAILED, "M_CREATE | M_RDONLY failed");
  check(access1(a, 0) == 0 && access1(a, 1) == -1,
        "read-only creator: read or write not as expected");
  check(nonzero(a, 1) < 0, "read-only new zone not zero");
  detach(a);
}

// exec: a failed exec keeps every zone, a successful one drops them all.
static void
t_exec(void)
{
  char *a, *s, **zargv, *big, *argv[7], bufs[72];
  int up[2], down[2], pid, i;

  a = create(ID_EXEC, 2);
  fill(a, 2, 11);
  argv[0] = "zonetests";
  argv[1] = 0;
  check(exec("/no-such-program", argv) == -1, "exec of nothing succeeded");
  expectnref(ID_EXEC, 1, "after a failed exec");
  check(badword(a, 2, 11) < 0, "zone data changed by a failed exec");
  refused(ID_EXEC, 0, 0);              // still attached
  fill(a, 1, 12);                      // and writable

  big = malloc(3000);
  memset(big, 'x', 2999);
  big[2999] = 0;
  argv[1] = big;
  argv[2] = big;
  argv[3] = 0;
  check(exec(self, argv) == -1, "exec with 6000 bytes of arguments succeeded");
  expectnref(ID_EXEC, 1, "after an exec that failed building its stack");
  check(badword(a, 1, 12) < 0, "zone data changed by a failed exec");
  free(big);

  // A successful exec whose path and arguments live in the zone itself.
  mkpipe(up);
  mkpipe(down);
  pid = xfork();
  if(pid == 0){
    probeargv(argv, bufs, ID_EXEC, 1, up[1], down[0]);
    zargv = (char **)(a + 256);
    s = a + 512;
    for(i = 0; i < 6; i++){
      zargv[i] = strcpy(s, i == 0 ? self : argv[i]);
      s += strlen(s) + 1;
    }
    zargv[6] = 0;
    exec(zargv[0], zargv);
    fail("exec of %s failed", self);
  }
  check(recv(up[0]) == 'k', "exec'd child still saw its zone (see console)");
  expectnref(ID_EXEC, 1, "after a child's exec, before it exits");
  send(down[1], 'q');
  check(waitfor(pid) == 0, "exec'd child failed");

  // The last holder's exec destroys the zone.
  pid = xfork();
  if(pid == 0){
    create(ID_EXEC2, 3);
    probeargv(argv, bufs, ID_EXEC2, -1, up[1], down[0]);
    exec(self, argv);
    fail("exec of %s failed", self);
  }
  check(recv(up[0]) == 'k', "exec'd child still saw a zone (see console)");
  check(nref(ID_EXEC2) == -1, "zone of an exec'd creator still exists");
  expectnref(ID_EXEC, 1, "after a second exec");
  send(down[1], 'q');
  check(waitfor(pid) == 0, "exec'd child failed");
  detach(a);
}

// exit (and kill) detach at once, before the parent waits.
static void
t_exit(void)
{
  int p[2], pid;
  char *a;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    fill(create(ID_EXIT, 3), 3, 13);
    send(p[1], 'c');
    exit(0);
  }
  recv(p[0]);
  awaitnref(ID_EXIT, -1, "zone of an exited creator, before wait");
  check(waitfor(pid) == 0, "child failed");

  a = create(ID_EXIT2, 1);
  pid = xfork();
  if(pid == 0){
    expectnref(ID_EXIT2, 2, "in the child");
    send(p[1], 'c');
    exit(0);
  }
  recv(p[0]);
  awaitnref(ID_EXIT2, 1, "zone of an exited child, before wait");
  check(waitfor(pid) == 0, "child failed");

  pid = xfork();
  if(pid == 0){
    create(ID_EXIT, 2);
    send(p[1], 'c');
    spin();
  }
  recv(p[0]);
  expectnref(ID_EXIT2, 2, "while a child runs");
  expectnref(ID_EXIT, 1, "while its creator runs");
  kill(pid);
  awaitnref(ID_EXIT2, 1, "zone of a killed child, before wait");
  awaitnref(ID_EXIT, -1, "zone of a killed creator, before wait");
  check(waitfor(pid) == -1, "killed child's status is not -1");
  detach(a);
}

// The watcher of t_creating, for one creation: on 'c', poll until zone
// ID_CREATING is live, checking that until then sysinfo does not count
// it; then check what shminfo and sysinfo say of it.  Replies 'k', or 'n'
// (counted too early) or 'p' (shown before its pages were all there).
static void
creatingwatch(int go, int reply, int base)
{
  struct shminfo si;
  int n, ok;

  while(recv(go) == 'c'){
    ok = 'k';
    for(;;){
      n = sys().nzones;
      if(shminfo(ID_CREATING, &si) == 0)
        break;
      if(n != base)                    // not live, yet counted
        ok = 'n';
    }
    if(si.npages != SHMPAGE || sys().nzones != base + 1)
      ok = 'p';
    send(reply, ok);
  }
  exit(0);
}

// A zone being created (its pages allocated with no lock held) does not
// exist yet for anyone but its creator.  (Mutant: zcount counted every
// slot that was not free, so sysinfo counted a zone still ZCREATING.)
static void
t_creating(void)
{
  int i, pid, base = sys().nzones, go[2], reply[2];
  char c, *a;

  mkpipe(go);
  mkpipe(reply);
  if((pid = xfork()) == 0){
    close(go[1]);
    close(reply[0]);
    creatingwatch(go[0], reply[1], base);
  }
  close(go[0]);
  close(reply[1]);
  for(i = 0; i < 5; i++){
    send(go[1], 'c');
    a = create(ID_CREATING, SHMPAGE);  // long: 16 MiB to zero
    c = recv(reply[0]);
    check(c != 'n', "round %d: sysinfo counted a zone still being created", i);
    check(c == 'k', "round %d: shminfo or sysinfo wrong about a new zone", i);
    detach(a);
  }
  send(go[1], 'q');
  check(waitfor(pid) == 0, "the watcher failed (see console)");
}

// ---------------------------------------------------------------------
// M_WAIT

#define NWAITERS 4

// A waiter: says it is about to wait, attaches with M_WAIT, waits for
// the creator's MAGIC, then writes its slot (if it may write).
static void
waiter(int id, int flags, int i, int ready)
{
  volatile uint *z;
  int n;

  send(ready, 'w');
  z = (volatile uint *)shmem(id, M_WAIT | flags, 0);
  if(z == (uint *)FAILED)
    fail("waiter %d: shmem(%d, M_WAIT) failed", i, id);
  for(n = 0; z[0] != MAGIC; n++){
    if(n >= POLL)
      fail("waiter %d never saw the creator's data", i);
    sleep(1);
  }
  if(flags & M_RDONLY){
    if(access1((char *)z, 1) != -1)
      fail("write through a read-only M_WAIT attach did not kill");
  } else {
    z[1 + i] = 100 + i;
  }
  exit(0);
}

// Start NWAITERS waiters on id and let them fall asleep.
static void
startwaiters(int id, int rdonlymask)
{
  int i, p[2];

  mkpipe(p);
  for(i = 0; i < NWAITERS; i++)
    if(xfork() == 0)
      waiter(id, (rdonlymask >> i) & 1 ? M_RDONLY : 0, i, p[1]);
  for(i = 0; i < NWAITERS; i++)
    recv(p[0]);
  closepipe(p);
  sleep(30);                           // from "about to wait" to asleep
  check(nref(id) == -1, "zone %d exists before its creation", id);
}

static void
t_mwait(void)
{
  uint *z;
  int i, pid;

  // Every waiter wakes and attaches, though the creator leaves at once.
  startwaiters(ID_WAIT, 0);
  z = (uint *)create(ID_WAIT, 2);
  i = nref(ID_WAIT);
  z[0] = MAGIC;
  detach((char *)z);
  check(i == 1 + NWAITERS, "creation counted %d references, expected 1 + %d "
        "waiters", i, NWAITERS);
  check(waitall(NWAITERS) == 0, "a waiter failed (see console)");
  check(nref(ID_WAIT) == -1, "zone survived all its waiters");

  // Read-only and writable waiters; the creator stays.
  startwaiters(ID_WAIT + 1, 0x5);
  z = (uint *)create(ID_WAIT + 1, 1);
  z[0] = MAGIC;
  if(xfork() == 0){                    // M_WAIT on a live zone: at once
    detach((char *)z);
    check(attach(ID_WAIT + 1, M_WAIT, 1) == (char *)z, "M_WAIT attach misplaced");
    exit(0);
  }
  check(waitall(NWAITERS + 1) == 0, "a waiter failed (see console)");
  for(i = 0; i < NWAITERS; i++)
    if(!(0x5 >> i & 1))
      check(z[1 + i] == 100 + i, "waiter %d's write not seen", i);
  expectnref(ID_WAIT + 1, 1, "after the waiters left");
  detach((char *)z);

  // A waiter asking for the wrong size wakes and fails, leaving no trace.
  pid = xfork();
  if(pid == 0)
    exit(shmem(ID_WAIT + 2, M_WAIT, 5) == FAILED ? 0 : 1);
  sleep(10);
  z = (uint *)create(ID_WAIT + 2, 3);
  check(waitfor(pid) == 0, "M_WAIT for 5 pages attached a zone of 3");
  expectnref(ID_WAIT + 2, 1, "after a waiter of the wrong size");
  detach((char *)z);
  check(nref(ID_WAIT + 2) == -1, "zone survived its creator");
}

// kill ends an M_WAIT sleep, and the dead waiter is not counted later.
static void
t_waitkill(void)
{
  int p[2], q[2], pid, pid2;
  char *a;

  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    send(p[1], 'w');
    shmem(ID_WAITKILL, M_WAIT, 0);
    exit(5);                           // shmem returned: it should not
  }
  recv(p[0]);
  sleep(10);
  kill(pid);
  check(waitfor(pid) == -1, "killed waiter did not die with status -1");
  check(nref(ID_WAITKILL) == -1, "a killed waiter created the zone");
  a = create(ID_WAITKILL, 1);
  expectnref(ID_WAITKILL, 1, "creation after a killed waiter");
  detach(a);
  check(nref(ID_WAITKILL) == -1, "zone survived: a dead waiter holds a reference");

  // Of two waiters, one is killed; the other still gets the zone.
  pid = xfork();
  if(pid == 0){
    send(p[1], 'w');
    a = attach(ID_WAITKILL, M_WAIT, 0);
    recv(q[0]);
    exit(0);
  }
  pid2 = xfork();
  if(pid2 == 0){
    send(p[1], 'w');
    shmem(ID_WAITKILL, M_WAIT, 0);
    exit(5);
  }
  recv(p[0]);
  recv(p[0]);
  sleep(10);
  kill(pid2);
  check(waitfor(pid2) == -1, "killed waiter did not die with status -1");
  a = create(ID_WAITKILL, 1);
  awaitnref(ID_WAITKILL, 2, "creator and the live waiter");
  send(q[1], 'q');
  check(waitfor(pid) == 0, "live waiter failed (see console)");
  expectnref(ID_WAITKILL, 1, "after the waiter's exit");
  detach(a);
}

// ---------------------------------------------------------------------
// Memory: sbrk stops before the zone area; out of memory changes nothing.

static void
t_sbrk(void)
{
  char *cur = sbrk(0), *a;
  int i;

  for(i = 0; i < 2; i++){
    check(sbrk(SHMBASE - (uint)cur + 1) == FAILED, "sbrk into the zone area worked");
    check(sbrk(SHMBASE - (uint)cur + PGSIZE) == FAILED, "sbrk past SHMBASE worked");
    check(sbrk(0x7FFFFFFF) == FAILED, "sbrk(0x7FFFFFFF) worked");
    check(sbrk(0) == cur, "refused sbrk moved the break");
    if(i == 0){
      a = create(ID_SBRK, 2);
      check(a == (char *)SHMBASE, "zone at 0x%x, not SHMBASE", (uint)a);
      fill(a, 2, 14);
    }
  }
  check(badword(a, 2, 14) < 0, "refused sbrk changed the zone");
  check(sbrk(PGSIZE) == cur, "sbrk of a page failed");
  cur[PGSIZE - 1] = 1;
  check(sbrk(-PGSIZE) == cur + PGSIZE, "sbrk shrink failed");
  detach(a);
}

// A fork refused for want of a process slot leaves every count alone.
static void
t_forkfail(void)
{
  struct sysinfo b, s;
  int p[2], pid, n = 0;
  char c;

  create(ID_FORKFAIL, 1);
  mkpipe(p);
  for(;;){
    b = sys();
    pid = fork();
    if(pid == 0){
      close(p[1]);
      read(p[0], &c, 1);               // until the parent closes the pipe
      exit(0);
    }
    if(pid < 0)
      break;
    if(++n > NPROC)
      fail("fork never failed");
  }
  s = sys();
  check(s.freepages == b.freepages && s.nproc == b.nproc,
        "a failed fork changed free pages %d->%d, processes %d->%d",
        b.freepages, s.freepages, b.nproc, s.nproc);
  expectnref(ID_FORKFAIL, 1 + n, "after a failed fork");
  closepipe(p);
  check(waitall(n) == 0, "a child failed");
  expectnref(ID_FORKFAIL, 1, "after the children's exit");
}

// The balloon: a helper that takes free memory (sbrk, plus pipes for the
// last odd pages) and gives it back on request, so that a test can run
// with exactly k free pages.  Ops: 'f' take all, 'g' give back until
// arg pages are free, 'q' quit.  The reply is the free page count.
struct balloon {
  int pid;
  int cmd;     // write end of the command pipe
  int reply;   // read end of the reply pipe
};

// Write a byte in each of the n pages at p.
static void
touchpages(char *p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
}

// The balloon's pages held as pipes: each pipe is exactly one page, so
// they make the last adjustments that sbrk cannot make exactly (touching
// a new page may take a page table too, shrinking may free one).  Only
// the read end is kept; the write end is closed.
#define NHELD 8
static int held[NHELD], nheld;

static int
takepage(void)
{
  int fds[2];

  if(nheld == NHELD || pipe(fds) < 0)
    return -1;
  close(fds[1]);
  held[nheld++] = fds[0];
  return 0;
}

// Make exactly k pages free, if it can be done.
static void
leaveexactly(int k)
{
  int f;

  while((f = freepages()) != k){
    if(f < k && nheld > 0)
      close(held[--nheld]);
    else if(f < k && sbrk(-(k - f) * PGSIZE) == FAILED)
      return;
    else if(f > k + 1)
      touchpages(sbrk(PGSIZE), 1);
    else if(takepage() < 0)
      return;
  }
}

static void
balloonmain(int cmd, int reply)
{
  int msg[2], f, chunk;

  while(read(cmd, msg, sizeof(msg)) == sizeof(msg)){
    if(msg[0] == 'q')
      break;
    if(msg[0] == 'f'){
      // sbrk only reserves address space: each page is taken by touching
      // it, leaving room for the page tables a touch may need.
      for(chunk = 4096; chunk > 0; chunk /= 2)
        while(freepages() > chunk + chunk / 1024 + 2)
          touchpages(sbrk(chunk * PGSIZE), chunk);
      leaveexactly(0);
    } else if(msg[0] == 'g'){
      leaveexactly(msg[1]);
    }
    f = freepages();
    write(reply, &f, sizeof(f));
  }
  exit(0);
}

// Start the balloon.  Call before attaching zones: it should hold none.
static void
balloonstart(struct balloon *b)
{
  int c[2], r[2];

  mkpipe(c);
  mkpipe(r);
  if((b->pid = xfork()) == 0){
    close(c[1]);
    close(r[0]);
    balloonmain(c[0], r[1]);
  }
  close(c[0]);
  close(r[1]);
  b->cmd = c[1];
  b->reply = r[0];
}

static int
balloon(struct balloon *b, int op, int arg)
{
  int msg[2], f;

  msg[0] = op;
  msg[1] = arg;
  if(write(b->cmd, msg, sizeof(msg)) != sizeof(msg))
    fail("the balloon died");
  if(op == 'q')
    return 0;
  if(read(b->reply, &f, sizeof(f)) != sizeof(f))
    fail("the balloon died");
  return f;
}

// Leave exactly k pages free.
static void
leavefree(struct balloon *b, int k)
{
  int f = balloon(b, 'g', k);

  check(f == k && freepages() == k, "cannot leave %d pages free: %d", k, f);
}

// The out-of-memory tests run with the balloon and two zones: A, 1024
// pages at SHMBASE (page table 1), and B, 1 page at SHMBASE + 4 MiB (page
// table 2), so that a new zone or a fork needs page tables too.
static struct balloon bl;
static char *za, *zb;
static int oomnref;   // processes holding A and B

static void
oomsetup(void)
{
  balloonstart(&bl);
  za = create(ID_OOM, 1024);
  zb = create(ID_OOM + 1, 1);
  fill(za, 1024, 20);
  fill(zb, 1, 21);
  oomnref = 1;
}

static void
oomfill(void)
{
  int k;

  check((k = balloon(&bl, 'f', 0)) == 0, "balloon left %d pages free", k);
}

static int
oomintact(void)
{
  return nref(ID_OOM) == oomnref && nref(ID_OOM + 1) == oomnref &&
         badword(za, 1024, 20) < 0 && badword(zb, 1, 21) < 0;
}

static void
oomdone(void)
{
  balloon(&bl, 'q', 0);
  check(waitfor(bl.pid) == 0, "balloon failed");
  check(oomintact(), "zones A and B changed");
  detach(za);
  detach(zb);
}

// With k pages free, creating n pages must fail and give everything back.
static void
oomcreate(int k, int n)
{
  struct sysinfo s;
  char *a;

  leavefree(&bl, k);
  a = shmem(ID_OOM + 2, M_CREATE, n);
  s = sys();
  check(a == FAILED, "created %d pages with only %d free", n, k);
  check(nref(ID_OOM + 2) == -1 && oomintact(),
        "failed creation with %d free pages changed the zone table", k);
  check(s.freepages == k, "failed creation of %d pages with %d free: %d free "
        "after (everything allocated must be given back)", n, k, s.freepages);
}

// Creation runs out of index pages, zone pages, page tables: every
// failure gives back everything.
static void
t_oomcreate(void)
{
  oomsetup();
  oomfill();
  oomcreate(0, 1);
  oomcreate(1, 1);
  leavefree(&bl, 2);                   // just enough: index page, page
  detach(create(ID_OOM + 2, 1));
  check(freepages() == 2, "create and detach with 2 free left %d", freepages());
  oomcreate(3, 600);
  oomcreate(1000, 1024);
  oomcreate(1025, 1024);               // pages fit; the page table does not
  leavefree(&bl, 2100);                // page tables 3 and 4 are made here
  detach(create(ID_OOM + 2, 2048));
  oomcreate(4096 + 4 + 1, 4096);       // table 5 fits, table 6 does not
  oomdone();
}

// The exec'ing child of oomexec: on each 'x' from cmd, exec the probe
// with the free pages there are; after a failure check that nothing
// changed and say 'n' (or 'F') on rep.
static void
oomexecer(int cmd, int rep)
{
  char *argv[7], bufs[72];
  int k;

  probeargv(argv, bufs, ID_OOM, 1, rep, cmd);
  ownmemory();
  if(!oomintact())      // also maps the zones, which fork left unmapped
    fail("zones A and B changed at fork");
  send(rep, 'r');       // ready: memory may run out now
  while(recv(cmd) == 'x'){
    k = freepages();
    exec(self, argv);
    if(!oomintact() || freepages() != k){
      send(rep, 'F');
      fail("exec failed with %d free pages and changed zones or pages", k);
    }
    send(rep, 'n');
  }
  exit(0);
}

// Exec with 0, 1, 2 ... free pages: each failure leaves the zones
// attached and every page back; then it succeeds and detaches them.
static void
t_oomexec(void)
{
  int k, pid, cmd[2], rep[2];
  char c;

  oomsetup();
  mkpipe(cmd);
  mkpipe(rep);
  oomnref = 2;
  if((pid = xfork()) == 0){
    close(cmd[1]);
    close(rep[0]);
    oomexecer(cmd[0], rep[1]);
  }
  close(cmd[0]);
  close(rep[1]);
  check(recv(rep[0]) == 'r', "the execer did not start");
  oomfill();
  for(k = 0; ; k++){
    leavefree(&bl, k);
    send(cmd[1], 'x');
    if((c = recv(rep[0])) == 'k')
      break;
    check(c == 'n', "a failed exec changed something (see console)");
    check(k < 500, "exec still fails with %d free pages", k);
  }
  check(k > 0, "exec worked with no free page");
  oomnref = 1;
  check(oomintact(), "after an exec with %d free pages: nref %d/%d", k,
        nref(ID_OOM), nref(ID_OOM + 1));
  send(cmd[1], 'q');
  check(waitfor(pid) == 0, "exec'd probe failed");
  oomdone();
}

// oomfork's forker: fill memory with the balloon and fork with 0, 1, 2
// ... free pages; after each failure, tell the test through rfd.  Its
// own pages must be its own first (ownmemory), and its zones mapped:
// with memory exhausted, a store to a page it still shared with the test
// would need a copy, and a first touch of a zone a page table.  After the fork that works,
// the child exits at once, and the forker may be killed for lack of
// memory before it can say so: its own stores may need copies of pages
// it now shares with the child.  That is copy-on-write's overcommit.
static void
oomforker(int rfd)
{
  struct sysinfo s, t;
  int k, pid;

  ownmemory();
  oomnref = 2;
  if(!oomintact())      // also maps the zones, which fork left unmapped
    fail("zones A and B changed at fork");
  oomfill();
  for(k = 0; ; k++){
    leavefree(&bl, k);
    s = sys();
    if((pid = fork()) == 0)
      exit(0);
    if(pid > 0)
      break;
    t = sys();
    check(t.freepages == k && t.nproc == s.nproc && t.nzones == s.nzones &&
          oomintact(), "fork that failed with %d free pages changed "
          "something: free %d, nref %d/%d", k, t.freepages, nref(ID_OOM),
          nref(ID_OOM + 1));
    check(k < 500, "fork still fails with %d free pages", k);
    check(write(rfd, &k, sizeof(k)) == sizeof(k), "cannot report");
  }
  check(k > 0, "fork worked with no free page");
  check(waitfor(pid) == 0, "forked child failed");
  exit(0);
}

// Fork with 0, 1, 2 ... free pages: each failure leaves every count and
// page as it was, including a failure halfway through the zones; the
// first fork that works runs its child, and everything comes back.
static void
t_oomfork(void)
{
  int r[2], k, last = -1, pid, st;

  oomsetup();
  mkpipe(r);
  if((pid = xfork()) == 0){
    close(r[0]);
    oomforker(r[1]);
  }
  close(r[1]);
  while(read(r[0], &k, sizeof(k)) == sizeof(k)){
    check(k == last + 1, "forker reported %d after %d", k, last);
    last = k;
  }
  close(r[0]);
  // Killed (-1) is allowed only after the fork that worked: see oomforker.
  check((st = waitfor(pid)) == 0 || st == -1, "forker exited %d", st);
  check(last >= 0, "the first fork, with no free page, worked");
  oomdone();
}

// ---------------------------------------------------------------------
// Thousands of cycles, then every page must be back.

static void
samepages(struct sysinfo *s, char *phase)
{
  struct sysinfo t = sys();

  check(t.freepages == s->freepages && t.nzones == s->nzones,
        "after %s: %d pages lost, %d zones left", phase,
        s->freepages - t.freepages, t.nzones - s->nzones);
}

// One forked child of the leak test, of kind i % 4.  a: zone ID_LEAK + 4.
static void
leakchild(char *a, int i, int j)
{
  char *b;
  int pid;

  a[i % PGSIZE] = i;
  switch(i % 4){
  case 0:                              // exit with the zone attached
    break;
  case 1:
    detach(a);
    b = attach(ID_LEAK + 4, (i & 4) ? M_RDONLY : 0, 0);
    (void)*(volatile char *)b;
    detach(b);
    break;
  case 2:                              // a zone of its own, left at exit
    fill(create(ID_LEAK + j, 1 + i % 3), 1, i);
    break;
  case 3:
    if((pid = xfork()) == 0){
      a[1] = 1;
      exit(0);
    }
    check(waitfor(pid) == 0, "grandchild failed");
    break;
  }
  exit(0);
}

static void
t_leak(void)
{
  struct sysinfo s0, s1;
  char *a, *b, *argv[7], bufs[72];
  int i, j, n, pid;

  detach(create(ID_LEAK, 1));          // the zone area's first page table
  s0 = sys();

  for(i = 0; i < 1200; i++){
    n = 1 + i % 17;
    a = create(ID_LEAK + i % 3, n);
    ((uint *)a)[0] = i;
    ((uint *)(a + n * PGSIZE))[-1] = i;
    if(i % 4 == 0){
      b = create(ID_LEAK + 3, 1 + i % 5);
      detach(a);
      detach(b);
    } else {
      detach(a);
    }
    check(nref(ID_LEAK + i % 3) == -1, "cycle %d: zone survived", i);
  }
  samepages(&s0, "1200 create/detach cycles");

  a = create(ID_LEAK + 4, 4);
  s1 = sys();
  for(i = 0; i < 300; i += 4){
    for(j = 0; j < 4; j++)
      if(xfork() == 0)
        leakchild(a, i + j, j);
    check(waitall(4) == 0, "a forked child failed (see console)");
  }
  expectnref(ID_LEAK + 4, 1, "after 300 forked children");
  samepages(&s1, "300 forks");

  if((pid = xfork()) == 0)             // holds the zone while we detach it
    for(;;)
      sleep(1000);
  detach(a);
  for(i = 0; i < 500; i++){
    b = attach(ID_LEAK + 4, (i & 1) ? M_RDONLY : 0, 0);
    check(b == a, "re-attach %d at 0x%x, not 0x%x", i, (uint)b, (uint)a);
    detach(b);
  }
  expectnref(ID_LEAK + 4, 1, "after 500 attach/detach");
  a = attach(ID_LEAK + 4, 0, 0);
  kill(pid);
  check(waitfor(pid) == -1, "holder not killed");

  for(i = 0; i < 100; i++){
    if((pid = xfork()) == 0){
      if(i & 1)
        shmem(ID_LEAK + 5, M_WAIT, 0);
      else
        create(ID_LEAK + 5, 2);
      spin();
    }
    if(i % 3)
      sleep(1);
    kill(pid);
    check(waitfor(pid) == -1, "killed child %d did not die", i);
  }
  expectnref(ID_LEAK + 4, 1, "after 100 killed children");
  detach(create(ID_LEAK + 5, 1));      // no dead waiter may be counted
  check(nref(ID_LEAK + 5) == -1, "a killed waiter left a reference");
  samepages(&s1, "100 killed children");

  for(i = 0; i < 20; i++){
    if((pid = xfork()) == 0){
      if(i & 1)
        create(ID_LEAK + 5, 1);
      probeargv(argv, bufs, ID_LEAK + 4, -2, -1, -1);
      exec(self, argv);
      fail("exec failed");
    }
    check(waitfor(pid) == 0, "exec'd child failed");
  }
  expectnref(ID_LEAK + 4, 1, "after 20 exec'd children");
  samepages(&s1, "20 execs");
  detach(a);
  samepages(&s0, "all cycles");
}

// ---------------------------------------------------------------------
// Races on several CPUs.

#define NRACERS 8

// Racer i: on "go", create id or, losing, wait for it; stamp; report W or
// L; then stay attached until released.
static void
racer(int id, int n, int i, int go, int res, int rel)
{
  volatile uint *z;
  int won, k;

  recv(go);
  z = (volatile uint *)shmem(id, M_CREATE, n);
  won = z != (uint *)FAILED;
  if(won){
    if(nonzero((char *)z, n) >= 0)
      fail("the winner's zone is not zero-filled");
    z[0] = getpid();
  } else if((z = (volatile uint *)shmem(id, M_WAIT, 0)) == (uint *)FAILED){
    fail("a loser could not attach the winner's zone");
  }
  for(k = 0; z[0] == 0; k++){
    if(k >= POLL)
      fail("never saw the winner's stamp");
    sleep(1);
  }
  z[1 + i] = 1;
  send(res, won ? 'W' : 'L');
  recv(rel);
  exit(0);
}

// Many processes create one id at once: exactly one wins.
static void
t_createrace(void)
{
  int round, i, wins, go[2], res[2], rel[2];
  uint *z;
  char *a;

  for(round = 0; round < 25; round++){
    mkpipe(go);
    mkpipe(res);
    mkpipe(rel);
    for(i = 0; i < NRACERS; i++)
      if(xfork() == 0)
        racer(ID_CRACE, 1 + round % 3, i, go[0], res[1], rel[0]);
    write(go[1], "gggggggggggggggg", NRACERS);
    for(wins = i = 0; i < NRACERS; i++)
      wins += recv(res[0]) == 'W';
    check(wins == 1, "round %d: %d of %d creators won", round, wins, NRACERS);
    a = attach(ID_CRACE, M_RDONLY, 0);
    z = (uint *)a;
    expectnref(ID_CRACE, NRACERS + 1, "with all racers attached");
    check(zsize(ID_CRACE) == 1 + round % 3, "round %d: zone has %d pages",
          round, zsize(ID_CRACE));
    for(i = 0; i < NRACERS; i++)
      check(z[1 + i] == 1, "round %d: racer %d's write not seen", round, i);
    detach(a);
    write(rel[1], "rrrrrrrrrrrrrrrr", NRACERS);
    check(waitall(NRACERS) == 0, "round %d: a racer failed (see console)", round);
    check(nref(ID_CRACE) == -1, "round %d: zone survived its racers", round);
    closepipe(go);
    closepipe(res);
    closepipe(rel);
  }
}

// Churn: create id, check and stamp it, detach; or attach it if it
// exists.  Only creators write, so a new zone must read zero.
static void
churn(int id)
{
  volatile uint *z;
  int i, me = getpid();

  for(i = 0; i < 200; i++){
    z = (volatile uint *)shmem(id, M_CREATE, 2);
    if(z != (uint *)FAILED){
      if(nonzero((char *)z, 2) >= 0)
        fail("churn: a new zone is not zero-filled");
      z[0] = me;
      z[1024] = me;
      if(z[0] != me || z[1024] != me)
        fail("churn: someone else wrote into my new zone");
      detach((char *)z);
    } else if((z = (volatile uint *)shmem(id, 0, 0)) != (uint *)FAILED){
      (void)z[0];
      detach((char *)z);
    }
  }
}

// One attach-race worker of kind k; the zone id holds MAGIC.
static void
araceworker(int id, int k)
{
  volatile uint *z;
  char *argv[7], bufs[72];
  int i, pid, ro = k & 1;

  switch(k){
  case 0: case 1: case 2: case 3:      // attach/detach, rw and ro
    for(i = 0; i < 200; i++){
      z = (volatile uint *)attach(id, ro ? M_RDONLY : 0, (i & 1) ? 8 : 0);
      if(z[0] != MAGIC)
        fail("attach %d sees no MAGIC", i);
      if(!ro){
        z[16 + k] = i;
        if(z[16 + k] != i)
          fail("my slot changed under me");
      }
      detach((char *)z);
    }
    break;
  case 4:                              // fork with the zone attached
    z = (volatile uint *)attach(id, 0, 0);
    for(i = 0; i < 40; i++){
      if((pid = xfork()) == 0){
        if(i & 1)
          detach((char *)z);
        exit(0);
      }
      if(waitfor(pid) != 0)
        fail("forked child failed");
    }
    break;
  case 5:                              // kill attached children
    for(i = 0; i < 30; i++){
      if((pid = xfork()) == 0){
        attach(id, 0, 0);
        spin();
      }
      if(i & 1)
        sleep(1);
      kill(pid);
      if(waitfor(pid) != -1)
        fail("killed child did not die");
    }
    break;
  case 6: case 7:                      // create and destroy another id
    churn(ID_CHURN);
    break;
  case 8:                              // exec with the zone attached
    for(i = 0; i < 8; i++){
      if((pid = xfork()) == 0){
        attach(id, 0, 0);
        probeargv(argv, bufs, id, -2, -1, -1);
        exec(self, argv);
        fail("exec failed");
      }
      if(waitfor(pid) != 0)
        fail("exec'd child failed");
    }
    break;
  }
  exit(0);
}

#define NWORKERS 9

// Concurrent attach, detach, fork, exec, exit and kill on one zone, and
// create/destroy churn on another: every count comes out exact.
static void
t_attachrace(void)
{
  int i, p[2];
  uint *z;
  char c;

  mkpipe(p);
  for(i = 0; i < NWORKERS; i++){
    if(xfork() == 0){
      close(p[1]);
      read(p[0], &c, 1);               // start together
      araceworker(ID_ARACE, i);
    }
  }
  z = (uint *)create(ID_ARACE, 8);
  z[0] = MAGIC;
  closepipe(p);
  check(waitall(NWORKERS) == 0, "a worker failed (see console)");
  expectnref(ID_ARACE, 1, "after all workers");
  check(nref(ID_CHURN) == -1, "churned zone survived");
  for(i = 0; i < 4; i += 2)
    check(z[16 + i] == 199, "worker %d's last write lost", i);
  detach((char *)z);
}

// ---------------------------------------------------------------------
// Visibility and the zones tool.

static void
t_visible(void)
{
  int p[2], pid;
  char *a;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    recv(p[0]);
    check(access1((char *)SHMBASE, 0) == -1,
          "a process that did not attach a zone can read it");
    expectnref(ID_VISIBLE, 1, "seen by a process without it");
    exit(0);
  }
  a = create(ID_VISIBLE, 1);
  fill(a, 1, 15);
  send(p[1], 'c');
  check(waitfor(pid) == 0, "child failed (see console)");

  pid = xfork();
  if(pid == 0){
    detach(a);
    check(access1(a, 0) == -1, "reading a detached zone did not kill");
    exit(0);
  }
  check(waitfor(pid) == 0, "child failed (see console)");
  check(badword(a, 1, 15) < 0, "a child's shmdt changed its parent's zone");
  detach(a);
  check(access1(a, 0) == -1, "reading a detached zone did not kill");
  check(access1(a, 1) == -1, "writing a detached zone did not kill");
}

// shmdt takes effect at once in the process itself: a write right after
// it, with the old translation still in the CPU's TLB, must fault.
// (Mutant: detach without reloading %cr3.)
static void
t_detachtlb(void)
{
  volatile uint *z;
  int i, pid, st;

  z = (volatile uint *)create(ID_TLB, 1);
  for(i = 0; i < 20; i++){
    z[0] = 1;
    pid = xfork();
    if(pid == 0){
      z[0] = 2;                        // the translation is cached now
      if(shmdt((char *)z) < 0)
        exit(3);
      z[0] = 3;                        // must kill
      exit(0);
    }
    st = waitfor(pid);
    check(st == -1 && z[0] == 2, "round %d: a write after shmdt %s "
          "(status %d, zone holds %d)", i, st == -1 ? "killed" : "did not kill",
          st, z[0]);
  }
  detach((char *)z);
}

// Run /zones with argv, its output (fds 1 and 2) into out; its status.
static int
runzones(char **argv, char *out, int max)
{
  int p[2], pid, n = 0, r;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    close(1);
    close(2);
    dup(p[1]);
    dup(p[1]);
    exec("/zones", argv);
    exit(99);
  }
  close(p[1]);
  while(n < max - 1 && (r = read(p[0], out + n, max - 1 - n)) > 0)
    n += r;
  out[n] = 0;
  close(p[0]);
  return waitfor(pid);
}

// Does a line of s hold exactly the three numbers x, y, z?
static int
hasrow(char *s, int x, int y, int z)
{
  int v[4], n;
  char *e;

  while(*s){
    for(n = 0; *s && *s != '\n'; ){
      while(*s == ' ')
        s++;
      if(*s < '0' || *s > '9')
        break;
      if(n < 4)
        v[n] = atoi(s);
      n++;
      while(*s >= '0' && *s <= '9')
        s++;
    }
    e = strchr(s, '\n');
    if(n == 3 && (*s == '\n' || *s == 0) && v[0] == x && v[1] == y && v[2] == z)
      return 1;
    if(e == 0)
      break;
    s = e + 1;
  }
  return 0;
}

static void
t_zonestool(void)
{
  static char out[2048];
  char *argv[3], *a, *b, *last;
  int st, nz;

  a = create(ID_TOOL, 3);
  b = create(ID_TOOL + 1, 1);
  nz = sys().nzones;
  argv[0] = "zones";
  argv[1] = 0;
  st = runzones(argv, out, sizeof(out));
  check(st == 0, "zones exited with %d", st);
  check(hasrow(out, ID_TOOL, 3, 1) && hasrow(out, ID_TOOL + 1, 1, 1),
        "zones did not list %d (3 pages) and %d (1 page)", ID_TOOL, ID_TOOL + 1);
  last = out + strlen(out);
  if(last > out && last[-1] == '\n')
    last--;
  while(last > out && last[-1] != '\n')
    last--;
  check(atoi(last) == nz, "zones' last line says %d zones, sysinfo %d", atoi(last), nz);
  argv[1] = "-x";
  argv[2] = 0;
  st = runzones(argv, out, sizeof(out));
  check(st == 1 && strchr(out, 'u') != 0, "zones -x: status %d, no usage", st);
  detach(a);
  detach(b);
}

// ---------------------------------------------------------------------
// Added with docs/zones.md, "Zones, the wrong way": tests for mistakes
// listed there that no test above catches by name.  Self-contained; they
// use only the helpers at the top of this file.

enum { ID_DUP = 28, ID_LASTREF = 29 };   // free ids (see the enum at the top)

#define LASTREF_ROUNDS 20000   // per worker: a few seconds on 2 CPUs

// M_CREATE of a zone that exists, by a process that has not attached it,
// is refused and leaves the zone table usable.  (Mutant: zcreate
// returned on "exists" without releasing ztable.lock; before this test
// only createrace showed it, as a panic in the middle of a race.)
static void
t_createdup(void)
{
  char *a = create(ID_DUP, 1);
  int pid = xfork();

  if(pid == 0){
    detach(a);                         // so zargsok does not refuse first
    refused(ID_DUP, M_CREATE, 1);
    refused(ID_DUP, M_CREATE, 2);
    check(zsize(ID_DUP) == 1, "after a refused M_CREATE: %d pages", zsize(ID_DUP));
    a = attach(ID_DUP, 0, 1);          // the table still works
    detach(a);
    exit(0);
  }
  check(waitfor(pid) == 0, "child failed (see console)");
  expectnref(ID_DUP, 1, "after the child's exit");
  detach(a);
}

// Create zone id, or attach it if it exists, write to it and detach,
// over and over.
static void
lastrefworker(int id)
{
  volatile uint *z;
  int i;

  for(i = 0; i < LASTREF_ROUNDS; i++){
    z = (volatile uint *)shmem(id, M_CREATE, 1);
    if(z == (uint *)FAILED && (z = (volatile uint *)shmem(id, 0, 0)) == (uint *)FAILED)
      continue;                        // freed, or being created, meanwhile
    z[0]++;
    detach((char *)z);
  }
  exit(0);
}

// One worker per CPU creates, attaches and detaches one zone as fast as
// it can, so that the last detach of the zone keeps meeting an attach of
// it on another CPU: the zone must be freed exactly once, by whoever
// dropped the last reference.  (Mutant: zput decremented nref under the
// lock but tested it for 0 after releasing it; an attach in between got
// pages that were then freed under it.  attachrace catches that only
// now and then.)
static void
t_lastref(void)
{
  int i, n = sys().ncpu;

  for(i = 0; i < n; i++)
    if(xfork() == 0)
      lastrefworker(ID_LASTREF);
  check(waitall(n) == 0, "a worker failed (see console)");
  check(nref(ID_LASTREF) == -1, "the zone outlived every holder");
}

// ---------------------------------------------------------------------
// The driver

struct test {
  char *name;
  void (*fn)(void);
  int seconds;   // the watchdog kills the test after this long
};

static struct test tests[] = {
  { "badargs",    t_badargs,    30 },
  { "limits",     t_limits,     30 },
  { "lastslot",   t_lastslot,   30 },
  { "roundtrip",  t_roundtrip,  30 },
  { "zerofill",   t_zerofill,   30 },
  { "placement",  t_placement,  30 },
  { "fork",       t_fork,       30 },
  { "forkgap",    t_forkgap,    30 },
  { "rdonly",     t_rdonly,     30 },
  { "exec",       t_exec,       30 },
  { "exit",       t_exit,       30 },
  { "creating",   t_creating,   30 },
  { "mwait",      t_mwait,      30 },
  { "waitkill",   t_waitkill,   30 },
  { "sbrk",       t_sbrk,       30 },
  { "forkfail",   t_forkfail,   30 },
  { "visible",    t_visible,    30 },
  { "detachtlb",  t_detachtlb,  30 },
  { "zonestool",  t_zonestool,  30 },
  { "createrace", t_createrace, 60 },
  { "attachrace", t_attachrace, 90 },
  { "leak",       t_leak,       120 },
  { "oomcreate",  t_oomcreate,  60 },
  { "oomexec",    t_oomexec,    60 },
  { "oomfork",    t_oomfork,    60 },
  // Added with docs/zones.md, "Zones, the wrong way"
  { "createdup",  t_createdup,  30 },
  { "lastref",    t_lastref,    60 },
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

// The reason a failed test sent down the pipe p (its first line), or "".
static void
readwhy(int p[2], char *why, int max)
{
  int n = 0, r;
  char *nl;

  write(p[1], "", 1);                  // a NUL after whatever is there
  while(n < max - 1 && (r = read(p[0], why + n, max - 1 - n)) > 0){
    n += r;
    if(why[n - 1] == 0)
      break;
  }
  why[n] = 0;
  if((nl = strchr(why, '\n')) != 0)
    *nl = 0;
}

// Poll until free pages, zones and processes are back to s (orphans may
// still be on their way out); 0 if they are, else -1 with t the last look.
static int
settled(struct sysinfo *s, struct sysinfo *t)
{
  int i;

  for(i = 0; i < 200; i++){
    *t = sys();
    if(t->freepages == s->freepages && t->nzones == s->nzones &&
       t->nproc == s->nproc)
      return 0;
    sleep(1);
  }
  return -1;
}

// Run test t in a child, with a watchdog; print its line.  Returns 1 if
// it passed, else 0.
static int
runtest(struct test *t)
{
  static char why[256];
  struct sysinfo s, after;
  int p[2], pid, wd, w, st, status = 0, timedout = 0, left, leaked;

  s = sys();
  if(pipe(p) < 0){
    printf("FAIL %s: pipe failed\n", t->name);
    return 0;
  }
  curtest = t->name;
  if((pid = fork()) == 0){
    recv(p[0]);                        // until the watchdog is in place
    close(p[0]);
    testpid = getpid();
    whyfd = p[1];
    ownmemory();                       // its page counts are its own
    t->fn();
    exit(0);
  }
  if((wd = fork()) == 0){
    if(sleep(t->seconds * 100) == 0 && kill(pid) == 0)
      exit(2);
    exit(0);
  }
  if(pid > 0)
    write(p[1], "g", 1);
  for(left = 2; left > 0; left--){
    if((w = wait(&st)) < 0)
      break;
    if(w == pid){
      status = st;
      kill(wd);
    } else if(w == wd && st == 2){
      timedout = 1;
    }
  }
  why[0] = 0;
  if(status != 0)
    readwhy(p, why, sizeof(why));
  closepipe(p);
  leaked = settled(&s, &after) < 0;
  if(pid < 0 || wd < 0){
    printf("FAIL %s: fork failed\n", t->name);
    return 0;
  }
  if(timedout && status != 0){
    printf("FAIL %s: timed out after %d s\n", t->name, t->seconds);
    return 0;
  }
  if(status != 0){
    if(why[0])
      printf("FAIL %s: %s\n", t->name, why);
    else if(status == -1)
      printf("FAIL %s: killed (see console)\n", t->name);
    else
      printf("FAIL %s: exited with status %d\n", t->name, status);
    return 0;
  }
  if(leaked){
    printf("FAIL %s: lost %d pages, left %d zones, %d processes\n", t->name,
           s.freepages - after.freepages, after.nzones - s.nzones,
           after.nproc - s.nproc);
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

// `zonetests --hold ID`: create zone ID, one page, and keep it attached
// until end of input, so that ^P on the console has a zone to list.
static int
hold(int id)
{
  char c;

  if(shmem(id, M_CREATE, 1) == FAILED){
    fprintf(2, "zonetests: cannot create zone %d\n", id);
    return 1;
  }
  printf("holding zone %d\n", id);
  while(read(0, &c, 1) == 1)
    ;
  return 0;
}

int
main(int argc, char *argv[])
{
  struct sysinfo s, t;
  int i, passed = 0, failed = 0;

  // Hooks, before anything else: for the exec tests, and for the host's
  // console test of ^P.
  if(argc >= 2 && strcmp(argv[1], "--child-exec-probe") == 0)
    return probe(argc, argv);
  if(argc == 3 && strcmp(argv[1], "--hold") == 0)
    return hold(atoi(argv[2]));

  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      fprintf(2, "zonetests: no test named %s\n", argv[i]);
      exit(1);
    }
  }
  s = sys();
  for(i = 0; i < (argc > 1 ? argc - 1 : NTESTS); i++){
    if(runtest(argc > 1 ? findtest(argv[i + 1]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(settled(&s, &t) < 0 && (t.freepages != s.freepages || t.nzones != s.nzones)){
    printf("FAIL leak: %d pages lost, %d zones left\n",
           s.freepages - t.freepages, t.nzones - s.nzones);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
