// Channels and message queues in zone memory (user/sync.h, docs/sync.md).
//
// A channel is a ring of size bytes, a power of two, between one writer
// and one reader.  head counts the bytes ever written and tail the bytes
// ever read; head - tail bytes wait in the ring, starting at
// buf[tail % size].  Only the writer stores head and only the reader
// stores tail, so the ring needs no lock.  The writer copies bytes in and
// then publishes the new head; the reader reads head and then the bytes,
// which x86's ordering of plain loads and stores makes safe once the
// compiler is kept from reordering them (the atomics do that).  The
// counts are used as unsigned and only through differences, so they may
// wrap around 2^32.
//
// Waiting.  With CHAN_SPIN a side that cannot go on spins until it can.
// Otherwise it sleeps on a doorbell, a sequence number and a flag:
//   sleeper: read seq; set sleeping (atomic_xchg: a full barrier); look
//            again; if still stuck, futex_wait(&seq, the seq read);
//   ringer:  publish its count (atomic_xchg); if sleeping is set, clear
//            it, bump seq, futex_wake(&seq, 1).
// Either the ringer sees the flag, or the sleeper's second look sees the
// new count; and seq changes only after the sleeper read it, so
// futex_wait cannot sleep through a ring.  The sleeper waits on seq, not
// on the other side's count, because chan_close must be able to wake a
// reader without writing a byte.  A side that finds room or data makes
// no system call, and a ring costs one only when the other side sleeps.
//
// A message queue is a ring of nslots fixed-size slots for any number of
// senders and receivers: the semaphore free counts empty slots, full
// counts filled ones, and the mutex makes filling or emptying a slot and
// moving head or tail one step.  Each slot's index moves only after its
// copy, so a sender or receiver that dies holding the mutex leaves head
// and tail consistent (the next holder is told MUTEX_OWNERDEAD and goes
// on); the semaphores may then be one short.
#include "user/user.h"

// ---- channel ----

// Bytes waiting in the ring.
static uint
waiting(struct chan *c)
{
  return (uint)atomic_load(&c->head) - (uint)atomic_load(&c->tail);
}

static int
isready_read(struct chan *c)
{
  return waiting(c) != 0 || atomic_load(&c->closed);
}

static int
isready_write(struct chan *c)
{
  return waiting(c) != c->size;
}

// Wait until ready(c), spinning or sleeping on bell b.  May return early:
// callers look again.
static void
await(struct chan *c, struct bell *b, int (*ready)(struct chan *))
{
  int seq;

  if(c->flags & CHAN_SPIN){
    while(!ready(c))
      cpu_relax();
    return;
  }
  seq = atomic_load(&b->seq);
  atomic_xchg(&b->sleeping, 1);
  if(!ready(c))
    futex_wait(&b->seq, seq, 0);
  atomic_store(&b->sleeping, 0);
}

// Wake the other side if it sleeps on b.  The caller has just published
// its count with atomic_xchg, a full barrier, so this load comes after.
static void
ring(struct bell *b)
{
  if(atomic_load(&b->sleeping) && atomic_xchg(&b->sleeping, 0)){
    atomic_fetch_add(&b->seq, 1);
    futex_wake(&b->seq, 1);
  }
}

int
chan_init(struct chan *c, int size, int flags)
{
  if(size < 1 || (size & (size - 1)) || (flags & ~CHAN_SPIN))
    return -1;
  memset(c, 0, sizeof(*c));
  c->size = size;
  c->flags = flags;
  return futex_wake(&c->written.seq, 0) < 0 ? -1 : 0;   // in a zone?
}

// Copy n bytes (no more than the room) from p into the ring at head.
static void
copyin(struct chan *c, const char *p, int n)
{
  int off = c->head & (c->size - 1), first = c->size - off;

  if(first > n)
    first = n;
  memmove(c->buf + off, p, first);
  memmove(c->buf, p + first, n - first);
}

