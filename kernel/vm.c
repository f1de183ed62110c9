// Virtual memory: segments, page directories and the user address space.
//
// Every page directory shares the kernel half with bootpgdir: the same
// 4 MiB PDEs for the direct map of RAM and for the devices, copied at
// creation, so the kernel needs no page tables of its own.  The user half
// [0, KERNBASE) holds two kinds of memory with different owners:
//   [0, sz)             private pages, owned by the process: allocuvm,
//                       deallocuvm, copyuvm and freevm create and free them;
//   [SHMBASE, KERNBASE) zone pages, owned by zone.c: this file maps and
//                       unmaps them on zone.c's behalf but never frees one.
// Since sz <= SHMBASE always, "free the private pages" can never touch a
// zone page.  The page tables of both halves belong to the directory.
//
// Private pages are made only when first touched, and shared after fork
// until written.  exec maps the program; the stack and the heap,
// [stackbot, sz), start unmapped and pagefault() gives each page a zeroed
// frame on its first touch.  fork (copyuvm) shares every private page
// with the child: a writable one becomes read-only and PTE_COW in both,
// and the first write to it makes a private copy (or, once the other side
// has let go, takes the page over).  kalloc.c counts the references.
// The kernel's own reads and writes of user memory go through uvmaccess,
// which resolves faults the same way first, so it never faults itself.
// Zone pages are never PTE_COW: they stay shared, with the attachment's
// permission.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "x86.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "fs.h"
#include "file.h"

extern pde_t bootpgdir[];
static pde_t *kpgdir;    // for the schedulers; set once by kvmalloc

// Point %cs, %ds, %es, %fs and %ss at the kernel's own entries of the GDT
// just loaded.  The selectors a boot loader leaves may name other
// entries: GRUB's code segment is 0x10, which is our data segment, and
// the first interrupt return would fault on it.
static void
loadkernelsegs(void)
{
  asm volatile("pushl %0\n\t"
               "pushl $1f\n\t"
               "lret\n"
               "1:\n\t"
               "movw %w1, %%ds\n\t"
               "movw %w1, %%es\n\t"
               "movw %w1, %%fs\n\t"
               "movw %w1, %%ss"
               : : "i" (SEG_KCODE << 3), "r" (SEG_KDATA << 3) : "memory");
}

// Load this CPU's GDT: flat kernel and user segments, and the per-CPU
// segment that %gs selects from now on (alltraps reloads it after user
// code).  The TSS is set in switchuvm, when a process is about to run.
// Must run on each CPU before its first mycpu(), so before any lock.
void
seginit(void)
{
  struct cpu *c = cpubyapicid(lapicid());

  c->gdt[SEG_KCODE] = SEG_FLAT(STA_X | STA_R, 0);
  c->gdt[SEG_KDATA] = SEG_FLAT(STA_W, 0);
  c->gdt[SEG_UCODE] = SEG_FLAT(STA_X | STA_R, DPL_USER);
  c->gdt[SEG_UDATA] = SEG_FLAT(STA_W, DPL_USER);
  c->gdt[SEG_KCPU] = SEG_DATA(&c->self, 2 * sizeof(void *) - 1, 0);
  lgdt(c->gdt, sizeof(c->gdt));
  loadkernelsegs();
  c->self = c;
  c->proc = 0;
  loadgs(SEG_KCPU << 3);
}

// The PTE for va in pgdir, allocating a zeroed page table if alloc is set
// and none exists.  Returns 0 if there is no table (or none could be made).
pte_t*
walkpgdir(pde_t *pgdir, const void *va, int alloc)
{
  pde_t *pde = &pgdir[PDX(va)];
  pte_t *pgtab;

  if((uint)va >= KERNBASE)
    panic("walkpgdir: kernel address");
  if(*pde & PTE_P){
    pgtab = P2V(PTE_ADDR(*pde));
  } else {
    if(!alloc || (pgtab = (pte_t *)kalloc()) == 0)
      return 0;
    memset(pgtab, 0, PGSIZE);
    // The PDE grants everything; the PTEs below decide.
    *pde = V2P(pgtab) | PTE_P | PTE_W | PTE_U;
  }
  return &pgtab[PTX(va)];
}

