// usertests: CPU state: what user code leaves in the CPU.
#include "usertests.h"

// With the direction flag set, make system calls that copy memory and
// stay long enough to be preempted.  The kernel must clear the flag on
// entry: its copy loops assume it clear, and the machine used to reset.
// Only hand-written code runs while the flag is set: C assumes it clear.
static char dfmsg[] = "sent with the direction flag set";

static void
dfchild(int wfd)
{
  int r, start, now, n = sizeof(dfmsg);
  char *msg = dfmsg;

  asm volatile("std");
  SYSCALL3(SYS_uptime, 0, 0, 0, start);
  do {
    SYSCALL3(SYS_write, wfd, msg, n, r);
    SYSCALL3(SYS_uptime, 0, 0, 0, now);
  } while(r == n && now - start < 3);
  asm volatile("cld");
  expect(r == n, "write with DF set returned %d", r);
}

// dirflag: the kernel clears the direction flag on every entry.
void
dirflag(void)
{
  int fds[2], pid, n, i, total = 0;

  mkpipe(fds);
  if((pid = fork()) == 0){
    close(fds[0]);
    dfchild(fds[1]);
    exit(0);
  }
  expect(pid > 0, "fork failed");
  close(fds[1]);
  while((n = read(fds[0], buf, sizeof(buf))) > 0){
    for(i = 0; i < n; i++, total++)
      expect(buf[i] == dfmsg[total % sizeof(dfmsg)], "byte %d is %x", total, buf[i]);
  }
  close(fds[0]);
  expect(reap(pid) == 0, "the child with DF set failed");
  expect(total > 0 && total % sizeof(dfmsg) == 0, "%d bytes arrived", total);
}

// The x87 and SSE controls and one register of each, as a process sees
// them.
struct fpregs {
  ushort fcw;
  uint mxcsr;
  uint xmm0;
  int st0;
};

static void
fpuset(struct fpregs *r)
{
  asm volatile("fninit; fldcw %0" : : "m"(r->fcw));
  asm volatile("ldmxcsr %0" : : "m"(r->mxcsr));
  asm volatile("movd %0, %%xmm0" : : "r"(r->xmm0));
  asm volatile("fildl %0" : : "m"(r->st0));
}

// Read the registers fpuset sets, leaving st0 in place.
static void
fpuget(struct fpregs *r)
{
  asm volatile("fnstcw %0" : "=m"(r->fcw));
  asm volatile("stmxcsr %0" : "=m"(r->mxcsr));
  asm volatile("movd %%xmm0, %0" : "=r"(r->xmm0));
  asm volatile("fistl %0" : "=m"(r->st0));
}

// Distinct, valid register contents for process k: rounding modes and
// precision differ, and the values carry k.
static void
fpupattern(int k, struct fpregs *r)
{
  r->fcw = 0x007F | (k % 4) << 10 | (k % 3) << 8;
  r->mxcsr = 0x1F80 | (k % 4) << 13;
  r->xmm0 = 0xF0F00000 + k;
  r->st0 = 1000 + k;
}

static void
fpuexpect(struct fpregs *got, struct fpregs *want, char *when)
{
  expect(got->fcw == want->fcw && got->mxcsr == want->mxcsr &&
         got->xmm0 == want->xmm0 && got->st0 == want->st0,
         "%s: fcw %x mxcsr %x xmm0 %x st0 %d, want %x %x %x %d", when,
         got->fcw, got->mxcsr, got->xmm0, got->st0,
         want->fcw, want->mxcsr, want->xmm0, want->st0);
}

// Set this process's pattern, then sleep and spin so other processes run
// on this CPU in between, and check it every time.
static void
fpukeeper(int k)
{
  struct fpregs want, got;
  int i;

  fpupattern(k, &want);
  fpuset(&want);
  for(i = 0; i < 20; i++){
    sleep(1);
    fpuget(&got);
    fpuexpect(&got, &want, "after sleep");
  }
}

// fpuprivate: every process has its own x87/SSE registers; they used to
// be shared by all, so one program's rounding mode leaked into another's.
void
fpuprivate(void)
{
  int i, pid, status;

  for(i = 0; i < 6; i++)
    spawn(fpukeeper, i + 1);
  for(i = 0; i < 6; i++){
    pid = wait(&status);
    expect(pid > 0 && status == 0, "process %d lost its FPU registers (status %d)",
           pid, status);
  }
}

// The program at the other end of fpuexec: a new program starts with the
// registers of a CPU fresh from reset.  Exits 0 if it did.
int
fpucleancheck(void)
{
  struct fpregs got, want = { 0x037F, 0x1F80, 0, 0 };

  fpuget(&got);
  return got.fcw == want.fcw && got.mxcsr == want.mxcsr && got.xmm0 == 0 ? 0 : 1;
}

static void
fpuforked(int k)
{
  struct fpregs want, got;

  fpupattern(k, &want);
  fpuget(&got);
  fpuexpect(&got, &want, "in the forked child");
}

// fpuinherit: fork copies the FPU registers; exec starts clean.
void
fpuinherit(void)
{
  char *argv[] = { "usertests", FPUCHECK, 0 };
  struct fpregs mine;
  int status;

  fpupattern(5, &mine);
  fpuset(&mine);
  status = inchild(fpuforked, 5);
  expect(status == 0, "the forked child saw other registers");
  status = execstatus("/usertests", argv);
  expect(status == 0, "exec did not start with clean FPU registers (%d)", status);
}

static void
writetext(int unused)
{
  *(volatile char *)fpuinherit = 0xCC;
  fail("a store into the program's text went through");
}

// textro: program text is mapped read-only; it used to be writable, so
// a stray store rewrote the code.  The kernel refuses to write it too.
void
textro(void)
{
  char *text = (char *)textro;
  int fds[2], status;

  memmove(buf2, text, 16);   // still readable
  status = inchild(writetext, 0);
  expect(status == -1, "store into text: status %d", status);
  mkpipe(fds);
  expect(write(fds[1], "xy", 2) == 2, "pipe write failed");
  expect(read(fds[0], text, 2) == -1, "read() into text succeeded");
  close(fds[0]);
  close(fds[1]);
  expect(memcmp(buf2, text, 16) == 0, "the text changed");
}

// Below the guard page lie the program's data and text.
static char clashvictim[2 * PGSIZE];

static void
bigframe(int unused)
{
  uint sp, n;

  asm volatile("movl %%esp, %0" : "=r"(sp));
  n = sp - (uint)&clashvictim[PGSIZE];
  {
    volatile char frame[n];   // reaches from the stack into the data
    frame[0] = 1;
    expect(frame[0] == 1, "the frame's lowest byte did not hold");
  }
  fail("a %d-byte frame stepped over the guard page", n);
}

// stackclash: a frame larger than the guard page cannot jump over it
// (every page of a large frame is probed on the way down); it used to
// land in the program's own data with no fault.
void
stackclash(void)
{
  int status = inchild(bigframe, 0);

  expect(status == -1, "big frame: status %d", status);
  expect(clashvictim[0] == 0 && clashvictim[PGSIZE] == 0, "data was written");
}
