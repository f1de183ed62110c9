// The guest test harness shared by every test suite (user/lib/test.c).
//
// A suite is a table of tests and a main() that hands it to runsuite():
//
//   static struct test tests[] = { { "name", t_name, 30 }, ... };
//   int main(int argc, char **argv)
//   { return runsuite("mysuite", tests, NELEM(tests), argc, argv); }
//
// `mysuite` runs every test, `mysuite NAME...` only those, in that order.
// Each test runs in a process of its own, a fresh exec of /mysuite (so
// main() must hand anything it does not know to runsuite()), watched by a
// watchdog that kills it after its time limit, and is judged by its exit
// status; the runner prints `ok NAME` or `FAIL NAME: why`.  The test
// starts only once the runner and the watchdog own all the memory they
// will write meanwhile (no copy-on-write copy of theirs is pending), so
// the free pages it counts move only with what it does.  After a test
// that failed, the runner kills what the test left running.  After each
// test it waits for free pages, processes, open files, referenced inodes
// and zones to come back to what they were before it, and fails the test
// with the differences if they do not; then it checks the whole run the
// same way.  It ends with `N passed, M failed` and returns the exit
// status: 0 iff nothing failed.
#ifndef USER_TEST_H
#define USER_TEST_H

struct test {
  char *name;
  void (*fn)(void);
  int seconds;      // the watchdog kills the test after this long
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int runsuite(char *suite, struct test *tests, int ntests, int argc, char **argv);

// The counts the runner checks after each test (sysinfo; all 0 if that
// fails), and whether two sets of them agree on free pages, processes,
// open files, referenced inodes and zones.
struct sysinfo testcounts(void);
int samecounts(struct sysinfo *a, struct sysinfo *b);
// Poll for a while until the counts are back to *before (orphans may
// still be exiting); 0 if they came back, else -1 with *after the last look.
int settled(struct sysinfo *before, struct sysinfo *after);
// Kill every live process with a pid of at least first (pids only grow:
// all that a test forked, if nothing else forks meanwhile), until none
// is left alive; 0, or -1 if some survive.
int killstragglers(int first);

// Where fail() writes: in the test's own process, the pipe the runner
// reads the reason from; in any helper process it forks, fd 2, after a
// prefix naming the suite, test and pid (the helper is then judged by
// its parent through its exit status).
int failfd(void);

// Helpers every suite needs; each fails the calling process (fail())
// if the system call under it fails.
struct sysinfo sys(void);   // sysinfo()
int freepages(void);        // sys().freepages
int xfork(void);            // fork()
void mkpipe(int fd[2]);     // pipe()
void closepipe(int fd[2]);  // close both ends
int reap(int pid);          // the next child to exit must be pid: its status
int waitfor(int pid);       // child pid's status, reaping others on the way
int waitall(int n);         // reap n children: how many exited with status != 0
char *procstate(int pid);  // pid's state as procinfo names it, or 0 if none
int asleep(int pid);        // is process pid asleep?

// The decimal digits of n, with a '-' if it is negative, in buf (12
// bytes, for exec arguments); returns buf.
char *itoa(int n, char *buf);

// End this process with status 1, saying why in one line, printf-style:
// what was expected against what came.
#define fail(fmt, ...) do { \
    fprintf(failfd(), fmt "\n", ##__VA_ARGS__); \
    exit(1); \
  } while(0)

// Fail, saying why, unless cond holds:
//   expect(n == 4096, "read %d, want 4096", n);
#define expect(cond, fmt, ...) do { \
    if(!(cond)) \
      fail(fmt, ##__VA_ARGS__); \
  } while(0)

#endif
