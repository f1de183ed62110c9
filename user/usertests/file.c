// usertests: files.
#include "usertests.h"

// Create, write, read back; reads at the end return 0; O_RDWR writes
// over the start without shortening the file.
void
filerw(void)
{
  int fd, i;

  unlink("fr-file");
  fd = open("fr-file", O_CREATE | O_RDWR);
  expect(fd >= 0, "cannot create fr-file");
  for(i = 0; i < 5; i++){
    fillpattern(buf, i * 1000, 1000);
    expect(write(fd, buf, 1000) == 1000, "write %d failed", i);
  }
  expect(fstatok(fd).size == 5000, "size %d, expected 5000", fstatok(fd).size);
  close(fd);
  fd = open("fr-file", O_RDONLY);
  expect(read(fd, buf, sizeof(buf)) == 5000, "did not read 5000 bytes back");
  expect(checkpattern(buf, 0, 5000) < 0, "read back different data");
  expect(read(fd, buf, 10) == 0, "read at end of file did not return 0");
  close(fd);
  fd = open("fr-file", O_RDWR);
  expect(write(fd, "XY", 2) == 2, "overwrite failed");
  close(fd);
  fd = open("fr-file", O_RDONLY);
  expect(read(fd, buf, sizeof(buf)) == 5000, "overwrite changed the size");
  expect(buf[0] == 'X' && buf[1] == 'Y' && checkpattern(buf + 2, 2, 4998) < 0,
         "overwrite wrote the wrong bytes");
  close(fd);
  expect(unlink("fr-file") == 0, "unlink failed");
}

// What each open mode allows, O_TRUNC, and O_CREATE of an existing file.
void
filemodes(void)
{
  int fd;

  unlink("fm-file");
  expect(open("fm-file", O_RDONLY) == -1, "open of a missing file");
  writefile("fm-file", "hello", 5);
  fd = open("fm-file", O_RDONLY);
  expect(write(fd, "x", 1) == -1, "write to an O_RDONLY fd");
  close(fd);
  fd = open("fm-file", O_WRONLY);
  expect(read(fd, buf, 5) == -1, "read from an O_WRONLY fd");
  close(fd);
  fd = open("fm-file", O_CREATE | O_RDWR);
  expect(read(fd, buf, 10) == 5, "O_CREATE of an existing file changed it");
  close(fd);
  fd = open("fm-file", O_TRUNC | O_RDWR);
  expect(fd >= 0 && fstatok(fd).size == 0, "O_TRUNC left data");
  expect(read(fd, buf, 10) == 0, "read after O_TRUNC found data");
  expect(write(fd, "ab", 2) == 2, "write after O_TRUNC failed");
  close(fd);
  expect(statok("fm-file").size == 2, "size after O_TRUNC and write");
  unlink("fm-file");
}

// sysinfo counts the open-file entries and referenced inodes: an open
// adds one of each, a pipe two files and no inode, and close gives them
// back.  The leak checks of the test harness rest on these counts.
void
sysinfocounts(void)
{
  struct sysinfo a, b, c;
  int fd, p[2];

  unlink("sicount");
  expect(sysinfo(&a) == 0, "sysinfo failed");
  expect((fd = open("sicount", O_CREATE | O_RDWR)) >= 0, "create failed");
  expect(sysinfo(&b) == 0, "sysinfo failed");
  expect(b.nfiles == a.nfiles + 1 && b.ninodes == a.ninodes + 1,
         "open: files %d -> %d, inodes %d -> %d",
         a.nfiles, b.nfiles, a.ninodes, b.ninodes);
  expect(pipe(p) == 0, "pipe failed");
  expect(sysinfo(&c) == 0, "sysinfo failed");
  expect(c.nfiles == b.nfiles + 2 && c.ninodes == b.ninodes,
         "pipe: files %d -> %d, inodes %d -> %d",
         b.nfiles, c.nfiles, b.ninodes, c.ninodes);
  close(p[0]);
  close(p[1]);
  close(fd);
  unlink("sicount");
  expect(sysinfo(&c) == 0, "sysinfo failed");
  expect(c.nfiles == a.nfiles && c.ninodes == a.ninodes,
         "after close: files %d, inodes %d; before %d, %d",
         c.nfiles, c.ninodes, a.nfiles, a.ninodes);
}

