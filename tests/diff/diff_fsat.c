/*
 * diff_fsat: the file-name calls, Linux's *at forms: openat, mkdirat,
 * mknodat, unlinkat (and rmdir), linkat, newfstatat (fstatat) and fstat.
 * Their successes, every error and the order in which Linux checks for
 * them (flags, then the path: EFAULT and "" ENOENT, then dirfd: EBADF
 * and ENOTDIR, then the walk, then the call's own rules), paths relative
 * to a dirfd, trailing slashes, "/", "." and "..", a removed directory,
 * and the stat fields both kernels fill alike: the file type, st_nlink
 * after link, mkdir and rmdir, a file's st_size, and the whole st_mode
 * of pipes, eventfds and epolls. Never st_ino, st_dev, times, a
 * directory's size or a file's permission bits (Linux's come from the
 * mode argument and the umask; nudge has fixed ones).
 *
 * Each case works in a directory of its own under "fsat_w", made in the
 * current directory. "/" is only looked at, or named where it must fail.
 * BAD_PATH is unmapped memory on x86-64 Linux and on nudge alike.
 */
#include "diff.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#define BAD_PATH ((const char *)opaque(1))
#define NO_PATH ((const char *)opaque(0))
#define NOT_OPEN 999

// Makes a file holding s.
static void
mkfile(const char *name, const char *s)
{
  close(mkfile_rw(name, s));
}

// An fd's result: "fd", since numbers may differ, or "-1 ERRNO".
static const char *
fdres(long r)
{
  return r >= 0 ? "fd" : res(r);
}

static const char *
typename(unsigned int mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return "REG";
  case S_IFDIR: return "DIR";
  case S_IFCHR: return "CHR";
  case S_IFIFO: return "FIFO";
  case 0: return "notype";
  }
  return "other";
}

// What a stat says that both kernels fill alike; with size for files.
static const char *
stinfo(const struct stat *st)
{
  char *s = diff_buf();

  if (S_ISREG(st->st_mode))
    snprintf(s, DIFF_BUFSZ, "REG nlink %ld size %ld", (long)st->st_nlink,
             (long)st->st_size);
  else
    snprintf(s, DIFF_BUFSZ, "%s nlink %ld", typename(st->st_mode),
             (long)st->st_nlink);
  return s;
}

// The file type alone, or "-1 ERRNO": for "/", whose link count differs.
static const char *
typeat(int dirfd, const char *path)
{
  struct stat st;
  long r = fstatat(dirfd, path, &st, 0);

  return r < 0 ? res(r) : typename(st.st_mode);
}

// fstatat's result: "-1 ERRNO", or stinfo.
static const char *
statat(int dirfd, const char *path, int flags)
{
  struct stat st;
  long r = fstatat(dirfd, path, &st, flags);

  return r < 0 ? res(r) : stinfo(&st);
}

static const char *
statpath(const char *path)
{
  return statat(AT_FDCWD, path, 0);
}

static const char *
statfd(int fd)
{
  struct stat st;
  long r = fstat(fd, &st);

  return r < 0 ? res(r) : stinfo(&st);
}

// "same" if the two name one inode, by fstatat.
static const char *
same(int dirfd1, const char *p1, int dirfd2, const char *p2, int flags)
{
  struct stat a, b;

  if (fstatat(dirfd1, p1, &a, flags) < 0 || fstatat(dirfd2, p2, &b, flags) < 0)
    return res(-1);
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino ? "same" : "differ";
}

// call on each path of a 0-terminated list: "path RESULT, ...", with ""
// and BAD_PATH spelled "empty" and "bad". One use per say(): the string
// is overwritten by the next.
static const char *
each(int (*call)(const char *), const char *const *paths)
{
  static char out[400];
  const char *label;
  int i, n = 0;

  out[0] = 0;
  for (i = 0; paths[i]; i++) {
    label = paths[i] == BAD_PATH ? "bad" : paths[i][0] ? paths[i] : "empty";
    n += snprintf(out + n, sizeof(out) - n, "%s%s %s", i ? ", " : "", label,
                  res(call(paths[i])));
  }
  return out;
}

