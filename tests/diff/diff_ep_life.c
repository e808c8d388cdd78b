/*
 * diff_ep_life: how long a registration lives. It is keyed by (open file,
 * fd number) and goes away only when the last reference to the open file
 * does: close() of one fd while a dup or a forked child still holds the
 * file removes nothing. And an epoll instance shared through dup and fork
 * (epoll(7) Q&A, linux-semantics.md section 5.7, rule 7).
 */
#include "diff_epoll.h"

#include <sys/eventfd.h>

#define ADD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_ADD, (fd), (ev), (data))

static unsigned long long one = 1;

CASE(life_close_with_dup)
{
  int ep = epoll_create1(0), p[2], d;

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  d = dup(p[0]);
  close(p[0]);
  write(p[1], "x", 1);
  say("%s (dup %s)", ewait(ep, 4, 0), d >= 0 ? "open" : "failed");
}

CASE(life_del_closed_number)
{
  int ep = epoll_create1(0), p[2], d;
  const char *a, *b;

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  d = dup(p[0]);
  close(p[0]);
  a = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
  b = res(ctl(ep, EPOLL_CTL_DEL, d, 0, 0));
  write(p[1], "x", 1);
  say("del closed %s del dup %s wait %s", a, b, ewait(ep, 4, 0));
}

CASE(life_mod_closed_number)
{
  int ep = epoll_create1(0), p[2], d;
  const char *a, *b;

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  d = dup(p[0]);
  close(p[0]);
  a = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 8));
  b = res(ctl(ep, EPOLL_CTL_MOD, d, EPOLLIN, 9));
  say("mod closed %s mod dup %s", a, b);
}

CASE(life_queued_survives_close)
{
  int ep = epoll_create1(0), p[2], d;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN, 7);
  d = dup(p[0]);
  close(p[0]);
  say("%s (dup %s)", ewait(ep, 4, 0), d >= 0 ? "open" : "failed");
}

CASE(life_last_close_removes)
{
  int ep = epoll_create1(0), fd = eventfd(1, 0);
  const char *a;

  ADD(ep, fd, EPOLLIN, 7);
  close(fd);
  a = ewait(ep, 4, 0);
  say("%s, del %s", a, res(ctl(ep, EPOLL_CTL_DEL, fd, 0, 0)));
}

CASE(life_number_reused)
{
  int ep = epoll_create1(0), fd = eventfd(0, 0), fd2;
  const char *a;

  ADD(ep, fd, EPOLLIN, 7);
  close(fd);
  fd2 = eventfd(1, 0);
  a = res(ADD(ep, fd2, EPOLLIN, 8));
  say("same number %s add %s wait %s", fd2 == fd ? "yes" : "no", a,
      ewait(ep, 4, 0));
}

// The new file on a number whose old file is still registered (via a
// dup elsewhere) is a different key: no EEXIST.
CASE(life_number_reused_old_alive)
{
  int ep = epoll_create1(0), a = eventfd(1, 0), b, d;
  const char *r;

  ADD(ep, a, EPOLLIN, 1);
  d = dup(a);
  close(a);
  b = eventfd(1, 0);
  r = res(ADD(ep, b, EPOLLIN, 2));
  say("same number %s add %s wait %s (dup %s)", b == a ? "yes" : "no", r,
      ewait(ep, 4, 0), d >= 0 ? "open" : "failed");
}

CASE(life_dup_items_independent)
{
  int ep = epoll_create1(0), p[2], d;
  const char *a, *b;

  pipe(p);
  d = dup(p[0]);
  ADD(ep, p[0], EPOLLIN, 1);
  ADD(ep, d, EPOLLIN | EPOLLONESHOT, 2);
  write(p[1], "x", 1);
  a = ewait(ep, 4, 0);
  b = ewait(ep, 4, 0);
  close(d);
  say("%s; %s; dup closed %s", a, b, ewait(ep, 4, 0));
}

CASE(life_epfd_dup)
{
  int ep = epoll_create1(0), d = dup(ep), p[2];

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  close(ep);
  write(p[1], "x", 1);
  say("%s", ewait(d, 4, 0));
}

