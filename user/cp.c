// cp SRC DST: copy file SRC to DST, creating DST or truncating it if it
// exists.  DST is a file name, never a directory to copy into.
#include "user.h"

static char buf[1024];

// Copy fd in to fd out.  Returns 0, or 1 after complaining.
static int
copy(int in, int out, char *src, char *dst)
{
  int n;

  while((n = read(in, buf, sizeof buf)) > 0){
    if(write(out, buf, n) != n){
      fprintf(2, "cp: %s: write error\n", dst);
      return 1;
    }
  }
  if(n < 0){
    fprintf(2, "cp: %s: read error\n", src);
    return 1;
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  struct stat st;
  int in, out, status;

  if(argc != 3){
    fprintf(2, "usage: cp SRC DST\n");
    return 1;
  }
  if((in = open(argv[1], O_RDONLY)) < 0){
    fprintf(2, "cp: %s: cannot open\n", argv[1]);
    return 1;
  }
  if(fstat(in, &st) < 0 || st.type == T_DIR){
    fprintf(2, "cp: %s: not a file\n", argv[1]);
    close(in);
    return 1;
  }
  if((out = open(argv[2], O_CREATE | O_WRONLY | O_TRUNC)) < 0){
    fprintf(2, "cp: %s: cannot create\n", argv[2]);
    close(in);
    return 1;
  }
  status = copy(in, out, argv[1], argv[2]);
  close(in);
  close(out);
  return status;
}
