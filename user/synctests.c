// synctests: the guest test suite for futexes, robust mutexes and the
// zone synchronization library (futex_wait, futex_wake, user/sync.h; see
// docs/sync.md).
//
//   synctests            run every test
//   synctests NAME...    run only the named tests, in that order
//
// Each test runs in a child of its own, with a watchdog that kills it
// after its time limit, and is judged by its exit status.  A failing test
// sends its reason to the parent through a pipe (fail()); helper
// processes print theirs on fd 2 and are judged by their exit status.
// The parent prints `ok NAME` or `FAIL NAME: why`, checks after each test
// that free pages, process slots and zones are back where they were, and
// ends with `N passed, M failed`; the exit status is 0 iff nothing failed.
//
// No test asserts a time.  Where a test must wait for another process to
// reach a point, it polls a word in the zone; a lost wake-up shows as a
// test that never ends, which the watchdog turns into a FAIL.
#include "user.h"
#include "kernel/memlayout.h"   // SHMBASE, KERNBASE: the zone area

#define FAILED ((char *)-1)     // what shmem returns on failure
#define POLL 1000               // ticks (10 s) to wait for another process
#define MAXHELPERS 64

// Zone ids: one or two per test; each test destroys its zones.
enum {
  ID_ARGS = 1, ID_WAKE, ID_TIMEOUT, ID_KILL, ID_GONE, ID_GONE2, ID_TWO,
  ID_TWOPAD, ID_PING, ID_MUTEX, ID_SPIN, ID_SEM, ID_COND, ID_BCAST,
  ID_CHAN, ID_MSGQ, ID_ROBUST, ID_RKILL, ID_NOSYS, ID_HAND,
};

static char *curtest = "";      // name of the running test
static int testpid;             // the running test's own process
static int whyfd = -1;          // in testpid: where fail() writes
static int helpers[MAXHELPERS]; // in testpid: children to kill on failure
static int nhelpers;

static void killhelpers(void);

// End this process with status 1, saying why.  The test's own process
// sends the reason to the parent (and first kills its helpers, so that
// none outlives the test); a helper prints it on fd 2.
#define fail(...) do { \
    int fd_ = getpid() == testpid ? whyfd : 2; \
    if(fd_ == 2) \
      fprintf(2, "synctests: %s: pid %d: ", curtest, getpid()); \
    else \
      killhelpers(); \
    fprintf(fd_, __VA_ARGS__); \
    fprintf(fd_, "\n"); \
    exit(1); \
  } while(0)

#define check(cond, ...) do { if(!(cond)) fail(__VA_ARGS__); } while(0)

// ---------------------------------------------------------------------
// Helpers

static void
killhelpers(void)
{
  int i;

  for(i = 0; i < nhelpers; i++)
    if(helpers[i] > 0)
      kill(helpers[i]);
}

static char*
create(int id, int npages)
{
  char *a = shmem(id, M_CREATE, npages);

  if(a == FAILED)
    fail("shmem(%d, M_CREATE, %d) failed", id, npages);
  return a;
}

static void
detach(void *a)
{
  if(shmdt(a) < 0)
    fail("shmdt(0x%x) failed", (uint)a);
}

// Fork a helper that runs fn(arg) and exits 0 (fn may fail() instead).
// Returns its pid.
static int
spawn(void (*fn)(void *, int), void *z, int arg)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    nhelpers = 0;
    fn(z, arg);
    exit(0);
  }
  if(getpid() == testpid && nhelpers < MAXHELPERS)
    helpers[nhelpers++] = pid;
  return pid;
}

// Wait for child pid (reaping others on the way); its exit status.
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

// Poll until *w == want: another process sets it, not in step with us.
static void
await(volatile int *w, int want, char *what)
{
  int i;

  for(i = 0; atomic_load((int *)w) != want; i++){
    if(i >= POLL)
      fail("%s: still %d after %d ticks, expected %d", what, *w, POLL, want);
    sleep(1);
  }
}

// Wake sleepers on w, n at a time, until total have been woken (they may
// not all be asleep yet).  Fails if a call wakes more than n.
static void
wakeall(int *w, int n, int total)
{
  int r, woken = 0, i;

  for(i = 0; woken < total; i++){
    r = futex_wake(w, n);
    check(r >= 0 && r <= n, "futex_wake(%d) returned %d", n, r);
    woken += r;
    check(woken <= total, "futex_wake woke %d, only %d sleep", woken, total);
    check(i < POLL, "%d of %d sleepers found in %d ticks", woken, total, POLL);
    if(r == 0)
      sleep(1);
  }
}

// A small random-number generator, seeded per process.
static uint rndstate;

static uint
rnd(void)
{
  if(rndstate == 0)
    rndstate = getpid() * 2654435761u ^ uptime();
  rndstate ^= rndstate << 13;
  rndstate ^= rndstate >> 17;
  rndstate ^= rndstate << 5;
  return rndstate;
}

// Burn about n loop iterations in user mode.
static void
busy(int n)
{
  volatile int i;

  for(i = 0; i < n; i++)
    ;
}

static int
nsyscalls(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    fail("sysinfo failed");
  return s.nsyscall;
}

static int
nref(int id)
{
  struct shminfo si;

  return shminfo(id, &si) < 0 ? -1 : si.nref;
}

// ---------------------------------------------------------------------
// futex_wait and futex_wake

static int privword;             // private memory, for the error cases

// A helper: wait on the private word that the parent shares with us
// copy-on-write, and on a word of a read-only attachment of zone ID_ARGS.
static void
argschild(void *z, int unused)
{
  int *r;

  check(futex_wait(&privword, 0, 1) == -1, "waited on a copy-on-write word");
  detach(z);
  check((r = (int *)shmem(ID_ARGS, M_RDONLY, 0)) != (int *)FAILED, "attach ro");
  check(futex_wait(r, 0, 1) == FUTEX_TIMEDOUT, "wait on a read-only zone");
  check(futex_wake(r, 1) == 0, "wake on a read-only zone");
}

