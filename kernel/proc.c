// Processes: the process table, creation (fork), death (exit, wait, kill),
// sleeping and waking, and the per-CPU schedulers that run them.
//
// Each CPU runs scheduler() on its own stack; it picks a RUNNABLE process
// and swtch()es to it.  A process gives the CPU back through sched(),
// always holding ptable.lock, so the state change and the switch happen
// atomically with respect to the other CPUs.
//
// Lock order: any lock a sleep() hands in (or a wakeup caller holds) is
// taken before ptable.lock; under ptable.lock only the kmem locks and the
// console's lock are taken.  It is never held while calling into the file
// system, and in zone.c only by zonedump and zoneids, which take no lock.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "x86.h"
#include "proc.h"
#include "spinlock.h"
#include "procinfo.h"

struct cpu cpus[NCPU];   // [c] filled once by acpiinit; then per-CPU
int ncpu;                // [c] CPUs found by acpiinit

// Protects every proc's [p] fields, and the states of all processes.
static struct {
  struct spinlock lock;
  struct proc proc[NPROC];
} ptable;

static struct proc *initproc;   // set once by userinit
static int nextpid = 1;         // [p]
static char *initargv[3];       // init's arguments, set once by userinit

extern void trapret(void);      // trapasm.S
static void wakeup1(void *chan);

void
pinit(void)
{
  initlock(&ptable.lock, "ptable");
}

// Index of this CPU in cpus[].  Meaningful only with interrupts off: the
// caller could otherwise move to another CPU right after the answer.
int
cpuid(void)
{
  return mycpu() - cpus;
}

// This CPU's struct cpu.  Like cpuid(), only meaningful with interrupts
// off.
struct cpu*
mycpu(void)
{
  struct cpu *c;

  if(readeflags() & FL_IF)
    panic("mycpu: interrupts on");
  asm("movl %%gs:0, %0" : "=r" (c));
  return c;
}

// The CPU whose local APIC has this id, for seginit, which sets up what
// mycpu() reads.
struct cpu*
cpubyapicid(int id)
{
  int i;

  for(i = 0; i < ncpu; i++)
    if(cpus[i].apicid == id)
      return &cpus[i];
  panic("cpubyapicid: unknown apic id");
}

// The process running on this CPU, or 0 in the scheduler.  One load, so
// it needs no pushcli: an interrupt cannot split it, and the answer stays
// true wherever the caller is later moved.
struct proc*
myproc(void)
{
  struct proc *p;

  asm volatile("movl %%gs:4, %0" : "=r" (p));
  return p;
}

// Claim an UNUSED slot and give it a kernel stack arranged so that its
// first swtch() runs entry() and then returns through trapret with the
// trap frame at the top of the stack.  Returns 0 if there is no room.
static struct proc*
allocproc(void (*entry)(void))
{
  struct proc *p;
  char *sp;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == UNUSED)
      goto found;
  release(&ptable.lock);
  return 0;

found:
  p->state = EMBRYO;
  p->pid = nextpid++;
  p->nsyscall = 0;
  release(&ptable.lock);

  if((p->kstack = kalloc()) == 0){
    acquire(&ptable.lock);
    p->state = UNUSED;
    release(&ptable.lock);
    return 0;
  }
  sp = p->kstack + KSTACKSIZE;
  sp -= sizeof(*p->tf);
  p->tf = (struct trapframe *)sp;
  sp -= 4;
  *(uint *)sp = (uint)trapret;
  sp -= sizeof(*p->context);
  p->context = (struct context *)sp;
  memset(p->context, 0, sizeof(*p->context));
  p->context->eip = (uint)entry;
  return p;
}

// Free the memory of p, which never ran or has exited and been waited
// for, then give its slot back.  Called without ptable.lock: freeing a
// large process walks every page, far too long to stop the other CPUs'
// schedulers.  Nobody else touches p meanwhile: an EMBRYO is its
// creator's alone, and a ZOMBIE's only waiter is the caller.
static void
freeproc(struct proc *p)
{
  kfree(p->kstack);
  if(p->pgdir)
    freevm(p->pgdir, p->sz);
  acquire(&ptable.lock);
  p->kstack = 0;
  p->pgdir = 0;
  p->sz = 0;
  p->stackbot = 0;
  p->pid = 0;
  p->parent = 0;
  p->name[0] = 0;
  p->killed = 0;
  p->xstate = 0;
  p->state = UNUSED;
  release(&ptable.lock);
}

// Every new process starts here, holding ptable.lock from the scheduler.
static void
forkret(void)
{
  release(&ptable.lock);
}

