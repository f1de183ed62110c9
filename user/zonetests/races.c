// zonetests: races on several CPUs.
#include "zonetests.h"

#define NRACERS 8

// Racer i: on "go", create id or, losing, wait for it; stamp; report W or
// L; then stay attached until released.
static void
racer(int id, int n, int i, int go, int res, int rel)
{
  volatile uint *z;
  int won, k;

  recv(go);
  z = (volatile uint *)shmem(id, M_CREATE, n);
  won = z != (uint *)FAILED;
  if(won){
    if(nonzero((char *)z, n) >= 0)
      fail("the winner's zone is not zero-filled");
    z[0] = getpid();
  } else if((z = (volatile uint *)shmem(id, M_WAIT, 0)) == (uint *)FAILED){
    fail("a loser could not attach the winner's zone");
  }
  for(k = 0; z[0] == 0; k++){
    if(k >= POLL)
      fail("never saw the winner's stamp");
    sleep(1);
  }
  z[1 + i] = 1;
  send(res, won ? 'W' : 'L');
  recv(rel);
  exit(0);
}

// Many processes create one id at once: exactly one wins.
void
t_createrace(void)
{
  int round, i, wins, go[2], res[2], rel[2];
  uint *z;
  char *a;

  for(round = 0; round < 25; round++){
    mkpipe(go);
    mkpipe(res);
    mkpipe(rel);
    for(i = 0; i < NRACERS; i++)
      if(xfork() == 0)
        racer(ID_CRACE, 1 + round % 3, i, go[0], res[1], rel[0]);
    write(go[1], "gggggggggggggggg", NRACERS);
    for(wins = i = 0; i < NRACERS; i++)
      wins += recv(res[0]) == 'W';
    expect(wins == 1, "round %d: %d of %d creators won", round, wins, NRACERS);
    a = attach(ID_CRACE, M_RDONLY, 0);
    z = (uint *)a;
    expectnref(ID_CRACE, NRACERS + 1, "with all racers attached");
    expect(zsize(ID_CRACE) == 1 + round % 3, "round %d: zone has %d pages",
          round, zsize(ID_CRACE));
    for(i = 0; i < NRACERS; i++)
      expect(z[1 + i] == 1, "round %d: racer %d's write not seen", round, i);
    detach(a);
    write(rel[1], "rrrrrrrrrrrrrrrr", NRACERS);
    expect(waitall(NRACERS) == 0, "round %d: a racer failed (see console)", round);
    expect(nref(ID_CRACE) == -1, "round %d: zone survived its racers", round);
    closepipe(go);
    closepipe(res);
    closepipe(rel);
  }
}

// Churn: create id, check and stamp it, detach; or attach it if it
// exists.  Only creators write, so a new zone must read zero.
static void
churn(int id)
{
  volatile uint *z;
  int i, me = getpid();

  for(i = 0; i < 200; i++){
    z = (volatile uint *)shmem(id, M_CREATE, 2);
    if(z != (uint *)FAILED){
      if(nonzero((char *)z, 2) >= 0)
        fail("churn: a new zone is not zero-filled");
      z[0] = me;
      z[1024] = me;
      if(z[0] != me || z[1024] != me)
        fail("churn: someone else wrote into my new zone");
      detach((char *)z);
    } else if((z = (volatile uint *)shmem(id, 0, 0)) != (uint *)FAILED){
      (void)z[0];
      detach((char *)z);
    }
  }
}

// One attach-race worker of kind k; the zone id holds MAGIC.
static void
araceworker(int id, int k)
{
  volatile uint *z;
  char *argv[7], bufs[72];
  int i, pid, ro = k & 1;

  switch(k){
  case 0: case 1: case 2: case 3:      // attach/detach, rw and ro
    for(i = 0; i < 200; i++){
      z = (volatile uint *)attach(id, ro ? M_RDONLY : 0, (i & 1) ? 8 : 0);
      if(z[0] != MAGIC)
        fail("attach %d sees no MAGIC", i);
      if(!ro){
        z[16 + k] = i;
        if(z[16 + k] != i)
          fail("my slot changed under me");
      }
      detach((char *)z);
    }
    break;
  case 4:                              // fork with the zone attached
    z = (volatile uint *)attach(id, 0, 0);
    for(i = 0; i < 40; i++){
      if((pid = xfork()) == 0){
        if(i & 1)
          detach((char *)z);
        exit(0);
      }
      if(waitfor(pid) != 0)
        fail("forked child failed");
    }
    break;
  case 5:                              // kill attached children
    for(i = 0; i < 30; i++){
      if((pid = xfork()) == 0){
        attach(id, 0, 0);
        spin();
      }
      if(i & 1)
        sleep(1);
      kill(pid);
      if(waitfor(pid) != -1)
        fail("killed child did not die");
    }
    break;
  case 6: case 7:                      // create and destroy another id
    churn(ID_CHURN);
    break;
  case 8:                              // exec with the zone attached
    for(i = 0; i < 8; i++){
      if((pid = xfork()) == 0){
        attach(id, 0, 0);
        probeargv(argv, bufs, id, -2, -1, -1);
        exec(SELF, argv);
        fail("exec failed");
      }
      if(waitfor(pid) != 0)
        fail("exec'd child failed");
    }
    break;
  }
  exit(0);
}

#define NWORKERS 9

// Concurrent attach, detach, fork, exec, exit and kill on one zone, and
// create/destroy churn on another: every count comes out exact.
void
t_attachrace(void)
{
  int i, p[2];
  uint *z;
  char c;

  mkpipe(p);
  for(i = 0; i < NWORKERS; i++){
    if(xfork() == 0){
      close(p[1]);
      read(p[0], &c, 1);               // start together
      araceworker(ID_ARACE, i);
    }
  }
  z = (uint *)create(ID_ARACE, 8);
  z[0] = MAGIC;
  closepipe(p);
  expect(waitall(NWORKERS) == 0, "a worker failed (see console)");
  expectnref(ID_ARACE, 1, "after all workers");
  expect(nref(ID_CHURN) == -1, "churned zone survived");
  for(i = 0; i < 4; i += 2)
    expect(z[16 + i] == 199, "worker %d's last write lost", i);
  detach((char *)z);
}

#define LASTREF_ROUNDS 20000   // per worker: a few seconds on 2 CPUs

// Create zone id, or attach it if it exists, write to it and detach,
// over and over.
static void
lastrefworker(int id)
{
  volatile uint *z;
  int i;

  for(i = 0; i < LASTREF_ROUNDS; i++){
    z = (volatile uint *)shmem(id, M_CREATE, 1);
    if(z == (uint *)FAILED && (z = (volatile uint *)shmem(id, 0, 0)) == (uint *)FAILED)
      continue;                        // freed, or being created, meanwhile
    z[0]++;
    detach((char *)z);
  }
  exit(0);
}

// One worker per CPU creates, attaches and detaches one zone as fast as
// it can, so that the last detach of the zone keeps meeting an attach of
// it on another CPU: the zone must be freed exactly once, by whoever
// dropped the last reference.  (The mistake it catches, docs/zones.md
// "Zones, the wrong way": zput testing nref for 0 after releasing the
// lock, so that an attach in between gets pages then freed under it;
// attachrace catches that only now and then.)
void
t_lastref(void)
{
  int i, n = sys().ncpu;

  for(i = 0; i < n; i++)
    if(xfork() == 0)
      lastrefworker(ID_LASTREF);
  expect(waitall(n) == 0, "a worker failed (see console)");
  expect(nref(ID_LASTREF) == -1, "the zone outlived every holder");
}
