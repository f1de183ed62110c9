// pipetests: the guest test suite for pipes (kernel/pipe.c; the promises
// are in docs/pipes.md): order, atomic writes of up to PIPE_BUF bytes,
// many readers and writers at once, end of file, closed readers, kill,
// and running out of memory.
//
//   pipetests            run every test
//   pipetests NAME...    run only these, in this order
//
// Each test runs in a child of its own and is judged by its exit status.
// Any process of a test that finds something wrong calls fail(), which
// sends one line up the test's why pipe and exits FAILED; the line goes
// in one write of less than PIPE_BUF bytes, so lines from several
// processes cannot mix.  A test still running after LIMIT seconds is
// killed, with every helper it started (spawn() tells the runner their
// pids): a lost wake-up shows up as a hang, and the run goes on.  After
// each test the runner waits until the free pages and processes are back
// where they were, or fails the test with what was lost.  It ends with
// `N passed, M failed` and exits 0 only if none failed.  No test judges
// how long anything took.
//
// The user stack is one page, so big buffers are static.
#include "user.h"

#define FAILED  1        // a test process's status after fail()
#define HZ      100      // ticks a second
#define LIMIT   120      // seconds a test may run before it is killed
#define SETTLE  300      // ticks to wait for a test's orphans to go
#define TIMEDOUT (-2)    // runchild: the test ran past LIMIT and was killed
#define NOSTART  (-3)    // runchild: the test could not be started

// End this process as failed, saying why (printf-style, no newline).
#define fail(fmt, ...) do {                               \
    fprintf(whyfd, fmt "\n", ##__VA_ARGS__);              \
    exit(FAILED);                                         \
  } while(0)

// Fail unless cond holds.
#define expect(cond, fmt, ...) do { if(!(cond)) fail(fmt, ##__VA_ARGS__); } while(0)

static int whyfd = 2;    // in a test's processes: its why pipe
static int pidfd = -1;   // in a test's own process: the runner's pid pipe
static int fds[2];       // the pipe under test, for helpers to use
// Scratch for data.  The tests' reads and writes go up to 4097 bytes,
// whatever PIPESIZE is, and past it.
static char buf[2 * PIPESIZE + 4096];
static char buf2[PIPESIZE + 4096];

// ---- helpers ----

static struct sysinfo
sys(void)
{
  struct sysinfo si;

  if(sysinfo(&si) < 0)
    fail("sysinfo failed");
  return si;
}

static void
mkpipe(int *p)
{
  expect(pipe(p) == 0, "pipe failed");
}

// Fork a helper that runs fn(arg) and then exits 0, and tell the runner
// its pid.  Returns the pid.
static int
spawn(void (*fn)(int), int arg)
{
  int pid = fork();

  expect(pid >= 0, "fork failed");
  if(pid == 0){
    close(pidfd);    // else the runner could never read to the end
    pidfd = -1;
    fn(arg);
    exit(0);
  }
  write(pidfd, &pid, sizeof(pid));
  return pid;
}

// Wait for helper pid, which must be the next child to exit; return its
// exit status.
static int
reap(int pid)
{
  int status = 12345, got = wait(&status);

  expect(got == pid, "wait returned %d, want helper %d", got, pid);
  return status;
}

// Wait for n helpers, each of which must exit 0.
static void
reapall(int n)
{
  int pid, status;

  for(; n > 0; n--){
    pid = wait(&status);
    expect(pid > 0, "wait failed with %d helpers to go", n);
    expect(status == 0, "helper %d exited %d", pid, status);
  }
}

// Read exactly n bytes from fd into p, in as many reads as it takes.
static void
readfull(int fd, char *p, int n)
{
  int got = 0, r;

  while(got < n && (r = read(fd, p + got, n - got)) > 0)
    got += r;
  expect(got == n, "read %d bytes of %d", got, n);
}

// Write n bytes of c to fd in one write, which must take them all.
static void
writefill(int fd, char c, int n)
{
  int r;

  memset(buf, c, n);
  r = write(fd, buf, n);
  expect(r == n, "write of %d bytes returned %d", n, r);
}

// Read and return the next byte of fd, which must come.
static char
getbyte(int fd)
{
  char c;

  expect(read(fd, &c, 1) == 1, "a byte did not come");
  return c;
}

// ---- the byte stream of `order` ----

