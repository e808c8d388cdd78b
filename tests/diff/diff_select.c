/*
 * diff_select: select(2) on pipes: which set each end lands in, EBADF for
 * a closed fd (where poll says POLLNVAL), nfds, timeouts and the timeval
 * written back, and a sleeper woken by another process (select(2),
 * linux-semantics.md section 4). How much time is left after an early
 * return is timing, so only "written to 0 after the timeout expired" is
 * printed.
 */
#include "diff.h"

#include <sys/select.h>
#include <time.h>

// glibc's select() is its own function over pselect6: it rejects a
// negative tv_usec and passes tv_usec on as 32 bits, before the kernel
// sees either. The oracle is Linux's select(2) itself, so on glibc the
// system call is made directly; nudge's libc has the system call only.
#ifdef __GLIBC__
#include <sys/syscall.h>
#define kselect(n, r, w, e, tv) syscall(SYS_select, n, r, w, e, tv)
#else
#define kselect select
#endif

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
  r = kselect(nfds, rd ? &sets[0] : 0, wr ? &sets[1] : 0, ex ? &sets[2] : 0,
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

CASE(select_bad_timeout)
{
  int p[2];
  struct timeval tv = { 0, -1 };

  pipe(p);
  say("%s", sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv));
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
 * select(2) folds tv_usec into tv_sec (sec += usec / 1000000, usec %=
 * 1000000), then checks the result, and a timeout too long to represent
 * means "forever", not an overflow: these sleep until the child writes.
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

CASE(select_huge_usec)
{
  select_long(0, 0x7fffffffffffffffL);
}

CASE(select_huge_both)
{
  select_long(0x7fffffffffffffffL, 999999);
}

// Timevals that are valid or not only once normalized, on an empty pipe:
// "{1,-1000000} 0 r=- tv 1.-1000000" (zero once normalized: returns at
// once, and Linux writes nothing back for a zero timeout), or "-1 EINVAL".
CASE(select_usec_normalized)
{
  static const struct timeval tvs[] = {
    { 1, -1000000 }, { -1, 1000000 }, { 2, -1000001 }, { 0, -1 },
    { -1, 0 }, { 0, -999999 }, { 3, -3000000 },
  };
  char s[DIFF_BUFSZ] = "";
  struct timeval tv;
  unsigned int i;
  int p[2];

  pipe(p);
  for (i = 0; i < sizeof(tvs) / sizeof(tvs[0]); i++) {
    tv = tvs[i];
    snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s{%ld,%ld} %s tv %ld.%ld",
             i ? "; " : "", (long)tvs[i].tv_sec, (long)tvs[i].tv_usec,
             sel(p, (int[]){ p[0], -1 }, 0, 0, p[0] + 1, &tv),
             (long)tv.tv_sec, (long)tv.tv_usec);
  }
  say("%s", s);
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
  RUN(select_bad_timeout);
  RUN(select_wakes_on_write);
  RUN(select_wakes_on_hup);
  RUN(select_wakes_on_room);
  RUN(select_huge_sec);
  RUN(select_huge_usec);
  RUN(select_huge_both);
  RUN(select_usec_normalized);
  return diff_end("diff_select");
}
