/*
 * diff_ep_edge: what epoll_wait reports for one item on a pipe or an
 * eventfd: level- and edge-triggered, ONESHOT and its re-arm by MOD,
 * ERR and HUP that are always reported, and a harvest that drops items
 * no longer ready (epoll(7), linux-semantics.md rules 1-6, 17, 19).
 *
 * Every wait but the blocking ones uses timeout 0: the items are made
 * ready (or not) before it, by the case itself.
 */
#include "diff_epoll.h"

#include <sys/eventfd.h>

#define ADD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_ADD, (fd), (ev), (data))
#define MOD(ep, fd, ev, data) ctl((ep), EPOLL_CTL_MOD, (fd), (ev), (data))

static unsigned long long one = 1, zero;

CASE(lt_repeats)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN, 1);
  a = ewait(ep, 4, 0);
  b = ewait(ep, 4, 0);
  say("%s, %s", a, b);
}

CASE(lt_dropped_after_read)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN, 1);
  a = ewait(ep, 4, 0);
  drain(p[0]);
  say("%s, after read %s", a, ewait(ep, 4, 0));
}

// Rule 1: queued by the write, gone by the harvest.
CASE(lt_dropped_before_harvest)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 1);
  write(p[1], "x", 1);
  drain(p[0]);
  say("%s", ewait(ep, 4, 0));
}

CASE(et_once)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  say("%s, %s", a, ewait(ep, 4, 0));
}

// Rule 3: ET fires again on every write, even into a non-empty pipe.
CASE(et_every_write)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *c;

  pipe(p);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  write(p[1], "x", 1);
  a = ewait(ep, 4, 0);
  write(p[1], "y", 1);
  b = ewait(ep, 4, 0);
  write(p[1], "z", 1);
  write(p[1], "w", 1);
  c = ewait(ep, 4, 0);
  say("%s, %s, two writes %s, then %s", a, b, c, ewait(ep, 4, 0));
}

CASE(et_partial_read)
{
  int ep = epoll_create1(0), p[2];
  const char *a;
  char c;

  pipe(p);
  write(p[1], "xy", 2);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  read(p[0], &c, 1);
  say("%s, after reading half %s", a, ewait(ep, 4, 0));
}

CASE(et_efd_every_write)
{
  int ep = epoll_create1(0), fd = eventfd(0, 0);
  const char *a, *b;

  ADD(ep, fd, EPOLLIN | EPOLLET, 1);
  write(fd, &one, 8);
  a = ewait(ep, 4, 0);
  write(fd, &one, 8);
  b = ewait(ep, 4, 0);
  write(fd, &zero, 8);
  say("%s, %s, after writing 0 %s", a, b, ewait(ep, 4, 0));
}

CASE(et_efd_write_zero_empty)
{
  int ep = epoll_create1(0), fd = eventfd(0, 0);

  ADD(ep, fd, EPOLLIN | EPOLLET, 1);
  write(fd, &zero, 8);
  say("%s", ewait(ep, 4, 0));
}

CASE(et_out_pipe)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  ADD(ep, p[1], EPOLLOUT | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  write(p[1], "x", 1);
  b = ewait(ep, 4, 0);
  drain(p[0]);
  say("%s, after write %s, after read %s", a, b, ewait(ep, 4, 0));
}

// Rule 4: only a read from a full pipe wakes the writers' side.
CASE(et_out_after_full)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  fill(p[1]);
  ADD(ep, p[1], EPOLLOUT | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  drain(p[0]);
  say("full %s, drained %s", a, ewait(ep, 4, 0));
}

CASE(et_efd_out)
{
  int ep = epoll_create1(0), fd = eventfd(0, 0);
  unsigned long long v;
  const char *a, *b, *c;

  ADD(ep, fd, EPOLLOUT | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  b = ewait(ep, 4, 0);
  write(fd, &one, 8);
  c = ewait(ep, 4, 0);
  read(fd, &v, 8);
  say("%s, %s, after write %s, after read %s", a, b, c, ewait(ep, 4, 0));
}

CASE(et_hup)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  close(p[1]);
  a = ewait(ep, 4, 0);
  say("%s, %s", a, ewait(ep, 4, 0));
}

CASE(et_mod_rearms)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *m;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  a = ewait(ep, 4, 0);
  b = ewait(ep, 4, 0);
  m = res(MOD(ep, p[0], EPOLLIN | EPOLLET, 2));
  say("%s, %s, mod %s, %s", a, b, m, ewait(ep, 4, 0));
}

CASE(oneshot_once)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  a = ewait(ep, 4, 0);
  b = ewait(ep, 4, 0);
  write(p[1], "y", 1);
  say("%s, %s, after write %s", a, b, ewait(ep, 4, 0));
}

CASE(oneshot_stays_registered)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  ewait(ep, 4, 0);
  a = res(ADD(ep, p[0], EPOLLIN, 2));
  b = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
  say("add %s del %s", a, b);
}

CASE(oneshot_mod_rearms_ready)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *m;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  a = ewait(ep, 4, 0);
  m = res(MOD(ep, p[0], EPOLLIN | EPOLLONESHOT, 2));
  b = ewait(ep, 4, 0);
  say("%s, mod %s, %s, %s", a, m, b, ewait(ep, 4, 0));
}

CASE(oneshot_mod_not_ready)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  ewait(ep, 4, 0);
  drain(p[0]);
  MOD(ep, p[0], EPOLLIN | EPOLLONESHOT, 2);
  a = ewait(ep, 4, 0);
  write(p[1], "y", 1);
  b = ewait(ep, 4, 0);
  say("re-armed empty %s, after write %s", a, b);
}

