// ps: list the processes, one line each, from one procinfo() snapshot:
// "PID STATE SIZE CPU NAME ZONES", with SIZE the bytes of private
// memory, CPU "-" for a process not running, and ZONES the ids of the
// zones attached, if any.  ps takes no arguments.
#include "user.h"

static struct procinfo procs[NPROC];

static void
show(struct procinfo *p)
{
  int i;

  if(p->cpu >= 0)
    printf("%d %s %u %d %s", p->pid, p->state, p->size, p->cpu, p->name);
  else
    printf("%d %s %u - %s", p->pid, p->state, p->size, p->name);
  for(i = 0; i < p->nzones; i++)
    printf(" %d", p->zones[i]);
  printf("\n");
}

int
main(int argc, char *argv[])
{
  int i, n;

  if(argc > 1){
    fprintf(2, "usage: ps\n");
    return 1;
  }
  if((n = procinfo(procs, NPROC)) < 0){
    fprintf(2, "ps: procinfo failed\n");
    return 1;
  }
  printf("PID STATE SIZE CPU NAME ZONES\n");
  for(i = 0; i < n; i++)
    show(&procs[i]);
  return 0;
}
