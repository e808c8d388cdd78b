/*
 * malloc: glibc's allocator on nudge's brk: many small blocks, growing
 * and shrinking with realloc (contents kept), calloc's zeros, and blocks
 * past the mmap threshold (which glibc takes from mmap, or from brk when
 * mmap is not there), all checked by pattern.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned
rng(void)
{
  static unsigned x = 12345;

  x = x * 1103515245 + 12345;
  return x >> 8;
}

static int
check(const unsigned char *p, size_t n, unsigned char v)
{
  for (size_t i = 0; i < n; i++)
    if (p[i] != (unsigned char)(v + i))
      return 0;
  return 1;
}

static void
fill(unsigned char *p, size_t n, unsigned char v)
{
  for (size_t i = 0; i < n; i++)
    p[i] = v + i;
}

int
main(void)
{
  enum { N = 500 };
  static unsigned char *blocks[N];
  static size_t sizes[N];
  int i, round, bad = 0;
  unsigned char *z, *big;

  for (round = 0; round < 20; round++) {
    for (i = 0; i < N; i++) {
      size_t n = rng() % 3000 + 1;
      if (blocks[i] && !check(blocks[i], sizes[i], i))
        bad++;
      if (rng() % 2) {
        blocks[i] = realloc(blocks[i], n);
        if (blocks[i] && sizes[i] && !check(blocks[i], sizes[i] < n ? sizes[i] : n, i))
          bad++;
      } else {
        free(blocks[i]);
        blocks[i] = malloc(n);
      }
      if (!blocks[i]) {
        printf("allocation of %zu failed\n", n);
        return 1;
      }
      sizes[i] = n;
      fill(blocks[i], n, i);
    }
  }
  printf("small blocks: %d rounds of %d, %d bad\n", round, N, bad);
  for (i = 0; i < N; i++)
    free(blocks[i]);

  z = calloc(1000, 8);
  for (i = 0; i < 8000 && z[i] == 0; i++)
    ;
  printf("calloc zeroed: %s\n", i == 8000 ? "yes" : "no");
  free(z);

  for (size_t n = 256 << 10; n <= (8u << 20); n *= 2) {
    big = malloc(n);
    if (!big) {
      printf("malloc(%zu) failed\n", n);
      return 1;
    }
    fill(big, n, 3);
    printf("malloc(%zu): %s\n", n, check(big, n, 3) ? "ok" : "bad");
    free(big);
  }
  return 0;
}
