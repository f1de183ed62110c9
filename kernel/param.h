// Every tunable limit of zv6, in one place.  User programs see the ones
// they need through user.h, so kernel and user space never disagree.
#ifndef ZV6_PARAM_H
#define ZV6_PARAM_H

// Processes and CPUs
#define NPROC        64    // process table slots
#define NCPU          8    // CPUs the kernel will start
#define KSTACKSIZE 4096    // per-process kernel stack
#define MAXARG       32    // exec arguments
#define BOOTCMDLEN  512    // longest boot command line (init runs it)
#define USTACKPAGES   1    // user stack pages mapped at exec (for argv)
#define USTACKMAX  (1024*1024)  // the user stack grows on demand up to this
#define USTACKGAP  (64*1024)    // never-mapped gap below the stack's limit
#define TIMERCOUNT 10000000 // local APIC timer reload: 10 ms at QEMU's 1 GHz
#define KSTEAL       64    // most free pages a CPU takes from another's list at once
#define NBACKTRACE   16    // most lines of a panic's backtrace (ksym.c)
#define PANICSPINS 1000000 // most pauses a panic waits for the other CPUs to stop

// Locks
#define NLOCKCLASS   32    // lock names that lockstat counts apart (spinlock.c)

// Self-checks
#define CHECKTRIES   20    // stops selfcheck makes, a tick apart, to find every
                           // process settled before it checks what it can

// Files
#define NOFILE       16    // open files per process
#define NFILE       100    // open files system-wide
#define NINODE       50    // in-memory inodes
#define NDEV         10    // device major numbers
#define ROOTDEV       1    // device number of the root disk
#define MAXPATH     128    // longest path name
#define MAXOPBLOCKS  10    // blocks one file-system operation may write
#define LOGSIZE   (MAXOPBLOCKS*3)  // on-disk log blocks
#define NBUF      (LOGSIZE*3)      // buffer cache blocks: a full log pins LOGSIZE
#define FSSIZE    20000    // file-system size in blocks
#define FSINODES    200    // inodes in a new file system (mkfs)
#define PIPESIZE   8128    // most bytes a pipe holds: 2 pages less its header
#define PIPE_BUF    512    // pipe writes of at most this many bytes are atomic
#define CONSBUF     128    // console input line buffer

// PIPESIZE must leave the first page room for the struct pipe (pipe.c
// checks), and stay below 8192: usertests' killpipe blocks a writer with
// one 8 KiB write into an empty pipe.  PIPE_BUF is POSIX's minimum.

// Shared-memory zones
#define MAXSHM       64    // zone ids are 0..MAXSHM-1
#define SHMPAGE    4096    // largest zone, in pages (16 MiB)
#define NPROCZONE    16    // zones one process may have attached
#define NROBUST      16    // robust mutexes one process may hold at once

#endif
