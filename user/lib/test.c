// The guest test harness (see user/test.h for how a suite uses it).
//
// The runner forks a child that execs the suite's program afresh to run
// one test (`/SUITE -run-test NAME RFD WFD`), so the runner shares no
// memory with the processes that test the kernel: a kernel whose
// copy-on-write is broken cannot change the runner's memory under it.
// It then forks the watchdog, which makes its own memory its own and
// says so; only then does the runner make its own memory its own too and
// let the test start.  Both forks left the runner's pages shared
// copy-on-write, and a copy made while the test counts pages would move
// its count: an allocation, or, when the runner's copy races the other
// side's and the other side lets go of the original first, a free of a
// page the test's baseline counted as taken.  So the go comes from the
// runner, after every copy of its own and the watchdog's is complete,
// and during the test it writes only pages it made its own.  A failing test writes
// its reason into the pipe that carried the go, which the runner reads
// once the test has exited.  After a test that failed, the runner kills
// every process younger than the test (pids only grow): helpers it left
// blocked must not outlive it.  Orphans may still be on their way out
// when a test ends, so the leak check polls for a while before it judges.
#include "user/user.h"
#include "user/test.h"
#include "kernel/zone.h"

#define SETTLE_TRIES 300    // leak-check polls, one tick apart
#define KILL_TRIES   10     // rounds of killing a failed test's helpers
#define WHYMAX 256
#define HZ 100              // clock ticks a second: sleep()'s unit
#define RUNHOOK "-run-test" // argv[1] of the program that runs one test
#define WDTIMEDOUT 2        // the watchdog's status when it killed the test
#define NOEXEC 127          // the test's status when it could not exec

static char *suitename = "";
static char *curtest = "";
static int testpid;         // the running test's own process
static int whyfd = -1;      // in testpid: the write end of the reason pipe
static struct procinfo procs[NPROC];
static volatile char *outerframe; // in the runner: in runsuite's frame, above
                                  // every frame it uses while a test runs

int
failfd(void)
{
  if(getpid() == testpid)
    return whyfd;
  fprintf(2, "%s: %s: pid %d: ", suitename, curtest, getpid());
  return 2;
}

struct sysinfo
testcounts(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    memset(&s, 0, sizeof(s));
  return s;
}

// The resources a test must give back.
int
samecounts(struct sysinfo *a, struct sysinfo *b)
{
  return a->freepages == b->freepages && a->nproc == b->nproc &&
         a->nfiles == b->nfiles && a->ninodes == b->ninodes &&
         a->nzones == b->nzones;
}

// Poll until the counts are back to *before; 0 if they are, else -1
// with *after the last look.
int
settled(struct sysinfo *before, struct sysinfo *after)
{
  int i;

  for(i = 0; i < SETTLE_TRIES; i++){
    *after = testcounts();
    if(samecounts(before, after))
      return 0;
    sleep(1);
  }
  return -1;
}

static void
printleak(char *name, struct sysinfo *b, struct sysinfo *a)
{
  printf("FAIL %s: leaked %d pages, %d processes, %d files, %d inodes, "
         "%d zones\n", name, b->freepages - a->freepages, a->nproc - b->nproc,
         a->nfiles - b->nfiles, a->ninodes - b->ninodes, a->nzones - b->nzones);
}

// Kill every live process with a pid of at least first: what a test
// started and left behind.  Repeats while it finds some, since one may
// fork between the look and the kill.
int
killstragglers(int first)
{
  int try, i, n, found;

  for(try = 0; try < KILL_TRIES; try++){
    n = procinfo(procs, NPROC);
    found = 0;
    for(i = 0; i < n; i++){
      if(procs[i].pid >= first && strcmp(procs[i].state, "zombie") != 0){
        kill(procs[i].pid);
        found = 1;
      }
    }
    if(!found)
      return 0;
    sleep(1);
  }
  return -1;
}

// The first line of the reason a failed test sent down p, or "".
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

// ---- helpers for the tests (see test.h) ----

