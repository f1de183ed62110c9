// robust: what a robust mutex does when its owner dies holding it.
//
// Two accounts in a zone always add up to TOTAL.  A transfer, under the
// zone mutex, takes the amount from one account and then adds it to the
// other; in between the sum is short.  Before it starts, the transfer
// writes down what it is about to do (the journal), so that someone else
// can finish it.
//
// The child starts a transfer and dies in the middle, holding the mutex:
// first it simply exits, the second time the parent kills it while it is
// stuck half-way.  The kernel sees that the dead process owned the mutex
// (its pid is in the mutex word, and its robust table lists the mutex),
// marks the word "owner died" and wakes one waiter.  The parent's next
// mutex_lock returns MUTEX_OWNERDEAD instead of 0: it holds the mutex,
// and the accounts may be inconsistent.  It repairs them from the journal
// and unlocks; the lock after that is an ordinary one.  See docs/sync.md.
//
// Exits 0 if every step went as described.
#include "user.h"

#define ZONE   50         // the zone id used
#define TOTAL  1000

struct bank {
  struct mutex m;
  int account[2];
  int journal;            // amount in flight from account 0 to 1, or 0
  volatile int halfway;   // the child has taken the money out
};

// Start moving amount from account 0 to account 1 and stop half-way;
// die by exiting, or wait there to be killed.
static void
child(struct bank *b, int amount, int bykill)
{
  if(mutex_lock(&b->m) != 0)
    exit(1);
  b->journal = amount;
  b->account[0] -= amount;
  b->halfway = 1;
  if(bykill)
    for(;;)
      sleep(100);
  exit(0);                // holding the mutex
}

// Lock after the child's death and repair; 0 if all went as described.
static int
recover(struct bank *b)
{
  int r = mutex_lock(&b->m), sum = b->account[0] + b->account[1];

  if(r != MUTEX_OWNERDEAD){
    printf("mutex_lock returned %d, expected MUTEX_OWNERDEAD\n", r);
    return 1;
  }
  printf("mutex_lock returned MUTEX_OWNERDEAD: the owner died holding it\n");
  printf("  accounts %d + %d = %d, should be %d; journal says %d in flight\n",
         b->account[0], b->account[1], sum, TOTAL, b->journal);
  b->account[1] += b->journal;   // finish the transfer the journal names
  b->journal = 0;
  sum = b->account[0] + b->account[1];
  printf("  repaired: %d + %d = %d\n", b->account[0], b->account[1], sum);
  mutex_unlock(&b->m);
  if((r = mutex_lock(&b->m)) != 0){
    printf("the next mutex_lock returned %d, expected 0\n", r);
    return 1;
  }
  printf("the next mutex_lock returned 0: the mutex is healthy again\n");
  mutex_unlock(&b->m);
  return sum != TOTAL;
}

// One round: the child dies half-way through a transfer of amount.
static int
round(struct bank *b, int amount, int bykill)
{
  int pid, st;

  b->halfway = 0;
  if((pid = fork()) < 0){
    fprintf(2, "robust: fork failed\n");
    return 1;
  }
  if(pid == 0)
    child(b, amount, bykill);
  while(!b->halfway)
    sleep(1);
  if(bykill)
    kill(pid);
  wait(&st);
  printf("child %d %s in the middle of moving %d\n", pid,
         bykill ? "was killed" : "exited", amount);
  return recover(b);
}

int
main(void)
{
  struct bank *b = (struct bank *)shmem(ZONE, M_CREATE, 1);
  int bad;

  if(b == (struct bank *)-1){
    fprintf(2, "robust: cannot create zone %d\n", ZONE);
    return 1;
  }
  mutex_init(&b->m);
  b->account[0] = TOTAL;
  bad = round(b, 300, 0);
  bad |= round(b, 200, 1);
  printf("%s\n", bad ? "FAILED" : "robust: both deaths were caught and repaired");
  shmdt(b);
  return bad;
}
