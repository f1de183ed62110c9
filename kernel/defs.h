// Kernel-wide prototypes, grouped under the file that defines them.
#ifndef ZV6_DEFS_H
#define ZV6_DEFS_H
#include "types.h"

struct buf;
struct context;
struct file;
struct inode;
struct pipe;
struct proc;
struct spinlock;
struct sleeplock;
struct stat;
struct superblock;
struct trapframe;
struct zone;
struct shminfo;
struct procinfo;
struct sysinfo;
struct lockstat;
struct zoneview;

// acpi.c
void            acpiinit(void);

// check.c
void            freezepoint(int idle);
int             selfcheck(void);

// bio.c
void            binit(void);
struct buf*     bread(uint dev, uint blockno);
struct buf*     bfresh(uint dev, uint blockno);
struct buf*     bpinned(uint dev, uint blockno);
void            brelse(struct buf *b);
int             bwrite(struct buf *b);

// console.c
void            consoleinit(void);
void            cprintf(char *fmt, ...);
void            consoleintr(int (*getc)(void));
void            panic(char *s) __attribute__((noreturn));
void            panicbegin(void);
void            panicend(uint eip, uint ebp) __attribute__((noreturn));
void            panicnmi(void);

// exec.c
int             exec(char *path, char **argv);

// file.c
struct file*    filealloc(void);
void            fileclose(struct file *f);
struct file*    filedup(struct file *f);
int             nfile_used(void);
void            fileinit(void);
int             fileread(struct file *f, char *addr, int n);
int             filestat(struct file *f, struct stat *st);
int             filewrite(struct file *f, char *addr, int n);

// fpu.c
void            fpuinit(void);
void            fpuexec(void);
void            fpufork(struct proc *child);
void            fpuinitproc(struct proc *p);
void            fpurestore(struct proc *p);
void            fpusave(struct proc *p);

// fs.c
int             fsinit(int dev);
int             dirlink(struct inode *dp, char *name, uint inum);
struct inode*   dirlookup(struct inode *dp, char *name, uint *poff);
struct inode*   ialloc(uint dev, short type);
int             ninode_used(void);
struct inode*   idup(struct inode *ip);
void            iinit(void);
int             ilock(struct inode *ip);
void            iput(struct inode *ip);
void            itrunc(struct inode *ip);
void            iunlock(struct inode *ip);
void            iunlockput(struct inode *ip);
int             iupdate(struct inode *ip);
int             namecmp(const char *s, const char *t);
struct inode*   namei(char *path);
struct inode*   nameiparent(char *path, char *name);
int             readi(struct inode *ip, char *dst, uint off, uint n);
void            stati(struct inode *ip, struct stat *st);
int             writei(struct inode *ip, char *src, uint off, uint n);

// ide.c
void            ideinit(void);
void            ideintr(void);
int             iderw(struct buf *b);

// ioapic.c
void            ioapicenable(int irq, int cpu);
void            ioapicinit(void);
int             ioapicroute(int irq, uint gsi, int level, int activelow);
extern uint     ioapicpa;      // physical address, found by acpiinit
extern uchar    ioapicid;
extern uint     ioapicgsi;     // its first GSI, found by acpiinit

// faultinj.c
int             shouldfail(int what);
int             faultset(int what, int n, uint seed);
void            faultclear(struct proc *p);

// kalloc.c
char*           kalloc(void);
void            kfree(char *v);
void            kfreerange(void *vstart, void *vend);
int             kfreecount(void);
int             ktotalcount(void);
void            kref(char *v);
int             krefcount(char *v);
void            kmemlockall(void);
void            kmemunlockall(void);
int             kfreelist(int cpu, void (*visit)(uint pa), int *nfree);
int             kpagerefs(uint pa);
uint            ktoppa(void);

// kbd.c
void            kbdinit(void);
void            kbdintr(void);

// ksym.c
void            backtrace(uint eip, uint ebp);

// lapic.c
void            lapicinit(void);
int             lapicid(void);
void            lapiceoi(void);
void            lapicerror(void);
void            lapicnmi(uchar apicid);
void            lapicstartap(uchar apicid, uint addr);
void            microdelay(int us);
extern uint     lapicpa;       // physical address, found by acpiinit

// log.c
void            initlog(int dev, struct superblock *sb);
void            log_write(struct buf *b);
int             log_readonly(void);
void            begin_op(void);
void            end_op(void);

// main.c
void            poweroff(int status) __attribute__((noreturn));

// pipe.c
int             pipealloc(struct file **f0, struct file **f1);
void            pipeclose(struct pipe *pi, int writable);
int             piperead(struct pipe *pi, char *addr, int n);
int             pipewrite(struct pipe *pi, char *addr, int n);