// Bad addresses, bad arguments, a value that does not match, a timeout.
static void
t_args(void)
{
  int *w = (int *)create(ID_ARGS, 2), stackword = 0, r;
  char *heap = sbrk(PGSIZE);

  *(int *)heap = 0;
  check(futex_wait(w, 1, 0) == -1, "a value that does not match slept");
  check(futex_wait((int *)((char *)w + 1), 0, 1) == -1, "misaligned wait");
  check(futex_wake((int *)((char *)w + 2), 1) == -1, "misaligned wake");
  check(futex_wait(&stackword, 0, 1) == -1, "wait on the stack");
  check(futex_wait(&privword, 0, 1) == -1, "wait on bss");
  check(futex_wait((int *)heap, 0, 1) == -1, "wait on the heap");
  check(futex_wake(&privword, 1) == -1, "wake on bss");
  check(futex_wait(w + 2 * PGSIZE / 4, 0, 1) == -1, "wait past the zone");
  check(futex_wait((int *)(SHMBASE + 64 * PGSIZE), 0, 1) == -1, "unmapped");
  check(futex_wait(0, 0, 1) == -1, "wait on address 0");
  check(futex_wait((int *)KERNBASE, 0, 1) == -1, "wait on the kernel");
  check(futex_wait(w, 0, -1) == -1, "negative ticks");
  check(futex_wake(w, -1) == -1, "wake of -1 sleepers");
  check(futex_wake(w, 0) == 0 && futex_wake(w, 5) == 0, "woke a sleeper");
  check((r = futex_wait(w, 0, 2)) == FUTEX_TIMEDOUT, "timed wait gave %d", r);
  check(futex_wait(w + 2 * PGSIZE / 4 - 1, 0, 1) == FUTEX_TIMEDOUT,
        "wait on the last word of the zone");
  check(waitfor(spawn(argschild, w, 0)) == 0, "the child failed");
  detach(w);
  check(futex_wait(w, 0, 1) == -1, "wait on a detached zone");
  sbrk(-PGSIZE);
}

static void
sleeper(void *z, int ticks)
{
  int r = futex_wait((int *)z, 0, ticks);

  check(r == 0, "futex_wait returned %d, expected 0 (woken)", r);
}

// One sleeper woken without the word changing; then 4, woken 2 at a time:
// futex_wake never wakes more than it is asked to.
static void
t_wake(void)
{
  int *w = (int *)create(ID_WAKE, 1), i;

  spawn(sleeper, w, 0);
  wakeall(w, 1, 1);
  check(waitall(1) == 0, "the sleeper failed");
  for(i = 0; i < 4; i++)
    spawn(sleeper, w, 0);
  wakeall(w, 2, 4);
  check(waitall(4) == 0, "a sleeper failed");
  check(futex_wake(w, 10) == 0, "a sleeper is still queued");
  detach(w);
}

// Timed waits time out; a wake-up before the time is up is a wake-up.
static void
t_timeout(void)
{
  int *w = (int *)create(ID_TIMEOUT, 1), t, r;

  for(t = 1; t <= 4; t++)
    check((r = futex_wait(w, 0, t)) == FUTEX_TIMEDOUT,
          "wait for %d ticks returned %d", t, r);
  spawn(sleeper, w, 100000);
  wakeall(w, 1, 1);
  check(waitall(1) == 0, "the timed sleeper was not woken");
  check(futex_wake(w, 1) == 0, "a timed-out waiter is still queued");
  detach(w);
}

struct killzone {
  int word;
  int arrived;
};

static void
killsleeper(void *z, int unused)
{
  struct killzone *k = z;

  atomic_fetch_add(&k->arrived, 1);
  futex_wait(&k->word, 0, 0);
  fail("woken, but nobody wakes this word");
}

// kill ends a wait: the waiter dies with -1 and leaves nothing queued.
// Killed at random moments: before it sleeps, and while it sleeps.
static void
t_kill(void)
{
  struct killzone *k = (struct killzone *)create(ID_KILL, 1);
  int round, pid, st;

  for(round = 0; round < 20; round++){
    atomic_store(&k->arrived, 0);
    pid = spawn(killsleeper, k, 0);
    if(round % 2)
      await(&k->arrived, 1, "the waiter's start");
    busy(rnd() % 20000);
    kill(pid);
    check((st = waitfor(pid)) == -1, "killed waiter exited %d", st);
    check(futex_wake(&k->word, 1) == 0, "a killed waiter is still queued");
  }
  detach(k);
}

struct gonezone {
  int word;
  int arrived;
};

static void
gonewaiter(void *z, int unused)
{
  struct gonezone *g = z;

  atomic_store(&g->arrived, 1);
  check(futex_wait(&g->word, 0, 0) == 0, "the waiter was not woken");
}

static void
gonedetach(void *z, int unused)
{
  detach(z);
}

static void
goneexit(void *z, int unused)
{
}

static void
goneexec(void *z, int unused)
{
  char *argv[] = { "true", 0 };

  exec("/true", argv);
  fail("exec /true failed");
}

// Wake the sleeper on zone ID_GONE's word from a process that attaches
// the zone afresh by id.
static void
gonewaker(void *z, int unused)
{
  struct gonezone *g = (struct gonezone *)shmem(ID_GONE, 0, 0);

  check(g != (struct gonezone *)FAILED, "attach by id failed");
  wakeall(&g->word, 1, 1);
}

