// mkdir: create each named directory.  All are attempted; the exit
// status is 1 if any could not be made.
#include "user.h"

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if(argc < 2){
    fprintf(2, "usage: mkdir DIR...\n");
    return 2;
  }
  for(i = 1; i < argc; i++){
    if(mkdir(argv[i]) < 0){
      fprintf(2, "mkdir: %s: cannot create\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
