// zonetests: the guest test suite for shared-memory zones (shmem, shmdt,
// shminfo, sysinfo; see docs/zones.md).  The helpers every file of the
// suite shares (helpers.c) and the tests, file by file; main.c holds the
// table of tests and the hooks.
#ifndef ZONETESTS_H
#define ZONETESTS_H
#include "user.h"
#include "test.h"
#include "kernel/memlayout.h"   // SHMBASE, KERNBASE: the zone area

#define FAILED ((char *)-1)    // what shmem returns on failure
#define POLL 500               // ticks (5 s) to wait for another process
#define MAGIC 0x5EC0DE01u

// Zone ids: each test has its own, and destroys its zones before it ends.
// The tests that fill every attachment slot (limits, lastslot, forkgap)
// share ID_LIMIT's block: there are not ids enough to give each its own.
enum {
  ID_BAD = 1, ID_ROUND = 3, ID_ZERO = 4, ID_ZERO2 = 5,
  ID_PLACE = 6,                 // 6..11
  ID_FORK = 12, ID_FORKRO = 13, ID_RO = 14, ID_RO2 = 15,
  ID_EXEC = 16, ID_EXEC2 = 17, ID_EXIT = 18, ID_EXIT2 = 19,
  ID_WAIT = 20,                 // 20..22
  ID_WAITKILL = 23, ID_SBRK = 24, ID_FORKFAIL = 25, ID_TLB = 26,
  ID_CREATING = 27, ID_DUP = 28, ID_LASTREF = 29,
  ID_OOM = 30,                  // 30..32
  ID_LEAK = 33,                 // 33..38
  ID_CRACE = 39, ID_ARACE = 40, ID_CHURN = 41, ID_VISIBLE = 42,
  ID_TOOL = 43,                 // 43..44
  ID_LIMIT = 45,                // 45..45+NPROCZONE
  ID_BIG = ID_LIMIT + NPROCZONE + 1,
};
_Static_assert(ID_BIG < MAXSHM, "zonetests needs more zone ids");

#define SELF "/zonetests"   // this program, for exec

// helpers.c
int nref(int id);
int zsize(int id);
char *create(int id, int n);
char *attach(int id, int flags, int n);
void detach(char *a);
void expectnref(int id, int want, char *when);
void awaitnref(int id, int want, char *when);
uint word(uint seed, int i);
void fill(char *a, int npages, uint seed);
int badword(char *a, int npages, uint seed);
int nonzero(char *a, int npages);
void send(int fd, char c);
char recv(int fd);
int access1(char *a, int wr);
void refused(int id, int flags, int n);
void spin(void);
void probeargv(char **argv, char *bufs, int id, int want, int wfd, int rfd);


// args.c
void t_badargs(void);
void t_limits(void);
void fillslots(char **a);
void t_lastslot(void);
void t_createdup(void);

// share.c
void t_roundtrip(void);
void t_zerofill(void);
void t_placement(void);
void t_fork(void);
void t_forkgap(void);
void t_rdonly(void);

// exec.c
void t_exec(void);
void t_exit(void);
void t_creating(void);

// wait.c
void t_mwait(void);
void t_waitkill(void);

// oom.c
void t_sbrk(void);
void t_forkfail(void);
void t_oomcreate(void);
void t_oomexec(void);
void t_oomfork(void);

// leak.c
void t_leak(void);

// races.c
void t_createrace(void);
void t_attachrace(void);
void t_lastref(void);

// visible.c
void t_visible(void);
void t_detachtlb(void);
void t_zonestool(void);

#endif
