/*
 * fuzz: a seeded system-call fuzzer.
 *
 *   fuzz [-s SEED] [-n CALLS] [-c CHILDSEED] [-q] [-v]
 *
 * First the corpus: small cases that once broke the kernel, each in a
 * child of its own, asserting Linux's result ("fuzz: corpus NAME: OK").
 * Then random calls until CALLS have been made (default 100000), at most
 * CHILD_CALLS by a child, so children killed for time are made up for; each
 * child gets a seed derived from SEED and makes a random sequence of every
 * call of nudge/syscall.h but poweroff, with hostile arguments: bad and
 * read-only pointers, buffers that run off the end of the heap, absurd
 * sizes, flags and timeouts, fds of every kind it made or closed. The
 * same child seed gives the same sequence, so a finding replays:
 *
 *   fuzz: child seed 2864434397 failed: call 713: read(4, 0x80000000, 8):
 *     = 8: more than the 0 bytes of room     <- all on one line
 *   fuzz -q -c 2864434397 -v             the quick corpus, then that
 *                                        child alone, printing each call
 *
 * A child fails when a check of its own fails (a call that succeeded with
 * a bad pointer, a count larger than the buffer, ...) or when it dies
 * other than by its last call. One that runs longer than CHILD_SECS is
 * killed, with everything it forked, and only counted: a random call may
 * block. After every CHECK_EVERY children and at the end, with all of
 * them gone, memstat() must be back to what it was at the start; if not,
 * the children since the last check run again one at a time, to name the
 * one that leaks. The output ends with
 *
 *   fuzz: seed S: N calls in C children, K killed for time (the slowest
 *     gone D ms after SIGKILL), T s
 *   test fuzz: OK                        or: test fuzz: FAILED (why)
 *
 * and the exit status is 0 only if everything passed. -q (quick) skips
 * the slow corpus cases (link_max: minutes of disk transactions); -v
 * prints each child's calls, and the children killed for time. A child
 * replayed with -c has REPLAY_SECS, not CHILD_SECS.
 *
 * What a child may touch, so that a run harms nothing: files only under
 * its scratch directory /fzXXXXXXXX (the parent removes it), at most
 * FILE_BUDGET bytes written to them; the console at most CONSOLE_BUDGET
 * bytes, through a console file of its own (the flags it sets there are
 * not the shell's: each check asserts the shell's are unchanged);
 * signals (kill, tkill, tgkill, the sigqueue calls) only for itself, its
 * own children and pid 1, and for itself only ones it handles, ignores
 * or blocks, so that no signal ends it but the SIGKILL of its last call
 * (the rules are at "signals"); execv() only of paths that cannot run
 * (bad pointers, directories, junk files). Calls that may block for good
 * (a blocking read of an empty pipe, a timeout of -1, rt_sigsuspend) and
 * rt_sigreturn run in a doomed grandchild, killed a few ms later.
 *
 * A child and everything it forks share a report pipe at REPORT_FD, on
 * which each writes one-line records: "P<pid>" when it starts (so the
 * parent can kill it), "F<why>" when a check fails; the child alone
 * writes "C<calls>" every 100 calls and its last words "E<status>
 * <calls>". The parent knows the tree is gone when the pipe reaches end
 * of file; after the last words it kills what is left of the tree (a
 * doomed grandchild whose parent was killed before it could kill it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nudge.h>
#include <nudge/sched.h>
#include <linux/futex.h>
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
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sched.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/pidfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <termios.h>
#include <unistd.h>
#include <nudge/ticker.h>
#include "errname.h"

// nudge's limits (kernel/param.h, kernel/arch/memlayout.h), as user code
// sees them.
#define PGSIZE      4096
#define NOFILE      65536           // fds per process: RLIMIT_NOFILE's hard limit
#define HZ          100             // uptime() ticks a second
#define KERNBASE    0x80000000UL    // kernel memory: never user-accessible
#define MAXVA       (1UL << 38)
#define TRAMPOLINE  (MAXVA - PGSIZE)  // mapped, but not for user mode
#define TRAPFRAME   (TRAMPOLINE - PGSIZE)
#define USERTOP     (TRAMPOLINE - 64 * PGSIZE)  // under NPROC trapframes
#define KHIGH       0xffffffff80000000UL  // a sign-extended kernel address

#define NELEM(a)    ((int)(sizeof(a) / sizeof((a)[0])))

#define REPORT_FD       1000        // a child's records go here
#define LOG_FD          1001        // the console, for -v
#define CHILD_CALLS     2000        // calls a child makes
#define GRAND_CALLS     200         // at most, for a forked grandchild
#define MAXKIDS         4           // live children of a fuzzing process
#define PARALLEL        3           // children running at once
#define CHILD_SECS      10          // then a child is killed
#define REPLAY_SECS     120         // the same for -c (and -v is slow)
#define CORPUS_SECS     10          // a corpus case's time limit
#define DEATH_SECS      5           // a killed tree must be gone by then
#define SETTLE_SECS     5           // memstat may take this to settle
#define CHECK_EVERY     12          // children between memstat checks
#define MAXFAILS        5           // then no new children start
#define HEAPSZ          (16 * PGSIZE)  // a child's own top-of-heap area
#define FILE_BUDGET     (64 * 1024) // bytes a child may write to files
#define SOCK_BUDGET     (2L << 20)  // kernel memory its sends may take
#define CONSOLE_BUDGET  2           // bytes a child may write to the console
#define MAXDESC         2048        // open file descriptions a child tracks

/* ---- random numbers ------------------------------------------------------ */

static uint64_t rng;                // xorshift64* state, never 0

// splitmix64's finalizer: spreads a seed's bits over all 64.
static uint64_t
mix(uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static void
seed_rng(uint64_t seed)
{
  rng = mix(seed) | 1;
}

static uint64_t
rnd64(void)
{
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ULL;
}

// A number in [0, n), n > 0.
static long
rnd(long n)
{
  return rnd64() % n;
}

// True one time in n.
static int
one_in(long n)
{
  return rnd(n) == 0;
}

#define PICK(a) ((a)[rnd(NELEM(a))])

// True for the rare argument that makes a call doomed (see doomed()):
// forking one costs milliseconds.
static int
rare(void)
{
  return one_in(40);
}

// The seed of child i of a run with the given seed: 32 bits, not 0.
static uint32_t
child_seed(uint64_t seed, long i)
{
  uint32_t s = mix(mix(seed) + i);

  return s ? s : 1;
}

/* ---- showing values ------------------------------------------------------ */

// A wait() status in words.
static const char *
showstatus(int st)
{
  static char buf[40];

  if(WIFEXITED(st))
    snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
  else
    snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(st));
  return buf;
}

// Sleeps ms milliseconds.
static void
nap(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

  nanosleep(&ts, 0);
}

/* ---- a fuzzing process: its state --------------------------------------- */

// What an fd refers to, as far as the process can tell.
enum kind {
  K_UNKNOWN, K_PIPE_R, K_PIPE_W, K_EVENTFD, K_EPOLL, K_FILE, K_DIR,
  K_CONSOLE, K_TICKER, K_SIGNALFD, K_SOCKET,
};

// An open file description: dup'd fds share one. One that came in a
// message may be one the process has under another desc, which the
// fuzzer cannot tell: it is "shared", counts as blocking, and gets
// O_NONBLOCK set but never cleared (so the other's stays true).
struct desc {
  enum kind kind;
  int nonblock;                     // O_NONBLOCK, as far as we know
  int scratch;                      // a K_DIR under the scratch directory
  int socktype;                     // a K_SOCKET's SOCK_STREAM, ... (0: unknown)
  int shared;                       // reached through an fd of another desc too
  int timer;                        // a K_UNKNOWN that timerfd_create made
  int pid;                          // a K_UNKNOWN that pidfd_open made: its pid
};

static struct desc descs[MAXDESC];  // 0 is the catch-all unknown one
static int ndesc;
static short fddesc[NOFILE];        // fd -> desc, -1 if closed
static int openfds[NOFILE];         // the open fds, in no order
static int openpos[NOFILE];         // fd -> its index in openfds
static int nopen;

static int depth;                   // 0 the child, 1 its children, 2 doomed
static int mypid;
static int parent_pid;              // getppid's answer while it lives
static long ncalls;                 // calls made so far (this process)
static int verbose;
static char scratch[16];            // "/fzXXXXXXXX"
static int kids[MAXKIDS];           // children not yet reaped
static int nkids;
static long file_bytes;             // written to files so far
static long sock_bytes;             // sent on sockets so far (sock_cost)
static int console_bytes;           // written to the console so far
static char what[200];              // the call being made, for messages

// Buffers. Calls get pointers into these only with sizes that fit; for
// absurd sizes they get the top of the heap, past which nothing is
// mapped, so the kernel cannot scribble over this process's state.
static char buf[8192];
static uintptr_t cur_brk;           // the break, as brk last said
static uintptr_t floor_brk;         // the break may not go below this
static uint64_t values[8];          // eventfd values
static struct epoll_event evs[64];
static struct pollfd pfds[64];
static fd_set sets[3];
static struct timespec tss[2];
static struct ticker_req treq;
static int pipefds[4];
static struct stat st;
static struct memstat ms;

/* ---- a fuzzing process: records and checks ------------------------------ */

// Writes one record to the parent, in one write so records do not mix
// (unless a handler cuts it short: then the rest follows).
static void __attribute__((format(printf, 1, 2)))
record(const char *fmt, ...)
{
  static char line[400];
  va_list ap;
  int n, off = 0, w, err = errno;

  va_start(ap, fmt);
  n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
  va_end(ap);
  if(n > (int)sizeof(line) - 2)
    n = sizeof(line) - 2;
  line[n++] = '\n';
  while(off < n){
    if((w = write(REPORT_FD, line + off, n - off)) > 0)
      off += w;
    else if(!(w < 0 && errno == EINTR))
      break;
  }
  errno = err;
}

// Kills this process's children and, if reap, waits for them all.
static void
end_kids(int reap)
{
  int i;

  for(i = 0; i < nkids; i++)
    kill(kids[i], SIGKILL);
  nkids = 0;
  while(reap && (waitpid(-1, 0, __WALL) >= 0 || errno == EINTR))
    ;
}

// Ends a fuzzing process: the child's last words tell the parent what
// status to expect.
static void
last_words(int code)
{
  end_kids(1);
  if(depth == 0)
    record("E%d %ld", (code & 0xff) << 8, ncalls);
}

static void __attribute__((noreturn))
finish(int code)
{
  last_words(code);
  exit(code);
}

// A failed check: report what call it was, and end the process.
static void __attribute__((noreturn, format(printf, 1, 2)))
bad(const char *fmt, ...)
{
  static char why[200];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(why, sizeof(why), fmt, ap);
  va_end(ap);
  if(ncalls == 0)
    record("F%s: %s", what, why);
  else
    record("F%scall %ld: %s: %s", depth ? "grandchild " : "", ncalls, what,
           why);
  end_kids(0);
  exit(1);
}

// Names the call about to be made; with -v, prints it.
static void __attribute__((format(printf, 1, 2)))
call(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  if(verbose)
    dprintf(LOG_FD, "fuzz: %d call %ld: %s\n", mypid, ncalls, what);
}

extern char end[];                  // the linker's: past this program's data

// A path argument as a trace shows it: quoted, if it points into this
// program's image (all its strings do), else as a pointer.
static const char *
quote(const char *p)
{
  static char out[2][48];
  static int which;
  char *o = out[which ^= 1];
  int n = 0;

  if((uintptr_t)p < 0x1000 || (uintptr_t)p >= (uintptr_t)end){
    snprintf(o, sizeof(out[0]), "%p", p);
    return o;
  }
  o[n++] = '"';
  for(; *p && n < (int)sizeof(out[0]) - 6; p++)
    if(*p < ' ' || *p > '~')
      n += snprintf(o + n, sizeof(out[0]) - n, "\\x%02x", *p & 0xff);
    else
      o[n++] = *p;
  o[n++] = '"';
  o[n] = 0;
  return o;
}

// The call's result; with -v, prints it. Yields r.
static long
ret(long r)
{
  if(verbose)
    dprintf(LOG_FD, "fuzz: %d   = %s\n", mypid, show(r, errno));
  return r;
}

/* ---- a fuzzing process: its fds ------------------------------------------ */

static int
protected(int fd)
{
  return fd == REPORT_FD || fd == LOG_FD;
}

static int
new_desc(enum kind kind, int nonblock)
{
  if(ndesc == MAXDESC)
    return 0;
  descs[ndesc].kind = kind;
  descs[ndesc].nonblock = nonblock;
  descs[ndesc].scratch = 0;
  descs[ndesc].socktype = 0;
  descs[ndesc].shared = 0;
  descs[ndesc].timer = 0;
  descs[ndesc].pid = 0;
  return ndesc++;
}

static void
fd_drop(int fd)
{
  int last;

  if(fd < 0 || fd >= NOFILE || fddesc[fd] < 0)
    return;
  last = openfds[--nopen];
  openfds[openpos[fd]] = last;
  openpos[last] = openpos[fd];
  fddesc[fd] = -1;
}

// fd now refers to description d (what it referred to before is gone).
static void
fd_set_desc(int fd, int d)
{
  if(fd < 0 || fd >= NOFILE)
    bad("fd %d out of range", fd);
  fd_drop(fd);
  fddesc[fd] = d;
  openpos[fd] = nopen;
  openfds[nopen++] = fd;
}

static struct desc *
fd_desc(int fd)
{
  if(fd < 0 || fd >= NOFILE || fddesc[fd] < 0)
    return 0;
  return &descs[fddesc[fd]];
}

static enum kind
fd_kind(int fd)
{
  struct desc *d = fd_desc(fd);

  return d ? d->kind : K_UNKNOWN;
}

// Could a read or write of fd block? Only these kinds ever wait.
static int
may_block(int fd)
{
  struct desc *d = fd_desc(fd);

  if(d == 0)
    return 0;
  switch(d->kind){
  case K_PIPE_R: case K_PIPE_W: case K_EVENTFD: case K_SIGNALFD: case K_SOCKET:
    return !d->nonblock;
  case K_CONSOLE:               // O_NONBLOCK or not, console reads wait
  case K_UNKNOWN:
    return 1;
  default:
    return 0;
  }
}

// Could a read or write of n bytes of fd block? A socket's (or what may
// be one) even of none: a datagram socket waits for a record, or room.
static int
rw_waits(int fd, long n)
{
  enum kind k = fd_kind(fd);

  return may_block(fd) && (n != 0 || k == K_SOCKET || k == K_UNKNOWN);
}

// Any fd: mostly an open one, else closed, negative or huge.
static int
pick_fd(void)
{
  static const int odd[] = { -1, 1023, 1024, 65535, 65536, INT_MAX, INT_MIN };
  int fd;

  if(nopen > 0 && !one_in(6))
    return openfds[rnd(nopen)];
  if(one_in(2))
    return PICK(odd);
  for(fd = 3; fd < NOFILE - 1 && (fddesc[fd] >= 0 || protected(fd)); fd++)
    ;
  return fd;
}

// An fd whose description d has fits(d, arg), if there is one, most of
// the time; else any.
static int
pick_fd_such(int (*fits)(const struct desc *, int), int arg)
{
  int i, n = 0, found = -1;

  if(!one_in(5))
    for(i = 0; i < nopen; i++)
      if(fits(&descs[fddesc[openfds[i]]], arg) && one_in(++n))
        found = openfds[i];
  return found >= 0 ? found : pick_fd();
}

static int
of_kind(const struct desc *d, int kind)
{
  return d->kind == (enum kind)kind;
}

// An fd of the given kind, if there is one, most of the time.
static int
pick_fd_of(enum kind kind)
{
  return pick_fd_such(of_kind, kind);
}

// A target fd for dup3: any but the protected ones.
static int
pick_newfd(void)
{
  int fd = one_in(3) ? (int)rnd(64) : pick_fd();

  return protected(fd) ? fd + 2 : fd;
}

// The kind of a file just opened, from fstat.
static enum kind
stat_kind(int fd)
{
  struct stat s;

  if(fstat(fd, &s) < 0)
    return K_UNKNOWN;
  if(S_ISDIR(s.st_mode))
    return K_DIR;
  if(S_ISREG(s.st_mode))
    return K_FILE;
  if(S_ISCHR(s.st_mode) && major(s.st_rdev) == CONSOLE)
    return K_CONSOLE;
  if(S_ISCHR(s.st_mode) && major(s.st_rdev) == TICKER)
    return K_TICKER;
  if(S_ISSOCK(s.st_mode))
    return K_SOCKET;
  return K_UNKNOWN;
}

/* ---- a fuzzing process: hostile arguments -------------------------------- */

// A pointer argument, with how much of the memory it points at this
// process may really write (room) and read (readable); 0 if none.
struct ptr {
  uintptr_t p;
  long room;
  long readable;
};

static uintptr_t
top(void)
{
  return (cur_brk + PGSIZE - 1) & ~(uintptr_t)(PGSIZE - 1);
}

// The end of this program's image, text to bss: past it lies the heap.
static uintptr_t
image_end(void)
{
  return ((uintptr_t)end + PGSIZE - 1) & ~(uintptr_t)(PGSIZE - 1);
}

// A pointer that is bad for the kernel to touch, or only to read.
static struct ptr
bad_ptr(void)
{
  static const uintptr_t bads[] = {
    0, 1, 8, KERNBASE, KERNBASE + 1, TRAPFRAME, TRAMPOLINE, KHIGH,
    (uintptr_t)-1, MAXVA, MAXVA - 1, 1UL << 63,
  };
  struct ptr r = { 0, 0, 0 };

  switch(rnd(4)){
  case 0:
    r.p = top();                           // just past the heap
    break;
  case 1:
    r.p = (uintptr_t)"read-only literal";  // read-only
    r.readable = image_end() - r.p;
    break;
  case 2:
    r.p = 0x1000 + rnd(64);                // the program's text
    r.readable = image_end() - r.p;
    break;
  default:
    r.p = PICK(bads);
    break;
  }
  return r;
}

// A call that succeeded (done) wrote size bytes of what at p: p must
// have had room for them.
static void
expect_room(int done, struct ptr p, long size, const char *what)
{
  if(done && p.room < size)
    bad("succeeded: %s written to a bad pointer", what);
}

// A pointer for a buffer of want bytes: valid (maybe unaligned) with at
// least want bytes of room, or ending at the top of the heap (maybe with
// fewer), or bad.
static struct ptr
pick_buf(void *valid, long validsz, long want)
{
  struct ptr r;
  long k;

  if(want < 0 || want > HEAPSZ)
    want = HEAPSZ;
  switch(rnd(8)){
  case 0: case 1: case 2: case 3:
    if(want <= validsz){
      k = (one_in(6) && want < validsz) ? 1 + rnd(validsz - want) : 0;
      r.p = (uintptr_t)valid + k;
      r.room = r.readable = validsz - k;
      return r;
    }
    // fall through: it does not fit there
  case 4: case 5:
    k = one_in(3) ? rnd(want + 1) : want;
    r.p = top() - k;
    r.room = r.readable = k;
    return r;
  default:
    return bad_ptr();
  }
}

// A size or count: small, page-sized, huge or negative.
static long
pick_size(void)
{
  static const long sizes[] = {
    0, 1, 4, 7, 8, 16, 100, PGSIZE - 1, PGSIZE, PGSIZE + 1, 2 * PGSIZE,
    65536, 1L << 30, INT_MAX, (long)UINT_MAX, LONG_MAX, -1, LONG_MIN, -8,
  };

  return PICK(sizes);
}

static int
in_buf(uintptr_t p)
{
  return p >= (uintptr_t)buf && p < (uintptr_t)buf + sizeof(buf);
}

// A count to go with a pointer: any when only the heap's end can stop it, else
// one that fits in p's room.
static long
pick_count(long room)
{
  long n = pick_size();

  if(room > 0 && (unsigned long)n > (unsigned long)room)
    n = rnd(room + 1);
  return n;
}

// Flags: mostly valid ones, sometimes any bits at all.
static int
pick_flags(const int *valid, int nvalid)
{
  int f = 0, i;

  if(one_in(8))
    return (int)rnd64();
  for(i = 0; i < nvalid; i++)
    if(one_in(3))
      f |= valid[i];
  return f;
}

// A timeout in ms: mostly 0 to 5; sometimes for ever (any negative) or
// long, and then the call is doomed (see blocks_ms).
static int
pick_timeout(void)
{
  static const int shorts[] = { 0, 0, 0, 1, 2, 5 };
  static const int longs[] = { -1, -2, INT_MIN, 1000, INT_MAX };

  return rare() ? PICK(longs) : PICK(shorts);
}

static int
blocks_ms(int t)
{
  return t < 0 || t > 5;
}

/*
 * A timeout for ppoll and pselect6, which write the time left back: a
 * timespec of this process's (short or invalid, rarely long), null (for
 * ever) or a bad pointer. *blocks says whether the call may wait long,
 * and must then be doomed.
 */
static struct timespec *
pick_timespec(int *blocks)
{
  static const struct timespec shorts[] = {
    { 0, 0 }, { 0, 0 }, { 0, 1000000 }, { 0, 5000000 }, { 0, -1 }, { -1, 0 },
    { 0, 1000000000 }, { LONG_MIN, 0 },
  };
  static const struct timespec longs[] = {
    { 1, 0 }, { 1844674407370L, 0 }, { LONG_MAX, 999999999 }, { LONG_MAX, 0 },
  };
  static struct timespec ts;
  struct ptr p;

  if(one_in(10)){
    p = bad_ptr();
    // NULL is for ever; read-only memory says whatever it says.
    *blocks = p.p == 0 || p.readable > 0;
    return (struct timespec *)p.p;
  }
  if(rare()){
    *blocks = 1;
    ts = PICK(longs);
    return one_in(2) ? 0 : &ts;
  }
  ts = PICK(shorts);
  *blocks = 0;
  return &ts;
}

// A relative name that, from a directory under the scratch directory,
// stays under it: no ".." climbs above where it starts.
static const char *
scratch_name(void)
{
  static const char *const names[] = {
    "a", "b", "c", "d", "t", "x", "x/a", "x/b", "x/y", "x/y/a", "x/.", "x/..",
    "a/a", "", "x/", "a/", ".", "x//y/",
  };

  return PICK(names);
}

// An absolute path under the scratch directory.
static const char *
scratch_path(void)
{
  static char paths[2][64];
  static int which;
  char *p = paths[which ^= 1];

  snprintf(p, sizeof(paths[0]), "%s/%s", scratch, scratch_name());
  return p;
}

// A path that is no danger to open read-only: outside the scratch
// directory too.
static const char *
any_path(void)
{
  static const char *const paths[] = {
    "/", ".", "..", "", "/nonexistent", "/ticker", "/console",
    "/README.md/x", "/a-name-longer-than-dirsiz",
    "/../../..//./", "//////////", "x",
  };
  static char longpath[300];

  if(one_in(3))
    return scratch_path();
  if(one_in(10)){
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[rnd(sizeof(longpath))] = 0;
    return longpath;
  }
  return PICK(paths);
}

// The pointer to pass for a path: usually s, sometimes a bad pointer.
static const char *
path_arg(const char *s)
{
  if(!one_in(10))
    return s;
  if(one_in(4)){
    // A path that runs into the end of the heap without its NUL.
    memset((char *)top() - 8, 'p', 8);
    return (char *)top() - 8;
  }
  return (const char *)bad_ptr().p;
}

/* ---- a fuzzing process: signals ------------------------------------------ */

/*
 * No signal may end a fuzzing process but the SIGKILL of its last call
 * (fz_kill): a death would be a failure, and a run would not replay. So
 * the generators keep these rules:
 *
 *   - The signals that can reach it, live_sigs[], always have an action
 *     that does not kill: a handler of its own (on_signal, on_siginfo),
 *     SIG_IGN, or SIG_DFL where that ignores; never SA_RESETHAND, which
 *     would bring SIG_DFL back. They are SIGPIPE (a write with no reader),
 *     SIGALRM (its timer), SIGCHLD (its children) and the ones it sends
 *     itself. The child never ignores SIGCHLD nor sets SA_NOCLDWAIT:
 *     doomed() waits for each grandchild, and could not if init reaped
 *     it; below the child (whose own children end at once) it may.
 *   - Any handler is one of those two, SIG_IGN or SIG_DFL, and the
 *     alternate stack is none or altstack[], with room for many frames. A
 *     call that may set either from memory the fuzzer did not fill runs
 *     fenced (every signal blocked, so none is delivered), and what it
 *     set is put back before the fence lifts.
 *   - It sends itself only live_sigs[]; any signal goes only to its own
 *     children and init (which takes none), as kill's do.
 *   - rt_sigreturn, and the waits that may not end (rt_sigsuspend,
 *     rt_sigtimedwait without a short timeout), run only in doomed
 *     grandchildren.
 *
 * The mask may hold any bits: a blocked signal of live_sigs[] waits, and
 * meets a harmless action whenever it is let through.
 */
#define UNBLOCKABLE  (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))
#define DFL_IGNORES  (SIGMASK(SIGCHLD) | SIGMASK(SIGWINCH))
#define ALTSTACK_MIN (32 * 1024)    // a safe alternate stack holds this much

// rt_sigaction's flags Linux keeps (UAPI_SA_FLAGS on riscv64; 0x800 is
// SA_EXPOSE_TAGBITS): the others it clears.
#define SA_KNOWN (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | \
                  SA_RESTART | SA_NODEFER | SA_RESETHAND | 0x800)

static const int live_sigs[] = {
  SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGCHLD, SIGWINCH, SIGRTMIN,
  SIGRTMIN + 1, 50, NSIG,
};

static volatile int caught[NSIG + 1];   // deliveries to a handler, by signal
static volatile int last_code[NSIG + 1];  // on_siginfo's last si_code
static volatile int info_wrong;         // a siginfo that named another signal
static char altstack[64 * 1024] __attribute__((aligned(16)));

static int
is_live(int sig)
{
  int i;

  for(i = 0; i < NELEM(live_sigs); i++)
    if(live_sigs[i] == sig)
      return 1;
  return 0;
}

// The handlers: they count, and touch nothing else (not errno).
static void
on_signal(int sig)
{
  if(sig >= 1 && sig <= NSIG)
    caught[sig]++;
}

static void
on_siginfo(int sig, siginfo_t *si, void *uc)
{
  on_signal(sig);
  if(si->si_signo != sig)
    info_wrong = sig;
  else if(sig >= 1 && sig <= NSIG)
    last_code[sig] = si->si_code;
}

static int
ours(sighandler_t h)
{
  return h == on_signal || h == (sighandler_t)on_siginfo;
}

// The blocked mask now.
static uint64_t
blocked_now(void)
{
  sigset_t m = { { 0 } };

  rt_sigprocmask(SIG_BLOCK, 0, &m, sizeof(m));
  return m.sig[0];
}

static uint64_t fence_mask;         // the mask fence() replaced

// Blocks every signal until unfence(): none is delivered in between.
static void
fence(void)
{
  sigset_t all = { { ~0UL } }, old;

  rt_sigprocmask(SIG_SETMASK, &all, &old, sizeof(old));
  fence_mask = old.sig[0];
}

static void
unfence(void)
{
  sigset_t old = { { fence_mask } };

  rt_sigprocmask(SIG_SETMASK, &old, 0, sizeof(old));
}

// A signal mask: none, all, one of live_sigs[] or all of them, SIGKILL
// and SIGSTOP (which no mask can block), or any bits.
static uint64_t
pick_mask(void)
{
  uint64_t m = 0;
  int i;

  switch(rnd(6)){
  case 0:
    return 0;
  case 1:
    return ~0ULL;
  case 2:
    return SIGMASK(PICK(live_sigs));
  case 3:
    for(i = 0; i < NELEM(live_sigs); i++)
      m |= SIGMASK(live_sigs[i]);
    return m;
  case 4:
    return UNBLOCKABLE | SIGMASK(PICK(live_sigs));
  default:
    return rnd64();
  }
}

// A new action for sig that keeps the rules above: a handler of the
// fuzzer's, SIG_IGN or SIG_DFL; known flags, sometimes any bits; any mask.
static void
make_action(int sig, struct sigaction *a)
{
  static const int valid[] = {
    SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO, SA_ONSTACK, SA_RESTART,
    SA_NODEFER, SA_RESETHAND,
  };
  static const sighandler_t handlers[] = {
    SIG_DFL, SIG_IGN, on_signal, (sighandler_t)on_siginfo,
  };

  memset(a, 0, sizeof(*a));
  a->sa_handler = PICK(handlers);
  a->sa_flags = one_in(8) ? rnd64() : (unsigned int)pick_flags(valid, NELEM(valid));
  a->sa_mask.sig[0] = pick_mask();
  if(!is_live(sig))
    return;
  if(!(SIGMASK(sig) & DFL_IGNORES)){
    if(a->sa_handler == SIG_DFL)
      a->sa_handler = on_signal;
    a->sa_flags &= ~(unsigned long)SA_RESETHAND;
  }
  if(sig == SIGCHLD && depth == 0){
    if(a->sa_handler == SIG_IGN)
      a->sa_handler = on_signal;
    a->sa_flags &= ~(unsigned long)SA_NOCLDWAIT;
  }
}

// The handler of the fuzzer's that sig, sent to this process now, must
// run before the send returns (it is not blocked), or 0.
static sighandler_t
runs_handler(int sig)
{
  struct sigaction a;

  if(sig < 1 || sig > NSIG || (blocked_now() & SIGMASK(sig)))
    return 0;
  if(rt_sigaction(sig, 0, &a, sizeof(sigset_t)) < 0 || !ours(a.sa_handler))
    return 0;
  return a.sa_handler;
}

// After a send of sig to this process that succeeded: the handler h
// (runs_handler's) has run; on_siginfo saw the send's si_code (unless
// the kernel may have sent sig meanwhile too: SIGALRM, SIGCHLD).
static void
check_delivered(int sig, sighandler_t h, int before, int code)
{
  if(h == 0)
    return;
  if(caught[sig] == before)
    bad("= 0, but the handler of signal %d has not run", sig);
  if(h == (sighandler_t)on_siginfo && sig != SIGALRM && sig != SIGCHLD &&
     last_code[sig] != code)
    bad("= 0, but the handler saw si_code %d, not %d", last_code[sig], code);
}

// Is the alternate stack ss (as sigaltstack reports it) one a handler
// may run on: none; in altstack[], with room for nested frames; or one
// the process is on already (SS_ONSTACK: it spans the stack, from far
// below), where frames go on the stack as they would without it.
static int
altstack_safe(const stack_t *ss)
{
  uintptr_t lo = (uintptr_t)altstack, sp = ss->ss_sp, here = (uintptr_t)&lo;

  if(ss->ss_flags & SS_DISABLE)
    return 1;
  if(ss->ss_flags & SS_ONSTACK)
    return here - sp > (1UL << 20);
  return sp >= lo && ss->ss_size >= ALTSTACK_MIN &&
         ss->ss_size <= sizeof(altstack) && sp - lo <= sizeof(altstack) - ss->ss_size;
}

// A mask argument for the p-calls: mostly none; else a mask (pick_mask)
// or a bad pointer. *given says whether there is one, *unreadable
// whether the kernel cannot read it (then the call must fail, EFAULT).
static void *
pick_sigmask(int *given, int *unreadable)
{
  static sigset_t mask;
  struct ptr p;

  *given = *unreadable = 0;
  if(!one_in(8))
    return 0;
  mask.sig[0] = pick_mask();
  p = one_in(2) ? bad_ptr() : (struct ptr){ (uintptr_t)&mask, 8, 8 };
  *given = p.p != 0;
  *unreadable = *given && p.readable < (long)sizeof(mask);
  return (void *)p.p;
}

// After a p-call given a mask: the mask is back as it was, whether or
// not a handler ran meanwhile (its frame held the old mask).
static void
check_mask_back(uint64_t before)
{
  uint64_t now = blocked_now();

  if(now != before)
    bad("the mask is %#lx after the call, not %#lx as before",
        (unsigned long)now, (unsigned long)before);
}

/* ---- a fuzzing process: forking ------------------------------------------- */

static void
kid_add(int pid)
{
  if(nkids < MAXKIDS)
    kids[nkids++] = pid;
  else
    kill(pid, SIGKILL);           // no room to track it: it must go
}

static void
kid_reaped(int pid)
{
  int i;

  for(i = 0; i < nkids; i++)
    if(kids[i] == pid)
      kids[i] = kids[--nkids];
}

// Waits until pid is reaped (it has been killed, so it ends). A handler
// of SIGCHLD may cut a wait short (EINTR): then it waits again.
static void
reap(int pid)
{
  int r;

  while((r = waitpid(-1, 0, __WALL)) != pid && (r >= 0 || errno == EINTR))
    if(r > 0)
      kid_reaped(r);
  kid_reaped(pid);
}

// The start of every process a fuzzing process forks.
static void
became_child(int newdepth)
{
  depth = newdepth;
  parent_pid = mypid;
  mypid = getpid();
  nkids = 0;
  record("P%d", mypid);
}

// For a call that may block for good: forks a doomed grandchild that
// makes it. Returns 1 in the grandchild, which makes the call and
// exits; 0 in the caller, once the grandchild has had a few ms and has
// been killed and reaped (or when fork failed).
static int
doomed(void)
{
  int pid;

  if(depth >= 2)
    return 0;
  pid = fork();
  if(pid == 0){
    became_child(2);
    return 1;
  }
  if(pid < 0)
    return 0;
  nap(rnd(3));
  kill(pid, SIGKILL);
  reap(pid);
  return 0;
}

/* ---- the calls ------------------------------------------------------------ */

static void run_calls(long n);

