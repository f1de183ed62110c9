// synctests: locks, the mutex and the spin lock.
#include "synctests.h"

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

  expect(atomic_xchg(&l->inside, 1) == 0, "two processes inside the lock");
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
    expect((r = mutex_lock(&l->m)) == 0, "mutex_lock returned %d", r);
    critical(l);
    expect(mutex_unlock(&l->m) == 0, "mutex_unlock failed");
  }
}

// The child may not unlock what its parent holds.
static void
notowner(void *z, int unused)
{
  struct lockzone *l = z;

  expect(mutex_unlock(&l->m) == -1, "unlocked the parent's mutex");
}

// The errors: unlocking what one does not hold, locking twice, holding
// more than NROBUST, a mutex outside a zone.
static void
mutexerrors(struct lockzone *l)
{
  static struct mutex priv;
  int i;

  expect(mutex_init(&priv) == -1, "mutex_init outside a zone");
  expect(mutex_unlock(&l->m) == -1, "unlocked a free mutex");
  expect(mutex_lock(&l->m) == 0, "lock");
  expect(mutex_lock(&l->m) == -1, "locked twice");
  expect(waitfor(spawn(notowner, l, 0)) == 0, "the child failed");
  expect(mutex_unlock(&l->m) == 0, "unlock");
  for(i = 0; i < NROBUST; i++)
    expect(mutex_lock(&l->more[i]) == 0, "lock %d", i);
  expect(mutex_lock(&l->more[NROBUST]) == -1, "held more than NROBUST");
  for(i = 0; i < NROBUST; i++)
    expect(mutex_unlock(&l->more[i]) == 0, "unlock %d", i);
}

// Mutual exclusion across processes on every CPU.
void
t_mutex(void)
{
  struct lockzone *l = (struct lockzone *)create(ID_MUTEX, 1);
  int i;

  expect(mutex_init(&l->m) == 0, "mutex_init in a zone");
  mutexerrors(l);
  for(i = 0; i < LOCKERS; i++)
    spawn(mutexer, l, 0);
  expect(waitall(LOCKERS) == 0, "a locker failed");
  expect(l->count == LOCKERS * LOCKROUNDS, "count %d, expected %d", l->count,
        LOCKERS * LOCKROUNDS);
  expect(l->m.word == 0, "mutex word 0x%x at the end", l->m.word);
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

void
t_spin(void)
{
  struct lockzone *l = (struct lockzone *)create(ID_SPIN, 1);
  int i;

  spin_init(&l->s);
  for(i = 0; i < LOCKERS; i++)
    spawn(spinner, l, 0);
  expect(waitall(LOCKERS) == 0, "a locker failed");
  expect(l->count == LOCKERS * LOCKROUNDS, "count %d, expected %d", l->count,
        LOCKERS * LOCKROUNDS);
  detach(l);
}