static int
mkdir755(const char *path)
{
  return mkdir(path, 0755);
}

// A directory fd, opened read-only.
static int
dirfd_of(const char *path)
{
  return open(path, O_RDONLY | O_DIRECTORY);
}

/* ---- openat ------------------------------------------------------------- */

// Relative to a dirfd: the file is made in that directory, which the
// dirfd keeps naming after a chdir elsewhere.
CASE(open_dirfd)
{
  int d, fd;
  const char *a, *b;

  enter("od");
  mkdir("sub", 0755);
  mkdir("other", 0755);
  d = dirfd_of("sub");
  chdir("other");
  fd = openat(d, "f", O_CREAT | O_RDWR, 0644);
  write(fd, "hello", 5);
  a = fdres(fd);
  b = statat(d, "f", 0);
  say("openat %s stat %s from the cwd %s here %s", a, b,
      keep(statpath("../sub/f")), keep(statpath("f")));
}

CASE(open_dirfd_errors)
{
  int f, p[2];
  const char *a, *b, *c, *d, *e, *g, *h;

  enter("oe");
  mkfile("f", "x");
  f = open("f", O_RDONLY);
  pipe(p);
  a = fdres(openat(NOT_OPEN, "f", O_RDONLY));
  b = fdres(openat(-1, "f", O_RDONLY));
  c = fdres(openat(f, "x", O_RDONLY));
  d = fdres(openat(p[0], "x", O_RDONLY));
  e = fdres(openat(NOT_OPEN, "/", O_RDONLY));
  g = fdres(openat(NOT_OPEN, "", O_RDONLY));
  h = fdres(openat(f, "", O_RDONLY));
  say("closed %s neg %s file %s pipe %s abs %s empty %s empty-file %s",
      a, b, c, d, e, g, h);
}

// O_CREAT: a trailing '/' and an existing directory are EISDIR, O_EXCL
// makes anything existing EEXIST; O_CREAT|O_DIRECTORY is EINVAL first.
CASE(open_creat_rules)
{
  const char *a, *b, *c, *d, *e, *g, *h, *i, *j, *k;

  enter("oc");
  mkdir("d", 0755);
  mkfile("f", "x");
  a = fdres(open("n/", O_CREAT | O_RDWR, 0644));
  b = fdres(open("f/", O_CREAT | O_RDWR, 0644));
  c = fdres(open("d", O_CREAT | O_RDONLY, 0644));
  d = fdres(open("d/.", O_CREAT | O_RDONLY, 0644));
  e = fdres(open("/", O_CREAT | O_RDONLY, 0644));
  g = fdres(open("d/.", O_CREAT | O_EXCL | O_RDONLY, 0644));
  h = fdres(open("d/..", O_CREAT | O_EXCL | O_RDONLY, 0644));
  i = fdres(open("f", O_CREAT | O_EXCL | O_RDONLY, 0644));
  j = fdres(open("n", O_CREAT | O_DIRECTORY | O_RDONLY, 0644));
  k = fdres(open(BAD_PATH, O_CREAT | O_DIRECTORY | O_RDONLY, 0644));
  say("n/ %s f/ %s d %s d/. %s / %s excl d/. %s d/.. %s f %s dir %s dir-bad %s "
      "n %s", a, b, c, d, e, g, h, i, j, k, statpath("n"));
}

// Without O_CREAT: a trailing '/' needs a directory, as does any element
// followed by more; a directory cannot be written, nor truncated.
CASE(open_paths)
{
  const char *a, *b, *c, *d, *e, *g, *h;

  enter("op");
  mkdir("d", 0755);
  mkfile("f", "x");
  a = fdres(open("f/", O_RDONLY));
  b = fdres(open("d/", O_RDONLY));
  c = fdres(open("f/.", O_RDONLY));
  d = fdres(open("d/../f", O_RDONLY));
  e = fdres(open("d", O_WRONLY));
  g = fdres(open("d", O_RDONLY | O_TRUNC));
  h = fdres(open("f", O_RDONLY | O_DIRECTORY));
  say("f/ %s d/ %s f/. %s d/../f %s d-write %s d-trunc %s f-dir %s",
      a, b, c, d, e, g, h);
}