// read(2). A positive count is data copied out: never into a pointer
// with no room, never more than the room. A signalfd gives whole
// 128-byte records only.
static void
fz_read(void)
{
  int fd = pick_fd();
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
  long n = pick_count(in_buf(p.p) ? p.room : 0);
  long r;

  if(fd_kind(fd) == K_EVENTFD && p.room >= 8 && one_in(2))
    n = 8;
  if(fd_kind(fd) == K_SIGNALFD && p.room >= 128 && one_in(2))
    n = 128 * (1 + rnd(p.room / 128 < 4 ? p.room / 128 : 4));
  if(rw_waits(fd, n) && !doomed())
    return;
  call("read(%d, %p, %ld)", fd, (void *)p.p, n);
  r = ret(read(fd, (void *)p.p, n));
  if(r > 0 && r > p.room)
    bad("= %ld: more than the %ld bytes of room", r, p.room);
  if(r > n && n >= 0)
    bad("= %ld: more than asked for", r);
  if(r > 0 && fd_kind(fd) == K_SIGNALFD && r % sizeof(struct signalfd_siginfo))
    bad("= %ld: not whole signalfd records", r);
  if(depth == 2)
    exit(0);
}

// The eventfd values worth writing: 1, 0 (no change), the maximum and
// one past it (EINVAL), a large one that fills the counter.
static struct ptr
eventfd_value(void)
{
  static const uint64_t vals[] = {
    1, 1, 2, 0, 0xfffffffffffffffeULL, 0xffffffffffffffffULL, 1ULL << 62,
  };
  struct ptr p;

  values[0] = PICK(vals);
  p.p = (uintptr_t)values;
  p.room = p.readable = 8;
  return p;
}

// What a send of n bytes costs in kernel memory, roughly: a message
// holds whole pages, and a stream send is pieces of at most half the
// send buffer (2304 bytes and up), each a message.
static long
sock_cost(long n)
{
  return 2 * n + PGSIZE;
}

// May a send of n bytes from a buffer of which readable bytes can be
// read go, within SOCK_BUDGET? What succeeds is charged (sock_cost).
static int
sock_affords(long n, long readable)
{
  unsigned long bytes = (unsigned long)n < (unsigned long)readable ? n : readable;

  return sock_bytes + sock_cost(bytes) <= SOCK_BUDGET;
}

// write(2), with budgets for files, sockets and the console.
static void
fz_write(void)
{
  int fd = pick_fd();
  enum kind k = fd_kind(fd);
  struct ptr p;
  long n, r;

  if(k == K_EVENTFD && one_in(2)){
    p = eventfd_value();
    n = one_in(4) ? pick_size() : 8;
  } else {
    p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
    n = pick_count(in_buf(p.p) ? p.readable : 0);
  }
  if(k == K_FILE && p.readable > 0 &&
     ((unsigned long)n > 4096 || file_bytes + n > FILE_BUDGET))
    n = rnd(2) * (file_bytes < FILE_BUDGET);
  if((k == K_CONSOLE || k == K_UNKNOWN) && p.readable > 0){
    // Maybe the console (an fd closed or unknown might be one): at most
    // a dot.
    n = console_bytes < CONSOLE_BUDGET ? rnd(2) : 0;
    console_bytes += n;
    p.p = (uintptr_t)".";
    p.readable = 1;
  }
  if(k == K_SOCKET && !sock_affords(n, p.readable))
    return;
  if(rw_waits(fd, n) && !doomed())
    return;
  call("write(%d, %p, %ld)", fd, (void *)p.p, n);
  r = ret(write(fd, (void *)p.p, n));
  if(r > 0 && r > p.readable)
    bad("= %ld: more than the %ld readable bytes", r, p.readable);
  if(r > n && n >= 0)
    bad("= %ld: more than asked for", r);
  if(r > 0 && k == K_FILE)
    file_bytes += r;
  if(r >= 0 && k == K_SOCKET)
    sock_bytes += sock_cost(r);
  if(depth == 2)
    exit(0);
}

static void
fz_close(void)
{
  int fd = pick_fd();

  if(protected(fd))
    return;
  call("close(%d)", fd);
  if(ret(close(fd)) == 0)
    fd_drop(fd);
}

// A new fd is below NOFILE and below the soft RLIMIT_NOFILE, which only
// this process changes (fz_prlimit64).
static void
check_newfd(long r)
{
  struct rlimit rl;

  if(r >= NOFILE || r < -1)
    bad("= %ld: not an fd", r);
  if(r >= 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0 && (uint64_t)r >= rl.rlim_cur)
    bad("= %ld: at or above RLIMIT_NOFILE, %lu", r, (unsigned long)rl.rlim_cur);
}

static void
fz_dup(void)
{
  int fd = pick_fd();
  long r;

  call("dup(%d)", fd);
  r = ret(dup(fd));
  check_newfd(r);
  if(r >= 0)
    fd_set_desc(r, fd_desc(fd) ? fddesc[fd] : 0);
}

static void
fz_dup3(void)
{
  static const int valid[] = { O_CLOEXEC };
  int fd = pick_fd(), nfd = pick_newfd(), flags = pick_flags(valid, 1);
  long r;

  if(protected(nfd))
    return;
  call("dup3(%d, %d, %#x)", fd, nfd, flags);
  r = ret(dup3(fd, nfd, flags));
  check_newfd(r);
  if(r >= 0 && r != nfd)
    bad("= %ld: not the fd asked for", r);
  if(r >= 0)
    fd_set_desc(r, fd_desc(fd) ? fddesc[fd] : 0);
}

static void
fz_fcntl(void)
{
  static const int cmds[] = {
    F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_SETFL, 5, F_DUPFD_CLOEXEC,
    -1,
  };
  static const long args[] = {
    0, 1, 3, 100, 4095, 4096, -1, INT_MAX, O_NONBLOCK, O_NONBLOCK | O_RDWR,
    FD_CLOEXEC,
  };
  int fd = pick_fd(), cmd = PICK(cmds);
  long arg = one_in(8) ? (long)rnd64() : PICK(args), r;

  // A forked child shares its parent's open files: were it to clear
  // O_NONBLOCK, the parent's next read would block for good. So may a
  // shared desc (see struct desc) another desc of this process's.
  if((depth > 0 || (fd_desc(fd) && fd_desc(fd)->shared)) && cmd == F_SETFL)
    arg |= O_NONBLOCK;
  call("fcntl(%d, %d, %#lx)", fd, cmd, arg);
  r = ret(fcntl(fd, cmd, arg));
  if((cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && r >= 0){
    check_newfd(r);
    if(r < arg)
      bad("= %ld: below the minimum %ld", r, arg);
    fd_set_desc(r, fd_desc(fd) ? fddesc[fd] : 0);
  }
  if(cmd == F_SETFL && r == 0 && fd_desc(fd) && !fd_desc(fd)->shared)
    fd_desc(fd)->nonblock = (arg & O_NONBLOCK) != 0;
}

// pipe2(2): two fds written to user memory, so never with a pointer
// that has no room for them.
static void
fz_pipe2(void)
{
  static const int valid[] = { O_CLOEXEC, O_NONBLOCK };
  struct ptr p = pick_buf(pipefds, sizeof(pipefds), 8);
  int flags = pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : O_NONBLOCK);
  int fds[2], d;
  long r;

  if(nopen > 400)
    return;
  call("pipe2(%p, %#x)", (void *)p.p, flags);
  r = ret(pipe2((int *)p.p, flags));
  if(r != 0)
    return;
  if(p.room < 8)
    bad("= 0: two fds stored where only %ld bytes fit", p.room);
  memcpy(fds, (void *)p.p, sizeof(fds));
  check_newfd(fds[0]);
  check_newfd(fds[1]);
  if(fds[0] < 0 || fds[1] < 0 || fds[0] == fds[1])
    bad("= 0: fds %d and %d", fds[0], fds[1]);
  d = new_desc(K_PIPE_R, (flags & O_NONBLOCK) != 0);
  fd_set_desc(fds[0], d);
  d = new_desc(K_PIPE_W, (flags & O_NONBLOCK) != 0);
  fd_set_desc(fds[1], d);
}

static void
fz_eventfd2(void)
{
  static const unsigned int inits[] = { 0, 0, 1, 2, UINT_MAX };
  static const int valid[] = { EFD_NONBLOCK, EFD_SEMAPHORE,
                               EFD_CLOEXEC };
  unsigned int init = PICK(inits);
  int flags = pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : EFD_NONBLOCK);
  long r;

  if(nopen > 400)
    return;
  call("eventfd2(%u, %#x)", init, flags);
  r = ret(eventfd2(init, flags));
  check_newfd(r);
  if(r >= 0)
    fd_set_desc(r, new_desc(K_EVENTFD, (flags & EFD_NONBLOCK) != 0));
}

static void
fz_epoll_create1(void)
{
  static const int valid[] = { EPOLL_CLOEXEC };
  int flags = pick_flags(valid, 1);
  long r;

  if(nopen > 400)
    return;
  call("epoll_create1(%#x)", flags);
  r = ret(epoll_create1(flags));
  check_newfd(r);
  if(r >= 0)
    fd_set_desc(r, new_desc(K_EPOLL, 0));
}

// epoll_ctl(2): fds of every kind, epolls in epolls (loops must fail
// with ELOOP), every op, events of any bits.
static void
fz_epoll_ctl(void)
{
  static const int ops[] = {
    EPOLL_CTL_ADD, EPOLL_CTL_ADD, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL,
    0, 4, -1,
  };
  static const int valid[] = {
    EPOLLIN, EPOLLOUT, EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE, EPOLLRDHUP,
    EPOLLPRI, EPOLLWAKEUP, EPOLLHUP, EPOLLERR,
  };
  int ep = pick_fd_of(K_EPOLL), op = PICK(ops);
  int fd = one_in(3) ? pick_fd_of(K_EPOLL) : pick_fd();
  struct ptr p = pick_buf(evs, sizeof(evs), sizeof(struct epoll_event));
  long r;

  if(p.room >= (long)sizeof(struct epoll_event)){
    struct epoll_event ev;
    ev.events = pick_flags(valid, NELEM(valid));
    ev.data.u64 = rnd64();
    memcpy((void *)p.p, &ev, sizeof(ev));
  }
  call("epoll_ctl(%d, %d, %d, %p)", ep, op, fd, (void *)p.p);
  r = ret(epoll_ctl(ep, op, fd, (struct epoll_event *)p.p));
  if(r == 0 && (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) && p.readable <
     (long)sizeof(struct epoll_event))
    bad("= 0: the event read from a bad pointer");
}

// The checks of a call that reports ready fds in user memory: it cannot
// report more than fit in the room it had.
static void
check_reported(long r, struct ptr *p, long each)
{
  if(r > 0 && r * each > p->room)
    bad("= %ld: %ld bytes of results, but %ld bytes of room", r, r * each,
        p->room);
}

// epoll_pwait(2): any epoll or fd, room for some events or none, any
// timeout, and maybe a mask (whatever values[] holds). Linux takes the
// mask first: one of a size other than 8, or that it cannot read, must
// fail; any it takes is gone afterwards.
static void
fz_epoll_pwait(void)
{
  static const int maxes[] = { 0, 1, 4, 64, -1, INT_MAX, INT_MIN };
  static const unsigned long sigsizes[] = { 0, 8, 128, (unsigned long)-1 };
  int ep = pick_fd_of(K_EPOLL), max = PICK(maxes), t = pick_timeout();
  struct ptr p = pick_buf(evs, sizeof(evs), (long)max * 16);
  struct ptr sig = one_in(2) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(values, sizeof(values), 8);
  unsigned long sigsize = PICK(sigsizes);
  int refused = sig.p && (sigsize != 8 || sig.readable < 8);
  uint64_t before = blocked_now();
  long r;

  if(p.p == (uintptr_t)evs && (max < 0 || max > NELEM(evs)))
    max = NELEM(evs);             // all of them fit
  if(blocks_ms(t) && !refused && !doomed())
    return;
  call("epoll_pwait(%d, %p, %d, %d, %p, %lu)", ep, (void *)p.p, max, t,
       (void *)sig.p, sigsize);
  r = ret(epoll_pwait(ep, (struct epoll_event *)p.p, max, t,
                      (void *)sig.p, sigsize));
  check_reported(r, &p, sizeof(struct epoll_event));
  if(r > max && max >= 0)
    bad("= %ld: more than maxevents", r);
  if(r >= 0 && refused)
    bad("= %ld: a mask of size %lu at %p taken", r, sigsize, (void *)sig.p);
  check_mask_back(before);
  if(depth == 2)
    exit(0);
}

// ppoll(2), the system call: pollfds at good and bad addresses, any
// timeout, and maybe a mask: one it cannot take (a size other than 8, a
// bad pointer) must fail, and any it takes is gone afterwards.
static void
fz_ppoll(void)
{
  static const long counts[] = { 0, 1, 2, 3, 8, 64, 4096, 4097, 1L << 20,
                                 -1 };
  static const unsigned long sizes[] = { 8, 8, 0, 128, ULONG_MAX };
  long n = PICK(counts), i, r;
  struct ptr p = pick_buf(pfds, sizeof(pfds), n * sizeof(struct pollfd));
  struct pollfd *a = (struct pollfd *)p.p;
  struct timespec *t;
  unsigned long size = PICK(sizes);
  uint64_t before = blocked_now();
  void *mask;
  int blocks, masked, unreadable, refused;

  if(p.p == (uintptr_t)pfds && (n < 0 || n > NELEM(pfds)))
    n = NELEM(pfds);              // revents must land in pfds
  for(i = 0; (i + 1) * (long)sizeof(struct pollfd) <= p.room; i++){
    a[i].fd = one_in(8) ? -1 : pick_fd();
    a[i].events = one_in(4) ? (short)rnd64() : POLLIN | POLLOUT;
    a[i].revents = (short)rnd64();
  }
  t = pick_timespec(&blocks);
  mask = pick_sigmask(&masked, &unreadable);
  refused = masked && (size != 8 || unreadable);
  if(blocks && !refused && !doomed())
    return;
  call("ppoll(%p, %ld, %p, %p, %lu)", (void *)p.p, n, t, mask, size);
  r = ret(__sys_ppoll(a, n, t, mask, size));
  if(r >= 0 && refused)
    bad("= %ld: a mask of size %lu at %p taken", r, size, mask);
  if(r >= 0 && n > 0 && p.readable < (long)sizeof(struct pollfd))
    bad("= %ld: fds read from a bad pointer", r);
  if(r > n && n >= 0)
    bad("= %ld: more than nfds", r);
  check_mask_back(before);
  if(depth == 2)
    exit(0);
}

// pselect6(2): sets in the right place for nfds (at the heap's top when
// nfds is past FD_SETSIZE), NULL, or bad; timeouts valid, invalid, huge;
// the mask's { pointer, size } pair absent, empty, with a mask, or bad.
// A mask it cannot take (a size other than 8, a bad pointer) must fail,
// and any it takes is gone afterwards.
static void
fz_pselect6(void)
{
  static const int nfdss[] = { 0, 1, 3, 8, 64, 1024, 1025, 4096, INT_MAX, -1 };
  static const unsigned long sizes[] = { 8, 8, 8, 0, 7, 16, ULONG_MAX };
  static struct { void *mask; unsigned long size; } pack;
  int nfds = PICK(nfdss), i, hostile = 0, blocks, masked, unreadable;
  int refused = 0;
  uint64_t before = blocked_now();
  fd_set *s[3];
  struct ptr p;
  struct timespec *t;
  void *sig = 0;
  long r;

  for(i = 0; i < 3; i++){
    if(one_in(3)){
      s[i] = 0;
      continue;
    }
    if(one_in(5)){
      p = bad_ptr();
      hostile = p.p != 0;         // NULL is no set, not a bad one
    } else if(nfds > FD_SETSIZE || nfds < 0 || one_in(4)){
      p.p = top() - (3 - i) * 512;
    } else {
      p.p = (uintptr_t)&sets[i];
      memset(&sets[i], 0, sizeof(sets[i]));
      sets[i].fds_bits[0] = rnd64();
      if(nopen > 0)
        FD_SET(openfds[rnd(nopen)] % FD_SETSIZE, &sets[i]);
    }
    s[i] = (fd_set *)p.p;
  }
  t = pick_timespec(&blocks);
  if(one_in(8)){
    pack.mask = pick_sigmask(&masked, &unreadable);
    pack.size = PICK(sizes);
    refused = masked && (pack.size != 8 || unreadable);
    sig = &pack;
  } else if(one_in(20)){
    p = bad_ptr();
    sig = (void *)p.p;
    refused = p.p != 0 && p.readable == 0;  // EFAULT; junk may be a mask
    blocks |= p.readable > 0;
  }
  if(blocks && !refused && !doomed())
    return;
  call("pselect6(%d, %p, %p, %p, %p, %p)", nfds, s[0], s[1], s[2], t, sig);
  r = ret(pselect6(nfds, s[0], s[1], s[2], t, sig));
  if(r >= 0 && nfds > 0 && hostile)
    bad("= %ld: a set read or written at a bad pointer", r);
  if(r >= 0 && refused)
    bad("= %ld: a mask it cannot take taken", r);
  check_mask_back(before);
  if(depth == 2)
    exit(0);
}

// ioctl(2): TICKER_SET on ticker files (periods of a few ms, or absurd),
// and any request on anything.
static void
fz_ioctl(void)
{
  // No terminal requests (fz_tty_ioctl's): on a console fd they write
  // more than treq holds, over this process's own variables.
  static const unsigned long reqs[] = {
    TICKER_SET, TICKER_SET, TICKER_SET, 0, 1, TICKER_SET + 1, 0x5400,
    (unsigned long)-1,
  };
  static const uint32_t periods[] = { 1, 2, 3, 5, 0, 60001, UINT_MAX, 60000 };
  int fd = pick_fd_of(K_TICKER);
  unsigned long req = PICK(reqs);
  struct ptr p = pick_buf(&treq, sizeof(treq), sizeof(treq));
  long r;

  treq.efd = pick_fd_of(K_EVENTFD);
  treq.period_ms = PICK(periods);
  if(p.room >= (long)sizeof(treq))
    memcpy((void *)p.p, &treq, sizeof(treq));
  call("ioctl(%d, %#lx, %p)", fd, req, (void *)p.p);
  r = ret(ioctl(fd, req, (void *)p.p));
  if(r == 0 && req == TICKER_SET && p.readable < (long)sizeof(treq))
    bad("= 0: the request read from a bad pointer");
}

static void
fz_chdir(void)
{
  const char *path = path_arg(any_path());

  call("chdir(%s)", quote(path));
  ret(chdir(path));
}

// A dirfd for a *at call: the cwd, a directory, or any fd at all (a
// file, a pipe, a closed, negative or huge one).
static int
pick_dirfd(void)
{
  switch(rnd(4)){
  case 0:
    return AT_FDCWD;
  case 1:
    return pick_fd_of(K_DIR);
  default:
    return pick_fd();
  }
}

// May a *at call that writes get fd as its dirfd with a relative name?
// Only if the name then stays under the scratch directory (fd is a
// directory opened there) or cannot be looked up at all (fd is closed,
// or no directory). Not AT_FDCWD: chdir may have gone anywhere.
static int
safe_dirfd(int fd)
{
  struct desc *d = fd_desc(fd);

  if(fd == AT_FDCWD)
    return 0;
  if(d == 0)
    return 1;
  if(d->kind == K_DIR)
    return d->scratch;
  return d->kind != K_UNKNOWN;
}

/*
 * A dirfd (in *dirfd) and a path for a *at call. A call that writes gets
 * a name under the scratch directory: relative if the dirfd keeps it
 * there (safe_dirfd), else absolute, which the dirfd must not change; so
 * does a call that only reads, most of the time, or else any path at
 * all. *inscratch says whether the path, if it resolves, is under the
 * scratch directory. The pointer may be bad (path_arg).
 */
static const char *
pick_at(int writes, int *dirfd, int *inscratch)
{
  *dirfd = pick_dirfd();
  *inscratch = 1;
  if(!writes && one_in(3)){
    *inscratch = 0;
    return path_arg(any_path());
  }
  if(!safe_dirfd(*dirfd) || one_in(4))
    return path_arg(scratch_path());
  return path_arg(scratch_name());
}

// openat(2): any flags under the scratch directory, read-only elsewhere.
// A directory opened under it may be the dirfd of writing calls.
static void
fz_openat(void)
{
  static const int valid[] = {
    O_WRONLY, O_RDWR, O_CREAT, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK,
    O_DIRECTORY, O_CLOEXEC,
  };
  static const int readonly[] = { O_NONBLOCK, O_DIRECTORY, O_CLOEXEC };
  int dirfd, inscratch, flags, d;
  const char *path = pick_at(!one_in(4), &dirfd, &inscratch);
  long r;

  if(nopen > 400)
    return;
  if(inscratch)
    flags = pick_flags(valid, NELEM(valid));
  else
    flags = pick_flags(readonly, NELEM(readonly)) & ~(O_ACCMODE | O_CREAT |
                                                        O_TRUNC | O_APPEND);
  call("openat(%d, %s, %#x)", dirfd, quote(path), flags);
  r = ret(openat(dirfd, path, flags, 0644));
  check_newfd(r);
  if(r < 0)
    return;
  d = new_desc(stat_kind(r), (flags & O_NONBLOCK) != 0);
  descs[d].scratch = inscratch;
  fd_set_desc(r, d);
}

static void
fz_mkdirat(void)
{
  int dirfd, inscratch;
  const char *path = pick_at(1, &dirfd, &inscratch);

  call("mkdirat(%d, %s)", dirfd, quote(path));
  ret(mkdirat(dirfd, path, 0755));
}

// mknodat(2): devices nudge has (the ticker, the console), majors it
// has not, and every file type, valid or not.
static void
fz_mknodat(void)
{
  static const mode_t types[] = {
    0, S_IFREG, S_IFCHR, S_IFCHR, S_IFCHR, S_IFDIR, S_IFIFO, S_IFBLK,
    S_IFSOCK, S_IFLNK, 0030000, S_IFMT,
  };
  static const int majors[] = { TICKER, TICKER, CONSOLE, 0, 3, 0xfff };
  int dirfd, inscratch;
  const char *path = pick_at(1, &dirfd, &inscratch);
  mode_t mode = one_in(8) ? (mode_t)rnd64() : PICK(types) | 0644;
  dev_t dev = one_in(8) ? rnd64() : makedev(PICK(majors), rnd(2));

  call("mknodat(%d, %s, %#o, %#lx)", dirfd, quote(path), mode,
       (unsigned long)dev);
  ret(mknodat(dirfd, path, mode, dev));
}

static void
fz_unlinkat(void)
{
  static const int valid[] = { AT_REMOVEDIR };
  int dirfd, inscratch, flags = pick_flags(valid, 1);
  const char *path = pick_at(1, &dirfd, &inscratch);

  call("unlinkat(%d, %s, %#x)", dirfd, quote(path), flags);
  ret(unlinkat(dirfd, path, flags));
}

// linkat(2): any file, or with AT_EMPTY_PATH any fd's, gets a new name
// under the scratch directory.
static void
fz_linkat(void)
{
  static const int valid[] = { AT_SYMLINK_FOLLOW, AT_EMPTY_PATH };
  int olddirfd, newdirfd, inscratch, flags = pick_flags(valid, 2);
  const char *old = pick_at(0, &olddirfd, &inscratch);
  const char *new = pick_at(1, &newdirfd, &inscratch);

  if((flags & AT_EMPTY_PATH) && one_in(2))
    old = "";
  call("linkat(%d, %s, %d, %s, %#x)", olddirfd, quote(old), newdirfd,
       quote(new), flags);
  ret(linkat(olddirfd, old, newdirfd, new, flags));
}

// A stat that says fd is not what it is, or ""; the kinds whose type
// bits are known: Linux's, also for pipes (S_IFIFO) and anonymous
// inodes (no type).
static const char *
stat_mismatch(int fd, const struct stat *s)
{
  static const uint32_t types[] = {
    [K_PIPE_R] = S_IFIFO, [K_PIPE_W] = S_IFIFO, [K_EVENTFD] = 0,
    [K_EPOLL] = 0, [K_FILE] = S_IFREG, [K_DIR] = S_IFDIR,
    [K_CONSOLE] = S_IFCHR, [K_TICKER] = S_IFCHR, [K_SIGNALFD] = 0,
    [K_SOCKET] = S_IFSOCK,
  };
  enum kind k = fd_kind(fd);

  if(k == K_UNKNOWN || (s->st_mode & S_IFMT) == types[k])
    return "";
  return "a file type that is not the fd's";
}

// The checks after a call that filled the stat buffer p: success only
// with room for all 128 bytes, and for an fd >= 0 (fstat, AT_EMPTY_PATH)
// the type of the fd's kind.
static void
check_stat(long r, struct ptr *p, int fd)
{
  const char *why;

  if(r != 0)
    return;
  if(p->room < (long)sizeof(st))
    bad("= 0: the stat written to a bad pointer");
  if(fd >= 0 && *(why = stat_mismatch(fd, (struct stat *)p->p)))
    bad("= 0: st_mode %#o, %s", ((struct stat *)p->p)->st_mode, why);
}

static void
fz_fstat(void)
{
  int fd = pick_fd();
  struct ptr p = pick_buf(&st, sizeof(st), sizeof(st));
  long r;

  call("fstat(%d, %p)", fd, (void *)p.p);
  r = ret(fstat(fd, (struct stat *)p.p));
  check_stat(r, &p, fd);
}

// newfstatat(2): any path from any dirfd, and with AT_EMPTY_PATH often
// the dirfd's own file ("" or NULL).
static void
fz_newfstatat(void)
{
  static const int valid[] = {
    AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_EMPTY_PATH,
    AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC,
  };
  struct ptr p = pick_buf(&st, sizeof(st), sizeof(st));
  int dirfd, inscratch, flags = pick_flags(valid, NELEM(valid)), self = -1;
  const char *path = pick_at(0, &dirfd, &inscratch);
  long r;

  if((flags & AT_EMPTY_PATH) && one_in(2)){
    path = one_in(3) ? 0 : "";
    self = dirfd;       // AT_FDCWD (negative): the cwd, of no known kind
  }
  call("newfstatat(%d, %s, %p, %#x)", dirfd, quote(path), (void *)p.p,
       flags);
  r = ret(newfstatat(dirfd, path, (struct stat *)p.p, flags));
  check_stat(r, &p, self);
}

/* ---- positions, vectors, directories ------------------------------------ */

// A file position: small, past a file's end, at nudge's largest file,
// huge or negative.
static long
pick_offset(void)
{
  static const long offs[] = {
    0, 0, 1, 5, 1023, 1024, 4096, 70000, (11L + 256 + 65536) * 1024,
    1L << 40, LONG_MAX, -1, LONG_MIN,
  };

  return PICK(offs);
}

// lseek(2): every whence, valid or not, on any fd.
static void
fz_lseek(void)
{
  int fd = pick_fd(), whence = one_in(8) ? (int)rnd64() : (int)rnd(6);
  long off = pick_offset();

  call("lseek(%d, %ld, %d)", fd, off, whence);
  ret(lseek(fd, off, whence));
}

// A write's count cut to the budgets: files get at most what is left of
// FILE_BUDGET; the console (or what may be it) nothing, nor a socket
// past SOCK_BUDGET, so 0 means "do not call".
static long
write_budget(enum kind k, long n, long readable)
{
  if(k == K_CONSOLE || k == K_UNKNOWN)
    return 0;
  if(k == K_SOCKET && !sock_affords(n, readable))
    return 0;
  if(k == K_FILE && readable > 0 &&
     ((unsigned long)n > 4096 || file_bytes + n > FILE_BUDGET))
    return file_bytes < FILE_BUDGET;
  return n;
}

// pread64(2), pwrite64(2): read's and write's buffers at any offset.
static void
fz_prw(int write)
{
  int fd = pick_fd();
  enum kind k = fd_kind(fd);
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
  long n = pick_count(in_buf(p.p) ? p.room : 0), off = pick_offset(), r;

  if(write && (n = write_budget(k, n, p.readable)) == 0)
    return;
  call("%s(%d, %p, %ld, %ld)", write ? "pwrite64" : "pread64", fd,
       (void *)p.p, n, off);
  r = ret(write ? pwrite(fd, (void *)p.p, n, off) :
                  pread(fd, (void *)p.p, n, off));
  if(r > (write ? p.readable : p.room) && r > 0)
    bad("= %ld: more than the buffer's %ld bytes", r,
        write ? p.readable : p.room);
  if(r > 0 && write && k == K_FILE)
    file_bytes += r;
}

static void
fz_pread64(void)
{
  fz_prw(0);
}

static void
fz_pwrite64(void)
{
  fz_prw(1);
}

/*
 * readv(2), writev(2): up to 8 segments of read's and write's buffers,
 * then empty ones up to the count asked (which may be IOV_MAX, one more,
 * or negative). The array itself is iovs or memory that cannot be read:
 * never readable junk, whose bases readv would write through.
 */
static void
fz_rwv(int write)
{
  static const long counts[] = { 0, 1, 2, 3, 8, IOV_MAX, IOV_MAX + 1, -1 };
  static const uintptr_t unreadable[] = { 0, KERNBASE, TRAPFRAME, KHIGH };
  static struct iovec iovs[IOV_MAX + 1];
  int fd = pick_fd(), i;
  enum kind k = fd_kind(fd);
  long cnt = PICK(counts), total = 0, room = 0, r;
  uintptr_t arr = one_in(8) ? PICK(unreadable) : (uintptr_t)iovs;
  struct ptr p;

  for(i = 0; i < IOV_MAX + 1; i++){
    if(i < 8 && i < cnt){
      p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
      iovs[i].iov_base = (void *)p.p;
      iovs[i].iov_len = pick_count(in_buf(p.p) ? p.room : 0);
      if(write && (iovs[i].iov_len = write_budget(k, iovs[i].iov_len,
                                                  p.readable)) == 0)
        return;
      total += iovs[i].iov_len;
      room += write ? p.readable : p.room;
    } else {
      iovs[i] = (struct iovec){ buf, 0 };
    }
  }
  if(write && k == K_FILE && file_bytes + total > FILE_BUDGET)
    return;
  if(write && k == K_SOCKET && !sock_affords(total, room))
    return;
  if(rw_waits(fd, total) && !doomed())
    return;
  call("%s(%d, %p, %ld)", write ? "writev" : "readv", fd, (void *)arr, cnt);
  r = ret(write ? writev(fd, (struct iovec *)arr, cnt) :
                  readv(fd, (struct iovec *)arr, cnt));
  if(r > 0 && (r > room || (total >= 0 && r > total)))
    bad("= %ld: more than the segments' %ld bytes of room", r, room);
  if(r > 0 && write && k == K_FILE)
    file_bytes += r;
  if(r >= 0 && write && k == K_SOCKET)
    sock_bytes += sock_cost(r);
  if(depth == 2)
    exit(0);
}

static void
fz_readv(void)
{
  fz_rwv(0);
}

static void
fz_writev(void)
{
  fz_rwv(1);
}

// getdents64(2) on any fd: never more than the room or the count.
static void
fz_getdents64(void)
{
  int fd = pick_fd();
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
  long n = pick_count(in_buf(p.p) ? p.room : 0), r;

  call("getdents64(%d, %p, %ld)", fd, (void *)p.p, n);
  r = ret(getdents64(fd, (void *)p.p, n));
  if(r > 0 && (r > p.room || (unsigned int)r > (unsigned int)n))
    bad("= %ld: more than the %ld bytes of room", r, p.room);
}

// getcwd(2), the system call: the length it returns must have fitted.
static void
fz_getcwd(void)
{
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(256));
  long n = pick_count(in_buf(p.p) ? p.room : 0), r;

  call("getcwd(%p, %ld)", (void *)p.p, n);
  r = ret(__sys_getcwd((char *)p.p, n));
  if(r > 0 && (r > p.room || (unsigned long)r > (unsigned long)n))
    bad("= %ld: more than the %ld bytes of room", r, p.room);
}

static void
fz_faccessat(void)
{
  int dirfd, inscratch, mode = one_in(8) ? (int)rnd64() : (int)rnd(8);
  const char *path = pick_at(0, &dirfd, &inscratch);

  call("faccessat(%d, %s, %d)", dirfd, quote(path), mode);
  ret(__sys_faccessat(dirfd, path, mode));
}

// readlinkat(2): there are no links, so it never succeeds.
static void
fz_readlinkat(void)
{
  int dirfd, inscratch;
  const char *path = pick_at(0, &dirfd, &inscratch);
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(64));
  long n = pick_count(in_buf(p.p) ? p.room : 0);

  call("readlinkat(%d, %s, %p, %ld)", dirfd, quote(path), (void *)p.p, n);
  if(ret(readlinkat(dirfd, path, (char *)p.p, n)) >= 0)
    bad("succeeded: there are no symbolic links");
}

static void
fz_umask(void)
{
  unsigned int mask = one_in(4) ? (unsigned int)rnd64() : 022;

  call("umask(%#o)", mask);
  ret(umask(mask));
}

// nanosleep(2): short, invalid, or (doomed) endless.
static void
fz_nanosleep(void)
{
  static const struct timespec shorts[] = {
    { 0, 0 }, { 0, 1000 }, { 0, 1000000 }, { 0, 3000000 }, { 0, -1 },
    { -1, 0 }, { 0, 1000000000 }, { LONG_MIN, 0 },
  };
  static const struct timespec longs[] = {
    { LONG_MAX, 999999999 }, { 1844674407370L, 0 }, { 3600, 0 },
  };
  struct ptr req = pick_buf(&tss[0], sizeof(tss[0]), sizeof(tss[0]));
  struct ptr rem = one_in(2) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(&tss[1], sizeof(tss[1]), sizeof(tss[1]));
  struct timespec ts = rare() ? PICK(longs) : PICK(shorts);
  long r;

  if(req.room >= (long)sizeof(ts))
    memcpy((void *)req.p, &ts, sizeof(ts));
  // Read-only memory says whatever it says: maybe for ever.
  if(req.readable >= (long)sizeof(ts) && (req.room < (long)sizeof(ts) ||
     (ts.tv_sec > 0 && ts.tv_nsec >= 0)) && !doomed())
    return;
  call("nanosleep(%p, %p)", (void *)req.p, (void *)rem.p);
  r = ret(nanosleep((struct timespec *)req.p, (struct timespec *)rem.p));
  if(r == 0 && req.readable < (long)sizeof(ts))
    bad("= 0: slept as a bad pointer said");
  if(depth == 2)
    exit(0);
}

