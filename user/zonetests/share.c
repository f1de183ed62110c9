// zonetests: sharing, create, attach, data both ways, detach, destroy.
#include "zonetests.h"

void
t_roundtrip(void)
{
  int toc[2], top[2], pid, bw, start = sys().nzones;
  char *a;

  mkpipe(toc);
  mkpipe(top);
  pid = xfork();
  if(pid == 0){
    recv(toc[0]);
    expectnref(ID_ROUND, 1, "before the child attaches");
    a = attach(ID_ROUND, 0, 0);
    expect(a == (char *)SHMBASE, "child's only zone at 0x%x, not SHMBASE", (uint)a);
    expect((bw = badword(a, 2, 1)) < 0, "child sees wrong data at word %d", bw);
    expectnref(ID_ROUND, 2, "after the child attached");
    fill(a + 2 * PGSIZE, 2, 2);
    send(top[1], 'w');
    recv(toc[0]);
    detach(a);
    expectnref(ID_ROUND, 1, "after the child's shmdt");
    a = attach(ID_ROUND, 0, 4);        // by its exact size this time
    expect(badword(a + 2 * PGSIZE, 2, 2) < 0, "child's writes lost after re-attach");
    detach(a);
    send(top[1], 'd');
    exit(0);
  }
  a = create(ID_ROUND, 4);
  expect(zsize(ID_ROUND) == 4 && nref(ID_ROUND) == 1, "new zone: %d pages, nref %d",
        zsize(ID_ROUND), nref(ID_ROUND));
  expect(nonzero(a, 4) < 0, "new zone not zero-filled");
  fill(a, 2, 1);
  send(toc[1], 'c');
  expect(recv(top[0]) == 'w', "bad message from the child");
  expectnref(ID_ROUND, 2, "while the child is attached");
  expect(badword(a, 2, 1) < 0, "creator's data changed");
  expect((bw = badword(a + 2 * PGSIZE, 2, 2)) < 0,
        "creator does not see the child's writes (word %d)", bw);
  send(toc[1], 'g');
  expect(recv(top[0]) == 'd', "bad message from the child");
  expectnref(ID_ROUND, 1, "after the child detached");
  expect(waitfor(pid) == 0, "child failed (see console)");
  detach(a);
  expect(nref(ID_ROUND) == -1, "zone exists after its last shmdt");
  expect(sys().nzones == start, "nzones %d, expected %d", sys().nzones, start);
}

// New zones hold zeroes, never what freed memory held before.
void
t_zerofill(void)
{
  char *a, *p;
  int pid, i;

  for(i = 0; i < 3; i++){
    a = create(ID_ZERO, 8);
    expect(nonzero(a, 8) < 0, "zone %d (creation %d) not zero-filled at word %d",
          ID_ZERO, i, nonzero(a, 8));
    fill(a, 8, 3 + i);
    detach(a);
    expect(nref(ID_ZERO) == -1, "zone not destroyed by its last shmdt");
  }
  a = create(ID_ZERO2, 16);
  expect(nonzero(a, 16) < 0, "bigger zone not zero-filled at word %d", nonzero(a, 16));
  detach(a);

  // Destroyed by a child's exit, created again here.
  pid = xfork();
  if(pid == 0){
    fill(create(ID_ZERO, 8), 8, 7);
    exit(0);
  }
  expect(waitfor(pid) == 0, "child failed (see console)");
  a = create(ID_ZERO, 8);
  expect(nonzero(a, 8) < 0, "zone re-created after a child's exit not zero-filled");
  detach(a);

  // Pages freed by private memory.
  p = sbrk(64 * PGSIZE);
  expect(p != FAILED, "sbrk failed");
  memset(p, 0xEE, 64 * PGSIZE);
  sbrk(-64 * PGSIZE);
  a = create(ID_ZERO, 64);
  expect(nonzero(a, 64) < 0, "zone made of freed heap pages not zero-filled");
  detach(a);
}

