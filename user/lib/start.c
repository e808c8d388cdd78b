/*
 * _start: where every program begins. exec leaves argc in a0 and argv in
 * a1, as a C call would, so _start can be a C function: it runs main and
 * exits with what main returns.
 */
#include <stdlib.h>

int main(int argc, char *argv[]);

void
_start(int argc, char *argv[])
{
  exit(main(argc, argv));
}