struct sysinfo
sys(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    fail("sysinfo failed");
  return s;
}

int
freepages(void)
{
  return sys().freepages;
}

int
xfork(void)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  return pid;
}

void
mkpipe(int fd[2])
{
  if(pipe(fd) < 0)
    fail("pipe failed");
}

void
closepipe(int fd[2])
{
  close(fd[0]);
  close(fd[1]);
}

int
reap(int pid)
{
  int st = 12345, w = wait(&st);

  if(w != pid)
    fail("wait returned %d, expected child %d", w, pid);
  return st;
}

int
waitfor(int pid)
{
  int w, st;

  while((w = wait(&st)) != pid)
    if(w < 0)
      fail("wait: child %d lost", pid);
  return st;
}

int
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

char*
procstate(int pid)
{
  int i, n = procinfo(procs, NPROC);

  for(i = 0; i < n; i++)
    if(procs[i].pid == pid)
      return procs[i].state;
  return 0;
}

int
asleep(int pid)
{
  char *state = procstate(pid);

  return state && strcmp(state, "sleep") == 0;
}

char*
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

// In the child: run the suite's program again, to run t alone.
static void
exectest(struct test *t, int p[2])
{
  static char path[MAXPATH], num[2][12];
  char *argv[] = { path, RUNHOOK, t->name, itoa(p[0], num[0]),
                   itoa(p[1], num[1]), 0 };

  path[0] = '/';
  strcpy(path + 1, suitename);
  exec(path, argv);
  fprintf(2, "%s: cannot exec %s\n", suitename, path);
  exit(NOEXEC);
}

// `SUITE -run-test NAME RFD WFD`: the test's own process.  It waits for
// the watchdog's go on RFD; fail() writes to WFD.
static void
runchild(struct test *t, int rfd, int wfd)
{
  char go;

  read(rfd, &go, 1);
  close(rfd);
  testpid = getpid();
  whyfd = wfd;
  ownmemory();                         // its page counts are its own
  t->fn();
  exit(0);
}

// Make this process's memory its own and say so on readyfd, then kill
// the test pid if it is still running after its time limit; exit
// WDTIMEDOUT if it had to.
static void
watchdog(int pid, int seconds, int ready[2])
{
  ownmemory();
  close(ready[0]);
  write(ready[1], "r", 1);
  close(ready[1]);
  if(sleep(seconds * HZ) == 0 && kill(pid) == 0)
    exit(WDTIMEDOUT);
  exit(0);
}

// Wait for the test and its watchdog; the test's exit status, with
// *timedout set if the watchdog killed it.
static int
reapboth(int pid, int wd, int *timedout)
{
  int w, st, status = 0, left;

  for(left = (pid > 0) + (wd > 0); left > 0; left--){
    if((w = wait(&st)) < 0)
      break;
    if(w == pid){
      status = st;
      if(wd > 0)
        kill(wd);
    } else if(w == wd && st == WDTIMEDOUT){
      *timedout = 1;
    }
  }
  return status;
}

static void
verdict(struct test *t, int status, int timedout, char *why)
{
  if(timedout && status != 0)
    printf("FAIL %s: timed out after %d s\n", t->name, t->seconds);
  else if(status != 0 && why[0])
    printf("FAIL %s: %s\n", t->name, why);
  else if(status == -1)
    printf("FAIL %s: killed (see console)\n", t->name);
  else if(status == NOEXEC)
    printf("FAIL %s: cannot exec /%s\n", t->name, suitename);
  else if(status != 0)
    printf("FAIL %s: exited with status %d\n", t->name, status);
}

// Make the runner's stack pages from this frame up to outerframe its
// own, as ownmemory does for the pages below: fork shared them.
static void
ownframes(void)
{
  volatile char here, *a;

  for(a = (char *)PGROUNDDOWN((uint)&here); a <= outerframe; a += PGSIZE)
    *a = *a;
}

