// zbench: the benchmark behind `make bench` (tools/bench.py, described
// in docs/performance.md).  Each figure is a rate in guest time: it waits
// for a tick edge (spins until uptime() changes), runs its operation in
// batches until at least DURATION ticks have passed, and reports
//
//   rate = work done / elapsed ticks * HZ
//
// Ticks are only read between batches, so a figure may run a little
// longer than DURATION; the elapsed count includes that.  The run ends
// inside the last tick counted, so the rate is high by less than one
// tick in the count: under 1%.
//
//   zbench               every figure, in the order of the table below
//   zbench NAME...       only these figures, in this order
//   zbench -quick ...    QUICKTICKS per figure, and channel transfers of
//                        QUICKCHAN: shows that each figure works,
//                        measures nothing (tests/suite.py)
//
// Output: one line per figure, `bench NAME VALUE UNIT`, for example
// `bench fork-exit-wait 3303 /s`; fork-zones prints the two rates it
// compares before its ratio, mutex its count of system calls after its
// rate.  chan-spin needs two CPUs; on one it says `zbench: skipped
// chan-spin: ...` instead.  On any failure: one line on stderr, exit 1.
//
// fork copies all of a process's private memory, so zbench stays small:
// the memmove buffers come from sbrk and go back when that figure ends,
// and nothing big is static.  The user stack is one page.
#include "user.h"

#define HZ         100       // timer interrupts per second (param.h's TIMERCOUNT)
#define DURATION   HZ        // ticks per figure: one second of guest time
#define QUICKTICKS 2         // ticks per figure with -quick
#define ZID        40        // zone ids zbench uses: ZID .. ZID+NFORKZONES
#define NFORKZONES 4         // zones attached in fork-zones
#define FORKZPAGES 256       // pages of each of them
#define PIPEBYTES  (8 << 20) // bytes one pipe transfer moves
#define PIPECHUNK  4096      // bytes per write (and per read)
#define MOVEBYTES  (1 << 20) // bytes per memmove
#define CZID       (ZID + NFORKZONES + 1)  // the zone of the sync figures
#define CHANBYTES  (64 << 20) // bytes one channel transfer moves ...
#define QUICKCHAN  (1 << 20)  // ... and with -quick
#define CHANRING   (64 << 10) // the channel's ring
#define CHANPAGES  (CHAN_BYTES(CHANRING) / PGSIZE + 1)  // its zone
#define MUTEXPAIRS 100000     // lock+unlock pairs counted for system calls
#define ZFAIL      ((char *)-1)

static int duration = DURATION;
static uint chanbytes = CHANBYTES;
static char *figure = "";      // the figure running, for error lines
static char chunk[PIPECHUNK];  // pipe data; one page, so fork stays cheap
static char *movesrc, *movedst;

// End zbench: what failed, in which figure.
static void
die(char *what)
{
  fprintf(2, "zbench: %s: %s failed\n", figure, what);
  exit(1);
}

// Work units per second, for n units in ticks ticks (no overflow).
static uint
persecond(uint n, uint ticks)
{
  return n / ticks * HZ + n % ticks * HZ / ticks;
}

// Run op(arg) `per` times a batch, from a tick edge until at least
// duration ticks have passed.  op returns the work units it did.
// Returns units per second.  One untimed op first warms the caches: the
// first exec of /true reads the disk, and time spent idle waiting for
// the disk is host time even under icount.
static uint
measure(uint (*op)(int), int arg, int per)
{
  uint n = 0;
  int i, start, now, t;

  op(arg);
  t = uptime();
  while((start = uptime()) == t)
    ;
  do {
    for(i = 0; i < per; i++)
      n += op(arg);
  } while((now = uptime()) - start < duration);
  return persecond(n, now - start);
}

static void
report(char *name, uint value, char *unit)
{
  printf("bench %s %u %s\n", name, value, unit);
}

// Wait for child pid, which must exit 0; else die saying what it did.
static void
reap(int pid, char *what)
{
  int st;

  if(wait(&st) != pid || st != 0)
    die(what);
}

// ---- the operations: each does one unit of work and returns its size ----

