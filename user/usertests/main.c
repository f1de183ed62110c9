// usertests: the foundation test suite, run inside zv6: every system
// call and its error paths.
//
//   usertests            run every test
//   usertests NAME...    run only these, in this order
//
// The shared harness (user/test.h) runs each test in a process of its
// own, with a watchdog, and checks after each that free pages,
// processes, open files, inodes and zones came back: the kernel's caches
// allocate no pages, so any difference is a leak.  The tests live in
// files by area: proc.c (fork, exit, wait, getpid), kill.c, exec.c,
// pipe.c, fd.c (file descriptors and the file and inode tables), file.c
// (files), dir.c (links and directories), mem.c (sbrk and the stack),
// cpu.c (what user code leaves in the CPU), badptr.c (bad pointers),
// misc.c (time, the machine, zones); helpers.c has what they share.
//
// Hooks, not tests: `usertests -argcheck ...` is what execargv execs
// (argcheck()), `usertests -fpucheck` what fpuinherit execs
// (fpucleancheck()).  main() looks for them first.
#include "usertests.h"

#define LIMIT 60    // seconds a test may run
#define SLOW  120   // ... one that fills a table or all of memory

uint guardpage;

// The tests, in the order `usertests` runs them, with their time limits
// in seconds.  A new test goes in the file of its area (or a new file
// here, user/usertests/AREA.c, with its prototypes in usertests.h) and
// gets a line at the end of this table.
static struct test tests[] = {
  { "forkexit", forkexit, LIMIT },
  { "waitnull", waitnull, LIMIT },
  { "waitnone", waitnone, LIMIT },
  { "getpid", getpidtest, LIMIT },
  { "forkmem", forkmem, LIMIT },
  { "forkfds", forkfds, LIMIT },
  { "manyprocs", manyprocs, SLOW },
  { "forkmax", forkmax, SLOW },
  { "killrun", killrun, LIMIT },
  { "killsleep", killsleep, LIMIT },
  { "killpipe", killpipe, LIMIT },
  { "killwait", killwait, LIMIT },
  { "killself", killself, LIMIT },
  { "killbad", killbad, LIMIT },
  { "orphans", orphans, LIMIT },
  { "killinit", killinit, LIMIT },
  { "execargs", execargs, LIMIT },
  { "execargv", execargv, LIMIT },
  { "execmaxarg", execmaxarg, LIMIT },
  { "execlongarg", execlongarg, LIMIT },
  { "execmany", execmany, LIMIT },
  { "execfree", execfree, LIMIT },
  { "execmissing", execmissing, LIMIT },
  { "execjunk", execjunk, LIMIT },
  { "execelf", execelf, LIMIT },
  { "execdev", execdev, LIMIT },
  { "execrace", execrace, LIMIT },
  { "pipebig", pipebig, LIMIT },
  { "pipeeof", pipeeof, LIMIT },
  { "pipeclosed", pipeclosed, LIMIT },
  { "pipezero", pipezero, LIMIT },
  { "fdbad", fdbad, LIMIT },
  { "fdlimit", fdlimit, SLOW },
  { "filetable", filetable, SLOW },
  { "inodetable", inodetable, SLOW },
  { "filerw", filerw, LIMIT },
  { "filemodes", filemodes, LIMIT },
  { "truncread", truncread, LIMIT },
  { "sysinfocounts", sysinfocounts, LIMIT },
  { "bigfile", bigfile, LIMIT },
  { "unlinkopen", unlinkopen, LIMIT },
  { "links", links, LIMIT },
  { "dirs", dirs, LIMIT },
  { "dotdot", dotdot, LIMIT },
  { "rmcwd", rmcwd, LIMIT },
  { "longname", longname, LIMIT },
  { "maxpath", maxpath, LIMIT },
  { "mknod", mknodtest, LIMIT },
  { "bigdir", bigdir, LIMIT },
  { "sharedfd", sharedfd, LIMIT },
  { "concfiles", concfiles, SLOW },
  { "sbrkgrow", sbrkgrow, LIMIT },
  { "sbrkshrink", sbrkshrink, LIMIT },
  { "sbrkfreed", sbrkfreed, LIMIT },
  { "sbrkall", sbrkall, SLOW },
  { "sbrklimit", sbrklimit, LIMIT },
  { "sbrkoom", sbrkoom, SLOW },
  { "forkoom", forkoom, SLOW },
  { "stackguard", stackguard, LIMIT },
  { "stackgrow", stackgrow, LIMIT },
  { "privileged", privileged, LIMIT },
  { "dirflag", dirflag, LIMIT },
  { "fpuprivate", fpuprivate, LIMIT },
  { "fpuinherit", fpuinherit, LIMIT },
  { "textro", textro, LIMIT },
  { "stackclash", stackclash, LIMIT },
  { "badbuf", badbuf, LIMIT },
  { "badresult", badresult, LIMIT },
  { "badwait", badwait, LIMIT },
  { "badprocinfo", badprocinfo, LIMIT },
  { "badpath", badpath, LIMIT },
  { "badargv", badargv, LIMIT },
  { "uptime", uptimetest, LIMIT },
  { "poweroff", poweroffbad, LIMIT },
  { "badsyscall", badsyscall, LIMIT },
  { "shmbad", shmbad, LIMIT },
  { "kpanic", kpanicbad, LIMIT },
  { "killbigcopy", killbigcopy, LIMIT },
};

// Find the gap below the stack from where exec put argv[0]: at the top
// of the stack, which may grow down USTACKMAX bytes to the gap.
static void
findguard(char **argv)
{
  uint top = PGROUNDUP((uint)argv[0] + strlen(argv[0]) + 1);

  guardpage = top - USTACKMAX - PGSIZE;
}

int
main(int argc, char *argv[])
{
  if(argc > 1 && strcmp(argv[1], ARGCHECK) == 0)
    return argcheck(argc, argv);
  if(argc > 1 && strcmp(argv[1], FPUCHECK) == 0)
    return fpucleancheck();
  findguard(argv);
  return runsuite("usertests", tests, NELEM(tests), argc, argv);
}
