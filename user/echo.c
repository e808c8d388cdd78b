/*
 * echo [-n] [arg...]: print the arguments, separated by spaces and ended
 * by a newline (none with -n), in one write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
  int first = 1, newline = 1;
  size_t len = 1, n = 0;
  char *buf;

  if(argc > 1 && strcmp(argv[1], "-n") == 0){
    newline = 0;
    first = 2;
  }
  for(int i = first; i < argc; i++)
    len += strlen(argv[i]) + 1;
  buf = malloc(len);
  if(buf == 0){
    fprintf(stderr, "echo: %s\n", strerror(errno));
    return 1;
  }
  for(int i = first; i < argc; i++){
    if(i > first)
      buf[n++] = ' ';
    strcpy(buf + n, argv[i]);
    n += strlen(argv[i]);
  }
  if(newline)
    buf[n++] = '\n';
  if(write(1, buf, n) != n){
    fprintf(stderr, "echo: write error: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}
