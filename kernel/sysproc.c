// System calls about processes, time, memory, zones and the machine:
// each fetches and checks its arguments, then calls the subsystem.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "zone.h"
#include "procinfo.h"
#include "lockstat.h"
#include "kpanic.h"

int
sys_fork(void)
{
  return fork();
}

int
sys_exit(void)
{
  int status;

  if(argint(0, &status) < 0)
    status = -1;
  exit(status);
}

int
sys_wait(void)
{
  char *status = 0;
  int addr, st, pid;

  if(argint(0, &addr) < 0)
    return -1;
  if(addr && argptr(0, &status, sizeof(int), UWRITE) < 0)
    return -1;
  pid = wait(&st);
  if(pid >= 0 && status)
    *(int *)status = st;
  return pid;
}

// Copy the user's argv (an array of string pointers ending in 0) into
// page buf, with the pointers in argv.  The strings must fit in one page,
// as they must on the new stack.  Returns 0 or -1.
static int
fetchargv(uint uargv, char **argv, char *buf)
{
  int i, uarg, len, used = 0;

  for(i = 0; ; i++){
    if(i > MAXARG || fetchint(uargv + 4*i, &uarg) < 0)
      return -1;
    if(uarg == 0)
      break;
    if((len = fetchstr(uarg, buf + used, PGSIZE - used)) < 0)
      return -1;
    argv[i] = buf + used;
    used += len + 1;
  }
  argv[i] = 0;
  return 0;
}

// exec(path, argv)
int
sys_exec(void)
{
  char path[MAXPATH], *argv[MAXARG + 1], *buf;
  int uargv, r = -1;

  if(argstr(0, path, sizeof(path)) < 0 || argint(1, &uargv) < 0)
    return -1;
  if((buf = kalloc()) == 0)
    return -1;
  if(fetchargv(uargv, argv, buf) == 0)
    r = exec(path, argv);
  kfree(buf);
  return r;
}

int
sys_kill(void)
{
  int pid;

  if(argint(0, &pid) < 0)
    return -1;
  return kill(pid);
}

int
sys_getpid(void)
{
  return myproc()->pid;
}

// Returns the old end of private memory.
int
sys_sbrk(void)
{
  int n, addr;

  if(argint(0, &n) < 0)
    return -1;
  addr = myproc()->sz;
  if(growproc(n) < 0)
    return -1;
  return addr;
}

// Sleep for n clock ticks; -1 if killed meanwhile.
int
sys_sleep(void)
{
  int n;
  uint start;

  if(argint(0, &n) < 0 || n < 0)
    return -1;
  acquire(&tickslock);
  start = ticks;
  while(ticks - start < (uint)n){
    if(sleepkillable(&ticks, &tickslock) < 0){
      release(&tickslock);
      return -1;
    }
  }
  release(&tickslock);
  return 0;
}

int
sys_uptime(void)
{
  uint t;

  acquire(&tickslock);
  t = ticks;
  release(&tickslock);
  return t;
}

// Only init may stop the machine, so that no test or fuzzer can by
// accident.
int
sys_poweroff(void)
{
  int status;

  if(argint(0, &status) < 0 || myproc()->pid != 1)
    return -1;
  poweroff(status);
}

// Panic on purpose, to show what a panic prints (docs/debugging.md,
// "Reading a panic"): KPANIC_CALL calls panic, KPANIC_FAULT faults.
// Only init may, like poweroff; a test boots with "init=/kpanic" to make
// the program init.
int
sys_kpanic(void)
{
  int how;

  if(argint(0, &how) < 0 || myproc()->pid != 1)
    return -1;
  if(how == KPANIC_CALL)
    panic("kpanic: on request");
  if(how == KPANIC_FAULT)
    *(volatile int *)SHMBASE = 0;   // unmapped: init has no zones
  return -1;
}

int
sys_shmem(void)
{
  int id, flags, npages;

  if(argint(0, &id) < 0 || argint(1, &flags) < 0 || argint(2, &npages) < 0)
    return -1;
  return (int)zattach(id, flags, npages);
}

int
sys_shmdt(void)
{
  int addr;

  if(argint(0, &addr) < 0)
    return -1;
  return zdetach(addr);
}

int
sys_shminfo(void)
{
  struct shminfo *info;
  int id;

  if(argint(0, &id) < 0 || argptr(1, (char **)&info, sizeof(*info), UWRITE) < 0)
    return -1;
  return zinfo(id, info);
}

int
sys_sysinfo(void)
{
  struct sysinfo *info;

  if(argptr(0, (char **)&info, sizeof(*info), UWRITE) < 0)
    return -1;
  info->freepages = kfreecount();
  info->nproc = nproc_used();
  info->nzones = zcount();
  info->ncpu = ncpu;
  info->totalpages = ktotalcount();
  info->zonepages = zpagecount();
  info->nsyscall = myproc()->nsyscall - 1;
  info->nfiles = nfile_used();
  info->ninodes = ninode_used();
  return 0;
}

// procinfo(buf, n): a snapshot of at most n processes into buf; returns
// how many.  The snapshot is taken into a page of the kernel's and copied
// out after ptable.lock is released.
int
sys_procinfo(void)
{
  struct procinfo *buf, *snap;
  int n;

  _Static_assert(NPROC * sizeof(struct procinfo) <= PGSIZE,
                 "procinfo: the snapshot fills one page");
  if(argint(1, &n) < 0 || n < 0)
    return -1;
  if(n > NPROC)
    n = NPROC;
  if(argptr(0, (char **)&buf, n * sizeof(*buf), UWRITE) < 0)
    return -1;
  if((snap = (struct procinfo *)kalloc()) == 0)
    return -1;
  n = procsnapshot(snap, n);
  memmove(buf, snap, n * sizeof(*buf));
  kfree((char *)snap);
  return n;
}

// lockstat(buf, n): the statistics of up to n lock classes (spinlock.c)
// into buf, which must have room for n of them, or NLOCKCLASS if n is
// more.  Returns the number filled.
int
sys_lockstat(void)
{
  struct lockstat *buf;
  int n;

  if(argint(1, &n) < 0 || n < 0)
    return -1;
  if(n > NLOCKCLASS)
    n = NLOCKCLASS;
  if(argptr(0, (char **)&buf, n * sizeof(*buf), UWRITE) < 0)
    return -1;
  return lockstats(buf, n);
}

// failnth(what, n, seed): make the caller's own allocations fail on
// purpose (faultinj.c).  Returns the calls counted since the last
// failnth, or -1 if the arguments are bad.
int
sys_failnth(void)
{
  int what, n, seed;

  if(argint(0, &what) < 0 || argint(1, &n) < 0 || argint(2, &seed) < 0)
    return -1;
  return faultset(what, n, seed);
}
