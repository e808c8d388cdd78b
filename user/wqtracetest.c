/*
 * wqtracetest: the wakeup trace (kernel/event/wqtrace.c, /wakeups) and
 * its reader, user/wqtrace.c.
 *
 *   wqtracetest          every case
 *   wqtracetest NAME...  the named cases (or name prefixes)
 *
 * The runner, checks and command line are user/include/harness.h's
 * ("test NAME: OK"; -l lists the cases).
 * The trace is the whole machine's: the cases run one at a time, and
 * each leaves it off.
 *
 * wqtracetest --scenario epoll|poll is what the tree and poll_declines
 * cases run under wqtrace: an eventfd write waking an epoll_wait, or
 * not waking a poll(), in another process.
 */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <nudge/wqtrace.h>
#include "harness.h"

#define RING        2048     // kernel/event/wqtrace.c's WQTRACE_RING
#define MAXHARTS    8
#define TREE_RUNS   5        // tree: runs until the waiter was asleep in time

static int
open_trace(void)
{
  return TRY(open("/wakeups", O_RDONLY));
}

/*
 * The scenarios: a waiter in a child, a writer in this process, an
 * eventfd between them. Each prints both pids.
 *
 * epoll: the waiter sleeps in epoll_wait on an epoll watching the
 * eventfd; the writer adds 1.
 *
 *   writer (this process)              waiter (child)
 *   epoll_ctl ADD efd
 *   read(ready)  <-------------------  write(ready)
 *   settle()                           epoll_wait(ep): sleeps on ep.wq
 *   write(efd, 1)
 *     wake_up(eventfd, IN) -> ep_poll_callback
 *       -> wake_up(ep.wq) -> autoremove_wake_function: woke waiter
 *   wait()                             returns 1, exits 0
 *
 * poll: the eventfd is full; the waiter sleeps in poll() for POLLOUT
 * only. The writer's write of 0 wakes the queue for IN, which the
 * waiter's pollwake declines; its read, which empties the eventfd,
 * wakes it for OUT.
 *
 *   write(efd, 2^64-2)
 *   read(ready)  <-------------------  write(ready)
 *   settle()                           poll(efd, POLLOUT): sleeps
 *   write(efd, 0)
 *     wake_up(eventfd, IN) -> pollwake: declined
 *   read(efd)
 *     wake_up(eventfd, OUT) -> pollwake: woke waiter
 *   wait()                             returns 1, exits 0
 */
static int
scenario(const char *kind)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int efd, ep = -1, ready[2], pid, st, epoll = strcmp(kind, "epoll") == 0;
  uint64_t v = epoll ? 1 : 0xfffffffffffffffeULL;
  struct pollfd p;
  char c;

  if((efd = eventfd(0, 0)) < 0 || pipe(ready) < 0)
    return 1;
  if(epoll && ((ep = epoll_create1(0)) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) < 0))
    return 1;
  if(!epoll && write(efd, &v, sizeof(v)) != sizeof(v))
    return 1;
  if((pid = fork()) == 0){
    write(ready[1], "r", 1);
    if(epoll)
      _exit(epoll_wait(ep, &ev, 1, 5000) == 1 ? 0 : 1);
    p = (struct pollfd){ efd, POLLOUT, 0 };
    _exit(poll(&p, 1, 5000) == 1 ? 0 : 1);
  }
  printf("scenario: writer %d waiter %d\n", getpid(), pid);
  if(read(ready[0], &c, 1) != 1)
    return 1;
  settle();
  v = epoll;
  if(write(efd, &v, sizeof(v)) != sizeof(v))
    return 1;
  if(!epoll && read(efd, &v, sizeof(v)) != sizeof(v))
    return 1;
  if(wait(&st) != pid)
    return 1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

// Runs `wqtrace wqtracetest --scenario KIND`, its output into buf. A
// scenario that failed (its waiter was never woken, or a call failed)
// fails the case; -v shows what wqtrace printed.
static void
run_scenario(const char *kind, char *buf, int size)
{
  int out[2], pid, n = 0, got, st;

  TRY(pipe(out));
  if((pid = kid_fork()) == 0){
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    char *argv[] = { "wqtrace", "-c", "wqtracetest", "--scenario", (char *)kind, 0 };
    execv("/wqtrace", argv);
    _exit(127);
  }
  close(out[1]);
  while(n < size - 1 && (got = read(out[0], buf + n, size - 1 - n)) > 0)
    n += got;
  buf[n] = 0;
  close(out[0]);
  if((st = kid_wait(pid, KID_MS)) != 0){
    note("wqtrace printed:\n%s", buf);
    FAIL("wqtrace -c wqtracetest --scenario %s: wait status %#x: the "
         "scenario's waiter was not woken, or one of its calls failed "
         "(-v shows the trace)", kind, st);
  }
}