/* ---- mkdirat ------------------------------------------------------------ */

// A new directory has two links, and is one more for its parent; rmdir
// gives it back.
CASE(mkdir_nlink)
{
  const char *a, *b, *c, *d;

  enter("mn");
  a = statpath(".");
  mkdir("a", 0755);
  mkdir("b", 0755);
  b = statpath(".");
  c = statpath("a");
  rmdir("b");
  d = statpath(".");
  say("before %s after %s new %s after rmdir %s", a, b, c, d);
}

CASE(mkdir_errors)
{
  enter("me");
  mkdir("d", 0755);
  mkfile("f", "x");
  say("%s", each(mkdir755, (const char *[]){ "d", "d/", "f/", ".", "..", "/",
      "nx/a", "f/a", "", BAD_PATH, 0 }));
}

// A trailing '/' is fine for a new directory; dirfd-relative; a bad
// dirfd is EBADF or ENOTDIR, after the path's own errors.
CASE(mkdir_dirfd)
{
  int d, f;
  const char *a, *b, *c, *e, *g, *h, *i;

  enter("md");
  mkdir("d", 0755);
  mkfile("f", "x");
  d = dirfd_of("d");
  f = open("f", O_RDONLY);
  a = res(mkdirat(d, "s/", 0755));
  b = statat(d, "s", 0);
  c = res(mkdirat(NOT_OPEN, "s", 0755));
  e = res(mkdirat(f, "s", 0755));
  g = res(mkdirat(NOT_OPEN, "", 0755));
  h = res(mkdirat(NOT_OPEN, BAD_PATH, 0755));
  i = statpath("d");
  say("s/ %s stat %s closed %s file %s closed-empty %s closed-bad %s "
      "parent %s", a, b, c, e, g, h, i);
}

/* ---- mknodat ------------------------------------------------------------ */

// Type 0 or S_IFREG makes a regular file (dev is ignored); mode is a
// 16-bit umode_t.
CASE(mknod_regular)
{
  const char *a, *b, *c, *d;
  struct stat st;

  enter("nr");
  a = res(mknodat(AT_FDCWD, "a", 0644, 0x0103));
  b = res(mknodat(AT_FDCWD, "b", S_IFREG | 0644, 0));
  c = res(mknodat(AT_FDCWD, "c", 0x10000 | 0644, 0));
  d = statpath("a");
  stat("a", &st);
  say("mode-0 %s S_IFREG %s 0x10000 %s stat %s rdev %ld b %s c %s", a, b, c, d,
      (long)st.st_rdev, keep(statpath("b")), keep(statpath("c")));
}

// S_IFDIR is EPERM and a type that is none EINVAL, before the path is
// looked at; then the name's errors.
CASE(mknod_errors)
{
  const char *a, *b, *c, *d, *e, *g, *h, *i, *j;

  enter("ne");
  mkfile("f", "x");
  a = res(mknodat(AT_FDCWD, "n", S_IFDIR | 0755, 0));
  b = res(mknodat(AT_FDCWD, "f", S_IFDIR | 0755, 0));
  c = res(mknodat(AT_FDCWD, "nx/a", 0170000, 0));
  d = res(mknodat(AT_FDCWD, BAD_PATH, 0030000, 0));
  e = res(mknodat(AT_FDCWD, BAD_PATH, 0, 0));
  g = res(mknodat(AT_FDCWD, "f", 0, 0));
  h = res(mknodat(AT_FDCWD, "n/", 0, 0));
  i = res(mknodat(AT_FDCWD, "f/", 0, 0));
  j = res(mknodat(AT_FDCWD, "/", 0, 0));
  say("dir %s dir-existing %s IFMT %s 030000-bad %s bad %s f %s n/ %s f/ %s "
      "/ %s empty %s closed %s", a, b, c, d, e, g, h, i, j,
      res(mknodat(AT_FDCWD, "", 0, 0)), res(mknodat(NOT_OPEN, "n", 0, 0)));
}

