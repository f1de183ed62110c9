# System-call stubs.  Each stub loads its call number into %eax and traps
# with int $T_SYSCALL; the caller's arguments are left where the C calling
# convention put them, so the kernel fetches them from the user stack at
# 4(%esp), 8(%esp), ...  The kernel's result comes back in %eax, which is
# also where C expects a return value, so the stub just returns.

#include "kernel/syscall.h"
#include "kernel/traps.h"

# The call number has to be spelled out by cpp: gas expands \name only
# after the preprocessor has run, so SYS_\name inside the .macro would
# never become a number.  STUB pastes the name onto SYS_ for it.
#define STUB(name) stub name, SYS_##name

.macro stub name, num
  .globl \name
  .type \name, @function
\name:
  movl $\num, %eax
  int $T_SYSCALL
  ret
  .size \name, . - \name
.endm

# fork is sysfork here: the library's fork() (sync.c) wraps it.
stub sysfork, SYS_fork
STUB(exit)
STUB(wait)
STUB(pipe)
STUB(read)
STUB(write)
STUB(close)
STUB(kill)
STUB(exec)
STUB(open)
STUB(mknod)
STUB(unlink)
STUB(fstat)
STUB(link)
STUB(mkdir)
STUB(chdir)
STUB(dup)
STUB(getpid)
STUB(sbrk)
STUB(sleep)
STUB(uptime)
STUB(shmem)
STUB(shmdt)
STUB(shminfo)
STUB(sysinfo)
STUB(poweroff)
STUB(procinfo)
STUB(lockstat)
STUB(futex_wait)
STUB(futex_wake)
STUB(setrobust)
STUB(selfcheck)
STUB(failnth)
STUB(kpanic)

# No code here needs an executable stack.
  .section .note.GNU-stack, "", @progbits