// Other holders of a zone exit, exec and detach while a process sleeps on
// it, and the creator detaches too: the sleeper's attachment keeps the
// zone, and a newcomer still finds the sleeper.  Then a zone freed with
// nobody waiting, and created again, has no sleeper left on it.
static void
t_gone(void)
{
  struct gonezone *g = (struct gonezone *)create(ID_GONE, 1);
  int *w;

  spawn(gonewaiter, g, 0);
  await(&g->arrived, 1, "the waiter's start");
  spawn(gonedetach, g, 0);
  spawn(goneexec, g, 0);
  spawn(goneexit, g, 0);
  check(waitall(3) == 0, "a holder failed");
  detach(g);
  check(nref(ID_GONE) == 1, "zone has nref %d, expected 1 (the sleeper)",
        nref(ID_GONE));
  spawn(gonewaker, 0, 0);
  check(waitall(2) == 0, "the waker or the sleeper failed");
  check(nref(ID_GONE) == -1, "zone outlived its last holder");

  w = (int *)create(ID_GONE2, 1);
  check(futex_wait(w, 0, 1) == FUTEX_TIMEDOUT, "a timed wait");
  detach(w);
  w = (int *)create(ID_GONE2, 1);
  check(futex_wake(w, 1) == 0, "a freed zone's waiter is still queued");
  detach(w);
}

// The child maps zone ID_TWO one page higher than the parent does, then
// they wake each other: parent sleeps, child wakes; child sleeps, parent
// wakes.
static void
twochild(void *z, int unused)
{
  int *w;

  detach(z);
  create(ID_TWOPAD, 1);
  check((w = (int *)shmem(ID_TWO, 0, 0)) != (int *)FAILED, "attach by id");
  check((char *)w == (char *)z + PGSIZE, "zone at 0x%x, expected 0x%x",
        (uint)w, (uint)z + PGSIZE);
  wakeall(w, 1, 1);
  atomic_store(&w[1], 1);
  check(futex_wait(w + 2, 0, 0) == 0, "not woken through the other address");
}

static void
t_twoaddr(void)
{
  int *w = (int *)create(ID_TWO, 1);

  spawn(twochild, w, 0);
  check(futex_wait(w, 0, 0) == 0, "not woken through the other address");
  await(&w[1], 1, "the child's wait");
  wakeall(w + 2, 1, 1);
  check(waitall(1) == 0, "the child failed");
  detach(w);
}

#define PINGROUNDS 3000

// Take turns with the other process PINGROUNDS times, sleeping on the turn
// word: a lost wake-up would stop both for ever.
static void
pingpong(void *z, int me)
{
  int *turn = z, i, t;

  for(i = 0; i < PINGROUNDS; i++){
    while((t = atomic_load(turn)) != me)
      futex_wait(turn, t, 0);
    atomic_store(turn, !me);
    futex_wake(turn, 1);
  }
}

static void
t_pingpong(void)
{
  int *turn = (int *)create(ID_PING, 1);

  spawn(pingpong, turn, 0);
  spawn(pingpong, turn, 1);
  check(waitall(2) == 0, "a player failed");
  check(*turn == 0, "turn is %d after an even number of moves", *turn);
  detach(turn);
}

// ---------------------------------------------------------------------
// Locks

#define LOCKERS 4
#define LOCKROUNDS 2000

struct lockzone {
  struct mutex m;
  struct spin s;
  int inside;            // 1 while someone is in the critical section
  int count;             // incremented without atomics, under the lock
  struct mutex more[NROBUST + 1];
};

// Inside the critical section: nobody else may be, and count goes up by
// a read, a pause and a write, which loses updates if two overlap.
static void
critical(struct lockzone *l)
{
  int c;

  check(atomic_xchg(&l->inside, 1) == 0, "two processes inside the lock");
  c = l->count;
  busy(rnd() % 64);
  l->count = c + 1;
  atomic_store(&l->inside, 0);
}

static void
mutexer(void *z, int unused)
{
  struct lockzone *l = z;
  int i, r;

  for(i = 0; i < LOCKROUNDS; i++){
    check((r = mutex_lock(&l->m)) == 0, "mutex_lock returned %d", r);
    critical(l);
    check(mutex_unlock(&l->m) == 0, "mutex_unlock failed");
  }
}

// The child may not unlock what its parent holds.
static void
notowner(void *z, int unused)
{
  struct lockzone *l = z;

  check(mutex_unlock(&l->m) == -1, "unlocked the parent's mutex");
}

// The errors: unlocking what one does not hold, locking twice, holding
// more than NROBUST, a mutex outside a zone.
static void
mutexerrors(struct lockzone *l)
{
  static struct mutex priv;
  int i;

  check(mutex_init(&priv) == -1, "mutex_init outside a zone");
  check(mutex_unlock(&l->m) == -1, "unlocked a free mutex");
  check(mutex_lock(&l->m) == 0, "lock");
  check(mutex_lock(&l->m) == -1, "locked twice");
  check(waitfor(spawn(notowner, l, 0)) == 0, "the child failed");
  check(mutex_unlock(&l->m) == 0, "unlock");
  for(i = 0; i < NROBUST; i++)
    check(mutex_lock(&l->more[i]) == 0, "lock %d", i);
  check(mutex_lock(&l->more[NROBUST]) == -1, "held more than NROBUST");
  for(i = 0; i < NROBUST; i++)
    check(mutex_unlock(&l->more[i]) == 0, "unlock %d", i);
}

// Mutual exclusion across processes on every CPU.
static void
t_mutex(void)
{
  struct lockzone *l = (struct lockzone *)create(ID_MUTEX, 1);
  int i;

  check(mutex_init(&l->m) == 0, "mutex_init in a zone");
  mutexerrors(l);
  for(i = 0; i < LOCKERS; i++)
    spawn(mutexer, l, 0);
  check(waitall(LOCKERS) == 0, "a locker failed");
  check(l->count == LOCKERS * LOCKROUNDS, "count %d, expected %d", l->count,
        LOCKERS * LOCKROUNDS);
  check(l->m.word == 0, "mutex word 0x%x at the end", l->m.word);
  detach(l);
}

