/*
 * string.h's functions: memory and NUL-terminated strings, byte at a time
 * (simple first; nudge's programs move little data).
 */
#include <stdlib.h>
#include <string.h>

void *
memset(void *dst, int c, size_t n)
{
  unsigned char *d = dst;

  while(n-- > 0)
    *d++ = c;
  return dst;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
  return memmove(dst, src, n);
}

// Copies forward, or backward when dst overlaps the end of src.
void *
memmove(void *dst, const void *src, size_t n)
{
  unsigned char *d = dst;
  const unsigned char *s = src;

  if(s < d && d < s + n){
    d += n;
    s += n;
    while(n-- > 0)
      *--d = *--s;
  } else {
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
  const unsigned char *p = a, *q = b;

  for(; n > 0; n--, p++, q++)
    if(*p != *q)
      return *p - *q;
  return 0;
}

void *
memchr(const void *p, int c, size_t n)
{
  const unsigned char *s = p;

  for(; n > 0; n--, s++)
    if(*s == (unsigned char)c)
      return (void *)s;
  return 0;
}

size_t
strlen(const char *s)
{
  size_t n = 0;

  while(s[n])
    n++;
  return n;
}

size_t
strnlen(const char *s, size_t max)
{
  size_t n = 0;

  while(n < max && s[n])
    n++;
  return n;
}

int
strcmp(const char *a, const char *b)
{
  while(*a && *a == *b){
    a++;
    b++;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
  for(; n > 0; n--, a++, b++)
    if(*a != *b || *a == 0)
      return (unsigned char)*a - (unsigned char)*b;
  return 0;
}

char *
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while((*d++ = *src++) != 0)
    ;
  return dst;
}

// As C says: stops at n, and pads with NULs, so dst may lack one.
char *
strncpy(char *dst, const char *src, size_t n)
{
  size_t i = 0;

  for(; i < n && src[i]; i++)
    dst[i] = src[i];
  for(; i < n; i++)
    dst[i] = 0;
  return dst;
}

char *
strcat(char *dst, const char *src)
{
  strcpy(dst + strlen(dst), src);
  return dst;
}

// The terminating NUL counts as part of s: strchr(s, 0) finds it.
char *
strchr(const char *s, int c)
{
  for(;; s++){
    if(*s == (char)c)
      return (char *)s;
    if(*s == 0)
      return 0;
  }
}

char *
strrchr(const char *s, int c)
{
  const char *last = 0;

  for(;; s++){
    if(*s == (char)c)
      last = s;
    if(*s == 0)
      return (char *)last;
  }
}

char *
strstr(const char *hay, const char *needle)
{
  size_t n = strlen(needle);

  for(; *hay; hay++)
    if(strncmp(hay, needle, n) == 0)
      return (char *)hay;
  return n == 0 ? (char *)hay : 0;
}

char *
strdup(const char *s)
{
  size_t n = strlen(s) + 1;
  char *p = malloc(n);

  if(p)
    memcpy(p, s, n);
  return p;
}
