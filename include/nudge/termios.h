/*
 * The terminal ioctls nudge's console answers, and what they carry
 * (Linux's include/uapi/asm-generic/ioctls.h and termbits.h, as on
 * riscv64; man ioctl_tty(2), termios(3)). struct termios is the kernel's
 * (NCCS 19), which TCGETS and TCSETS copy; glibc's own struct termios is
 * longer, and its tcgetattr converts.
 */
#ifndef NUDGE_TERMIOS_H
#define NUDGE_TERMIOS_H

#include <stdint.h>

#define TCGETS      0x5401      // read the settings
#define TCSETS      0x5402      // change them now
#define TCSETSW     0x5403      // ... once output is drained
#define TCSETSF     0x5404      // ... and input flushed
#define TIOCGWINSZ  0x5413      // the window's size

typedef uint8_t cc_t;
typedef uint32_t tcflag_t;

#define NCCS 19

struct termios {
  tcflag_t c_iflag;             // input modes
  tcflag_t c_oflag;             // output modes
  tcflag_t c_cflag;             // control modes
  tcflag_t c_lflag;             // local modes
  cc_t c_line;                  // line discipline (0, N_TTY)
  cc_t c_cc[NCCS];              // special characters, by V* index
};

struct winsize {
  uint16_t ws_row;
  uint16_t ws_col;
  uint16_t ws_xpixel;
  uint16_t ws_ypixel;
};

// c_cc indexes
#define VINTR     0
#define VQUIT     1
#define VERASE    2
#define VKILL     3
#define VEOF      4
#define VTIME     5
#define VMIN      6
#define VSWTC     7
#define VSTART    8
#define VSTOP     9
#define VSUSP    10
#define VEOL     11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE  14
#define VLNEXT   15
#define VEOL2    16

// c_iflag
#define IGNBRK  0000001
#define BRKINT  0000002
#define INLCR   0000100
#define IGNCR   0000200
#define ICRNL   0000400
#define IXON    0002000

// c_oflag
#define OPOST   0000001
#define ONLCR   0000004

// c_cflag
#define CBAUD   0010017
#define B9600   0000015
#define B38400  0000017
#define CSIZE   0000060
#define CS8     0000060
#define CREAD   0000200
#define HUPCL   0002000
#define CLOCAL  0004000

// c_lflag
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHONL  0000100
#define ECHOCTL 0001000
#define ECHOKE  0004000
#define IEXTEN  0100000

#endif
