// synctests: the guest test suite for futexes, robust mutexes and the
// zone synchronization library (futex_wait, futex_wake, user/sync.h; see
// docs/sync.md).
//
//   synctests            run every test
//   synctests NAME...    run only the named tests, in that order
//
// The shared harness (user/test.h) runs each test in a process of its
// own, with a watchdog, kills what a failed test left running, and
// checks after each test that pages, processes, files, inodes and zones
// came back.  The tests live in files by area: futex.c (futex_wait and
// futex_wake), lock.c (mutex and spin lock), semcond.c (semaphores and
// condition variables), chan.c (channel and message queue), robust.c
// (robust mutexes), nosyscall.c (no system call on the fast paths);
// helpers.c has what they share.
//
// No test asserts a time.  Where a test must wait for another process to
// reach a point, it polls a word in the zone; a lost wake-up shows as a
// test that never ends, which the watchdog turns into a FAIL.
#include "synctests.h"

// The tests, in the order `synctests` runs them, with their time limits
// in seconds.  A new test goes in the file of its area (or a new file
// here, user/synctests/AREA.c, with its prototypes in synctests.h) and
// gets a line at the end of this table.
static struct test tests[] = {
  { "args",          t_args,          30 },
  { "wake",          t_wake,          30 },
  { "timeout",       t_timeout,       30 },
  { "kill",          t_kill,          60 },
  { "gone",          t_gone,          30 },
  { "twoaddr",       t_twoaddr,       30 },
  { "pingpong",      t_pingpong,      60 },
  { "mutex",         t_mutex,         60 },
  { "spin",          t_spin,          60 },
  { "sem",           t_sem,           60 },
  { "condsignal",    t_condsignal,    60 },
  { "condbroadcast", t_condbroadcast, 60 },
  { "chan",          t_chan,          90 },
  { "msgq",          t_msgq,          60 },
  { "robust",        t_robust,        60 },
  { "robusttable",   t_robusttable,   60 },
  { "robustkill",    t_robustkill,    120 },
  { "nosyscall",     t_nosyscall,     30 },
};

int
main(int argc, char *argv[])
{
  return runsuite("synctests", tests, NELEM(tests), argc, argv);
}
