// Floating point: each process has its own x87/SSE registers.
//
// The kernel never computes in floating point (it is built with
// -mgeneral-regs-only), so while a process runs, in user mode or in the
// kernel on its behalf, the CPU's FPU registers are that process's.  They
// are saved into p->fpu when the scheduler gets the CPU back from p and
// loaded from there just before p runs again: an eager switch that costs
// one fxsave and one fxrstor per context switch and needs no trap.
// A new program (exec, and init) starts from the clean state below; a
// forked child starts with a copy of its parent's registers, as it does
// with every other register.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"

#define CPUID_FXSR (1 << 24)   // cpuid(1).edx: fxsave/fxrstor and SSE state
#define CPUID_SSE2 (1 << 26)   // cpuid(1).edx: SSE2, which user code may use
#define FCW_INIT   0x037F      // x87: all exceptions masked, round to nearest
#define MXCSR_INIT 0x1F80      // SSE: the same

// The state a program starts with: what the CPU has after a reset.
static struct fpustate clean = {
  .fcw = FCW_INIT,
  .mxcsr = MXCSR_INIT,
};

// Let user code use the x87 and SSE units on this CPU, with their own
// exceptions (#MF, #XM) rather than the legacy IRQ 13.  Every CPU calls it.
void
fpuinit(void)
{
  uint need = CPUID_FXSR | CPUID_SSE2;

  if((cpuid_edx(1) & need) != need)
    panic("fpuinit: zv6 needs a CPU with fxsave and SSE2");
  lcr0((rcr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
  lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

// The scheduler took the CPU back from p: keep p's registers.
void
fpusave(struct proc *p)
{
  fxsave(&p->fpu);
}

// p is about to run on this CPU.
void
fpurestore(struct proc *p)
{
  fxrstor(&p->fpu);
}

// fork: the child gets the registers the parent has now, on this CPU.
void
fpufork(struct proc *child)
{
  fxsave(&child->fpu);
}

// exec: the calling process starts its new program with clean registers.
void
fpuexec(void)
{
  fxrstor(&clean);
}

// The first process, which has not run yet.
void
fpuinitproc(struct proc *p)
{
  p->fpu = clean;
}
