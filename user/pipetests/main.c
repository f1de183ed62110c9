// pipetests: the guest test suite for pipes (kernel/pipe.c; the promises
// are in docs/pipes.md): order, atomic writes of up to PIPE_BUF bytes,
// many readers and writers at once, end of file, closed readers, kill,
// and running out of memory.
//
//   pipetests            run every test
//   pipetests NAME...    run only these, in this order
//
// The shared harness (user/test.h) runs each test in a process of its
// own, kills it and the helpers it started if it runs past its time
// limit (a lost wake-up shows up as a hang, and the run goes on), and
// checks after each that pages, processes, files, inodes and zones came
// back.  The tests live in files by area: order.c (order, atomic writes,
// many readers and writers), ends.c (end of file, closed readers,
// kill), load.c (ping-pong, out of memory); helpers.c has what they
// share.  No test judges how long anything took.
#include "pipetests.h"

#define LIMIT 120   // seconds each test may run

int fds[2];
char buf[2 * PIPESIZE + 4096];
char buf2[PIPESIZE + 4096];

// The tests, in the order `pipetests` runs them, with their time limits
// in seconds.  A new test goes in the file of its area (or a new file
// here, user/pipetests/AREA.c, with its prototypes in pipetests.h) and
// gets a line at the end of this table.
static struct test tests[] = {
  { "order", order, LIMIT },
  { "atomic", atomic, LIMIT },
  { "atomicwait", atomicwait, LIMIT },
  { "manyrw", manyrw, LIMIT },
  { "leastneed", leastneed, LIMIT },
  { "eof", eof, LIMIT },
  { "noreader", noreader, LIMIT },
  { "killread", killread, LIMIT },
  { "killwrite", killwrite, LIMIT },
  { "pingpong", pingpong, LIMIT },
  { "oom", oom, LIMIT },
};

int
main(int argc, char *argv[])
{
  return runsuite("pipetests", tests, NELEM(tests), argc, argv);
}
