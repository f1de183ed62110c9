// grep: print the lines of each named file (or of fd 0) that contain a
// match for PATTERN.  Patterns: an ordinary character matches itself,
// '.' matches any character, 'x*' matches zero or more of x, '^' at
// the start and '$' at the end anchor the match to the ends of the
// line, and '\' makes the next character ordinary.  The pattern is
// compiled to a list of steps and run as a set of live positions, one
// pass over the line, so no pattern can make grep backtrack for long.
// Exit status: 0 if some line matched, 1 if none did, 2 on an error.
// A line longer than the read buffer is matched in buffer-sized pieces.
#include "user.h"

#define MAXSTEP 256
#define BUFSIZE 1024

// One step of a pattern: a character to match, or any character, once
// or (star) any number of times.
struct step {
  char c;
  char any;
  char star;
};

static struct step steps[MAXSTEP];
static int nstep;
static int atstart, atend;   // pattern began with '^', ended with '$'

static char buf[BUFSIZE];

// Returns 0, or -1 if the pattern is too long.
static int
compile(const char *p)
{
  if(*p == '^'){
    atstart = 1;
    p++;
  }
  for(; *p; p++){
    if(p[0] == '$' && p[1] == 0){
      atend = 1;
      break;
    }
    if(*p == '*' && nstep > 0){
      steps[nstep - 1].star = 1;
      continue;
    }
    if(nstep == MAXSTEP)
      return -1;
    if(*p == '\\' && p[1] != 0)
      p++;
    else
      steps[nstep].any = *p == '.';
    steps[nstep++].c = *p;
  }
  return 0;
}

// Mark position i live, and with it every position reachable without
// consuming a character: a starred step may be matched zero times.
static void
enter(char *live, int i)
{
  while(i <= nstep && !live[i]){
    live[i] = 1;
    if(i == nstep || !steps[i].star)
      break;
    i++;
  }
}

// Advance the live set cur over character c into next.
static void
advance(char *cur, char *next, char c)
{
  int i;

  memset(next, 0, nstep + 1);
  for(i = 0; i < nstep; i++){
    if(!cur[i] || (!steps[i].any && steps[i].c != c))
      continue;
    enter(next, steps[i].star ? i : i + 1);
  }
}

// Does the pattern match somewhere in s[0..n)?
static int
match(const char *s, int n)
{
  static char set[2][MAXSTEP + 1];
  char *cur = set[0], *next = set[1], *t;
  int k;

  memset(cur, 0, nstep + 1);
  enter(cur, 0);
  for(k = 0; ; k++){
    if(cur[nstep] && (!atend || k == n))
      return 1;
    if(k == n)
      return 0;
    advance(cur, next, s[k]);
    if(!atstart)
      enter(next, 0);
    t = cur;
    cur = next;
    next = t;
  }
}

// Print each line of buf[0..n) that matches, newline included.
// Returns how many bytes were consumed: everything up to the last
// newline, or all of it if flush (the last bytes are a whole line).
static int
scan(int n, int flush, int *found)
{
  int start = 0, end, len;

  for(;;){
    for(end = start; end < n && buf[end] != '\n'; end++)
      ;
    if(end == n && !flush)
      return start;
    if(end == n && start == n)
      return n;
    len = end - start;
    if(match(buf + start, len)){
      *found = 1;
      write(1, buf + start, end < n ? len + 1 : len);
      if(end == n)
        write(1, "\n", 1);
    }
    if(end == n)
      return n;
    start = end + 1;
  }
}

// Returns 0, or -1 on a read error.
static int
grep(int fd, int *found)
{
  int have = 0, n, used;

  for(;;){
    n = read(fd, buf + have, BUFSIZE - have);
    if(n < 0)
      return -1;
    have += n;
    used = scan(have, n == 0, found);
    if(used == 0 && have == BUFSIZE)
      used = scan(have, 1, found);   // a line longer than buf
    memmove(buf, buf + used, have - used);
    have -= used;
    if(n == 0)
      return 0;
  }
}

int
main(int argc, char *argv[])
{
  int i, fd, found = 0, status = 0;

  if(argc < 2){
    fprintf(2, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  if(compile(argv[1]) < 0){
    fprintf(2, "grep: pattern too long\n");
    return 2;
  }
  if(argc == 2 && grep(0, &found) < 0){
    fprintf(2, "grep: read error\n");
    return 2;
  }
  for(i = 2; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      fprintf(2, "grep: %s: cannot open\n", argv[i]);
      status = 2;
      continue;
    }
    if(grep(fd, &found) < 0){
      fprintf(2, "grep: %s: read error\n", argv[i]);
      status = 2;
    }
    close(fd);
  }
  return status ? status : !found;
}
