#ifndef ZV6_SPINLOCK_H
#define ZV6_SPINLOCK_H
#include "types.h"
// A mutual-exclusion lock that busy-waits.  Holding one disables
// interrupts on the holding CPU, so it must never be held across sleep().
struct spinlock {
  uint locked;       // 1 while held
  char *name;        // for panics, and the lock's class in lockstat
  struct cpu *cpu;   // holder, to catch recursive acquire
  int class;         // where its statistics are counted (spinlock.c);
                     // set by initlock, constant after
};
#endif