static void
spinner(void *z, int unused)
{
  struct lockzone *l = z;
  int i;

  for(i = 0; i < LOCKROUNDS; i++){
    spin_lock(&l->s);
    critical(l);
    spin_unlock(&l->s);
  }
}

static void
t_spin(void)
{
  struct lockzone *l = (struct lockzone *)create(ID_SPIN, 1);
  int i;

  spin_init(&l->s);
  for(i = 0; i < LOCKERS; i++)
    spawn(spinner, l, 0);
  check(waitall(LOCKERS) == 0, "a locker failed");
  check(l->count == LOCKERS * LOCKROUNDS, "count %d, expected %d", l->count,
        LOCKERS * LOCKROUNDS);
  detach(l);
}

// ---------------------------------------------------------------------
// Semaphores and condition variables

#define SEMSLOTS 2
#define SEMUSERS 6
#define SEMROUNDS 300
#define SEMITEMS 1000

struct semzone {
  struct sem s;
  struct sem items;
  int in;                 // processes past sem_wait(s) right now
  int most;               // the largest in seen
};

// Hold one of SEMSLOTS slots at a time, SEMROUNDS times.
static void
semuser(void *z, int unused)
{
  struct semzone *sz = z;
  int i, n, m;

  for(i = 0; i < SEMROUNDS; i++){
    sem_wait(&sz->s);
    n = atomic_fetch_add(&sz->in, 1) + 1;
    check(n <= SEMSLOTS, "%d processes hold %d slots", n, SEMSLOTS);
    while((m = atomic_load(&sz->most)) < n && atomic_cas(&sz->most, m, n) != m)
      ;
    busy(rnd() % 200);
    atomic_fetch_add(&sz->in, -1);
    sem_post(&sz->s);
  }
}

static void
semconsumer(void *z, int n)
{
  struct semzone *sz = z;

  while(n-- > 0)
    sem_wait(&sz->items);
}

static void
semproducer(void *z, int n)
{
  struct semzone *sz = z;

  while(n-- > 0)
    sem_post(&sz->items);
}

// trywait counts down and stops at 0; at most SEMSLOTS are in at once;
// items posted by one process are all taken by two others.
static void
t_sem(void)
{
  struct semzone *sz = (struct semzone *)create(ID_SEM, 1);
  int i;

  sem_init(&sz->s, 2);
  check(sem_trywait(&sz->s) == 0 && sem_trywait(&sz->s) == 0, "trywait");
  check(sem_trywait(&sz->s) == -1, "trywait took from 0");
  sem_post(&sz->s);
  check(sem_trywait(&sz->s) == 0 && sem_trywait(&sz->s) == -1, "post, trywait");

  sem_init(&sz->s, SEMSLOTS);
  for(i = 0; i < SEMUSERS; i++)
    spawn(semuser, sz, 0);
  check(waitall(SEMUSERS) == 0, "a user failed");
  check(sz->s.count == SEMSLOTS, "count %d at the end, expected %d",
        sz->s.count, SEMSLOTS);
  check(sz->most >= 1 && sz->most <= SEMSLOTS, "at most %d in", sz->most);

  sem_init(&sz->items, 0);
  spawn(semconsumer, sz, SEMITEMS / 2);
  spawn(semconsumer, sz, SEMITEMS / 2);
  spawn(semproducer, sz, SEMITEMS);
  check(waitall(3) == 0, "a producer or consumer failed");
  check(sz->items.count == 0, "%d items left", sz->items.count);
  detach(sz);
}

#define CONDROUNDS 1000
#define BCASTWAITERS 4
#define BCASTROUNDS 20

struct condzone {
  struct mutex m;
  struct cond c;
  int turn;               // whose move it is (signal test)
  int gen;                // broadcast round (broadcast test)
  int arrived;            // waiters at the current round
};

// Take turns through the condition variable, CONDROUNDS times each.
static void
condplayer(void *z, int me)
{
  struct condzone *cz = z;
  int i;

  for(i = 0; i < CONDROUNDS; i++){
    check(mutex_lock(&cz->m) == 0, "lock");
    while(cz->turn != me)
      check(cond_wait(&cz->c, &cz->m) == 0, "cond_wait failed");
    cz->turn = !me;
    cond_signal(&cz->c);
    check(mutex_unlock(&cz->m) == 0, "unlock");
  }
}

static void
t_condsignal(void)
{
  struct condzone *cz = (struct condzone *)create(ID_COND, 1);

  check(mutex_init(&cz->m) == 0, "mutex_init");
  cond_init(&cz->c);
  spawn(condplayer, cz, 0);
  spawn(condplayer, cz, 1);
  check(waitall(2) == 0, "a player failed");
  check(cz->turn == 0, "turn %d at the end", cz->turn);
  detach(cz);
}

// Wait for each of BCASTROUNDS broadcasts in turn.
static void
bcastwaiter(void *z, int unused)
{
  struct condzone *cz = z;
  int g;

  for(g = 0; g < BCASTROUNDS; g++){
    check(mutex_lock(&cz->m) == 0, "lock");
    cz->arrived++;
    while(cz->gen == g)
      check(cond_wait(&cz->c, &cz->m) == 0, "cond_wait failed");
    check(mutex_unlock(&cz->m) == 0, "unlock");
  }
}

