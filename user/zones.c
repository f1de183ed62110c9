// zones: list every shared-memory zone in existence, like ipcs -m.
// One line per zone: its id, its size in pages and how many processes
// have it attached (nref, which also counts M_WAIT sleepers the zone was
// just handed to), then a line with the count that sysinfo reports.
// The zone table can change while we read it, so the two may disagree
// on a busy system.
#include "user.h"

// n right-aligned in a field of width characters (printf has no widths).
static char*
field(int n, int width, char *buf)
{
  char digits[12];
  int i = 0, j = 0;

  do {
    digits[i++] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  while(j < width - i)
    buf[j++] = ' ';
  while(i > 0)
    buf[j++] = digits[--i];
  buf[j] = 0;
  return buf;
}

int
main(int argc, char *argv[])
{
  struct shminfo si;
  struct sysinfo s;
  char b1[12], b2[12], b3[12];
  int id;

  if(argc != 1){
    fprintf(2, "usage: zones\n");
    return 1;
  }
  printf("   ID  PAGES  NREF\n");
  for(id = 0; id < MAXSHM; id++)
    if(shminfo(id, &si) == 0)
      printf("%s  %s  %s\n", field(id, 5, b1), field(si.npages, 5, b2),
             field(si.nref, 4, b3));
  if(sysinfo(&s) < 0){
    fprintf(2, "zones: sysinfo failed\n");
    return 1;
  }
  printf("%d zone%s\n", s.nzones, s.nzones == 1 ? "" : "s");
  return 0;
}