// The next line of *s (its text into line), or 0 at the end.
static int
next_line(char **s, char *line, int size)
{
  char *nl;
  int len;

  if(**s == 0)
    return 0;
  nl = strchr(*s, '\n');
  len = nl ? nl - *s : strlen(*s);
  snprintf(line, size, "%.*s", len, *s);
  *s += len + (nl != 0);
  return 1;
}

/*
 * Does out hold the line want[0] of pid writer, with want[1..n-1]
 * below it, each two columns further in than the one before?
 */
static int
has_chain(char *out, int writer, char want[][100], int n)
{
  char line[200], pidcol[20];
  char *s = out, *t;
  int col, k;

  snprintf(pidcol, sizeof(pidcol), "pid %d ", writer);
  while(next_line(&s, line, sizeof(line))){
    if(strstr(line, pidcol) == 0 || (t = strstr(line, want[0])) == 0 || strcmp(t, want[0]) != 0)
      continue;
    col = t - line;
    char *rest = s;
    for(k = 1; k < n && next_line(&rest, line, sizeof(line)); k++){
      int indent = 0;
      while(line[indent] == ' ')
        indent++;
      if(indent != col + 2 * k || strcmp(line + indent, want[k]) != 0)
        break;
    }
    if(k == n)
      return 1;
  }
  return 0;
}

/*
 * Runs scenario kind under wqtrace until its trace holds the chain
 * chain() writes for the writer's and the waiter's pids. settle() makes
 * it likely, not certain, that the waiter is asleep before the write;
 * if it was not, the chain stops short, and the case tries again, up to
 * TREE_RUNS times.
 */
static void
expect_chain(const char *kind, int (*chain)(char want[][100], int waiter))
{
  static char out[16384];
  char want[4][100];
  int writer, waiter, n;

  for(int attempt = 1; attempt <= TREE_RUNS; attempt++){
    run_scenario(kind, out, sizeof(out));
    char *s = strstr(out, "scenario: writer "), *end;
    CHECK(s != 0);
    writer = strtol(s + strlen("scenario: writer "), &end, 10);
    CHECK(strncmp(end, " waiter ", 8) == 0);
    waiter = strtol(end + 8, 0, 10);
    CHECK(strstr(out, "wqtrace: ") != 0);
    n = chain(want, waiter);
    if(has_chain(out, writer, want, n))
      return;
    note("attempt %d: no chain in:\n%s", attempt, out);
  }
  FAIL("no %s -> %s chain in %d runs of wqtrace", want[0], want[1], TREE_RUNS);
}

// The epoll scenario's chain.
static int
epoll_chain(char want[][100], int waiter)
{
  snprintf(want[0], 100, "wake_up(eventfd, key IN, nr_exclusive 1)");
  snprintf(want[1], 100, "ep_poll_callback: accepted");
  snprintf(want[2], 100, "wake_up(ep.wq, key 0, nr_exclusive 1)");
  snprintf(want[3], 100, "autoremove_wake_function: woke pid %d", waiter);
  return 4;
}

// wqtrace shows an eventfd write waking an epoll_wait in another
// process as the tree the epoll scenario draws.
static void
tree(void)
{
  expect_chain("epoll", epoll_chain);
}

// The poll scenario's chain: the wakeup for IN, declined.
static int
declined_chain(char want[][100], int waiter)
{
  snprintf(want[0], 100, "wake_up(eventfd, key IN, nr_exclusive 1)");
  snprintf(want[1], 100, "pollwake: declined");
  return 2;
}

// A poll() for POLLOUT alone is not woken by a wakeup for IN: its
// pollwake declines it (the key filter, wait-queues.md section 10).
static void
poll_declines(void)
{
  expect_chain("poll", declined_chain);
}