// futex(2): every command, good and bad, private or not, on a word of
// the fuzzer's own or at a bad address, misaligned or not. A wait is for
// a value the word does not hold (EAGAIN), or has a short timeout, or
// (doomed) none at all; a wake or requeue finds at most waiters that are
// not there.
static void
fz_futex(void)
{
  static const int cmds[] = {
    FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE,
    FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, 5 /* WAKE_OP */, 6 /* LOCK_PI */,
    13, -1,
  };
  static const int flags[] = {
    0, FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME,
    FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME,
  };
  static const uint32_t bitsets[] = { FUTEX_BITSET_MATCH_ANY, 0, 1, 0x80000000 };
  static const struct timespec times[] = {
    { 0, 1000000 }, { 0, 0 }, { 0, -1 }, { -1, 0 }, { 0, 1000000000 },
  };
  struct ptr w = one_in(4) ? bad_ptr() :
                 pick_buf(values, sizeof(values), sizeof(uint32_t));
  uintptr_t word = w.p + (rare() ? 1 : 0);
  int op = PICK(cmds) | PICK(flags);
  uint32_t val = (uint32_t)rnd64();
  struct timespec ts = PICK(times), *tp = &ts;
  long r;

  if(w.readable >= (long)sizeof(uint32_t) && word == w.p && one_in(2))
    val = *(uint32_t *)word + 1;        // not what it holds
  if((op & FUTEX_CMD_MASK) == FUTEX_WAIT || (op & FUTEX_CMD_MASK) == FUTEX_WAIT_BITSET){
    if(one_in(8)){
      tp = (struct timespec *)bad_ptr().p;
    } else if(one_in(8)){
      if(!doomed())
        return;
      tp = 0;           // the doomed grandchild may wait for good
    }
  } else {
    tp = (struct timespec *)(uintptr_t)rnd(4);    // a count, for requeue
  }
  call("futex(%p, %d, %u, %p, %p, %#x)", (void *)word, op, val, tp,
       (void *)w.p, PICK(bitsets));
  r = ret(futex((uint32_t *)word, op, val, tp, (uint32_t *)w.p, PICK(bitsets)));
  if(r > 0 && (op & FUTEX_CMD_MASK) != FUTEX_WAKE &&
     (op & FUTEX_CMD_MASK) != FUTEX_WAKE_BITSET &&
     (op & FUTEX_CMD_MASK) != FUTEX_REQUEUE && (op & FUTEX_CMD_MASK) != FUTEX_CMP_REQUEUE)
    bad("= %ld for a wait", r);
  if(depth == 2)
    exit(0);
}

static void
fz_clock_gettime(void)
{
  static const int clks[] = {
    CLOCK_MONOTONIC, CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME,
    CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, 2, 3, 8, -1,
  };
  static struct timespec lasts[8];    // each clock's last answer
  int clk = PICK(clks);
  struct timespec last;
  struct ptr p = pick_buf(&tss[0], sizeof(tss[0]), sizeof(tss[0]));
  struct timespec now;
  long r;

  call("clock_gettime(%d, %p)", clk, (void *)p.p);
  r = ret(clock_gettime(clk, (struct timespec *)p.p));
  if(r != 0)
    return;
  if(p.room < (long)sizeof(now))
    bad("= 0: the time written to a bad pointer");
  if(clk < 0 || clk >= NELEM(lasts))
    bad("= 0 for clock %d", clk);
  last = lasts[clk];
  memcpy(&now, (void *)p.p, sizeof(now));
  if(now.tv_nsec < 0 || now.tv_nsec >= 1000000000 ||
     now.tv_sec < last.tv_sec ||
     (now.tv_sec == last.tv_sec && now.tv_nsec < last.tv_nsec))
    bad("= 0: {%ld, %ld} after {%ld, %ld}", (long)now.tv_sec,
        (long)now.tv_nsec, (long)last.tv_sec, (long)last.tv_nsec);
  lasts[clk] = now;
}

// clock_getres(2): the clocks clock_gettime knows give 100 ns.
static void
fz_clock_getres(void)
{
  static const int clks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, 2, 9, -1 };
  int clk = PICK(clks);
  struct ptr p = one_in(4) ? (struct ptr){ 0, 0, 0 } :
                 pick_buf(&tss[0], sizeof(tss[0]), sizeof(tss[0]));
  long r;

  call("clock_getres(%d, %p)", clk, (void *)p.p);
  r = ret(clock_getres(clk, (struct timespec *)p.p));
  if(p.p != 0)
    expect_room(r == 0, p, sizeof(struct timespec), "the resolution");
  if(r == 0 && (clk == 2 || clk == 9 || clk < 0))
    bad("= 0 for clock %d, which nudge does not have", clk);
}

// gettimeofday(2): either pointer may be NULL, good or bad.
static void
fz_gettimeofday(void)
{
  static struct timeval tv;
  static struct timezone tz;
  struct ptr t = one_in(4) ? (struct ptr){ 0, 0, 0 } :
                 pick_buf(&tv, sizeof(tv), sizeof(tv));
  struct ptr z = one_in(2) ? (struct ptr){ 0, 0, 0 } :
                 pick_buf(&tz, sizeof(tz), sizeof(tz));
  long r;

  call("gettimeofday(%p, %p)", (void *)t.p, (void *)z.p);
  r = ret(gettimeofday((struct timeval *)t.p, (struct timezone *)z.p));
  if(r == 0 && ((t.p && t.room < (long)sizeof(tv)) ||
                (z.p && z.room < (long)sizeof(tz))))
    bad("= 0: written to a bad pointer");
}

// clock_nanosleep(2): short, invalid, in the past, or (doomed) endless;
// relative or TIMER_ABSTIME; on good and bad clocks.
static void
fz_clock_nanosleep(void)
{
  static const int clks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME,
                              2, -1 };
  static const struct timespec shorts[] = {
    { 0, 0 }, { 0, 1000000 }, { 0, -1 }, { 1, 0 }, { 0, 1000000000 },
  };
  static const struct timespec longs[] = { { 3600, 0 }, { LONG_MAX, 0 } };
  int clk = PICK(clks), flags = one_in(2) ? TIMER_ABSTIME : (int)rnd(4);
  struct ptr req = pick_buf(&tss[0], sizeof(tss[0]), sizeof(tss[0]));
  struct ptr rem = one_in(2) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(&tss[1], sizeof(tss[1]), sizeof(tss[1]));
  struct timespec ts = rare() ? PICK(longs) : PICK(shorts);
  int blocks;
  long r;

  // Relative: { 1, 0 } and the longs block. Absolute: only the longs do,
  // a second since the clock's zero being long past.
  blocks = (flags & TIMER_ABSTIME) ? ts.tv_sec >= 3600 :
           ts.tv_sec > 0 && ts.tv_nsec >= 0;
  if(req.room >= (long)sizeof(ts))
    memcpy((void *)req.p, &ts, sizeof(ts));
  else
    blocks = req.readable >= (long)sizeof(ts);   // says whatever it says
  if(blocks && !doomed())
    return;
  call("clock_nanosleep(%d, %d, %p, %p)", clk, flags, (void *)req.p,
       (void *)rem.p);
  r = ret(__sys_clock_nanosleep(clk, flags, (struct timespec *)req.p,
                                (struct timespec *)rem.p));
  if(r == 0 && req.readable < (long)sizeof(ts))
    bad("= 0: slept as a bad pointer said");
  if(depth == 2)
    exit(0);
}

static void
fz_sched_yield(void)
{
  call("sched_yield()");
  if(ret(sched_yield()) != 0)
    bad("failed");
}

// The ids: one user, root; the thread id is the pid.
static void
fz_ids(void)
{
  long r[5];

  call("getuid() geteuid() getgid() getegid() gettid()");
  r[0] = ret(getuid());
  r[1] = ret(geteuid());
  r[2] = ret(getgid());
  r[3] = ret(getegid());
  r[4] = ret(gettid());
  if(r[0] | r[1] | r[2] | r[3])
    bad("= %ld %ld %ld %ld: not root", r[0], r[1], r[2], r[3]);
  if(r[4] != mypid)
    bad("gettid() = %ld, not the pid %d", r[4], mypid);
}

static void
fz_uptime(void)
{
  static long last;
  long r;

  call("uptime()");
  r = ret(uptime());
  if(r < last)
    bad("= %ld after %ld", r, last);
  last = r;
}

static void
fz_getpid(void)
{
  long r;

  call("getpid()");
  r = ret(getpid());
  if(r != mypid)
    bad("= %ld, but fork said %d", r, mypid);
}

// kill(2): pid 1 (which must survive, and say 0), this process's own
// children, a pid that cannot exist, any signal; and itself: rarely
// SIGKILL, as its last call, else one of live_sigs[], whose handler (if
// it has one and does not block the signal) runs before kill returns.
static void
fz_kill(void)
{
  static const int sigs[] = { SIGKILL, SIGTERM, 1, 64, 0, 0, 65, -1, INT_MAX };
  int sig = PICK(sigs), pid, before = 0;
  sighandler_t h = 0;
  long r;

  if(one_in(300) && depth == 0){
    // The end: tell the parent to expect death by a signal.
    sig = SIGKILL;
    record("E%d %ld", SIGKILL, ncalls);
    pid = mypid;
  } else if(one_in(8)){
    pid = mypid;
    sig = PICK(live_sigs);
    h = runs_handler(sig);
    before = caught[sig];
  } else if(nkids > 0 && one_in(2)){
    pid = kids[rnd(nkids)];
  } else {
    pid = one_in(3) ? INT_MAX : 1;
  }
  call("kill(%d, %d)", pid, sig);
  r = ret(kill(pid, sig));
  if(pid == 1 && sig >= 0 && sig <= 64 && r != 0)
    bad("= %s: init must take any signal and live", show(r, errno));
  if(pid == mypid && r == 0 && sig == SIGKILL){
    nap(1000);
    bad("= 0, but this process is still alive");
  }
  if(r == 0 && pid == mypid && sig != SIGKILL)
    check_delivered(sig, h, before, SI_USER);
}

// clone(2): mostly a fork, sometimes with another exit signal (a
// "clone child", which only wait4 with __WCLONE or __WALL sees) and the
// tid stores, at good or bad addresses; flags Linux refuses (a thread
// without CLONE_SIGHAND, CLONE_SIGHAND without CLONE_VM) or nudge does
// (CLONE_FS alone) must be EINVAL, and the upper 32 bits are ignored, as
// Linux's clone ignores them. (A CLONE_VM child on the caller's own
// stack would wreck it, on Linux too, so the fuzzer makes none.) The
// child runs a short sequence of its own; a grandchild exits at once.
static void
fz_clone(void)
{
  static const unsigned long extras[] = {
    0, 0, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, CLONE_PARENT_SETTID,
    0x10000 /* CLONE_THREAD */, 0x800 /* CLONE_SIGHAND */, 0x200 /* CLONE_FS */,
    1UL << 40,
  };
  static const unsigned long sigs[] = { SIGCHLD, SIGCHLD, SIGCHLD, 0, 65, 255 };
  unsigned long flags = PICK(extras) | PICK(sigs);
  uint64_t seed = rnd64();
  long n = rnd(GRAND_CALLS);
  int code = rnd(256), bad_flags, *ptid, *ctid;
  struct ptr tp = one_in(3) ? bad_ptr() : (struct ptr){ (uintptr_t)values, 8, 8 };
  long r;

  if(nkids >= MAXKIDS)
    return;
  bad_flags = (flags & 0xffffffffUL & ~(CSIGNAL | CLONE_CHILD_SETTID |
                                       CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID)) != 0;
  ptid = ctid = (int *)tp.p;
  if(tp.room >= 4)
    *ptid = 0;
  call("clone(%#lx, 0, %p, 0, %p)", flags, ptid, ctid);
  r = __sys_clone(flags, 0, ptid, 0, ctid);
  if(r == 0){
    became_child(depth + 1);
    if((flags & CLONE_CHILD_SETTID) && tp.room >= 4 && *ctid != mypid)
      bad("child: CLONE_CHILD_SETTID stored %d, not %d", *ctid, mypid);
    if(depth > 1)
      exit(code);
    seed_rng(seed);
    ncalls = 0;
    run_calls(n);
    finish(0);
  }
  ret(r);
  if(r > 0)
    kid_add(r);
  if(r > 0 && bad_flags)
    bad("= %ld: flags %#lx made a child", r, flags);
  if(r < 0 && bad_flags && errno != EINVAL)
    bad("= -1 %s for flags %#lx, expected EINVAL", errname(errno), flags);
  if(r > 0 && (flags & CLONE_PARENT_SETTID) && tp.room >= 4 && *ptid != r)
    bad("= %ld, but CLONE_PARENT_SETTID stored %d", r, *ptid);
}

// wait4(2): any child, one of ours, a group, or none; options valid or
// not; status and rusage at good, bad or no addresses.
static void
fz_wait4(void)
{
  static const int optss[] = {
    0, 0, WNOHANG, __WALL, __WCLONE, WNOHANG | __WALL, WUNTRACED, 0x4, -1,
  };
  static char rusage[144];
  struct ptr p = one_in(3) ? (struct ptr){ 0, 4, 4 } :
                 pick_buf(values, sizeof(int), sizeof(int));
  struct ptr ru = one_in(2) ? (struct ptr){ 0, 0, 0 } :
                  pick_buf(rusage, sizeof(rusage), sizeof(rusage));
  int opts = PICK(optss), pid;
  long r;

  switch(rnd(4)){
  case 0:
    pid = nkids > 0 ? kids[rnd(nkids)] : INT_MAX;
    break;
  case 1:
    pid = one_in(2) ? 0 : -mypid;
    break;
  case 2:
    pid = one_in(2) ? INT_MIN : 1;
    break;
  default:
    pid = -1;
    break;
  }
  // A child may have up to GRAND_CALLS calls to go: a wait that blocks
  // hurries them all, whichever it waits for. A wait a handler cuts
  // short is made again: which children are reaped must not depend on
  // when a signal came.
  for(int i = 0; i < nkids && !(opts & WNOHANG); i++)
    kill(kids[i], SIGKILL);
  call("wait4(%d, %p, %#x, %p)", pid, (void *)p.p, opts, (void *)ru.p);
  do
    r = ret(wait4(pid, (int *)p.p, opts, (struct rusage *)ru.p));
  while(r == -1 && errno == EINTR);
  if(r > 0)
    kid_reaped(r);
  // A child reaped whose status or rusage could not be stored gives
  // EFAULT, as on Linux: kill(pid, 0) tells which went.
  if(r == -1 && errno == EFAULT)
    for(int i = nkids - 1; i >= 0; i--)
      if(kill(kids[i], 0) < 0 && errno == ESRCH)
        kid_reaped(kids[i]);
  if(r >= 0 && (opts & ~(WNOHANG | WUNTRACED | __WALL | __WCLONE)))
    bad("= %ld: options %#x accepted", r, opts);
  if(p.p != 0)
    expect_room(r > 0, p, sizeof(int), "the status");
}

// A string list for execve: a bad pointer, none, or strings some of
// which are bad; list is the caller's (rarely left as the last call
// filled it).
static char **
pick_strv(char **list, int size)
{
  int i, n;

  switch(rnd(4)){
  case 0:
    return (char **)bad_ptr().p;
  case 1:
    n = one_in(2) ? size - 1 : (int)rnd(4);
    for(i = 0; i < n; i++)
      list[i] = one_in(4) ? (char *)bad_ptr().p : "arg=1";
    list[n] = 0;
    return list;
  case 2:
    list[0] = "fz";
    return list;                // the rest as the last execve left them
  default:
    return 0;
  }
}

// execve(2) of what cannot run: it must return, with -1.
static void
fz_execve(void)
{
  static const char *const baits[] = { "j", "e", "x/..", "" };
  static const char *const others[] = {
    "/", ".", "..", "", "/nonexistent", "/README.md", "/README.md/x",
    "/ticker", "/console",
  };
  static char pathbuf[32];
  static char *argvs[40], *envps[40];
  char **argv, **envp;
  const char *path;
  long r;

  // Never a scratch file but the baits: the others may hold anything,
  // even a copy of this program's ELF header.
  snprintf(pathbuf, sizeof(pathbuf), "%s/%s", scratch, PICK(baits));
  path = path_arg(one_in(3) ? PICK(others) : pathbuf);
  argv = pick_strv(argvs, NELEM(argvs));
  envp = pick_strv(envps, NELEM(envps));
  call("execve(%s, %p, %p)", quote(path), argv, envp);
  r = ret(execve(path, argv, envp));
  if(r != -1)
    bad("returned %ld", r);
}

// exit(2) or exit_group(2): with one thread a process, either ends it.
static void
fz_exit(void)
{
  int code = rnd(256);

  if(one_in(2)){
    call("exit(%d)", code);
    last_words(code);
    __sys_exit(code);
  }
  call("exit_group(%d)", code);
  last_words(code);
  exit_group(code);
}

// brk(2), the system call: it moves the break where asked or leaves it,
// and either way answers with where it is. Above this process's floor
// it may grow and shrink; below the heap's start, past the kernel's
// addresses or absurd, it must stay put.
static void
fz_brk(void)
{
  static const unsigned long absurd[] = {
    1, PGSIZE, 0x10000, TRAPFRAME, KERNBASE, 1UL << 40, ULONG_MAX,
    ULONG_MAX - PGSIZE,
  };
  // Slow, so rare: memory is allocated (and junk-filled) page by page,
  // all of it for the last, which fails only when memory runs out.
  static const long bigs[] = { 8L << 20, 32L << 20, INT_MAX };
  static const long smalls[] = { 0, 1, 7, PGSIZE, 3 * PGSIZE + 5 };
  uintptr_t addr, r;
  int may_move = 1;

  switch(rnd(4)){
  case 0:
    addr = PICK(absurd);
    may_move = addr >= floor_brk && addr < TRAPFRAME;
    break;
  case 1:
    // 0 asks; below the image's end is below where the heap starts.
    addr = one_in(2) ? 0 : PGSIZE + rnd(image_end() - PGSIZE);
    may_move = 0;
    break;
  case 2:
    addr = cur_brk + (one_in(8) ? PICK(bigs) : PICK(smalls));
    break;
  default:
    addr = one_in(2) ? cur_brk + PICK(smalls) :
                       cur_brk - rnd(cur_brk - floor_brk + 1);
    break;
  }
  call("brk(%#lx)", (unsigned long)addr);
  r = __sys_brk((void *)addr);
  if(verbose)
    dprintf(LOG_FD, "fuzz: %d   = %#lx\n", mypid, (unsigned long)r);
  if(r != addr && r != cur_brk)
    bad("= %#lx: neither %#lx nor the old break %#lx", (unsigned long)r,
        (unsigned long)addr, (unsigned long)cur_brk);
  if(r == addr && !may_move && addr != cur_brk)
    bad("= %#lx: moved the break there", (unsigned long)r);
  cur_brk = r;
  if(addr - floor_brk >= (8UL << 20) && r == addr){
    call("brk(%#lx)", (unsigned long)floor_brk);
    if(__sys_brk((void *)floor_brk) != floor_brk)
      bad("could not give back what it just took");
    cur_brk = floor_brk;
  }
}

// mmap's playground: the fuzzer maps, unmaps and advises only here, in
// what its last mmap returned, and at addresses no area can hold; never
// over its own image, heap or stack, which would end it as on Linux.
#define POOL   0x100000000UL
#define POOLSZ (64 * PGSIZE)

static uintptr_t last_map;      // the last mapping mmap made, or 0
static long last_len;

// An address for munmap or madvise, and a length that keeps the call
// off this program's own memory.
static uintptr_t
pick_area(long *len)
{
  static const uintptr_t outside[] = { 1, TRAPFRAME, MAXVA, KHIGH };
  uintptr_t addr;

  if(last_map && one_in(3)){
    if(*len < 0 || *len > last_len)
      *len = last_len;
    return last_map;
  }
  if(one_in(4))
    return PICK(outside);
  addr = POOL + PGSIZE * rnd(POOLSZ / PGSIZE) + (one_in(8) ? 1 : 0);
  // Past the pool lie mmap's areas and the stack, which MADV_DONTNEED
  // would zero as it would on Linux.
  if(*len < 0 || *len > (long)(POOL + POOLSZ - addr))
    *len = POOL + POOLSZ - addr;
  return addr;
}

static const long map_lens[] = {
  0, 1, PGSIZE, 3 * PGSIZE, POOLSZ, 1L << 30, -1, LONG_MAX,
};

