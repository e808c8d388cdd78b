/*
 * diff_files: the file calls glibc leans on, beyond open, read and
 * write: lseek (every whence, every kind of file, the limits of a
 * position), pread64 and pwrite64 (the position stays), readv and writev
 * (the iovec checks: count, lengths, addresses; short transfers; pipes),
 * getdents64 (records, sizes, continuing, the end, errors), getcwd,
 * faccessat, readlinkat, umask and fcntl's F_DUPFD_CLOEXEC. Never inode
 * numbers, d_off values or the order of entries (Linux's file systems
 * hash them), nor absolute paths: getcwd is printed relative to where
 * the test started.
 *
 * Each case works in a directory of its own under "files_w", made in the
 * current directory. BAD is unmapped memory on x86-64 Linux and on nudge
 * alike; KERNEL_ADDR is no user memory on either.
 */
#include "diff.h"

#include <dirent.h>
#include <limits.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define BAD ((void *)opaque(1))
#define KERNEL_ADDR ((void *)opaque(0xffffffff80000000UL))
#define NOT_OPEN 999

static char start_dir[512];     // the cwd when main began

// n bytes at buf, as a string: "-1 ERRNO" for r < 0, else "r 'text'".
static const char *
got(long r, const char *buf)
{
  char *s = diff_buf();

  if (r < 0)
    return res(r);
  snprintf(s, DIFF_BUFSZ, "%ld '%.*s'", r, (int)r, buf);
  return s;
}

static long
pos(int fd)
{
  return lseek(fd, 0, SEEK_CUR);
}

/* ---- lseek -------------------------------------------------------------- */

// SEEK_SET, SEEK_CUR, SEEK_END; past the end is allowed, and a write
// there leaves a hole that reads as zeroes.
CASE(lseek_file)
{
  char buf[32];
  const char *a, *b, *c, *d, *e;
  int fd, i, zeros = 0;
  long n;

  enter("lf");
  fd = mkfile_rw("f", "hello world");
  a = res(lseek(fd, 3, SEEK_SET));
  n = read(fd, buf, 4);
  b = got(n, buf);
  c = res(lseek(fd, 0, SEEK_CUR));
  d = res(lseek(fd, -1, SEEK_END));
  e = res(lseek(fd, 5, SEEK_END));
  write(fd, "X", 1);
  lseek(fd, 0, SEEK_SET);
  n = read(fd, buf, sizeof(buf));
  for (i = 0; i < n; i++)
    zeros += buf[i] == 0;
  say("set %s read %s cur %s end-1 %s end+5 %s; then %ld bytes, %d zero, "
      "last %c", a, b, c, d, e, n, zeros, buf[n - 1]);
}

// Bad whence and negative or overflowing results are EINVAL and leave
// the position; SEEK_DATA and SEEK_HOLE see a file with no holes.
CASE(lseek_errors)
{
  const char *a, *b, *c, *d, *e, *g, *h, *i, *j, *k;
  int fd;

  enter("le");
  fd = mkfile_rw("f", "hello world");
  lseek(fd, 5, SEEK_SET);
  a = res(lseek(fd, 0, 5));
  b = res(lseek(fd, -1, SEEK_SET));
  c = res(lseek(fd, -20, SEEK_END));
  d = res(lseek(fd, LONG_MAX, SEEK_CUR));
  e = res(lseek(NOT_OPEN, 0, SEEK_SET));
  g = res(lseek(fd, 0, SEEK_DATA));
  h = res(lseek(fd, 3, SEEK_HOLE));
  i = res(lseek(fd, 11, SEEK_DATA));
  j = res(lseek(fd, 11, SEEK_HOLE));
  k = res(lseek(fd, -1, SEEK_DATA));
  say("whence5 %s neg %s end-20 %s cur+max %s closed %s data0 %s hole3 %s "
      "data11 %s hole11 %s data-1 %s", a, b, c, d, e, g, h, i, j, k);
}

