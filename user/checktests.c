// checktests: the guest tests of the kernel self-checks (the selfcheck
// system call, kernel/check.c).  selfcheck must find nothing wrong on an
// idle system, and nothing while or after the workloads that change the
// tables it checks run beside it: fork with zones, copy-on-write fork
// storms, M_WAIT sleepers handed a zone, sbrk, pipes, zones attached and
// detached.  That each check can fail was shown by breaking the kernel
// on purpose (see docs/selfcheck.md).  tests/suite.py runs them on 2 and
// on 4 CPUs.  The runner is the shared harness (user/test.h).
#include "user.h"
#include "test.h"
#include "sync.h"   // atomic_fetch_add: the sleepers count at once

#define ZRW      1     // zone ids used here
#define ZRO      2
#define ZWAIT    3
#define ZCHURN   4
#define NKIDS    4     // children in forkzones and mwait
#define WORKERS  4     // storm workers: two per CPU on 2 CPUs
#define ROUNDS   20    // children each storm worker forks
#define HEAP     8     // heap pages a storm worker touches
#define CHECKS   20    // selfchecks made while a storm runs
#define SBRKPAGES 64   // pages the sbrk test grows by
#define PIPEBYTES (64 * 1024)

static void
healthy(char *when)
{
  int n = selfcheck();

  expect(n == 0, "selfcheck found %d problems %s", n, when);
}

// Block until a byte comes down fd (or it closes).
static void
blockon(int fd)
{
  char c;

  read(fd, &c, 1);
}

static void
idle(void)
{
  healthy("on an idle system");
  healthy("the second time");
}

// Children that share zones, some of them having touched them (mapped,
// zonefault) and some not (attached only), all alive at the check.
static void
forkzones(void)
{
  char *rw, *ro;
  int i, pid, go[2], ready[2];

  expect((rw = shmem(ZRW, M_CREATE, 3)) != (char *)-1, "create rw zone");
  expect((ro = shmem(ZRO, M_CREATE | M_RDONLY, 1)) != (char *)-1, "create ro zone");
  expect(pipe(go) == 0 && pipe(ready) == 0, "pipe");
  for(i = 0; i < NKIDS; i++){
    expect((pid = fork()) >= 0, "fork");
    if(pid == 0){
      close(go[1]);
      if(i % 2){
        rw[i * PGSIZE % (3 * PGSIZE)] = i;
        expect(ro[0] == 0, "read-only zone not zero");
      }
      write(ready[1], "x", 1);
      blockon(go[0]);
      exit(0);
    }
  }
  for(i = 0; i < NKIDS; i++)
    blockon(ready[0]);
  healthy("with children sharing zones");
  close(go[1]);
  close(go[0]);
  close(ready[0]);
  close(ready[1]);
  expect(waitall(NKIDS) == 0, "a child failed");
  healthy("after the children exited");
  expect(shmdt(rw) == 0 && shmdt(ro) == 0, "shmdt");
  healthy("after the zones were freed");
}

// A storm worker: fork children that write some of the shared heap
// pages (copy-on-write breaks) and read the others.
static void
stormworker(void)
{
  char *heap = sbrk(HEAP * PGSIZE);
  int i, j, pid;

  expect(heap != (char *)-1, "sbrk");
  for(j = 0; j < HEAP; j++)
    heap[j * PGSIZE] = j;
  for(i = 0; i < ROUNDS; i++){
    expect((pid = fork()) >= 0, "fork");
    if(pid == 0){
      for(j = 0; j < HEAP; j++)
        if((j + i) % 2)
          heap[j * PGSIZE]++;
        else
          expect(heap[j * PGSIZE] == j, "heap page %d changed", j);
      exit(0);
    }
    if(i % 3 == 0)
      heap[(i % HEAP) * PGSIZE] = i % HEAP;   // a write by the parent too
    expect(waitall(1) == 0, "a child failed");
  }
  exit(0);
}

static void
cowstorm(void)
{
  int i, pid;

  for(i = 0; i < WORKERS; i++){
    expect((pid = fork()) >= 0, "fork");
    if(pid == 0)
      stormworker();
  }
  for(i = 0; i < CHECKS; i++)
    healthy("during a copy-on-write fork storm");
  expect(waitall(WORKERS) == 0, "a child failed");
  healthy("after the storm");
}

// M_WAIT sleepers: counted in nwaiting while they sleep, handed a
// reference at creation, then attached.  One of them is killed first.
static void
mwait(void)
{
  struct shminfo info;
  char *z;
  int i, pid, victim = 0;

  for(i = 0; i < NKIDS; i++){
    expect((pid = fork()) >= 0, "fork");
    if(pid == 0){
      expect((z = shmem(ZWAIT, M_WAIT, 0)) != (char *)-1, "M_WAIT attach");
      // Atomic: the sleepers wake together, on several CPUs.
      atomic_fetch_add((volatile int *)z, 1);
      exit(0);
    }
    victim = pid;
  }
  sleep(5);
  expect(shminfo(ZWAIT, &info) == -1, "zone exists before its creation");
  healthy("with M_WAIT sleepers");
  kill(victim);
  expect(wait(0) == victim, "the killed sleeper did not exit first");
  healthy("after a sleeper was killed");
  expect((z = shmem(ZWAIT, M_CREATE, 2)) != (char *)-1, "create");
  healthy("right after the sleepers were handed the zone");
  expect(waitall(NKIDS - 1) == 0, "a child failed");
  expect(*(int *)z == NKIDS - 1, "zone counter %d, want %d", *(int *)z,
         NKIDS - 1);
  healthy("after the sleepers exited");
  expect(shmdt(z) == 0, "shmdt");
}

