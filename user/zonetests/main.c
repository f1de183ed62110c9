// zonetests: the guest test suite for shared-memory zones (shmem, shmdt,
// shminfo, sysinfo; see docs/zones.md).
//
//   zonetests            run every test
//   zonetests NAME...    run only the named tests, in that order
//
// The shared harness (user/test.h) runs each test in a child of its own,
// with a watchdog, and checks after each that pages, processes, files,
// inodes and zones came back.  The tests live in files by area: args.c
// (refused arguments), share.c (create, attach, fork, read-only),
// exec.c (exec and exit), wait.c (M_WAIT), oom.c (sbrk and running out
// of memory), leak.c, races.c, visible.c (visibility and the zones
// tool); helpers.c has what they share.
//
// Hooks, not tests: `zonetests --child-exec-probe ...` is the program the
// exec tests exec into (see probe()); `zonetests --hold ID` holds a zone
// for the host's ^P test (see hold()).  main() looks for them first.
#include "zonetests.h"

// The exec hook (not a test).
//
// `zonetests --child-exec-probe ID NREF WFD RFD` checks what a freshly
// exec'd image must see: nothing mapped at SHMBASE, and zone ID with NREF
// references (NREF -1: zone ID must not exist; -2: no check).  With WFD
// >= 0 it reports 'k' (or 'f', with the reason on fd 2) on WFD and waits
// for a byte on RFD before it exits, so that the parent can look at the
// counts while it still lives.  Its exit status is 0 iff the checks held.
static int
probe(int argc, char *argv[])
{
  int id, want, wfd, rfd, n, ok = 1;
  char c;

  if(argc != 6){
    fprintf(2, "zonetests: probe: bad arguments\n");
    return 2;
  }
  id = atoi(argv[2]);
  want = atoi(argv[3]);
  wfd = atoi(argv[4]);
  rfd = atoi(argv[5]);
  if(sysinfo((struct sysinfo *)SHMBASE) != -1){
    fprintf(2, "zonetests: probe: memory at SHMBASE after exec\n");
    ok = 0;
  }
  if(want != -2 && (n = nref(id)) != want){
    fprintf(2, "zonetests: probe: zone %d has nref %d after exec, "
            "expected %d\n", id, n, want);
    ok = 0;
  }
  if(wfd >= 0){
    c = ok ? 'k' : 'f';
    write(wfd, &c, 1);
    read(rfd, &c, 1);
  }
  return ok ? 0 : 1;
}

// `zonetests --hold ID`: create zone ID, one page, and keep it attached
// until end of input, so that ^P on the console has a zone to list.
static int
hold(int id)
{
  char c;

  if(shmem(id, M_CREATE, 1) == FAILED){
    fprintf(2, "zonetests: cannot create zone %d\n", id);
    return 1;
  }
  printf("holding zone %d\n", id);
  while(read(0, &c, 1) == 1)
    ;
  return 0;
}

// The tests, in the order `zonetests` runs them, with their time limits
// in seconds.  A new test goes in the file of its area (or a new file
// here, user/zonetests/AREA.c, with its prototypes in zonetests.h) and
// gets a line at the end of this table.
static struct test tests[] = {
  { "badargs",    t_badargs,    30 },
  { "limits",     t_limits,     30 },
  { "lastslot",   t_lastslot,   30 },
  { "roundtrip",  t_roundtrip,  30 },
  { "zerofill",   t_zerofill,   30 },
  { "placement",  t_placement,  30 },
  { "fork",       t_fork,       30 },
  { "forkgap",    t_forkgap,    30 },
  { "rdonly",     t_rdonly,     30 },
  { "exec",       t_exec,       30 },
  { "exit",       t_exit,       30 },
  { "creating",   t_creating,   30 },
  { "mwait",      t_mwait,      30 },
  { "waitkill",   t_waitkill,   30 },
  { "sbrk",       t_sbrk,       30 },
  { "forkfail",   t_forkfail,   30 },
  { "visible",    t_visible,    30 },
  { "detachtlb",  t_detachtlb,  30 },
  { "zonestool",  t_zonestool,  30 },
  { "createrace", t_createrace, 60 },
  { "attachrace", t_attachrace, 90 },
  { "leak",       t_leak,       120 },
  { "oomcreate",  t_oomcreate,  60 },
  { "oomexec",    t_oomexec,    60 },
  { "oomfork",    t_oomfork,    60 },
  { "createdup",  t_createdup,  30 },
  { "lastref",    t_lastref,    60 },
};

int
main(int argc, char *argv[])
{
  if(argc >= 2 && strcmp(argv[1], "--child-exec-probe") == 0)
    return probe(argc, argv);
  if(argc == 3 && strcmp(argv[1], "--hold") == 0)
    return hold(atoi(argv[2]));
  return runsuite("zonetests", tests, NELEM(tests), argc, argv);
}
