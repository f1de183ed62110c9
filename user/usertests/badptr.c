// usertests: bad pointers.
#include "usertests.h"

// read and write refuse buffers the caller may not use: kernel, wrapping,
// unmapped, guard, partly mapped, and too long; pipes and files lose no
// data and no offset to the refused calls.
void
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
void
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
void
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
void
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

void
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
void
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
