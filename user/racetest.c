/*
 * racetest: a race harness for several harts. Round after round, many
 * processes share eventfds, pipes and epolls and operate on them at once,
 * while others are killed, close what is watched and churn epoll_ctl;
 * at the end of each round the counts must add up.
 *
 *   racetest [-s SEED] [-t SECONDS] [-q] [-r ROUND]
 *
 *   -s SEED     the seed of every random choice (default: from the clock)
 *   -t SECONDS  start rounds until this much time has passed (default 20)
 *   -q          no line per round, only the summary
 *   -r ROUND    run round ROUND of SEED alone: the replay of a failure
 *
 * A round's topology is drawn from (SEED, round) and each process draws
 * its operations from a stream of its own, so the choices replay; the
 * timing does not. Rounds last 1-2 s and come in two kinds.
 *
 * mixed (rounds 0, 2, 3, 5, 6, ...):
 *
 *   producers --write--> eventfds, pipes --wait, read--> consumers
 *                         ticker eventfd <-- the ticker, every 1-3 ms
 *
 *   consumers wait in epoll_wait (shared leaf epolls, an upper epoll
 *   watching leaves, a top one above it; or an epoll of their own, with
 *   EPOLLEXCLUSIVE items), poll, select, or a blocking read of a pipe;
 *   watches are level-triggered, EPOLLET or EPOLLONESHOT (re-armed after
 *   use). Beside them, doing chaos: churners ADD/MOD/DEL dup'ed fds of the
 *   channels and epolls in the shared epolls and close them; a closer adds
 *   files and epolls of its own to the shared epolls and closes them while
 *   another process is blocked on them; victims block in epoll_wait, poll,
 *   select or read on the shared objects and are killed at random moments;
 *   a sleeper measures how late 10 ms sleeps end.
 *
 * storm (rounds 1, 4, 7, ...): eventfd E watched by epoll level 1 through
 * K dup'ed fds, level i+1 watching level i through K dup'ed fds; 2-4
 * levels, K 1..8. The kernel refuses (EINVAL) the ADDs past Linux's
 * wakeup-path limits; what it accepted stands. The ticker signals E every
 * 1 ms, a consumer drains E through the top level, victims wait on the
 * levels, and every 10 ms sleep of the sleeper must end within LATE_MS.
 *
 * What fails a round:
 *   conservation  per channel, the units producers wrote (eventfd values,
 *                 pipe records) differ from the units consumers read, or
 *                 some are left unread; pipe records carry sequence
 *                 numbers: each consumer sees them rising, and a pipe's
 *                 only consumer sees every one in order.
 *   ticks         the ticker's units were not all read, or more were read
 *                 than periods had ended, or fewer than half of them.
 *   lost wakeup   a wait (WAIT_MS) timed out although the stop pipe, or a
 *                 channel the consumer alone reads, was readable: both
 *                 must have woken it (a channel others read may have been
 *                 taken, or its wakeup given to them, quite legally).
 *   stuck         a killed process not gone within REAP_MS.
 *   hung          a round not over SLACK_MS after its end; names the
 *                 processes that had not reported, and what they did last.
 *   late          in a storm, LATE_COUNT sleeps of 10 ms that ended more
 *                 than LATE_MS late. One is not enough: the host stalls
 *                 QEMU now and then, and the guest's clock runs on; a
 *                 storm makes them all late.
 *   leaks         memstat() after the run differs from before it.
 *
 * The processes that are counted (producers, consumers) are never killed:
 * each reports its counts through the report pipe and exits. A round ends
 * when the producers have reported: the parent closes the ticker and then
 * the stop pipe, whose hangup the consumers watch; they drain their
 * channels a last time and report.
 *
 * Output: a line per round (without -q), then
 *   racetest: seed S, R rounds, N ops, U units conserved, K kills,
 *     worst sleep lateness L ms, T s            <- one line; L: storms only
 *   test racetest: OK
 * or
 *   test racetest: FAILED (round R (kind): why; replay: racetest -s S -r R)
 * Exit 0 on success, 1 on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <nudge.h>
#include "errname.h"
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <nudge/ticker.h>

#define NELEM(a)    ((int)(sizeof(a) / sizeof((a)[0])))

#define DEFAULT_SECS 20       // -t
#define MAXCH        8        // channels of a round
#define MAXEP        6        // shared epolls of a round (storm: its levels)
#define MAXWATCH    96        // the parent's watches, then a consumer's own
#define MAXPROD      4
#define MAXCONS     10
#define MAXKIDS     48        // processes of a round, killed ones reused
#define MAXDEPTH     6        // nested harvests; chains are shorter
#define NEV         16        // events one epoll_wait takes
#define WAIT_MS   3000        // the timeout of every blocking wait
#define REAP_MS   2000        // a killed process must be gone by then
#define SLACK_MS 10000        // a round must be over this long after its end
#define NAP_MS      10        // the sleeper's sleep
#define LATE_MS    200        // storm: how late a NAP_MS sleep may end,
#define LATE_COUNT   3        //   this many times (the host stalls QEMU too)
#define MAX_K        8        // storm: the most dup'ed fds per level
#define CHURN_FD   512        // churner i's dup'ed fds: CHURN_FD + NSLOT * i
#define NSLOT        8
#define END_SEQ 0xffffffffu   // the record that ends a blocking reader
#define FD_SCAN    256        // the parent's fds of a round lie below this

/* ---- randomness, time, errors ------------------------------------------- */

static uint64_t seed;
static uint64_t rng;        // this process's stream

// splitmix64, one stream per (seed, round, stream).
static void
rng_seed(int round, int stream)
{
  rng = seed * 0x9e3779b97f4a7c15ULL ^ (uint64_t)round << 40 ^
        (uint64_t)stream << 16;
}