// mmap(2): anonymous and file mappings, private and shared, with hints,
// MAP_FIXED inside the pool or where nothing may go, bad offsets, types
// and lengths. A mapping made must be page-aligned, in user memory, and
// where MAP_FIXED said.
static void
fz_mmap(void)
{
  static const int types[] = { MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, 0, MAP_TYPE };
  static const int mods[] = {
    0, MAP_ANONYMOUS, MAP_ANONYMOUS, MAP_ANONYMOUS | MAP_FIXED,
    MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, MAP_FIXED, MAP_ANONYMOUS | 0x8000000,
  };
  static const int prots[] = {
    PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
    PROT_READ | PROT_WRITE | PROT_EXEC, 0x100,
  };
  static const long offs[] = { 0, 0, PGSIZE, 1, -PGSIZE, LONG_MAX & ~(PGSIZE - 1) };
  static const uintptr_t nowhere[] = { 0, 1, TRAPFRAME, MAXVA - PGSIZE, KHIGH };
  int flags = PICK(types) | PICK(mods), prot = PICK(prots);
  int fd = (flags & MAP_ANONYMOUS) ? -1 : pick_fd();
  long len = PICK(map_lens), off = PICK(offs);
  uintptr_t addr = one_in(3) ? PICK(nowhere) : POOL + PGSIZE * rnd(POOLSZ / PGSIZE);
  char *r;

  if(one_in(4) && !(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
    addr = 0;
  call("mmap(%#lx, %ld, %#x, %#x, %d, %ld)", (unsigned long)addr, len, prot,
       flags, fd, off);
  r = mmap((void *)addr, len, prot, flags, fd, off);
  ret(r == MAP_FAILED ? -1 : 0);
  if(r == MAP_FAILED)
    return;
  if((uintptr_t)r % PGSIZE != 0 || (uintptr_t)r < PGSIZE ||
     (uintptr_t)r + len > TRAPFRAME)
    bad("= %p: not a page of user memory", r);
  if((flags & MAP_FIXED) && (uintptr_t)r != addr)
    bad("= %p, not the fixed address asked for", r);
  if(len == 0 || off % PGSIZE != 0)
    bad("= %p for a length of 0 or an unaligned offset", r);
  last_map = (uintptr_t)r;
  last_len = len;
}

// munmap(2) in the pool, of the last mapping, or where nothing is.
static void
fz_munmap(void)
{
  long len = PICK(map_lens), r;
  uintptr_t addr = pick_area(&len);

  call("munmap(%#lx, %ld)", (unsigned long)addr, len);
  r = ret(munmap((void *)addr, len));
  if(r == 0 && (addr % PGSIZE != 0 || len == 0))
    bad("= 0 for an unaligned address or a length of 0");
  if(r == 0 && addr == last_map)
    last_map = 0;
}

// madvise(2) on the same addresses, with advice known and not.
static void
fz_madvise(void)
{
  static const int advice[] = {
    MADV_NORMAL, MADV_RANDOM, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE,
    MADV_HUGEPAGE, 5, 100, -1,
  };
  long len = PICK(map_lens), r;
  uintptr_t addr = pick_area(&len);
  int adv = PICK(advice);

  call("madvise(%#lx, %ld, %d)", (unsigned long)addr, len, adv);
  r = ret(madvise((void *)addr, len, adv));
  if(r == 0 && (addr % PGSIZE != 0 || adv == 5 || adv == 100 || adv == -1))
    bad("= 0 for an unaligned address or unknown advice");
}

// mprotect(2): pages of the heap's top area (given back their read and
// write at once, since the fuzzer's buffers live there), unaligned and
// unmapped addresses, absurd lengths and unknown bits.
static void
fz_mprotect(void)
{
  static const int prots[] = {
    PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE, PROT_EXEC,
    PROT_READ | PROT_EXEC, PROT_SEM, 0x10, 0x01000000, -1,
  };
  static const long lens[] = { 0, 1, PGSIZE, 3 * PGSIZE, HEAPSZ, -1, LONG_MAX };
  int prot = PICK(prots), heap = 0, bad_bits;
  uintptr_t addr;
  long len = PICK(lens), r;

  // Never this program's own text, data or stack: a read-only text is
  // as fatal here as on Linux.
  const uintptr_t outside[] = {
    0, PGSIZE / 2, top(), top() + 16 * PGSIZE, KERNBASE, TRAPFRAME,
    1UL << 38, ~(uintptr_t)(PGSIZE - 1),
  };

  switch(rnd(4)){
  case 0:
    addr = PICK(outside);
    break;
  case 1:
    addr = top() - PGSIZE * (1 + rnd(HEAPSZ / PGSIZE)) + 1 + rnd(PGSIZE - 1);
    break;
  default:
    addr = top() - PGSIZE * (1 + rnd(HEAPSZ / PGSIZE));
    if(len < 0 || len > (long)(top() - addr))
      len = top() - addr;
    heap = 1;
    break;
  }
  bad_bits = (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) != 0;
  call("mprotect(%#lx, %ld, %#x)", (unsigned long)addr, len, prot);
  r = ret(mprotect((void *)addr, len, prot));
  if(r == 0 && (addr % PGSIZE != 0 || bad_bits))
    bad("= 0 for an unaligned address or unknown bits");
  if(r == 0 && (addr >= top() || addr < PGSIZE) && len > 0)
    bad("= 0 on memory this process does not have");
  if(heap && !bad_bits && r != 0)
    bad("= %s on this process's own heap", show(r, errno));
  if(heap && mprotect((void *)addr, len, PROT_READ | PROT_WRITE) != 0)
    bad("could not give the heap back its permissions: %s", errname(errno));
}

// getrandom(2): any buffer, any length (capped, never blocking), flags
// valid or not.
static void
fz_getrandom(void)
{
  static const int flagss[] = { 0, 0, 1, 2, 4, 1 | 4, 2 | 4, 8, -1 };
  int flags = PICK(flagss);
  long want = one_in(4) ? pick_size() : (long)rnd(300);
  struct ptr p = pick_buf(buf, sizeof(buf), want);
  int bad_flags = (flags & ~7) != 0 || (flags & 6) == 6;
  long r;

  call("getrandom(%p, %ld, %d)", (void *)p.p, want, flags);
  r = ret(getrandom((void *)p.p, want, flags));
  if(r >= 0 && bad_flags)
    bad("= %ld: flags %#x accepted", r, flags);
  if(r > want && want >= 0)
    bad("= %ld: more than the %ld asked", r, want);
  if(r > p.room)
    bad("= %ld: more than the %ld bytes of room", r, p.room);
  if(!bad_flags && want > 0 && want <= p.room && r != want)
    bad("= %s, expected %ld", show(r, errno), want);
}

// set_robust_list(2): only the size of struct robust_list_head is right.
static void
fz_set_robust_list(void)
{
  static const long lens[] = { 24, 24, 0, 16, 32, -1 };
  long len = PICK(lens), r;
  struct ptr p = one_in(2) ? bad_ptr() : (struct ptr){ (uintptr_t)values, 8, 8 };

  call("set_robust_list(%p, %ld)", (void *)p.p, len);
  r = ret(set_robust_list((void *)p.p, len));
  if((r == 0) != (len == 24))
    bad("= %s for length %ld", show(r, errno), len);
}

// set_tid_address(2): any address (exit stores 0 there, or tries);
// returns the caller's tid, its pid.
static void
fz_set_tid_address(void)
{
  struct ptr p = one_in(2) ? bad_ptr() : (struct ptr){ (uintptr_t)values, 8, 8 };
  long r;

  call("set_tid_address(%p)", (void *)p.p);
  r = ret(set_tid_address((int *)p.p));
  if(r != mypid)
    bad("= %ld, not the pid %d", r, mypid);
}

static void
fz_getppid(void)
{
  long r;

  call("getppid()");
  r = ret(getppid());
  if(r != parent_pid && r != 1)
    bad("= %ld: neither the parent %d nor init", r, parent_pid);
}

// A pid for the group calls: this process, a child, init, none, absurd.
static int
pick_pid(void)
{
  static const int odd[] = { 0, 0, 1, INT_MAX, -1, INT_MIN };

  if(one_in(3))
    return mypid;
  if(nkids > 0 && one_in(2))
    return kids[rnd(nkids)];
  return PICK(odd);
}

static void
fz_setpgid(void)
{
  int pid = pick_pid(), pgid = pick_pid();
  long r;

  call("setpgid(%d, %d)", pid, pgid);
  r = ret(setpgid(pid, pgid));
  if(pgid < 0 && !(r == -1 && errno == EINVAL))
    bad("= %s for group %d, expected EINVAL", show(r, errno), pgid);
  if(pgid >= 0 && (pid == 1 || pid == INT_MAX) && !(r == -1 && errno == ESRCH))
    bad("= %s for pid %d, expected ESRCH", show(r, errno), pid);
}

static void
fz_getpgid(void)
{
  int pid = pick_pid();
  long r;

  call("getpgid(%d)", pid);
  r = ret(getpgid(pid));
  if((pid == INT_MAX || pid < 0) && !(r == -1 && errno == ESRCH))
    bad("= %s for pid %d, expected ESRCH", show(r, errno), pid);
  if(pid >= 0 && pid != INT_MAX && r == 0)
    bad("= 0: no process is in group 0");
}

static void
fz_memstat(void)
{
  struct ptr p = pick_buf(&ms, sizeof(ms), sizeof(ms));
  long r;

  call("memstat(%p)", (void *)p.p);
  r = ret(memstat((struct memstat *)p.p));
  expect_room(r == 0, p, sizeof(ms), "the counts");
}

static void
fz_irqoff(void)
{
  int reset = one_in(2) ? 0 : (int)rnd64();

  call("irqoff(%d)", reset);
  ret(irqoff(reset));
}

// A raw system call, for numbers the table does not have.
static long
syscall3(long nr, long a0, long a1, long a2)
{
  register long x0 asm("a0") = a0;
  register long x1 asm("a1") = a1;
  register long x2 asm("a2") = a2;
  register long x7 asm("a7") = nr;

  asm volatile("ecall" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x7) : "memory");
  return x0;
}

static const long sysnrs[] = {
#define SYSCALL(nr, name) nr,
#include <nudge/syscall.h>
#undef SYSCALL
};

// A number that is no system call must give ENOSYS.
static void
fz_nosys(void)
{
  static const long nrs[] = {
    -1, 0, 1, 18, 26, 94, 220, 499, 516, 1000, 1L << 31, LONG_MAX, LONG_MIN,
  };
  long nr = PICK(nrs), r;
  int i;

  for(i = 0; i < NELEM(sysnrs); i++)
    if(sysnrs[i] == nr)
      return;
  call("syscall(%ld)", nr);
  r = syscall3(nr, rnd64(), (long)bad_ptr().p, pick_size());
  if(verbose)
    dprintf(LOG_FD, "fuzz: %d   = %ld\n", mypid, r);
  if(r != -ENOSYS)
    bad("= %ld, expected -ENOSYS", r);
}

/* ---- system information, resource limits, the terminal ----------------- */

// uname(2): any buffer; what it writes names the machine.
static void
fz_uname(void)
{
  static struct utsname u;
  struct ptr p = pick_buf(&u, sizeof(u), sizeof(u));
  long r;

  call("uname(%p)", (void *)p.p);
  r = ret(uname((struct utsname *)p.p));
  expect_room(r == 0, p, sizeof(u), "the names");
  if(r == 0 && p.p == (uintptr_t)&u && strcmp(u.machine, "riscv64") != 0)
    bad("= 0, but the machine is \"%.65s\"", u.machine);
}

// sysinfo(2): any buffer; memory counted in bytes, free within total.
static void
fz_sysinfo(void)
{
  static struct sysinfo si;
  struct ptr p = pick_buf(&si, sizeof(si), sizeof(si));
  long r;

  call("sysinfo(%p)", (void *)p.p);
  r = ret(sysinfo((struct sysinfo *)p.p));
  expect_room(r == 0, p, sizeof(si), "the counts");
  if(r == 0 && p.p == (uintptr_t)&si &&
     (si.mem_unit != 1 || si.freeram > si.totalram))
    bad("= 0, but mem_unit %u, freeram %lu of %lu", si.mem_unit,
        (unsigned long)si.freeram, (unsigned long)si.totalram);
}

static struct rlimit rlims[2];      // a new limit, an old one

// A resource: mostly a real one, RLIMIT_NOFILE often, sometimes none.
static int
pick_resource(void)
{
  static const int odd[] = { RLIM_NLIMITS, -1, INT_MAX };

  if(one_in(8))
    return PICK(odd);
  return one_in(3) ? RLIMIT_NOFILE : (int)rnd(RLIM_NLIMITS);
}

// A new limit in rlims[0]; a pointer to it, NULL, or a bad one. Fds stay
// plentiful: RLIMIT_NOFILE is rarely set below 64, and not for long, as
// the next set is most likely to be NOFILE again.
static struct ptr
pick_new_rlimit(int resource)
{
  static const rlim_t vals[] = {
    0, 3, 64, 1024, NOFILE, NOFILE, NOFILE + 1, RLIM_INFINITY,
  };
  struct ptr p = pick_buf(&rlims[0], sizeof(rlims[0]), sizeof(rlims[0]));

  rlims[0].rlim_max = PICK(vals);
  rlims[0].rlim_cur = one_in(4) ? PICK(vals) : rlims[0].rlim_max;
  if(resource == RLIMIT_NOFILE && rlims[0].rlim_cur < 64 && !one_in(8))
    rlims[0].rlim_cur = rlims[0].rlim_max = NOFILE;
  if(p.room >= (long)sizeof(rlims[0]))
    memcpy((void *)p.p, &rlims[0], sizeof(rlims[0]));
  return p;
}

// Would do_prlimit() take this new limit (read from a good pointer)?
static int
rlimit_ok(int resource, struct ptr *p)
{
  struct rlimit n;

  if((unsigned)resource >= RLIM_NLIMITS)
    return 0;
  memcpy(&n, (void *)p->p, sizeof(n));
  return n.rlim_cur <= n.rlim_max &&
         (resource != RLIMIT_NOFILE || n.rlim_max <= NOFILE);
}

// The checks of a call that set a limit from p: refused if it should
// have been, and read from a good pointer.
static void
check_set_rlimit(long r, int resource, struct ptr *p)
{
  if(r == 0 && p->readable < (long)sizeof(struct rlimit))
    bad("= 0: the limit read from a bad pointer");
  if(r == 0 && !rlimit_ok(resource, p))
    bad("= 0: resource %d, a limit Linux refuses", resource);
}

// getrlimit(2) and setrlimit(2), the system calls (the library's are
// prlimit64, as glibc's).
static void
fz_getrlimit(void)
{
  int res = pick_resource();
  struct ptr p = pick_buf(&rlims[1], sizeof(rlims[1]), sizeof(rlims[1]));
  long r;

  call("getrlimit(%d, %p)", res, (void *)p.p);
  r = ret(__sys_getrlimit(res, (struct rlimit *)p.p));
  if(r == 0 && (unsigned)res >= RLIM_NLIMITS)
    bad("= 0 for resource %d", res);
  expect_room(r == 0, p, sizeof(struct rlimit), "the limit");
}

static void
fz_setrlimit(void)
{
  int res = pick_resource();
  struct ptr p = pick_new_rlimit(res);
  long r;

  call("setrlimit(%d, %p)", res, (void *)p.p);
  r = ret(__sys_setrlimit(res, (struct rlimit *)p.p));
  check_set_rlimit(r, res, &p);
}

// prlimit64(2): a new limit only for this process (another's is never
// changed: its fds would run out under its feet); reading any process's,
// init's, or one that cannot exist.
static void
fz_prlimit64(void)
{
  int res = pick_resource(), pid;
  struct ptr n = { 0, 0, 0 }, o = { 0, 0, 0 };
  long r;

  if(nkids > 0 && one_in(3))
    pid = kids[rnd(nkids)];
  else
    pid = one_in(3) ? (one_in(2) ? 1 : INT_MAX) : (one_in(2) ? 0 : mypid);
  if((pid == 0 || pid == mypid) && one_in(2))
    n = pick_new_rlimit(res);
  if(!one_in(4))
    o = pick_buf(&rlims[1], sizeof(rlims[1]), sizeof(rlims[1]));
  call("prlimit64(%d, %d, %p, %p)", pid, res, (void *)n.p, (void *)o.p);
  r = ret(prlimit(pid, res, (struct rlimit *)n.p, (struct rlimit *)o.p));
  if(n.p)
    check_set_rlimit(r, res, &n);
  if(r == 0 && (unsigned)res >= RLIM_NLIMITS)
    bad("= 0 for resource %d", res);
  if(o.p != 0)
    expect_room(r == 0, o, sizeof(struct rlimit), "the old limit");
  if(r == 0 && pid == INT_MAX)
    bad("= 0 for a process that does not exist");
}

// The console's terminal requests, on this child's own console file or
// any fd. A set must never succeed with settings other than the
// console's (they are fixed), so the shell's terminal cannot change.
static void
fz_tty_ioctl(void)
{
  static const unsigned long reqs[] = {
    TCGETS, TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, 0x5412, 0x5414,
  };
  static struct termios tio;
  struct termios now;
  int fd = pick_fd_of(K_CONSOLE);
  unsigned long req = PICK(reqs);
  struct ptr p = pick_buf(&tio, sizeof(tio), sizeof(tio));
  long r, set = req == TCSETS || req == TCSETSW || req == TCSETSF;

  if(set && one_in(4) && p.room > 0)
    ((unsigned char *)p.p)[rnd(p.room < (long)sizeof(tio) ? p.room :
                               (long)sizeof(tio))] ^= 1 << rnd(8);
  call("ioctl(%d, %#lx, %p)", fd, req, (void *)p.p);
  r = ret(ioctl(fd, req, (void *)p.p));
  if(!set)
    expect_room(r == 0, p, req == TCGETS ? sizeof(tio) : sizeof(struct winsize),
                "the answer");
  if(r == 0 && set && p.readable < (long)sizeof(tio))
    bad("= 0: the settings read from a bad pointer");
  if(r == 0 && set && (tcgetattr(fd, &now) < 0 ||
                       memcmp(&now, (void *)p.p, sizeof(now)) != 0))
    bad("= 0: settings other than the console's accepted");
}

/* ---- signals: the calls --------------------------------------------------- */

// Stubs of nudge/syscall.h that no header declares.
int rt_sigqueueinfo(int tgid, int sig, siginfo_t *info);
int rt_tgsigqueueinfo(int tgid, int tid, int sig, siginfo_t *info);
int setitimer(int which, const struct itimerval *new, struct itimerval *old);
int getitimer(int which, struct itimerval *curr);
int restart_syscall(void);

// A sigset_t's size, as the calls are given it: only 8 is right.
static const unsigned long setsizes[] = { 8, 8, 8, 8, 8, 0, 7, 16, ULONG_MAX };

// A call's result must be 0 (want 0) or -1 with errno want.
static void
expect_result(long r, int err, int want)
{
  if(want == 0 && r != 0)
    bad("= %s, expected 0", show(r, err));
  if(want != 0 && !(r == -1 && err == want))
    bad("= %s, expected -1 (%s)", show(r, err), errname(want));
}

// The action the kernel holds for sig must be one the fuzzer may have
// set: a handler of its own, SIG_IGN or SIG_DFL, with only the flags
// Linux keeps and SIGKILL and SIGSTOP out of its mask; want, if not 0,
// exactly, less those; and in the child, for a signal that may come,
// one that does not kill.
static void
check_action(int sig, const struct sigaction *want)
{
  struct sigaction a;

  if(rt_sigaction(sig, 0, &a, sizeof(sigset_t)) < 0)
    bad("then rt_sigaction(%d, 0, &old, 8) = %s", sig, show(-1, errno));
  if(a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN && !ours(a.sa_handler))
    bad("signal %d's handler is %p, which the fuzzer never set", sig,
        (void *)a.sa_handler);
  if((a.sa_flags & ~(unsigned long)SA_KNOWN) || (a.sa_mask.sig[0] & UNBLOCKABLE))
    bad("signal %d's action kept flags %#lx, mask %#lx", sig, a.sa_flags,
        a.sa_mask.sig[0]);
  if(want && (a.sa_handler != want->sa_handler ||
              a.sa_flags != (want->sa_flags & SA_KNOWN) ||
              a.sa_mask.sig[0] != (want->sa_mask.sig[0] & ~UNBLOCKABLE)))
    bad("signal %d's action is {%p, %#lx, %#lx}, not the one set", sig,
        (void *)a.sa_handler, a.sa_flags, a.sa_mask.sig[0]);
  if(depth == 0 && is_live(sig) && !(SIGMASK(sig) & DFL_IGNORES) &&
     (a.sa_handler == SIG_DFL || (a.sa_flags & SA_RESETHAND)))
    bad("signal %d, which may come, would kill", sig);
}

static struct sigaction acts[2];        // a new action, an old one

// rt_sigaction(2): any signal, good or bad; a new action (make_action),
// none, junk or a bad pointer; the old one anywhere. Linux's order:
// EINVAL for a size other than 8, EFAULT for an action it cannot read,
// EINVAL for a bad signal or a new action for SIGKILL or SIGSTOP, EFAULT
// for an old one it cannot write (the new one is set by then). Fenced,
// so that no handler runs before check_action looks, and junk set is
// undone in time.
static void
fz_rt_sigaction(void)
{
  static const int odd[] = { 0, 65, -1, INT_MAX, INT_MIN, SIGKILL, SIGSTOP };
  int sig = one_in(6) ? PICK(odd) : 1 + (int)rnd(NSIG);
  int valid = sig >= 1 && sig <= NSIG, want, sets = 0, err;
  unsigned long size = PICK(setsizes);
  struct ptr act = one_in(5) ? bad_ptr() :
                   pick_buf(&acts[0], sizeof(acts[0]), sizeof(acts[0]));
  struct ptr old = one_in(3) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(&acts[1], sizeof(acts[1]), sizeof(acts[1]));
  int mine = act.room >= (long)sizeof(struct sigaction);
  struct sigaction new, before;
  long r;

  if(mine){
    make_action(sig, &new);
    memcpy((void *)act.p, &new, sizeof(new));
  }
  if(size != sizeof(sigset_t))
    want = EINVAL;
  else if(act.p && act.readable < (long)sizeof(new))
    want = EFAULT;
  else if(!valid || (act.p && (SIGMASK(sig) & UNBLOCKABLE)))
    want = EINVAL;
  else {
    sets = act.p != 0;
    want = old.p && old.room < (long)sizeof(new) ? EFAULT : 0;
  }
  fence();
  if(valid)
    rt_sigaction(sig, 0, &before, sizeof(sigset_t));
  call("rt_sigaction(%d, %p, %p, %lu)", sig, (void *)act.p, (void *)old.p, size);
  r = ret(rt_sigaction(sig, (struct sigaction *)act.p, (struct sigaction *)old.p,
                       size));
  err = errno;
  if(sets && !mine)
    rt_sigaction(sig, &before, 0, sizeof(sigset_t));
  if(valid)
    check_action(sig, sets && mine ? &new : 0);
  unfence();
  expect_result(r, err, want);
  if(r == 0 && old.p && memcmp((void *)old.p, &before, sizeof(before)) != 0)
    bad("= 0, but the old action written is not the one there was");
}

// rt_sigprocmask(2): every how, good and bad; a set of any bits, none,
// junk or a bad pointer; the old set anywhere. Linux's order: EINVAL for
// a size other than 8, EFAULT for a set it cannot read, EINVAL for a bad
// how (only with a set), EFAULT for an old set it cannot write (the mask
// is changed by then). The old set is the mask before, and the mask
// after is what how makes of it, never blocking SIGKILL or SIGSTOP.
static void
fz_rt_sigprocmask(void)
{
  static const int hows[] = {
    SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, SIG_SETMASK, 3, -1, INT_MAX,
  };
  static uint64_t sets[2];
  int how = PICK(hows), want, changes = 0, err;
  unsigned long size = PICK(setsizes);
  struct ptr set = one_in(5) ? bad_ptr() : pick_buf(&sets[0], 8, 8);
  struct ptr old = one_in(3) ? (struct ptr){ 0, 0, 0 } : pick_buf(&sets[1], 8, 8);
  uint64_t before = blocked_now(), given = 0, expect = before, now, got;
  long r;

  if(set.room >= 8){
    given = pick_mask();
    memcpy((void *)set.p, &given, 8);
  } else if(set.readable >= 8){
    memcpy(&given, (void *)set.p, 8);     // junk, as the kernel reads it
  }
  if(size != sizeof(sigset_t))
    want = EINVAL;
  else if(set.p && set.readable < 8)
    want = EFAULT;
  else if(set.p && (how < SIG_BLOCK || how > SIG_SETMASK))
    want = EINVAL;
  else {
    changes = set.p != 0;
    want = old.p && old.room < 8 ? EFAULT : 0;
  }
  if(changes && how == SIG_BLOCK)
    expect = before | given;
  else if(changes && how == SIG_UNBLOCK)
    expect = before & ~given;
  else if(changes)
    expect = given;
  expect &= ~UNBLOCKABLE;
  call("rt_sigprocmask(%d, %p, %p, %lu)", how, (void *)set.p, (void *)old.p, size);
  r = ret(rt_sigprocmask(how, (sigset_t *)set.p, (sigset_t *)old.p, size));
  err = errno;
  now = blocked_now();
  expect_result(r, err, want);
  if(now & UNBLOCKABLE)
    bad("SIGKILL or SIGSTOP blocked: the mask is %#lx", (unsigned long)now);
  if(now != expect)
    bad("the mask is %#lx, expected %#lx", (unsigned long)now, (unsigned long)expect);
  if(r == 0 && old.p && (memcpy(&got, (void *)old.p, 8), got != before))
    bad("= 0, but the old set is %#lx, not %#lx", (unsigned long)got,
        (unsigned long)before);
}

// rt_sigpending(2): the pending signals the caller blocks, in the first
// size bytes: EINVAL past 8; size 0 copies nothing, so even NULL is fine
// (Linux's answers). Never a signal it does not block; the bytes past
// size are left alone.
static void
fz_rt_sigpending(void)
{
  static const unsigned long sizes[] = { 8, 8, 8, 0, 1, 4, 7, 9, 16, ULONG_MAX };
  static uint64_t set;
  unsigned long size = PICK(sizes);
  struct ptr p = one_in(5) ? bad_ptr() : pick_buf(&set, sizeof(set), sizeof(set));
  uint64_t blocked = blocked_now(), got, kept;
  int want = size > 8 ? EINVAL : p.room < (long)size ? EFAULT : 0;
  long r;

  if(p.room >= 8)
    memset((void *)p.p, 0xa5, 8);
  call("rt_sigpending(%p, %lu)", (void *)p.p, size);
  r = ret(rt_sigpending((sigset_t *)p.p, size));
  expect_result(r, errno, want);
  if(r != 0 || p.room < 8)
    return;
  memcpy(&got, (void *)p.p, 8);
  kept = size >= 8 ? 0 : ~0ULL << (8 * size);     // the bytes past size
  if((got & kept) != (0xa5a5a5a5a5a5a5a5ULL & kept))
    bad("= 0, but more than the %lu bytes asked were written", size);
  if(got & ~kept & ~blocked)
    bad("= 0: %#lx pending, not blocked", (unsigned long)(got & ~kept & ~blocked));
}

// rt_sigsuspend(2): waits, with a mask, for a signal that runs a handler,
// perhaps for good: so only in a doomed grandchild, unless Linux refuses
// it first (EINVAL for a size other than 8, EFAULT for a mask it cannot
// read). It returns only -1: EINTR, once a handler has run.
static void
fz_rt_sigsuspend(void)
{
  static uint64_t mask;
  unsigned long size = PICK(setsizes);
  struct ptr p = one_in(4) ? bad_ptr() : pick_buf(&mask, sizeof(mask), sizeof(mask));
  uint64_t m = pick_mask();
  int want;
  long r;

  if(p.room >= 8)
    memcpy((void *)p.p, &m, 8);
  want = size != sizeof(sigset_t) ? EINVAL : p.readable < 8 ? EFAULT : EINTR;
  if(want == EINTR && !doomed())
    return;
  call("rt_sigsuspend(%p, %lu)", (void *)p.p, size);
  r = ret(rt_sigsuspend((sigset_t *)p.p, size));
  expect_result(r, errno, want);
  if(depth == 2)
    exit(0);
}

// rt_sigtimedwait(2): takes a pending signal of the set, waiting at most
// the timeout for one: short or invalid here; none (for ever) or long
// only in a doomed grandchild. Linux's order: EINVAL for a size other
// than 8, EFAULT for a set or a timeout it cannot read, EINVAL for an
// invalid timeout; then the signal, or EAGAIN when the time is up, or
// EINTR. The signal is of the set, never SIGKILL or SIGSTOP, and the
// siginfo says so; one it cannot write is EFAULT (and the signal gone,
// as on Linux).
static void
fz_rt_sigtimedwait(void)
{
  static const struct timespec shorts[] = {
    { 0, 0 }, { 0, 0 }, { 0, 1000000 }, { 0, 3000000 }, { 0, -1 }, { -1, 0 },
    { 0, 1000000000 }, { LONG_MIN, 0 },
  };
  static const struct timespec longs[] = {
    { 1, 0 }, { 3600, 0 }, { LONG_MAX, 999999999 },
  };
  static uint64_t set;
  static struct timespec ts;
  static siginfo_t info;
  unsigned long size = PICK(setsizes);
  struct ptr s = one_in(6) ? bad_ptr() : pick_buf(&set, sizeof(set), sizeof(set));
  struct ptr in = one_in(3) ? (struct ptr){ 0, 0, 0 } :
                  pick_buf(&info, sizeof(info), sizeof(info));
  struct ptr t = { (uintptr_t)&ts, sizeof(ts), sizeof(ts) };
  struct timespec tv;                 // the timeout, as the kernel reads it
  uint64_t mask = 0;
  int want = 0, blocks = 0;
  long r;

  if(s.room >= 8){
    mask = pick_mask();
    memcpy((void *)s.p, &mask, 8);
  } else if(s.readable >= 8){
    memcpy(&mask, (void *)s.p, 8);
  }
  if(one_in(12))
    t = bad_ptr();                // NULL: for ever; junk: whatever it says
  else
    ts = one_in(12) ? PICK(longs) : PICK(shorts);
  if(t.readable >= (long)sizeof(tv))
    memcpy(&tv, (void *)t.p, sizeof(tv));
  if(size != sizeof(sigset_t))
    want = EINVAL;
  else if(s.readable < 8 || (t.p && t.readable < (long)sizeof(tv)))
    want = EFAULT;
  else if(t.p && (tv.tv_sec < 0 || tv.tv_nsec < 0 || tv.tv_nsec >= 1000000000))
    want = EINVAL;
  else
    blocks = t.p == 0 || tv.tv_sec > 0 || tv.tv_nsec > 5000000;
  if(blocks && !doomed())
    return;
  call("rt_sigtimedwait(%p, %p, %p, %lu)", (void *)s.p, (void *)in.p,
       (void *)t.p, size);
  r = ret(rt_sigtimedwait((sigset_t *)s.p, (siginfo_t *)in.p,
                          (struct timespec *)t.p, size));
  if(want)
    expect_result(r, errno, want);
  else if(r == -1 && errno != EAGAIN && errno != EINTR &&
          !(errno == EFAULT && in.p && in.room < (long)sizeof(info)))
    bad("= %s, expected a signal, EAGAIN or EINTR", show(r, errno));
  if(r > 0 && (r > NSIG || !(mask & SIGMASK(r)) || (SIGMASK(r) & UNBLOCKABLE)))
    bad("= %ld: not a signal of the set %#lx", r, (unsigned long)mask);
  if(r > 0 && in.p && in.room < (long)sizeof(info))
    bad("= %ld: the siginfo written to a bad pointer", r);
  if(r > 0 && in.p && ((siginfo_t *)in.p)->si_signo != r)
    bad("= %ld, but the siginfo says signal %d", r, ((siginfo_t *)in.p)->si_signo);
  if(depth == 2)
    exit(0);
}

static char sr_area[16384] __attribute__((aligned(16)));  // frames at its top
static char sr_stack[8192] __attribute__((aligned(16)));  // the landing's
static uint64_t sr_mask;                // a good frame's mask

// Where a good frame sends the grandchild: its mask is the frame's, less
// SIGKILL and SIGSTOP.
static void __attribute__((noreturn))
sigreturn_landed(void)
{
  uint64_t m = blocked_now();

  if(m != (sr_mask & ~UNBLOCKABLE))
    bad("landed, but the mask is %#lx, not the frame's %#lx less SIGKILL "
        "and SIGSTOP", (unsigned long)m, (unsigned long)sr_mask);
  exit(0);
}

// Points sp at a frame and traps into rt_sigreturn (139). Should the
// kernel come back here (a handler of SIGSEGV ran), exit_group (94) at
// once: there is no stack to return on.
static void __attribute__((noreturn))
sigreturn_at(uintptr_t sp)
{
  asm volatile("mv sp, %0\n\tli a7, 139\n\tecall\n\tli a0, 99\n\tli a7, 94\n\tecall"
               : : "r"(sp) : "a0", "a7", "memory");
  __builtin_unreachable();
}

// rt_sigreturn(2), made as no program makes it: the kernel takes the
// frame at sp for one a handler returns from. So only in a doomed
// grandchild, and on a frame at the top of sr_area, with room below for
// one the kernel may build for a handler of SIGSEGV: a good one that
// lands in sigreturn_landed() on sr_stack, junk in its mask, alternate
// stack and other registers; junk whose reserved words are 0 (the
// kernel loads junk registers: a fault follows); junk as it is (SIGSEGV
// for the reserved words); or none, at a bad address (SIGSEGV).
static void
fz_rt_sigreturn(void)
{
  static const char *const kinds[] = {
    "a good frame", "junk", "junk, reserved words 0", "a bad address",
  };
  static const uintptr_t bads[] = { 0, 8, KERNBASE, TRAPFRAME, KHIGH, MAXVA };
  struct rt_sigframe *f = (struct rt_sigframe *)(sr_area + sizeof(sr_area) -
                                                 sizeof(*f));
  struct sigcontext_fp *fp = &f->uc.uc_mcontext.sc_fpregs;
  struct user_regs *regs = &f->uc.uc_mcontext.sc_regs;
  uintptr_t sp = (uintptr_t)f;
  int kind = rnd(4);
  unsigned int i;

  if(!doomed())
    return;
  for(i = 0; i < sizeof(*f) / 8; i++)
    ((uint64_t *)f)[i] = rnd64();
  if(kind == 0){
    regs->pc = (uintptr_t)sigreturn_landed;
    regs->sp = (uintptr_t)sr_stack + sizeof(sr_stack);
    regs->ra = regs->s0 = 0;
    asm volatile("mv %0, gp" : "=r"(regs->gp));
    asm volatile("mv %0, tp" : "=r"(regs->tp));
    sr_mask = f->uc.uc_sigmask = pick_mask();
    fp->fcsr = 0;
  }
  if(kind == 0 || kind == 2)
    fp->reserved = fp->ext_magic = fp->ext_size = 0;
  if(kind == 3)
    sp = one_in(3) ? top() : PICK(bads);
  call("rt_sigreturn() with sp %#lx: %s", (unsigned long)sp, kinds[kind]);
  sigreturn_at(sp);
}

// sigaltstack(2): a new stack mostly in altstack[], of any size (under
// MINSIGSTKSZ: ENOMEM) and any flags (modes but 0, SS_ONSTACK and
// SS_DISABLE, with or without SS_AUTODISARM: EINVAL), else at any
// address, junk or unreadable (EFAULT); the old one anywhere (EFAULT if
// it cannot be written; the new one is set by then). A process on its
// alternate stack may not change it (EPERM, Linux's first check after
// EFAULT): so it is with one whose span holds the stack. Afterwards the
// stack reported is the one set (SS_ONSTACK if it holds the stack), and
// the old one the one there was. Fenced: one a handler could not run on
// is put back at once.
static void
fz_sigaltstack(void)
{
  static const int flagss[] = {
    0, 0, SS_ONSTACK, SS_DISABLE, SS_AUTODISARM, SS_ONSTACK | SS_AUTODISARM,
    SS_DISABLE | SS_AUTODISARM, 3, 4, -1,
  };
  static const unsigned long sizes[] = {
    0, 1, MINSIGSTKSZ - 1, MINSIGSTKSZ, 8192, ALTSTACK_MIN, ALTSTACK_MIN,
    sizeof(altstack), sizeof(altstack) + 1, 1UL << 40, ULONG_MAX,
  };
  static stack_t stacks[2];             // a new stack, an old one
  struct ptr ss = one_in(6) ? bad_ptr() :
                  pick_buf(&stacks[0], sizeof(stacks[0]), sizeof(stacks[0]));
  struct ptr old = one_in(3) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(&stacks[1], sizeof(stacks[1]), sizeof(stacks[1]));
  stack_t new, prev, now;
  uintptr_t here = (uintptr_t)&new;
  int want, sets = 0, mode, onit, err;
  long r;

  memset(&new, 0, sizeof(new));
  if(ss.room >= (long)sizeof(new)){
    new.ss_sp = one_in(8) ? bad_ptr().p : (uintptr_t)altstack + (one_in(8) ? rnd(64) : 0);
    new.ss_flags = one_in(8) ? (int)rnd64() : PICK(flagss);
    new.ss_size = PICK(sizes);
    memcpy((void *)ss.p, &new, sizeof(new));
  } else if(ss.readable >= (long)sizeof(new)){
    memcpy(&new, (void *)ss.p, sizeof(new));    // junk, as the kernel reads it
  }
  mode = new.ss_flags & ~SS_AUTODISARM;
  onit = !(new.ss_flags & SS_AUTODISARM) && here > new.ss_sp &&
         here - new.ss_sp <= new.ss_size;
  fence();
  sigaltstack(0, &prev);
  if(ss.p && ss.readable < (long)sizeof(new))
    want = EFAULT;
  else if(ss.p && (prev.ss_flags & SS_ONSTACK))
    want = EPERM;
  else if(ss.p && mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
    want = EINVAL;
  else if(ss.p && mode != SS_DISABLE && new.ss_size < MINSIGSTKSZ)
    want = ENOMEM;
  else {
    sets = ss.p != 0;
    want = old.p && old.room < (long)sizeof(new) ? EFAULT : 0;
  }
  call("sigaltstack(%p, %p)", (void *)ss.p, (void *)old.p);
  r = ret(sigaltstack((stack_t *)ss.p, (stack_t *)old.p));
  err = errno;
  sigaltstack(0, &now);
  if(!altstack_safe(&now))
    sigaltstack(&prev, 0);
  unfence();
  expect_result(r, err, want);
  if(!sets && memcmp(&now, &prev, sizeof(now)) != 0)
    bad("= %s, but the stack changed", show(r, err));
  if(sets && (now.ss_flags & SS_AUTODISARM) != (new.ss_flags & SS_AUTODISARM))
    bad("SS_AUTODISARM set, but not reported");
  if(sets && mode == SS_DISABLE &&
     (now.ss_sp != 0 || now.ss_size != 0 || !(now.ss_flags & SS_DISABLE)))
    bad("disabled, but reported as {%#lx, %#x, %lu}", (unsigned long)now.ss_sp,
        now.ss_flags, (unsigned long)now.ss_size);
  if(sets && mode != SS_DISABLE &&
     (now.ss_sp != new.ss_sp || now.ss_size != new.ss_size ||
      (now.ss_flags & ~SS_AUTODISARM) != (onit ? SS_ONSTACK : 0)))
    bad("{%#lx, %#x, %lu} set, but reported as {%#lx, %#x, %lu}",
        (unsigned long)new.ss_sp, new.ss_flags, (unsigned long)new.ss_size,
        (unsigned long)now.ss_sp, now.ss_flags, (unsigned long)now.ss_size);
  if(r == 0 && old.p && memcmp((void *)old.p, &prev, sizeof(prev)) != 0)
    bad("= 0, but the old stack written is not the one there was");
}

// A target for tkill, tgkill and the sigqueue calls: this process, a
// child of its own, init, or none (INT_MAX, 0, negative).
static int
pick_target(void)
{
  static const int none[] = { INT_MAX, 0, -1, INT_MIN };

  switch(rnd(5)){
  case 0: case 1:
    return mypid;
  case 2:
    return nkids > 0 ? kids[rnd(nkids)] : 1;
  case 3:
    return 1;
  default:
    return PICK(none);
  }
}

// A signal to send to pid: one of live_sigs[] to this process itself,
// any to others; or 0 (a check) or one that does not exist.
static int
pick_sig_for(int pid)
{
  static const int odd[] = { 0, 0, 65, -1, INT_MAX, INT_MIN };

  if(one_in(5))
    return PICK(odd);
  return pid == mypid ? PICK(live_sigs) : 1 + (int)rnd(NSIG);
}

// Does process pid exist (1), or not (0)? -1: the fuzzer cannot tell, for
// a child of a process below the child (init may have reaped it).
static int
exists(int pid)
{
  int i;

  if(pid == mypid || pid == 1)
    return 1;
  for(i = 0; i < nkids; i++)
    if(kids[i] == pid)
      return depth == 0 ? 1 : -1;
  return 0;
}

// Linux's answer to sending sig to thread tid of process tgid (tgid 0:
// any process's, as tkill; tid 0: process tgid, as rt_sigqueueinfo),
// once the arguments' own checks pass: ESRCH if there is no such target
// (each process has one thread, tid == tgid), else EINVAL for a signal
// that does not exist, else 0. -1: ESRCH, or as if it existed.
static int
send_result(int tgid, int tid, int sig)
{
  int e = exists(tid ? tid : tgid);

  if(e == 0 || (tid && tgid > 0 && tgid != tid))
    return ESRCH;
  if(e < 0)
    return -1;
  return sig < 0 || sig > NSIG ? EINVAL : 0;
}

// A send's result against want (send_result's, or an error of the
// arguments'); a real-time signal may find its queue full (EAGAIN).
static void
expect_sent(long r, int err, int want, int sig)
{
  if(sig >= SIGRTMIN && sig <= NSIG && r == -1 && err == EAGAIN)
    return;
  if(want < 0){
    if(r == -1 && err == ESRCH)
      return;
    want = sig < 0 || sig > NSIG ? EINVAL : 0;
  }
  expect_result(r, err, want);
}

// tkill(2): a thread (each process has one) of this process, of a child,
// of init, or none; a signal for it (pick_sig_for). Linux's order: EINVAL
// for a tid <= 0, ESRCH for none, EINVAL for a bad signal.
static void
fz_tkill(void)
{
  int tid = pick_target(), sig = pick_sig_for(tid);
  int want = tid <= 0 ? EINVAL : send_result(0, tid, sig);
  sighandler_t h = tid == mypid ? runs_handler(sig) : 0;
  int before = h ? caught[sig] : 0;
  long r;

  call("tkill(%d, %d)", tid, sig);
  r = ret(tkill(tid, sig));
  expect_sent(r, errno, want, sig);
  if(r == 0)
    check_delivered(sig, h, before, SI_TKILL);
}

// tgkill(2): tkill's targets, mostly with their own process as tgid,
// else any (ESRCH unless it matches); EINVAL for either <= 0 first.
static void
fz_tgkill(void)
{
  int tid = pick_target(), tgid = one_in(4) ? pick_target() : tid;
  int sig = pick_sig_for(tid);
  int want = tgid <= 0 || tid <= 0 ? EINVAL : send_result(tgid, tid, sig);
  sighandler_t h = tid == mypid && tgid == mypid ? runs_handler(sig) : 0;
  int before = h ? caught[sig] : 0;
  long r;

  call("tgkill(%d, %d, %d)", tgid, tid, sig);
  r = ret(tgkill(tgid, tid, sig));
  expect_sent(r, errno, want, sig);
  if(r == 0)
    check_delivered(sig, h, before, SI_TKILL);
}

static siginfo_t qinfo;                 // a siginfo to queue

// A siginfo's si_code: ones whose layout Linux knows for any signal
// (SI_USER, the negative ones it names, SI_KERNEL, 1 and 2), and ones
// it knows for none: for those it reads all 128 bytes, and the last 80
// must be 0 (else E2BIG).
static const int known_codes[] = {
  SI_QUEUE, SI_QUEUE, SI_QUEUE, SI_USER, SI_TKILL, -2, -3, -7, -60, SI_KERNEL,
  1, 2,
};
static const int unknown_codes[] = { -8, -59, -100, INT_MIN, 100, 127, 0x81, INT_MAX };

// Linux's known_siginfo_layout(): SI_KERNEL; SI_DETHREAD (-7) to
// SI_USER; SI_ASYNCNL (-60); and a positive code up to its signal's
// last (the signals with codes of their own), or to NSIGPOLL (6).
static int
code_known(int sig, int code)
{
  static const int last[NSIG + 1] = {
    [SIGILL] = 11, [SIGFPE] = 15, [SIGSEGV] = 10, [SIGBUS] = 5,
    [SIGTRAP] = 6, [SIGCHLD] = 6, [SIGIO] = 6, [SIGSYS] = 2,
  };

  if(code == SI_KERNEL || code == -60)
    return 1;
  if(code > 0)
    return code <= (sig > 0 && sig <= NSIG && last[sig] ? last[sig] : 6);
  return code >= -7;
}

// May only a signal to oneself carry code? (Not even root may claim to
// be kill, tkill or the kernel to another.)
static int
impersonates(int code)
{
  return code >= 0 || code == SI_TKILL;
}

// Fills as much of a siginfo at p as the fuzzer may write: a code (known
// or not), junk elsewhere, the last 80 bytes mostly 0. *si gets what the
// kernel will find there (also for junk the fuzzer did not fill).
// Returns Linux's answer to it: 0, EFAULT if it cannot read what it
// reads (48 bytes, or all 128 for an unknown code), or E2BIG.
static int
fill_qinfo(struct ptr p, int sig, siginfo_t *si)
{
  long n = p.room > 0 ? p.room : p.readable;
  unsigned char *b = (unsigned char *)si;
  int i;

  memset(si, 0, sizeof(*si));
  if(p.room > 0){
    si->si_signo = rnd64();
    si->si_errno = rnd64();
    si->si_code = one_in(4) ? PICK(unknown_codes) : PICK(known_codes);
    si->si_pid = one_in(2) ? mypid : (int)rnd64();
    si->si_value = rnd64();
    for(i = 48; i < (int)sizeof(*si) && one_in(4); i++)
      b[i] = rnd64();
    memcpy((void *)p.p, si, n < (long)sizeof(*si) ? n : (long)sizeof(*si));
  } else if(p.readable > 0){
    memcpy(si, (void *)p.p, n < (long)sizeof(*si) ? n : (long)sizeof(*si));
  }
  if(n < 48)
    return EFAULT;
  if(code_known(sig, si->si_code))
    return 0;
  if(n < (long)sizeof(*si))
    return EFAULT;
  for(i = 48; i < (int)sizeof(*si); i++)
    if(b[i])
      return E2BIG;
  return 0;
}

// The end both sigqueue calls share: the call's answer r held to want
// (Linux's), a siginfo never taken from fewer than 48 readable bytes,
// and a signal to oneself delivered (h, before: its handler, and how
// often it had run).
static void
sigqueue_done(long r, int want, int sig, struct ptr p, sighandler_t h, int before,
              siginfo_t *si)
{
  expect_sent(r, errno, want, sig);
  if(r == 0 && p.readable < 48)
    bad("= 0: the siginfo read from a bad pointer");
  if(r == 0)
    check_delivered(sig, h, before, si->si_code);
}

// rt_sigqueueinfo(2): tkill's targets and signals, a siginfo at any
// address (fill_qinfo). Linux's order: the siginfo's EFAULT or E2BIG,
// EPERM for a code only a signal to oneself may carry (for a pid <= 0
// too), then ESRCH and EINVAL as kill's.
static void
fz_rt_sigqueueinfo(void)
{
  int pid = pick_target(), sig = pick_sig_for(pid), want;
  struct ptr p = one_in(6) ? bad_ptr() : pick_buf(&qinfo, sizeof(qinfo), sizeof(qinfo));
  sighandler_t h = pid == mypid ? runs_handler(sig) : 0;
  int before = h ? caught[sig] : 0;
  siginfo_t si;
  long r;

  if((want = fill_qinfo(p, sig, &si)) == 0)
    want = impersonates(si.si_code) && pid != mypid ? EPERM : send_result(pid, 0, sig);
  call("rt_sigqueueinfo(%d, %d, %p)", pid, sig, (void *)p.p);
  r = ret(rt_sigqueueinfo(pid, sig, (siginfo_t *)p.p));
  sigqueue_done(r, want, sig, p, h, before, &si);
}

// rt_tgsigqueueinfo(2): tgkill's targets with rt_sigqueueinfo's siginfo.
// Linux's order: the siginfo's EFAULT or E2BIG, EINVAL for a tgid or tid
// <= 0, EPERM, then as tgkill.
static void
fz_rt_tgsigqueueinfo(void)
{
  int tid = pick_target(), tgid = one_in(4) ? pick_target() : tid;
  int sig = pick_sig_for(tid), want;
  struct ptr p = one_in(6) ? bad_ptr() : pick_buf(&qinfo, sizeof(qinfo), sizeof(qinfo));
  sighandler_t h = tid == mypid && tgid == mypid ? runs_handler(sig) : 0;
  int before = h ? caught[sig] : 0;
  siginfo_t si;
  long r;

  want = fill_qinfo(p, sig, &si);
  if(want == 0 && (tgid <= 0 || tid <= 0))
    want = EINVAL;
  else if(want == 0)
    want = impersonates(si.si_code) && tid != mypid ? EPERM :
           send_result(tgid, tid, sig);
  call("rt_tgsigqueueinfo(%d, %d, %d, %p)", tgid, tid, sig, (void *)p.p);
  r = ret(rt_tgsigqueueinfo(tgid, tid, sig, (siginfo_t *)p.p));
  sigqueue_done(r, want, sig, p, h, before, &si);
}

// signalfd4(2): a new signalfd (fd -1), a new mask for one, or any fd; a
// mask of any bits, junk or unreadable; any size and flags. Linux's
// order: EINVAL for a size other than 8, EFAULT for a mask it cannot
// read, EINVAL for flags but SFD_CLOEXEC and SFD_NONBLOCK, EBADF for an
// fd not open (but -1), EINVAL for one that is no signalfd; a signalfd
// gets its new mask and is returned. A new one that does not block
// reads nothing but EAGAIN, or whole records of signals in its mask
// (less SIGKILL and SIGSTOP); under 128 bytes, EINVAL.
static void
fz_signalfd4(void)
{
  static const int valid[] = { SFD_CLOEXEC, SFD_NONBLOCK };
  static struct signalfd_siginfo recs[4];
  static uint64_t mask;
  int fd = one_in(2) ? -1 : one_in(2) ? pick_fd_of(K_SIGNALFD) : pick_fd();
  int flags = pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : SFD_NONBLOCK);
  unsigned long size = PICK(setsizes);
  struct ptr p = one_in(6) ? bad_ptr() : pick_buf(&mask, sizeof(mask), sizeof(mask));
  struct desc *d = fd_desc(fd);
  uint64_t m = 0;
  int want, err, i;
  long r, n, got;

  if(nopen > 400)
    return;
  if(p.room >= 8){
    m = pick_mask();
    memcpy((void *)p.p, &m, 8);
  } else if(p.readable >= 8){
    memcpy(&m, (void *)p.p, 8);
  }
  if(size != sizeof(sigset_t))
    want = EINVAL;
  else if(p.readable < 8)
    want = EFAULT;
  else if(flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
    want = EINVAL;
  else if(fd != -1 && d == 0)
    want = EBADF;
  else if(fd != -1 && d->kind != K_SIGNALFD)
    want = d->kind == K_UNKNOWN ? -1 : EINVAL;
  else
    want = 0;
  call("signalfd4(%d, %p, %lu, %#x)", fd, (void *)p.p, size, flags);
  r = ret(signalfd4(fd, (sigset_t *)p.p, size, flags));
  err = errno;
  if(want > 0)
    expect_result(r, err, want);
  if(want == 0 && fd != -1 && r != fd)
    bad("= %s, not the signalfd %d", show(r, err), fd);
  if(want == 0 && fd == -1 && r < 0 && err != EMFILE && err != ENFILE && err != ENOMEM)
    bad("= %s, expected a new fd", show(r, err));
  if(fd != -1 || r < 0)
    return;
  check_newfd(r);
  fd_set_desc(r, new_desc(K_SIGNALFD, (flags & SFD_NONBLOCK) != 0));
  if(!(flags & SFD_NONBLOCK))
    return;
  n = one_in(4) ? (long)rnd(sizeof(recs[0])) : (long)sizeof(recs[0]) * (1 + rnd(NELEM(recs)));
  call("read(%ld, recs, %ld)", r, n);
  got = ret(read(r, recs, n));
  err = errno;
  if(n < (long)sizeof(recs[0]) && !(got == -1 && err == EINVAL))
    bad("= %s: less than a record asked, expected -1 (EINVAL)", show(got, err));
  if(n >= (long)sizeof(recs[0]) && !(got == -1 && err == EAGAIN) &&
     (got <= 0 || got % sizeof(recs[0]) || got > n))
    bad("= %s, expected EAGAIN or whole records", show(got, err));
  for(i = 0; i < got / (long)sizeof(recs[0]); i++)
    if(recs[i].ssi_signo < 1 || recs[i].ssi_signo > NSIG ||
       !(m & ~UNBLOCKABLE & SIGMASK(recs[i].ssi_signo)))
      bad("= %ld: a record of signal %u, not in the mask %#lx", got,
          recs[i].ssi_signo, (unsigned long)m);
}

static struct itimerval itvs[2];        // a new timer value, an old one
static const int whichs[] = {
  ITIMER_REAL, ITIMER_REAL, ITIMER_REAL, ITIMER_REAL, ITIMER_REAL, ITIMER_REAL,
  ITIMER_VIRTUAL, ITIMER_PROF, 3, -1, INT_MAX,
};

// A time for the timer: mostly none or a few ms, sometimes long or
// invalid.
static void
pick_timeval(int64_t *sec, int64_t *usec)
{
  static const int64_t vals[][2] = {
    { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 1 }, { 0, 1000 }, { 0, 5000 },
    { 0, 20000 }, { 1, 0 }, { 3600, 0 }, { 0, 1000000 }, { 0, -1 }, { -1, 0 },
    { INT64_MAX, 999999 }, { INT64_MIN, 0 },
  };
  int i = rnd(NELEM(vals));

  *sec = vals[i][0];
  *usec = vals[i][1];
}

static int
timeval_ok(int64_t sec, int64_t usec)
{
  return sec >= 0 && usec >= 0 && usec < 1000000;
}

// Is (s1, u1) later than (s2, u2)?
static int
timeval_after(int64_t s1, int64_t u1, int64_t s2, int64_t u2)
{
  return s1 > s2 || (s1 == s2 && u1 > u2);
}

static void
check_itimerval(const char *what, const struct itimerval *v)
{
  if(!timeval_ok(v->it_interval_sec, v->it_interval_usec) ||
     !timeval_ok(v->it_value_sec, v->it_value_usec))
    bad("= 0, but the %s timer is {%ld.%06ld, %ld.%06ld}", what,
        (long)v->it_interval_sec, (long)v->it_interval_usec,
        (long)v->it_value_sec, (long)v->it_value_usec);
}

// setitimer(2): which good and bad, a new value (pick_timeval), none
// (which disarms) or unreadable; the old one anywhere. Linux's order:
// EFAULT for a value it cannot read, EINVAL for an invalid one, EINVAL
// for which not 0, 1 or 2, EFAULT for an old one it cannot write (the
// timer is set by then). nudge has only ITIMER_REAL: ITIMER_VIRTUAL and
// ITIMER_PROF are EINVAL (docs/linux-differences.md; Linux: 0). Then
// getitimer says the interval set (0 if disarmed) and no more time
// left than the value or the interval. SIGALRM always has a harmless
// action; a period under 10 ms is stopped at once, not to flood the run.
static void
fz_setitimer(void)
{
  int which = PICK(whichs), want, sets = 0;
  struct ptr nv = one_in(6) ? bad_ptr() : pick_buf(&itvs[0], sizeof(itvs[0]), sizeof(itvs[0]));
  struct ptr old = one_in(3) ? (struct ptr){ 0, 0, 0 } :
                   pick_buf(&itvs[1], sizeof(itvs[1]), sizeof(itvs[1]));
  struct itimerval v = { 0, 0, 0, 0 }, cur, off = { 0, 0, 0, 0 };
  int64_t isec, iusec;
  long r;

  if(nv.room >= (long)sizeof(v)){
    pick_timeval(&v.it_interval_sec, &v.it_interval_usec);
    pick_timeval(&v.it_value_sec, &v.it_value_usec);
    memcpy((void *)nv.p, &v, sizeof(v));
  } else if(nv.readable >= (long)sizeof(v)){
    memcpy(&v, (void *)nv.p, sizeof(v));
  }
  if(nv.p && nv.readable < (long)sizeof(v))
    want = EFAULT;
  else if(!timeval_ok(v.it_value_sec, v.it_value_usec) ||
          !timeval_ok(v.it_interval_sec, v.it_interval_usec) || which != ITIMER_REAL)
    want = EINVAL;
  else {
    sets = 1;
    want = old.p && old.room < (long)sizeof(v) ? EFAULT : 0;
  }
  call("setitimer(%d, %p, %p)", which, (void *)nv.p, (void *)old.p);
  r = ret(setitimer(which, (struct itimerval *)nv.p, (struct itimerval *)old.p));
  expect_result(r, errno, want);
  if(r == 0 && old.p)
    check_itimerval("old", (struct itimerval *)old.p);
  if(!sets)
    return;
  if(getitimer(ITIMER_REAL, &cur) != 0)
    bad("then getitimer(ITIMER_REAL) = %s", show(-1, errno));
  check_itimerval("new", &cur);
  isec = v.it_value_sec || v.it_value_usec ? v.it_interval_sec : 0;
  iusec = v.it_value_sec || v.it_value_usec ? v.it_interval_usec : 0;
  if(isec < 1000000 && (cur.it_interval_sec != isec || cur.it_interval_usec != iusec))
    bad("then getitimer: interval %ld.%06ld, not %ld.%06ld",
        (long)cur.it_interval_sec, (long)cur.it_interval_usec, (long)isec, (long)iusec);
  if(timeval_after(cur.it_value_sec, cur.it_value_usec, v.it_value_sec, v.it_value_usec) &&
     timeval_after(cur.it_value_sec, cur.it_value_usec, isec, iusec))
    bad("then getitimer: %ld.%06ld left, more than set",
        (long)cur.it_value_sec, (long)cur.it_value_usec);
  if(isec == 0 && iusec > 0 && iusec < 10000)
    setitimer(ITIMER_REAL, &off, 0);
}

// getitimer(2): ITIMER_REAL's timer (sane times), the others EINVAL (as
// for setitimer), at any address (EFAULT).
static void
fz_getitimer(void)
{
  int which = PICK(whichs);
  struct ptr p = one_in(5) ? bad_ptr() : pick_buf(&itvs[1], sizeof(itvs[1]), sizeof(itvs[1]));
  int want = which != ITIMER_REAL ? EINVAL : p.room < (long)sizeof(itvs[1]) ? EFAULT : 0;
  long r;

  call("getitimer(%d, %p)", which, (void *)p.p);
  r = ret(getitimer(which, (struct itimerval *)p.p));
  expect_result(r, errno, want);
  if(r == 0)
    check_itimerval("current", (struct itimerval *)p.p);
}

// restart_syscall(2) with nothing to restart: EINTR, as Linux answers. A
// fuzzing process never has anything to restart here: a sleep a signal
// cuts short ends in a handler (EINTR), and its rt_sigreturn forgets the
// restart.
static void
fz_restart_syscall(void)
{
  long r;

  call("restart_syscall()");
  r = ret(restart_syscall());
  expect_result(r, errno, EINTR);
}

/* ---- sockets ---------------------------------------------------------------- */

/*
 * The socket calls, on AF_UNIX sockets of the three kinds (stream,
 * datagram, seqpacket) and on any other fd. A socket's fd is one more
 * kind (K_SOCKET), so every generator gets sockets too.
 *
 * What Linux answers to a call's arguments themselves, each generator
 * works out part by part (the fd, a name, the buffers, the flags), in
 * Linux's order (net/socket.c, net/unix/af_unix.c): the first part that
 * fails gives the answer, held exactly. What then depends on the
 * socket's state (bound, listening, connected, its queue), which the
 * fuzzer does not follow, must be success or one of the errors Linux
 * gives for it. One answer is not held: MSG_OOB on a stream socket,
 * urgent data to Linux, EOPNOTSUPP to nudge (docs/linux-differences.md).
 *
 * A call that may wait (accept, a stream connect, a send or receive
 * without MSG_DONTWAIT) on a socket not known to be O_NONBLOCK runs in
 * a doomed grandchild. Names are the child's own: paths under its
 * scratch directory, abstract names that begin with its name.
 */
#define AF_MAX        46            // Linux's: families are below it
#define ADDR_MAX      128           // struct sockaddr_storage: the most read
#define MAX_RW_COUNT  0x7ffff000L   // Linux cuts a count to this
#define OPTMEM_MAX    131072        // net.core.optmem_max: the most control bytes
#define BY_STATE      -1            // a part's answer: the state's (errs[])
#define UNTOLD        -2            // ... any: an fd of unknown kind

static const int no_room[] = { ENOMEM, ENOBUFS, EMFILE, ENFILE, 0 };

static int
one_of(int err, const int *errs)
{
  for(; *errs; errs++)
    if(*errs == err)
      return 1;
  return 0;
}

// Linux's answer, given each part's (0: it passes) in its order: the
// first that fails, or 0; UNTOLD (not held) if nudge answers some part
// otherwise (odd).
static void
first_failing(const int *part, int odd, int n, int *want)
{
  int i;

  *want = 0;
  for(i = 0; i < n && *want == 0; i++)
    *want = part[i];
  if(odd)
    *want = UNTOLD;
}

// A socket call's answer, against want: an errno, exactly; 0, success;
// BY_STATE, success or one of errs[], which the socket's state may
// bring; UNTOLD, anything. Want of memory or fds may come first.
static void
expect_sock(long r, int err, int want, const int *errs)
{
  if(r != -1){
    if(want > 0)
      bad("= %ld, expected -1 (%s)", r, errname(want));
    return;
  }
  if(want == UNTOLD || one_of(err, no_room))
    return;
  if(want == 0)
    bad("= %s, expected success", show(r, err));
  if(want > 0 && err != want)
    bad("= %s, expected -1 (%s)", show(r, err), errname(want));
  if(want == BY_STATE && !one_of(err, errs))
    bad("= %s, an error Linux does not give here", show(r, err));
}

// Linux's first answer for the fd of a socket call: EBADF if it is not
// open, ENOTSOCK if it is no socket, 0 for a socket; UNTOLD if the
// fuzzer cannot tell (an fd of unknown kind).
static int
sockfd_want(int fd)
{
  struct desc *d = fd_desc(fd);

  if(d == 0)
    return EBADF;
  if(d->kind == K_UNKNOWN)
    return UNTOLD;
  return d->kind == K_SOCKET ? 0 : ENOTSOCK;
}

// A socket's type, as far as the fuzzer knows (0 if it does not).
static int
socktype(int fd)
{
  struct desc *d = fd_desc(fd);

  return d && d->kind == K_SOCKET ? d->socktype : 0;
}

// Could a call on fd wait, given its MSG_ flags: a socket, or what may
// be one, not known to be O_NONBLOCK, without MSG_DONTWAIT?
static int
sock_waits(int fd, int flags)
{
  struct desc *d = fd_desc(fd);

  if(d == 0 || (flags & MSG_DONTWAIT))
    return 0;
  return (d->kind == K_SOCKET || d->kind == K_UNKNOWN) && !d->nonblock;
}

// A new fd: check_newfd's rules, and not one this process has open.
static void
check_fresh_fd(long r)
{
  check_newfd(r);
  if(r >= 0 && fd_desc(r))
    bad("= %ld: fd %ld was open already", r, r);
}

// fd is a new socket of type (SOCK_RAW: a datagram socket, as Linux makes
// it), its own description.
static void
sock_made(int fd, int type, int nonblock)
{
  int d = new_desc(K_SOCKET, nonblock);

  type &= SOCK_TYPE_MASK;
  if(d)
    descs[d].socktype = type == SOCK_RAW ? SOCK_DGRAM : type;
  fd_set_desc(fd, d);
}

// fd came in a message (SCM_RIGHTS): a description that may be one this
// process has under another desc, so shared (struct desc), of the kind
// fstat says; a socket's type from SO_TYPE.
static void
fd_received(int fd)
{
  int d = new_desc(stat_kind(fd), 0), type = 0;
  socklen_t n = sizeof(type);

  if(verbose)
    dprintf(LOG_FD, "fuzz: %d   fd %d came in a message\n", mypid, fd);
  if(d){
    descs[d].shared = 1;
    if(descs[d].kind == K_SOCKET && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &n) == 0)
      descs[d].socktype = type;
  }
  fd_set_desc(fd, d);
}

#define NRING 8
static int made[NRING], nmade;          // sockets socket() made lately: bind's
static int named[NRING], nnamed;        // ... bound lately: listen's
static int listeners[NRING], nlisteners;  // ... listening: accept's, connect's

// fd goes on a ring (made, named, listeners; *n added so far), to come
// back often (it may be closed, or another fd, by then).
static void
ring_add(int *ring, int *n, int fd)
{
  ring[(*n)++ % NRING] = fd;
}

// Does fd hold a socket of type (0: of any; -1: not a datagram one)?
static int
sock_is(int fd, int type)
{
  int t = socktype(fd);

  return t && (type == 0 || t == type || (type == -1 && t != SOCK_DGRAM));
}

// Mostly a socket of the ring (n added so far) that is still a socket of
// type (sock_is); else any socket.
static int
pick_from(const int *ring, int n, int type)
{
  int fd;

  if(n > 0 && !one_in(3)){
    fd = ring[rnd(n < NRING ? n : NRING)];
    if(sock_is(fd, type))
      return fd;
  }
  return pick_fd_of(K_SOCKET);
}

// A family, a type and a protocol for socket and socketpair: mostly
// AF_UNIX and its three kinds, with SOCK_NONBLOCK (so that calls on the
// socket need no doomed grandchild); sometimes odd ones or any bits.
static void
pick_sock_args(int *family, int *type, int *protocol)
{
  static const int families[] = { AF_UNSPEC, 2, 10, 16, 45, AF_MAX, -1, INT_MAX };
  static const int kinds[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
  static const int types[] = { SOCK_RAW, 0, 4, 6, 10, SOCK_MAX, 15 };
  static const int protocols[] = { AF_UNIX, 2, -1, INT_MAX };
  static const int valid[] = { SOCK_NONBLOCK, SOCK_CLOEXEC };

  *family = one_in(10) ? PICK(families) : AF_UNIX;
  *type = (one_in(10) ? PICK(types) : PICK(kinds)) | pick_flags(valid, 2) |
          (one_in(8) ? 0 : SOCK_NONBLOCK);
  *protocol = one_in(10) ? PICK(protocols) : 0;
}

// Linux's answer to socket(family, type, protocol) (__sys_socket,
// __sock_create, unix_create): EINVAL for flags in type but
// SOCK_NONBLOCK and SOCK_CLOEXEC, EAFNOSUPPORT for a family outside
// [0, AF_MAX), EINVAL for a type past SOCK_MAX, EAFNOSUPPORT for a
// family but AF_UNIX (nudge's only one: docs/linux-differences.md), then
// EPROTONOSUPPORT, ESOCKTNOSUPPORT; 0, a socket.
static int
socket_want(int family, int type, int protocol)
{
  int t = type & SOCK_TYPE_MASK;

  if(type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
    return EINVAL;
  if(family < 0 || family >= AF_MAX)
    return EAFNOSUPPORT;
  if(t >= SOCK_MAX)
    return EINVAL;
  if(family != AF_UNIX)
    return EAFNOSUPPORT;
  if(protocol != 0 && protocol != AF_UNIX)
    return EPROTONOSUPPORT;
  if(t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET && t != SOCK_RAW)
    return ESOCKTNOSUPPORT;
  return 0;
}

// socket(2): pick_sock_args's, held to socket_want. A socket made is a
// new fd, and comes back in bind and connect.
static void
fz_socket(void)
{
  int family, type, protocol, want;
  long r;

  if(nopen > 400)
    return;
  pick_sock_args(&family, &type, &protocol);
  want = socket_want(family, type, protocol);
  call("socket(%d, %#x, %d)", family, type, protocol);
  r = ret(socket(family, type, protocol));
  expect_sock(r, errno, want, 0);
  if(r < 0)
    return;
  check_fresh_fd(r);
  sock_made(r, type, (type & SOCK_NONBLOCK) != 0);
  ring_add(made, &nmade, r);
}

// socketpair(2): socket's arguments, and room for the two fds or not
// (pick_buf). Linux's order: EINVAL for flags, then (two fds reserved)
// EFAULT if it cannot store them, then socket_want. Two new fds, two
// sockets.
static void
fz_socketpair(void)
{
  static int sv[2];
  struct ptr p = pick_buf(sv, sizeof(sv), sizeof(sv));
  int family, type, protocol, want, part[3], fds[2];
  long r;

  if(nopen > 400)
    return;
  pick_sock_args(&family, &type, &protocol);
  part[0] = type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC) ? EINVAL : 0;
  part[1] = p.room < (long)sizeof(sv) ? EFAULT : 0;
  part[2] = socket_want(family, type, protocol);
  first_failing(part, 0, 3, &want);
  call("socketpair(%d, %#x, %d, %p)", family, type, protocol, (void *)p.p);
  r = ret(socketpair(family, type, protocol, (int *)p.p));
  expect_sock(r, errno, want, 0);
  if(r != 0)
    return;
  if(p.room < (long)sizeof(sv))
    bad("= 0: two fds stored where only %ld bytes fit", p.room);
  memcpy(fds, (void *)p.p, sizeof(fds));
  check_fresh_fd(fds[0]);
  check_fresh_fd(fds[1]);
  if(fds[0] < 0 || fds[1] < 0 || fds[0] == fds[1])
    bad("= 0: fds %d and %d", fds[0], fds[1]);
  sock_made(fds[0], type, (type & SOCK_NONBLOCK) != 0);
  sock_made(fds[1], type, (type & SOCK_NONBLOCK) != 0);
}

/* ---- sockets: names ------------------------------------------------------- */

// The name a call is given (nb.sa), with the bytes past it that Linux
// reads too: up to 128 (struct sockaddr_storage).
static struct {
  struct sockaddr_un sa;
  char past[ADDR_MAX - sizeof(struct sockaddr_un)];
} nb;
static struct sockaddr_un names[NRING]; // names this process bound lately
static int namelens[NRING];
static int nbound;                      // names bound so far

// A name of len bytes at a, one of the child's own, comes back in later
// calls (pick_sockaddr).
static void
remember_name(const struct sockaddr_un *a, int len)
{
  names[nbound % NELEM(names)] = *a;
  namelens[nbound++ % NELEM(names)] = len;
}

// A fresh name of the child's own into nb.sa: a path under its scratch
// directory, or an abstract name, a NUL then the scratch directory's
// name (no other child's begins so). Its length: its bytes, a path's
// NUL too.
static int
fresh_name(void)
{
  static const char *const tails[] = { "", "a", "b" };

  memset(&nb.sa, 0, sizeof(nb.sa));
  nb.sa.sun_family = AF_UNIX;
  if(one_in(2))
    return 2 + snprintf(nb.sa.sun_path, sizeof(nb.sa.sun_path), "%s", scratch_path()) + 1;
  return 2 + 1 + snprintf(nb.sa.sun_path + 1, sizeof(nb.sa.sun_path) - 1, "%s%s",
                          scratch + 1, PICK(tails));
}

// The family of a name at p, which can be read.
static int
family_at(struct ptr p)
{
  uint16_t f;

  memcpy(&f, (void *)p.p, sizeof(f));
  return f;
}

// A name for bind, connect or a send, in nb.sa: half the time one this
// process bound (so that connects and sends find someone), else a fresh
// one; rarely of another family. Its length (*len): its own, a path's
// without its NUL, all of sun_path, or one Linux refuses: under 3 (2 is
// bind's autobind), over 110 (read first, up to 128), negative. Never
// shorter than its own but for those: a path cut short could leave the
// scratch directory, an abstract name its prefix. The pointer: nb.sa, a
// copy at the heap's end (maybe cut short), or a bad one, but never junk
// that reads as AF_UNIX: a name no one chose, perhaps anywhere.
static struct ptr
pick_sockaddr(int *len)
{
  static const int odd[] = { 0, 1, 2, 111, ADDR_MAX, ADDR_MAX + 1, 1000, -1, INT_MIN };
  static const uint16_t families[] = { AF_UNSPEC, 2, 10, 0xffff };
  struct ptr p = { (uintptr_t)&nb, sizeof(nb), sizeof(nb) };
  int own, k;

  if(nbound > 0 && one_in(2)){
    k = rnd(nbound < NELEM(names) ? nbound : NELEM(names));
    nb.sa = names[k];
    own = namelens[k];
  } else {
    own = fresh_name();
  }
  switch(rnd(6)){
  case 0:
    *len = PICK(odd);
    break;
  case 1:
    *len = sizeof(nb.sa);
    break;
  case 2:
    *len = nb.sa.sun_path[0] ? own - 1 : own;
    break;
  default:
    *len = own;
    break;
  }
  if(one_in(12))
    nb.sa.sun_family = PICK(families);
  if(one_in(10)){
    p = bad_ptr();
    if(p.readable >= 2 && family_at(p) == AF_UNIX)
      p = (struct ptr){ KERNBASE, 0, 0 };
  } else if(one_in(10)){
    k = rnd(sizeof(nb.sa) + 1);
    memcpy((char *)top() - k, &nb.sa, k);
    p = (struct ptr){ top() - k, k, k };
  }
  return p;
}

// Linux's answer to taking in a name of len bytes at p
// (move_addr_to_kernel): EINVAL for a length under 0 or over 128,
// EFAULT for bytes it cannot read; 0 once they are in.
static int
name_in_want(struct ptr p, int len)
{
  if(len < 0 || len > ADDR_MAX)
    return EINVAL;
  return len > 0 && p.readable < len ? EFAULT : 0;
}

// Linux's answer to a name (read) for a socket (unix_validate_addr):
// EINVAL for fewer than 3 bytes, more than 110, or another family but
// AF_UNSPEC where unspec (a datagram connect takes it: no peer).
static int
unix_name_want(struct ptr p, int len, int unspec)
{
  if(unspec && len >= 2 && family_at(p) == AF_UNSPEC)
    return 0;
  if(len <= 2 || len > (int)sizeof(struct sockaddr_un) || family_at(p) != AF_UNIX)
    return EINVAL;
  return 0;
}

static struct sockaddr_un nameout;      // where the kernel writes a name
static int nameoutlen;                  // ... and its length

// Room for a name the kernel writes back: nameout (filled with 0xa5, to
// see what it wrote) or a bad pointer or none; and for its length,
// nameoutlen (holding a good or absurd value), or a bad pointer. *given
// is the length as the kernel will read it.
static void
pick_nameout(struct ptr *addr, struct ptr *lenp, int *given)
{
  static const int lens[] = {
    sizeof(struct sockaddr_un), sizeof(struct sockaddr_un), 0, 1, 2, 3, 8, 16, 111,
    ADDR_MAX, 1000, -1, INT_MIN,
  };

  memset(&nameout, 0xa5, sizeof(nameout));
  *addr = pick_buf(&nameout, sizeof(nameout), sizeof(nameout));
  if(one_in(8))
    *addr = (struct ptr){ 0, 0, 0 };
  *lenp = pick_buf(&nameoutlen, sizeof(nameoutlen), sizeof(nameoutlen));
  if(lenp->room >= 4)
    *(int *)lenp->p = PICK(lens);
  *given = 0;
  if(lenp->readable >= 4)
    memcpy(given, (void *)lenp->p, 4);
}

// Linux's answer to giving back a name of klen bytes, at least kmin (2
// for a socket's, 0 for a sender's) and at most 110, at addr, and klen
// at lenp (move_addr_to_user): EFAULT if it cannot read the room at
// lenp, EINVAL if that is negative, EFAULT if it cannot write
// min(room, klen) bytes at addr or klen at lenp; 0. BY_STATE if it
// depends on klen.
static int
name_out_want(struct ptr addr, struct ptr lenp, int given, int kmin)
{
  int most = given < (int)sizeof(struct sockaddr_un) ? given : sizeof(struct sockaddr_un);

  if(lenp.readable < 4)
    return EFAULT;
  if(given < 0)
    return EINVAL;
  if(addr.room < (given < kmin ? given : kmin) || lenp.room < 4)
    return EFAULT;
  return addr.room < most ? BY_STATE : 0;
}

// After a call that gave back a name (r >= 0): Linux gives the name's
// whole length, kmin (no name) or 3 to 110 bytes, and writes no more of
// it than the room given (the rest of nameout keeps its 0xa5s).
static void
check_nameout(struct ptr addr, struct ptr lenp, int given, int kmin)
{
  int klen;
  unsigned int i;

  memcpy(&klen, (void *)lenp.p, sizeof(klen));
  if(klen < kmin || klen > (int)sizeof(struct sockaddr_un) || (klen < 3 && klen != kmin))
    bad("= a name of %d bytes", klen);
  if(addr.p != (uintptr_t)&nameout)
    return;
  for(i = given < klen ? given : klen; i < sizeof(nameout); i++)
    if(((unsigned char *)&nameout)[i] != 0xa5)
      bad("= a name of %d bytes, room for %d, but byte %u written", klen, given, i);
}

/* ---- sockets: making connections ------------------------------------------ */

// After a bind of fd to the name at p (len bytes) that succeeded: the
// name is fd's (getsockname), as long as Linux makes it: a path's bytes
// and NUL, an abstract name's len. One of the child's own (not an
// autobound one: another's may be the same, later) comes back in later
// calls.
static void
bound_name(int fd, struct ptr p, int len)
{
  struct sockaddr_un got;
  socklen_t n = sizeof(got);
  int want;

  if(getsockname(fd, &got, &n) != 0)
    bad("= 0, but then getsockname: %s", errname(errno));
  if(len == 2){
    if(n < 3)
      bad("= 0 (autobind), but getsockname gives %u bytes", n);
    return;
  }
  memmove(&nb.sa, (void *)p.p, len);
  want = nb.sa.sun_path[0] ? 2 + (int)strnlen(nb.sa.sun_path, len - 2) + 1 : len;
  if((int)n != want || memcmp(&got, &nb.sa, want - (nb.sa.sun_path[0] ? 1 : 0)) != 0)
    bad("= 0, but getsockname gives %u bytes, not the %d bound", n, want);
  remember_name(&nb.sa, len);
}

// bind(2): a name (pick_sockaddr) for a socket made lately, or any fd
// (pick_from). Linux's order: EBADF, ENOTSOCK, the name taken in; then
// only the family (2 bytes) is autobind, 0 even for a socket with a
// name; else the name's checks; then the state: EINVAL for a socket
// with a name (a path's EADDRINUSE, or the lookup's errors, first),
// EADDRINUSE for a name taken.
static void
fz_bind(void)
{
  static const int errs[] = {
    EINVAL, EADDRINUSE, ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, ENOSPC, 0,
  };
  int fd = pick_from(made, nmade, 0), len, want;
  struct ptr p = pick_sockaddr(&len);
  long r;

  want = sockfd_want(fd);
  if(want == 0)
    want = name_in_want(p, len);
  if(want == 0 && !(len == 2 && family_at(p) == AF_UNIX))
    want = unix_name_want(p, len, 0) ? EINVAL : BY_STATE;
  call("bind(%d, %p, %d)", fd, (void *)p.p, len);
  r = ret(bind(fd, (void *)p.p, len));
  expect_sock(r, errno, want, errs);
  if(r == 0){
    bound_name(fd, p, len);
    ring_add(named, &nnamed, fd);
  }
}

// fd listens now: it comes back in accept and connect, and its name, if
// it is one of the child's own (not autobound: another's may be the
// same, later), in calls that take a name.
static void
listening(int fd)
{
  struct sockaddr_un a;
  socklen_t n = sizeof(a);
  int k = strlen(scratch);

  ring_add(listeners, &nlisteners, fd);
  if(getsockname(fd, &a, &n) == 0 && n > 2 + k &&
     (strncmp(a.sun_path, scratch, k) == 0 ||
      (a.sun_path[0] == 0 && strncmp(a.sun_path + 1, scratch + 1, k - 1) == 0)))
    remember_name(&a, n);
}

// listen(2): any backlog, negative and past SOMAXCONN too (cut to it).
// Linux's order: EBADF, ENOTSOCK, EOPNOTSUPP for a datagram socket; then
// EINVAL for one with no name, or connected.
static void
fz_listen(void)
{
  static const int backlogs[] = { 0, 1, 2, 5, 4096, 4097, -1, INT_MAX, INT_MIN };
  static const int errs[] = { EINVAL, 0 };
  int fd = pick_from(named, nnamed, -1), backlog = PICK(backlogs);
  int want = sockfd_want(fd);
  long r;

  if(want == 0)
    want = socktype(fd) == SOCK_DGRAM ? EOPNOTSUPP : socktype(fd) ? BY_STATE : UNTOLD;
  call("listen(%d, %d)", fd, backlog);
  r = ret(listen(fd, backlog));
  expect_sock(r, errno, want, errs);
  if(r == 0)
    listening(fd);
}

// The name of a socket listening lately, as it is now, into nb.sa: its
// length, or 0 if there is none (an autobound one too: it is this
// process's while the socket lives); its type in *type.
static int
listener_name(int *type)
{
  int fd = pick_from(listeners, nlisteners, -1);
  socklen_t n = sizeof(nb.sa);

  *type = socktype(fd);
  if(*type == 0 || *type == SOCK_DGRAM || getsockname(fd, &nb.sa, &n) != 0 || n <= 2)
    return 0;
  return n;
}

// connect(2): a name (pick_sockaddr) for any socket, or half the time a
// listener's for one made lately; a stream or seqpacket connect
// that may wait (a listener's backlog full) runs doomed. Linux's
// order: EBADF, ENOTSOCK, the name taken in; the name's checks (a
// datagram socket takes AF_UNSPEC: no peer); then the state: no socket
// of that name and type (ENOENT, ECONNREFUSED, EPROTOTYPE), a datagram
// receiver connected to another (EPERM), EISCONN, EINVAL (a listener),
// EAGAIN (a full backlog).
static void
fz_connect(void)
{
  static const int errs[] = {
    ENOENT, ENOTDIR, ECONNREFUSED, EPROTOTYPE, EPERM, EISCONN, EINVAL, EAGAIN,
    EINTR, 0,
  };
  int fd, len = 0, want, type;
  struct ptr p = { (uintptr_t)&nb, sizeof(nb), sizeof(nb) };
  long r;

  if(one_in(2) && (len = listener_name(&type)) > 0){
    fd = pick_from(made, nmade, type);
  } else {
    fd = pick_fd_of(K_SOCKET);
    p = pick_sockaddr(&len);
  }
  type = socktype(fd);
  want = sockfd_want(fd);
  if(want == 0)
    want = name_in_want(p, len);
  if(want == 0)
    want = type ? unix_name_want(p, len, type == SOCK_DGRAM) : UNTOLD;
  if(want == 0 && !(type == SOCK_DGRAM && family_at(p) == AF_UNSPEC))
    want = BY_STATE;
  if(type != SOCK_DGRAM && sock_waits(fd, 0) && !doomed())
    return;
  call("connect(%d, %p, %d)", fd, (void *)p.p, len);
  r = ret(connect(fd, (void *)p.p, len));
  expect_sock(r, errno, want, errs);
  if(depth == 2)
    exit(0);
}

// accept(2) (four 0) and accept4(2) (four 1, with flags mostly
// SOCK_NONBLOCK): a connection from a listener, its peer's name given
// back (pick_nameout) or not; one on a listener that may wait runs
// doomed. Linux's order: EBADF, EINVAL for flags but SOCK_NONBLOCK and
// SOCK_CLOEXEC, ENOTSOCK, EOPNOTSUPP for a datagram socket; then the
// state, EINVAL if it does not listen, EAGAIN; then the name (the
// connection is lost if it cannot be given). The connection is a new
// fd, a socket of the listener's type.
static void
fz_accept_call(int four)
{
  static const int valid[] = { SOCK_NONBLOCK, SOCK_CLOEXEC };
  static const int errs[] = { EINVAL, EAGAIN, EINTR, EFAULT, 0 };
  int fd = pick_from(listeners, nlisteners, -1), type = socktype(fd), given = 0, part[4];
  int want, w;
  int flags = four ? pick_flags(valid, 2) | (one_in(8) ? 0 : SOCK_NONBLOCK) : 0;
  struct ptr addr = { 0, 0, 0 }, lenp = { 0, 0, 0 };
  long r;

  if(!one_in(3))
    pick_nameout(&addr, &lenp, &given);
  part[0] = sockfd_want(fd) == EBADF ? EBADF : 0;
  part[1] = flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC) ? EINVAL : 0;
  part[2] = sockfd_want(fd) == EBADF ? 0 : sockfd_want(fd);
  part[3] = type == SOCK_DGRAM ? EOPNOTSUPP : type ? BY_STATE : UNTOLD;
  first_failing(part, 0, 4, &want);
  if(sock_waits(fd, 0) && !doomed())
    return;
  if(four)
    call("accept4(%d, %p, %p, %#x)", fd, (void *)addr.p, (void *)lenp.p, flags);
  else
    call("accept(%d, %p, %p)", fd, (void *)addr.p, (void *)lenp.p);
  r = ret(four ? accept4(fd, (void *)addr.p, (socklen_t *)lenp.p, flags) :
                 accept(fd, (void *)addr.p, (socklen_t *)lenp.p));
  expect_sock(r, errno, want, errs);
  w = addr.p ? name_out_want(addr, lenp, given, 2) : 0;
  if(r == -1 && errno == EFAULT && w == 0)
    bad("= -1 (EFAULT), but the name had room");
  if(r >= 0 && w > 0)
    bad("= %ld, but Linux cannot give the name (%s)", r, errname(w));
  if(r >= 0 && addr.p)
    check_nameout(addr, lenp, given, 2);
  if(r >= 0){
    check_fresh_fd(r);
    sock_made(r, type, (flags & SOCK_NONBLOCK) != 0);
  }
  if(depth == 2)
    exit(0);
}

static void
fz_accept(void)
{
  fz_accept_call(0);
}

static void
fz_accept4(void)
{
  fz_accept_call(1);
}

/* ---- sockets: names, options, shutdown ------------------------------------ */

// getsockname(2) (peer 0) and getpeername(2): the name given back at
// good or bad addresses (pick_nameout). Linux's order: EBADF, ENOTSOCK,
// ENOTCONN for a peer that is not there, then the name (name_out_want).
static void
fz_getname(int peer)
{
  int fd = pick_fd_of(K_SOCKET), given, want, errs[3] = { ENOTCONN, 0, 0 };
  struct ptr addr, lenp;
  long r;

  pick_nameout(&addr, &lenp, &given);
  want = sockfd_want(fd);
  if(want == 0)
    want = name_out_want(addr, lenp, given, 2);
  if(want > 0 && sockfd_want(fd) == 0 && peer){
    errs[0] = want;
    errs[1] = ENOTCONN;
    want = BY_STATE;
  } else if(want == BY_STATE){
    errs[peer] = EFAULT;
  } else if(want == 0 && peer){
    want = BY_STATE;
  }
  call("%s(%d, %p, %p)", peer ? "getpeername" : "getsockname", fd, (void *)addr.p,
       (void *)lenp.p);
  r = ret(peer ? getpeername(fd, (void *)addr.p, (socklen_t *)lenp.p) :
                 getsockname(fd, (void *)addr.p, (socklen_t *)lenp.p));
  expect_sock(r, errno, want, errs);
  if(r == 0)
    check_nameout(addr, lenp, given, 2);
}

static void
fz_getsockname(void)
{
  fz_getname(0);
}

static void
fz_getpeername(void)
{
  fz_getname(1);
}

// Levels and options for setsockopt and getsockopt: mostly SOL_SOCKET
// and the options nudge has; others are EOPNOTSUPP (a level) and
// ENOPROTOOPT (an option), as for Linux but for SO_KEEPALIVE, an option
// nudge does not have (docs/sockets.md).
static const int levels[] = { SOL_SOCKET, 0, 6, 41, 263, -1 };
static const int opts[] = {
  SO_SNDBUF, SO_RCVBUF, SO_PASSCRED, SO_TYPE, SO_ERROR, SO_PEERCRED,
  SO_ACCEPTCONN, SO_PROTOCOL, SO_DOMAIN, 9, 0, 12345, -1,
};

static int
pick_level(void)
{
  return one_in(6) ? PICK(levels) : SOL_SOCKET;
}

// What nudge's kernel keeps for SO_SNDBUF (snd) or SO_RCVBUF set to val:
// Linux's, with its default limits (net.core.wmem_max and rmem_max,
// 212992): twice the value, at most that, at least SOCK_MIN_SNDBUF or
// SOCK_MIN_RCVBUF.
static int
bufsize(int snd, int val)
{
  unsigned int v = (unsigned int)val > 212992 ? 212992 : (unsigned int)val;
  int least = snd ? 4608 : 2304;

  return 2 * (int)v < least ? least : 2 * (int)v;
}

// setsockopt(2): any level, option and length; the value at a good or
// bad address. Linux's order: EBADF, ENOTSOCK, EINVAL for a negative
// length, EOPNOTSUPP for a level but SOL_SOCKET, EINVAL for a length
// under 4, EFAULT for a value it cannot read, ENOPROTOOPT for an option
// nudge cannot set; 0. A buffer size set reads back as bufsize says
// (when no child of this process could change it meanwhile).
static void
fz_setsockopt(void)
{
  static const int lens[] = { 4, 4, 4, 0, 1, 3, 8, 100, -1, INT_MIN };
  static const int vals[] = { 0, 1, -1, 4096, 65536, 1 << 30, INT_MAX, INT_MIN };
  static int val;
  int fd = pick_fd_of(K_SOCKET), level = pick_level(), opt = PICK(opts);
  int len = PICK(lens), part[6], want, got;
  struct ptr p = pick_buf(&val, sizeof(val), sizeof(val));
  socklen_t n = sizeof(got);
  long r;

  if(p.room >= 4)
    *(int *)p.p = PICK(vals);
  part[0] = sockfd_want(fd);
  part[1] = len < 0 ? EINVAL : 0;
  part[2] = level != SOL_SOCKET ? EOPNOTSUPP : 0;
  part[3] = len < 4 ? EINVAL : 0;
  part[4] = p.readable < 4 ? EFAULT : 0;
  part[5] = opt != SO_SNDBUF && opt != SO_RCVBUF && opt != SO_PASSCRED ? ENOPROTOOPT : 0;
  first_failing(part, 0, 6, &want);
  call("setsockopt(%d, %d, %d, %p, %d)", fd, level, opt, (void *)p.p, len);
  r = ret(setsockopt(fd, level, opt, (void *)p.p, len));
  expect_sock(r, errno, want, 0);
  if(r != 0 || opt == SO_PASSCRED || nkids > 0)
    return;
  if(getsockopt(fd, SOL_SOCKET, opt, &got, &n) != 0)
    bad("= 0, but then getsockopt: %s", errname(errno));
  if(got != bufsize(opt == SO_SNDBUF, *(int *)p.p))
    bad("= 0 for %d, but the size is %d, not %d", *(int *)p.p, got,
        bufsize(opt == SO_SNDBUF, *(int *)p.p));
}

// After a getsockopt of fd that succeeded, with the value at v and the
// length at lenp (len written back): of the size Linux gives (min(room,
// its own): 12 bytes for SO_PEERCRED, 4 for the others), and, unless
// the length was written over it, a value that can be: the socket's
// type, AF_UNIX, protocol 0, a flag, a buffer size in bufsize's range,
// no error or ECONNRESET, credentials of a peer (a pid, uid and gid 0)
// or of none (0, -1, -1).
static void
check_sockopt(int fd, int opt, const void *v, const void *lenp, int given, int len)
{
  int size = opt == SO_PEERCRED ? sizeof(struct ucred) : sizeof(int), x;
  const char *c = v, *l = lenp;
  struct ucred cr;

  if(len != (given < size ? given : size))
    bad("= 0, but %d bytes given back, with room for %d", len, given);
  if(len < size || (l + 4 > c && l < c + size))
    return;
  memcpy(&x, v, sizeof(x));
  if((opt == SO_TYPE && socktype(fd) && x != socktype(fd)) ||
     (opt == SO_DOMAIN && x != AF_UNIX) || (opt == SO_PROTOCOL && x != 0) ||
     (opt == SO_ACCEPTCONN && x != 0 && x != 1) ||
     (opt == SO_SNDBUF && (x < bufsize(1, 0) || x > bufsize(1, -1))) ||
     (opt == SO_RCVBUF && (x < bufsize(0, 0) || x > bufsize(0, -1))) ||
     (opt == SO_ERROR && x != 0 && x != ECONNRESET))
    bad("= 0, but option %d is %d", opt, x);
  if(opt != SO_PEERCRED)
    return;
  memcpy(&cr, v, sizeof(cr));
  if(!(cr.pid == 0 && cr.uid == (uint32_t)-1 && cr.gid == (uint32_t)-1) &&
     !(cr.pid > 0 && cr.uid == 0 && cr.gid == 0))
    bad("= 0, but the credentials are pid %d, uid %d, gid %d", cr.pid, cr.uid, cr.gid);
}

// getsockopt(2): any level and option; the value and its length at good
// or bad addresses, the room any. Linux's order: EBADF, ENOTSOCK,
// EOPNOTSUPP for a level but SOL_SOCKET, EFAULT if it cannot read the
// room, EINVAL if that is negative, ENOPROTOOPT for an option nudge does
// not have, EFAULT if it cannot write the value or its length; 0.
static void
fz_getsockopt(void)
{
  static const int rooms[] = { 4, 4, 12, 16, 0, 1, 2, 3, 100, -1, INT_MIN };
  static char val[16];
  int fd = pick_fd_of(K_SOCKET), level = pick_level(), opt = PICK(opts);
  struct ptr p = pick_buf(val, sizeof(val), sizeof(val));
  struct ptr lenp = pick_buf(&nameoutlen, sizeof(nameoutlen), sizeof(nameoutlen));
  int given = 0, size = opt == SO_PEERCRED ? sizeof(struct ucred) : sizeof(int), want;
  long r;

  if(lenp.room >= 4)
    *(int *)lenp.p = PICK(rooms);
  if(lenp.readable >= 4)
    memcpy(&given, (void *)lenp.p, 4);
  want = sockfd_want(fd);
  if(want == 0 && level != SOL_SOCKET)
    want = EOPNOTSUPP;
  else if(want == 0 && lenp.readable < 4)
    want = EFAULT;
  else if(want == 0 && given < 0)
    want = EINVAL;
  else if(want == 0 && (opt == 9 || opt == 0 || opt == 12345 || opt == -1))
    want = ENOPROTOOPT;
  else if(want == 0 && (p.room < (given < size ? given : size) || lenp.room < 4))
    want = EFAULT;
  call("getsockopt(%d, %d, %d, %p, %p)", fd, level, opt, (void *)p.p, (void *)lenp.p);
  r = ret(getsockopt(fd, level, opt, (void *)p.p, (socklen_t *)lenp.p));
  expect_sock(r, errno, want, 0);
  if(r == 0)
    check_sockopt(fd, opt, (void *)p.p, (void *)lenp.p, given, *(int *)lenp.p);
}

// shutdown(2): every how, good and bad. Linux's order: EBADF, ENOTSOCK,
// EINVAL for how but SHUT_RD, SHUT_WR and SHUT_RDWR; 0, connected or not.
static void
fz_shutdown(void)
{
  static const int hows[] = { SHUT_RD, SHUT_WR, SHUT_RDWR, SHUT_RDWR, 3, -1, INT_MAX, INT_MIN };
  int fd = pick_fd_of(K_SOCKET), how = PICK(hows), want = sockfd_want(fd);
  long r;

  if(want == 0 && (how < SHUT_RD || how > SHUT_RDWR))
    want = EINVAL;
  call("shutdown(%d, %d)", fd, how);
  r = ret(shutdown(fd, how));
  expect_sock(r, errno, want, 0);
}

/* ---- sockets: sending and receiving --------------------------------------- */

static const int send_errs[] = {
  EAGAIN, EPIPE, ENOTCONN, EISCONN, EOPNOTSUPP, EMSGSIZE, ENOENT, ENOTDIR,
  ECONNREFUSED, EPROTOTYPE, EPERM, EINVAL, ECONNRESET, EFAULT, EINTR, 0,
};
static const int named_stream_errs[] = { EISCONN, EOPNOTSUPP, 0 };
static const int recv_errs[] = {
  EAGAIN, EINVAL, ENOTCONN, ECONNRESET, EFAULT, EINTR, EOPNOTSUPP, 0,
};

// Is [p, p + n) user memory, as Linux's access_ok() sees it (below
// its TASK_SIZE: nudge's is USERTOP)?
static int
user_range(uintptr_t p, unsigned long n)
{
  return p + n >= p && p + n <= USERTOP;
}

// Linux's answer to a buffer of n bytes at p for a send or receive
// (import_ubuf): the count cut to MAX_RW_COUNT, then EFAULT for a range
// that is not user memory.
static int
range_want(uintptr_t p, unsigned long n)
{
  return user_range(p, n < MAX_RW_COUNT ? n : MAX_RW_COUNT) ? 0 : EFAULT;
}

/*
 * Linux's answer from the socket to a send of n bytes with flags, with a
 * name of len bytes at p (taken in, if it can be) if name is not 0 and
 * len is not (a name of length 0 is none): MSG_OOB is EOPNOTSUPP for a datagram
 * socket (a seqpacket socket looks at its connection first; a stream
 * socket sends urgent data, which nudge has not: *odd); a stream socket
 * refuses a name (EISCONN or EOPNOTSUPP), a datagram socket checks it;
 * the rest is the state's (*errs: which).
 */
static int
send_want(int fd, int flags, const void *name, struct ptr p, int len, int *odd,
          const int **errs)
{
  int type = socktype(fd);

  *errs = send_errs;
  if(type == 0)
    return UNTOLD;
  if(flags & MSG_OOB){
    *odd |= type == SOCK_STREAM;
    return type == SOCK_DGRAM ? EOPNOTSUPP : BY_STATE;
  }
  if(name && len && type == SOCK_STREAM)
    *errs = named_stream_errs;
  if(name && len && type == SOCK_DGRAM && p.readable >= len && unix_name_want(p, len, 0))
    return EINVAL;
  return BY_STATE;
}

// The checks every send shares, on its answer r from fd, n bytes asked,
// readable of them there: no more sent than asked or could be read, all
// of a record; EFAULT from the socket (want BY_STATE) only if some
// could not be read. A stream send that failed with EPIPE raised
// SIGPIPE, but with MSG_NOSIGNAL; no other send does, of any kind. h
// and before: runs_handler's and caught[] before the call.
// What went is charged.
static void
check_sent(long r, int err, int want, int fd, unsigned long n, long readable,
           int flags, sighandler_t h, int before)
{
  int type = socktype(fd);
  unsigned long most = n < MAX_RW_COUNT ? n : MAX_RW_COUNT;

  if(r > 0 && ((unsigned long)r > n || r > readable))
    bad("= %ld: more than the %ld readable bytes of %lu", r, readable, n);
  if(r >= 0 && n > 0 && readable == 0)
    bad("= %ld: sent from a bad pointer", r);
  if(r >= 0 && (type == SOCK_DGRAM || type == SOCK_SEQPACKET) && (unsigned long)r != most)
    bad("= %ld: a part of a record of %lu bytes", r, most);
  if(r == -1 && err == EFAULT && want == BY_STATE && readable >= (long)most)
    bad("= -1 (EFAULT), but every byte could be read");
  if(type == SOCK_STREAM && r == -1 && err == EPIPE && !(flags & MSG_NOSIGNAL))
    check_delivered(SIGPIPE, h, before, SI_USER);
  else if(h && type && caught[SIGPIPE] != before)
    bad("= %s, and SIGPIPE raised", show(r, err));
  if(r >= 0)
    sock_bytes += sock_cost(r);
}

// Flags for a send: mostly MSG_DONTWAIT (so that it needs no doomed
// grandchild) and MSG_NOSIGNAL, with MSG_EOR; sometimes any bits.
static int
pick_send_flags(void)
{
  static const int valid[] = { MSG_NOSIGNAL, MSG_NOSIGNAL, MSG_EOR, MSG_DONTWAIT };

  return pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : MSG_DONTWAIT);
}

