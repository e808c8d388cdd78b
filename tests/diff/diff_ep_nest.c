/*
 * diff_ep_nest: an epoll fd as a pollable file: its mask under poll,
 * select and an outer epoll, LT and ET at each level, what wakes an outer
 * epoll and what does not; cycles and the depth limit (5 instances in a
 * chain, counted above and below since 6.17) (epoll(7),
 * linux-semantics.md sections 5.6 and 5.9, rules 10, 15 and 16; the
 * selftest cases of section 7 are named where they match).
 *
 *   outer --IN--> inner --IN--> pipe p      (the usual picture here)
 */
#include "diff_epoll.h"

#include <sys/select.h>

#define ADD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_ADD, (fd), (ev), (data))

// outer over inner over a new pipe p, with the modes given.
static void
nest(int *outer, int *inner, int *p, unsigned int outer_mode,
     unsigned int inner_mode)
{
  *outer = epoll_create1(0);
  *inner = epoll_create1(0);
  pipe(p);
  ADD(*inner, p[0], EPOLLIN | inner_mode, 1);
  ADD(*outer, *inner, EPOLLIN | outer_mode, 100);
}

CASE(nest_outer_sees_in)
{
  int o, i, p[2];
  const char *a;

  nest(&o, &i, p, 0, 0);
  a = ewait(o, 4, 0);
  write(p[1], "x", 1);
  say("empty %s, data %s", a, ewait(o, 4, 0));
}

CASE(nest_only_in)
{
  int o, i, p[2];

  nest(&o, &i, p, 0, 0);
  ctl(o, EPOLL_CTL_MOD, i, EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLPRI, 100);
  write(p[1], "x", 1);
  say("%s", ewait(o, 4, 0));
}

CASE(nest_out_only)
{
  int o, i, p[2];

  nest(&o, &i, p, 0, 0);
  ctl(o, EPOLL_CTL_MOD, i, EPOLLOUT, 100);
  write(p[1], "x", 1);
  say("%s", ewait(o, 4, 0));
}

CASE(nest_poll_masks)
{
  int o, i, p[2];
  const char *a, *b, *c, *d;

  nest(&o, &i, p, 0, 0);
  a = pmask(i, POLLIN | POLLOUT);
  write(p[1], "x", 1);
  b = pmask(i, POLLIN);
  c = pmask(i, POLLOUT);
  d = pmask(i, POLLIN | POLLRDNORM | POLLOUT);
  say("empty %s; IN %s OUT %s IN|RDNORM|OUT %s", a, b, c, d);
}

CASE(nest_hup_shows_as_in)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, 0, 0);
  close(p[1]);
  a = pmask(i, POLLIN | POLLOUT);
  b = ewait(o, 4, 0);
  say("poll %s outer %s inner %s", a, b, ewait(i, 4, 0));
}

// Polling the inner epoll drops its stale item.
CASE(nest_stale_item)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, 0, 0);
  write(p[1], "x", 1);
  drain(p[0]);
  a = pmask(i, POLLIN);
  b = ewait(o, 4, 0);
  say("poll %s outer %s inner %s", a, b, ewait(i, 4, 0));
}

CASE(nest_select)
{
  int o, i, p[2];
  struct timeval tv = { 0, 0 };
  fd_set r, w;
  int n;

  nest(&o, &i, p, 0, 0);
  write(p[1], "x", 1);
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(i, &r);
  FD_SET(i, &w);
  n = select(i + 1, &r, &w, 0, &tv);
  say("%d readable %d writable %d", n, FD_ISSET(i, &r) != 0,
      FD_ISSET(i, &w) != 0);
}

// Selftest 17: LT over LT.
CASE(nest_lt_over_lt)
{
  int o, i, p[2];
  const char *a;

  nest(&o, &i, p, 0, 0);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  say("%s, %s", a, ewait(o, 4, 0));
}

// Selftest 18: the outer harvest does not consume the inner ET event.
CASE(nest_lt_over_et)
{
  int o, i, p[2];
  const char *a;

  nest(&o, &i, p, 0, EPOLLET);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  say("%s, %s", a, ewait(o, 4, 0));
}

// Selftest 19.
CASE(nest_et_over_lt)
{
  int o, i, p[2];
  const char *a;

  nest(&o, &i, p, EPOLLET, 0);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  say("%s, %s", a, ewait(o, 4, 0));
}

// Selftest 20.
CASE(nest_et_over_et)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, EPOLLET, EPOLLET);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  b = ewait(o, 4, 0);
  say("%s, %s, inner %s", a, b, ewait(i, 4, 0));
}