static uint64_t
rng_next(void)
{
  uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 0 .. n-1
static int
rnd(int n)
{
  return rng_next() % n;
}

// A random set bit of mask, which is not 0.
static int
pick(uint32_t mask)
{
  int n = 0, i, k;

  for (i = 0; i < 32; i++)
    n += (mask >> i) & 1;
  k = rnd(n);
  for (i = 0; ; i++)
    if (((mask >> i) & 1) && k-- == 0)
      return i;
}

// Each bit of mask with chance 1/2, but at least one.
static uint32_t
subset(uint32_t mask)
{
  uint32_t s = mask & (uint32_t)rng_next();

  return s ? s : 1u << pick(mask);
}

// Microseconds on CLOCK_MONOTONIC, which the kernel's timers use too.
static long
now_us(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static long
now_ms(void)
{
  return now_us() / 1000;
}

static void
nap(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

  nanosleep(&ts, 0);
}

/* ---- a round's topology ------------------------------------------------- */

// A channel: what producers write and consumers read.
enum { CH_EVENTFD, CH_SEMA, CH_PIPE, CH_BPIPE, CH_TICK };

static const char *const kindname[] = {
  "eventfd", "semaphore eventfd", "pipe", "pipe read blocking",
  "ticker eventfd",
};

struct chan {
  int kind;
  int rfd, wfd;             // an eventfd's are the same fd
  int nreaders;             // consumers that read it
};

// A watch the parent (or a consumer, for its own epoll) added: the tag of
// its events is its index in rd.w, so a consumer knows what woke it.
enum { T_CHAN, T_EP, T_STOP };

struct watch {
  int epfd;                 // the epoll that holds it
  int fd;                   // the watched fd, as added: with the file, the key
  uint32_t events;          // as added, to re-arm a ONESHOT watch
  int type, target;         // T_CHAN: a channel; T_EP: a shared epoll
};

// How a consumer waits.
enum { W_SHARED, W_PRIVATE, W_POLL, W_SELECT, W_READ };

static const char *const howname[] = {
  "shared epoll", "own epoll", "poll", "select", "blocking read",
};

struct consumer {
  int how;
  int ep;                   // W_SHARED: the shared epoll it waits in
  uint32_t chans;           // the channels it reads
  uint32_t strict;          // of those, the ones that must wake it
};

// The tags of epoll events: what kind of watch, and its index.
enum { TAG_WATCH = 1, TAG_FOREIGN_CHAN, TAG_FOREIGN };
#define TAG(kind, i)  ((uint64_t)(kind) << 32 | (uint32_t)(i))

// Everything a round shares; children get their copy at fork.
static struct round {
  int num, storm;
  long end;                 // ms: producers and chaos stop then
  long length;              // ms
  int nch;
  struct chan ch[MAXCH];
  int tick, period;         // the ticker's channel; its period, ms
  int nep, top;             // shared epolls; storm: the level E reaches
  int ep[MAXEP];
  int nw;
  struct watch w[MAXWATCH];
  int nprod;
  uint32_t prod[MAXPROD];   // the channels each producer writes
  int ncons;
  struct consumer cons[MAXCONS];
  int nchurn, nvict, nvictims;
  int k, levels, adds, refused;   // storm: fan-out, levels, ADDs, refused
  int stop[2];              // closing stop[1] tells consumers the round ended
  int vpipe[2];             // victims block reading it; the parent drips
  int quiet;                // an eventfd no one writes: victims block on it
  int tfd;                  // the ticker
  int report[2];            // the report pipe
  long set0, set1;          // us, around TICKER_SET
  long close0, close1;      // us, around closing the ticker
  int stopped;
  long kills;
} rd;

/* ---- a process of the round: its report --------------------------------- */

enum { PRODUCER, CONSUMER, CHURNER, CLOSER, SLEEPER, VICTIM, NROLE };

static const char *const rolename[NROLE] = {
  "producer", "consumer", "churner", "closer", "sleeper", "victim",
};

// What each counted process sends the parent at its end, in one write
// (under PIPE_BUF, so reports do not mix).
struct report {
  int role, index;
  long ops;
  uint64_t units[MAXCH];    // eventfd: units; pipe: records
  uint64_t sum[MAXCH];      // pipe: sum of the sequence numbers
  uint64_t mix[MAXCH];      // pipe: xor of the scrambled sequence numbers
  long late_us;             // sleeper: the latest end of a sleep
  long late;                // sleeper: sleeps that ended LATE_MS late
  long refused;             // ADDs refused (EINVAL) for too many paths
  char err[200];            // the first thing that went wrong
};

static struct report me;
static int xfd = -1;        // the write end of this process's exit pipe

// Tells the parent what this process is about to do; only for messages,
// so a full pipe drops it.
static void
phase(int c)
{
  char b = c;

  write(xfd, &b, 1);
}

static void __attribute__((noreturn))
send_report(void)
{
  if (write(rd.report[1], &me, sizeof me) != sizeof me)
    exit(2);
  exit(me.err[0] ? 1 : 0);
}

static void
vflag(const char *fmt, va_list ap)
{
  if (!me.err[0])
    vsnprintf(me.err, sizeof me.err, fmt, ap);
}

// Notes a failure for the report; the process carries on.
static void __attribute__((format(printf, 1, 2)))
flag(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vflag(fmt, ap);
  va_end(ap);
}

// Notes a failure and reports at once.
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vflag(fmt, ap);
  va_end(ap);
  send_report();
}

// A sequence number, scrambled so that a lost record and a duplicate
// cannot cancel out in the xor.
static uint64_t
scramble(uint32_t s)
{
  uint64_t z = (s + 1) * 0x9e3779b97f4a7c15ULL;

  return z ^ (z >> 29);
}

static void
account(int c, uint32_t s)
{
  me.units[c]++;
  me.sum[c] += s;
  me.mix[c] ^= scramble(s);
}

static int
is_pipe(int c)
{
  return rd.ch[c].kind == CH_PIPE || rd.ch[c].kind == CH_BPIPE;
}

/* ---- producers ---------------------------------------------------------- */

// Writes random units into its channels until the round's end: 1-4 to
// an eventfd, 1-16 records of 4 bytes (one write, atomic) to a pipe;
// then one END_SEQ record per blocking reader of its pipes.
static void
producer(int p)
{
  static uint32_t rec[16], seq[MAXCH];
  uint32_t chans = rd.prod[p];
  uint64_t v;
  int c, n, i;

  phase('w');
  while (now_ms() < rd.end) {
    c = pick(chans);
    if (is_pipe(c)) {
      n = 1 + rnd(NELEM(rec));
      for (i = 0; i < n; i++)
        rec[i] = seq[c]++;
      if (write(rd.ch[c].wfd, rec, n * 4) != n * 4)
        die("write(pipe channel %d, %d): %s", c, n * 4, show(-1, errno));
      for (i = 0; i < n; i++)
        account(c, rec[i]);
    } else {
      v = 1 + rnd(4);
      if (write(rd.ch[c].wfd, &v, sizeof v) != sizeof v)
        die("write(channel %d, 8): %s", c, show(-1, errno));
      me.units[c] += v;
    }
    me.ops++;
    if (rnd(4) == 0)
      nap(rnd(3));
  }
  phase('e');
  rec[0] = END_SEQ;
  for (c = 0; c < rd.nch; c++) {
    if (rd.ch[c].kind != CH_BPIPE || !(chans >> c & 1))
      continue;
    for (i = 0; i < rd.ch[c].nreaders; i++)
      if (write(rd.ch[c].wfd, rec, 4) != 4)
        die("write(pipe channel %d, END): %s", c, show(-1, errno));
  }
  send_report();
}

/* ---- consumers ---------------------------------------------------------- */

static struct consumer *self;       // this consumer
static uint32_t expect_seq[MAXCH];  // pipes: the least next record
static uint32_t drained;            // channels read since the last wait
static uint32_t harvested;          // shared epolls read since the last wait
static int stopped;                 // the stop pipe hung up
static struct epoll_event evbuf[MAXDEPTH][NEV];

// Takes n pipe records of channel c: rising, and with no gap when this
// is the channel's only reader.
static void
take_records(int c, const uint32_t *rec, int n)
{
  int i, only = rd.ch[c].nreaders == 1;

  for (i = 0; i < n; i++) {
    if (rec[i] < expect_seq[c] || (only && rec[i] != expect_seq[c]))
      flag("pipe channel %d: got record %u, expected %s%u", c, rec[i],
           only ? "" : "at least ", expect_seq[c]);
    expect_seq[c] = rec[i] + 1;
    account(c, rec[i]);
  }
}

// Reads channel c until it is empty (EAGAIN).
static void
drain(int c)
{
  static uint32_t rec[64];
  struct chan *ch = &rd.ch[c];
  uint64_t v;
  long n;

  for (;;) {
    me.ops++;
    if (is_pipe(c)) {
      n = read(ch->rfd, rec, sizeof rec);
      if (n > 0 && n % 4 == 0) {
        take_records(c, rec, n / 4);
        continue;
      }
    } else {
      n = read(ch->rfd, &v, sizeof v);
      if (n == sizeof v) {
        me.units[c] += v;
        continue;
      }
    }
    if (n == -1 && errno == EAGAIN)
      return;
    die("read(%s channel %d): %s", kindname[ch->kind], c, show(n, errno));
  }
}

static void
drain_once(int c)
{
  if (!(drained >> c & 1)) {
    drained |= 1u << c;
    drain(c);
  }
}

// A wait of WAIT_MS timed out. Was the stop pipe, or a channel that only
// this consumer reads, readable all the same? Then a wakeup was lost:
// flag it, and act on what was found, so the consumer ends and reports.
static void
check_lost(const char *what)
{
  static struct pollfd pfd[MAXCH + 1];
  static int chan_of[MAXCH + 1];
  int n = 0, c, i;

  pfd[n] = (struct pollfd){ rd.stop[0], POLLIN, 0 };
  chan_of[n++] = -1;
  for (c = 0; c < rd.nch; c++) {
    if (self->strict >> c & 1) {
      pfd[n] = (struct pollfd){ rd.ch[c].rfd, POLLIN, 0 };
      chan_of[n++] = c;
    }
  }
  if (poll(pfd, n, 0) <= 0)
    return;
  for (i = 0; i < n; i++) {
    if (!pfd[i].revents)
      continue;
    if (chan_of[i] < 0) {
      flag("lost wakeup: %s timed out after %d ms with the stop pipe hung up",
           what, WAIT_MS);
      stopped = 1;
    } else {
      flag("lost wakeup: %s timed out after %d ms with its %s channel %d "
           "readable", what, WAIT_MS, kindname[rd.ch[chan_of[i]].kind],
           chan_of[i]);
      drain(chan_of[i]);
    }
  }
}

// A watch that fired once is re-armed, with its first events.
static void
rearm(struct watch *w)
{
  struct epoll_event ev;

  ev.events = w->events;
  ev.data.u64 = TAG(TAG_WATCH, w - rd.w);
  me.ops++;
  if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0)
    die("epoll_ctl(MOD) re-arming a ONESHOT watch: %s", show(-1, errno));
}

static void harvest(int j, int depth);

// One event from an epoll, at nesting depth depth.
static void
on_event(const struct epoll_event *e, int depth)
{
  int kind = e->data.u64 >> 32, i = (uint32_t)e->data.u64;
  struct watch *w;

  // Another process's watch: drain what can be drained (an eventfd), so
  // a level-triggered one does not fire forever; ignore the rest.
  if (kind == TAG_FOREIGN_CHAN && !is_pipe(i))
    drain_once(i);
  if (kind != TAG_WATCH)
    return;
  w = &rd.w[i];
  if (w->type == T_STOP)
    stopped = 1;
  else if (w->type == T_CHAN)
    drain_once(w->target);
  else
    harvest(w->target, depth + 1);
  if (w->events & EPOLLONESHOT)
    rearm(w);
}

