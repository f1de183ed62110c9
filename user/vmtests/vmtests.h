// vmtests: the guest test suite for virtual memory.  What every file of
// the suite shares: the helpers (helpers.c) and the tests, file by file;
// main.c holds the table of tests.
#ifndef VMTESTS_H
#define VMTESTS_H
#include "user.h"
#include "test.h"
#include "kernel/memlayout.h"   // SHMBASE: the end of private memory

#define KILLED (-1)             // exit status of a process the kernel killed
#define NOMEM ((char *)-1)      // what sbrk and shmem return on failure
#define WORDS (PGSIZE / 4)      // words in a page
#define POLL 300                // ticks to wait for others to finish
#define PAGEALIGNED __attribute__((aligned(PGSIZE)))
#define ZPAGES 4                // pages of each zone a test makes
#define ZWORDS (ZPAGES * WORDS)

enum { Z_RW = 1, Z_RO = 2, Z_FORK = 3, Z_STALE = 4 };   // zone ids, one per test

#define HOGPAGES 128            // pages a hog writes (cowoom, sbrkoom)

// Two pipes between a parent and one child.  linkfork() forks and each
// side keeps only its own ends, in and out, so that when one side dies
// the other reads end of file instead of waiting for ever.
struct link {
  int in, out;
  int up[2], down[2];   // child to parent, parent to child
};

extern uint stacktop;           // the top of the user stack (main sets it)
#define KMSG "what the kernel wrote for this process alone"   // kwrite.c

// helpers.c
void reapok(int pid, char *who);
void awaitnproc(int n);
int linkfork(struct link *c);
void linkclose(struct link *c);
void tell(int fd);
void hear(int fd);
char *alignbreak(void);
uint *morepages(int n);
uint word(uint seed, volatile uint *a);
int oddword(volatile uint *a);
void paint(uint *p, int n, uint seed, int all);
int offpaint(uint *p, int n, uint even, uint odd);
void look(uint *p, int n, uint even, uint odd, char *what);
int nonzero(uint *p, int n);
uint *zcreate(int id);
void zdetach(uint *z);
void storeto(uint a);
int inchild(void (*fn)(uint), uint arg);
void mustkill(uint a, int store, char *where);

// cow.c
void cowdata(void);
void cowtext(void);
void cowchain(void);
void coworphan(void);
void cowexit(void);
void forkcost(void);

// kwrite.c
int kread(uint *dst);
void cowread(void);
void cowpipe(void);
void cowwait(void);
void cowfstat(void);
void cowstale(void);

// cowzone.c
void cowzone(void);
void cowzonero(void);

// oom.c
void forkoom(void);
void cowlast(void);
void cowoom(void);

// sbrk.c
void sbrklazy(void);
void sbrksyscall(void);
void sbrkfork(void);
void sbrkabove(void);
void sbrkmax(void);
void sbrkoom(void);

// stack.c
void stackgrow(void);
void stackoverflow(void);
void stackgap(void);

// mp.c
void mpcow(void);

#endif
