// IDE driver: programmed I/O to the ATA disk on the primary channel's
// master position, the only disk zv6 uses (device ROOTDEV).
//
// The buffer cache hands a locked buf to iderw(), which queues it and
// sleeps.  The disk works on one request at a time, the head of the
// queue; when it finishes it raises IRQ 14, and ideintr() completes that
// request, wakes its owner and starts the next one.  A block is
// BSIZE/512 sectors, moved in one READ/WRITE MULTIPLE command so each
// request costs exactly one interrupt.
//
// A disk error fails that request alone: the buffer is marked B_ERROR,
// the console gets one line, and iderw returns -1 to its caller.  With
// no disk at all, ideinit says so once and every request fails.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "traps.h"
#include "proc.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

#define SECTSIZE 512
#define SPB (BSIZE / SECTSIZE)   // sectors per block

// Primary channel ports
#define IDE_DATA   0x1F0
#define IDE_COUNT  0x1F2   // sectors in the transfer
#define IDE_LBA0   0x1F3   // sector number, bits 0-7
#define IDE_LBA1   0x1F4   // bits 8-15
#define IDE_LBA2   0x1F5   // bits 16-23
#define IDE_SELECT 0x1F6   // drive select, LBA mode, bits 24-27
#define IDE_CMD    0x1F7   // command on write, status on read
#define IDE_CTL    0x3F6   // device control

#define SEL_MASTER_LBA 0xE0
#define CTL_NIEN 0x02      // device control: suppress the interrupt line

// Status bits
#define ST_BSY  0x80
#define ST_DRDY 0x40
#define ST_DF   0x20
#define ST_DRQ  0x08
#define ST_ERR  0x01

// Commands
#define CMD_READMULT  0xC4
#define CMD_WRITEMULT 0xC5
#define CMD_SETMULT   0xC6

#define PROBE_SPINS 1000000   // status reads before deciding there is no drive

// Lock order: a buf's sleeplock, then idelock.
static struct spinlock idelock;  // guards idequeue, the controller, and
                                 // flags of every queued buf
static struct buf *idequeue;     // pending requests; the head is on the disk
static int havedisk;             // set once by ideinit: the drive answered

// Spin until the drive is neither busy nor unready; return its status,
// whose ST_ERR and ST_DF bits judge the command it last finished.
static int
idewait(void)
{
  int st;

  while(((st = inb(IDE_CMD)) & (ST_BSY | ST_DRDY)) != ST_DRDY)
    pause();
  return st;
}

static int
failed(int status)
{
  return (status & (ST_DF | ST_ERR)) != 0;
}

// Spin until the drive asks for data (DRQ), as it must after a write
// command is accepted.  Returns -1 if it reports an error instead.
static int
idewaitdrq(void)
{
  int st;

  while((st = inb(IDE_CMD)) & ST_BSY)
    pause();
  if((st & (ST_DF | ST_ERR)) || !(st & ST_DRQ))
    return -1;
  return 0;
}

// Select the primary master and wait, for a bounded time, until it is
// ready.  Returns 0 if nothing answers: with no controller the status
// reads 0xFF (a floating bus), with no drive it never shows ready.
static int
ideprobe(void)
{
  int i, st;

  outb(IDE_SELECT, SEL_MASTER_LBA);
  for(i = 0; i < PROBE_SPINS; i++){
    st = inb(IDE_CMD);
    if(st == 0xFF)
      break;
    if((st & (ST_BSY | ST_DRDY)) == ST_DRDY)
      return 1;           // an error bit is the BIOS's last command's
    pause();
  }
  return 0;
}

