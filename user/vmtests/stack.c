// vmtests: the stack.
#include "vmtests.h"

#define FRAMEWORDS 250        // the data of one frame of deep() or bottomless()
#define DEEP (512 * 1024)     // stackgrow: how deep the recursion goes
#define REPORT (32 * 1024)    // bottomless() reports its depth every REPORT

static uint deepest;          // the lowest frame deep() reached
static uint reported;         // bottomless(): the last depth / REPORT sent

// Recurse through depth frames, each holding a pattern of its own depth,
// and check them all on the way back.  Returns the free pages at the
// deepest point.
static int
deep(int depth)
{
  volatile uint frame[FRAMEWORDS];
  int i, f;

  for(i = 0; i < FRAMEWORDS; i++)
    frame[i] = word(depth, &frame[i]);
  if(depth > 1){
    f = deep(depth - 1);
  } else {
    deepest = (uint)frame;
    f = freepages();
  }
  for(i = 0; i < FRAMEWORDS; i++)
    if(frame[i] != word(depth, &frame[i]))
      fail("the stack frame at depth %d changed: word %d is 0x%x", depth, i,
           frame[i]);
  return f;
}

static void
growchild(uint unused)
{
  int f0 = freepages(), cost, grown;

  cost = f0 - deep(DEEP / (FRAMEWORDS * 4));
  grown = (stacktop - deepest) / PGSIZE;
  expect(grown >= DEEP / PGSIZE, "the recursion reached only %d KiB", grown * 4);
  expect(cost >= grown - 16 && cost <= grown + 2, "a stack of %d pages cost %d "
         "pages, want about as many", grown, cost);
}

// The stack grows on demand far past its first page: 512 KiB of recursion
// costs about a page per page of stack, keeps its data, and every page
// comes back at exit.
void
stackgrow(void)
{
  int f0 = freepages(), st = inchild(growchild, 0);

  expect(st == 0, "the child that recursed %d KiB deep exited %d", DEEP / 1024, st);
  expect(freepages() == f0, "after the deep stack's exit %d pages free, want %d",
         freepages(), f0);
}

// Recurse for ever (as far as the compiler knows, only very deep),
// sending the depth down fd every REPORT bytes.
static void
bottomless(int fd)
{
  volatile uint frame[FRAMEWORDS];
  uint depth = stacktop - (uint)frame;

  frame[0] = depth;
  if(depth / REPORT != reported){
    reported = depth / REPORT;
    write(fd, &depth, sizeof(depth));
  }
  if(depth < 4 * USTACKMAX)
    bottomless(fd);
  frame[1] = frame[0];   // so the call above is not a jump
}

// A stack that overflows USTACKMAX is killed at its limit, after using
// nearly all of it, and its pages come back.
void
stackoverflow(void)
{
  int fd[2], pid, st, f0 = freepages();
  uint d, maxd = 0;

  mkpipe(fd);
  if((pid = xfork()) == 0){
    close(fd[0]);
    bottomless(fd[1]);
    fail("the stack grew to %d bytes and nothing stopped it", 4 * USTACKMAX);
  }
  close(fd[1]);
  while(read(fd[0], &d, sizeof(d)) == sizeof(d))
    if(d > maxd)
      maxd = d;
  close(fd[0]);
  st = reap(pid);
  expect(st == KILLED, "the overflowing stack ended with status %d, want %d",
         st, KILLED);
  expect(maxd < USTACKMAX, "the stack reached %d bytes, past USTACKMAX (%d)",
         maxd, USTACKMAX);
  expect(maxd >= USTACKMAX - 2 * REPORT, "the stack was stopped at %d bytes, "
         "want nearly USTACKMAX (%d)", maxd, USTACKMAX);
  expect(freepages() == f0, "after the overflow %d pages free, want %d",
         freepages(), f0);
}

static void
lowestthenbelow(uint bot)
{
  storeto(bot);
  storeto(bot - 1);
}

// Between the program and the stack's limit lies a gap of USTACKGAP bytes
// that nothing maps: no touch there, before or after the stack reaches its
// lowest page, and no system call may use it.
void
stackgap(void)
{
  extern char end[];
  uint bot = stacktop - USTACKMAX, gap = bot - USTACKGAP;
  int fd[2], st;

  expect(gap == PGROUNDUP((uint)end), "the gap starts at 0x%x, want the end "
         "of the program, 0x%x", gap, PGROUNDUP((uint)end));
  mustkill(bot - 1, 1, "just below the stack's limit");
  mustkill(bot - 1, 0, "just below the stack's limit");
  mustkill(gap, 1, "at the bottom of the stack gap");
  mustkill(gap + USTACKGAP / 2, 0, "in the middle of the stack gap");
  st = inchild(storeto, bot);
  expect(st == 0, "a store to the stack's lowest page at 0x%x: status %d, "
         "want 0", bot, st);
  st = inchild(lowestthenbelow, bot);
  expect(st == KILLED, "a store below a stack grown to its limit: status %d, "
         "want %d", st, KILLED);
  mkpipe(fd);
  expect(write(fd[1], "abcd", 4) == 4, "pipe write failed");
  expect(read(fd[0], (char *)bot - 4, 4) == -1, "read() into the stack gap worked");
  expect(read(fd[0], (char *)bot - 2, 4) == -1, "read() across the stack's "
         "limit worked");
  expect(write(fd[1], (char *)gap, 4) == -1, "write() from the stack gap worked");
  closepipe(fd);
}
