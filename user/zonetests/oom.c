// zonetests: memory, sbrk stops before the zone area; out of memory changes nothing.
#include "zonetests.h"

void
t_sbrk(void)
{
  char *cur = sbrk(0), *a;
  int i;

  for(i = 0; i < 2; i++){
    expect(sbrk(SHMBASE - (uint)cur + 1) == FAILED, "sbrk into the zone area worked");
    expect(sbrk(SHMBASE - (uint)cur + PGSIZE) == FAILED, "sbrk past SHMBASE worked");
    expect(sbrk(0x7FFFFFFF) == FAILED, "sbrk(0x7FFFFFFF) worked");
    expect(sbrk(0) == cur, "refused sbrk moved the break");
    if(i == 0){
      a = create(ID_SBRK, 2);
      expect(a == (char *)SHMBASE, "zone at 0x%x, not SHMBASE", (uint)a);
      fill(a, 2, 14);
    }
  }
  expect(badword(a, 2, 14) < 0, "refused sbrk changed the zone");
  expect(sbrk(PGSIZE) == cur, "sbrk of a page failed");
  cur[PGSIZE - 1] = 1;
  expect(sbrk(-PGSIZE) == cur + PGSIZE, "sbrk shrink failed");
  detach(a);
}

// A fork refused for want of a process slot leaves every count alone.
void
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
  expect(s.freepages == b.freepages && s.nproc == b.nproc,
        "a failed fork changed free pages %d->%d, processes %d->%d",
        b.freepages, s.freepages, b.nproc, s.nproc);
  expectnref(ID_FORKFAIL, 1 + n, "after a failed fork");
  closepipe(p);
  expect(waitall(n) == 0, "a child failed");
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

  expect(f == k && freepages() == k, "cannot leave %d pages free: %d", k, f);
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

  expect((k = balloon(&bl, 'f', 0)) == 0, "balloon left %d pages free", k);
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
  expect(waitfor(bl.pid) == 0, "balloon failed");
  expect(oomintact(), "zones A and B changed");
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
  expect(a == FAILED, "created %d pages with only %d free", n, k);
  expect(nref(ID_OOM + 2) == -1 && oomintact(),
        "failed creation with %d free pages changed the zone table", k);
  expect(s.freepages == k, "failed creation of %d pages with %d free: %d free "
        "after (everything allocated must be given back)", n, k, s.freepages);
}

// Creation runs out of index pages, zone pages, page tables: every
// failure gives back everything.
void
t_oomcreate(void)
{
  oomsetup();
  oomfill();
  oomcreate(0, 1);
  oomcreate(1, 1);
  leavefree(&bl, 2);                   // just enough: index page, page
  detach(create(ID_OOM + 2, 1));
  expect(freepages() == 2, "create and detach with 2 free left %d", freepages());
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
    exec(SELF, argv);
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
void
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
  expect(recv(rep[0]) == 'r', "the execer did not start");
  oomfill();
  for(k = 0; ; k++){
    leavefree(&bl, k);
    send(cmd[1], 'x');
    if((c = recv(rep[0])) == 'k')
      break;
    expect(c == 'n', "a failed exec changed something (see console)");
    expect(k < 500, "exec still fails with %d free pages", k);
  }
  expect(k > 0, "exec worked with no free page");
  oomnref = 1;
  expect(oomintact(), "after an exec with %d free pages: nref %d/%d", k,
        nref(ID_OOM), nref(ID_OOM + 1));
  send(cmd[1], 'q');
  expect(waitfor(pid) == 0, "exec'd probe failed");
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
    expect(t.freepages == k && t.nproc == s.nproc && t.nzones == s.nzones &&
          oomintact(), "fork that failed with %d free pages changed "
          "something: free %d, nref %d/%d", k, t.freepages, nref(ID_OOM),
          nref(ID_OOM + 1));
    expect(k < 500, "fork still fails with %d free pages", k);
    expect(write(rfd, &k, sizeof(k)) == sizeof(k), "cannot report");
  }
  expect(k > 0, "fork worked with no free page");
  expect(waitfor(pid) == 0, "forked child failed");
  exit(0);
}

// Fork with 0, 1, 2 ... free pages: each failure leaves every count and
// page as it was, including a failure halfway through the zones; the
// first fork that works runs its child, and everything comes back.
void
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
    expect(k == last + 1, "forker reported %d after %d", k, last);
    last = k;
  }
  close(r[0]);
  // Killed (-1) is allowed only after the fork that worked: see oomforker.
  expect((st = waitfor(pid)) == 0 || st == -1, "forker exited %d", st);
  expect(last >= 0, "the first fork, with no free page, worked");
  oomdone();
}
