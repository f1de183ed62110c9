// The shared-memory zone ABI, shared by the kernel and user.h.
#ifndef ZV6_ZONE_H
#define ZV6_ZONE_H

#define M_CREATE 0x1   // create zone id; it must not exist yet
#define M_WAIT   0x2   // sleep until zone id exists, then attach
#define M_RDONLY 0x4   // map the zone read-only in the caller
#define M_ALLFLAGS (M_CREATE | M_WAIT | M_RDONLY)

struct shminfo {
  int npages;   // zone size in pages
  int nref;     // processes that have the zone attached (or are
                // woken M_WAIT sleepers about to attach it)
};

struct sysinfo {
  int freepages;  // free physical pages
  int nproc;      // process-table slots in use
  int nzones;     // zones in existence
  int ncpu;       // CPUs running
  int totalpages; // physical pages the allocator manages, free or not
  int zonepages;  // pages held by the zones in existence
  int nsyscall;   // system calls the caller made before this one
  int nfiles;     // open-file table entries in use
  int ninodes;    // in-memory inodes with a reference
};

#endif