static uint
forkexit(int unused)
{
  int pid = fork();

  if(pid < 0)
    die("fork");
  if(pid == 0)
    exit(0);
  reap(pid, "wait");
  return 1;
}

static uint
forkexec(int unused)
{
  char *argv[] = { "true", 0 };
  int pid = fork();

  if(pid < 0)
    die("fork");
  if(pid == 0){
    exec("/true", argv);
    exit(1);
  }
  reap(pid, "exec /true");
  return 1;
}

// Read fd to its end; returns the number of bytes read.
static uint
drain(int fd)
{
  uint total = 0;
  int n;

  while((n = read(fd, chunk, PIPECHUNK)) > 0)
    total += n;
  return total;
}

// A fresh pipe and a reader child that checks the count; write
// PIPEBYTES into it.  The pipe, fork and wait are in the timing: one
// fork costs about 1% of a transfer at the target speed.  Returns MiB.
static uint
pipeone(int unused)
{
  int fds[2], pid, i;

  if(pipe(fds) < 0)
    die("pipe");
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    close(fds[1]);
    exit(drain(fds[0]) == PIPEBYTES ? 0 : 1);
  }
  close(fds[0]);
  for(i = 0; i < PIPEBYTES / PIPECHUNK; i++)
    if(write(fds[1], chunk, PIPECHUNK) != PIPECHUNK)
      die("pipe write");
  close(fds[1]);
  reap(pid, "reading 8 MiB from the pipe");
  return PIPEBYTES >> 20;
}

static uint
getpidone(int unused)
{
  if(getpid() <= 0)
    die("getpid");
  return 1;
}

// Grow by npages pages one sbrk(4096) at a time, writing a byte to each
// new page, then shrink back by as much, so memory never runs out.  The
// shrink is inside the timing: giving a page back is counted as part of
// the cost of taking it.  Returns pages.
static uint
sbrkbatch(int npages)
{
  char *p;
  int i;

  for(i = 0; i < npages; i++){
    if((p = sbrk(PGSIZE)) == ZFAIL)
      die("sbrk");
    *p = 1;
  }
  if(sbrk(-npages * PGSIZE) == ZFAIL)
    die("sbrk shrink");
  return npages;
}

static uint
moveone(int unused)
{
  memmove(movedst, movesrc, MOVEBYTES);
  return 1;
}

// Create zone ZID of npages pages, write one byte to each page, detach
// (which destroys it: nobody else has it).
static uint
zonecycle(int npages)
{
  char *z;
  int i;

  if((z = shmem(ZID, M_CREATE, npages)) == ZFAIL)
    die("shmem create");
  for(i = 0; i < npages; i++)
    z[i * PGSIZE] = 1;
  if(shmdt(z) < 0)
    die("shmdt");
  return 1;
}

// Attach existing zone ZID of npages pages and detach it, no touch.
static uint
attachcycle(int npages)
{
  char *z;

  if((z = shmem(ZID, 0, npages)) == ZFAIL)
    die("shmem attach");
  if(shmdt(z) < 0)
    die("shmdt");
  return 1;
}

// A fresh zone with a channel of CHANRING bytes and a reader child that
// reads to the end and checks the count; write chanbytes (CHANBYTES, or
// QUICKCHAN with -quick) into it in PIPECHUNK writes.  Zone, fork and wait are in the timing, as for the
// pipe.  Returns KiB.
static uint
chanone(int flags)
{
  struct chan *c;
  int pid, i;

  if((c = (struct chan *)shmem(CZID, M_CREATE, CHANPAGES)) == (struct chan *)ZFAIL)
    die("shmem create");
  if(chan_init(c, CHANRING, flags) < 0)
    die("chan_init");
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    uint total = 0;
    int n;
    while((n = chan_read(c, chunk, PIPECHUNK)) > 0)
      total += n;
    exit(total == chanbytes ? 0 : 1);
  }
  for(i = 0; i < chanbytes / PIPECHUNK; i++)
    if(chan_write(c, chunk, PIPECHUNK) != PIPECHUNK)
      die("chan_write");
  chan_close(c);
  reap(pid, "reading 64 MiB from the channel");
  if(shmdt(c) < 0)
    die("shmdt");
  return chanbytes >> 10;
}