// A pipe cannot seek (ESPIPE, but a bad whence is EINVAL first); an
// eventfd and an epoll can, and stay at 0; a directory can be rewound.
CASE(lseek_kinds)
{
  int p[2], e, ep, d;
  const char *a, *b, *c, *f, *g, *h;

  enter("lk");
  pipe(p);
  e = eventfd(0, 0);
  ep = epoll_create1(0);
  d = open(".", O_RDONLY | O_DIRECTORY);
  a = res(lseek(p[0], 0, SEEK_CUR));
  b = res(lseek(p[1], 0, 9));
  c = res(lseek(e, 5, SEEK_SET));
  f = res(lseek(ep, 7, SEEK_SET));
  g = res(lseek(ep, 0, 9));
  h = res(lseek(d, 0, SEEK_SET));
  say("pipe %s pipe-whence9 %s eventfd %s epoll %s epoll-whence9 %s dir %s",
      a, b, c, f, g, h);
}

/* ---- pread64, pwrite64 -------------------------------------------------- */

// At an offset, leaving the position where it was; O_APPEND's pwrite
// appends (Linux's known exception).
CASE(pread_file)
{
  char buf[32];
  const char *a, *b, *c, *d, *e;
  int fd, ap;
  long n;

  enter("pf");
  fd = mkfile_rw("f", "hello world");
  lseek(fd, 2, SEEK_SET);
  n = pread(fd, buf, 4, 6);
  a = got(n, buf);
  b = res(pwrite(fd, "J", 1, 0));
  n = pread(fd, buf, sizeof(buf), 0);
  c = got(n, buf);
  d = res(pread(fd, buf, 4, 100));
  ap = open("f", O_WRONLY | O_APPEND);
  e = res(pwrite(ap, "!", 1, 0));
  n = pread(fd, buf, sizeof(buf), 0);
  say("pread6 %s pwrite0 %s all %s past-end %s pos %ld append %s then %s", a,
      b, c, d, pos(fd), e, got(n, buf));
}

// A negative offset is EINVAL before the fd is looked at; then EBADF,
// ESPIPE for what cannot seek (and for an eventfd or epoll, which can),
// EISDIR, and the access mode.
CASE(pread_errors)
{
  char buf[8];
  int fd, ro, wo, p[2], e, ep, d;
  const char *a, *b, *c, *f, *g, *h, *i, *j, *k;

  enter("pe");
  fd = mkfile_rw("f", "hello");
  ro = open("f", O_RDONLY);
  wo = open("f", O_WRONLY);
  pipe(p);
  e = eventfd(1, 0);
  ep = epoll_create1(0);
  d = open(".", O_RDONLY | O_DIRECTORY);
  a = res(pread(fd, buf, 1, -1));
  b = res(pread(NOT_OPEN, buf, 1, -1));
  c = res(pread(NOT_OPEN, buf, 1, 0));
  f = res(pread(p[0], buf, 1, 0));
  g = res(pwrite(e, buf, 8, 0));
  h = res(pread(ep, buf, 1, 0));
  i = res(pread(d, buf, 1, 0));
  j = res(pread(wo, buf, 1, 0));
  k = res(pwrite(ro, "x", 1, 0));
  say("neg %s closed-neg %s closed %s pipe %s eventfd %s epoll %s dir %s "
      "wronly %s rdonly %s bad-buf %s", a, b, c, f, g, h, i, j, k,
      res(pread(fd, BAD, 1, 0)));
}

// read of a directory: EISDIR, for read, pread and readv alike.
CASE(read_dir)
{
  char buf[64];
  struct iovec iov = { buf, sizeof(buf) };
  int d;
  const char *a, *b;

  enter("rd");
  d = open(".", O_RDONLY | O_DIRECTORY);
  a = res(read(d, buf, sizeof(buf)));
  b = res(readv(d, &iov, 1));
  say("read %s readv %s zero %s", a, b, res(read(d, buf, 0)));
}

/* ---- readv, writev ------------------------------------------------------ */

CASE(rw_vectors)
{
  char a[2], b[3], c[16], all[32];
  struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cdefgh", 6 } };
  struct iovec r[3] = { { a, 2 }, { b, 3 }, { c, sizeof(c) } };
  const char *x, *y;
  int fd;
  long n;

  enter("rv");
  fd = mkfile_rw("f", "");
  x = res(writev(fd, w, 3));
  lseek(fd, 0, SEEK_SET);
  y = res(readv(fd, r, 3));
  n = pread(fd, all, sizeof(all), 0);
  say("writev %s readv %s: %.2s|%.3s|%.3s file %s pos %ld", x, y, a, b, c,
      got(n, all), pos(fd));
}