// Rule 5: a fired ONESHOT item reports not even HUP.
CASE(oneshot_silences_hup)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT, 1);
  a = ewait(ep, 4, 0);
  close(p[1]);
  say("%s, after writer closed %s", a, ewait(ep, 4, 0));
}

CASE(oneshot_et)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], EPOLLIN | EPOLLONESHOT | EPOLLET, 1);
  write(p[1], "x", 1);
  a = ewait(ep, 4, 0);
  write(p[1], "y", 1);
  say("%s, after write %s", a, ewait(ep, 4, 0));
}

// Rule 2: ERR and HUP need not be asked for.
CASE(hup_implicit)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ADD(ep, p[0], EPOLLIN, 1);
  close(p[1]);
  say("%s", ewait(ep, 4, 0));
}

CASE(hup_events0)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], 0, 1);
  write(p[1], "x", 1);
  a = ewait(ep, 4, 0);
  close(p[1]);
  say("data %s, writer closed %s", a, ewait(ep, 4, 0));
}

CASE(hup_with_data)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  write(p[1], "x", 1);
  close(p[1]);
  ADD(ep, p[0], EPOLLIN | EPOLLRDHUP | EPOLLPRI, 1);
  say("%s", ewait(ep, 4, 0));
}

CASE(hup_lt_repeats)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  close(p[1]);
  ADD(ep, p[0], EPOLLIN, 1);
  a = ewait(ep, 4, 0);
  say("%s, %s", a, ewait(ep, 4, 0));
}

CASE(err_events0)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ADD(ep, p[1], 0, 1);
  close(p[0]);
  say("%s", ewait(ep, 4, 0));
}

CASE(err_with_out)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ADD(ep, p[1], EPOLLOUT | EPOLLWRNORM, 1);
  close(p[0]);
  say("%s", ewait(ep, 4, 0));
}

CASE(err_full)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  fill(p[1]);
  ADD(ep, p[1], EPOLLOUT, 1);
  close(p[0]);
  say("%s", ewait(ep, 4, 0));
}

CASE(mask_filters)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLOUT, 1);
  a = ewait(ep, 4, 0);
  ADD(ep, p[1], EPOLLIN, 2);
  say("read end for OUT %s, write end for IN %s", a, ewait(ep, 4, 0));
}

CASE(rdnorm_asked)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLRDNORM | EPOLLRDBAND, 1);
  ADD(ep, p[1], EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND, 2);
  say("%s", ewait(ep, 4, 0));
}

CASE(efd_lt_in_out)
{
  int ep = epoll_create1(0), fd = eventfd(1, 0);

  ADD(ep, fd, EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM, 1);
  say("%s", ewait(ep, 4, 0));
}

CASE(efd_semaphore_lt)
{
  int ep = epoll_create1(0), fd = eventfd(2, EFD_SEMAPHORE);
  unsigned long long v;
  const char *a, *b;

  ADD(ep, fd, EPOLLIN, 1);
  a = ewait(ep, 4, 0);
  read(fd, &v, 8);
  b = ewait(ep, 4, 0);
  read(fd, &v, 8);
  say("%s, %s, %s", a, b, ewait(ep, 4, 0));
}

CASE(mod_changes_mask)
{
  int ep = epoll_create1(0), fd = eventfd(1, 0);
  const char *a;

  ADD(ep, fd, EPOLLOUT, 1);
  a = ewait(ep, 4, 0);
  MOD(ep, fd, EPOLLIN, 2);
  say("%s, %s", a, ewait(ep, 4, 0));
}

CASE(private_bits_not_returned)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  write(p[1], "x", 1);
  ADD(ep, p[0], EPOLLIN | EPOLLET | EPOLLONESHOT | EPOLLWAKEUP, 1);
  say("%s", ewait(ep, 4, 0));
}

CASE(et_blocked_wait)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ADD(ep, p[0], EPOLLIN | EPOLLET, 1);
  if (fork() == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  a = ewait(ep, 4, 5000);
  say("%s child %s, then %s", a, reap(), ewait(ep, 4, 0));
}

int
main(void)
{
  diff_begin("diff_ep_edge");
  RUN(lt_repeats);
  RUN(lt_dropped_after_read);
  RUN(lt_dropped_before_harvest);
  RUN(et_once);
  RUN(et_every_write);
  RUN(et_partial_read);
  RUN(et_efd_every_write);
  RUN(et_efd_write_zero_empty);
  RUN(et_out_pipe);
  RUN(et_out_after_full);
  RUN(et_efd_out);
  RUN(et_hup);
  RUN(et_mod_rearms);
  RUN(oneshot_once);
  RUN(oneshot_stays_registered);
  RUN(oneshot_mod_rearms_ready);
  RUN(oneshot_mod_not_ready);
  RUN(oneshot_silences_hup);
  RUN(oneshot_et);
  RUN(hup_implicit);
  RUN(hup_events0);
  RUN(hup_with_data);
  RUN(hup_lt_repeats);
  RUN(err_events0);
  RUN(err_with_out);
  RUN(err_full);
  RUN(mask_filters);
  RUN(rdnorm_asked);
  RUN(efd_lt_in_out);
  RUN(efd_semaphore_lt);
  RUN(mod_changes_mask);
  RUN(private_bits_not_returned);
  RUN(et_blocked_wait);
  return diff_end("diff_ep_edge");
}
