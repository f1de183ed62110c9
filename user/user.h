// Everything a zv6 user program needs: #include "user.h" and nothing else.
#ifndef ZV6_USER_H
#define ZV6_USER_H
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/zone.h"
#include "kernel/procinfo.h"
#include "kernel/lockstat.h"
#include "kernel/futex.h"
#include "kernel/kpanic.h"
#include "kernel/faultinj.h"
#include "kernel/mmu.h"     // PGSIZE

// System calls
int fork(void);            // user/lib/sync.c: the system call, plus a reset
void exit(int status) __attribute__((noreturn));
int wait(int *status);
int pipe(int *fds);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int close(int fd);
int kill(int pid);
int exec(const char *path, char **argv);
int open(const char *path, int omode);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int fstat(int fd, struct stat *st);
int link(const char *old, const char *new);
int mkdir(const char *path);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sbrk(int n);
int sleep(int ticks);
int uptime(void);
char *shmem(int id, int flags, int npages);
int shmdt(void *addr);
int shminfo(int id, struct shminfo *info);
int sysinfo(struct sysinfo *info);
int procinfo(struct procinfo *buf, int n);  // a snapshot of n processes at most
int poweroff(int status);   // init only: stop the machine with this status
int lockstat(struct lockstat *buf, int n);  // up to n lock classes; returns how many
int futex_wait(int *addr, int val, int ticks);  // 0, FUTEX_TIMEDOUT, or -1
int futex_wake(int *addr, int n);               // how many were woken, or -1
int setrobust(struct robust *table);            // the user library's (sync.c)
int selfcheck(void);   // kernel self-checks: problems found (printed), 0 if healthy
int failnth(int what, int n, uint seed);  // fault injection; calls counted, or -1
int kpanic(int how);       // init only: panic the kernel on purpose, KPANIC_*

// User library (user/lib)
int stat(const char *path, struct stat *st);
char *strcpy(char *dst, const char *src);
void *memmove(void *dst, const void *src, uint n);
char *strchr(const char *s, char c);
int strcmp(const char *p, const char *q);
int strncmp(const char *p, const char *q, uint n);
uint strlen(const char *s);
void *memset(void *dst, int c, uint n);
int memcmp(const void *a, const void *b, uint n);
void *memcpy(void *dst, const void *src, uint n);
char *gets(char *buf, int max);
int atoi(const char *s);
void fprintf(int fd, const char *fmt, ...);
void printf(const char *fmt, ...);
void *malloc(uint n);
void free(void *p);
void ownmemory(void);
int parsenum(const char *s);
void execsearch(char **argv);

// Atomics, locks, semaphores, condition variables, channels and message
// queues in zone memory (user/lib/sync.c, user/lib/chan.c)
#include "user/sync.h"

#endif
