// stress [ROUNDS]: many processes at once hammering fork/exit/wait,
// pipes, files and zones, for ROUNDS rounds (default 1).  In each round
// NWORKER workers run ITERS iterations each of:
//   - a fork tree: fork children that fork again, exit with a status, and
//     are waited for, the status checked;
//   - a pipe: a child writes a pattern the parent reads back and checks;
//   - a file: written, read back, checked and unlinked, in /stressdir;
//   - a zone: created, attached by a child with and without M_WAIT, the
//     child's store seen by the parent, detached;
//   - kills of sleepers: a child blocked in an M_WAIT attach, a pipe read
//     or sleep is killed at once, before or after it sleeps: the kill must
//     never be lost (a lost one hangs the round, which then fails on time).
// The kernel's self-checks (selfcheck) run while the workers do and once
// they are done, and must find nothing wrong; after each round every free
// page, process slot, open file, referenced inode and zone must come back.  Prints `stress: round R ok` per round
// and `stress: N rounds, ok` at the end, or FAIL lines; exits 1 on failure.
//
// stress -k N: the kill race alone, the regression test of sleepkillable:
// NWORKER workers each kill N children as they go to sleep in a pipe
// read or an M_WAIT attach, after a delay spread over the child's way in.
// Before sleepkillable a kill landing between a sleeper's killed() check
// and its sleep() was lost and the child slept for ever; `stress -k 1500`
// on 4 CPUs lost at least one in each of 8 runs out of 8.  A watchdog
// catches a sleeper left after KILLRACETICKS and fails the run.
#include "user/user.h"
#include "user/test.h"

#define NWORKER   8       // workers in a round
#define ITERS    40       // iterations per worker per round
#define TREEKIDS  3       // children per fork-tree level
#define NBYTES 5000       // bytes through each pipe and file
#define ZPAGES    2       // pages per zone
#define ZWAITID  32       // zone ids ZWAITID + w are only ever waited for
#define KILLRACETICKS 3000  // the kill race must be over by then
#define KILLSPREAD  100000  // most spin turns before a kill-race kill

static char wbuf[NBYTES], rbuf[NBYTES];

#define die(...) do { \
    printf("stress: FAIL pid %d: ", getpid()); \
    printf(__VA_ARGS__); \
    printf("\n"); \
    exit(1); \
  } while(0)

static void
fill(char *b, int n, int seed)
{
  int i;

  for(i = 0; i < n; i++)
    b[i] = seed + i * 7;
}

// Wait for one child; its exit status.
static int
reapany(void)
{
  int st;

  if(wait(&st) < 0)
    die("wait: no child");
  return st;
}

static void
forktree(int depth)
{
  int i, pid;

  for(i = 0; i < TREEKIDS; i++){
    if((pid = fork()) < 0)
      continue;          // the table may be full: that is allowed
    if(pid == 0){
      if(depth > 0)
        forktree(depth - 1);
      exit(depth + 10);
    }
  }
  while((pid = wait(&i)) >= 0)
    if(i != depth + 10)
      die("fork tree: child exited %d, want %d", i, depth + 10);
}

static void
pipeio(int seed)
{
  int p[2], pid, n, got = 0;

  if(pipe(p) < 0)
    return;
  fill(wbuf, NBYTES, seed);
  if((pid = fork()) == 0){
    close(p[0]);
    exit(write(p[1], wbuf, NBYTES) == NBYTES ? 0 : 1);
  }
  close(p[1]);
  while(got < NBYTES && (n = read(p[0], rbuf + got, NBYTES - got)) > 0)
    got += n;
  close(p[0]);
  if(pid > 0 && reapany() != 0)
    die("pipe writer failed");
  if(pid > 0 && (got != NBYTES || memcmp(wbuf, rbuf, NBYTES) != 0))
    die("pipe: read %d bytes, want %d, or they differ", got, NBYTES);
}

static void
fileio(int w, int seed)
{
  char name[16] = "/stressdir/fA";
  int fd, n;

  name[12] = 'A' + w;
  fill(wbuf, NBYTES, seed);
  if((fd = open(name, O_CREATE | O_RDWR | O_TRUNC)) < 0)
    die("open %s", name);
  if((n = write(fd, wbuf, NBYTES)) != NBYTES)
    die("write %s: %d", name, n);
  close(fd);
  if((fd = open(name, O_RDONLY)) < 0)
    die("reopen %s", name);
  if((n = read(fd, rbuf, NBYTES)) != NBYTES || memcmp(wbuf, rbuf, NBYTES))
    die("read %s: %d bytes or they differ", name, n);
  close(fd);
  if(unlink(name) < 0)
    die("unlink %s", name);
}

// Worker w's zone, id w: a child attaches it (with M_WAIT half the
// time, perhaps before it exists) and stores a word the parent checks.
static void
zoneio(int w, int seed)
{
  int pid, *z;

  if((pid = fork()) == 0){
    if((z = (int *)shmem(w, seed % 2 ? M_WAIT : 0, 0)) == (int *)-1)
      exit(seed % 2 ? 1 : 0);   // without M_WAIT it may not exist yet
    z[1] = seed;
    z[0] = 1;
    exit(0);
  }
  if((z = (int *)shmem(w, M_CREATE, ZPAGES)) == (int *)-1)
    die("shmem create %d", w);
  if(pid > 0 && reapany() != 0)
    die("zone %d: the M_WAIT attach failed", w);
  if(z[0] == 1 && z[1] != seed)
    die("zone %d: read %d, want %d", w, z[1], seed);
  if(shmdt(z) < 0)
    die("shmdt zone %d", w);
}

