// crash: fault in user space on purpose, to see (and test) the line the
// kernel prints when it kills a program: pid, program name, trap, error
// code, address and eip (docs/debugging.md, "Reading a panic").  It
// writes to its own text, which is mapped read-only.
#include "user.h"

// The faulting write: its own first bytes, so the fault's addr names
// the function and its eip lies inside it.
static void __attribute__((noinline))
crashhere(void)
{
  *(volatile int *)crashhere = 0;
}

int
main(int argc, char *argv[])
{
  if(argc != 1){
    fprintf(2, "usage: crash\n");
    return 1;
  }
  crashhere();
  fprintf(2, "crash: the write to text did not fault\n");
  return 1;
}
