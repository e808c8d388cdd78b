/*
 * grep PATTERN [file...]: print the lines that match PATTERN, from each
 * file or stdin. With several files each line starts with "file:".
 * Exit status, as POSIX grep: 0 if a line matched, 1 if none, 2 on error.
 *
 * PATTERN is a small regular expression:
 *   c   the character c        .   any character
 *   x*  zero or more of x      ^ $ the start and end of the line
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int match_here(const char *re, const char *text);

// re starts after a "c*": try the rest after zero copies of c, then one,
// and so on, while text has copies of c to skip.
static int
match_star(char c, const char *re, const char *text)
{
  for(;;){
    if(match_here(re, text))
      return 1;
    if(*text == 0 || (c != '.' && *text != c))
      return 0;
    text++;
  }
}

// Does re match a prefix of text? Plain characters are matched in the
// loop rather than by recursion, which only a '*' needs.
static int
match_here(const char *re, const char *text)
{
  for(; re[0] != 0; re++, text++){
    if(re[1] == '*')
      return match_star(re[0], re + 2, text);
    if(re[0] == '$' && re[1] == 0)
      return *text == 0;
    if(*text == 0 || (re[0] != '.' && re[0] != *text))
      return 0;
  }
  return 1;
}

// Does re match anywhere in text?
static int
match(const char *re, const char *text)
{
  if(re[0] == '^')
    return match_here(re + 1, text);
  do {
    if(match_here(re, text))
      return 1;
  } while(*text++ != 0);
  return 0;
}

static char buf[1024];

// One line in line[0..n): print it (and its newline) if it matches.
static int
grep_line(const char *re, char *line, int n, const char *prefix)
{
  line[n] = 0;
  if(!match(re, line))
    return 0;
  line[n] = '\n';
  if(prefix)
    printf("%s:%.*s", prefix, n + 1, line);
  else
    write(1, line, n + 1);
  return 1;
}

// Returns the number of matching lines, or -1 on a read error. buf
// keeps one byte spare for grep_line's terminator; a line longer than
// the rest is taken as several lines.
static int
grep(const char *re, int fd, const char *name, const char *prefix)
{
  int len = 0, matches = 0, n, start;
  char *nl;

  while((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0){
    len += n;
    start = 0;
    while((nl = memchr(buf + start, '\n', len - start)) != 0){
      matches += grep_line(re, buf + start, nl - (buf + start), prefix);
      start = nl + 1 - buf;
    }
    if(start == 0 && len == sizeof(buf) - 1){
      matches += grep_line(re, buf, len, prefix);
      start = len;
    }
    memmove(buf, buf + start, len - start);
    len -= start;
  }
  if(len > 0)
    matches += grep_line(re, buf, len, prefix);
  if(n < 0){
    fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return matches;
}

int
main(int argc, char *argv[])
{
  int fd, n, matched = 0, error = 0;

  if(argc < 2){
    fprintf(stderr, "usage: grep pattern [file...]\n");
    return 2;
  }
  if(argc == 2){
    n = grep(argv[1], 0, "stdin", 0);
    return n < 0 ? 2 : n > 0 ? 0 : 1;
  }
  for(int i = 2; i < argc; i++){
    fd = open(argv[i], O_RDONLY);
    if(fd < 0){
      fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      error = 1;
      continue;
    }
    n = grep(argv[1], fd, argv[i], argc > 3 ? argv[i] : 0);
    if(n < 0)
      error = 1;
    else if(n > 0)
      matched = 1;
    close(fd);
  }
  if(error)
    return 2;
  return matched ? 0 : 1;
}
