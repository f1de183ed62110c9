// init: the first user process.  It opens the console as fds 0, 1 and 2
// (making the device node on a fresh disk) for everything after it to
// inherit, then does one of two jobs.  Started with an argument, it is a
// one-shot boot for the host's test runner: argv[1] is a whole command
// line, run with "sh -c", and the machine is powered off with the shell's
// exit status; but a command line "init=PROG ARGS..." has PROG replace
// init as pid 1, for tests of what only init may do (kpanic).  Started
// bare, it keeps an interactive shell on the console forever, starting a
// new one whenever the last exits.  Either way it is the parent of every
// orphan, so it reaps whatever it is given.
#include "user.h"

#define CONSOLE 1   // major device number of the console
#define INITEQ "init="   // a command line that names init's replacement

static void
console(void)
{
  int fd;

  if((fd = open("console", O_RDWR)) < 0){
    mknod("console", CONSOLE, 0);
    fd = open("console", O_RDWR);
  }
  if(fd != 0)
    poweroff(1);   // no console, nowhere to complain: stop, don't hang
  dup(0);
  dup(0);
}

// Start sh with the given arguments; returns its pid, or -1.
static int
startsh(char **argv)
{
  int pid = fork();

  if(pid < 0)
    fprintf(2, "init: fork failed\n");
  if(pid != 0)
    return pid;
  exec("/sh", argv);
  fprintf(2, "init: cannot exec sh\n");
  exit(127);
}

// Reap children until pid exits, returning its status; orphans that
// finish in the meantime are collected on the way.
static int
reapuntil(int pid)
{
  int w, status = 1;

  while((w = wait(&status)) >= 0 && w != pid)
    ;
  return w == pid ? status : 1;
}

static void
oneshot(char *line)
{
  char *argv[] = { "sh", "-c", line, 0 };
  int pid, status = 1;

  if((pid = startsh(argv)) >= 0)
    status = reapuntil(pid);
  poweroff(status);
  fprintf(2, "init: poweroff failed\n");
  exit(status);
}

// Become the program that line names ("PROG ARGS...", words split at
// spaces), with the console open, still pid 1.
static void
become(char *line)
{
  char *argv[MAXARG + 1];
  int n = 0;

  while(*line && n < MAXARG){
    while(*line == ' ')
      *line++ = 0;
    if(*line)
      argv[n++] = line;
    while(*line && *line != ' ')
      line++;
  }
  argv[n] = 0;
  if(n > 0)
    exec(argv[0], argv);
  fprintf(2, "init: cannot exec %s\n", n > 0 ? argv[0] : "nothing");
  poweroff(127);
  exit(127);
}

int
main(int argc, char *argv[])
{
  char *shargv[] = { "sh", 0 };
  int pid;

  console();
  if(argc > 1 && strncmp(argv[1], INITEQ, strlen(INITEQ)) == 0)
    become(argv[1] + strlen(INITEQ));
  if(argc > 1)
    oneshot(argv[1]);
  for(;;){
    if((pid = startsh(shargv)) < 0){
      sleep(100);   // out of processes: let some exit before retrying
      continue;
    }
    reapuntil(pid);
  }
}
