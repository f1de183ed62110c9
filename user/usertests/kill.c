// usertests: kill.
#include "usertests.h"

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

void
killrun(void)
{
  int status = killstarted(spin);

  expect(status == -1, "killed spinning child exited %d", status);
}

void
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
void
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
void
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

void
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

void
killself(void)
{
  int status = inchild(suicide, 0);

  expect(status == -1, "a process that killed itself exited %d", status);
}

// kill of pids that name no live process.
void
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
void
killinit(void)
{
  expect(kill(1) == -1, "kill(1) succeeded: init will die");
}

#define BIGCOPY_START 64   // pages the copy must have taken before the kill
#define BIGCOPY_SLACK 64   // pages it may take after it

// Hand write() most of free memory, never touched, so that the kernel
// must fault in every page before it can copy: the kill has to land in
// the middle of that.
static void
writebig(int startfd)
{
  int fds[2], n = freepages() / 2 * PGSIZE;
  char *heap = sbrk(n);

  expect(heap != (char *)-1, "sbrk(%d) failed", n);
  mkpipe(fds);
  write(startfd, "s", 1);
  write(fds[1], heap, n);
  fail("a write of %d bytes to a pipe nobody reads returned", n);
}

// Whether pid is still a live (not zombie) process.
static int
alive(int pid)
{
  char *state = procstate(pid);

  return state && strcmp(state, "zombie") != 0;
}

// A kill stops the kernel's work on a huge user range between pages,
// instead of letting the process take all of memory first.
void
killbigcopy(void)
{
  int fds[2], pid, f0, fkill, low, f;
  char c;

  mkpipe(fds);
  pid = spawn(writebig, fds[1]);
  close(fds[1]);
  expect(read(fds[0], &c, 1) == 1, "the child did not start");
  close(fds[0]);
  f0 = freepages();
  while((fkill = freepages()) > f0 - BIGCOPY_START && alive(pid))
    ;
  expect(alive(pid), "the child ended before the kill");
  expect(kill(pid) == 0, "kill(%d) of a live child failed", pid);
  low = fkill;
  while(alive(pid))
    if((f = freepages()) < low)
      low = f;
  expect(fkill - low <= BIGCOPY_SLACK, "the killed child took %d more pages",
         fkill - low);
  expect(reap(pid) == -1, "the killed child did not die of the kill");
}
