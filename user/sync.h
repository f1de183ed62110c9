// Synchronization between processes that share a zone: atomics for
// words of zone memory.  user.h includes this file.
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

#endif
