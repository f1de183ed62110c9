// The file-system system calls.  Each fetches and checks its arguments
// (argint/argstr/argptr from syscall.c), then calls file.c, fs.c and
// pipe.c.  Anything that may write the disk runs between begin_op and
// end_op; every failure path gives back what it took.  Path arguments
// are copied into the kernel first, and must be shorter than MAXPATH.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "fcntl.h"

// Fetch argument n as a file descriptor of the calling process; set
// *pfd (if not 0) and *pf.  Returns 0, or -1 if it names no open file.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  struct file *f;

  if(argint(n, &fd) < 0 || fd < 0 || fd >= NOFILE)
    return -1;
  if((f = myproc()->ofile[fd]) == 0)
    return -1;
  if(pfd)
    *pfd = fd;
  *pf = f;
  return 0;
}

// Copy path argument n into buf (MAXPATH bytes).  Returns 0, or -1 if the
// pointer is bad or the path does not fit.
static int
argpath(int n, char *buf)
{
  return argstr(n, buf, MAXPATH) < 0 ? -1 : 0;
}

// Give f the lowest free descriptor of the calling process.
// Returns it, or -1 if all NOFILE are in use.
static int
fdalloc(struct file *f)
{
  struct proc *p = myproc();
  int fd;

  for(fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd] == 0){
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

int
sys_dup(void)
{
  struct file *f;
  int fd;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if((fd = fdalloc(f)) < 0)
    return -1;
  filedup(f);
  return fd;
}

int
sys_read(void)
{
  struct file *f;
  char *p;
  int n;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argptr(1, &p, n, UWRITE) < 0)
    return -1;
  return fileread(f, p, n);
}

int
sys_write(void)
{
  struct file *f;
  char *p;
  int n;

  if(argfd(0, 0, &f) < 0 || argint(2, &n) < 0 || n < 0)
    return -1;
  if(argptr(1, &p, n, UREAD) < 0)
    return -1;
  return filewrite(f, p, n);
}

