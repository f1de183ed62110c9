// Traps: system calls, device interrupts and faults all enter through
// vectors.S and trapasm.S and arrive in trap().  A fault in user code
// prints one line and kills the process; a fault in the kernel is a bug
// and panics, with a backtrace from the faulting instruction.  An NMI is
// another CPU's panic stopping this one.  The timer drives ticks (uptime,
// sleep) and preemption.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "traps.h"
#include "spinlock.h"

static struct gatedesc idt[256];  // set once by tvinit
extern uint vectors[];            // vectors.S

struct spinlock tickslock;        // protects ticks
uint ticks;                       // timer interrupts since boot (cpu 0's)

void
tvinit(void)
{
  int i;

  for(i = 0; i < 256; i++)
    setgate(&idt[i], 0, SEG_KCODE << 3, vectors[i], 0);
  // A trap gate: system calls run with interrupts on, and user code may
  // raise this one vector.
  setgate(&idt[T_SYSCALL], 1, SEG_KCODE << 3, vectors[T_SYSCALL], DPL_USER);
  initlock(&tickslock, "time");
}

void
idtinit(void)
{
  lidt(idt, sizeof(idt));
}

static void
clockintr(void)
{
  if(cpuid() == 0){
    acquire(&tickslock);
    ticks++;
    wakeup(&ticks);
    release(&tickslock);
    futextick();
  }
}

// A device interrupt: handle it and acknowledge it.  Returns 0 if tf is
// not a device interrupt.
static int
devintr(struct trapframe *tf)
{
  switch(tf->trapno){
  case T_IRQ0 + IRQ_TIMER:
    clockintr();
    break;
  case T_IRQ0 + IRQ_IDE:
    ideintr();
    break;
  case T_IRQ0 + IRQ_COM1:
    uartintr();
    break;
  case T_IRQ0 + IRQ_KBD:
    kbdintr();
    break;
  case T_IRQ0 + IRQ_ERROR:
    lapicerror();
    break;
  case T_IRQ0 + 7:               // the masked 8259 can still say "spurious"
  case T_IRQ0 + IRQ_SPURIOUS:
    return 1;                    // no acknowledgement wanted
  default:
    return 0;
  }
  lapiceoi();
  return 1;
}

// A fault in the kernel (or with no process): a bug.  Panic, naming
// the faulting instruction and the call chain that led to it.
static void __attribute__((noreturn))
kernelfault(struct trapframe *tf, uint va)
{
  panicbegin();
  cprintf("panic: unexpected trap %d err %d addr 0x%x in the kernel\n",
          tf->trapno, tf->err, va);
  panicend(tf->eip, tf->ebp);
}

// An exception that is not a device interrupt or system call.  A user
// page fault that the address space allows (a first touch, a write to a
// copy-on-write page) is resolved and the instruction runs again; any
// other user fault kills the process with one line.  The kernel itself
// never faults: it checks user memory with uvmaccess first.
static void
fault(struct trapframe *tf)
{
  struct proc *p = myproc();
  uint va = rcr2();
  int r = FAULT_BAD;

  if(p == 0 || (tf->cs & 3) == 0)
    kernelfault(tf, va);
  if(tf->trapno == T_PGFLT && (r = pagefault(p, va, tf->err & FEC_WR)) == 0)
    return;
  if(r == FAULT_NOMEM)
    cprintf("pid %d %s: out of memory at addr 0x%x eip 0x%x: killed\n",
            p->pid, p->name, va, tf->eip);
  else
    cprintf("pid %d %s: trap %d err %d addr 0x%x eip 0x%x: killed\n",
            p->pid, p->name, tf->trapno, tf->err, va, tf->eip);
  setkilled(p);
}

void
trap(struct trapframe *tf)
{
  struct proc *p = myproc();
  int fromuser = (tf->cs & 3) == DPL_USER;

  if(tf->trapno == T_SYSCALL){
    if(killed(p))
      exit(-1);
    p->tf = tf;
    syscall();
    if(killed(p))
      exit(-1);
    freezepoint(0);   // on the way back to user mode: nothing half done
    return;
  }
  if(tf->trapno == T_NMI)
    panicnmi();                  // returns only if no panic sent it
  if(!devintr(tf))
    fault(tf);

  // A process killed while it ran in user mode dies here; one in the
  // kernel finishes what it was doing and dies on its way out.
  if(p && fromuser && killed(p))
    exit(-1);
  if(p && p->state == RUNNING && tf->trapno == T_IRQ0 + IRQ_TIMER)
    preempt(fromuser);
  if(p && fromuser && killed(p))
    exit(-1);
  if(p && fromuser)
    freezepoint(0);
}
