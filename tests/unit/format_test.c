/*
 * Host unit test for kernel/lib/format.c (vformat), built by tests/run-tests:
 *   gcc -Iinclude -Ikernel tests/unit/format_test.c kernel/lib/format.c
 * Each case formats into a buffer and compares with the expected text; the
 * cases that C defines are also checked against the host's snprintf.
 * Output follows the test protocol: one "test NAME: OK/FAILED" line per
 * case, then "format_test: N passed, N failed".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include "lib/format.h"

struct sink {
  char buf[256];
  int len;
};

static void
sink_put(void *arg, char c)
{
  struct sink *s = arg;

  if(s->len < (int)sizeof(s->buf) - 1)
    s->buf[s->len++] = c;
  s->buf[s->len] = 0;
}

static int passed, failed;
static int case_ok;   // the current case has not failed yet

// vformat into s; returns vformat's count.
static int
vfmt(struct sink *s, const char *fmt, va_list ap)
{
  s->len = 0;
  s->buf[0] = 0;
  return vformat(sink_put, s, fmt, ap);
}

// Formats with no compile-time check: for formats C does not define.
static int
fmt_raw(struct sink *s, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vfmt(s, fmt, ap);
  va_end(ap);
  return n;
}

static void
fail(int line, const char *what, const char *expected, const char *got)
{
  if(case_ok)
    printf("FAILED (%s:%d: %s, expected \"%s\", got \"%s\")\n",
           __FILE__, line, what, expected, got);
  case_ok = 0;
}

// Checks vformat's text and count against want.
static void
check_raw(int line, const char *want, const char *fmt, struct sink *s, int n)
{
  char nbuf[16], wbuf[16];

  if(strcmp(s->buf, want) != 0)
    fail(line, fmt, want, s->buf);
  else if(n != (int)strlen(want)){
    snprintf(nbuf, sizeof(nbuf), "%d", n);
    snprintf(wbuf, sizeof(wbuf), "%d", (int)strlen(want));
    fail(line, "returned count", wbuf, nbuf);
  }
}

// Checks vformat against want, and the host's snprintf against want too,
// so the expectations themselves are C's.
static void __attribute__((format(printf, 3, 4)))
check_c(int line, const char *want, const char *fmt, ...)
{
  struct sink s;
  char host[256];
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vfmt(&s, fmt, ap);
  va_end(ap);
  va_start(ap, fmt);
  vsnprintf(host, sizeof(host), fmt, ap);
  va_end(ap);
  if(strcmp(host, want) != 0)
    fail(line, "host snprintf disagrees with the test", want, host);
  check_raw(line, want, fmt, &s, n);
}

#define CHECK(want, ...)    check_c(__LINE__, want, __VA_ARGS__)
#define CHECK_RAW(want, ...) \
  do { struct sink s_; int n_ = fmt_raw(&s_, __VA_ARGS__); \
       check_raw(__LINE__, want, #__VA_ARGS__, &s_, n_); } while(0)

static void
test_plain(void)
{
  CHECK("", "%s", "");
  CHECK("hello, world", "hello, world");
  CHECK("100%", "100%%");
}

static void
test_decimal(void)
{
  CHECK("0", "%d", 0);
  CHECK("42 -42", "%d %d", 42, -42);
  CHECK("-2147483648", "%d", INT_MIN);
  CHECK("2147483647", "%d", INT_MAX);
  CHECK("4294967295", "%u", UINT_MAX);
  CHECK("-9223372036854775808", "%ld", LONG_MIN);
  CHECK("18446744073709551615", "%lu", ULONG_MAX);
}

static void
test_hex(void)
{
  CHECK("0 ff deadbeef", "%x %x %x", 0, 255, 0xdeadbeef);
  CHECK("ffffffff", "%x", -1);
  CHECK("ffffffffffffffff", "%lx", -1L);
  CHECK("123456789abcdef0", "%lx", 0x123456789abcdef0UL);
  CHECK("0 7 10 2004002", "%o %o %o %o", 0, 7, 8, 02004002);
  CHECK("1777777777777777777777", "%lo", -1L);
}

static void
test_width(void)
{
  CHECK("   42", "%5d", 42);
  CHECK("00042", "%05d", 42);
  CHECK("  -42", "%5d", -42);
  CHECK("-0042", "%05d", -42);
  CHECK("123456", "%3d", 123456);
  CHECK("0000beef", "%08x", 0xbeef);
  CHECK("      7", "%7lu", 7UL);
  CHECK("  ab", "%4s", "ab");
  CHECK("abcdef", "%2s", "abcdef");
  CHECK("   x", "%4c", 'x');
}

// The - flag: left-justified, and it beats the 0 flag.
static void
test_left(void)
{
  CHECK("42   |", "%-5d|", 42);
  CHECK("-42  |", "%-5d|", -42);
  CHECK("ab  |", "%-4s|", "ab");
  CHECK("x   |", "%-4c|", 'x');
  CHECK("ff   |", "%-5lx|", 255UL);
  CHECK_RAW("7    |", "%-05d|", 7);
  CHECK_RAW("0x00000000000000ff  |", "%-20p|", (void *)0xffUL);
}

static void
test_string_char(void)
{
  CHECK("a-b-c", "%c-%c-%c", 'a', 'b', 'c');
  CHECK("[nudge]", "[%s]", "nudge");
  CHECK_RAW("(null)", "%s", (char *)0);
  CHECK_RAW("    (null)", "%10s", (char *)0);
  CHECK("   000", "%4c%02d", '0', 0);
}

// %p is xv6's: 0x and 16 hex digits (glibc prints fewer, so no host check).
static void
test_pointer(void)
{
  CHECK_RAW("0x0000000080001000", "%p", (void *)0x80001000UL);
  CHECK_RAW("0x0000000000000000", "%p", (void *)0);
  CHECK_RAW("  0x00000000000000ff", "%20p", (void *)0xffUL);
}

// Formats C leaves undefined: print them as written, never crash.
static void
test_unknown(void)
{
  CHECK_RAW("%q", "%q");
  CHECK_RAW("a%5q", "a%5q");
  CHECK_RAW("end%", "end%");
  CHECK_RAW("end%08l", "end%08l");
  CHECK_RAW("1 %y 2", "%d %y %d", 1, 2);
}

static struct {
  const char *name;
  void (*fn)(void);
} cases[] = {
  { "plain", test_plain },
  { "decimal", test_decimal },
  { "hex", test_hex },
  { "width", test_width },
  { "left", test_left },
  { "string_char", test_string_char },
  { "pointer", test_pointer },
  { "unknown", test_unknown },
};

int
main(int argc, char *argv[])
{
  for(int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++){
    if(argc > 1 && strcmp(argv[1], cases[i].name) != 0)
      continue;
    printf("test %s: ", cases[i].name);
    fflush(stdout);
    case_ok = 1;
    cases[i].fn();
    if(case_ok){
      printf("OK\n");
      passed++;
    } else {
      failed++;
    }
  }
  printf("format_test: %d passed, %d failed\n", passed, failed);
  return failed != 0;
}