// Each round, once every waiter is in, one broadcast must wake them all.
static void
t_condbroadcast(void)
{
  struct condzone *cz = (struct condzone *)create(ID_BCAST, 1);
  int i, g, n;

  check(mutex_init(&cz->m) == 0, "mutex_init");
  cond_init(&cz->c);
  for(i = 0; i < BCASTWAITERS; i++)
    spawn(bcastwaiter, cz, 0);
  for(g = 0; g < BCASTROUNDS; g++){
    for(i = 0; ; i++){
      check(mutex_lock(&cz->m) == 0, "lock");
      if((n = cz->arrived) == BCASTWAITERS * (g + 1))
        break;
      check(mutex_unlock(&cz->m) == 0, "unlock");
      check(i < POLL, "round %d: %d arrivals", g, n);
      sleep(1);
    }
    cz->gen = g + 1;
    cond_broadcast(&cz->c);
    check(mutex_unlock(&cz->m) == 0, "unlock");
  }
  check(waitall(BCASTWAITERS) == 0, "a waiter failed");
  detach(cz);
}

// ---------------------------------------------------------------------
// Channel and message queue

#define CHANBYTES 300000
#define CHUNKMAX 3000

static uchar
pattern(uint i)
{
  return i * 7 + i / 251;
}

// Write CHANBYTES of the pattern in random pieces, then close.
static void
chanwriter(void *z, int unused)
{
  static uchar buf[CHUNKMAX];
  struct chan *c = z;
  uint off = 0, n, i;

  while(off < CHANBYTES){
    n = 1 + rnd() % CHUNKMAX;
    if(n > CHANBYTES - off)
      n = CHANBYTES - off;
    for(i = 0; i < n; i++)
      buf[i] = pattern(off + i);
    check(chan_write(c, buf, n) == n, "chan_write of %d failed", n);
    off += n;
  }
  chan_close(c);
}

// Read the pattern back in random pieces; every byte once, in order.
static void
chanreader(struct chan *c)
{
  static uchar buf[CHUNKMAX];
  uint off = 0, i;
  int n;

  while((n = chan_read(c, buf, 1 + rnd() % CHUNKMAX)) > 0){
    for(i = 0; i < n; i++)
      check(buf[i] == pattern(off + i), "byte %d is %d, expected %d",
            off + i, buf[i], pattern(off + i));
    off += n;
  }
  check(n == 0, "chan_read returned %d", n);
  check(off == CHANBYTES, "read %d bytes, expected %d", off, CHANBYTES);
}

// Both ways of waiting, with a tiny ring and a bigger one; the errors.
// Spinning only on two CPUs or more: on one, each side would spin away
// its whole time slice at every turn.
static void
t_chan(void)
{
  static char priv[CHAN_BYTES(64)];
  static int sizes[] = { 64, 4096 };
  struct chan *c = (struct chan *)create(ID_CHAN, 2);
  struct sysinfo si;
  int s, spin;

  check(chan_init(c, 100, 0) == -1, "a ring of 100 bytes");
  check(chan_init(c, 64, 0x10) == -1, "unknown flags");
  check(chan_init((struct chan *)priv, 64, 0) == -1, "a channel in bss");
  check(sysinfo(&si) == 0, "sysinfo");
  for(spin = 0; spin < (si.ncpu > 1 ? 2 : 1); spin++){
    for(s = 0; s < 2; s++){
      check(chan_init(c, sizes[s], spin ? CHAN_SPIN : 0) == 0, "chan_init");
      spawn(chanwriter, c, 0);
      chanreader(c);
      check(waitall(1) == 0, "the writer failed");
      check(chan_write(c, "x", 1) == -1, "wrote to a closed channel");
    }
  }
  detach(c);
}

#define SENDERS 3
#define RECEIVERS 3
#define MESSAGES 400
#define MSGSIZE 64

struct msg {
  int sender;             // -1: stop
  int seq;
  char pad[MSGSIZE - 2 * sizeof(int)];
};

struct msgzone {
  int got[SENDERS][MESSAGES];   // deliveries of each message
  char q[];                     // the queue
};

static void
sender(void *z, int me)
{
  struct msgzone *mz = z;
  struct msg m;
  int i;

  memset(&m, 0, sizeof(m));
  m.sender = me;
  for(i = 0; i < MESSAGES; i++){
    m.seq = i;
    m.pad[i % sizeof(m.pad)] = i;
    check(msgq_send((struct msgq *)mz->q, &m, sizeof(m)) == 0, "msgq_send");
  }
}

// Take messages until a stop; each sender's must come in order.
static void
receiver(void *z, int unused)
{
  struct msgzone *mz = z;
  int last[SENDERS], i, n;
  struct msg m;

  for(i = 0; i < SENDERS; i++)
    last[i] = -1;
  for(;;){
    n = msgq_recv((struct msgq *)mz->q, &m, sizeof(m));
    if(n == 0)
      return;
    check(n == sizeof(m), "message of %d bytes", n);
    check(m.sender >= 0 && m.sender < SENDERS, "sender %d", m.sender);
    check(m.seq > last[m.sender], "from %d: %d after %d", m.sender, m.seq,
          last[m.sender]);
    check(m.pad[m.seq % sizeof(m.pad)] == (char)m.seq, "message body");
    last[m.sender] = m.seq;
    atomic_fetch_add(&mz->got[m.sender][m.seq], 1);
  }
}

// Several senders and receivers through 8 slots: every message arrives
// exactly once, and in order per sender.
static void
t_msgq(void)
{
  int npages = (sizeof(struct msgzone) + MSGQ_BYTES(8, MSGSIZE)) / PGSIZE + 1;
  struct msgzone *mz = (struct msgzone *)create(ID_MSGQ, npages);
  struct msgq *q = (struct msgq *)mz->q;
  int i, j;

  check(msgq_init(q, 8, 6) == -1, "a message size that is not a multiple of 4");
  check(msgq_init(q, 8, MSGSIZE) == 0, "msgq_init");
  check(msgq_send(q, "", MSGSIZE + 4) == -1, "sent a message too big");
  for(i = 0; i < RECEIVERS; i++)
    spawn(receiver, mz, 0);
  for(i = 0; i < SENDERS; i++)
    spawn(sender, mz, i);
  for(i = 0; i < SENDERS; i++)
    check(wait(&j) > 0 && j == 0, "a process failed");
  for(i = 0; i < RECEIVERS; i++)
    check(msgq_send(q, "", 0) == 0, "send stop");
  check(waitall(RECEIVERS) == 0, "a receiver failed");
  for(i = 0; i < SENDERS; i++)
    for(j = 0; j < MESSAGES; j++)
      check(mz->got[i][j] == 1, "message %d of %d delivered %d times", j, i,
            mz->got[i][j]);
  detach(mz);
}