// Takes what shared epoll j has ready, without waiting: a nested epoll
// said it has events.
static void
harvest(int j, int depth)
{
  int n, i;

  if ((harvested >> j & 1) || depth >= MAXDEPTH)
    return;
  harvested |= 1u << j;
  me.ops++;
  n = epoll_wait(rd.ep[j], evbuf[depth], NEV, 0);
  if (n < 0)
    die("epoll_wait(shared epoll %d, 0): %s", j, show(n, errno));
  for (i = 0; i < n; i++)
    on_event(&evbuf[depth][i], depth);
}

static void
wait_epoll(int epfd)
{
  int n, i;

  me.ops++;
  n = epoll_wait(epfd, evbuf[0], NEV, WAIT_MS);
  if (n < 0)
    die("epoll_wait: %s", show(n, errno));
  if (n == 0)
    check_lost("epoll_wait");
  for (i = 0; i < n; i++)
    on_event(&evbuf[0][i], 0);
}

static void
wait_poll(void)
{
  static struct pollfd pfd[MAXCH + 1];
  static int chan_of[MAXCH + 1];
  int n = 0, c, i, r;

  for (c = 0; c < rd.nch; c++) {
    if (self->chans >> c & 1) {
      pfd[n] = (struct pollfd){ rd.ch[c].rfd, POLLIN, 0 };
      chan_of[n++] = c;
    }
  }
  pfd[n] = (struct pollfd){ rd.stop[0], POLLIN, 0 };
  chan_of[n++] = -1;
  me.ops++;
  r = poll(pfd, n, WAIT_MS);
  if (r < 0)
    die("poll: %s", show(r, errno));
  if (r == 0)
    check_lost("poll");
  for (i = 0; i < n; i++) {
    if (pfd[i].revents & POLLNVAL)
      die("poll: POLLNVAL on fd %d", pfd[i].fd);
    if (pfd[i].revents && chan_of[i] < 0)
      stopped = 1;
    else if (pfd[i].revents)
      drain(chan_of[i]);
  }
}

static void
wait_select(void)
{
  static fd_set rfds;
  struct timeval tv = { WAIT_MS / 1000, WAIT_MS % 1000 * 1000 };
  int c, r, nfds = rd.stop[0] + 1;

  FD_ZERO(&rfds);
  FD_SET(rd.stop[0], &rfds);
  for (c = 0; c < rd.nch; c++) {
    if (self->chans >> c & 1) {
      FD_SET(rd.ch[c].rfd, &rfds);
      if (rd.ch[c].rfd >= nfds)
        nfds = rd.ch[c].rfd + 1;
    }
  }
  me.ops++;
  r = select(nfds, &rfds, 0, 0, &tv);
  if (r < 0)
    die("select: %s", show(r, errno));
  if (r == 0)
    check_lost("select");
  for (c = 0; c < rd.nch; c++)
    if ((self->chans >> c & 1) && FD_ISSET(rd.ch[c].rfd, &rfds))
      drain(c);
  if (FD_ISSET(rd.stop[0], &rfds))
    stopped = 1;
}

// W_PRIVATE: an epoll of its own over its channels, each watched
// level-triggered, EPOLLET, EPOLLONESHOT or EPOLLEXCLUSIVE.
static int
private_epoll(void)
{
  static const uint32_t modes[] = {
    EPOLLIN, EPOLLIN | EPOLLET, EPOLLIN | EPOLLONESHOT,
    EPOLLIN | EPOLLEXCLUSIVE, EPOLLIN | EPOLLET | EPOLLEXCLUSIVE,
  };
  struct epoll_event ev;
  struct watch *w;
  int epfd, c;

  if ((epfd = epoll_create1(0)) < 0)
    die("epoll_create1: %s", show(-1, errno));
  for (c = 0; c <= rd.nch; c++) {
    if (c < rd.nch && !(self->chans >> c & 1))
      continue;
    if (rd.nw == MAXWATCH)
      die("more than %d watches", MAXWATCH);
    w = &rd.w[rd.nw];
    if (c == rd.nch)
      *w = (struct watch){ epfd, rd.stop[0], EPOLLIN, T_STOP, 0 };
    else
      *w = (struct watch){ epfd, rd.ch[c].rfd, modes[rnd(NELEM(modes))],
                           T_CHAN, c };
    ev.events = w->events;
    ev.data.u64 = TAG(TAG_WATCH, rd.nw++);
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
      die("epoll_ctl(ADD, own epoll, fd %d): %s", w->fd, show(-1, errno));
  }
  return epfd;
}

// W_READ: blocking reads of one pipe, a record at a time, up to the
// END_SEQ record the producer wrote for this reader.
static void
read_blocking(int c)
{
  uint32_t rec;
  long n;

  for (;;) {
    me.ops++;
    n = read(rd.ch[c].rfd, &rec, sizeof rec);
    if (n != sizeof rec)
      die("read(blocking pipe channel %d, 4): %s", c, show(n, errno));
    if (rec == END_SEQ)
      return;
    take_records(c, &rec, 1);
  }
}

// Waits and reads until the stop pipe hangs up, then reads every channel
// empty once more.
static void
consumer(int i)
{
  int epfd = -1, c;

  self = &rd.cons[i];
  if (self->how == W_READ) {
    phase('w');
    read_blocking(pick(self->chans));
    send_report();
  }
  if (self->how == W_SHARED)
    epfd = rd.ep[self->ep];
  else if (self->how == W_PRIVATE)
    epfd = private_epoll();
  phase('w');
  while (!stopped) {
    drained = 0;
    harvested = self->how == W_SHARED ? 1u << self->ep : 0;
    if (epfd >= 0)
      wait_epoll(epfd);
    else if (self->how == W_POLL)
      wait_poll();
    else
      wait_select();
  }
  phase('s');
  for (c = 0; c < rd.nch; c++)
    if (self->chans >> c & 1)
      drain(c);
  send_report();
}

/* ---- victims ------------------------------------------------------------ */

static const char *
phasename(int c)
{
  switch (c) {
  case 0: return "not started";
  case 'a': return "starting";
  case 'w': return "working";
  case 'e': return "writing END records";
  case 's': return "draining after the stop";
  case 'E': return "epoll_wait";
  case 'P': return "poll";
  case 'S': return "select";
  case 'Q': return "read of an eventfd";
  case 'V': return "read of a pipe";
  default: return "?";
  }
}

// A victim's epoll (mixed rounds): edge-triggered watches of channels,
// shared epolls and its own fds, so waiting in it steals no consumer's
// event. Whatever the kernel refuses is left out.
static int
victim_epoll(void)
{
  struct epoll_event ev = { EPOLLIN | EPOLLET, { .u64 = TAG(TAG_FOREIGN, 0) } };
  int epfd, i, n;

  if ((epfd = epoll_create1(0)) < 0)
    return -1;
  epoll_ctl(epfd, EPOLL_CTL_ADD, rd.quiet, &ev);
  epoll_ctl(epfd, EPOLL_CTL_ADD, rd.vpipe[0], &ev);
  for (i = 0, n = 2 + rnd(3); i < n; i++)
    epoll_ctl(epfd, EPOLL_CTL_ADD, rd.ch[rnd(rd.nch)].rfd, &ev);
  for (i = 0, n = 1 + rnd(2); i < n; i++)
    epoll_ctl(epfd, EPOLL_CTL_ADD, rd.ep[rnd(rd.nep)], &ev);
  return epfd;
}

// Some of the shared fds, at random, and the victims' own two.
static int
victim_fds(struct pollfd *pfd)
{
  int n = 0, i, k = 1 + rnd(3);

  pfd[n++] = (struct pollfd){ rd.quiet, POLLIN, 0 };
  pfd[n++] = (struct pollfd){ rd.vpipe[0], POLLIN, 0 };
  for (i = 0; i < k; i++)
    pfd[n++] = (struct pollfd){ rd.ch[rnd(rd.nch)].rfd, POLLIN, 0 };
  pfd[n++] = (struct pollfd){ rd.ep[rnd(rd.top + 1)], POLLIN, 0 };
  return n;
}

