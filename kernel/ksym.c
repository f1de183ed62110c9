// Kernel symbols and backtraces, for panics.  The table of the kernel's
// functions, sorted by address, is linked into the kernel itself: the
// Makefile links the kernel once with an empty table, makes the table
// from that link's symbols (tools/ksyms.sh), and links again; the table
// follows the text (kernel.ld), so it moves no function.  Nothing here takes a
// lock or allocates: it runs in panic(), on a machine that may be broken.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "x86.h"

struct ksym {
  uint addr;      // where the function starts
  char *name;
};

// The generated table (build/ksyms/table.S), constant once linked.
extern struct ksym ksyms[];
extern int nksym;
extern char etext[];   // end of kernel text (kernel.ld)
extern char alltraps[];   // trapasm.S

// The function that holds the instruction at pc, or 0 if pc is not in
// kernel text; *off is set to pc's distance from its start.
static struct ksym*
ksymfind(uint pc, uint *off)
{
  int lo = 0, hi = nksym;   // ksyms[lo-1].addr <= pc < ksyms[hi].addr
  int mid;

  if(pc < KERNLINK || pc >= (uint)etext)
    return 0;
  while(lo < hi){
    mid = (lo + hi) / 2;
    if(ksyms[mid].addr <= pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  if(lo == 0)
    return 0;
  *off = pc - ksyms[lo - 1].addr;
  return &ksyms[lo - 1];
}

// Print pc as "  0x80103abc  name+0x1c".  A return address is looked up
// one byte back, in the call instruction: a call that ends its function
// (to panic, which never returns) is followed by the next function.
// Returns 0 if pc is not in kernel text.
static int
printpc(uint pc, int isreturn)
{
  struct ksym *s;
  uint off;

  if((s = ksymfind(pc - isreturn, &off)) == 0)
    return 0;
  cprintf("  0x%x  %s+0x%x\n", pc, s->name, off + isreturn);
  return 1;
}

// If frame is trap's, called by alltraps, print the instruction that the
// trap interrupted in the kernel: no frame holds that address.  Its
// argument, the trap frame, lies right above it.  Returns lines printed.
static int
printtrapped(uint *frame)
{
  struct trapframe *tf = (struct trapframe *)frame[2];
  struct ksym *s;
  uint off;

  s = ksymfind(frame[1] - 1, &off);
  if(s == 0 || s->addr != (uint)alltraps || (uint)tf != (uint)&frame[3])
    return 0;
  if((tf->cs & 3) != 0)
    return 0;   // user code: the walk ends here anyway
  return printpc(tf->eip, 0);
}

// Can ebp be a frame above the frame prev (0 for the first)?  Frames
// lie in the kernel's direct map, word-aligned, and each caller's frame
// is higher on the stack than its callee's, so a walk cannot loop.
static int
goodframe(uint ebp, uint prev)
{
  return ebp % 4 == 0 && ebp > prev && ebp >= KERNBASE &&
         ebp < (uint)P2V(PHYSTOP) - 2 * sizeof(uint);
}

// Print the call chain: the instruction eip first if it is not 0 (a
// trap's), then the return address of each frame from ebp up, following
// the saved %ebp links (-fno-omit-frame-pointer keeps them), and where a
// trap interrupted the kernel, the interrupted instruction.  Stops after
// NBACKTRACE lines, at a frame that is not a kernel stack's, or at a
// return address outside kernel text (a trap from user mode).
void
backtrace(uint eip, uint ebp)
{
  uint *frame, prev = 0;
  int n = 0;

  if(eip && printpc(eip, 0))
    n++;
  for(; n < NBACKTRACE && goodframe(ebp, prev); n++){
    frame = (uint *)ebp;
    if(!printpc(frame[1], 1))
      break;
    n += printtrapped(frame);
    prev = ebp;
    ebp = frame[0];
  }
}