// The byte at position i of the stream: never the same for positions a
// multiple of 256 apart within 128 KiB, so a lost or doubled piece shows.
static char
streambyte(uint i)
{
  return (i * 131 + (i >> 8) * 7) & 0xff;
}

static void
fillstream(char *p, uint at, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i] = streambyte(at + i);
}

// The index of the first byte of p[0..n) that is not the stream at
// position at, or -1.
static int
checkstream(char *p, uint at, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != streambyte(at + i))
      return i;
  return -1;
}

// ---- records: what several writers send ----

#define HDR   5     // writer id, seq (2 bytes), length (2 bytes)
#define MAXW  8     // writers a record stream may have

// The length of writer w's record seq: from HDR to PIPE_BUF, and
// exactly PIPE_BUF for one in 16.
static int
reclen(int w, int seq)
{
  if(seq % 16 == 5)
    return PIPE_BUF;
  return HDR + (seq * 211 + w * 97) % (PIPE_BUF - HDR + 1);
}

static char
recbyte(int w, int seq, int k)
{
  return (w * 59 + seq * 13 + k * 7 + 1) & 0xff;
}

// Make writer w's record seq in r; returns its length.
static int
mkrec(char *r, int w, int seq)
{
  int n = reclen(w, seq), k;

  r[0] = w;
  r[1] = seq & 0xff;
  r[2] = seq >> 8;
  r[3] = n & 0xff;
  r[4] = n >> 8;
  for(k = HDR; k < n; k++)
    r[k] = recbyte(w, seq, k);
  return n;
}

// Checks a stream of records as it arrives, in pieces of any size.
struct records {
  int nw, nrec;      // writers 0..nw-1 each send seqs 0..nrec-1
  int strict;        // one reader sees all: each writer's seqs come 0, 1, ...
  int next[MAXW];    // the least seq each writer may send next
  int n;             // records so far
  int have;          // bytes of the record being put together
  char rec[PIPE_BUF];
};

static void
recinit(struct records *r, int nw, int nrec, int strict)
{
  memset(r, 0, sizeof(*r));
  r->nw = nw;
  r->nrec = nrec;
  r->strict = strict;
}

static int
hdrseq(char *rec)
{
  return (uchar)rec[1] | (uchar)rec[2] << 8;
}

static int
hdrlen(char *rec)
{
  return (uchar)rec[3] | (uchar)rec[4] << 8;
}

// The header of the record being put together is in: is it one that a
// writer could have sent?  Returns its length.
static int
checkhdr(struct records *r)
{
  int w = (uchar)r->rec[0], seq = hdrseq(r->rec), len = hdrlen(r->rec);

  expect(w < r->nw && seq < r->nrec && len == reclen(w, seq),
         "record %d has a bad header: writer %d seq %d length %d",
         r->n, w, seq, len);
  return len;
}

// The record is whole: check its bytes and its place in its writer's
// order.  Returns its id, w * nrec + seq.
static int
checkrec(struct records *r)
{
  int w = (uchar)r->rec[0], seq = hdrseq(r->rec), len = hdrlen(r->rec), k;

  for(k = HDR; k < len; k++)
    expect(r->rec[k] == recbyte(w, seq, k),
           "record %d (writer %d seq %d) is torn at byte %d of %d",
           r->n, w, seq, k, len);
  if(r->strict)
    expect(seq == r->next[w], "writer %d: seq %d came, want %d",
           w, seq, r->next[w]);
  else
    expect(seq >= r->next[w], "writer %d: seq %d came after %d",
           w, seq, r->next[w] - 1);
  r->next[w] = seq + 1;
  r->n++;
  r->have = 0;
  return w * r->nrec + seq;
}

// Take the next n bytes of the stream; each record completed is checked,
// and its id put in ids (if not 0).  Returns the number completed.
static int
recfeed(struct records *r, char *p, int n, int *ids)
{
  int want, take, done = 0;

  while(n > 0){
    want = r->have < HDR ? HDR : hdrlen(r->rec);
    take = want - r->have < n ? want - r->have : n;
    memmove(r->rec + r->have, p, take);
    r->have += take;
    p += take;
    n -= take;
    if(r->have == HDR)
      checkhdr(r);
    if(r->have >= HDR && r->have == hdrlen(r->rec)){
      if(ids)
        ids[done] = checkrec(r);
      else
        checkrec(r);
      done++;
    }
  }
  return done;
}

