/*
 * procfs: /proc/self, /proc/<pid>/fd and /proc/<pid>/fdinfo, read by a
 * program about its own fds, as proc(5) and Linux 6.18's fs/proc/fd.c
 * give them: fdinfo's common lines (pos, flags with O_CLOEXEC from the
 * fd, mnt_id, ino) and each kind's own (an epoll's tfd lines, an
 * eventfd's count, id and semaphore mode, a timerfd's clock, ticks and
 * times, a signalfd's mask, a pidfd's Pid and NSpid, a socket's scm_fds);
 * the links' texts; the modes stat and lstat report; the listings; and
 * the errors: an fd or a process that is gone (ENOENT), a write to a
 * /proc file (EINVAL: as root it opens), names made or removed there, a
 * link to a file that cannot be opened again (ENXIO).
 *
 * The fdinfo texts are printed line by line, and the one binary's output
 * on Linux (qemu-riscv64) and on nudge is compared. What legitimately
 * differs between the kernels is normalised, each for a reason:
 *   - mnt_id: a mount's number; Linux counts its kernel-internal mounts
 *     (pipefs, anon_inodefs, sockfs), which nudge does not have;
 *   - ino, and an epoll item's ino and sdev: inode and device numbers
 *     are each kernel's own; each is checked against what fstat says of
 *     the same file ("=fstat"), which is what they must agree with;
 *   - eventfd-id: Linux numbers eventfds with an ida, nudge counts; two
 *     live eventfds must differ ("distinct");
 *   - a tfd line's place: the items come in the order of epoll's tree,
 *     which is keyed by the struct file's address: they are sorted by fd;
 *   - an armed timerfd's it_value nanoseconds: the time left moves on;
 *   - pids: printed as "self" or "child";
 *   - a regular file's path: each kernel runs the program in another
 *     directory, so it is checked against getcwd() ("=cwd/NAME").
 *
 * "g_procfs N" instead goes N times through opening, reading, listing,
 * following and failing to open /proc's entries, printing only what
 * goes wrong: make test runs it under leakcheck, which finds anything
 * /proc left behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include "check.h"

static pid_t child_pid;

// The text of /proc/self/fdinfo/<fd>, or "" with errno set.
static char *
fdinfo_text(int fd)
{
  static char buf[8192];
  char path[64];
  ssize_t n, got = 0;
  int f;

  buf[0] = 0;
  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
  if ((f = open(path, O_RDONLY)) < 0)
    return buf;
  // Small reads, so that a text longer than one read comes in pieces.
  while ((n = read(f, buf + got, 64)) > 0 && got + n < (ssize_t)sizeof(buf) - 64)
    got += n;
  buf[got] = 0;
  close(f);
  return buf;
}

static const char *
pid_token(long pid)
{
  static char buf[32];

  if (pid == getpid())
    return "self";
  if (pid == child_pid)
    return "child";
  snprintf(buf, sizeof(buf), "%ld", pid);
  return buf;
}

static int
cmp_int(const void *a, const void *b)
{
  return *(const int *)a - *(const int *)b;
}

// An epoll's tfd lines, sorted by fd, with ino and sdev checked.
static void
print_tfd_lines(char *text)
{
  char *lines[64], *line, *save;
  int order[64][2], n = 0, i;

  for (line = strtok_r(text, "\n", &save); line && n < 64;
       line = strtok_r(0, "\n", &save)) {
    if (strncmp(line, "tfd:", 4) == 0) {
      lines[n] = line;
      order[n][0] = atoi(line + 4);
      order[n][1] = n;
      n++;
    }
  }
  qsort(order, n, sizeof(order[0]), cmp_int);
  for (i = 0; i < n; i++) {
    unsigned events, sdev;
    unsigned long long data;
    long long pos;
    unsigned long ino;
    struct stat st;
    int tfd;

    if (sscanf(lines[order[i][1]], "tfd: %d events: %x data: %llx pos:%lli ino:%lx sdev:%x",
               &tfd, &events, &data, &pos, &ino, &sdev) != 6) {
      printf("%s (unparsed)\n", lines[order[i][1]]);
      check_failures++;
      continue;
    }
    fstat(tfd, &st);
    printf("tfd: %8d events: %8x data: %16llx  pos:%lli ino:%s sdev:%s\n",
           tfd, events, data, pos, ino == st.st_ino ? "=fstat" : "differs",
           sdev == st.st_dev ? "=fstat" : "differs");
  }
}

// Prints fd's fdinfo text, normalised as the comment at the top says.
static void
show(const char *what, int fd)
{
  char *text = fdinfo_text(fd), *line, *save;
  static char copy[8192];
  struct stat st;

  printf("== %s\n", what);
  if (text[0] == 0) {
    printf("fdinfo: %s\n", strerrorname_np(errno));
    check_failures++;
    return;
  }
  fstat(fd, &st);
  strcpy(copy, text);
  for (line = strtok_r(text, "\n", &save); line; line = strtok_r(0, "\n", &save)) {
    long a, b;

    if (strncmp(line, "mnt_id:", 7) == 0)
      printf("mnt_id:\tM\n");
    else if (strncmp(line, "ino:", 4) == 0)
      printf("ino:\t%s\n", strtoul(line + 4, 0, 10) == st.st_ino ? "=fstat" : line + 5);
    else if (strncmp(line, "eventfd-id:", 11) == 0)
      printf("eventfd-id: N\n");
    else if (strncmp(line, "tfd:", 4) == 0)
      continue;
    else if (sscanf(line, "it_value: (%ld, %ld)", &a, &b) == 2 && a > 0)
      printf("it_value: (%ld, N)\n", a);
    else if (strncmp(line, "Pid:", 4) == 0 || strncmp(line, "NSpid:", 6) == 0)
      printf("%.*s\t%s\n", (int)(strchr(line, ':') - line + 1), line,
             pid_token(atol(strchr(line, ':') + 1)));
    else
      printf("%s\n", line);
  }
  print_tfd_lines(copy);
}

// The text of a link, or its errno's name.
static const char *
link_of(const char *path)
{
  static char buf[256];
  ssize_t n = readlink(path, buf, sizeof(buf) - 1);

  if (n < 0)
    return strerrorname_np(errno);
  buf[n] = 0;
  return buf;
}

// /proc/self/fd/<fd>'s text, with a pipe's or socket's inode number
// checked against fstat's.
static void
show_link(const char *what, int fd)
{
  char path[64], want[64], text[256], *bracket;
  struct stat st;

  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  snprintf(text, sizeof(text), "%s", link_of(path));
  fstat(fd, &st);
  snprintf(want, sizeof(want), "[%lu]", (unsigned long)st.st_ino);
  if (strncmp(text, "anon_inode:", 11) != 0 && (bracket = strchr(text, '[')) != 0)
    snprintf(bracket, sizeof(text) - (bracket - text), "%s",
             strcmp(bracket, want) == 0 ? "[=fstat]" : "[differs]");
  printf("link %s: %s\n", what, text);
}

// fdinfo of every kind, and the links.
static void
kinds(void)
{
  struct epoll_event ev;
  struct itimerspec its = { { 1, 500 }, { 100, 0 } };
  char cwd[200], want[256], path[64];
  int p[2], sv[2], e1, e2, ep, t1, t2, s, pf, r;
  sigset_t m;

  // fds 3 and 4, 5, 6, 7 and 8: the first fds a program opens.
  pipe2(p, O_NONBLOCK | O_CLOEXEC);
  e1 = eventfd(5, EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK);
  e2 = eventfd(0, 0);
  socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
  printf("fds: %d %d %d %d %d %d\n", p[0], p[1], e1, e2, sv[0], sv[1]);
  show("pipe read end", p[0]);
  show("pipe write end", p[1]);
  show("eventfd, semaphore, 5", e1);
  show("eventfd, 0", e2);
  show("socket", sv[0]);
  {
    char a[64], b[64];

    snprintf(a, sizeof(a), "%s", strstr(fdinfo_text(e1), "eventfd-id:"));
    snprintf(b, sizeof(b), "%s", strstr(fdinfo_text(e2), "eventfd-id:"));
    expect_yes("eventfd-id distinct", strcmp(a, b) != 0);
  }

  // An epoll watching the eventfd (ET), the pipe's write end and the
  // socket (ONESHOT); fdinfo before and after F_SETFD clears O_CLOEXEC.
  ep = epoll_create1(EPOLL_CLOEXEC);
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = 0x1234567890abcdefULL;
  epoll_ctl(ep, EPOLL_CTL_ADD, e1, &ev);
  ev.events = EPOLLOUT;
  ev.data.u64 = 7;
  epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = 0;
  epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
  show("epoll", ep);
  fcntl(ep, F_SETFD, 0);
  show("epoll, not close-on-exec", ep);
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[1], 0);
  show("epoll, after MOD and DEL", ep);

  // A socket with two fds in flight to its peer.
  {
    char byte = 'x', cbuf[CMSG_SPACE(2 * sizeof(int))];
    struct iovec iov = { &byte, 1 };
    struct msghdr msg = { 0 };
    struct cmsghdr *c;

    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof(cbuf);
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), (int[]){ e1, e2 }, 2 * sizeof(int));
    expect_ret("sendmsg with 2 fds", sendmsg(sv[0], &msg, 0) == 1 ? 0 : -errno, 0);
    show("socket with 2 fds in flight", sv[1]);
  }

  t1 = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  timerfd_settime(t1, 0, &its, 0);
  show("timerfd, armed", t1);
  t2 = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  show("timerfd, not armed", t2);

  sigemptyset(&m);
  sigaddset(&m, SIGUSR1);
  sigaddset(&m, SIGINT);
  sigaddset(&m, SIGTERM);
  s = signalfd(-1, &m, SFD_NONBLOCK);
  show("signalfd", s);

  pf = syscall(SYS_pidfd_open, getpid(), 0);
  show("pidfd of self", pf);

  // A regular file: its position and O_APPEND, O_LARGEFILE and
  // O_CLOEXEC in flags.
  r = open("procfs.tmp", O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  write(r, "0123456789", 10);
  lseek(r, 3, SEEK_SET);
  show("regular file", r);
  fcntl(r, F_SETFD, 0);
  show("regular file, not close-on-exec", r);

  show_link("pipe", p[0]);
  show_link("eventfd", e1);
  show_link("socket", sv[0]);
  show_link("epoll", ep);
  show_link("timerfd", t1);
  show_link("signalfd", s);
  show_link("pidfd", pf);
  getcwd(cwd, sizeof(cwd));
  snprintf(want, sizeof(want), "%s/procfs.tmp", strcmp(cwd, "/") ? cwd : "");
  snprintf(path, sizeof(path), "/proc/self/fd/%d", r);
  expect_str("link regular file", strcmp(link_of(path), want) == 0 ? "=cwd/procfs.tmp" :
             link_of(path), "=cwd/procfs.tmp");
  {
    char fdpath[64], fdlink[64];
    int fi = open("/proc/self/fdinfo/0", O_RDONLY);

    snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fi);
    snprintf(fdlink, sizeof(fdlink), "/proc/%d/fdinfo/0", getpid());
    expect_str("link /proc file", strcmp(link_of(fdpath), fdlink) == 0 ? "=/proc/PID/fdinfo/0" :
               link_of(fdpath), "=/proc/PID/fdinfo/0");
    close(fi);
  }
  snprintf(want, sizeof(want), "%d", getpid());
  expect_str("readlink /proc/self", strcmp(link_of("/proc/self"), want) == 0 ? "=getpid" :
             link_of("/proc/self"), "=getpid");

  // Reopening through a link: a regular file opens anew (its own
  // position), an eventfd or a socket is ENXIO.
  {
    int again = open(path, O_RDONLY);
    char c = 0;

    expect_yes("reopen regular file: a new fd", again >= 0 && again != r);
    expect_ret("read it from the start", read(again, &c, 1) == 1 ? c : -errno, '0');
    close(again);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", e1);
    expect_ret("reopen eventfd", sysret(open(path, O_RDONLY)), -ENXIO);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", sv[0]);
    expect_ret("reopen socket", sysret(open(path, O_RDONLY)), -ENXIO);
  }
  unlink("procfs.tmp");
}

static const char *
mode_str(const char *path, int follow)
{
  static char buf[32];
  struct stat st;

  if ((follow ? stat(path, &st) : lstat(path, &st)) < 0)
    return strerrorname_np(errno);
  snprintf(buf, sizeof(buf), "0%o", st.st_mode);
  return buf;
}

// The modes stat and lstat give: directories, texts, links by the fd's
// access mode, and stat through a link giving the file's own.
static void
modes(void)
{
  int p[2], e = eventfd(0, 0);
  char path[64];

  pipe(p);
  expect_str("stat /proc/self/fd", mode_str("/proc/self/fd", 1), "040500");
  expect_str("stat /proc/self/fdinfo", mode_str("/proc/self/fdinfo", 1), "040555");
  expect_str("lstat /proc/self", mode_str("/proc/self", 0), "0120777");
  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", e);
  expect_str("stat fdinfo file", mode_str(path, 1), "0100444");
  snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
  expect_str("lstat link, read end", mode_str(path, 0), "0120500");
  expect_str("stat link, read end", mode_str(path, 1), "010600");
  snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
  expect_str("lstat link, write end", mode_str(path, 0), "0120300");
  snprintf(path, sizeof(path), "/proc/self/fd/%d", e);
  expect_str("lstat link, eventfd", mode_str(path, 0), "0120700");
  expect_str("stat link, eventfd", mode_str(path, 1), "0600");
  close(p[0]);
  close(p[1]);
  close(e);
}

// Is name in directory path, and with what d_type? "no" if not.
static const char *
listed(const char *path, const char *name)
{
  static char buf[32];
  struct dirent *de;
  DIR *d = opendir(path);

  snprintf(buf, sizeof(buf), "%s", d ? "no" : strerrorname_np(errno));
  while (d && (de = readdir(d)) != 0)
    if (strcmp(de->d_name, name) == 0)
      snprintf(buf, sizeof(buf), "type %d", de->d_type);
  if (d)
    closedir(d);
  return buf;
}

// ls /proc, /proc/self/fd, /proc/self/fdinfo: what must be there and
// what must not.
static void
listings(void)
{
  char name[16];
  int e = eventfd(0, 0), gone = dup2(e, 100);

  close(gone);
  expect_str("/proc lists self", listed("/proc", "self"), "type 10");
  snprintf(name, sizeof(name), "%d", getpid());
  expect_str("/proc lists getpid", listed("/proc", name), "type 4");
  expect_str("/proc/self lists fd", listed("/proc/self", "fd"), "type 4");
  expect_str("/proc/self lists fdinfo", listed("/proc/self", "fdinfo"), "type 4");
  expect_str("fd lists .", listed("/proc/self/fd", "."), "type 4");
  expect_str("fd lists ..", listed("/proc/self/fd", ".."), "type 4");
  snprintf(name, sizeof(name), "%d", e);
  expect_str("fd lists an open fd", listed("/proc/self/fd", name), "type 10");
  expect_str("fdinfo lists an open fd", listed("/proc/self/fdinfo", name), "type 8");
  snprintf(name, sizeof(name), "%d", gone);
  expect_str("fd lists a closed fd", listed("/proc/self/fd", name), "no");
  close(e);
}

static long
open_ret(const char *path, int flags)
{
  long r = sysret(open(path, flags, 0644));

  if (r >= 0)
    close(r);
  return r >= 0 ? 0 : r;
}

// The errors, in Linux's words.
static void
errors(void)
{
  char path[64], buf[256];
  int st, fi, e = eventfd(0, 0), dir, pf;
  pid_t dead;

  expect_ret("fdinfo of fd 999", open_ret("/proc/self/fdinfo/999", O_RDONLY), -ENOENT);
  expect_ret("fdinfo/03", open_ret("/proc/self/fdinfo/03", O_RDONLY), -ENOENT);
  expect_ret("fdinfo/-1", open_ret("/proc/self/fdinfo/-1", O_RDONLY), -ENOENT);
  expect_ret("fdinfo/x", open_ret("/proc/self/fdinfo/x", O_RDONLY), -ENOENT);
  expect_ret("/proc/self/nosuch", open_ret("/proc/self/nosuch", O_RDONLY), -ENOENT);
  expect_ret("/proc/0/fdinfo/0", open_ret("/proc/0/fdinfo/0", O_RDONLY), -ENOENT);
  expect_ret("readlink fd 999", sysret(readlink("/proc/self/fd/999", buf, sizeof(buf))), -ENOENT);

  if ((dead = fork()) == 0)
    _exit(0);
  waitpid(dead, &st, 0);
  snprintf(path, sizeof(path), "/proc/%d/fdinfo/0", dead);
  expect_ret("fdinfo of a reaped process", open_ret(path, O_RDONLY), -ENOENT);
  snprintf(path, sizeof(path), "/proc/%d", dead);
  expect_ret("stat a reaped process", stat(path, &(struct stat){ 0 }) < 0 ? -errno : 0, -ENOENT);

  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", e);
  expect_ret("open fdinfo O_WRONLY", open_ret(path, O_WRONLY), 0);
  fi = open(path, O_RDWR);
  expect_ret("write fdinfo", sysret(write(fi, "x", 1)), -EINVAL);
  expect_ret("lseek fdinfo SEEK_END", sysret(lseek(fi, 0, SEEK_END)), -EINVAL);
  expect_ret("lseek fdinfo -1", sysret(lseek(fi, -1, SEEK_SET)), -EINVAL);
  expect_ret("lseek fdinfo 5", sysret(lseek(fi, 5, SEEK_SET)), 5);
  expect_ret("read from 5", sysret(read(fi, buf, 3)), 3);
  expect_ret("read the rest", sysret(read(fi, buf, sizeof(buf))) > 0, 1);
  expect_ret("getdents fdinfo file", sysret(syscall(SYS_getdents64, fi, buf, sizeof(buf))), -ENOTDIR);
  close(e);
  lseek(fi, 0, SEEK_SET);
  expect_ret("read fdinfo of a closed fd", sysret(read(fi, buf, sizeof(buf))), -ENOENT);
  close(fi);

  expect_ret("O_CREAT|O_EXCL fdinfo/0", open_ret("/proc/self/fdinfo/0", O_CREAT | O_EXCL | O_WRONLY), -EEXIST);
  expect_ret("O_CREAT fdinfo/new", open_ret("/proc/self/fdinfo/new", O_CREAT | O_WRONLY), -ENOENT);
  expect_ret("O_WRONLY /proc/self/fd", open_ret("/proc/self/fd", O_WRONLY), -EISDIR);
  expect_ret("O_DIRECTORY fdinfo/0", open_ret("/proc/self/fdinfo/0", O_RDONLY | O_DIRECTORY), -ENOTDIR);
  expect_ret("fdinfo/0/", open_ret("/proc/self/fdinfo/0/", O_RDONLY), -ENOTDIR);
  expect_ret("mkdir /proc/self/x", sysret(mkdir("/proc/self/x", 0755)), -ENOENT);
  expect_ret("unlink fdinfo/0", sysret(unlink("/proc/self/fdinfo/0")), -EPERM);
  expect_ret("rmdir /proc/self/fd", sysret(rmdir("/proc/self/fd")), -EPERM);
  expect_ret("readlink fdinfo/0", sysret(readlink("/proc/self/fdinfo/0", buf, sizeof(buf))), -EINVAL);
  expect_ret("readlink /proc/self/fd", sysret(readlink("/proc/self/fd", buf, sizeof(buf))), -EINVAL);
  expect_ret("access fdinfo W_OK", sysret(access("/proc/self/fdinfo/0", W_OK)), 0);
  expect_ret("access fdinfo X_OK", sysret(access("/proc/self/fdinfo/0", X_OK)), -EACCES);

  // openat from a /proc directory's fd.
  dir = open("/proc/self/fdinfo", O_RDONLY | O_DIRECTORY);
  expect_ret("openat fdinfo dir, 0", sysret(openat(dir, "0", O_RDONLY)) >= 0, 1);
  expect_ret("openat fdinfo dir, ../fd", sysret(openat(dir, "../fd", O_RDONLY)) >= 0, 1);
  expect_ret("openat fdinfo dir, 999", sysret(openat(dir, "999", O_RDONLY)), -ENOENT);

  // A zombie: its pidfd still names it, its fd directory is empty, and
  // once it is reaped the directory is gone.
  if ((child_pid = fork()) == 0)
    _exit(0);
  pf = syscall(SYS_pidfd_open, child_pid, 0);
  {
    struct pollfd pfd = { pf, POLLIN, 0 };

    poll(&pfd, 1, 10000);
  }
  show("pidfd of a zombie", pf);
  snprintf(path, sizeof(path), "/proc/%d/fd", child_pid);
  dir = open(path, O_RDONLY | O_DIRECTORY);
  expect_ret("getdents zombie's fd dir", sysret(syscall(SYS_getdents64, dir, buf, sizeof(buf))), 48);
  lseek(dir, 0, SEEK_SET);
  waitpid(child_pid, &st, 0);
  expect_ret("getdents reaped fd dir", sysret(syscall(SYS_getdents64, dir, buf, sizeof(buf))), -ENOENT);
  expect_ret("open reaped fd dir", open_ret(path, O_RDONLY), -ENOENT);
  show("pidfd of a reaped child", pf);
}

// One round of the leak loop: 0, or -1 after saying what failed.
static int
leak_round(int ep, int efd, int reg)
{
  char path[64], buf[512];
  struct dirent *de;
  struct stat st;
  int f, n = 0;
  DIR *d;

  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ep);
  if ((f = open(path, O_RDONLY)) < 0 || read(f, buf, sizeof(buf)) <= 0 ||
      close(f) < 0)
    return printf("fdinfo of the epoll: %s\n", strerrorname_np(errno)), -1;
  if ((d = opendir("/proc/self/fd")) == 0)
    return printf("opendir: %s\n", strerrorname_np(errno)), -1;
  while ((de = readdir(d)) != 0)
    n++;
  closedir(d);
  snprintf(path, sizeof(path), "/proc/self/fd/%d", reg);
  if (n < 6 || readlink(path, buf, sizeof(buf)) <= 0 || stat(path, &st) < 0 ||
      (f = open(path, O_RDONLY)) < 0 || close(f) < 0)
    return printf("fd link: %s\n", strerrorname_np(errno)), -1;
  snprintf(path, sizeof(path), "/proc/self/fd/%d", efd);
  if (open(path, O_RDONLY) >= 0 || errno != ENXIO ||
      open("/proc/self/fdinfo/999", O_RDONLY) >= 0 || errno != ENOENT)
    return printf("an open that must fail did not\n"), -1;
  return 0;
}

// The leak loop: N rounds over an epoll watching an eventfd, and a file.
static int
leak_loop(long rounds)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int ep = epoll_create1(0), efd = eventfd(0, 0), reg;
  long i;

  reg = open("procfs.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  for (i = 0; i < rounds; i++)
    if (leak_round(ep, efd, reg) < 0)
      break;
  unlink("procfs.tmp");
  return i < rounds;
}

int
main(int argc, char *argv[])
{
  setvbuf(stdout, 0, _IONBF, 0);
  if (argc > 1)
    return leak_loop(atol(argv[1]));
  kinds();
  modes();
  listings();
  errors();
  return check_done();
}
