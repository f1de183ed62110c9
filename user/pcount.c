// pcount: why shared counters need a lock.
//
//   pcount K N     K processes each add 1 to one counter in a zone, N times
//
// Run twice over the same counter: first with no lock at all, then with
// a zone mutex around each increment.  An increment is a load, an add and
// a store.  Without the lock, two processes on two CPUs can both load the
// same value and both store value + 1: one of the two increments is lost.
// With the mutex only one process at a time is between its load and its
// store, so the count comes out exact.  On one CPU lost updates are rare
// (a process must be preempted exactly between its load and its store);
// on several they are the rule.  See docs/sync.md.
//
// Prints both counts; exits 0 if the locked count is exact.
#include "user.h"

#define ZONE  48          // the zone id used
#define MAXK  32

struct shared {
  struct mutex m;
  volatile int count;
  volatile int go;        // the workers start together
};

// The increment, spelled out so that the compiler cannot fuse it into
// one instruction (which would still not be atomic across CPUs).
static void
increment(struct shared *s)
{
  int c = s->count;

  s->count = c + 1;
}

static void
worker(struct shared *s, int n, int locked)
{
  int i;

  while(!s->go)
    ;
  for(i = 0; i < n; i++){
    if(locked && mutex_lock(&s->m) < 0)
      exit(1);
    increment(s);
    if(locked && mutex_unlock(&s->m) < 0)
      exit(1);
  }
  exit(0);
}

// One run: k workers, n increments each.  Returns the final count.
static int
run(struct shared *s, int k, int n, int locked)
{
  int i, st, bad = 0;

  s->count = 0;
  s->go = 0;
  for(i = 0; i < k; i++){
    int pid = fork();
    if(pid < 0){
      fprintf(2, "pcount: fork failed\n");
      exit(1);
    }
    if(pid == 0)
      worker(s, n, locked);
  }
  s->go = 1;
  for(i = 0; i < k; i++)
    if(wait(&st) < 0 || st != 0)
      bad = 1;
  if(bad){
    fprintf(2, "pcount: a worker failed\n");
    exit(1);
  }
  return s->count;
}

int
main(int argc, char *argv[])
{
  struct shared *s;
  struct sysinfo si;
  int k, n, want, nolock, locked;

  if(argc != 3 || (k = atoi(argv[1])) < 1 || k > MAXK ||
     (n = atoi(argv[2])) < 1 || n > 0x7FFFFFFF / k){
    fprintf(2, "usage: pcount K N   (1 <= K <= %d, K*N < 2^31)\n", MAXK);
    return 2;
  }
  if((s = (struct shared *)shmem(ZONE, M_CREATE, 1)) == (struct shared *)-1){
    fprintf(2, "pcount: cannot create zone %d\n", ZONE);
    return 1;
  }
  mutex_init(&s->m);
  sysinfo(&si);
  want = k * n;
  printf("pcount: %d processes x %d increments on %d CPUs: %d expected\n",
         k, n, si.ncpu, want);
  nolock = run(s, k, n, 0);
  printf("no lock:    %d (%d lost)\n", nolock, want - nolock);
  locked = run(s, k, n, 1);
  printf("with mutex: %d (%d lost)\n", locked, want - locked);
  shmdt(s);
  return locked == want ? 0 : 1;
}
