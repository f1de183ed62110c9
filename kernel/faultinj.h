// The fault-injection ABI, shared by the kernel and user.h: which
// allocators failnth() can make fail (kernel/faultinj.c, docs/faultinj.md).
#ifndef ZV6_FAULTINJ_H
#define ZV6_FAULTINJ_H

#define FAIL_KALLOC  1   // the page allocator (kalloc returns 0)
#define FAIL_BREAD   2   // block reads (bread returns 0, as on a disk error)
#define FAIL_IALLOC  4   // inode allocation (ialloc returns 0, as if none is free)
#define FAIL_ALL     (FAIL_KALLOC | FAIL_BREAD | FAIL_IALLOC)

// A process's settings, in its struct proc.  Touched only by the process
// itself: by failnth, and by the allocators it calls (kernel/faultinj.c).
struct faultinj {
  int what;     // FAIL_* bits of the allocators whose calls count; 0: off
  int n;        // seed 0: counted calls left until the one that fails;
                // else each counted call fails with probability 1/n
  uint seed;    // 0, or the pseudo-random state
  int ncalls;   // calls counted since the last failnth
};

#endif
