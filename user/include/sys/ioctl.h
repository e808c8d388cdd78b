/*
 * sys/ioctl.h: ioctl(2), and the terminal requests nudge's console
 * answers (TCGETS, TIOCGWINSZ and struct winsize, nudge/termios.h), as
 * glibc's header provides them.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <nudge/termios.h>

int ioctl(int fd, unsigned long request, ...);

#endif
