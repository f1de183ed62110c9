// sh: the zv6 shell.  A line is split into tokens, parsed into a small
// tree, and run.  Grammar, loosest binding first:
//
//   list     := pipeline { (';' | '&') pipeline } [ ';' | '&' ]
//   pipeline := command { '|' command }
//   command  := word { word | redir }  |  '(' list ')' { redir }
//   redir    := '<' word  |  '>' word
//
// Quotes ('...' literally, "..." allowing $?) group characters into one
// word; '#' at the start of a word begins a comment.  "$?" in a word is
// replaced, just before the command runs, by the exit status of the last
// foreground command.  A pipeline's status is its last command's; a
// background command's is 0.  Statuses the shell makes up itself: 127 for
// a command not found, 2 for a syntax or usage error, 1 for anything
// else that fails (a redirection that cannot be opened, a failed fork).
// Builtins cd and exit run in the shell process itself and ignore
// redirections.  "sh -c LINE" runs one line; plain "sh" reads lines from
// fd 0, prompting with "$ ", and exits with the last status at end of input.
#include "user.h"

#define LINEMAX 512          // longest command line, newline not counted
#define MAXTOK (LINEMAX + 1)
#define NNODE 128            // commands in one line
#define NSTAGE 16            // commands in one pipeline
#define MAXDEPTH 8           // nesting of parentheses
#define XBUFSIZE 2048        // room for words after $? expansion
#define DOLLARQ '\001'       // left by the tokenizer where "$?" stood
#define T_WORD 'w'           // token kind of a word; operators are themselves

enum { N_CMD, N_SUB };

// One command: a simple command or a parenthesised list.  Commands of a
// pipeline are chained through pipeto, pipelines of a list through next.
struct node {
  int type;
  int bg;                    // first stage of a pipeline ending in '&'
  struct node *next;         // next pipeline of the list
  struct node *pipeto;       // next command of the pipeline
  struct node *sub;          // N_SUB: the list inside the parentheses
  int argc;                  // N_CMD: the words
  char *argv[MAXARG + 1];
  char *in, *out;            // redirections, or 0
};

// The current line's tokens: tkind[i] is T_WORD or an operator character,
// and a word's text (NUL-terminated) lives in words[].
static char tkind[MAXTOK];
static char *tword[MAXTOK];
static int ntok, pos;
static char words[2 * LINEMAX + 2];
static int nwords;

static struct node nodes[NNODE];
static int nnode, depth;
static char xbuf[XBUFSIZE];  // expanded words of the current line
static int nx;
static int laststatus;

static void become(struct node *n) __attribute__((noreturn));
static void execute(char **argv) __attribute__((noreturn));
static struct node *parselist(void);

// One-line complaint on fd 2; returns 0 so parsers can fail in one step.
static void *
complain(const char *msg)
{
  fprintf(2, "sh: %s\n", msg);
  return 0;
}

// ---- Tokens ----

static int
isblank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
isop(char c)
{
  return c != 0 && strchr("|<>;&()", c) != 0;
}

// Copy the word at s into words[], dropping its quotes and marking
// "$?" (outside single quotes) with DOLLARQ.  Returns where the word
// ends, or 0 if a quote is left open.
static const char *
scanword(const char *s)
{
  char quote = 0;

  tkind[ntok] = T_WORD;
  tword[ntok++] = words + nwords;
  for(; *s; s++){
    if(quote == 0 && (isblank(*s) || isop(*s)))
      break;
    if(*s == quote)
      quote = 0;
    else if(quote == 0 && (*s == '\'' || *s == '"'))
      quote = *s;
    else if(*s == '$' && s[1] == '?' && quote != '\''){
      words[nwords++] = DOLLARQ;
      s++;
    } else
      words[nwords++] = *s;
  }
  words[nwords++] = 0;
  return quote ? 0 : s;
}

// Split line into tokens.  Returns 0, or -1 after complaining.
static int
tokenize(const char *s)
{
  ntok = nwords = pos = 0;
  for(;;){
    while(isblank(*s))
      s++;
    if(*s == 0 || *s == '#')
      return 0;
    if(isop(*s)){
      tkind[ntok] = *s++;
      tword[ntok++] = 0;
    } else if((s = scanword(s)) == 0){
      complain("unterminated quote");
      return -1;
    }
  }
}