// Bug truncread: after another descriptor truncated the file, read() at
// the old offset, now past the end, returned -1 instead of 0.  A write
// there is refused (zv6 files have no holes) and leaves the file alone;
// once the file grows past the offset again, both work there.
void
truncread(void)
{
  int fd, tfd, n;

  fillpattern(buf, 0, 3000);
  writefile("tr-file", buf, 3000);
  fd = open("tr-file", O_RDWR);
  expect(read(fd, buf, 2000) == 2000, "first read failed");
  tfd = open("tr-file", O_TRUNC | O_RDWR);
  expect(tfd >= 0, "cannot truncate tr-file");
  n = read(fd, buf, 10);
  expect(n == 0, "read past the end after O_TRUNC returned %d, want 0", n);
  n = write(fd, "x", 1);
  expect(n == -1, "write past the end returned %d, want -1", n);
  expect(fstatok(fd).size == 0, "the refused write changed the size to %d",
         fstatok(fd).size);
  fillpattern(buf, 0, 2500);
  expect(write(tfd, buf, 2500) == 2500, "rewrite through the other fd failed");
  n = read(fd, buf2, sizeof(buf2));
  expect(n == 500 && checkpattern(buf2, 2000, 500) < 0,
         "read at 2000 of a 2500-byte file returned %d", n);
  expect(write(fd, "y", 1) == 1, "write at the end failed");
  expect(fstatok(fd).size == 2501, "size %d, want 2501", fstatok(fd).size);
  close(fd);
  close(tfd);
  expect(unlink("tr-file") == 0, "unlink failed");
}

// Write block i of the big file: the pattern at offset i*BSIZE.
static void
writeblocks(int fd, int from, int n)
{
  fillpattern(buf, from * BSIZE, n * BSIZE);
  expect(write(fd, buf, n * BSIZE) == n * BSIZE,
         "write of blocks %d..%d failed", from, from + n - 1);
}

// A file of MAXFILE blocks, through the indirect block: a write that
// straddles the limit is cut short there, the next fails, and every
// block reads back.
void
bigfile(void)
{
  int fd, b, n, bad, per = sizeof(buf) / BSIZE;
  uint max = MAXFILE * BSIZE;

  unlink("bf-file");
  fd = open("bf-file", O_CREATE | O_RDWR);
  expect(fd >= 0, "cannot create bf-file");
  for(b = 0; b < MAXFILE - 1; b += n){
    n = MAXFILE - 1 - b < per ? MAXFILE - 1 - b : per;
    writeblocks(fd, b, n);
  }
  fillpattern(buf, b * BSIZE, BSIZE);
  expect(write(fd, buf, BSIZE - 10) == BSIZE - 10, "write to the last block");
  n = write(fd, buf + BSIZE - 10, 20);
  expect(n == 10, "write across MAXFILE returned %d, expected 10", n);
  expect(write(fd, buf, 1) == -1, "write past MAXFILE did not fail");
  expect(fstatok(fd).size == max, "size %d, expected %d", fstatok(fd).size, max);
  close(fd);
  fd = open("bf-file", O_RDONLY);
  for(b = 0; (n = read(fd, buf, sizeof(buf))) > 0; b += n){
    bad = checkpattern(buf, b, n);
    expect(bad < 0, "byte %d (block %d) read back wrong", b + bad,
           (b + bad) / BSIZE);
  }
  expect(b == max, "read back %d bytes of %d", b, max);
  close(fd);
  expect(unlink("bf-file") == 0, "unlink failed");
}

