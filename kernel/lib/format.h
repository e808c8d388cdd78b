#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>

/*
 * printf's formatting, apart from any output device: calls put(arg, c) for
 * each character. Knows %d %u %ld %lu %x %lx %o %lo %p %s %c %%, with an
 * optional width and 0 flag. Returns the number of characters produced.
 */
int vformat(void (*put)(void *arg, char c), void *arg, const char *fmt, va_list ap);

#endif
