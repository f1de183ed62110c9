// Locks, semaphores and condition variables in zone memory (user/sync.h,
// docs/sync.md), built on the atomics there and on futex_wait and
// futex_wake.  Each keeps its whole state in its own words; the only
// state in the process is the robust table below.
//
// The fast paths are one atomic instruction and no system call: a free
// mutex is taken with one compare-and-swap, a semaphore with a count
// above 0 is taken with one, and a post, unlock or signal calls
// futex_wake only if the object says someone may be asleep on it.  A
// process that goes to sleep first says so in the object (FUTEX_WAITERS,
// a waiters count) and then looks once more; the waker changes the word
// first and then looks for sleepers.  Both steps are locked instructions,
// so at least one of them sees the other, and futex_wait's own check
// closes the rest of the window: no wake-up is lost.
//
// Robust mutexes.  The mutex word holds the owner's pid, so the process
// caches its pid (getpid() at its first lock) and registers its robust
// table with the kernel (setrobust(), at the same moment).  fork() is
// here too: the child is another process, so it forgets the cached pid
// and the parent's table, and looks up its own pid at its first lock.
// See kernel/robust.c for what the kernel does with the table.
#include "user/user.h"

extern int sysfork(void);   // the fork system call (usys.S)

// This process's robust table.  volatile: the kernel reads it after we
// die, so every store to it must really happen, in program order.
static volatile struct robust robust;
static int mypid;           // 0 until the first lock of this process

int
fork(void)
{
  int pid = sysfork();

  if(pid == 0 && mypid != 0){
    mypid = 0;
    memset((void *)&robust, 0, sizeof(robust));
  }
  return pid;
}

static int
self(void)
{
  if(mypid == 0){
    setrobust((struct robust *)&robust);
    mypid = getpid();
  }
  return mypid;
}

// ---- spin lock ----

void
spin_init(struct spin *s)
{
  atomic_store(&s->locked, 0);
}

// Test and test-and-set: spin on a plain load, so that waiting CPUs share
// the cache line instead of fighting over it with locked writes.
void
spin_lock(struct spin *s)
{
  while(atomic_xchg(&s->locked, 1) != 0)
    while(atomic_load(&s->locked) != 0)
      cpu_relax();
}

void
spin_unlock(struct spin *s)
{
  atomic_store(&s->locked, 0);
}

// ---- mutex ----

// The first free slot of the table, or -1 if the process holds NROBUST.
static int
freeslot(void)
{
  int i;

  for(i = 0; i < NROBUST; i++)
    if(robust.held[i] == 0)
      return i;
  return -1;
}

// The slot that holds w, or -1.
static int
findslot(int *w)
{
  int i;

  for(i = 0; i < NROBUST; i++)
    if(robust.held[i] == w)
      return i;
  return -1;
}

// 0 if m is in a zone: waking nobody fails only for a word that is not.
int
mutex_init(struct mutex *m)
{
  atomic_store(&m->word, 0);
  return futex_wake(&m->word, 0) < 0 ? -1 : 0;
}

// Take the free word w for me.  A process that has slept takes it with
// FUTEX_WAITERS set: others may still sleep, and its unlock must wake
// them.  Returns 0 or MUTEX_OWNERDEAD if it got the word, else -1.
static int
takefree(struct mutex *m, int w, int me, int slept)
{
  int new = me | (w & FUTEX_WAITERS) | (slept ? FUTEX_WAITERS : 0);

  if(atomic_cas(&m->word, w, new) != w)
    return -1;
  return (w & FUTEX_OWNERDIED) ? MUTEX_OWNERDEAD : 0;
}

