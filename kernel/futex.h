// The futex and robust-mutex ABI, shared by the kernel and user.h
// (kernel/futex.c, kernel/robust.c; docs/sync.md).
#ifndef ZV6_FUTEX_H
#define ZV6_FUTEX_H
#include "param.h"

#define FUTEX_TIMEDOUT (-2)   // futex_wait: the ticks passed, nobody woke us

// A robust mutex is one word in a zone: the pid of its owner in the low
// bits (0: free), and two flags.
#define FUTEX_OWNER     0x3FFFFFFF  // owner's pid; pids stay below 2^30
#define FUTEX_OWNERDIED 0x40000000  // the last owner let go by dying
#define FUTEX_WAITERS   0x80000000  // someone may sleep on the word

// Where a process records the robust mutexes it holds, in its own private
// memory; setrobust() tells the kernel the address.  The kernel reads it
// when a zone leaves the process (shmdt, exec, exit) and trusts only the
// mutex words themselves: an entry counts only if its word names the
// process as owner.
struct robust {
  int *pending;           // the mutex being locked or unlocked, or 0
  int *held[NROBUST];     // the mutexes held; 0 marks a free slot
};

#endif
