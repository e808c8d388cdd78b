/*
 * diff_select: select(2) on pipes: which set each end lands in, EBADF for
 * a closed fd (where poll says POLLNVAL), nfds, timeouts and the timeval
 * written back, and a sleeper woken by another process (select(2),
 * linux-semantics.md section 4). How much time is left after an early
 * return is timing, so only "written to 0 after the timeout expired" is
 * printed.
 *
 * riscv64 has no select system call: select() is glibc's function on
 * pselect6. It refuses a timeval with a negative part itself (EINVAL,
 * before any system call) and folds tv_usec into tv_sec, so the timeout
 * checks that reach the kernel are made with pselect(), on a timespec.
 */
#include "diff.h"

#include <sys/select.h>
#include <time.h>

#define NSETS 3    // read, write, except

// select() on three lists of fds, each ended by -1 (or 0 for a NULL set):
// "N r=p0 w=p0,p1 e=-" naming the fds left set (p0, p1: the ends of pipe
// p; "-": none), or "-1 ERRNO".
static const char *
sel(int *p, int *rd, int *wr, int *ex, int nfds, struct timeval *tv)
{
  int *lists[NSETS] = { rd, wr, ex };
  fd_set sets[NSETS];
  char s[DIFF_BUFSZ];
  const char *sep;
  int i, j, r;

  for (i = 0; i < NSETS; i++) {
    FD_ZERO(&sets[i]);
    for (j = 0; lists[i] && lists[i][j] >= 0; j++)
      FD_SET(lists[i][j], &sets[i]);
  }
  r = select(nfds, rd ? &sets[0] : 0, wr ? &sets[1] : 0, ex ? &sets[2] : 0,
            tv);
  if (r < 0)
    return res(r);
  snprintf(s, sizeof(s), "%d", r);
  for (i = 0; i < NSETS; i++) {
    if (!lists[i])
      continue;
    strcat(s, i == 0 ? " r=" : i == 1 ? " w=" : " e=");
    sep = "";
    for (j = 0; lists[i][j] >= 0; j++) {
      if (FD_ISSET(lists[i][j], &sets[i])) {
        strcat(s, sep);
        strcat(s, lists[i][j] == p[0] ? "p0" : lists[i][j] == p[1] ? "p1" :
               "other");
        sep = ",";
      }
    }
    if (sep[0] == '\0')
      strcat(s, "-");
  }
  return keep(s);
}

static struct timeval zero;

CASE(select_empty)
{
  int p[2];

  pipe(p);
  say("%s", sel(p, (int[]){ p[0], p[1], -1 }, (int[]){ p[0], p[1], -1 },
                (int[]){ p[0], p[1], -1 }, p[1] + 1, &zero));
}

CASE(select_data)
{
  int p[2];

  pipe(p);
  write(p[1], "x", 1);
  say("%s", sel(p, (int[]){ p[0], p[1], -1 }, (int[]){ p[0], p[1], -1 },
                (int[]){ p[0], p[1], -1 }, p[1] + 1, &zero));
}

CASE(select_writer_closed)
{
  int p[2];

  pipe(p);
  close(p[1]);
  say("%s", sel(p, (int[]){ p[0], -1 }, (int[]){ p[0], -1 },
                (int[]){ p[0], -1 }, p[0] + 1, &zero));
}

CASE(select_reader_closed)
{
  int p[2];

  pipe(p);
  close(p[0]);
  say("%s", sel(p, (int[]){ p[1], -1 }, (int[]){ p[1], -1 },
                (int[]){ p[1], -1 }, p[1] + 1, &zero));
}

CASE(select_full)
{
  int p[2];

  pipe(p);
  fill(p[1]);
  say("%s", sel(p, (int[]){ p[0], p[1], -1 }, (int[]){ p[0], p[1], -1 },
                0, p[1] + 1, &zero));
}

CASE(select_full_reader_closed)
{
  int p[2];

  pipe(p);
  fill(p[1]);
  close(p[0]);
  say("%s", sel(p, (int[]){ p[1], -1 }, (int[]){ p[1], -1 }, 0, p[1] + 1,
                &zero));
}

CASE(select_ebadf_read)
{
  int p[2];

  pipe(p);
  close(p[0]);
  say("%s", sel(p, (int[]){ p[0], -1 }, 0, 0, p[1] + 1, &zero));
}

CASE(select_ebadf_write)
{
  int p[2];

  pipe(p);
  close(p[1]);
  say("%s", sel(p, 0, (int[]){ p[1], -1 }, 0, p[1] + 1, &zero));
}

CASE(select_ebadf_except)
{
  int p[2];

  pipe(p);
  close(p[1]);
  say("%s", sel(p, 0, 0, (int[]){ p[1], -1 }, p[1] + 1, &zero));
}

CASE(select_ebadf_with_ready)
{
  int p[2], q[2];

  pipe(p);
  pipe(q);
  write(p[1], "x", 1);
  close(q[0]);
  say("%s", sel(p, (int[]){ p[0], q[0], -1 }, 0, 0, q[1] + 1, &zero));
}

