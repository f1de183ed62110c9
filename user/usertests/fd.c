// usertests: file descriptors.
#include "usertests.h"

// dup, close, read, write and fstat of descriptors that name nothing.
void
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
void
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
void
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
void
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