// Grow, touch, share and shrink the heap.
static void
sbrkshrink(void)
{
  char *p;
  int i, pid;

  expect((p = sbrk(SBRKPAGES * PGSIZE)) != (char *)-1, "sbrk");
  for(i = 0; i < SBRKPAGES; i += 2)
    p[i * PGSIZE] = 1;
  healthy("after growing the heap");
  expect((pid = fork()) >= 0, "fork");
  if(pid == 0){
    sbrk(-SBRKPAGES / 2 * PGSIZE);
    healthy("after a child shrank its shared heap");
    exit(0);
  }
  expect(waitall(1) == 0, "a child failed");
  sbrk(-SBRKPAGES * PGSIZE);
  healthy("after shrinking the heap");
}

// A pipe stream, checked between reads.
static void
pipes(void)
{
  static char buf[PGSIZE];
  int fds[2], pid, n, got = 0;

  expect(pipe(fds) == 0, "pipe");
  expect((pid = fork()) >= 0, "fork");
  if(pid == 0){
    close(fds[0]);
    memset(buf, 'p', sizeof(buf));
    for(n = 0; n < PIPEBYTES; n += sizeof(buf))
      expect(write(fds[1], buf, sizeof(buf)) == sizeof(buf), "pipe write");
    exit(0);
  }
  close(fds[1]);
  while((n = read(fds[0], buf, sizeof(buf))) > 0){
    got += n;
    healthy("while a pipe streams");
  }
  close(fds[0]);
  expect(waitall(1) == 0, "a child failed");
  expect(got == PIPEBYTES, "read %d bytes, want %d", got, PIPEBYTES);
}

// Children attach, touch and detach a zone, or exit attached, while
// the parent checks.
static void
zonechurn(void)
{
  char *z, *mine;
  int i, j, pid;

  expect((z = shmem(ZCHURN, M_CREATE, 4)) != (char *)-1, "create");
  for(i = 0; i < WORKERS; i++){
    expect((pid = fork()) >= 0, "fork");
    if(pid == 0){
      for(j = 0; j < ROUNDS; j++){
        expect(shmdt(z) == 0, "child shmdt");
        expect((mine = shmem(ZCHURN, 0, 4)) != (char *)-1, "child attach");
        mine[j % 4 * PGSIZE]++;
        z = mine;
      }
      exit(0);   // still attached: exit detaches
    }
  }
  for(i = 0; i < CHECKS; i++)
    healthy("while zones are attached and detached");
  expect(waitall(WORKERS) == 0, "a child failed");
  healthy("after the churn");
  expect(shmdt(z) == 0, "shmdt");
}

// Two checkers at once take turns, and both find nothing.
static void
twocheckers(void)
{
  int i, pid;

  expect((pid = fork()) >= 0, "fork");
  for(i = 0; i < CHECKS / 2; i++)
    healthy(pid == 0 ? "in the second checker" : "in the first checker");
  if(pid == 0)
    exit(0);
  expect(waitall(1) == 0, "a child failed");
}

// The zone table's bounds: ids MAXSHM and -1 are refused by shminfo and
// shmem (shminfo(MAXSHM) once read one slot past the table), and the
// table is still sound after.
static void
bounds(void)
{
  struct shminfo info;
  char *z;

  expect(shminfo(MAXSHM, &info) == -1, "shminfo(MAXSHM) did not fail");
  expect(shminfo(-1, &info) == -1, "shminfo(-1) did not fail");
  expect(shminfo(MAXSHM - 1, &info) == -1, "shminfo of a free last slot");
  expect(shmem(MAXSHM, M_CREATE, 1) == (char *)-1, "shmem(MAXSHM) did not fail");
  expect((z = shmem(MAXSHM - 1, M_CREATE, 1)) != (char *)-1, "last slot create");
  expect(shminfo(MAXSHM - 1, &info) == 0 && info.npages == 1 && info.nref == 1,
        "last slot's info");
  healthy("with the last slot in use");
  expect(shmdt(z) == 0, "shmdt");
  healthy("after the bounds tests");
}

static struct test tests[] = {
  { "idle", idle, 10 },
  { "forkzones", forkzones, 30 },
  { "cowstorm", cowstorm, 60 },
  { "mwait", mwait, 30 },
  { "sbrkshrink", sbrkshrink, 30 },
  { "pipes", pipes, 30 },
  { "zonechurn", zonechurn, 60 },
  { "twocheckers", twocheckers, 30 },
  { "bounds", bounds, 10 },
};

int
main(int argc, char **argv)
{
  return runsuite("checktests", tests, NELEM(tests), argc, argv);
}