// Flags for a receive: mostly MSG_DONTWAIT, with MSG_PEEK, MSG_TRUNC,
// MSG_WAITALL, MSG_CMSG_CLOEXEC; sometimes any bits.
static int
pick_recv_flags(void)
{
  static const int valid[] = { MSG_PEEK, MSG_TRUNC, MSG_WAITALL, MSG_CMSG_CLOEXEC };

  return pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : MSG_DONTWAIT);
}

// sendto(2) (and send): write's buffers (held to SOCK_BUDGET), flags
// (pick_send_flags), and mostly no name (then any length), else one
// (pick_sockaddr). Linux's order: the range (range_want), EBADF,
// ENOTSOCK, the name taken in, then send_want. Then check_sent.
static void
fz_sendto(void)
{
  int fd = pick_fd_of(K_SOCKET), flags = pick_send_flags(), len = 0, odd = 0;
  int part[4], want, before = caught[SIGPIPE], err;
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
  long n = pick_count(in_buf(p.p) ? p.room : 0), r;
  struct ptr name = { 0, 0, 0 };
  sighandler_t h = runs_handler(SIGPIPE);
  const int *errs;

  if(one_in(4))
    name = pick_sockaddr(&len);
  else if(one_in(4))
    len = pick_size();
  if(!sock_affords(n, p.readable))
    return;
  part[0] = range_want(p.p, n);
  part[1] = sockfd_want(fd);
  part[2] = name.p ? name_in_want(name, len) : 0;
  part[3] = send_want(fd, flags, (void *)name.p, name, len, &odd, &errs);
  first_failing(part, odd, 4, &want);
  if(sock_waits(fd, flags) && !doomed())
    return;
  call("sendto(%d, %p, %ld, %#x, %p, %d)", fd, (void *)p.p, n, flags, (void *)name.p, len);
  r = ret(sendto(fd, (void *)p.p, n, flags, (void *)name.p, len));
  err = errno;
  expect_sock(r, err, want, errs);
  check_sent(r, err, want, fd, n, p.readable, flags, h, before);
  if(depth == 2)
    exit(0);
}

