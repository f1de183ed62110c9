// synctests: futex_wait and futex_wake.
#include "synctests.h"

static int privword;             // private memory, for the error cases

// A helper: wait on the private word that the parent shares with us
// copy-on-write, and on a word of a read-only attachment of zone ID_ARGS.
static void
argschild(void *z, int unused)
{
  int *r;

  expect(futex_wait(&privword, 0, 1) == -1, "waited on a copy-on-write word");
  detach(z);
  expect((r = (int *)shmem(ID_ARGS, M_RDONLY, 0)) != (int *)FAILED, "attach ro");
  expect(futex_wait(r, 0, 1) == FUTEX_TIMEDOUT, "wait on a read-only zone");
  expect(futex_wake(r, 1) == 0, "wake on a read-only zone");
}

// Bad addresses, bad arguments, a value that does not match, a timeout.
void
t_args(void)
{
  int *w = (int *)create(ID_ARGS, 2), stackword = 0, r;
  char *heap = sbrk(PGSIZE);

  *(int *)heap = 0;
  expect(futex_wait(w, 1, 0) == -1, "a value that does not match slept");
  expect(futex_wait((int *)((char *)w + 1), 0, 1) == -1, "misaligned wait");
  expect(futex_wake((int *)((char *)w + 2), 1) == -1, "misaligned wake");
  expect(futex_wait(&stackword, 0, 1) == -1, "wait on the stack");
  expect(futex_wait(&privword, 0, 1) == -1, "wait on bss");
  expect(futex_wait((int *)heap, 0, 1) == -1, "wait on the heap");
  expect(futex_wake(&privword, 1) == -1, "wake on bss");
  expect(futex_wait(w + 2 * PGSIZE / 4, 0, 1) == -1, "wait past the zone");
  expect(futex_wait((int *)(SHMBASE + 64 * PGSIZE), 0, 1) == -1, "unmapped");
  expect(futex_wait(0, 0, 1) == -1, "wait on address 0");
  expect(futex_wait((int *)KERNBASE, 0, 1) == -1, "wait on the kernel");
  expect(futex_wait(w, 0, -1) == -1, "negative ticks");
  expect(futex_wake(w, -1) == -1, "wake of -1 sleepers");
  expect(futex_wake(w, 0) == 0 && futex_wake(w, 5) == 0, "woke a sleeper");
  expect((r = futex_wait(w, 0, 2)) == FUTEX_TIMEDOUT, "timed wait gave %d", r);
  expect(futex_wait(w + 2 * PGSIZE / 4 - 1, 0, 1) == FUTEX_TIMEDOUT,
        "wait on the last word of the zone");
  expect(waitfor(spawn(argschild, w, 0)) == 0, "the child failed");
  detach(w);
  expect(futex_wait(w, 0, 1) == -1, "wait on a detached zone");
  sbrk(-PGSIZE);
}

static void
sleeper(void *z, int ticks)
{
  int r = futex_wait((int *)z, 0, ticks);

  expect(r == 0, "futex_wait returned %d, expected 0 (woken)", r);
}

// One sleeper woken without the word changing; then 4, woken 2 at a time:
// futex_wake never wakes more than it is asked to.
void
t_wake(void)
{
  int *w = (int *)create(ID_WAKE, 1), i;

  spawn(sleeper, w, 0);
  wakeall(w, 1, 1);
  expect(waitall(1) == 0, "the sleeper failed");
  for(i = 0; i < 4; i++)
    spawn(sleeper, w, 0);
  wakeall(w, 2, 4);
  expect(waitall(4) == 0, "a sleeper failed");
  expect(futex_wake(w, 10) == 0, "a sleeper is still queued");
  detach(w);
}

// Timed waits time out; a wake-up before the time is up is a wake-up.
void
t_timeout(void)
{
  int *w = (int *)create(ID_TIMEOUT, 1), t, r;

  for(t = 1; t <= 4; t++)
    expect((r = futex_wait(w, 0, t)) == FUTEX_TIMEDOUT,
          "wait for %d ticks returned %d", t, r);
  spawn(sleeper, w, 100000);
  wakeall(w, 1, 1);
  expect(waitall(1) == 0, "the timed sleeper was not woken");
  expect(futex_wake(w, 1) == 0, "a timed-out waiter is still queued");
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
void
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
    expect((st = waitfor(pid)) == -1, "killed waiter exited %d", st);
    expect(futex_wake(&k->word, 1) == 0, "a killed waiter is still queued");
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
  expect(futex_wait(&g->word, 0, 0) == 0, "the waiter was not woken");
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

  expect(g != (struct gonezone *)FAILED, "attach by id failed");
  wakeall(&g->word, 1, 1);
}

// Other holders of a zone exit, exec and detach while a process sleeps on
// it, and the creator detaches too: the sleeper's attachment keeps the
// zone, and a newcomer still finds the sleeper.  Then a zone freed with
// nobody waiting, and created again, has no sleeper left on it.
void
t_gone(void)
{
  struct gonezone *g = (struct gonezone *)create(ID_GONE, 1);
  int *w;

  spawn(gonewaiter, g, 0);
  await(&g->arrived, 1, "the waiter's start");
  spawn(gonedetach, g, 0);
  spawn(goneexec, g, 0);
  spawn(goneexit, g, 0);
  expect(waitall(3) == 0, "a holder failed");
  detach(g);
  expect(nref(ID_GONE) == 1, "zone has nref %d, expected 1 (the sleeper)",
        nref(ID_GONE));
  spawn(gonewaker, 0, 0);
  expect(waitall(2) == 0, "the waker or the sleeper failed");
  expect(nref(ID_GONE) == -1, "zone outlived its last holder");

  w = (int *)create(ID_GONE2, 1);
  expect(futex_wait(w, 0, 1) == FUTEX_TIMEDOUT, "a timed wait");
  detach(w);
  w = (int *)create(ID_GONE2, 1);
  expect(futex_wake(w, 1) == 0, "a freed zone's waiter is still queued");
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
  expect((w = (int *)shmem(ID_TWO, 0, 0)) != (int *)FAILED, "attach by id");
  expect((char *)w == (char *)z + PGSIZE, "zone at 0x%x, expected 0x%x",
        (uint)w, (uint)z + PGSIZE);
  wakeall(w, 1, 1);
  atomic_store(&w[1], 1);
  expect(futex_wait(w + 2, 0, 0) == 0, "not woken through the other address");
}

void
t_twoaddr(void)
{
  int *w = (int *)create(ID_TWO, 1);

  spawn(twochild, w, 0);
  expect(futex_wait(w, 0, 0) == 0, "not woken through the other address");
  await(&w[1], 1, "the child's wait");
  wakeall(w + 2, 1, 1);
  expect(waitall(1) == 0, "the child failed");
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

void
t_pingpong(void)
{
  int *turn = (int *)create(ID_PING, 1);

  spawn(pingpong, turn, 0);
  spawn(pingpong, turn, 1);
  expect(waitall(2) == 0, "a player failed");
  expect(*turn == 0, "turn is %d after an even number of moves", *turn);
  detach(turn);
}
