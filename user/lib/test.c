// The guest test harness (see user/test.h for how a suite uses it).
//
// The runner forks the test and a watchdog.  The test waits on a pipe
// until the watchdog exists, so that no test can outrun its time limit;
// a failing test writes its reason into the same pipe, which the runner
// reads once the test has exited.  Orphans a test leaves behind may
// still be on their way out when it ends, so the leak check polls for a
// while before it judges.
#include "user/user.h"
#include "user/test.h"
#include "kernel/zone.h"

#define SETTLE_TRIES 200    // leak-check polls, one tick apart
#define WHYMAX 256

static char *suitename = "";
static char *curtest = "";
static int testpid;         // the running test's own process
static int whyfd = -1;      // in testpid: the write end of the reason pipe

int
failfd(void)
{
  if(getpid() == testpid)
    return whyfd;
  fprintf(2, "%s: %s: pid %d: ", suitename, curtest, getpid());
  return 2;
}

struct sysinfo
rescounts(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    memset(&s, 0, sizeof(s));
  return s;
}

// The resources a test must give back.
static int
same(struct sysinfo *a, struct sysinfo *b)
{
  return a->freepages == b->freepages && a->nproc == b->nproc &&
         a->nfiles == b->nfiles && a->ninodes == b->ninodes &&
         a->nzones == b->nzones;
}

// Poll until the counts are back to *before; 0 if they are, else -1
// with *after the last look.
int
ressettled(struct sysinfo *before, struct sysinfo *after)
{
  int i;

  for(i = 0; i < SETTLE_TRIES; i++){
    *after = rescounts();
    if(same(before, after))
      return 0;
    sleep(1);
  }
  return -1;
}

// Kill every process with a pid above pid until none is left alive:
// all that a test forked, if nothing else forks meanwhile (pids only
// grow).  0, or -1 if some still live after SETTLE_TRIES ticks.
int
killabove(int pid)
{
  static struct procinfo pi[NPROC];
  int n, i, alive, tries;

  for(tries = 0; tries < SETTLE_TRIES; tries++){
    alive = 0;
    n = procinfo(pi, NPROC);
    for(i = 0; i < n; i++){
      if(pi[i].pid > pid && strcmp(pi[i].state, "zombie") != 0){
        kill(pi[i].pid);
        alive++;
      }
    }
    if(alive == 0)
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

static void
runchild(struct test *t, int p[2])
{
  char go;

  read(p[0], &go, 1);                  // until the watchdog is in place
  close(p[0]);
  testpid = getpid();
  whyfd = p[1];
  ownmemory();                         // its page counts are its own
  t->fn();
  exit(0);
}

// Exit 2 if it had to kill pid, which then ran out of time.
static void
watchdog(int pid, int seconds)
{
  if(sleep(seconds * 100) == 0 && kill(pid) == 0)
    exit(2);
  exit(0);
}

// Wait for the test and its watchdog; the test's exit status, with
// *timedout set if the watchdog killed it.
static int
reap(int pid, int wd, int *timedout)
{
  int w, st, status = 0, left;

  *timedout = 0;
  for(left = (pid > 0) + (wd > 0); left > 0; left--){
    if((w = wait(&st)) < 0)
      break;
    if(w == pid){
      status = st;
      if(wd > 0)
        kill(wd);
    } else if(w == wd && st == 2){
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
  else if(status != 0)
    printf("FAIL %s: exited with status %d\n", t->name, status);
}

// Run t and print its line.  Returns 1 if it passed, else 0.
static int
runtest(struct test *t)
{
  static char why[WHYMAX];
  struct sysinfo before, after;
  int p[2], pid, wd, status, timedout;

  before = rescounts();
  if(pipe(p) < 0){
    printf("FAIL %s: pipe failed\n", t->name);
    return 0;
  }
  curtest = t->name;
  if((pid = fork()) == 0)
    runchild(t, p);
  wd = pid > 0 ? fork() : -1;
  if(wd == 0)
    watchdog(pid, t->seconds);
  if(wd < 0 && pid > 0)
    kill(pid);
  if(pid > 0)
    write(p[1], "g", 1);
  status = reap(pid, wd, &timedout);
  why[0] = 0;
  if(status != 0)
    readwhy(p, why, sizeof(why));
  close(p[0]);
  close(p[1]);
  if(pid < 0 || wd < 0){
    printf("FAIL %s: fork failed\n", t->name);
    return 0;
  }
  if(status != 0){
    verdict(t, status, timedout, why);
    ressettled(&before, &after);
    return 0;
  }
  if(ressettled(&before, &after) < 0){
    printleak(t->name, &before, &after);
    return 0;
  }
  printf("ok %s\n", t->name);
  return 1;
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

int
runsuite(char *suite, struct test *tests, int ntests, int argc, char **argv)
{
  struct sysinfo before, after;
  int i, n = argc > 1 ? argc - 1 : ntests, passed = 0, failed = 0;

  suitename = suite;
  for(i = 1; i < argc; i++){
    if(findtest(tests, ntests, argv[i]) == 0){
      fprintf(2, "%s: no test named %s\n", suite, argv[i]);
      return 1;
    }
  }
  ownmemory();
  before = rescounts();
  for(i = 0; i < n; i++){
    if(runtest(argc > 1 ? findtest(tests, ntests, argv[i + 1]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(ressettled(&before, &after) < 0){
    printleak("leak", &before, &after);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
