/*
 * termios.h: a terminal's settings (man termios(3)), the few functions
 * nudge's console needs. struct termios here is the kernel's
 * (nudge/termios.h), so tcgetattr and tcsetattr pass it through as they
 * are (user/lib/termios.c); glibc's has room for 32 characters and the
 * speeds, and converts.
 */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <nudge/termios.h>

// tcsetattr's when
#define TCSANOW   0             // TCSETS
#define TCSADRAIN 1             // TCSETSW
#define TCSAFLUSH 2             // TCSETSF

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);

#endif
