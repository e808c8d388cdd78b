/*
 * printf: glibc's printf family, conversion by conversion: integers of
 * every length modifier (hh h l ll z j t) in every base, the flags
 * (- + space # 0) with widths and precisions, from arguments too (*),
 * characters and strings, %p, %n, %%, positional arguments, and floating
 * point: %e %f %g %a and their capitals, rounding, infinities and NaNs,
 * negative zero, denormals, long double (128 bits on riscv64, in
 * software). Then snprintf's counts and truncation. Output only: the
 * same bytes must come out on Linux and on nudge, whatever stdout is
 * (a file under qemu-riscv64, the console on nudge).
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * printf for formats the compiler would refuse: flags that cancel each
 * other (- with 0, + with space), %% with a width, a NULL %s. What glibc
 * prints for them is part of the test.
 */
static int
odd(const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

// n, which the compiler cannot see through (a buffer size it would
// otherwise call too small).
static size_t
hidden(size_t n)
{
  volatile size_t v = n;

  return v;
}

static void
integers(void)
{
  printf("d i: [%d] [%i] [%d] [%d]\n", 0, -1, INT_MAX, INT_MIN);
  printf("u x X o: [%u] [%x] [%X] [%o] [%u]\n", 3000000000u, 0xdeadbeefu,
         0xdeadbeefu, 0777u, UINT_MAX);
  printf("hh: [%hhd] [%hhu] [%hhx] [%hhd]\n", (signed char)-128,
         (unsigned char)255, (unsigned char)0xab, (signed char)127);
  printf("h: [%hd] [%hu] [%hx] [%ho]\n", (short)-32768,
         (unsigned short)65535, (unsigned short)0xbeef, (unsigned short)8);
  printf("l: [%ld] [%lu] [%lx] [%lo]\n", LONG_MIN, ULONG_MAX, 0x1234abcdUL,
         01234567UL);
  printf("ll: [%lld] [%llu] [%llX] [%lli]\n", LLONG_MIN, ULLONG_MAX,
         0xfedcba9876543210ULL, -9LL);
  printf("z j t: [%zu] [%zd] [%zx] [%jd] [%ju] [%td] [%tx]\n",
         (size_t)SIZE_MAX, (ssize_t)-5, (size_t)4096, (intmax_t)INTMAX_MIN,
         (uintmax_t)UINTMAX_MAX, (ptrdiff_t)-100, (ptrdiff_t)255);
  printf("inttypes: [%" PRId64 "] [%" PRIu32 "] [%" PRIx16 "] [%" PRIo8
         "]\n", INT64_MIN, UINT32_MAX, (uint16_t)0xcafe, (uint8_t)0377);
}

static void
flags(void)
{
  odd("width: [%8d] [%-8d] [%08d] [%-08d] [%+8d] [% 8d]\n", 42, 42, 42,
         42, 42, 42);
  odd("sign: [%+d] [%+d] [% d] [% d] [%+ d] [%+u]\n", 5, -5, 5, -5, 5,
         5u);
  odd("precision: [%.5d] [%8.5d] [%-8.5d] [%08.5d] [%.0d] [%.0x] [%5.0d]\n",
         42, -42, 42, 42, 0, 0u, 0);
  printf("alt: [%#x] [%#X] [%#o] [%#x] [%#o] [%#.3o] [%#08x] [%#-8x|]\n",
         255u, 255u, 8u, 0u, 0u, 8u, 255u, 255u);
  printf("star: [%*d] [%-*d] [%*d] [%.*d] [%*.*d] [%.*d]\n", 6, 7, 6, 7, -6,
         7, 4, 7, 8, 3, 7, -1, 7);
  printf("positional: [%2$s %3$s] [%1$*4$d] [%4$d]\n", 5, "world", "hello",
         9);
}

static void
text(void)
{
  static const char *const nul = NULL;
  char big[300];
  int n1, n2;
  signed char hn;
  long long lln;

  memset(big, 'y', sizeof(big) - 1);
  big[sizeof(big) - 1] = 0;
  printf("c: [%c] [%5c] [%-5c] [%c]\n", 'a', 'b', 'c', 0x7e);
  printf("s: [%s] [%10s] [%-10s] [%.3s] [%10.2s] [%-10.2s] [%.0s]\n", "str",
         "right", "left", "truncate", "ab", "cd", "gone");
  odd("s null: [%s] [%.3s] [%10s]\n", nul, nul, nul);
  printf("s long: %d bytes\n", printf("[%s]\n", big));
  printf("p: [%p] [%p] [%20p] [%-20p] [%p]\n", (void *)0x1234,
         (void *)0, (void *)0xabcdef, (void *)0x10, (void *)UINTPTR_MAX);
  odd("percent: [%%] [%5%] [%-5%]\n");
  printf("n: [%d]%n and [%s]%n\n", 12345, &n1, "more", &n2);
  printf("n values: %d %d\n", n1, n2);
  printf("abc%hhn%lln\n", &hn, &lln);
  printf("hhn lln: %d %lld\n", hn, lln);
  errno = ENOENT;
  printf("m: [%m]\n");
}

static void
floats(void)
{
  volatile double zero = 0.0;
  double inf = 1.0 / zero, nan = zero / zero;

  printf("f: [%f] [%.0f] [%.1f] [%.10f] [%f] [%f]\n", 3.14159265358979,
         2.5, 0.05, 1.0 / 3.0, -0.0, 1e-7);
  printf("f round: [%.0f] [%.0f] [%.0f] [%.0f] [%.2f] [%.2f]\n", 0.5, 1.5,
         2.5, -0.5, 1.005, 2.675);
  printf("f big: [%f] [%.3f] [%f]\n", 1e22, DBL_MAX / 1e300, 123456789.125);
  printf("e: [%e] [%.0e] [%.3e] [%E] [%e] [%e] [%#.0e]\n", 12345.6789, 5.0,
         -0.000123456, 1e100, 0.0, DBL_MIN, 3.0);
  printf("g: [%g] [%g] [%g] [%g] [%G] [%.3g] [%#g] [%.0g] [%g]\n", 100000.0,
         1000000.0, 0.0001, 0.00001, 1e-10, 3.14159, 1.0, 0.5, 123.456);
  printf("a: [%a] [%A] [%.2a] [%a] [%a] [%a]\n", 1.0, 255.5, 1.0 / 3.0, -0.1,
         0.0, DBL_MIN / 4);
  printf("flags: [%+f] [% f] [%010.3f] [%-10.1f|] [%+.2e] [%#.0f] [%012.4e]\n",
         1.5, 1.5, -3.14159, 2.25, 12345.0, 7.0, -1.5);
  printf("star: [%*.*f] [%-*.*e|]\n", 10, 2, 3.14159, 12, 1, 2.5);
  printf("inf nan: [%f] [%F] [%e] [%g] [%a] [%5.1f] [%-6f|] [%+f]\n", inf,
         inf, -inf, inf, inf, -inf, inf, inf);
  printf("nan: [%f] [%F] [%e] [%G] [%8f] [%-8f|]\n", nan, nan, nan, nan, nan,
         nan);
  printf("extremes: [%g] [%g] [%e] [%.17g] [%.17g]\n", DBL_MAX, DBL_MIN,
         DBL_TRUE_MIN, 0.1, 1.0 / 3.0);
  printf("float: [%f] [%g] [%a]\n", (double)FLT_MAX, (double)FLT_EPSILON,
         (double)1.5f);
}

static void
long_doubles(void)
{
  long double third = 1.0L / 3.0L;

  printf("Lf: [%Lf] [%.20Lf] [%.0Lf]\n", 3.14159265358979323846L, third,
         2.5L);
  printf("Le Lg: [%Le] [%.25Le] [%Lg] [%LG]\n", 1e4000L, third, 1e-4000L,
         -LDBL_MIN);
  printf("La: [%La] [%LA] [%.4La]\n", 1.0L, third, third);
  printf("L extremes: [%Lg] [%Lg] [%.33Lg]\n", LDBL_MAX, LDBL_EPSILON,
         third);
  printf("L inf nan: [%Lf] [%Le] [%Lf]\n", (long double)INFINITY,
         -(long double)INFINITY, (long double)NAN);
}

// snprintf: the count is what the whole would take; the buffer keeps
// size - 1 bytes and a NUL.
static void
counts(void)
{
  char small[8], exact[6];
  int n;

  n = snprintf(small, hidden(sizeof(small)), "%s-%d", "truncated", 12345);
  printf("snprintf: %d [%s]\n", n, small);
  n = snprintf(exact, sizeof(exact), "%05d", 42);
  printf("exact: %d [%s]\n", n, exact);
  n = snprintf(NULL, 0, "%.3f|%x|%s", 2.0 / 3.0, 48879u, "count");
  printf("size only: %d\n", n);
  n = snprintf(small, hidden(1), "%d", 999);
  printf("size 1: %d [%s]\n", n, small);
  n = printf("%s", "");
  printf("empty: %d\n", n);
  n = fprintf(stdout, "%c%c%c\n", 'x', 'y', 'z');
  printf("fprintf: %d\n", n);
}

int
main(void)
{
  integers();
  flags();
  text();
  floats();
  long_doubles();
  counts();
  return 0;
}