// Zones go at the lowest free page-aligned range that fits.
void
t_placement(void)
{
  char *base = (char *)SHMBASE, *a, *b, *c, *d, *e, *f;

  a = create(ID_PLACE, 3);
  b = create(ID_PLACE + 1, 2);
  c = create(ID_PLACE + 2, 1);
  expect(a == base && b == base + 3 * PGSIZE && c == base + 5 * PGSIZE,
        "zones of 3, 2, 1 pages at +0x%x, +0x%x, +0x%x", a - base, b - base, c - base);
  detach(a);                           // a hole of 3 pages at base
  d = create(ID_PLACE + 3, 4);
  expect(d == base + 6 * PGSIZE, "4 pages after a 3-page hole at +0x%x", d - base);
  e = create(ID_PLACE + 4, 2);
  expect(e == base, "2 pages into a 3-page hole at +0x%x", e - base);
  f = create(ID_PLACE + 5, 1);
  expect(f == base + 2 * PGSIZE, "1 page into the rest of the hole at +0x%x", f - base);
  detach(b);
  detach(c);
  detach(d);
  detach(e);
  detach(f);
}

// fork: the child has every zone at the same address with the same
// permission, and each nref grows by one.
void
t_fork(void)
{
  char *a, *b, *r;
  int pid, gpid, p[2];

  a = create(ID_FORK, 2);
  b = create(ID_FORKRO, 1);
  fill(a, 2, 5);
  fill(b, 1, 6);
  pid = xfork();
  if(pid == 0){
    expectnref(ID_FORK, 2, "in a forked child");
    expectnref(ID_FORKRO, 2, "in a forked child");
    expect(badword(a, 2, 5) < 0, "forked child sees other data");
    detach(b);
    r = attach(ID_FORKRO, M_RDONLY, 0);
    expect(r == b, "read-only re-attach at 0x%x, not 0x%x", (uint)r, (uint)b);
    gpid = xfork();
    if(gpid == 0){
      expectnref(ID_FORK, 3, "in a grandchild");
      expectnref(ID_FORKRO, 3, "in a grandchild");
      expect(badword(b, 1, 6) < 0, "grandchild cannot read the read-only zone");
      fill(a, 1, 7);
      expect(access1(b, 1) == -1, "write to an inherited read-only zone did not kill");
      mkpipe(p);
      write(p[1], "abcd", 4);
      expect(read(p[0], b, 4) == -1, "read() into an inherited read-only zone worked");
      expect(badword(b, 1, 6) < 0, "inherited read-only zone was changed");
      exit(0);
    }
    expect(waitfor(gpid) == 0, "grandchild failed (see console)");
    expectnref(ID_FORK, 2, "after the grandchild's exit");
    expectnref(ID_FORKRO, 2, "after the grandchild's exit");
    expect(badword(a, 1, 7) < 0, "grandchild's writes not visible to its parent");
    exit(0);
  }
  expect(waitfor(pid) == 0, "child failed (see console)");
  expectnref(ID_FORK, 1, "after the child's exit");
  expectnref(ID_FORKRO, 1, "after the child's exit");
  expect(badword(a, 1, 7) < 0, "grandchild's writes not visible to the creator");
  expect(badword(b, 1, 6) < 0, "read-only zone changed");
  detach(a);
  detach(b);
}

// Is slot i one of forkgap's free slots?  Never the last one.
static int
gapslot(int i)
{
  return i % 4 == 0 && i < NPROCZONE - 1;
}

// fork copies every attachment, past free slots and up to the last one;
// the child's exit gives every reference back.  (Mutants: zonefork
// stopped at the first free slot, so a child lost every zone attached
// after one that had been detached; zonedetachall stopped one slot short,
// so a zone in the last slot outlived its process.)
void
t_forkgap(void)
{
  char *a[NPROCZONE];
  int i, n, pid, p[2], q[2];

  fillslots(a);
  for(i = 0; i < NPROCZONE; i++)
    if(gapslot(i))
      detach(a[i]);
  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    close(p[0]);                       // a dead parent or child
    close(q[1]);                       // makes the other's recv fail
    send(p[1], 'c');
    recv(q[0]);
    for(i = 0; i < NPROCZONE; i++){
      if(gapslot(i))
        continue;
      expect(badword(a[i], 1, 40 + i) < 0, "forked child: slot %d's zone "
            "has other data", i);
      refused(ID_LIMIT + i, 0, 0);     // the child has it attached
    }
    exit(0);                           // with every slot but the gaps
  }
  close(p[1]);
  close(q[0]);
  recv(p[0]);
  for(i = 0; i < NPROCZONE; i++){
    n = nref(ID_LIMIT + i);
    expect(n == (gapslot(i) ? -1 : 2), "with a forked child: the zone in "
          "slot %d has nref %d, expected %d", i, n, gapslot(i) ? -1 : 2);
  }
  send(q[1], 'g');
  expect(waitfor(pid) == 0, "child failed (see console)");
  for(i = 0; i < NPROCZONE; i++){
    if(gapslot(i))
      continue;
    expectnref(ID_LIMIT + i, 1, "after the child's exit");
    detach(a[i]);
  }
}