// The array: at most IOV_MAX (1024) segments, else EINVAL; 0 segments
// read nothing; an array that cannot be read is EFAULT; a length
// negative as a ssize_t is EINVAL; a segment outside user memory EFAULT,
// before anything moves. The fd and its mode come first.
CASE(rw_iov_checks)
{
  static struct iovec many[1025];
  char buf[8];
  struct iovec neg[2] = { { buf, 4 }, { buf, (size_t)-1 } };
  struct iovec huge[2] = { { buf, LONG_MAX }, { buf, 8 } };
  struct iovec kern[2] = { { buf, 4 }, { KERNEL_ADDR, 4 } };
  int fd, i, p[2];
  const char *a, *b, *c, *d, *e, *f, *g, *h, *j, *k;

  enter("rc");
  fd = mkfile_rw("f", "hello world");
  pipe(p);
  for (i = 0; i < 1025; i++)
    many[i] = (struct iovec){ buf, i == 0 };
  lseek(fd, 0, SEEK_SET);
  a = res(readv(fd, many, 1024));
  b = res(readv(fd, many, 1025));
  c = res(readv(fd, (struct iovec *)opaque(0), 0));
  d = res(readv(fd, BAD, 2));
  e = res(readv(fd, neg, 2));
  f = res(writev(fd, huge, 2));
  g = res(readv(fd, kern, 2));
  h = res(readv(fd, many, (int)opaque(-1)));
  j = res(readv(p[1], many, 1025));
  k = res(readv(NOT_OPEN, BAD, 1025));
  say("1024 %s 1025 %s none %s bad-array %s neg-len %s huge %s kernel %s "
      "count-1 %s wrong-end %s closed %s pos %ld", a, b, c, d, e, f, g, h, j,
      k, pos(fd));
}

// A segment whose pages are not there ends the transfer short; the
// position moves by what moved.
CASE(rw_iov_short)
{
  char buf[8];
  struct iovec iov[2] = { { buf, 4 }, { BAD, 4 } };
  int fd;
  const char *a, *b;

  enter("rs");
  fd = mkfile_rw("f", "hello world");
  lseek(fd, 0, SEEK_SET);
  a = res(readv(fd, iov, 2));
  b = res(writev(fd, iov, 2));
  say("readv %s writev %s pos %ld", a, b, pos(fd));
}

// A pipe: readv returns what is there without waiting to fill later
// segments; an empty vector does not block; a writev arrives whole.
CASE(rw_iov_pipe)
{
  char a[4], b[4], c[8];
  struct iovec r[2] = { { a, 4 }, { b, 4 } };
  struct iovec r2[2] = { { a, 4 }, { b, 2 } };
  struct iovec none[1] = { { a, 0 } };
  struct iovec w[2] = { { "12", 2 }, { "345", 3 } };
  int p[2];
  const char *x, *y, *z, *v;
  long n;

  pipe(p);
  write(p[1], "abcd", 4);
  x = res(readv(p[0], r, 2));
  write(p[1], "efghijkl", 8);
  y = res(readv(p[0], r2, 2));
  n = read(p[0], c, sizeof(c));
  z = res(readv(p[0], none, 1));
  v = res(writev(p[1], w, 2));
  say("4 of 8 %s 8 of 6 %s: %.4s%.2s rest %s empty %s writev %s then %s", x,
      y, a, b, got(n, c), z, v, rdstr(p[0]));
}

// An eventfd's 8 bytes in one segment.
CASE(rw_iov_eventfd)
{
  unsigned long v = 0, w = 5;
  struct iovec r = { &v, 8 }, wr = { &w, 8 };
  int e = eventfd(2, 0);
  const char *a, *b;

  a = res(writev(e, &wr, 1));
  b = res(readv(e, &r, 1));
  say("writev %s readv %s value %lu", a, b, v);
}

/* ---- getdents64 --------------------------------------------------------- */

