// Futexes: sleeping on a word of a zone until another process changes it.
// futex_wait(addr, val, ticks) puts the caller to sleep if *addr still
// holds val; futex_wake(addr, n) wakes up to n of the processes asleep on
// addr.  The user library (user/lib/sync.c) builds its mutexes,
// semaphores and condition variables on these two calls: it sleeps only
// when it must and wakes only when someone sleeps, so most of its work
// never enters the kernel.  See docs/sync.md.
//
// The key.  A sleeper is filed under the physical address of its word:
// zonepa() finds the attachment of the caller that holds addr and the
// zone page behind it.  Two processes that map one zone at different
// addresses therefore meet on the same word, and two words at the same
// address in different zones never do.  Only zone words are accepted.  A
// private page has no stable physical address: copy-on-write fork shares
// it between parent and child until one of them stores to it, and that
// store moves the writer to a new page, so a waiter filed under the old
// one would never be found (and, while shared, two processes with words
// of their own would meet).
//
// Why a physical key is safe.  A key on the list belongs to a process
// asleep in futex_wait, and that process has the zone attached: its
// attachment is a reference that keeps the zone's pages allocated, and
// only the process itself can detach, which it cannot do while asleep.
// So while a key is on the list its page is that zone's and nobody
// else's, and a waker that computes the same key has the same word.
// When the last other holder frees a zone, nobody can be asleep on it;
// and since the list holds only sleepers, a zone freed while nobody
// waits leaves nothing behind.
//
// The list.  A sleeper's struct waiter lives on its kernel stack and is
// linked into one list, oldest first, so wake-ups are first come first
// served.  A process waits on one word at a time, so the list is never
// longer than NPROC.  futex_wait takes its waiter off the list before it
// returns, whatever the reason: nothing stays queued for a process that
// then exits, execs or detaches the zone.
//
// No lost wake-up.  The comparison *addr == val, the linking and the
// sleep all happen under futex.lock (sleep() takes ptable.lock before it
// lets go of futex.lock), and futex_wake takes futex.lock too.  A process
// that stores a new value and then calls futex_wake either gets the lock
// before the sleeper compares, which then sees the new value and returns
// -1 at once, or after the sleeper is on the list, and wakes it.
//
// Timeouts and kill.  The clock calls futextick() every tick; it wakes
// each waiter whose time is up.  kill() wakes a sleeping waiter itself,
// and sleepkillable() sees a kill that lands before the sleep.  A waiter
// that is killed leaves the list and returns -1, and the process dies on its
// way out of the kernel; one that was woken and killed at once passes its
// wake-up on to the next sleeper on the word, so a dying process never
// takes a wake-up with it.
//
// Locks: [f] futex.lock  [c] constant while the waiter is on the list
// Lock order: futex.lock, then ptable.lock (sleep, wakeup).  futex.lock
// is taken with no other lock held; futextick takes it in the clock
// interrupt, after tickslock is released.
#include "types.h"
#include "defs.h"
#include "param.h"
#include "memlayout.h"
#include "mmu.h"
#include "proc.h"
#include "spinlock.h"
#include "futex.h"

struct waiter {
  uint key;             // [c] physical address of the word
  struct proc *proc;    // [c] the sleeper
  uint start;           // [c] ticks when it went to sleep
  uint ticks;           // [c] sleep at most this long; 0: no limit
  int woken;            // [f] set by the waker, which unlinks it
  struct waiter *prev;  // [f]
  struct waiter *next;  // [f]
};

static struct {
  struct spinlock lock;
  struct waiter list;   // [f] sentinel: list.next is the oldest sleeper
} futex;

void
futexinit(void)
{
  initlock(&futex.lock, "futex");
  futex.list.next = futex.list.prev = &futex.list;
}

// ticks, read without tickslock: one aligned word, written only by the
// clock on CPU 0.
static uint
now(void)
{
  return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}

// The key of the word at addr of the current process p, or 0 if addr is
// not 4-byte aligned or not in a zone attached to p.
static uint
futexkey(struct proc *p, uint addr)
{
  if(addr % 4)
    return 0;
  return zonepa(p, addr, 0);
}

