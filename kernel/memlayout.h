// The virtual address space, identical in every process:
//
//   0 .. sz                 program text, data, guard page, stack, heap
//   SHMBASE .. KERNBASE     zone area: shared-memory zones are mapped here
//   KERNBASE .. +PHYSTOP    all physical RAM, direct-mapped (kernel only)
//   DEVSPACE .. 4 GiB       memory-mapped devices (IOAPIC, LAPIC), 1:1
//
// The kernel is loaded at physical EXTMEM and linked at KERNLINK.
#ifndef ZV6_MEMLAYOUT_H
#define ZV6_MEMLAYOUT_H

#define EXTMEM   0x00100000   // start of extended memory; kernel loads here
#define KERNBASE 0x80000000   // first kernel virtual address
#define KERNLINK (KERNBASE + EXTMEM)
#define PHYSTOP  0x7E000000   // RAM above this is not used (direct-map limit)
#define DEVSPACE 0xFE000000   // device memory, mapped at its physical address
#define SHMBASE  0x60000000   // bottom of the zone area (512 MiB below KERNBASE)
#define APBOOT   0x7000       // physical page where other CPUs start (real mode)

#ifndef __ASSEMBLER__
#define V2P(a) ((uint)(a) - KERNBASE)
#define P2V(a) ((void *)((uint)(a) + KERNBASE))
#endif
#define V2P_WO(x) ((x) - KERNBASE)   // without casts, for assembly
#define P2V_WO(x) ((x) + KERNBASE)

#endif
