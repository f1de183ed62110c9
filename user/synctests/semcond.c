// synctests: semaphores and condition variables.
#include "synctests.h"

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
    expect(n <= SEMSLOTS, "%d processes hold %d slots", n, SEMSLOTS);
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
void
t_sem(void)
{
  struct semzone *sz = (struct semzone *)create(ID_SEM, 1);
  int i;

  sem_init(&sz->s, 2);
  expect(sem_trywait(&sz->s) == 0 && sem_trywait(&sz->s) == 0, "trywait");
  expect(sem_trywait(&sz->s) == -1, "trywait took from 0");
  sem_post(&sz->s);
  expect(sem_trywait(&sz->s) == 0 && sem_trywait(&sz->s) == -1, "post, trywait");

  sem_init(&sz->s, SEMSLOTS);
  for(i = 0; i < SEMUSERS; i++)
    spawn(semuser, sz, 0);
  expect(waitall(SEMUSERS) == 0, "a user failed");
  expect(sz->s.count == SEMSLOTS, "count %d at the end, expected %d",
        sz->s.count, SEMSLOTS);
  expect(sz->most >= 1 && sz->most <= SEMSLOTS, "at most %d in", sz->most);

  sem_init(&sz->items, 0);
  spawn(semconsumer, sz, SEMITEMS / 2);
  spawn(semconsumer, sz, SEMITEMS / 2);
  spawn(semproducer, sz, SEMITEMS);
  expect(waitall(3) == 0, "a producer or consumer failed");
  expect(sz->items.count == 0, "%d items left", sz->items.count);
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
    expect(mutex_lock(&cz->m) == 0, "lock");
    while(cz->turn != me)
      expect(cond_wait(&cz->c, &cz->m) == 0, "cond_wait failed");
    cz->turn = !me;
    cond_signal(&cz->c);
    expect(mutex_unlock(&cz->m) == 0, "unlock");
  }
}

void
t_condsignal(void)
{
  struct condzone *cz = (struct condzone *)create(ID_COND, 1);

  expect(mutex_init(&cz->m) == 0, "mutex_init");
  cond_init(&cz->c);
  spawn(condplayer, cz, 0);
  spawn(condplayer, cz, 1);
  expect(waitall(2) == 0, "a player failed");
  expect(cz->turn == 0, "turn %d at the end", cz->turn);
  detach(cz);
}

// Wait for each of BCASTROUNDS broadcasts in turn.
static void
bcastwaiter(void *z, int unused)
{
  struct condzone *cz = z;
  int g;

  for(g = 0; g < BCASTROUNDS; g++){
    expect(mutex_lock(&cz->m) == 0, "lock");
    cz->arrived++;
    while(cz->gen == g)
      expect(cond_wait(&cz->c, &cz->m) == 0, "cond_wait failed");
    expect(mutex_unlock(&cz->m) == 0, "unlock");
  }
}

// Each round, once every waiter is in, one broadcast must wake them all.
void
t_condbroadcast(void)
{
  struct condzone *cz = (struct condzone *)create(ID_BCAST, 1);
  int i, g, n;

  expect(mutex_init(&cz->m) == 0, "mutex_init");
  cond_init(&cz->c);
  for(i = 0; i < BCASTWAITERS; i++)
    spawn(bcastwaiter, cz, 0);
  for(g = 0; g < BCASTROUNDS; g++){
    for(i = 0; ; i++){
      expect(mutex_lock(&cz->m) == 0, "lock");
      if((n = cz->arrived) == BCASTWAITERS * (g + 1))
        break;
      expect(mutex_unlock(&cz->m) == 0, "unlock");
      expect(i < POLL, "round %d: %d arrivals", g, n);
      sleep(1);
    }
    cz->gen = g + 1;
    cond_broadcast(&cz->c);
    expect(mutex_unlock(&cz->m) == 0, "unlock");
  }
  expect(waitall(BCASTWAITERS) == 0, "a waiter failed");
  detach(cz);
}
