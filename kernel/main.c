// Boot: the boot CPU arrives here from entry.S, brings up memory, the
// interrupt hardware, the devices and the other CPUs, makes the first
// process, and becomes a scheduler like every other CPU.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "multiboot.h"

#define DEBUG_EXIT_PORT 0xF4     // QEMU's isa-debug-exit device
#define MAXMMAP 32               // memory-map entries we keep

// What apboot.S reads at apboot_args.
struct apargs {
  uint pgdir;                    // physical address for %cr3
  uint stack;                    // top of the CPU's first kernel stack
  void (*entry)(void);
};

extern char end[];               // first address after the kernel (kernel.ld)
extern pde_t bootpgdir[];
extern char apboot_start[], apboot_end[], apboot_args[];

static char cmdline[BOOTCMDLEN];  // boot command line, minus the kernel's name
static void mpmain(void) __attribute__((noreturn));
static void apmain(void) __attribute__((noreturn));

// Copy what main needs out of the multiboot information before any page
// is freed: the information lies in RAM that kfree will reuse.
static int
readboot(uint magic, struct mbinfo *mbi, struct mbmmap *map)
{
  uchar *p, *stop;
  char *s;
  int n = 0;

  if(magic != MB_BOOT_MAGIC || !(mbi->flags & MBI_MMAP))
    panic("boot: not started by a multiboot loader with a memory map");
  if(mbi->flags & MBI_CMDLINE){
    for(s = P2V(mbi->cmdline); *s && *s != ' '; s++)
      ;                          // QEMU puts the kernel's file name first
    safestrcpy(cmdline, *s ? s + 1 : s, sizeof(cmdline));
  }
  p = P2V(mbi->mmap_addr);
  stop = p + mbi->mmap_length;
  for(; p < stop && n < MAXMMAP; p += ((struct mbmmap *)p)->size + 4)
    map[n++] = *(struct mbmmap *)p;
  return n;
}

// Give the allocator every RAM page above the kernel and below PHYSTOP.
static void
meminit(struct mbmmap *map, int n)
{
  uint64 lo, hi;
  int i, mb = 0;

  for(i = 0; i < n; i++){
    if(map[i].type != MB_MEM_RAM)
      continue;
    lo = map[i].addr;
    hi = map[i].addr + map[i].len;
    if(lo < V2P(end))
      lo = V2P(end);
    if(hi > PHYSTOP)
      hi = PHYSTOP;
    if(lo < hi)
      kfreerange(P2V((uint)lo), P2V((uint)hi));
    mb += map[i].len >> 20;
  }
  cprintf("zv6: %d MiB of RAM, %d pages free\n", mb, kfreecount());
}

// Wake every other CPU and wait until each runs.
static void
startothers(void)
{
  struct apargs *args = (struct apargs *)(P2V(APBOOT) + (apboot_args - apboot_start));
  struct cpu *c;
  char *stack;

  memmove(P2V(APBOOT), apboot_start, apboot_end - apboot_start);
  for(c = cpus; c < cpus + ncpu; c++){
    if(c == mycpu())
      continue;
    if((stack = kalloc()) == 0)
      panic("startothers: no stack");
    args->pgdir = V2P(bootpgdir);
    args->stack = (uint)stack + KSTACKSIZE;
    args->entry = apmain;
    lapicstartap(c->apicid, APBOOT);
    while(!c->started)
      pause();
  }
}

int
main(uint magic, uint mbipa)
{
  struct mbmmap map[MAXMMAP];
  int nmap = readboot(magic, (struct mbinfo *)P2V(mbipa), map);

  acpiinit();
  lapicinit();
  seginit();       // before the first lock: it sets up mycpu()
  fpuinit();
  meminit(map, nmap);
  kvmalloc();
  ioapicinit();
  consoleinit();
  uartinit();
  kbdinit();
  pinit();
  tvinit();
  binit();
  fileinit();
  ideinit();
  zoneinit();
  futexinit();
  startothers();
  cprintf("zv6: %d cpus started\n", ncpu);
  userinit(cmdline);
  mpmain();
}

// The other CPUs arrive here from apboot.S, still on bootpgdir.
static void
apmain(void)
{
  switchkvm();
  seginit();
  fpuinit();
  lapicinit();
  mpmain();
}

// Every CPU ends its boot here and becomes a scheduler.
static void
mpmain(void)
{
  idtinit();
  xchg(&mycpu()->started, 1);
  scheduler();
}

// Stop the machine; QEMU exits with status (status << 1) | 1.
void
poweroff(int status)
{
  cli();
  outb(DEBUG_EXIT_PORT, status);
  for(;;)
    asm volatile("hlt");
}
