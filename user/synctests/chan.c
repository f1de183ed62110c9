// synctests: channel and message queue.
#include "synctests.h"

#define CHANBYTES 300000
#define CHUNKMAX 3000

static uchar
pattern(uint i)
{
  return i * 7 + i / 251;
}

// Write CHANBYTES of the pattern in random pieces, then close.
static void
chanwriter(void *z, int unused)
{
  static uchar buf[CHUNKMAX];
  struct chan *c = z;
  uint off = 0, n, i;

  while(off < CHANBYTES){
    n = 1 + rnd() % CHUNKMAX;
    if(n > CHANBYTES - off)
      n = CHANBYTES - off;
    for(i = 0; i < n; i++)
      buf[i] = pattern(off + i);
    expect(chan_write(c, buf, n) == n, "chan_write of %d failed", n);
    off += n;
  }
  chan_close(c);
}

// Read the pattern back in random pieces; every byte once, in order.
static void
chanreader(struct chan *c)
{
  static uchar buf[CHUNKMAX];
  uint off = 0, i;
  int n;

  while((n = chan_read(c, buf, 1 + rnd() % CHUNKMAX)) > 0){
    for(i = 0; i < n; i++)
      expect(buf[i] == pattern(off + i), "byte %d is %d, expected %d",
            off + i, buf[i], pattern(off + i));
    off += n;
  }
  expect(n == 0, "chan_read returned %d", n);
  expect(off == CHANBYTES, "read %d bytes, expected %d", off, CHANBYTES);
}

// Both ways of waiting, with a tiny ring and a bigger one; the errors.
// Spinning only on two CPUs or more: on one, each side would spin away
// its whole time slice at every turn.
void
t_chan(void)
{
  static char priv[CHAN_BYTES(64)];
  static int sizes[] = { 64, 4096 };
  struct chan *c = (struct chan *)create(ID_CHAN, 2);
  struct sysinfo si;
  int s, spin;

  expect(chan_init(c, 100, 0) == -1, "a ring of 100 bytes");
  expect(chan_init(c, 64, 0x10) == -1, "unknown flags");
  expect(chan_init((struct chan *)priv, 64, 0) == -1, "a channel in bss");
  expect(sysinfo(&si) == 0, "sysinfo");
  for(spin = 0; spin < (si.ncpu > 1 ? 2 : 1); spin++){
    for(s = 0; s < 2; s++){
      expect(chan_init(c, sizes[s], spin ? CHAN_SPIN : 0) == 0, "chan_init");
      spawn(chanwriter, c, 0);
      chanreader(c);
      expect(waitall(1) == 0, "the writer failed");
      expect(chan_write(c, "x", 1) == -1, "wrote to a closed channel");
    }
  }
  detach(c);
}

#define SENDERS 3
#define RECEIVERS 3
#define MESSAGES 400
#define MSGSIZE 64

struct msg {
  int sender;             // -1: stop
  int seq;
  char pad[MSGSIZE - 2 * sizeof(int)];
};

struct msgzone {
  int got[SENDERS][MESSAGES];   // deliveries of each message
  char q[];                     // the queue
};

static void
sender(void *z, int me)
{
  struct msgzone *mz = z;
  struct msg m;
  int i;

  memset(&m, 0, sizeof(m));
  m.sender = me;
  for(i = 0; i < MESSAGES; i++){
    m.seq = i;
    m.pad[i % sizeof(m.pad)] = i;
    expect(msgq_send((struct msgq *)mz->q, &m, sizeof(m)) == 0, "msgq_send");
  }
}

// Take messages until a stop; each sender's must come in order.
static void
receiver(void *z, int unused)
{
  struct msgzone *mz = z;
  int last[SENDERS], i, n;
  struct msg m;

  for(i = 0; i < SENDERS; i++)
    last[i] = -1;
  for(;;){
    n = msgq_recv((struct msgq *)mz->q, &m, sizeof(m));
    if(n == 0)
      return;
    expect(n == sizeof(m), "message of %d bytes", n);
    expect(m.sender >= 0 && m.sender < SENDERS, "sender %d", m.sender);
    expect(m.seq > last[m.sender], "from %d: %d after %d", m.sender, m.seq,
          last[m.sender]);
    expect(m.pad[m.seq % sizeof(m.pad)] == (char)m.seq, "message body");
    last[m.sender] = m.seq;
    atomic_fetch_add(&mz->got[m.sender][m.seq], 1);
  }
}

// Several senders and receivers through 8 slots: every message arrives
// exactly once, and in order per sender.
void
t_msgq(void)
{
  int npages = (sizeof(struct msgzone) + MSGQ_BYTES(8, MSGSIZE)) / PGSIZE + 1;
  struct msgzone *mz = (struct msgzone *)create(ID_MSGQ, npages);
  struct msgq *q = (struct msgq *)mz->q;
  int i, j;

  expect(msgq_init(q, 8, 6) == -1, "a message size that is not a multiple of 4");
  expect(msgq_init(q, 8, MSGSIZE) == 0, "msgq_init");
  expect(msgq_send(q, "", MSGSIZE + 4) == -1, "sent a message too big");
  for(i = 0; i < RECEIVERS; i++)
    spawn(receiver, mz, 0);
  for(i = 0; i < SENDERS; i++)
    spawn(sender, mz, i);
  for(i = 0; i < SENDERS; i++)
    expect(wait(&j) > 0 && j == 0, "a process failed");
  for(i = 0; i < RECEIVERS; i++)
    expect(msgq_send(q, "", 0) == 0, "send stop");
  expect(waitall(RECEIVERS) == 0, "a receiver failed");
  for(i = 0; i < SENDERS; i++)
    for(j = 0; j < MESSAGES; j++)
      expect(mz->got[i][j] == 1, "message %d of %d delivered %d times", j, i,
            mz->got[i][j]);
  detach(mz);
}