// The last page address that a's page table covers: a loop over pages
// that finds no table continues after it.
static uint
tableend(uint a)
{
  return PGADDR(PDX(a) + 1, 0, 0) - PGSIZE;
}

static int
tableempty(pte_t *pgtab)
{
  int i;

  for(i = 0; i < NPTENTRIES; i++)
    if(pgtab[i])
      return 0;
  return 1;
}

// Free the page tables covering [va, va+size) that map nothing any more,
// so that unmapping gives back every page that mapping took.  A table the
// CPU has used may still be cached in its TLB: callers unmapping live
// mappings reload %cr3 before user code runs again (detach, growproc).
static void
freeemptytables(pde_t *pgdir, uint va, uint size)
{
  uint d;

  if(size == 0)
    return;
  for(d = PDX(va); d <= PDX(va + size - 1); d++){
    if((pgdir[d] & PTE_P) && tableempty(P2V(PTE_ADDR(pgdir[d])))){
      kfree(P2V(PTE_ADDR(pgdir[d])));
      pgdir[d] = 0;
    }
  }
}

// Clear the PTEs of the pages in [va, va+size), a run per page table,
// and free page tables left empty.  The pages themselves are not freed:
// that is the caller's business.  va and size are page-aligned.
void
unmappages(pde_t *pgdir, uint va, uint size)
{
  uint a, n, end = va + size;
  pte_t *pte;

  for(a = va; a < end; a += n * PGSIZE){
    n = NPTENTRIES - PTX(a);   // pages left in a's table
    if(n > (end - a) / PGSIZE)
      n = (end - a) / PGSIZE;
    if((pte = walkpgdir(pgdir, (void *)a, 0)) != 0)
      memset(pte, 0, n * sizeof(pte_t));
  }
  freeemptytables(pgdir, va, size);
}

// Map [va, va+size) to physical [pa, pa+size) with permission perm.
// va and size are page-aligned and nothing is mapped there yet.
// Returns 0, or -1 (out of memory) with nothing left mapped.
int
mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm)
{
  uint a, start = (uint)va;
  pte_t *pte;

  for(a = start; a < start + size; a += PGSIZE, pa += PGSIZE){
    if((pte = walkpgdir(pgdir, (void *)a, 1)) == 0){
      unmappages(pgdir, start, a - start);
      return -1;
    }
    if(*pte & PTE_P)
      panic("mappages: remap");
    *pte = pa | perm | PTE_P;
  }
  return 0;
}

// A new page directory holding only the kernel half.
pde_t*
setupkvm(void)
{
  pde_t *pgdir = (pde_t *)kalloc();

  if(pgdir == 0)
    return 0;
  memset(pgdir, 0, PDX(KERNBASE) * sizeof(pde_t));
  memmove(&pgdir[PDX(KERNBASE)], &bootpgdir[PDX(KERNBASE)],
          (NPDENTRIES - PDX(KERNBASE)) * sizeof(pde_t));
  return pgdir;
}

// The schedulers run on kpgdir, which (unlike bootpgdir) maps nothing
// at low addresses, so a stray kernel null dereference faults.
void
kvmalloc(void)
{
  if((kpgdir = setupkvm()) == 0)
    panic("kvmalloc");
  switchkvm();
}

void
switchkvm(void)
{
  lcr3(V2P(kpgdir));
}

// Make p's address space current and point the TSS at p's kernel stack,
// where the CPU saves user state on a trap.
void
switchuvm(struct proc *p)
{
  struct cpu *c;

  if(p == 0 || p->kstack == 0 || p->pgdir == 0)
    panic("switchuvm: no process");
  pushcli();
  c = mycpu();
  c->gdt[SEG_TSS] = SEG_SYS(STS_T32A, &c->ts, sizeof(c->ts) - 1, 0);
  c->ts.ss0 = SEG_KDATA << 3;
  c->ts.esp0 = (uint)p->kstack + KSTACKSIZE;
  c->ts.iomb = 0xFFFF;   // beyond the TSS limit: user code gets no I/O ports
  ltr(SEG_TSS << 3);
  lcr3(V2P(p->pgdir));
  popcli();
}

