// System-call numbers: the user stubs put one in %eax before int $T_SYSCALL.
#ifndef ZV6_SYSCALL_H
#define ZV6_SYSCALL_H
#define SYS_fork     1
#define SYS_exit     2
#define SYS_wait     3
#define SYS_pipe     4
#define SYS_read     5
#define SYS_kill     6
#define SYS_exec     7
#define SYS_fstat    8
#define SYS_chdir    9
#define SYS_dup     10
#define SYS_getpid  11
#define SYS_sbrk    12
#define SYS_sleep   13
#define SYS_uptime  14
#define SYS_open    15
#define SYS_write   16
#define SYS_mknod   17
#define SYS_unlink  18
#define SYS_link    19
#define SYS_mkdir   20
#define SYS_close   21
#define SYS_shmem   22
#define SYS_shmdt   23
#define SYS_shminfo 24
#define SYS_sysinfo 25
#define SYS_poweroff 26
#define SYS_procinfo 27
#define SYS_lockstat 28
#define SYS_futex_wait 29
#define SYS_futex_wake 30
#define SYS_setrobust  31
#define SYS_selfcheck  32
#define SYS_failnth    33
#define SYS_kpanic     34
#endif
