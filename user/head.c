// head [-n N] [FILE]: copy the first N lines (10 if not given) of FILE,
// or of fd 0 when no FILE is named, to fd 1.  A last line without a
// newline counts as a line.
#include "user.h"

static char buf[1024];

// Copy lines from fd to fd 1 until nlines have gone.  Returns 0, or 1
// after complaining.
static int
head(int fd, const char *name, int nlines)
{
  int n = 0, i;

  while(nlines > 0 && (n = read(fd, buf, sizeof buf)) > 0){
    for(i = 0; i < n && nlines > 0; i++)
      if(buf[i] == '\n')
        nlines--;
    if(write(1, buf, i) != i){
      fprintf(2, "head: write error\n");
      return 1;
    }
  }
  if(nlines > 0 && n < 0){
    fprintf(2, "head: %s: read error\n", name);
    return 1;
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  int fd, status, nlines = 10, arg = 1;

  if(argc > 1 && strcmp(argv[1], "-n") == 0){
    if(argc < 3 || (nlines = parsenum(argv[2])) < 0){
      fprintf(2, "head: bad line count %s\n", argc < 3 ? "(none)" : argv[2]);
      return 1;
    }
    arg = 3;
  }
  if(argc > arg + 1 || (argc == arg + 1 && argv[arg][0] == '-')){
    fprintf(2, "usage: head [-n N] [FILE]\n");
    return 1;
  }
  if(argc == arg)
    return head(0, "stdin", nlines);
  if((fd = open(argv[arg], O_RDONLY)) < 0){
    fprintf(2, "head: %s: cannot open\n", argv[arg]);
    return 1;
  }
  status = head(fd, argv[arg], nlines);
  close(fd);
  return status;
}
