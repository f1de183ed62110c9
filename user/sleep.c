// sleep N: pause for N clock ticks (100 a second; the sleep system call
// counts ticks, not seconds).  A missing or malformed N is an error.
#include "user.h"

// The non-negative decimal number s, or -1 if s is not one (or too big).
static int
number(const char *s)
{
  int n = 0;

  if(*s == 0)
    return -1;
  for(; *s; s++){
    if(*s < '0' || *s > '9' || n > (0x7FFFFFFF - 9) / 10)
      return -1;
    n = n * 10 + (*s - '0');
  }
  return n;
}

int
main(int argc, char *argv[])
{
  int n;

  if(argc != 2){
    fprintf(2, "usage: sleep TICKS\n");
    return 1;
  }
  if((n = number(argv[1])) < 0){
    fprintf(2, "sleep: %s: not a number of ticks\n", argv[1]);
    return 1;
  }
  if(sleep(n) < 0){
    fprintf(2, "sleep: interrupted\n");
    return 1;
  }
  return 0;
}
