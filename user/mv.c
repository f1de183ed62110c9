// mv SRC DST: give file SRC the name DST instead.  zv6 has no rename
// system call, so mv links DST to SRC's inode and then unlinks SRC.  It
// keeps things simple: DST must not exist yet (a directory included:
// mv never moves into one), and SRC must not be a directory, since
// directories cannot be linked.  If the unlink fails, both names remain.
#include "user.h"

int
main(int argc, char *argv[])
{
  struct stat st;

  if(argc != 3){
    fprintf(2, "usage: mv SRC DST\n");
    return 1;
  }
  if(stat(argv[1], &st) < 0){
    fprintf(2, "mv: %s: not found\n", argv[1]);
    return 1;
  }
  if(stat(argv[2], &st) == 0){
    fprintf(2, "mv: %s: exists\n", argv[2]);
    return 1;
  }
  if(link(argv[1], argv[2]) < 0){
    fprintf(2, "mv: %s: cannot link it as %s\n", argv[1], argv[2]);
    return 1;
  }
  if(unlink(argv[1]) < 0){
    fprintf(2, "mv: %s: cannot unlink\n", argv[1]);
    return 1;
  }
  return 0;
}
