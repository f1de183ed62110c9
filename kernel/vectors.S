# The 256 interrupt entry points.  Each pushes an error code of 0 where the
# CPU does not push one (so every trap frame has the same shape), then its
# vector number, and joins alltraps.  vectors[] lists their addresses for
# tvinit.
.altmacro

.macro entrypoint n
  .text
vector\n:
  .if !(\n == 8 || (\n >= 10 && \n <= 14) || \n == 17)
    pushl $0
  .endif
  pushl $\n
  jmp alltraps
  .data
  .long vector\n
.endm

.data
.p2align 2
.globl vectors
vectors:
.set n, 0
.rept 256
  entrypoint %n
  .set n, n + 1
.endr
