# The common path of every trap: finish the trap frame that the CPU and
# vectors.S began, switch to the kernel data segments, and call trap(tf).
# trapret undoes it; a new process also starts life by "returning" here.
#include "mmu.h"

.globl alltraps
alltraps:
  pushl %ds
  pushl %es
  pushl %fs
  pushl %gs
  pushal

  movw $(SEG_KDATA << 3), %ax
  movw %ax, %ds
  movw %ax, %es

  pushl %esp          # trap(tf): the frame is where we stand
  call trap
  addl $4, %esp

.globl trapret
trapret:
  popal
  popl %gs
  popl %fs
  popl %es
  popl %ds
  addl $8, %esp       # the vector number and error code
  iret
