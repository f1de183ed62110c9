// usertests: exec.
#include "usertests.h"

void
execargs(void)
{
  char *argv[] = { "echo", "hello", "", "world", 0 };
  int status = capture("/echo", argv, buf, sizeof(buf));

  expect(status == 0, "echo exited %d", status);
  expect(strcmp(buf, "hello  world\n") == 0, "echo printed '%s'", buf);
}

// The program at the other end of execargv: print argc and the arguments
// exactly, and check that argv ends with a null pointer.
int
argcheck(int argc, char **argv)
{
  int i;

  printf("%d", argc);
  for(i = 0; i < argc; i++)
    printf("[%s]", argv[i]);
  printf(argv[argc] == 0 ? "\n" : "no null at argv[argc]\n");
  return 0;
}

void
execargv(void)
{
  char *argv[] = { "usertests", ARGCHECK, "", "two words", "3", 0 };
  char *want = "5[usertests][" ARGCHECK "][][two words][3]\n";
  int status = capture("/usertests", argv, buf, sizeof(buf));

  expect(status == 0, "usertests " ARGCHECK " exited %d", status);
  expect(strcmp(buf, want) == 0, "argv arrived as '%s'", buf);
}

// MAXARG arguments (argv[0] included) are accepted; one more is not.
void
execmaxarg(void)
{
  static char args[MAXARG + 1][3];
  static char *argv[MAXARG + 2];
  char *p = buf2;
  int i;

  for(i = 0; i <= MAXARG; i++){
    args[i][0] = 'a' + i % 26;
    args[i][1] = 'A' + i / 26;
    argv[i] = args[i];
    if(i > 0 && i < MAXARG){
      memmove(p, args[i], 2);
      p[2] = ' ';
      p += 3;
    }
  }
  p[-1] = '\n';
  *p = 0;
  argv[MAXARG] = 0;
  expect(capture("/echo", argv, buf, sizeof(buf)) == 0, "echo failed");
  expect(strcmp(buf, buf2) == 0, "echo of MAXARG args printed '%s'", buf);
  argv[MAXARG] = args[MAXARG];
  argv[MAXARG + 1] = 0;
  expect(execstatus("/echo", argv) == EXECFAILED,
         "exec with MAXARG+1 arguments did not return -1");
}

#define LONGARG 512   // bytes, with the NUL: a few of these fill the stack

// An argument of LONGARG bytes arrives intact; more of them than fit on
// the stack make exec fail, taking no pages.
void
execlongarg(void)
{
  static char *argv[MAXARG + 1] = { "echo", buf2, 0 };
  int i, n = USTACKPAGES * PGSIZE / LONGARG + 1, before, status;

  memset(buf2, 'x', LONGARG - 1);
  buf2[LONGARG - 1] = 0;
  expect(capture("/echo", argv, buf, sizeof(buf)) == 0, "echo failed");
  expect(strlen(buf) == LONGARG && buf[LONGARG - 1] == '\n' &&
         strncmp(buf, buf2, LONGARG - 1) == 0,
         "a %d-byte argument came back as %d bytes", LONGARG - 1,
         strlen(buf) - 1);
  if(n >= MAXARG)
    return;          // a stack that holds MAXARG of them
  for(i = 1; i <= n; i++)
    argv[i] = buf2;
  before = freepages();
  status = execstatus("/echo", argv);
  expect(status == EXECFAILED, "exec of %d %d-byte arguments: status %d",
         n, LONGARG, status);
  expect(freepages() == before, "failed exec lost %d pages",
         before - freepages());
}

static void
echoindex(int i)
{
  char arg[2] = { 'a' + i, 0 };
  char *argv[] = { "echo", arg, 0 };

  exec("/echo", argv);
  fail("exec of /echo failed");
}

// Eight processes exec at once, all writing one pipe: each line arrives.
void
execmany(void)
{
  int fds[2], i, seen = 0, n;

  mkpipe(fds);
  for(i = 0; i < 8; i++){
    if(fork() == 0){
      stdoutto(fds[1]);
      close(fds[0]);
      close(fds[1]);
      echoindex(i);
    }
  }
  close(fds[1]);
  n = readall(fds[0], buf, sizeof(buf));
  close(fds[0]);
  for(i = 0; i < 8; i++)
    expect(wait(&n) > 0 && n == 0, "an echo exited %d", n);
  for(i = 0; buf[i]; i += 2){
    expect(buf[i] >= 'a' && buf[i] < 'a' + 8 && buf[i + 1] == '\n',
           "output garbled: '%s'", buf);
    seen |= 1 << (buf[i] - 'a');
  }
  expect(seen == 0xFF, "lines missing from '%s'", buf);
}

