// synctests: the helpers every file of the suite shares.
#include "synctests.h"

char*
create(int id, int npages)
{
  char *a = shmem(id, M_CREATE, npages);

  if(a == FAILED)
    fail("shmem(%d, M_CREATE, %d) failed", id, npages);
  return a;
}

void
detach(void *a)
{
  if(shmdt(a) < 0)
    fail("shmdt(0x%x) failed", (uint)a);
}

// Fork a helper that runs fn(arg) and exits 0 (fn may fail() instead).
// Returns its pid.
int
spawn(void (*fn)(void *, int), void *z, int arg)
{
  int pid = fork();

  if(pid < 0)
    fail("fork failed");
  if(pid == 0){
    fn(z, arg);
    exit(0);
  }
  return pid;
}

// Poll until *w == want: another process sets it, not in step with us.
void
await(volatile int *w, int want, char *what)
{
  int i;

  for(i = 0; atomic_load((int *)w) != want; i++){
    if(i >= POLL)
      fail("%s: still %d after %d ticks, expected %d", what, *w, POLL, want);
    sleep(1);
  }
}

// Wake sleepers on w, n at a time, until total have been woken (they may
// not all be asleep yet).  Fails if a call wakes more than n.
void
wakeall(int *w, int n, int total)
{
  int r, woken = 0, i;

  for(i = 0; woken < total; i++){
    r = futex_wake(w, n);
    expect(r >= 0 && r <= n, "futex_wake(%d) returned %d", n, r);
    woken += r;
    expect(woken <= total, "futex_wake woke %d, only %d sleep", woken, total);
    expect(i < POLL, "%d of %d sleepers found in %d ticks", woken, total, POLL);
    if(r == 0)
      sleep(1);
  }
}

// A small random-number generator, seeded per process.
static uint rndstate;

uint
rnd(void)
{
  if(rndstate == 0)
    rndstate = getpid() * 2654435761u ^ uptime();
  rndstate ^= rndstate << 13;
  rndstate ^= rndstate >> 17;
  rndstate ^= rndstate << 5;
  return rndstate;
}

// Burn about n loop iterations in user mode.
void
busy(int n)
{
  volatile int i;

  for(i = 0; i < n; i++)
    ;
}

int
nsyscalls(void)
{
  struct sysinfo s;

  if(sysinfo(&s) < 0)
    fail("sysinfo failed");
  return s.nsyscall;
}

int
nref(int id)
{
  struct shminfo si;

  return shminfo(id, &si) < 0 ? -1 : si.nref;
}