static char names[32][64];      // what records() and readdir_names gather

// names[0..n-1], sorted, joined by ", ".
static const char *
joined(int n)
{
  char *s = diff_buf(), tmp[64];
  int i, j;

  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++)
      if (strcmp(names[j], names[i]) < 0) {
        strcpy(tmp, names[i]);
        strcpy(names[i], names[j]);
        strcpy(names[j], tmp);
      }
  s[0] = 0;
  for (i = 0; i < n; i++)
    snprintf(s + strlen(s), DIFF_BUFSZ - strlen(s), "%s%s", i ? ", " : "",
             names[i]);
  return s;
}

// "name TYPE" for each record in buf (n bytes), sorted, and whether
// every d_reclen is Linux's: the header, the name and NUL, to 8 bytes.
static const char *
records(const char *buf, long n, int *count)
{
  const struct dirent64 *d;
  int k = 0, ok = 1;
  long off;

  for (off = 0; off < n && k < 32; off += d->d_reclen, k++) {
    d = (const struct dirent64 *)(buf + off);
    ok &= d->d_reclen == ((19 + strlen(d->d_name) + 1 + 7) & ~7UL);
    snprintf(names[k], sizeof(names[k]), "%.40s %s", d->d_name,
             d->d_type == DT_DIR ? "DIR" : d->d_type == DT_REG ? "REG" :
             d->d_type == DT_CHR ? "CHR" : "other");
  }
  if (count)
    *count += k;
  return ok ? joined(k) : "bad reclen";
}

// One call lists everything, "." and ".." included; the next says 0;
// a removed name is gone; lseek to 0 starts again.
CASE(getdents_list)
{
  char buf[1024];
  int d, fd;
  long n;
  const char *a, *b, *c;

  enter("gl");
  mkdir("sub", 0755);
  close(mkfile_rw("a", "x"));
  close(mkfile_rw("bb", "x"));
  close(mkfile_rw("gone", "x"));
  unlink("gone");
  d = open(".", O_RDONLY | O_DIRECTORY);
  n = getdents64(d, buf, sizeof(buf));
  a = records(buf, n, 0);
  b = res(getdents64(d, buf, sizeof(buf)));
  fd = mkfile_rw("new", "");
  close(fd);
  lseek(d, 0, SEEK_SET);
  n = getdents64(d, buf, sizeof(buf));
  c = records(buf, n, 0);
  say("%s; then %s; after lseek %s", a, b, c);
}

// A buffer too small for the next record is EINVAL; one record at a time
// continues where the last call stopped, until 0.
CASE(getdents_small)
{
  char buf[64];
  int d, calls = 0, count = 0;
  long n;
  const char *a, *b, *c;

  enter("gs");
  close(mkfile_rw("abc", "x"));
  close(mkfile_rw("defgh", "x"));
  mkdir("ijk", 0755);
  d = open(".", O_RDONLY | O_DIRECTORY);
  a = res(getdents64(d, buf, 10));
  b = res(getdents64(d, buf, 0));
  c = res(getdents64(d, buf, 24));
  lseek(d, 0, SEEK_SET);
  while ((n = getdents64(d, buf, 32)) > 0 && calls < 20) {
    records(buf, n, &count);
    calls++;
  }
  say("10 %s 0 %s 24 %s; by 32: %d calls %d entries, last %s", a, b, c, calls,
      count, res(n));
}

CASE(getdents_errors)
{
  char buf[256];
  int f, p[2], e, d;
  const char *a, *b, *c, *g, *h;

  enter("ge");
  f = mkfile_rw("f", "x");
  pipe(p);
  e = eventfd(0, 0);
  d = open(".", O_RDONLY | O_DIRECTORY);
  a = res(getdents64(f, buf, sizeof(buf)));
  b = res(getdents64(p[0], buf, sizeof(buf)));
  c = res(getdents64(e, buf, sizeof(buf)));
  g = res(getdents64(NOT_OPEN, buf, sizeof(buf)));
  h = res(getdents64(d, BAD, sizeof(buf)));
  say("file %s pipe %s eventfd %s closed %s bad-buf %s", a, b, c, g, h);
}

