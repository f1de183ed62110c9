// kill: kill each process whose pid is given.  Every pid is tried even
// after one fails; the exit status is 1 if any of them failed.
#include "user.h"

int
main(int argc, char *argv[])
{
  int i, pid, status = 0;

  if(argc < 2){
    fprintf(2, "usage: kill PID...\n");
    return 2;
  }
  for(i = 1; i < argc; i++){
    if((pid = parsenum(argv[i])) < 0){
      fprintf(2, "kill: %s: not a pid\n", argv[i]);
      status = 1;
    } else if(kill(pid) < 0){
      fprintf(2, "kill: %s: no such process\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
