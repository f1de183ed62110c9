// usertests: links and directories.
#include "usertests.h"

short
nlinkof(char *path)
{
  return statok(path).nlink;
}

// link and unlink keep nlink (as fstat shows it) in step with the names.
void
links(void)
{
  int fd;

  unlink("ln-a");
  unlink("ln-b");
  writefile("ln-a", "linked", 6);
  expect(nlinkof("ln-a") == 1, "new file has nlink %d", nlinkof("ln-a"));
  expect(link("ln-a", "ln-b") == 0, "link failed");
  expect(nlinkof("ln-a") == 2, "after link, nlink %d", nlinkof("ln-a"));
  expect(statok("ln-a").ino == statok("ln-b").ino, "the names differ");
  expect(link("ln-a", "ln-b") == -1, "link onto an existing name");
  expect(link("ln-a", "ln-none/x") == -1, "link into a missing directory");
  expect(link("ln-none", "ln-c") == -1, "link of a missing file");
  expect(link("/", "ln-c") == -1, "link of a directory");
  expect(nlinkof("ln-a") == 2, "failed links left nlink %d", nlinkof("ln-a"));
  expect(unlink("ln-a") == 0, "unlink ln-a failed");
  expect(nlinkof("ln-b") == 1, "after unlink, nlink %d", nlinkof("ln-b"));
  fd = open("ln-b", O_RDONLY);
  expect(read(fd, buf, 10) == 6 && strncmp(buf, "linked", 6) == 0,
         "data lost with the first name");
  close(fd);
  expect(unlink("ln-b") == 0, "unlink ln-b failed");
  expect(open("ln-b", O_RDONLY) == -1, "file survives its last name");
  expect(unlink("ln-b") == -1, "second unlink succeeded");
}

// mkdir, chdir, and what may not be done to directories.
void
dirs(void)
{
  short nroot = nlinkof(".");
  int fd;

  expect(mkdir("/") == -1 && mkdir("") == -1, "mkdir of / or \"\"");
  expect(unlink("/") == -1 && unlink("") == -1, "unlink of / or \"\"");
  expect(open("", O_RDONLY) == -1 && chdir("") == -1, "open or chdir \"\"");
  expect(mkdir("dd") == 0, "mkdir dd failed");
  expect(mkdir("dd") == -1, "mkdir of an existing name");
  expect(nlinkof(".") == nroot + 1, "parent's nlink did not count ..");
  expect(statok("dd").type == T_DIR, "dd is no directory");
  expect(open("dd", O_WRONLY) == -1, "open of a directory for writing");
  expect(open("dd", O_RDWR) == -1, "open of a directory O_RDWR");
  expect(open("dd", O_CREATE | O_RDWR) == -1, "O_CREATE of a directory");
  expect(open("dd", O_TRUNC) == -1, "O_TRUNC of a directory");
  fd = open("dd", O_RDONLY);
  expect(fd >= 0 && read(fd, buf, 32) == 32, "cannot read a directory");
  expect(write(fd, "x", 1) == -1, "write to a directory");
  close(fd);
  writefile("dd/f", "in dd", 5);
  expect(mkdir("dd/f/g") == -1, "mkdir under a file");
  expect(chdir("dd/f") == -1, "chdir to a file");
  expect(chdir("dd/none") == -1, "chdir to nothing");
  expect(unlink("dd") == -1, "unlink of a non-empty directory");
  expect(chdir("dd") == 0, "chdir dd failed");
  expect(statok("f").size == 5, "dd/f not found from dd");
  expect(chdir("..") == 0, "chdir .. failed");
  expect(unlink("dd/f") == 0, "unlink dd/f failed");
  expect(unlink("dd") == 0, "unlink of the emptied directory failed");
  expect(nlinkof(".") == nroot, "parent's nlink not restored");
  expect(chdir("dd") == -1, "chdir to a removed directory");
}

// .. leads up, / is its own parent, and . and .. cannot be removed.
void
dotdot(void)
{
  uint up;

  expect(mkdir("dt") == 0 && mkdir("dt/sub") == 0, "mkdir failed");
  up = statok("dt").ino;
  expect(chdir("dt/sub") == 0, "chdir failed");
  expect(statok("..").ino == up, ".. is not the parent");
  expect(statok("../..").ino == ROOTINO, "../.. is not /");
  expect(unlink(".") == -1, "unlink . succeeded");
  expect(unlink("..") == -1, "unlink .. succeeded");
  expect(unlink("../sub/.") == -1, "unlink sub/. succeeded");
  expect(chdir("/..") == 0 && statok(".").ino == ROOTINO, "/.. is not /");
  expect(statok("/dt/sub/../..").ino == ROOTINO, "/dt/sub/../.. is not /");
  expect(unlink("dt/sub") == 0 && unlink("dt") == 0, "cleanup failed");
}

