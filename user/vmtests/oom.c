// vmtests: running short of memory: the balloon.
//
// The balloon is a helper process that holds free memory, so that a test
// can run a child with exactly k pages free.  It takes pages by touching
// heap pages (a touch may take a page table as well) and the last few as
// pipes, one page each; it gives them back by closing pipes and shrinking
// its heap.  Asked for k, it replies with the free pages it then sees;
// asked for -1, it exits, and everything comes back.
#include "vmtests.h"

#define SPARE 512       // pages free while a withfree child gets ready
#define NBPIPES 8       // pipes the balloon may hold

struct balloon {
  int pid;
  int cmd;     // to the balloon: the k wanted
  int reply;   // from it: the pages it left free
};

// In the balloon process: what it holds.
static struct {
  int npages;                // heap pages, from its first break up
  int pipes[NBPIPES];        // read ends of pipes whose write ends are closed
  int npipes;
} held;

static void
bgrow(int n)
{
  char *p = sbrk(n * PGSIZE);
  int i;

  if(p == NOMEM)
    fail("the balloon cannot grow by %d pages", n);
  for(i = 0; i < n; i++)
    p[i * PGSIZE] = 1;
  held.npages += n;
}

static void
bshrink(int n)
{
  if(n > held.npages)
    n = held.npages;
  sbrk(-n * PGSIZE);
  held.npages -= n;
}

static int
btakepipe(void)
{
  int fd[2];

  if(held.npipes == NBPIPES || pipe(fd) < 0)
    return -1;
  close(fd[1]);
  held.pipes[held.npipes++] = fd[0];
  return 0;
}

// Leave exactly k pages free if the balloon can; the pages then free.
static int
bleave(int k)
{
  int f;

  while((f = freepages()) != k){
    if(f > k + 1100)
      bgrow(1024);          // with at most two page tables
    else if(f > k + 2)
      bgrow(1);             // and perhaps a page table
    else if(f > k && btakepipe() == 0)
      continue;
    else if(f < k && held.npipes > 0)
      close(held.pipes[--held.npipes]);
    else if(f < k && held.npages > 0)
      bshrink(k - f);       // perhaps a page table more than asked
    else
      break;
  }
  return f;
}

static void
balloonmain(int cmd, int reply)
{
  int k, f;

  while(read(cmd, &k, sizeof(k)) == sizeof(k) && k >= 0){
    f = bleave(k);
    if(write(reply, &f, sizeof(f)) != sizeof(f))
      break;
  }
  exit(0);
}

static void
balloonstart(struct balloon *b)
{
  int cmd[2], reply[2];

  mkpipe(cmd);
  mkpipe(reply);
  if((b->pid = xfork()) == 0){
    close(cmd[1]);
    close(reply[0]);
    ownmemory();
    balloonmain(cmd[0], reply[1]);
  }
  close(cmd[0]);
  close(reply[1]);
  b->cmd = cmd[1];
  b->reply = reply[0];
  ownmemory();   // the caller's pages are its own again, while memory lasts
}

// Have the balloon leave exactly k pages free.
static void
hold(struct balloon *b, int k)
{
  int f = -1;

  if(write(b->cmd, &k, sizeof(k)) != sizeof(k) ||
     read(b->reply, &f, sizeof(f)) != sizeof(f))
    fail("the balloon died (see console)");
  if(f != k || freepages() != k)
    fail("the balloon cannot leave %d pages free: %d", k, f);
}

static void
balloonstop(struct balloon *b)
{
  int quit = -1;

  if(write(b->cmd, &quit, sizeof(quit)) != sizeof(quit))
    fail("the balloon died (see console)");
  close(b->cmd);
  close(b->reply);
  reapok(b->pid, "the balloon");
}

// A child run by withfree: prep() runs while memory is plentiful, main()
// with exactly k pages free; say() sends the test a byte (it needs no
// memory), which withfree hands back in said.
struct lowrun {
  void (*prep)(int k);
  void (*main)(int k);
  int status;
  char said;
};

static int sayfd = -1;   // in a withfree child: the pipe to the test

static void
say(char c)
{
  write(sayfd, &c, 1);
}

// Run r's child with exactly k pages free: both it and the caller make
// their pages their own first, so that neither needs memory for its own
// stores.  Waits for the child's descendants too.
static void
withfree(struct balloon *b, int k, struct lowrun *r)
{
  struct link c;
  int pid, n = sys().nproc;

  hold(b, SPARE);
  if((pid = linkfork(&c)) == 0){
    ownmemory();
    sayfd = c.out;
    if(r->prep)
      r->prep(k);
    tell(c.out);
    hear(c.in);
    r->main(k);
    exit(0);
  }
  ownmemory();
  hear(c.in);
  hold(b, k);
  tell(c.out);
  r->status = reap(pid);
  if(read(c.in, &r->said, 1) != 1)
    r->said = 0;
  linkclose(&c);
  awaitnproc(n);
}

#define OOMPAGES 16   // pages of the withfree child's own
#define FORKSURE 32   // pages free that surely suffice for a fork and its stores
enum { FORKED = 0, FORKFAILED = 20, CHILDOK = 21, BADDATA = 22 };

static uint *oomheap;   // in a withfree child: OOMPAGES (or more) of its own
static int *oomzone;    // forkoom: where wait() puts the child's status