// Rule 16: every callback on the inner epoll wakes the outer, even when
// the inner item was already queued.
CASE(nest_et_refires_per_write)
{
  int o, i, p[2];
  const char *a, *b, *c;

  nest(&o, &i, p, EPOLLET, 0);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  b = ewait(o, 4, 0);
  write(p[1], "y", 1);
  c = ewait(o, 4, 0);
  say("%s, %s, after write %s", a, b, c);
}

// Harvesting the inner epoll does not wake the outer one (5.6+).
CASE(nest_inner_harvest_silent)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, EPOLLET, 0);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  b = ewait(i, 4, 0);
  say("outer %s, inner %s, outer %s", a, b, ewait(o, 4, 0));
}

CASE(nest_inner_add_wakes)
{
  int o = epoll_create1(0), i = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(o, i, EPOLLIN | EPOLLET, 100);
  a = ewait(o, 4, 0);
  ADD(i, p[0], EPOLLIN, 1);
  say("%s, after inner add %s", a, ewait(o, 4, 0));
}

CASE(nest_inner_mod_queued)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, EPOLLET, 0);
  write(p[1], "x", 1);
  a = ewait(o, 4, 0);
  b = ewait(o, 4, 0);
  ctl(i, EPOLL_CTL_MOD, p[0], EPOLLIN, 2);
  say("%s, %s, after inner mod %s", a, b, ewait(o, 4, 0));
}

CASE(nest_inner_mod_rearm)
{
  int o, i, p[2];
  const char *a, *b;

  nest(&o, &i, p, EPOLLET, EPOLLONESHOT);
  write(p[1], "x", 1);
  a = ewait(i, 4, 0);
  b = ewait(o, 4, 0);
  ctl(i, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 2);
  say("inner %s, outer %s, after inner mod %s", a, b, ewait(o, 4, 0));
}

CASE(nest_close_inner)
{
  int o, i, p[2];

  nest(&o, &i, p, 0, 0);
  write(p[1], "x", 1);
  close(i);
  say("%s", ewait(o, 4, 0));
}

CASE(nest_close_outer)
{
  int o, i, p[2];

  nest(&o, &i, p, 0, 0);
  write(p[1], "x", 1);
  close(o);
  say("%s", ewait(i, 4, 0));
}

CASE(nest_two_inners)
{
  int o = epoll_create1(0), a = epoll_create1(0), b = epoll_create1(0);
  int p[2], q[2];

  pipe(p);
  pipe(q);
  ADD(a, p[0], EPOLLIN, 1);
  ADD(b, q[0], EPOLLIN, 2);
  ADD(o, a, EPOLLIN, 10);
  ADD(o, b, EPOLLIN, 20);
  write(q[1], "x", 1);
  write(p[1], "x", 1);
  say("%s", ewait(o, 4, 0));
}

// A chain of n epolls, e[0] on top; each ADD's result, bottom up. The
// bottom one watches a pipe with data.
static const char *
chain_up(int *e, int n)
{
  char s[DIFF_BUFSZ] = "";
  int k, p[2];

  pipe(p);
  write(p[1], "x", 1);
  for (k = 0; k < n; k++)
    e[k] = epoll_create1(0);
  strcat(s, res(ADD(e[n - 1], p[0], EPOLLIN, n - 1)));
  for (k = n - 2; k >= 0; k--) {
    strcat(s, " ");
    strcat(s, res(ADD(e[k], e[k + 1], EPOLLIN, k)));
  }
  return keep(s);
}

// The same, top down: each new ADD hangs below the chain built so far.
static const char *
chain_down(int *e, int n)
{
  char s[DIFF_BUFSZ] = "";
  int k;

  for (k = 0; k < n; k++)
    e[k] = epoll_create1(0);
  for (k = 0; k + 1 < n; k++) {
    if (k > 0)
      strcat(s, " ");
    strcat(s, res(ADD(e[k], e[k + 1], EPOLLIN, k)));
  }
  return keep(s);
}

CASE(nest_chain5_up)
{
  int e[5];
  const char *a;

  a = chain_up(e, 5);
  say("%s; top %s", a, ewait(e[0], 4, 0));
}

CASE(nest_chain6_up)
{
  int e[6];

  say("%s", chain_up(e, 6));
}

CASE(nest_chain5_down)
{
  int e[5];

  say("%s", chain_down(e, 5));
}

