// The I/O APIC routes device interrupts (the UART's and the disk's) to a
// chosen CPU.  Its registers are reached through an index/data window.
// The legacy 8259 PICs are masked here too: zv6 uses only the APICs.
//
// An ISA IRQ arrives at the input (global system interrupt, GSI) of its
// own number, edge-triggered and active high, unless the MADT overrides
// that: acpiinit reports each override to ioapicroute, and ioapicenable
// looks the IRQ up in the table.  The vector stays T_IRQ0 + the IRQ, so
// trap handlers do not care where it arrived.
#include "types.h"
#include "defs.h"
#include "traps.h"
#include "x86.h"
#include "param.h"
#include "mmu.h"
#include "proc.h"

#define REG_ID    0x00   // the I/O APIC's id, in bits 24..27
#define REG_VER   0x01   // version, and the highest entry in bits 16..23
#define REG_TABLE 0x10   // redirection entries: two registers each

#define INT_DISABLED 0x00010000   // masked
#define INT_LEVEL    0x00008000   // level-triggered (else edge)
#define INT_ACTLOW   0x00002000   // active low (else high)

#define NISA 16                   // ISA IRQs, the ones the MADT may override

#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

uint ioapicpa;   // set once by acpiinit
uchar ioapicid;
uint ioapicgsi;  // the GSI of this I/O APIC's first input

// Where each ISA IRQ arrives, when the MADT says otherwise (set): the
// GSI, and INT_LEVEL / INT_ACTLOW.  Filled by acpiinit, then constant.
static struct {
  int set;
  uint gsi;
  uint mode;
} isa[NISA];

static int maxintr;   // highest input, set by ioapicinit

struct ioapic {
  uint reg;      // index
  uint pad[3];
  uint data;     // value of the indexed register
};

static volatile struct ioapic *ioapic;

static uint
ioapicread(int reg)
{
  ioapic->reg = reg;
  return ioapic->data;
}

static void
ioapicwrite(int reg, uint data)
{
  ioapic->reg = reg;
  ioapic->data = data;
}

// Every input starts masked, with vector T_IRQ0 + its number.
void
ioapicinit(void)
{
  int i;

  outb(PIC1_DATA, 0xFF);
  outb(PIC2_DATA, 0xFF);
  ioapic = (volatile struct ioapic *)ioapicpa;
  maxintr = (ioapicread(REG_VER) >> 16) & 0xFF;
  if(((ioapicread(REG_ID) >> 24) & 0x0F) != ioapicid)
    cprintf("ioapic: id differs from the MADT's\n");
  for(i = 0; i <= maxintr; i++){
    ioapicwrite(REG_TABLE + 2*i, INT_DISABLED | (T_IRQ0 + i));
    ioapicwrite(REG_TABLE + 2*i + 1, 0);
  }
}

// Record the MADT's word that ISA irq arrives at gsi, level-triggered or
// edge, active low or high.  Returns 0, or -1 if irq is no ISA IRQ.
int
ioapicroute(int irq, uint gsi, int level, int activelow)
{
  if(irq < 0 || irq >= NISA)
    return -1;
  isa[irq].set = 1;
  isa[irq].gsi = gsi;
  isa[irq].mode = (level ? INT_LEVEL : 0) | (activelow ? INT_ACTLOW : 0);
  return 0;
}

// Deliver ISA irq to CPU number cpu, at the input and in the mode the
// MADT gives it (its own number, edge, active high if it says nothing).
void
ioapicenable(int irq, int cpu)
{
  uint gsi = irq, mode = 0;
  int in;

  if(irq >= 0 && irq < NISA && isa[irq].set){
    gsi = isa[irq].gsi;
    mode = isa[irq].mode;
  }
  in = gsi - ioapicgsi;
  if(gsi < ioapicgsi || in > maxintr){
    cprintf("ioapic: irq %d: gsi %d is not on this ioapic\n", irq, gsi);
    return;
  }
  ioapicwrite(REG_TABLE + 2*in, mode | (T_IRQ0 + irq));
  ioapicwrite(REG_TABLE + 2*in + 1, cpus[cpu].apicid << 24);
}
