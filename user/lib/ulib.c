// The small C library every zv6 program links with: string routines the
// kernel does not need, line input (gets), stat by path, atoi and
// parsenum, and execsearch (exec the way the shell finds programs).  The
// memory and string routines both sides need (memmove, strlen ...) are
// kernel/string.c, linked into user programs too.  Nothing here keeps
// state.  ownmemory() is for programs that count free pages (the tests).
#include "user/user.h"

char *
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while((*d++ = *src++) != 0)
    ;
  return dst;
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

// Touch the top pages of the stack with stores (every page of a large
// frame is probed on the way down): they are mapped only when touched.
static int
touchstack(void)
{
  volatile char frame[8 * PGSIZE];

  frame[0] = 0;
  return frame[0];
}

// Make the caller's data, bss and the top of its stack present and its
// own.  fork shares pages with the parent until one side writes, and the
// stack grows on first touch, so a program counting free pages would
// otherwise see its own first stores as allocations.
void
ownmemory(void)
{
  extern char etext[], end[];
  volatile char *a;

  for(a = (char *)PGROUNDUP((uint)etext); a < end; a += PGSIZE)
    *a = *a;
  touchstack();
}

// The non-negative decimal number s, or -1 if s is not one (or too big).
int
parsenum(const char *s)
{
  int n = 0;

  if(*s == 0)
    return -1;
  for(; *s; s++){
    if(*s < '0' || *s > '9' || n > (0x7FFFFFFF - 9) / 10)
      return -1;
    n = n * 10 + (*s - '0');
  }
  return n;
}

// exec argv[0] with argv, as named; a bare name not found in the current
// directory is also looked for in the root, where the system's programs
// live.  Returns only if both fail.
void
execsearch(char **argv)
{
  static char path[MAXPATH];

  exec(argv[0], argv);
  if(strchr(argv[0], '/') == 0 && strlen(argv[0]) + 2 <= MAXPATH){
    path[0] = '/';
    strcpy(path + 1, argv[0]);
    exec(path, argv);
  }
}
