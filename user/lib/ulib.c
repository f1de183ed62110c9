// The small C library every zv6 program links with: byte-string and
// memory routines, line input (gets), stat by path, and atoi.  Nothing
// here keeps state; these are plain loops, written for clarity over
// speed, because user programs on zv6 move few bytes.
#include "user/user.h"

char *
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while((*d++ = *src++) != 0)
    ;
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

// Compare as unsigned chars, so bytes above 127 sort after ASCII.
int
strcmp(const char *p, const char *q)
{
  while(*p && *p == *q){
    p++;
    q++;
  }
  return (uchar)*p - (uchar)*q;
}

int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0; n--, p++, q++){
    if(*p != *q || *p == 0)
      return (uchar)*p - (uchar)*q;
  }
  return 0;
}

// The terminating NUL counts as part of s, so strchr(s, 0) finds it.
char *
strchr(const char *s, char c)
{
  for(;; s++){
    if(*s == c)
      return (char *)s;
    if(*s == 0)
      return 0;
  }
}

void *
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  while(n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *x = a, *y = b;

  for(; n > 0; n--, x++, y++){
    if(*x != *y)
      return *x - *y;
  }
  return 0;
}

// Regions may overlap: when dst lies above src, copy from the top down
// so that no source byte is overwritten before it has been read.
void *
memmove(void *dst, const void *src, int n)
{
  uchar *d = dst;
  const uchar *s = src;

  if(n <= 0 || d == s)
    return dst;
  if(d > s && d < s + n){
    while(n-- > 0)
      d[n] = s[n];
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// The compiler may emit calls to memcpy for struct copies; keep it
// overlap-safe too, since it costs nothing here.
void *
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, (int)n);
}

// Read one line from fd 0, one byte at a time so that nothing past the
// newline is consumed (the rest belongs to whoever reads next).  Stops
// after max-1 bytes, at a newline (kept), or at end of input.  The
// result is always NUL-terminated; an empty string means end of input.
char *
gets(char *buf, int max)
{
  int i = 0;
  char c;

  if(max <= 0)
    return buf;
  while(i < max - 1){
    if(read(0, &c, 1) != 1)
      break;
    buf[i++] = c;
    if(c == '\n')
      break;
  }
  buf[i] = 0;
  return buf;
}

// stat by name: open the file just long enough to fstat it.
int
stat(const char *path, struct stat *st)
{
  int fd, r;

  fd = open(path, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}

// Decimal with an optional leading '-'; stops at the first non-digit.
int
atoi(const char *s)
{
  int neg = 0, n = 0;

  if(*s == '-'){
    neg = 1;
    s++;
  }
  while(*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return neg ? -n : n;
}
