/*
 * wc [file...]: count the lines, words and bytes of each file, or of
 * stdin, and print them with the file's name; a "total" line follows
 * when there are several files.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
  unsigned long lines, words, bytes;
};

static char buf[1024];

static int
count(int fd, const char *name, struct counts *c)
{
  int inword = 0;
  ssize_t n;

  memset(c, 0, sizeof(*c));
  while((n = read(fd, buf, sizeof(buf))) > 0){
    c->bytes += n;
    for(ssize_t i = 0; i < n; i++){
      if(buf[i] == '\n')
        c->lines++;
      if(isspace(buf[i]))
        inword = 0;
      else if(!inword){
        inword = 1;
        c->words++;
      }
    }
  }
  if(n < 0){
    fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

static void
print(struct counts *c, const char *name)
{
  if(name)
    printf("%lu %lu %lu %s\n", c->lines, c->words, c->bytes, name);
  else
    printf("%lu %lu %lu\n", c->lines, c->words, c->bytes);
}

int
main(int argc, char *argv[])
{
  struct counts c, total = { 0, 0, 0 };
  int fd, status = 0;

  if(argc < 2){
    if(count(0, "stdin", &c) < 0)
      return 1;
    print(&c, 0);
    return 0;
  }
  for(int i = 1; i < argc; i++){
    fd = open(argv[i], O_RDONLY);
    if(fd < 0){
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if(count(fd, argv[i], &c) < 0){
      status = 1;
    } else {
      print(&c, argv[i]);
      total.lines += c.lines;
      total.words += c.words;
      total.bytes += c.bytes;
    }
    close(fd);
  }
  if(argc > 2)
    print(&total, "total");
  return status;
}