// proc.c
int             cpuid(void);
void            exit(int status) __attribute__((noreturn));
int             fork(void);
int             growproc(int n);
int             kill(int pid);
int             killed(struct proc *p);
struct cpu*     mycpu(void);
struct cpu*     cpubyapicid(int id);
struct proc*    myproc(void);
int             nproc_used(void);
int             procsnapshot(struct procinfo *info, int n);
void            pinit(void);
void            procdump(void);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            setkilled(struct proc *p);
void            sleep(void *chan, struct spinlock *lk);
int             sleepkillable(void *chan, struct spinlock *lk);
void            userinit(char *cmdline);
int             wait(int *status);
void            wakeup(void *chan);
void            yield(void);
void            preempt(int fromuser);
void            ptablelock(void);
void            ptableunlock(void);
struct proc*    procat(int i);
int             procsettled(struct proc *p);

// swtch.S
void            swtch(struct context **old, struct context *new);

// spinlock.c
void            acquire(struct spinlock *lk);
int             holding(struct spinlock *lk);
void            initlock(struct spinlock *lk, char *name);
int             lockstats(struct lockstat *buf, int n);
void            release(struct spinlock *lk);
void            pushcli(void);
void            popcli(void);

// sleeplock.c
void            acquiresleep(struct sleeplock *lk);
void            releasesleep(struct sleeplock *lk);
int             holdingsleep(struct sleeplock *lk);
void            initsleeplock(struct sleeplock *lk, char *name);

// string.c
int             memcmp(const void *a, const void *b, uint n);
void*           memmove(void *dst, const void *src, uint n);
void*           memset(void *dst, int c, uint n);
char*           safestrcpy(char *dst, const char *src, int n);
uint            strlen(const char *s);
int             strncmp(const char *p, const char *q, uint n);
char*           strncpy(char *dst, const char *src, int n);
void*           memcpy(void *dst, const void *src, uint n);

// syscall.c
#define UREAD  0   // access mode for user-pointer checks: kernel reads
#define UWRITE 1   // kernel writes on the process's behalf
int             argint(int n, int *ip);
int             argptr(int n, char **pp, int size, int access);
int             argstr(int n, char *buf, int max);
int             fetchint(uint addr, int *ip);
int             fetchstr(uint addr, char *buf, int max);
void            syscall(void);

// trap.c
void            idtinit(void);
extern uint     ticks;
void            tvinit(void);
extern struct spinlock tickslock;

// uart.c
void            uartinit(void);
void            uartintr(void);
void            uartputc(int c);

// vga.c
void            vgaputc(int c);

// vm.c
void            seginit(void);
void            kvmalloc(void);
pde_t*          setupkvm(void);
int             allocuvm(pde_t *pgdir, uint oldsz, uint newsz, int perm);
int             deallocuvm(pde_t *pgdir, uint oldsz, uint newsz);
void            freevm(pde_t *pgdir, uint sz);
int             loaduvm(pde_t *pgdir, char *addr, struct inode *ip, uint off, uint sz);
pde_t*          copyuvm(pde_t *pgdir, uint sz);
void            switchuvm(struct proc *p);
void            switchkvm(void);
int             copyout(pde_t *pgdir, uint va, void *p, uint len);
char*           uva2ka(pde_t *pgdir, uint va);
pte_t*          walkpgdir(pde_t *pgdir, const void *va, int alloc);
int             mappages(pde_t *pgdir, void *va, uint size, uint pa, int perm);
void            unmappages(pde_t *pgdir, uint va, uint size);
int             uvmaccess(struct proc *p, uint va, uint len, int access);
#define FAULT_BAD   (-1)  // pagefault: the access is not allowed
#define FAULT_NOMEM (-2)  // pagefault: allowed, but memory ran out
int             pagefault(struct proc *p, uint va, int write);

// futex.c
void            futexinit(void);
void            futextick(void);
int             futexwait(uint addr, int val, int ticks);
int             futexwake(uint addr, int n);
int             futexwakepa(uint pa, int n);

// robust.c
void            robustdetach(struct proc *p, uint va, uint size);
void            robustexec(struct proc *p);
void            robustfork(struct proc *parent, struct proc *child);
int             robustset(uint addr);

// zone.c
void            zoneinit(void);
char*           zattach(int id, int flags, int npages);
int             zdetach(uint va);
int             zinfo(int id, struct shminfo *info);
int             zcount(void);
int             zpagecount(void);
void            zonefork(struct proc *parent, struct proc *child);
int             zonefault(struct proc *p, uint va, int write);
void            zonedetachall(struct proc *p);
void            zonedump(struct proc *p);
int             zoneids(struct proc *p, uchar *ids);
uint            zonepa(struct proc *p, uint va, int *rdonly);
void            ztablelock(void);
void            ztableunlock(void);
int             zoneslot(struct zone *z);
void            zoneview(int id, struct zoneview *v);
uint            zonepageat(int id, int i);
uint            zoneindexat(int id, int j);
char*           zoneslotproblem(int id);

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

#endif
