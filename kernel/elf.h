// The parts of the ELF32 format exec needs.
#ifndef ZV6_ELF_H
#define ZV6_ELF_H
#include "types.h"

#define ELF_MAGIC 0x464C457FU   // "\x7FELF", read as a little-endian uint
#define ELF_PROG_LOAD 1         // a program header to load into memory
#define ELF_PROG_FLAG_WRITE 2   // proghdr.flags: the segment is writable

struct elfhdr {
  uint magic;
  uchar ident[12];
  ushort type;
  ushort machine;
  uint version;
  uint entry;
  uint phoff;                   // file offset of the program headers
  uint shoff;
  uint flags;
  ushort ehsize;
  ushort phentsize;
  ushort phnum;
  ushort shentsize;
  ushort shnum;
  ushort shstrndx;
};

struct proghdr {
  uint type;
  uint off;                     // file offset of the segment
  uint vaddr;
  uint paddr;
  uint filesz;                  // bytes in the file
  uint memsz;                   // bytes in memory (the rest is zeroed)
  uint flags;
  uint align;
};
#endif
