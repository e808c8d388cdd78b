/*
 * diff_ep_path: Linux's limit on wakeup paths (fs/eventpoll.c,
 * reverse_path_check). A path runs from a file that is not an epoll
 * through epolls that watch it, then epolls that watch those, up to an
 * epoll nobody watches; its length is the number of epolls on it. From
 * any one file there may be at most 500, 100, 50 and 10 paths of length
 * 2, 3, 4 and 5 (length 1 is unlimited). EPOLL_CTL_ADD counts them when
 * the target is an epoll or the epoll added into is watched itself, and
 * fails with EINVAL, adding nothing, if the new watch breaks a limit.
 * Each fd of a file is its own watch, so dup()ed fds multiply paths:
 *
 *   E ==k==> A1 --> A2 ... --> Ad ==m==> T     k dups of E in A1, m of Ad
 *                                              in T: k * m paths of
 *                                              length d + 1
 */
#include "diff_epoll.h"

#include <sys/eventfd.h>

#define ADD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_ADD, (fd), (ev), (data))
#define MAX_ADDS 600      // tries before giving up on a failure
#define KMAX 8            // dups per edge, at most
#define LEVELS 4          // the storm's levels of epolls
#define WIDTH 2           // epolls per level

// fds[0] = fd, and k - 1 dups of it.
static void
dups(int fd, int k, int *fds)
{
  int i;

  fds[0] = fd;
  for (i = 1; i < k; i++)
    fds[i] = dup(fd);
}

// ADDs dups of fd into ep until one fails: "N then -1 EINVAL" (the
// successful count, then the failure), or "N" if all MAX_ADDS fit.
static const char *
add_until_failure(int ep, int fd)
{
  char s[DIFF_BUFSZ];
  int n;

  for (n = 0; n < MAX_ADDS; n++) {
    if (ADD(ep, dup(fd), EPOLLIN, n) < 0) {
      snprintf(s, sizeof(s), "%d then %s", n, res(-1));
      return keep(s);
    }
  }
  snprintf(s, sizeof(s), "%d", n);
  return keep(s);
}

// The chain drawn above with d epolls below T and k dups of E; the dups
// of Ad go into T one at a time until an ADD fails. "k=3 166 then -1
// EINVAL".
static const char *
chain(int d, int k)
{
  int e = eventfd(0, 0), t = epoll_create1(0), ep[LEVELS], fds[KMAX], i;
  char s[DIFF_BUFSZ];

  for (i = 0; i < d; i++)
    ep[i] = epoll_create1(0);
  dups(e, k, fds);
  for (i = 0; i < k; i++)
    ADD(ep[0], fds[i], EPOLLIN, i);
  for (i = 0; i + 1 < d; i++)
    ADD(ep[i + 1], ep[i], EPOLLIN, i);
  snprintf(s, sizeof(s), "k=%d %s", k, add_until_failure(t, ep[d - 1]));
  return keep(s);
}

CASE(path_len2)
{
  const char *a, *b, *c;

  a = chain(1, 1);
  b = chain(1, 3);
  c = chain(1, 7);
  say("%s; %s; %s", a, b, c);
}

CASE(path_len3)
{
  const char *a, *b;

  a = chain(2, 1);
  b = chain(2, 3);
  say("%s; %s", a, b);
}

CASE(path_len4)
{
  const char *a, *b;

  a = chain(3, 1);
  b = chain(3, 4);
  say("%s; %s", a, b);
}

CASE(path_len5)
{
  const char *a, *b;

  a = chain(4, 1);
  b = chain(4, 3);
  say("%s; %s", a, b);
}

// The file added last, below a watched epoll: T watches A through m
// dups, then dups of E go into A until one fails.
static const char *
below(int m)
{
  int e = eventfd(0, 0), a = epoll_create1(0), t = epoll_create1(0), i;
  char s[DIFF_BUFSZ];

  for (i = 0; i < m; i++)
    ADD(t, dup(a), EPOLLIN, i);
  snprintf(s, sizeof(s), "m=%d %s", m, add_until_failure(a, e));
  return keep(s);
}

CASE(path_add_below)
{
  const char *a, *b, *c;

  a = below(100);
  b = below(250);
  c = below(501);
  say("%s; %s; %s", a, b, c);
}

