// The console: formatted kernel output (cprintf, panic) and the terminal
// device behind the "console" file.  Input arrives a byte at a time from
// the UART interrupt; this file does the line editing (backspace, ^U kills
// the line, ^D ends input, ^P lists processes) and hands whole lines to
// readers.  Output goes straight to the UART.
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

static volatile int panicked;  // set once; every CPU stops printing

// Serializes cprintf callers so that their lines do not interleave.
// Not taken while panicking: the lock holder may be the one that broke.
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

static void
consputc(int c)
{
  if(panicked){
    cli();
    for(;;)
      asm volatile("hlt");
  }
  if(c == BACKSPACE){
    uartputc('\b');
    uartputc(' ');
    uartputc('\b');
  } else {
    if(c == '\n')
      uartputc('\r');   // the terminal is raw: return the carriage too
    uartputc(c);
  }
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

void
panic(char *s)
{
  uint pcs[10];
  int i;

  cli();
  cons.locking = 0;
  cprintf("panic: cpu %d: %s\n", lapicid(), s);
  getcallerpcs(&s, pcs);
  for(i = 0; i < 10 && pcs[i]; i++)
    cprintf(" %p", pcs[i]);
  cprintf("\n");
  panicked = 1;
  for(;;)
    asm volatile("hlt");
}

// Drop the last character of the line being edited, if any.
// Called with input.lock held.
static void
erasechar(void)
{
  if(input.e != input.w && input.buf[(input.e - 1) % CONSBUF] != '\n'){
    input.e--;
    consputc(BACKSPACE);
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
    consputc(c);
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
