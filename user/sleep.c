// sleep N: pause for N clock ticks (100 a second; the sleep system call
// counts ticks, not seconds).  A missing or malformed N is an error.
#include "user.h"

int
main(int argc, char *argv[])
{
  int n;

  if(argc != 2){
    fprintf(2, "usage: sleep TICKS\n");
    return 1;
  }
  if((n = parsenum(argv[1])) < 0){
    fprintf(2, "sleep: %s: not a number of ticks\n", argv[1]);
    return 1;
  }
  if(sleep(n) < 0){
    fprintf(2, "sleep: interrupted\n");
    return 1;
  }
  return 0;
}
