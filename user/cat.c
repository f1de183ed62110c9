// cat: copy each named file, or fd 0 when none is named, to fd 1.  A
// file that cannot be opened is reported and skipped, and the exit
// status is 1 if anything went wrong; a failed write stops everything,
// since no later output could reach its reader either.
#include "user.h"

static char buf[1024];

// Copy fd to fd 1.  Returns 0, or -1 after complaining.
static int
copy(int fd, const char *name)
{
  int n;

  while((n = read(fd, buf, sizeof buf)) > 0){
    if(write(1, buf, n) != n){
      fprintf(2, "cat: write error\n");
      exit(1);
    }
  }
  if(n < 0){
    fprintf(2, "cat: %s: read error\n", name);
    return -1;
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  int i, fd, status = 0;

  if(argc < 2)
    return copy(0, "stdin") < 0;
  for(i = 1; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      fprintf(2, "cat: %s: cannot open\n", argv[i]);
      status = 1;
      continue;
    }
    if(copy(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  return status;
}
