// The guest test harness shared by every test suite (user/lib/test.c).
//
// A suite is a table of tests and a main() that hands it to runsuite():
//
//   static struct test tests[] = { { "name", t_name, 30 }, ... };
//   int main(int argc, char **argv)
//   { return runsuite("mysuite", tests, NELEM(tests), argc, argv); }
//
// `mysuite` runs every test, `mysuite NAME...` only those, in that order.
// Each test runs in a child process of its own, watched by a watchdog
// that kills it after its time limit, and is judged by its exit status;
// the runner prints `ok NAME` or `FAIL NAME: why`.  After each test the
// runner waits for free pages, processes, open files, referenced inodes
// and zones to come back to what they were before it, and fails the test
// with the differences if they do not.  It ends with `N passed, M failed`
// and returns the exit status: 0 iff nothing failed.
#ifndef USER_TEST_H
#define USER_TEST_H

struct test {
  char *name;
  void (*fn)(void);
  int seconds;      // the watchdog kills the test after this long
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int runsuite(char *suite, struct test *tests, int ntests, int argc, char **argv);

// The resources a test must give back, from sysinfo: free pages,
// process slots, open files, referenced inodes and zones.  ressettled
// polls (for up to 2 seconds) until they are back to *before;
// 0 if they are, else -1 with *after the last look.
struct sysinfo rescounts(void);
int ressettled(struct sysinfo *before, struct sysinfo *after);

// Kill every process with a pid above pid, until none is left alive;
// 0, or -1 if some survive.
int killabove(int pid);

// Where fail() writes: in the test's own process, the pipe the runner
// reads the reason from; in any helper process it forks, fd 2, after a
// prefix naming the suite, test and pid (the helper is then judged by
// its parent through its exit status).
int failfd(void);

// End this process with status 1, saying why.
#define fail(...) do { \
    int fd_ = failfd(); \
    fprintf(fd_, __VA_ARGS__); \
    fprintf(fd_, "\n"); \
    exit(1); \
  } while(0)

#define check(cond, ...) do { if(!(cond)) fail(__VA_ARGS__); } while(0)

#endif
