/*
 * Directory streams (man opendir(3), readdir(3)) on getdents64: a DIR
 * holds an fd and a buffer of the records the last getdents64 gave;
 * readdir hands them out one by one, refilling the buffer when it runs
 * out. A record is copied into the DIR's struct dirent, which the next
 * readdir overwrites, as POSIX allows.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct dirstream {
  int fd;
  int pos, len;                 // the next record in buf, the bytes in it
  struct dirent ent;            // what readdir returned last
  char buf[1024];               // records from getdents64
};

DIR *
fdopendir(int fd)
{
  struct stat st;
  DIR *d;

  if(fstat(fd, &st) < 0)
    return 0;
  if(!S_ISDIR(st.st_mode)){
    errno = ENOTDIR;
    return 0;
  }
  if((d = malloc(sizeof(*d))) == 0){
    errno = ENOMEM;
    return 0;
  }
  d->fd = fd;
  d->pos = d->len = 0;
  return d;
}

DIR *
opendir(const char *path)
{
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d;

  if(fd < 0)
    return 0;
  if((d = fdopendir(fd)) == 0)
    close(fd);
  return d;
}

// The next entry, or 0 at the end (errno unchanged) or on an error.
struct dirent *
readdir(DIR *d)
{
  struct linux_dirent64 *rec;
  long n;

  if(d->pos >= d->len){
    if((n = getdents64(d->fd, d->buf, sizeof(d->buf))) <= 0)
      return 0;
    d->pos = 0;
    d->len = n;
  }
  rec = (struct linux_dirent64 *)(d->buf + d->pos);
  d->pos += rec->d_reclen;
  d->ent.d_ino = rec->d_ino;
  d->ent.d_off = rec->d_off;
  d->ent.d_reclen = sizeof(d->ent);
  d->ent.d_type = rec->d_type;
  strcpy(d->ent.d_name, rec->d_name);
  return &d->ent;
}

void
rewinddir(DIR *d)
{
  lseek(d->fd, 0, SEEK_SET);
  d->pos = d->len = 0;
}

int
dirfd(DIR *d)
{
  return d->fd;
}

int
closedir(DIR *d)
{
  int r = close(d->fd);

  free(d);
  return r;
}
