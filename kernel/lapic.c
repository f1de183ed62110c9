// Each CPU's local APIC: its timer drives preemption and uptime, it
// acknowledges interrupts, the boot CPU uses it to send the INIT/STARTUP
// signals that wake the other CPUs, and a panicking CPU to stop them.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "traps.h"
#include "mmu.h"
#include "x86.h"

// Register indices (byte offset / 4)
#define ID      (0x020/4)
#define VER     (0x030/4)
#define TPR     (0x080/4)   // task priority
#define EOI     (0x0B0/4)
#define SVR     (0x0F0/4)   // spurious vector; bit 8 enables the APIC
#define ESR     (0x280/4)   // error status
#define ICRLO   (0x300/4)   // interrupt command
#define ICRHI   (0x310/4)   //   and its destination (bits 24..31)
#define TIMER   (0x320/4)
#define PCINT   (0x340/4)   // performance counter
#define LINT0   (0x350/4)
#define LINT1   (0x360/4)
#define ERROR   (0x370/4)
#define TICR    (0x380/4)   // timer initial count
#define TDCR    (0x3E0/4)   // timer divide configuration

#define SVR_ENABLE  0x00000100
#define LVT_MASKED  0x00010000
#define TIMER_PERIODIC 0x00020000
#define TDCR_DIV1   0x0000000B
#define ICR_INIT    0x00000500
#define ICR_STARTUP 0x00000600
#define ICR_NMI     0x00000400   // deliver as a non-maskable interrupt
#define ICR_PENDING 0x00001000   // delivery in progress
#define ICR_ASSERT  0x00004000
#define ICR_LEVEL   0x00008000
#define ICR_ALLINCL 0x00080000   // broadcast, sender included

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define CMOS_SHUTDOWN 0x0F       // shutdown status byte
#define CMOS_WARMBOOT 0x0A       // "jump through the warm-reset vector"
#define WARM_RESET_VECTOR 0x467  // BIOS data area: offset, then segment

uint lapicpa;                    // set once by acpiinit
static volatile uint *lapic;

static void
lapicw(int index, uint value)
{
  lapic[index] = value;
  (void)lapic[ID];               // wait for the write to land
}

static void
waitdelivery(void)
{
  while(lapic[ICRLO] & ICR_PENDING)
    pause();
}

void
lapicinit(void)
{
  lapic = (volatile uint *)lapicpa;
  lapicw(SVR, SVR_ENABLE | (T_IRQ0 + IRQ_SPURIOUS));

  lapicw(TDCR, TDCR_DIV1);
  lapicw(TIMER, TIMER_PERIODIC | (T_IRQ0 + IRQ_TIMER));
  lapicw(TICR, TIMERCOUNT);

  lapicw(LINT0, LVT_MASKED);
  lapicw(LINT1, LVT_MASKED);
  if(((lapic[VER] >> 16) & 0xFF) >= 4)
    lapicw(PCINT, LVT_MASKED);
  lapicw(ERROR, T_IRQ0 + IRQ_ERROR);
  lapicw(ESR, 0);                // the register latches: write twice
  lapicw(ESR, 0);
  lapicw(EOI, 0);

  // Synchronise arbitration ids with a broadcast INIT level de-assert.
  lapicw(ICRHI, 0);
  lapicw(ICRLO, ICR_ALLINCL | ICR_INIT | ICR_LEVEL);
  waitdelivery();
  lapicw(TPR, 0);                // accept every interrupt
}

// The APIC reported an error (IRQ_ERROR): say so and clear it.
void
lapicerror(void)
{
  lapicw(ESR, 0);   // latch the error bits, then read them
  cprintf("lapic: error status %x on apic %d\n", lapic[ESR], lapicid());
  lapicw(ESR, 0);
}

int
lapicid(void)
{
  if(lapic == 0)
    return 0;
  return lapic[ID] >> 24;
}

void
lapiceoi(void)
{
  if(lapic)
    lapicw(EOI, 0);
}

// A rough delay: real hardware wants the gaps below; QEMU does not care.
void
microdelay(int us)
{
  while(us-- > 0)
    pause();
}

static void
sendipi(uchar apicid, uint cmd)
{
  lapicw(ICRHI, apicid << 24);
  lapicw(ICRLO, cmd);
  waitdelivery();
  microdelay(200);
}

// Start the CPU apicid at physical address addr (page-aligned, below
// 1 MiB) with the INIT, STARTUP, STARTUP sequence the MP protocol asks.
void
lapicstartap(uchar apicid, uint addr)
{
  ushort *warm = P2V(WARM_RESET_VECTOR);

  outb(CMOS_INDEX, CMOS_SHUTDOWN);
  outb(CMOS_DATA, CMOS_WARMBOOT);
  warm[0] = 0;
  warm[1] = addr >> 4;

  sendipi(apicid, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
  sendipi(apicid, ICR_INIT | ICR_LEVEL);
  sendipi(apicid, ICR_STARTUP | (addr >> 12));
  sendipi(apicid, ICR_STARTUP | (addr >> 12));
}

// Interrupt the CPU apicid with an NMI, which arrives even where
// interrupts are off (a CPU spinning on a lock it will never get): how
// panic() stops the other CPUs.
void
lapicnmi(uchar apicid)
{
  sendipi(apicid, ICR_NMI | ICR_ASSERT);
}
