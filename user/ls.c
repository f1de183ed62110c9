// ls: describe each named path, or "." when none is named.  A directory
// is described by one line per entry it holds ("." and ".." included);
// anything else by one line about itself.  A line reads
// "NAME TYPE INODE SIZE", with TYPE one of dir, file or dev and SIZE in
// bytes.  The exit status is 1 if any path or entry could not be read.
#include "user.h"
#include "kernel/fs.h"

static char path[MAXPATH + DIRSIZ + 2];

static const char *
typename(short type)
{
  switch(type){
  case T_DIR: return "dir";
  case T_FILE: return "file";
  case T_DEV: return "dev";
  }
  return "?";
}

// One line, written with a single printf; short names are padded to
// DIRSIZ so that the columns line up.
static void
describe(const char *name, struct stat *st)
{
  static const char spaces[] = "              ";   // DIRSIZ of them
  uint n = strlen(name);

  printf("%s%s %s %u %u\n", name, spaces + (n < DIRSIZ ? n : DIRSIZ),
    typename(st->type), st->ino, st->size);
}

// Describe directory entry e.  path[0..dirlen) already holds the
// directory's name and a '/'; the entry's name goes after it.
static int
entry(struct dirent *e, int dirlen)
{
  char name[DIRSIZ + 1];
  struct stat st;

  memmove(name, e->name, DIRSIZ);
  name[DIRSIZ] = 0;
  strcpy(path + dirlen, name);
  if(stat(path, &st) < 0){
    fprintf(2, "ls: %s: cannot stat\n", path);
    return 1;
  }
  describe(name, &st);
  return 0;
}

// List the directory open as fd, named dir.
static int
listdir(int fd, const char *dir)
{
  struct dirent e;
  int len = strlen(dir), status = 0;

  if(len + 1 + DIRSIZ + 1 > sizeof path){
    fprintf(2, "ls: %s: path too long\n", dir);
    return 1;
  }
  strcpy(path, dir);
  path[len++] = '/';
  while(read(fd, &e, sizeof e) == sizeof e){
    if(e.inum != 0)
      status |= entry(&e, len);
  }
  return status;
}

static int
ls(const char *name)
{
  struct stat st;
  int fd, status = 0;

  if((fd = open(name, O_RDONLY)) < 0){
    fprintf(2, "ls: %s: cannot open\n", name);
    return 1;
  }
  if(fstat(fd, &st) < 0){
    fprintf(2, "ls: %s: cannot stat\n", name);
    status = 1;
  } else if(st.type == T_DIR){
    status = listdir(fd, name);
  } else {
    describe(name, &st);
  }
  close(fd);
  return status;
}

int
main(int argc, char *argv[])
{
  int i, status = 0;

  if(argc < 2)
    return ls(".");
  for(i = 1; i < argc; i++)
    status |= ls(argv[i]);
  return status;
}
