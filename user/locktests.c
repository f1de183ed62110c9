// locktests: the guest tests of the lock statistics (the lockstat system
// call) and of the page allocator under load on many CPUs (kernel/kalloc.c).
// tests/suite.py runs them on 4 CPUs, where the storms have CPUs to
// spread over.  The runner, its output and its leak checks are the
// shared harness's (user/test.h).
#include "user.h"
#include "test.h"

#define UNMAPPED 0x50000000   // between the heap and the zones: nothing there
#define KERNBASE 0x80000000   // first kernel address
#define NFORKS   20           // forks in countfork
#define NTOUCH   16           // pages touched in countkalloc
#define STORMPROCS  8         // storm workers: two per CPU on 4 CPUs
#define STORMROUNDS 30        // children each worker forks and reaps
#define STORMPAGES  8         // pages each storm child touches
#define SBRKROUNDS  500       // rounds of each sbrk storm worker
#define SBRKPAGES   64        // pages it touches a round
#define STEALZONE   7         // zone id of stealall's counter
#define STEALSLACK  32        // pages a child may cost beyond its memory


static struct lockstat stats1[NLOCKCLASS], stats2[NLOCKCLASS];

// Fork a child that runs fn and exits with its status; the child's pid.
static int
spawn(int (*fn)(void))
{
  int pid = fork();

  expect(pid >= 0, "fork failed");
  if(pid == 0)
    exit(fn());
  return pid;
}

// Wait for any child; its exit status.  The caller must have one.
static int
reapone(void)
{
  int status;

  expect(wait(&status) >= 0, "wait found no child");
  return status;
}

// ---- lock statistics ----

// The acquisitions of class name now.
static uint
acquisitions(struct lockstat *ls, char *name)
{
  int i, n = lockstat(ls, NLOCKCLASS);

  expect(n > 0, "lockstat returned %d", n);
  for(i = 0; i < n; i++)
    if(strcmp(ls[i].name, name) == 0)
      return ls[i].nacquire;
  fail("no lock class named %s", name);
}

static int
exitzero(void)
{
  return 0;
}

// fork takes the process-table lock, so its class counts every fork.
static void
countfork(void)
{
  uint before = acquisitions(stats1, "ptable"), grew;
  int i;

  for(i = 0; i < NFORKS; i++){
    spawn(exitzero);
    expect(reapone() == 0, "a child failed");
  }
  grew = acquisitions(stats2, "ptable") - before;
  expect(grew >= NFORKS, "ptable acquired %d times in %d forks", grew, NFORKS);
}

// The first touch of a page allocates it, which takes a kmem lock.
static void
countkalloc(void)
{
  uint before = acquisitions(stats1, "kmem"), grew;
  char *p;
  int i;

  expect((p = sbrk(NTOUCH * PGSIZE)) != (char *)-1, "sbrk failed");
  for(i = 0; i < NTOUCH; i++)
    p[i * PGSIZE] = 1;
  grew = acquisitions(stats2, "kmem") - before;
  expect(grew >= NTOUCH, "kmem acquired %d times for %d new pages",
         grew, NTOUCH);
  sbrk(-NTOUCH * PGSIZE);
}

// lockstat fills at most n entries, at most NLOCKCLASS, and says how
// many; class 0 is "(other)", and every name is NUL-terminated.
static void
countentries(void)
{
  int i, all = lockstat(stats1, NLOCKCLASS);

  expect(all > 1 && all <= NLOCKCLASS, "lockstat returned %d", all);
  expect(lockstat(stats2, NLOCKCLASS + 100) == all, "n past NLOCKCLASS");
  expect(lockstat(stats2, 1) == 1, "lockstat of 1 entry");
  expect(lockstat(stats2, 0) == 0, "lockstat of 0 entries");
  expect(lockstat(0, 0) == 0, "lockstat(0, 0)");
  expect(strcmp(stats1[0].name, "(other)") == 0, "class 0 is %s", stats1[0].name);
  for(i = 0; i < all; i++)
    expect(strlen(stats1[i].name) < LOCKNAME, "class %d's name has no NUL", i);
}

// Bad buffers and counts: -1, and nothing written.
static void
badbuf(void)
{
  char *brk = sbrk(0);
  struct lockstat *edge = (struct lockstat *)(PGROUNDUP((uint)brk) - sizeof(*edge));
  int i;

  expect(lockstat(stats1, -1) == -1, "n = -1");
  expect(lockstat((struct lockstat *)KERNBASE, 1) == -1, "kernel buffer");
  expect(lockstat((struct lockstat *)(KERNBASE - 4), 1) == -1, "buffer into the kernel");
  expect(lockstat((struct lockstat *)UNMAPPED, 1) == -1, "unmapped buffer");
  expect(lockstat((struct lockstat *)badbuf, 1) == -1, "buffer in the program's text");
  // One entry fits below the break's page end, two do not.
  expect(sbrk(PGROUNDUP((uint)brk) - (uint)brk) != (char *)-1, "sbrk failed");
  memset(edge, 0x5A, sizeof(*edge));
  expect(lockstat(edge, 2) == -1, "buffer past the break");
  for(i = 0; i < sizeof(*edge); i++)
    expect(((char *)edge)[i] == 0x5A, "a refused call wrote byte %d", i);
  expect(lockstat(edge, 1) == 1, "buffer right at the break");
}