// ---- Parser: each function returns 0 after complaining ----

static int
peek(void)
{
  return pos < ntok ? tkind[pos] : 0;
}

static void *
syntax(void)
{
  int k = peek();

  if(k == 0)
    fprintf(2, "sh: syntax error at end of line\n");
  else if(k == T_WORD)
    fprintf(2, "sh: syntax error near %s\n", tword[pos]);
  else
    fprintf(2, "sh: syntax error near %c\n", k);
  return 0;
}

static struct node *
newnode(int type)
{
  struct node *n;

  if(nnode == NNODE)
    return complain("too many commands");
  n = &nodes[nnode++];
  memset(n, 0, sizeof *n);
  n->type = type;
  return n;
}

// Parse any redirections at pos into n; the last of each kind wins.
static int
parseredirs(struct node *n)
{
  int k;

  while((k = peek()) == '<' || k == '>'){
    pos++;
    if(peek() != T_WORD){
      syntax();
      return 0;
    }
    if(k == '<')
      n->in = tword[pos++];
    else
      n->out = tword[pos++];
  }
  return 1;
}

// Words and redirections, mixed in any order.
static struct node *
parsesimple(void)
{
  struct node *n = newnode(N_CMD);

  if(n == 0)
    return 0;
  for(;;){
    if(!parseredirs(n))
      return 0;
    if(peek() != T_WORD)
      break;
    if(n->argc == MAXARG)
      return complain("too many arguments");
    n->argv[n->argc++] = tword[pos++];
  }
  if(n->argc == 0 && n->in == 0 && n->out == 0)
    return syntax();
  return n;
}

static struct node *
parsesub(void)
{
  struct node *n = newnode(N_SUB);

  if(n == 0)
    return 0;
  if(++depth > MAXDEPTH)
    return complain("parentheses nested too deeply");
  pos++;    // the '('
  n->sub = parselist();
  depth--;
  if(n->sub == 0)
    return 0;
  if(peek() != ')')
    return syntax();
  pos++;
  return parseredirs(n) ? n : 0;
}

static struct node *
parsepipe(void)
{
  struct node *first, *n;
  int nstage = 1;

  first = n = peek() == '(' ? parsesub() : parsesimple();
  while(n != 0 && peek() == '|'){
    pos++;
    if(++nstage > NSTAGE)
      return complain("pipeline too long");
    n = n->pipeto = peek() == '(' ? parsesub() : parsesimple();
  }
  return n ? first : 0;
}

// A list ends at the end of the line or at a ')', which is left for
// the caller to check.
static struct node *
parselist(void)
{
  struct node *first = 0, **link = &first, *p;
  int k;

  do {
    if((p = parsepipe()) == 0)
      return 0;
    *link = p;
    link = &p->next;
    k = peek();
    if(k == '&')
      p->bg = 1;
    if(k == '&' || k == ';'){
      pos++;
      k = peek();
    } else if(k != 0 && k != ')')
      return syntax();
  } while(k != 0 && k != ')');
  return first;
}

// ---- $? ----

static void
fmtint(char *buf, int x)
{
  char tmp[12];
  uint u = x < 0 ? -(uint)x : (uint)x;
  int i = 0;

  do {
    tmp[i++] = '0' + u % 10;
    u /= 10;
  } while(u != 0);
  if(x < 0)
    tmp[i++] = '-';
  while(i > 0)
    *buf++ = tmp[--i];
  *buf = 0;
}