// Find the disk and tell it to move SPB sectors per READ/WRITE MULTIPLE,
// with the interrupt masked so this setup raises none.  Without a usable
// disk, say so and leave havedisk clear.  Called once, at boot.
void
ideinit(void)
{
  initlock(&idelock, "ide");
  if(!ideprobe()){
    cprintf("ide: no disk\n");
    return;
  }
  outb(IDE_CTL, CTL_NIEN);
  outb(IDE_COUNT, SPB);
  outb(IDE_CMD, CMD_SETMULT);
  havedisk = !failed(idewait());
  outb(IDE_CTL, 0);
  if(!havedisk){
    cprintf("ide: disk refuses multiple-sector mode\n");
    return;
  }
  ioapicenable(IRQ_IDE, ncpu - 1);
}

// Issue the command for b: write it if dirty, else read it.  The drive
// interrupts once when it is done, also when it refuses the command, so
// ideintr judges the outcome either way.
// Caller holds idelock and b is the head of the queue.
static void
idestart(struct buf *b)
{
  uint sector = b->blockno * SPB;

  idewait();   // an error it shows belongs to the previous command
  outb(IDE_COUNT, SPB);
  outb(IDE_LBA0, sector & 0xFF);
  outb(IDE_LBA1, (sector >> 8) & 0xFF);
  outb(IDE_LBA2, (sector >> 16) & 0xFF);
  outb(IDE_SELECT, SEL_MASTER_LBA | ((sector >> 24) & 0x0F));
  if(b->flags & B_DIRTY){
    outb(IDE_CMD, CMD_WRITEMULT);
    if(idewaitdrq() == 0)   // else refused: its interrupt will say so
      outsl(IDE_DATA, b->data, BSIZE / 4);
  } else {
    outb(IDE_CMD, CMD_READMULT);
  }
}

// Complete b, which the drive finished with the given status: take in
// the data it read and mark b B_VALID and clean, or on an error mark it
// B_ERROR and say so.  Then wake its owner.  Caller holds idelock.
static void
idedone(struct buf *b, int status)
{
  int write = b->flags & B_DIRTY;

  if(failed(status)){
    cprintf("ide: error %s block %d\n", write ? "writing" : "reading",
            b->blockno);
    b->flags |= B_ERROR;
  } else {
    if(!write)
      insl(IDE_DATA, b->data, BSIZE / 4);
    b->flags = (b->flags | B_VALID) & ~B_DIRTY;
  }
  wakeup(b);
}

// The disk finished the request at the head of the queue (or, with an
// empty queue, interrupted for no request of ours: reading the status
// register acknowledges it).
void
ideintr(void)
{
  struct buf *b;

  acquire(&idelock);
  if((b = idequeue) == 0){
    inb(IDE_CMD);
    release(&idelock);
    return;
  }
  idequeue = b->qnext;
  idedone(b, idewait());
  if(idequeue)
    idestart(idequeue);
  release(&idelock);
}

// Sync b with the disk: write it if B_DIRTY, else read it.  Returns 0
// with b B_VALID and not B_DIRTY, or -1 if the disk failed: b is then
// B_ERROR, a failed write stays B_DIRTY and a failed read not B_VALID.
// Caller holds b->lock; sleeps meanwhile.
int
iderw(struct buf *b)
{
  struct buf **pp;

  if(!holdingsleep(&b->lock))
    panic("iderw: buf not locked");
  if((b->flags & (B_VALID | B_DIRTY)) == B_VALID)
    panic("iderw: nothing to do");
  if(b->dev != ROOTDEV || b->blockno >= FSSIZE)
    panic("iderw: no such block");

  b->flags &= ~B_ERROR;
  if(!havedisk){
    b->flags |= B_ERROR;
    return -1;
  }
  acquire(&idelock);
  b->qnext = 0;
  for(pp = &idequeue; *pp; pp = &(*pp)->qnext)
    ;
  *pp = b;
  if(idequeue == b)
    idestart(b);
  while(!(b->flags & B_ERROR) && (b->flags & (B_VALID | B_DIRTY)) != B_VALID)
    sleep(b, &idelock);
  release(&idelock);
  return (b->flags & B_ERROR) ? -1 : 0;
}