// Once the watchdog has said on ready that its memory is its own (or
// has died), make the runner's own and give the test its go on gofd.
// From here until the test has exited the runner stores only to pages
// it now owns alone: its data, bss and stack.
static void
startwatched(int ready[2], int gofd)
{
  char c;

  close(ready[1]);
  read(ready[0], &c, 1);
  close(ready[0]);
  ownmemory();
  ownframes();
  write(gofd, "g", 1);
}

// Start t and its watchdog; the test's exit status once both are gone.
// *testp is the test's pid, or -1 if a fork or the ready pipe failed.
static int
runwatched(struct test *t, int p[2], int *timedout, int *testp)
{
  int pid, wd = -1, ready[2];

  *timedout = 0;
  *testp = -1;
  if((pid = fork()) == 0)
    exectest(t, p);
  if(pid > 0 && pipe(ready) == 0){
    if((wd = fork()) == 0)
      watchdog(pid, t->seconds, ready);
    if(wd < 0)
      closepipe(ready);
  }
  if(wd < 0 && pid > 0)
    kill(pid);
  if(wd > 0){
    *testp = pid;
    startwatched(ready, p[1]);
  }
  return reapboth(pid, wd, timedout);
}

// Run t, and print its FAIL line if it failed.  Returns its exit status
// (1 if it could not be run); *first is the test's pid, or -1.
static int
runonce(struct test *t, int *first)
{
  static char why[WHYMAX];
  int p[2], status, timedout;

  *first = -1;
  if(pipe(p) < 0){
    printf("FAIL %s: pipe failed\n", t->name);
    return 1;
  }
  status = runwatched(t, p, &timedout, first);
  why[0] = 0;
  if(status != 0)
    readwhy(p, why, sizeof(why));
  close(p[0]);
  close(p[1]);
  if(*first < 0){
    printf("FAIL %s: fork or pipe failed\n", t->name);
    return 1;
  }
  if(status != 0)
    verdict(t, status, timedout, why);
  return status;
}

// Run t and print its line.  Returns 1 if it passed, else 0.
static int
runtest(struct test *t)
{
  struct sysinfo before, after;
  int status, first;

  before = testcounts();
  curtest = t->name;
  status = runonce(t, &first);
  if(status != 0 && first > 0)
    killstragglers(first);
  if(settled(&before, &after) < 0){
    if(status == 0)
      printleak(t->name, &before, &after);
    if(first > 0)
      killstragglers(first);
    settled(&before, &after);
    return 0;
  }
  if(status == 0)
    printf("ok %s\n", t->name);
  return status == 0;
}

static struct test*
findtest(struct test *tests, int n, char *name)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return 0;
}

// Run the tests named in names[0..n), or every test if n is 0; print
// their lines, the whole run's leak check and the count.  The exit
// status: 0 iff nothing failed.
static int
runall(struct test *tests, int ntests, char **names, int n)
{
  struct sysinfo before, after;
  int i, passed = 0, failed = 0;

  ownmemory();
  before = testcounts();
  for(i = 0; i < (n ? n : ntests); i++){
    if(runtest(n ? findtest(tests, ntests, names[i]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(settled(&before, &after) < 0){
    printleak("leak", &before, &after);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

int
runsuite(char *suite, struct test *tests, int ntests, int argc, char **argv)
{
  struct test *t;
  int i;

  suitename = suite;
  outerframe = (char *)&t;
  if(argc == 5 && strcmp(argv[1], RUNHOOK) == 0){
    if((t = findtest(tests, ntests, argv[2])) == 0){
      fprintf(2, "%s: no test named %s\n", suite, argv[2]);
      return 1;
    }
    curtest = t->name;
    runchild(t, atoi(argv[3]), atoi(argv[4]));
  }
  for(i = 1; i < argc; i++){
    if(findtest(tests, ntests, argv[i]) == 0){
      fprintf(2, "%s: no test named %s\n", suite, argv[i]);
      return 1;
    }
  }
  return runall(tests, ntests, argv + 1, argc - 1);
}
