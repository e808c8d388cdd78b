/*
 * random_bytes(): bytes no program can predict from the outside without
 * the machine's clock, for exec's AT_RANDOM (glibc seeds its stack
 * protector and pointer guard from it).
 *
 * The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", 2014): a 64-bit state advanced by a
 * fixed odd constant, and each output a mix of the state. The clock's
 * count of 100 ns units is added to the state at every call, so the
 * sequence differs with every boot's and every call's timing. It is not
 * a cryptographic generator: QEMU's clock is all the entropy it has.
 *
 * Locking: random.lock guards the state; any context may call, after
 * randominit() at boot.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "dev/random.h"
#include "lib/string.h"
#include "proc/timer.h"

static struct {
  struct spinlock lock;
  uint64 state;             // [lock]
} random;

void
randominit(void)
{
  initlock(&random.lock, "random");
}

// The next 64 bits. Caller holds random.lock.
static uint64
next(void)
{
  uint64 z;

  random.state += 0x9e3779b97f4a7c15ULL;
  z = random.state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
random_bytes(void *buf, unsigned long n)
{
  char *p = buf;
  uint64 word;
  unsigned long m;

  acquire(&random.lock);
  random.state += timer_now();
  while(n > 0){
    word = next();
    m = n < sizeof(word) ? n : sizeof(word);
    memmove(p, &word, m);
    p += m;
    n -= m;
  }
  release(&random.lock);
}
