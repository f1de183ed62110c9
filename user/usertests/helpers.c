// usertests: the helpers every file of the suite shares.
#include "usertests.h"

char buf[8192];
char buf2[4096];

int
nprocs(void)
{
  struct sysinfo si;

  expect(sysinfo(&si) == 0, "sysinfo failed");
  return si.nproc;
}

// Fork a child that runs fn(arg) and then exits 0.  Returns its pid.
int
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

// Run fn(arg) in a child and return its exit status.
int
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
int
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

// Make fd 1 of the calling process write into the pipe end wfd.
void
stdoutto(int wfd)
{
  close(1);
  expect(dup(wfd) == 1, "cannot redirect fd 1");
}

// Read from fd until end of file or until n-1 bytes, NUL-terminating.
// Returns the count.
int
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
int
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
int
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
void
writefile(char *path, void *data, int n)
{
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);

  expect(fd >= 0, "cannot create %s", path);
  expect(write(fd, data, n) == n, "cannot write %d bytes to %s", n, path);
  close(fd);
}

struct stat
fstatok(int fd)
{
  struct stat st;

  expect(fstat(fd, &st) == 0, "fstat(%d) failed", fd);
  return st;
}

struct stat
statok(char *path)
{
  struct stat st;

  expect(stat(path, &st) == 0, "stat %s failed", path);
  return st;
}

// Byte i of the test streams: not periodic in any power of two, so a
// misplaced block or wrapped ring shows up.
uchar
pattern(uint i)
{
  return (uchar)(i % 251 + i / 251 * 7);
}

void
fillpattern(char *p, uint from, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i] = pattern(from + i);
}

// Offset of the first of p[0..n) that differs from the pattern at from,
// or -1.
int
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
char *
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
int
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
