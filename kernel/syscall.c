// The system-call layer: dispatch on %eax, and fetch arguments from the
// user stack.  Every user pointer is checked with uvmaccess() before the
// kernel touches it, so a bad pointer costs the caller a -1, never a
// fault in the kernel.  Strings are copied in before use.  Arguments sit
// above the return address that the user stub's caller pushed: argument n
// is at esp + 4 + 4n.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "syscall.h"

// Fetch the int at user address addr.
int
fetchint(uint addr, int *ip)
{
  struct proc *p = myproc();

  if(uvmaccess(p, addr, sizeof(int), UREAD) < 0)
    return -1;
  *ip = *(int *)addr;
  return 0;
}

// Copy the NUL-terminated string at user address addr into buf, which
// holds max bytes.  Returns its length, or -1 if it is not wholly readable
// or does not fit.  Strings are always copied, never used in place:
// another process sharing a zone could change them between a check and
// a use.
int
fetchstr(uint addr, char *buf, int max)
{
  struct proc *p = myproc();
  int n;

  for(n = 0; n < max; n++, addr++){
    if((n == 0 || addr % PGSIZE == 0) &&
       uvmaccess(p, addr, 1, UREAD) < 0)
      return -1;
    if((buf[n] = *(char *)addr) == 0)
      return n;
  }
  return -1;
}

int
argint(int n, int *ip)
{
  return fetchint(myproc()->tf->esp + 4 + 4*n, ip);
}

// Fetch argument n as a pointer to size bytes that the kernel may access
// as access (UREAD or UWRITE) on the caller's behalf.
int
argptr(int n, char **pp, int size, int access)
{
  int a;

  if(argint(n, &a) < 0 || size < 0)
    return -1;
  if(uvmaccess(myproc(), (uint)a, size, access) < 0)
    return -1;
  *pp = (char *)a;
  return 0;
}

// Copy string argument n into buf (max bytes); returns its length or -1.
int
argstr(int n, char *buf, int max)
{
  int a;

  if(argint(n, &a) < 0)
    return -1;
  return fetchstr(a, buf, max);
}

extern int sys_chdir(void);
extern int sys_close(void);
extern int sys_dup(void);
extern int sys_exec(void);
extern int sys_exit(void);
extern int sys_fork(void);
extern int sys_fstat(void);
extern int sys_getpid(void);
extern int sys_kill(void);
extern int sys_link(void);
extern int sys_mkdir(void);
extern int sys_mknod(void);
extern int sys_open(void);
extern int sys_pipe(void);
extern int sys_read(void);
extern int sys_sbrk(void);
extern int sys_sleep(void);
extern int sys_unlink(void);
extern int sys_wait(void);
extern int sys_write(void);
extern int sys_uptime(void);
extern int sys_shmem(void);
extern int sys_shmdt(void);
extern int sys_shminfo(void);
extern int sys_sysinfo(void);
extern int sys_procinfo(void);
extern int sys_poweroff(void);
extern int sys_lockstat(void);
extern int sys_futex_wait(void);
extern int sys_futex_wake(void);
extern int sys_setrobust(void);
extern int sys_selfcheck(void);
extern int sys_failnth(void);
extern int sys_kpanic(void);

static int (*syscalls[])(void) = {
[SYS_fork]    sys_fork,
[SYS_exit]    sys_exit,
[SYS_wait]    sys_wait,
[SYS_pipe]    sys_pipe,
[SYS_read]    sys_read,
[SYS_kill]    sys_kill,
[SYS_exec]    sys_exec,
[SYS_fstat]   sys_fstat,
[SYS_chdir]   sys_chdir,
[SYS_dup]     sys_dup,
[SYS_getpid]  sys_getpid,
[SYS_sbrk]    sys_sbrk,
[SYS_sleep]   sys_sleep,
[SYS_uptime]  sys_uptime,
[SYS_open]    sys_open,
[SYS_write]   sys_write,
[SYS_mknod]   sys_mknod,
[SYS_unlink]  sys_unlink,
[SYS_link]    sys_link,
[SYS_mkdir]   sys_mkdir,
[SYS_close]   sys_close,
[SYS_shmem]   sys_shmem,
[SYS_shmdt]   sys_shmdt,
[SYS_shminfo] sys_shminfo,
[SYS_sysinfo] sys_sysinfo,
[SYS_poweroff] sys_poweroff,
[SYS_procinfo] sys_procinfo,
[SYS_lockstat] sys_lockstat,
[SYS_futex_wait] sys_futex_wait,
[SYS_futex_wake] sys_futex_wake,
[SYS_setrobust] sys_setrobust,
[SYS_selfcheck] sys_selfcheck,
[SYS_failnth] sys_failnth,
[SYS_kpanic]   sys_kpanic,
};

void
syscall(void)
{
  struct proc *p = myproc();
  uint num = p->tf->eax;

  p->nsyscall++;
  if(num < NELEM(syscalls) && syscalls[num])
    p->tf->eax = syscalls[num]();
  else
    p->tf->eax = -1;   // unknown call: an error, not a kill
}