// ---------------------------------------------------------------------
// Robust mutexes

struct robustzone {
  struct mutex m;
  int state;              // set by the holder once it holds m
  int result;             // a waiter's mutex_lock result
};

// Ways for a holder to let go of m without unlocking it.
enum { BYEXIT, BYSPIN, BYEXEC, BYDETACH };

static void
holder(void *z, int how)
{
  struct robustzone *rz = z;
  char *argv[] = { "true", 0 };

  check(mutex_lock(&rz->m) == 0, "the holder's lock");
  atomic_store(&rz->state, 1);
  if(how == BYSPIN)
    for(;;)
      busy(1000);
  if(how == BYEXEC){
    exec("/true", argv);
    fail("exec failed");
  }
  if(how == BYDETACH){
    detach(rz);
    rz = (struct robustzone *)shmem(ID_ROBUST, 0, 0);
    check(rz != (struct robustzone *)FAILED, "attach again");
    check(mutex_unlock(&rz->m) == -1, "unlocked after detaching");
  }
}

// Lock m and report what mutex_lock said, then unlock.
static void
robustwaiter(void *z, int unused)
{
  struct robustzone *rz = z;
  int r = mutex_lock(&rz->m);

  atomic_store(&rz->result, r);
  check(r >= 0 && mutex_unlock(&rz->m) == 0, "waiter lock %d, or unlock", r);
}

// The next lock after the holder let go by `how` says MUTEX_OWNERDEAD;
// the one after that is an ordinary 0.
static void
letgo(struct robustzone *rz, int how)
{
  int pid, r;

  atomic_store(&rz->state, 0);
  pid = spawn(holder, rz, how);
  await(&rz->state, 1, "the holder's lock");
  if(how == BYSPIN)
    kill(pid);
  waitfor(pid);
  check((r = mutex_lock(&rz->m)) == MUTEX_OWNERDEAD,
        "let go by %d: lock returned %d, expected MUTEX_OWNERDEAD", how, r);
  check(mutex_unlock(&rz->m) == 0, "unlock");
  check((r = mutex_lock(&rz->m)) == 0, "second lock returned %d", r);
  check(mutex_unlock(&rz->m) == 0, "unlock");
}

// A holder killed while another process sleeps in mutex_lock: the
// sleeper is woken and told.
static void
wokentold(struct robustzone *rz)
{
  int holdpid, r;

  atomic_store(&rz->state, 0);
  atomic_store(&rz->result, -7);
  holdpid = spawn(holder, rz, BYSPIN);
  await(&rz->state, 1, "the holder's lock");
  spawn(robustwaiter, rz, 0);
  while(!(atomic_load(&rz->m.word) & FUTEX_WAITERS))
    sleep(1);
  kill(holdpid);
  check(waitall(2) == 1, "the waiter failed, or the holder was not killed");
  check((r = rz->result) == MUTEX_OWNERDEAD, "the waiter got %d", r);
}

// A child inherits neither the parent's mutexes nor its table.
static void
forkchild(void *z, int unused)
{
  struct robustzone *rz = z;

  check(mutex_unlock(&rz->m) == -1, "unlocked the parent's mutex");
}

static void
t_robust(void)
{
  struct robustzone *rz = (struct robustzone *)create(ID_ROBUST, 1);
  int how;

  check(mutex_init(&rz->m) == 0, "mutex_init");
  for(how = BYEXIT; how <= BYDETACH; how++)
    letgo(rz, how);
  wokentold(rz);
  check(mutex_lock(&rz->m) == 0, "lock");
  check(waitfor(spawn(forkchild, rz, 0)) == 0, "the child failed");
  check((rz->m.word & FUTEX_OWNER) == getpid() &&
        !(rz->m.word & FUTEX_OWNERDIED), "word 0x%x after the child's exit",
        rz->m.word);
  check(mutex_unlock(&rz->m) == 0, "unlock");
  detach(rz);
}

// The kernel's rules (kernel/robust.c) one by one, with a robust table
// made by hand instead of the library's, so that each case is hit for
// certain rather than by a kill at the right moment.

struct handzone {
  int word[4];
  int idx, val;           // the word a round uses, the value it gets
  int ready;              // the child's table is in place
  int sleeping;           // the sleeper is about to wait
  int go;                 // the child may exit
  int result;             // the sleeper's futex_wait result
};

static struct robust handtable;

// Put word idx in the table (pending, or held), store val in it (0: our
// own pid, as an owner would), register, and exit when told to.
static void
handchild(void *z, int pending)
{
  struct handzone *h = z;
  int *w = &h->word[h->idx];

  memset(&handtable, 0, sizeof(handtable));
  if(pending)
    handtable.pending = w;
  else
    handtable.held[0] = w;
  atomic_store(w, h->val ? h->val : (getpid() | FUTEX_WAITERS));
  check(setrobust(&handtable) == 0, "setrobust");
  atomic_store(&h->ready, 1);
  await(&h->go, 1, "the go");
}

static void
handsleeper(void *z, int ticks)
{
  struct handzone *h = z;
  int *w = &h->word[h->idx], v = atomic_load(w);

  atomic_store(&h->sleeping, 1);
  atomic_store(&h->result, futex_wait(w, v, ticks));
}

