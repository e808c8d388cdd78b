/*
 * ls [path...]: list directories.
 *
 * For each entry of a directory, one line: name, type (d directory,
 * - file, c device), inode number and size in bytes. A path that is not
 * a directory gets that one line for itself. With no path, lists ".";
 * with several, each directory's list follows a "path:" line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char
type_char(unsigned int mode)
{
  if(S_ISDIR(mode))
    return 'd';
  if(S_ISCHR(mode))
    return 'c';
  return '-';
}

static void
print_entry(const char *name, struct stat *st)
{
  printf("%-14s %c %4lu %8lu\n", name, type_char(st->st_mode),
         (unsigned long)st->st_ino, (unsigned long)st->st_size);
}

// Lists the directory path, open at fd, with readdir (getdents64).
static int
list_dir(const char *path, int fd)
{
  char full[PATH_MAX];
  struct dirent *de;
  struct stat st;
  int ok = 0;
  DIR *d;

  if((d = fdopendir(dup(fd))) == 0){
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return -1;
  }
  while((de = readdir(d)) != 0){
    if(snprintf(full, sizeof(full), "%s/%s", path, de->d_name) >=
       (int)sizeof(full)){
      fprintf(stderr, "ls: %s/%s: %s\n", path, de->d_name,
              strerror(ENAMETOOLONG));
      ok = -1;
      continue;
    }
    if(stat(full, &st) < 0){
      fprintf(stderr, "ls: %s: %s\n", full, strerror(errno));
      ok = -1;
      continue;
    }
    print_entry(de->d_name, &st);
  }
  closedir(d);
  return ok;
}

static int
ls(const char *path, int header)
{
  struct stat st;
  int fd, r;

  fd = open(path, O_RDONLY);
  if(fd < 0){
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if(fstat(fd, &st) < 0){
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    close(fd);
    return -1;
  }
  if(S_ISDIR(st.st_mode)){
    if(header)
      printf("%s:\n", path);
    r = list_dir(path, fd);
  } else {
    print_entry(path, &st);
    r = 0;
  }
  close(fd);
  return r;
}

int
main(int argc, char *argv[])
{
  int status = 0;

  if(argc < 2)
    return ls(".", 0) < 0;
  for(int i = 1; i < argc; i++)
    if(ls(argv[i], argc > 2) < 0)
      status = 1;
  return status;
}