/* ---- unlinkat ----------------------------------------------------------- */

// Flags other than AT_REMOVEDIR: EINVAL, before the path.
CASE(unlink_flags)
{
  const char *a, *b, *c;

  enter("uf");
  mkfile("f", "x");
  a = res(unlinkat(AT_FDCWD, "f", 0x100));
  b = res(unlinkat(AT_FDCWD, "f", AT_REMOVEDIR | 1));
  c = res(unlinkat(NOT_OPEN, BAD_PATH, 0x400));
  say("0x100 %s 0x201 %s bad-all %s f %s", a, b, c, statpath("f"));
}

// unlink: a directory is EISDIR, whatever names it; a file named with a
// trailing '/' ENOTDIR.
CASE(unlink_errors)
{
  const char *r;

  enter("ue");
  mkdir("d", 0755);
  mkfile("f", "x");
  r = each(unlink, (const char *[]){ "d", "d/", "f/", "nx/", "/", "d/.",
           "d/..", "", BAD_PATH, 0 });
  say("%s; then f %s d %s", r, statpath("f"), keep(statpath("d")));
}

// rmdir: "." EINVAL, ".." ENOTEMPTY, "/" EBUSY; then ENOENT; then a
// non-directory ENOTDIR and a non-empty one ENOTEMPTY.
CASE(rmdir_errors)
{
  const char *r;

  enter("re");
  mkdir("d", 0755);
  mkdir("e", 0755);
  mkfile("e/f", "x");
  mkfile("f", "x");
  r = each(rmdir, (const char *[]){ "/", "d/.", "d/..", ".", "..", "f", "f/",
           "e", "nx", "", BAD_PATH, "d/", 0 });
  say("%s; then d %s", r, statpath("d"));
}

CASE(unlink_dirfd)
{
  int d, f;
  const char *a, *b, *c, *e, *g, *h;

  enter("ud");
  mkdir("d", 0755);
  mkdir("d/s", 0755);
  mkfile("d/f", "x");
  mkfile("f", "x");
  d = dirfd_of("d");
  f = open("f", O_RDONLY);
  a = res(unlinkat(d, "f", 0));
  b = res(unlinkat(d, "s", 0));
  c = res(unlinkat(d, "s", AT_REMOVEDIR));
  e = res(unlinkat(f, "x", 0));
  g = res(unlinkat(NOT_OPEN, "x", AT_REMOVEDIR));
  h = res(unlinkat(NOT_OPEN, "", 0));
  say("f %s s %s rmdir s %s file %s closed %s closed-empty %s d %s",
      a, b, c, e, g, h, statpath("d"));
}

// An open file outlives its last name: st_nlink 0, its data intact.
CASE(unlink_open)
{
  int fd;
  const char *a;

  enter("uo");
  mkfile("f", "abc");
  fd = open("f", O_RDONLY);
  a = res(unlink("f"));
  say("unlink %s fstat %s stat %s", a, statfd(fd), statpath("f"));
}

/* ---- linkat ------------------------------------------------------------- */

// Two names, one inode: st_nlink counts them.
CASE(link_nlink)
{
  const char *a, *b, *c, *d;

  enter("ln");
  mkfile("f", "abc");
  a = res(link("f", "g"));
  b = statpath("f");
  c = same(AT_FDCWD, "f", AT_FDCWD, "g", 0);
  unlink("f");
  d = statpath("g");
  say("link %s f %s %s after unlink %s", a, b, c, d);
}