// The device's errors (kernel/event/wqtrace.c): ENOTTY, EINVAL, EFAULT,
// EBUSY; and closing the file that started the trace stops it.
static void
errors(void)
{
  struct wqtrace_rec rec;
  uint64_t lost;
  int fd = open_trace(), fd2 = open_trace();
  uint64_t one = 1;
  int efd = TRY(eventfd(0, 0));

  EXPECT_ERR(ioctl(fd, 0x6e7f, 0), ENOTTY);
  EXPECT_ERR(ioctl(fd, WQTRACE_START, 1), EINVAL);
  EXPECT_ERR(ioctl(fd, WQTRACE_LOST, KERNEL_ADDR), EFAULT);
  EXPECT_ERR(read(fd, &rec, sizeof(rec) - 1), EINVAL);
  EXPECT_ERR(write(fd, &rec, sizeof(rec)), EBADF);        // opened to read
  int rw = TRY(open("/wakeups", O_RDWR));
  EXPECT_ERR(write(rw, &rec, sizeof(rec)), EINVAL);       // no write at all
  close(rw);

  TRY(ioctl(fd, WQTRACE_START, 0));
  EXPECT_ERR(ioctl(fd, WQTRACE_START, 0), EBUSY);
  EXPECT_ERR(ioctl(fd2, WQTRACE_START, 0), EBUSY);
  EXPECT(write(efd, &one, sizeof(one)), sizeof(one));    // one record at least
  TRY(ioctl(fd, WQTRACE_STOP, 0));
  EXPECT_ERR(read(fd, KERNEL_ADDR, sizeof(rec)), EFAULT);
  TRY(ioctl(fd, WQTRACE_LOST, &lost));
  EXPECT(lost, 0);

  // The starter's close stops the trace: fd2 may start it then.
  TRY(ioctl(fd, WQTRACE_START, 0));
  close(fd);
  TRY(ioctl(fd2, WQTRACE_START, 0));
  TRY(ioctl(fd2, WQTRACE_STOP, 0));
  close(fd2);
  close(efd);
}

/*
 * Checks one hart's records as they were read (seq order): kinds,
 * names, time and seq never going back, and the nesting rule of
 * nudge/wqtrace.h. Returns the seqs skipped (records lost between).
 */
struct hart_state {
  long next_seq;               // -1: no record yet
  uint64_t time;
  int open;                    // wakeups open: a WAKE of depth d makes it d+1
  long count;
};

static long
check_rec(struct hart_state *h, struct wqtrace_rec *r)
{
  long skipped = 0;

  CHECK(r->hart < MAXHARTS);
  CHECK(r->kind == WQTRACE_WAKE || r->kind == WQTRACE_CALL);
  CHECK(memchr(r->name, 0, WQTRACE_NAME) != 0 && r->name[0] != 0);
  if(h->next_seq >= 0){
    CHECK(r->seq >= h->next_seq);
    CHECK(r->time_ns >= h->time);
    skipped = r->seq - h->next_seq;
  } else {
    skipped = r->seq;
  }
  if(skipped)
    h->open = r->depth + (r->kind == WQTRACE_CALL);   // cut off: trust it
  if(r->kind == WQTRACE_WAKE){
    CHECK(r->depth <= h->open);
    h->open = r->depth + 1;
  } else {
    CHECK(r->depth < h->open);
    h->open = r->depth + 1;
  }
  h->next_seq = r->seq + 1;
  h->time = r->time_ns;
  h->count++;
  return skipped;
}

// Reads what the rings hold now into the per-hart checks; returns the
// records read, and adds the seqs skipped to *skipped.
static long
drain(int fd, struct hart_state *harts, long *skipped)
{
  static struct wqtrace_rec recs[256];
  long n, total = 0;

  while((n = read(fd, recs, sizeof(recs))) > 0){
    CHECK(n % sizeof(recs[0]) == 0);
    for(int i = 0; i < n / sizeof(recs[0]); i++)
      *skipped += check_rec(&harts[recs[i].hart], &recs[i]);
    total += n / sizeof(recs[0]);
  }
  EXPECT(n, 0);
  return total;
}

// Busy pipe ping-pongs and eventfd-epoll wakeups in NLOAD processes
// (on as many harts as there are), while this one reads.
#define NLOAD 4
#define ROUNDS 1000