// ---- the page allocator under load ----

// A child of the storm: touch STORMPAGES new pages, then share them with
// a grandchild (copy-on-write) that writes them too, so that pages are
// allocated, copied and freed on whichever CPUs the three run on.
static int
stormchild(void)
{
  char *p = sbrk(STORMPAGES * PGSIZE);
  int i, pid, status;

  if(p == (char *)-1)
    return 1;
  for(i = 0; i < STORMPAGES; i++)
    p[i * PGSIZE] = i;
  if((pid = fork()) < 0)
    return 1;
  if(pid == 0){
    for(i = 0; i < STORMPAGES; i++)
      p[i * PGSIZE]++;
    exit(0);
  }
  return wait(&status) == pid ? status : 1;
}

static int
stormworker(void)
{
  int i, pid, status;

  for(i = 0; i < STORMROUNDS; i++){
    if((pid = fork()) < 0)
      return 1;
    if(pid == 0)
      exit(stormchild());
    if(wait(&status) != pid || status != 0)
      return 1;
  }
  return 0;
}

// Run STORMPROCS storm workers at once and reap them.
static void
storm(void)
{
  int i, failed = 0;

  for(i = 0; i < STORMPROCS; i++)
    spawn(stormworker);
  for(i = 0; i < STORMPROCS; i++)
    failed += reapone() != 0;
  expect(failed == 0, "%d storm workers failed", failed);
}

// Grow by SBRKPAGES pages, touch them, shrink back, SBRKROUNDS times:
// as many kallocs and kfrees as the CPU can make.
static int
sbrkworker(void)
{
  char *p;
  int i, r;

  for(r = 0; r < SBRKROUNDS; r++){
    if((p = sbrk(SBRKPAGES * PGSIZE)) == (char *)-1)
      return 1;
    for(i = 0; i < SBRKPAGES; i++)
      p[i * PGSIZE] = 1;
    if(sbrk(-SBRKPAGES * PGSIZE) == (char *)-1)
      return 1;
  }
  return 0;
}

// STORMPROCS processes allocate and free pages as fast as they can, all
// at once; afterwards every page is free again.
static void
sbrkstorm(void)
{
  int before = freepages(), i, failed = 0;

  for(i = 0; i < STORMPROCS; i++)
    spawn(sbrkworker);
  for(i = 0; i < STORMPROCS; i++)
    failed += reapone() != 0;
  expect(failed == 0, "%d sbrk workers failed", failed);
  expect(freepages() == before, "%d pages free after the storm, %d before",
         freepages(), before);
}

static int watchbase;   // the free pages watch() must never see exceeded

// Read the free-page count over and over until killed; exit 1 if it is
// ever above watchbase.
static int
watch(void)
{
  for(;;)
    if(freepages() > watchbase)
      return 1;
}

// A fork/exit storm on every CPU: pages are allocated on one CPU, freed
// on another and stolen back.  Meanwhile the free-page count never
// rises above where it started, and afterwards it is back exactly.
static void
forkstorm(void)
{
  int watcher, status;

  watchbase = freepages();
  watcher = spawn(watch);
  storm();
  kill(watcher);
  expect(wait(&status) == watcher, "lost the watcher");
  expect(status == -1, "saw more pages free than before the storm");
  expect(freepages() == watchbase, "%d pages free after the storm, %d before",
         freepages(), watchbase);
}

static volatile int *touched;   // stealall's zone page: pages touched

// Touch new pages, counting them in *touched, until memory runs out and
// the kernel kills this process.
static int
touchall(void)
{
  char *p;

  for(;;){
    if((p = sbrk(PGSIZE)) == (char *)-1)
      return 1;
    *p = 1;
    (*touched)++;
  }
}

// One process can have all free memory wherever it is listed: after a
// storm has left free pages on several CPUs' lists, a process that
// touches pages until memory runs out must get all of them but its own
// page tables, so its CPU must have stolen the other lists' pages.
static void
stealall(void)
{
  int before, status;

  storm();
  touched = (volatile int *)shmem(STEALZONE, M_CREATE, 1);
  expect(touched != (int *)-1, "shmem failed");
  before = freepages();
  spawn(touchall);
  status = reapone();
  expect(status == -1, "the toucher exited %d, not killed", status);
  expect(*touched >= before - before / 1024 - STEALSLACK,
         "one process got %d of %d free pages", *touched, before);
  expect(shmdt((void *)touched) == 0, "shmdt failed");
}

// ---- the runner ----

static struct test tests[] = {
  { "countfork", countfork, 60 },
  { "countkalloc", countkalloc, 60 },
  { "countentries", countentries, 60 },
  { "badbuf", badbuf, 60 },
  { "forkstorm", forkstorm, 120 },
  { "sbrkstorm", sbrkstorm, 120 },
  { "stealall", stealall, 120 },
};

int
main(int argc, char *argv[])
{
  return runsuite("locktests", tests, NELEM(tests), argc, argv);
}
