// The futex ABI, shared by the kernel and user.h (kernel/futex.c).
#ifndef ZV6_FUTEX_H
#define ZV6_FUTEX_H

#define FUTEX_TIMEDOUT (-2)   // futex_wait: the ticks passed, nobody woke us

#endif
