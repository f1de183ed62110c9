// vmtests: zones and fork.
#include "vmtests.h"

static void
zonechild(uint *z, struct link *c)
{
  int f;

  look(z, ZWORDS, 1, 1, "the child's view of the zone");
  f = freepages();
  paint(z, ZWORDS, 2, 1);
  expect(freepages() == f, "writing %d zone pages cost the child %d pages, "
         "want 0", ZPAGES, f - freepages());
  tell(c->out);
  hear(c->in);
  look(z, ZWORDS, 3, 3, "the parent's writes, seen by the child");
  kread(z);
  exit(0);
}

// A zone attached read-write stays shared after fork, both ways: no
// copy-on-write and no page copied, and the kernel's writes into it
// (read) reach the other side too.
void
cowzone(void)
{
  uint *z = zcreate(Z_RW);
  struct link c;
  int pid;

  paint(z, ZWORDS, 1, 1);
  if((pid = linkfork(&c)) == 0)
    zonechild(z, &c);
  hear(c.in);
  look(z, ZWORDS, 2, 2, "the child's writes, seen by the parent");
  paint(z, ZWORDS, 3, 1);
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  expect(memcmp(z, KMSG, sizeof(KMSG)) == 0,
         "the child's read() into the zone did not reach the parent");
  zdetach(z);
}

// Fail unless the read-only zone r (holding seed 1) is unwritable: stores
// kill, and system calls refuse to write into it.
static void
rounwritable(uint *r)
{
  int fd[2], pid;

  look(r, ZWORDS, 1, 1, "a read-only zone after fork");
  mustkill((uint)r, 1, "to a read-only zone after fork");
  mustkill((uint)r + 2 * PGSIZE + 8, 1, "to page 2 of a read-only zone");
  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "pipe write failed");
  expect(read(fd[0], r, 4) == -1, "read() into a read-only zone worked");
  expect(pipe((int *)r) == -1, "pipe() into a read-only zone worked");
  expect(fstat(fd[0], (struct stat *)r) == -1, "fstat into a read-only zone worked");
  if((pid = xfork()) == 0)
    exit(3);
  expect(wait((int *)r) == -1, "wait() into a read-only zone worked");
  expect(reap(pid) == 3, "the child's status was lost");
  closepipe(fd);
  look(r, ZWORDS, 1, 1, "a read-only zone after refused writes");
}

// cowzonero's child: attach the zone read-only, fork, and in the new
// child check that the zone stays read-only and still shared.
static void
rochild(uint *z, struct link *c)
{
  uint *r;
  int pid;

  zdetach(z);
  r = (uint *)shmem(Z_RO, M_RDONLY, 0);
  expect(r != (uint *)NOMEM, "attaching zone %d read-only failed", Z_RO);
  if((pid = xfork()) == 0){
    rounwritable(r);
    tell(c->out);
    hear(c->in);
    look(r, ZWORDS, 2, 2, "the writer's new data, in a read-only zone after fork");
    exit(0);
  }
  reapok(pid, "the forked child of a read-only attachment");
  exit(0);
}

// A zone attached read-only stays read-only in a forked child (a store
// kills; read() and the like into it return -1), and still shows what
// its writer writes.
void
cowzonero(void)
{
  uint *z = zcreate(Z_RO);
  struct link c;
  int pid;

  paint(z, ZWORDS, 1, 1);
  if((pid = linkfork(&c)) == 0)
    rochild(z, &c);
  hear(c.in);
  paint(z, ZWORDS, 2, 1);
  tell(c.out);
  reapok(pid, "the read-only side");
  linkclose(&c);
  zdetach(z);
}