// Copy n bytes (no more than are waiting) from the ring at tail into p.
static void
copyout(struct chan *c, char *p, int n)
{
  int off = c->tail & (c->size - 1), first = c->size - off;

  if(first > n)
    first = n;
  memmove(p, c->buf + off, first);
  memmove(p + first, c->buf, n - first);
}

// Write all n bytes of buf, waiting for room as needed.  Returns n, or -1
// if the channel is closed.  Only the writer calls it.
int
chan_write(struct chan *c, const void *buf, int n)
{
  const char *p = buf;
  int done = 0, k;

  if(atomic_load(&c->closed) || n < 0)
    return -1;
  while(done < n){
    if((k = c->size - waiting(c)) == 0){
      await(c, &c->drained, isready_write);
      continue;
    }
    if(k > n - done)
      k = n - done;
    copyin(c, p + done, k);
    atomic_xchg(&c->head, (uint)c->head + k);
    ring(&c->written);
    done += k;
  }
  return n;
}

// Read what is waiting, at most n bytes, waiting until there is some.
// Returns the count, or 0 once the writer has closed the channel and
// everything before has been read.  Only the reader calls it.
int
chan_read(struct chan *c, void *buf, int n)
{
  int k;

  if(n <= 0)
    return n < 0 ? -1 : 0;
  // The writer stores its last head before closed, so a reader that sees
  // closed and then no new head has read everything.
  while((k = waiting(c)) == 0){
    if(atomic_load(&c->closed) && waiting(c) == 0)
      return 0;
    await(c, &c->written, isready_read);
  }
  if(k > n)
    k = n;
  copyout(c, buf, k);
  atomic_xchg(&c->tail, (uint)c->tail + k);
  ring(&c->drained);
  return k;
}

// The writer is done: the reader's chan_read returns 0 after the rest.
void
chan_close(struct chan *c)
{
  atomic_xchg(&c->closed, 1);
  ring(&c->written);
}

// ---- message queue ----

static char*
slot(struct msgq *q, int i)
{
  return q->slots + i * (sizeof(int) + q->msgsize);
}

// nslots slots of msgsize bytes (a multiple of 4); MSGQ_BYTES at q.
// Returns 0, or -1 if the sizes are bad or q is not in a zone.
int
msgq_init(struct msgq *q, int nslots, int msgsize)
{
  if(nslots < 1 || msgsize < 0 || msgsize % 4)
    return -1;
  if(mutex_init(&q->lock) < 0)
    return -1;
  sem_init(&q->free, nslots);
  sem_init(&q->full, 0);
  q->head = q->tail = 0;
  q->nslots = nslots;
  q->msgsize = msgsize;
  return 0;
}

// Send len bytes of msg, waiting for a free slot.  Returns 0, or -1 if
// len is bad or the mutex cannot be taken.
int
msgq_send(struct msgq *q, const void *msg, int len)
{
  char *s;

  if(len < 0 || len > q->msgsize)
    return -1;
  sem_wait(&q->free);
  if(mutex_lock(&q->lock) < 0){
    sem_post(&q->free);
    return -1;
  }
  s = slot(q, q->head);
  *(int *)s = len;
  memmove(s + sizeof(int), msg, len);
  q->head = (q->head + 1) % q->nslots;
  mutex_unlock(&q->lock);
  sem_post(&q->full);
  return 0;
}

// Receive the oldest message into msg, which has room for max bytes (at
// least msgsize), waiting for one.  Returns its length, or -1.
int
msgq_recv(struct msgq *q, void *msg, int max)
{
  char *s;
  int len;

  if(max < q->msgsize)
    return -1;
  sem_wait(&q->full);
  if(mutex_lock(&q->lock) < 0){
    sem_post(&q->full);
    return -1;
  }
  s = slot(q, q->tail);
  len = *(int *)s;
  memmove(msg, s + sizeof(int), len);
  q->tail = (q->tail + 1) % q->nslots;
  mutex_unlock(&q->lock);
  sem_post(&q->free);
  return len;
}