// Blocks on the shared objects, one way after another, until killed.
// Storm victims wait in the levels themselves.
static void
victim(int v)
{
  static struct pollfd pfd[8];
  static fd_set rfds;
  struct timeval tv;
  uint64_t x;
  char b;
  int own = rd.storm ? -1 : victim_epoll(), n, i, nfds;

  for (;;) {
    switch (rnd(5)) {
    case 0:
      phase('E');
      if (rd.storm)
        epoll_wait(rd.ep[rnd(rd.top + 1)], evbuf[0], NEV, WAIT_MS);
      else if (own >= 0)
        epoll_wait(own, evbuf[0], NEV, WAIT_MS);
      break;
    case 1:
      phase('P');
      n = victim_fds(pfd);
      poll(pfd, n, WAIT_MS);
      break;
    case 2:
      phase('S');
      n = victim_fds(pfd);
      FD_ZERO(&rfds);
      for (i = nfds = 0; i < n; i++) {
        FD_SET(pfd[i].fd, &rfds);
        if (pfd[i].fd >= nfds)
          nfds = pfd[i].fd + 1;
      }
      tv = (struct timeval){ WAIT_MS / 1000, 0 };
      select(nfds, &rfds, 0, 0, &tv);
      break;
    case 3:
      phase('Q');
      read(rd.quiet, &x, sizeof x);
      break;
    default:
      phase('V');
      read(rd.vpipe[0], &b, 1);
      break;
    }
    nap(1 + rnd(3));        // what was ready may stay ready: do not spin
  }
}

/* ---- churners ----------------------------------------------------------- */

// A churner's dup'ed fd of one channel or shared epoll, and whether it
// is watched in each shared epoll. Closing the fd does not end its
// watches (they belong to the open file); dup'ing it back finds them.
static struct slot {
  int fd;
  int type, target;         // T_CHAN or T_EP
  int open;
  char watched[MAXEP];
  char excl[MAXEP];         // watched with EPOLLEXCLUSIVE: MOD is EINVAL
} slots[NSLOT];

// Events for a watch of s. Level-triggered only on eventfds (consumers
// drain those when a foreign watch fires); EPOLLEXCLUSIVE only on the
// ticker's, which no consumer counts on to wake it (see check_lost).
static uint32_t
churn_events(const struct slot *s, int add)
{
  int evfd = s->type == T_CHAN && !is_pipe(s->target);
  int tick = s->type == T_CHAN && s->target == rd.tick;

  switch (rnd(tick && add ? 5 : evfd ? 3 : 2)) {
  case 0: return EPOLLIN | EPOLLET;
  case 1: return EPOLLIN | EPOLLONESHOT;
  case 2: return EPOLLIN;
  case 3: return EPOLLIN | EPOLLEXCLUSIVE;
  default: return EPOLLIN | EPOLLET | EPOLLEXCLUSIVE;
  }
}

// One epoll_ctl on shared epoll j for slot s, checked against what the
// slot knows: exact, except where other processes' watches decide (a
// loop or too long a chain, ELOOP; too many wakeup paths, EINVAL).
static void
churn_ctl(struct slot *s, int j, int op)
{
  static const char *const opname[] = { "", "ADD", "DEL", "MOD" };
  struct epoll_event ev = { 0, { .u64 = s->type == T_CHAN ?
                                 TAG(TAG_FOREIGN_CHAN, s->target) :
                                 TAG(TAG_FOREIGN, 0) } };
  int r, e, want;

  ev.events = op == EPOLL_CTL_DEL ? 0 : churn_events(s, op == EPOLL_CTL_ADD);
  r = epoll_ctl(rd.ep[j], op, s->fd, &ev);
  e = r < 0 ? errno : 0;
  if (op == EPOLL_CTL_ADD)
    want = s->watched[j] ? EEXIST : 0;
  else if (op == EPOLL_CTL_MOD)
    want = !s->watched[j] ? ENOENT : s->excl[j] ? EINVAL : 0;
  else
    want = s->watched[j] ? 0 : ENOENT;
  if (op == EPOLL_CTL_ADD && !s->watched[j] && (e == EINVAL || e == ENOSPC))
    me.refused++;
  else if (!(op == EPOLL_CTL_ADD && s->type == T_EP && e == ELOOP) && e != want)
    die("epoll_ctl(%s, shared epoll %d, %s %d as fd %d, 0x%x): %s, "
        "expected %s", opname[op], j, s->type == T_CHAN ? "channel" : "epoll",
        s->target, s->fd, ev.events, show(r, errno), want ? errname(want) : "0");
  if (r == 0 && op == EPOLL_CTL_ADD) {
    s->watched[j] = 1;
    s->excl[j] = !!(ev.events & EPOLLEXCLUSIVE);
  }
  if (r == 0 && op == EPOLL_CTL_DEL)
    s->watched[j] = 0;
}

static void
churner(int k)
{
  struct epoll_event ev;
  struct slot *s;
  int i, j;

  for (i = 0; i < NSLOT; i++) {
    s = &slots[i];
    s->fd = CHURN_FD + NSLOT * k + i;
    if (rnd(4) == 0) {
      s->type = T_EP;
      s->target = rnd(rd.nep);
    } else {
      s->type = T_CHAN;
      do
        s->target = rnd(rd.nch);
      while (rd.ch[s->target].kind == CH_BPIPE);
    }
  }
  phase('w');
  while (now_ms() < rd.end) {
    s = &slots[rnd(NSLOT)];
    j = rnd(rd.nep);
    me.ops++;
    if (s->type == T_EP && s->target == j)
      continue;
    if (!s->open) {
      if (dup2(s->type == T_CHAN ? rd.ch[s->target].rfd : rd.ep[s->target],
               s->fd) != s->fd)
        die("dup2(..., %d): %s", s->fd, show(-1, errno));
      s->open = 1;
      continue;
    }
    switch (rnd(6)) {
    case 0:
    case 1:
      churn_ctl(s, j, EPOLL_CTL_ADD);
      break;
    case 2:
      // epoll_ctl(2): EXCLUSIVE with ONESHOT is EINVAL, found or not.
      ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
      ev.data.u64 = TAG(TAG_FOREIGN, 0);
      if (epoll_ctl(rd.ep[j], EPOLL_CTL_ADD, s->fd, &ev) != -1 ||
          errno != EINVAL)
        die("epoll_ctl(ADD, EXCLUSIVE|ONESHOT, fd %d): %s, expected "
            "-1 (EINVAL)", s->fd, show(-1, errno));
      break;
    case 3:
      churn_ctl(s, j, EPOLL_CTL_MOD);
      break;
    case 4:
      churn_ctl(s, j, EPOLL_CTL_DEL);
      break;
    default:
      close(s->fd);
      s->open = 0;
      break;
    }
    if (rnd(4) == 0)
      nap(rnd(3));
  }
  send_report();
}

/* ---- the closer --------------------------------------------------------- */

// Waits up to ms for EOF on fd, the non-blocking read end of a process's
// exit pipe, which comes when the process has exited; the bytes before
// it are phases, the last one kept in *last. 1 if EOF came.
static int
await_exit(int fd, long ms, int *last)
{
  static char b[64];
  struct pollfd p = { fd, POLLIN, 0 };
  long until = now_ms() + ms, n;

  for (;;) {
    while ((n = read(fd, b, sizeof b)) > 0)
      if (last)
        *last = b[n - 1];
    if (n == 0)
      return 1;
    if (now_ms() >= until)
      return 0;
    poll(&p, 1, until - now_ms());
  }
}

// Forks a helper that runs fn(arg), with an exit pipe (*rfd gets its
// read end); the helper closes drop, if not -1.
static int
fork_helper(void (*fn)(int), int arg, int drop, int *rfd)
{
  int p[2], pid;

  if (pipe2(p, O_NONBLOCK) < 0)
    die("pipe2: %s", show(-1, errno));
  if ((pid = fork()) < 0)
    die("fork: %s", show(pid, errno));
  if (pid == 0) {
    close(xfd);             // the parent watches the closer's exit only
    close(p[0]);
    if (drop >= 0)
      close(drop);
    fn(arg);
    exit(0);
  }
  close(p[1]);
  *rfd = p[0];
  return pid;
}

// The helper is to end, killed or by itself: it must be gone within
// REAP_MS, and its wait status must be want.
static void
expect_gone(int pid, int rfd, const char *what, int want)
{
  int st = 0;

  if (!await_exit(rfd, REAP_MS, 0))
    die("stuck: %s (pid %d) not gone %d ms later", what, pid, REAP_MS);
  if (wait(&st) != pid)
    die("wait(): %s, expected %d", show(-1, errno), pid);
  if (st != want)
    die("%s (pid %d): wait status 0x%x, expected 0x%x", what, pid, st, want);
  close(rfd);
}

static void
helper_epoll_wait(int epfd)
{
  for (;;)
    epoll_wait(epfd, evbuf[0], NEV, WAIT_MS);
}

