// failtests: the walks of fault injection (failnth, kernel/faultinj.c).
// Each test walks one operation the way SQLite walks its allocator: with
// the Nth counted allocation failing, for N = 1, 2, 3, ... until the
// operation completes without reaching the fault.  After every N the
// operation must have failed cleanly (returned -1 with every count back,
// or, on a page-fault path, been killed) and all free pages, processes,
// open files, inodes and zones must be back once its process is gone.
// The runner and its leak checks are the shared harness's (user/test.h).
#include "user.h"
#include "test.h"

#define MAXWALK  1100   // most counted calls one walked operation may make
#define ZPAGES      3   // pages of the walks' zones
#define ZBIGPAGES 1030  // a zone whose page list needs two index pages
#define ZWALK      11   // zone id the create walk makes
#define ZHELD      12   // zone id the walk process holds for attach and touch
#define ZWAIT      13   // zone id the M_WAIT walk waits for
#define SBRKPAGES   4   // heap pages the lazy-sbrk walk touches
#define DEEPSTACK (24 * PGSIZE)   // stack the growth walk touches
#define GROWBYTES (3 * PGSIZE)    // a pipe write that makes the ring grow
#define WALKFILE  "failwalk"
#define WALKDIR   "failwalkdir"
#define WALKLINK  "failwalklink"
#define WALKSUBDIR WALKDIR "/d"
#define NSEEDED    20   // creates t_args makes with a seeded failure
#define READFILE  "/failtests"     // a file of more than READBYTES
#define READBYTES (2 * 1024)      // two blocks
#define WRITEBYTES (3 * 1024 + 100)  // a write over four blocks
#define WRITEBASE  (11 * 1024)   // writeind's file before: all but one direct block
#define BUFBYTES   (16 * 1024)   // buf: room for WRITEBASE + WRITEBYTES
#define NSEEDS      8   // seeds t_seeded runs
#define SEEDODDS    6   // t_seeded fails 1 call in SEEDODDS
#define EXECARG   "-calls"        // argv[1] of the program the exec walk runs

// How an attempt at one N ended: its exit status.  A killed attempt
// exits -1; one that found a bug fail()s with 1.
#define NOTREACHED 10   // the operation succeeded; the Nth call never came
#define FAILED     11   // the operation failed cleanly
#define ABSORBED   12   // the Nth call failed but the operation succeeded

// One walked operation.  In the attempt's own process, with its memory
// made its own: setup (optional, not armed), then run with the fault
// armed, which returns 0 or -1; then reap (optional, not armed) gives
// back whatever setup made; then, if run succeeded, undo (optional)
// gives back what run made, and if it failed, gone (optional) checks
// that it left nothing behind that the counts do not see.
struct walk {
  int what;              // FAIL_* bits
  void (*setup)(void);
  int (*run)(void);
  void (*reap)(void);
  void (*undo)(void);
  void (*gone)(void);
  int absorbs;           // a reached fault may leave run successful
};

static int curn;           // the attempt's N
static int helper;         // the pid setup forked, or 0
static int hfd[2];         // setup's pipe to its helper
static char *zheld;        // the walk process's zone ZHELD, or 0
static char *zp;           // the zone the attempt attached
static char cowpage[PGSIZE] __attribute__((aligned(PGSIZE)));
static char buf[BUFBYTES];

// Fail with what changed from *b to *a.
static void
leaked(char *when, struct sysinfo *b, struct sysinfo *a)
{
  fail("%s with call %d failing: %d pages, %d processes, %d files, "
       "%d inodes, %d zones not back", when, curn,
       b->freepages - a->freepages, a->nproc - b->nproc,
       a->nfiles - b->nfiles, a->ninodes - b->ninodes, a->nzones - b->nzones);
}

static int walker;          // the pid of the process that runs the walk