// Linux's answer from the socket to a receive with flags: MSG_OOB asks
// for urgent data, which nudge never has: EOPNOTSUPP for a datagram
// socket, EINVAL for a stream (none waits), for a seqpacket one after
// its connection's answer; the rest is the state's.
static int
recv_want(int fd, int flags)
{
  int type = socktype(fd);

  if(type == 0)
    return UNTOLD;
  if((flags & MSG_OOB) && type != SOCK_SEQPACKET)
    return type == SOCK_DGRAM ? EOPNOTSUPP : EINVAL;
  return BY_STATE;
}

// The checks every receive shares, on its answer r (not EFAULT) from fd
// with flags, n bytes asked, room of them there: no more than the room
// and the count, but for a record with MSG_TRUNC (its whole length);
// nothing written to a bad pointer.
static void
check_received(long r, int fd, unsigned long n, long room, int flags)
{
  int whole = (flags & MSG_TRUNC) && socktype(fd) != SOCK_STREAM;

  if(r > 0 && n > 0 && room == 0)
    bad("= %ld: received into a bad pointer", r);
  if(r > 0 && !whole && ((unsigned long)r > n || r > room))
    bad("= %ld: more than the %ld bytes of room of %lu", r, room, n);
}

// recvfrom(2) (and recv): read's buffers, flags (pick_recv_flags), and
// mostly the sender's name given back (pick_nameout). Linux's order: the
// range (range_want), EBADF, ENOTSOCK, the receive (the state's
// answers), then the name (name_out_want, with no name 0 bytes). Then
// check_received, and the name's.
static void
fz_recvfrom(void)
{
  int fd = pick_fd_of(K_SOCKET), flags = pick_recv_flags(), given = 0;
  int part[3], want, w;
  struct ptr p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
  long n = pick_count(in_buf(p.p) ? p.room : 0), r;
  struct ptr addr = { 0, 0, 0 }, lenp = { 0, 0, 0 };

  if(!one_in(3))
    pick_nameout(&addr, &lenp, &given);
  part[0] = range_want(p.p, n);
  part[1] = sockfd_want(fd);
  part[2] = recv_want(fd, flags);
  first_failing(part, 0, 3, &want);
  w = addr.p ? name_out_want(addr, lenp, given, 0) : 0;
  if(sock_waits(fd, flags) && !doomed())
    return;
  call("recvfrom(%d, %p, %ld, %#x, %p, %p)", fd, (void *)p.p, n, flags, (void *)addr.p,
       (void *)lenp.p);
  r = ret(recvfrom(fd, (void *)p.p, n, flags, (void *)addr.p, (socklen_t *)lenp.p));
  expect_sock(r, errno, want, recv_errs);
  if(r == -1 && errno == EFAULT && want == BY_STATE && w == 0 &&
     (unsigned long)p.room >= (unsigned long)n)
    bad("= -1 (EFAULT), but the buffer and the name had room");
  if(r >= 0 && w > 0)
    bad("= %ld, but Linux cannot give the name (%s)", r, errname(w));
  if(r >= 0 && addr.p)
    check_nameout(addr, lenp, given, 0);
  check_received(r, fd, n, p.room, flags);
  if(depth == 2)
    exit(0);
}

/* ---- sockets: messages ---------------------------------------------------- */

#define CMSG_FDS(n)  (sizeof(struct cmsghdr) + (n) * sizeof(int))

static struct msghdr mh;                // a message's header
static struct iovec msgiov[IOV_MAX + 1];  // its segments
static uint64_t cbuf[280];              // its control messages: two of 254 fds

// The header's address, once mh is filled: mh; or a copy cut short at
// the heap's end, or memory the kernel cannot read (never readable junk:
// a receive would write through the pointers it holds).
static struct ptr
pick_msghdr(void)
{
  static const uintptr_t unreadable[] = { 0, KERNBASE, TRAPFRAME, KHIGH };
  long k;

  if(!one_in(8))
    return (struct ptr){ (uintptr_t)&mh, sizeof(mh), sizeof(mh) };
  if(one_in(2)){
    k = rnd(sizeof(mh));
    memcpy((char *)top() - k, &mh, k);
    return (struct ptr){ top() - k, k, k };
  }
  return (struct ptr){ PICK(unreadable), 0, 0 };
}

/*
 * A message's segments into mh, as readv's and writev's: up to 4 of
 * read's or write's buffers, then empty ones up to the count (IOV_MAX,
 * one more, or absurd), the array msgiov or memory the kernel cannot
 * read. For a receive, a buffer in user memory has room for its length
 * (a record whose bytes cannot be written is lost, and the files it
 * carries with it, as on Linux; the fuzzer keeps its count of fds
 * simple). *total and *room: the bytes asked, and how many of those can
 * be read (send) or written (receive). Linux's answers to them
 * (import_iovec) in part[0] and part[1]: EMSGSIZE for more than
 * UIO_MAXIOV; EFAULT if it cannot read the array, EINVAL for a negative
 * length (all are read first), EFAULT for a range not user memory.
 */
static void
pick_msg_iov(int recv, unsigned long *total, long *room, int *part)
{
  static const unsigned long counts[] = { IOV_MAX, IOV_MAX + 1, ULONG_MAX };
  static const uintptr_t unreadable[] = { 0, KERNBASE, TRAPFRAME, KHIGH };
  unsigned long cnt = one_in(10) ? PICK(counts) : (unsigned long)rnd(5), i;
  int neg = 0, range = 0;
  struct ptr p;
  long len, can;

  mh.msg_iov = one_in(10) ? (void *)PICK(unreadable) : msgiov;
  mh.msg_iovlen = cnt;
  *total = 0;
  *room = 0;
  for(i = 0; i < IOV_MAX + 1; i++){
    msgiov[i] = (struct iovec){ buf, 0 };
    if(i >= 4 || i >= cnt)
      continue;
    p = pick_buf(buf, sizeof(buf), 1 + rnd(sizeof(buf)));
    len = one_in(2) ? pick_count(in_buf(p.p) ? p.room : 0) : rnd(64);
    if(recv && user_range(p.p, len) && (unsigned long)len > (unsigned long)p.room)
      len = p.room;
    msgiov[i] = (struct iovec){ (void *)p.p, len };
    neg |= len < 0;
    range |= !user_range(p.p, len);
    *total += len;
    can = recv ? p.room : p.readable;
    *room += (unsigned long)len < (unsigned long)can ? len : can;
  }
  part[0] = cnt > IOV_MAX ? EMSGSIZE : 0;
  part[1] = cnt == 0 ? 0 : mh.msg_iov != msgiov ? EFAULT : neg ? EINVAL : range ? EFAULT : 0;
}

/*
 * Control messages for sendmsg, in cbuf: one or two, each SCM_RIGHTS
 * with fds of any kind (pick_fd: some closed, negative or huge; rarely
 * SCM_MAX_FD of one, or one more), another level's (skipped), or a
 * SOL_SOCKET type but SCM_RIGHTS; cmsg_len mostly right, else too
 * short, past the end or absurd. The length to give: theirs, cut, with
 * an empty header after (cmsg_len 0), under a header (nothing read),
 * or absurd.
 */
static unsigned long
fill_control(void)
{
  static const uint64_t cmsglens[] = { 0, 8, 15, 16, 4096, 1UL << 40 };
  static const int types[] = { 3, 99 };   // SCM_SECURITY (receive only), none
  char *c = (char *)cbuf;
  struct cmsghdr h;
  unsigned long off = 0;
  int k, i, n, fd = -1;

  memset(cbuf, 0, sizeof(cbuf));
  for(k = one_in(3) ? 2 : 1; k > 0; k--){
    n = one_in(12) ? SCM_MAX_FD + (int)rnd(2) : 1 + (int)rnd(4);
    h.cmsg_len = one_in(10) ? PICK(cmsglens) : CMSG_FDS(n);
    h.cmsg_level = one_in(8) ? 6 : SOL_SOCKET;
    h.cmsg_type = one_in(10) ? PICK(types) : SCM_RIGHTS;
    memcpy(c + off, &h, sizeof(h));
    for(i = 0; i < n; i++){
      if(n <= 4 || i == 0)
        fd = pick_fd();
      memcpy(c + off + CMSG_FDS(i), &fd, sizeof(fd));
    }
    off += CMSG_ALIGN(CMSG_FDS(n));
  }
  switch(rnd(8)){
  case 0:
    return off - 4;
  case 1:
    return off + sizeof(h);
  case 2:
    return rnd(sizeof(h));
  case 3:
    return one_in(2) ? 1UL << 20 : 1UL << 31;
  default:
    return off;
  }
}

// Is fd one Linux finds open (fget_raw)?
static int
open_fd(int fd)
{
  return fd_desc(fd) || protected(fd);
}

// Linux's answer to a control buffer of len bytes at p for sendmsg: it
// copies them all (ENOBUFS over net.core.optmem_max, EFAULT if it
// cannot), then reads each message (__scm_send): EINVAL for a cmsg_len
// under a header or past the end, a SOL_SOCKET type but SCM_RIGHTS, more
// than SCM_MAX_FD fds in all; EBADF for an fd not open; other levels'
// are skipped.
static int
control_want(struct ptr p, unsigned long len)
{
  struct cmsghdr h;
  unsigned long off = 0, n, fds = 0, i;
  int fd;

  if(len > OPTMEM_MAX)
    return ENOBUFS;
  if(len == 0)
    return 0;
  if((unsigned long)p.readable < len)
    return EFAULT;
  for(; off + sizeof(h) <= len; off += CMSG_ALIGN(h.cmsg_len)){
    memcpy(&h, (char *)p.p + off, sizeof(h));
    if(h.cmsg_len < sizeof(h) || h.cmsg_len > len - off)
      return EINVAL;
    if(h.cmsg_level != SOL_SOCKET)
      continue;
    if(h.cmsg_type != SCM_RIGHTS)
      return EINVAL;
    n = (h.cmsg_len - sizeof(h)) / sizeof(int);
    if(fds + n > SCM_MAX_FD)
      return EINVAL;
    for(i = 0; i < n; i++){
      memcpy(&fd, (char *)p.p + off + CMSG_FDS(i), sizeof(fd));
      if(!open_fd(fd))
        return EBADF;
    }
    fds += n;
  }
  return 0;
}

