// The console: formatted kernel output (cprintf), panics, and the terminal
// device behind the "console" file.  Input arrives a byte at a time from
// the UART and the PS/2 keyboard (kbd.c) interrupts, both through
// consoleintr; this file does the line editing (backspace, ^U kills the
// line, ^D ends input, ^P lists processes) and hands whole lines to
// readers.  Every output byte goes to both the UART and the VGA text
// screen (vga.c), under cons.lock.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"

#define CTRL(c) ((c) - '@')
#define BACKSPACE 0x100   // not a byte: asks consputc to erase a character
#define DEL 0x7F

// The panic's progress, written by the CPU that panics (nstopped by the
// CPUs it stops), read without locks.
static volatile uint panicking;  // set once, by the first CPU to panic
static uint nsent;               // CPUs that the panic sent an NMI to
static volatile uint nstopped;   // of them, those that have stopped
static volatile int panicked;    // set once the panic is printed; every CPU stops printing
// Whether a line is unfinished, so that the panic line starts its own:
// set before a byte goes out, cleared after a newline has, so that a CPU
// stopped in between costs at worst a blank line.  Unlocked: a hint.
static volatile int midline;

// Serializes output so that lines do not interleave, and guards the
// screen (vga.c): every consputc caller holds it once consoleinit has
// run, except while panicking, when the holder may be the one that broke.
// Lock order: input.lock, then cons.lock (echoing a typed character).
static struct {
  struct spinlock lock;
  int locking;
} cons;

// The line being typed and the lines waiting to be read.
// Indices only grow; they are taken modulo CONSBUF.
// Locks: [i] input.lock
static struct {
  struct spinlock lock;
  char buf[CONSBUF];   // [i]
  uint r;              // [i] next byte a reader takes
  uint w;              // [i] end of the completed lines
  uint e;              // [i] end of the line being edited
} input;

static void __attribute__((noreturn))
halt(void)
{
  cli();
  for(;;)
    asm volatile("hlt");
}

// Send the byte c to both outputs.  The screen first: a byte seen on the
// serial line is on the screen already, which lets a test read the screen
// once the serial shows it.
static void
putboth(int c)
{
  vgaputc(c);
  if(c == '\n')
    uartputc('\r');   // the terminal is raw: return the carriage too
  uartputc(c);
}

static void
consputc(int c)
{
  if(panicked)
    halt();
  if(c != '\n')
    midline = 1;
  if(c == BACKSPACE){   // '\b' only moves left: back, blank, back again
    putboth('\b');
    putboth(' ');
    putboth('\b');
  } else {
    putboth(c);
  }
  if(c == '\n')
    midline = 0;
}

// consputc for a character typed at the console.  Called with input.lock
// held.
static void
echo(int c)
{
  int locking = cons.locking;

  if(locking)
    acquire(&cons.lock);
  consputc(c);
  if(locking)
    release(&cons.lock);
}

static void
printint(int xx, int base, int sign)
{
  static char digits[] = "0123456789abcdef";
  char buf[16];
  int i = 0;
  uint x = (sign && xx < 0) ? -xx : xx;

  do {
    buf[i++] = digits[x % base];
  } while((x /= base) != 0);
  if(sign && xx < 0)
    buf[i++] = '-';
  while(--i >= 0)
    consputc(buf[i]);
}

// Print one conversion (the character after '%').
static void
printarg(int c, uint arg)
{
  char *s;

  switch(c){
  case 'd': printint(arg, 10, 1); break;
  case 'u': printint(arg, 10, 0); break;
  case 'x':
  case 'p': printint(arg, 16, 0); break;
  case 'c': consputc(arg); break;
  case 's':
    for(s = arg ? (char *)arg : "(null)"; *s; s++)
      consputc(*s);
    break;
  default:                       // unknown: show it as written
    consputc('%');
    consputc(c);
  }
}

// Kernel printf: %d %u %x %p %s %c %%.
void
cprintf(char *fmt, ...)
{
  uint *argp = (uint *)(void *)(&fmt + 1);
  int locking = cons.locking;
  int i;

  if(locking)
    acquire(&cons.lock);
  for(i = 0; fmt[i]; i++){
    if(fmt[i] != '%'){
      consputc(fmt[i]);
    } else if(fmt[i+1] == '%'){
      consputc('%');
      i++;
    } else if(fmt[i+1]){
      printarg(fmt[++i], *argp++);
    }
  }
  if(locking)
    release(&cons.lock);
}

// Start a panic: interrupts off, the console unlocked (its holder may be
// what broke), and every other CPU stopped by an NMI, so that nothing
// runs on or prints into the panic.  A CPU that arrives here while a
// panic is under way (a second one, or a fault inside this one) stops.
// The caller then prints the "panic: " line, which starts a line of its
// own, and calls panicend.
void
panicbegin(void)
{
  struct cpu *c;
  uint spins;
  int me;

  cli();
  if(xchg(&panicking, 1) != 0)
    halt();
  cons.locking = 0;
  me = lapicid();
  for(c = cpus; c < cpus + ncpu; c++){
    if(c->started && c->apicid != me){
      lapicnmi(c->apicid);
      nsent++;
    }
  }
  for(spins = 0; nstopped < nsent && spins < PANICSPINS; spins++)
    pause();
  if(midline)
    consputc('\n');   // a stopped CPU's line stays unfinished
}