static void
load_kid(void)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int p[2], q[2], efd = eventfd(0, EFD_NONBLOCK), ep = epoll_create1(0);
  uint64_t v = 1;
  char c = 'x';

  if(efd < 0 || ep < 0 || pipe(p) < 0 || pipe(q) < 0 ||
     epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) < 0)
    _exit(1);
  if(fork() == 0){
    close(p[1]);               // so the loop's end is p's end of file
    close(q[0]);
    while(read(p[0], &c, 1) == 1 && write(q[1], &c, 1) == 1)
      ;
    _exit(0);
  }
  close(p[0]);
  close(q[1]);
  for(int i = 0; i < ROUNDS; i++){
    if(write(p[1], &c, 1) != 1 || read(q[0], &c, 1) != 1 ||
       write(efd, &v, sizeof(v)) != sizeof(v) || epoll_wait(ep, &ev, 1, 1000) != 1 ||
       read(efd, &v, sizeof(v)) != sizeof(v))
      _exit(1);
  }
  close(p[1]);
  wait(0);
  _exit(0);
}

// Records from several harts at once, read while they are written:
// none is torn or out of order, the reader never hangs, and every
// record is numbered, read or counted lost.
static void
load(void)
{
  struct hart_state harts[MAXHARTS];
  int fd = open_trace(), pids[NLOAD], st;
  long skipped = 0, read_n = 0, running = NLOAD;
  uint64_t lost;

  for(int h = 0; h < MAXHARTS; h++)
    harts[h] = (struct hart_state){ -1, 0, 0, 0 };
  TRY(ioctl(fd, WQTRACE_START, 0));
  for(int i = 0; i < NLOAD; i++)
    if((pids[i] = kid_fork()) == 0)
      load_kid();
  while(running > 0){
    read_n += drain(fd, harts, &skipped);
    nap(2);                    // leave the harts to the load: a full ring only counts lost
    int w = waitpid(-1, &st, WNOHANG);
    CHECK(w >= 0);
    if(w > 0){
      EXPECT(st, 0);
      kid_find(w)->state = KID_COLLECTED;
      running--;
    }
  }
  TRY(ioctl(fd, WQTRACE_STOP, 0));
  read_n += drain(fd, harts, &skipped);
  TRY(ioctl(fd, WQTRACE_LOST, &lost));
  note("%ld records read, %ld lost", read_n, (long)lost);
  CHECK(read_n > NLOAD * ROUNDS);
  CHECK(skipped <= lost);
  close(fd);
}

// A full ring keeps its oldest records and counts the rest lost: each
// hart's records then start at seq 0 and number at most RING.
static void
overflow(void)
{
  struct hart_state harts[MAXHARTS];
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int fd = open_trace(), efd = TRY(eventfd(0, EFD_NONBLOCK));
  int ep = TRY(epoll_create1(0));
  long skipped = 0, read_n;
  uint64_t v = 1, lost;

  TRY(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));    // a WAKE and a CALL each

  for(int h = 0; h < MAXHARTS; h++)
    harts[h] = (struct hart_state){ -1, 0, 0, 0 };
  TRY(ioctl(fd, WQTRACE_START, 0));
  for(int i = 0; i < 4 * RING; i++){           // one WAKE each, at least
    EXPECT(write(efd, &v, sizeof(v)), sizeof(v));
    EXPECT(read(efd, &v, sizeof(v)), sizeof(v));
  }
  TRY(ioctl(fd, WQTRACE_STOP, 0));
  read_n = drain(fd, harts, &skipped);
  TRY(ioctl(fd, WQTRACE_LOST, &lost));
  note("%ld records read, %ld lost", read_n, (long)lost);
  CHECK(lost > 0);
  EXPECT(skipped, 0);                          // the oldest stay, in a row
  for(int h = 0; h < MAXHARTS; h++)
    CHECK(harts[h].count <= RING);
  // Every write and read was numbered: 8 * RING wakeups at least.
  CHECK(read_n + (long)lost >= 8 * RING);
  close(ep);
  close(efd);
  close(fd);
}

static const struct testcase tests[] = {
  { "errors",   errors,   1, 0 },
  { "tree",     tree,     1, 60 },
  { "poll_declines", poll_declines, 1, 60 },
  { "overflow", overflow, 1, 60 },
  { "load",     load,     0, 120 },
};

int
main(int argc, char *argv[])
{
  if(argc == 3 && strcmp(argv[1], "--scenario") == 0)
    return scenario(argv[2]);
  return harness_main("wqtracetest", tests, NELEM(tests), argc, argv);
}