// Writer w of a record stream on fds[1]: nrecords records, one write each.
static int nrecords;

static void
recwriter(int w)
{
  static char rec[PIPE_BUF];
  int seq, n, r;

  close(fds[0]);
  for(seq = 0; seq < nrecords; seq++){
    n = mkrec(rec, w, seq);
    r = write(fds[1], rec, n);
    expect(r == n, "writer %d: write of record %d (%d bytes) returned %d",
           w, seq, n, r);
  }
}

// ---- order ----

// One writer's long writes of many sizes (past the ring, past PIPE_BUF,
// across page ends and the wrap) and one reader's reads of others: every
// byte arrives once, in order.
#define ORDERBYTES (1 << 20)

static void
orderwriter(int unused)
{
  static int sizes[] = { 1, 511, 512, 513, 4000, 4097, PIPESIZE,
                         PIPESIZE + 1, 2 * PIPESIZE + 7, 100 };
  uint done, i;
  int n, r;

  close(fds[0]);
  for(done = 0, i = 0; done < ORDERBYTES; done += n, i++){
    n = sizes[i % 10];
    if(n > ORDERBYTES - done)
      n = ORDERBYTES - done;
    fillstream(buf, done, n);
    r = write(fds[1], buf, n);
    expect(r == n, "write of %d at %d returned %d", n, done, r);
  }
}

static void
order(void)
{
  static int sizes[] = { 3, 4096, 1, PIPESIZE, 700, 4097 };
  uint got, i;
  int n, bad;

  mkpipe(fds);
  spawn(orderwriter, 0);
  close(fds[1]);
  for(got = 0, i = 0; (n = read(fds[0], buf2, sizes[i % 6])) > 0; got += n, i++){
    expect(got + n <= ORDERBYTES, "more than %d bytes arrived", ORDERBYTES);
    bad = checkstream(buf2, got, n);
    expect(bad < 0, "byte %d of the stream is wrong", got + bad);
  }
  expect(n == 0, "read returned %d", n);
  expect(got == ORDERBYTES, "%d bytes arrived, %d sent", got, ORDERBYTES);
  close(fds[0]);
  reapall(1);
}

// ---- atomic ----

// Four writers each send 400 records of up to PIPE_BUF bytes, each in one
// write; one reader takes the stream in reads of every size.  Every
// record arrives whole, and each writer's in order, none lost.  (Before
// PIPE_BUF, a write that found the pipe full went in in pieces and
// records from several writers interleaved.)
#define ATOMICW 4
#define ATOMICN 400

static void
atomic(void)
{
  static int sizes[] = { 1, 13, 100, 511, 512, 1000, 4096, PIPESIZE };
  static struct records r;
  int w, n, i;

  mkpipe(fds);
  nrecords = ATOMICN;
  for(w = 0; w < ATOMICW; w++)
    spawn(recwriter, w);
  close(fds[1]);
  recinit(&r, ATOMICW, ATOMICN, 1);
  for(i = 0; (n = read(fds[0], buf, sizes[i % 8])) > 0; i++)
    recfeed(&r, buf, n, 0);
  expect(n == 0, "read returned %d", n);
  expect(r.have == 0, "the stream ended inside a record");
  for(w = 0; w < ATOMICW; w++)
    expect(r.next[w] == ATOMICN, "writer %d: %d records of %d came",
           w, r.next[w], ATOMICN);
  close(fds[0]);
  reapall(ATOMICW);
}

// ---- atomicwait ----

static void
bigrecord(int unused)
{
  close(fds[0]);
  writefill(fds[1], 'a', PIPE_BUF);
}

