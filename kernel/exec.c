// exec: replace the current process's memory with a program from the file
// system.  The new image is built completely in a fresh page directory
// before anything of the old one is touched, so a failing exec returns -1
// to an unchanged caller (zones and all).  Only after the point of no
// return are the zones detached and the old memory freed.
//
// The new user memory, from address 0:
//   [program segments]  text read-only (unless the ELF file marks a
//                       segment writable), data and bss writable
//   [gap]               USTACKGAP bytes never mapped: a stack that
//                       outgrows its limit faults here
//   [stack]             USTACKMAX bytes below stackbot + USTACKMAX; only
//                       its top page(s), holding argv, are mapped now,
//                       the rest on first touch (vm.c's pagefault)
//   [heap]              from sz, just above the stack; sbrk grows it
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "x86.h"
#include "elf.h"
#include "stat.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"

// A program image under construction.
struct image {
  pde_t *pgdir;
  uint sz;        // end of the image so far
  uint entry;     // first instruction
  uint sp;        // initial user stack pointer
  uint stackbot;  // lowest address the stack may grow to
};

// Load every loadable segment of the ELF file ip into img.
// Returns 0, or -1 if the file is malformed or memory runs out.
// Called with ip locked.
static int
loadsegments(struct image *img, struct inode *ip, struct elfhdr *elf)
{
  struct proghdr ph;
  uint off, sz;
  int i, perm;

  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(ip, (char *)&ph, off, sizeof(ph)) != sizeof(ph))
      return -1;
    // An empty segment (a program with no data) loads nothing.
    if(ph.type != ELF_PROG_LOAD || ph.memsz == 0)
      continue;
    if(ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr)
      return -1;
    if(ph.vaddr % PGSIZE || ph.vaddr < img->sz)
      return -1;
    // Text stays read-only, so a stray store kills the program instead
    // of rewriting its code.
    perm = PTE_U | (ph.flags & ELF_PROG_FLAG_WRITE ? PTE_W : 0);
    if((sz = allocuvm(img->pgdir, img->sz, ph.vaddr + ph.memsz, perm)) == 0)
      return -1;
    img->sz = sz;
    if(loaduvm(img->pgdir, (char *)ph.vaddr, ip, ph.off, ph.filesz) < 0)
      return -1;
  }
  return img->entry < img->sz ? 0 : -1;   // the entry must be in the image
}

// Read path's program into img->pgdir, which the caller made.
// Returns 0 or -1.
static int
loadprogram(struct image *img, char *path)
{
  struct elfhdr elf;
  struct inode *ip;
  int r = -1;

  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  // Only a regular file: reading a device could wait for ever inside the
  // log operation and stall every other writer.
  if(ip->type == T_FILE &&
     readi(ip, (char *)&elf, 0, sizeof(elf)) == sizeof(elf) &&
     elf.magic == ELF_MAGIC){
    img->entry = elf.entry;
    r = loadsegments(img, ip, &elf);
  }
  iunlockput(ip);
  end_op();
  return r;
}

// Add the gap and the stack above the image, map the stack's top pages,
// and copy argv there as main(argc, argv) expects it after a call:
// [fake return pc, argc, argv pointer, argv[0..argc-1], 0, the strings].
// Returns 0 or -1 (out of memory, or arguments too many or too long).
static int
setupstack(struct image *img, char **argv)
{
  uint ustack[3 + MAXARG + 1];
  uint stackbot = PGROUNDUP(img->sz) + USTACKGAP;
  uint top = stackbot + USTACKMAX, low = top - USTACKPAGES * PGSIZE;
  uint sp, argc, n;

  if(allocuvm(img->pgdir, low, top, PTE_W | PTE_U) == 0)
    return -1;
  img->sz = top;
  img->stackbot = stackbot;
  sp = top;
  for(argc = 0; argv[argc]; argc++){
    uint len = strlen(argv[argc]) + 1;
    if(argc >= MAXARG || len > sp - low)
      return -1;
    sp = (sp - len) & ~3;
    if(sp < low || copyout(img->pgdir, sp, argv[argc], len) < 0)
      return -1;
    ustack[3 + argc] = sp;
  }
  ustack[3 + argc] = 0;
  ustack[0] = 0xFFFFFFFF;          // main's return address: never used
  ustack[1] = argc;
  ustack[2] = sp - (argc + 1) * 4; // where argv[] will start
  n = (3 + argc + 1) * 4;
  if(sp < low + n || copyout(img->pgdir, sp - n, ustack, n) < 0)
    return -1;
  sp -= n;
  img->sp = sp;
  return 0;
}

// The last path element, for the process name.
static char*
basename(char *path)
{
  char *s, *last = path;

  for(s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  return last;
}

// argv holds kernel-readable pointers: the user's own (checked by
// sys_exec) or the kernel's (for init).  Returns -1 to the unchanged
// caller on failure; on success it does not return to the old program.
int
exec(char *path, char **argv)
{
  struct proc *p = myproc();
  struct image img = { 0, 0, 0, 0, 0 };
  pde_t *oldpgdir;
  uint oldsz;

  if((img.pgdir = setupkvm()) == 0)
    return -1;
  if(loadprogram(&img, path) < 0 || setupstack(&img, argv) < 0){
    freevm(img.pgdir, img.sz);
    return -1;
  }

  // Point of no return.
  safestrcpy(p->name, basename(path), sizeof(p->name));
  zonedetachall(p);
  robustexec(p);
  oldpgdir = p->pgdir;
  oldsz = p->sz;
  p->pgdir = img.pgdir;
  p->sz = img.sz;
  p->stackbot = img.stackbot;
  p->tf->eip = img.entry;
  p->tf->esp = img.sp;
  fpuexec();
  switchuvm(p);
  freevm(oldpgdir, oldsz);
  return 0;
}