// A child with word idx in its table exits while another process sleeps
// on the word.  Returns the sleeper's result: 0 (woken), FUTEX_TIMEDOUT,
// or -1 if the word changed before it slept (the round proves nothing).
static int
handround(struct handzone *h, int idx, int val, int pending, int ticks)
{
  int child, sleeper;

  h->idx = idx;
  h->val = val;
  h->ready = h->sleeping = h->go = 0;
  child = spawn(handchild, h, pending);
  await(&h->ready, 1, "the child's table");
  sleeper = spawn(handsleeper, h, ticks);
  await(&h->sleeping, 1, "the sleeper");
  sleep(2);                 // into futex_wait before the child exits
  atomic_store(&h->go, 1);
  check(waitfor(child) == 0, "the child failed");
  check(waitfor(sleeper) == 0, "the sleeper failed");
  return h->result;
}

// handround until a round proves something (at most 10 tries).
static int
handrounds(struct handzone *h, int idx, int val, int pending, int ticks)
{
  int i, r;

  for(i = 0; (r = handround(h, idx, val, pending, ticks)) == -1; i++)
    check(i < 10, "the sleeper never got to sleep before the exit");
  return r;
}

// Let go of the zone with an owned word in the table: shmdt marks it and
// clears the entry.
static void
handdetach(void *z, int unused)
{
  struct handzone *h = z;

  memset(&handtable, 0, sizeof(handtable));
  handtable.held[5] = &h->word[3];
  atomic_store(&h->word[3], getpid() | FUTEX_WAITERS);
  check(setrobust(&handtable) == 0, "setrobust");
  detach(h);
  check(handtable.held[5] == 0, "shmdt left the entry in the table");
}

static void
t_robusttable(void)
{
  struct handzone *h = (struct handzone *)create(ID_HAND, 1);
  int died = FUTEX_OWNERDIED | FUTEX_WAITERS, r;

  check(setrobust((struct robust *)1) == -1, "a misaligned table");
  check(setrobust((struct robust *)h) == -1, "a table in a zone");
  check(setrobust((struct robust *)(SHMBASE - 8)) == -1, "past the break");
  r = handrounds(h, 0, 0, 0, POLL);
  check(r == 0 && h->word[0] == died, "an owner's death: sleeper %d, "
        "word 0x%x", r, h->word[0]);
  r = handrounds(h, 1, FUTEX_WAITERS, 1, POLL);
  check(r == 0 && h->word[1] == FUTEX_WAITERS, "a pending word not owned: "
        "sleeper %d, word 0x%x", r, h->word[1]);
  r = handrounds(h, 2, FUTEX_WAITERS, 0, 20);
  check(r == FUTEX_TIMEDOUT && h->word[2] == FUTEX_WAITERS, "a held word not "
        "owned: sleeper %d, word 0x%x", r, h->word[2]);
  check(waitfor(spawn(handdetach, h, 0)) == 0, "the detacher failed");
  check(h->word[3] == died, "after shmdt: word 0x%x", h->word[3]);
  detach(h);
}

#define RWORKERS 3
#define RROUNDS 150

struct rkillzone {
  struct mutex m;
  int a, b;               // a == b whenever nobody is half-way through
  int stop;
  int bad;                // locks that returned 0 with a != b
  int repairs;            // locks that returned MUTEX_OWNERDEAD
  int ops;
};

// Update the pair under the mutex until told to stop, repairing it when
// a holder died half-way.
static void
rworker(void *z, int unused)
{
  struct rkillzone *k = z;
  int r;

  while(!atomic_load(&k->stop)){
    r = mutex_lock(&k->m);
    check(r == 0 || r == MUTEX_OWNERDEAD, "mutex_lock returned %d", r);
    if(r == MUTEX_OWNERDEAD){
      atomic_fetch_add(&k->repairs, 1);
      k->b = k->a;
    } else if(k->a != k->b){
      atomic_fetch_add(&k->bad, 1);
    }
    k->a++;
    busy(rnd() % 300);
    k->b++;
    k->ops++;
    check(mutex_unlock(&k->m) == 0, "unlock");
    busy(rnd() % 300);
  }
}

// Workers contend for one mutex; round after round one of them is killed
// at a random moment (holding it, sleeping for it, in lock or unlock, or
// outside) and replaced.  Nobody may ever find the data half-updated
// without being told, and nothing may hang.
static void
t_robustkill(void)
{
  struct rkillzone *k = (struct rkillzone *)create(ID_RKILL, 1);
  int pids[RWORKERS], i, round, victim, st, r;

  check(mutex_init(&k->m) == 0, "mutex_init");
  for(i = 0; i < RWORKERS; i++)
    pids[i] = spawn(rworker, k, 0);
  for(round = 0; round < RROUNDS; round++){
    busy(rnd() % 200000);
    if(rnd() % 2)
      sleep(1);
    victim = rnd() % RWORKERS;
    kill(pids[victim]);
    check((st = waitfor(pids[victim])) == -1, "worker exited %d", st);
    pids[victim] = spawn(rworker, k, 0);
  }
  atomic_store(&k->stop, 1);
  check(waitall(RWORKERS) == 0, "a worker failed");
  check(k->bad == 0, "%d locks found the data half-updated", k->bad);
  if((r = mutex_lock(&k->m)) == MUTEX_OWNERDEAD)
    k->repairs++;
  check(r >= 0, "final lock returned %d", r);
  check(r != 0 || k->a == k->b, "a %d, b %d at the end", k->a, k->b);
  check(k->repairs <= RROUNDS, "%d repairs for %d kills", k->repairs, RROUNDS);
  check(mutex_unlock(&k->m) == 0, "final unlock");
  printf("robustkill: %d operations, %d kills, %d repairs\n", k->ops,
         RROUNDS, k->repairs);
  detach(k);
}

