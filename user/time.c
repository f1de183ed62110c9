// time CMD ARGS...: run CMD with its arguments and report, on fd 2, the
// clock ticks it took and its exit status ("ticks 3, status 0"); then
// exit with that status.  CMD is found as the shell finds it: as named,
// else in the root.  A CMD that cannot be run exits 127, as in sh.
#include "user.h"

// In the child: exec argv, or say why not and exit 127.
static void
run(char **argv)
{
  execsearch(argv);
  fprintf(2, "time: %s: not found\n", argv[0]);
  exit(127);
}

int
main(int argc, char *argv[])
{
  int pid, status, start;

  if(argc < 2){
    fprintf(2, "usage: time CMD ARGS...\n");
    return 1;
  }
  start = uptime();
  if((pid = fork()) < 0){
    fprintf(2, "time: cannot fork\n");
    return 1;
  }
  if(pid == 0)
    run(argv + 1);
  if(wait(&status) != pid){
    fprintf(2, "time: wait failed\n");
    return 1;
  }
  fprintf(2, "ticks %d, status %d\n", uptime() - start, status);
  return status;
}
