// The parts of the Multiboot (version 1) boot protocol zv6 uses: QEMU's
// -kernel loader, or GRUB booting the CD image, hands main() the magic
// number and this information block.
#ifndef ZV6_MULTIBOOT_H
#define ZV6_MULTIBOOT_H

#define MB_HEADER_MAGIC 0x1BADB002   // in the kernel image
#define MB_BOOT_MAGIC   0x2BADB002   // in %eax at entry
#define MB_WANT_MEMORY  0x00000002   // header flag: please pass a memory map
#define MB_LOAD_FIELDS  0x00010000   // header flag: load by its address fields

#ifndef __ASSEMBLER__
#include "types.h"

#define MBI_CMDLINE 0x004   // info flag: cmdline is valid
#define MBI_MMAP    0x040   // info flag: mmap_length/mmap_addr are valid

struct mbinfo {
  uint flags;
  uint mem_lower, mem_upper;
  uint boot_device;
  uint cmdline;                 // physical address of a C string
  uint mods_count, mods_addr;
  uint syms[4];
  uint mmap_length, mmap_addr;  // physical address of mbmmap entries
};

// One memory-map entry.  size counts the bytes after itself.
struct mbmmap {
  uint size;
  uint64 addr;
  uint64 len;
  uint type;                    // MB_MEM_RAM is usable RAM
} __attribute__((packed));
#define MB_MEM_RAM 1
#endif

#endif