static void
bigthenexec(int unused)
{
  char *argv[] = { "echo", 0 };

  expect(sbrk(2 * 1024 * 1024) != (char *)-1, "sbrk of 2 MB failed");
  stdoutto(hold[1]);
  exec("/echo", argv);
  fail("exec of /echo failed");
}

// exec gives back all of the old image, a big heap included.
void
execfree(void)
{
  int before = freepages(), status;

  mkpipe(hold);
  status = inchild(bigthenexec, 0);
  close(hold[0]);
  close(hold[1]);
  expect(status == 0, "echo exited %d", status);
  expect(freepages() == before, "%d pages lost", before - freepages());
}

// exec of what is not there, or no program, returns -1 to a caller that
// carries on.
void
execmissing(void)
{
  char *argv[] = { "x", 0 };

  expect(exec("/no-such-program", argv) == -1, "exec of a missing file");
  expect(exec("", argv) == -1, "exec of the empty path");
  expect(exec("/", argv) == -1, "exec of a directory");
  expect(exec("/echo/x", argv) == -1, "exec of a path through a file");
  expect(getpid() > 0, "the caller did not carry on");
}

// A file of junk is no program.
void
execjunk(void)
{
  char *argv[] = { "ej-junk", 0 };
  int fd, before;

  fillpattern(buf, 0, 3000);
  writefile("ej-junk", buf, 3000);
  writefile("ej-empty", buf, 0);
  before = freepages();
  expect(exec("ej-junk", argv) == -1, "exec of junk did not return -1");
  expect(exec("ej-empty", argv) == -1, "exec of an empty file");
  expect(freepages() == before, "failed exec lost %d pages",
         before - freepages());
  fd = open("ej-junk", O_RDONLY);   // and the caller carries on
  expect(fd >= 0 && read(fd, buf2, 10) == 10, "cannot read ej-junk back");
  close(fd);
  unlink("ej-junk");
  unlink("ej-empty");
}

// The ELF32 layout (the file format's, shared by nobody here).
struct elfhdr {
  uint magic;
  uchar ident[12];
  ushort type, machine;
  uint version, entry, phoff, shoff, flags;
  ushort ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
  uint type, off, vaddr, paddr, filesz, memsz, flags, align;
};

#define PT_LOAD 1
#define HDRBYTES 1024   // /echo's headers all lie in its first KB

static int echosize;    // bytes in /echo

// buf[0..HDRBYTES) holds /echo's start; its first loadable segment.
static struct proghdr *
loadseg(void)
{
  struct elfhdr *eh = (struct elfhdr *)buf;
  struct proghdr *ph;
  int i;

  for(i = 0; i < eh->phnum; i++){
    ph = (struct proghdr *)(buf + eh->phoff + i * sizeof(*ph));
    if(ph->type == PT_LOAD)
      return ph;
  }
  fail("/echo has no loadable segment");
}

// The broken variants of /echo, one per case number; each must be refused.
// Returns 0 past the last case.
static int
breakelf(int c)
{
  struct elfhdr *eh = (struct elfhdr *)buf;
  struct proghdr *ph = loadseg();

  switch(c){
  case 0: eh->magic = 0x464C457E; break;             // not "\x7FELF"
  case 1: eh->phnum = 0; break;                      // nothing to load
  case 2: eh->phoff = echosize + 100; break;         // headers past the end
  case 3: eh->phnum = 0xFFFF; break;                 // ...and beyond
  case 4: eh->entry = PGROUNDUP(ph->vaddr + ph->memsz) + PGSIZE; break;
  case 5: ph->vaddr = KERNBASE; break;               // into the kernel
  case 6: ph->vaddr = SHMBASE - PGSIZE;              // across SHMBASE
          ph->memsz = ph->filesz + 2 * PGSIZE; break;
  case 7: ph->vaddr = 0xFFFFF000;                    // wraps
          ph->memsz = ph->filesz + 0x2000; break;
  case 8: ph->vaddr += 0x10; break;                  // not page-aligned
  case 9: ph->memsz = ph->filesz - 1; break;         // memsz < filesz
  case 10: ph->off = 0xFFFFF000; break;              // data past the end
  case 11: ph->filesz = echosize + PGSIZE;           // more data than file
           ph->memsz = ph->filesz; break;
  case 12: eh->phoff = 0xFFFFFFF0; break;            // offset wraps
  default: return 0;
  }
  return 1;
}