// The ping-pong word: the parent sets 1 and wakes the partner, which sets
// 0 and wakes the parent; 2 tells the partner to exit.
static int *pingword;

static uint
pingone(int unused)
{
  atomic_store(pingword, 1);
  futex_wake(pingword, 1);
  while(atomic_load(pingword) == 1)
    futex_wait(pingword, 1, 0);
  return 1;
}

static void
pingpartner(void)
{
  int v;

  for(;;){
    while((v = atomic_load(pingword)) == 0)
      futex_wait(pingword, 0, 0);
    if(v == 2)
      exit(0);
    atomic_store(pingword, 0);
    futex_wake(pingword, 1);
  }
}

static struct mutex *benchmutex;

static uint
mutexone(int unused)
{
  if(mutex_lock(benchmutex) != 0 || mutex_unlock(benchmutex) != 0)
    die("mutex");
  return 1;
}

// System calls made by n uncontended lock+unlock pairs (sysinfo counts).
static uint
mutexcalls(int n)
{
  struct sysinfo a, b;
  int i;

  sysinfo(&a);
  for(i = 0; i < n; i++)
    mutexone(0);
  sysinfo(&b);
  return b.nsyscall - a.nsyscall - 1;
}

// ---- the figures ----

static void
forkexitwait(void)
{
  report(figure, measure(forkexit, 0, 4), "/s");
}

static void
forkexecwait(void)
{
  report(figure, measure(forkexec, 0, 2), "/s");
}

static void
pipe8m(void)
{
  report(figure, measure(pipeone, 0, 1), "MiB/s");
}

static void
getpidrate(void)
{
  report(figure, measure(getpidone, 0, 256), "/s");
}

static void
sbrktouch(void)
{
  report(figure, measure(sbrkbatch, 64, 1), "pages/s");
}

// The buffers exist only during this figure, so that they do not make
// every fork of the other figures copy 2 MiB.
static void
memmove1m(void)
{
  uint rate;
  int i;

  if((movesrc = sbrk(2 * MOVEBYTES)) == ZFAIL)
    die("sbrk");
  movedst = movesrc + MOVEBYTES;
  for(i = 0; i < MOVEBYTES; i++)
    movesrc[i] = i * 7 + (i >> 12);
  rate = measure(moveone, 0, 1);
  if(memcmp(movedst, movesrc, MOVEBYTES) != 0)
    die("memmove check");
  if(sbrk(-2 * MOVEBYTES) == ZFAIL)
    die("sbrk shrink");
  report(figure, rate, "MiB/s");
}

static void
zone1(void)
{
  report(figure, measure(zonecycle, 1, 16), "/s");
}

static void
zone16(void)
{
  report(figure, measure(zonecycle, 16, 4), "/s");
}

static void
zone256(void)
{
  report(figure, measure(zonecycle, 256, 1), "/s");
}

// A child holds zone ZID until the parent closes the pipe (it blocks
// reading it), so the zone lives while the parent attaches and detaches.
static void
attach256(void)
{
  int fds[2], pid;
  uint rate;
  char *z, c;

  if(pipe(fds) < 0)
    die("pipe");
  if((z = shmem(ZID, M_CREATE, 256)) == ZFAIL)
    die("shmem create");
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    close(fds[1]);
    read(fds[0], &c, 1);
    exit(0);
  }
  close(fds[0]);
  if(shmdt(z) < 0)
    die("shmdt");
  rate = measure(attachcycle, 256, 16);
  close(fds[1]);
  reap(pid, "the zone holder");
  report(figure, rate, "/s");
}

// fork + exit + wait with NFORKZONES zones of FORKZPAGES pages attached,
// as a fraction of the same without them; both rates are printed first.
static void
forkzones(void)
{
  char *z[NFORKZONES];
  uint plain, zoned, r;
  int i;

  plain = measure(forkexit, 0, 4);
  for(i = 0; i < NFORKZONES; i++)
    if((z[i] = shmem(ZID + 1 + i, M_CREATE, FORKZPAGES)) == ZFAIL)
      die("shmem create");
  zoned = measure(forkexit, 0, 4);
  for(i = 0; i < NFORKZONES; i++)
    if(shmdt(z[i]) < 0)
      die("shmdt");
  report("fork-zones-plain", plain, "/s");
  report("fork-zones-4x256", zoned, "/s");
  r = zoned * 1000 / plain;
  printf("bench %s %u.%u%u%u ratio\n", figure, r / 1000, r / 100 % 10,
         r / 10 % 10, r % 10);
}

