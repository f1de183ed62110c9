# The kernel's first instructions.  QEMU's multiboot loader jumps here in
# 32-bit protected mode with paging off, %eax = MB_BOOT_MAGIC and %ebx =
# the physical address of the multiboot information.  We build bootpgdir,
# which maps all of RAM at KERNBASE with 4 MiB pages (plus the first 4 MiB
# at 0, because we are still running there, and the device page), turn on
# paging, and call main() on bootstack at its high address.
#include "mmu.h"
#include "memlayout.h"
#include "multiboot.h"
#include "param.h"

#define BOOTFLAGS (MB_WANT_MEMORY | MB_LOAD_FIELDS)

# The header's address fields say where to load the image and where to
# enter it, all physical.  Without them a loader goes by the ELF headers,
# and loaders read those differently: QEMU takes the entry point for a
# physical address, GRUB for a virtual one inside a segment.  The image
# is loaded from the header on, which is where the text starts
# (kernel.ld), and the file holds text and data at the same distance
# apart as memory does, as the fields assume.
.section .multiboot
.p2align 2
mbheader:
  .long MB_HEADER_MAGIC
  .long BOOTFLAGS
  .long -(MB_HEADER_MAGIC + BOOTFLAGS)
  .long V2P_WO(mbheader)          # where this header is loaded
  .long V2P_WO(mbheader)          # the image's first byte: this header
  .long V2P_WO(edata)             # end of the bytes the file holds
  .long V2P_WO(end)               # end of the zeroed bss
  .long V2P_WO(entry)             # where to jump

# The loader enters at a physical address: paging is not on yet.
.globl _start
_start = V2P_WO(entry)

.text
.globl entry
entry:
  movl %eax, %esi                 # keep magic and info across the setup
  movl %ebx, %ebp

  movl $V2P_WO(bootstack + KSTACKSIZE), %esp   # multiboot gives no stack
  movl $V2P_WO(bootpgdir), %edi
  movl $(PTE_P | PTE_W | PTE_PS), (%edi)           # 0..4 MiB at 0

  leal (4 * (KERNBASE >> PDXSHIFT))(%edi), %ebx    # RAM at KERNBASE
  movl $(PTE_P | PTE_W | PTE_PS), %eax
  movl $(PHYSTOP / SUPERPGSIZE), %ecx
  call fillpdes

  leal (4 * (DEVSPACE >> PDXSHIFT))(%edi), %ebx    # devices, uncached, 1:1
  movl $(DEVSPACE | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT), %eax
  movl $((0xFFFFFFFF - DEVSPACE + 1) / SUPERPGSIZE), %ecx
  call fillpdes

  movl %cr4, %eax
  orl $CR4_PSE, %eax
  movl %eax, %cr4
  movl %edi, %cr3
  movl %cr0, %eax
  orl $(CR0_PG | CR0_WP), %eax
  movl %eax, %cr0

  movl $(bootstack + KSTACKSIZE), %esp
  pushl %ebp
  pushl %esi
  movl $main, %eax                # an absolute jump into the high half
  call *%eax
2:
  hlt
  jmp 2b

# Store %ecx consecutive 4 MiB PDEs, starting with %eax, at %ebx.
# Runs before paging, so it is called at its physical address.
fillpdes:
  movl %eax, (%ebx)
  addl $SUPERPGSIZE, %eax
  addl $4, %ebx
  loop fillpdes
  ret

.data
.p2align 12
.globl bootpgdir
bootpgdir:
  .space PGSIZE
.p2align 4
bootstack:
  .space KSTACKSIZE