// Without a file system there is no /init to run.  A one-shot boot (init
// was given a command line) has someone waiting for its exit status: power
// off with status 1.  Otherwise keep the machine up for whoever is at the
// console, which still edits lines and lists processes (^P); the first
// process sleeps for good.
static void
noinit(void)
{
  if(initargv[1]){
    cprintf("zv6: no file system, so no /init to run the command; powering off\n");
    poweroff(1);
  }
  cprintf("zv6: no file system, so no /init; the console stays up (^P lists processes)\n");
  acquire(&ptable.lock);
  for(;;)
    sleep(noinit, &ptable.lock);   // nothing wakes this channel
}

// The first process starts here instead: it mounts the file system (which
// sleeps for the disk, so it needs a process) and execs /init.
static void
initstart(void)
{
  struct proc *p = myproc();

  release(&ptable.lock);
  if(fsinit(ROOTDEV) < 0)
    noinit();
  p->cwd = namei("/");
  if(exec("/init", initargv) < 0)
    panic("cannot exec /init");
}

// Make the first process.  A non-empty cmdline is handed to init as
// argv[1]: init then runs it as a single shell command and powers off.
void
userinit(char *cmdline)
{
  struct proc *p = allocproc(initstart);

  if(p == 0 || (p->pgdir = setupkvm()) == 0)
    panic("userinit");
  initproc = p;
  memset(p->tf, 0, sizeof(*p->tf));
  p->tf->cs = (SEG_UCODE << 3) | DPL_USER;
  p->tf->ds = (SEG_UDATA << 3) | DPL_USER;
  p->tf->es = p->tf->ds;
  p->tf->ss = p->tf->ds;
  p->tf->eflags = FL_IF;
  safestrcpy(p->name, "init", sizeof(p->name));
  fpuinitproc(p);
  initargv[0] = "init";
  initargv[1] = cmdline[0] ? cmdline : 0;

  acquire(&ptable.lock);
  p->midkernel = 1;   // it starts in initstart, inside the kernel
  p->state = RUNNABLE;
  release(&ptable.lock);
}

// Grow (n > 0) or shrink (n < 0) private memory by n bytes.  Growing
// only moves the break: the pages are mapped when first touched.
// Returns 0, or -1 with nothing changed.
int
growproc(int n)
{
  struct proc *p = myproc();
  uint sz = p->sz;

  if(n > 0 && n > SHMBASE - sz)
    return -1;
  if(n < 0){
    if((uint)-n > sz)
      return -1;
    deallocuvm(p->pgdir, sz, sz + n);
    lcr3(V2P(p->pgdir));   // no stale translation may survive a shrink
  }
  p->sz = sz + n;
  return 0;
}

// Copy the current process: private memory copied, zones shared, open
// files and the working directory shared.  Returns the child's pid to the
// parent (the child sees 0), or -1 with nothing changed.
int
fork(void)
{
  struct proc *np, *p = myproc();
  int i;

  if((np = allocproc(forkret)) == 0)
    return -1;
  if((np->pgdir = copyuvm(p->pgdir, p->sz)) == 0)
    goto bad;
  np->sz = p->sz;
  np->stackbot = p->stackbot;
  zonefork(p, np);
  robustfork(p, np);
  *np->tf = *p->tf;
  np->tf->eax = 0;
  fpufork(np);
  for(i = 0; i < NOFILE; i++)
    if(p->ofile[i])
      np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, p->name, sizeof(p->name));

  acquire(&ptable.lock);
  np->parent = p;
  np->midkernel = 0;   // it starts on its way out to user mode
  np->state = RUNNABLE;
  release(&ptable.lock);
  return np->pid;

bad:
  freeproc(np);
  return -1;
}

// Give p's children to init.  Called with ptable.lock held.
static void
reparent(struct proc *p)
{
  struct proc *q;

  for(q = ptable.proc; q < &ptable.proc[NPROC]; q++){
    if(q->parent == p){
      q->parent = initproc;
      if(q->state == ZOMBIE)
        wakeup1(initproc);
    }
  }
}

