/*
 * diff_ep_ctl: epoll_create1 and epoll_ctl: flags, every error and the
 * order in which epoll_ctl checks for them, EPOLLEXCLUSIVE's argument
 * rules, and what masks are accepted (epoll_create(2), epoll_ctl(2),
 * linux-semantics.md sections 5.1 and 5.2, rules 2, 8 and 9).
 *
 * Regular file: "diff_tmp_file", made in the current directory and
 * unlinked at once. Directory: ".".
 */
#include "diff_epoll.h"

#include <sys/eventfd.h>

#define FLAGS(fd) (fcntl((fd), F_GETFL) & (O_ACCMODE | O_NONBLOCK))
#define EXCL EPOLLEXCLUSIVE

// A regular file, already unlinked.
static int
regular_file(void)
{
  int fd = open("diff_tmp_file", O_RDWR | O_CREAT, 0600);

  unlink("diff_tmp_file");
  return fd;
}

// Each bad pointer in its own variable, so that gcc passes it as is.
static struct epoll_event *
null_event(void)
{
  return (struct epoll_event *)opaque(0);
}

CASE(epc_create1)
{
  int ep = epoll_create1(0);

  say("%s flags 0x%x cloexec %d", ep >= 0 ? "fd" : res(ep), FLAGS(ep),
      fcntl(ep, F_GETFD));
}

CASE(epc_create1_cloexec)
{
  int ep = epoll_create1(EPOLL_CLOEXEC);

  say("%s cloexec %d", ep >= 0 ? "fd" : res(ep), fcntl(ep, F_GETFD));
}

CASE(epc_create1_bad_flags)
{
  const char *a, *b, *c;

  a = res(epoll_create1(O_NONBLOCK));
  b = res(epoll_create1(1));
  c = res(epoll_create1(EPOLL_CLOEXEC | O_RDWR));
  say("O_NONBLOCK %s 1 %s CLOEXEC|O_RDWR %s", a, b, c);
}

CASE(epc_create_size)
{
  const char *a, *b, *c;

  a = res(epoll_create(0));
  b = res(epoll_create(-1));
  c = epoll_create(1) >= 0 ? "fd" : res(-1);
  say("size 0 %s size -1 %s size 1 %s", a, b, c);
}

CASE(epc_read_write)
{
  int ep = epoll_create1(0);
  char buf[16] = { 0 };
  const char *a;

  a = res(read(ep, buf, sizeof(buf)));
  say("read %s write %s", a, res(write(ep, buf, sizeof(buf))));
}

CASE(epc_add_mod_del)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *m, *d;

  pipe(p);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  m = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLOUT, 2));
  d = res(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0));
  say("add %s mod %s del %s", a, m, d);
}

CASE(epc_add_twice)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  say("add %s again %s", a, res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLOUT, 2)));
}

CASE(epc_mod_del_absent)
{
  int ep = epoll_create1(0), p[2];
  const char *m;

  pipe(p);
  m = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 1));
  say("mod %s del %s", m, res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0)));
}

CASE(epc_del_twice)
{
  int ep = epoll_create1(0), p[2];
  const char *d;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  d = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
  say("del %s again %s", d, res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0)));
}

CASE(epc_bad_epfd)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  close(ep);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  b = res(ctl(-1, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  say("closed %s -1 %s", a, b);
}

CASE(epc_bad_fd)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *m, *d, *n;

  pipe(p);
  close(p[0]);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  m = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 1));
  d = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
  n = res(ctl(ep, EPOLL_CTL_ADD, -1, EPOLLIN, 1));
  say("add %s mod %s del %s fd -1 %s", a, m, d, n);
}

CASE(epc_regular_file)
{
  int ep = epoll_create1(0), fd = regular_file();

  say("%s", res(ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 1)));
}

CASE(epc_directory)
{
  int ep = epoll_create1(0), fd = open(".", O_RDONLY);

  say("%s", res(ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 1)));
}

CASE(epc_not_epoll)
{
  int p[2], q[2];
  const char *a, *d;

  pipe(p);
  pipe(q);
  a = res(ctl(p[0], EPOLL_CTL_ADD, q[0], EPOLLIN, 1));
  d = res(ctl(p[0], EPOLL_CTL_DEL, q[0], 0, 0));
  say("add %s del %s", a, d);
}

