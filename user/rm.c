/*
 * rm name...: remove each name with unlink(2); an empty directory, which
 * unlink refuses (EISDIR), with rmdir(2), as xv6's rm did and Linux's
 * rm -d does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
  int status = 0, r;

  if(argc < 2){
    fprintf(stderr, "usage: rm name...\n");
    return 1;
  }
  for(int i = 1; i < argc; i++){
    r = unlink(argv[i]);
    if(r < 0 && errno == EISDIR)
      r = rmdir(argv[i]);
    if(r < 0){
      fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;
}
