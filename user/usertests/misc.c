// usertests: time, machine, zones.
#include "usertests.h"

void
uptimetest(void)
{
  int t0 = uptime(), t1;

  expect(t0 > 0, "uptime %d", t0);
  expect(sleep(10) == 0, "sleep(10) failed");
  t1 = uptime();
  expect(t1 - t0 >= 10, "uptime went from %d to %d over sleep(10)", t0, t1);
  expect(sleep(0) == 0, "sleep(0) failed");
  expect(sleep(-1) == -1, "sleep(-1) did not fail");
}

// Only init may power the machine off.
void
poweroffbad(void)
{
  expect(poweroff(0) == -1, "poweroff from a plain process returned 0");
}

// kpanic from anyone but init is refused, whatever it asks for.
void
kpanicbad(void)
{
  expect(kpanic(KPANIC_CALL) == -1, "kpanic from a plain process returned");
  expect(kpanic(KPANIC_FAULT) == -1, "kpanic fault from a plain process returned");
  expect(kpanic(-1) == -1, "kpanic(-1) from a plain process returned");
}

// A system call number outside the table, or a hole in it, is an error
// (-1), not a kill or a jump through a stray pointer.
void
badsyscall(void)
{
  static uint nums[] = { 0, 1000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };
  int i, r;

  for(i = 0; i < sizeof(nums) / sizeof(nums[0]); i++){
    SYSCALL3(nums[i], 0, 0, 0, r);
    expect(r == -1, "system call %x returned %d", nums[i], r);
  }
}

// shmem, shmdt and shminfo refuse malformed requests and change nothing.
void
shmbad(void)
{
  struct shminfo info;
  struct sysinfo si;
  char *no = (char *)-1;

  sysinfo(&si);
  expect(shmem(-1, M_CREATE, 1) == no, "shmem of id -1");
  expect(shmem(MAXSHM, M_CREATE, 1) == no, "shmem of id MAXSHM");
  expect(shmem(0, M_CREATE, 0) == no, "shmem of 0 pages");
  expect(shmem(0, M_CREATE, SHMPAGE + 1) == no, "shmem of SHMPAGE+1 pages");
  expect(shmem(0, M_CREATE | M_WAIT, 1) == no, "shmem M_CREATE|M_WAIT");
  expect(shmem(0, 0x100, 1) == no, "shmem with unknown flags");
  expect(shmem(0, 0, 1) == no, "shmem attach of a missing zone");
  expect(shmdt((void *)SHMBASE) == -1, "shmdt with nothing attached");
  expect(shmdt(0) == -1, "shmdt(0)");
  expect(shminfo(0, &info) == -1, "shminfo of a missing zone");
  expect(shminfo(-1, &info) == -1, "shminfo of id -1");
  expect(shminfo(MAXSHM, &info) == -1, "shminfo of id MAXSHM");
  expect(freepages() == si.freepages, "refused calls took pages");
}