static void
helper_read(int fd)
{
  char b;

  exit(read(fd, &b, 1) == 0 ? 0 : 1);
}

// An edge-triggered or one-shot foreign watch in shared epoll j, which
// consumers ignore; EINVAL (paths) and ELOOP are taken as refusals.
static void
closer_add(int j, int fd)
{
  struct epoll_event ev = { rnd(2) ? EPOLLIN | EPOLLET : EPOLLIN | EPOLLONESHOT,
                            { .u64 = TAG(TAG_FOREIGN, 0) } };

  if (epoll_ctl(rd.ep[j], EPOLL_CTL_ADD, fd, &ev) == 0)
    return;
  if (errno != EINVAL && errno != ELOOP && errno != ENOSPC)
    die("epoll_ctl(ADD, shared epoll %d, fd %d): %s", j, fd, show(-1, errno));
  me.refused++;
}

// A file of its own in a shared epoll, signalled, then closed: its last
// close removes the watch while consumers wait in that epoll.
static void
close_file(void)
{
  uint64_t v = 1;
  int p[2];

  if (rnd(2)) {
    if ((p[0] = p[1] = eventfd(0, EFD_NONBLOCK)) < 0)
      die("eventfd: %s", show(-1, errno));
  } else if (pipe2(p, O_NONBLOCK) < 0) {
    die("pipe2: %s", show(-1, errno));
  }
  closer_add(rnd(rd.nep), p[0]);
  write(p[1], &v, p[0] == p[1] ? sizeof v : 1);
  nap(rnd(3));
  close(p[0]);
  if (p[1] != p[0])
    close(p[1]);
}

// An epoll of its own, watching channels and maybe added to a shared
// epoll; a helper blocks in it, the closer closes its fd and kills the
// helper, whose exit is the last close, under everyone's wakeups.
static void
close_epoll(void)
{
  struct epoll_event ev = { EPOLLIN | EPOLLET, { .u64 = TAG(TAG_FOREIGN, 0) } };
  int epfd, pid, rfd, i, n;

  if ((epfd = epoll_create1(0)) < 0)
    die("epoll_create1: %s", show(-1, errno));
  for (i = 0, n = 1 + rnd(3); i < n; i++)
    epoll_ctl(epfd, EPOLL_CTL_ADD, rd.ch[rnd(rd.nch)].rfd, &ev);
  if (rnd(2))
    closer_add(rnd(rd.nep), epfd);
  pid = fork_helper(helper_epoll_wait, epfd, -1, &rfd);
  close(epfd);
  nap(rnd(10));
  kill(pid, SIGKILL);
  expect_gone(pid, rfd, "a helper killed in epoll_wait", SIGKILL);
}

// A helper blocks reading a pipe; the closer closes the write end, the
// last one: the helper must wake with EOF.
static void
close_pipe(void)
{
  int p[2], pid, rfd;

  if (pipe2(p, 0) < 0)
    die("pipe2: %s", show(-1, errno));
  pid = fork_helper(helper_read, p[0], p[1], &rfd);
  close(p[0]);
  nap(rnd(10));
  close(p[1]);
  expect_gone(pid, rfd, "a helper reading a pipe whose writer closed", 0);
}

static void
closer(int k)
{
  phase('w');
  while (now_ms() < rd.end) {
    switch (rnd(3)) {
    case 0:
      close_file();
      break;
    case 1:
      close_epoll();
      break;
    default:
      close_pipe();
      break;
    }
    me.ops++;
    nap(rnd(10));
  }
  send_report();
}

/* ---- the sleeper -------------------------------------------------------- */

// Sleeps NAP_MS again and again; reports the latest end, and how many
// ended LATE_MS late.
static void
sleeper(int k)
{
  long t, late;

  phase('w');
  while (now_ms() < rd.end) {
    t = now_us();
    nap(NAP_MS);
    late = now_us() - t - NAP_MS * 1000L;
    if (late > me.late_us)
      me.late_us = late;
    if (late > LATE_MS * 1000L)
      me.late++;
    me.ops++;
  }
  send_report();
}

/* ---- the parent: processes ---------------------------------------------- */

// The round's processes, as the parent tracks them.
static struct kid {
  int pid;                  // 0: a free slot
  int role, index;
  int xfd;                  // the read end of its exit pipe
  int phase;                // the last phase byte it wrote there
  int gone;                 // EOF there: it has exited
  int reaped, status;
  int reported;
  struct report rep;
} kids[MAXKIDS];
static int nkids;

static char why[600];       // the first failure of the round

static int __attribute__((format(printf, 1, 2)))
fail_round(const char *fmt, ...)
{
  va_list ap;

  if (!why[0]) {
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
  }
  return -1;
}

static void (*const body[NROLE])(int) = {
  producer, consumer, churner, closer, sleeper, victim,
};

// In the child: drop the parent's own fds, so that closing them in the
// parent means what it should (the ticker stops, the stop pipe hangs up,
// an exit pipe reaches EOF), then run the role.
static void __attribute__((noreturn))
child_main(int role, int index, int p[2])
{
  int i;

  close(rd.tfd);
  close(rd.stop[1]);
  close(rd.vpipe[1]);
  close(rd.report[0]);
  for (i = 0; i < nkids; i++)
    if (kids[i].pid && !kids[i].gone)
      close(kids[i].xfd);
  close(p[0]);
  xfd = p[1];
  rng_seed(rd.num, role * 1000 + index + 1);
  me.role = role;
  me.index = index;
  phase('a');
  body[role](index);
  exit(0);
}

static struct kid *
spawn(int role, int index)
{
  struct kid *k;
  int p[2], pid, i;

  for (i = 0; i < MAXKIDS; i++)
    if (kids[i].pid == 0 || (kids[i].role == VICTIM && kids[i].gone &&
                             kids[i].reaped))
      break;
  if (i == MAXKIDS) {
    fail_round("more than %d processes", MAXKIDS);
    return 0;
  }
  if (pipe2(p, O_NONBLOCK) < 0) {
    fail_round("pipe2: %s", errname(errno));
    return 0;
  }
  if ((pid = fork()) < 0) {
    fail_round("fork: %s", errname(errno));
    close(p[0]);
    close(p[1]);
    return 0;
  }
  if (pid == 0)
    child_main(role, index, p);
  close(p[1]);
  k = &kids[i];
  memset(k, 0, sizeof *k);
  k->pid = pid;
  k->role = role;
  k->index = index;
  k->xfd = p[0];
  if (i == nkids)
    nkids++;
  return k;
}

static struct kid *
kid_of(int pid)
{
  int i;

  for (i = 0; i < nkids; i++)
    if (kids[i].pid == pid && !kids[i].reaped)
      return &kids[i];
  return 0;
}

// k's exit pipe is at EOF: it has exited. Collects it, and whatever
// else wait() returns first.
static void
reap(struct kid *k)
{
  struct kid *o;
  int pid, st;

  k->gone = 1;
  close(k->xfd);
  while (!k->reaped && (pid = wait(&st)) > 0) {
    if ((o = kid_of(pid)) != 0) {
      o->reaped = 1;
      o->status = st;
    }
  }
}

static const char *
who(const struct kid *k)
{
  static char buf[80];

  if (k->role == CONSUMER)
    snprintf(buf, sizeof buf, "consumer %d (pid %d, %s)", k->index, k->pid,
             howname[rd.cons[k->index].how]);
  else
    snprintf(buf, sizeof buf, "%s %d (pid %d)", rolename[k->role], k->index,
             k->pid);
  return buf;
}

static const char *
showstatus(int st)
{
  static char buf[40];

  if (WIFSIGNALED(st))
    snprintf(buf, sizeof buf, "killed by signal %d", WTERMSIG(st));
  else
    snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
  return buf;
}

// Reads the reports that have come in.
static void
read_reports(void)
{
  static struct report buf[4];
  struct kid *k;
  long n;
  int i, j;

  while ((n = read(rd.report[0], buf, sizeof buf)) > 0) {
    if (n % sizeof buf[0]) {
      fail_round("report pipe: %ld bytes, not whole reports", n);
      return;
    }
    for (i = 0; i < n / (long)sizeof buf[0]; i++) {
      for (j = 0, k = 0; j < nkids && !k; j++)
        if (kids[j].pid && kids[j].role == buf[i].role &&
            kids[j].index == buf[i].index && kids[j].role != VICTIM)
          k = &kids[j];
      if (!k) {
        fail_round("a report from no one: role %d, index %d", buf[i].role,
                   buf[i].index);
        return;
      }
      k->rep = buf[i];
      k->reported = 1;
      if (k->rep.err[0])
        fail_round("%s: %s", who(k), k->rep.err);
    }
  }
}

