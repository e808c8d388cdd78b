/*
 * files: glibc's file calls on a directory of its own: openat, mkdirat,
 * unlinkat and fstatat relative to a directory fd; lseek, pread and
 * pwrite; readv and writev; opendir and readdir (glibc's, on getdents64);
 * getcwd after chdir (printed relative to where it started); access;
 * and environ, in a copy of itself run with an environment of its own
 * (the one it was started with differs between the two kernels), sorted.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int
cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// The names in directory path, sorted, on one line.
static void
list(const char *path)
{
  char *names[16];
  struct dirent *de;
  DIR *d = opendir(path);
  int n = 0, i;

  if (d == 0) {
    printf("opendir %s: %s\n", path, strerror(errno));
    return;
  }
  while ((de = readdir(d)) != 0 && n < 16)
    names[n++] = strdup(de->d_name);
  closedir(d);
  qsort(names, n, sizeof(names[0]), cmp);
  printf("%s:", path);
  for (i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void
io(int dir)
{
  struct iovec w[3] = { { "one ", 4 }, { "two ", 4 }, { "three", 5 } };
  char a[4], b[5], c[16];
  struct iovec r[3] = { { a, 4 }, { b, 5 }, { c, sizeof(c) } };
  char buf[32] = { 0 };
  struct stat st;
  int fd;
  long n;

  fd = openat(dir, "data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  printf("writev: %zd\n", writev(fd, w, 3));
  printf("lseek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
  printf("pwrite: %zd\n", pwrite(fd, "TWO", 3, 4));
  printf("pread: %zd", pread(fd, buf, 7, 4));
  printf(" '%s', position still %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
  lseek(fd, 2, SEEK_SET);
  n = readv(fd, r, 3);
  printf("readv from 2: %ld '%.4s' '%.5s' '%.*s'\n", n, a, b, (int)(n - 9), c);
  fstatat(dir, "data", &st, 0);
  printf("fstatat size %ld, regular %d\n", (long)st.st_size,
         S_ISREG(st.st_mode));
  close(fd);
}

int
main(int argc, char *argv[])
{
  char start[256], here[256];
  char *env[] = { "A=1", "PATH=/bin", "LONGER=with spaces", 0 };
  char **e;
  size_t base, n;
  int dir, st;

  setvbuf(stdout, 0, _IONBF, 0);
  if (argc == 2 && strcmp(argv[1], "--env") == 0) {
    // Sorted: qemu-riscv64 lays the strings out in reverse order, which
    // Linux does not.
    for (n = 0; environ[n]; n++)
      ;
    qsort(environ, n, sizeof(environ[0]), cmp);
    for (e = environ; *e; e++)
      printf("environ: %s\n", *e);
    return 0;
  }

  getcwd(start, sizeof(start));
  base = strcmp(start, "/") == 0 ? 0 : strlen(start);
  mkdir("files_g", 0755);
  dir = open("files_g", O_RDONLY | O_DIRECTORY);
  io(dir);
  mkdirat(dir, "sub", 0755);
  close(openat(dir, "sub/x", O_CREAT | O_WRONLY, 0644));
  list("files_g");
  list("files_g/sub");

  chdir("files_g/sub");
  getcwd(here, sizeof(here));
  printf("getcwd: %s\n", strncmp(here, start, base) == 0 ? here + base : here);
  printf("access x: %d, R_OK %d, X_OK %d (%s), dir X_OK %d\n",
         access("x", F_OK), access("x", R_OK | W_OK), access("x", X_OK),
         strerror(errno), access("..", X_OK));
  printf("access missing: %d (%s)\n", access("nope", F_OK), strerror(errno));
  chdir(start);

  unlinkat(dir, "sub/x", 0);
  unlinkat(dir, "sub", AT_REMOVEDIR);
  unlinkat(dir, "data", 0);
  list("files_g");
  close(dir);
  rmdir("files_g");

  if (fork() == 0) {
    execve(argv[0], (char *[]){ argv[0], "--env", 0 }, env);
    _exit(99);
  }
  wait(&st);
  printf("child: exit %d\n", WEXITSTATUS(st));
  return 0;
}
