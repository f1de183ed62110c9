// pipetests: end of file, closed readers, kill.
#include "pipetests.h"

// ---- eof ----

// Read to end of file; exit with the number of bytes read.
static void
readtoend(int unused)
{
  int n, total = 0;

  close(fds[1]);
  while((n = read(fds[0], buf, sizeof(buf))) > 0)
    total += n;
  expect(n == 0, "read returned %d", n);
  exit(total);
}

static int go[2];   // the test tells a helper to go on

static void
lastwriter(int unused)
{
  int r;

  close(fds[0]);
  close(go[1]);
  getbyte(go[0]);
  r = write(fds[1], "hello", 5);
  expect(r == 5, "the last writer's write returned %d", r);
}

// Data written before the write end closes comes first, then reads
// return 0, again and again.  Two readers asleep on an empty pipe see
// end of file only when the last of two writers closes, and both wake.
void
eof(void)
{
  int status, total = 0, i;

  mkpipe(fds);
  expect(write(fds[1], "xyz", 3) == 3, "write failed");
  close(fds[1]);
  expect(read(fds[0], buf, 10) == 3, "the data before end of file was lost");
  for(i = 0; i < 3; i++)
    expect(read(fds[0], buf, 10) == 0, "read %d at end of file was not 0", i);
  close(fds[0]);

  mkpipe(fds);
  mkpipe(go);
  spawn(readtoend, 0);
  spawn(readtoend, 0);
  spawn(lastwriter, 0);
  close(fds[0]);
  close(go[0]);
  sleep(2);
  close(fds[1]);      // not the last writer: no end of file yet
  sleep(2);
  write(go[1], "g", 1);
  close(go[1]);
  for(i = 0; i < 3; i++){
    expect(wait(&status) > 0, "a helper was lost");
    expect(status >= 0 && status <= 5, "a helper exited %d", status);
    total += status;
  }
  expect(total == 5, "the readers got %d bytes in all, want 5", total);
}

// ---- noreader ----

static void
writeall(int n)
{
  int r;

  close(fds[0]);
  write(go[1], "s", 1);
  r = write(fds[1], buf, n);
  expect(r == -1, "a %d-byte write that lost its reader returned %d", n, r);
}

// Start a writer of n bytes and close the read end once it is (likely)
// asleep; its write must fail.
static void
losereader(int n)
{
  int pid;

  mkpipe(go);
  pid = spawn(writeall, n);
  getbyte(go[0]);
  sleep(2);
  close(fds[0]);
  expect(reap(pid) == 0, "the writer failed");
  close(fds[1]);
  close(go[0]);
  close(go[1]);
}

// Writes fail with -1 once the read end is closed: at once; for a writer
// asleep on a full pipe; and for one asleep on a pipe with some room,
// waiting for room for all of an atomic write.
void
noreader(void)
{
  int r;

  mkpipe(fds);
  close(fds[0]);
  r = write(fds[1], "x", 1);
  expect(r == -1, "a write with no reader returned %d", r);
  close(fds[1]);

  mkpipe(fds);
  losereader(PIPESIZE + 1);

  mkpipe(fds);
  writefill(fds[1], 'f', PIPESIZE - 10);
  losereader(PIPE_BUF);
}

// ---- killread, killwrite ----

static void
readone(int unused)
{
  close(fds[1]);
  expect(getbyte(fds[0]) == 'k', "the reader got the wrong byte");
}

// Of two readers asleep on an empty pipe, one is killed: it dies, and
// the other still gets the next byte written.
void
killread(void)
{
  int a, b;

  mkpipe(fds);
  a = spawn(readone, 0);
  b = spawn(readone, 0);
  sleep(2);
  expect(kill(a) == 0, "kill(%d) failed", a);
  expect(reap(a) == -1, "the killed reader did not exit -1");
  expect(write(fds[1], "k", 1) == 1, "write failed");
  expect(reap(b) == 0, "the other reader failed");
  close(fds[0]);
  close(fds[1]);
}

static void
writesome(int n)
{
  close(fds[0]);
  writefill(fds[1], 'y', n);
}

// A writer asleep waiting for room for an atomic write is killed: it
// dies having written nothing.  Another writer that goes to sleep after
// it, for less room, still wakes when that room appears.
void
killwrite(void)
{
  int big, small, n, i;

  mkpipe(fds);
  writefill(fds[1], 'f', PIPESIZE - 10);
  big = spawn(bigrecord, 0);
  sleep(2);
  expect(kill(big) == 0, "kill(%d) failed", big);
  expect(reap(big) == -1, "the killed writer did not exit -1");
  small = spawn(writesome, 20);
  sleep(2);
  readfull(fds[0], buf2, 100);
  expect(reap(small) == 0, "the second writer failed");
  close(fds[1]);
  n = read(fds[0], buf2, sizeof(buf2));
  expect(n == PIPESIZE - 110 + 20, "read %d bytes, want %d",
         n, PIPESIZE - 110 + 20);
  for(i = 0; i < n; i++)
    expect(buf2[i] == (i < PIPESIZE - 110 ? 'f' : 'y'),
           "byte %d is %c", i, buf2[i]);
  expect(read(fds[0], buf2, 1) == 0, "more came than was written");
  close(fds[0]);
}