// MB/s (decimal: 10^6 bytes) from KiB/s.
static uint
mbps(uint kib)
{
  return kib / 125000 * 128 + kib % 125000 * 128 / 125000;
}

static void
chanblock(void)
{
  report(figure, mbps(measure(chanone, 0, 1)), "MB/s");
}

static void
chanspin(void)
{
  struct sysinfo si;

  if(sysinfo(&si) < 0 || si.ncpu < 2){
    printf("zbench: skipped %s: spinning needs two CPUs\n", figure);
    return;
  }
  report(figure, mbps(measure(chanone, CHAN_SPIN, 1)), "MB/s");
}

// A partner process on a word of a zone; round trips per second.
static void
futexpingpong(void)
{
  uint rate;
  int pid;

  if((pingword = (int *)shmem(CZID, M_CREATE, 1)) == (int *)ZFAIL)
    die("shmem create");
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0)
    pingpartner();
  rate = measure(pingone, 0, 64);
  atomic_store(pingword, 2);
  futex_wake(pingword, 1);
  reap(pid, "the ping-pong partner");
  if(shmdt(pingword) < 0)
    die("shmdt");
  report(figure, rate, "/s");
}

// Uncontended lock + unlock of a zone mutex, then the system calls that
// MUTEXPAIRS such pairs make.
static void
mutexpair(void)
{
  uint rate, calls;

  if((benchmutex = (struct mutex *)shmem(CZID, M_CREATE, 1)) ==
     (struct mutex *)ZFAIL || mutex_init(benchmutex) < 0)
    die("shmem create");
  rate = measure(mutexone, 0, 1024);
  calls = mutexcalls(MUTEXPAIRS);
  if(shmdt(benchmutex) < 0)
    die("shmdt");
  report(figure, rate, "/s");
  report("mutex-syscalls", calls, "calls");
}

static struct {
  char *name;
  void (*run)(void);
} figures[] = {
  { "fork-exit-wait", forkexitwait },
  { "fork-exec-wait", forkexecwait },
  { "pipe", pipe8m },
  { "getpid", getpidrate },
  { "sbrk-touch", sbrktouch },
  { "memmove", memmove1m },
  { "zone-1", zone1 },
  { "zone-16", zone16 },
  { "zone-256", zone256 },
  { "attach-256", attach256 },
  { "fork-zones", forkzones },
  { "chan", chanblock },
  { "chan-spin", chanspin },
  { "futex-pingpong", futexpingpong },
  { "mutex", mutexpair },
};
#define NFIGURES (sizeof(figures) / sizeof(figures[0]))

// The index of the figure called name, or -1.
static int
lookup(char *name)
{
  int i;

  for(i = 0; i < NFIGURES; i++)
    if(strcmp(figures[i].name, name) == 0)
      return i;
  return -1;
}

// Say, in one line, that name is no figure and which ones there are.
static void
badname(char *name)
{
  int i;

  fprintf(2, "zbench: no figure %s; the figures are", name);
  for(i = 0; i < NFIGURES; i++)
    fprintf(2, " %s", figures[i].name);
  fprintf(2, "\n");
}

static void
run(int i)
{
  figure = figures[i].name;
  figures[i].run();
}

int
main(int argc, char *argv[])
{
  int i, first = 1;

  if(argc > 1 && strcmp(argv[1], "-quick") == 0){
    duration = QUICKTICKS;
    chanbytes = QUICKCHAN;
    first = 2;
  }
  for(i = first; i < argc; i++){
    if(argv[i][0] == '-'){
      fprintf(2, "usage: zbench [-quick] [NAME...]\n");
      return 2;
    }
    if(lookup(argv[i]) < 0){
      badname(argv[i]);
      return 2;
    }
  }
  if(first == argc)
    for(i = 0; i < NFIGURES; i++)
      run(i);
  for(i = first; i < argc; i++)
    run(lookup(argv[i]));
  return 0;
}