// This CPU's struct cpu, found without %gs or a panic: a panic may come
// before seginit has set either up, or from cpubyapicid itself.
static struct cpu*
panicpu(void)
{
  struct cpu *c;
  int id = lapicid();

  for(c = cpus; c < cpus + ncpu; c++)
    if(c->apicid == id && c->self == c)
      return c;
  return 0;
}

// End a panic: say where it happened (the CPU, the process, the call
// chain from eip and the frame ebp; see backtrace), and whether some
// other CPU failed to stop, and stop for good.
void
panicend(uint eip, uint ebp)
{
  struct cpu *c = panicpu();
  struct proc *p = c ? c->proc : 0;

  if(c == 0)
    cprintf("  apic %d, not yet set up, ", lapicid());
  else
    cprintf("  cpu %d, ", (int)(c - cpus));
  if(p)
    cprintf("pid %d %s\n", p->pid, p->name);
  else
    cprintf("no process\n");
  if(nstopped < nsent)
    cprintf("  %d of %d other CPUs did not stop\n", nsent - nstopped, nsent);
  backtrace(eip, ebp);
  panicked = 1;
  halt();
}

// A broken kernel invariant: print s and where it broke, stop the machine.
void
panic(char *s)
{
  panicbegin();
  cprintf("panic: %s\n", s);
  panicend(0, (uint)__builtin_frame_address(0));
}

// The NMI of panicbegin: stop this CPU for good.  Returns if no panic
// is under way (an NMI from elsewhere), for the caller to report.
void
panicnmi(void)
{
  if(panicking){
    __atomic_add_fetch(&nstopped, 1, __ATOMIC_RELEASE);
    halt();
  }
}

// Drop the last character of the line being edited, if any.
// Called with input.lock held.
static void
erasechar(void)
{
  if(input.e != input.w && input.buf[(input.e - 1) % CONSBUF] != '\n'){
    input.e--;
    echo(BACKSPACE);
  }
}

// Add c to the line being edited and echo it; a newline, ^D or a full
// buffer completes the line and wakes readers.  Called with input.lock held.
static void
addchar(int c)
{
  if(c == 0 || input.e - input.r >= CONSBUF)
    return;
  if(c == '\r')
    c = '\n';
  input.buf[input.e++ % CONSBUF] = c;
  if(c != CTRL('D'))
    echo(c);
  if(c == '\n' || c == CTRL('D') || input.e - input.r == CONSBUF){
    input.w = input.e;
    wakeup(&input.r);
  }
}

// Process the bytes an input device has ready; getc returns -1 when empty.
void
consoleintr(int (*getc)(void))
{
  int c, listprocs = 0;

  acquire(&input.lock);
  while((c = getc()) >= 0){
    if(c == CTRL('P')){
      listprocs = 1;    // procdump takes other locks: run it after ours
    } else if(c == CTRL('U')){
      while(input.e != input.w && input.buf[(input.e - 1) % CONSBUF] != '\n')
        erasechar();
    } else if(c == CTRL('H') || c == DEL){
      erasechar();
    } else {
      addchar(c);
    }
  }
  release(&input.lock);
  if(listprocs)
    procdump();
}

// Read up to n bytes, at most one line; ^D at the start of a read is end
// of file (returns 0), ^D after some bytes ends the read and is kept for
// the next one.  The inode is unlocked while waiting so that writers of
// the console are not held up by a reader.
static int
consoleread(struct inode *ip, char *dst, int n)
{
  int target = n;
  int c;

  iunlock(ip);
  acquire(&input.lock);
  while(n > 0){
    while(input.r == input.w){
      if(sleepkillable(&input.r, &input.lock) < 0){
        release(&input.lock);
        ilock(ip);
        return -1;
      }
    }
    c = input.buf[input.r++ % CONSBUF];
    if(c == CTRL('D')){
      if(n < target)
        input.r--;
      break;
    }
    *dst++ = c;
    --n;
    if(c == '\n')
      break;
  }
  release(&input.lock);
  ilock(ip);
  return target - n;
}

static int
consolewrite(struct inode *ip, char *src, int n)
{
  int i;

  iunlock(ip);
  acquire(&cons.lock);
  for(i = 0; i < n; i++)
    consputc(src[i] & 0xFF);
  release(&cons.lock);
  ilock(ip);
  return n;
}

void
consoleinit(void)
{
  initlock(&cons.lock, "console");
  initlock(&input.lock, "input");
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
  cons.locking = 1;
}
