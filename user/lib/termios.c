/*
 * The terminal functions, on the console's ioctls (kernel/dev/console.c),
 * as glibc builds them:
 *   tcgetattr   TCGETS
 *   tcsetattr   TCSETS, TCSETSW or TCSETSF, by when
 *   isatty      does TCGETS work? (ENOTTY if not: a pipe, a file)
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int
tcgetattr(int fd, struct termios *t)
{
  return ioctl(fd, TCGETS, t);
}

int
tcsetattr(int fd, int when, const struct termios *t)
{
  static const unsigned long cmds[] = {
    [TCSANOW] = TCSETS, [TCSADRAIN] = TCSETSW, [TCSAFLUSH] = TCSETSF,
  };

  if(when < 0 || when > TCSAFLUSH){
    errno = EINVAL;
    return -1;
  }
  return ioctl(fd, cmds[when], t);
}

int
isatty(int fd)
{
  struct termios t;

  return tcgetattr(fd, &t) == 0;
}