// In Linux's order: flags, then oldpath's errors, then newpath's
// (EEXIST before a directory's EPERM), then EPERM.
CASE(link_errors)
{
  const char *a, *b, *c, *d, *e, *g, *h, *i, *j, *k, *l, *m;

  enter("le");
  mkdir("d", 0755);
  mkfile("f", "x");
  a = res(linkat(AT_FDCWD, BAD_PATH, AT_FDCWD, "g", 0x100));
  b = res(link("nx", "g"));
  c = res(link("nx", BAD_PATH));
  d = res(link("f", BAD_PATH));
  e = res(link("f", "f"));
  g = res(link("d", "f"));
  h = res(link("d", "g"));
  i = res(link("f", "g/"));
  j = res(link("f/", "g"));
  k = res(link("f", "/"));
  l = res(link("f", "d/."));
  m = res(link("f", "nx/g"));
  say("flags %s nx %s nx-bad %s bad-new %s f-f %s d-f %s d %s g/ %s f/ %s "
      "/ %s d/. %s nx/g %s empty %s g %s", a, b, c, d, e, g, h, i, j, k, l, m,
      res(link("f", "")), statpath("g"));
}

// AT_SYMLINK_FOLLOW is fine; dirfds on both sides; a bad dirfd.
CASE(link_dirfd)
{
  int d, e, f;
  const char *a, *b, *c, *g, *h;

  enter("ld");
  mkdir("d", 0755);
  mkdir("e", 0755);
  mkfile("d/f", "abc");
  mkfile("f", "x");
  d = dirfd_of("d");
  e = dirfd_of("e");
  f = open("f", O_RDONLY);
  a = res(linkat(d, "f", e, "g", AT_SYMLINK_FOLLOW));
  b = same(d, "f", e, "g", 0);
  c = res(linkat(NOT_OPEN, "f", e, "h", 0));
  g = res(linkat(d, "f", f, "h", 0));
  h = res(linkat(d, "f", NOT_OPEN, "/", 0));
  say("link %s %s old-closed %s new-file %s new-abs %s nlink %s", a, b, c,
      g, h, keep(statat(d, "f", 0)));
}

// AT_EMPTY_PATH: an empty oldpath is olddirfd's own file. A directory
// is EPERM, a file with no names left ENOENT, a pipe EXDEV (another
// file system on Linux); without the flag "" is ENOENT.
CASE(link_empty_path)
{
  int f, d, gone, p[2];
  const char *a, *b, *c, *e, *g, *h, *i;

  enter("lp");
  mkdir("d", 0755);
  mkfile("f", "abc");
  mkfile("gone", "x");
  f = open("f", O_RDONLY);
  d = dirfd_of("d");
  gone = open("gone", O_RDONLY);
  unlink("gone");
  pipe(p);
  a = res(linkat(f, "", AT_FDCWD, "g", AT_EMPTY_PATH));
  b = res(linkat(f, "", AT_FDCWD, "h", 0));
  c = res(linkat(d, "", AT_FDCWD, "h", AT_EMPTY_PATH));
  e = res(linkat(AT_FDCWD, "", AT_FDCWD, "h", AT_EMPTY_PATH));
  g = res(linkat(gone, "", AT_FDCWD, "h", AT_EMPTY_PATH));
  h = res(linkat(p[0], "", AT_FDCWD, "h", AT_EMPTY_PATH));
  i = res(linkat(NOT_OPEN, "", AT_FDCWD, "h", AT_EMPTY_PATH));
  say("file %s noflag %s dir %s cwd %s unlinked %s pipe %s closed %s "
      "%s nlink %s", a, b, c, e, g, h, i, same(f, "", AT_FDCWD, "g",
      AT_EMPTY_PATH), statpath("f"));
}

/* ---- newfstatat and fstat ----------------------------------------------- */