CASE(select_nfds_negative)
{
  int p[2];

  pipe(p);
  say("%s", sel(p, (int[]){ p[0], -1 }, 0, 0, -1, &zero));
}

// An fd at or above nfds is not looked at, even if closed.
CASE(select_beyond_nfds)
{
  int p[2];

  pipe(p);
  write(p[1], "x", 1);
  say("%s", sel(p, (int[]){ p[0], -1 }, 0, 0, p[0], &zero));
}

CASE(select_timeout0_kept)
{
  int p[2];
  struct timeval tv = { 0, 0 };
  const char *r;

  pipe(p);
  r = sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv);
  say("%s tv %ld.%06ld", r, (long)tv.tv_sec, (long)tv.tv_usec);
}

CASE(select_timeout_expires)
{
  int p[2];
  struct timeval tv = { 0, 30000 };
  const char *r;

  pipe(p);
  r = sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv);
  say("%s tv written to 0: %s", r,
      tv.tv_sec == 0 && tv.tv_usec == 0 ? "yes" : "no");
}

CASE(select_no_sets_sleeps)
{
  struct timeval tv = { 0, 20000 };
  const char *r;

  r = res(select(0, 0, 0, 0, &tv));
  say("%s tv written to 0: %s", r,
      tv.tv_sec == 0 && tv.tv_usec == 0 ? "yes" : "no");
}

// Timespecs pselect6 refuses, and a zero one it takes, on an empty pipe:
// "{0,-1} -1 EINVAL; ...; {0,0} 0".
CASE(pselect_timespecs)
{
  static const struct timespec tss[] = {
    { 0, -1 }, { -1, 0 }, { 0, 1000000000 }, { 1, -1 }, { 0, 0 },
  };
  char s[DIFF_BUFSZ] = "";
  unsigned int i;
  fd_set rs;
  int p[2];

  pipe(p);
  for (i = 0; i < sizeof(tss) / sizeof(tss[0]); i++) {
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s{%ld,%ld} %s",
             i ? "; " : "", (long)tss[i].tv_sec, (long)tss[i].tv_nsec,
             res(pselect(p[0] + 1, &rs, 0, 0, &tss[i], 0)));
  }
  say("%s", s);
}

CASE(select_wakes_on_write)
{
  int p[2], go[2];
  struct timeval tv = { 5, 0 };
  char c;
  const char *r;

  pipe(p);
  pipe(go);
  if (fork() == 0) {
    read(go[0], &c, 1);
    write(p[1], "x", 1);
    _exit(0);
  }
  write(go[1], "g", 1);
  r = sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv);
  say("%s child %s", r, reap());
}

CASE(select_wakes_on_hup)
{
  int p[2];
  struct timeval tv = { 5, 0 };
  const char *r;

  pipe(p);
  if (fork() == 0)
    _exit(0);
  close(p[1]);
  r = sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv);
  say("%s child %s", r, reap());
}

CASE(select_wakes_on_room)
{
  int p[2];
  struct timeval tv = { 5, 0 };
  const char *r;

  pipe(p);
  fill(p[1]);
  if (fork() == 0) {
    drain(p[0]);
    _exit(0);
  }
  r = sel(p, 0, (int[]){ p[1], -1 }, 0, p[1] + 1, &tv);
  say("%s child %s", r, reap());
}

/*
 * A timeout too long to represent means "forever", not an overflow (glibc
 * folds tv_usec into tv_sec, stopping at the largest time_t; pselect6
 * takes what is left): these sleep until the child writes.
 * The child naps first, so a kernel that returns at once (0) has
 * returned before the write; if the child wins anyway, the answer is
 * still 1, so the nap can hide that bug but never fail a correct kernel.
 */
static void
select_long(long sec, long usec)
{
  struct timeval tv = { sec, usec };
  struct timespec nap = { 0, 50 * 1000000 };
  int p[2], go[2];
  const char *r;
  char c;

  pipe(p);
  pipe(go);
  if (fork() == 0) {
    read(go[0], &c, 1);
    nanosleep(&nap, 0);
    write(p[1], "x", 1);
    _exit(0);
  }
  write(go[1], "g", 1);
  r = sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv);
  say("%s child %s", r, reap());
}

CASE(select_huge_sec)
{
  select_long(1844674407370L, 0);
}

CASE(select_huge_both)
{
  select_long(0x7fffffffffffffffL, 999999);
}

int
main(void)
{
  diff_begin("diff_select");
  RUN(select_empty);
  RUN(select_data);
  RUN(select_writer_closed);
  RUN(select_reader_closed);
  RUN(select_full);
  RUN(select_full_reader_closed);
  RUN(select_ebadf_read);
  RUN(select_ebadf_write);
  RUN(select_ebadf_except);
  RUN(select_ebadf_with_ready);
  RUN(select_nfds_negative);
  RUN(select_beyond_nfds);
  RUN(select_timeout0_kept);
  RUN(select_timeout_expires);
  RUN(select_no_sets_sleeps);
  RUN(pselect_timespecs);
  RUN(select_wakes_on_write);
  RUN(select_wakes_on_hup);
  RUN(select_wakes_on_room);
  RUN(select_huge_sec);
  RUN(select_huge_both);
  return diff_end("diff_select");
}