// One attempt, in a process of its own: run w with call curn failing,
// and exit with how it went.  Its counts are exact only once the walker,
// which shares its pages copy-on-write, has gone to sleep in wait: until
// then the walker's own stores may copy pages.
static void
attempt(struct walk *w)
{
  struct sysinfo before, after;
  int r, ncalls;

  while(!asleep(walker))
    sleep(0);
  ownmemory();
  before = testcounts();
  if(w->setup)
    w->setup();
  expect(failnth(w->what, curn, 0) >= 0, "failnth refused");
  r = w->run();
  ncalls = failnth(0, 0, 0);
  if(w->reap)
    w->reap();
  if(r < 0){
    expect(ncalls >= curn, "failed with only %d calls made, none failing",
          ncalls);
    after = testcounts();
    if(!samecounts(&before, &after))
      leaked("failed", &before, &after);
    if(w->gone)
      w->gone();
    exit(FAILED);
  }
  if(w->undo)
    w->undo();
  if(ncalls < curn)
    exit(NOTREACHED);
  expect(w->absorbs, "call %d failed, yet the operation succeeded", curn);
  exit(ABSORBED);
}

// Fail unless the counts come back to *before: orphans of a killed
// attempt may still be exiting.
static void
settle(struct sysinfo *before)
{
  struct sysinfo after;

  if(settled(before, &after) < 0)
    leaked("after the attempt", before, &after);
}

// Walk w over N = 1, 2, ... until it completes without reaching call N.
static void
walk(struct walk *w)
{
  struct sysinfo before;
  int pid, status;

  ownmemory();
  walker = getpid();
  for(curn = 1; curn <= MAXWALK; curn++){
    before = testcounts();
    if((pid = fork()) == 0)
      attempt(w);
    expect(pid > 0, "fork failed");
    expect(wait(&status) == pid, "lost the attempt");
    expect(status == NOTREACHED || status == FAILED || status == ABSORBED ||
          status == -1, "call %d failing: the attempt exited %d", curn, status);
    settle(&before);
    if(status == NOTREACHED){
      expect(curn > 1, "the operation made no counted call");
      return;
    }
  }
  fail("call %d still reached: more calls than MAXWALK", MAXWALK);
}

// The links stat reports for path, which it reads from disk when no one
// holds the inode (the inode table keeps no unreferenced copy); -1 if
// there is no such file.
static int
links(char *path)
{
  struct stat st;

  return stat(path, &st) < 0 ? -1 : st.nlink;
}

// ---- helpers setup forks ----

// Fork a helper that runs fn and exits; it holds hfd[0], the attempt
// hfd[1], so the helper sees end of file once the attempt is done or gone.
static void
spawnhelper(void (*fn)(void))
{
  expect(pipe(hfd) == 0, "pipe failed");
  if((helper = fork()) == 0){
    close(hfd[1]);
    fn();
    exit(0);
  }
  expect(helper > 0, "fork failed");
  close(hfd[0]);
}

static void
reaphelper(void)
{
  int status;

  close(hfd[1]);
  expect(wait(&status) == helper, "lost the helper");
  expect(status == 0, "the helper exited %d", status);
}

// Hold the attempt's pages, shared copy-on-write, until it is done.
static void
holdpages(void)
{
  char c;

  read(hfd[0], &c, 1);
}

// ---- system calls ----

static int
runfork(void)
{
  int pid, status;

  if((pid = fork()) < 0)
    return -1;
  if(pid == 0)
    exit(0);
  expect(wait(&status) == pid && status == 0, "the forked child was lost");
  return 0;
}

static struct walk forkwalk = { FAIL_KALLOC, 0, runfork, 0, 0, 0, 0 };

static void
t_fork(void)
{
  walk(&forkwalk);
}

// exec this program again; it says whether its Nth call was reached.
static int
runexec(void)
{
  char n[12], *argv[] = { "failtests", EXECARG, n, 0 };
  int i = sizeof(n) - 1, v = curn;

  n[i] = 0;
  do
    n[--i] = '0' + v % 10;
  while((v /= 10) > 0);
  argv[2] = n + i;
  exec("/failtests", argv);
  return -1;
}

static struct walk execwalk = { FAIL_KALLOC | FAIL_BREAD, 0, runexec, 0, 0, 0, 1 };

