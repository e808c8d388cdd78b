/*
 * ln old new: give the file old a second name, new (a hard link).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
  if(argc != 3){
    fprintf(stderr, "usage: ln old new\n");
    return 1;
  }
  if(link(argv[1], argv[2]) < 0){
    fprintf(stderr, "ln: %s -> %s: %s\n", argv[2], argv[1], strerror(errno));
    return 1;
  }
  return 0;
}
