// Memory and string routines.  There is no libc: the kernel links this
// file, and so does every user program (see the Makefile), so both sides
// share one implementation.  It may use nothing but its arguments.
//
// Fills and copies move whole 32-bit words with the string instructions
// (rep stosl, rep movsl), aligned on the destination, and single bytes
// only at the ragged ends.  They rely on the direction flag being clear,
// as the C ABI promises (the kernel clears it on every entry); the one
// backward copy sets it and clears it again within one asm statement.
// User programs are built with SSE2 (each process has its own registers,
// see kernel/fpu.c), and their forward copies move 128-byte blocks
// through the SSE registers first; the kernel never touches those.
#include "types.h"
#include "defs.h"

// Bytes to store before d is word-aligned, at most n.
static uint
headbytes(void *d, uint n)
{
  uint head = -(uint)d & 3;

  return head < n ? head : n;
}

void*
memset(void *dst, int c, uint n)
{
  uint word = (uchar)c * 0x01010101U;
  uint head = headbytes(dst, n);
  uint nword = (n - head) / 4, tail = (n - head) % 4;
  void *d = dst;

  asm volatile("rep stosb" : "+D" (d), "+c" (head) : "a" (c) : "memory");
  asm volatile("rep stosl" : "+D" (d), "+c" (nword) : "a" (word) : "memory");
  asm volatile("rep stosb" : "+D" (d), "+c" (tail) : "a" (c) : "memory");
  return dst;
}

int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for(; n > 0; n--, p++, q++)
    if(*p != *q)
      return *p - *q;
  return 0;
}

#ifdef __SSE2__
#define BLOCK 128   // bytes that copyblocks moves per step: 8 SSE registers

// Copy nblock blocks of BLOCK bytes from *s to *d, advancing both.
static void
copyblocks(void **d, const void **s, uint nblock)
{
  if(nblock == 0)
    return;
  asm volatile(
    "1: movdqu    (%1), %%xmm0\n"
    "   movdqu  16(%1), %%xmm1\n"
    "   movdqu  32(%1), %%xmm2\n"
    "   movdqu  48(%1), %%xmm3\n"
    "   movdqu  64(%1), %%xmm4\n"
    "   movdqu  80(%1), %%xmm5\n"
    "   movdqu  96(%1), %%xmm6\n"
    "   movdqu 112(%1), %%xmm7\n"
    "   movdqu %%xmm0,    (%0)\n"
    "   movdqu %%xmm1,  16(%0)\n"
    "   movdqu %%xmm2,  32(%0)\n"
    "   movdqu %%xmm3,  48(%0)\n"
    "   movdqu %%xmm4,  64(%0)\n"
    "   movdqu %%xmm5,  80(%0)\n"
    "   movdqu %%xmm6,  96(%0)\n"
    "   movdqu %%xmm7, 112(%0)\n"
    "   addl $128, %1\n"
    "   addl $128, %0\n"
    "   decl %2\n"
    "   jnz 1b"
    : "+r" (*d), "+r" (*s), "+r" (nblock) : : "memory", "cc",
      "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7");
}
#endif

// Copy n bytes from low addresses to high: words, then the rest.
static void
copyup(void *d, const void *s, uint n)
{
  uint head, nword, tail;

#ifdef __SSE2__
  copyblocks(&d, &s, n / BLOCK);
  n %= BLOCK;
#endif
  head = headbytes(d, n);
  nword = (n - head) / 4;
  tail = (n - head) % 4;
  asm volatile("rep movsb" : "+D" (d), "+S" (s), "+c" (head) : : "memory");
  asm volatile("rep movsl" : "+D" (d), "+S" (s), "+c" (nword) : : "memory");
  asm volatile("rep movsb" : "+D" (d), "+S" (s), "+c" (tail) : : "memory");
}

// Copy n bytes from high addresses to low, for a destination that
// overlaps the end of its source.  Rare, so bytes will do.
static void
copydown(char *d, const char *s, uint n)
{
  d += n - 1;
  s += n - 1;
  asm volatile("std; rep movsb; cld" : "+D" (d), "+S" (s), "+c" (n) : : "memory");
}

// Copy n bytes; the ranges may overlap.
void*
memmove(void *dst, const void *src, uint n)
{
  if((char *)dst > (char *)src && (char *)dst < (char *)src + n)
    copydown(dst, src, n);
  else
    copyup(dst, src, n);
  return dst;
}

// gcc may emit calls to memcpy for structure copies.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0 && *p && *p == *q; n--, p++, q++)
    ;
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}

// Copy at most n bytes of src, padding with NULs like C's strncpy.
char*
strncpy(char *dst, const char *src, int n)
{
  char *d = dst;

  for(; n > 0 && *src; n--)
    *d++ = *src++;
  for(; n > 0; n--)
    *d++ = 0;
  return dst;
}

// Like strncpy, but the result is always NUL-terminated.
char*
safestrcpy(char *dst, const char *src, int n)
{
  char *d = dst;

  if(n <= 0)
    return dst;
  while(--n > 0 && *src)
    *d++ = *src++;
  *d = 0;
  return dst;
}

uint
strlen(const char *s)
{
  uint n = 0;

  while(s[n])
    n++;
  return n;
}
