// zonetests: M_WAIT, waiting for a zone that is being created.
#include "zonetests.h"

#define NWAITERS 4

// A waiter: says it is about to wait, attaches with M_WAIT, waits for
// the creator's MAGIC, then writes its slot (if it may write).
static void
waiter(int id, int flags, int i, int ready)
{
  volatile uint *z;
  int n;

  send(ready, 'w');
  z = (volatile uint *)shmem(id, M_WAIT | flags, 0);
  if(z == (uint *)FAILED)
    fail("waiter %d: shmem(%d, M_WAIT) failed", i, id);
  for(n = 0; z[0] != MAGIC; n++){
    if(n >= POLL)
      fail("waiter %d never saw the creator's data", i);
    sleep(1);
  }
  if(flags & M_RDONLY){
    if(access1((char *)z, 1) != -1)
      fail("write through a read-only M_WAIT attach did not kill");
  } else {
    z[1 + i] = 100 + i;
  }
  exit(0);
}

// Start NWAITERS waiters on id and let them fall asleep.
static void
startwaiters(int id, int rdonlymask)
{
  int i, p[2];

  mkpipe(p);
  for(i = 0; i < NWAITERS; i++)
    if(xfork() == 0)
      waiter(id, (rdonlymask >> i) & 1 ? M_RDONLY : 0, i, p[1]);
  for(i = 0; i < NWAITERS; i++)
    recv(p[0]);
  closepipe(p);
  sleep(30);                           // from "about to wait" to asleep
  expect(nref(id) == -1, "zone %d exists before its creation", id);
}

void
t_mwait(void)
{
  uint *z;
  int i, pid;

  // Every waiter wakes and attaches, though the creator leaves at once.
  startwaiters(ID_WAIT, 0);
  z = (uint *)create(ID_WAIT, 2);
  i = nref(ID_WAIT);
  z[0] = MAGIC;
  detach((char *)z);
  expect(i == 1 + NWAITERS, "creation counted %d references, expected 1 + %d "
        "waiters", i, NWAITERS);
  expect(waitall(NWAITERS) == 0, "a waiter failed (see console)");
  expect(nref(ID_WAIT) == -1, "zone survived all its waiters");

  // Read-only and writable waiters; the creator stays.
  startwaiters(ID_WAIT + 1, 0x5);
  z = (uint *)create(ID_WAIT + 1, 1);
  z[0] = MAGIC;
  if(xfork() == 0){                    // M_WAIT on a live zone: at once
    detach((char *)z);
    expect(attach(ID_WAIT + 1, M_WAIT, 1) == (char *)z, "M_WAIT attach misplaced");
    exit(0);
  }
  expect(waitall(NWAITERS + 1) == 0, "a waiter failed (see console)");
  for(i = 0; i < NWAITERS; i++)
    if(!(0x5 >> i & 1))
      expect(z[1 + i] == 100 + i, "waiter %d's write not seen", i);
  expectnref(ID_WAIT + 1, 1, "after the waiters left");
  detach((char *)z);

  // A waiter asking for the wrong size wakes and fails, leaving no trace.
  pid = xfork();
  if(pid == 0)
    exit(shmem(ID_WAIT + 2, M_WAIT, 5) == FAILED ? 0 : 1);
  sleep(10);
  z = (uint *)create(ID_WAIT + 2, 3);
  expect(waitfor(pid) == 0, "M_WAIT for 5 pages attached a zone of 3");
  expectnref(ID_WAIT + 2, 1, "after a waiter of the wrong size");
  detach((char *)z);
  expect(nref(ID_WAIT + 2) == -1, "zone survived its creator");
}

// kill ends an M_WAIT sleep, and the dead waiter is not counted later.
void
t_waitkill(void)
{
  int p[2], q[2], pid, pid2;
  char *a;

  mkpipe(p);
  mkpipe(q);
  pid = xfork();
  if(pid == 0){
    send(p[1], 'w');
    shmem(ID_WAITKILL, M_WAIT, 0);
    exit(5);                           // shmem returned: it should not
  }
  recv(p[0]);
  sleep(10);
  kill(pid);
  expect(waitfor(pid) == -1, "killed waiter did not die with status -1");
  expect(nref(ID_WAITKILL) == -1, "a killed waiter created the zone");
  a = create(ID_WAITKILL, 1);
  expectnref(ID_WAITKILL, 1, "creation after a killed waiter");
  detach(a);
  expect(nref(ID_WAITKILL) == -1, "zone survived: a dead waiter holds a reference");

  // Of two waiters, one is killed; the other still gets the zone.
  pid = xfork();
  if(pid == 0){
    send(p[1], 'w');
    a = attach(ID_WAITKILL, M_WAIT, 0);
    recv(q[0]);
    exit(0);
  }
  pid2 = xfork();
  if(pid2 == 0){
    send(p[1], 'w');
    shmem(ID_WAITKILL, M_WAIT, 0);
    exit(5);
  }
  recv(p[0]);
  recv(p[0]);
  sleep(10);
  kill(pid2);
  expect(waitfor(pid2) == -1, "killed waiter did not die with status -1");
  a = create(ID_WAITKILL, 1);
  awaitnref(ID_WAITKILL, 2, "creator and the live waiter");
  send(q[1], 'q');
  expect(waitfor(pid) == 0, "live waiter failed (see console)");
  expectnref(ID_WAITKILL, 1, "after the waiter's exit");
  detach(a);
}
