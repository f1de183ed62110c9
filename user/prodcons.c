// prodcons: producers and consumers through a message queue in a zone.
//
//   prodcons P C N   P producers each send N numbered messages; C
//                    consumers take whatever comes next
//
// The queue (msgq in user/sync.h) has QSLOTS slots: a producer that finds
// it full sleeps on the "free" semaphore until a consumer empties a slot,
// a consumer that finds it empty sleeps on "full", and a mutex makes each
// slot's fill or empty one step.  When every producer is done, the parent
// sends one empty "stop" message per consumer.
//
// Checked at the end: every message was delivered exactly once (a count
// per message in the zone), and each consumer saw each producer's
// messages in the order they were sent (it remembers the last number it
// had from each).  The messages of different producers interleave, and
// which consumer gets which depends on who is awake: run it twice and
// the split between consumers changes, the checks do not.  See
// docs/sync.md.  Exits 0 if every check held.
#include "user.h"

#define ZONE    49        // the zone id used
#define MAXP    16
#define MAXC    16
#define MAXN    100000
#define QSLOTS  16

struct message {
  int producer;           // -1: stop
  int seq;                // 0, 1, ... per producer
  int check;              // a function of the two, to catch torn copies
  int pad;
};

struct shared {
  int got[MAXC];          // messages each consumer took
  int bad[MAXC];          // order or content errors each consumer saw
  char queue[];           // the msgq, then delivered[] (see delivered())
};

// Deliveries of each message, indexed p*N + seq: after the queue.
static int*
delivered(struct shared *s)
{
  return (int *)(s->queue + MSGQ_BYTES(QSLOTS, sizeof(struct message)));
}

static int
checkof(int p, int seq)
{
  return p * 1000003 + seq * 7919 + 1;
}

static void
producer(struct shared *s, int p, int n)
{
  struct msgq *q = (struct msgq *)s->queue;
  struct message m;
  int i;

  for(i = 0; i < n; i++){
    m.producer = p;
    m.seq = i;
    m.check = checkof(p, i);
    m.pad = 0;
    if(msgq_send(q, &m, sizeof(m)) < 0)
      exit(1);
  }
  exit(0);
}

// Take messages until a stop message; count and check each.
static void
consumer(struct shared *s, int c, int np, int n)
{
  struct msgq *q = (struct msgq *)s->queue;
  struct message m;
  int last[MAXP], i;

  for(i = 0; i < np; i++)
    last[i] = -1;
  while(msgq_recv(q, &m, sizeof(m)) == sizeof(m) && m.producer >= 0){
    if(m.producer >= np || m.seq <= last[m.producer] || m.seq >= n ||
       m.check != checkof(m.producer, m.seq)){
      s->bad[c]++;
      continue;
    }
    last[m.producer] = m.seq;
    atomic_fetch_add(&delivered(s)[m.producer * n + m.seq], 1);
    s->got[c]++;
  }
  exit(0);
}

// Fork a producer (np 0) or consumer i.  Returns its pid.
static int
spawn(struct shared *s, int i, int np, int n)
{
  int pid = fork();

  if(pid < 0){
    fprintf(2, "prodcons: fork failed\n");
    exit(1);
  }
  if(pid == 0 && np == 0)
    producer(s, i, n);
  if(pid == 0)
    consumer(s, i, np, n);
  return pid;
}

// Wait until the n processes in pids have exited; how many failed.
static int
reap(int *pids, int n)
{
  int left = n, failed = 0, pid, st, i;

  while(left > 0 && (pid = wait(&st)) > 0){
    for(i = 0; i < n; i++){
      if(pids[i] == pid){
        pids[i] = 0;
        left--;
        failed += st != 0;
      }
    }
  }
  return failed;
}

// The verdict: 0 if every message came exactly once and in order.
static int
verdict(struct shared *s, int np, int nc, int n)
{
  int i, wrong = 0, bad = 0;

  for(i = 0; i < nc; i++){
    printf("consumer %d: %d messages\n", i, s->got[i]);
    bad += s->bad[i];
  }
  for(i = 0; i < np * n; i++)
    if(delivered(s)[i] != 1)
      wrong++;
  if(bad == 0 && wrong == 0){
    printf("all %d messages delivered exactly once, in order per producer\n",
           np * n);
    return 0;
  }
  printf("FAILED: %d messages out of order or damaged, %d not delivered "
         "exactly once\n", bad, wrong);
  return 1;
}

int
main(int argc, char *argv[])
{
  int np, nc, n, npages, i, failed;
  int prods[MAXP], conss[MAXC];
  struct shared *s;
  struct message stop = { -1, 0, 0, 0 };

  if(argc != 4 || (np = atoi(argv[1])) < 1 || np > MAXP ||
     (nc = atoi(argv[2])) < 1 || nc > MAXC ||
     (n = atoi(argv[3])) < 1 || n > MAXN){
    fprintf(2, "usage: prodcons P C N   (P <= %d, C <= %d, N <= %d)\n",
            MAXP, MAXC, MAXN);
    return 2;
  }
  npages = (sizeof(*s) + MSGQ_BYTES(QSLOTS, sizeof(stop)) + np * n * 4) /
           PGSIZE + 1;
  if((s = (struct shared *)shmem(ZONE, M_CREATE, npages)) == (struct shared *)-1){
    fprintf(2, "prodcons: cannot create zone %d (%d pages)\n", ZONE, npages);
    return 1;
  }
  msgq_init((struct msgq *)s->queue, QSLOTS, sizeof(stop));
  printf("prodcons: %d producers, %d consumers, %d messages each, %d slots\n",
         np, nc, n, QSLOTS);
  for(i = 0; i < nc; i++)
    conss[i] = spawn(s, i, np, n);
  for(i = 0; i < np; i++)
    prods[i] = spawn(s, i, 0, n);
  failed = reap(prods, np);
  for(i = 0; i < nc; i++)
    msgq_send((struct msgq *)s->queue, &stop, sizeof(stop));
  failed += reap(conss, nc);
  if(failed){
    printf("FAILED: %d processes failed\n", failed);
    return 1;
  }
  failed = verdict(s, np, nc, n);
  shmdt(s);
  return failed;
}
