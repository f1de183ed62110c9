// zonetests: thousands of cycles, then every page must be back.
#include "zonetests.h"

static void
samepages(struct sysinfo *s, char *phase)
{
  struct sysinfo t = sys();

  expect(t.freepages == s->freepages && t.nzones == s->nzones,
        "after %s: %d pages lost, %d zones left", phase,
        s->freepages - t.freepages, t.nzones - s->nzones);
}

// One forked child of the leak test, of kind i % 4.  a: zone ID_LEAK + 4.
static void
leakchild(char *a, int i, int j)
{
  char *b;
  int pid;

  a[i % PGSIZE] = i;
  switch(i % 4){
  case 0:                              // exit with the zone attached
    break;
  case 1:
    detach(a);
    b = attach(ID_LEAK + 4, (i & 4) ? M_RDONLY : 0, 0);
    (void)*(volatile char *)b;
    detach(b);
    break;
  case 2:                              // a zone of its own, left at exit
    fill(create(ID_LEAK + j, 1 + i % 3), 1, i);
    break;
  case 3:
    if((pid = xfork()) == 0){
      a[1] = 1;
      exit(0);
    }
    expect(waitfor(pid) == 0, "grandchild failed");
    break;
  }
  exit(0);
}

void
t_leak(void)
{
  struct sysinfo s0, s1;
  char *a, *b, *argv[7], bufs[72];
  int i, j, n, pid;

  detach(create(ID_LEAK, 1));          // the zone area's first page table
  s0 = sys();

  for(i = 0; i < 1200; i++){
    n = 1 + i % 17;
    a = create(ID_LEAK + i % 3, n);
    ((uint *)a)[0] = i;
    ((uint *)(a + n * PGSIZE))[-1] = i;
    if(i % 4 == 0){
      b = create(ID_LEAK + 3, 1 + i % 5);
      detach(a);
      detach(b);
    } else {
      detach(a);
    }
    expect(nref(ID_LEAK + i % 3) == -1, "cycle %d: zone survived", i);
  }
  samepages(&s0, "1200 create/detach cycles");

  a = create(ID_LEAK + 4, 4);
  s1 = sys();
  for(i = 0; i < 300; i += 4){
    for(j = 0; j < 4; j++)
      if(xfork() == 0)
        leakchild(a, i + j, j);
    expect(waitall(4) == 0, "a forked child failed (see console)");
  }
  expectnref(ID_LEAK + 4, 1, "after 300 forked children");
  samepages(&s1, "300 forks");

  if((pid = xfork()) == 0)             // holds the zone while we detach it
    for(;;)
      sleep(1000);
  detach(a);
  for(i = 0; i < 500; i++){
    b = attach(ID_LEAK + 4, (i & 1) ? M_RDONLY : 0, 0);
    expect(b == a, "re-attach %d at 0x%x, not 0x%x", i, (uint)b, (uint)a);
    detach(b);
  }
  expectnref(ID_LEAK + 4, 1, "after 500 attach/detach");
  a = attach(ID_LEAK + 4, 0, 0);
  kill(pid);
  expect(waitfor(pid) == -1, "holder not killed");

  for(i = 0; i < 100; i++){
    if((pid = xfork()) == 0){
      if(i & 1)
        shmem(ID_LEAK + 5, M_WAIT, 0);
      else
        create(ID_LEAK + 5, 2);
      spin();
    }
    if(i % 3)
      sleep(1);
    kill(pid);
    expect(waitfor(pid) == -1, "killed child %d did not die", i);
  }
  expectnref(ID_LEAK + 4, 1, "after 100 killed children");
  detach(create(ID_LEAK + 5, 1));      // no dead waiter may be counted
  expect(nref(ID_LEAK + 5) == -1, "a killed waiter left a reference");
  samepages(&s1, "100 killed children");

  for(i = 0; i < 20; i++){
    if((pid = xfork()) == 0){
      if(i & 1)
        create(ID_LEAK + 5, 1);
      probeargv(argv, bufs, ID_LEAK + 4, -2, -1, -1);
      exec(SELF, argv);
      fail("exec failed");
    }
    expect(waitfor(pid) == 0, "exec'd child failed");
  }
  expectnref(ID_LEAK + 4, 1, "after 20 exec'd children");
  samepages(&s1, "20 execs");
  detach(a);
  samepages(&s0, "all cycles");
}
