// kill: kill each process whose pid is given.  Every pid is tried even
// after one fails; the exit status is 1 if any of them failed.
#include "user.h"

static int
isnumber(const char *s)
{
  if(*s == 0)
    return 0;
  for(; *s; s++)
    if(*s < '0' || *s > '9')
      return 0;
  return 1;
}

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if(argc < 2){
    fprintf(2, "usage: kill PID...\n");
    return 2;
  }
  for(i = 1; i < argc; i++){
    if(!isnumber(argv[i])){
      fprintf(2, "kill: %s: not a pid\n", argv[i]);
      status = 1;
    } else if(kill(atoi(argv[i])) < 0){
      fprintf(2, "kill: %s: no such process\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