CASE(life_child_keeps_file)
{
  int ep = epoll_create1(0), p[2], go[2];
  char c;
  const char *a;

  pipe(p);
  pipe(go);
  ADD(ep, p[0], EPOLLIN, 7);
  if (fork() == 0) {
    close(go[1]);
    read(go[0], &c, 1);
    _exit(0);
  }
  close(go[0]);
  close(p[0]);
  write(p[1], "x", 1);
  a = ewait(ep, 4, 0);
  close(go[1]);
  say("%s child %s", a, reap());
}

// The child holds the last reference when the pipe becomes ready; its
// exit removes the item, queued event and all.
CASE(life_child_exit_removes)
{
  int ep = epoll_create1(0), p[2], go[2];
  char c;
  const char *a;

  pipe(p);
  pipe(go);
  ADD(ep, p[0], EPOLLIN, 7);
  if (fork() == 0) {
    close(go[1]);
    read(go[0], &c, 1);
    _exit(0);
  }
  close(go[0]);
  close(p[0]);
  write(p[1], "x", 1);
  close(go[1]);
  a = reap();
  say("child %s wait %s", a, ewait(ep, 4, 0));
}

CASE(life_fork_shares_interest)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  if (fork() == 0) {
    ADD(ep, p[0], EPOLLIN, 7);
    _exit(0);
  }
  a = reap();
  write(p[1], "x", 1);
  say("child %s parent wait %s", a, ewait(ep, 4, 0));
}

CASE(life_fork_child_dels)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 7);
  if (fork() == 0)
    _exit(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0) == 0 ? 0 : 1);
  a = reap();
  write(p[1], "x", 1);
  say("child %s parent wait %s", a, ewait(ep, 4, 0));
}

CASE(life_fork_shares_oneshot)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 7);
  if (fork() == 0) {
    struct epoll_event ev;
    _exit(epoll_wait(ep, &ev, 1, 0) == 1 ? 0 : 1);
  }
  a = reap();
  say("child %s parent wait %s", a, ewait(ep, 4, 0));
}

CASE(life_child_only_file)
{
  int ep = epoll_create1(0);
  const char *a;

  if (fork() == 0) {
    int fd = eventfd(1, 0);
    _exit(ADD(ep, fd, EPOLLIN, 7) == 0 ? 0 : 1);
  }
  a = reap();
  say("child %s parent wait %s", a, ewait(ep, 4, 0));
}

CASE(life_child_waits_shared)
{
  int ep = epoll_create1(0), fd = eventfd(0, 0);
  struct epoll_event ev;
  const char *a;

  ADD(ep, fd, EPOLLIN | EPOLLET, 7);
  if (fork() == 0)
    _exit(epoll_wait(ep, &ev, 1, 5000) == 1 && ev.data.u64 == 7 ? 0 : 1);
  write(fd, &one, 8);
  a = reap();
  say("child %s parent wait %s", a, ewait(ep, 4, 0));
}

// The parent sleeps in epoll_wait; the child's ADD of a ready eventfd
// wakes it.
CASE(life_child_add_wakes_parent)
{
  int ep = epoll_create1(0), fd = eventfd(1, 0);
  const char *a;

  if (fork() == 0)
    _exit(ADD(ep, fd, EPOLLIN, 7) == 0 ? 0 : 1);
  a = ewait(ep, 4, 5000);
  say("%s child %s", a, reap());
}

int
main(void)
{
  diff_begin("diff_ep_life");
  RUN(life_close_with_dup);
  RUN(life_del_closed_number);
  RUN(life_mod_closed_number);
  RUN(life_queued_survives_close);
  RUN(life_last_close_removes);
  RUN(life_number_reused);
  RUN(life_number_reused_old_alive);
  RUN(life_dup_items_independent);
  RUN(life_epfd_dup);
  RUN(life_child_keeps_file);
  RUN(life_child_exit_removes);
  RUN(life_fork_shares_interest);
  RUN(life_fork_child_dels);
  RUN(life_fork_shares_oneshot);
  RUN(life_child_only_file);
  RUN(life_child_waits_shared);
  RUN(life_child_add_wakes_parent);
  return diff_end("diff_ep_life");
}