// Append w, a waiter for key, to the list.  Called with futex.lock held.
static void
enqueue(struct waiter *w, uint key, int ticks)
{
  w->key = key;
  w->proc = myproc();
  w->start = now();
  w->ticks = ticks;
  w->woken = 0;
  w->next = &futex.list;
  w->prev = futex.list.prev;
  w->prev->next = w;
  futex.list.prev = w;
}

// Called with futex.lock held.
static void
unlink(struct waiter *w)
{
  w->prev->next = w->next;
  w->next->prev = w->prev;
}

static int
expired(struct waiter *w)
{
  return w->ticks != 0 && now() - w->start >= w->ticks;
}

// Wake the n oldest sleepers on key; how many there were.  Called with
// futex.lock held.
static int
wakekey(uint key, int n)
{
  struct waiter *w, *next;
  int woken = 0;

  for(w = futex.list.next; w != &futex.list && woken < n; w = next){
    next = w->next;
    if(w->key != key)
      continue;
    unlink(w);
    w->woken = 1;
    wakeup(w);
    woken++;
  }
  return woken;
}

// A killed waiter leaves: off the list, and a wake-up it was given
// passed on, since it will not use it.  Returns -1.  Caller holds
// futex.lock.
static int
giveup(struct waiter *w)
{
  if(w->woken)
    wakekey(w->key, 1);
  else
    unlink(w);
  return -1;
}

// Sleep until w is woken, its time is up, or the process is killed.  w
// is off the list on return.  Returns 0, FUTEX_TIMEDOUT or -1 (killed).
// Called and returns with futex.lock held.
static int
sleepon(struct waiter *w)
{
  for(;;){
    if(killed(w->proc))
      return giveup(w);
    if(w->woken)
      return 0;
    if(expired(w)){
      unlink(w);
      return FUTEX_TIMEDOUT;
    }
    if(sleepkillable(w, &futex.lock) < 0)
      return giveup(w);
  }
}

// futex_wait(addr, val, ticks) for the current process: if the word at
// addr holds val, sleep until woken (0), for at most ticks ticks if ticks
// is not 0 (FUTEX_TIMEDOUT), or until killed (-1).  -1 at once if the
// word holds something else, or addr or ticks is bad.
int
futexwait(uint addr, int val, int ticks)
{
  struct waiter w;
  uint key = futexkey(myproc(), addr);
  int r = -1;

  if(key == 0 || ticks < 0)
    return -1;
  acquire(&futex.lock);
  // The kernel's own address of the word: the zone page cannot go away
  // during the call (see the top of the file).
  if(*(volatile int *)P2V(key) == val){
    enqueue(&w, key, ticks);
    r = sleepon(&w);
  }
  release(&futex.lock);
  return r;
}

// futex_wake(addr, n): wake up to n sleepers on the word at addr of the
// current process.  Returns how many were woken, or -1 if addr or n is
// bad.
int
futexwake(uint addr, int n)
{
  uint key = futexkey(myproc(), addr);

  if(key == 0 || n < 0)
    return -1;
  return futexwakepa(key, n);
}

// Wake up to n sleepers on the word at physical address pa, for a caller
// that has the zone attached (robust.c).  Returns how many were woken.
int
futexwakepa(uint pa, int n)
{
  int r;

  acquire(&futex.lock);
  r = wakekey(pa, n);
  release(&futex.lock);
  return r;
}

// The clock, on each tick: wake the waiters whose time is up; each
// decides for itself in sleepon().
void
futextick(void)
{
  struct waiter *w;

  acquire(&futex.lock);
  for(w = futex.list.next; w != &futex.list; w = w->next)
    if(expired(w))
      wakeup(w);
  release(&futex.lock);
}

// ---- system calls ----

// futex_wait(int *addr, int val, int ticks)
int
sys_futex_wait(void)
{
  int addr, val, ticks;

  if(argint(0, &addr) < 0 || argint(1, &val) < 0 || argint(2, &ticks) < 0)
    return -1;
  return futexwait(addr, val, ticks);
}

// futex_wake(int *addr, int n)
int
sys_futex_wake(void)
{
  int addr, n;

  if(argint(0, &addr) < 0 || argint(1, &n) < 0)
    return -1;
  return futexwake(addr, n);
}