static void
forkprep(int k)
{
  oomheap = morepages(OOMPAGES);
  paint(oomheap, OOMPAGES * WORDS, 1, 1);
  oomzone = (int *)shmem(Z_FORK, M_CREATE, 1);
  expect(oomzone != (int *)NOMEM, "shmem(%d, M_CREATE, 1) failed", Z_FORK);
}

// With k pages free, fork.  A fork that fails gives back every page and
// leaves the forker's pages its own: it writes all of them with no page
// to spare.  A fork that works may leave the two too few pages for their
// first stores, and either may be killed for it, but nobody sees wrong
// data; with FORKSURE pages free, both live.
static void
forkat(int k)
{
  int pid = fork();

  if(pid == 0)
    exit(offpaint(oomheap, OOMPAGES * WORDS, 1, 1) < 0 ? CHILDOK : BADDATA);
  if(pid < 0){
    say('f');
    expect(freepages() == k, "a fork that failed with %d pages free left %d",
           k, freepages());
    paint(oomheap, OOMPAGES * WORDS, 2, 1);
    look(oomheap, OOMPAGES * WORDS, 2, 2, "the forker's pages after a failed fork");
    exit(FORKFAILED);
  }
  expect(wait(oomzone) == pid, "wait for the child failed (%d pages free)", k);
  expect(*oomzone == CHILDOK || (*oomzone == KILLED && k < FORKSURE),
         "with %d pages free the forked child exited %d", k, *oomzone);
  look(oomheap, OOMPAGES * WORDS, 1, 1, "the forker's pages after its child");
  exit(FORKED);
}

// fork with memory nearly exhausted, with each number of free pages from
// none to FORKSURE: every fork fails cleanly or works, and nothing is
// corrupted or lost (the runner counts the pages after the test).
void
forkoom(void)
{
  struct lowrun r = { forkprep, forkat };
  struct balloon b;
  int k, failed = 0, worked = 0;

  balloonstart(&b);
  for(k = 0; k <= FORKSURE; k++){
    withfree(&b, k, &r);
    if(r.status == FORKFAILED)
      failed++;
    else if(r.status == FORKED)
      worked++;
    else if(r.said == 'f')
      fail("with %d pages free, after a failed fork, the forker exited %d: "
           "its pages were still shared", k, r.status);
    else if(r.status != KILLED || k >= FORKSURE)
      fail("with %d pages free the forker exited %d", k, r.status);
  }
  balloonstop(&b);
  expect(failed > 0 && worked > 0, "of %d forks %d failed and %d worked; want "
         "both to happen", FORKSURE + 1, failed, worked);
}

static void
lastprep(int k)
{
  int pid;

  oomheap = morepages(OOMPAGES);
  paint(oomheap, OOMPAGES * WORDS, 1, 1);
  if((pid = xfork()) == 0)
    exit(0);
  reapok(pid, "the child");
}

static void
lastmain(int k)
{
  paint(oomheap, OOMPAGES * WORDS, 2, 1);
  look(oomheap, OOMPAGES * WORDS, 2, 2, "pages taken over");
  expect(freepages() == k, "taking over %d pages cost %d", OOMPAGES,
         k - freepages());
}

// A page that fork shared, once the other side has let go of it, is taken
// over by its writer without a copy: with no page free at all, the last
// holder can still write every page.
void
cowlast(void)
{
  struct lowrun r = { lastprep, lastmain };
  struct balloon b;

  balloonstart(&b);
  withfree(&b, 0, &r);
  balloonstop(&b);
  expect(r.status == 0, "the last holder writing its pages with none free "
         "exited %d, want 0", r.status);
}

#define HOGFREE 64   // cowoom: pages free while the child writes HOGPAGES

static int hogfd[2];   // cowoom: a full pipe, for the child to wait on

static void
hogprep(int k)
{
  static char full[PIPESIZE];

  oomheap = morepages(HOGPAGES);
  paint(oomheap, HOGPAGES * WORDS, 1, 1);
  mkpipe(hogfd);
  expect(write(hogfd[1], full, PIPESIZE) == PIPESIZE, "cannot fill a pipe");
}

static void
hogmain(int k)
{
  int pid, st;
  char c;

  if((pid = xfork()) == 0){
    write(hogfd[1], "x", 1);   // waits until the parent reads
    paint(oomheap, HOGPAGES * WORDS, 2, 1);
    exit(0);
  }
  ownmemory();                 // copies, while there is memory
  expect(read(hogfd[0], &c, 1) == 1, "pipe read failed");
  st = reap(pid);
  expect(st == KILLED, "the child that wrote %d shared pages with %d free "
         "exited %d, want %d", HOGPAGES, k, st, KILLED);
  look(oomheap, HOGPAGES * WORDS, 1, 1, "the parent's pages after its child "
       "ran out of memory");
  expect(freepages() == k, "after the child died %d pages free, want %d",
         freepages(), k);
}

// A child writing more shared pages than memory holds is killed when
// memory runs out, and only it: its parent lives, with its data intact,
// and every page comes back.
void
cowoom(void)
{
  struct lowrun r = { hogprep, hogmain };
  struct balloon b;

  balloonstart(&b);
  withfree(&b, HOGFREE, &r);
  balloonstop(&b);
  expect(r.status == 0, "the parent of the child that ran out of memory "
         "exited %d, want 0", r.status);
}
