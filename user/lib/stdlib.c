/*
 * stdlib.h's number conversions (strtol and friends, atoi, abs), getenv,
 * and the ways a program ends badly: abort() and a failed assert().
 *
 * long and long long are both 64 bits on riscv64 (lp64), so the long
 * and long long versions share one implementation.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
digit_value(int c)
{
  if(isdigit(c))
    return c - '0';
  if(isalpha(c))
    return tolower(c) - 'a' + 10;
  return 99;
}

// What the strto* functions share: skip spaces, take a sign, a 0x or 0
// prefix as the base allows, then digits. Returns the magnitude, or
// ULLONG_MAX with *overflow set if it does not fit; *end points past the
// last digit used, or at s if there was none.
static unsigned long long
parse_number(const char *s, char **end, int base, int *neg, int *overflow)
{
  const char *p = s, *digits;
  unsigned long long v = 0;
  int d;

  *neg = *overflow = 0;
  if(base < 0 || base == 1 || base > 36){
    errno = EINVAL;
    if(end)
      *end = (char *)s;
    return 0;
  }
  while(isspace(*p))
    p++;
  if(*p == '-' || *p == '+')
    *neg = *p++ == '-';
  if((base == 0 || base == 16) && p[0] == '0' && tolower(p[1]) == 'x' &&
     digit_value(p[2]) < 16){
    p += 2;
    base = 16;
  } else if(base == 0){
    base = p[0] == '0' ? 8 : 10;
  }
  for(digits = p; (d = digit_value(*p)) < base; p++){
    if(v > (ULLONG_MAX - d) / base)
      *overflow = 1;
    v = v * base + d;
  }
  if(end)
    *end = (char *)(p == digits ? s : p);
  return *overflow ? ULLONG_MAX : v;
}

long long
strtoll(const char *s, char **end, int base)
{
  int neg, overflow;
  unsigned long long v = parse_number(s, end, base, &neg, &overflow);

  if(neg && (overflow || v > (unsigned long long)LLONG_MAX + 1)){
    errno = ERANGE;
    return LLONG_MIN;
  }
  if(!neg && (overflow || v > LLONG_MAX)){
    errno = ERANGE;
    return LLONG_MAX;
  }
  return neg ? -v : v;
}

// As C says, a '-' negates the unsigned result: strtoul("-1") is ULONG_MAX.
unsigned long long
strtoull(const char *s, char **end, int base)
{
  int neg, overflow;
  unsigned long long v = parse_number(s, end, base, &neg, &overflow);

  if(overflow){
    errno = ERANGE;
    return ULLONG_MAX;
  }
  return neg ? -v : v;
}

long
strtol(const char *s, char **end, int base)
{
  return strtoll(s, end, base);
}

unsigned long
strtoul(const char *s, char **end, int base)
{
  return strtoull(s, end, base);
}

int
atoi(const char *s)
{
  return strtol(s, 0, 10);
}

long
atol(const char *s)
{
  return strtol(s, 0, 10);
}

long long
atoll(const char *s)
{
  return strtoll(s, 0, 10);
}

int
abs(int n)
{
  return n < 0 ? -n : n;
}

long
labs(long n)
{
  return n < 0 ? -n : n;
}

long long
llabs(long long n)
{
  return n < 0 ? -n : n;
}

// abort(3): SIGABRT to the calling thread; if a handler returns, or the
// signal is ignored or blocked, SIGABRT again with SIG_DFL and unblocked,
// as glibc's abort does. The exit() is never reached.
void
abort(void)
{
  sigset_t abrt;

  raise(SIGABRT);
  signal(SIGABRT, SIG_DFL);
  sigemptyset(&abrt);
  sigaddset(&abrt, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &abrt, 0);
  raise(SIGABRT);
  exit(127);
}

void
__assert_fail(const char *expr, const char *file, unsigned int line,
              const char *func)
{
  dprintf(2, "%s:%u: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}

// The value of NAME in environ's "NAME=value" strings, or 0.
char *
getenv(const char *name)
{
  size_t n = strlen(name);

  for(char **e = environ; e && *e; e++)
    if(strncmp(*e, name, n) == 0 && (*e)[n] == '=')
      return *e + n + 1;
  return 0;
}
