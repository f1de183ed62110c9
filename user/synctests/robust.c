// synctests: robust mutexes.
#include "synctests.h"

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

  expect(mutex_lock(&rz->m) == 0, "the holder's lock");
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
    expect(rz != (struct robustzone *)FAILED, "attach again");
    expect(mutex_unlock(&rz->m) == -1, "unlocked after detaching");
  }
}

// Lock m and report what mutex_lock said, then unlock.
static void
robustwaiter(void *z, int unused)
{
  struct robustzone *rz = z;
  int r = mutex_lock(&rz->m);

  atomic_store(&rz->result, r);
  expect(r >= 0 && mutex_unlock(&rz->m) == 0, "waiter lock %d, or unlock", r);
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
  expect((r = mutex_lock(&rz->m)) == MUTEX_OWNERDEAD,
        "let go by %d: lock returned %d, expected MUTEX_OWNERDEAD", how, r);
  expect(mutex_unlock(&rz->m) == 0, "unlock");
  expect((r = mutex_lock(&rz->m)) == 0, "second lock returned %d", r);
  expect(mutex_unlock(&rz->m) == 0, "unlock");
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
  expect(waitall(2) == 1, "the waiter failed, or the holder was not killed");
  expect((r = rz->result) == MUTEX_OWNERDEAD, "the waiter got %d", r);
}

// A child inherits neither the parent's mutexes nor its table.
static void
forkchild(void *z, int unused)
{
  struct robustzone *rz = z;

  expect(mutex_unlock(&rz->m) == -1, "unlocked the parent's mutex");
}

void
t_robust(void)
{
  struct robustzone *rz = (struct robustzone *)create(ID_ROBUST, 1);
  int how;

  expect(mutex_init(&rz->m) == 0, "mutex_init");
  for(how = BYEXIT; how <= BYDETACH; how++)
    letgo(rz, how);
  wokentold(rz);
  expect(mutex_lock(&rz->m) == 0, "lock");
  expect(waitfor(spawn(forkchild, rz, 0)) == 0, "the child failed");
  expect((rz->m.word & FUTEX_OWNER) == getpid() &&
        !(rz->m.word & FUTEX_OWNERDIED), "word 0x%x after the child's exit",
        rz->m.word);
  expect(mutex_unlock(&rz->m) == 0, "unlock");
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
  expect(setrobust(&handtable) == 0, "setrobust");
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
  expect(waitfor(child) == 0, "the child failed");
  expect(waitfor(sleeper) == 0, "the sleeper failed");
  return h->result;
}

// handround until a round proves something (at most 10 tries).
static int
handrounds(struct handzone *h, int idx, int val, int pending, int ticks)
{
  int i, r;

  for(i = 0; (r = handround(h, idx, val, pending, ticks)) == -1; i++)
    expect(i < 10, "the sleeper never got to sleep before the exit");
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
  expect(setrobust(&handtable) == 0, "setrobust");
  detach(h);
  expect(handtable.held[5] == 0, "shmdt left the entry in the table");
}

void
t_robusttable(void)
{
  struct handzone *h = (struct handzone *)create(ID_HAND, 1);
  int died = FUTEX_OWNERDIED | FUTEX_WAITERS, r;

  expect(setrobust((struct robust *)1) == -1, "a misaligned table");
  expect(setrobust((struct robust *)h) == -1, "a table in a zone");
  expect(setrobust((struct robust *)(SHMBASE - 8)) == -1, "past the break");
  r = handrounds(h, 0, 0, 0, POLL);
  expect(r == 0 && h->word[0] == died, "an owner's death: sleeper %d, "
        "word 0x%x", r, h->word[0]);
  r = handrounds(h, 1, FUTEX_WAITERS, 1, POLL);
  expect(r == 0 && h->word[1] == FUTEX_WAITERS, "a pending word not owned: "
        "sleeper %d, word 0x%x", r, h->word[1]);
  r = handrounds(h, 2, FUTEX_WAITERS, 0, 20);
  expect(r == FUTEX_TIMEDOUT && h->word[2] == FUTEX_WAITERS, "a held word not "
        "owned: sleeper %d, word 0x%x", r, h->word[2]);
  expect(waitfor(spawn(handdetach, h, 0)) == 0, "the detacher failed");
  expect(h->word[3] == died, "after shmdt: word 0x%x", h->word[3]);
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
    expect(r == 0 || r == MUTEX_OWNERDEAD, "mutex_lock returned %d", r);
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
    expect(mutex_unlock(&k->m) == 0, "unlock");
    busy(rnd() % 300);
  }
}

// Workers contend for one mutex; round after round one of them is killed
// at a random moment (holding it, sleeping for it, in lock or unlock, or
// outside) and replaced.  Nobody may ever find the data half-updated
// without being told, and nothing may hang.
void
t_robustkill(void)
{
  struct rkillzone *k = (struct rkillzone *)create(ID_RKILL, 1);
  int pids[RWORKERS], i, round, victim, st, r;

  expect(mutex_init(&k->m) == 0, "mutex_init");
  for(i = 0; i < RWORKERS; i++)
    pids[i] = spawn(rworker, k, 0);
  for(round = 0; round < RROUNDS; round++){
    busy(rnd() % 200000);
    if(rnd() % 2)
      sleep(1);
    victim = rnd() % RWORKERS;
    kill(pids[victim]);
    expect((st = waitfor(pids[victim])) == -1, "worker exited %d", st);
    pids[victim] = spawn(rworker, k, 0);
  }
  atomic_store(&k->stop, 1);
  expect(waitall(RWORKERS) == 0, "a worker failed");
  expect(k->bad == 0, "%d locks found the data half-updated", k->bad);
  if((r = mutex_lock(&k->m)) == MUTEX_OWNERDEAD)
    k->repairs++;
  expect(r >= 0, "final lock returned %d", r);
  expect(r != 0 || k->a == k->b, "a %d, b %d at the end", k->a, k->b);
  expect(k->repairs <= RROUNDS, "%d repairs for %d kills", k->repairs, RROUNDS);
  expect(mutex_unlock(&k->m) == 0, "final unlock");
  printf("robustkill: %d operations, %d kills, %d repairs\n", k->ops,
         RROUNDS, k->repairs);
  detach(k);
}