int
sys_close(void)
{
  struct file *f;
  int fd;

  if(argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

int
sys_fstat(void)
{
  struct file *f;
  char *st;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if(argptr(1, &st, sizeof(struct stat), UWRITE) < 0)
    return -1;
  return filestat(f, (struct stat*)st);
}

// Enter ip (referenced, unlocked) in the directory holding path, under
// path's last element.  Returns 0, or -1.  Inside an op.
static int
linkat(struct inode *ip, char *path)
{
  char name[DIRSIZ + 1];
  struct inode *dp;
  int r = -1;

  if((dp = nameiparent(path, name)) == 0)
    return -1;
  ilock(dp);
  if(dp->dev == ip->dev)
    r = dirlink(dp, name, ip->inum);
  iunlockput(dp);
  return r;
}

// Give the existing file old a second name, new (in the same file
// system).  Directories cannot be linked.
int
sys_link(void)
{
  char old[MAXPATH], new[MAXPATH];
  struct inode *ip;
  int r;

  if(argpath(0, old) < 0 || argpath(1, new) < 0)
    return -1;
  begin_op();
  if((ip = namei(old)) == 0){
    end_op();
    return -1;
  }
  if(ilock(ip) < 0 || ip->type == T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the link first, on disk too: ip must be unlocked while the
  // parent is locked (a directory before its children), so undo it on
  // failure.  A name counted only in memory would be a link too few on
  // disk: unlinking the other name would free the inode this one names.
  ip->nlink++;
  if(iupdate(ip) < 0){
    ip->nlink--;
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  if((r = linkat(ip, new)) < 0){
    ilock(ip);
    ip->nlink--;
    iupdate(ip);
    iunlock(ip);
  }
  iput(ip);
  end_op();
  return r;
}

// Is directory dp empty but for "." and ".."?  One the disk cannot read
// counts as not empty.  Caller holds dp->lock.
static int
isdirempty(struct inode *dp)
{
  struct dirent de;
  uint off;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
      return 0;
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

// Remove the entry at off of dp, naming ip.  Both are locked, dp is ip's
// parent; inside an op.  Returns 0, or -1 with nothing changed if the
// entry cannot be cleared (a disk error).
static int
unlinkat(struct inode *dp, struct inode *ip, uint off)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  if(writei(dp, (char*)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  if(ip->type == T_DIR){
    dp->nlink--;    // ip's ".." no longer counts
    iupdate(dp);
  }
  ip->nlink--;
  iupdate(ip);
  return 0;
}

// Remove a name.  "." and "..", and directories with entries, cannot be
// removed.  The inode is freed when its last link and reference go.
int
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ + 1];
  struct inode *dp, *ip = 0;
  uint off;

  if(argpath(0, path) < 0)
    return -1;
  begin_op();
  if((dp = nameiparent(path, name)) == 0){
    end_op();
    return -1;
  }
  ilock(dp);
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto bad;
  if((ip = dirlookup(dp, name, &off)) == 0)
    goto bad;
  if(ilock(ip) < 0)
    goto bad;
  if(ip->nlink < 1)
    panic("unlink: inode has no links");
  if(ip->type == T_DIR && !isdirempty(ip))
    goto bad;
  if(unlinkat(dp, ip, off) < 0)
    goto bad;
  iunlockput(ip);
  iunlockput(dp);
  end_op();
  return 0;

bad:
  if(ip)
    iunlockput(ip);
  iunlockput(dp);
  end_op();
  return -1;
}

// Enter "." and ".." in the new directory ip, whose parent is dp, and
// count the ".." among dp's links, on disk too.  Both locked.  Returns 0,
// or -1 with dp's links as they were.  A removed dp (no links) is
// refused here, before its count would hide that from dirlink.
static int
linkdots(struct inode *ip, struct inode *dp)
{
  if(dp->nlink == 0)
    return -1;
  if(dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
    return -1;
  dp->nlink++;
  if(iupdate(dp) < 0){
    dp->nlink--;
    return -1;
  }
  return 0;
}

// Take back linkdots' link in dp, for a directory not made after all.
// Should the disk fail again, dp keeps a link too many on disk: it may
// never be freed, but is never freed while something names it.
static void
unlinkdots(struct inode *dp)
{
  dp->nlink--;
  iupdate(dp);
}

// Make a new inode of the given type named path, or for T_FILE open an
// existing file or device of that name.  Returns it locked, or 0.
// Inside an op.
static struct inode*
create(char *path, short type, short major, short minor)
{
  char name[DIRSIZ + 1];
  struct inode *dp, *ip;

  if((dp = nameiparent(path, name)) == 0)
    return 0;
  ilock(dp);
  if((ip = dirlookup(dp, name, 0)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV))
      return ip;
    iunlockput(ip);
    return 0;
  }
  if((ip = ialloc(dp->dev, type)) == 0){
    iunlockput(dp);
    return 0;
  }
  if(ilock(ip) < 0)
    goto bad;
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  if(iupdate(ip) < 0)
    goto bad;
  if(type == T_DIR && linkdots(ip, dp) < 0)
    goto bad;
  if(dirlink(dp, name, ip->inum) < 0){
    if(type == T_DIR)
      unlinkdots(dp);
    goto bad;
  }
  iunlockput(dp);
  return ip;

bad:
  ip->nlink = 0;    // so the iput frees it
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

// The inode for sys_open, locked, checked against omode and truncated
// if asked.  Returns 0 if it cannot be opened that way (O_TRUNC of a
// read-only file system included).  Inside an op.
static struct inode*
openinode(char *path, int omode)
{
  struct inode *ip;

  if(omode & O_CREATE)
    ip = create(path, T_FILE, 0, 0);
  else if((ip = namei(path)) != 0 && ilock(ip) < 0)
    goto bad;
  if(ip == 0)
    return 0;
  if(ip->type == T_DIR && (omode & (O_WRONLY | O_RDWR | O_TRUNC)))
    goto bad;
  if(ip->type == T_DEV && (ip->major < 0 || ip->major >= NDEV))
    goto bad;
  if(ip->type == T_FILE && (omode & O_TRUNC)){
    if(log_readonly())
      goto bad;
    itrunc(ip);
  }
  return ip;

bad:
  iunlockput(ip);
  return 0;
}

int
sys_open(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct file *f;
  int omode, fd;

  if(argpath(0, path) < 0 || argint(1, &omode) < 0)
    return -1;
  begin_op();
  if((ip = openinode(path, omode)) == 0){
    end_op();
    return -1;
  }
  if((f = filealloc()) == 0 || (fd = fdalloc(f)) < 0){
    if(f)
      fileclose(f);
    iunlockput(ip);
    end_op();
    return -1;
  }
  f->type = FD_INODE;
  f->ip = ip;
  f->off = 0;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  iunlock(ip);
  end_op();
  return fd;
}

int
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if(argpath(0, path) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DIR, 0, 0)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

int
sys_mknod(void)
{
  char path[MAXPATH];
  struct inode *ip;
  int major, minor;

  if(argpath(0, path) < 0 || argint(1, &major) < 0 || argint(2, &minor) < 0)
    return -1;
  if(major < 0 || major >= NDEV)
    return -1;
  begin_op();
  if((ip = create(path, T_DEV, major, minor)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

int
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();

  if(argpath(0, path) < 0)
    return -1;
  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(p->cwd);
  p->cwd = ip;
  end_op();
  return 0;
}

// Make a pipe; store its read and write descriptors in the user's int[2].
int
sys_pipe(void)
{
  char *p;
  int *fds;
  struct file *rf, *wf;
  int rfd = -1, wfd = -1;

  if(argptr(0, &p, 2 * sizeof(int), UWRITE) < 0)
    return -1;
  fds = (int*)p;
  if(pipealloc(&rf, &wf) < 0)
    return -1;
  if((rfd = fdalloc(rf)) < 0 || (wfd = fdalloc(wf)) < 0){
    if(rfd >= 0)
      myproc()->ofile[rfd] = 0;
    fileclose(rf);
    fileclose(wf);
    return -1;
  }
  fds[0] = rfd;
  fds[1] = wfd;
  return 0;
}
