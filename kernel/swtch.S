# swtch(struct context **old, struct context *new)
#
# Save the current kernel thread's callee-saved registers on its stack,
# record that stack position (a struct context) in *old, and resume the
# thread whose context is new.  The return address already on the stack is
# the context's eip, so "ret" on the new stack resumes the other thread.
.globl swtch
swtch:
  movl 4(%esp), %eax
  movl 8(%esp), %edx

  pushl %ebp
  pushl %ebx
  pushl %esi
  pushl %edi

  movl %esp, (%eax)
  movl %edx, %esp

  popl %edi
  popl %esi
  popl %ebx
  popl %ebp
  ret