// Point *w at a copy of itself with each DOLLARQ replaced by the last
// status.  Words without one are left alone, so expanding twice is
// harmless.  Returns 0, or -1 when xbuf is full.
static int
expandword(char **w)
{
  char num[12], *s, *d;
  int need = 1;

  if(*w == 0 || strchr(*w, DOLLARQ) == 0)
    return 0;
  fmtint(num, laststatus);
  for(s = *w; *s; s++)
    need += *s == DOLLARQ ? strlen(num) : 1;
  if(nx + need > XBUFSIZE){
    complain("line too long after expanding $?");
    return -1;
  }
  d = xbuf + nx;
  nx += need;
  for(s = *w, *w = d; *s; s++){
    if(*s == DOLLARQ)
      d += strlen(strcpy(d, num));
    else
      *d++ = *s;
  }
  *d = 0;
  return 0;
}

static int
expand(struct node *n)
{
  int i;

  for(i = 0; i < n->argc; i++)
    if(expandword(&n->argv[i]) < 0)
      return -1;
  if(expandword(&n->in) < 0 || expandword(&n->out) < 0)
    return -1;
  return 0;
}

// ---- Builtins ----

static int
isbuiltin(struct node *n)
{
  return n->type == N_CMD && n->argc > 0 &&
    (strcmp(n->argv[0], "cd") == 0 || strcmp(n->argv[0], "exit") == 0);
}

static int
isnumber(const char *s)
{
  if(*s == '-')
    s++;
  if(*s == 0)
    return 0;
  for(; *s; s++)
    if(*s < '0' || *s > '9')
      return 0;
  return 1;
}

static int
builtin(int argc, char **argv)
{
  if(strcmp(argv[0], "cd") == 0){
    if(argc != 2){
      complain("usage: cd DIR");
      return 2;
    }
    if(chdir(argv[1]) < 0){
      fprintf(2, "sh: cd: %s: cannot change directory\n", argv[1]);
      return 1;
    }
    return 0;
  }
  if(argc > 2 || (argc == 2 && !isnumber(argv[1]))){
    complain("usage: exit [N]");
    return 2;
  }
  exit(argc == 2 ? atoi(argv[1]) : laststatus);
}

// ---- Running commands ----

// Make fd `to` refer to what `from` does, and close `from`.  There is no
// dup2, so this relies on every descriptor below `to` being open.
static int
movefd(int from, int to)
{
  int fd;

  if(from == to)
    return 0;
  close(to);
  fd = dup(from);
  close(from);
  if(fd == to)
    return 0;
  complain("cannot redirect");
  return -1;
}

static int
reopen(const char *path, int mode, int to)
{
  int fd = open(path, mode);

  if(fd < 0){
    fprintf(2, "sh: %s: cannot open\n", path);
    return -1;
  }
  return movefd(fd, to);
}

static int
redirect(struct node *n)
{
  if(n->in && reopen(n->in, O_RDONLY, 0) < 0)
    return -1;
  if(n->out && reopen(n->out, O_WRONLY | O_CREATE | O_TRUNC, 1) < 0)
    return -1;
  return 0;
}

// exec argv, as named or from the root (execsearch).
static void
execute(char **argv)
{
  execsearch(argv);
  fprintf(2, "sh: %s: not found\n", argv[0]);
  exit(127);
}

static int runlist(struct node *item);

// Turn this (child) process into command n; never returns.
static void
become(struct node *n)
{
  if(expand(n) < 0 || redirect(n) < 0)
    exit(1);
  if(n->type == N_SUB)
    exit(runlist(n->sub));
  if(n->argc == 0)
    exit(0);
  if(isbuiltin(n))
    exit(builtin(n->argc, n->argv));
  execute(n->argv);
}

// Wait until every process in pids[0..n) has exited, reaping any other
// children (finished background jobs) on the way.  Returns the status
// of the last one, or 1 if n is 0.
static int
waitall(int *pids, int n)
{
  int left = n, status = 1, st, pid, i;

  while(left > 0 && (pid = wait(&st)) >= 0){
    for(i = 0; i < n; i++){
      if(pids[i] != pid)
        continue;
      left--;
      if(i == n - 1)
        status = st;
    }
  }
  return status;
}

// Start a child running stage with stdin from fd in and stdout to fd out
// (-1: keep the shell's).  notmine is the far end of the stage's own
// output pipe, which the child must not keep open.
static int
spawn(struct node *stage, int in, int out, int notmine)
{
  int pid = fork();

  if(pid < 0)
    complain("fork failed");
  if(pid != 0)
    return pid;
  if(notmine >= 0)
    close(notmine);
  if((in >= 0 && movefd(in, 0) < 0) || (out >= 0 && movefd(out, 1) < 0))
    exit(1);
  become(stage);
}

