// true: do nothing, successfully.  Exits 0 whatever its arguments, so
// `true; echo $?` prints 0; zbench's fork-exec-wait figure execs it as
// the smallest program there is.
#include "user.h"

int
main(int argc, char *argv[])
{
  return 0;
}
