// Thin C wrappers around the x86 instructions C cannot express, and the
// trap frame layout that trapasm.S builds on the kernel stack.
#ifndef ZV6_X86_H
#define ZV6_X86_H
#include "types.h"

static inline uchar
inb(ushort port)
{
  uchar v;
  asm volatile("inb %1, %0" : "=a" (v) : "d" (port));
  return v;
}

static inline void
outb(ushort port, uchar v)
{
  asm volatile("outb %0, %1" : : "a" (v), "d" (port));
}

static inline void
outl(ushort port, uint v)
{
  asm volatile("outl %0, %1" : : "a" (v), "d" (port));
}

// Read cnt 32-bit words from port into addr.
static inline void
insl(ushort port, void *addr, int cnt)
{
  asm volatile("cld; rep insl"
               : "+D" (addr), "+c" (cnt) : "d" (port) : "memory", "cc");
}

// Write cnt 32-bit words from addr to port.
static inline void
outsl(ushort port, const void *addr, int cnt)
{
  asm volatile("cld; rep outsl"
               : "+S" (addr), "+c" (cnt) : "d" (port) : "cc");
}

// Load a descriptor-table register from (base, size).
struct dtr { ushort limit; uint base; } __attribute__((packed));

static inline void
lgdt(void *base, int size)
{
  struct dtr d = { size - 1, (uint)base };
  asm volatile("lgdt %0" : : "m" (d));
}

static inline void
lidt(void *base, int size)
{
  struct dtr d = { size - 1, (uint)base };
  asm volatile("lidt %0" : : "m" (d));
}

static inline void
loadgs(ushort sel)
{
  asm volatile("movw %0, %%gs" : : "r" (sel));
}

static inline void
ltr(ushort sel)
{
  asm volatile("ltr %0" : : "r" (sel));
}

static inline uint
readeflags(void)
{
  uint f;
  asm volatile("pushfl; popl %0" : "=r" (f));
  return f;
}

static inline void cli(void)   { asm volatile("cli"); }
static inline void sti(void)   { asm volatile("sti"); }
static inline void pause(void) { asm volatile("pause"); }

// Enable interrupts and halt until one arrives; sti's one-instruction
// shadow guarantees no interrupt is taken between the two.
static inline void
sti_hlt(void)
{
  asm volatile("sti; hlt");
}

// Atomically store newval at *addr and return the old value.
static inline uint
xchg(volatile uint *addr, uint newval)
{
  uint old;
  asm volatile("lock; xchgl %0, %1"
               : "+m" (*addr), "=a" (old) : "1" (newval) : "cc");
  return old;
}

static inline uint
rcr2(void)
{
  uint v;
  asm volatile("movl %%cr2, %0" : "=r" (v));
  return v;
}

static inline void
lcr3(uint pa)
{
  asm volatile("movl %0, %%cr3" : : "r" (pa) : "memory");
}

// Drop this CPU's cached translation of the page at va.
static inline void
invlpg(void *va)
{
  asm volatile("invlpg (%0)" : : "r" (va) : "memory");
}

static inline uint
rcr0(void)
{
  uint v;
  asm volatile("movl %%cr0, %0" : "=r" (v));
  return v;
}

static inline void
lcr0(uint v)
{
  asm volatile("movl %0, %%cr0" : : "r" (v));
}

static inline uint
rcr4(void)
{
  uint v;
  asm volatile("movl %%cr4, %0" : "=r" (v));
  return v;
}

static inline void
lcr4(uint v)
{
  asm volatile("movl %0, %%cr4" : : "r" (v));
}

// The feature bits cpuid leaf `leaf` reports in %edx.
static inline uint
cpuid_edx(uint leaf)
{
  uint a, b, c, d;
  asm volatile("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "a" (leaf));
  return d;
}

// Save or load the x87/SSE registers: 512 bytes, 16-byte aligned.
static inline void
fxsave(void *area)
{
  asm volatile("fxsave %0" : "=m" (*(char (*)[512])area));
}

static inline void
fxrstor(const void *area)
{
  asm volatile("fxrstor %0" : : "m" (*(const char (*)[512])area));
}

// What trapasm.S pushes (and the CPU before it) on a trap: the saved user
// or kernel state, restored by trapret.
struct trapframe {
  // pushal
  uint edi, esi, ebp;
  uint oesp;        // esp at pushal time: useless, ignored
  uint ebx, edx, ecx, eax;
  // segment registers
  ushort gs, padding1;
  ushort fs, padding2;
  ushort es, padding3;
  ushort ds, padding4;
  uint trapno;
  // pushed by the CPU (err by vectors.S when the CPU does not)
  uint err;
  uint eip;
  ushort cs, padding5;
  uint eflags;
  // only when crossing from user to kernel
  uint esp;
  ushort ss, padding6;
};

#endif
