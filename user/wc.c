// wc: count lines, words and bytes in each named file, or in fd 0 when
// none is named, printing "LINES WORDS BYTES NAME" for each and a total
// line when there was more than one file.  A word is a run of
// characters other than space, tab, carriage return and newline.
#include "user.h"

struct count {
  uint lines, words, bytes;
};

static char buf[1024];

static int
isspace(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Add what fd holds to c.  A word can straddle two reads, so whether we
// are inside one is carried from buffer to buffer.  Returns 0 or -1.
static int
count(int fd, struct count *c)
{
  int n, i, inword = 0;

  while((n = read(fd, buf, sizeof buf)) > 0){
    c->bytes += n;
    for(i = 0; i < n; i++){
      if(buf[i] == '\n')
        c->lines++;
      if(isspace(buf[i]))
        inword = 0;
      else if(!inword){
        inword = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void
report(struct count *c, const char *name)
{
  printf("%u %u %u %s\n", c->lines, c->words, c->bytes, name);
}

// Count one named file into c and the running total.
static int
countfile(const char *name, struct count *total)
{
  struct count c = { 0, 0, 0 };
  int fd, r;

  if((fd = open(name, O_RDONLY)) < 0){
    fprintf(2, "wc: %s: cannot open\n", name);
    return 1;
  }
  r = count(fd, &c);
  close(fd);
  if(r < 0){
    fprintf(2, "wc: %s: read error\n", name);
    return 1;
  }
  report(&c, name);
  total->lines += c.lines;
  total->words += c.words;
  total->bytes += c.bytes;
  return 0;
}

int
main(int argc, char *argv[])
{
  struct count total = { 0, 0, 0 };
  int i, status = 0;

  if(argc < 2){
    if(count(0, &total) < 0){
      fprintf(2, "wc: read error\n");
      return 1;
    }
    printf("%u %u %u\n", total.lines, total.words, total.bytes);
    return 0;
  }
  for(i = 1; i < argc; i++)
    status |= countfile(argv[i], &total);
  if(argc > 2)
    report(&total, "total");
  return status;
}
