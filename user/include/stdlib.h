/*
 * stdlib.h: memory, process exit, the environment and number conversion
 * (man stdlib.h(0p), malloc(3), exit(3), getenv(3), strtol(3)).
 */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));

char *getenv(const char *name);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int n);
long labs(long n);
long long llabs(long long n);

#endif
