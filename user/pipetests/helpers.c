// pipetests: the helpers every file of the suite shares.
#include "pipetests.h"

// Fork a helper that runs fn(arg) and then exits 0.  Returns the pid.
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

// Wait for n helpers, each of which must exit 0.
void
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
void
readfull(int fd, char *p, int n)
{
  int got = 0, r;

  while(got < n && (r = read(fd, p + got, n - got)) > 0)
    got += r;
  expect(got == n, "read %d bytes of %d", got, n);
}

// Write n bytes of c to fd in one write, which must take them all.
void
writefill(int fd, char c, int n)
{
  int r;

  memset(buf, c, n);
  r = write(fd, buf, n);
  expect(r == n, "write of %d bytes returned %d", n, r);
}

// Read and return the next byte of fd, which must come.
char
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

void
fillstream(char *p, uint at, int n)
{
  int i;

  for(i = 0; i < n; i++)
    p[i] = streambyte(at + i);
}

// The index of the first byte of p[0..n) that is not the stream at
// position at, or -1.
int
checkstream(char *p, uint at, int n)
{
  int i;

  for(i = 0; i < n; i++)
    if(p[i] != streambyte(at + i))
      return i;
  return -1;
}

// ---- records: what several writers send ----


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

void
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
int
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
int nrecords;

void
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
