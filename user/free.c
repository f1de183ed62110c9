// free: how physical memory is used, from sysinfo():
//
//   pages: total T, free F, used U
//   zones: Z, holding P pages
//
// T counts every page the kernel's allocator manages, and U = T - F is
// what the kernel, the processes and the zones hold between them (the
// zones' P pages among them).  free takes no arguments.
#include "user.h"

int
main(int argc, char *argv[])
{
  struct sysinfo si;

  if(argc > 1){
    fprintf(2, "usage: free\n");
    return 1;
  }
  if(sysinfo(&si) < 0){
    fprintf(2, "free: sysinfo failed\n");
    return 1;
  }
  printf("pages: total %d, free %d, used %d\n", si.totalpages, si.freepages,
         si.totalpages - si.freepages);
  printf("zones: %d, holding %d pages\n", si.nzones, si.zonepages);
  return 0;
}