// Spin for about n loop turns, to vary when a kill lands.
static void
spin(int n)
{
  volatile int i;

  for(i = 0; i < n; i++)
    ;
}

// A child that sleeps in way k, killed at once (after spinning delay
// turns): it must die, status -1.
static void
killsleeper(int w, int k, int delay)
{
  int p[2], pid, st;

  if(pipe(p) < 0)
    return;
  if((pid = fork()) == 0){
    if(k == 0)
      shmem(ZWAITID + w, M_WAIT, 0);   // never created
    else if(k == 1)
      read(p[0], &st, 1);              // we hold the write end
    else
      sleep(1000000);
    exit(0);
  }
  close(p[0]);
  close(p[1]);
  if(pid < 0)
    return;
  if(k == 2)
    sleep(w % 3);      // sometimes after it sleeps, sometimes before
  spin(delay);
  kill(pid);
  if((st = reapany()) != -1)
    die("killed sleeper %d exited %d, want -1", k, st);
}

static void
worker(int w, int round)
{
  int i, seed;

  for(i = 0; i < ITERS; i++){
    seed = round * 1000 + w * 100 + i;
    switch((w + i) % 5){
    case 0: forktree(1); break;
    case 1: pipeio(seed); break;
    case 2: fileio(w, seed); break;
    case 3: zoneio(w, seed); break;
    case 4: killsleeper(w, i % 3, 0); break;
    }
    killsleeper(w, i % 3, 0);
  }
  exit(0);
}

// The kernel's self-checks (kernel/check.c); 1 if they found nothing
// wrong.  Each problem is on the console already.
static int
healthy(int r, char *when)
{
  int n = selfcheck();

  if(n != 0)
    printf("stress: round %d: FAIL: selfcheck %s: %d\n", r, when, n);
  return n == 0;
}

// One round, checked by the self-checks while the workers run and after;
// 1 if it passed.
static int
round1(int r)
{
  struct sysinfo before = testcounts(), after;
  int w, pid, st, failed = 0;

  for(w = 0; w < NWORKER; w++){
    if((pid = fork()) == 0)
      worker(w, r);
    if(pid < 0)
      failed++;
  }
  failed += !healthy(r, "during the round");
  while((pid = wait(&st)) >= 0)
    if(st != 0)
      failed++;
  failed += !healthy(r, "after the round");
  if(settled(&before, &after) < 0){
    printf("stress: round %d: FAIL: leaked %d pages, %d processes, %d files, "
           "%d inodes, %d zones\n", r, before.freepages - after.freepages,
           after.nproc - before.nproc, after.nfiles - before.nfiles,
           after.ninodes - before.ninodes, after.nzones - before.nzones);
    failed++;
  }
  if(failed)
    printf("stress: round %d: FAIL: %d failures\n", r, failed);
  else
    printf("stress: round %d ok\n", r);
  return failed == 0;
}

static void
killraceworker(int w, int n)
{
  int i;

  for(i = 0; i < n; i++)
    killsleeper(w, i % 2, (i * KILLSPREAD / 7) % KILLSPREAD);
  exit(0);
}

// stress -k n; returns the exit status.
static int
killrace(int n)
{
  int w, pid, dog, st, left = NWORKER, failed = 0;

  if((dog = fork()) == 0){
    sleep(KILLRACETICKS);
    exit(0);
  }
  for(w = 0; w < NWORKER; w++)
    if((pid = fork()) == 0)
      killraceworker(w, n);
  while(left > 0 && (pid = wait(&st)) >= 0){
    if(pid == dog){
      printf("stress: killrace: FAIL: %d workers still waiting after %d "
             "ticks: a kill was lost\n", left, KILLRACETICKS);
      failed = 1;
      break;
    }
    left--;
    failed |= st != 0;
  }
  if(killstragglers(getpid() + 1) < 0){
    printf("stress: killrace: FAIL: sleepers survive kill\n");
    failed = 1;
  }
  while(wait(0) >= 0)
    ;
  if(!failed)
    printf("stress: killrace: %d kills, ok\n", NWORKER * n);
  return failed;
}

int
main(int argc, char *argv[])
{
  struct stat st;
  int rounds = 1, r, failed = 0;

  if(argc == 3 && strcmp(argv[1], "-k") == 0 && (r = parsenum(argv[2])) > 0)
    exit(killrace(r));
  if(argc > 2 || (argc == 2 && (rounds = parsenum(argv[1])) < 1)){
    fprintf(2, "usage: stress [ROUNDS] | stress -k N\n");
    exit(1);
  }
  if(mkdir("/stressdir") < 0 &&
     (stat("/stressdir", &st) < 0 || st.type != T_DIR)){
    fprintf(2, "stress: cannot make /stressdir\n");
    exit(1);
  }
  for(r = 1; r <= rounds; r++)
    failed += !round1(r);
  unlink("/stressdir");
  if(failed)
    printf("stress: %d rounds, %d failed\n", rounds, failed);
  else
    printf("stress: %d rounds, ok\n", rounds);
  exit(failed ? 1 : 0);
}
