// pipetests: ping-pong and running out of memory.
#include "pipetests.h"

// ---- pingpong ----

// Two pairs of processes pass a byte back and forth through two pipes
// 2000 times each: every sleep and wake-up of a pipe, over and over, on
// all CPUs at once.
#define PINGS 2000
#define PAIRS 2

static void
pinger(int unused)
{
  int there[2], back[2], i, pid;
  char c;

  mkpipe(there);
  mkpipe(back);
  if((pid = fork()) == 0){
    close(there[1]);
    close(back[0]);
    while(read(there[0], &c, 1) == 1)
      write(back[1], &c, 1);
    exit(0);
  }
  expect(pid > 0, "fork failed");
  close(there[0]);
  close(back[1]);
  for(i = 0; i < PINGS; i++){
    c = i;
    expect(write(there[1], &c, 1) == 1, "ping %d: write failed", i);
    expect(getbyte(back[0]) == (char)i, "ping %d came back changed", i);
  }
  close(there[1]);
  expect(reap(pid) == 0, "the echo failed");
  close(back[0]);
}

void
pingpong(void)
{
  int i;

  for(i = 0; i < PAIRS; i++)
    spawn(pinger, 0);
  reapall(PAIRS);
}

// ---- oom ----

#define NFILL 4   // pipes that may be needed to take the last free pages
#define FIRSTRING ((PIPESIZE - 1) % PGSIZE + 1)  // ring bytes in a pipe's first page

// Take all but a few free pages: sbrk only reserves, so touch each new
// page, leaving room for the page tables a touch may need.
static void
takememory(void)
{
  int chunk, i;
  char *p;

  for(chunk = 1024; chunk > 0; chunk /= 2){
    while(sys().freepages > chunk + chunk / 1024 + 2){
      p = sbrk(chunk * PGSIZE);
      for(i = 0; i < chunk; i++)
        p[i * PGSIZE] = 1;
    }
  }
}

// With no page free, pipe() fails and changes nothing.  With one, it
// works: a pipe starts as one page, and a ring that then cannot grow
// still carries data, through its wrap.
void
oom(void)
{
  static int fill[NFILL][2];
  int nfill, i, n;

  ownmemory();   // with no page free, a store must not need a copy
  takememory();  // pipes take the last pages, exactly
  for(nfill = 0; sys().freepages > 0; nfill++){
    expect(nfill < NFILL, "%d pages still free", sys().freepages);
    mkpipe(fill[nfill]);
  }
  expect(pipe(fds) == -1, "pipe() with no page free worked");
  expect(sys().freepages == 0, "a failed pipe() left %d pages free",
         sys().freepages);
  nfill--;
  close(fill[nfill][0]);
  close(fill[nfill][1]);
  expect(sys().freepages == 1, "a closed pipe left %d pages free",
         sys().freepages);
  mkpipe(fds);
  for(i = 0; i < 6; i++){
    n = FIRSTRING * 3 / 4;        // six of them wrap the ring
    fillstream(buf, i * n, n);
    expect(write(fds[1], buf, n) == n, "write %d failed", i);
    readfull(fds[0], buf2, n);
    expect(checkstream(buf2, i * n, n) < 0, "round %d came back wrong", i);
  }
  close(fds[0]);
  close(fds[1]);
  while(nfill-- > 0){
    close(fill[nfill][0]);
    close(fill[nfill][1]);
  }
}
