/*
 * random_bytes(): bytes no program can predict from the outside without
 * the machine's clock, for exec's AT_RANDOM (glibc seeds its stack
 * protector and pointer guard from it) and the getrandom system call.
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
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "nudge/errno.h"

// getrandom(2)'s flags (include/uapi/linux/random.h).
#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4

// Linux's cap on one read or write (MAX_RW_COUNT): INT_MAX rounded down
// to a page.
#define MAX_RW_COUNT  0x7ffff000L

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

  assert_held(&random.lock);
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

/*
 * getrandom(buf, len, flags): len random bytes into buf, never blocking
 * (the generator is ready from boot). Linux's checks: unknown flags, or
 * GRND_INSECURE with GRND_RANDOM, are -EINVAL. Returns how many bytes
 * were stored (at most MAX_RW_COUNT), or -EFAULT if none could be.
 */
long
sys_getrandom(void)
{
  uint64 dst = argaddr(0), len = argraw(1);
  int flags = argint(2);
  char chunk[64];
  uint64 done = 0, n;

  if((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
     (flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
    return -EINVAL;
  if(len > MAX_RW_COUNT)
    len = MAX_RW_COUNT;
  while(done < len){
    n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
    random_bytes(chunk, n);
    if(copyout(myproc()->mm, dst + done, chunk, n) < 0)
      return done > 0 ? done : -EFAULT;
    done += n;
    if(killed(myproc()))
      break;
  }
  return done;
}
