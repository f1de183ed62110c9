// usertests: the foundation test suite, run inside zv6.
//
// Every test runs in a child of its own and is judged by that child's
// exit status: 0 passes.  A test that finds something wrong calls fail(),
// which sends the reason up a pipe to the runner and exits FAILED; any
// other status (a fault kills with -1) is a failure too.  The runner
// waits for each test, and for the orphans it leaves to init, before it
// starts the next.  After the tests the number of free pages must be what
// it was before them: the kernel's caches allocate no pages, so any
// difference is a leak.
//
//   usertests            run every test
//   usertests NAME...    run only these, in this order
//
// Output: one line per test, `ok NAME` or `FAIL NAME: why`, then
// `N passed, M failed`; the exit status is 0 only if nothing failed.
// tools/runtests.py reads exactly these lines.
//
// The user stack grows on demand up to USTACKMAX; big buffers are static
// all the same.  The runner and each test process call ownmemory() first,
// so that neither stack growth nor copy-on-write copies of pages still
// shared with a parent are counted as leaks.
#include "user.h"
#include "kernel/fs.h"
#include "kernel/syscall.h"

// From kernel/memlayout.h, which user programs do not include.
#define KERNBASE 0x80000000   // first kernel address
#define SHMBASE  0x60000000   // bottom of the zone area; sbrk stops below

#define UNMAPPED 0x50000000   // between the heap and the zones: nothing there
#define FAILED   1            // a test child's status after fail()
#define EXECFAILED 77         // execstatus()'s child: exec returned -1
#define ARGCHECK "-argcheck"  // argv[1] of the self-exec in execargv
#define FPUCHECK "-fpucheck"  // argv[1] of the self-exec in fpuinherit

// End the calling test process as failed, saying why (printf-style,
// without a newline).  Helpers' children may call it too: the first
// reason to reach the pipe is the one reported.
#define fail(...) do {                  \
    fprintf(whyfd, __VA_ARGS__);        \
    write(whyfd, "\n", 1);              \
    exit(FAILED);                       \
  } while(0)

// Fail unless cond holds.
#define expect(cond, ...) do { if(!(cond)) fail(__VA_ARGS__); } while(0)

static int whyfd = 2;          // where fail() writes; a pipe in test children
static uint guardpage;         // the top page of the gap below the stack, found by main
static char buf[8192];         // scratch for data, shared by all tests
static char buf2[4096];        // a second one, for comparing

// ---- helpers for tests ----

static int
freepages(void)
{
  struct sysinfo si;

  expect(sysinfo(&si) == 0, "sysinfo failed");
  return si.freepages;
}

static int
nprocs(void)
{
  struct sysinfo si;

  expect(sysinfo(&si) == 0, "sysinfo failed");
  return si.nproc;
}

// Fork a child that runs fn(arg) and then exits 0.  Returns its pid.
static int
spawn(void (*fn)(int), int arg)
{
  int pid = fork();

  expect(pid >= 0, "fork failed");
  if(pid == 0){
    fn(arg);
    exit(0);
  }
  return pid;
}

// Wait for the caller's child pid, which must be the next to be reaped,
// and return its exit status.
static int
reap(int pid)
{
  int status = 12345, got;

  got = wait(&status);
  expect(got == pid, "wait returned %d, expected child %d", got, pid);
  return status;
}

// Run fn(arg) in a child and return its exit status.
static int
inchild(void (*fn)(int), int arg)
{
  return reap(spawn(fn, arg));
}

static int watchpid;   // the child a watchdog is to kill

static void
watchdog(int ticks)
{
  sleep(ticks);
  kill(watchpid);
}

// Run fn(arg) in a child, as inchild, but kill it if it has not finished
// after ticks: for a call that a broken kernel would never return from.
// Returns its status, -1 if it had to be killed.
static int
indeadline(void (*fn)(int), int arg, int ticks)
{
  int pid, dog, status, got;

  watchpid = pid = spawn(fn, arg);
  dog = spawn(watchdog, ticks);
  if((got = wait(&status)) == dog){
    dog = 0;              // it has killed the child, which will follow
    got = wait(&status);
  }
  expect(got == pid, "wait returned %d, not the child %d", got, pid);
  if(dog){
    kill(dog);
    reap(dog);
  }
  return status;
}

static void
mkpipe(int *fds)
{
  expect(pipe(fds) == 0, "pipe failed");
}

// Make fd 1 of the calling process write into the pipe end wfd.
static void
stdoutto(int wfd)
{
  close(1);
  expect(dup(wfd) == 1, "cannot redirect fd 1");
}

// Read from fd until end of file or until n-1 bytes, NUL-terminating.
// Returns the count.
static int
readall(int fd, char *out, int n)
{
  int got = 0, r;

  while(got < n - 1 && (r = read(fd, out + got, n - 1 - got)) > 0)
    got += r;
  out[got] = 0;
  return got;
}

// Run path with argv in a child whose fd 1 is a pipe; put what it prints
// (at most n-1 bytes) in out.  Returns the child's exit status.
static int
capture(char *path, char **argv, char *out, int n)
{
  int fds[2], pid;

  mkpipe(fds);
  if((pid = fork()) == 0){
    close(fds[0]);
    stdoutto(fds[1]);
    close(fds[1]);
    exec(path, argv);
    fail("exec %s failed", path);
  }
  expect(pid > 0, "fork failed");
  close(fds[1]);
  readall(fds[0], out, n);
  close(fds[0]);
  return reap(pid);
}

// Try exec(path, argv) in a child, with fd 1 a pipe read by nobody but
// open until the child is reaped, for a program that does run to write
// a little into.  Returns EXECFAILED if exec returned -1, else the status
// of whatever ran instead.
static int
execstatus(char *path, char **argv)
{
  int fds[2], pid, status;

  mkpipe(fds);
  if((pid = fork()) == 0){
    close(fds[0]);
    stdoutto(fds[1]);
    exec(path, argv);
    exit(EXECFAILED);
  }
  expect(pid > 0, "fork failed");
  close(fds[1]);
  status = reap(pid);
  close(fds[0]);
  return status;
}

// Create (or truncate) path and write the n bytes at data into it.
static void
writefile(char *path, void *data, int n)
{
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);

  expect(fd >= 0, "cannot create %s", path);
  expect(write(fd, data, n) == n, "cannot write %d bytes to %s", n, path);
  close(fd);
}

static struct stat
fstatok(int fd)
{
  struct stat st;

  expect(fstat(fd, &st) == 0, "fstat(%d) failed", fd);
  return st;
}

static struct stat
statok(char *path)
{
  struct stat st;

  expect(stat(path, &st) == 0, "stat %s failed", path);
  return st;
}

// Byte i of the test streams: not periodic in any power of two, so a
// misplaced block or wrapped ring shows up.
static uchar
pattern(uint i)
{
  return (uchar)(i % 251 + i / 251 * 7);
}

static void
fillpattern(char *p, uint from, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i] = pattern(from + i);
}

// Offset of the first of p[0..n) that differs from the pattern at from,
// or -1.
static int
checkpattern(char *p, uint from, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if((uchar)p[i] != pattern(from + i))
      return i;
  return -1;
}

// A string of n bytes with no terminator, ending exactly at the end of
// the caller's last mapped page, in memory just taken from sbrk.
static char *
unterminated(int n)
{
  char *top = sbrk(PGSIZE);
  uint end;

  expect(top != (char *)-1, "sbrk failed");
  end = PGROUNDUP((uint)top + PGSIZE);
  memset((char *)(end - n), 'a', n);
  return (char *)(end - n);
}

// Addresses a process may not hand the kernel: the kernel's memory, its
// text, an address whose range would wrap, nothing at all, the zone area
// with no zone, and the stack guard page.  Fills a; returns the count.
static int
badaddrs(uint *a)
{
  a[0] = KERNBASE;
  a[1] = KERNBASE + 0x100000;
  a[2] = 0xFFFFF000;
  a[3] = UNMAPPED;
  a[4] = SHMBASE;
  a[5] = guardpage;
  a[6] = guardpage + PGSIZE - 8;   // 8 bytes of guard, 8 of stack
  return 7;
}

// ---- processes: fork, exit, wait, getpid ----

static void
exitwith(int status)
{
  exit(status);
}

// Each exit status comes back whole through wait, to the right pid.
static void
forkexit(void)
{
  static int want[] = { 0, 7, 255, -1 };
  int pids[4], i, j, pid, status;

  for(i = 0; i < 4; i++)
    pids[i] = spawn(exitwith, want[i]);
  for(i = 0; i < 4; i++){
    pid = wait(&status);
    for(j = 0; j < 4 && pids[j] != pid; j++)
      ;
    expect(j < 4, "wait returned %d, not a child", pid);
    expect(status == want[j], "child exited %d, wait said %d", want[j], status);
    pids[j] = 0;
  }
  expect(wait(&status) == -1, "a fifth wait found a child");
}

static void
waitnull(void)
{
  int pid = spawn(exitwith, 3);

  expect(wait(0) == pid, "wait(0) did not return the child's pid");
  expect(wait(0) == -1, "wait(0) with no children did not return -1");
}

// wait with no children fails and leaves *status alone.
static void
waitnone(void)
{
  int status = 4242;

  expect(wait(&status) == -1, "wait with no children did not return -1");
  expect(status == 4242, "wait with no children wrote status %d", status);
}

static void
sendpid(int wfd)
{
  int pid = getpid();

  write(wfd, &pid, sizeof(pid));
}

// The child's getpid is what fork told the parent, and differs from it.
static void
getpidtest(void)
{
  int fds[2], pid, childsaw = 0, me = getpid();

  expect(me > 0, "getpid returned %d", me);
  mkpipe(fds);
  pid = spawn(sendpid, fds[1]);
  close(fds[1]);
  expect(read(fds[0], &childsaw, sizeof(childsaw)) == sizeof(childsaw),
         "no pid from the child");
  expect(childsaw == pid, "child's getpid %d, fork returned %d", childsaw, pid);
  expect(childsaw != me, "child and parent both have pid %d", me);
  expect(reap(pid) == 0, "child failed");
  expect(getpid() == me, "parent's pid changed");
}

static int forkvar = 1;   // forkmem's probe of copied data

static void
scribble(int arg)
{
  char *heap = (char *)arg;

  expect(forkvar == 1, "child sees forkvar %d", forkvar);
  expect(checkpattern(heap, 0, 3 * PGSIZE) < 0, "child's heap copy differs");
  forkvar = 2;
  memset(heap, 0, 3 * PGSIZE);
}

// A child gets a copy of data and heap: its writes do not reach the parent.
static void
forkmem(void)
{
  char *heap = sbrk(3 * PGSIZE);

  expect(heap != (char *)-1, "sbrk failed");
  fillpattern(heap, 0, 3 * PGSIZE);
  expect(inchild(scribble, (int)heap) == 0, "child failed");
  expect(forkvar == 1, "child's write changed the parent's data");
  expect(checkpattern(heap, 0, 3 * PGSIZE) < 0,
         "child's write changed the parent's heap");
}

static void
writeabc(int fd)
{
  expect(write(fd, "abc", 3) == 3, "child's write failed");
}

// Parent and child share an open file, offset included.
static void
forkfds(void)
{
  int fd;

  unlink("ff-file");
  fd = open("ff-file", O_CREATE | O_RDWR);
  expect(fd >= 0, "cannot create ff-file");
  expect(inchild(writeabc, fd) == 0, "child failed");
  expect(write(fd, "def", 3) == 3, "parent's write failed");
  close(fd);
  fd = open("ff-file", O_RDONLY);
  expect(readall(fd, buf, 16) == 6 && strcmp(buf, "abcdef") == 0,
         "file holds '%s', expected abcdef", buf);
  close(fd);
  unlink("ff-file");
}

// Block reading rfd until something arrives or every write end is closed
// (the caller has closed its own).
static void
blockon(int rfd)
{
  char c;

  read(rfd, &c, 1);
}

// The pipe that the kill and pipe tests' children block on.  A child
// reading it closes its copy of the write end, a child writing it its
// copy of the read end, so that the test alone decides when it closes.
static int hold[2];