// A file or directory created in a directory that has been removed
// (here: the cwd) is named by nothing yet keeps a link, so its inode and
// blocks can never be freed.  Creating there must fail.
void
rmcwd(void)
{
  int fd, made;
  short nlink = 0;

  expect(mkdir("rc-dir") == 0, "mkdir failed");
  expect(chdir("rc-dir") == 0, "chdir failed");
  if(unlink("../rc-dir") < 0)
    return;            // refusing to remove a cwd is fine too
  fd = open("f", O_CREATE | O_RDWR);
  made = mkdir("sub") == 0;
  expect(chdir("/") == 0, "chdir / failed");   // drops the directory
  if(fd >= 0)
    nlink = fstatok(fd).nlink;
  expect(fd < 0 || nlink == 0, "a file created in a removed directory has "
         "nlink %d and no name: its inode leaks", nlink);
  expect(!made, "mkdir inside a removed directory succeeded");
}

// Names of DIRSIZ bytes work; longer ones are refused, not truncated.
void
longname(void)
{
  char *max = "abcdefghijklmn";       // DIRSIZ (14) bytes
  char *over = "abcdefghijklmno";
  int fd;

  expect(strlen(max) == DIRSIZ, "fix the test: DIRSIZ is %d", DIRSIZ);
  unlink(max);
  writefile(max, "m", 1);
  expect(statok(max).size == 1, "the DIRSIZ name does not stat");
  expect(open(over, O_RDONLY) == -1, "a longer name found the DIRSIZ one");
  expect(open(over, O_CREATE | O_RDWR) == -1, "create of a too-long name");
  expect(mkdir(over) == -1, "mkdir of a too-long name");
  expect(link(max, over) == -1, "link to a too-long name");
  expect(open("abcdefghijklmnopqrstuvwxyz/x", O_CREATE | O_RDWR) == -1,
         "create under a too-long directory name");
  fd = open("/abcdefghijklmn", O_RDONLY);
  expect(fd >= 0, "open by absolute path failed");
  close(fd);
  unlink(max);
}

// Paths up to MAXPATH-1 bytes are taken, longer ones refused.
void
maxpath(void)
{
  char *p = buf;
  int fd;

  writefile("mp", "p", 1);
  *p++ = '/';
  while(p - buf < MAXPATH - 3){     // "/././..././mp"
    memmove(p, "./", 2);
    p += 2;
  }
  strcpy(p, "mp");
  expect(strlen(buf) == MAXPATH - 1, "fix the test: length %d", strlen(buf));
  fd = open(buf, O_RDONLY);
  expect(fd >= 0, "open of a %d-byte path failed", MAXPATH - 1);
  close(fd);
  memmove(buf + 2, buf, MAXPATH);   // "/." + "/./..././mp": 2 bytes more
  expect(open(buf, O_RDONLY) == -1, "open of a %d-byte path", strlen(buf));
  expect(unlink(buf) == -1, "unlink of a %d-byte path", strlen(buf));
  expect(unlink("mp") == 0, "unlink mp failed");
}

// mknod makes a device node; one with no driver cannot be read or
// written; majors outside the device table are refused.
void
mknodtest(void)
{
  int fd;

  unlink("mk-dev");
  expect(mknod("mk-dev", NDEV - 1, 3) == 0, "mknod failed");
  expect(mknod("mk-dev", NDEV - 1, 3) == -1, "mknod of an existing name");
  expect(mknod("mk-big", NDEV, 0) == -1, "mknod with major NDEV");
  expect(mknod("mk-neg", -1, 0) == -1, "mknod with major -1");
  expect(statok("mk-dev").type == T_DEV, "mk-dev is no device");
  fd = open("mk-dev", O_RDWR);
  expect(fd >= 0, "cannot open mk-dev");
  expect(read(fd, buf, 1) == -1, "read of a device with no driver");
  expect(write(fd, buf, 1) == -1, "write of a device with no driver");
  close(fd);
  expect(unlink("mk-dev") == 0, "unlink failed");
}

static void
dentname(char *name, int i)
{
  strcpy(name, "bd/f00");
  name[4] = '0' + i / 10;
  name[5] = '0' + i % 10;
}

// A directory grows past one block of entries and shrinks back, and its
// freed slots are reused.
void
bigdir(void)
{
  int i, n = BSIZE / sizeof(struct dirent) + 8;
  char name[8];

  expect(mkdir("bd") == 0, "mkdir failed");
  for(i = 0; i < n; i++){
    dentname(name, i);
    writefile(name, "", 0);
  }
  expect(statok("bd").size == (n + 2) * sizeof(struct dirent),
         "directory of %d entries has size %d", n + 2, statok("bd").size);
  for(i = 0; i < n; i++){
    dentname(name, i);
    expect(statok(name).type == T_FILE, "%s is gone", name);
    expect(unlink(name) == 0, "unlink %s failed", name);
  }
  writefile("bd/again", "", 0);
  expect(statok("bd").size == (n + 2) * sizeof(struct dirent),
         "a freed slot was not reused");
  expect(unlink("bd/again") == 0 && unlink("bd") == 0, "cleanup failed");
}
