/*
 * diff_ep_order: the order of the ready list: first in, first out by when
 * an item became ready; round robin when maxevents is smaller than what is
 * ready; items re-polled, dropped, modified or deleted while queued
 * (linux-semantics.md section 5.5, rules 1, 6 and 11).
 *
 * Items carry their pipe's index as data; every wait uses timeout 0.
 */
#include "diff_epoll.h"

#define NPIPES 3

static int pipes[NPIPES][2];

// NPIPES pipes watched by ep with events, data i for pipe i; the ones in
// the string ready (e.g. "021") are written to, in that order, after all
// are added.
static int
setup(unsigned int events, const char *ready)
{
  int ep = epoll_create1(0), i;

  for (i = 0; i < NPIPES; i++) {
    pipe(pipes[i]);
    ctl(ep, EPOLL_CTL_ADD, pipes[i][0], events, i);
  }
  for (; *ready; ready++)
    write(pipes[*ready - '0'][1], "x", 1);
  return ep;
}

// n waits of at most max events each, as "a; b; c".
static const char *
waits(int ep, int n, int max)
{
  char s[DIFF_BUFSZ] = "";
  int i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      strcat(s, "; ");
    strcat(s, ewait(ep, max, 0));
  }
  return keep(s);
}

CASE(order_fifo)
{
  int ep = setup(EPOLLIN, "201");

  say("%s", waits(ep, 1, 8));
}

CASE(order_second_event_keeps_place)
{
  int ep = setup(EPOLLIN, "0102");

  say("%s", waits(ep, 1, 8));
}

CASE(order_add_ready_queues)
{
  int ep = epoll_create1(0), i;

  for (i = 0; i < NPIPES; i++)
    pipe(pipes[i]);
  write(pipes[1][1], "x", 1);
  write(pipes[2][1], "x", 1);
  write(pipes[0][1], "x", 1);
  for (i = 0; i < NPIPES; i++)
    ctl(ep, EPOLL_CTL_ADD, pipes[i][0], EPOLLIN, i);
  say("%s", waits(ep, 1, 8));
}

CASE(order_rr_max1)
{
  int ep = setup(EPOLLIN, "012");

  say("%s", waits(ep, 6, 1));
}

CASE(order_rr_max2)
{
  int ep = setup(EPOLLIN, "012");

  say("%s", waits(ep, 3, 2));
}

CASE(order_max2_then_8)
{
  int ep = setup(EPOLLIN, "012");
  const char *a;

  a = waits(ep, 1, 2);
  say("%s; %s", a, waits(ep, 1, 8));
}

CASE(order_max_exact)
{
  int ep = setup(EPOLLIN, "210");

  say("%s", waits(ep, 2, 3));
}

CASE(order_et_leftovers)
{
  int ep = setup(EPOLLIN | EPOLLET, "012");

  say("%s", waits(ep, 3, 2));
}

// Leftovers first, then items readied since, then this harvest's LT ones.
CASE(order_new_after_leftovers)
{
  int ep = setup(EPOLLIN, "01");
  const char *a;

  a = waits(ep, 1, 1);
  write(pipes[2][1], "x", 1);
  say("%s; %s", a, waits(ep, 4, 1));
}

CASE(order_dropped_when_drained)
{
  int ep = setup(EPOLLIN, "012");

  drain(pipes[1][0]);
  say("%s", waits(ep, 2, 8));
}

CASE(order_mod_keeps_place)
{
  int ep = setup(EPOLLIN, "012");

  ctl(ep, EPOLL_CTL_MOD, pipes[0][0], EPOLLIN, 10);
  say("%s", waits(ep, 1, 8));
}

CASE(order_mod_of_leftover)
{
  int ep = setup(EPOLLIN, "012");
  const char *a;

  a = waits(ep, 1, 1);
  ctl(ep, EPOLL_CTL_MOD, pipes[2][0], EPOLLIN, 22);
  say("%s; %s", a, waits(ep, 1, 8));
}

CASE(order_del_queued)
{
  int ep = setup(EPOLLIN, "012");

  ctl(ep, EPOLL_CTL_DEL, pipes[1][0], 0, 0);
  say("%s", waits(ep, 1, 8));
}

CASE(order_del_readd)
{
  int ep = setup(EPOLLIN, "012");

  ctl(ep, EPOLL_CTL_DEL, pipes[0][0], 0, 0);
  ctl(ep, EPOLL_CTL_ADD, pipes[0][0], EPOLLIN, 0);
  say("%s", waits(ep, 1, 8));
}

// Two items on one pipe (fd and its dup), added 1 then 2: one wakeup
// queues them newest registration first.
CASE(order_same_queue)
{
  int ep = epoll_create1(0), p[2], d;

  pipe(p);
  d = dup(p[0]);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 2);
  write(p[1], "x", 1);
  say("%s", waits(ep, 1, 8));
}

CASE(order_oneshot_mix)
{
  int ep = setup(EPOLLIN, "");

  ctl(ep, EPOLL_CTL_MOD, pipes[1][0], EPOLLIN | EPOLLONESHOT, 1);
  ctl(ep, EPOLL_CTL_MOD, pipes[2][0], EPOLLIN | EPOLLET, 2);
  write(pipes[2][1], "x", 1);
  write(pipes[1][1], "x", 1);
  write(pipes[0][1], "x", 1);
  say("%s", waits(ep, 4, 2));
}

CASE(order_rr_two_rounds_of_five)
{
  int ep = epoll_create1(0), p[2], i;

  for (i = 0; i < 5; i++) {
    pipe(p);
    write(p[1], "x", 1);
    ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, i);
  }
  say("%s", waits(ep, 5, 2));
}

int
main(void)
{
  diff_begin("diff_ep_order");
  RUN(order_fifo);
  RUN(order_second_event_keeps_place);
  RUN(order_add_ready_queues);
  RUN(order_rr_max1);
  RUN(order_rr_max2);
  RUN(order_max2_then_8);
  RUN(order_max_exact);
  RUN(order_et_leftovers);
  RUN(order_new_after_leftovers);
  RUN(order_dropped_when_drained);
  RUN(order_mod_keeps_place);
  RUN(order_mod_of_leftover);
  RUN(order_del_queued);
  RUN(order_del_readd);
  RUN(order_same_queue);
  RUN(order_oneshot_mix);
  RUN(order_rr_two_rounds_of_five);
  return diff_end("diff_ep_order");
}
