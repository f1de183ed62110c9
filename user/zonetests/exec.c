// zonetests: exec and exit, which zones a process keeps, and when they go.
#include "zonetests.h"

// exec: a failed exec keeps every zone, a successful one drops them all.
void
t_exec(void)
{
  char *a, *s, **zargv, *big, *argv[7], bufs[72];
  int up[2], down[2], pid, i;

  a = create(ID_EXEC, 2);
  fill(a, 2, 11);
  argv[0] = "zonetests";
  argv[1] = 0;
  expect(exec("/no-such-program", argv) == -1, "exec of nothing succeeded");
  expectnref(ID_EXEC, 1, "after a failed exec");
  expect(badword(a, 2, 11) < 0, "zone data changed by a failed exec");
  refused(ID_EXEC, 0, 0);              // still attached
  fill(a, 1, 12);                      // and writable

  big = malloc(3000);
  memset(big, 'x', 2999);
  big[2999] = 0;
  argv[1] = big;
  argv[2] = big;
  argv[3] = 0;
  expect(exec(SELF, argv) == -1, "exec with 6000 bytes of arguments succeeded");
  expectnref(ID_EXEC, 1, "after an exec that failed building its stack");
  expect(badword(a, 1, 12) < 0, "zone data changed by a failed exec");
  free(big);

  // A successful exec whose path and arguments live in the zone itself.
  mkpipe(up);
  mkpipe(down);
  pid = xfork();
  if(pid == 0){
    probeargv(argv, bufs, ID_EXEC, 1, up[1], down[0]);
    zargv = (char **)(a + 256);
    s = a + 512;
    for(i = 0; i < 6; i++){
      zargv[i] = strcpy(s, i == 0 ? SELF : argv[i]);
      s += strlen(s) + 1;
    }
    zargv[6] = 0;
    exec(zargv[0], zargv);
    fail("exec of %s failed", SELF);
  }
  expect(recv(up[0]) == 'k', "exec'd child still saw its zone (see console)");
  expectnref(ID_EXEC, 1, "after a child's exec, before it exits");
  send(down[1], 'q');
  expect(waitfor(pid) == 0, "exec'd child failed");

  // The last holder's exec destroys the zone.
  pid = xfork();
  if(pid == 0){
    create(ID_EXEC2, 3);
    probeargv(argv, bufs, ID_EXEC2, -1, up[1], down[0]);
    exec(SELF, argv);
    fail("exec of %s failed", SELF);
  }
  expect(recv(up[0]) == 'k', "exec'd child still saw a zone (see console)");
  expect(nref(ID_EXEC2) == -1, "zone of an exec'd creator still exists");
  expectnref(ID_EXEC, 1, "after a second exec");
  send(down[1], 'q');
  expect(waitfor(pid) == 0, "exec'd child failed");
  detach(a);
}

// exit (and kill) detach at once, before the parent waits.
void
t_exit(void)
{
  int p[2], pid;
  char *a;

  mkpipe(p);
  pid = xfork();
  if(pid == 0){
    fill(create(ID_EXIT, 3), 3, 13);
    send(p[1], 'c');
    exit(0);
  }
  recv(p[0]);
  awaitnref(ID_EXIT, -1, "zone of an exited creator, before wait");
  expect(waitfor(pid) == 0, "child failed");

  a = create(ID_EXIT2, 1);
  pid = xfork();
  if(pid == 0){
    expectnref(ID_EXIT2, 2, "in the child");
    send(p[1], 'c');
    exit(0);
  }
  recv(p[0]);
  awaitnref(ID_EXIT2, 1, "zone of an exited child, before wait");
  expect(waitfor(pid) == 0, "child failed");

  pid = xfork();
  if(pid == 0){
    create(ID_EXIT, 2);
    send(p[1], 'c');
    spin();
  }
  recv(p[0]);
  expectnref(ID_EXIT2, 2, "while a child runs");
  expectnref(ID_EXIT, 1, "while its creator runs");
  kill(pid);
  awaitnref(ID_EXIT2, 1, "zone of a killed child, before wait");
  awaitnref(ID_EXIT, -1, "zone of a killed creator, before wait");
  expect(waitfor(pid) == -1, "killed child's status is not -1");
  detach(a);
}

// The watcher of t_creating, for one creation: on 'c', poll until zone
// ID_CREATING is live, checking that until then sysinfo does not count
// it; then check what shminfo and sysinfo say of it.  Replies 'k', or 'n'
// (counted too early) or 'p' (shown before its pages were all there).
static void
creatingwatch(int go, int reply, int base)
{
  struct shminfo si;
  int n, ok;

  while(recv(go) == 'c'){
    ok = 'k';
    for(;;){
      n = sys().nzones;
      if(shminfo(ID_CREATING, &si) == 0)
        break;
      if(n != base)                    // not live, yet counted
        ok = 'n';
    }
    if(si.npages != SHMPAGE || sys().nzones != base + 1)
      ok = 'p';
    send(reply, ok);
  }
  exit(0);
}

// A zone being created (its pages allocated with no lock held) does not
// exist yet for anyone but its creator.  (Mutant: zcount counted every
// slot that was not free, so sysinfo counted a zone still ZCREATING.)
void
t_creating(void)
{
  int i, pid, base = sys().nzones, go[2], reply[2];
  char c, *a;

  mkpipe(go);
  mkpipe(reply);
  if((pid = xfork()) == 0){
    close(go[1]);
    close(reply[0]);
    creatingwatch(go[0], reply[1], base);
  }
  close(go[0]);
  close(reply[1]);
  for(i = 0; i < 5; i++){
    send(go[1], 'c');
    a = create(ID_CREATING, SHMPAGE);  // long: 16 MiB to zero
    c = recv(reply[0]);
    expect(c != 'n', "round %d: sysinfo counted a zone still being created", i);
    expect(c == 'k', "round %d: shminfo or sysinfo wrong about a new zone", i);
    detach(a);
  }
  send(go[1], 'q');
  expect(waitfor(pid) == 0, "the watcher failed (see console)");
}