// Flags: AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH and the
// statx sync flags are accepted; others EINVAL, before the path and the
// dirfd.
CASE(stat_flags)
{
  const char *a, *b, *c, *d, *e, *g, *h, *i;

  enter("sf");
  mkfile("f", "abc");
  a = statat(AT_FDCWD, "f", AT_SYMLINK_NOFOLLOW);
  b = statat(AT_FDCWD, "f", AT_NO_AUTOMOUNT);
  c = statat(AT_FDCWD, "f", 0x2000);
  d = statat(AT_FDCWD, "f", 0x6000);
  e = statat(AT_FDCWD, "f", 0x8000);
  g = statat(AT_FDCWD, "f", 0x400);
  h = statat(AT_FDCWD, "f", AT_REMOVEDIR);
  i = statat(NOT_OPEN, BAD_PATH, 0x8000);
  say("nofollow %s noautomount %s force-sync %s sync-type %s 0x8000 %s "
      "0x400 %s 0x200 %s bad-all %s", a, b, c, d, e, g, h, i);
}

// An empty path with AT_EMPTY_PATH is dirfd's own file (for an fd,
// answered before the other flags are looked at); NULL too; without the
// flag, "" is ENOENT before dirfd is looked at.
CASE(stat_empty_path)
{
  int f;
  const char *a, *b, *c, *d, *e, *g, *h, *i, *j;

  enter("se");
  mkfile("f", "abc");
  mkdir("d", 0755);
  f = open("f", O_RDONLY);
  a = statat(f, "", AT_EMPTY_PATH);
  b = statat(AT_FDCWD, "", AT_EMPTY_PATH);
  c = statat(f, NO_PATH, AT_EMPTY_PATH);
  d = statat(NOT_OPEN, "", AT_EMPTY_PATH);
  e = statat(-1, "", AT_EMPTY_PATH);
  g = statat(f, "", 0);
  h = statat(NOT_OPEN, "", 0);
  i = statat(f, "", AT_EMPTY_PATH | 0x8000);
  j = statat(AT_FDCWD, "", AT_EMPTY_PATH | 0x8000);
  say("fd %s cwd %s null %s closed %s neg %s noflag %s closed-noflag %s "
      "fd-badflag %s cwd-badflag %s null-noflag %s", a, b, c, d, e, g, h, i, j,
      statat(f, NO_PATH, 0));
}

// A relative path needs a dirfd that is an open directory; an absolute
// one ignores it; a trailing '/' needs a directory.
CASE(stat_paths)
{
  int d, f, p[2];
  const char *a, *b, *c, *e, *g, *h, *i, *j, *k;

  enter("sp");
  mkdir("d", 0755);
  mkfile("d/f", "abcd");
  mkfile("f", "x");
  d = dirfd_of("d");
  f = open("f", O_RDONLY);
  pipe(p);
  a = statat(d, "f", 0);
  b = statat(NOT_OPEN, "f", 0);
  c = statat(f, "f", 0);
  e = statat(p[0], "f", 0);
  g = typeat(f, "/");
  h = typeat(NOT_OPEN, "/..");
  i = statpath("f/");
  j = statpath("d/");
  k = statpath("f/.");
  say("d/f %s closed %s file %s pipe %s abs %s abs-closed %s f/ %s d/ %s "
      "f/. %s .. %s", a, b, c, e, g, h, i, j, k, keep(statat(d, "..", 0)));
}

// A bad stat buffer is EFAULT once the path is found; ENOENT first.
CASE(stat_bad_buf)
{
  struct stat *bad = (struct stat *)opaque(0);
  const char *a, *b, *c, *d;

  enter("sb");
  mkfile("f", "x");
  a = res(fstatat(AT_FDCWD, "f", bad, 0));
  b = res(fstatat(AT_FDCWD, "nx", bad, 0));
  c = res(fstat(open("f", O_RDONLY), bad));
  d = res(fstatat(AT_FDCWD, BAD_PATH, bad, 0));
  say("f %s nx %s fstat %s bad-path %s", a, b, c, d);
}