// M_RDONLY: user writes kill; system calls that would write refuse.
void
t_rdonly(void)
{
  char *a, *r, *w, buf[32];
  int pid, gpid, fd, toc[2], top[2], p[2];

  a = create(ID_RO, 2);
  fill(a, 2, 8);
  mkpipe(toc);
  mkpipe(top);
  pid = xfork();
  if(pid == 0){
    detach(a);
    w = create(ID_RO2, 1);             // a writable zone just below
    fill(w, 1, 9);
    r = attach(ID_RO, M_RDONLY, 0);
    expect(r == w + PGSIZE, "read-only zone at 0x%x, not 0x%x", (uint)r,
          (uint)(w + PGSIZE));
    expect(badword(r, 2, 8) < 0, "read-only attach sees other data");
    expect(access1(r, 0) == 0, "reading a read-only zone killed");
    expect(access1(r, 1) == -1, "writing a read-only zone did not kill");
    expect(access1(r + PGSIZE + 100, 1) == -1, "writing page 2 did not kill");
    expect(badword(r, 2, 8) < 0, "a killed write changed the zone");

    mkpipe(p);
    expect(write(p[1], "0123456789", 10) == 10, "pipe write");
    expect(read(p[0], r, 10) == -1, "read() into a read-only zone returned >= 0");
    expect(read(p[0], r + PGSIZE - 5, 10) == -1, "read() across its pages worked");
    expect(read(p[0], r - 4, 8) == -1, "read() from a writable zone into a "
          "read-only one worked");
    expect(badword(w, 1, 9) < 0, "refused read() wrote into the writable zone");
    fd = open(SELF, O_RDONLY);
    expect(fd >= 0, "cannot open %s", SELF);
    expect(read(fd, r, 100) == -1, "read() of a file into a read-only zone worked");
    expect(fstat(fd, (struct stat *)r) == -1, "fstat into a read-only zone worked");
    close(fd);
    expect(pipe((int *)r) == -1, "pipe() into a read-only zone worked");
    expect(shminfo(ID_RO, (struct shminfo *)r) == -1, "shminfo into it worked");
    expect(sysinfo((struct sysinfo *)r) == -1, "sysinfo into it worked");
    gpid = xfork();
    if(gpid == 0)
      exit(3);
    expect(wait((int *)r) == -1, "wait() storing status in it worked");
    expect(waitfor(gpid) == 3, "grandchild's status lost");
    expect(badword(r, 2, 8) < 0, "a refused system call changed the zone");
    expect(write(p[1], r, 8) == 8, "write() from a read-only zone failed");
    expect(read(p[0], buf, 18) == 18 && memcmp(buf + 10, r, 8) == 0,
          "the pipe lost data or write() sent the wrong bytes");

    send(top[1], 'r');
    recv(toc[0]);                      // the creator has written
    expect(badword(r, 1, 10) < 0, "read-only attach does not see new data");
    exit(0);
  }
  recv(top[0]);
  fill(a, 1, 10);
  send(toc[1], 'u');
  expect(waitfor(pid) == 0, "child failed (see console)");
  expect(badword(a, 1, 10) < 0, "the creator's write was lost");
  fill(a, 1, 8);                       // page 1 as it was: the whole pattern
  expect(badword(a, 2, 8) < 0, "zone changed by the read-only child");
  expect(nref(ID_RO2) == -1, "child's zone survived its exit");
  detach(a);

  // A creator may ask for read-only too.
  a = shmem(ID_RO2, M_CREATE | M_RDONLY, 1);
  expect(a != FAILED, "M_CREATE | M_RDONLY failed");
  expect(access1(a, 0) == 0 && access1(a, 1) == -1,
        "read-only creator: read or write not as expected");
  expect(nonzero(a, 1) < 0, "read-only new zone not zero");
  detach(a);
}
