// pipetests: order, atomic writes, many readers and writers.
#include "pipetests.h"

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

void
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

void
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

void
bigrecord(int unused)
{
  close(fds[0]);
  writefill(fds[1], 'a', PIPE_BUF);
}

// A write of PIPE_BUF bytes to a pipe with less room than that waits,
// while the room grows but stays short, and then goes in whole: a read
// that empties the pipe meanwhile finds none of it.
void
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

void
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
void
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