static void
t_exec(void)
{
  walk(&execwalk);
}

static int
runpipe(void)
{
  int fds[2];
  char c = 'x';

  if(pipe(fds) < 0)
    return -1;
  expect(write(fds[1], &c, 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'x',
        "the pipe lost a byte");
  close(fds[0]);
  close(fds[1]);
  return 0;
}

static struct walk pipewalk = { FAIL_KALLOC, 0, runpipe, 0, 0, 0, 0 };

static void
t_pipe(void)
{
  walk(&pipewalk);
}

// Read everything from the pipe; exit 1 unless it was GROWBYTES bytes.
static void
drain(void)
{
  int n, total = 0;

  while((n = read(hfd[0], buf, sizeof(buf))) > 0)
    total += n;
  if(total != GROWBYTES)
    exit(1);
}

static void
pipegrowsetup(void)
{
  spawnhelper(drain);
}

// A write that needs the ring to grow still works if it cannot grow.
static int
runpipegrow(void)
{
  return write(hfd[1], buf, GROWBYTES) == GROWBYTES ? 0 : -1;
}

static struct walk pipegrowwalk =
  { FAIL_KALLOC, pipegrowsetup, runpipegrow, reaphelper, 0, 0, 1 };

static void
t_pipegrow(void)
{
  walk(&pipegrowwalk);
}

// open(O_CREATE), failing anywhere: in ialloc, a block read, a page.
static int
runcreate(void)
{
  int fd = open(WALKFILE, O_CREATE | O_RDWR);

  if(fd < 0)
    return -1;
  close(fd);
  return 0;
}

static void
unlinkfile(void)
{
  expect(unlink(WALKFILE) == 0, "cannot unlink " WALKFILE);
}

// A created file has its link on disk.
static void
unlinknew(void)
{
  expect(links(WALKFILE) == 1, "the new file has %d links", links(WALKFILE));
  unlinkfile();
}

// A create that failed must leave no file behind.
static void
nofile(void)
{
  struct stat st;

  expect(stat(WALKFILE, &st) < 0, "a failed create left " WALKFILE);
}

static struct walk createwalk =
  { FAIL_KALLOC | FAIL_IALLOC, 0, runcreate, 0, unlinknew, nofile, 0 };

static void
t_create(void)
{
  walk(&createwalk);
}

// A failed block read may be absorbed: the name lookup reads the
// directory, and a block it cannot read is taken not to hold the name,
// so the create goes ahead (and dirlink, reading again, still refuses a
// name that is there).
static struct walk createreadwalk =
  { FAIL_BREAD, 0, runcreate, 0, unlinknew, nofile, 1 };

static void
t_createread(void)
{
  walk(&createreadwalk);
}

// Read the first blocks of a file: a block that cannot be read is -1.
static int
runread(void)
{
  int fd, n;

  if((fd = open(READFILE, O_RDONLY)) < 0)
    return -1;
  n = read(fd, buf, READBYTES);
  close(fd);
  return n == READBYTES ? 0 : -1;
}

static struct walk readwalk = { FAIL_BREAD, 0, runread, 0, 0, 0, 0 };

static void
t_read(void)
{
  walk(&readwalk);
}

static void
makefile(void)
{
  int fd = open(WALKFILE, O_CREATE | O_RDWR);

  expect(fd >= 0, "cannot create " WALKFILE);
  expect(write(fd, buf, READBYTES) == READBYTES, "cannot write " WALKFILE);
  close(fd);
}

static int
rununlink(void)
{
  return unlink(WALKFILE);
}

// An unlink that failed leaves the file as it was.
static void
stillthere(void)
{
  struct stat st;

  expect(stat(WALKFILE, &st) == 0, "a failed unlink removed " WALKFILE);
  expect(st.nlink == 1 && st.size == READBYTES,
        "a failed unlink left %d links, %d bytes", st.nlink, st.size);
  unlinkfile();
}

static void
unlinked(void)
{
  struct stat st;

  expect(stat(WALKFILE, &st) < 0, "unlink left " WALKFILE);
}

// Absorbs: once the name is gone, a failure to count the link down on
// disk is made good by freeing the inode, which writes it again.
static struct walk unlinkwalk =
  { FAIL_ALL, makefile, rununlink, 0, unlinked, stillthere, 1 };

static void
t_unlink(void)
{
  walk(&unlinkwalk);
}

static int
runlink(void)
{
  return link(WALKFILE, WALKLINK);
}

// A made link counts on disk: unlinking either name keeps the other.
static void
linked(void)
{
  expect(links(WALKFILE) == 2, "a linked file has %d links", links(WALKFILE));
  expect(unlink(WALKLINK) == 0, "cannot unlink " WALKLINK);
  expect(links(WALKFILE) == 1, "after unlinking the link, %d links",
        links(WALKFILE));
  unlinkfile();
}

static void
notlinked(void)
{
  expect(links(WALKLINK) < 0, "a failed link left " WALKLINK);
  expect(links(WALKFILE) == 1, "a failed link left %d links", links(WALKFILE));
  unlinkfile();
}

static struct walk linkwalk =
  { FAIL_ALL, makefile, runlink, 0, linked, notlinked, 0 };

static void
t_link(void)
{
  unlink(WALKLINK);   // a run killed part way may have left it
  walk(&linkwalk);
}

static int wfd;        // the write walk's file
static int wbase;      // the bytes it held before the walked write
static int written;    // what that write returned

// Open a new file holding the first base bytes of a pattern in buf.
static void
writeopen(int base)
{
  int i;

  for(i = 0; i < base + WRITEBYTES; i++)
    buf[i] = i % 251;
  wbase = base;
  wfd = open(WALKFILE, O_CREATE | O_RDWR);
  expect(wfd >= 0, "cannot create " WALKFILE);
  expect(write(wfd, buf, base) == base, "cannot write the first %d bytes", base);
}

static void
writesetup(void)
{
  writeopen(0);
}

// Past the direct blocks: the write must allocate the indirect block.
static void
writeindsetup(void)
{
  writeopen(WRITEBASE);
}

// A write of a few blocks: all of it, or short, or -1.
static int
runwrite(void)
{
  written = write(wfd, buf + wbase, WRITEBYTES);
  return written == WRITEBYTES ? 0 : -1;
}

static void
writereap(void)
{
  close(wfd);
}

// A write that failed part way leaves the file holding what it wrote,
// and nothing else.
static void
writtenpart(void)
{
  int fd, i, want = wbase + (written < 0 ? 0 : written);
  static char back[BUFBYTES];

  expect((fd = open(WALKFILE, O_RDONLY)) >= 0, "the file is gone");
  i = read(fd, back, sizeof(back));
  close(fd);
  expect(i == want, "wrote %d bytes after %d, read back %d", written, wbase, i);
  for(i = 0; i < want; i++)
    expect(back[i] == buf[i], "byte %d reads back wrong", i);
  unlinkfile();
}

static void
writtenall(void)
{
  written = WRITEBYTES;
  writtenpart();
}

// Absorbs: a piece of the write that comes back short is followed by
// the next piece, which may then succeed.
static struct walk writewalk =
  { FAIL_ALL, writesetup, runwrite, writereap, writtenall, writtenpart, 1 };

static void
t_write(void)
{
  walk(&writewalk);
}

static struct walk writeindwalk =
  { FAIL_ALL, writeindsetup, runwrite, writereap, writtenall, writtenpart, 1 };

static void
t_writeind(void)
{
  walk(&writeindwalk);
}

// mkdir in a directory of its own, whose links show whether the new
// ".." was counted on disk.
static int
runmkdir(void)
{
  return mkdir(WALKSUBDIR);
}

// (A run killed part way may have left them behind.)
static void
mkwalkdir(void)
{
  unlink(WALKSUBDIR);
  unlink(WALKDIR);
  expect(mkdir(WALKDIR) == 0, "cannot make " WALKDIR);
}

static void
rmwalkdir(void)
{
  expect(unlink(WALKDIR) == 0, "cannot unlink " WALKDIR);
}

// A made directory has one link, its name (zv6 does not count "."), and
// its ".." adds one to its parent's.
static void
rmsubdir(void)
{
  expect(links(WALKSUBDIR) == 1, "the new directory has %d links",
        links(WALKSUBDIR));
  expect(links(WALKDIR) == 2, "its parent has %d links, want 2",
        links(WALKDIR));
  expect(unlink(WALKSUBDIR) == 0, "cannot unlink " WALKSUBDIR);
  expect(links(WALKDIR) == 1, "its parent has %d links after unlink, want 1",
        links(WALKDIR));
}

static void
nosubdir(void)
{
  expect(links(WALKSUBDIR) < 0, "a failed mkdir left " WALKSUBDIR);
  expect(links(WALKDIR) == 1, "a failed mkdir left its parent %d links",
        links(WALKDIR));
}

static struct walk mkdirwalk =
  { FAIL_KALLOC | FAIL_IALLOC, 0, runmkdir, 0, rmsubdir, nosubdir, 0 };

static void
t_mkdir(void)
{
  mkwalkdir();
  walk(&mkdirwalk);
  rmwalkdir();
}

static struct walk mkdirreadwalk =
  { FAIL_BREAD, 0, runmkdir, 0, rmsubdir, nosubdir, 1 };

static void
t_mkdirread(void)
{
  mkwalkdir();
  walk(&mkdirreadwalk);
  rmwalkdir();
}

// ---- zones ----

static int
runzcreate(void)
{
  return (zp = shmem(ZWALK, M_CREATE, ZPAGES)) == (char *)-1 ? -1 : 0;
}

static void
detachzp(void)
{
  expect(shmdt(zp) == 0, "shmdt failed");
}

static struct walk zcreatewalk = { FAIL_KALLOC, 0, runzcreate, 0, detachzp, 0, 0 };

static void
t_zcreate(void)
{
  walk(&zcreatewalk);
}

static int
runzcreatebig(void)
{
  return (zp = shmem(ZWALK, M_CREATE, ZBIGPAGES)) == (char *)-1 ? -1 : 0;
}

static struct walk zcreatebigwalk =
  { FAIL_KALLOC, 0, runzcreatebig, 0, detachzp, 0, 0 };

static void
t_zcreatebig(void)
{
  walk(&zcreatebigwalk);
}

static int
runprocinfo(void)
{
  static struct procinfo info[NPROC];

  return procinfo(info, NPROC) > 0 ? 0 : -1;
}

static struct walk procinfowalk = { FAIL_KALLOC, 0, runprocinfo, 0, 0, 0, 0 };

static void
t_procinfo(void)
{
  walk(&procinfowalk);
}

// The walk process holds zone ZHELD; its attempts inherit it unmapped.
static void
holdzone(void)
{
  zheld = shmem(ZHELD, M_CREATE, ZPAGES);
  expect(zheld != (char *)-1, "shmem failed");
}

static void
dropzone(void)
{
  expect(shmdt(zheld) == 0, "shmdt failed");
}

static void
zattachsetup(void)
{
  expect(shmdt(zheld) == 0, "shmdt of the inherited zone failed");
}

static int
runzattach(void)
{
  return (zp = shmem(ZHELD, 0, 0)) == (char *)-1 ? -1 : 0;
}

static struct walk zattachwalk =
  { FAIL_KALLOC, zattachsetup, runzattach, 0, detachzp, 0, 0 };

static void
t_zattach(void)
{
  holdzone();
  walk(&zattachwalk);
  dropzone();
}

// Create zone ZWAIT a little after the attempt starts waiting for it.
static void
createlater(void)
{
  char *z;

  sleep(2);
  if((z = shmem(ZWAIT, M_CREATE, ZPAGES)) == (char *)-1)
    exit(1);
  shmdt(z);
}

static void
zwaitsetup(void)
{
  spawnhelper(createlater);
}

static int
runzwait(void)
{
  return (zp = shmem(ZWAIT, M_WAIT, 0)) == (char *)-1 ? -1 : 0;
}

static struct walk zwaitwalk =
  { FAIL_KALLOC, zwaitsetup, runzwait, reaphelper, detachzp, 0, 0 };

static void
t_zwait(void)
{
  walk(&zwaitwalk);
}

// ---- page faults: the process is killed if the page cannot be had ----

// A first touch of the zone a fork inherited maps it.
static int
runztouch(void)
{
  zheld[0]++;
  zheld[ZPAGES * PGSIZE - 1]++;
  return 0;
}

static struct walk ztouchwalk = { FAIL_KALLOC, 0, runztouch, 0, 0, 0, 0 };

static void
t_ztouch(void)
{
  holdzone();
  walk(&ztouchwalk);
  dropzone();
}

// Touch new heap pages: one where the heap is, and one in a page table
// of its own beyond the next 4 MiB boundary.
static int
runsbrk(void)
{
  uint brk = (uint)sbrk(0), far = PGROUNDUP(brk + 4 * 1024 * 1024);
  char *p;
  int i;

  if((p = sbrk(far + SBRKPAGES * PGSIZE - brk)) == (char *)-1)
    return -1;
  for(i = 0; i < SBRKPAGES; i++){
    p[i * PGSIZE] = 1;
    ((char *)far)[i * PGSIZE] = 1;
  }
  expect(sbrk(brk - (uint)sbrk(0)) != (char *)-1, "sbrk could not shrink");
  return 0;
}

static struct walk sbrkwalk = { FAIL_KALLOC, 0, runsbrk, 0, 0, 0, 0 };

static void
t_sbrk(void)
{
  walk(&sbrkwalk);
}

// Grow the stack DEEPSTACK deeper than any attempt has been.
static int __attribute__((noinline))
deep(void)
{
  volatile char frame[DEEPSTACK];

  frame[0] = 1;
  return frame[0];
}

static int
runstack(void)
{
  return deep() == 1 ? 0 : -1;
}

static struct walk stackwalk = { FAIL_KALLOC, 0, runstack, 0, 0, 0, 0 };

static void
t_stack(void)
{
  walk(&stackwalk);
}

static void
cowsetup(void)
{
  cowpage[0] = 1;
  spawnhelper(holdpages);
}

// A store to pages shared copy-on-write with the helper copies them.
static int
runcow(void)
{
  cowpage[0]++;
  return cowpage[0] == 2 ? 0 : -1;
}

static struct walk cowwalk = { FAIL_KALLOC, cowsetup, runcow, reaphelper, 0, 0, 0 };

static void
t_cow(void)
{
  walk(&cowwalk);
}

// ---- the system call itself ----

// A child starts with fault injection off, whatever its parent's.
static void
t_notinherited(void)
{
  int pid, status, fd;

  expect(failnth(FAIL_IALLOC, 1, 0) == 0, "arming failed");
  if((pid = fork()) == 0){
    if((fd = open(WALKFILE, O_CREATE | O_RDWR)) < 0)
      exit(1);
    close(fd);
    unlinkfile();
    exit(failnth(0, 0, 0) == 0 ? 0 : 2);
  }
  expect(pid > 0, "fork failed");
  expect(wait(&status) == pid && status == 0,
        "the child's create failed or was counted (%d)", status);
  expect(failnth(0, 0, 0) == 0, "the child's calls counted for the parent");
}

// Everything at once, failing 1 in SEEDODDS calls at random: whatever
// fails, or is killed, gives everything back.
static void
mixed(void)
{
  int fds[2], fd, pid;
  char *z, *p;

  if(pipe(fds) == 0){
    write(fds[1], buf, GROWBYTES / 2);
    close(fds[0]);
    close(fds[1]);
  }
  if((fd = open(WALKFILE, O_CREATE | O_RDWR)) >= 0){
    write(fd, buf, READBYTES);
    close(fd);
  }
  if((z = shmem(ZWALK, M_CREATE, ZPAGES)) != (char *)-1)
    shmdt(z);
  if((pid = fork()) == 0)
    exit(0);
  if(pid > 0)
    wait(0);
  if((p = sbrk(SBRKPAGES * PGSIZE)) != (char *)-1)
    memset(p, 1, SBRKPAGES * PGSIZE);
  runexec();
}

static void
t_seeded(void)
{
  struct sysinfo before;
  int seed, pid;

  ownmemory();
  for(seed = 1; seed <= NSEEDS; seed++){
    before = testcounts();
    if((pid = fork()) == 0){
      ownmemory();
      curn = 1 << 30;   // the exec'd program reports NOTREACHED
      expect(failnth(FAIL_ALL, SEEDODDS, seed) == 0, "arming failed");
      mixed();
      exit(0);
    }
    expect(pid > 0 && wait(0) == pid, "lost the child");
    unlink(WALKFILE);
    settle(&before);
  }
}

// Bad arguments are refused; failnth reports the calls it counted; and a
// seeded run fails some calls, not all, of many.
static void
t_args(void)
{
  int i, fd, ok = 0;

  expect(failnth(FAIL_ALL + 1, 1, 0) == -1, "unknown bits accepted");
  expect(failnth(FAIL_KALLOC, 0, 0) == -1, "n = 0 accepted");
  expect(failnth(FAIL_KALLOC, -1, 0) == -1, "n = -1 accepted");
  expect(failnth(0, 0, 0) == 0, "turning off did not report 0 calls");
  expect(failnth(FAIL_KALLOC, 1000, 0) == 0, "arming failed");
  runfork();
  i = failnth(0, 0, 0);
  expect(i >= 2 && i < 1000, "a fork counted %d calls", i);
  expect(failnth(FAIL_IALLOC, 2, 12345) == 0, "seeded arming failed");
  for(i = 0; i < NSEEDED; i++){
    if((fd = open(WALKFILE, O_CREATE | O_RDWR)) < 0)
      continue;
    ok++;
    close(fd);
    unlinkfile();
  }
  expect(failnth(0, 0, 0) == NSEEDED, "the seeded run did not count each create");
  expect(ok > 0 && ok < NSEEDED, "%d of %d creates succeeded, failing 1 in 2",
        ok, NSEEDED);
}

static struct test tests[] = {
  { "args", t_args, 60 },
  { "procinfo", t_procinfo, 60 },
  { "notinherited", t_notinherited, 60 },
  { "seeded", t_seeded, 60 },
  { "fork", t_fork, 60 },
  { "exec", t_exec, 60 },
  { "pipe", t_pipe, 60 },
  { "pipegrow", t_pipegrow, 60 },
  { "create", t_create, 60 },
  { "createread", t_createread, 60 },
  { "read", t_read, 60 },
  { "unlink", t_unlink, 60 },
  { "link", t_link, 60 },
  { "write", t_write, 60 },
  { "writeind", t_writeind, 60 },
  { "mkdir", t_mkdir, 60 },
  { "mkdirread", t_mkdirread, 60 },
  { "zcreate", t_zcreate, 60 },
  { "zcreatebig", t_zcreatebig, 120 },
  { "zattach", t_zattach, 60 },
  { "zwait", t_zwait, 60 },
  { "ztouch", t_ztouch, 60 },
  { "sbrk", t_sbrk, 60 },
  { "stack", t_stack, 60 },
  { "cow", t_cow, 60 },
};

// Run as the exec walk's program: exit NOTREACHED if call n (argv[2])
// was never reached, ABSORBED if it was and this still runs.
static int
execreport(char *n)
{
  return failnth(0, 0, 0) < parsenum(n) ? NOTREACHED : ABSORBED;
}

int
main(int argc, char *argv[])
{
  if(argc == 3 && strcmp(argv[1], EXECARG) == 0)
    exit(execreport(argv[2]));
  return runsuite("failtests", tests, NELEM(tests), argc, argv);
}
