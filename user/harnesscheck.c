// harnesscheck: the guest test harness's own test (user/test.h).  Its
// tests misbehave on purpose, one way each, and the host case
// harness-selftest (tests/suite.py) checks that the runner says so:
// a failure with its reason, a crash, a hang past the time limit with a
// helper left blocked (which the runner must kill), a helper's failure,
// and an orphan that outlives its test (a leak).  The tests around them
// pass, so a runner that let one test spoil the next fails too.
#include "user.h"
#include "test.h"

#define ORPHANTICKS 1000   // longer than the runner waits for orphans

static void
passes(void)
{
}

static void
fails(void)
{
  fail("got %d, want %d", 2, 1);
}

static void
crashes(void)
{
  *(volatile int *)0 = 1;
}

// Block for ever, with a helper blocked too.
static void
hangs(void)
{
  int p[2];
  char c;

  mkpipe(p);
  if(xfork() == 0)
    read(p[0], &c, 1);
  read(p[0], &c, 1);
}

static void
helperfails(void)
{
  int pid = xfork(), st;

  if(pid == 0)
    fail("helper saw %d", 3);
  st = reap(pid);
  expect(st == 0, "helper exited %d", st);
}

static void
orphan(void)
{
  if(xfork() == 0){
    sleep(ORPHANTICKS);
    exit(0);
  }
}

static struct test tests[] = {
  { "passes",      passes,      10 },
  { "fails",       fails,       10 },
  { "crashes",     crashes,     10 },
  { "hangs",       hangs,       1 },
  { "helperfails", helperfails, 10 },
  { "orphan",      orphan,      10 },
  { "clean",       passes,      10 },
};

int
main(int argc, char *argv[])
{
  return runsuite("harnesscheck", tests, NELEM(tests), argc, argv);
}