// Takes k's phase bytes; at EOF, it has exited: collect it. A counted
// process must have reported first, and a victim waits to be killed.
static void
take_phase(struct kid *k)
{
  if (k->gone || !await_exit(k->xfd, 0, &k->phase))
    return;
  reap(k);
  if (k->role == VICTIM) {
    fail_round("%s ended by itself (%s)", who(k), showstatus(k->status));
    return;
  }
  read_reports();
  if (!k->reported)
    fail_round("%s ended (%s) without a report", who(k),
               showstatus(k->status));
}

// Counted processes that have not reported; of one role, or all if -1.
static int
unreported(int role)
{
  int i, n = 0;

  for (i = 0; i < nkids; i++)
    if (kids[i].pid && kids[i].role != VICTIM && !kids[i].reported &&
        (role < 0 || kids[i].role == role))
      n++;
  return n;
}

// Kills victim k; it must be gone within REAP_MS.
static int
kill_victim(struct kid *k)
{
  kill(k->pid, SIGKILL);
  if (!await_exit(k->xfd, REAP_MS, &k->phase))
    return fail_round("stuck after kill: %s, last in %s, not gone %d ms "
                      "after SIGKILL", who(k), phasename(k->phase), REAP_MS);
  reap(k);
  rd.kills++;
  if (k->status != SIGKILL)
    return fail_round("%s: wait status %s after SIGKILL", who(k),
                      showstatus(k->status));
  return 0;
}

// Kills a victim at random and starts another in its place.
static int
kill_one(void)
{
  struct kid *live[MAXKIDS / 2];
  int i, n = 0;

  for (i = 0; i < nkids && n < NELEM(live); i++)
    if (kids[i].pid && kids[i].role == VICTIM && !kids[i].gone)
      live[n++] = &kids[i];
  if (n == 0)
    return 0;
  if (kill_victim(live[rnd(n)]) < 0)
    return -1;
  return spawn(VICTIM, rd.nvictims++) ? 0 : -1;
}

// The producers are done: stop the ticker and hang up the stop pipe. A
// process that has not started yet still holds copies of both, so wait
// for every one to start first.
static int
stop_round(void)
{
  struct pollfd p;
  int i;

  for (i = 0; i < nkids; i++) {
    p = (struct pollfd){ kids[i].xfd, POLLIN, 0 };
    if (kids[i].pid && !kids[i].gone && kids[i].phase == 0 &&
        poll(&p, 1, REAP_MS) != 1)
      return fail_round("%s has not started after %d ms", who(&kids[i]),
                        REAP_MS);
    if (kids[i].pid && !kids[i].gone)
      take_phase(&kids[i]);
  }
  rd.close0 = now_us();
  close(rd.tfd);
  rd.close1 = now_us();
  rd.tfd = -1;
  close(rd.stop[1]);
  rd.stop[1] = -1;
  rd.stopped = 1;
  return 0;
}

// The round overran its bound: who has not reported, and what each did
// last.
static int
hung(void)
{
  char list[400];
  int i, n = 0;

  list[0] = 0;
  for (i = 0; i < nkids; i++) {
    if (kids[i].pid && kids[i].role != VICTIM && !kids[i].reported)
      n += snprintf(list + n, sizeof list - n, "%s%s, last %s",
                    n ? "; " : "", who(&kids[i]), phasename(kids[i].phase));
    if (n >= (int)sizeof list)
      break;
  }
  return fail_round("hung: not over %d ms after its end; not reported: %s",
                    SLACK_MS, list);
}

// Runs the round until every counted process has reported: takes reports
// and phases, kills victims at random moments, drips bytes for victims
// blocked in read, ends the round when the producers are done.
static int
supervise(void)
{
  static struct pollfd pfd[MAXKIDS + 1];
  static struct kid *of[MAXKIDS + 1];
  long now, next_kill, next_drip, bound, ms;
  int i, n;

  now = now_ms();
  next_kill = now + 20 + rnd(150);
  next_drip = now;
  bound = rd.end + SLACK_MS;
  for (;;) {
    if (why[0])
      return -1;
    now = now_ms();
    if (!rd.stopped && now >= rd.end && unreported(PRODUCER) == 0 &&
        stop_round() < 0)
      return -1;
    if (unreported(-1) == 0)
      return 0;
    if (now >= bound)
      return hung();
    if (now >= next_kill) {
      if (kill_one() < 0)
        return -1;
      next_kill = now_ms() + 20 + rnd(150);
    }
    if (now >= next_drip) {
      write(rd.vpipe[1], "v", 1);
      next_drip = now + 5 + rnd(15);
    }
    n = 0;
    pfd[n++] = (struct pollfd){ rd.report[0], POLLIN, 0 };
    for (i = 0; i < nkids; i++) {
      if (kids[i].pid && !kids[i].gone) {
        pfd[n] = (struct pollfd){ kids[i].xfd, POLLIN, 0 };
        of[n++] = &kids[i];
      }
    }
    ms = next_kill < next_drip ? next_kill : next_drip;
    ms = ms - now_ms();
    poll(pfd, n, ms < 0 ? 0 : ms > 50 ? 50 : ms);
    read_reports();
    for (i = 1; i < n; i++)
      if (pfd[i].revents)
        take_phase(of[i]);
  }
}

// Ends the round's processes: the victims are killed, the others must
// exit after reporting (on a failure, they are killed too). Every one
// must be gone within REAP_MS.
static int
end_kids(void)
{
  struct kid *k;
  int i;

  for (i = 0; i < nkids; i++) {
    k = &kids[i];
    if (!k->pid || k->gone)
      continue;
    if (k->role == VICTIM && !why[0]) {
      kill_victim(k);
      continue;
    }
    if (why[0])
      kill(k->pid, SIGKILL);
    if (!await_exit(k->xfd, REAP_MS, &k->phase)) {
      fail_round("stuck: %s, last in %s, not gone %d ms after %s", who(k),
                 phasename(k->phase), REAP_MS,
                 why[0] ? "SIGKILL" : "its report");
      continue;
    }
    reap(k);
  }
  return why[0] ? -1 : 0;
}

/* ---- the parent: building a round --------------------------------------- */

static int
add_chan(int kind)
{
  struct chan *c = &rd.ch[rd.nch];
  int p[2];

  c->kind = kind;
  if (kind == CH_PIPE || kind == CH_BPIPE) {
    if (pipe2(p, 0) < 0)
      return fail_round("pipe2: %s", errname(errno));
    c->rfd = p[0];
    c->wfd = p[1];
    // Consumers of a CH_PIPE drain it; its producer blocks when full.
    if (kind == CH_PIPE && fcntl(c->rfd, F_SETFL, O_NONBLOCK) < 0)
      return fail_round("fcntl: %s", errname(errno));
  } else {
    c->rfd = c->wfd = eventfd(0, EFD_NONBLOCK |
                                 (kind == CH_SEMA ? EFD_SEMAPHORE : 0));
    if (c->rfd < 0)
      return fail_round("eventfd: %s", errname(errno));
  }
  return rd.nch++;
}

static int
add_ep(void)
{
  if ((rd.ep[rd.nep] = epoll_create1(0)) < 0)
    return fail_round("epoll_create1: %s", errname(errno));
  return rd.nep++;
}

// Watches fd in shared epoll j; -1 with errno if the kernel refuses.
static int
add_watch(int j, int fd, uint32_t events, int type, int target)
{
  struct epoll_event ev;

  if (rd.nw == MAXWATCH) {
    errno = ENOSPC;
    return -1;
  }
  rd.w[rd.nw] = (struct watch){ rd.ep[j], fd, events, type, target };
  ev.events = events;
  ev.data.u64 = TAG(TAG_WATCH, rd.nw);
  if (epoll_ctl(rd.ep[j], EPOLL_CTL_ADD, fd, &ev) < 0)
    return -1;
  rd.nw++;
  return 0;
}

// A watch of a mixed round's topology, which must succeed.
static int
must_watch(int j, int fd, int type, int target)
{
  static const uint32_t modes[] = {
    EPOLLIN, EPOLLIN | EPOLLET, EPOLLIN | EPOLLONESHOT,
  };

  if (add_watch(j, fd, modes[rnd(NELEM(modes))], type, target) < 0)
    return fail_round("epoll_ctl(ADD, shared epoll %d, fd %d): %s", j, fd,
                      errname(errno));
  return 0;
}

// The channels shared epoll j leads to, through nested epolls too.
static uint32_t
reach(int j)
{
  uint32_t m = 0;
  int i;

  for (i = 0; i < rd.nw; i++) {
    if (rd.w[i].epfd != rd.ep[j])
      continue;
    if (rd.w[i].type == T_CHAN)
      m |= 1u << rd.w[i].target;
    else if (rd.w[i].type == T_EP)
      m |= reach(rd.w[i].target);
  }
  return m;
}

