// usertests: the foundation test suite.  What every file of the suite
// shares: the helpers (helpers.c) and the tests, file by file; main.c
// holds the table of tests and the hooks.
#ifndef USERTESTS_H
#define USERTESTS_H
#include "user.h"
#include "test.h"
#include "kernel/fs.h"
#include "kernel/syscall.h"

// From kernel/memlayout.h, which user programs do not include.
#define KERNBASE 0x80000000   // first kernel address
#define SHMBASE  0x60000000   // bottom of the zone area; sbrk stops below

#define UNMAPPED 0x50000000   // between the heap and the zones: nothing there
#define EXECFAILED 77         // execstatus()'s child: exec returned -1
#define ARGCHECK "-argcheck"  // argv[1] of the self-exec in execargv
#define FPUCHECK "-fpucheck"  // argv[1] of the self-exec in fpuinherit

// A system call made by hand, for code that must not call C: argument
// words are pushed the way a C caller would, above a dummy return address.
#define SYSCALL3(num, a, b, c, ret) \
  asm volatile("pushl %4; pushl %3; pushl %2; pushl $0; int $64; addl $16, %%esp" \
               : "=a"(ret) : "a"(num), "r"(a), "r"(b), "r"(c) : "memory", "cc")

// The pipe that the kill and pipe tests' children block on.  A child
// reading it closes its copy of the write end, a child writing it its
// copy of the read end, so that the test alone decides when it closes.
extern int hold[2];         // proc.c
extern uint guardpage;      // the top page of the gap below the stack (main.c)
extern char buf[8192];      // scratch for data, shared by all tests (helpers.c)
extern char buf2[4096];     // a second one, for comparing

// helpers.c
int nprocs(void);
int spawn(void (*fn)(int), int arg);
int inchild(void (*fn)(int), int arg);
int indeadline(void (*fn)(int), int arg, int ticks);
void stdoutto(int wfd);
int readall(int fd, char *out, int n);
int capture(char *path, char **argv, char *out, int n);
int execstatus(char *path, char **argv);
void writefile(char *path, void *data, int n);
struct stat fstatok(int fd);
struct stat statok(char *path);
uchar pattern(uint i);
void fillpattern(char *p, uint from, int n);
int checkpattern(char *p, uint from, int n);
char *unterminated(int n);
int badaddrs(uint *a);

// proc.c
void exitwith(int status);
void forkexit(void);
void waitnull(void);
void waitnone(void);
void getpidtest(void);
void forkmem(void);
void forkfds(void);
void blockon(int rfd);
void awaithold(int unused);
void manyprocs(void);
void forkmax(void);

// kill.c
void killrun(void);
void killsleep(void);
void killpipe(void);
void killwait(void);
void orphans(void);
void killself(void);
void killbad(void);
void killbigcopy(void);
void killinit(void);

// exec.c
void execargs(void);
int argcheck(int argc, char **argv);
void execargv(void);
void execmaxarg(void);
void execlongarg(void);
void execmany(void);
void execfree(void);
void execmissing(void);
void execjunk(void);
void execelf(void);
void execrace(void);
void execdev(void);

// pipe.c
void pipebig(void);
void pipeeof(void);
void pipezero(void);
void pipeclosed(void);

// fd.c
void fdbad(void);
void fdlimit(void);
void filetable(void);
void inodetable(void);

// file.c
void filerw(void);
void filemodes(void);
void sysinfocounts(void);
void truncread(void);
void bigfile(void);
void unlinkopen(void);
void sharedfd(void);
void concfiles(void);

// dir.c
short nlinkof(char *path);
void links(void);
void dirs(void);
void dotdot(void);
void rmcwd(void);
void longname(void);
void maxpath(void);
void mknodtest(void);
void bigdir(void);

// mem.c
void sbrkgrow(void);
void sbrkshrink(void);
void sbrkfreed(void);
void sbrkall(void);
void sbrkoom(void);
void forkoom(void);
void sbrklimit(void);
void stackguard(void);
void stackgrow(void);
void privileged(void);

// cpu.c
void dirflag(void);
void fpuprivate(void);
int fpucleancheck(void);
void fpuinherit(void);
void textro(void);
void stackclash(void);

// badptr.c
void badbuf(void);
void badresult(void);
void badprocinfo(void);
void badwait(void);
void badpath(void);
void badargv(void);

// misc.c
void uptimetest(void);
void poweroffbad(void);
void kpanicbad(void);
void badsyscall(void);
void shmbad(void);

#endif
