// Formatted output: printf to fd 1 and fprintf to any fd, understanding
// %d %u %x %p %s %c and %%.  Each call formats into a buffer on its own
// stack and hands it to write() in one piece (unless it overflows the
// buffer), so lines printed by concurrent processes come out whole
// instead of interleaved byte by byte.
#include "user/user.h"

#define OUTBUF 512

// An output buffer bound to a file descriptor.
struct out {
  int fd;
  int n;            // bytes waiting in buf
  char buf[OUTBUF];
};

static void
flush(struct out *o)
{
  if(o->n > 0)
    write(o->fd, o->buf, o->n);
  o->n = 0;
}

static void
outc(struct out *o, char c)
{
  if(o->n == OUTBUF)
    flush(o);
  o->buf[o->n++] = c;
}

static void
outs(struct out *o, const char *s)
{
  if(s == 0)
    s = "(null)";
  while(*s)
    outc(o, *s++);
}

// Print x in the given base.  Digits come out least significant first,
// so collect them in a scratch array and emit it backwards.
static void
outuint(struct out *o, uint x, uint base)
{
  static const char digits[] = "0123456789abcdef";
  char tmp[12];     // 32 bits need at most 11 octal or 10 decimal digits
  int i = 0;

  do {
    tmp[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  while(i > 0)
    outc(o, tmp[--i]);
}

// Negate in unsigned arithmetic so that INT_MIN prints correctly.
static void
outint(struct out *o, int x)
{
  if(x < 0){
    outc(o, '-');
    outuint(o, -(uint)x, 10);
  } else {
    outuint(o, x, 10);
  }
}

// Format one conversion character c, taking its argument from ap.
// An unknown conversion is printed literally, % and all, so mistakes in
// a format string stay visible.
static void
convert(struct out *o, char c, __builtin_va_list *ap)
{
  switch(c){
  case 'd': outint(o, __builtin_va_arg(*ap, int)); break;
  case 'u': outuint(o, __builtin_va_arg(*ap, uint), 10); break;
  case 'x': outuint(o, __builtin_va_arg(*ap, uint), 16); break;
  case 'p':
    outs(o, "0x");
    outuint(o, (uint)__builtin_va_arg(*ap, void *), 16);
    break;
  case 's': outs(o, __builtin_va_arg(*ap, const char *)); break;
  case 'c': outc(o, (char)__builtin_va_arg(*ap, int)); break;
  case '%': outc(o, '%'); break;
  default:
    outc(o, '%');
    outc(o, c);
  }
}

static void
vfprintf(int fd, const char *fmt, __builtin_va_list ap)
{
  struct out o;

  o.fd = fd;
  o.n = 0;
  for(; *fmt; fmt++){
    if(*fmt != '%'){
      outc(&o, *fmt);
    } else if(fmt[1] == 0){
      outc(&o, '%');     // a lone % at the end: nothing to convert
    } else {
      fmt++;
      convert(&o, *fmt, &ap);
    }
  }
  flush(&o);
}

void
fprintf(int fd, const char *fmt, ...)
{
  __builtin_va_list ap;

  __builtin_va_start(ap, fmt);
  vfprintf(fd, fmt, ap);
  __builtin_va_end(ap);
}

void
printf(const char *fmt, ...)
{
  __builtin_va_list ap;

  __builtin_va_start(ap, fmt);
  vfprintf(1, fmt, ap);
  __builtin_va_end(ap);
}
