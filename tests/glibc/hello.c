/*
 * hello: printf and friends through glibc's stdio: every common
 * conversion, flags, widths and precisions, integers of each size,
 * floating point (which needs the FP registers), snprintf's truncation
 * and count, strtol and strtod, and an exit code the checker sees.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char *argv[])
{
  char small[8];
  int n;

  printf("argc %d, argv[0] ends in hello: %s\n", argc,
         strstr(argv[0], "hello") ? "yes" : "no");
  printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s] [%%]\n", -42, 42, 42u,
         0xbeef, 0xbeef, 8, 'z', "str");
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%*d]\n", 42, 42, 42, 42,
         42, 7, 6, 42);
  printf("[%ld] [%lld] [%lu] [%zu] [%hhd] [%hd] [%jd]\n", LONG_MIN,
         LLONG_MAX, ULONG_MAX, (size_t)123, (signed char)200, (short)70000,
         (intmax_t)-1);
  printf("[%#x] [%#o] [%10.4s] [%-10s|] [%.0s]\n", 255, 8, "abcdefgh", "left",
         "gone");
  printf("[%f] [%.2f] [%e] [%g] [%g] [%10.3f] [%a]\n", 3.14159265, 2.5,
         12345.678, 0.0001, 1e20, -1.5, 1.0);
  printf("[%f] [%f] [%.1f]\n", 1.0 / 3.0, 1e-7, 0.05);
  // The truncation is the point; the compiler must not see it coming.
  n = snprintf(small, sizeof(small), "%s", argc > 100 ? "" : "truncated text");
  printf("snprintf: %d \"%s\"\n", n, small);
  printf("strtol %ld %ld %lx, strtod %g %g\n", strtol("-123abc", 0, 10),
         strtol("0x1f", 0, 0), strtoul("ff", 0, 16), strtod("2.5e3", 0),
         strtod("-0.125", 0));
  fflush(stdout);
  fprintf(stderr, "to stderr\n");
  return 7;
}
