#ifndef LIB_STRING_H
#define LIB_STRING_H

// String and memory functions; no kernel dependencies.
void *memset(void *dst, int c, unsigned long n);
void *memmove(void *dst, const void *src, unsigned long n);
void *memcpy(void *dst, const void *src, unsigned long n);
int   memcmp(const void *a, const void *b, unsigned long n);
unsigned long strlen(const char *s);
int   strncmp(const char *p, const char *q, unsigned long n);
char *strncpy(char *s, const char *t, int n);
char *safestrcpy(char *s, const char *t, int n);   // always NUL-terminates

#endif
