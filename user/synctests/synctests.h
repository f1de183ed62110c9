// synctests: the guest test suite for futexes, robust mutexes and the
// zone synchronization library.  What every file of the suite shares:
// the helpers (helpers.c) and the tests, file by file; main.c holds the
// table of tests.
#ifndef SYNCTESTS_H
#define SYNCTESTS_H
#include "user.h"
#include "test.h"
#include "kernel/memlayout.h"   // SHMBASE, KERNBASE: the zone area

#define FAILED ((char *)-1)     // what shmem returns on failure
#define POLL 1000               // ticks (10 s) to wait for another process

// Zone ids: one or two per test; each test destroys its zones.
enum {
  ID_ARGS = 1, ID_WAKE, ID_TIMEOUT, ID_KILL, ID_GONE, ID_GONE2, ID_TWO,
  ID_TWOPAD, ID_PING, ID_MUTEX, ID_SPIN, ID_SEM, ID_COND, ID_BCAST,
  ID_CHAN, ID_MSGQ, ID_ROBUST, ID_RKILL, ID_NOSYS, ID_HAND,
};

// helpers.c
char *create(int id, int npages);
void detach(void *a);
int spawn(void (*fn)(void *, int), void *z, int arg);
void await(volatile int *w, int want, char *what);
void wakeall(int *w, int n, int total);
uint rnd(void);
void busy(int n);
int nsyscalls(void);
int nref(int id);

// futex.c
void t_args(void);
void t_wake(void);
void t_timeout(void);
void t_kill(void);
void t_gone(void);
void t_twoaddr(void);
void t_pingpong(void);

// lock.c
void t_mutex(void);
void t_spin(void);

// semcond.c
void t_sem(void);
void t_condsignal(void);
void t_condbroadcast(void);

// chan.c
void t_chan(void);
void t_msgq(void);

// robust.c
void t_robust(void);
void t_robusttable(void);
void t_robustkill(void);

// nosyscall.c
void t_nosyscall(void);

#endif