// readdir on getdents64: the names, sorted.
CASE(readdir_names)
{
  struct dirent *de;
  DIR *dir;
  int n = 0;

  enter("rn");
  close(mkfile_rw("zz", ""));
  close(mkfile_rw("aa", ""));
  mkdir("mm", 0755);
  dir = opendir(".");
  while ((de = readdir(dir)) != 0 && n < 32)
    snprintf(names[n++], sizeof(names[0]), "%.60s", de->d_name);
  closedir(dir);
  say("%d: %s; not a dir %s", n, joined(n), opendir("zz") ? "opened" : res(-1));
}

/* ---- getcwd ------------------------------------------------------------- */

// The path after chdir, relative to where the test began; ERANGE when
// it does not fit (the NUL counts); EFAULT; a removed cwd is ENOENT.
CASE(getcwd_paths)
{
  char buf[512], small[4];
  size_t base = strlen(start_dir);
  const char *a, *b, *c, *d, *e, *g;
  char *m;

  enter("gc");
  mkdir("a", 0755);
  mkdir("a/bcd", 0755);
  chdir("a/bcd");
  a = getcwd(buf, sizeof(buf)) ? keep(buf + base) : res(-1);
  b = getcwd(buf, strlen(buf)) ? "fits" : res(-1);
  c = getcwd(buf, strlen(start_dir) + 20) ? "fits" : res(-1);
  d = getcwd((char *)opaque(0) + 1, sizeof(buf)) ? "fits" : res(-1);
  chdir("..");
  m = getcwd(0, 0);
  e = m ? keep(m + base) : res(-1);
  rmdir("bcd");
  mkdir("x", 0755);
  chdir("x");
  rmdir("../x");
  g = getcwd(buf, sizeof(buf)) ? "found" : res(-1);
  say("a/bcd %s exact-len %s +20 %s bad %s malloc %s removed %s small %s", a,
      b, c, d, e, g, getcwd(small, sizeof(small)) ? "fits" : res(-1));
}

// getcwd in a child after chdir; the parent's is its own.
CASE(getcwd_fork)
{
  char buf[512];
  int pid;

  enter("gf");
  pid = fork();
  if (pid == 0) {
    chdir("/");
    getcwd(buf, sizeof(buf));
    _exit(strcmp(buf, "/") == 0 ? 7 : 1);
  }
  getcwd(buf, sizeof(buf));
  say("child %s parent %s", reap(), buf + strlen(start_dir));
}

/* ---- faccessat, access -------------------------------------------------- */

// Root may read and write anything; X_OK wants an x bit, which files
// (0644) lack and directories (0755) have.
CASE(access_modes)
{
  const char *a, *b, *c, *d, *e, *g, *h;

  enter("am");
  close(mkfile_rw("f", "x"));
  mkdir("d", 0755);
  a = res(access("f", F_OK));
  b = res(access("f", R_OK | W_OK));
  c = res(access("f", X_OK));
  d = res(access("d", R_OK | W_OK | X_OK));
  e = res(access("nx", F_OK));
  g = res(access("f", R_OK | X_OK));
  h = res(access("d/", X_OK));
  say("f %s rw %s x %s dir-rwx %s nx %s rx %s d/ %s", a, b, c, d, e, g, h);
}

// A mode bit beyond R_OK|W_OK|X_OK is EINVAL first; then the path's
// errors, dirfd's, the walk's.
CASE(access_errors)
{
  int d, f;
  const char *a, *b, *c, *e, *g, *h, *i, *j, *k;

  enter("ae");
  close(mkfile_rw("f", "x"));
  mkdir("d", 0755);
  close(mkfile_rw("d/g", "x"));
  d = open("d", O_RDONLY | O_DIRECTORY);
  f = open("f", O_RDONLY);
  a = res(access("f", 8));
  b = res(access("nx", 8));
  c = res(faccessat(NOT_OPEN, (char *)BAD, 8, 0));
  e = res(access("f/", F_OK));
  g = res(access("", F_OK));
  h = res(access((char *)BAD, F_OK));
  i = res(faccessat(d, "g", W_OK, 0));
  j = res(faccessat(NOT_OPEN, "g", F_OK, 0));
  k = res(faccessat(f, "g", F_OK, 0));
  say("mode8 %s nx-mode8 %s all-bad %s f/ %s empty %s bad %s dirfd %s "
      "closed %s file-dirfd %s eaccess %s flag1 %s", a, b, c, e, g, h, i, j, k,
      res(faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS)),
      res(faccessat(AT_FDCWD, "f", R_OK, 1)));
}