// Files without a name: a pipe is S_IFIFO | 0600; an eventfd and an
// epoll are anonymous inodes, 0600 with no type bits; one link each.
CASE(stat_anon)
{
  static const char *const names[] = { "pipe-r", "pipe-w", "eventfd",
                                       "epoll" };
  struct stat st;
  int fds[4], i;
  char *s = diff_buf();

  pipe(fds);
  fds[2] = eventfd(0, 0);
  fds[3] = epoll_create1(0);
  s[0] = 0;
  for (i = 0; i < 4; i++) {
    fstat(fds[i], &st);
    snprintf(s + strlen(s), DIFF_BUFSZ - strlen(s), "%s mode 0%o nlink %ld ",
             names[i], st.st_mode, (long)st.st_nlink);
  }
  say("%sclosed %s", s, res(fstat(NOT_OPEN, &st)));
}

// A file's size as it grows and is truncated; st_nlink of a directory
// counts its subdirectories' "..".
CASE(stat_sizes)
{
  int fd;
  char block[1500];
  const char *a, *b, *c;

  enter("ss");
  memset(block, 'z', sizeof(block));
  fd = open("f", O_CREAT | O_RDWR, 0644);
  a = statfd(fd);
  write(fd, block, sizeof(block));
  write(fd, block, 100);
  b = statfd(fd);
  close(fd);
  close(open("f", O_WRONLY | O_TRUNC));
  c = statpath("f");
  mkdir("s1", 0755);
  mkdir("s2", 0755);
  mkdir("s2/t", 0755);
  say("new %s written %s truncated %s dir %s sub %s", a, b, c,
      keep(statpath(".")), keep(statpath("s2")));
}

/* ---- a removed directory ------------------------------------------------ */

// A removed directory (here the cwd, and a dirfd) takes no new names
// (ENOENT); "." and ".." still resolve; its st_nlink is 0.
CASE(removed_dir)
{
  int d;
  const char *a, *b, *c, *e, *g, *h, *i, *j;

  enter("rd");
  mkdir("gone", 0755);
  mkfile("f", "x");
  d = dirfd_of("gone");
  chdir("gone");
  a = res(rmdir("../gone"));
  b = fdres(open("f", O_CREAT | O_RDWR, 0644));
  c = res(mkdir("s", 0755));
  e = res(mknodat(AT_FDCWD, "n", 0, 0));
  g = res(linkat(AT_FDCWD, "../f", d, "l", 0));
  h = fdres(open(".", O_CREAT | O_RDONLY, 0644));
  i = res(mkdirat(d, ".", 0755));
  j = statpath(".");
  say("rmdir %s open %s mkdir %s mknod %s link %s open-dot %s mkdir-dot %s "
      ". %s .. %s dirfd %s", a, b, c, e, g, h, i, j, keep(statpath("..")),
      keep(statat(d, "", AT_EMPTY_PATH)));
}

int
main(void)
{
  diff_begin("diff_fsat");
  mkdir("fsat_w", 0755);
  if (chdir("fsat_w") < 0) {
    printf("diff_fsat: chdir fsat_w: %s\n", errname(errno));
    return 1;
  }
  RUN(open_dirfd);
  RUN(open_dirfd_errors);
  RUN_NATIVE(open_creat_rules);      // qemu-user: EFAULT first
  RUN(open_paths);
  RUN(mkdir_nlink);
  RUN(mkdir_errors);
  RUN(mkdir_dirfd);
  RUN(mknod_regular);
  RUN_NATIVE(mknod_errors);          // qemu-user: EFAULT first
  RUN_NATIVE(unlink_flags);          // qemu-user: EFAULT first
  RUN(unlink_errors);
  RUN(rmdir_errors);
  RUN(unlink_dirfd);
  RUN(unlink_open);
  RUN(link_nlink);
  RUN_NATIVE(link_errors);           // qemu-user: EFAULT first
  RUN(link_dirfd);
  RUN(link_empty_path);
  RUN_NATIVE(stat_flags);            // qemu-user: EFAULT first
  RUN_NATIVE(stat_empty_path);       // qemu-user: EFAULT for NULL
  RUN(stat_paths);
  RUN(stat_bad_buf);
  RUN(stat_anon);
  RUN(stat_sizes);
  RUN(removed_dir);
  return diff_end("diff_fsat");
}
