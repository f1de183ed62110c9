// zonetests: visibility and the zones tool.
#include "zonetests.h"

void
t_visible(void)
{
  int p[2], pid;
  char *a;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    recv(p[0]);
    expect(access1((char *)SHMBASE, 0) == -1,
          "a process that did not attach a zone can read it");
    expectnref(ID_VISIBLE, 1, "seen by a process without it");
    exit(0);
  }
  a = create(ID_VISIBLE, 1);
  fill(a, 1, 15);
  send(p[1], 'c');
  expect(waitfor(pid) == 0, "child failed (see console)");

  pid = xfork();
  if(pid == 0){
    detach(a);
    expect(access1(a, 0) == -1, "reading a detached zone did not kill");
    exit(0);
  }
  expect(waitfor(pid) == 0, "child failed (see console)");
  expect(badword(a, 1, 15) < 0, "a child's shmdt changed its parent's zone");
  detach(a);
  expect(access1(a, 0) == -1, "reading a detached zone did not kill");
  expect(access1(a, 1) == -1, "writing a detached zone did not kill");
}

// shmdt takes effect at once in the process itself: a write right after
// it, with the old translation still in the CPU's TLB, must fault.
// (Mutant: detach without reloading %cr3.)
void
t_detachtlb(void)
{
  volatile uint *z;
  int i, pid, st;

  z = (volatile uint *)create(ID_TLB, 1);
  for(i = 0; i < 20; i++){
    z[0] = 1;
    pid = xfork();
    if(pid == 0){
      z[0] = 2;                        // the translation is cached now
      if(shmdt((char *)z) < 0)
        exit(3);
      z[0] = 3;                        // must kill
      exit(0);
    }
    st = waitfor(pid);
    expect(st == -1 && z[0] == 2, "round %d: a write after shmdt %s "
          "(status %d, zone holds %d)", i, st == -1 ? "killed" : "did not kill",
          st, z[0]);
  }
  detach((char *)z);
}

// Run /zones with argv, its output (fds 1 and 2) into out; its status.
static int
runzones(char **argv, char *out, int max)
{
  int p[2], pid, n = 0, r;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    close(1);
    close(2);
    dup(p[1]);
    dup(p[1]);
    exec("/zones", argv);
    exit(99);
  }
  close(p[1]);
  while(n < max - 1 && (r = read(p[0], out + n, max - 1 - n)) > 0)
    n += r;
  out[n] = 0;
  close(p[0]);
  return waitfor(pid);
}

// Does a line of s hold exactly the three numbers x, y, z?
static int
hasrow(char *s, int x, int y, int z)
{
  int v[4], n;
  char *e;

  while(*s){
    for(n = 0; *s && *s != '\n'; ){
      while(*s == ' ')
        s++;
      if(*s < '0' || *s > '9')
        break;
      if(n < 4)
        v[n] = atoi(s);
      n++;
      while(*s >= '0' && *s <= '9')
        s++;
    }
    e = strchr(s, '\n');
    if(n == 3 && (*s == '\n' || *s == 0) && v[0] == x && v[1] == y && v[2] == z)
      return 1;
    if(e == 0)
      break;
    s = e + 1;
  }
  return 0;
}

void
t_zonestool(void)
{
  static char out[2048];
  char *argv[3], *a, *b, *last;
  int st, nz;

  a = create(ID_TOOL, 3);
  b = create(ID_TOOL + 1, 1);
  nz = sys().nzones;
  argv[0] = "zones";
  argv[1] = 0;
  st = runzones(argv, out, sizeof(out));
  expect(st == 0, "zones exited with %d", st);
  expect(hasrow(out, ID_TOOL, 3, 1) && hasrow(out, ID_TOOL + 1, 1, 1),
        "zones did not list %d (3 pages) and %d (1 page)", ID_TOOL, ID_TOOL + 1);
  last = out + strlen(out);
  if(last > out && last[-1] == '\n')
    last--;
  while(last > out && last[-1] != '\n')
    last--;
  expect(atoi(last) == nz, "zones' last line says %d zones, sysinfo %d", atoi(last), nz);
  argv[1] = "-x";
  argv[2] = 0;
  st = runzones(argv, out, sizeof(out));
  expect(st == 1 && strchr(out, 'u') != 0, "zones -x: status %d, no usage", st);
  detach(a);
  detach(b);
}
