/*
 * halt: turn the machine off; QEMU exits.
 */
#include <errno.h>
#include <nudge.h>
#include <stdio.h>
#include <string.h>

int
main(void)
{
  poweroff(0);
  fprintf(stderr, "halt: %s\n", strerror(errno));
  return 1;
}