/* ---- readlinkat --------------------------------------------------------- */

// No symbolic links here: anything that exists is EINVAL (not a link),
// before buf is looked at; a bufsiz not above 0 is EINVAL first.
CASE(readlink_cases)
{
  char buf[64];
  int d;
  const char *a, *b, *c, *e, *g, *h, *i, *j, *k;

  enter("rl");
  close(mkfile_rw("f", "x"));
  mkdir("d", 0755);
  d = open("d", O_RDONLY | O_DIRECTORY);
  a = res(readlink("f", buf, sizeof(buf)));
  b = res(readlink("d", buf, sizeof(buf)));
  c = res(readlink("nx", buf, sizeof(buf)));
  e = res(readlink("nx", buf, opaque(0)));
  g = res(readlink("f", BAD, sizeof(buf)));
  h = res(readlink("", buf, sizeof(buf)));
  i = res(readlink((char *)BAD, buf, sizeof(buf)));
  j = res(readlinkat(NOT_OPEN, "f", buf, sizeof(buf)));
  k = res(readlinkat(d, "..", buf, sizeof(buf)));
  say("file %s dir %s nx %s nx-size0 %s bad-buf %s empty %s bad-path %s "
      "closed %s dirfd %s f/x %s", a, b, c, e, g, h, i, j, k,
      res(readlink("f/x", buf, sizeof(buf))));
}

/* ---- umask, F_DUPFD_CLOEXEC --------------------------------------------- */

// The old mask comes back, only its 0777 bits kept; a child inherits it.
CASE(umask_cases)
{
  int a, b, c;

  umask(027);
  a = umask(0777777);
  b = umask(022);
  if (fork() == 0)
    _exit(umask(0));
  c = umask(0);
  say("027 %o 0777777 %o child %s parent %o", a, b, reap(), c);
}

CASE(dupfd_cloexec)
{
  int fd = open(".", O_RDONLY), d, e;
  const char *a, *b;

  d = fcntl(fd, F_DUPFD_CLOEXEC, 100);
  e = fcntl(fd, F_DUPFD, 100);
  a = res(fcntl(fd, F_DUPFD_CLOEXEC, -1));
  b = res(fcntl(NOT_OPEN, F_DUPFD_CLOEXEC, 0));
  say("fd>=100 %d cloexec %d; F_DUPFD %d cloexec %d; neg %s closed %s",
      d >= 100, fcntl(d, F_GETFD), e > d, fcntl(e, F_GETFD), a, b);
}

int
main(void)
{
  diff_begin("diff_files");
  mkdir("files_w", 0755);
  if (chdir("files_w") < 0 || getcwd(start_dir, sizeof(start_dir)) == 0) {
    printf("diff_files: files_w: %s\n", errname(errno));
    return 1;
  }
  RUN(lseek_file);
  RUN(lseek_errors);
  RUN(lseek_kinds);
  RUN(pread_file);
  RUN(pread_errors);
  RUN(read_dir);
  RUN(rw_vectors);
  RUN_NATIVE(rw_iov_checks);        // qemu-user: checks the iovecs its own way
  RUN(rw_iov_short);
  RUN(rw_iov_pipe);
  RUN(rw_iov_eventfd);
  RUN(getdents_list);
  RUN_NATIVE(getdents_small);       // qemu-user: ENOMEM for a 0-byte buffer
  RUN(getdents_errors);
  RUN(readdir_names);
  RUN(getcwd_paths);
  RUN(getcwd_fork);
  RUN(access_modes);
  RUN_NATIVE(access_errors);        // qemu-user: reads the path before the mode
  RUN_NATIVE(readlink_cases);       // qemu-user: checks the buffer first
  RUN(umask_cases);
  RUN(dupfd_cloexec);
  return diff_end("diff_files");
}
