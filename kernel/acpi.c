// Finding the hardware through ACPI: the MADT ("APIC" table) lists every
// CPU's local APIC and the I/O APIC.  QEMU describes -smp N as N cores of
// one socket; its legacy MP table names only one CPU per socket, so the
// MADT is the only reliable census.  acpiinit runs once, on the boot CPU,
// before any other CPU starts, and fills cpus[], ncpu, lapicpa, ioapicpa,
// ioapicid and ioapicgsi.  The MADT's interrupt source overrides, which
// say where an ISA IRQ arrives when not at the I/O APIC input of its own
// number, are passed to ioapicroute and listed on the console.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"

#define BIOS_EBDA_SEG 0x40E       // BIOS data area word: EBDA segment
#define BIOS_ROM_LO   0xE0000     // RSDP search range in the BIOS ROM
#define BIOS_ROM_HI   0x100000

#define MADT_LAPIC   0            // entry type: a processor's local APIC
#define MADT_IOAPIC  1            // entry type: an I/O APIC
#define MADT_OVERRIDE 2           // entry type: an interrupt source override
#define LAPIC_ENABLED 0x1         // processor entry flag: usable

struct rsdp {
  char sig[8];                    // "RSD PTR "
  uchar checksum;
  char oem[6];
  uchar revision;
  uint rsdt;                      // physical address of the RSDT
} __attribute__((packed));

struct sdthdr {                   // every ACPI table starts with this
  char sig[4];
  uint length;                    // of the whole table, header included
  uchar revision;
  uchar checksum;
  char oem[6];
  char oemtable[8];
  uint oemrev;
  uint creator;
  uint creatorrev;
} __attribute__((packed));

struct madt {
  struct sdthdr hdr;
  uint lapicpa;
  uint flags;
  uchar entries[];                // variable-length records
} __attribute__((packed));

struct madtentry {
  uchar type;
  uchar length;
  union {
    struct { uchar acpiid, apicid; uint flags; } __attribute__((packed)) lapic;
    struct { uchar id, rsv; uint pa, gsibase; } __attribute__((packed)) ioapic;
    struct { uchar bus, irq; uint gsi; ushort flags; } __attribute__((packed)) iso;
  };
} __attribute__((packed));

static uchar
sum(void *addr, uint len)
{
  uchar *p = addr, s = 0;

  while(len-- > 0)
    s += *p++;
  return s;
}

// Kernel address of an ACPI table at physical pa, which must lie in the
// direct map.  Tables sit at the top of RAM; QEMU given more than PHYSTOP
// of memory would put them out of reach.
static void*
acpiptr(uint pa, uint len)
{
  if(pa >= PHYSTOP || len > PHYSTOP - pa)
    panic("acpi: tables above PHYSTOP (use less memory)");
  return P2V(pa);
}

static struct rsdp*
rsdpscan(uint lo, uint hi)
{
  uint pa;

  for(pa = lo; pa + sizeof(struct rsdp) <= hi; pa += 16){
    struct rsdp *r = P2V(pa);
    if(memcmp(r->sig, "RSD PTR ", 8) == 0 && sum(r, sizeof(*r)) == 0)
      return r;
  }
  return 0;
}

// The RSDP lives in the first KiB of the EBDA or in the BIOS ROM.
static struct rsdp*
rsdpfind(void)
{
  uint ebda = *(ushort *)P2V(BIOS_EBDA_SEG) << 4;
  struct rsdp *r = 0;

  if(ebda)
    r = rsdpscan(ebda, ebda + 1024);
  return r ? r : rsdpscan(BIOS_ROM_LO, BIOS_ROM_HI);
}

static struct madt*
madtfind(struct rsdp *r)
{
  struct sdthdr *rsdt = acpiptr(r->rsdt, sizeof(struct sdthdr));
  uint *tables = (uint *)(rsdt + 1);
  int i, n = (rsdt->length - sizeof(*rsdt)) / 4;

  for(i = 0; i < n; i++){
    struct sdthdr *h = acpiptr(tables[i], sizeof(struct sdthdr));
    if(memcmp(h->sig, "APIC", 4) == 0 && sum(h, h->length) == 0)
      return (struct madt *)h;
  }
  return 0;
}

static void
addcpu(struct madtentry *e)
{
  if(!(e->lapic.flags & LAPIC_ENABLED))
    return;
  if(ncpu == NCPU){
    cprintf("acpi: more than %d cpus; ignoring apic %d\n", NCPU, e->lapic.apicid);
    return;
  }
  cpus[ncpu++].apicid = e->lapic.apicid;
}

// An override's flags hold two 2-bit fields, polarity then trigger mode:
// 1 and 3 mean active high/low and edge/level; 0 means as the bus does,
// and ISA, the only bus there is, is edge-triggered and active high.
#define ISO_ACTLOW(flags) (((flags) & 3) == 3)
#define ISO_LEVEL(flags)  ((((flags) >> 2) & 3) == 3)

static void
addoverride(struct madtentry *e)
{
  int level = ISO_LEVEL(e->iso.flags), low = ISO_ACTLOW(e->iso.flags);

  if(e->iso.bus != 0 || ioapicroute(e->iso.irq, e->iso.gsi, level, low) < 0){
    cprintf("acpi: ignoring override of bus %d irq %d\n", e->iso.bus, e->iso.irq);
    return;
  }
  cprintf("acpi: irq %d -> gsi %d, %s, active %s\n", e->iso.irq, e->iso.gsi,
          level ? "level" : "edge", low ? "low" : "high");
}

void
acpiinit(void)
{
  struct rsdp *r = rsdpfind();
  struct madt *m = r ? madtfind(r) : 0;
  uchar *p;

  if(m == 0)
    panic("acpi: no MADT");
  lapicpa = m->lapicpa;
  for(p = m->entries; p < (uchar *)m + m->hdr.length; p += p[1]){
    struct madtentry *e = (struct madtentry *)p;
    if(e->length < 2)
      panic("acpi: bad MADT entry");
    if(e->type == MADT_LAPIC)
      addcpu(e);
    else if(e->type == MADT_IOAPIC && ioapicpa == 0){
      ioapicpa = e->ioapic.pa;
      ioapicid = e->ioapic.id;
      ioapicgsi = e->ioapic.gsibase;
    } else if(e->type == MADT_OVERRIDE)
      addoverride(e);
  }
  if(ncpu == 0 || ioapicpa == 0)
    panic("acpi: no cpu or no ioapic");
  if(lapicpa < DEVSPACE || ioapicpa < DEVSPACE)
    panic("acpi: apic outside device space");
}