// sendmsg(2): a header (pick_msghdr) with a name or none, segments
// (pick_msg_iov, held to SOCK_BUDGET), control messages (fill_control)
// at good or bad addresses, flags (pick_send_flags). Linux's order:
// EBADF, ENOTSOCK; EFAULT for the header; the name (a negative length
// EINVAL, more than 128 bytes cut to 128) taken in; the segments; the
// control messages (control_want); then send_want. Then check_sent.
static void
fz_sendmsg(void)
{
  static int seq_errs[] = { ENOTCONN, ECONNRESET, 0, 0 };
  int fd = pick_fd_of(K_SOCKET), flags = pick_send_flags(), len = 0, odd = 0;
  int part[7], want, before = caught[SIGPIPE], cut, err;
  struct ptr name = { 0, 0, 0 }, ctl, hdr;
  sighandler_t h = runs_handler(SIGPIPE);
  unsigned long total, clen;
  const int *errs;
  long room, r, k;

  memset(&mh, 0, sizeof(mh));
  if(one_in(4))
    name = pick_sockaddr(&len);
  else if(one_in(4))
    len = pick_size();
  mh.msg_name = (void *)name.p;
  mh.msg_namelen = len;
  cut = len < ADDR_MAX ? len : ADDR_MAX;
  pick_msg_iov(0, &total, &room, &part[3]);
  clen = one_in(2) ? fill_control() : 0;
  ctl = (struct ptr){ (uintptr_t)cbuf, sizeof(cbuf), sizeof(cbuf) };
  if(one_in(8)){
    ctl = bad_ptr();
  } else if(one_in(8)){
    k = rnd((clen < sizeof(cbuf) ? clen : sizeof(cbuf)) + 1);
    memcpy((char *)top() - k, cbuf, k);
    ctl = (struct ptr){ top() - k, k, k };
  }
  mh.msg_control = (void *)ctl.p;
  mh.msg_controllen = clen;
  hdr = pick_msghdr();
  if(!sock_affords(total, room))
    return;
  part[0] = sockfd_want(fd);
  part[1] = hdr.readable < (long)sizeof(mh) ? EFAULT : 0;
  part[2] = !name.p ? 0 : len < 0 ? EINVAL : name_in_want(name, cut);
  part[5] = control_want(ctl, clen);
  part[6] = send_want(fd, flags, (void *)name.p, name, cut, &odd, &errs);
  first_failing(part, odd, 7, &want);
  // A seqpacket socket answers for its connection before its control
  // messages are read (but after they are copied in).
  if(socktype(fd) == SOCK_SEQPACKET && want == part[5] && (want == EINVAL || want == EBADF)){
    seq_errs[2] = want;
    errs = seq_errs;
    want = BY_STATE;
  }
  if(sock_waits(fd, flags) && !doomed())
    return;
  call("sendmsg(%d, %p {%p, %d, %p, %lu, %p, %lu}, %#x)", fd, (void *)hdr.p, mh.msg_name,
       mh.msg_namelen, mh.msg_iov, (unsigned long)mh.msg_iovlen, mh.msg_control,
       (unsigned long)mh.msg_controllen, flags);
  r = ret(sendmsg(fd, (struct msghdr *)hdr.p, flags));
  err = errno;
  expect_sock(r, err, want, errs);
  check_sent(r, err, want, fd, total, room, flags, h, before);
  if(depth == 2)
    exit(0);
}

// After a receive that succeeded, with ctl the control buffer and len
// the control length written back: each fd an SCM_RIGHTS message brought
// (no more than SCM_MAX_FD) is a new fd, now this process's.
static void
take_rights(const char *ctl, unsigned long len)
{
  struct cmsghdr h;
  unsigned long off, n, i, end;
  int fd;

  for(off = 0; off + sizeof(h) <= len; off += CMSG_ALIGN(h.cmsg_len)){
    memcpy(&h, ctl + off, sizeof(h));
    if(h.cmsg_len < sizeof(h))
      bad("= a control message of %lu bytes", (unsigned long)h.cmsg_len);
    if(h.cmsg_level != SOL_SOCKET || h.cmsg_type != SCM_RIGHTS)
      continue;
    end = h.cmsg_len < len - off ? h.cmsg_len : len - off;
    n = end < sizeof(h) ? 0 : (end - sizeof(h)) / sizeof(int);
    if(n > SCM_MAX_FD)
      bad("= %lu fds in one message", n);
    for(i = 0; i < n; i++){
      memcpy(&fd, ctl + off + CMSG_FDS(i), sizeof(fd));
      check_fresh_fd(fd);
      if(fd < 0)
        bad("= fd %d in a message", fd);
      fd_received(fd);
    }
  }
}

// recvmsg(2): a header (pick_msghdr) with room for the sender's name or
// none, segments (pick_msg_iov, with room), room for control messages
// or none, flags (pick_recv_flags). A bad name pointer comes only with
// no room, and a bad control pointer only with room for no fd: where
// Linux keeps the fds it gave before a name or a control message it
// cannot write, nudge closes them (docs/sockets.md), and the fuzzer
// does not follow fds that may or may not be there. Linux's order:
// EBADF, ENOTSOCK; EFAULT for the header; EINVAL for a name's negative
// length; the segments; then the receive (recv_want). Then
// check_received; the name given back (check_nameout), msg_namelen
// untouched with no name; the control length written back no more than
// given, msg_flags only Linux's, MSG_CMSG_CLOEXEC if asked; the fds that
// came are new ones (take_rights).
static void
fz_recvmsg(void)
{
  static const int namelens[] = { sizeof(struct sockaddr_un), 0, 1, 3, 200, -1 };
  static const unsigned long clens[] = {
    0, 16, 20, 24, 64, sizeof(cbuf), 1UL << 20, 1UL << 32,
  };
  int fd = pick_fd_of(K_SOCKET), flags = pick_recv_flags(), part[6], want, err;
  int given;
  struct ptr name = { (uintptr_t)&nameout, sizeof(nameout), sizeof(nameout) }, hdr;
  unsigned long total, clen = PICK(clens);
  long room, r;

  memset(&mh, 0, sizeof(mh));
  memset(&nameout, 0xa5, sizeof(nameout));
  memset(cbuf, 0, sizeof(cbuf));
  mh.msg_namelen = PICK(namelens);
  if(one_in(4))
    name = (struct ptr){ 0, 0, 0 };
  else if(one_in(8) && mh.msg_namelen <= 0)
    name = bad_ptr();
  mh.msg_name = (void *)name.p;
  pick_msg_iov(1, &total, &room, &part[3]);
  mh.msg_control = clen < CMSG_FDS(1) && one_in(4) ? (void *)bad_ptr().p : cbuf;
  mh.msg_controllen = clen;
  mh.msg_flags = rnd64();
  hdr = pick_msghdr();
  given = mh.msg_namelen;
  part[0] = sockfd_want(fd);
  part[1] = hdr.readable < (long)sizeof(mh) ? EFAULT : 0;
  part[2] = name.p && given < 0 ? EINVAL : 0;
  part[5] = recv_want(fd, flags);
  first_failing(part, 0, 6, &want);
  if(sock_waits(fd, flags) && !doomed())
    return;
  call("recvmsg(%d, %p {%p, %d, %p, %lu, %p, %lu}, %#x)", fd, (void *)hdr.p, mh.msg_name,
       mh.msg_namelen, mh.msg_iov, (unsigned long)mh.msg_iovlen, mh.msg_control,
       (unsigned long)mh.msg_controllen, flags);
  r = ret(recvmsg(fd, (struct msghdr *)hdr.p, flags));
  err = errno;
  expect_sock(r, err, want, recv_errs);
  if(r == -1 && err == EFAULT && want == BY_STATE)
    bad("= -1 (EFAULT), but the buffers had room");
  check_received(r, fd, total, room, flags);
  if(r < 0)
    return;
  if(name.p && given >= 0)
    check_nameout(name, (struct ptr){ (uintptr_t)&mh.msg_namelen, 4, 4 }, given, 0);
  if(!name.p && mh.msg_namelen != given)
    bad("= %ld, but msg_namelen %d changed with no name", r, mh.msg_namelen);
  if((flags & MSG_CMSG_CLOEXEC) && !(mh.msg_flags & MSG_CMSG_CLOEXEC))
    bad("= %ld, but MSG_CMSG_CLOEXEC not in msg_flags %#x", r, mh.msg_flags);
  if(mh.msg_controllen > clen)
    bad("= %ld, but %lu bytes of control messages in %lu", r,
        (unsigned long)mh.msg_controllen, clen);
  if(mh.msg_flags & ~(MSG_TRUNC | MSG_CTRUNC | MSG_CMSG_CLOEXEC))
    bad("= %ld, but msg_flags %#x", r, mh.msg_flags);
  if(mh.msg_control == cbuf)
    take_rights((char *)cbuf, mh.msg_controllen);
  if(depth == 2)
    exit(0);
}

/* ---- timerfds and pidfds ------------------------------------------------- */

/*
 * timerfd_create, timerfd_settime, timerfd_gettime and pidfd_open, held
 * to Linux 6.18's answers (fs/timerfd.c, kernel/pid.c; usertests
 * timerfd_bad_input and pidfd_bad_input check the same orders). A
 * timerfd or pidfd made here is an fd of unknown kind to the other
 * generators (its reads may wait), but settime and gettime know their
 * timers (desc.timer). Timers fire at most 10 ms from now, or never.
 */

// Is fd a timerfd (1), surely not (0), or who knows (-1)?
static int
is_timerfd(int fd)
{
  struct desc *d = fd_desc(fd);

  if(d == 0 || d->kind != K_UNKNOWN)
    return 0;
  return d->timer ? 1 : -1;
}

// timerfd_create(2): the clocks timerfd takes and others; the flags
// TFD_NONBLOCK and TFD_CLOEXEC, sometimes any bits. Linux: EINVAL for
// other flags or another clock; else a new fd.
static void
fz_timerfd_create(void)
{
  static const int clocks[] = {
    CLOCK_MONOTONIC, CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME,
    CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, 2, 4, -1, 12,          // 2: the process's CPU clock
  };
  static const int valid[] = { TFD_NONBLOCK, TFD_CLOEXEC };
  int clock = PICK(clocks), d;
  int flags = pick_flags(valid, NELEM(valid)) | (one_in(8) ? 0 : TFD_NONBLOCK);
  int bad_clock = clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME &&
                  clock != CLOCK_BOOTTIME && clock != CLOCK_REALTIME_ALARM &&
                  clock != CLOCK_BOOTTIME_ALARM;
  long r;

  if(nopen > 400)
    return;
  call("timerfd_create(%d, %#x)", clock, flags);
  r = ret(timerfd_create(clock, flags));
  expect_sock(r, errno, (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC)) || bad_clock ? EINVAL : 0, 0);
  check_newfd(r);
  if(r < 0)
    return;
  d = new_desc(K_UNKNOWN, (flags & TFD_NONBLOCK) != 0);
  descs[d].timer = d != 0;
  fd_set_desc(r, d);
}

// An itimerspec for settime: mostly disarmed or a few ms (once or
// every 10 ms), sometimes a bad field or pointer. *invalid: a field
// Linux refuses (itimerspec64_valid) 1, none 0, who knows (a pointer
// to memory that holds something else) -1.
static struct ptr
pick_itimerspec(int *invalid)
{
  static const struct timespec oks[] = {
    { 0, 0 }, { 0, 0 }, { 0, 1000000 }, { 0, 10000000 }, { 3600, 0 },
  };
  static const struct timespec bads[] = {
    { 0, -1 }, { -1, 0 }, { 0, 1000000000 }, { LONG_MIN, 0 },
  };
  static struct itimerspec its;
  struct ptr p = { (uintptr_t)&its, sizeof(its), sizeof(its) };

  its.it_value = PICK(oks);
  its.it_interval = one_in(3) ? PICK(oks) : (struct timespec){ 0, 0 };
  if(its.it_interval.tv_sec == 3600)
    its.it_interval.tv_sec = 0;
  if(one_in(8)){
    if(one_in(2))
      its.it_value = PICK(bads);
    else
      its.it_interval = PICK(bads);
  }
  *invalid = its.it_value.tv_sec < 0 || its.it_value.tv_nsec < 0 ||
             its.it_value.tv_nsec >= 1000000000 || its.it_interval.tv_sec < 0 ||
             its.it_interval.tv_nsec < 0 || its.it_interval.tv_nsec >= 1000000000;
  if(one_in(10)){
    p = bad_ptr();
    *invalid = -1;
  }
  return p;
}

// timerfd_settime(2): a timer (or any fd), flags (TFD_TIMER_ABSTIME,
// TFD_TIMER_CANCEL_ON_SET, any bits), a new value (pick_itimerspec) and
// room for the old one or none. Linux's order: EFAULT for the new value,
// EINVAL for flags or a field out of range, EBADF, EINVAL for an fd
// that is no timer; then the timer is set, and EFAULT if the old value
// cannot be written.
static void
fz_timerfd_settime(void)
{
  static const int valid[] = { TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET };
  static struct itimerspec old;
  int fd = one_in(5) ? pick_fd() : pick_fd_of(K_UNKNOWN), flags = pick_flags(valid, 2);
  int invalid, want, timer = is_timerfd(fd);
  struct ptr nv = pick_itimerspec(&invalid);
  struct ptr ov = one_in(3) ? (struct ptr){ 0, 0, 0 } : pick_buf(&old, sizeof(old), sizeof(old));
  long r;

  if(nv.readable < (long)sizeof(struct itimerspec))
    want = EFAULT;
  else if(flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
    want = EINVAL;
  else if(invalid)
    want = invalid > 0 ? EINVAL : UNTOLD;
  else if(fd_desc(fd) == 0 && !protected(fd))
    want = EBADF;
  else if(timer == 0 || protected(fd))
    want = EINVAL;
  else if(timer < 0)
    want = UNTOLD;
  else
    want = ov.p && ov.room < (long)sizeof(old) ? EFAULT : 0;
  call("timerfd_settime(%d, %#x, %p, %p)", fd, flags, (void *)nv.p, (void *)ov.p);
  r = ret(timerfd_settime(fd, flags, (void *)nv.p, (void *)ov.p));
  expect_sock(r, errno, want, 0);
}

// timerfd_gettime(2): a timer or any fd, room for the value or not.
// Linux: EBADF, EINVAL for no timer, then EFAULT; the time left is
// never negative and the period as set.
static void
fz_timerfd_gettime(void)
{
  static struct itimerspec cur;
  int fd = one_in(5) ? pick_fd() : pick_fd_of(K_UNKNOWN), timer = is_timerfd(fd), want;
  struct ptr p = pick_buf(&cur, sizeof(cur), sizeof(cur));
  long r;

  if(fd_desc(fd) == 0 && !protected(fd))
    want = EBADF;
  else if(timer == 0 || protected(fd))
    want = EINVAL;
  else
    want = timer < 0 ? UNTOLD : p.room < (long)sizeof(cur) ? EFAULT : 0;
  call("timerfd_gettime(%d, %p)", fd, (void *)p.p);
  r = ret(timerfd_gettime(fd, (void *)p.p));
  expect_sock(r, errno, want, 0);
  if(r == 0 && p.p == (uintptr_t)&cur &&
     (cur.it_value.tv_sec < 0 || cur.it_value.tv_nsec < 0 || cur.it_value.tv_nsec >= 1000000000))
    bad("= 0, but %ld s %ld ns left", (long)cur.it_value.tv_sec, (long)cur.it_value.tv_nsec);
}

// pidfd_open(2): this process, a child, init, no one, bad pids;
// PIDFD_NONBLOCK, PIDFD_THREAD (EINVAL in nudge:
// docs/linux-differences.md), any bits. Linux: EINVAL for flags, then
// for a pid not above 0; ESRCH for no such process; else a new fd, whose
// pid the fuzzer keeps (desc.pid).
static void
fz_pidfd_open(void)
{
  static const int valid[] = { PIDFD_NONBLOCK, PIDFD_NONBLOCK, PIDFD_THREAD };
  int pids[] = { mypid, nkids > 0 ? kids[rnd(nkids)] : mypid, 1, 0, -1, INT_MAX, INT_MIN };
  int pid = PICK(pids), flags = pick_flags(valid, NELEM(valid)), want, d;
  long r;

  if(nopen > 400)
    return;
  if(flags & ~PIDFD_NONBLOCK)
    want = EINVAL;
  else if(pid <= 0)
    want = EINVAL;
  else
    want = exists(pid) > 0 ? 0 : exists(pid) < 0 ? UNTOLD : ESRCH;
  call("pidfd_open(%d, %#x)", pid, flags);
  r = ret(pidfd_open(pid, flags));
  expect_sock(r, errno, want, 0);
  check_newfd(r);
  if(r < 0)
    return;
  d = new_desc(K_UNKNOWN, (flags & PIDFD_NONBLOCK) != 0);
  descs[d].pid = d != 0 ? pid : 0;
  fd_set_desc(r, d);
}

// What fd is to pidfd_send_signal and waitid(P_PIDFD): a pidfd made
// here (1, its pid in *pid), surely none (0: EBADF), or who knows (-1).
static int
pidfd_of(int fd, int *pid)
{
  struct desc *d = fd_desc(fd);

  *pid = 0;
  if(d == 0 || d->kind != K_UNKNOWN || d->timer)
    return 0;                   // closed, protected, or of a kind of its own
  *pid = d->pid;
  return d->pid ? 1 : -1;
}

static int
is_pidfd(const struct desc *d, int unused)
{
  return d->pid != 0;
}

// Is pid this process's own to signal: itself, a child not yet reaped?
// (Another, through a pidfd inherited or of a child reaped since, may be
// its parent or a sibling.)
static int
owned(int pid)
{
  int i;

  for(i = 0; i < nkids; i++)
    if(kids[i] == pid)
      return 1;
  return pid == mypid;
}

// pidfd_send_signal(2): a pidfd made here, PIDFD_SELF_THREAD or
// PIDFD_SELF_THREAD_GROUP (this process, which has one thread), or any
// fd; one scope, none, or bad flags; no siginfo or fill_qinfo's, its
// si_signo mostly the signal. Only this process (one of live_sigs[]) and
// its children (any) get a signal that exists: a process group, init or
// a process not its own gets 0 or a bad one. Linux's order: EINVAL for
// the flags, EBADF for the fd, the siginfo's EFAULT or E2BIG, EINVAL if
// it names another signal, EPERM for a code only a signal to one's own
// thread may carry (not to a group), then ESRCH and EINVAL as kill's.
static void
fz_pidfd_send_signal(void)
{
  static const int scopes[] = {
    PIDFD_SIGNAL_THREAD, PIDFD_SIGNAL_THREAD_GROUP, PIDFD_SIGNAL_PROCESS_GROUP,
  };
  static const int odd[] = { 0, 0, 65, -1 };
  int fd = rnd(4) == 0 ? (one_in(2) ? PIDFD_SELF_THREAD : PIDFD_SELF_THREAD_GROUP) :
                         pick_fd_such(is_pidfd, 0);
  int flags = one_in(2) ? 0 : one_in(6) ? pick_flags(scopes, NELEM(scopes)) : PICK(scopes);
  int group = flags == PIDFD_SIGNAL_PROCESS_GROUP;
  int thread = flags == PIDFD_SIGNAL_THREAD || (flags == 0 && fd == PIDFD_SELF_THREAD);
  int known, pid, sig, info, want, before = 0;
  struct ptr p = one_in(3) ? pick_buf(&qinfo, sizeof(qinfo), sizeof(qinfo)) :
                             (struct ptr){ 0, 0, 0 };
  sighandler_t h = 0;
  siginfo_t seen;
  long r;

  if(fd == PIDFD_SELF_THREAD || fd == PIDFD_SELF_THREAD_GROUP){
    pid = mypid;
    known = 1;
  } else {
    known = pidfd_of(fd, &pid);
  }
  sig = group || !owned(pid) ? PICK(odd) : pick_sig_for(pid);
  info = fill_qinfo(p, sig, &seen);
  if(p.p != 0 && info == 0 && p.room >= (long)sizeof(int) && !one_in(4))
    ((siginfo_t *)p.p)->si_signo = seen.si_signo = sig;
  if((flags & ~(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP)) ||
     (flags & (flags - 1)))
    want = EINVAL;
  else if(known == 0)
    want = EBADF;
  else if(known < 0)
    want = UNTOLD;
  else if(p.p != 0 && info != 0)
    want = info;
  else if(p.p != 0 && seen.si_signo != sig)
    want = EINVAL;
  else if(p.p != 0 && impersonates(seen.si_code) && (pid != mypid || group))
    want = EPERM;
  else if(group || !owned(pid))
    want = -1;
  else
    want = thread ? send_result(0, pid, sig) : send_result(pid, 0, sig);
  if(want == -1 || want == 0){
    h = pid == mypid && !group ? runs_handler(sig) : 0;
    before = h ? caught[sig] : 0;
  }
  call("pidfd_send_signal(%d, %d, %p, %#x)", fd, sig, (void *)p.p, flags);
  r = ret(pidfd_send_signal(fd, sig, (siginfo_t *)p.p, flags));
  if(want == UNTOLD)
    return;
  expect_sent(r, errno, want, sig);
  if(r == 0)
    check_delivered(sig, h, before, p.p != 0 ? seen.si_code : thread ? SI_TKILL : SI_USER);
}

// waitid(2): P_ALL, P_PID (a child, this process, none), P_PGID (this
// group, a child's, none), P_PIDFD (a pidfd made here, or any fd) or a
// type that is none; options (one of WEXITED, WSTOPPED, WCONTINUED is
// needed), sometimes any bits; an info and a rusage at good or bad
// addresses, or none. As wait4's, a wait that may block kills the
// children first, and one cut short by a handler is made again; a wait
// without WEXITED, for a stop that may never come, does not block.
// Linux's order: EINVAL for the options, then for the type or id; EBADF
// for a P_PIDFD id that is no pidfd; the wait. Whatever the answer, the
// info is written (zeros if no child was found): EFAULT first if it
// cannot be.
static void
fz_waitid(void)
{
  static const int valid[] = {
    WEXITED, WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOHANG, WNOWAIT,
    __WALL, __WCLONE, __WNOTHREAD,
  };
  static const int known = WEXITED | WSTOPPED | WCONTINUED | WNOHANG | WNOWAIT |
                           __WALL | __WCLONE | __WNOTHREAD;
  static const int types[] = { P_ALL, P_PID, P_PID, P_PGID, P_PIDFD, P_PIDFD, 4, -1 };
  static siginfo_t info;
  static char rusage[144];
  int type = PICK(types), opts = pick_flags(valid, NELEM(valid)), id, pid, want, i;
  int ids[] = { nkids > 0 ? kids[rnd(nkids)] : mypid, mypid, 0, -1, INT_MAX, INT_MIN };
  struct ptr p = one_in(4) ? (struct ptr){ 0, 0, 0 } : pick_buf(&info, sizeof(info), sizeof(info));
  struct ptr ru = one_in(2) ? (struct ptr){ 0, 0, 0 } : pick_buf(rusage, sizeof(rusage), sizeof(rusage));
  int nonblock = 0, info_bad = p.p != 0 && p.room < 28;   // si_signo to si_status
  long r;

  if(!(opts & WEXITED))
    opts |= WNOHANG;
  id = type == P_PIDFD ? pick_fd_such(is_pidfd, 0) : PICK(ids);
  if(type == P_PGID && one_in(2))
    id = getpgid(id > 0 ? id : 0);
  if((opts & ~known) || !(opts & (WEXITED | WSTOPPED | WCONTINUED)))
    want = EINVAL;
  else if(type < P_ALL || type > P_PIDFD)
    want = EINVAL;
  else if((type == P_PID && id <= 0) || ((type == P_PGID || type == P_PIDFD) && id < 0))
    want = EINVAL;
  else if(type == P_PIDFD && pidfd_of(id, &pid) <= 0)
    want = pidfd_of(id, &pid) == 0 ? EBADF : UNTOLD;
  else
    want = BY_STATE;
  if(type == P_PIDFD && want == BY_STATE)
    nonblock = fd_desc(id)->nonblock;
  if(info_bad && want != UNTOLD)
    want = EFAULT;
  for(i = 0; i < nkids && !(opts & WNOHANG) && !nonblock; i++)
    kill(kids[i], SIGKILL);
  if(p.p != 0 && p.room > 0)
    memset((void *)p.p, 0x55, p.room < (long)sizeof(info) ? p.room : (long)sizeof(info));
  call("waitid(%d, %d, %p, %#x, %p)", type, id, (void *)p.p, opts, (void *)ru.p);
  do
    r = ret(__sys_waitid(type, id, (siginfo_t *)p.p, opts, (struct rusage *)ru.p));
  while(r == -1 && errno == EINTR);
  if(want == BY_STATE){
    static const int errs[] = { ECHILD, EFAULT, EAGAIN, 0 };

    expect_sock(r, errno, want, errs);
    if(r == -1 && errno == EAGAIN && !nonblock)
      bad("= -1 (EAGAIN), but the pidfd blocks");
    if(r == -1 && errno == EFAULT && (ru.p == 0 || ru.room >= (long)sizeof(rusage)))
      bad("= -1 (EFAULT), but the info and rusage have room");
  } else if(want != UNTOLD){
    expect_sock(r, errno, want, 0);
  }
  if(r == 0 && p.p != 0){
    const siginfo_t *si = (const siginfo_t *)p.p;

    if(si->si_signo == 0 && (si->si_pid != 0 || si->si_code != 0 || !((opts & WNOHANG) || nonblock)))
      bad("= 0, but si_signo 0, si_code %d, si_pid %d", si->si_code, si->si_pid);
    if(si->si_signo != 0 && (si->si_signo != SIGCHLD || !owned(si->si_pid) || si->si_pid == mypid))
      bad("= 0, but si_signo %d, si_pid %d: no child of ours", si->si_signo, si->si_pid);
  }
  // Which children were reaped: kill(pid, 0) tells (a zombie still takes it).
  for(i = nkids - 1; i >= 0 && !(opts & WNOWAIT); i--)
    if(kill(kids[i], 0) < 0 && errno == ESRCH)
      kid_reaped(kids[i]);
}

// Every call of nudge/syscall.h but poweroff, and its weight.
static const struct op {
  const char *name;
  void (*fn)(void);
  int weight;
} ops[] = {
  { "read", fz_read, 14 },            { "write", fz_write, 14 },
  { "close", fz_close, 8 },           { "dup", fz_dup, 3 },
  { "dup3", fz_dup3, 3 },             { "fcntl", fz_fcntl, 4 },
  { "pipe2", fz_pipe2, 5 },           { "eventfd2", fz_eventfd2, 5 },
  { "epoll_create1", fz_epoll_create1, 3 },
  { "epoll_ctl", fz_epoll_ctl, 12 },  { "epoll_pwait", fz_epoll_pwait, 6 },
  { "ppoll", fz_ppoll, 6 },           { "pselect6", fz_pselect6, 5 },
  { "ioctl", fz_ioctl, 4 },           { "chdir", fz_chdir, 1 },
  { "openat", fz_openat, 4 },         { "mkdirat", fz_mkdirat, 1 },
  { "mknodat", fz_mknodat, 1 },       { "unlinkat", fz_unlinkat, 2 },
  { "linkat", fz_linkat, 1 },         { "fstat", fz_fstat, 2 },
  { "newfstatat", fz_newfstatat, 2 },
  { "lseek", fz_lseek, 3 },           { "pread64", fz_pread64, 3 },
  { "pwrite64", fz_pwrite64, 3 },     { "readv", fz_readv, 4 },
  { "writev", fz_writev, 4 },         { "getdents64", fz_getdents64, 2 },
  { "getcwd", fz_getcwd, 1 },         { "faccessat", fz_faccessat, 1 },
  { "readlinkat", fz_readlinkat, 1 }, { "umask", fz_umask, 1 },
  { "nanosleep", fz_nanosleep, 2 },   { "clock_gettime", fz_clock_gettime, 1 },
  { "uptime", fz_uptime, 1 },         { "getpid", fz_getpid, 1 },
  { "getppid", fz_getppid, 1 },       { "setpgid", fz_setpgid, 1 },
  { "getpgid", fz_getpgid, 1 },       { "set_tid_address", fz_set_tid_address, 1 },
  { "kill", fz_kill, 2 },             { "clone", fz_clone, 1 },
  { "wait4", fz_wait4, 1 },           { "execve", fz_execve, 1 },
  { "brk", fz_brk, 2 },               { "memstat", fz_memstat, 1 },
  { "irqoff", fz_irqoff, 1 },         { "exit", fz_exit, 0 },
  { "exit_group", fz_exit, 0 },
  { "mprotect", fz_mprotect, 2 },     { "getrandom", fz_getrandom, 1 },
  { "mmap", fz_mmap, 2 },             { "munmap", fz_munmap, 1 },
  { "madvise", fz_madvise, 1 },
  { "set_robust_list", fz_set_robust_list, 1 },
  { "clock_getres", fz_clock_getres, 1 },  { "gettimeofday", fz_gettimeofday, 1 },
  { "clock_nanosleep", fz_clock_nanosleep, 2 },
  { "sched_yield", fz_sched_yield, 1 },  { "getuid", fz_ids, 1 },
  { "geteuid", fz_ids, 0 },           { "getgid", fz_ids, 0 },
  { "getegid", fz_ids, 0 },           { "gettid", fz_ids, 0 },
  { "uname", fz_uname, 1 },           { "sysinfo", fz_sysinfo, 1 },
  { "getrlimit", fz_getrlimit, 1 },   { "setrlimit", fz_setrlimit, 1 },
  { "prlimit64", fz_prlimit64, 2 },   { "ioctl", fz_tty_ioctl, 3 },
  { "futex", fz_futex, 3 },
  { "rt_sigaction", fz_rt_sigaction, 3 },
  { "rt_sigprocmask", fz_rt_sigprocmask, 3 },
  { "rt_sigpending", fz_rt_sigpending, 1 },
  { "rt_sigsuspend", fz_rt_sigsuspend, 1 },
  { "rt_sigtimedwait", fz_rt_sigtimedwait, 2 },
  { "rt_sigqueueinfo", fz_rt_sigqueueinfo, 2 },
  { "rt_tgsigqueueinfo", fz_rt_tgsigqueueinfo, 1 },
  { "rt_sigreturn", fz_rt_sigreturn, 1 },
  { "sigaltstack", fz_sigaltstack, 2 },
  { "tkill", fz_tkill, 2 },           { "tgkill", fz_tgkill, 2 },
  { "signalfd4", fz_signalfd4, 3 },   { "getitimer", fz_getitimer, 1 },
  { "setitimer", fz_setitimer, 2 },   { "restart_syscall", fz_restart_syscall, 1 },
  { "socket", fz_socket, 3 },         { "socketpair", fz_socketpair, 3 },
  { "bind", fz_bind, 3 },             { "listen", fz_listen, 2 },
  { "accept", fz_accept, 2 },         { "accept4", fz_accept4, 2 },
  { "connect", fz_connect, 2 },       { "getsockname", fz_getsockname, 1 },
  { "getpeername", fz_getpeername, 1 },
  { "sendto", fz_sendto, 3 },         { "recvfrom", fz_recvfrom, 3 },
  { "setsockopt", fz_setsockopt, 1 }, { "getsockopt", fz_getsockopt, 1 },
  { "shutdown", fz_shutdown, 1 },     { "sendmsg", fz_sendmsg, 3 },
  { "recvmsg", fz_recvmsg, 3 },
  { "timerfd_create", fz_timerfd_create, 2 },
  { "timerfd_settime", fz_timerfd_settime, 2 },
  { "timerfd_gettime", fz_timerfd_gettime, 1 },
  { "pidfd_open", fz_pidfd_open, 1 },
  { "pidfd_send_signal", fz_pidfd_send_signal, 1 },
  { "waitid", fz_waitid, 1 },
  { 0, fz_nosys, 1 },
};

static const char *const sysnames[] = {
#define SYSCALL(nr, name) #name,
#include <nudge/syscall.h>
#undef SYSCALL
};

// The calls of the table that have no generator here.
static void
note_missing(void)
{
  int i, j;

  for(i = 0; i < NELEM(sysnames); i++){
    for(j = 0; j < NELEM(ops); j++)
      if(ops[j].name && strcmp(ops[j].name, sysnames[i]) == 0)
        break;
    if(j == NELEM(ops) && strcmp(sysnames[i], "poweroff") != 0)
      printf("fuzz: no generator for %s: not fuzzed\n", sysnames[i]);
  }
}

static void
run_calls(long n)
{
  static int total;
  long i, w;
  int j;

  if(total == 0)
    for(j = 0; j < NELEM(ops); j++)
      total += ops[j].weight;
  for(i = 0; i < n; i++){
    ncalls++;
    if(depth == 0 && ncalls % 100 == 0)
      record("C%ld", ncalls);     // progress, for a child killed later
    if(depth == 0 && one_in(4 * CHILD_CALLS)){
      fz_exit();
      continue;
    }
    w = rnd(total);
    for(j = 0; w >= ops[j].weight; j++)
      w -= ops[j].weight;
    ops[j].fn();
    if(info_wrong)
      bad("a handler of signal %d was given another's siginfo", info_wrong);
  }
}

/* ---- a fuzzing child: setting up ----------------------------------------- */

// A file of the given bytes, which the random calls never name.
static void
make_file(const char *name, const void *data, int n)
{
  char path[32];
  int fd;

  snprintf(path, sizeof(path), "%s/%s", scratch, name);
  if((fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644)) < 0)
    bad("setup: open %s: %s", path, errname(errno));
  write(fd, data, n);
  close(fd);
}

// Files that execv must refuse: junk, and an ELF header whose program
// headers lie past the end of the file.
static void
make_exec_bait(void)
{
  static const uint64_t phoffs[] = { 64, 1000, 0xfffffff0 };
  unsigned char elf[64];
  uint64_t phoff = PICK(phoffs);
  uint16_t phnum = 1 + rnd(0xffff);
  int i;

  make_file("j", "#!/bin/sh\njunk\n", 15);
  for(i = 0; i < (int)sizeof(elf); i++)
    elf[i] = rnd64();
  memcpy(elf, "\177ELF", 4);
  memcpy(elf + 32, &phoff, sizeof(phoff));
  memcpy(elf + 56, &phnum, sizeof(phnum));
  make_file("e", elf, sizeof(elf));
}

