// sysfuzz SEED [N]: the system-call fuzzer.  Runs seeds SEED .. SEED+N-1
// (N is 1 if left out), each in a child of its own, and prints
// `sysfuzz: seed S: C calls, ok` for each, or FAIL lines saying what went
// wrong; exits 1 if any seed failed.  A seed repeats exactly the same
// sequence of calls and arguments (the interleaving of its processes
// varies from run to run).
//
// One seed: a leader makes the scratch directory /fuzzS, writes malformed
// ELF files there, and forks NWORKER workers.  Each worker makes NCALLS
// system calls, chosen at random among all of zv6's (poweroff only with
// arguments that must fail), with hostile arguments: kernel, unmapped and
// read-only addresses, strings that run off the end of the mapped memory,
// huge and negative lengths, counts and ids, bad file descriptors and
// unknown flags.  Every call enters the kernel through trap(), which
// traps with odd CPU state: the direction flag set, the data segment
// registers loaded with other valid user selectors or null, %esp
// misaligned or pointing at memory the kernel must refuse to read the
// arguments from.  Workers
// fork, exec junk, exit, kill each other, and sleep in wait, read,
// sleep, futex_wait and M_WAIT attaches that may never end.  When all
// workers are done or DEADLINE ticks have passed, the leader kills every
// process left (all have pids above its own), reaps, and the parent
// removes the scratch directory and checks that free pages, processes,
// open files, referenced inodes and zones came back to what they were.
//
// A worker checks the results it can be sure of (a call with a kernel
// address for its buffer must fail, so must one with a bad descriptor)
// and reports a wrong one on fd 2, which no call is ever given.  The call
// counts travel to the leader through a pipe at fd countfd, which no call
// is given either; a process that is killed loses the calls it made since
// its last report, so the count printed is a lower bound.
//
// selfcheck must find nothing wrong whatever the others are doing, and
// failnth makes the caller's own allocations fail from then on, which
// only ever turns a success into a failure.  Left out: SYS_poweroff with
// good arguments (it is refused to anyone but init anyway) and SYS_kpanic
// (the same, and init's would end the run).
#include "user/user.h"
#include "user/test.h"
#include "kernel/syscall.h"
#include "kernel/traps.h"
#include "kernel/memlayout.h"
#include "kernel/elf.h"
#include "kernel/fs.h"

#define NWORKER    3      // workers per seed
#define NCALLS   400      // system calls per worker
#define NFORKS     3      // forks per worker (their children make fewer calls)
#define DEADLINE 300      // ticks a seed may run before it is killed
#define REPORTEVERY 32    // a worker sends its count this often
#define BUFSZ   (3 * PGSIZE)
#define NELF      11      // malformed ELF files in the scratch directory
#define CONSOLEMAJOR 1     // kernel/file.h's CONSOLE: never made by mknod
#define SELFCHECKODDS 16  // one selfcheck draw in this many makes the call

// ---- random numbers: xorshift32, one stream per process ----

static uint rng;

