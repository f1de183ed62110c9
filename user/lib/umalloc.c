// malloc and free.  Free memory is a singly linked list of blocks kept
// in address order, which makes coalescing a freed block with the
// blocks on either side a matter of comparing addresses.  malloc takes
// the first block big enough, carving the request off its front; when
// nothing fits it grows the heap with sbrk (at least a page at a time)
// and frees the new space into the list.  Sizes are counted in units of
// one header, so every block, and every pointer handed out, is aligned
// to the header's size.
#include "user/user.h"

struct block {
  struct block *next;   // next free block, at a higher address; 0 ends
  uint units;           // size of this block, header included
};

#define UNIT sizeof(struct block)
#define MAXREQ 0x40000000   // refuse anything sbrk's int could not express

static struct block *freelist;

void
free(void *p)
{
  struct block *b, *prev, *next;

  if(p == 0)
    return;
  b = (struct block *)p - 1;
  prev = 0;
  for(next = freelist; next != 0 && next < b; next = next->next)
    prev = next;

  b->next = next;
  if(next != 0 && b + b->units == next){
    b->units += next->units;
    b->next = next->next;
  }
  if(prev == 0){
    freelist = b;
  } else if(prev + prev->units == b){
    prev->units += b->units;
    prev->next = b->next;
  } else {
    prev->next = b;
  }
}

// Add at least units (rounded up to a page) to the free list.
// Returns 0 if the kernel refused to grow the heap.
static int
grow(uint units)
{
  uint minunits = PGSIZE / UNIT;
  struct block *b;
  char *p;

  if(units < minunits)
    units = minunits;
  p = sbrk(units * UNIT);
  if(p == (char *)-1)
    return 0;
  b = (struct block *)p;
  b->units = units;
  free(b + 1);
  return 1;
}

// First fit.  A block much bigger than needed is split, the front
// handed out and the rest left in its place on the list; a block that
// fits (nearly) exactly is unlinked whole, since a one-unit remainder
// could hold no data.
static void *
take(uint units)
{
  struct block **link, *b, *rest;

  for(link = &freelist; (b = *link) != 0; link = &b->next){
    if(b->units < units)
      continue;
    if(b->units > units + 1){
      rest = b + units;
      rest->units = b->units - units;
      rest->next = b->next;
      b->units = units;
      *link = rest;
    } else {
      *link = b->next;
    }
    return b + 1;
  }
  return 0;
}

void *
malloc(uint n)
{
  uint units;
  void *p;

  if(n == 0 || n >= MAXREQ)
    return 0;
  units = (n + UNIT - 1) / UNIT + 1;
  p = take(units);
  if(p == 0 && grow(units))
    p = take(units);
  return p;
}