// Stop running the current process: close its files, detach its zones
// now (their pages may be freed at once), and become a ZOMBIE until the
// parent's wait() collects status and frees the rest.
void
exit(int status)
{
  struct proc *p = myproc();
  int fd;

  if(p == initproc)
    panic("init exiting");
  faultclear(p);
  for(fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd]){
      fileclose(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  begin_op();
  iput(p->cwd);
  end_op();
  p->cwd = 0;
  zonedetachall(p);

  acquire(&ptable.lock);
  wakeup1(p->parent);
  reparent(p);
  p->xstate = status;
  p->state = ZOMBIE;
  sched();
  panic("zombie exit");
}

// Wait for a child to exit; store its status in *status unless status is
// 0.  Returns its pid, or -1 if there are no children or the caller was
// killed while waiting.
int
wait(int *status)
{
  struct proc *q, *p = myproc();
  int havekids, pid;

  acquire(&ptable.lock);
  for(;;){
    havekids = 0;
    for(q = ptable.proc; q < &ptable.proc[NPROC]; q++){
      if(q->parent != p)
        continue;
      havekids = 1;
      if(q->state == ZOMBIE){
        pid = q->pid;
        if(status)
          *status = q->xstate;
        release(&ptable.lock);
        freeproc(q);
        return pid;
      }
    }
    if(!havekids || sleepkillable(p, &ptable.lock) < 0){
      release(&ptable.lock);
      return -1;
    }
  }
}

// Run the RUNNABLE processes in turn, for ever.  A CPU with nothing to run
// halts until the next interrupt instead of spinning.
void
scheduler(void)
{
  struct cpu *c = mycpu();
  struct proc *p;
  int ran;

  c->proc = 0;
  for(;;){
    freezepoint(1);   // idle: no process, no lock
    ran = 0;
    acquire(&ptable.lock);
    for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
      if(p->state != RUNNABLE)
        continue;
      c->proc = p;
      switchuvm(p);
      fpurestore(p);
      p->state = RUNNING;
      swtch(&c->scheduler, p->context);
      fpusave(p);
      switchkvm();
      c->proc = 0;
      ran = 1;
    }
    release(&ptable.lock);
    if(!ran)
      sti_hlt();
  }
}

// Switch to this CPU's scheduler.  The caller holds ptable.lock (and no
// other lock) and has already changed its state from RUNNING.  intena
// belongs to this kernel thread, not the CPU, so it travels with us.
void
sched(void)
{
  struct proc *p = myproc();
  int intena;

  if(!holding(&ptable.lock))
    panic("sched: ptable.lock");
  if(mycpu()->ncli != 1)
    panic("sched: other locks held");
  if(p->state == RUNNING)
    panic("sched: running");
  if(readeflags() & FL_IF)
    panic("sched: interruptible");
  intena = mycpu()->intena;
  swtch(&p->context, mycpu()->scheduler);
  mycpu()->intena = intena;
}

// Give up the CPU for one scheduling round.
void
yield(void)
{
  preempt(0);
}

// The timer interrupted the current process: give up the CPU for one
// round, noting for selfcheck whether it stopped on its way back to user
// mode (fromuser) or in the middle of kernel work.
void
preempt(int fromuser)
{
  acquire(&ptable.lock);
  myproc()->midkernel = !fromuser;
  myproc()->state = RUNNABLE;
  sched();
  release(&ptable.lock);
}

// Release lk and sleep on chan unless killable and the process has been
// killed; hold lk again on return.  Holding ptable.lock from before lk is
// released until the process is marked SLEEPING means no wakeup(chan) and
// no kill() can fall between the two.  Returns -1 if it did not sleep.
static int
sleep1(void *chan, struct spinlock *lk, int killable)
{
  struct proc *p = myproc();
  int r = 0;

  if(p == 0 || lk == 0)
    panic("sleep: no process or lock");
  if(lk != &ptable.lock){
    acquire(&ptable.lock);
    release(lk);
  }
  if(killable && p->killed){
    r = -1;
  } else {
    p->chan = chan;
    p->state = SLEEPING;
    sched();
    p->chan = 0;
  }
  if(lk != &ptable.lock){
    release(&ptable.lock);
    acquire(lk);
  }
  return r;
}

// Atomically release lk and sleep on chan; hold lk again on return.
void
sleep(void *chan, struct spinlock *lk)
{
  sleep1(chan, lk, 0);
}

// sleep(chan, lk) for a sleep that kill() must end: returns -1 without
// sleeping if the process has been killed, else sleeps and returns 0.
// The check is made under ptable.lock, which kill() sets p->killed
// under, so a kill either lands before it and is seen, or after the
// process is SLEEPING and makes it RUNNABLE.  (A killed() test before a
// plain sleep() leaves a gap in which a kill is lost and the victim
// sleeps on.)  Callers loop: on 0 they re-test their own condition and
// call again, so a kill during the sleep is seen by the next call.
int
sleepkillable(void *chan, struct spinlock *lk)
{
  return sleep1(chan, lk, 1);
}

