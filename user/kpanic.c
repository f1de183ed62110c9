// kpanic: panic the kernel on purpose, to see (and test) what a panic
// prints (docs/debugging.md, "Reading a panic").  Only init may, so boot
// with it as init:
//
//   python3 tools/zrun.py -- init=/kpanic         # the kernel calls panic()
//   python3 tools/zrun.py -- init=/kpanic fault   # the kernel faults
//
// As init it first starts a child that prints "busy" over and over, on
// another CPU if there is one: once the panic line appears, no more may
// come.  Run by anyone else, kpanic says the kernel refused and exits 1.
#include "user.h"

#define SETTLE 10   // ticks the child gets to start printing

// Start the child that keeps printing; returns its pid, or -1.
static int
busychild(void)
{
  int pid = fork();

  if(pid == 0){
    for(;;)
      write(1, "busy\n", 5);
  }
  return pid;
}

int
main(int argc, char *argv[])
{
  int how = KPANIC_CALL, pid = -1;

  if(argc > 2 || (argc == 2 && strcmp(argv[1], "fault") != 0)){
    fprintf(2, "usage: kpanic [fault]\n");
    return 1;
  }
  if(argc == 2)
    how = KPANIC_FAULT;
  if(getpid() == 1){
    if((pid = busychild()) < 0)
      fprintf(2, "kpanic: fork failed\n");
    sleep(SETTLE);
  }
  kpanic(how);
  if(pid > 0)
    kill(pid);
  fprintf(2, "kpanic: refused: only init (pid 1) may panic the kernel\n");
  return 1;
}
