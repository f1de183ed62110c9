// zonetests: argument checking, every way shmem, shmdt and shminfo can be refused.
#include "zonetests.h"

void
t_badargs(void)
{
  static int badflags[] = { 0x8, 0x10, 0x100, 0x80000000, M_CREATE | 0x8,
                            M_WAIT | 0x40 };
  static int badsizes[] = { 0, -1, SHMPAGE + 1, 0x7FFFFFFF, 0x80000000 };
  char *bad[9];
  struct shminfo si;
  char *a;
  int i, pid;

  refused(-1, M_CREATE, 1);
  refused(MAXSHM, M_CREATE, 1);
  refused(0x40000000, M_CREATE, 1);
  refused(-1, 0, 0);
  refused(MAXSHM, M_WAIT, 0);          // must fail, not sleep
  for(i = 0; i < sizeof(badflags) / sizeof(badflags[0]); i++)
    refused(ID_BAD, badflags[i], 1);
  refused(ID_BAD, M_CREATE | M_WAIT, 1);
  refused(ID_BAD, M_CREATE | M_WAIT | M_RDONLY, 1);
  for(i = 0; i < sizeof(badsizes) / sizeof(badsizes[0]); i++)
    refused(ID_BAD, M_CREATE, badsizes[i]);
  refused(ID_BAD, 0, 0);               // no such zone, no M_WAIT
  refused(ID_BAD, 0, 1);
  refused(ID_BAD, M_RDONLY, 0);
  expect(shminfo(ID_BAD, &si) == -1, "shminfo of a zone never created succeeded");
  expect(shminfo(-1, &si) == -1 && shminfo(MAXSHM, &si) == -1,
        "shminfo of an id out of range succeeded");

  a = create(ID_BAD, 2);
  expect(zsize(ID_BAD) == 2 && nref(ID_BAD) == 1,
        "new zone: shminfo says %d pages, nref %d", zsize(ID_BAD), nref(ID_BAD));
  refused(ID_BAD, M_CREATE, 2);        // exists
  refused(ID_BAD, M_CREATE, 1);
  refused(ID_BAD, M_CREATE | M_RDONLY, 2);
  refused(ID_BAD, 0, 0);               // already attached
  refused(ID_BAD, 0, 2);
  refused(ID_BAD, M_RDONLY, 0);
  refused(ID_BAD, M_WAIT, 0);          // attached: fail at once, not sleep
  refused(ID_BAD, 0, 3);

  // A process without the zone: only a size of 0 or 2 is accepted.
  pid = xfork();
  if(pid == 0){
    detach(a);
    refused(ID_BAD, 0, 1);
    refused(ID_BAD, 0, 3);
    refused(ID_BAD, 0, -1);
    refused(ID_BAD, 0, SHMPAGE + 1);
    refused(ID_BAD, M_RDONLY, 1);
    refused(ID_BAD, M_WAIT, 3);        // exists, wrong size: fail at once
    for(i = 0; i < sizeof(badflags) / sizeof(badflags[0]); i++)
      if(!(badflags[i] & M_CREATE))
        refused(ID_BAD, badflags[i], 0); // would attach but for the flag
    expect(attach(ID_BAD, 0, 2) == a, "re-attach not at the lowest free address");
    exit(0);
  }
  expect(waitfor(pid) == 0, "a child checking sizes failed (see console)");
  expectnref(ID_BAD, 1, "after the child's exit");

  // shmdt takes only the start of an attached zone.
  bad[0] = 0;
  bad[1] = a + 1;
  bad[2] = a + PGSIZE;
  bad[3] = a + 2 * PGSIZE;
  bad[4] = a - PGSIZE;
  bad[5] = (char *)KERNBASE;
  bad[6] = (char *)0xFFFFF000;
  bad[7] = (char *)&si;
  bad[8] = (char *)-1;
  for(i = 0; i < 9; i++)
    expect(shmdt(bad[i]) == -1, "shmdt(0x%x) succeeded; zone at 0x%x",
          (uint)bad[i], (uint)a);
  expectnref(ID_BAD, 1, "after refused shmdt calls");
  a[0] = 1;                            // still mapped
  expect(shminfo(ID_BAD, (struct shminfo *)KERNBASE) == -1,
        "shminfo wrote to a kernel address");
  expect(shminfo(ID_BAD, (struct shminfo *)(SHMBASE - PGSIZE)) == -1,
        "shminfo wrote to unmapped memory");
  expect(sysinfo((struct sysinfo *)KERNBASE) == -1,
        "sysinfo wrote to a kernel address");
  detach(a);
  expect(shmdt(a) == -1, "second shmdt of the same address succeeded");
  expect(shminfo(ID_BAD, &si) == -1, "zone exists after its last shmdt");
}

