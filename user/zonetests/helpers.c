// zonetests: the helpers every file of the suite shares.
#include "zonetests.h"

// References to zone id, or -1 if it does not exist.
int
nref(int id)
{
  struct shminfo si;

  if(shminfo(id, &si) < 0)
    return -1;
  return si.nref;
}

// Size of zone id in pages, or -1 if it does not exist.
int
zsize(int id)
{
  struct shminfo si;

  if(shminfo(id, &si) < 0)
    return -1;
  return si.npages;
}

char*
create(int id, int n)
{
  char *a = shmem(id, M_CREATE, n);

  if(a == FAILED)
    fail("shmem(%d, M_CREATE, %d) failed", id, n);
  return a;
}

char*
attach(int id, int flags, int n)
{
  char *a = shmem(id, flags, n);

  if(a == FAILED)
    fail("shmem(%d, 0x%x, %d) failed", id, flags, n);
  return a;
}

void
detach(char *a)
{
  if(shmdt(a) < 0)
    fail("shmdt(0x%x) failed", (uint)a);
}

void
expectnref(int id, int want, char *when)
{
  int n = nref(id);

  if(n != want)
    fail("%s: zone %d has nref %d, expected %d", when, id, n, want);
}

// Poll until zone id has want references (-1: until it is gone): the
// change is made by another process, not in step with us.
void
awaitnref(int id, int want, char *when)
{
  int i, n;

  for(i = 0; (n = nref(id)) != want; i++){
    if(i >= POLL)
      fail("%s: zone %d has nref %d after %d ticks, expected %d",
           when, id, n, POLL, want);
    sleep(1);
  }
}

// Word i of the pattern with this seed; fill() writes it, badword() checks.
uint
word(uint seed, int i)
{
  return (seed * 0x10001u + i) * 2654435761u + 1;
}

void
fill(char *a, int npages, uint seed)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    w[i] = word(seed, i);
}

// Index of the first word of npages at a that fill() did not leave
// there, or -1.
int
badword(char *a, int npages, uint seed)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    if(w[i] != word(seed, i))
      return i;
  return -1;
}

// Index of the first non-zero word of npages at a, or -1.
int
nonzero(char *a, int npages)
{
  uint *w = (uint *)a;
  int i, n = npages * PGSIZE / 4;

  for(i = 0; i < n; i++)
    if(w[i] != 0)
      return i;
  return -1;
}

void
send(int fd, char c)
{
  if(write(fd, &c, 1) != 1)
    fail("pipe write failed");
}

char
recv(int fd)
{
  char c;

  if(read(fd, &c, 1) != 1)
    fail("pipe read failed: the other side died (see console)");
  return c;
}

// Exit status of a child that writes (or reads) byte *a: -1 if the
// access killed it, 0 if not.
int
access1(char *a, int wr)
{
  int pid = xfork();

  if(pid == 0){
    if(wr)
      *(volatile char *)a = 0x77;
    else
      (void)*(volatile char *)a;
    exit(0);
  }
  return waitfor(pid);
}

// shmem(id, flags, n) must fail and change nothing: no page, zone or
// reference may come or go.  Only where no other process of the test
// runs.
void
refused(int id, int flags, int n)
{
  struct sysinfo b, a;
  int r = nref(id), r2;
  char *p;

  b = sys();
  p = shmem(id, flags, n);
  a = sys();
  r2 = nref(id);
  expect(p == FAILED, "shmem(%d, 0x%x, %d) succeeded, expected -1", id, flags, n);
  expect(a.freepages == b.freepages && a.nzones == b.nzones && r2 == r,
        "failed shmem(%d, 0x%x, %d) changed free pages %d->%d, zones %d->%d, "
        "nref %d->%d", id, flags, n, b.freepages, a.freepages, b.nzones,
        a.nzones, r, r2);
}


// A busy loop for a child that is to be killed while in user mode.
void
spin(void)
{
  volatile int i = 0;

  for(;;)
    i++;
}

// Argument strings for exec'ing probe, in bufs (6 x 12 bytes); argv gets
// 7 entries.
void
probeargv(char **argv, char *bufs, int id, int want, int wfd, int rfd)
{
  argv[0] = "zonetests";
  argv[1] = "--child-exec-probe";
  argv[2] = itoa(id, bufs);
  argv[3] = itoa(want, bufs + 12);
  argv[4] = itoa(wfd, bufs + 24);
  argv[5] = itoa(rfd, bufs + 36);
  argv[6] = 0;
}