// Write ee-bad: the first keep bytes of /echo, but with its first
// HDRBYTES (the headers) taken from buf.
static void
copyecho(int keep)
{
  int in = open("/echo", O_RDONLY), out, n, done;

  out = open("ee-bad", O_CREATE | O_TRUNC | O_WRONLY);
  expect(in >= 0 && out >= 0, "cannot copy /echo");
  done = keep < HDRBYTES ? keep : HDRBYTES;
  expect(write(out, buf, done) == done, "cannot write ee-bad");
  expect(read(in, buf2, done) == done, "cannot read /echo");
  for(; done < keep; done += n){
    n = keep - done < (int)sizeof(buf2) ? keep - done : (int)sizeof(buf2);
    expect(read(in, buf2, n) == n, "cannot read /echo");
    expect(write(out, buf2, n) == n, "cannot write ee-bad");
  }
  close(in);
  close(out);
}

// Load /echo's headers into buf.
static void
readechohdr(void)
{
  int fd = open("/echo", O_RDONLY);

  expect(fd >= 0, "cannot open /echo");
  echosize = fstatok(fd).size;
  expect(echosize > HDRBYTES && read(fd, buf, HDRBYTES) == HDRBYTES,
         "cannot read /echo's headers");
  close(fd);
}

// ELF files whose headers claim nonsense are refused with -1, and the
// failed execs give back every page.  A faithful copy runs, so the cases
// fail for what they break, not for the copying.
void
execelf(void)
{
  char *argv[] = { "ee-bad", 0 };
  int c, status, before;

  readechohdr();
  copyecho(echosize);
  status = execstatus("ee-bad", argv);
  expect(status == 0, "a faithful copy of /echo exited %d", status);
  before = freepages();
  copyecho(40);                                    // a truncated header
  status = execstatus("ee-bad", argv);
  expect(status == EXECFAILED, "exec of a 40-byte ELF: status %d", status);
  for(c = 0; ; c++){
    readechohdr();
    if(!breakelf(c))
      break;
    copyecho(echosize);
    status = execstatus("ee-bad", argv);
    expect(status == EXECFAILED, "bad ELF case %d: exec gave status %d "
           "(%d: exec did not return -1)", c, status, EXECFAILED);
  }
  expect(freepages() == before, "failed execs lost %d pages",
         before - freepages());
  unlink("ee-bad");
}

static void
togglebyte(int addr)
{
  volatile char *c = (char *)addr;

  for(;;){
    *c = '/';
    *c = 0;
  }
}

// Manual (run by name only; a kernel with the bug panics): exec's path
// lies in a zone that another process shares, and that process keeps
// taking away the terminator at the zone's last byte.  exec must check
// the path it uses, not an earlier look at it: a kernel that walks the
// user's string in place after checking it runs off the zone into
// unmapped memory and faults.
void
execrace(void)
{
  char *argv[] = { "x", 0 }, *z = shmem(MAXSHM - 1, M_CREATE, 1);
  int pid, i;

  expect(z != (char *)-1, "cannot create zone %d", MAXSHM - 1);
  memset(z, '/', PGSIZE - 1);
  z[PGSIZE - 1] = 0;
  pid = spawn(togglebyte, (int)(z + PGSIZE - 1));
  for(i = 0; i < 2000; i++)
    expect(exec(z, argv) == -1, "exec of //.../ succeeded");
  kill(pid);
  reap(pid);
  expect(shmdt(z) == 0, "shmdt failed");
}

static void
execconsole(int unused)
{
  char *argv[] = { "console", 0 };

  exit(exec("/console", argv) == -1 ? EXECFAILED : 0);
}

// exec of a device is refused at once.  A kernel that reads the "ELF
// header" from the console waits for typing, inside a file-system
// operation that holds back every commit meanwhile; here nobody types.
void
execdev(void)
{
  int status;

  expect(statok("/console").type == T_DEV, "/console is not a device");
  status = indeadline(execconsole, 0, 100);
  expect(status != -1, "exec(\"/console\") blocked until killed");
  expect(status == EXECFAILED, "exec(\"/console\"): child status %d", status);
}