// Channels, producers, then 1-3 leaf epolls over random channels, maybe
// an upper epoll over some leaves and a top one over that; consumers
// waiting in those or on their own.
static int
make_mixed(void)
{
  uint32_t pollable = 0, covered = 0, bit;
  struct consumer *cn;
  int i, j, c, n, u;

  for (i = 0, n = 1 + rnd(3); i < n; i++)
    add_chan(rnd(3) ? CH_EVENTFD : CH_SEMA);
  for (i = 0, n = 1 + rnd(2); i < n; i++)
    add_chan(CH_PIPE);
  if (rnd(2))
    add_chan(CH_BPIPE);
  rd.tick = add_chan(CH_TICK);
  rd.period = 1 + rnd(3);
  if (why[0])
    return -1;

  // A pipe has one producer, so its records come in order; an eventfd
  // one or two. Channel 0 is an eventfd, for a producer left without.
  rd.nprod = 2 + rnd(2);
  for (c = 0; c < rd.nch; c++) {
    bit = 1u << c;
    if (rd.ch[c].kind != CH_BPIPE)
      pollable |= bit;
    if (rd.ch[c].kind == CH_TICK)
      continue;
    rd.prod[rnd(rd.nprod)] |= bit;
    if (!is_pipe(c) && rnd(2))
      rd.prod[rnd(rd.nprod)] |= bit;
  }
  for (i = 0; i < rd.nprod; i++)
    if (!rd.prod[i])
      rd.prod[i] = 1;

  for (j = 0, n = 1 + rnd(3); j < n; j++) {
    if (add_ep() < 0)
      return -1;
    bit = subset(pollable);
    for (c = 0; c < rd.nch; c++)
      if ((bit >> c & 1) && must_watch(j, rd.ch[c].rfd, T_CHAN, c) < 0)
        return -1;
  }
  if (rnd(3)) {
    if ((u = add_ep()) < 0)
      return -1;
    bit = subset((1u << n) - 1);
    for (j = 0; j < n; j++)
      if ((bit >> j & 1) && must_watch(u, rd.ep[j], T_EP, j) < 0)
        return -1;
    c = pick(pollable);
    if (rnd(2) && must_watch(u, rd.ch[c].rfd, T_CHAN, c) < 0)
      return -1;
    if (rnd(2)) {
      if ((j = add_ep()) < 0 || must_watch(j, rd.ep[u], T_EP, u) < 0)
        return -1;
      if (rnd(2) && must_watch(j, rd.ep[0], T_EP, 0) < 0)
        return -1;
    }
  }
  for (j = 0; j < rd.nep; j++)
    if (add_watch(j, rd.stop[0], EPOLLIN, T_STOP, 0) < 0)
      return fail_round("epoll_ctl(ADD, shared epoll %d, stop pipe): %s", j,
                        errname(errno));
  rd.top = rd.nep - 1;

  // Consumer 0 does not wait in a shared epoll: it takes the channels
  // no one else reads.
  for (i = 0, n = 3 + rnd(3); i < n; i++) {
    cn = &rd.cons[rd.ncons++];
    cn->how = i == 0 ? W_PRIVATE + rnd(3) : rnd(5) == 4 ? W_SHARED : rnd(4);
    if (cn->how == W_SHARED) {
      cn->ep = rnd(rd.nep);
      cn->chans = reach(cn->ep);
    } else {
      cn->chans = subset(pollable);
    }
    covered |= cn->chans;
  }
  rd.cons[0].chans |= pollable & ~covered;
  for (c = 0; c < rd.nch; c++) {
    if (rd.ch[c].kind != CH_BPIPE)
      continue;
    for (i = 0, n = 1 + rnd(2); i < n; i++) {
      cn = &rd.cons[rd.ncons++];
      cn->how = W_READ;
      cn->chans = 1u << c;
    }
  }
  for (i = 0; i < rd.ncons; i++)
    for (c = 0; c < rd.nch; c++)
      rd.ch[c].nreaders += rd.cons[i].chans >> c & 1;
  // The ticker's channel is never strict: churners' EXCLUSIVE watches
  // of it may take its wakeups.
  for (i = 0; i < rd.ncons; i++)
    for (c = 0; c < rd.nch; c++)
      if ((rd.cons[i].chans >> c & 1) && rd.ch[c].nreaders == 1 &&
          c != rd.tick)
        rd.cons[i].strict |= 1u << c;
  rd.nchurn = 1 + rnd(2);
  rd.nvict = 2 + rnd(2);
  return 0;
}

// E, then levels of epolls, each watching the one below through k dup'ed
// fds. An ADD refused with EINVAL (too many wakeup paths) is left out;
// a level nothing was accepted into ends the building.
static int
make_storm(void)
{
  int i, j, fd, ok, below;
  struct consumer *cn;

  rd.tick = add_chan(CH_TICK);
  rd.period = 1;
  rd.k = 1 + rnd(MAX_K);
  rd.levels = 2 + rnd(3);
  rd.top = -1;
  for (i = 0; i < rd.levels && !why[0]; i++) {
    if (add_ep() < 0)
      return -1;
    below = i == 0 ? rd.ch[rd.tick].rfd : rd.ep[i - 1];
    for (j = ok = 0; j < rd.k; j++) {
      if ((fd = dup(below)) < 0)
        return fail_round("dup: %s", errname(errno));
      rd.adds++;
      if (add_watch(i, fd, rnd(2) ? EPOLLIN : EPOLLIN | EPOLLET,
                    i ? T_EP : T_CHAN, i ? i - 1 : rd.tick) == 0)
        ok++;
      else if (errno == EINVAL)
        rd.refused++;
      else
        return fail_round("storm: epoll_ctl(ADD, level %d, fd %d): %s", i + 1,
                          fd, errname(errno));
    }
    if (ok == 0)
      break;
    rd.top = i;
  }
  if (rd.top < 0)
    return fail_round("storm: no watch of E accepted");
  if (add_watch(rd.top, rd.stop[0], EPOLLIN, T_STOP, 0) < 0)
    return fail_round("storm: epoll_ctl(ADD, top level, stop pipe): %s",
                      errname(errno));
  cn = &rd.cons[rd.ncons++];
  cn->how = W_SHARED;
  cn->ep = rd.top;
  cn->chans = cn->strict = 1u << rd.tick;
  rd.ch[rd.tick].nreaders = 1;
  rd.nvict = 1 + rnd(2);
  return 0;
}

// What every round has: the stop pipe, the victims' pipe and eventfd,
// the report pipe, the ticker.
static int
make_common(void)
{
  if (pipe2(rd.stop, 0) < 0 || pipe2(rd.vpipe, 0) < 0 ||
      pipe2(rd.report, 0) < 0)
    return fail_round("pipe2: %s", errname(errno));
  if ((rd.quiet = eventfd(0, 0)) < 0)
    return fail_round("eventfd: %s", errname(errno));
  if ((rd.tfd = open("/ticker", O_RDONLY)) < 0)
    return fail_round("open(/ticker): %s", errname(errno));
  // The parent drips into the victims' pipe and never blocks on it.
  if (fcntl(rd.vpipe[1], F_SETFL, O_NONBLOCK) < 0 ||
      fcntl(rd.report[0], F_SETFL, O_NONBLOCK) < 0)
    return fail_round("fcntl: %s", errname(errno));
  return 0;
}

static int
start_ticker(void)
{
  struct ticker_req req = { rd.ch[rd.tick].rfd, rd.period };

  rd.set0 = now_us();
  if (ioctl(rd.tfd, TICKER_SET, &req) < 0)
    return fail_round("ioctl(TICKER_SET): %s", errname(errno));
  rd.set1 = now_us();
  return 0;
}

static int
spawn_all(void)
{
  int i;

  for (i = 0; i < rd.nprod; i++)
    if (!spawn(PRODUCER, i))
      return -1;
  for (i = 0; i < rd.ncons; i++)
    if (!spawn(CONSUMER, i))
      return -1;
  for (i = 0; i < rd.nchurn; i++)
    if (!spawn(CHURNER, i))
      return -1;
  if (!rd.storm && !spawn(CLOSER, 0))
    return -1;
  if (!spawn(SLEEPER, 0))
    return -1;
  for (i = 0; i < rd.nvict; i++)
    if (!spawn(VICTIM, rd.nvictims++))
      return -1;
  return 0;
}

/* ---- the parent: checking a round --------------------------------------- */

