// touch FILE...: create each FILE that does not exist, empty.  zv6 keeps
// no timestamps, so a FILE that exists (a directory too) is left alone.
#include "user.h"

int
main(int argc, char *argv[])
{
  struct stat st;
  int i, fd, status = 0;

  if(argc < 2){
    fprintf(2, "usage: touch FILE...\n");
    return 1;
  }
  for(i = 1; i < argc; i++){
    if(stat(argv[i], &st) == 0)
      continue;
    if((fd = open(argv[i], O_CREATE | O_WRONLY)) < 0){
      fprintf(2, "touch: %s: cannot create\n", argv[i]);
      status = 1;
      continue;
    }
    close(fd);
  }
  return status;
}
