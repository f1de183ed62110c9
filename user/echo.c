// echo: print the arguments, separated by single spaces and followed by
// a newline.  The whole line is assembled first and written with one
// write(), so that it cannot be split by output from another process.
#include "user.h"

int
main(int argc, char *argv[])
{
  uint len = 1;
  int i;
  char *line, *p;

  for(i = 1; i < argc; i++)
    len += strlen(argv[i]) + 1;
  if((line = malloc(len)) == 0){
    fprintf(2, "echo: out of memory\n");
    return 1;
  }
  p = line;
  for(i = 1; i < argc; i++){
    if(i > 1)
      *p++ = ' ';
    strcpy(p, argv[i]);
    p += strlen(p);
  }
  *p++ = '\n';
  if(write(1, line, p - line) != p - line){
    fprintf(2, "echo: write error\n");
    return 1;
  }
  return 0;
}
