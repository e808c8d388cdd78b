/*
 * stdio.h: formatted output (man stdio(3), printf(3)).
 *
 * nudge's stdio has no buffering: a FILE only names a file descriptor, and
 * each call writes what it formats at once, in one write() when it fits in
 * the library's buffer, so lines from concurrent processes do not mix.
 * Formats: %d %i %u %x %X %o %p %s %c %% with l, ll, z and h sizes, the
 * flags '-' '0' '+' ' ', a width and a precision (either may be '*').
 * No floating point.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <sys/types.h>

typedef struct FILE {
  int fd;
} FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

#define EOF (-1)

// setvbuf() modes; nudge's streams are always unbuffered.
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
#define BUFSIZ 1024

#define __printflike(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __printflike(1, 2);
int fprintf(FILE *f, const char *fmt, ...) __printflike(2, 3);
int dprintf(int fd, const char *fmt, ...) __printflike(2, 3);
int sprintf(char *buf, const char *fmt, ...) __printflike(2, 3);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);
int vsprintf(char *buf, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int puts(const char *s);
int fputs(const char *s, FILE *f);
int putchar(int c);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int getchar(void);
int fgetc(FILE *f);
int getc(FILE *f);
char *fgets(char *buf, int size, FILE *f);
void perror(const char *s);

// Nothing is ever buffered: these exist so Linux programs compile.
int fflush(FILE *f);
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void setbuf(FILE *f, char *buf);

#endif