// The contended path: mark the word FUTEX_WAITERS and sleep until it is
// free.  Returns 0, MUTEX_OWNERDEAD, or -1 if the caller holds m already.
static int
lockslow(struct mutex *m, int me)
{
  int w, r, slept = 0;

  for(;;){
    w = atomic_load(&m->word);
    if((w & FUTEX_OWNER) == 0){
      if((r = takefree(m, w, me, slept)) >= 0)
        return r;
      continue;
    }
    if((w & FUTEX_OWNER) == me)
      return -1;
    if(!(w & FUTEX_WAITERS) &&
       atomic_cas(&m->word, w, w | FUTEX_WAITERS) != w)
      continue;
    futex_wait(&m->word, w | FUTEX_WAITERS, 0);
    slept = 1;
  }
}

// pending names m from before the word can become ours until the table
// says we hold it, so a death anywhere in between is seen by the kernel.
int
mutex_lock(struct mutex *m)
{
  int me = self(), slot = freeslot(), r;

  if(slot < 0)
    return -1;
  robust.pending = &m->word;
  if(atomic_cas(&m->word, 0, me) == 0)
    r = 0;
  else
    r = lockslow(m, me);
  if(r >= 0)
    robust.held[slot] = &m->word;
  robust.pending = 0;
  return r;
}

// Release m.  The common case is one compare-and-swap, me -> 0; if it
// fails, FUTEX_WAITERS is set and one sleeper is woken.
int
mutex_unlock(struct mutex *m)
{
  int me = self(), slot = findslot(&m->word);

  if(slot < 0 || (atomic_load(&m->word) & FUTEX_OWNER) != me)
    return -1;
  robust.pending = &m->word;
  robust.held[slot] = 0;
  if(atomic_cas(&m->word, me, 0) != me &&
     (atomic_xchg(&m->word, 0) & FUTEX_WAITERS))
    futex_wake(&m->word, 1);
  robust.pending = 0;
  return 0;
}

// ---- counting semaphore ----

void
sem_init(struct sem *s, int count)
{
  atomic_store(&s->waiters, 0);
  atomic_store(&s->count, count);
}

// Take one from the count if there is one: 0, else -1.
int
sem_trywait(struct sem *s)
{
  int c;

  while((c = atomic_load(&s->count)) > 0)
    if(atomic_cas(&s->count, c, c - 1) == c)
      return 0;
  return -1;
}

// Count ourselves in waiters, then sleep only if the count is still 0:
// a sem_post in between either sees us or changed the count first.
void
sem_wait(struct sem *s)
{
  while(sem_trywait(s) < 0){
    atomic_fetch_add(&s->waiters, 1);
    futex_wait(&s->count, 0, 0);
    atomic_fetch_add(&s->waiters, -1);
  }
}

void
sem_post(struct sem *s)
{
  atomic_fetch_add(&s->count, 1);
  if(atomic_load(&s->waiters) > 0)
    futex_wake(&s->count, 1);
}

// ---- condition variable ----

void
cond_init(struct cond *c)
{
  atomic_store(&c->waiters, 0);
  atomic_store(&c->seq, 0);
}

// Unlock m, sleep until a signal or broadcast that comes after we read
// seq (it changes seq, so futex_wait will not sleep through it), lock m
// again.  Wake-ups may be spurious: callers re-check their condition in
// a loop.  Returns what mutex_lock returns, or -1 if the caller does not
// hold m.
int
cond_wait(struct cond *c, struct mutex *m)
{
  int seq;

  atomic_fetch_add(&c->waiters, 1);
  seq = atomic_load(&c->seq);
  if(mutex_unlock(m) < 0){
    atomic_fetch_add(&c->waiters, -1);
    return -1;
  }
  futex_wait(&c->seq, seq, 0);
  atomic_fetch_add(&c->waiters, -1);
  return mutex_lock(m);
}

void
cond_signal(struct cond *c)
{
  atomic_fetch_add(&c->seq, 1);
  if(atomic_load(&c->waiters) > 0)
    futex_wake(&c->seq, 1);
}

void
cond_broadcast(struct cond *c)
{
  atomic_fetch_add(&c->seq, 1);
  if(atomic_load(&c->waiters) > 0)
    futex_wake(&c->seq, 0x7FFFFFFF);
}
