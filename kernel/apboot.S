# Where the other CPUs begin.  main() copies the bytes between apboot_start
# and apboot_end to physical APBOOT and sends each CPU a STARTUP signal
# naming that page: the CPU wakes in 16-bit real mode at APBOOT:0.  This
# code switches to protected mode, turns on paging with bootpgdir (which
# still maps the low 4 MiB at 0, so the code keeps running), and calls
# apboot_args.entry on the stack main() provided.  Because it runs at a
# copy, every absolute address is computed with AT().
#include "mmu.h"
#include "memlayout.h"

#define AT(x) (APBOOT + (x) - apboot_start)

.globl apboot_start, apboot_end, apboot_args

.code16
apboot_start:
  cli
  xorw %ax, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  lgdtl AT(apgdtdesc)
  movl %cr0, %eax
  orl $CR0_PE, %eax
  movl %eax, %cr0
  ljmpl $(SEG_KCODE << 3), $AT(ap32)

.code32
ap32:
  movw $(SEG_KDATA << 3), %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  xorw %ax, %ax
  movw %ax, %fs
  movw %ax, %gs
  movl %cr4, %eax
  orl $CR4_PSE, %eax
  movl %eax, %cr4
  movl AT(apboot_args), %eax           # .pgdir
  movl %eax, %cr3
  movl %cr0, %eax
  orl $(CR0_PG | CR0_WP), %eax
  movl %eax, %cr0
  movl AT(apboot_args + 4), %esp       # .stack
  call *AT(apboot_args + 8)            # .entry: never returns
1:
  hlt
  jmp 1b

.p2align 3
apgdt:                                 # null, then flat kernel code and data
  .quad 0
  .quad 0x00CF9A000000FFFF
  .quad 0x00CF92000000FFFF
apgdtdesc:
  .word apgdtdesc - apgdt - 1
  .long AT(apgdt)

.p2align 2
apboot_args:                           # struct apargs, filled in by main()
  .long 0, 0, 0
apboot_end:
