#ifndef ZV6_PROC_H
#define ZV6_PROC_H
#include "param.h"
#include "mmu.h"
#include "faultinj.h"

// Per-CPU state.  Only its own CPU writes it, with interrupts off.
// In the kernel, %gs selects a segment based at this CPU's struct cpu,
// so mycpu() and myproc() are each a single load (%gs:0, %gs:4).
struct cpu {
  struct cpu *self;           // %gs:0
  struct proc *proc;          // %gs:4: running process, or 0
  uchar apicid;               // local APIC id
  struct context *scheduler;  // swtch() here to enter the scheduler
  struct taskstate ts;        // gives the kernel stack for traps from user mode
  struct segdesc gdt[NSEGS];
  volatile uint started;      // set once the CPU runs the scheduler
  int ncli;                   // depth of pushcli nesting
  int intena;                 // were interrupts on before the first pushcli?
};

extern struct cpu cpus[NCPU];
extern int ncpu;

// Callee-saved registers of a kernel thread that called swtch().
// %eax, %ecx, %edx are caller-saved; segment registers are constant;
// %esp is the address of the context itself.  eip is last, where swtch's
// return address already sits.
struct context {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;
};

enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

// The x87/SSE registers as fxsave stores them (fpu.c).
struct fpustate {
  ushort fcw;          // x87 control word
  ushort fsw;          // x87 status word
  uchar ftw;           // which x87 registers hold values (abridged)
  uchar pad;
  ushort fop;
  uint fip, fcs, fdp, fds;
  uint mxcsr;          // SSE control and status
  uint mxcsr_mask;
  uchar regs[480];     // st0-7, xmm0-7, and room the CPU leaves unused
} __attribute__((aligned(16)));
_Static_assert(sizeof(struct fpustate) == 512, "fxsave stores 512 bytes");

// One zone attached to a process: which, where, and how.
struct attachment {
  struct zone *zone;   // 0 if the slot is free
  uint va;             // start address in the zone area
  int rdonly;          // mapped without PTE_W
};

// Locks: [p] ptable.lock  [o] only the process itself (or its creator,
// before it first runs)
struct proc {
  enum procstate state;        // [p]
  int pid;                     // [p]
  struct proc *parent;         // [p]
  void *chan;                  // [p] sleeping on chan, if non-zero
  int killed;                  // [p] set by kill(); acted on at user return;
                               // read without the lock (killed())
  int xstate;                  // [p] exit status for wait()
  int midkernel;               // [p] if RUNNABLE: it stopped inside the
                               // kernel (preempted there, or woken from
                               // sleep) rather than at user mode (selfcheck)
  uint sz;                     // [o] bytes of private user memory
  uint stackbot;               // [o] [stackbot, sz), the stack and heap,
                               // is mapped on first touch; below lie the
                               // program and the gap under the stack
  pde_t *pgdir;                // [o] page directory
  char *kstack;                // [o] bottom of the kernel stack
  struct trapframe *tf;        // [o] trap frame of the current system call
  struct context *context;     // [o] swtch() here to run the process
  struct file *ofile[NOFILE];  // [o] open files
  struct inode *cwd;           // [o] current directory
  struct attachment zones[NPROCZONE]; // [o] attached zones
  uint robust;                 // [o] user address of its struct robust, or 0
  uint nsyscall;               // [o] system calls made (sysinfo)
  struct faultinj fault;       // [o] fault injection (faultinj.c); 0 when UNUSED
  char name[16];               // [o] for ^P and fault messages
  struct fpustate fpu;         // [o] x87/SSE registers while not running
};

#endif
