/*
 * Memory and string functions, as the C library spells them, for a kernel
 * that links no C library:
 *   memset, memmove, memcpy, memcmp, strlen, strncmp,
 *   strncpy, safestrcpy (always NUL-terminates).
 * Byte at a time: clear rather than fast. gcc may call memset and memcpy
 * itself (struct copies), so these names must exist.
 */
#include "lib/string.h"

void *
memset(void *dst, int c, unsigned long n)
{
  unsigned char *d = dst;

  while(n-- > 0)
    *d++ = c;
  return dst;
}

// Copies n bytes; the two areas may overlap.
void *
memmove(void *dst, const void *src, unsigned long n)
{
  const unsigned char *s = src;
  unsigned char *d = dst;

  if(n == 0)
    return dst;
  if(s < d && s + n > d){
    // dst starts inside src: copy from the end, or we would overwrite
    // bytes of src before reading them.
    s += n;
    d += n;
    while(n-- > 0)
      *--d = *--s;
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

void *
memcpy(void *dst, const void *src, unsigned long n)
{
  return memmove(dst, src, n);
}

int
memcmp(const void *a, const void *b, unsigned long n)
{
  const unsigned char *p = a, *q = b;

  for(; n > 0; n--, p++, q++){
    if(*p != *q)
      return *p - *q;
  }
  return 0;
}

unsigned long
strlen(const char *s)
{
  unsigned long n = 0;

  while(s[n])
    n++;
  return n;
}

int
strncmp(const char *p, const char *q, unsigned long n)
{
  for(; n > 0 && *p && *p == *q; n--, p++, q++)
    ;
  if(n == 0)
    return 0;
  return (unsigned char)*p - (unsigned char)*q;
}

// Copies at most n bytes of t and pads with NULs to n; like C's strncpy,
// s is not NUL-terminated if t has n or more characters.
char *
strncpy(char *s, const char *t, int n)
{
  char *d = s;

  for(; n > 0 && *t; n--)
    *d++ = *t++;
  for(; n > 0; n--)
    *d++ = 0;
  return s;
}

// Copies at most n-1 characters of t and always ends s with a NUL.
char *
safestrcpy(char *s, const char *t, int n)
{
  char *d = s;

  if(n <= 0)
    return s;
  for(; n > 1 && *t; n--)
    *d++ = *t++;
  *d = 0;
  return s;
}