static void
closeif(int fd)
{
  if(fd >= 0)
    close(fd);
}

// Run every stage of a pipeline at once, each stage's stdout feeding
// the next one's stdin, and wait for all of them.
static int
pipeline(struct node *stage)
{
  int pids[NSTAGE], n = 0, in = -1, fd[2], status;

  for(; stage != 0; stage = stage->pipeto){
    fd[0] = fd[1] = -1;
    if(stage->pipeto != 0 && pipe(fd) < 0){
      complain("cannot make a pipe");
      break;
    }
    pids[n] = spawn(stage, in, fd[1], fd[0]);
    closeif(in);
    closeif(fd[1]);
    in = fd[0];
    if(pids[n] < 0)
      break;
    n++;
  }
  closeif(in);
  status = waitall(pids, n);
  return stage == 0 ? status : 1;
}

// One command in the foreground.  Builtins run in the shell itself,
// so that cd and exit act on it; anything else runs in a child.
static int
runone(struct node *n)
{
  int pid;

  if(expand(n) < 0)
    return 1;
  if(isbuiltin(n))
    return builtin(n->argc, n->argv);
  if((pid = fork()) < 0){
    complain("fork failed");
    return 1;
  }
  if(pid == 0)
    become(n);
  return waitall(&pid, 1);
}

static int
runpipe(struct node *first)
{
  return first->pipeto == 0 ? runone(first) : pipeline(first);
}

// Start a pipeline without waiting for it; its zombie is reaped by a
// later wait, or by init once this shell is gone.
static int
background(struct node *first)
{
  int pid = fork();

  if(pid < 0){
    complain("fork failed");
    return 1;
  }
  if(pid == 0){
    if(first->pipeto == 0)
      become(first);
    exit(pipeline(first));
  }
  return 0;
}

static int
runlist(struct node *item)
{
  for(; item != 0; item = item->next)
    laststatus = item->bg ? background(item) : runpipe(item);
  return laststatus;
}

// Parse and run one line, leaving its status in laststatus.  A blank
// line leaves laststatus as it was.
static void
runline(const char *line)
{
  struct node *list;

  nnode = depth = nx = 0;
  if(tokenize(line) < 0){
    laststatus = 2;
    return;
  }
  if(ntok == 0)
    return;
  list = parselist();
  if(list != 0 && pos < ntok)
    list = syntax();    // a stray ')'
  if(list == 0){
    laststatus = 2;
    return;
  }
  runlist(list);
}

// ---- Reading lines ----

// Read a line from fd 0 into buf (LINEMAX + 2 bytes).  Returns 1 for a
// line, 0 at end of input, and -1 for a line too long, the rest of
// which is read and thrown away.
static int
readline(char *buf)
{
  int n;

  gets(buf, LINEMAX + 2);
  n = strlen(buf);
  if(n == 0)
    return 0;
  if(n <= LINEMAX || buf[n - 1] == '\n')
    return 1;
  while(n > 0 && buf[n - 1] != '\n'){
    gets(buf, LINEMAX + 2);
    n = strlen(buf);
  }
  return -1;
}

static void
interactive(void)
{
  static char line[LINEMAX + 2];
  int r;

  for(;;){
    fprintf(2, "$ ");
    if((r = readline(line)) == 0)
      exit(laststatus);
    if(r < 0){
      complain("line too long");
      laststatus = 2;
    } else {
      runline(line);
    }
  }
}

int
main(int argc, char *argv[])
{
  if(argc == 3 && strcmp(argv[1], "-c") == 0){
    if(strlen(argv[2]) > LINEMAX){
      complain("line too long");
      exit(2);
    }
    runline(argv[2]);
    exit(laststatus);
  }
  if(argc != 1){
    complain("usage: sh [-c LINE]");
    exit(2);
  }
  interactive();
  return 0;
}