// The per-process limits: NPROCZONE attachments, SHMPAGE pages.  (The
// other limit, no room left in the zone area, cannot be reached: NPROCZONE
// zones of SHMPAGE pages fill only half of it.)
void
t_limits(void)
{
  char *a[NPROCZONE], *b, *big;
  int i, pid, p[2], q[2];
  uint *w;

  for(i = 0; i < NPROCZONE; i++){
    a[i] = create(ID_LIMIT + i, 1);
    expect(a[i] == (char *)SHMBASE + i * PGSIZE,
          "zone %d of a process at 0x%x, expected 0x%x", i, (uint)a[i],
          SHMBASE + i * PGSIZE);
  }
  refused(ID_LIMIT + NPROCZONE, M_CREATE, 1);

  // Attaching one more existing zone is refused too.
  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    for(i = 0; i < NPROCZONE; i++)
      detach(a[i]);
    create(ID_LIMIT + NPROCZONE, 1);
    send(p[1], 'c');
    recv(q[0]);
    exit(0);
  }
  recv(p[0]);
  refused(ID_LIMIT + NPROCZONE, 0, 0);
  refused(ID_LIMIT + NPROCZONE, M_WAIT, 0);
  refused(ID_LIMIT + NPROCZONE, M_RDONLY, 1);
  detach(a[3]);
  b = attach(ID_LIMIT + NPROCZONE, 0, 0);
  expect(b == a[3], "attach into a 1-page hole at 0x%x went to 0x%x",
        (uint)a[3], (uint)b);
  expectnref(ID_LIMIT + NPROCZONE, 2, "attached by two");
  send(q[1], 'q');
  expect(waitfor(pid) == 0, "the holding child failed (see console)");
  detach(b);
  for(i = 0; i < NPROCZONE; i++)
    if(i != 3)
      detach(a[i]);
  for(i = 0; i <= NPROCZONE; i++)
    expect(nref(ID_LIMIT + i) == -1, "zone %d survived its last shmdt", ID_LIMIT + i);

  // The largest zone: SHMPAGE pages, all there, all zero.
  big = create(ID_BIG, SHMPAGE);
  expect(zsize(ID_BIG) == SHMPAGE, "zone of SHMPAGE pages has %d", zsize(ID_BIG));
  for(i = 0; i < SHMPAGE; i++){
    w = (uint *)(big + i * PGSIZE);
    expect(w[0] == 0 && w[PGSIZE / 4 - 1] == 0, "big zone: page %d not zero", i);
    w[PGSIZE / 4 - 1] = i;
  }
  detach(big);
}

// Fill every attachment slot with zone ID_LIMIT + i, in slot i; a[i] is
// where it is mapped.
void
fillslots(char **a)
{
  int i;

  for(i = 0; i < NPROCZONE; i++){
    a[i] = create(ID_LIMIT + i, 1);
    fill(a[i], 1, 40 + i);
  }
}

// A zone in the last attachment slot is attached as surely as any other.
// (Mutant: findattached stopped one slot short, so a process could attach
// the zone in its last slot a second time.)
void
t_lastslot(void)
{
  char *a[NPROCZONE];
  int i;

  fillslots(a);
  detach(a[0]);                        // a free slot: only "attached" refuses
  for(i = 1; i < NPROCZONE; i++){
    refused(ID_LIMIT + i, 0, 0);
    refused(ID_LIMIT + i, M_RDONLY, 1);
    refused(ID_LIMIT + i, M_WAIT, 0);
  }
  for(i = 1; i < NPROCZONE; i++)
    detach(a[i]);
}

// M_CREATE of a zone that exists, by a process that has not attached it,
// is refused and leaves the zone table usable.  (The mistake it catches,
// docs/zones.md "Zones, the wrong way": zcreate returning on "exists"
// without releasing ztable.lock.)
void
t_createdup(void)
{
  char *a = create(ID_DUP, 1);
  int pid = xfork();

  if(pid == 0){
    detach(a);                         // so zargsok does not refuse first
    refused(ID_DUP, M_CREATE, 1);
    refused(ID_DUP, M_CREATE, 2);
    expect(zsize(ID_DUP) == 1, "after a refused M_CREATE: %d pages", zsize(ID_DUP));
    a = attach(ID_DUP, 0, 1);          // the table still works
    detach(a);
    exit(0);
  }
  expect(waitfor(pid) == 0, "child failed (see console)");
  expectnref(ID_DUP, 1, "after the child's exit");
  detach(a);
}
