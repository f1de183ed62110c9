// vmtests: the kernel writing into pages that fork shared.
#include "vmtests.h"

static uint kpage[2][WORDS] PAGEALIGNED;
static char kmsg[] = KMSG;

// System calls that write into user memory at dst and check that they
// did.  Each returns how many words it wrote (a last one perhaps in part).
int
kread(uint *dst)
{
  int fd[2];

  mkpipe(fd);
  expect(write(fd[1], kmsg, sizeof(kmsg)) == sizeof(kmsg), "pipe write failed");
  expect(read(fd[0], dst, sizeof(kmsg)) == sizeof(kmsg),
         "read() into %p failed", dst);
  expect(memcmp(dst, kmsg, sizeof(kmsg)) == 0,
         "read() into %p: other bytes than were written", dst);
  closepipe(fd);
  return (sizeof(kmsg) + 3) / 4;
}

static int
kpipe(uint *dst)
{
  int *fd = (int *)dst;
  char c = 0;

  expect(pipe(fd) == 0, "pipe() into %p failed", dst);
  expect(write(fd[1], "p", 1) == 1 && read(fd[0], &c, 1) == 1 && c == 'p',
         "pipe() into %p stored %d and %d, not a pipe", dst, fd[0], fd[1]);
  closepipe(fd);
  return 2;
}

static int
kwait(uint *dst)
{
  int pid = xfork();

  if(pid == 0)
    exit(42);
  expect(wait((int *)dst) == pid, "wait() into %p did not return child %d",
         dst, pid);
  expect(*(int *)dst == 42, "wait() into %p stored %d, want 42", dst,
         *(int *)dst);
  return 1;
}

static int
kfstat(uint *dst)
{
  struct stat st, *sp = (struct stat *)dst;
  int fd = open("/vmtests", O_RDONLY);

  expect(fd >= 0, "cannot open /vmtests");
  expect(fstat(fd, &st) == 0 && fstat(fd, sp) == 0, "fstat into %p failed", dst);
  expect(sp->type == T_FILE && sp->ino == st.ino && sp->size == st.size &&
         sp->nlink == st.nlink && sp->dev == st.dev,
         "fstat into %p: type %d size %d, want %d and %d", dst, sp->type,
         sp->size, T_FILE, st.size);
  close(fd);
  return (sizeof(st) + 3) / 4;
}

// Have the kernel write into dst by call, after reading dst first (so a
// stale translation would show), and check that the rest of the page kept
// its data (seed 7).
static void
kside(int (*call)(uint *), uint *dst, char *who)
{
  int n;

  look(dst, WORDS, 7, 7, who);
  n = call(dst);
  look(dst + n, WORDS - n, 7, 7, "the rest of the page written by a system call");
}

// A system call's result stored into a page still shared after fork goes
// to the caller alone, as its own store would: the other side still sees
// the old bytes.  Both ways: the child writes into page 0 while the
// parent still shares it, the parent into page 1 while the child does,
// and the parent again into page 0 once the child is gone.
static void
kwrite(int (*call)(uint *))
{
  struct link c;
  int pid;

  paint(kpage[0], 2 * WORDS, 7, 1);
  if((pid = linkfork(&c)) == 0){
    kside(call, kpage[0], "the child, before its system call");
    tell(c.out);
    hear(c.in);
    look(kpage[1], WORDS, 7, 7, "the child, after the parent's system call");
    exit(0);
  }
  hear(c.in);
  look(kpage[0], WORDS, 7, 7, "the parent, after the child's system call");
  kside(call, kpage[1], "the parent, before its system call");
  tell(c.out);
  reapok(pid, "the child");
  linkclose(&c);
  kside(call, kpage[0], "the parent, alone");
}

void
cowread(void)
{
  kwrite(kread);
}

void
cowpipe(void)
{
  kwrite(kpipe);
}

void
cowwait(void)
{
  kwrite(kwait);
}

void
cowfstat(void)
{
  kwrite(kfstat);
}

#define SPINS (1 << 28)   // cowstale: polls of a flag before giving up

static uint stale[WORDS] PAGEALIGNED;

// Poll *flag until it is v, with no system call; 0, or -1 after SPINS.
static int
spinfor(volatile int *flag, int v)
{
  int n;

  for(n = 0; *flag != v; n++)
    if(n == SPINS)
      return -1;
  return 0;
}

// The child of cowstale: in step with the parent through the zone word
// *flag, it writes the page the parent has just stopped sharing.
static void
stalechild(volatile int *flag)
{
  *flag = 1;                   // running, and so quick to answer
  if(spinfor(flag, 2) < 0)
    fail("the parent did not make its read() (see console)");
  paint(stale, WORDS, 2, 1);   // the old page: the child's alone now
  *flag = 3;
  exit(0);
}

// A system call that makes a shared page its caller's own (a read() at end
// of file still does) but writes nothing there must leave no translation
// of the old page behind: when the other side then writes the old page,
// the caller still sees its own copy.  The caller looks at the page
// before the call, so a translation is cached, and meets the child by
// polling a zone word, since switching processes would flush it.
void
cowstale(void)
{
  volatile int *flag = (int *)zcreate(Z_STALE);
  int eof[2], pid;

  paint(stale, WORDS, 1, 1);
  mkpipe(eof);
  close(eof[1]);
  if((pid = xfork()) == 0)
    stalechild(flag);
  expect(spinfor(flag, 1) == 0, "the child did not start (see console)");
  look(stale, WORDS, 1, 1, "the parent's page before its read()");
  expect(read(eof[0], stale, PGSIZE) == 0, "read() at end of file returned "
         "other than 0");
  *flag = 2;
  expect(spinfor(flag, 3) == 0, "the child did not write (see console)");
  look(stale, WORDS, 1, 1, "the parent's own copy, once the child wrote the old "
       "page");
  reapok(pid, "the child");
  close(eof[0]);
  zdetach((uint *)flag);
}