// A write of PIPE_BUF bytes to a pipe with less room than that waits,
// while the room grows but stays short, and then goes in whole: a read
// that empties the pipe meanwhile finds none of it.
static void
atomicwait(void)
{
  int i, n, pid;

  mkpipe(fds);
  writefill(fds[1], 'f', PIPESIZE - 100);
  pid = spawn(bigrecord, 0);
  sleep(2);                         // let it go to sleep
  readfull(fds[0], buf2, 50);       // 150 free: still too few
  sleep(2);
  n = read(fds[0], buf2, sizeof(buf2));
  expect(n == PIPESIZE - 150, "read %d bytes, want the %d filler bytes: "
         "the %d-byte write went in in pieces", n, PIPESIZE - 150, PIPE_BUF);
  for(i = 0; i < n; i++)
    expect(buf2[i] == 'f', "byte %d of the filler is %c", i, buf2[i]);
  readfull(fds[0], buf2, PIPE_BUF);
  for(i = 0; i < PIPE_BUF; i++)
    expect(buf2[i] == 'a', "byte %d of the record is %c", i, buf2[i]);
  expect(reap(pid) == 0, "the writer failed");
  close(fds[0]);
  close(fds[1]);
}

// ---- manyrw ----

// Four writers send records (as in atomic) to four readers, who read
// PIPESIZE bytes at a time, so each read takes all the pipe holds: whole
// records only.  Each reader checks that every read ends on a record's
// end and that each writer's records come to it in order, and reports
// the ids of what it got; every record must reach exactly one reader.
#define MANYW 4
#define MANYR 4
#define MANYN 500

#define IDSPER (PIPE_BUF / sizeof(int))   // record ids in one report

static int report[2];   // readers -> test: ids of the records they got

// Send the n ids to the test, in writes of at most PIPE_BUF bytes, so
// that reports from several readers never split an id.
static void
sendids(int *ids, int n)
{
  int i, m;

  for(i = 0; i < n; i += m){
    m = n - i < IDSPER ? n - i : IDSPER;
    expect(write(report[1], ids + i, m * sizeof(int)) == m * sizeof(int),
           "report failed");
  }
}

static void
recreader(int unused)
{
  static struct records r;
  static int ids[PIPESIZE / HDR + 1];
  int n, k;

  close(fds[1]);
  close(report[0]);
  recinit(&r, MANYW, MANYN, 0);
  while((n = read(fds[0], buf, PIPESIZE)) > 0){
    k = recfeed(&r, buf, n, ids);
    expect(r.have == 0, "a read of %d bytes ended inside a record", n);
    sendids(ids, k);
  }
  expect(n == 0, "read returned %d", n);
}

static void
manyrw(void)
{
  static char count[MANYW * MANYN];
  static int ids[IDSPER];
  int i, n, w;

  mkpipe(fds);
  mkpipe(report);
  nrecords = MANYN;
  for(w = 0; w < MANYW; w++)
    spawn(recwriter, w);
  for(i = 0; i < MANYR; i++)
    spawn(recreader, 0);
  close(fds[0]);
  close(fds[1]);
  close(report[1]);
  while((n = read(report[0], (char*)ids, sizeof(ids))) > 0){
    expect(n % sizeof(int) == 0, "a report of %d bytes", n);
    for(i = 0; i < n / sizeof(int); i++){
      expect(ids[i] >= 0 && ids[i] < MANYW * MANYN, "record id %d", ids[i]);
      count[ids[i]]++;
    }
  }
  close(report[0]);
  reapall(MANYW + MANYR);
  for(i = 0; i < MANYW * MANYN; i++)
    expect(count[i] == 1, "writer %d's record %d came %d times",
           i / MANYN, i % MANYN, count[i]);
}

// ---- leastneed ----

static int done[2];   // a helper says it is past its write

static void
smallwrite(int unused)
{
  close(fds[0]);
  writefill(fds[1], 's', 10);
  write(done[1], "d", 1);
}

// Two writers wait on a full pipe, a small one that went to sleep first
// and then one of PIPE_BUF bytes.  A read that makes just enough room for
// the small one must wake it, though the big one, asleep since, needs
// more.
static void
leastneed(void)
{
  int small, big, n, i;

  mkpipe(fds);
  mkpipe(done);
  writefill(fds[1], 'f', PIPESIZE);
  small = spawn(smallwrite, 0);
  sleep(2);
  big = spawn(bigrecord, 0);
  sleep(2);
  readfull(fds[0], buf2, 10);
  expect(getbyte(done[0]) == 'd', "the small writer did not finish");
  expect(reap(small) == 0, "the small writer failed");
  readfull(fds[0], buf2, PIPESIZE - 10);
  for(i = 0; i < PIPESIZE - 10; i++)
    expect(buf2[i] == 'f', "filler byte %d is %c", i, buf2[i]);
  readfull(fds[0], buf2, 10);
  for(i = 0; i < 10; i++)
    expect(buf2[i] == 's', "byte %d of the small write is %c", i, buf2[i]);
  readfull(fds[0], buf2, PIPE_BUF);
  for(i = 0; i < PIPE_BUF; i++)
    expect(buf2[i] == 'a', "byte %d of the big write is %c", i, buf2[i]);
  expect(reap(big) == 0, "the big writer failed");
  close(fds[1]);
  n = read(fds[0], buf2, 1);
  expect(n == 0, "read at the end returned %d", n);
  close(fds[0]);
  close(done[0]);
  close(done[1]);
}

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
static void
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
static void
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
static void
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
static void
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