// The child's state: the fds it has (the console and nothing else), its
// heap, its scratch directory.
static void
child_setup(uint32_t seed)
{
  struct sigaction act;
  int fd, d;

  // Fds 0-2 on a console file of the child's own: the inherited one is
  // the shell's too, and an O_NONBLOCK set on it would end the shell.
  for(fd = 0; fd < 64; fd++)
    close(fd);
  if(open("/console", O_RDWR) != 0 || dup(0) != 1 || dup(0) != 2)
    bad("setup: open /console: %s", errname(errno));
  for(fd = 0; fd < NOFILE; fd++)
    fddesc[fd] = -1;
  descs[0].kind = K_UNKNOWN;
  descs[0].shared = 1;
  ndesc = 1;
  nopen = 0;
  d = new_desc(K_CONSOLE, 0);
  for(fd = 0; fd < 3; fd++)
    fd_set_desc(fd, d);
  dup3(1, LOG_FD, O_CLOEXEC);
  mypid = getpid();
  parent_pid = getppid();
  seed_rng(seed);

  cur_brk = (uintptr_t)sbrk(0);
  if(sbrk(HEAPSZ + PGSIZE - cur_brk % PGSIZE) == (char *)-1)
    bad("setup: sbrk: %s", errname(errno));
  cur_brk = (uintptr_t)sbrk(0);
  floor_brk = cur_brk;
  for(d = 0; d < (int)sizeof(buf); d++)
    buf[d] = rnd64();

  // The signals that may come find a harmless action (see "signals").
  for(d = 0; d < NELEM(live_sigs); d++){
    make_action(live_sigs[d], &act);
    sigaction(live_sigs[d], &act, 0);
  }

  snprintf(scratch, sizeof(scratch), "/fz%08x", seed);
  if(mkdir(scratch, 0755) < 0 || chdir(scratch) < 0)
    bad("setup: mkdir %s: %s", scratch, errname(errno));
  make_exec_bait();
}

static void
child_main(uint32_t seed, long calls)
{
  strcpy(what, "setup");
  child_setup(seed);
  run_calls(calls);
  finish(0);
}

/* ---- the corpus ----------------------------------------------------------- */

static void
expect_eq(const char *call, long got, long want)
{
  int err = errno;

  strcpy(what, call);
  if(got != want)
    bad("expected %ld, got %s", want, show(got, err));
}

static void
expect_err(const char *call, long got, int want)
{
  int err = errno;

  strcpy(what, call);
  if(got != -1 || err != want)
    bad("expected -1 (%s), got %s", errname(want), show(got, err));
}

// select(2) with a timeout past what the kernel's clock can count must
// still wait for the fd: {1844674407370 s, 0} (1.8e21 ns overflows 64
// bits) and {0, LONG_MAX us} (extra microseconds count as seconds). A
// child writes one byte after 50 ms; select must say 1, not 0 at once.
static void
select_huge_timeout(void)
{
  static const struct timeval tvs[] = { { 1844674407370L, 0 }, { 0, LONG_MAX } };
  static const char *const names[] = {
    "select(fd + 1, &r, 0, 0, {1844674407370, 0})",
    "select(fd + 1, &r, 0, 0, {0, LONG_MAX})",
  };
  struct timeval tv;
  fd_set r;
  int i, p[2], pid;

  for(i = 0; i < NELEM(tvs); i++){
    expect_eq("pipe(p)", pipe(p), 0);
    if((pid = fork()) == 0){
      nap(50);
      write(p[1], "x", 1);
      exit(0);
    }
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = tvs[i];
    expect_eq(names[i], select(p[0] + 1, &r, 0, 0, &tv), 1);
    expect_eq("FD_ISSET(fd, &r)", FD_ISSET(p[0], &r), 1);
    wait(0);
    close(p[0]);
    close(p[1]);
  }
}

// read(2) with count -1 (SIZE_MAX): EFAULT, since no buffer is that
// big, with data or without; EBADF on a pipe's write end, which comes
// first.
static void
read_huge_count(void)
{
  int p[2];

  expect_eq("pipe2(p, O_NONBLOCK)", pipe2(p, O_NONBLOCK), 0);
  expect_err("read(empty pipe, buf, -1)", read(p[0], buf, -1), EFAULT);
  expect_eq("write(p[1], \"x\", 1)", write(p[1], "x", 1), 1);
  expect_err("read(pipe, buf, -1)", read(p[0], buf, -1), EFAULT);
  expect_err("read(pipe write end, buf, -1)", read(p[1], buf, -1), EBADF);
}

// An eventfd read or written at a kernel address: EFAULT, whatever the
// count (for count 4, before eventfd's own EINVAL, as Linux's access
// check comes first).
static void
eventfd_kernel_ptr(void)
{
  void *k = (void *)KHIGH;
  int fd = eventfd(1, EFD_NONBLOCK);

  expect_eq("eventfd(1, EFD_NONBLOCK) >= 0", fd >= 0, 1);
  expect_err("read(efd, 0xffffffff80000000, 8)", read(fd, k, 8), EFAULT);
  expect_err("read(efd, 0xffffffff80000000, 4)", read(fd, k, 4), EFAULT);
  expect_err("write(efd, 0xffffffff80000000, 8)", write(fd, k, 8), EFAULT);
  expect_err("write(efd, 0xffffffff80000000, 4)", write(fd, k, 4), EFAULT);
}

// Reading an empty pipe into a kernel address: EFAULT at once, not
// EAGAIN, and not after blocking (a grandchild makes the blocking read;
// it has 2 s to say what it got).
static void
pipe_kernel_ptr(void)
{
  void *k = (void *)KHIGH;
  struct pollfd pfd;
  int p[2], res[2], pid, got = 0;

  expect_eq("pipe2(p, O_NONBLOCK)", pipe2(p, O_NONBLOCK), 0);
  expect_err("read(empty O_NONBLOCK pipe, 0xffffffff80000000, 8)",
             read(p[0], k, 8), EFAULT);
  close(p[0]);
  close(p[1]);

  expect_eq("pipe(p)", pipe(p), 0);
  expect_eq("pipe(res)", pipe(res), 0);
  if((pid = fork()) == 0){
    int r = read(p[0], k, 8);
    int e = r < 0 ? errno : 0;
    write(res[1], &e, sizeof(e));
    exit(0);
  }
  pfd.fd = res[0];
  pfd.events = POLLIN;
  strcpy(what, "read(empty pipe, 0xffffffff80000000, 8)");
  if(poll(&pfd, 1, 2000) != 1){
    kill(pid, SIGKILL);
    wait(0);
    bad("expected -1 (EFAULT) at once, got still blocked after 2 s");
  }
  read(res[0], &got, sizeof(got));
  wait(0);
  if(got != EFAULT)
    bad("expected -1 (EFAULT), got %s", got ? show(-1, got) : "success");
}

#define LINK_DIR 256                // names in one directory (4 blocks)

// Worker w of link_max: links /fzlink/f as /fzlink/w/K/N until link
// fails, with K = N / LINK_DIR so that each lookup reads a few blocks,
// which stay in the buffer cache, then reports
// { links made, errno } on res. Once the case has read every report and
// sent a byte on go (or died: EOF), unlinks all it made and reports the
// failures.
static void
link_worker(int w, const int *res, const int *go)
{
  static char path[40];
  long n, failures = 0, out[2];

  close(res[0]);
  close(go[1]);
  snprintf(path, sizeof(path), "/fzlink/%d", w);
  mkdir(path, 0755);
  errno = 0;
  for(n = 0; n <= LINK_MAX; n++){
    if(n % LINK_DIR == 0){
      snprintf(path, sizeof(path), "/fzlink/%d/%ld", w, n / LINK_DIR);
      mkdir(path, 0755);
    }
    snprintf(path, sizeof(path), "/fzlink/%d/%ld/%ld", w, n / LINK_DIR, n);
    if(link("/fzlink/f", path) < 0)
      break;
  }
  out[0] = n;
  out[1] = errno;
  write(res[1], out, sizeof(out));
  read(go[0], path, 1);
  for(n--; n >= 0; n--){
    snprintf(path, sizeof(path), "/fzlink/%d/%ld/%ld", w, n / LINK_DIR, n);
    failures += unlink(path) < 0;
    if(n % LINK_DIR == 0){
      snprintf(path, sizeof(path), "/fzlink/%d/%ld", w, n / LINK_DIR);
      failures += rmdir(path) < 0;
    }
  }
  snprintf(path, sizeof(path), "/fzlink/%d", w);
  failures += rmdir(path) < 0;
  write(res[1], &failures, sizeof(failures));
  exit(0);
}

// link(2) to one file until it fails: EMLINK once it has LINK_MAX names
// (nlink is 16 bits on disk), not a wrapped count or a panic; then every
// name unlinks. LINK_MAX links take minutes, since each is a disk
// transaction: LINK_WORKERS processes make them, so that the log commits
// several at a time.
#define LINK_WORKERS 4
static void
link_max(void)
{
  static char msg[80];
  long out[2], total = 0, failures;
  int fd, w, res[2], go[2];

  mkdir("/fzlink", 0755);
  fd = open("/fzlink/f", O_CREAT | O_RDWR, 0644);
  expect_eq("open(\"/fzlink/f\", O_CREAT) >= 0", fd >= 0, 1);
  expect_eq("pipe(res)", pipe(res), 0);
  expect_eq("pipe(go)", pipe(go), 0);
  for(w = 0; w < LINK_WORKERS; w++)
    if(fork() == 0)
      link_worker(w, res, go);
  for(w = 0; w < LINK_WORKERS; w++){
    expect_eq("read(res, {links, errno})", read(res[0], out, sizeof(out)),
              sizeof(out));
    errno = out[1];
    snprintf(msg, sizeof(msg), "link #%ld of a worker", out[0] + 1);
    expect_err(msg, -1, EMLINK);
    total += out[0];
  }
  expect_eq("links made until EMLINK, LINK_MAX - 1", total, LINK_MAX - 1);
  expect_eq("fstat(f)", fstat(fd, &st), 0);
  expect_eq("st.st_nlink", st.st_nlink, LINK_MAX);
  close(fd);
  for(w = 0; w < LINK_WORKERS; w++)
    write(go[1], "g", 1);
  for(w = 0; w < LINK_WORKERS; w++){
    expect_eq("read(res, failures)", read(res[0], &failures, sizeof(failures)),
              sizeof(failures));
    expect_eq("unlinks that failed", failures, 0);
  }
  while(wait(0) >= 0)
    ;
  expect_eq("unlink(\"/fzlink/f\")", unlink("/fzlink/f"), 0);
  expect_eq("rmdir(\"/fzlink\")", rmdir("/fzlink"), 0);
}

// kill(2) of init: 0, and init lives on (it is unkillable); the system
// still forks and waits.
static void
kill_init(void)
{
  int pid;

  expect_eq("kill(1, SIGKILL)", kill(1, SIGKILL), 0);
  expect_eq("kill(1, SIGTERM)", kill(1, SIGTERM), 0);
  nap(50);
  expect_eq("kill(1, 0), init still there", kill(1, 0), 0);
  if((pid = fork()) == 0)
    exit(7);
  expect_eq("fork() > 0", pid > 0, 1);
  expect_eq("wait(0)", wait(0), pid);
}

// kill(2) of a child that is exiting: a parent that saw EOF on a pipe
// only the child held (so the child is in exit, its files closed) sends
// it SIGKILL. kill says 0, and the child's status is still its own exit
// code, after exit(2) as after exit_group(2): on Linux a thread in exit
// takes no signal (wants_signal() passes over PF_EXITING). This is what
// the parent here does to every child (reap_slot). 100 rounds, the
// child freeing 4 MiB on the way out, so that the SIGKILL lands in every
// part of the exit, even with one CPU (a few seconds: its own limit).
static void
kill_exiting(void)
{
  int i, p[2], pid, st;
  char c;

  for(i = 0; i < 100; i++){
    expect_eq("pipe(p)", pipe(p), 0);
    if((pid = fork()) == 0){
      close(p[0]);
      memset(sbrk(4 << 20), 1, 4 << 20);
      if(i % 2)
        __sys_exit(7);
      exit_group(7);
    }
    close(p[1]);
    expect_eq("read(p[0]) after the child closed p[1], EOF", read(p[0], &c, 1), 0);
    expect_eq("kill(exiting child, SIGKILL)", kill(pid, SIGKILL), 0);
    expect_eq("waitpid(child)", waitpid(pid, &st, 0), pid);
    expect_eq(i % 2 ? "status of a child killed in exit(7), W_EXITCODE(7, 0)" :
                      "status of a child killed in exit_group(7), W_EXITCODE(7, 0)",
              st, 7 << 8);
    close(p[0]);
  }
}

// The siginfo of rt_sigqueueinfo(2) and rt_tgsigqueueinfo(2), as Linux
// takes it (kernel/signal.c: __copy_siginfo_from_user, then
// do_rt_sigqueueinfo and do_rt_tgsigqueueinfo), to itself with SIGUSR1
// blocked:
//   - for an si_code whose layout it knows (SI_QUEUE) it reads 48 bytes
//     (struct kernel_siginfo): the other 80 may lie past mapped memory;
//   - for one it does not know (-100) it reads all 128, and a byte not 0
//     in the last 80, which it could not give back as it was, is E2BIG;
//   - a code only a signal to oneself may carry (SI_USER: posing as
//     kill) to another pid is EPERM before the pid is looked up, so for
//     0, -1 and INT_MAX too;
//   - rt_tgsigqueueinfo reads the siginfo before it checks tgid and tid:
//     an unreadable one with both 0 is EFAULT, not EINVAL.
static void
sigqueue_linux_order(void)
{
  static siginfo_t junk;
  sigset_t usr1 = { { SIGMASK(SIGUSR1) } };
  struct timespec zero = { 0, 0 };
  siginfo_t *si;
  char *m;

  expect_eq("sigprocmask(SIG_BLOCK, {SIGUSR1})", sigprocmask(SIG_BLOCK, &usr1, 0), 0);
  m = mmap(0, 2 * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect_eq("mmap(2 pages)", m != MAP_FAILED, 1);
  expect_eq("munmap(the second)", munmap(m + PGSIZE, PGSIZE), 0);
  si = (siginfo_t *)(m + PGSIZE - 48);
  memset(si, 0, 48);
  si->si_code = SI_QUEUE;
  expect_eq("rt_sigqueueinfo(getpid(), SIGUSR1, {SI_QUEUE}, 48 bytes mapped)",
            rt_sigqueueinfo(getpid(), SIGUSR1, si), 0);
  expect_eq("sigtimedwait({SIGUSR1}, 0, {0, 0})", sigtimedwait(&usr1, 0, &zero), SIGUSR1);
  expect_eq("rt_tgsigqueueinfo(getpid(), getpid(), SIGUSR1, {SI_QUEUE}, 48 bytes mapped)",
            rt_tgsigqueueinfo(getpid(), getpid(), SIGUSR1, si), 0);
  expect_eq("sigtimedwait({SIGUSR1}, 0, {0, 0})", sigtimedwait(&usr1, 0, &zero), SIGUSR1);

  junk.si_code = -100;
  ((char *)&junk)[100] = 1;
  expect_err("rt_sigqueueinfo(getpid(), SIGUSR1, {si_code -100, byte 100 set})",
             rt_sigqueueinfo(getpid(), SIGUSR1, &junk), E2BIG);
  expect_err("rt_tgsigqueueinfo(getpid(), getpid(), SIGUSR1, {si_code -100, byte 100 set})",
             rt_tgsigqueueinfo(getpid(), getpid(), SIGUSR1, &junk), E2BIG);

  memset(&junk, 0, sizeof(junk));
  expect_err("rt_sigqueueinfo(0, SIGUSR1, {SI_USER})", rt_sigqueueinfo(0, SIGUSR1, &junk), EPERM);
  expect_err("rt_sigqueueinfo(-1, SIGUSR1, {SI_USER})", rt_sigqueueinfo(-1, SIGUSR1, &junk), EPERM);
  expect_err("rt_sigqueueinfo(INT_MAX, SIGUSR1, {SI_USER})",
             rt_sigqueueinfo(INT_MAX, SIGUSR1, &junk), EPERM);

  expect_err("rt_tgsigqueueinfo(0, 0, SIGUSR1, NULL)", rt_tgsigqueueinfo(0, 0, SIGUSR1, 0), EFAULT);
  expect_err("rt_tgsigqueueinfo(0, 0, SIGUSR1, 0xffffffff80000000)",
             rt_tgsigqueueinfo(0, 0, SIGUSR1, (siginfo_t *)KHIGH), EFAULT);
  expect_err("sigtimedwait({SIGUSR1}, 0, {0, 0}), nothing left", sigtimedwait(&usr1, 0, &zero),
             EAGAIN);
}

static const struct corpus {
  const char *name;
  void (*fn)(void);
  int secs;                         // its time limit
  int slow;                         // skipped by -q
} corpus[] = {
  { "select_huge_timeout", select_huge_timeout, CORPUS_SECS },
  { "read_huge_count", read_huge_count, CORPUS_SECS },
  { "eventfd_kernel_ptr", eventfd_kernel_ptr, CORPUS_SECS },
  { "pipe_kernel_ptr", pipe_kernel_ptr, CORPUS_SECS },
  { "link_max", link_max, 900, 1 },
  { "kill_init", kill_init, CORPUS_SECS },
  { "kill_exiting", kill_exiting, 30 },
  { "sigqueue_linux_order", sigqueue_linux_order, CORPUS_SECS },
};

/* ---- the parent: watching children ---------------------------------------- */

// Every process a child's tree forks reports its pid, the doomed ones
// included: hundreds in a run of CHILD_CALLS.
#define MAXPIDS 4096

// One child being watched: its report pipe, what it said, how it ended.
struct slot {
  int pid;                          // 0: the slot is free
  int fd;                           // report pipe's read end; -1 at EOF
  uint32_t seed;
  const struct corpus *c;           // a corpus case, or 0
  long deadline;                    // uptime() when it is killed
  int killed;                       // killed for time
  long killed_at;                   // uptime() then
  int reaped;
  int status;                       // its wait() status, once reaped
  int expect;                       // from its E record; -1 if none
  long calls;                       // made, as it last said
  long planned;                     // calls it was to make
  int pids[MAXPIDS];                // its tree, as reported
  int npids;
  char line[400];                   // a record being read
  int len;
  char why[400];                    // its first F record
};

static struct slot slots[PARALLEL];
static int quick;                  // -q: no slow corpus cases
static int child_secs = CHILD_SECS;
static long total_calls, nchildren, nkilled;
static long slowest_death;          // ticks from SIGKILL to a tree's end
static int console_flags;           // of fd 0, the shell's console file
static int nfailed;
static char failure[300];           // the first failure, for the last line

static void __attribute__((format(printf, 1, 2)))
failed(const char *fmt, ...)
{
  va_list ap;

  if(nfailed++ == 0){
    va_start(ap, fmt);
    vsnprintf(failure, sizeof(failure), fmt, ap);
    va_end(ap);
  }
}

static void
kill_tree(struct slot *s)
{
  int i;

  kill(s->pid, SIGKILL);
  for(i = 0; i < s->npids; i++)
    kill(s->pids[i], SIGKILL);
}

static void
take_record(struct slot *s, char *line)
{
  int i;

  switch(line[0]){
  case 'P':
    if(s->npids < MAXPIDS)
      s->pids[s->npids++] = atoi(line + 1);
    else if(s->why[0] == 0)
      snprintf(s->why, sizeof(s->why), "more than %d processes", MAXPIDS);
    if(s->killed || s->expect != -1)
      kill(atoi(line + 1), SIGKILL);
    break;
  case 'F':
    if(s->why[0] == 0)
      snprintf(s->why, sizeof(s->why), "%s", line + 1);
    break;
  case 'C':
    s->calls = atol(line + 1);
    break;
  case 'E':
    s->expect = strtol(line + 1, &line, 10);
    s->calls = strtol(line, 0, 10);
    // Its last words. Whatever of its tree lives on is a doomed
    // grandchild whose parent was killed before it could kill it, and
    // may wait for ever: it goes now.
    for(i = 0; i < s->npids; i++)
      kill(s->pids[i], SIGKILL);
    break;
  }
}

// Reads what the slot's tree wrote; at EOF, the tree is gone.
static void
drain(struct slot *s)
{
  long n;
  int i, start;

  n = read(s->fd, s->line + s->len, sizeof(s->line) - 1 - s->len);
  if(n <= 0){
    close(s->fd);
    s->fd = -1;
    return;
  }
  s->len += n;
  start = 0;
  for(i = 0; i < s->len; i++){
    if(s->line[i] == '\n'){
      s->line[i] = 0;
      take_record(s, s->line + start);
      start = i + 1;
    }
  }
  if(start == 0 && s->len == sizeof(s->line) - 1)
    start = s->len;                 // a line too long: drop it
  memmove(s->line, s->line + start, s->len - start);
  s->len -= start;
}

// Reaps pid, noting the status of any slot's child that wait() returns.
static void
reap_slot(struct slot *s)
{
  int pid, status, i;

  // It has closed its report pipe; kill it in case it lives on.
  kill(s->pid, SIGKILL);
  while(!s->reaped && (pid = wait(&status)) >= 0)
    for(i = 0; i < PARALLEL; i++)
      if(slots[i].pid == pid){
        slots[i].reaped = 1;
        slots[i].status = status;
      }
}

// The slot's tree is gone: how did it do?
static void
judge(struct slot *s)
{
  static char why[500], got[40];

  why[0] = 0;
  if(s->why[0])
    snprintf(why, sizeof(why), "%s", s->why);
  else if(s->killed && s->c)
    snprintf(why, sizeof(why), "timed out after %d s", s->c->secs);
  else if(s->killed){
    nkilled++;
    if(verbose)
      printf("fuzz: child seed %u killed after %d s, past call %ld\n",
             s->seed, child_secs, s->calls);
  } else if(s->expect == -1)
    snprintf(why, sizeof(why), "%s before its last call", showstatus(s->status));
  else if(s->expect == SIGKILL ? !WIFSIGNALED(s->status) : s->status != s->expect){
    // One at a time: showstatus has one buffer.
    snprintf(got, sizeof(got), "%s", showstatus(s->status));
    snprintf(why, sizeof(why), "%s, expected %s", got, showstatus(s->expect));
  }
  total_calls += s->calls;
  if(s->c){
    if(why[0])
      failed("corpus %s: %s", s->c->name, why);
    printf("fuzz: corpus %s: %s%s%s\n", s->c->name, why[0] ? "FAILED (" : "OK",
           why, why[0] ? ")" : "");
  } else if(why[0]){
    failed("child seed %u failed: %s", s->seed, why);
    printf("fuzz: child seed %u failed: %s\n", s->seed, why);
    if(s->planned == CHILD_CALLS)
      printf("fuzz: replay: fuzz -q -c %u -v\n", s->seed);
    else
      printf("fuzz: replay: fuzz -q -c %u -n %ld -v\n", s->seed, s->planned);
  }
}

// Removes path and everything under it. With getdents64 on the stack,
// not readdir: the parent must not grow its heap between memstat checks.
static void
rmtree(const char *path, int level)
{
  struct linux_dirent64 *de;
  char sub[64], recs[512];
  long n, off;
  int fd;

  if(level < 6 && (fd = open(path, O_RDONLY | O_DIRECTORY)) >= 0){
    while((n = getdents64(fd, recs, sizeof(recs))) > 0){
      for(off = 0; off < n; off += de->d_reclen){
        de = (struct linux_dirent64 *)(recs + off);
        if(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
          continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
        rmtree(sub, level + 1);
      }
    }
    close(fd);
  }
  if(unlink(path) < 0 && errno == EISDIR)
    rmdir(path);
}

// Looks after the running slots for up to ms: reads their records,
// kills the ones past their deadline, and judges and frees the ones
// whose tree is gone.
static void
watch(int ms)
{
  static struct pollfd pf[PARALLEL];
  struct slot *s;
  char dir[16];
  int i, n = 0;

  for(i = 0; i < PARALLEL; i++){
    pf[i].fd = slots[i].pid && slots[i].fd >= 0 ? slots[i].fd : -1;
    pf[i].events = POLLIN;
    n += pf[i].fd >= 0;
  }
  if(n > 0)
    poll(pf, PARALLEL, ms);
  else
    nap(ms);
  for(i = 0; i < PARALLEL; i++){
    s = &slots[i];
    if(s->pid == 0)
      continue;
    if(s->fd >= 0 && pf[i].revents){
      drain(s);
      if(s->fd < 0 && s->killed && uptime() - s->killed_at > slowest_death)
        slowest_death = uptime() - s->killed_at;
    }
    if(s->fd >= 0 && uptime() > s->deadline){
      if(!s->killed){
        s->killed = 1;
        s->killed_at = uptime();
        s->deadline = s->killed_at + DEATH_SECS * HZ;
        kill_tree(s);
      } else {
        snprintf(s->why, sizeof(s->why), "still running %d s after SIGKILL",
                 DEATH_SECS);
        close(s->fd);
        s->fd = -1;
        s->reaped = 1;
      }
    }
    if(s->fd >= 0)
      continue;
    reap_slot(s);
    judge(s);
    if(!s->c){
      snprintf(dir, sizeof(dir), "/fz%08x", s->seed);
      rmtree(dir, 0);
    }
    s->pid = 0;
  }
}

// Starts a child in a free slot: a corpus case c, or fuzzing with seed.
// 0, or -1 if fork failed.
static int
spawn(const struct corpus *c, uint32_t seed, long calls)
{
  struct slot *s;
  int p[2], pid, i;

  for(i = 0; slots[i].pid; i++)
    ;
  s = &slots[i];
  if(pipe2(p, O_CLOEXEC) < 0)
    return -1;
  if((pid = fork()) < 0){
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if(pid == 0){
    dup3(p[1], REPORT_FD, 0);
    if(c){
      close(p[0]);
      close(p[1]);
      strcpy(what, c->name);
      c->fn();
      record("E0 0");
      exit(0);
    }
    child_main(seed, calls);
  }
  close(p[1]);
  memset(s, 0, sizeof(*s));
  s->pid = pid;
  s->fd = p[0];
  s->seed = seed;
  s->c = c;
  s->expect = -1;
  s->planned = calls;
  s->deadline = uptime() + (c ? c->secs : child_secs) * HZ;
  return 0;
}

static int
nbusy(void)
{
  int i, n = 0;

  for(i = 0; i < PARALLEL; i++)
    n += slots[i].pid != 0;
  return n;
}

// Runs a corpus case or a child, waiting for a free slot (of at most
// max running) and for fork to succeed.
static void
start(const struct corpus *c, uint32_t seed, long calls, int max)
{
  long t0 = uptime();

  while(nbusy() >= max)
    watch(100);
  while(spawn(c, seed, calls) < 0){
    if(uptime() - t0 > 30 * HZ){
      failed("fork: %s for 30 s", errname(errno));
      return;
    }
    watch(100);
  }
}

static void
wait_all(void)
{
  while(nbusy() > 0)
    watch(100);
}

/* ---- the parent: health --------------------------------------------------- */

// memstat() back at base, allowing init time to reap orphans and
// timers to fire. 0, or what differs.
static const char *
settled(const struct memstat *base)
{
  static char why[300];
  struct memstat now;
  long t0 = uptime();

  for(;;){
    if(memstat(&now) < 0)
      return "memstat failed";
    if(memstat_same(base, &now))
      return 0;
    if(uptime() - t0 > SETTLE_SECS * HZ)
      break;
    nap(20);
  }
  memstat_explain(why, sizeof(why), base, &now);
  return why;
}

// A pipe, an eventfd and an epoll still work: one round trip each.
static const char *
round_trip(void)
{
  struct epoll_event ev = { EPOLLIN, { 0 } }, out;
  uint64_t v = 3;
  int p[2], efd, ep;
  char c = 0;
  const char *why = 0;

  if(pipe(p) < 0)
    return "pipe failed";
  if(write(p[1], "k", 1) != 1 || read(p[0], &c, 1) != 1 || c != 'k')
    why = "pipe round trip failed";
  close(p[0]);
  close(p[1]);
  if(why)
    return why;
  if((efd = eventfd(0, EFD_NONBLOCK)) < 0)
    return "eventfd failed";
  if((ep = epoll_create1(0)) < 0){
    close(efd);
    return "epoll_create1 failed";
  }
  if(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) < 0)
    why = "epoll_ctl failed";
  else if(epoll_wait(ep, &out, 1, 0) != 0)
    why = "epoll_wait: ready before the write";
  else if(write(efd, &v, 8) != 8)
    why = "eventfd write failed";
  else if(epoll_wait(ep, &out, 1, 1000) != 1 || out.events != EPOLLIN)
    why = "epoll_wait: not ready after the write";
  else if(read(efd, &v, 8) != 8 || v != 3)
    why = "eventfd read failed";
  close(ep);
  close(efd);
  return why;
}

// Calls the children of the current check interval were given, by
// child number modulo CHECK_EVERY, so that a leak hunt replays them.
static long planned[CHECK_EVERY];

// Calls the running fuzzing children are still to make, as they plan.
static long
calls_in_flight(void)
{
  long n = 0;
  int i;

  for(i = 0; i < PARALLEL; i++)
    if(slots[i].pid && !slots[i].c)
      n += slots[i].planned;
  return n;
}

// All children gone: is everything back to base? On a leak, runs the
// children [from, to) again one at a time to find the one that leaks.
static int
check(const struct memstat *base, uint64_t seed, long from, long to)
{
  struct memstat before;
  const char *why;
  long i;

  wait_all();
  if(fcntl(0, F_GETFL) != console_flags){
    failed("the flags of the shell's console file changed to %#x from %#x",
           fcntl(0, F_GETFL), console_flags);
    return -1;
  }
  if((why = settled(base)) == 0)
    return 0;
  if(from < 0){
    failed("leak after the corpus: %s", why);
    return -1;
  }
  printf("fuzz: leak after children %ld..%ld: %s; running them again "
         "one at a time\n", from, to - 1, why);
  for(i = from; i < to; i++){
    memstat(&before);
    start(0, child_seed(seed, i), planned[i % CHECK_EVERY], 1);
    wait_all();
    if((why = settled(&before)) != 0){
      failed("seed %lu: leak after child seed %u: %s", (unsigned long)seed,
             child_seed(seed, i), why);
      return -1;
    }
  }
  failed("seed %lu: leak after one of children %ld..%ld (seeds %u..%u), "
         "which did not leak alone", (unsigned long)seed, from, to - 1,
         child_seed(seed, from), child_seed(seed, to - 1));
  return -1;
}

/* ---- main ----------------------------------------------------------------- */

static void
usage(void)
{
  fprintf(stderr, "usage: fuzz [-s SEED] [-n CALLS] [-c CHILDSEED] [-q] [-v]\n");
  exit(2);
}

int
main(int argc, char *argv[])
{
  uint64_t seed = 1;
  long calls = -1, i, from = 0, n, t0 = uptime();
  long childseed = -1;
  struct memstat base;
  const char *why;

  for(i = 1; i < argc; i++){
    if(strcmp(argv[i], "-q") == 0)
      quick = 1;
    else if(strcmp(argv[i], "-v") == 0)
      verbose = 1;
    else if(i + 1 < argc && strcmp(argv[i], "-s") == 0)
      seed = strtoull(argv[++i], 0, 0);
    else if(i + 1 < argc && strcmp(argv[i], "-n") == 0)
      calls = strtol(argv[++i], 0, 0);
    else if(i + 1 < argc && strcmp(argv[i], "-c") == 0)
      childseed = strtoul(argv[++i], 0, 0);
    else
      usage();
  }
  if(calls < 0)
    calls = childseed >= 0 ? CHILD_CALLS : 100000;
  if(childseed >= 0)
    child_secs = REPLAY_SECS;
  printf("fuzz: seed %lu\n", (unsigned long)seed);
  note_missing();
  if(memstat(&base) < 0){
    printf("test fuzz: FAILED (memstat: %s)\n", errname(errno));
    return 1;
  }
  console_flags = fcntl(0, F_GETFL);

  rmtree("/fzlink", 0);
  for(i = 0; i < NELEM(corpus); i++){
    if(quick && corpus[i].slow)
      continue;
    start(&corpus[i], 0, 0, 1);
    wait_all();
  }
  rmtree("/fzlink", 0);
  check(&base, seed, -1, 0);

  if(childseed >= 0){
    start(0, childseed, calls, 1);
    nchildren = 1;
  } else {
    // Children until CALLS have been made: one killed for time makes
    // fewer than it planned, and another makes up for it.
    for(i = 0; nfailed < MAXFAILS; ){
      while(nbusy() >= PARALLEL)
        watch(100);
      n = calls - total_calls - calls_in_flight();
      if(n <= 0 && nbusy() == 0)
        break;
      if(n <= 0){
        watch(100);
        continue;
      }
      planned[i % CHECK_EVERY] = n < CHILD_CALLS ? n : CHILD_CALLS;
      start(0, child_seed(seed, i), planned[i % CHECK_EVERY], PARALLEL);
      nchildren++;
      if(++i % CHECK_EVERY == 0){
        if(check(&base, seed, from, i) < 0)
          break;
        from = i;
      }
    }
    if(from < i && nfailed < MAXFAILS)
      check(&base, seed, from, i);
  }
  wait_all();
  if((why = round_trip()) != 0)
    failed("after the run: %s", why);
  else if((why = settled(&base)) != 0)
    failed("after the run: %s", why);

  printf("fuzz: seed %lu: %ld calls in %ld children, %ld killed for time "
         "(the slowest gone %ld ms after SIGKILL), %ld s\n",
         (unsigned long)seed, total_calls, nchildren, nkilled,
         slowest_death * 1000 / HZ, (uptime() - t0) / HZ);
  if(nfailed){
    printf("test fuzz: FAILED (seed %lu: %s)\n", (unsigned long)seed, failure);
    return 1;
  }
  printf("test fuzz: OK\n");
  return 0;
}