// Paths of length 1 are not counted: MAX_ADDS dups of E fit in an
// unwatched A; then A cannot go into T (MAX_ADDS paths of length 2), and
// T is left without it.
CASE(path_len1_unlimited)
{
  int e = eventfd(0, 0), a = epoll_create1(0), t = epoll_create1(0);
  unsigned long long one = 1;
  const char *r, *in_a;

  in_a = add_until_failure(a, e);
  write(e, &one, sizeof(one));
  r = res(ADD(t, a, EPOLLIN, 0));
  say("in A %s; A into T %s; T %s", in_a, r, ewait(t, 4, 0));
}

// The limits hold per file: E1 and E2 have 300 dups each in A; one A in
// T gives each file 300 paths, a second 600.
CASE(path_per_file)
{
  int e1 = eventfd(0, 0), e2 = eventfd(0, 0), a = epoll_create1(0);
  int t = epoll_create1(0), i;
  const char *first;

  for (i = 0; i < 300; i++) {
    ADD(a, dup(e1), EPOLLIN, i);
    ADD(a, dup(e2), EPOLLIN, i);
  }
  first = res(ADD(t, a, EPOLLIN, 0));
  say("first %s second %s", first, res(ADD(t, dup(a), EPOLLIN, 1)));
}

/*
 * The wakeup storm: LEVELS levels of WIDTH epolls; every epoll of level
 * 1 watches E through k fds, every epoll of level i + 1 watches every
 * epoll of level i through k fds. Without the limits one write to E
 * would run (WIDTH * k)^LEVELS callbacks.
 *
 *   E ==k==> L1[0], L1[1] ==k==> L2[0], L2[1] ==k==> ... L4[0], L4[1]
 */
struct storm {
  int k;
  int e[KMAX];                    // E and its dups
  int ep[LEVELS][WIDTH][KMAX];    // each epoll and its dups
};

static void
storm_make(struct storm *s, int k)
{
  int l, w;

  s->k = k;
  dups(eventfd(0, 0), k, s->e);
  for (l = 0; l < LEVELS; l++)
    for (w = 0; w < WIDTH; w++)
      dups(epoll_create1(0), k, s->ep[l][w]);
}

// Level l's ADDs (0-based): "3/8" (successes of tries), then " ENAME"
// if any failed, naming the first failure's errno.
static const char *
storm_level(struct storm *s, int l)
{
  int w, src, d, fd, n = 0, tries = 0, err = 0;
  char *out = diff_buf();

  for (w = 0; w < WIDTH; w++) {
    for (src = 0; src < (l ? WIDTH : 1); src++) {
      for (d = 0; d < s->k; d++) {
        fd = l ? s->ep[l - 1][src][d] : s->e[d];
        tries++;
        if (ADD(s->ep[l][w][0], fd, EPOLLIN, d) == 0)
          n++;
        else if (!err)
          err = errno;
      }
    }
  }
  snprintf(out, DIFF_BUFSZ, "%d/%d%s%s", n, tries, err ? " " : "",
           err ? errname(err) : "");
  return out;
}

// Builds the storm bottom up or top down; "L1 4/4 L2 8/8 ...".
static const char *
storm(int k, int top_down)
{
  struct storm s;
  const char *lv[LEVELS];
  char out[DIFF_BUFSZ];
  int l;

  storm_make(&s, k);
  for (l = 0; l < LEVELS; l++) {
    if (top_down)
      lv[LEVELS - 1 - l] = storm_level(&s, LEVELS - 1 - l);
    else
      lv[l] = storm_level(&s, l);
  }
  snprintf(out, sizeof(out), "k=%d L1 %s L2 %s L3 %s L4 %s", k, lv[0],
           lv[1], lv[2], lv[3]);
  return keep(out);
}

CASE(path_storm_up)
{
  const char *a, *b, *c, *d;

  a = storm(2, 0);
  b = storm(3, 0);
  c = storm(4, 0);
  d = storm(8, 0);
  say("%s; %s; %s; %s", a, b, c, d);
}

CASE(path_storm_down)
{
  const char *a, *b, *c, *d;

  a = storm(2, 1);
  b = storm(3, 1);
  c = storm(4, 1);
  d = storm(8, 1);
  say("%s; %s; %s; %s", a, b, c, d);
}

int
main(void)
{
  diff_begin("diff_ep_path");
  RUN(path_len2);
  RUN(path_len3);
  RUN(path_len4);
  RUN(path_len5);
  RUN(path_add_below);
  RUN(path_len1_unlimited);
  RUN(path_per_file);
  RUN(path_storm_up);
  RUN(path_storm_down);
  return diff_end("diff_ep_path");
}