// ---- pingpong ----

// Two pairs of processes pass a byte back and forth through two pipes
// 2000 times each: every sleep and wake-up of a pipe, over and over, on
// all CPUs at once.
#define PINGS 2000
#define PAIRS 2

static void
pinger(int unused)
{
  int there[2], back[2], i, pid;
  char c;

  mkpipe(there);
  mkpipe(back);
  if((pid = fork()) == 0){
    close(there[1]);
    close(back[0]);
    while(read(there[0], &c, 1) == 1)
      write(back[1], &c, 1);
    exit(0);
  }
  expect(pid > 0, "fork failed");
  close(there[0]);
  close(back[1]);
  for(i = 0; i < PINGS; i++){
    c = i;
    expect(write(there[1], &c, 1) == 1, "ping %d: write failed", i);
    expect(getbyte(back[0]) == (char)i, "ping %d came back changed", i);
  }
  close(there[1]);
  expect(reap(pid) == 0, "the echo failed");
  close(back[0]);
}

static void
pingpong(void)
{
  int i;

  for(i = 0; i < PAIRS; i++)
    spawn(pinger, 0);
  reapall(PAIRS);
}

// ---- oom ----

#define NFILL 4   // pipes that may be needed to take the last free pages
#define FIRSTRING ((PIPESIZE - 1) % PGSIZE + 1)  // ring bytes in a pipe's first page

// Take all but a few free pages: sbrk only reserves, so touch each new
// page, leaving room for the page tables a touch may need.
static void
takememory(void)
{
  int chunk, i;
  char *p;

  for(chunk = 1024; chunk > 0; chunk /= 2){
    while(sys().freepages > chunk + chunk / 1024 + 2){
      p = sbrk(chunk * PGSIZE);
      for(i = 0; i < chunk; i++)
        p[i * PGSIZE] = 1;
    }
  }
}

// With no page free, pipe() fails and changes nothing.  With one, it
// works: a pipe starts as one page, and a ring that then cannot grow
// still carries data, through its wrap.
static void
oom(void)
{
  static int fill[NFILL][2];
  int nfill, i, n;

  ownmemory();   // with no page free, a store must not need a copy
  takememory();  // pipes take the last pages, exactly
  for(nfill = 0; sys().freepages > 0; nfill++){
    expect(nfill < NFILL, "%d pages still free", sys().freepages);
    mkpipe(fill[nfill]);
  }
  expect(pipe(fds) == -1, "pipe() with no page free worked");
  expect(sys().freepages == 0, "a failed pipe() left %d pages free",
         sys().freepages);
  nfill--;
  close(fill[nfill][0]);
  close(fill[nfill][1]);
  expect(sys().freepages == 1, "a closed pipe left %d pages free",
         sys().freepages);
  mkpipe(fds);
  for(i = 0; i < 6; i++){
    n = FIRSTRING * 3 / 4;        // six of them wrap the ring
    fillstream(buf, i * n, n);
    expect(write(fds[1], buf, n) == n, "write %d failed", i);
    readfull(fds[0], buf2, n);
    expect(checkstream(buf2, i * n, n) < 0, "round %d came back wrong", i);
  }
  close(fds[0]);
  close(fds[1]);
  while(nfill-- > 0){
    close(fill[nfill][0]);
    close(fill[nfill][1]);
  }
}

// ---- the runner ----

struct test {
  char *name;
  void (*fn)(void);
};

