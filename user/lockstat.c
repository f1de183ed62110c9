// lockstat: the kernel's lock statistics, most contended first.
//
//   lockstat            the counts since boot
//   lockstat CMD ARG... run CMD, then show what was added while it ran
//                       (by CMD and by anything else running meanwhile);
//                       exits with CMD's status
//
// One line per lock class: all the kernel's locks of one name share a
// line (every pipe's lock is "pipe", every sleeplock's inner lock is
// "sleeplock").  It gives how often the locks were acquired, how often
// an acquirer found the lock held and had to spin, and that as a share
// of the acquisitions.  Classes not acquired are left out.  Lines are
// sorted by contended acquisitions, then by acquisitions.
#include "user.h"

static struct lockstat before[NLOCKCLASS], after[NLOCKCLASS];

// Read every class into ls; the number read.
static int
readstats(struct lockstat *ls)
{
  int n = lockstat(ls, NLOCKCLASS);

  if(n < 0){
    fprintf(2, "lockstat: the lockstat system call failed\n");
    exit(1);
  }
  return n;
}

// Take the counts of old[0..nold) from ls[0..n).  A class keeps its
// slot, and new classes only come after the old ones, so slot i is the
// same class in both.  Unsigned subtraction is right across a wrap.
static void
subtract(struct lockstat *ls, int n, struct lockstat *old, int nold)
{
  int i;

  for(i = 0; i < n && i < nold; i++){
    ls[i].nacquire -= old[i].nacquire;
    ls[i].ncontended -= old[i].ncontended;
  }
}

// Does a come before b: more contended, or as contended and busier?
static int
before_in_order(struct lockstat *a, struct lockstat *b)
{
  if(a->ncontended != b->ncontended)
    return a->ncontended > b->ncontended;
  return a->nacquire > b->nacquire;
}

static void
sort(struct lockstat *ls, int n)
{
  struct lockstat t;
  int i, j;

  for(i = 1; i < n; i++){
    t = ls[i];
    for(j = i; j > 0 && before_in_order(&t, &ls[j - 1]); j--)
      ls[j] = ls[j - 1];
    ls[j] = t;
  }
}

// s padded with spaces to width characters, on the left if right is set
// (printf has no widths).  buf holds width+1 bytes or more.
static char*
pad(char *s, int width, int right, char *buf)
{
  int len = strlen(s), i = 0;

  if(right)
    while(i < width - len)
      buf[i++] = ' ';
  strcpy(buf + i, s);
  i += len;
  while(i < width)
    buf[i++] = ' ';
  buf[i] = 0;
  return buf;
}

// n in decimal, into buf (12 bytes).
static char*
decimal(uint n, char *buf)
{
  char digits[12];
  int i = 0, j = 0;

  do {
    digits[i++] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  while(i > 0)
    buf[j++] = digits[--i];
  buf[j] = 0;
  return buf;
}

// part/whole in tenths of a percent, part <= whole.  1000 * part would
// overflow for a whole past 4294967; then whole/1000 loses less than
// 0.03% of the answer.
static uint
permille(uint part, uint whole)
{
  if(whole == 0)
    return 0;
  if(whole > 4294967)
    return part / (whole / 1000);
  return part * 1000 / whole;
}

static void
printrow(struct lockstat *ls)
{
  char name[LOCKNAME + 1], acq[13], con[13], share[8], num[12];
  uint pm = permille(ls->ncontended, ls->nacquire);

  pad(ls->name, LOCKNAME, 0, name);
  pad(decimal(ls->nacquire, num), 12, 1, acq);
  pad(decimal(ls->ncontended, num), 12, 1, con);
  pad(decimal(pm / 10, num), 6, 1, share);
  printf("%s%s%s%s.%d%%\n", name, acq, con, share, pm % 10);
}

static void
print(struct lockstat *ls, int n)
{
  int i;

  sort(ls, n);
  printf("lock                acquired   contended    share\n");
  for(i = 0; i < n; i++)
    if(ls[i].nacquire > 0)
      printrow(&ls[i]);
}

// Run argv as a command, found as the shell finds it; its exit status.
static int
run(char **argv)
{
  int pid, status;

  if((pid = fork()) < 0){
    fprintf(2, "lockstat: fork failed\n");
    exit(1);
  }
  if(pid == 0){
    execsearch(argv);
    fprintf(2, "lockstat: %s: not found\n", argv[0]);
    exit(127);
  }
  while(wait(&status) != pid)
    ;
  return status;
}

int
main(int argc, char *argv[])
{
  int nbefore = 0, n, status = 0;

  if(argc > 1){
    nbefore = readstats(before);
    status = run(argv + 1);
  }
  n = readstats(after);
  subtract(after, n, before, nbefore);
  print(after, n);
  return status;
}
