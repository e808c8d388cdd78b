/*
 * diff_poll: poll(2) on pipes: the masks of both ends in every state,
 * how revents is filtered, negative and closed fds, timeouts, and
 * sleepers woken by another process (poll(2), linux-semantics.md
 * sections 3.1 and 4, rules 17 and 20).
 */
#include "diff.h"

#include <poll.h>

#define ALL (POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
             POLLWRNORM | POLLWRBAND | POLLRDHUP)

// poll() on n entries: "N rev0 rev1 ...", or "-1 ERRNO".
static const char *
polls(struct pollfd *fds, int n, int timeout)
{
  char s[DIFF_BUFSZ];
  int i, r;

  r = poll(fds, n, timeout);
  if (r < 0)
    return res(r);
  snprintf(s, sizeof(s), "%d", r);
  for (i = 0; i < n; i++) {
    strcat(s, " ");
    strcat(s, masks((unsigned short)fds[i].revents));
  }
  return keep(s);
}

// Both ends of pipe p, each asked for events.
static const char *
ends(int *p, int events)
{
  struct pollfd fds[2] = {
    { .fd = p[0], .events = events },
    { .fd = p[1], .events = events },
  };

  return polls(fds, 2, 0);
}

CASE(poll_empty)
{
  int p[2];

  pipe(p);
  say("%s", ends(p, POLLIN | POLLOUT));
}

CASE(poll_data)
{
  int p[2];

  pipe(p);
  write(p[1], "x", 1);
  say("%s", ends(p, POLLIN | POLLOUT));
}

CASE(poll_data_all_bits)
{
  int p[2];

  pipe(p);
  write(p[1], "x", 1);
  say("%s", ends(p, ALL));
}

CASE(poll_empty_all_bits)
{
  int p[2];

  pipe(p);
  say("%s", ends(p, ALL));
}

CASE(poll_data_events0)
{
  int p[2];

  pipe(p);
  write(p[1], "x", 1);
  say("%s", ends(p, 0));
}

CASE(poll_wrong_direction)
{
  int p[2];
  struct pollfd fds[2];

  pipe(p);
  write(p[1], "x", 1);
  fds[0] = (struct pollfd){ .fd = p[0], .events = POLLOUT };
  fds[1] = (struct pollfd){ .fd = p[1], .events = POLLIN };
  say("%s", polls(fds, 2, 0));
}

CASE(poll_writer_closed_empty)
{
  int p[2];

  struct pollfd f;

  pipe(p);
  close(p[1]);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_writer_closed_data)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  write(p[1], "x", 1);
  close(p[1]);
  f = (struct pollfd){ .fd = p[0], .events = ALL };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_writer_closed_events0)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  write(p[1], "x", 1);
  close(p[1]);
  f = (struct pollfd){ .fd = p[0], .events = 0 };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_writer_closed_drained)
{
  int p[2];
  struct pollfd f;
  const char *before;

  pipe(p);
  write(p[1], "x", 1);
  close(p[1]);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN };
  before = polls(&f, 1, 0);
  drain(p[0]);
  say("before %s after read %s", before, polls(&f, 1, 0));
}

CASE(poll_reader_closed)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  close(p[0]);
  f = (struct pollfd){ .fd = p[1], .events = ALL };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_reader_closed_events0)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  close(p[0]);
  f = (struct pollfd){ .fd = p[1], .events = 0 };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_reader_closed_in_only)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  close(p[0]);
  f = (struct pollfd){ .fd = p[1], .events = POLLIN };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_full)
{
  int p[2];
  const char *filled;

  pipe(p);
  filled = fill(p[1]) ? "filled" : "not filled";
  say("%s: %s", filled, ends(p, POLLIN | POLLOUT));
}

CASE(poll_full_reader_closed)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  fill(p[1]);
  close(p[0]);
  f = (struct pollfd){ .fd = p[1], .events = POLLIN | POLLOUT };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_full_drained)
{
  int p[2];

  pipe(p);
  fill(p[1]);
  drain(p[0]);
  say("%s", ends(p, POLLIN | POLLOUT));
}

CASE(poll_both_closed_ends_nval)
{
  int p[2];

  pipe(p);
  close(p[0]);
  close(p[1]);
  say("%s", ends(p, POLLIN | POLLOUT));
}

CASE(poll_negative_fd)
{
  int p[2];
  struct pollfd fds[3];

  pipe(p);
  write(p[1], "x", 1);
  fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x7f };
  fds[1] = (struct pollfd){ .fd = p[0], .events = POLLIN, .revents = 0x7f };
  fds[2] = (struct pollfd){ .fd = -5, .events = 0, .revents = 0x7f };
  say("%s", polls(fds, 3, 0));
}

CASE(poll_closed_fd_nval)
{
  int p[2];
  struct pollfd fds[2];

  pipe(p);
  close(p[0]);
  fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = p[0], .events = 0 };
  say("%s", polls(fds, 2, 0));
}