// What is still in channel c, after every consumer's last drain.
static long
leftover(int c)
{
  struct pollfd p = { rd.ch[c].rfd, POLLIN, 0 };
  uint32_t rec[16];
  uint64_t v;
  long n, left = 0;

  while (poll(&p, 1, 0) == 1 && (p.revents & POLLIN)) {
    if (is_pipe(c)) {
      if ((n = read(p.fd, rec, sizeof rec)) <= 0)
        break;
      left += n / 4;
    } else {
      if (read(p.fd, &v, sizeof v) != sizeof v)
        break;
      left += v;
    }
  }
  return left;
}

enum { F_UNITS, F_SUM, F_MIX };

// Channel c's units, sum or mix over the reports of role: what all of
// them wrote, or read, together.
static uint64_t
total(int role, int field, int c)
{
  struct report *r;
  uint64_t t = 0;
  int i;

  for (i = 0; i < nkids; i++) {
    if (!kids[i].pid || kids[i].role != role || !kids[i].reported)
      continue;
    r = &kids[i].rep;
    if (field == F_MIX)
      t ^= r->mix[c];
    else
      t += field == F_SUM ? r->sum[c] : r->units[c];
  }
  return t;
}

static long units;          // this round's conserved units

// Every unit written was read once; the ticker's units were all read.
static int
check_counts(void)
{
  uint64_t made, got;
  long left, most, least;
  int c;

  for (c = 0; c < rd.nch; c++) {
    if (c == rd.tick)
      continue;
    made = total(PRODUCER, F_UNITS, c);
    got = total(CONSUMER, F_UNITS, c);
    if ((left = leftover(c)) != 0)
      return fail_round("%s channel %d: %ld units left unread after the "
                        "consumers' last drain (%lu written, %lu read)",
                        kindname[rd.ch[c].kind], c, left, made, got);
    if (made != got)
      return fail_round("%s channel %d: %lu units written, %lu read",
                        kindname[rd.ch[c].kind], c, made, got);
    if (is_pipe(c) && (total(PRODUCER, F_SUM, c) != total(CONSUMER, F_SUM, c) ||
                       total(PRODUCER, F_MIX, c) != total(CONSUMER, F_MIX, c)))
      return fail_round("%s channel %d: %lu records each way, but not the "
                        "same ones (lost and duplicated)",
                        kindname[rd.ch[c].kind], c, made);
    units += made;
  }
  // The ticker adds the periods that ended: never more than had ended by
  // the close, and (loosely) not far fewer.
  got = total(CONSUMER, F_UNITS, rd.tick);
  if ((left = leftover(rd.tick)) != 0)
    return fail_round("ticker eventfd: %ld units left unread after the "
                      "consumers' last drain", left);
  most = (rd.close1 - rd.set0) / (rd.period * 1000L) + 1;
  least = (rd.close0 - rd.set1) / (rd.period * 1000L) / 2;
  if ((long)got > most || (long)got < least)
    return fail_round("ticker eventfd: %lu units read, expected %ld..%ld "
                      "for %ld ms at %d ms", got, least, most,
                      (rd.close0 - rd.set1) / 1000, rd.period);
  return 0;
}

/* ---- the parent: rounds ------------------------------------------------- */

static long total_ops, total_units, total_kills, worst_late_us;
static int quiet;

static void
print_round(long ops, long late_us, long ms)
{
  if (quiet)
    return;
  if (rd.storm)
    printf("round %d storm: %d levels, K %d, %d of %d ADDs refused, E heard "
           "at level %d, %lu ticks, %ld kills, sleeps up to %ld ms late, "
           "%ld ms\n", rd.num, rd.levels, rd.k, rd.refused, rd.adds,
           rd.top + 1, total(CONSUMER, F_UNITS, rd.tick), rd.kills,
           late_us / 1000, ms);
  else
    printf("round %d mixed: %d channels, %d epolls, %d consumers, %ld ops, "
           "%ld units, %lu ticks, %ld kills, sleeps up to %ld ms late, "
           "%ld ms\n", rd.num, rd.nch, rd.nep, rd.ncons, ops, units,
           total(CONSUMER, F_UNITS, rd.tick), rd.kills, late_us / 1000, ms);
}

static int
run_round(int num)
{
  long t0 = now_ms(), ops = 0, late_us = 0, late = 0;
  int i, r, fd;

  memset(&rd, 0, sizeof rd);
  memset(kids, 0, sizeof kids);
  nkids = 0;
  units = 0;
  rd.num = num;
  rd.storm = num % 3 == 1;
  rd.tfd = rd.stop[1] = -1;
  rng_seed(num, 0);
  rd.length = 1000 + rnd(1000);
  r = make_common();
  if (r == 0)
    r = rd.storm ? make_storm() : make_mixed();
  if (r == 0)
    r = start_ticker();
  rd.end = now_ms() + rd.length;
  if (r == 0)
    r = spawn_all();
  if (r == 0)
    r = supervise();
  r = end_kids() < 0 ? -1 : r;
  if (r == 0)
    r = check_counts();
  for (i = 0; i < nkids; i++) {
    ops += kids[i].rep.ops;
    if (kids[i].role == SLEEPER) {
      late_us = kids[i].rep.late_us;
      late = kids[i].rep.late;
    }
  }
  if (r == 0 && rd.storm && late >= LATE_COUNT)
    r = fail_round("late: %ld sleeps of %d ms ended over %d ms late (the "
                   "latest %ld ms) in a storm of K %d, E heard at level %d",
                   late, NAP_MS, LATE_MS, late_us / 1000, rd.k, rd.top + 1);
  total_ops += ops;
  total_units += units;
  total_kills += rd.kills;
  if (rd.storm && late_us > worst_late_us)
    worst_late_us = late_us;
  if (r == 0)
    print_round(ops, late_us, now_ms() - t0);
  for (fd = 3; fd < FD_SCAN; fd++)
    close(fd);
  return r;
}

// memstat() after the run must equal memstat() before it; orphans and
// the ticker's last references may take a moment to go.
static int
check_leaks(const struct memstat *before)
{
  static char why[300];
  struct memstat after;
  long t0 = now_ms();

  for (;;) {
    if (memstat(&after) < 0)
      return fail_round("memstat: %s", errname(errno));
    if (memstat_same(before, &after))
      return 0;
    if (now_ms() - t0 > 5000)
      break;
    nap(20);
  }
  memstat_explain(why, sizeof why, before, &after);
  return fail_round("leaks: %s", why);
}

static void __attribute__((noreturn))
usage(void)
{
  printf("usage: racetest [-s SEED] [-t SECONDS] [-q] [-r ROUND]\n");
  printf("test racetest: FAILED (bad arguments)\n");
  exit(1);
}

int
main(int argc, char *argv[])
{
  struct memstat before;
  long t0, secs = DEFAULT_SECS;
  int i, num, only = -1, rounds = 0, r = 0;
  char *end;

  seed = rdtime() % 1000000;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0) {
      quiet = 1;
      continue;
    }
    if (i + 1 == argc || argv[i][0] != '-' || argv[i][2])
      usage();
    if (argv[i][1] == 's')
      seed = strtoull(argv[++i], &end, 10);
    else if (argv[i][1] == 't')
      secs = strtol(argv[++i], &end, 10);
    else if (argv[i][1] == 'r')
      only = strtol(argv[++i], &end, 10);
    else
      usage();
    if (*end || end == argv[i])
      usage();
  }
  if (memstat(&before) < 0) {
    printf("test racetest: FAILED (memstat: %s)\n", errname(errno));
    return 1;
  }
  t0 = now_ms();
  for (num = only >= 0 ? only : 0; ; num++) {
    why[0] = 0;
    r = run_round(num);
    rounds++;
    if (r < 0 || only >= 0 || now_ms() - t0 >= secs * 1000)
      break;
  }
  if (r < 0) {
    snprintf(why + strlen(why), sizeof why - strlen(why),
             "; replay: racetest -s %lu -r %d", seed, num);
  } else if (check_leaks(&before) < 0) {
    snprintf(why + strlen(why), sizeof why - strlen(why), " (seed %lu)",
             seed);
  }
  printf("racetest: seed %lu, %d rounds, %ld ops, %ld units conserved, "
         "%ld kills, worst sleep lateness %ld ms, %ld s\n", seed, rounds,
         total_ops, total_units, total_kills, worst_late_us / 1000,
         (now_ms() - t0) / 1000);
  if (why[0] && r < 0)
    printf("test racetest: FAILED (round %d (%s): %s)\n", num,
           num % 3 == 1 ? "storm" : "mixed", why);
  else if (why[0])
    printf("test racetest: FAILED (%s)\n", why);
  else
    printf("test racetest: OK\n");
  return why[0] ? 1 : 0;
}
