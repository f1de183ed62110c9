// Synchronization between processes that share a zone: atomics, and
// locks, semaphores, condition variables, a byte channel and a message
// queue that live entirely inside zone memory.  user.h includes this
// file; docs/sync.md is the manual.
//
// Every object here is plain memory in a zone: no kernel object stands
// behind it, and a zeroed object is a valid, empty one (spin and mutex
// unlocked, sem at 0, cond with no waiters); the _init functions say so
// explicitly and check what they can.  The blocking ones sleep with
// futex_wait and wake with futex_wake (kernel/futex.c), but only when
// they must: taking a free lock, posting a semaphore nobody waits on or
// writing to a channel whose reader is busy makes no system call.
//
// The atomics are for int words in memory that other CPUs use at the
// same time.  On x86 every aligned load already has acquire order and
// every store release order, so atomic_load and atomic_store only stop
// the compiler from moving or merging them; the read-modify-write
// operations use the lock prefix, which is also a full barrier.  A store
// followed by a load of another word (Dekker's pattern: "say I am going
// to sleep, then look again") needs atomic_fence between them, or an
// atomic_xchg for the store.
#ifndef ZV6_SYNC_H
#define ZV6_SYNC_H
#include "kernel/futex.h"

static inline int
atomic_load(volatile int *p)
{
  int v = *p;

  asm volatile("" : : : "memory");
  return v;
}

static inline void
atomic_store(volatile int *p, int v)
{
  asm volatile("" : : : "memory");
  *p = v;
}

// Store v, return what was there.
static inline int
atomic_xchg(volatile int *p, int v)
{
  asm volatile("xchgl %0, %1" : "+r" (v), "+m" (*p) : : "memory");
  return v;
}

// If *p is old, make it new.  Returns what *p held: old on success.
static inline int
atomic_cas(volatile int *p, int old, int new)
{
  asm volatile("lock; cmpxchgl %2, %1"
               : "+a" (old), "+m" (*p) : "r" (new) : "memory", "cc");
  return old;
}

// Add v to *p; returns the value before.
static inline int
atomic_fetch_add(volatile int *p, int v)
{
  asm volatile("lock; xaddl %0, %1" : "+r" (v), "+m" (*p) : : "memory", "cc");
  return v;
}

// No load or store crosses this, in either direction, on any CPU.
static inline void
atomic_fence(void)
{
  asm volatile("lock; addl $0, (%%esp)" : : : "memory", "cc");
}

// In a spin loop: tells the CPU (and an emulator) that we are waiting.
static inline void
cpu_relax(void)
{
  asm volatile("pause" : : : "memory");
}

// ---- spin lock: busy-waits, never sleeps (best held for a few lines) ----
struct spin {
  int locked;            // 1 while held
};
void spin_init(struct spin *s);
void spin_lock(struct spin *s);
void spin_unlock(struct spin *s);

// ---- mutex: sleeps when contended; robust ----
// The word is the owner's pid and flags (kernel/futex.h).  If the owner
// dies (or execs, or detaches the zone) holding it, the kernel marks it
// and the next mutex_lock returns MUTEX_OWNERDEAD instead of 0: the
// caller holds the mutex, but the data it guards may be half-updated, so
// it repairs them before it unlocks.  A process holds at most NROBUST
// mutexes at once.
#define MUTEX_OWNERDEAD 1
struct mutex {
  int word;
};
int mutex_init(struct mutex *m);     // 0, or -1 if m is not in a zone
int mutex_lock(struct mutex *m);     // 0, MUTEX_OWNERDEAD, or -1
int mutex_unlock(struct mutex *m);   // 0, or -1 if the caller is not the owner

// ---- counting semaphore ----
struct sem {
  int count;             // what sem_wait may take
  int waiters;           // processes in sem_wait that found count 0
};
void sem_init(struct sem *s, int count);
void sem_wait(struct sem *s);
int  sem_trywait(struct sem *s);     // 0 if it took one, -1 if count was 0
void sem_post(struct sem *s);

// ---- condition variable, used with a mutex ----
struct cond {
  int seq;               // bumped by every signal and broadcast
  int waiters;           // processes in cond_wait
};
void cond_init(struct cond *c);
int  cond_wait(struct cond *c, struct mutex *m);   // as mutex_lock, or -1
void cond_signal(struct cond *c);
void cond_broadcast(struct cond *c);

// ---- channel: one writer, one reader, a ring of bytes ----
// A doorbell: a sequence number to sleep on and a flag saying someone
// does (chan.c).
struct bell {
  int seq;
  int sleeping;
};
#define CHAN_SPIN 0x1     // wait by spinning, never by sleeping
struct chan {
  int head;              // bytes ever written: the writer's
  struct bell written;   // the reader sleeps here when empty
  int pad1[13];          // keep the two sides on separate cache lines
  int tail;              // bytes ever read: the reader's
  struct bell drained;   // the writer sleeps here when full
  int pad2[13];
  int size;              // ring bytes, a power of two
  int flags;             // CHAN_SPIN
  int closed;            // the writer is done
  char buf[];            // the ring
};
#define CHAN_BYTES(size) (sizeof(struct chan) + (size))
int chan_init(struct chan *c, int size, int flags); // CHAN_BYTES(size) at c
int chan_write(struct chan *c, const void *buf, int n); // n, or -1: closed
int chan_read(struct chan *c, void *buf, int n);    // 1..n bytes; 0 at the end
void chan_close(struct chan *c);                    // by the writer

// ---- message queue: any number of senders and receivers ----
struct msgq {
  struct mutex lock;     // guards head, tail and the slots
  struct sem free;       // empty slots
  struct sem full;       // filled slots
  int head;              // next slot to fill
  int tail;              // next slot to empty
  int nslots;
  int msgsize;           // largest message
  char slots[];          // nslots of (int length, msgsize bytes)
};
#define MSGQ_BYTES(nslots, msgsize) \
  (sizeof(struct msgq) + (nslots) * (sizeof(int) + (msgsize)))
int msgq_init(struct msgq *q, int nslots, int msgsize); // MSGQ_BYTES at q
int msgq_send(struct msgq *q, const void *msg, int len); // 0, or -1
int msgq_recv(struct msgq *q, void *msg, int max);       // length, or -1

#endif
