#ifndef CONSOLE_H
#define CONSOLE_H

void consoleinit(void);
void consoleintr(int c);
void consputc(int c);

// printf.c-style kernel output, to the console.
void printf(char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(char *s) __attribute__((noreturn));
void printfinit(void);

#endif
