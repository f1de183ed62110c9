// The I/O APIC routes device interrupts (the UART's and the disk's) to a
// chosen CPU.  Its registers are reached through an index/data window.
// The legacy 8259 PICs are masked here too: zv6 uses only the APICs.
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

#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

uint ioapicpa;   // set once by acpiinit
uchar ioapicid;

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
  int i, maxintr;

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

// Deliver irq (edge-triggered, active high: ISA style) to CPU number cpu.
void
ioapicenable(int irq, int cpu)
{
  ioapicwrite(REG_TABLE + 2*irq, T_IRQ0 + irq);
  ioapicwrite(REG_TABLE + 2*irq + 1, cpus[cpu].apicid << 24);
}
