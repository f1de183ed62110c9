// The lock-statistics ABI, shared by the kernel and user.h: what the
// lockstat() system call fills in, one entry per lock class
// (kernel/spinlock.c).
#ifndef ZV6_LOCKSTAT_H
#define ZV6_LOCKSTAT_H

#define LOCKNAME 16   // bytes of a class name, NUL included

struct lockstat {
  char name[LOCKNAME];  // the name the class's locks were given, cut to fit
  uint nacquire;        // acquisitions since boot (counts wrap at 2^32)
  uint ncontended;      // of those, the ones that found the lock held and spun
};

#endif
