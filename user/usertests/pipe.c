// usertests: pipes.
#include "usertests.h"

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
void
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
void
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
void
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
void
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
