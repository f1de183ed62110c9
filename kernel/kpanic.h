// What kpanic(how) breaks on purpose (sysproc.c, docs/panics.md).
#ifndef ZV6_KPANIC_H
#define ZV6_KPANIC_H
#define KPANIC_CALL  0   // call panic()
#define KPANIC_FAULT 1   // write where nothing is mapped: a fault in the kernel
#endif
