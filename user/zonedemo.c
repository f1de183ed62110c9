// zonedemo: processes cooperating through a shared-memory zone.
//
// Run it with `zonedemo`.  What happens:
//
//   1. The parent forks an "observer" before the zone exists.  The
//      observer asks for the zone with M_WAIT | M_RDONLY: it sleeps
//      until someone creates the zone, then maps it read-only.
//   2. The parent creates the zone (M_CREATE).  Its pages start out
//      zero-filled.  The observer wakes up and attaches.
//   3. The parent forks NWORKERS workers.  A forked child has every zone
//      of its parent at the same address, so the workers use the zone
//      pointer they inherited without calling shmem themselves.  Worker
//      i squares the numbers of its own slice of 1..N, adds them up, and
//      counts the last digits of the squares.  It writes the results
//      into ITS OWN slot of the zone, so no two processes ever write the
//      same bytes and no lock is needed.  Then it raises its done flag.
//   4. The parent waits for the workers, adds up their slots, and checks
//      the result against a plain sequential loop.
//   5. The observer, meanwhile, watches the done flags fill in.  It can
//      read everything but write nothing: even the kernel refuses to
//      read() data into its read-only mapping.
//   6. Everybody detaches (exit detaches too); when the last one is
//      gone the zone is destroyed and its pages freed.
//
// The exit status is 0 if the parallel result matches.
#include "user.h"

#define ZONE      7        // the zone id we use (any free id in 0..MAXSHM-1)
#define NWORKERS  4
#define N         2000     // sum of squares of 1..N still fits in 32 bits

// The zone's layout.  Everything that more than one process touches is
// volatile: another process may change it at any moment, so the compiler
// must really read memory every time instead of keeping a copy in a
// register.
struct shared {
  volatile uint sum[NWORKERS];           // worker i's sum of squares
  volatile int digits[NWORKERS][10];     // worker i's count of last digits
  volatile int done[NWORKERS];           // worker i has filled its slot
};

// Slot i: sum the squares of its slice of 1..N, count their last digits.
static void
worker(struct shared *z, int i)
{
  int first = 1 + i * N / NWORKERS, last = (i + 1) * N / NWORKERS, k;
  uint sq, sum = 0;

  for(k = first; k <= last; k++){
    sq = (uint)k * k;
    sum += sq;
    z->digits[i][sq % 10]++;             // only worker i writes row i
  }
  z->sum[i] = sum;
  z->done[i] = 1;                        // last: the slot is complete
  printf("worker %d (pid %d): squares of %d..%d add up to %u\n",
         i, getpid(), first, last, sum);
  exit(0);                               // exit detaches the zone
}

// The observer: wait for the zone to exist, map it read-only, watch.
static void
observer(void)
{
  struct shared *z;
  int i, ndone, ticks, p[2];

  // M_WAIT: sleep until the parent creates zone ZONE.  M_RDONLY: map it
  // without write permission.  npages 0: whatever size it has.
  z = (struct shared *)shmem(ZONE, M_WAIT | M_RDONLY, 0);
  if(z == (struct shared *)-1){
    fprintf(2, "observer: shmem failed\n");
    exit(1);
  }
  printf("observer (pid %d): zone %d attached read-only at %p\n",
         getpid(), ZONE, z);

  // Poll the done flags.  (Polling keeps the demo short; a real program
  // would rather block on a pipe.)
  for(ticks = 0; ticks < 1000; ticks++){
    for(ndone = i = 0; i < NWORKERS; i++)
      ndone += z->done[i];
    if(ndone == NWORKERS)
      break;
    sleep(1);
  }
  printf("observer: %d of %d workers done\n", ndone, NWORKERS);

  // A user-mode write like `z->sum[0] = 0;` would kill this process.  A
  // system call that would write into the zone on our behalf is refused
  // instead: read() returns -1 and the zone is untouched.
  pipe(p);
  write(p[1], "x", 1);
  if(read(p[0], (char *)z, 1) < 0)
    printf("observer: read() into the read-only zone refused, as it "
           "should be\n");
  shmdt(z);
  exit(0);
}

int
main(int argc, char *argv[])
{
  struct shared *z;
  struct shminfo info;
  uint total = 0, expect = 0;
  int i, d, k, ok = 1, digits[10], want[10];

  if(argc != 1){
    fprintf(2, "usage: zonedemo\n");
    exit(1);
  }
  if(shminfo(ZONE, &info) == 0){
    fprintf(2, "zonedemo: zone %d is in use already\n", ZONE);
    exit(1);
  }

  // 1. The observer comes first: it will wait for the zone.
  if(fork() == 0)
    observer();

  // 2. Create the zone: one page is plenty for struct shared.
  z = (struct shared *)shmem(ZONE, M_CREATE, 1);
  if(z == (struct shared *)-1){
    fprintf(2, "zonedemo: cannot create zone %d\n", ZONE);
    exit(1);
  }
  printf("parent (pid %d): created zone %d at %p\n", getpid(), ZONE, z);

  // 3. The workers inherit the zone at the same address.
  for(i = 0; i < NWORKERS; i++)
    if(fork() == 0)
      worker(z, i);
  if(shminfo(ZONE, &info) == 0)
    printf("parent: zone %d has %d page(s), attached by %d processes\n",
           ZONE, info.npages, info.nref);

  // 4. Wait for everybody, then combine the slots.
  for(i = 0; i < NWORKERS + 1; i++)
    wait(0);
  memset(digits, 0, sizeof(digits));
  for(i = 0; i < NWORKERS; i++){
    total += z->sum[i];
    for(d = 0; d < 10; d++)
      digits[d] += z->digits[i][d];
  }

  // The same computation, sequentially, to check the parallel one.
  memset(want, 0, sizeof(want));
  for(k = 1; k <= N; k++){
    expect += (uint)k * k;
    want[(uint)k * k % 10]++;
  }
  printf("sum of squares of 1..%d: %u (sequential: %u)\n", N, total, expect);
  if(total != expect)
    ok = 0;
  printf("last digits of the squares:");
  for(d = 0; d < 10; d++){
    printf(" %d:%d", d, digits[d]);
    if(digits[d] != want[d])
      ok = 0;
  }
  printf("\n");

  // 6. The workers and the observer are gone; our shmdt is the last, so
  // the zone is destroyed here.
  shmdt(z);
  if(shminfo(ZONE, &info) < 0)
    printf("parent: zone %d destroyed after the last detach\n", ZONE);
  printf("%s\n", ok ? "result verified" : "MISMATCH");
  return ok ? 0 : 1;
}