CASE(poll_nval_counts)
{
  int p[2], q[2];
  struct pollfd fds[4];

  pipe(p);
  pipe(q);
  write(p[1], "x", 1);
  close(q[0]);
  fds[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = q[0], .events = POLLIN };
  fds[2] = (struct pollfd){ .fd = p[0], .events = POLLIN };
  fds[3] = (struct pollfd){ .fd = q[1], .events = POLLIN };
  say("%s", polls(fds, 4, 0));
}

CASE(poll_same_fd_twice)
{
  int p[2];
  struct pollfd fds[2];

  pipe(p);
  write(p[1], "x", 1);
  fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = p[0], .events = POLLOUT };
  say("%s", polls(fds, 2, 0));
}

CASE(poll_revents_cleared)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN, .revents = POLLIN };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_dup_and_nonblock)
{
  int p[2], d;
  struct pollfd fds[2];

  pipe2(p, O_NONBLOCK);
  d = dup(p[0]);
  write(p[1], "x", 1);
  fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = d, .events = POLLIN };
  say("%s", polls(fds, 2, 0));
}

CASE(poll_nfds0_sleeps)
{
  say("%s", res(poll(0, 0, 20)));
}

CASE(poll_timeout0_nothing)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN };
  say("%s", polls(&f, 1, 0));
}

CASE(poll_timeout_expires)
{
  int p[2];
  struct pollfd f;

  pipe(p);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN, .revents = POLLHUP };
  say("%s", polls(&f, 1, 30));
}

CASE(poll_efault)
{
  say("%s", res(poll((struct pollfd *)opaque(0), 1, 0)));
}

CASE(poll_nfds_too_big)
{
  struct pollfd f = { .fd = -1 };

  say("%s", res(poll(&f, opaque(1 << 24), 0)));
}

// A sleeping poll is woken by the child's write.
CASE(poll_wakes_on_write)
{
  int p[2], go[2];
  struct pollfd f;
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
  f = (struct pollfd){ .fd = p[0], .events = POLLIN };
  r = polls(&f, 1, 5000);
  say("%s child %s", r, reap());
}

// The child holds the last write end; its exit wakes the poller with HUP.
CASE(poll_wakes_on_hup)
{
  int p[2];
  struct pollfd f;
  const char *r;

  pipe(p);
  if (fork() == 0)
    _exit(0);
  close(p[1]);
  f = (struct pollfd){ .fd = p[0], .events = POLLIN };
  r = polls(&f, 1, 5000);
  say("%s child %s", r, reap());
}

// A full pipe; the child, holding the last read end, exits: ERR.
CASE(poll_wakes_on_err)
{
  int p[2];
  struct pollfd f;
  const char *r;

  pipe(p);
  fill(p[1]);
  if (fork() == 0)
    _exit(0);
  close(p[0]);
  f = (struct pollfd){ .fd = p[1], .events = POLLOUT };
  r = polls(&f, 1, 5000);
  say("%s child %s", r, reap());
}

// A full pipe; the child empties it: the writer's poll sees OUT.
CASE(poll_wakes_on_room)
{
  int p[2];
  struct pollfd f;
  const char *r;

  pipe(p);
  fill(p[1]);
  if (fork() == 0) {
    drain(p[0]);
    _exit(0);
  }
  f = (struct pollfd){ .fd = p[1], .events = POLLOUT };
  r = polls(&f, 1, 5000);
  say("%s child %s", r, reap());
}

// Two pipes, only the second written by the child: one entry reported.
CASE(poll_wakes_one_of_two)
{
  int p[2], q[2];
  struct pollfd fds[2];
  const char *r;

  pipe(p);
  pipe(q);
  if (fork() == 0) {
    write(q[1], "x", 1);
    _exit(0);
  }
  fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = q[0], .events = POLLIN };
  r = polls(fds, 2, 5000);
  say("%s child %s", r, reap());
}

int
main(void)
{
  diff_begin("diff_poll");
  RUN(poll_empty);
  RUN(poll_data);
  RUN(poll_data_all_bits);
  RUN(poll_empty_all_bits);
  RUN(poll_data_events0);
  RUN(poll_wrong_direction);
  RUN(poll_writer_closed_empty);
  RUN(poll_writer_closed_data);
  RUN(poll_writer_closed_events0);
  RUN(poll_writer_closed_drained);
  RUN(poll_reader_closed);
  RUN(poll_reader_closed_events0);
  RUN(poll_reader_closed_in_only);
  RUN(poll_full);
  RUN(poll_full_reader_closed);
  RUN(poll_full_drained);
  RUN(poll_both_closed_ends_nval);
  RUN(poll_negative_fd);
  RUN(poll_closed_fd_nval);
  RUN(poll_nval_counts);
  RUN(poll_same_fd_twice);
  RUN(poll_revents_cleared);
  RUN(poll_dup_and_nonblock);
  RUN(poll_nfds0_sleeps);
  RUN(poll_timeout0_nothing);
  RUN(poll_timeout_expires);
  RUN(poll_efault);
  RUN_NATIVE(poll_nfds_too_big);     // qemu-user: EFAULT first
  RUN(poll_wakes_on_write);
  RUN(poll_wakes_on_hup);
  RUN(poll_wakes_on_err);
  RUN(poll_wakes_on_room);
  RUN(poll_wakes_one_of_two);
  return diff_end("diff_poll");
}
