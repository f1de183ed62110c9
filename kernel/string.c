// Memory and string routines.  There is no libc: the kernel links this
// file, and so does every user program (see the Makefile), so both sides
// share one implementation.  It may use nothing but its arguments.
#include "types.h"
#include "defs.h"

void*
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  while(n-- > 0)
    *d++ = c;
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

// Copy n bytes; the ranges may overlap.
void*
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;

  if(s < d && s + n > d){
    while(n-- > 0)
      d[n] = s[n];
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
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
