// The process-table snapshot that procinfo() copies out, shared by the
// kernel and user.h.  Needs param.h (NPROCZONE).
#ifndef ZV6_PROCINFO_H
#define ZV6_PROCINFO_H

struct procinfo {
  int pid;
  char state[8];               // "embryo", "sleep", "runble", "run", "zombie"
  uint size;                   // bytes of private user memory
  int cpu;                     // the CPU running it, or -1
  char name[16];
  int nzones;                  // zones attached: the first nzones of zones[]
  uchar zones[NPROCZONE];      // their ids (MAXSHM fits in a uchar)
};

#endif
