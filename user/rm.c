// rm: remove each named file (a directory only if it is empty, which the
// kernel checks).  All are attempted; the exit status is 1 if any
// could not be removed.
#include "user.h"

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if(argc < 2){
    fprintf(2, "usage: rm FILE...\n");
    return 2;
  }
  for(i = 1; i < argc; i++){
    if(unlink(argv[i]) < 0){
      fprintf(2, "rm: %s: cannot remove\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
