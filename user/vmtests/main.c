// vmtests: the guest test suite for virtual memory (kernel/vm.c): the
// copy-on-write fork, the lazy sbrk and the stack that grows on demand.
//
//   vmtests            run every test
//   vmtests NAME...    run only the named tests, in that order
//
// The shared harness (user/test.h) runs each test in a fresh exec of this
// program, so that a kernel whose copy-on-write is broken cannot change
// the runner's memory under it, with a watchdog, and checks after each
// that pages, processes, files, inodes and zones came back.  The tests
// live in files by area: cow.c (copy-on-write fork), kwrite.c (the kernel
// writing into pages fork shared), cowzone.c (zones and fork), oom.c
// (running short of memory: the balloon), sbrk.c (lazy sbrk), stack.c
// (the stack), mp.c (several CPUs); helpers.c has what they share.
//
// Page counts are exact wherever the kernel makes them so; where a touch
// may also take a page table, the test says so.  No test asserts a time.
#include "vmtests.h"

uint stacktop;

// The tests, in the order `vmtests` runs them, with their time limits
// in seconds.  A new test goes in the file of its area (or a new file
// here, user/vmtests/AREA.c, with its prototypes in vmtests.h) and gets
// a line at the end of this table.
static struct test tests[] = {
  { "cowdata",       cowdata,       30 },
  { "cowtext",       cowtext,       30 },
  { "cowchain",      cowchain,      30 },
  { "coworphan",     coworphan,     30 },
  { "cowexit",       cowexit,       30 },
  { "forkcost",      forkcost,      30 },
  { "cowread",       cowread,       30 },
  { "cowpipe",       cowpipe,       30 },
  { "cowwait",       cowwait,       30 },
  { "cowfstat",      cowfstat,      30 },
  { "cowstale",      cowstale,      30 },
  { "cowzone",       cowzone,       30 },
  { "cowzonero",     cowzonero,     30 },
  { "cowlast",       cowlast,       90 },
  { "cowoom",        cowoom,        90 },
  { "forkoom",       forkoom,       180 },
  { "sbrklazy",      sbrklazy,      30 },
  { "sbrksyscall",   sbrksyscall,   30 },
  { "sbrkfork",      sbrkfork,      30 },
  { "sbrkabove",     sbrkabove,     30 },
  { "sbrkmax",       sbrkmax,       30 },
  { "sbrkoom",       sbrkoom,       90 },
  { "stackgrow",     stackgrow,     30 },
  { "stackoverflow", stackoverflow, 30 },
  { "stackgap",      stackgap,      30 },
  { "mpcow",         mpcow,         120 },
};

int
main(int argc, char *argv[])
{
  stacktop = (uint)sbrk(0);   // exec puts the heap right above the stack
  return runsuite("vmtests", tests, NELEM(tests), argc, argv);
}
