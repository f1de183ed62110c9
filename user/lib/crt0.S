# Program entry.  The kernel enters _start with the stack laid out as if
# main had just been called: a dummy return address, then argc and argv.
# We pass those on to main explicitly (so main gets a real frame of its
# own) and hand whatever it returns to exit, which lets a program finish
# with a plain return from main.

  .text
  .globl _start
  .type _start, @function
_start:
  movl 8(%esp), %eax      # argv
  movl 4(%esp), %ecx      # argc
  xorl %ebp, %ebp         # mark the outermost frame for backtraces
  pushl %eax
  pushl %ecx
  call main
  pushl %eax              # main's return value is the exit status
  call exit
1:
  jmp 1b                  # exit does not return; never fall through
  .size _start, . - _start

# No code here needs an executable stack.
  .section .note.GNU-stack, "", @progbits
