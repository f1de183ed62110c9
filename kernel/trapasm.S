# The common path of every trap: finish the trap frame that the CPU and
# vectors.S began, put the CPU in the state the kernel's C code assumes,
# and call trap(tf).  trapret undoes it; a new process also starts life by
# "returning" here.
#
# What user code may leave behind and the kernel must not inherit: the
# data segment registers (reloaded here; %gs selects this CPU's struct
# cpu) and the direction flag (cleared
# here: the C compiler assumes it is clear, so with it set every copy loop
# would run backwards through memory).  The gate itself clears TF and NT,
# and an interrupt gate IF.
#include "mmu.h"

.globl alltraps
alltraps:
  cld
  pushl %ds
  pushl %es
  pushl %fs
  pushl %gs
  pushal

  movw $(SEG_KDATA << 3), %ax
  movw %ax, %ds
  movw %ax, %es
  movw $(SEG_KCPU << 3), %ax
  movw %ax, %gs

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