// Wake every process sleeping on chan.  Called with ptable.lock held.
static void
wakeup1(void *chan)
{
  struct proc *p;

  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state == SLEEPING && p->chan == chan){
      p->midkernel = 1;
      p->state = RUNNABLE;
    }
}

void
wakeup(void *chan)
{
  acquire(&ptable.lock);
  wakeup1(chan);
  release(&ptable.lock);
}

// Mark process pid killed and wake it if it sleeps: every killable sleep
// is a sleepkillable() loop, whose next call sees the flag and gives up.  It dies when it next heads back to
// user mode (see trap).  Returns 0, or -1 if there is no such process or
// it is init, which must never exit.
int
kill(int pid)
{
  struct proc *p;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->pid == pid && p != initproc && p->state != UNUSED && p->state != ZOMBIE){
      p->killed = 1;
      if(p->state == SLEEPING){
        p->midkernel = 1;
        p->state = RUNNABLE;
      }
      release(&ptable.lock);
      return 0;
    }
  }
  release(&ptable.lock);
  return -1;
}

void
setkilled(struct proc *p)
{
  acquire(&ptable.lock);
  p->killed = 1;
  release(&ptable.lock);
}

// Has p been killed?  No lock: the flag is one word, set once while p
// lives and cleared only in freeproc, so a read sees 0 or 1.  Good for
// a check on the way out of the kernel; a check before sleeping must be
// sleepkillable()'s, made under ptable.lock.
int
killed(struct proc *p)
{
  return __atomic_load_n(&p->killed, __ATOMIC_RELAXED);
}

// Process-table slots in use.
int
nproc_used(void)
{
  struct proc *p;
  int n = 0;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++)
    if(p->state != UNUSED)
      n++;
  release(&ptable.lock);
  return n;
}

// How ^P and procinfo name the states.
static char *states[] = {
  [UNUSED] "unused", [EMBRYO] "embryo", [SLEEPING] "sleep",
  [RUNNABLE] "runble", [RUNNING] "run", [ZOMBIE] "zombie",
};

// The CPU running p, or -1.  Called with ptable.lock held, under which
// the scheduler sets and clears c->proc.
static int
cpuof(struct proc *p)
{
  int i;

  for(i = 0; i < ncpu; i++)
    if(cpus[i].proc == p)
      return i;
  return -1;
}

// Fill info[0..n) with the processes in use, as one snapshot taken under
// ptable.lock and no other lock (zoneids takes none).  The [o] fields
// (size, name, zones) are read as they stand: one a running process is
// changing may be stale, never unsafe.  Returns how many were filled.
int
procsnapshot(struct procinfo *info, int n)
{
  struct proc *p;
  struct procinfo *i = info;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC] && i < info + n; p++){
    if(p->state == UNUSED)
      continue;
    i->pid = p->pid;
    safestrcpy(i->state, states[p->state], sizeof i->state);
    i->size = p->sz;
    i->cpu = cpuof(p);
    safestrcpy(i->name, p->name, sizeof i->name);
    i->nzones = zoneids(p, i->zones);
    i++;
  }
  release(&ptable.lock);
  return i - info;
}

// ^P on the console: one line per process, with its attached zones.
void
procdump(void)
{
  struct proc *p;

  acquire(&ptable.lock);
  for(p = ptable.proc; p < &ptable.proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    cprintf("%d %s %s", p->pid, states[p->state], p->name);
    zonedump(p);
    cprintf("\n");
  }
  release(&ptable.lock);
}

// ---- for selfcheck (check.c) ----

void
ptablelock(void)
{
  acquire(&ptable.lock);
}

void
ptableunlock(void)
{
  release(&ptable.lock);
}

// Slot i of the process table, 0 <= i < NPROC.  Its [p] fields may be
// read with ptable.lock held; its [o] fields only while it cannot run,
// which selfcheck ensures by stopping the world.
struct proc*
procat(int i)
{
  return &ptable.proc[i];
}

// With the world stopped (check.c) and ptable.lock held: is p at a
// point where its page tables, its attachments and the references it
// holds agree, with no change half made?  A RUNNING process is the
// caller, or waits on its way back to user mode; a SLEEPING one sleeps
// at a point where nothing is half made (no code sleeps in the middle
// of changing an address space or a zone reference); a ZOMBIE has
// finished; a RUNNABLE one only if it was preempted in user mode.  An
// EMBRYO is still being built by its parent.
int
procsettled(struct proc *p)
{
  switch(p->state){
  case RUNNING: case SLEEPING: case ZOMBIE: case UNUSED:
    return 1;
  case RUNNABLE:
    return !p->midkernel;
  default:
    return 0;
  }
}
