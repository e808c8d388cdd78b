/*
 * malloc, free, calloc, realloc: a first-fit allocator over sbrk(), the
 * design of K&R's (The C Programming Language, section 8.7).
 *
 * Memory is handed out in blocks of whole units; a unit is the size of a
 * block header (16 bytes), so every block, and the memory after its
 * header, is 16-byte aligned. Free blocks sit on a circular list sorted
 * by address, which lets free() merge a block with the free blocks right
 * before and after it. The heap only grows: memory never goes back to
 * the kernel.
 *
 * Single-threaded, like the rest of the library: no lock.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct block {
  struct block *next;     // next free block by address (free blocks only)
  size_t units;           // size of the block, header included
} __attribute__((aligned(16)));

#define UNIT      sizeof(struct block)
#define MINGROW   (4096 / UNIT)     // grow the heap a page at a time at least

static struct block base;   // a free block of size 0: the list is never empty
static struct block *rover; // where the last search ended; 0 before the first

// Ask the kernel for room for at least units, and put it on the free list.
static struct block *
morecore(size_t units)
{
  struct block *b;

  if(units < MINGROW)
    units = MINGROW;
  b = sbrk(units * UNIT);
  if(b == (void *)-1)
    return 0;
  b->units = units;
  free(b + 1);
  return rover;
}

void *
malloc(size_t n)
{
  struct block *prev, *b;
  size_t units;

  if(n > SIZE_MAX / 2){
    errno = ENOMEM;
    return 0;
  }
  units = (n + UNIT - 1) / UNIT + 1;
  if(rover == 0){
    base.next = rover = &base;
    base.units = 0;
  }
  // Search once round the list from the rover, for the first block that
  // fits; a block too big gives away its tail end.
  for(prev = rover, b = prev->next; ; prev = b, b = b->next){
    if(b->units >= units){
      if(b->units == units){
        prev->next = b->next;
      } else {
        b->units -= units;
        b += b->units;
        b->units = units;
      }
      rover = prev;
      return b + 1;
    }
    if(b == rover && (b = morecore(units)) == 0)
      return 0;
  }
}

void
free(void *p)
{
  struct block *b, *q;

  if(p == 0)
    return;
  b = (struct block *)p - 1;
  // Find q, the free block just before b: b lies between q and q->next,
  // or past the end or before the start of the list, where it wraps.
  for(q = rover; !(q < b && b < q->next); q = q->next)
    if(q >= q->next && (q < b || b < q->next))
      break;

  if(b + b->units == q->next){
    b->units += q->next->units;
    b->next = q->next->next;
  } else {
    b->next = q->next;
  }
  if(q + q->units == b){
    q->units += b->units;
    q->next = b->next;
  } else {
    q->next = b;
  }
  rover = q;
}

void *
calloc(size_t n, size_t size)
{
  void *p;

  if(size != 0 && n > SIZE_MAX / size){
    errno = ENOMEM;
    return 0;
  }
  p = malloc(n * size);
  if(p)
    memset(p, 0, n * size);
  return p;
}

// Keeps the block if it is big enough already; else moves the data.
void *
realloc(void *p, size_t n)
{
  struct block *b;
  size_t have;
  void *np;

  if(p == 0)
    return malloc(n);
  if(n == 0){
    free(p);
    return 0;
  }
  b = (struct block *)p - 1;
  have = (b->units - 1) * UNIT;
  if(have >= n)
    return p;
  np = malloc(n);
  if(np == 0)
    return 0;
  memcpy(np, p, have);
  free(p);
  return np;
}