// An unlinked file lives on while open: readable, writable, nlink 0;
// its name is gone and can be reused for a different file.
void
unlinkopen(void)
{
  int fd, fd2;
  struct stat st;

  writefile("uo-file", "before", 6);
  fd = open("uo-file", O_RDWR);
  expect(unlink("uo-file") == 0, "unlink of an open file failed");
  expect(open("uo-file", O_RDONLY) == -1, "the unlinked name still opens");
  st = fstatok(fd);
  expect(st.nlink == 0, "unlinked file has nlink %d", st.nlink);
  expect(read(fd, buf, 10) == 6 && strncmp(buf, "before", 6) == 0,
         "unlinked file's data is gone");
  expect(write(fd, "after", 5) == 5, "write to the unlinked file failed");
  fd2 = open("uo-file", O_CREATE | O_RDWR);
  expect(fd2 >= 0, "cannot reuse the name");
  expect(fstatok(fd2).ino != st.ino, "the new file is the unlinked one");
  expect(fstatok(fd2).size == 0, "the new file is not empty");
  expect(fstatok(fd).size == 11, "the unlinked file has size %d",
         fstatok(fd).size);
  close(fd);
  close(fd2);
  unlink("uo-file");
}

static void
churnfile(int k)
{
  char name[8] = "cf-0";
  int round, fd, i;

  name[3] = '0' + k;
  for(round = 0; round < 3; round++){
    fd = open(name, O_CREATE | O_TRUNC | O_RDWR);
    expect(fd >= 0, "%s: create failed", name);
    for(i = 0; i < 10; i++){
      fillpattern(buf, k * 7 + i * 1000, 1000);
      expect(write(fd, buf, 1000) == 1000, "%s: write failed", name);
    }
    close(fd);
    fd = open(name, O_RDONLY);
    for(i = 0; i < 10; i++){
      expect(read(fd, buf, 1000) == 1000, "%s: short read", name);
      expect(checkpattern(buf, k * 7 + i * 1000, 1000) < 0,
             "%s: read back wrong data", name);
    }
    close(fd);
    expect(unlink(name) == 0, "%s: unlink failed", name);
  }
}

static void
churnnames(int k)
{
  char name[8] = "cn-0";
  int i, fd;

  for(i = 0; i < 40; i++){
    name[3] = '0' + (i + k) % 8;
    if(i % 3 == 0){
      unlink(name);
    } else if((fd = open(name, O_CREATE | O_RDWR)) >= 0){
      write(fd, name, 4);
      close(fd);
    }
  }
}

static int recordfd;   // sharedfd's file, shared by its writers

static void
appendrecords(int k)
{
  char rec[10];
  int i;

  memset(rec, 'a' + k, 9);
  rec[9] = '\n';
  for(i = 0; i < 50; i++)
    expect(write(recordfd, rec, 10) == 10, "write %d failed", i);
}

// Processes writing one shared descriptor at once share its offset:
// no record lands on another.
void
sharedfd(void)
{
  int i, count[4] = { 0, 0, 0, 0 }, fd, n, status;

  unlink("sf-file");
  recordfd = open("sf-file", O_CREATE | O_RDWR);
  expect(recordfd >= 0, "cannot create sf-file");
  for(i = 0; i < 4; i++)
    spawn(appendrecords, i);
  for(i = 0; i < 4; i++)
    expect(wait(&status) > 0 && status == 0, "a writer exited %d", status);
  close(recordfd);
  fd = open("sf-file", O_RDONLY);
  while((n = read(fd, buf, 10)) == 10){
    expect(buf[0] >= 'a' && buf[0] < 'a' + 4 && buf[9] == '\n' &&
           buf[8] == buf[0], "a record was overwritten");
    count[buf[0] - 'a']++;
  }
  close(fd);
  for(i = 0; i < 4; i++)
    expect(count[i] == 50, "writer %d: %d records of 50", i, count[i]);
  unlink("sf-file");
}

// Processes writing files at once, and creating and removing the same
// names in one directory at once, all succeed and leave it consistent.
void
concfiles(void)
{
  char name[8] = "cn-0";
  int i, status;

  for(i = 0; i < 4; i++)
    spawn(churnfile, i);
  for(i = 0; i < 4; i++)
    spawn(churnnames, i);
  for(i = 0; i < 8; i++)
    expect(wait(&status) > 0 && status == 0, "a worker exited %d", status);
  for(i = 0; i < 8; i++){
    name[3] = '0' + i;
    unlink(name);
    expect(open(name, O_RDONLY) == -1, "%s survived its unlink", name);
  }
}