// ---------------------------------------------------------------------
// No system call on the fast paths

struct nosyszone {
  struct mutex m;
  struct sem s;
  struct cond c;
  struct spin sp;
  char ch[CHAN_BYTES(4096)];
};

static void
t_nosyscall(void)
{
  struct nosyszone *n = (struct nosyszone *)create(ID_NOSYS, 2);
  struct chan *c = (struct chan *)n->ch;
  char buf[64];
  int before, made, i;

  check(mutex_init(&n->m) == 0 && chan_init(c, 4096, 0) == 0, "init");
  sem_init(&n->s, 0);
  cond_init(&n->c);
  check(mutex_lock(&n->m) == 0 && mutex_unlock(&n->m) == 0, "first lock");
  before = nsyscalls();
  for(i = 0; i < 1000; i++){
    check(mutex_lock(&n->m) == 0, "lock");
    cond_signal(&n->c);
    cond_broadcast(&n->c);
    check(mutex_unlock(&n->m) == 0, "unlock");
    sem_post(&n->s);
    sem_wait(&n->s);
    spin_lock(&n->sp);
    spin_unlock(&n->sp);
    check(chan_write(c, buf, sizeof(buf)) == sizeof(buf), "chan_write");
    check(chan_read(c, buf, sizeof(buf)) == sizeof(buf), "chan_read");
  }
  made = nsyscalls() - before - 1;
  check(made == 0, "the uncontended paths made %d system calls", made);
  detach(n);
}

// ---------------------------------------------------------------------
// The runner

struct test {
  char *name;
  void (*fn)(void);
  int seconds;   // the watchdog kills the test after this long
};

static struct test tests[] = {
  { "args",          t_args,          30 },
  { "wake",          t_wake,          30 },
  { "timeout",       t_timeout,       30 },
  { "kill",          t_kill,          60 },
  { "gone",          t_gone,          30 },
  { "twoaddr",       t_twoaddr,       30 },
  { "pingpong",      t_pingpong,      60 },
  { "mutex",         t_mutex,         60 },
  { "spin",          t_spin,          60 },
  { "sem",           t_sem,           60 },
  { "condsignal",    t_condsignal,    60 },
  { "condbroadcast", t_condbroadcast, 60 },
  { "chan",          t_chan,          90 },
  { "msgq",          t_msgq,          60 },
  { "robust",        t_robust,        60 },
  { "robusttable",   t_robusttable,   60 },
  { "robustkill",    t_robustkill,    120 },
  { "nosyscall",     t_nosyscall,     30 },
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static struct sysinfo
sys(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    fail("sysinfo failed");
  return s;
}

// Poll until free pages, zones and processes are back to s (orphans may
// still be on their way out); 0 if they are, else -1 with t the last look.
static int
settled(struct sysinfo *s, struct sysinfo *t)
{
  int i;

  for(i = 0; i < 300; i++){
    *t = sys();
    if(t->freepages == s->freepages && t->nzones == s->nzones &&
       t->nproc == s->nproc)
      return 0;
    sleep(1);
  }
  return -1;
}

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

// The test's own process: wait for the go, then run it.
static void
testmain(struct test *t, int p[2])
{
  char c;

  read(p[0], &c, 1);                   // until the watchdog is in place
  close(p[0]);
  testpid = getpid();
  whyfd = p[1];
  ownmemory();                         // its page counts are its own
  t->fn();
  exit(0);
}

// Print the line for test t; returns 1 if it passed.
static int
verdict(struct test *t, int status, int timedout, char *why, int leaked,
        struct sysinfo *s, struct sysinfo *after)
{
  if(timedout && status != 0)
    printf("FAIL %s: timed out after %d s\n", t->name, t->seconds);
  else if(status != 0 && why[0])
    printf("FAIL %s: %s\n", t->name, why);
  else if(status != 0)
    printf("FAIL %s: exited with status %d (see console)\n", t->name, status);
  else if(leaked)
    printf("FAIL %s: lost %d pages, left %d zones, %d processes\n", t->name,
           s->freepages - after->freepages, after->nzones - s->nzones,
           after->nproc - s->nproc);
  else {
    printf("ok %s\n", t->name);
    return 1;
  }
  return 0;
}

// Run test t in a child, with a watchdog; print its line.  Returns 1 if
// it passed, else 0.
static int
runtest(struct test *t)
{
  static char why[256];
  struct sysinfo s, after;
  int p[2], pid, wd, w, st, status = 1, timedout = 0, left;

  s = sys();
  if(pipe(p) < 0){
    printf("FAIL %s: pipe failed\n", t->name);
    return 0;
  }
  curtest = t->name;
  if((pid = fork()) == 0)
    testmain(t, p);
  if((wd = fork()) == 0){
    if(sleep(t->seconds * 100) == 0 && kill(pid) == 0)
      exit(2);
    exit(0);
  }
  if(pid > 0)
    write(p[1], "g", 1);
  for(left = (pid > 0) + (wd > 0); left > 0; left--){
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
  close(p[0]);
  close(p[1]);
  return verdict(t, status, timedout, why, settled(&s, &after) < 0, &s, &after);
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
  int i, passed = 0, failed = 0;

  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      fprintf(2, "synctests: no test named %s\n", argv[i]);
      exit(1);
    }
  }
  ownmemory();
  s = sys();
  for(i = 0; i < (argc > 1 ? argc - 1 : NTESTS); i++){
    if(runtest(argc > 1 ? findtest(argv[i + 1]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(settled(&s, &t) < 0){
    printf("FAIL leak: %d pages lost, %d zones left\n",
           s.freepages - t.freepages, t.nzones - s.nzones);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
