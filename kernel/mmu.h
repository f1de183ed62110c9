// The i386 memory-management unit as zv6 uses it: two-level paging with
// 4 KiB pages (plus 4 MiB pages for the kernel's direct map), flat segments,
// and the gate/task structures the trap path needs.
#ifndef ZV6_MMU_H
#define ZV6_MMU_H

#define PGSIZE      4096
#define PGSHIFT     12
#define SUPERPGSIZE (4*1024*1024)   // a 4 MiB page (PTE_PS in a PDE)
#define NPDENTRIES  1024
#define NPTENTRIES  1024
#define PDXSHIFT    22

#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

// A virtual address is | 10-bit directory index | 10-bit table index | offset |
#define PDX(va)     (((uint)(va) >> PDXSHIFT) & 0x3FF)
#define PTX(va)     (((uint)(va) >> PGSHIFT) & 0x3FF)
#define PGADDR(d, t, o) ((uint)((d) << PDXSHIFT | (t) << PGSHIFT | (o)))

// Page-table and page-directory entry bits
#define PTE_P   0x001   // present
#define PTE_W   0x002   // writable
#define PTE_U   0x004   // user may access
#define PTE_PWT 0x008   // write-through
#define PTE_PCD 0x010   // cache disabled (device memory)
#define PTE_PS  0x080   // 4 MiB page (in a PDE)
#define PTE_COW 0x200   // (ignored by the MMU) copy-on-write: shared, read-only until written
#define PTE_ADDR(e)  ((uint)(e) & ~0xFFF)
#define PTE_FLAGS(e) ((uint)(e) & 0xFFF)

// Control-register bits
#define CR0_PE 0x00000001   // protected mode
#define CR0_MP 0x00000002   // wait/fwait honour TS
#define CR0_EM 0x00000004   // no FPU: x87 instructions trap
#define CR0_TS 0x00000008   // task switched: the next FPU use traps
#define CR0_NE 0x00000020   // x87 errors raise #MF, not IRQ 13
#define CR0_WP 0x00010000   // supervisor writes honour PTE_W
#define CR0_PG 0x80000000   // paging
#define CR4_PSE 0x00000010  // 4 MiB pages
#define CR4_OSFXSR 0x00000200    // fxsave/fxrstor and SSE allowed
#define CR4_OSXMMEXCPT 0x00000400  // SSE errors raise #XM

// Page-fault error code bits
#define FEC_WR  0x2         // the access was a write

// EFLAGS
#define FL_IF 0x00000200    // interrupts enabled

// Segment selectors: index into the GDT, shifted, plus privilege level
#define SEG_KCODE 1
#define SEG_KDATA 2
#define SEG_UCODE 3
#define SEG_UDATA 4
#define SEG_TSS   5
#define SEG_KCPU  6   // per-CPU data, loaded into %gs (see struct cpu)
#define NSEGS     7
#define DPL_USER  3

// Segment type bits
#define STA_X 0x8   // executable
#define STA_W 0x2   // writable (data)
#define STA_R 0x2   // readable (code)
#define STS_T32A 0x9  // available 32-bit TSS
#define STS_IG32 0xE  // 32-bit interrupt gate
#define STS_TG32 0xF  // 32-bit trap gate

#ifndef __ASSEMBLER__
#include "types.h"

// An 8-byte GDT entry, split into the fields the hardware scatters.
struct segdesc {
  uint lim_15_0 : 16;
  uint base_15_0 : 16;
  uint base_23_16 : 8;
  uint type : 4;
  uint s : 1;          // 1 = code/data, 0 = system
  uint dpl : 2;
  uint p : 1;
  uint lim_19_16 : 4;
  uint avl : 1;
  uint rsv1 : 1;
  uint db : 1;         // 32-bit segment
  uint g : 1;          // limit counts 4 KiB units
  uint base_31_24 : 8;
};

// A flat 4 GiB code/data segment.
#define SEG_FLAT(type, dpl) (struct segdesc) \
  { 0xFFFF, 0, 0, type, 1, dpl, 1, 0xF, 0, 0, 1, 1, 0 }
// A byte-granular data segment of lim+1 bytes at base.
#define SEG_DATA(base, lim, dpl) (struct segdesc) \
  { (lim) & 0xFFFF, (uint)(base) & 0xFFFF, ((uint)(base) >> 16) & 0xFF, \
    STA_W, 1, dpl, 1, (uint)(lim) >> 16, 0, 0, 1, 0, (uint)(base) >> 24 }
// A byte-granular system segment (the TSS).
#define SEG_SYS(type, base, lim, dpl) (struct segdesc) \
  { (lim) & 0xFFFF, (uint)(base) & 0xFFFF, ((uint)(base) >> 16) & 0xFF, \
    type, 0, dpl, 1, (uint)(lim) >> 16, 0, 0, 1, 0, (uint)(base) >> 24 }

// The task-state segment: the CPU reads only ss0:esp0 (the kernel stack
// to switch to on a trap from user mode) and the I/O map base.
struct taskstate {
  uint link;
  uint esp0;
  ushort ss0, pad0;
  uint unused[22];     // esp1 .. ldt: zv6 has no other privilege rings
  ushort trap;
  ushort iomb;         // I/O map base; past the limit = no user port access
};

// An 8-byte IDT gate.
struct gatedesc {
  uint off_15_0 : 16;
  uint cs : 16;
  uint args : 5;
  uint rsv1 : 3;
  uint type : 4;
  uint s : 1;
  uint dpl : 2;
  uint p : 1;
  uint off_31_16 : 16;
};

static inline void
setgate(struct gatedesc *g, int trap, uint sel, uint off, int dpl)
{
  g->off_15_0 = off & 0xFFFF;
  g->cs = sel;
  g->args = 0;
  g->rsv1 = 0;
  g->type = trap ? STS_TG32 : STS_IG32;
  g->s = 0;
  g->dpl = dpl;
  g->p = 1;
  g->off_31_16 = off >> 16;
}
#endif

#endif