// Block until the test closes the write end of hold.
static void
awaithold(int unused)
{
  close(hold[1]);
  blockon(hold[0]);
}

// 40 children at once, more than there are CPUs, each with its status.
static void
manyprocs(void)
{
  static int pids[40];
  int go[2], i, j, pid, status;

  mkpipe(go);
  for(i = 0; i < 40; i++){
    if((pids[i] = fork()) == 0){
      close(go[1]);
      blockon(go[0]);
      exit(i + 1);
    }
    expect(pids[i] > 0, "fork %d of 40 failed", i);
  }
  close(go[1]);   // all 40 wake at once
  for(i = 0; i < 40; i++){
    pid = wait(&status);
    for(j = 0; j < 40 && pids[j] != pid; j++)
      ;
    expect(j < 40, "wait returned %d, not a child", pid);
    expect(status == j + 1, "child %d exited %d, wait said %d", j, j + 1, status);
    pids[j] = 0;
  }
  expect(wait(0) == -1, "wait found a 41st child");
}

// Fork until the process table is full: fork then fails with -1, and
// every child is reaped, leaving memory as it was.
static void
forkmax(void)
{
  int go[2], n, pid, before = freepages();

  mkpipe(go);
  for(n = 0; n <= NPROC; n++){
    if((pid = fork()) == 0){
      close(go[1]);
      blockon(go[0]);
      exit(0);
    }
    if(pid < 0)
      break;
  }
  expect(pid < 0, "%d forks all succeeded with NPROC %d", n, NPROC);
  expect(nprocs() == NPROC, "fork failed with %d of %d slots used",
         nprocs(), NPROC);
  close(go[1]);
  for(; n > 0; n--)
    expect(wait(0) > 0, "a child was lost (%d not reaped)", n);
  expect(wait(0) == -1, "more children than forks");
  close(go[0]);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// ---- kill ----

static void
spin(int startfd)
{
  write(startfd, "s", 1);
  for(;;)
    ;
}

static void
sleeplong(int startfd)
{
  write(startfd, "s", 1);
  sleep(1000);
  fail("sleep(1000) returned in a killed process");
}

// Fork fn(startfd), wait until it has started, kill it after a couple of
// ticks, and return its status.  It must die in well under a second.
static int
killstarted(void (*fn)(int))
{
  int fds[2], pid, t0, status;
  char c;

  mkpipe(fds);
  pid = spawn(fn, fds[1]);
  close(fds[1]);
  expect(read(fds[0], &c, 1) == 1, "the child did not start");
  close(fds[0]);
  sleep(2);
  t0 = uptime();
  expect(kill(pid) == 0, "kill(%d) of a live child failed", pid);
  status = reap(pid);
  expect(uptime() - t0 < 500, "the killed child took %d ticks to die",
         uptime() - t0);
  return status;
}

static void
killrun(void)
{
  int status = killstarted(spin);

  expect(status == -1, "killed spinning child exited %d", status);
}

static void
killsleep(void)
{
  int status = killstarted(sleeplong);

  expect(status == -1, "killed sleeping child exited %d", status);
}

static void
readempty(int startfd)
{
  close(hold[1]);
  write(startfd, "s", 1);
  read(hold[0], buf, 1);
  fail("read of an empty pipe returned in a killed process");
}

static void
writefull(int startfd)
{
  close(hold[0]);
  write(startfd, "s", 1);
  write(hold[1], buf, sizeof(buf));   // more than PIPESIZE: blocks
  fail("write to a full pipe returned in a killed process");
}

// Processes blocked reading an empty pipe or writing a full one die.
static void
killpipe(void)
{
  int status;

  mkpipe(hold);
  status = killstarted(readempty);
  expect(status == -1, "child killed in pipe read exited %d", status);
  status = killstarted(writefull);
  expect(status == -1, "child killed in pipe write exited %d", status);
  close(hold[0]);
  close(hold[1]);
}

static void
waitforchild(int startfd)
{
  int pid = spawn(awaithold, 0);

  write(startfd, "s", 1);
  wait(0);
  fail("wait returned in a killed process (child %d)", pid);
}

// A process killed while it waits for a child dies; the child lives on
// with init until the test closes the pipe it reads.
static void
killwait(void)
{
  int status;

  mkpipe(hold);
  status = killstarted(waitforchild);
  expect(status == -1, "child killed in wait exited %d", status);
  close(hold[1]);   // lets the orphaned grandchild finish
  close(hold[0]);
}

static void
sleepexit(int ticks)
{
  sleep(ticks);
  exit(ticks);
}

// Fork children that exit at once (zombies when we go) and children that
// outlive us, then exit: init inherits and reaps both kinds.
static void
abandon(int n)
{
  int i;

  for(i = 0; i < n; i++){
    spawn(exitwith, i);
    spawn(sleepexit, 3);
  }
  sleep(2);
}

static void
orphans(void)
{
  int base = nprocs(), t0;

  expect(inchild(abandon, 5) == 0, "the parent of the orphans failed");
  for(t0 = uptime(); nprocs() > base && uptime() - t0 < 200; )
    sleep(1);
  expect(nprocs() <= base, "%d orphans left unreaped after 2 s",
         nprocs() - base);
}

static void
suicide(int unused)
{
  expect(kill(getpid()) == 0, "kill(getpid()) failed");
  exit(0);   // never reached: the process dies leaving the system call
}

static void
killself(void)
{
  int status = inchild(suicide, 0);

  expect(status == -1, "a process that killed itself exited %d", status);
}

// kill of pids that name no live process.
static void
killbad(void)
{
  int pid = spawn(exitwith, 0);

  reap(pid);
  expect(kill(pid) == -1, "kill of reaped pid %d returned 0", pid);
  expect(kill(-1) == -1, "kill(-1) returned 0");
  expect(kill(0) == -1, "kill(0) returned 0");
  expect(kill(1000000) == -1, "kill(1000000) returned 0");
}

// Manual (run by name only): init may not be killed.  A kernel that lets
// it be panics with "init exiting" as soon as init next leaves the kernel.
static void
killinit(void)
{
  expect(kill(1) == -1, "kill(1) succeeded: init will die");
}

// ---- exec ----

static void
execargs(void)
{
  char *argv[] = { "echo", "hello", "", "world", 0 };
  int status = capture("/echo", argv, buf, sizeof(buf));

  expect(status == 0, "echo exited %d", status);
  expect(strcmp(buf, "hello  world\n") == 0, "echo printed '%s'", buf);
}

// The program at the other end of execargv: print argc and the arguments
// exactly, and check that argv ends with a null pointer.
static int
argcheck(int argc, char **argv)
{
  int i;

  printf("%d", argc);
  for(i = 0; i < argc; i++)
    printf("[%s]", argv[i]);
  printf(argv[argc] == 0 ? "\n" : "no null at argv[argc]\n");
  return 0;
}

static void
execargv(void)
{
  char *argv[] = { "usertests", ARGCHECK, "", "two words", "3", 0 };
  char *want = "5[usertests][" ARGCHECK "][][two words][3]\n";
  int status = capture("/usertests", argv, buf, sizeof(buf));

  expect(status == 0, "usertests " ARGCHECK " exited %d", status);
  expect(strcmp(buf, want) == 0, "argv arrived as '%s'", buf);
}

// MAXARG arguments (argv[0] included) are accepted; one more is not.
static void
execmaxarg(void)
{
  static char args[MAXARG + 1][3];
  static char *argv[MAXARG + 2];
  char *p = buf2;
  int i;

  for(i = 0; i <= MAXARG; i++){
    args[i][0] = 'a' + i % 26;
    args[i][1] = 'A' + i / 26;
    argv[i] = args[i];
    if(i > 0 && i < MAXARG){
      memmove(p, args[i], 2);
      p[2] = ' ';
      p += 3;
    }
  }
  p[-1] = '\n';
  *p = 0;
  argv[MAXARG] = 0;
  expect(capture("/echo", argv, buf, sizeof(buf)) == 0, "echo failed");
  expect(strcmp(buf, buf2) == 0, "echo of MAXARG args printed '%s'", buf);
  argv[MAXARG] = args[MAXARG];
  argv[MAXARG + 1] = 0;
  expect(execstatus("/echo", argv) == EXECFAILED,
         "exec with MAXARG+1 arguments did not return -1");
}

#define LONGARG 512   // bytes, with the NUL: a few of these fill the stack

// An argument of LONGARG bytes arrives intact; more of them than fit on
// the stack make exec fail, taking no pages.
static void
execlongarg(void)
{
  static char *argv[MAXARG + 1] = { "echo", buf2, 0 };
  int i, n = USTACKPAGES * PGSIZE / LONGARG + 1, before, status;

  memset(buf2, 'x', LONGARG - 1);
  buf2[LONGARG - 1] = 0;
  expect(capture("/echo", argv, buf, sizeof(buf)) == 0, "echo failed");
  expect(strlen(buf) == LONGARG && buf[LONGARG - 1] == '\n' &&
         strncmp(buf, buf2, LONGARG - 1) == 0,
         "a %d-byte argument came back as %d bytes", LONGARG - 1,
         strlen(buf) - 1);
  if(n >= MAXARG)
    return;          // a stack that holds MAXARG of them
  for(i = 1; i <= n; i++)
    argv[i] = buf2;
  before = freepages();
  status = execstatus("/echo", argv);
  expect(status == EXECFAILED, "exec of %d %d-byte arguments: status %d",
         n, LONGARG, status);
  expect(freepages() == before, "failed exec lost %d pages",
         before - freepages());
}

static void
echoindex(int i)
{
  char arg[2] = { 'a' + i, 0 };
  char *argv[] = { "echo", arg, 0 };

  exec("/echo", argv);
  fail("exec of /echo failed");
}

// Eight processes exec at once, all writing one pipe: each line arrives.
static void
execmany(void)
{
  int fds[2], i, seen = 0, n;

  mkpipe(fds);
  for(i = 0; i < 8; i++){
    if(fork() == 0){
      stdoutto(fds[1]);
      close(fds[0]);
      close(fds[1]);
      echoindex(i);
    }
  }
  close(fds[1]);
  n = readall(fds[0], buf, sizeof(buf));
  close(fds[0]);
  for(i = 0; i < 8; i++)
    expect(wait(&n) > 0 && n == 0, "an echo exited %d", n);
  for(i = 0; buf[i]; i += 2){
    expect(buf[i] >= 'a' && buf[i] < 'a' + 8 && buf[i + 1] == '\n',
           "output garbled: '%s'", buf);
    seen |= 1 << (buf[i] - 'a');
  }
  expect(seen == 0xFF, "lines missing from '%s'", buf);
}

static void
bigthenexec(int unused)
{
  char *argv[] = { "echo", 0 };

  expect(sbrk(2 * 1024 * 1024) != (char *)-1, "sbrk of 2 MB failed");
  stdoutto(hold[1]);
  exec("/echo", argv);
  fail("exec of /echo failed");
}

// exec gives back all of the old image, a big heap included.
static void
execfree(void)
{
  int before = freepages(), status;

  mkpipe(hold);
  status = inchild(bigthenexec, 0);
  close(hold[0]);
  close(hold[1]);
  expect(status == 0, "echo exited %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// exec of what is not there, or no program, returns -1 to a caller that
// carries on.
static void
execmissing(void)
{
  char *argv[] = { "x", 0 };

  expect(exec("/no-such-program", argv) == -1, "exec of a missing file");
  expect(exec("", argv) == -1, "exec of the empty path");
  expect(exec("/", argv) == -1, "exec of a directory");
  expect(exec("/echo/x", argv) == -1, "exec of a path through a file");
  expect(getpid() > 0, "the caller did not carry on");
}

// A file of junk is no program.
static void
execjunk(void)
{
  char *argv[] = { "ej-junk", 0 };
  int fd, before;

  fillpattern(buf, 0, 3000);
  writefile("ej-junk", buf, 3000);
  writefile("ej-empty", buf, 0);
  before = freepages();
  expect(exec("ej-junk", argv) == -1, "exec of junk did not return -1");
  expect(exec("ej-empty", argv) == -1, "exec of an empty file");
  expect(freepages() == before, "failed exec lost %d pages",
         before - freepages());
  fd = open("ej-junk", O_RDONLY);   // and the caller carries on
  expect(fd >= 0 && read(fd, buf2, 10) == 10, "cannot read ej-junk back");
  close(fd);
  unlink("ej-junk");
  unlink("ej-empty");
}

// The ELF32 layout (the file format's, shared by nobody here).
struct elfhdr {
  uint magic;
  uchar ident[12];
  ushort type, machine;
  uint version, entry, phoff, shoff, flags;
  ushort ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
  uint type, off, vaddr, paddr, filesz, memsz, flags, align;
};

#define PT_LOAD 1
#define HDRBYTES 1024   // /echo's headers all lie in its first KB

static int echosize;    // bytes in /echo

// buf[0..HDRBYTES) holds /echo's start; its first loadable segment.
static struct proghdr *
loadseg(void)
{
  struct elfhdr *eh = (struct elfhdr *)buf;
  struct proghdr *ph;
  int i;

  for(i = 0; i < eh->phnum; i++){
    ph = (struct proghdr *)(buf + eh->phoff + i * sizeof(*ph));
    if(ph->type == PT_LOAD)
      return ph;
  }
  fail("/echo has no loadable segment");
}

// The broken variants of /echo, one per case number; each must be refused.
// Returns 0 past the last case.
static int
breakelf(int c)
{
  struct elfhdr *eh = (struct elfhdr *)buf;
  struct proghdr *ph = loadseg();

  switch(c){
  case 0: eh->magic = 0x464C457E; break;             // not "\x7FELF"
  case 1: eh->phnum = 0; break;                      // nothing to load
  case 2: eh->phoff = echosize + 100; break;         // headers past the end
  case 3: eh->phnum = 0xFFFF; break;                 // ...and beyond
  case 4: eh->entry = PGROUNDUP(ph->vaddr + ph->memsz) + PGSIZE; break;
  case 5: ph->vaddr = KERNBASE; break;               // into the kernel
  case 6: ph->vaddr = SHMBASE - PGSIZE;              // across SHMBASE
          ph->memsz = ph->filesz + 2 * PGSIZE; break;
  case 7: ph->vaddr = 0xFFFFF000;                    // wraps
          ph->memsz = ph->filesz + 0x2000; break;
  case 8: ph->vaddr += 0x10; break;                  // not page-aligned
  case 9: ph->memsz = ph->filesz - 1; break;         // memsz < filesz
  case 10: ph->off = 0xFFFFF000; break;              // data past the end
  case 11: ph->filesz = echosize + PGSIZE;           // more data than file
           ph->memsz = ph->filesz; break;
  case 12: eh->phoff = 0xFFFFFFF0; break;            // offset wraps
  default: return 0;
  }
  return 1;
}

// Write ee-bad: the first keep bytes of /echo, but with its first
// HDRBYTES (the headers) taken from buf.
static void
copyecho(int keep)
{
  int in = open("/echo", O_RDONLY), out, n, done;

  out = open("ee-bad", O_CREATE | O_TRUNC | O_WRONLY);
  expect(in >= 0 && out >= 0, "cannot copy /echo");
  done = keep < HDRBYTES ? keep : HDRBYTES;
  expect(write(out, buf, done) == done, "cannot write ee-bad");
  expect(read(in, buf2, done) == done, "cannot read /echo");
  for(; done < keep; done += n){
    n = keep - done < (int)sizeof(buf2) ? keep - done : (int)sizeof(buf2);
    expect(read(in, buf2, n) == n, "cannot read /echo");
    expect(write(out, buf2, n) == n, "cannot write ee-bad");
  }
  close(in);
  close(out);
}

// Load /echo's headers into buf.
static void
readechohdr(void)
{
  int fd = open("/echo", O_RDONLY);

  expect(fd >= 0, "cannot open /echo");
  echosize = fstatok(fd).size;
  expect(echosize > HDRBYTES && read(fd, buf, HDRBYTES) == HDRBYTES,
         "cannot read /echo's headers");
  close(fd);
}

// ELF files whose headers claim nonsense are refused with -1, and the
// failed execs give back every page.  A faithful copy runs, so the cases
// fail for what they break, not for the copying.
static void
execelf(void)
{
  char *argv[] = { "ee-bad", 0 };
  int c, status, before;

  readechohdr();
  copyecho(echosize);
  status = execstatus("ee-bad", argv);
  expect(status == 0, "a faithful copy of /echo exited %d", status);
  before = freepages();
  copyecho(40);                                    // a truncated header
  status = execstatus("ee-bad", argv);
  expect(status == EXECFAILED, "exec of a 40-byte ELF: status %d", status);
  for(c = 0; ; c++){
    readechohdr();
    if(!breakelf(c))
      break;
    copyecho(echosize);
    status = execstatus("ee-bad", argv);
    expect(status == EXECFAILED, "bad ELF case %d: exec gave status %d "
           "(%d: exec did not return -1)", c, status, EXECFAILED);
  }
  expect(freepages() == before, "failed execs lost %d pages",
         before - freepages());
  unlink("ee-bad");
}

static void
togglebyte(int addr)
{
  volatile char *c = (char *)addr;

  for(;;){
    *c = '/';
    *c = 0;
  }
}

// Manual (run by name only; a kernel with the bug panics): exec's path
// lies in a zone that another process shares, and that process keeps
// taking away the terminator at the zone's last byte.  exec must check
// the path it uses, not an earlier look at it: a kernel that walks the
// user's string in place after checking it runs off the zone into
// unmapped memory and faults.
static void
execrace(void)
{
  char *argv[] = { "x", 0 }, *z = shmem(MAXSHM - 1, M_CREATE, 1);
  int pid, i;

  expect(z != (char *)-1, "cannot create zone %d", MAXSHM - 1);
  memset(z, '/', PGSIZE - 1);
  z[PGSIZE - 1] = 0;
  pid = spawn(togglebyte, (int)(z + PGSIZE - 1));
  for(i = 0; i < 2000; i++)
    expect(exec(z, argv) == -1, "exec of //.../ succeeded");
  kill(pid);
  reap(pid);
  expect(shmdt(z) == 0, "shmdt failed");
}

static void
execconsole(int unused)
{
  char *argv[] = { "console", 0 };

  exit(exec("/console", argv) == -1 ? EXECFAILED : 0);
}

// exec of a device is refused at once.  A kernel that reads the "ELF
// header" from the console waits for typing, inside a file-system
// operation that holds back every commit meanwhile; here nobody types.
static void
execdev(void)
{
  int status;

  expect(statok("/console").type == T_DEV, "/console is not a device");
  status = indeadline(execconsole, 0, 100);
  expect(status != -1, "exec(\"/console\") blocked until killed");
  expect(status == EXECFAILED, "exec(\"/console\"): child status %d", status);
}

// ---- pipes ----

#define PIPEBIG (100 * 1024)

static void
pipesend(int wfd)
{
  static int sizes[] = { 1, 7, 100, 512, 513, 1500, 4000 };
  int done, n, i;

  for(done = 0, i = 0; done < PIPEBIG; done += n, i++){
    n = sizes[i % 7];
    if(n > PIPEBIG - done)
      n = PIPEBIG - done;
    fillpattern(buf, done, n);
    expect(write(wfd, buf, n) == n, "write of %d at %d failed", n, done);
  }
}

// 100 KB through a pipe, in odd pieces each way, arrive whole and in order.
static void
pipebig(void)
{
  static int sizes[] = { 3, 256, 1000, 4096 };
  int fds[2], pid, got, n, i, bad;

  mkpipe(fds);
  pid = spawn(pipesend, fds[1]);
  close(fds[1]);
  for(got = 0, i = 0; (n = read(fds[0], buf2, sizes[i % 4])) > 0; got += n, i++){
    expect(got + n <= PIPEBIG, "more than %d bytes arrived", PIPEBIG);
    bad = checkpattern(buf2, got, n);
    expect(bad < 0, "byte %d is wrong", got + bad);
  }
  expect(n == 0, "read returned %d", n);
  expect(got == PIPEBIG, "%d bytes arrived, %d sent", got, PIPEBIG);
  expect(reap(pid) == 0, "writer failed");
  close(fds[0]);
}

static void
readtoeof(int unused)
{
  int n;

  close(hold[1]);
  n = read(hold[0], buf, 10);
  expect(n == 0, "blocked read at end of file returned %d", n);
}

// Reads return 0 once every writer has closed: at once, and for a reader
// already asleep on the empty pipe.  Data written before the close comes
// first.
static void
pipeeof(void)
{
  int fds[2], pid;

  mkpipe(fds);
  expect(write(fds[1], "xy", 2) == 2, "write failed");
  close(fds[1]);
  expect(read(fds[0], buf, 10) == 2, "data before eof lost");
  expect(read(fds[0], buf, 10) == 0, "read at eof did not return 0");
  expect(read(fds[0], buf, 10) == 0, "second read at eof did not return 0");
  close(fds[0]);

  mkpipe(fds);
  mkpipe(hold);
  pid = spawn(readtoeof, 0);
  sleep(2);          // let it go to sleep in read
  close(hold[1]);    // the last writer: the child must wake
  close(hold[0]);
  expect(reap(pid) == 0, "reader failed");
}

static void
fillthenwrite(int startfd)
{
  int n;

  close(hold[0]);
  n = write(hold[1], buf, PIPESIZE);
  expect(n == PIPESIZE, "write of PIPESIZE to an empty pipe returned %d", n);
  write(startfd, "s", 1);
  n = write(hold[1], buf, 100);    // the pipe is full: sleeps
  expect(n == -1, "write to a pipe whose reader closed returned %d", n);
}

static void
readnothing(int unused)
{
  int n = read(hold[0], buf, 0);

  expect(n == 0, "read of 0 bytes returned %d", n);
}

// A read of 0 bytes returns 0 at once, even from an empty pipe whose
// writer is still there.
static void
pipezero(void)
{
  int status;

  mkpipe(hold);
  expect(write(hold[1], buf, 0) == 0, "write of 0 bytes failed");
  status = indeadline(readnothing, 0, 100);
  expect(status != -1, "read of 0 bytes from an empty pipe blocked");
  expect(status == 0, "reader exited %d", status);
  close(hold[0]);
  close(hold[1]);
}

// Writes fail with -1 once the read end is closed: at once, and for a
// writer asleep on a full pipe.
static void
pipeclosed(void)
{
  int fds[2], start[2], pid;
  char c;

  mkpipe(fds);
  close(fds[0]);
  expect(write(fds[1], "x", 1) == -1, "write with no reader did not fail");
  close(fds[1]);

  mkpipe(hold);
  mkpipe(start);
  pid = spawn(fillthenwrite, start[1]);
  close(start[1]);
  close(hold[1]);
  expect(read(start[0], &c, 1) == 1, "the writer did not start");
  sleep(2);          // let it go to sleep on the full pipe
  close(hold[0]);    // the last reader: the writer must wake
  close(start[0]);
  expect(reap(pid) == 0, "writer failed");
}

// ---- file descriptors ----

// dup, close, read, write and fstat of descriptors that name nothing.
static void
fdbad(void)
{
  static int bad[] = { -1, NOFILE, NOFILE + 1, 1000000 };
  struct stat st;
  int i, fd, fds[2];

  fd = dup(0);
  expect(fd >= 0, "dup(0) failed");
  expect(close(fd) == 0, "close of a dup failed");
  expect(close(fd) == -1, "second close of fd %d did not fail", fd);
  expect(dup(fd) == -1, "dup of closed fd %d did not fail", fd);
  expect(read(fd, buf, 1) == -1, "read of closed fd did not fail");
  expect(write(fd, buf, 1) == -1, "write of closed fd did not fail");
  expect(fstat(fd, &st) == -1, "fstat of closed fd did not fail");
  for(i = 0; i < 4; i++){
    expect(dup(bad[i]) == -1, "dup(%d) did not fail", bad[i]);
    expect(close(bad[i]) == -1, "close(%d) did not fail", bad[i]);
    expect(read(bad[i], buf, 1) == -1, "read(%d) did not fail", bad[i]);
    expect(write(bad[i], buf, 1) == -1, "write(%d) did not fail", bad[i]);
    expect(fstat(bad[i], &st) == -1, "fstat(%d) did not fail", bad[i]);
  }
  mkpipe(fds);
  expect(fstat(fds[0], &st) == -1, "fstat of a pipe did not fail");
  expect(read(fds[1], buf, 1) == -1, "read of a pipe's write end");
  expect(write(fds[0], buf, 1) == -1, "write of a pipe's read end");
  close(fds[0]);
  close(fds[1]);
}

// A process has NOFILE descriptors; past that dup, open and pipe fail,
// and a pipe that finds room for one end only gives it all back.
static void
fdlimit(void)
{
  int fd, n, fds[2] = { -1, -1 }, before = freepages(), last = -1;

  for(n = 0; (fd = dup(0)) >= 0; n++)
    last = fd;
  expect(last == NOFILE - 1, "dup stopped at fd %d, NOFILE is %d", last, NOFILE);
  expect(open("/", O_RDONLY) == -1, "open with no free fd");
  expect(pipe(fds) == -1, "pipe with no free fd");
  close(last);
  expect(pipe(fds) == -1, "pipe with one free fd");
  expect(dup(0) == last, "the failed pipe kept fd %d", last);
  close(last);
  close(last - 1);
  expect(pipe(fds) == 0, "pipe with two free fds failed");
  close(fds[0]);
  close(fds[1]);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// filetable and inodetable fill a kernel table with the files held open
// by "holder" children.  The files are named ht-00, ht-01, ...
static int reportfd;      // where holders report
static int holdsame;      // every holder opens ht-00 over and over
static int holdfiles;     // how many ht- files exist

static void
holdname(char *name, int i)
{
  strcpy(name, "ht-00");
  name[3] = '0' + i / 10 % 10;
  name[4] = '0' + i % 10;
}

// Open ht-(first), ht-(first+1), ... (or ht-00 again and again) until
// open fails, and report whether that was a full kernel table: a file
// that exists could not be opened although a descriptor was free.  Then
// hold the files until the test closes hold.
static void
holder(int first)
{
  char name[8], full;
  int n, fd, i;

  for(n = 0; ; n++){
    i = holdsame ? 0 : first + n;
    holdname(name, i);
    if(i >= holdfiles || open(name, O_RDONLY) < 0)
      break;
  }
  full = i < holdfiles && (fd = dup(0)) >= 0;
  if(full)
    close(fd);
  write(reportfd, &full, 1);
  blockon(hold[0]);
}

static void
makeholdfiles(int n)
{
  char name[8];
  int i;

  expect(n <= 100, "fix the test: %d ht- files need 3 digits", n);
  holdfiles = n;
  for(i = 0; i < n; i++){
    holdname(name, i);
    writefile(name, "h", 1);
  }
}

static void
unlinkholdfiles(void)
{
  char name[8];
  int i;

  for(i = 0; i < holdfiles; i++){
    holdname(name, i);
    unlink(name);
  }
}

static int report[2];   // holders to filluptable

// Start holders, the k-th opening files from ht-(k*stride) on, until one
// reports a full kernel table.  Returns how many were started.  The
// caller's pipes stay open: closing one now could free a table slot.
static int
filluptable(int stride, int maxholders)
{
  int k;
  char full = 0;

  mkpipe(report);
  mkpipe(hold);
  reportfd = report[1];
  for(k = 0; k < maxholders && !full; k++){
    if(fork() == 0){
      close(hold[1]);
      close(report[0]);
      holder(k * stride);
      exit(0);
    }
    expect(read(report[0], &full, 1) == 1, "holder %d did not report", k);
  }
  expect(full, "%d holders did not fill the table", k);
  return k;
}

// Release n holders, reap them, and close filluptable's pipes.
static void
releaseholders(int n)
{
  close(hold[1]);
  while(n-- > 0)
    expect(wait(0) > 0, "a holder was lost");
  close(hold[0]);
  close(report[0]);
  close(report[1]);
}

// The system-wide file table (NFILE) runs out cleanly: open and pipe
// fail while it is full and work again after.
static void
filetable(void)
{
  int fds[2], n, fd;

  makeholdfiles(1);
  holdsame = 1;
  n = filluptable(0, NFILE / 8 + 2);
  expect(open("ht-00", O_RDONLY) == -1, "open with the file table full");
  expect(pipe(fds) == -1, "pipe with the file table full");
  releaseholders(n);
  fd = open("ht-00", O_RDONLY);
  expect(fd >= 0, "open failed after the file table emptied");
  close(fd);
  unlinkholdfiles();
}

// The in-memory inode table (NINODE) runs out cleanly: what needs a new
// inode fails while it is full and works again after.  A holder has 10
// descriptors free, so it opens 10 files of its own.
static void
inodetable(void)
{
  char *argv[] = { "echo", 0 };
  int n, fd, status, stride = 10;

  makeholdfiles(NINODE + stride);
  n = filluptable(stride, holdfiles / stride);
  expect(open("it-new", O_CREATE | O_RDWR) == -1, "create with inodes full");
  expect(mkdir("it-dir") == -1, "mkdir with inodes full");
  status = execstatus("/echo", argv);
  expect(status == EXECFAILED, "exec with inodes full: status %d", status);
  releaseholders(n);
  fd = open("it-new", O_CREATE | O_RDWR);
  expect(fd >= 0, "create failed after the inode table emptied");
  close(fd);
  expect(unlink("it-new") == 0, "unlink it-new failed");
  unlinkholdfiles();
}

// ---- files ----

// Create, write, read back; reads at the end return 0; O_RDWR writes
// over the start without shortening the file.
static void
filerw(void)
{
  int fd, i;

  unlink("fr-file");
  fd = open("fr-file", O_CREATE | O_RDWR);
  expect(fd >= 0, "cannot create fr-file");
  for(i = 0; i < 5; i++){
    fillpattern(buf, i * 1000, 1000);
    expect(write(fd, buf, 1000) == 1000, "write %d failed", i);
  }
  expect(fstatok(fd).size == 5000, "size %d, expected 5000", fstatok(fd).size);
  close(fd);
  fd = open("fr-file", O_RDONLY);
  expect(read(fd, buf, sizeof(buf)) == 5000, "did not read 5000 bytes back");
  expect(checkpattern(buf, 0, 5000) < 0, "read back different data");
  expect(read(fd, buf, 10) == 0, "read at end of file did not return 0");
  close(fd);
  fd = open("fr-file", O_RDWR);
  expect(write(fd, "XY", 2) == 2, "overwrite failed");
  close(fd);
  fd = open("fr-file", O_RDONLY);
  expect(read(fd, buf, sizeof(buf)) == 5000, "overwrite changed the size");
  expect(buf[0] == 'X' && buf[1] == 'Y' && checkpattern(buf + 2, 2, 4998) < 0,
         "overwrite wrote the wrong bytes");
  close(fd);
  expect(unlink("fr-file") == 0, "unlink failed");
}

// What each open mode allows, O_TRUNC, and O_CREATE of an existing file.
static void
filemodes(void)
{
  int fd;

  unlink("fm-file");
  expect(open("fm-file", O_RDONLY) == -1, "open of a missing file");
  writefile("fm-file", "hello", 5);
  fd = open("fm-file", O_RDONLY);
  expect(write(fd, "x", 1) == -1, "write to an O_RDONLY fd");
  close(fd);
  fd = open("fm-file", O_WRONLY);
  expect(read(fd, buf, 5) == -1, "read from an O_WRONLY fd");
  close(fd);
  fd = open("fm-file", O_CREATE | O_RDWR);
  expect(read(fd, buf, 10) == 5, "O_CREATE of an existing file changed it");
  close(fd);
  fd = open("fm-file", O_TRUNC | O_RDWR);
  expect(fd >= 0 && fstatok(fd).size == 0, "O_TRUNC left data");
  expect(read(fd, buf, 10) == 0, "read after O_TRUNC found data");
  expect(write(fd, "ab", 2) == 2, "write after O_TRUNC failed");
  close(fd);
  expect(statok("fm-file").size == 2, "size after O_TRUNC and write");
  unlink("fm-file");
}

// sysinfo counts the open-file entries and referenced inodes: an open
// adds one of each, a pipe two files and no inode, and close gives them
// back.  The leak checks of the test harness rest on these counts.
static void
sysinfocounts(void)
{
  struct sysinfo a, b, c;
  int fd, p[2];

  unlink("sicount");
  expect(sysinfo(&a) == 0, "sysinfo failed");
  expect((fd = open("sicount", O_CREATE | O_RDWR)) >= 0, "create failed");
  expect(sysinfo(&b) == 0, "sysinfo failed");
  expect(b.nfiles == a.nfiles + 1 && b.ninodes == a.ninodes + 1,
         "open: files %d -> %d, inodes %d -> %d",
         a.nfiles, b.nfiles, a.ninodes, b.ninodes);
  expect(pipe(p) == 0, "pipe failed");
  expect(sysinfo(&c) == 0, "sysinfo failed");
  expect(c.nfiles == b.nfiles + 2 && c.ninodes == b.ninodes,
         "pipe: files %d -> %d, inodes %d -> %d",
         b.nfiles, c.nfiles, b.ninodes, c.ninodes);
  close(p[0]);
  close(p[1]);
  close(fd);
  unlink("sicount");
  expect(sysinfo(&c) == 0, "sysinfo failed");
  expect(c.nfiles == a.nfiles && c.ninodes == a.ninodes,
         "after close: files %d, inodes %d; before %d, %d",
         c.nfiles, c.ninodes, a.nfiles, a.ninodes);
}

// Bug truncread: after another descriptor truncated the file, read() at
// the old offset, now past the end, returned -1 instead of 0.  A write
// there is refused (zv6 files have no holes) and leaves the file alone;
// once the file grows past the offset again, both work there.
static void
truncread(void)
{
  int fd, tfd, n;

  fillpattern(buf, 0, 3000);
  writefile("tr-file", buf, 3000);
  fd = open("tr-file", O_RDWR);
  expect(read(fd, buf, 2000) == 2000, "first read failed");
  tfd = open("tr-file", O_TRUNC | O_RDWR);
  expect(tfd >= 0, "cannot truncate tr-file");
  n = read(fd, buf, 10);
  expect(n == 0, "read past the end after O_TRUNC returned %d, want 0", n);
  n = write(fd, "x", 1);
  expect(n == -1, "write past the end returned %d, want -1", n);
  expect(fstatok(fd).size == 0, "the refused write changed the size to %d",
         fstatok(fd).size);
  fillpattern(buf, 0, 2500);
  expect(write(tfd, buf, 2500) == 2500, "rewrite through the other fd failed");
  n = read(fd, buf2, sizeof(buf2));
  expect(n == 500 && checkpattern(buf2, 2000, 500) < 0,
         "read at 2000 of a 2500-byte file returned %d", n);
  expect(write(fd, "y", 1) == 1, "write at the end failed");
  expect(fstatok(fd).size == 2501, "size %d, want 2501", fstatok(fd).size);
  close(fd);
  close(tfd);
  expect(unlink("tr-file") == 0, "unlink failed");
}

// Write block i of the big file: the pattern at offset i*BSIZE.
static void
writeblocks(int fd, int from, int n)
{
  fillpattern(buf, from * BSIZE, n * BSIZE);
  expect(write(fd, buf, n * BSIZE) == n * BSIZE,
         "write of blocks %d..%d failed", from, from + n - 1);
}

// A file of MAXFILE blocks, through the indirect block: a write that
// straddles the limit is cut short there, the next fails, and every
// block reads back.
static void
bigfile(void)
{
  int fd, b, n, bad, per = sizeof(buf) / BSIZE;
  uint max = MAXFILE * BSIZE;

  unlink("bf-file");
  fd = open("bf-file", O_CREATE | O_RDWR);
  expect(fd >= 0, "cannot create bf-file");
  for(b = 0; b < MAXFILE - 1; b += n){
    n = MAXFILE - 1 - b < per ? MAXFILE - 1 - b : per;
    writeblocks(fd, b, n);
  }
  fillpattern(buf, b * BSIZE, BSIZE);
  expect(write(fd, buf, BSIZE - 10) == BSIZE - 10, "write to the last block");
  n = write(fd, buf + BSIZE - 10, 20);
  expect(n == 10, "write across MAXFILE returned %d, expected 10", n);
  expect(write(fd, buf, 1) == -1, "write past MAXFILE did not fail");
  expect(fstatok(fd).size == max, "size %d, expected %d", fstatok(fd).size, max);
  close(fd);
  fd = open("bf-file", O_RDONLY);
  for(b = 0; (n = read(fd, buf, sizeof(buf))) > 0; b += n){
    bad = checkpattern(buf, b, n);
    expect(bad < 0, "byte %d (block %d) read back wrong", b + bad,
           (b + bad) / BSIZE);
  }
  expect(b == max, "read back %d bytes of %d", b, max);
  close(fd);
  expect(unlink("bf-file") == 0, "unlink failed");
}

// An unlinked file lives on while open: readable, writable, nlink 0;
// its name is gone and can be reused for a different file.
static void
unlinkopen(void)
{
  int fd, fd2;
  struct stat st;

  writefile("uo-file", "before", 6);
  fd = open("uo-file", O_RDWR);
  expect(unlink("uo-file") == 0, "unlink of an open file failed");
  expect(open("uo-file", O_RDONLY) == -1, "the unlinked name still opens");
  st = fstatok(fd);
  expect(st.nlink == 0, "unlinked file has nlink %d", st.nlink);
  expect(read(fd, buf, 10) == 6 && strncmp(buf, "before", 6) == 0,
         "unlinked file's data is gone");
  expect(write(fd, "after", 5) == 5, "write to the unlinked file failed");
  fd2 = open("uo-file", O_CREATE | O_RDWR);
  expect(fd2 >= 0, "cannot reuse the name");
  expect(fstatok(fd2).ino != st.ino, "the new file is the unlinked one");
  expect(fstatok(fd2).size == 0, "the new file is not empty");
  expect(fstatok(fd).size == 11, "the unlinked file has size %d",
         fstatok(fd).size);
  close(fd);
  close(fd2);
  unlink("uo-file");
}

static short
nlinkof(char *path)
{
  return statok(path).nlink;
}

// link and unlink keep nlink (as fstat shows it) in step with the names.
static void
links(void)
{
  int fd;

  unlink("ln-a");
  unlink("ln-b");
  writefile("ln-a", "linked", 6);
  expect(nlinkof("ln-a") == 1, "new file has nlink %d", nlinkof("ln-a"));
  expect(link("ln-a", "ln-b") == 0, "link failed");
  expect(nlinkof("ln-a") == 2, "after link, nlink %d", nlinkof("ln-a"));
  expect(statok("ln-a").ino == statok("ln-b").ino, "the names differ");
  expect(link("ln-a", "ln-b") == -1, "link onto an existing name");
  expect(link("ln-a", "ln-none/x") == -1, "link into a missing directory");
  expect(link("ln-none", "ln-c") == -1, "link of a missing file");
  expect(link("/", "ln-c") == -1, "link of a directory");
  expect(nlinkof("ln-a") == 2, "failed links left nlink %d", nlinkof("ln-a"));
  expect(unlink("ln-a") == 0, "unlink ln-a failed");
  expect(nlinkof("ln-b") == 1, "after unlink, nlink %d", nlinkof("ln-b"));
  fd = open("ln-b", O_RDONLY);
  expect(read(fd, buf, 10) == 6 && strncmp(buf, "linked", 6) == 0,
         "data lost with the first name");
  close(fd);
  expect(unlink("ln-b") == 0, "unlink ln-b failed");
  expect(open("ln-b", O_RDONLY) == -1, "file survives its last name");
  expect(unlink("ln-b") == -1, "second unlink succeeded");
}

// mkdir, chdir, and what may not be done to directories.
static void
dirs(void)
{
  short nroot = nlinkof(".");
  int fd;

  expect(mkdir("/") == -1 && mkdir("") == -1, "mkdir of / or \"\"");
  expect(unlink("/") == -1 && unlink("") == -1, "unlink of / or \"\"");
  expect(open("", O_RDONLY) == -1 && chdir("") == -1, "open or chdir \"\"");
  expect(mkdir("dd") == 0, "mkdir dd failed");
  expect(mkdir("dd") == -1, "mkdir of an existing name");
  expect(nlinkof(".") == nroot + 1, "parent's nlink did not count ..");
  expect(statok("dd").type == T_DIR, "dd is no directory");
  expect(open("dd", O_WRONLY) == -1, "open of a directory for writing");
  expect(open("dd", O_RDWR) == -1, "open of a directory O_RDWR");
  expect(open("dd", O_CREATE | O_RDWR) == -1, "O_CREATE of a directory");
  expect(open("dd", O_TRUNC) == -1, "O_TRUNC of a directory");
  fd = open("dd", O_RDONLY);
  expect(fd >= 0 && read(fd, buf, 32) == 32, "cannot read a directory");
  expect(write(fd, "x", 1) == -1, "write to a directory");
  close(fd);
  writefile("dd/f", "in dd", 5);
  expect(mkdir("dd/f/g") == -1, "mkdir under a file");
  expect(chdir("dd/f") == -1, "chdir to a file");
  expect(chdir("dd/none") == -1, "chdir to nothing");
  expect(unlink("dd") == -1, "unlink of a non-empty directory");
  expect(chdir("dd") == 0, "chdir dd failed");
  expect(statok("f").size == 5, "dd/f not found from dd");
  expect(chdir("..") == 0, "chdir .. failed");
  expect(unlink("dd/f") == 0, "unlink dd/f failed");
  expect(unlink("dd") == 0, "unlink of the emptied directory failed");
  expect(nlinkof(".") == nroot, "parent's nlink not restored");
  expect(chdir("dd") == -1, "chdir to a removed directory");
}

// .. leads up, / is its own parent, and . and .. cannot be removed.
static void
dotdot(void)
{
  uint up;

  expect(mkdir("dt") == 0 && mkdir("dt/sub") == 0, "mkdir failed");
  up = statok("dt").ino;
  expect(chdir("dt/sub") == 0, "chdir failed");
  expect(statok("..").ino == up, ".. is not the parent");
  expect(statok("../..").ino == ROOTINO, "../.. is not /");
  expect(unlink(".") == -1, "unlink . succeeded");
  expect(unlink("..") == -1, "unlink .. succeeded");
  expect(unlink("../sub/.") == -1, "unlink sub/. succeeded");
  expect(chdir("/..") == 0 && statok(".").ino == ROOTINO, "/.. is not /");
  expect(statok("/dt/sub/../..").ino == ROOTINO, "/dt/sub/../.. is not /");
  expect(unlink("dt/sub") == 0 && unlink("dt") == 0, "cleanup failed");
}

// A file or directory created in a directory that has been removed
// (here: the cwd) is named by nothing yet keeps a link, so its inode and
// blocks can never be freed.  Creating there must fail.
static void
rmcwd(void)
{
  int fd, made;
  short nlink = 0;

  expect(mkdir("rc-dir") == 0, "mkdir failed");
  expect(chdir("rc-dir") == 0, "chdir failed");
  if(unlink("../rc-dir") < 0)
    return;            // refusing to remove a cwd is fine too
  fd = open("f", O_CREATE | O_RDWR);
  made = mkdir("sub") == 0;
  expect(chdir("/") == 0, "chdir / failed");   // drops the directory
  if(fd >= 0)
    nlink = fstatok(fd).nlink;
  expect(fd < 0 || nlink == 0, "a file created in a removed directory has "
         "nlink %d and no name: its inode leaks", nlink);
  expect(!made, "mkdir inside a removed directory succeeded");
}

// Names of DIRSIZ bytes work; longer ones are refused, not truncated.
static void
longname(void)
{
  char *max = "abcdefghijklmn";       // DIRSIZ (14) bytes
  char *over = "abcdefghijklmno";
  int fd;

  expect(strlen(max) == DIRSIZ, "fix the test: DIRSIZ is %d", DIRSIZ);
  unlink(max);
  writefile(max, "m", 1);
  expect(statok(max).size == 1, "the DIRSIZ name does not stat");
  expect(open(over, O_RDONLY) == -1, "a longer name found the DIRSIZ one");
  expect(open(over, O_CREATE | O_RDWR) == -1, "create of a too-long name");
  expect(mkdir(over) == -1, "mkdir of a too-long name");
  expect(link(max, over) == -1, "link to a too-long name");
  expect(open("abcdefghijklmnopqrstuvwxyz/x", O_CREATE | O_RDWR) == -1,
         "create under a too-long directory name");
  fd = open("/abcdefghijklmn", O_RDONLY);
  expect(fd >= 0, "open by absolute path failed");
  close(fd);
  unlink(max);
}

// Paths up to MAXPATH-1 bytes are taken, longer ones refused.
static void
maxpath(void)
{
  char *p = buf;
  int fd;

  writefile("mp", "p", 1);
  *p++ = '/';
  while(p - buf < MAXPATH - 3){     // "/././..././mp"
    memmove(p, "./", 2);
    p += 2;
  }
  strcpy(p, "mp");
  expect(strlen(buf) == MAXPATH - 1, "fix the test: length %d", strlen(buf));
  fd = open(buf, O_RDONLY);
  expect(fd >= 0, "open of a %d-byte path failed", MAXPATH - 1);
  close(fd);
  memmove(buf + 2, buf, MAXPATH);   // "/." + "/./..././mp": 2 bytes more
  expect(open(buf, O_RDONLY) == -1, "open of a %d-byte path", strlen(buf));
  expect(unlink(buf) == -1, "unlink of a %d-byte path", strlen(buf));
  expect(unlink("mp") == 0, "unlink mp failed");
}

// mknod makes a device node; one with no driver cannot be read or
// written; majors outside the device table are refused.
static void
mknodtest(void)
{
  int fd;

  unlink("mk-dev");
  expect(mknod("mk-dev", NDEV - 1, 3) == 0, "mknod failed");
  expect(mknod("mk-dev", NDEV - 1, 3) == -1, "mknod of an existing name");
  expect(mknod("mk-big", NDEV, 0) == -1, "mknod with major NDEV");
  expect(mknod("mk-neg", -1, 0) == -1, "mknod with major -1");
  expect(statok("mk-dev").type == T_DEV, "mk-dev is no device");
  fd = open("mk-dev", O_RDWR);
  expect(fd >= 0, "cannot open mk-dev");
  expect(read(fd, buf, 1) == -1, "read of a device with no driver");
  expect(write(fd, buf, 1) == -1, "write of a device with no driver");
  close(fd);
  expect(unlink("mk-dev") == 0, "unlink failed");
}

static void
dentname(char *name, int i)
{
  strcpy(name, "bd/f00");
  name[4] = '0' + i / 10;
  name[5] = '0' + i % 10;
}

// A directory grows past one block of entries and shrinks back, and its
// freed slots are reused.
static void
bigdir(void)
{
  int i, n = BSIZE / sizeof(struct dirent) + 8;
  char name[8];

  expect(mkdir("bd") == 0, "mkdir failed");
  for(i = 0; i < n; i++){
    dentname(name, i);
    writefile(name, "", 0);
  }
  expect(statok("bd").size == (n + 2) * sizeof(struct dirent),
         "directory of %d entries has size %d", n + 2, statok("bd").size);
  for(i = 0; i < n; i++){
    dentname(name, i);
    expect(statok(name).type == T_FILE, "%s is gone", name);
    expect(unlink(name) == 0, "unlink %s failed", name);
  }
  writefile("bd/again", "", 0);
  expect(statok("bd").size == (n + 2) * sizeof(struct dirent),
         "a freed slot was not reused");
  expect(unlink("bd/again") == 0 && unlink("bd") == 0, "cleanup failed");
}

static void
churnfile(int k)
{
  char name[8] = "cf-0";
  int round, fd, i;

  name[3] = '0' + k;
  for(round = 0; round < 3; round++){
    fd = open(name, O_CREATE | O_TRUNC | O_RDWR);
    expect(fd >= 0, "%s: create failed", name);
    for(i = 0; i < 10; i++){
      fillpattern(buf, k * 7 + i * 1000, 1000);
      expect(write(fd, buf, 1000) == 1000, "%s: write failed", name);
    }
    close(fd);
    fd = open(name, O_RDONLY);
    for(i = 0; i < 10; i++){
      expect(read(fd, buf, 1000) == 1000, "%s: short read", name);
      expect(checkpattern(buf, k * 7 + i * 1000, 1000) < 0,
             "%s: read back wrong data", name);
    }
    close(fd);
    expect(unlink(name) == 0, "%s: unlink failed", name);
  }
}

static void
churnnames(int k)
{
  char name[8] = "cn-0";
  int i, fd;

  for(i = 0; i < 40; i++){
    name[3] = '0' + (i + k) % 8;
    if(i % 3 == 0){
      unlink(name);
    } else if((fd = open(name, O_CREATE | O_RDWR)) >= 0){
      write(fd, name, 4);
      close(fd);
    }
  }
}

static int recordfd;   // sharedfd's file, shared by its writers

static void
appendrecords(int k)
{
  char rec[10];
  int i;

  memset(rec, 'a' + k, 9);
  rec[9] = '\n';
  for(i = 0; i < 50; i++)
    expect(write(recordfd, rec, 10) == 10, "write %d failed", i);
}

// Processes writing one shared descriptor at once share its offset:
// no record lands on another.
static void
sharedfd(void)
{
  int i, count[4] = { 0, 0, 0, 0 }, fd, n, status;

  unlink("sf-file");
  recordfd = open("sf-file", O_CREATE | O_RDWR);
  expect(recordfd >= 0, "cannot create sf-file");
  for(i = 0; i < 4; i++)
    spawn(appendrecords, i);
  for(i = 0; i < 4; i++)
    expect(wait(&status) > 0 && status == 0, "a writer exited %d", status);
  close(recordfd);
  fd = open("sf-file", O_RDONLY);
  while((n = read(fd, buf, 10)) == 10){
    expect(buf[0] >= 'a' && buf[0] < 'a' + 4 && buf[9] == '\n' &&
           buf[8] == buf[0], "a record was overwritten");
    count[buf[0] - 'a']++;
  }
  close(fd);
  for(i = 0; i < 4; i++)
    expect(count[i] == 50, "writer %d: %d records of 50", i, count[i]);
  unlink("sf-file");
}

// Processes writing files at once, and creating and removing the same
// names in one directory at once, all succeed and leave it consistent.
static void
concfiles(void)
{
  char name[8] = "cn-0";
  int i, status;

  for(i = 0; i < 4; i++)
    spawn(churnfile, i);
  for(i = 0; i < 4; i++)
    spawn(churnnames, i);
  for(i = 0; i < 8; i++)
    expect(wait(&status) > 0 && status == 0, "a worker exited %d", status);
  for(i = 0; i < 8; i++){
    name[3] = '0' + i;
    unlink(name);
    expect(open(name, O_RDONLY) == -1, "%s survived its unlink", name);
  }
}

// ---- memory ----

// Align the break to a page, so growth and shrinkage are whole pages.
static char *
alignbreak(void)
{
  uint sz = (uint)sbrk(0);

  expect(sbrk(PGROUNDUP(sz) - sz) != (char *)-1, "sbrk to align failed");
  return sbrk(0);
}

// sbrk hands out zeroed, writable memory and moves the break exactly;
// a page costs memory only once it is touched.
static void
sbrkgrow(void)
{
  int n = 20, i, before;
  char *old = alignbreak(), *p;

  before = freepages();
  p = sbrk(n * PGSIZE);
  expect(p == old, "sbrk returned %p, the break was %p", p, old);
  expect(sbrk(0) == old + n * PGSIZE, "the break did not move by %d", n * PGSIZE);
  expect(freepages() == before, "untouched, %d pages cost %d",
         n, before - freepages());
  for(i = 0; i < n * PGSIZE; i++)
    expect(p[i] == 0, "new memory at +%d is not zero", i);
  expect(before - freepages() >= n, "touched, %d pages cost only %d",
         n, before - freepages());
  fillpattern(p, 0, n * PGSIZE);
  expect(checkpattern(p, 0, n * PGSIZE) < 0, "memory did not hold data");
  p = sbrk(1);
  expect(p == old + n * PGSIZE && sbrk(0) == p + 1, "sbrk(1) misplaced");
  p[0] = 'x';
}

// Shrinking gives the pages back; growing again brings zeroed ones.
static void
sbrkshrink(void)
{
  int n = 10, f1;
  char *old = alignbreak(), *p;

  p = sbrk(n * PGSIZE);
  memset(p, 'z', n * PGSIZE);
  f1 = freepages();
  expect(sbrk(-n * PGSIZE) == old + n * PGSIZE, "shrink returned the wrong end");
  expect(sbrk(0) == old, "the break did not come back");
  expect(freepages() - f1 == n, "shrink freed %d pages, not %d",
         freepages() - f1, n);
  p = sbrk(n * PGSIZE);
  expect(p == old && p[0] == 0 && p[n * PGSIZE - 1] == 0,
         "regrown memory is not zero");
}

static void
touchfreed(int addr)
{
  volatile char *p = (char *)addr;

  p[0] = 1;
  fail("wrote freed memory at %p", p);
}

// Memory given back with sbrk is gone: system calls refuse it, and
// touching it kills the process.
static void
sbrkfreed(void)
{
  char *p = alignbreak();
  int status, fds[2];

  expect(sbrk(PGSIZE) == p, "sbrk failed");
  p[0] = 1;
  sbrk(-PGSIZE);
  mkpipe(fds);
  write(fds[1], "abcd", 4);
  expect(read(fds[0], p, 4) == -1, "read into freed memory");
  expect(write(fds[1], p, 4) == -1, "write from freed memory");
  status = inchild(touchfreed, (int)p);
  expect(status == -1, "touching freed memory: status %d", status);
}

static void
shrinktonothing(int unused)
{
  sbrk(-(int)sbrk(0));
  exit(0);   // unreachable: there is no code left to run
}

// A process that gives back all its memory, code included, just dies.
static void
sbrkall(void)
{
  int status = inchild(shrinktonothing, 0);

  expect(status == -1, "a process with no memory exited %d", status);
}

// Reserve more than all free memory, then touch all of it.  Exits 0 if
// there is more RAM than address space (nothing to run out of).
static void
sbrktoomuch(int unused)
{
  char *brk = alignbreak();
  uint want = (freepages() + 64) * PGSIZE, i;

  if(want > SHMBASE - (uint)brk)
    exit(0);
  expect(sbrk(want) == brk, "sbrk of address space failed");
  for(i = 0; i < want; i += PGSIZE)
    brk[i] = 1;
  fail("touched %d pages with fewer free", want / PGSIZE);
}

// sbrk reserves address space: asking for more than all free memory
// succeeds, and touching it all kills that process alone, when memory
// runs out, with every page given back.
static void
sbrkoom(void)
{
  int before = freepages(), status = inchild(sbrktoomuch, 0);

  expect(status == -1, "the process that ran out of memory exited %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// Write every page of the n at p (the copy-on-write copies are made).
static void
dirtyall(char *p, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 2;
}

// Fill 3/5 of free memory, then fork: the child shares it all until it
// writes, and writing it all runs out of memory.
static void
forkhalf(int unused)
{
  char *brk = alignbreak();
  int n = freepages() * 3 / 5, pid, i, status, free;

  expect(sbrk(n * PGSIZE) == brk, "sbrk of %d pages failed", n);
  for(i = 0; i < n; i++)
    brk[i * PGSIZE] = 1;
  free = freepages();
  if((pid = fork()) == 0){
    dirtyall(brk, n);
    exit(0);
  }
  expect(pid > 0 || freepages() == free, "a failed fork lost pages");
  if(pid > 0){
    status = reap(pid);
    expect(status == -1, "the child that copied too much exited %d", status);
  }
  for(i = 0; i < n; i++)
    expect(brk[i * PGSIZE] == 1, "page %d changed under the parent", i);
  expect(freepages() == free, "%d pages lost", free - freepages());
}

// fork with memory nearly exhausted succeeds (it copies nothing) or fails
// cleanly; a child that then writes more than memory holds dies alone,
// and the parent's memory is untouched.
static void
forkoom(void)
{
  int status = inchild(forkhalf, 0);

  expect(status == 0, "child exited %d", status);
}

// sbrk refuses to reach the zone area or to shrink below nothing, and
// changes nothing when it refuses.
static void
sbrklimit(void)
{
  char *brk = sbrk(0);

  expect(sbrk(0x70000000) == (char *)-1, "sbrk(0x70000000) succeeded");
  expect(sbrk(SHMBASE - (uint)brk + 1) == (char *)-1, "sbrk past SHMBASE");
  expect(sbrk(0x7FFFFFFF) == (char *)-1, "sbrk(0x7FFFFFFF) succeeded");
  expect(sbrk(-(int)brk - 1) == (char *)-1, "sbrk below 0 succeeded");
  expect(sbrk(-0x7FFFFFFF - 1) == (char *)-1, "sbrk(INT_MIN) succeeded");
  expect(sbrk(0) == brk, "refused sbrks moved the break");
}

static void
pokeguard(int store)
{
  volatile char *g = (char *)guardpage;
  int got = 0;

  if(store)
    g[PGSIZE - 1] = 1;   // the byte just below the stack
  else
    got = g[0];
  fail("%s the guard page at %p (%d)", store ? "wrote" : "read", g, got);
}

// depth frames of 256 bytes and more.  The volatile frame keeps the
// compiler from turning it into a loop.
static int
recurse(int depth)
{
  volatile char frame[256];

  frame[0] = depth;
  if(depth == 0)
    return frame[0];
  return recurse(depth - 1) + frame[0];
}

static void
overflow(int depth)
{
  recurse(depth);
  fail("recursed %d deep on a stack of at most %d bytes", depth, USTACKMAX);
}

// The gap below the stack is never mapped: writing, reading, or running
// into it from the stack kills the process.  Its place is the one exec
// promises: right above the program, right below the stack's limit.
static void
stackguard(void)
{
  extern char end[];
  uint sp = (uint)&sp;
  int status;

  expect(guardpage + PGSIZE - USTACKGAP == PGROUNDUP((uint)end),
         "gap at %p, program ends %p", guardpage + PGSIZE - USTACKGAP, end);
  expect(sp >= guardpage + PGSIZE && sp < guardpage + PGSIZE + USTACKMAX,
         "stack at %p, gap below %p", sp, guardpage + PGSIZE);
  status = inchild(pokeguard, 1);
  expect(status == -1, "writing the gap: status %d", status);
  status = inchild(pokeguard, 0);
  expect(status == -1, "reading the gap: status %d", status);
  status = inchild(overflow, 2 * USTACKMAX / 256);
  expect(status == -1, "stack overflow: status %d", status);
}

static void
deepstack(int depth)
{
  expect(recurse(depth) != 0 || depth == 0, "recursion came back wrong");
}

// stackgrow: the stack grows on demand, a page at its first touch, to
// half its limit here; the pages come back at exit.
static void
stackgrow(void)
{
  int before = freepages(), status;

  status = inchild(deepstack, USTACKMAX / 2 / 256);
  expect(status == 0, "recursing over half the stack's limit: status %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// Run one instruction user code may not run (or that faults); the
// process must be killed before it gets past it.
static void
forbidden(int which)
{
  volatile int zero = 0, r = 1;

  switch(which){
  case 0: asm volatile("cli"); break;
  case 1: asm volatile("hlt"); break;
  case 2: asm volatile("outb %%al, %%dx" : : "a"(0), "d"(0xF4)); break;
  case 3: asm volatile("inb %%dx, %%al" : "=a"(r) : "d"(0x1F7)); break;
  case 4: asm volatile("int $32"); break;       // the timer's vector
  case 5: asm volatile("int $14"); break;       // the page fault's
  case 6: asm volatile("ud2"); break;
  case 7: r = r / zero; break;
  case 8: asm volatile("lidt (%0)" : : "r"(0)); break;
  case 9: asm volatile("movl %%cr3, %0" : "=r"(r)); break;
  }
  fail("instruction %d did not kill the process (r %d)", which, r);
}

// Privileged instructions, I/O ports (0xF4 would power off QEMU), other
// vectors than the system call's, and faults kill a process: status -1.
static void
privileged(void)
{
  int i, status;

  for(i = 0; i < 10; i++){
    status = inchild(forbidden, i);
    expect(status == -1, "instruction %d: status %d", i, status);
  }
}

// ---- CPU state: what user code leaves in the CPU ----

// A system call made by hand, for code that must not call C: argument
// words are pushed the way a C caller would, above a dummy return address.
#define SYSCALL3(num, a, b, c, ret) \
  asm volatile("pushl %4; pushl %3; pushl %2; pushl $0; int $64; addl $16, %%esp" \
               : "=a"(ret) : "a"(num), "r"(a), "r"(b), "r"(c) : "memory", "cc")

// With the direction flag set, make system calls that copy memory and
// stay long enough to be preempted.  The kernel must clear the flag on
// entry: its copy loops assume it clear, and the machine used to reset.
// Only hand-written code runs while the flag is set: C assumes it clear.
static char dfmsg[] = "sent with the direction flag set";

static void
dfchild(int wfd)
{
  int r, start, now, n = sizeof(dfmsg);
  char *msg = dfmsg;

  asm volatile("std");
  SYSCALL3(SYS_uptime, 0, 0, 0, start);
  do {
    SYSCALL3(SYS_write, wfd, msg, n, r);
    SYSCALL3(SYS_uptime, 0, 0, 0, now);
  } while(r == n && now - start < 3);
  asm volatile("cld");
  expect(r == n, "write with DF set returned %d", r);
}

// dirflag: the kernel clears the direction flag on every entry.
static void
dirflag(void)
{
  int fds[2], pid, n, i, total = 0;

  mkpipe(fds);
  if((pid = fork()) == 0){
    close(fds[0]);
    dfchild(fds[1]);
    exit(0);
  }
  expect(pid > 0, "fork failed");
  close(fds[1]);
  while((n = read(fds[0], buf, sizeof(buf))) > 0){
    for(i = 0; i < n; i++, total++)
      expect(buf[i] == dfmsg[total % sizeof(dfmsg)], "byte %d is %x", total, buf[i]);
  }
  close(fds[0]);
  expect(reap(pid) == 0, "the child with DF set failed");
  expect(total > 0 && total % sizeof(dfmsg) == 0, "%d bytes arrived", total);
}

// The x87 and SSE controls and one register of each, as a process sees
// them.
struct fpregs {
  ushort fcw;
  uint mxcsr;
  uint xmm0;
  int st0;
};

static void
fpuset(struct fpregs *r)
{
  asm volatile("fninit; fldcw %0" : : "m"(r->fcw));
  asm volatile("ldmxcsr %0" : : "m"(r->mxcsr));
  asm volatile("movd %0, %%xmm0" : : "r"(r->xmm0));
  asm volatile("fildl %0" : : "m"(r->st0));
}

// Read the registers fpuset sets, leaving st0 in place.
static void
fpuget(struct fpregs *r)
{
  asm volatile("fnstcw %0" : "=m"(r->fcw));
  asm volatile("stmxcsr %0" : "=m"(r->mxcsr));
  asm volatile("movd %%xmm0, %0" : "=r"(r->xmm0));
  asm volatile("fistl %0" : "=m"(r->st0));
}

// Distinct, valid register contents for process k: rounding modes and
// precision differ, and the values carry k.
static void
fpupattern(int k, struct fpregs *r)
{
  r->fcw = 0x007F | (k % 4) << 10 | (k % 3) << 8;
  r->mxcsr = 0x1F80 | (k % 4) << 13;
  r->xmm0 = 0xF0F00000 + k;
  r->st0 = 1000 + k;
}

static void
fpuexpect(struct fpregs *got, struct fpregs *want, char *when)
{
  expect(got->fcw == want->fcw && got->mxcsr == want->mxcsr &&
         got->xmm0 == want->xmm0 && got->st0 == want->st0,
         "%s: fcw %x mxcsr %x xmm0 %x st0 %d, want %x %x %x %d", when,
         got->fcw, got->mxcsr, got->xmm0, got->st0,
         want->fcw, want->mxcsr, want->xmm0, want->st0);
}

// Set this process's pattern, then sleep and spin so other processes run
// on this CPU in between, and check it every time.
static void
fpukeeper(int k)
{
  struct fpregs want, got;
  int i;

  fpupattern(k, &want);
  fpuset(&want);
  for(i = 0; i < 20; i++){
    sleep(1);
    fpuget(&got);
    fpuexpect(&got, &want, "after sleep");
  }
}

// fpuprivate: every process has its own x87/SSE registers; they used to
// be shared by all, so one program's rounding mode leaked into another's.
static void
fpuprivate(void)
{
  int i, pid, status;

  for(i = 0; i < 6; i++)
    spawn(fpukeeper, i + 1);
  for(i = 0; i < 6; i++){
    pid = wait(&status);
    expect(pid > 0 && status == 0, "process %d lost its FPU registers (status %d)",
           pid, status);
  }
}

// The program at the other end of fpuexec: a new program starts with the
// registers of a CPU fresh from reset.  Exits 0 if it did.
static int
fpucleancheck(void)
{
  struct fpregs got, want = { 0x037F, 0x1F80, 0, 0 };

  fpuget(&got);
  return got.fcw == want.fcw && got.mxcsr == want.mxcsr && got.xmm0 == 0 ? 0 : 1;
}

static void
fpuforked(int k)
{
  struct fpregs want, got;

  fpupattern(k, &want);
  fpuget(&got);
  fpuexpect(&got, &want, "in the forked child");
}

// fpuinherit: fork copies the FPU registers; exec starts clean.
static void
fpuinherit(void)
{
  char *argv[] = { "usertests", FPUCHECK, 0 };
  struct fpregs mine;
  int status;

  fpupattern(5, &mine);
  fpuset(&mine);
  status = inchild(fpuforked, 5);
  expect(status == 0, "the forked child saw other registers");
  status = execstatus("/usertests", argv);
  expect(status == 0, "exec did not start with clean FPU registers (%d)", status);
}

static void
writetext(int unused)
{
  *(volatile char *)fpuinherit = 0xCC;
  fail("a store into the program's text went through");
}

// textro: program text is mapped read-only; it used to be writable, so
// a stray store rewrote the code.  The kernel refuses to write it too.
static void
textro(void)
{
  char *text = (char *)textro;
  int fds[2], status;

  memmove(buf2, text, 16);   // still readable
  status = inchild(writetext, 0);
  expect(status == -1, "store into text: status %d", status);
  mkpipe(fds);
  expect(write(fds[1], "xy", 2) == 2, "pipe write failed");
  expect(read(fds[0], text, 2) == -1, "read() into text succeeded");
  close(fds[0]);
  close(fds[1]);
  expect(memcmp(buf2, text, 16) == 0, "the text changed");
}

// Below the guard page lie the program's data and text.
static char clashvictim[2 * PGSIZE];

static void
bigframe(int unused)
{
  uint sp, n;

  asm volatile("movl %%esp, %0" : "=r"(sp));
  n = sp - (uint)&clashvictim[PGSIZE];
  {
    volatile char frame[n];   // reaches from the stack into the data
    frame[0] = 1;
    expect(frame[0] == 1, "the frame's lowest byte did not hold");
  }
  fail("a %d-byte frame stepped over the guard page", n);
}

// stackclash: a frame larger than the guard page cannot jump over it
// (every page of a large frame is probed on the way down); it used to
// land in the program's own data with no fault.
static void
stackclash(void)
{
  int status = inchild(bigframe, 0);

  expect(status == -1, "big frame: status %d", status);
  expect(clashvictim[0] == 0 && clashvictim[PGSIZE] == 0, "data was written");
}

// ---- bad pointers ----

// read and write refuse buffers the caller may not use: kernel, wrapping,
// unmapped, guard, partly mapped, and too long; pipes and files lose no
// data and no offset to the refused calls.
static void
badbuf(void)
{
  uint bad[8];
  int i, n = badaddrs(bad), fd, fds[2];
  char *top = unterminated(8);   // 8 bytes before the end of memory

  writefile("bb-file", "0123456789", 10);
  fd = open("bb-file", O_RDWR);
  mkpipe(fds);
  expect(write(fds[1], "abc", 3) == 3, "pipe write failed");
  for(i = 0; i < n; i++){
    expect(read(fd, (char *)bad[i], 16) == -1, "file read into %p", bad[i]);
    expect(write(fd, (char *)bad[i], 16) == -1, "file write from %p", bad[i]);
    expect(read(fds[0], (char *)bad[i], 3) == -1, "pipe read into %p", bad[i]);
    expect(write(fds[1], (char *)bad[i], 16) == -1, "pipe write from %p", bad[i]);
    expect(write(1, (char *)bad[i], 16) == -1, "console write from %p", bad[i]);
  }
  expect(read(fd, (char *)0xFFFFF000, 0x2000) == -1, "read of a wrapping range");
  expect(read(fd, top, 16) == -1, "read past the end of memory");
  expect(write(fd, top, 16) == -1, "write from past the end of memory");
  expect(read(fd, buf, -1) == -1, "read of -1 bytes");
  expect(write(fd, buf, -1) == -1, "write of -1 bytes");
  expect(read(fd, buf, 0x7FFFFFFF) == -1, "read of 0x7FFFFFFF bytes");
  expect(read(fd, top, 8) == 8 && strncmp(top, "01234567", 8) == 0,
         "refused reads moved the file offset");
  expect(read(fds[0], buf, 3) == 3 && strncmp(buf, "abc", 3) == 0,
         "refused reads ate pipe data");
  close(fd);
  close(fds[0]);
  close(fds[1]);
  unlink("bb-file");
}

// fstat, pipe, sysinfo and shminfo refuse bad places to put results,
// and a refused pipe takes no descriptors.
static void
badresult(void)
{
  uint bad[8];
  int i, n = badaddrs(bad), fd = open("/", O_RDONLY), next, free;
  char *top = unterminated(8);

  expect(fd >= 0, "cannot open /");
  free = dup(0);    // the lowest free descriptor
  close(free);
  for(i = 0; i < n; i++){
    expect(fstat(fd, (struct stat *)bad[i]) == -1, "fstat into %p", bad[i]);
    expect(pipe((int *)bad[i]) == -1, "pipe into %p", bad[i]);
    expect(sysinfo((struct sysinfo *)bad[i]) == -1, "sysinfo into %p", bad[i]);
    expect(shminfo(0, (struct shminfo *)bad[i]) == -1, "shminfo into %p",
           bad[i]);
  }
  expect(fstat(fd, (struct stat *)top) == -1, "fstat past the end of memory");
  expect(pipe((int *)(top + 4)) == -1, "pipe past the end of memory");
  next = dup(0);
  expect(next == free, "refused pipes took descriptors (fd %d, not %d free)",
         free, next);
  close(next);
  close(fd);
}

// procinfo refuses bad places for its snapshot and a negative count; a
// good buffer gets at most the count asked for, this process among them,
// running on a CPU.
static void
badprocinfo(void)
{
  static struct procinfo pi[NPROC];
  uint bad[8];
  int i, n = badaddrs(bad), pid = getpid();
  char *top = unterminated(8);

  for(i = 0; i < n; i++)
    expect(procinfo((struct procinfo *)bad[i], 1) == -1, "procinfo into %p",
           bad[i]);
  expect(procinfo((struct procinfo *)top, 1) == -1,
         "procinfo past the end of memory");
  expect(procinfo(pi, -1) == -1, "procinfo of -1 entries");
  expect((n = procinfo(pi, 1)) == 1, "procinfo(pi, 1) gave %d", n);
  n = procinfo(pi, NPROC);
  for(i = 0; i < n && pi[i].pid != pid; i++)
    ;
  expect(i < n, "pid %d not among the %d procinfo gave", pid, n);
  expect(strcmp(pi[i].state, "run") == 0 && pi[i].cpu >= 0,
         "this process is %s on cpu %d", pi[i].state, pi[i].cpu);
  expect(strcmp(pi[i].name, "usertests") == 0, "named %s", pi[i].name);
}

// wait refuses a bad status pointer before it reaps anything: the child
// is still there for a proper wait, with its status.
static void
badwait(void)
{
  uint bad[8];
  int i, n = badaddrs(bad), pid = spawn(exitwith, 5), status;

  for(i = 0; i < n; i++)
    expect(wait((int *)bad[i]) == -1, "wait into %p", bad[i]);
  expect(wait((int *)(unterminated(2))) == -1, "wait past the end of memory");
  expect(wait(&status) == pid, "the child was reaped by a refused wait");
  expect(status == 5, "child's status %d, expected 5", status);
}

// Every system call that takes a path refuses bad path pointers.
static void
pathcalls(char *p, char *what)
{
  char *argv[] = { "x", 0 };

  expect(open(p, O_RDONLY) == -1, "open of %s", what);
  expect(open(p, O_CREATE | O_RDWR) == -1, "create of %s", what);
  expect(mkdir(p) == -1, "mkdir of %s", what);
  expect(chdir(p) == -1, "chdir to %s", what);
  expect(unlink(p) == -1, "unlink of %s", what);
  expect(mknod(p, NDEV - 1, 0) == -1, "mknod of %s", what);
  expect(link("bp-file", p) == -1, "link to %s", what);
  expect(link(p, "bp-new") == -1, "link from %s", what);
  expect(exec(p, argv) == -1, "exec of %s", what);
}

static void
badpath(void)
{
  uint bad[8];
  int i, n = badaddrs(bad);

  writefile("bp-file", "", 0);
  for(i = 0; i < n; i++)
    pathcalls((char *)bad[i], "a bad pointer");
  pathcalls(unterminated(20), "an unterminated path");
  pathcalls(unterminated(PGSIZE), "a page-long unterminated path");
  expect(nlinkof("bp-file") == 1, "refused links changed nlink");
  expect(open("bp-new", O_RDONLY) == -1, "a refused link made a name");
  unlink("bp-file");
}

// exec refuses argv arrays that are bad, point at bad strings, or run
// off the end of memory without a terminating null.
static void
badargv(void)
{
  uint bad[8], *tail;
  int i, n = badaddrs(bad);
  char *argv[] = { "echo", 0, 0 };

  for(i = 0; i < n; i++){
    expect(execstatus("/echo", (char **)bad[i]) == EXECFAILED,
           "exec with argv at %p", bad[i]);
    argv[1] = (char *)bad[i];
    expect(execstatus("/echo", argv) == EXECFAILED,
           "exec with argv[1] at %p", bad[i]);
  }
  argv[1] = unterminated(10);
  expect(execstatus("/echo", argv) == EXECFAILED,
         "exec with an unterminated argument");
  tail = (uint *)unterminated(4 * sizeof(uint));
  for(i = 0; i < 4; i++)
    tail[i] = (uint)"x";
  expect(execstatus("/echo", (char **)tail) == EXECFAILED,
         "exec with an unterminated argv");
}

// ---- time, machine, zones ----

static void
uptimetest(void)
{
  int t0 = uptime(), t1;

  expect(t0 > 0, "uptime %d", t0);
  expect(sleep(10) == 0, "sleep(10) failed");
  t1 = uptime();
  expect(t1 - t0 >= 10, "uptime went from %d to %d over sleep(10)", t0, t1);
  expect(sleep(0) == 0, "sleep(0) failed");
  expect(sleep(-1) == -1, "sleep(-1) did not fail");
}

// Only init may power the machine off.
static void
poweroffbad(void)
{
  expect(poweroff(0) == -1, "poweroff from a plain process returned 0");
}

// kpanic from anyone but init is refused, whatever it asks for.
static void
kpanicbad(void)
{
  expect(kpanic(KPANIC_CALL) == -1, "kpanic from a plain process returned");
  expect(kpanic(KPANIC_FAULT) == -1, "kpanic fault from a plain process returned");
  expect(kpanic(-1) == -1, "kpanic(-1) from a plain process returned");
}

// A system call number outside the table, or a hole in it, is an error
// (-1), not a kill or a jump through a stray pointer.
static void
badsyscall(void)
{
  static uint nums[] = { 0, 1000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };
  int i, r;

  for(i = 0; i < sizeof(nums) / sizeof(nums[0]); i++){
    SYSCALL3(nums[i], 0, 0, 0, r);
    expect(r == -1, "system call %x returned %d", nums[i], r);
  }
}

// shmem, shmdt and shminfo refuse malformed requests and change nothing.
static void
shmbad(void)
{
  struct shminfo info;
  struct sysinfo si;
  char *no = (char *)-1;

  sysinfo(&si);
  expect(shmem(-1, M_CREATE, 1) == no, "shmem of id -1");
  expect(shmem(MAXSHM, M_CREATE, 1) == no, "shmem of id MAXSHM");
  expect(shmem(0, M_CREATE, 0) == no, "shmem of 0 pages");
  expect(shmem(0, M_CREATE, SHMPAGE + 1) == no, "shmem of SHMPAGE+1 pages");
  expect(shmem(0, M_CREATE | M_WAIT, 1) == no, "shmem M_CREATE|M_WAIT");
  expect(shmem(0, 0x100, 1) == no, "shmem with unknown flags");
  expect(shmem(0, 0, 1) == no, "shmem attach of a missing zone");
  expect(shmdt((void *)SHMBASE) == -1, "shmdt with nothing attached");
  expect(shmdt(0) == -1, "shmdt(0)");
  expect(shminfo(0, &info) == -1, "shminfo of a missing zone");
  expect(shminfo(-1, &info) == -1, "shminfo of id -1");
  expect(shminfo(MAXSHM, &info) == -1, "shminfo of id MAXSHM");
  expect(freepages() == si.freepages, "refused calls took pages");
}

// ---- the runner ----

struct test {
  char *name;
  void (*fn)(void);
};

static struct test tests[] = {
  { "forkexit", forkexit },
  { "waitnull", waitnull },
  { "waitnone", waitnone },
  { "getpid", getpidtest },
  { "forkmem", forkmem },
  { "forkfds", forkfds },
  { "manyprocs", manyprocs },
  { "forkmax", forkmax },
  { "killrun", killrun },
  { "killsleep", killsleep },
  { "killpipe", killpipe },
  { "killwait", killwait },
  { "killself", killself },
  { "killbad", killbad },
  { "orphans", orphans },
  { "killinit", killinit },
  { "execargs", execargs },
  { "execargv", execargv },
  { "execmaxarg", execmaxarg },
  { "execlongarg", execlongarg },
  { "execmany", execmany },
  { "execfree", execfree },
  { "execmissing", execmissing },
  { "execjunk", execjunk },
  { "execelf", execelf },
  { "execdev", execdev },
  { "execrace", execrace },
  { "pipebig", pipebig },
  { "pipeeof", pipeeof },
  { "pipeclosed", pipeclosed },
  { "pipezero", pipezero },
  { "fdbad", fdbad },
  { "fdlimit", fdlimit },
  { "filetable", filetable },
  { "inodetable", inodetable },
  { "filerw", filerw },
  { "filemodes", filemodes },
  { "truncread", truncread },
  { "sysinfocounts", sysinfocounts },
  { "bigfile", bigfile },
  { "unlinkopen", unlinkopen },
  { "links", links },
  { "dirs", dirs },
  { "dotdot", dotdot },
  { "rmcwd", rmcwd },
  { "longname", longname },
  { "maxpath", maxpath },
  { "mknod", mknodtest },
  { "bigdir", bigdir },
  { "sharedfd", sharedfd },
  { "concfiles", concfiles },
  { "sbrkgrow", sbrkgrow },
  { "sbrkshrink", sbrkshrink },
  { "sbrkfreed", sbrkfreed },
  { "sbrkall", sbrkall },
  { "sbrklimit", sbrklimit },
  { "sbrkoom", sbrkoom },
  { "forkoom", forkoom },
  { "stackguard", stackguard },
  { "stackgrow", stackgrow },
  { "privileged", privileged },
  { "dirflag", dirflag },
  { "fpuprivate", fpuprivate },
  { "fpuinherit", fpuinherit },
  { "textro", textro },
  { "stackclash", stackclash },
  { "badbuf", badbuf },
  { "badresult", badresult },
  { "badwait", badwait },
  { "badprocinfo", badprocinfo },
  { "badpath", badpath },
  { "badargv", badargv },
  { "uptime", uptimetest },
  { "poweroff", poweroffbad },
  { "badsyscall", badsyscall },
  { "shmbad", shmbad },
  { "kpanic", kpanicbad },
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static struct test *
findtest(char *name)
{
  uint i;

  for(i = 0; i < NTESTS; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return 0;
}

// Wait, up to about 3 seconds, until no more processes exist than at
// the start: orphans a test left behind have been reaped by init.
static void
settle(int baseline)
{
  struct sysinfo si;
  int tries;

  for(tries = 0; tries < 300; tries++){
    if(sysinfo(&si) < 0 || si.nproc <= baseline)
      return;
    sleep(1);
  }
}

// The first line of what a failed test sent up the pipe, in why.
static void
readwhy(int fd, char *why, int n)
{
  char *nl;

  if(readall(fd, why, n) == 0)
    strcpy(why, "exited 1 without saying why");
  if((nl = strchr(why, '\n')) != 0)
    *nl = 0;
}


// Run t in a child and print its verdict.  Returns 1 if it passed.
static int
runtest(struct test *t, int baseline)
{
  static char why[160];
  int fds[2], pid, status = 0;

  if(pipe(fds) < 0 || (pid = fork()) < 0){
    printf("FAIL %s: cannot start the test\n", t->name);
    return 0;
  }
  if(pid == 0){
    close(fds[0]);
    whyfd = fds[1];
    ownmemory();
    t->fn();
    exit(0);
  }
  close(fds[1]);
  while(wait(&status) != pid)
    ;
  settle(baseline);
  if(status == 0)
    printf("ok %s\n", t->name);
  else if(status == FAILED){
    readwhy(fds[0], why, sizeof(why));
    printf("FAIL %s: %s\n", t->name, why);
  } else if(status == -1)
    printf("FAIL %s: killed (exit status -1)\n", t->name);
  else
    printf("FAIL %s: exit status %d\n", t->name, status);
  close(fds[0]);
  return status == 0;
}

// Every name on the command line must be a test.
static int
namesknown(int argc, char **argv)
{
  int i;

  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      fprintf(2, "usertests: no test named %s\n", argv[i]);
      return 0;
    }
  }
  return 1;
}

// Find the gap below the stack from where exec put argv[0]: at the top
// of the stack, which may grow down USTACKMAX bytes to the gap.
static void
findguard(char **argv)
{
  uint top = PGROUNDUP((uint)argv[0] + strlen(argv[0]) + 1);

  guardpage = top - USTACKMAX - PGSIZE;
}


// Run the tests named in names[0..n), or with n == 0 every test; print
// the verdicts, the leak check and the count.
// Returns the number that failed.
static int
runtests(char **names, int n)
{
  struct sysinfo before, after;
  struct test *t;
  int i, passed = 0, failed = 0;

  sysinfo(&before);
  for(i = 0; i < (n ? n : (int)NTESTS); i++){
    t = n ? findtest(names[i]) : &tests[i];
    if(runtest(t, before.nproc))
      passed++;
    else
      failed++;
  }
  sysinfo(&after);
  if(after.freepages < before.freepages){
    printf("FAIL leak: %d pages lost\n", before.freepages - after.freepages);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed;
}

int
main(int argc, char *argv[])
{
  if(argc > 1 && strcmp(argv[1], ARGCHECK) == 0)
    return argcheck(argc, argv);
  if(argc > 1 && strcmp(argv[1], FPUCHECK) == 0)
    return fpucleancheck();
  findguard(argv);
  ownmemory();
  if(!namesknown(argc, argv))
    exit(1);
  exit(runtests(argv + 1, argc - 1) ? 1 : 0);
}
