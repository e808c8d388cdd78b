/*
 * bench: instructions per operation, counted with rdinstret.
 *
 * `make bench` runs it on one hart under QEMU -icount shift=0, where the
 * instruction counter is exact, so every run prints the same figures.
 * (Without -icount QEMU's instret follows the host clock and the figures
 * mean little.) The counter is the machine's: an operation's figure
 * includes the kernel's instructions, trap entry and exit included.
 *
 * Each operation runs ITERS times per round, through the same call as an
 * empty operation; its figure is the best of ROUNDS rounds less the empty
 * loop's best, divided by ITERS. The best round is the one the 100 Hz
 * timer interrupted least.
 *
 * Output, one line per operation:
 *   bench NAME: N instructions/op
 * getpid is the null system call, the baseline others are compared with.
 */
#include <errno.h>
#include <nudge.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ITERS  10000
#define ROUNDS 5

static int pipefd[2];
static int failed;          // an operation's system call failed

static void
op_empty(void)
{
  asm volatile("" ::: "memory");    // the compiler must keep the call
}

static void
op_getpid(void)
{
  getpid();
}

// One byte into a pipe and back out, in one process.
static void
op_pipe(void)
{
  char c = 'x';

  if(write(pipefd[1], &c, 1) != 1 || read(pipefd[0], &c, 1) != 1)
    failed = 1;
}

// Instructions for ITERS calls of op, in the best of ROUNDS rounds. Not
// inlined, so every op is reached by the same indirect call.
__attribute__((noinline)) static uint64_t
measure(void (*op)(void))
{
  uint64_t best = UINT64_MAX;

  for(int r = 0; r < ROUNDS; r++){
    uint64_t start = rdinstret();
    for(int i = 0; i < ITERS; i++)
      op();
    uint64_t n = rdinstret() - start;
    if(n < best)
      best = n;
  }
  return best;
}

// Instructions per call of op beyond the empty loop's, rounded.
static uint64_t
per_op(void (*op)(void), uint64_t empty)
{
  uint64_t n = measure(op);

  n = n > empty ? n - empty : 0;
  return (n + ITERS / 2) / ITERS;
}

int
main(void)
{
  if(pipe(pipefd) < 0){
    fprintf(stderr, "bench: pipe: %s\n", strerror(errno));
    return 1;
  }

  uint64_t empty = measure(op_empty);
  uint64_t getpid_n = per_op(op_getpid, empty);
  uint64_t pipe_n = per_op(op_pipe, empty);
  if(failed){
    fprintf(stderr, "bench: pipe write or read failed\n");
    return 1;
  }

  printf("bench empty loop: %lu instructions/iteration (subtracted)\n",
         (empty + ITERS / 2) / ITERS);
  printf("bench getpid: %lu instructions/op\n", getpid_n);
  printf("bench pipe write+read 1 byte: %lu instructions/op", pipe_n);
  if(getpid_n > 0)
    printf(" (%lu.%lu getpids)", pipe_n / getpid_n, pipe_n * 10 / getpid_n % 10);
  printf("\n");
  return 0;
}