// 6.17+ (and stable kernels from August 2025): the chain above the epfd
// counts too.
CASE(nest_chain6_down)
{
  int e[6];

  say("%s", chain_down(e, 6));
}

CASE(nest_chain5_each_level)
{
  int e[5], k;
  char s[DIFF_BUFSZ] = "";

  chain_up(e, 5);
  for (k = 0; k < 5; k++) {
    strcat(s, k ? "; " : "");
    strcat(s, ewait(e[k], 4, 0));
  }
  say("%s", s);
}

// Two chains of three: e0>e1>e2 and e3>e4>e5. e3 under e2 would make six
// in a row; e4 under e2 makes five.
CASE(nest_join_chains)
{
  int e[6], k;
  const char *a;

  for (k = 0; k < 6; k++)
    e[k] = epoll_create1(0);
  ADD(e[0], e[1], EPOLLIN, 0);
  ADD(e[1], e[2], EPOLLIN, 1);
  ADD(e[3], e[4], EPOLLIN, 3);
  ADD(e[4], e[5], EPOLLIN, 4);
  a = res(ADD(e[2], e[3], EPOLLIN, 2));
  say("e3 under e2 %s, e4 under e2 %s", a, res(ADD(e[2], e[4], EPOLLIN, 2)));
}

CASE(nest_cycle2)
{
  int a = epoll_create1(0), b = epoll_create1(0);
  const char *r;

  r = res(ADD(a, b, EPOLLIN, 1));
  say("a>b %s b>a %s", r, res(ADD(b, a, EPOLLIN, 2)));
}

CASE(nest_cycle3)
{
  int a = epoll_create1(0), b = epoll_create1(0), c = epoll_create1(0);
  const char *r1, *r2;

  r1 = res(ADD(a, b, EPOLLIN, 1));
  r2 = res(ADD(b, c, EPOLLIN, 2));
  say("a>b %s b>c %s c>a %s", r1, r2, res(ADD(c, a, EPOLLIN, 3)));
}

CASE(nest_diamond)
{
  int t = epoll_create1(0), l = epoll_create1(0), r = epoll_create1(0);
  int b = epoll_create1(0), p[2];
  const char *x, *y, *z, *w;

  pipe(p);
  write(p[1], "x", 1);
  ADD(b, p[0], EPOLLIN, 9);
  x = res(ADD(l, b, EPOLLIN, 1));
  y = res(ADD(r, b, EPOLLIN, 2));
  z = res(ADD(t, l, EPOLLIN, 3));
  w = res(ADD(t, r, EPOLLIN, 4));
  say("%s %s %s %s; top %s", x, y, z, w, ewait(t, 4, 0));
}

CASE(nest_blocked_outer_wakes)
{
  int o, i, p[2];
  const char *a;

  nest(&o, &i, p, 0, 0);
  if (fork() == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  a = ewait(o, 4, 5000);
  say("%s child %s", a, reap());
}

CASE(nest_blocked_poll_wakes)
{
  int o, i, p[2];
  struct pollfd f;
  const char *a;

  nest(&o, &i, p, 0, 0);
  f = (struct pollfd){ .fd = i, .events = POLLIN };
  if (fork() == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  a = res(poll(&f, 1, 5000));
  say("%s %s child %s", a, masks(f.revents), reap());
}

int
main(void)
{
  diff_begin("diff_ep_nest");
  RUN(nest_outer_sees_in);
  RUN(nest_only_in);
  RUN(nest_out_only);
  RUN(nest_poll_masks);
  RUN(nest_hup_shows_as_in);
  RUN(nest_stale_item);
  RUN(nest_select);
  RUN(nest_lt_over_lt);
  RUN(nest_lt_over_et);
  RUN(nest_et_over_lt);
  RUN(nest_et_over_et);
  RUN(nest_et_refires_per_write);
  RUN(nest_inner_harvest_silent);
  RUN(nest_inner_add_wakes);
  RUN(nest_inner_mod_queued);
  RUN(nest_inner_mod_rearm);
  RUN(nest_close_inner);
  RUN(nest_close_outer);
  RUN(nest_two_inners);
  RUN(nest_chain5_up);
  RUN(nest_chain6_up);
  RUN(nest_chain5_down);
  RUN(nest_chain6_down);
  RUN(nest_chain5_each_level);
  RUN(nest_join_chains);
  RUN(nest_cycle2);
  RUN(nest_cycle3);
  RUN(nest_diamond);
  RUN(nest_blocked_outer_wakes);
  RUN(nest_blocked_poll_wakes);
  return diff_end("diff_ep_nest");
}
