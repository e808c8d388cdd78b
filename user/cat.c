/*
 * cat [file...]: copy each file, or stdin if none (or for "-"), to stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[1024];

// Returns -1 after reporting a read or write error.
static int
copy(int fd, const char *name)
{
  ssize_t n, w;

  while((n = read(fd, buf, sizeof(buf))) > 0){
    for(ssize_t off = 0; off < n; off += w){
      w = write(1, buf + off, n - off);
      if(w <= 0){
        fprintf(stderr, "cat: write error: %s\n", strerror(errno));
        return -1;
      }
    }
  }
  if(n < 0){
    fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

int
main(int argc, char *argv[])
{
  int fd, status = 0;

  if(argc < 2)
    return copy(0, "stdin") < 0;
  for(int i = 1; i < argc; i++){
    if(strcmp(argv[i], "-") == 0){
      if(copy(0, "stdin") < 0)
        status = 1;
      continue;
    }
    fd = open(argv[i], O_RDONLY);
    if(fd < 0){
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if(copy(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  return status;
}
