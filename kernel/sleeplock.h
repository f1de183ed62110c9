#ifndef ZV6_SLEEPLOCK_H
#define ZV6_SLEEPLOCK_H
#include "spinlock.h"
// A lock held for long operations (disk I/O): waiters sleep instead of spin.
struct sleeplock {
  struct spinlock lk;  // protects the two fields below
  uint locked;
  int pid;             // holder
  char *name;
};
#endif
