// vmtests: several CPUs.
#include "vmtests.h"

#define MPWORKERS 6
#define MPROUNDS 6
#define MPPAGES 32

// mpcow: the seed worker w (child 0) or its child (1) writes in round r,
// and whether it writes page i.
static uint
mpseed(int w, int r, int child)
{
  return 1000 * (w + 1) + 2 * r + child + 2;
}

static int
mpwrites(int i, int r, int child)
{
  return child ? (i + r) % 2 == 0 : (i + r) % 3 == 0;
}

// Write the pages of round r that this side writes; then check all, each
// page against the seed in view.
static void
mpround(uint *p, uint *view, int w, int r, int child)
{
  int i, j;

  for(i = 0; i < MPPAGES; i++){
    if(mpwrites(i, r, child)){
      view[i] = mpseed(w, r, child);
      paint(p + i * WORDS, WORDS, view[i], 1);
    }
  }
  for(i = 0; i < MPPAGES; i++)
    if((j = offpaint(p + i * WORDS, WORDS, view[i], view[i])) >= 0)
      fail("worker %d%s, round %d: page %d word %d is 0x%x, want seed %d", w,
           child ? "'s child" : "", r, i, j, p[i * WORDS + j], view[i]);
}

static void
mpworker(uint *p, int w)
{
  uint view[MPPAGES];
  int i, r, pid;

  for(i = 0; i < MPPAGES; i++)
    view[i] = 1;
  for(r = 0; r < MPROUNDS; r++){
    if((pid = xfork()) == 0){
      mpround(p, view, w, r, 1);
      exit(0);
    }
    mpround(p, view, w, r, 0);
    reapok(pid, "a worker's child");
  }
  exit(0);
}

// Several processes on several CPUs fork and write pages that start
// shared by all of them, at once: each sees only its own and its
// ancestors' writes, and the free-page count ends exact (the reference
// counts are changed on several CPUs at once).
void
mpcow(void)
{
  uint *p = morepages(MPPAGES);
  int w, f0, st, bad = 0;

  paint(p, MPPAGES * WORDS, 1, 1);
  f0 = freepages();
  for(w = 0; w < MPWORKERS; w++)
    if(xfork() == 0)
      mpworker(p, w);
  for(w = 0; w < MPWORKERS; w++)
    if(wait(&st) < 0 || st != 0)
      bad++;
  expect(bad == 0, "%d of %d workers failed", bad, MPWORKERS);
  look(p, MPPAGES * WORDS, 1, 1, "the parent's pages after the workers");
  expect(freepages() == f0, "after the workers %d pages free, want %d",
         freepages(), f0);
}