static struct test tests[] = {
  { "order", order },
  { "atomic", atomic },
  { "atomicwait", atomicwait },
  { "manyrw", manyrw },
  { "leastneed", leastneed },
  { "eof", eof },
  { "noreader", noreader },
  { "killread", killread },
  { "killwrite", killwrite },
  { "pingpong", pingpong },
  { "oom", oom },
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

static struct test*
findtest(char *name)
{
  uint i;

  for(i = 0; i < NTESTS; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return 0;
}

// Kill every helper whose pid came up the pid pipe fd, the test itself
// being dead (so the pipe ends once they are read).
static void
killhelpers(int fd)
{
  int pid;

  while(read(fd, &pid, sizeof(pid)) == sizeof(pid))
    kill(pid);
}

// Run t in a child, and kill it (and its helpers) if it runs past LIMIT.
// Returns its exit status, TIMEDOUT if it had to be killed, or NOSTART.
static int
runchild(struct test *t, int whyw, int pids[2])
{
  int pid, dog, status = -1;

  if((pid = fork()) == 0){
    close(pids[0]);
    whyfd = whyw;
    pidfd = pids[1];
    t->fn();
    exit(0);
  }
  close(pids[1]);
  if(pid < 0)
    return NOSTART;
  if((dog = fork()) == 0){
    sleep(LIMIT * HZ);
    exit(0);
  }
  // Without a watchdog (dog < 0) the test is the only child to wait for.
  if(wait(&status) == dog){
    kill(pid);
    wait(0);
    killhelpers(pids[0]);
    return TIMEDOUT;
  }
  if(dog > 0){
    kill(dog);
    wait(0);
  }
  return status;
}

// The first line that the test's processes sent up the why pipe.  The
// runner holds its write end, so it adds a newline first: the read then
// never waits, and an empty first line means nobody said why.
static char*
readwhy(int why[2])
{
  static char line[PIPE_BUF];
  int n;
  char *nl;

  write(why[1], "\n", 1);
  n = read(why[0], line, sizeof(line) - 1);
  line[n > 0 ? n : 0] = 0;
  if((nl = strchr(line, '\n')) != 0)
    *nl = 0;
  return line[0] ? line : "exited 1 without saying why";
}

// Wait until the free pages and processes are back to before (a test's
// orphans may still be on their way out).  Returns 1 if they are.
static int
settled(struct sysinfo *before, struct sysinfo *after)
{
  int i;

  for(i = 0; i < SETTLE; i++){
    *after = sys();
    if(after->freepages == before->freepages && after->nproc == before->nproc)
      return 1;
    sleep(1);
  }
  return 0;
}

// Run t and print its verdict.  Returns 1 if it passed.
static int
runtest(struct test *t)
{
  struct sysinfo before = sys(), after;
  int why[2], pids[2], status, ok = 0;

  if(pipe(why) < 0 || pipe(pids) < 0){
    printf("FAIL %s: no pipes to run it\n", t->name);
    return 0;
  }
  status = runchild(t, why[1], pids);
  if(status == NOSTART)
    printf("FAIL %s: fork failed\n", t->name);
  else if(status == TIMEDOUT)
    printf("FAIL %s: still running after %d s, killed\n", t->name, LIMIT);
  else if(status == FAILED)
    printf("FAIL %s: %s\n", t->name, readwhy(why));
  else if(status != 0)
    printf("FAIL %s: exit status %d\n", t->name, status);
  close(why[0]);
  close(why[1]);
  close(pids[0]);
  if(!settled(&before, &after)){
    if(status == 0)
      printf("FAIL %s: %d pages lost, %d processes left\n", t->name,
             before.freepages - after.freepages, after.nproc - before.nproc);
  } else if(status == 0){
    printf("ok %s\n", t->name);
    ok = 1;
  }
  return ok;
}

int
main(int argc, char *argv[])
{
  struct sysinfo before, after;
  int i, passed = 0, failed = 0;

  for(i = 1; i < argc; i++){
    if(findtest(argv[i]) == 0){
      fprintf(2, "pipetests: no test named %s\n", argv[i]);
      exit(1);
    }
  }
  before = sys();
  for(i = 0; i < (argc > 1 ? argc - 1 : (int)NTESTS); i++){
    if(runtest(argc > 1 ? findtest(argv[i + 1]) : &tests[i]))
      passed++;
    else
      failed++;
  }
  if(!settled(&before, &after)){
    printf("FAIL leak: %d pages lost\n", before.freepages - after.freepages);
    failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  exit(failed ? 1 : 0);
}
