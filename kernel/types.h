// Fixed-width names used throughout the kernel, the user library and mkfs.
#ifndef ZV6_TYPES_H
#define ZV6_TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;
typedef unsigned long long uint64;
typedef uint pde_t;   // page-directory entry
typedef uint pte_t;   // page-table entry

#endif
