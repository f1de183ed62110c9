// pipetests: the guest test suite for pipes.  What every file of the
// suite shares: the helpers (helpers.c) and the tests, file by file;
// main.c holds the table of tests.
#ifndef PIPETESTS_H
#define PIPETESTS_H
#include "user.h"
#include "test.h"

#define HDR   5     // a record's header: writer id, seq (2 bytes), length (2 bytes)
#define MAXW  8     // writers a record stream may have

// Checks a stream of records as it arrives, in pieces of any size.
struct records {
  int nw, nrec;      // writers 0..nw-1 each send seqs 0..nrec-1
  int strict;        // one reader sees all: each writer's seqs come 0, 1, ...
  int next[MAXW];    // the least seq each writer may send next
  int n;             // records so far
  int have;          // bytes of the record being put together
  char rec[PIPE_BUF];
};

extern int fds[2];      // the pipe under test, for helpers to use
// Scratch for data.  The tests' reads and writes go up to 4097 bytes,
// whatever PIPESIZE is, and past it.
extern char buf[2 * PIPESIZE + 4096];
extern char buf2[PIPESIZE + 4096];
extern int nrecords;    // recwriter(): the records each writer sends

// helpers.c
int spawn(void (*fn)(int), int arg);
void reapall(int n);
void readfull(int fd, char *p, int n);
void writefill(int fd, char c, int n);
char getbyte(int fd);
void fillstream(char *p, uint at, int n);
int checkstream(char *p, uint at, int n);
void recinit(struct records *r, int nw, int nrec, int strict);
int recfeed(struct records *r, char *p, int n, int *ids);
void recwriter(int w);

// order.c
void order(void);
void atomic(void);
void bigrecord(int unused);
void atomicwait(void);
void manyrw(void);
void leastneed(void);

// ends.c
void eof(void);
void noreader(void);
void killread(void);
void killwrite(void);

// load.c
void pingpong(void);
void oom(void);

#endif