// Read sz bytes at offset off of ip into the pages mapped at addr in pgdir
// (page-aligned, already allocated).  Returns 0, or -1 on a short read.
int
loaduvm(pde_t *pgdir, char *addr, struct inode *ip, uint off, uint sz)
{
  uint i, n;
  char *ka;

  if((uint)addr % PGSIZE)
    panic("loaduvm: unaligned");
  for(i = 0; i < sz; i += PGSIZE){
    if((ka = uva2ka(pgdir, (uint)addr + i)) == 0)
      panic("loaduvm: page not mapped");
    n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if(readi(ip, ka, off + i, n) != n)
      return -1;
  }
  return 0;
}

// Grow private memory from oldsz to newsz with zeroed user pages, mapped
// with perm (PTE_U, plus PTE_W unless they hold program text).
// Returns newsz, or 0 with nothing changed (out of memory, or newsz would
// reach the zone area).
int
allocuvm(pde_t *pgdir, uint oldsz, uint newsz, int perm)
{
  uint a;
  char *mem;

  if(newsz > SHMBASE || newsz < oldsz)
    return 0;
  for(a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    if((mem = kalloc()) == 0)
      goto bad;
    memset(mem, 0, PGSIZE);
    if(mappages(pgdir, (void *)a, PGSIZE, V2P(mem), perm) < 0){
      kfree(mem);
      goto bad;
    }
  }
  return newsz;

bad:
  deallocuvm(pgdir, a, oldsz);
  return 0;
}

// Shrink private memory from oldsz to newsz, dropping the pages that
// were ever touched (kfree: a page still shared after fork stays with the
// other side).  Returns newsz.
int
deallocuvm(pde_t *pgdir, uint oldsz, uint newsz)
{
  uint a;
  pte_t *pte;

  if(newsz >= oldsz)
    return oldsz;
  if(oldsz > SHMBASE)
    panic("deallocuvm: would free zone pages");
  for(a = PGROUNDUP(newsz); a < oldsz; a += PGSIZE){
    pte = walkpgdir(pgdir, (void *)a, 0);
    if(pte == 0){
      a = tableend(a);
    } else if(*pte & PTE_P){
      kfree(P2V(PTE_ADDR(*pte)));
      *pte = 0;
    }
  }
  freeemptytables(pgdir, PGROUNDUP(newsz), PGROUNDUP(oldsz) - PGROUNDUP(newsz));
  return newsz;
}

// Free the private pages [0, sz), every user page table and the directory.
// Zone pages still mapped above SHMBASE are left alone: zone.c owns them.
void
freevm(pde_t *pgdir, uint sz)
{
  uint i;

  if(pgdir == 0)
    panic("freevm: no pgdir");
  deallocuvm(pgdir, sz, 0);
  for(i = 0; i < PDX(KERNBASE); i++)
    if(pgdir[i] & PTE_P)
      kfree(P2V(PTE_ADDR(pgdir[i])));
  kfree((char *)pgdir);
}

// For fork: a new directory sharing the private memory [0, sz) of pgdir,
// the current one, copy-on-write.  Writable pages become read-only and
// PTE_COW on both sides; read-only ones (text) are simply shared.  Each
// shared page gains a reference.  Zones are not touched (zonefork).
// Returns 0 if memory for page tables runs out, with nothing of the new
// directory left (the parent's pages may stay PTE_COW: harmless).
pde_t*
copyuvm(pde_t *pgdir, uint sz)
{
  pde_t *d;
  pte_t *pte, *cpte;
  uint a;

  if((d = setupkvm()) == 0)
    return 0;
  for(a = 0; a < sz; a += PGSIZE){
    if((pte = walkpgdir(pgdir, (void *)a, 0)) == 0){
      a = tableend(a);
      continue;
    }
    if(!(*pte & PTE_P))
      continue;
    if((cpte = walkpgdir(d, (void *)a, 1)) == 0)
      goto bad;
    if(*pte & PTE_W)
      *pte = (*pte & ~PTE_W) | PTE_COW;
    kref(P2V(PTE_ADDR(*pte)));
    *cpte = *pte;
  }
  lcr3(V2P(pgdir));   // this CPU may still hold the pages as writable
  return d;

bad:
  lcr3(V2P(pgdir));
  freevm(d, sz);
  return 0;
}