CASE(epc_self)
{
  int ep = epoll_create1(0), d = dup(ep);
  const char *a;

  a = res(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 1));
  say("itself %s its dup %s", a, res(ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 1)));
}

CASE(epc_null_event)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *m;

  pipe(p);
  a = res(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], null_event()));
  ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 1);
  m = res(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], null_event()));
  say("add %s mod %s del %s", a, m,
      res(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], null_event())));
}

// Rule 8's order, one pair of neighbouring checks at a time.
CASE(epc_order_efault_first)
{
  const char *a, *b;

  a = res(epoll_ctl(-1, EPOLL_CTL_ADD, -1, null_event()));
  b = res(epoll_ctl(-1, 99, -1, null_event()));
  say("add %s op 99 %s", a, b);
}

CASE(epc_order_del_skips_copy)
{
  say("%s", res(epoll_ctl(-1, EPOLL_CTL_DEL, -1, null_event())));
}

CASE(epc_order_epfd_before_fd)
{
  int ep = epoll_create1(0), fd = regular_file();
  const char *a;

  close(ep);
  a = res(ctl(ep, EPOLL_CTL_ADD, -1, EPOLLIN, 1));
  say("both bad %s bad epfd, file fd %s", a,
      res(ctl(ep, EPOLL_CTL_ADD, fd, EPOLLIN, 1)));
}

CASE(epc_order_fd_before_not_epoll)
{
  int p[2];

  pipe(p);
  say("%s", res(ctl(p[0], EPOLL_CTL_ADD, -1, EPOLLIN, 1)));
}

CASE(epc_order_eperm_before_not_epoll)
{
  int p[2], fd = regular_file();

  pipe(p);
  say("%s", res(ctl(p[0], EPOLL_CTL_ADD, fd, EPOLLIN, 1)));
}

CASE(epc_order_not_epoll_same_fd)
{
  int p[2];

  pipe(p);
  say("%s", res(ctl(p[0], EPOLL_CTL_ADD, p[0], EPOLLIN, 1)));
}

CASE(epc_order_eperm_before_einval_self)
{
  int fd = regular_file();

  say("%s", res(ctl(fd, EPOLL_CTL_ADD, fd, EPOLLIN, 1)));
}

CASE(epc_bad_op)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *c;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  a = res(ctl(ep, 0, p[0], EPOLLIN, 1));
  b = res(ctl(ep, 4, p[0], EPOLLIN, 1));
  c = res(ctl(ep, -1, p[1], EPOLLIN, 1));
  say("op 0 %s op 4 %s op -1 unregistered %s", a, b, c);
}

CASE(epc_excl_add)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EXCL, 1));
  b = res(ctl(ep, EPOLL_CTL_ADD, p[1],
              EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLET | EPOLLWAKEUP | EXCL,
              2));
  say("IN %s OUT|ERR|HUP|ET|WAKEUP %s", a, b);
}

CASE(epc_excl_bad_bits)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *c, *d, *e;

  pipe(p);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLONESHOT | EXCL, 1));
  b = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLRDHUP | EXCL, 1));
  c = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLPRI | EXCL, 1));
  d = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLRDNORM | EXCL, 1));
  e = res(ctl(ep, EPOLL_CTL_ADD, p[0], EXCL, 1));
  say("ONESHOT %s RDHUP %s PRI %s RDNORM %s alone %s", a, b, c, d, e);
}

CASE(epc_excl_mod)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  a = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EXCL, 1));
  b = res(ctl(ep, EPOLL_CTL_MOD, p[1], EPOLLIN | EXCL, 1));
  say("registered %s unregistered %s", a, b);
}

CASE(epc_excl_item_mod)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *d;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EXCL, 1);
  a = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN, 2));
  d = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
  say("mod %s del %s", a, d);
}

CASE(epc_excl_epoll_target)
{
  int ep = epoll_create1(0), inner = epoll_create1(0);

  say("%s", res(ctl(ep, EPOLL_CTL_ADD, inner, EPOLLIN | EXCL, 1)));
}

CASE(epc_excl_registered)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLONESHOT | EXCL, 1));
  say("bad bits %s good bits %s", a,
      res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EXCL, 1)));
}

