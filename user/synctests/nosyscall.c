// synctests: no system call on the fast paths.
#include "synctests.h"

struct nosyszone {
  struct mutex m;
  struct sem s;
  struct cond c;
  struct spin sp;
  char ch[CHAN_BYTES(4096)];
};

void
t_nosyscall(void)
{
  struct nosyszone *n = (struct nosyszone *)create(ID_NOSYS, 2);
  struct chan *c = (struct chan *)n->ch;
  char buf[64];
  int before, made, i;

  expect(mutex_init(&n->m) == 0 && chan_init(c, 4096, 0) == 0, "init");
  sem_init(&n->s, 0);
  cond_init(&n->c);
  expect(mutex_lock(&n->m) == 0 && mutex_unlock(&n->m) == 0, "first lock");
  before = nsyscalls();
  for(i = 0; i < 1000; i++){
    expect(mutex_lock(&n->m) == 0, "lock");
    cond_signal(&n->c);
    cond_broadcast(&n->c);
    expect(mutex_unlock(&n->m) == 0, "unlock");
    sem_post(&n->s);
    sem_wait(&n->s);
    spin_lock(&n->sp);
    spin_unlock(&n->sp);
    expect(chan_write(c, buf, sizeof(buf)) == sizeof(buf), "chan_write");
    expect(chan_read(c, buf, sizeof(buf)) == sizeof(buf), "chan_read");
  }
  made = nsyscalls() - before - 1;
  expect(made == 0, "the uncontended paths made %d system calls", made);
  detach(n);
}