// Give the untouched page at va (page-aligned) a zeroed frame.
// Returns 0 or FAULT_NOMEM.
static int
mapzero(pde_t *pgdir, uint va)
{
  char *mem = kalloc();

  if(mem == 0)
    return FAULT_NOMEM;
  memset(mem, 0, PGSIZE);
  if(mappages(pgdir, (void *)va, PGSIZE, V2P(mem), PTE_W | PTE_U) < 0){
    kfree(mem);
    return FAULT_NOMEM;
  }
  return 0;
}

// A store to the copy-on-write page that pte maps at va: make it the
// writer's own.  If nobody else holds the page any more it is simply
// taken over; nobody can start sharing it meanwhile, since only a fork
// by its sole holder could.  Returns 0 or FAULT_NOMEM.
static int
breakcow(pte_t *pte, uint va)
{
  char *old = P2V(PTE_ADDR(*pte)), *mem;
  uint flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;

  if(krefcount(old) == 1){
    *pte = V2P(old) | flags;
  } else {
    if((mem = kalloc()) == 0)
      return FAULT_NOMEM;
    memmove(mem, old, PGSIZE);
    *pte = V2P(mem) | flags;
    kfree(old);
  }
  invlpg((void *)va);   // the read-only translation may be cached
  return 0;
}

// A user access to va by p faulted (write: it was a store).  Resolve it
// if the address space allows the access: a first touch of the stack or
// heap, or a store to a copy-on-write page.  Returns 0 if the access can
// now go ahead, FAULT_BAD if p may not make it, or FAULT_NOMEM.
int
pagefault(struct proc *p, uint va, int write)
{
  pte_t *pte;

  if(va >= KERNBASE)
    return FAULT_BAD;
  pte = walkpgdir(p->pgdir, (void *)va, 0);
  if(pte && (*pte & PTE_P))
    return write && (*pte & PTE_COW) ? breakcow(pte, va) : FAULT_BAD;
  if(va >= SHMBASE)
    return zonefault(p, va, write);
  if(va < p->stackbot || PGROUNDDOWN(va) >= p->sz)
    return FAULT_BAD;   // the program's own gap, or above the break
  return mapzero(p->pgdir, PGROUNDDOWN(va));
}

// The kernel address of user page va in pgdir, or 0 if user code could
// not access it.
char*
uva2ka(pde_t *pgdir, uint va)
{
  pte_t *pte = walkpgdir(pgdir, (void *)va, 0);

  if(pte == 0 || (*pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U))
    return 0;
  return (char *)P2V(PTE_ADDR(*pte)) + (va % PGSIZE);
}

// Copy len bytes from kernel p to user address va in pgdir, which need
// not be the current directory (exec fills a new one).  Returns 0 or -1.
int
copyout(pde_t *pgdir, uint va, void *p, uint len)
{
  char *src = p, *dst;
  uint n;

  while(len > 0){
    if(va >= KERNBASE || (dst = uva2ka(pgdir, va)) == 0)
      return -1;
    n = PGSIZE - va % PGSIZE;
    if(n > len)
      n = len;
    memmove(dst, src, n);
    len -= n;
    src += n;
    va += n;
  }
  return 0;
}

// May the kernel, on behalf of p, read (UREAD) or write (UWRITE) the
// user range [va, va+len)?  Exactly when p itself could: each page is
// made ready as p's own access would (pagefault: a first touch gets a
// page, a write to a copy-on-write page gets a copy), so that the kernel
// can then use the range directly without faulting.  The range must not
// wrap or reach the kernel.  This one check covers private memory, the
// stack gap and read-only zones alike.  A range can be most of memory,
// so a kill stops the work between pages: the process is on its way out.
// Returns 0 if allowed, else -1 (not allowed, out of memory, or killed).
int
uvmaccess(struct proc *p, uint va, uint len, int access)
{
  uint need = PTE_P | PTE_U | (access == UWRITE ? PTE_W : 0);
  uint a, last;
  pte_t *pte;

  if(va >= KERNBASE || len > KERNBASE - va)
    return -1;
  if(len == 0)
    return 0;
  last = PGROUNDDOWN(va + len - 1);
  for(a = PGROUNDDOWN(va); ; a += PGSIZE){
    pte = walkpgdir(p->pgdir, (void *)a, 0);
    if((pte == 0 || (*pte & need) != need) &&
       (killed(p) || pagefault(p, a, access == UWRITE) != 0))
      return -1;
    if(a == last)
      return 0;
  }
}