CASE(epc_excl_del_op_ignores)
{
  int ep = epoll_create1(0), p[2];

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  say("%s", res(ctl(ep, EPOLL_CTL_DEL, p[0], EPOLLIN | EPOLLONESHOT | EXCL,
                    0)));
}

CASE(epc_unknown_bits)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | 0x00f00000 | EPOLLMSG, 7));
  say("add %s wait %s", a, ewait(ep, 4, 0));
}

CASE(epc_mod_256_masks)
{
  static const unsigned int bits[8] = { EPOLLIN, EPOLLOUT, EPOLLPRI,
    EPOLLERR, EPOLLHUP, EPOLLET, EPOLLONESHOT, EPOLLRDHUP };
  int ep = epoll_create1(0), p[2], m, i, ok = 0;
  unsigned int events;

  pipe(p);
  ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
  for (m = 0; m < 256; m++) {
    events = 0;
    for (i = 0; i < 8; i++)
      if (m & (1 << i))
        events |= bits[i];
    ok += ctl(ep, EPOLL_CTL_MOD, p[0], events, m) == 0;
  }
  say("%d of 256 succeeded", ok);
}

CASE(epc_dup_two_items)
{
  int ep = epoll_create1(0), p[2], d;
  const char *a, *b;

  pipe(p);
  d = dup(p[0]);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  b = res(ctl(ep, EPOLL_CTL_ADD, d, EPOLLIN, 2));
  say("fd %s dup %s", a, b);
}

CASE(epc_targets)
{
  int ep = epoll_create1(0), p[2];
  const char *a, *b, *c;

  pipe(p);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 1));
  b = res(ctl(ep, EPOLL_CTL_ADD, eventfd(0, 0), EPOLLIN, 2));
  c = res(ctl(ep, EPOLL_CTL_ADD, epoll_create1(0), EPOLLIN, 3));
  say("pipe write end %s eventfd %s epoll %s", a, b, c);
}

CASE(epc_events0)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], 0, 1));
  say("add %s wait %s", a, ewait(ep, 4, 0));
}

CASE(epc_wakeup_bit)
{
  int ep = epoll_create1(0), p[2];
  const char *a;

  pipe(p);
  write(p[1], "x", 1);
  a = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLWAKEUP, 1));
  say("add %s wait %s", a, ewait(ep, 4, 0));
}

CASE(epc_closed_epfd_dup)
{
  int ep = epoll_create1(0), d = dup(ep), p[2];
  const char *a;

  pipe(p);
  close(ep);
  a = res(ctl(d, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
  say("add via dup %s via closed %s", a,
      res(ctl(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT, 2)));
}

int
main(void)
{
  diff_begin("diff_ep_ctl");
  RUN(epc_create1);
  RUN(epc_create1_cloexec);
  RUN(epc_create1_bad_flags);
  RUN(epc_create_size);
  RUN(epc_read_write);
  RUN(epc_add_mod_del);
  RUN(epc_add_twice);
  RUN(epc_mod_del_absent);
  RUN(epc_del_twice);
  RUN(epc_bad_epfd);
  RUN(epc_bad_fd);
  RUN(epc_regular_file);
  RUN(epc_directory);
  RUN(epc_not_epoll);
  RUN(epc_self);
  RUN(epc_null_event);
  RUN(epc_order_efault_first);
  RUN(epc_order_del_skips_copy);
  RUN(epc_order_epfd_before_fd);
  RUN(epc_order_fd_before_not_epoll);
  RUN(epc_order_eperm_before_not_epoll);
  RUN(epc_order_not_epoll_same_fd);
  RUN(epc_order_eperm_before_einval_self);
  RUN(epc_bad_op);
  RUN(epc_excl_add);
  RUN(epc_excl_bad_bits);
  RUN(epc_excl_mod);
  RUN(epc_excl_item_mod);
  RUN(epc_excl_epoll_target);
  RUN(epc_excl_registered);
  RUN(epc_excl_del_op_ignores);
  RUN(epc_unknown_bits);
  RUN(epc_mod_256_masks);
  RUN(epc_dup_two_items);
  RUN(epc_targets);
  RUN(epc_events0);
  RUN(epc_wakeup_bit);
  RUN(epc_closed_epfd_dup);
  return diff_end("diff_ep_ctl");
}