static uint
rnd(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static uint
pick(uint n)
{
  return rnd() % n;
}

static void
seedrng(uint seed, uint stream)
{
  rng = seed * 2654435761u + stream * 40503u + 1;
  if(rng == 0)
    rng = 1;
  rnd();
}

// ---- entering the kernel with odd state ----

// The CPU state one call traps with.
struct odd {
  uint sp;        // %esp at the int: the arguments are read from sp+4...
  ushort sel;     // loaded into %ds, %es, %fs and %gs for the trap
  int df;         // set the direction flag
};

static ushort selectors[] = {
  (SEG_UDATA << 3) | DPL_USER,   // the normal one
  (SEG_UCODE << 3) | DPL_USER,   // readable code: valid in %ds
  SEG_UDATA << 3,                // RPL 0: still valid for a DPL 3 segment
  0,                             // null
};

// Trap into the kernel with call num, state o.  Only registers (and the
// stack, through %ss, which is never changed) are used between loading
// the odd selectors and putting the good ones back: with %ds null, any
// other memory operand would fault.
static int
trap(int num, struct odd *o)
{
  int r = num;

  asm volatile(
    "pushl %%fs\n\t"
    "pushl %%gs\n\t"
    "movl %%esp, %%edi\n\t"
    "movw %%ds, %%si\n\t"
    "testl %%ebx, %%ebx\n\t"
    "jz 1f\n\t"
    "std\n"
    "1:\n\t"
    "movw %%cx, %%ds\n\t"
    "movw %%cx, %%es\n\t"
    "movw %%cx, %%fs\n\t"
    "movw %%cx, %%gs\n\t"
    "movl %%edx, %%esp\n\t"
    "int %[t]\n\t"
    "movl %%edi, %%esp\n\t"
    "movw %%si, %%ds\n\t"
    "movw %%si, %%es\n\t"
    "popl %%gs\n\t"
    "popl %%fs\n\t"
    "cld"
    : "+a" (r)
    : "d" (o->sp), "c" ((uint)o->sel), "b" (o->df), [t] "i" (T_SYSCALL)
    : "esi", "edi", "memory", "cc");
  return r;
}

// Argument frames live here, not on the stack we run on: a misaligned
// or cut-off frame must not disturb the C code's own.
static char frame[2 * PGSIZE] __attribute__((aligned(PGSIZE)));
static uint stacktop;     // page above the initial user stack
static uint gapaddr;      // in the never-mapped gap below the stack
static char *heap;        // BUFSZ bytes of heap, the last page's end unmapped

// Where the arguments go for this call: usually a normal frame, sometimes
// misaligned, cut off by unmapped memory, or in kernel memory.
static struct odd
oddstate(uint args[], int nargs, int *argsbad)
{
  struct odd o = { 0, selectors[0], 0 };
  uint base;
  int i;

  *argsbad = 0;
  if(pick(4) == 0)
    o.sel = selectors[pick(NELEM(selectors))];
  o.df = pick(4) == 0;
  switch(pick(12)){
  case 0:
    o.sp = KERNBASE + pick(PGSIZE);     // arguments unreadable
    *argsbad = nargs > 0;
    return o;
  case 1:
    o.sp = gapaddr;
    *argsbad = nargs > 0;
    return o;
  case 2:
    base = (uint)frame + 1 + pick(3);    // misaligned
    break;
  default:
    base = (uint)frame + PGSIZE;
    break;
  }
  for(i = 0; i < nargs; i++)
    memmove((char *)base + 4 + 4 * i, &args[i], 4);
  o.sp = base;
  return o;
}

static int ncalls;        // calls made since the last report
static int countfd;       // the write end of the leader's count pipe

// Make call num with these arguments, in odd state.  *argsbad is set if
// the kernel could not read the arguments, so the call must fail.
static int
call(int num, uint args[], int nargs, int *argsbad)
{
  struct odd o = oddstate(args, nargs, argsbad);

  ncalls++;
  return trap(num, &o);
}

static void
report(void)
{
  if(ncalls > 0)
    write(countfd, &ncalls, sizeof(ncalls));
  ncalls = 0;
}

// ---- hostile arguments ----

#define BAD   1          // the kernel must refuse it whatever else
#define BADRW 2          // must be refused for any nonzero length

static char *textend;    // the last byte of program text

// An address for the kernel to read (writes == 0) or write.  *how says
// what the kernel must think of it.
static uint
hostileaddr(int writes, int *how)
{
  uint brk = (uint)heap + BUFSZ;

  *how = 0;
  switch(pick(14)){
  case 0: *how = BAD; return KERNBASE + pick(0x1000000);
  case 1: *how = BAD; return 0xFFFFFFFF - pick(16);
  case 2: return KERNBASE - 1 - pick(8);            // runs into the kernel
  case 3: *how = BADRW; return gapaddr + pick(PGSIZE);
  case 4: *how = writes ? BADRW : 0; return (uint)textend - pick(64);
  case 5: *how = writes ? BADRW : 0; return pick(64);  // text at 0
  case 6: return brk - 1 - pick(16);                // runs off the heap
  case 7: return SHMBASE + pick(4) * PGSIZE;        // a zone, if attached
  case 8: return rnd();
  case 9: return stacktop - pick(64);               // runs off the stack top
  default: return (uint)heap + pick(BUFSZ);
  }
}

static int
hostilelen(void)
{
  switch(pick(12)){
  case 0: return 0;
  case 1: return -1;
  case 2: return 0x7FFFFFFF;
  case 3: return 0x80000000;
  case 4: return -PGSIZE;
  case 5: return PGSIZE + pick(2);
  case 6: return BUFSZ;
  case 7: return rnd();
  default: return 1 + pick(64);
  }
}

// A descriptor; *how is BAD if out of range.  Never fd 2 or countfd.
static int
hostilefd(int *how)
{
  int fd;

  *how = 0;
  switch(pick(8)){
  case 0: *how = BAD; return -1 - pick(3);
  case 1: *how = BAD; return NOFILE + pick(4);
  case 2: *how = BAD; return 0x80000000 + pick(16);
  default:
    fd = pick(NOFILE);
    return fd == 2 || fd == countfd ? 0 : fd;
  }
}

static char *names[] = {
  "f0", "f1", "f2", "f3", "d0", "d1", "d0/f0", "d0/d1", "d1/f1", ".",
  "console", "nosuchfile", "",
  "elf0", "elf1", "elf2", "elf3", "elf4", "elf5", "elf6", "elf7", "elf8",
  "elf9", "elf10",
  "fifteenchars_xx",       // a path element longer than DIRSIZ
};

static char longpath[MAXPATH + 8];
static int grown;     // bytes sbrk added above the heap buffer

// The last n bytes of the heap buffer, none of them 0: what starts there
// runs into unmapped memory, unless sbrk has grown the heap since.
// (Earlier calls may have read zeros into them.)
static uint
unterminated(int n)
{
  char *p = heap + BUFSZ - n;

  memset(p, 'a', n);
  return (uint)p;
}

// A path inside the scratch directory, or a bad pointer for one: kernel
// memory, a string cut off by unmapped memory, one longer than MAXPATH.
static uint
hostilepath(int *how)
{
  *how = 0;
  switch(pick(10)){
  case 0: *how = BAD; return KERNBASE + pick(PGSIZE);
  case 1: *how = grown ? 0 : BAD; return unterminated(1 + pick(8));
  case 2: *how = BAD; return (uint)longpath;
  case 3: *how = BAD; return gapaddr;
  default: return (uint)names[pick(NELEM(names))];
  }
}

// An argv for exec: good, too long, unterminated, or with bad pointers.
static uint
hostileargv(void)
{
  uint *v = (uint *)(heap + PGSIZE), n = 1 + pick(MAXARG + 4), i;
  int how;

  switch(pick(5)){
  case 0: return KERNBASE;
  case 1: return unterminated(4 * (1 + pick(4)));   // no 0 entry
  case 2: return hostileaddr(0, &how);
  }
  for(i = 0; i < n; i++)
    v[i] = pick(3) ? (uint)names[pick(NELEM(names))] : hostilepath(&how);
  v[n - 1] = pick(8) ? 0 : hostileaddr(0, &how);
  return (uint)v;
}

static uint
hostileint(void)
{
  switch(pick(8)){
  case 0: return -1;
  case 1: return 0x80000000;
  case 2: return 0x7FFFFFFF;
  case 3: return rnd();
  default: return pick(70);
  }
}

// ---- one call ----

static int leaderpid;
static int forksleft;
static int callsleft;

// Call num, which had to fail, returned r: say so, and tell the leader
// (a negative number down the count pipe).
static void
wrongresult(int num, int r)
{
  int wrong = -1;

  fprintf(2, "sysfuzz: FAIL pid %d: call %d with a bad argument returned %d\n",
          getpid(), num, r);
  write(countfd, &wrong, sizeof(wrong));
}

// A pid to kill: ours (above the leader's, but not the alarm clock's,
// which is forked first), or one that must not work.
static uint
victim(int *how)
{
  *how = 0;
  switch(pick(6)){
  case 0: *how = BAD; return -1;
  case 1: *how = BAD; return 0;
  case 2: *how = BAD; return 1;        // init is never killed
  case 3: *how = BAD; return 0x7FFFFFFF;
  default: return leaderpid + 2 + pick(3 * NWORKER * (NFORKS + 1));
  }
}

// Zone flags: mostly valid, sometimes with unknown bits.
static uint
zoneflags(int *how)
{
  uint f = pick(M_ALLFLAGS + 1);

  *how = 0;
  if((f & M_WAIT) && pick(3))
    f &= ~M_WAIT;     // which may sleep until the end of the seed
  if(pick(6) == 0){
    f |= 8 << pick(28);
    *how = BAD;
  }
  return f;
}

// Grow a little, a lot (the heap is mapped lazily) or too much, or
// shrink, never into the heap buffer the arguments use.
static uint
sbrkarg(void)
{
  static uint big[] = { 0x7FFFFFFF, 0x80000000, 0x10000000, 0xFFFFFFFF };

  switch(pick(4)){
  case 0: return big[pick(NELEM(big))];
  case 1: return grown > 0 ? -(int)pick(grown + 1) : 0;
  default: return pick(2 * PGSIZE);
  }
}

// ---- one call of each kind ----
//
// Each fills in a[], makes call num with call0() and checks what can be
// checked; call0 sets argsbad if the kernel could not read a[] at all.

static uint a[3];
static int argsbad;

static int
call0(int num, int nargs)
{
  return call(num, a, nargs, &argsbad);
}

// Call num with nargs arguments; it must fail if bad or argsbad.
static void
callcheck(int num, int nargs, int bad)
{
  int r = call0(num, nargs);

  if((bad || argsbad) && r != -1)
    wrongresult(num, r);
}

// fork, with a budget: the child carries on with half of the calls left
// and no forks of its own, on a random stream of its own.
static void
fuzzfork(int num)
{
  if(forksleft <= 0)
    return;
  forksleft--;
  report();
  if(call0(num, 0) == 0){
    seedrng(rng, NFORKS + 1);
    forksleft = 0;
    callsleft /= 2;
  }
}

// exit, now and then: it returns only if its argument was unreadable.
static void
fuzzexit(int num)
{
  if(pick(8) != 0)
    return;
  report();
  a[0] = hostileint();
  callcheck(num, 1, 1);
}

// wait, pipe and sysinfo: one pointer the kernel writes through.
static void
fuzzoutptr(int num)
{
  int how = 0;

  a[0] = pick(3) ? (uint)heap + pick(BUFSZ - 64) : hostileaddr(1, &how);
  if(num == SYS_wait && (pick(4) == 0 || a[0] == 0))
    a[0] = how = 0;     // no status wanted
  callcheck(num, 1, how);
}

// read and write: the length decides whether a BADRW buffer is bad.
static void
fuzzrw(int num)
{
  int fdhow, how;

  a[0] = hostilefd(&fdhow);
  a[1] = hostileaddr(num == SYS_read, &how);
  a[2] = pick(3) ? hostilelen() : 1 + pick(256);
  callcheck(num, 3, fdhow || (int)a[2] < 0 || how == BAD ||
                    (how == BADRW && a[2] != 0));
}

static void
fuzzkill(int num)
{
  int how;

  a[0] = victim(&how);
  callcheck(num, 1, how);
}

// exec of junk paths, the malformed ELF files and bad argv: never works.
static void
fuzzexec(int num)
{
  int how;

  a[0] = hostilepath(&how);
  a[1] = hostileargv();
  report();
  callcheck(num, 2, 1);
}

static void
fuzzfstat(int num)
{
  int fdhow, how;

  a[0] = hostilefd(&fdhow);
  a[1] = hostileaddr(1, &how);
  callcheck(num, 2, fdhow || how);
}

// chdir, unlink, mkdir: one path.
static void
fuzzpath(int num)
{
  int how;

  a[0] = hostilepath(&how);
  callcheck(num, 1, how);
}

// dup, close: one descriptor.
static void
fuzzfd(int num)
{
  int how;

  a[0] = hostilefd(&how);
  callcheck(num, 1, how);
}

// getpid, uptime: nothing to get wrong but the state.
static void
fuzznoargs(int num)
{
  call0(num, 0);
}

// A self-check stops every CPU and walks all of memory, so only one
// draw in SELFCHECKODDS makes it.  It must report no problem.
static void
fuzzselfcheck(int num)
{
  int r;

  if(pick(SELFCHECKODDS) != 0)
    return;
  if((r = call0(num, 0)) > 0)
    wrongresult(num, r);
}

static void
fuzzfailnth(int num)
{
  a[0] = pick(4) ? pick(FAIL_ALL + 1) : rnd();
  a[1] = pick(4) ? 1 + pick(8) : hostileint();
  a[2] = pick(2) ? 0 : rnd();
  callcheck(num, 3, (a[0] & ~FAIL_ALL) || (a[0] && (int)a[1] < 1));
}

static void
fuzzsbrk(int num)
{
  a[0] = sbrkarg();
  if(call0(num, 1) != -1 && !argsbad)
    grown += a[0];
}

static void
fuzzsleep(int num)
{
  a[0] = pick(4) ? pick(5) : hostileint();
  callcheck(num, 1, (int)a[0] < 0);
}

static void
fuzzopen(int num)
{
  int how;

  a[0] = hostilepath(&how);
  a[1] = pick(4) ? pick(3) | (pick(2) ? O_CREATE : 0) | (pick(4) ? 0 : O_TRUNC)
                 : rnd();
  callcheck(num, 2, how);
}

static void
fuzzmknod(int num)
{
  int how;

  a[0] = hostilepath(&how);
  a[1] = pick(2) ? pick(NDEV + 2) : hostileint();
  if(a[1] == CONSOLEMAJOR)
    a[1] = 0;           // no console: junk on it could pass for a verdict
  a[2] = hostileint();
  callcheck(num, 3, how || (int)a[1] < 0 || a[1] >= NDEV);
}

static void
fuzzlink(int num)
{
  int how0, how1;

  a[0] = hostilepath(&how0);
  a[1] = hostilepath(&how1);
  callcheck(num, 2, how0 || how1);
}

static void
fuzzshmem(int num)
{
  int how;

  a[0] = pick(3) ? pick(4) : hostileint();
  a[1] = zoneflags(&how);
  a[2] = pick(3) ? pick(4) : hostileint();
  callcheck(num, 3, how || (int)a[0] < 0 || a[0] >= MAXSHM ||
                    (int)a[2] < 0 || (int)a[2] > SHMPAGE);
}

static void
fuzzshmdt(int num)
{
  int how = 0;

  a[0] = pick(2) ? SHMBASE + pick(8) * PGSIZE * pick(3) : hostileaddr(0, &how);
  callcheck(num, 1, how == BAD);
}

static void
fuzzshminfo(int num)
{
  int how = 0;

  a[0] = pick(3) ? pick(4) : hostileint();
  a[1] = pick(2) ? (uint)heap : hostileaddr(1, &how);
  callcheck(num, 2, how || (int)a[0] < 0 || a[0] >= MAXSHM);
}

// poweroff: refused to all but init, so it must fail.
static void
fuzzpoweroff(int num)
{
  a[0] = hostileint();
  callcheck(num, 1, 1);
}

// procinfo, lockstat: a buffer of n entries.
static void
fuzzsnapshot(int num)
{
  int how = 0;

  a[0] = pick(2) ? (uint)heap : hostileaddr(1, &how);
  a[1] = pick(2) ? pick(NPROC + 4) : hostilelen();
  callcheck(num, 2, (int)a[1] < 0 || how == BAD || (how == BADRW && a[1] != 0));
}

// futex_wait on a zone word (or not); ticks 0 waits for ever.
static void
fuzzfutexwait(int num)
{
  int how = 0;

  a[0] = pick(2) ? SHMBASE + 4 * pick(8) : hostileaddr(0, &how);
  a[1] = pick(2) ? 0 : hostileint();
  a[2] = pick(4) ? 1 + pick(10) : hostileint();
  callcheck(num, 3, how == BAD || (int)a[2] < 0);
}

static void
fuzzfutexwake(int num)
{
  int how = 0;

  a[0] = pick(2) ? SHMBASE + 4 * pick(8) : hostileaddr(0, &how);
  a[1] = pick(2) ? pick(4) : hostileint();
  callcheck(num, 2, how == BAD || (int)a[1] < 0);
}

// setrobust: the kernel reads the table when a zone leaves the process.
static void
fuzzsetrobust(int num)
{
  int how = 0;

  a[0] = pick(2) ? (uint)heap + 4 * pick(64) : hostileaddr(0, &how);
  callcheck(num, 1, how == BAD);
}

// A number that is no system call.
static void
fuzzunknown(int num)
{
  a[0] = rnd();
  a[1] = rnd();
  a[2] = rnd();
  callcheck(num, 3, 1);
}

// Every system call zv6 has (see the top of the file for those left out).
static void (*fuzzers[])(int) = {
  [SYS_fork] fuzzfork,        [SYS_exit] fuzzexit,
  [SYS_wait] fuzzoutptr,      [SYS_pipe] fuzzoutptr,
  [SYS_read] fuzzrw,          [SYS_kill] fuzzkill,
  [SYS_exec] fuzzexec,        [SYS_fstat] fuzzfstat,
  [SYS_chdir] fuzzpath,       [SYS_dup] fuzzfd,
  [SYS_getpid] fuzznoargs,    [SYS_sbrk] fuzzsbrk,
  [SYS_sleep] fuzzsleep,      [SYS_uptime] fuzznoargs,
  [SYS_open] fuzzopen,        [SYS_write] fuzzrw,
  [SYS_mknod] fuzzmknod,      [SYS_unlink] fuzzpath,
  [SYS_link] fuzzlink,        [SYS_mkdir] fuzzpath,
  [SYS_close] fuzzfd,         [SYS_shmem] fuzzshmem,
  [SYS_shmdt] fuzzshmdt,      [SYS_shminfo] fuzzshminfo,
  [SYS_sysinfo] fuzzoutptr,   [SYS_poweroff] fuzzpoweroff,
  [SYS_procinfo] fuzzsnapshot, [SYS_lockstat] fuzzsnapshot,
  [SYS_futex_wait] fuzzfutexwait, [SYS_futex_wake] fuzzfutexwake,
  [SYS_setrobust] fuzzsetrobust,
  [SYS_selfcheck] fuzzselfcheck, [SYS_failnth] fuzzfailnth,
};

static void
fuzzone(int num)
{
  void (*f)(int) = num > 0 && num < NELEM(fuzzers) ? fuzzers[num] : 0;

  a[0] = a[1] = a[2] = 0;
  (f ? f : fuzzunknown)(num);
}

// A worker's life: callsleft calls, then exit.
static void
worker(uint seed, int n)
{
  int num;

  seedrng(seed, n);
  forksleft = NFORKS;
  for(callsleft = NCALLS; callsleft > 0; callsleft--){
    num = 1 + pick(NELEM(fuzzers));     // and one number past the end
    if(pick(40) == 0)
      num = pick(2) ? -1 - (int)pick(100) : NELEM(fuzzers) + pick(1000);
    fuzzone(num);
    if(ncalls >= REPORTEVERY)
      report();
  }
  report();
  exit(0);
}

// ---- the scratch directory ----

// The malformed programs exec is given.  Each must be refused.
static void
writeelf(int k)
{
  struct { struct elfhdr e; struct proghdr p; } f;
  char name[8] = "elf";
  int fd, len = sizeof(f);

  memset(&f, 0, sizeof(f));
  f.e.magic = ELF_MAGIC;
  f.e.entry = 0;
  f.e.phoff = sizeof(f.e);
  f.e.phnum = 1;
  f.p.type = ELF_PROG_LOAD;
  f.p.off = 0;
  f.p.vaddr = 0;
  f.p.filesz = sizeof(f);
  f.p.memsz = PGSIZE;
  switch(k){
  case 0: len = sizeof(f.e) / 2; break;                     // cut-off header
  case 1: f.e.magic = 0x7F454C46; break;                    // bad magic
  case 2: f.e.phoff = 100000; break;                        // phdr past the end
  case 3: f.p.memsz = 0x7FF00000; break;                    // huge
  case 4: f.p.vaddr = KERNBASE - PGSIZE; f.p.memsz = 2 * PGSIZE; break;
  case 5: f.p.vaddr = KERNBASE; break;                      // in the kernel
  case 6: f.p.filesz = 2 * PGSIZE; break;                   // filesz > memsz
  case 7: f.p.vaddr = 0xFFFFF000; f.p.memsz = 0x2000; break;  // wraps
  case 8: f.e.entry = 5 * PGSIZE; break;                    // entry outside
  case 9: f.p.off = 0x7FFFFFFF; break;                      // data past the end
  case 10: f.p.vaddr = 123; break;                          // unaligned
  }
  if(k >= 10){
    name[3] = '1';
    name[4] = '0' + k - 10;
  } else {
    name[3] = '0' + k;
  }
  if((fd = open(name, O_CREATE | O_RDWR | O_TRUNC)) < 0)
    return;
  write(fd, &f, len);
  close(fd);
}

static void
scratchname(char *buf, uint seed)
{
  char digits[12];
  int n = 0;

  do {
    digits[n++] = '0' + seed % 10;
    seed /= 10;
  } while(seed);
  strcpy(buf, "/fuzz");
  buf += 5;
  while(n > 0)
    *buf++ = digits[--n];
  *buf = 0;
}

// Remove path and, if it is a directory, everything in it.
static void
rmtree(char *path, int depth)
{
  char sub[MAXPATH];
  struct dirent de;
  struct stat st;
  int fd, len = strlen(path);

  if(depth > 8 || (fd = open(path, O_RDONLY)) < 0)
    return;
  if(fstat(fd, &st) == 0 && st.type == T_DIR){
    while(read(fd, &de, sizeof(de)) == sizeof(de)){
      if(de.inum == 0 || strcmp(de.name, ".") == 0 ||
         strcmp(de.name, "..") == 0)
        continue;
      if(len + 2 + DIRSIZ > MAXPATH)
        continue;
      strcpy(sub, path);
      sub[len] = '/';
      memmove(sub + len + 1, de.name, DIRSIZ);
      sub[len + 1 + DIRSIZ] = 0;
      rmtree(sub, depth + 1);
    }
  }
  close(fd);
  unlink(path);
}

// ---- the leader: workers, deadline, clean-up ----

// Sleep DEADLINE ticks, then exit: the leader's alarm clock.
static int
alarmclock(void)
{
  int pid = fork();

  if(pid == 0){
    sleep(DEADLINE);
    exit(0);
  }
  return pid;
}

// Wait for the workers or the deadline, whichever comes first.
static void
awaitworkers(int nworkers, int alarm)
{
  int pid;

  while(nworkers > 0 && (pid = wait(0)) >= 0){
    if(pid == alarm)
      return;
    nworkers--;
  }
}

static void
setupscratch(uint seed)
{
  char dir[16];
  int fd, k;

  scratchname(dir, seed);
  rmtree(dir, 0);
  if(mkdir(dir) < 0 || chdir(dir) < 0){
    fprintf(2, "sysfuzz: FAIL: cannot make %s\n", dir);
    exit(1);
  }
  for(k = 0; k < NELF; k++)
    writeelf(k);
  mkdir("d0");
  // fds 0 and 1 become a scratch file: the fuzz must not write to the
  // console, where its junk could look like a test's verdict.
  fd = open("out", O_CREATE | O_RDWR);
  close(0);
  close(1);
  dup(fd);
  dup(fd);
  close(fd);
}

// The leader of one seed: sends the number of calls made and the number
// of wrong results down resultfd.
static void
leader(uint seed, int resultfd)
{
  int p[2], i, pid, alarm, result[2] = { 0, 0 };

  leaderpid = getpid();
  setupscratch(seed);
  if(pipe(p) < 0){
    fprintf(2, "sysfuzz: FAIL: pipe\n");
    exit(1);
  }
  countfd = p[1];
  alarm = alarmclock();
  for(i = 0; i < NWORKER; i++){
    if((pid = fork()) == 0){
      close(p[0]);
      close(resultfd);
      worker(seed, i);
    }
  }
  awaitworkers(NWORKER, alarm);
  if(killstragglers(leaderpid + 1) < 0){
    fprintf(2, "sysfuzz: FAIL: processes survive kill\n");
    exit(1);
  }
  close(countfd);
  while(wait(0) >= 0)
    ;
  while(read(p[0], &i, sizeof(i)) == sizeof(i)){
    if(i < 0)
      result[1]++;
    else
      result[0] += i;
  }
  write(resultfd, result, sizeof(result));
  exit(0);
}

// ---- the parent: one child per seed, and the leak check ----

// Run one seed; returns 1 if it passed.
static int
runseed(uint seed)
{
  struct sysinfo before, after;
  char dir[16];
  int p[2], pid, status = -1, result[2] = { -1, 0 };

  scratchname(dir, seed);
  before = testcounts();
  if(pipe(p) < 0){
    printf("sysfuzz: seed %d: FAIL: pipe\n", seed);
    return 0;
  }
  if((pid = fork()) == 0){
    close(p[0]);
    leader(seed, p[1]);
  }
  close(p[1]);
  while(pid > 0 && wait(&status) != pid)
    ;
  if(read(p[0], result, sizeof(result)) != sizeof(result))
    result[0] = -1;
  close(p[0]);
  rmtree(dir, 0);
  if(pid < 0 || status != 0){
    printf("sysfuzz: seed %d: FAIL: leader exited with status %d\n",
           seed, status);
    settled(&before, &after);
    return 0;
  }
  if(settled(&before, &after) < 0){
    printf("sysfuzz: seed %d: FAIL: leaked %d pages, %d processes, %d files, "
           "%d inodes, %d zones\n", seed, before.freepages - after.freepages,
           after.nproc - before.nproc, after.nfiles - before.nfiles,
           after.ninodes - before.ninodes, after.nzones - before.nzones);
    return 0;
  }
  if(result[1] > 0){
    printf("sysfuzz: seed %d: FAIL: %d calls that had to fail did not "
           "(see console)\n", seed, result[1]);
    return 0;
  }
  printf("sysfuzz: seed %d: %d calls, ok\n", seed, result[0]);
  return 1;
}

// Find the edges of our own memory that the hostile addresses lean on.
static void
layout(int *local)
{
  extern char etext[];

  textend = (char *)((uint)etext - 1);
  stacktop = PGROUNDUP((uint)local);
  gapaddr = stacktop - USTACKMAX - PGSIZE;
  heap = sbrk(0);
  if((uint)heap % PGSIZE)
    sbrk(PGSIZE - (uint)heap % PGSIZE);
  heap = sbrk(BUFSZ);
  memset(heap, 'a', BUFSZ);    // touched: no string in it ends
  memset(longpath, 'x', sizeof(longpath) - 1);
}

int
main(int argc, char *argv[])
{
  int seed, n, i, failed = 0;

  if(argc < 2 || argc > 3 || (seed = parsenum(argv[1])) < 0 ||
     (n = argc == 3 ? parsenum(argv[2]) : 1) < 1){
    fprintf(2, "usage: sysfuzz SEED [N]\n");
    exit(1);
  }
  layout(&argc);
  for(i = 0; i < n; i++)
    failed += !runseed(seed + i);
  printf("sysfuzz: %d seeds, %d failed\n", n, failed);
  exit(failed ? 1 : 0);
}
