// usertests: processes: fork, exit, wait, getpid.
#include "usertests.h"

void
exitwith(int status)
{
  exit(status);
}

// Each exit status comes back whole through wait, to the right pid.
void
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

void
waitnull(void)
{
  int pid = spawn(exitwith, 3);

  expect(wait(0) == pid, "wait(0) did not return the child's pid");
  expect(wait(0) == -1, "wait(0) with no children did not return -1");
}

// wait with no children fails and leaves *status alone.
void
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
void
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
void
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
void
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
void
blockon(int rfd)
{
  char c;

  read(rfd, &c, 1);
}

int hold[2];

// Block until the test closes the write end of hold.
void
awaithold(int unused)
{
  close(hold[1]);
  blockon(hold[0]);
}

// 40 children at once, more than there are CPUs, each with its status.
void
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
void
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
