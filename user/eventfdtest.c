/*
 * eventfdtest: eventfd(2), case by case against linux-semantics.md
 * section 2 (Linux 6.18). The same source builds for nudge and for
 * Linux; on Linux every case passes.
 *
 *   eventfdtest [-q] [-v] [-l] [NAME...]   (harness.h)
 *
 * The counter is a u64. It is readable iff it is non-zero, writable iff
 * 1 more could be added, and it never goes past 0xfffffffffffffffe.
 */
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include "harness.h"

#define MAXCOUNT 0xfffffffffffffffeULL    // the largest count a write can make

// Writes value v (8 bytes); returns what write() returned.
static long
put(int efd, uint64_t v)
{
  return write(efd, &v, sizeof v);
}

// Reads the counter, which must be readable: returns the value read.
static uint64_t
get_at(const char *file, int line, int efd)
{
  uint64_t v = 0;
  long n = read(efd, &v, sizeof v);

  if (n != 8)
    fail(file, line, "read(efd, 8), expected 8, got %s", show(n, errno));
  return v;
}

#define GET(efd) get_at(__FILE__, __LINE__, (efd))

// One poll pass: the revents of efd for events.
static unsigned int
pollmask(int efd, int events)
{
  struct pollfd p;

  p.fd = efd;
  p.events = events;
  p.revents = 0;
  if (poll(&p, 1, 0) < 0)
    FAIL("poll(efd), expected >= 0, got %s", show(-1, errno));
  return (unsigned short)p.revents;
}

/* ---- creation ------------------------------------------------------------ */

// linux-semantics.md 2.1: every combination of SEMAPHORE, NONBLOCK and
// CLOEXEC is accepted, and the fd is the lowest free number.
static void
create_flags(void)
{
  static const int flags[] = { EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC };
  int combo, i, fl, efd, want;

  want = TRY(eventfd(0, 0));
  TRY(close(want));
  for (combo = 0; combo < 8; combo++) {
    fl = 0;
    for (i = 0; i < 3; i++)
      if (combo & (1 << i))
        fl |= flags[i];
    efd = eventfd(combo, fl);
    if (efd != want)
      FAIL("eventfd(%d, 0x%x), expected fd %d, got %s", combo, fl, want,
           show(efd, errno));
    TRY(close(efd));
  }
}

// linux-semantics.md 2.1 (do_eventfd): any other flag bit is EINVAL,
// O_RDWR included.
static void
create_bad_flags(void)
{
  EXPECT_ERR(eventfd(0, O_RDWR), EINVAL);
  EXPECT_ERR(eventfd(0, O_RDWR | EFD_NONBLOCK), EINVAL);
  EXPECT_ERR(eventfd(0, 4), EINVAL);
  EXPECT_ERR(eventfd(0, O_CREAT), EINVAL);
  EXPECT_ERR(eventfd(0, O_APPEND), EINVAL);
  EXPECT_ERR(eventfd(0, 1 << 31), EINVAL);
  EXPECT_ERR(eventfd(0, -1), EINVAL);
}

// linux-semantics.md 2.1: the new fd is the lowest free number.
static void
lowest_fd(void)
{
  int a, b, c;

  a = TRY(eventfd(0, 0));
  b = TRY(eventfd(0, 0));
  CHECK(b > a);
  TRY(close(a));
  c = TRY(eventfd(0, 0));
  EXPECT(c, a);
}

// linux-semantics.md 2.1: the counter starts at initval, a 32-bit value
// kept in a u64; its maximum still leaves room to reach MAXCOUNT.
static void
initval(void)
{
  int efd;

  efd = TRY(eventfd(7, EFD_NONBLOCK));
  EXPECT_U64(GET(efd), 7);
  TRY(close(efd));

  efd = TRY(eventfd(0xffffffffu, EFD_NONBLOCK));
  EXPECT_MASK(pollmask(efd, POLLIN | POLLOUT), POLLIN | POLLOUT);
  EXPECT(put(efd, MAXCOUNT - 0xffffffffu), 8);
  EXPECT_ERR(put(efd, 1), EAGAIN);
  EXPECT_U64(GET(efd), MAXCOUNT);
}

// linux-semantics.md 2.1 (fs/eventfd.c anon_inode_getfile): F_GETFL is
// O_RDWR, plus O_NONBLOCK with EFD_NONBLOCK.
static void
getfl(void)
{
  int a = TRY(eventfd(0, 0));
  int b = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT(fcntl(a, F_GETFL), O_RDWR);
  EXPECT(fcntl(b, F_GETFL), O_RDWR | O_NONBLOCK);
}

// linux-semantics.md 2.1: EFD_CLOEXEC sets FD_CLOEXEC on the fd.
static void
cloexec(void)
{
  int a = TRY(eventfd(0, 0));
  int b = TRY(eventfd(0, EFD_CLOEXEC));

  EXPECT(fcntl(a, F_GETFD), 0);
  EXPECT(fcntl(b, F_GETFD), FD_CLOEXEC);
}

// linux-semantics.md 2.1: O_NONBLOCK lives in the open file, so F_SETFL
// through one fd is seen through a dup and in a forked child.
static void
setfl_shared(void)
{
  uint64_t v;
  int efd, d, pid;

  efd = TRY(eventfd(0, 0));
  d = TRY(dup(efd));
  TRY(fcntl(d, F_SETFL, O_NONBLOCK));
  EXPECT(fcntl(efd, F_GETFL), O_RDWR | O_NONBLOCK);
  EXPECT_ERR(read(efd, &v, 8), EAGAIN);
  pid = kid_fork();
  if (pid == 0) {
    EXPECT_ERR(read(efd, &v, 8), EAGAIN);
    _exit(0);
  }
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  TRY(fcntl(efd, F_SETFL, 0));
  EXPECT(fcntl(d, F_GETFL), O_RDWR);
}

/* ---- read ---------------------------------------------------------------- */

// linux-semantics.md 2.2: a buffer shorter than 8 bytes (0 too) is
// EINVAL, checked before anything else: the counter is untouched.
static void
read_short(void)
{
  char buf[8];
  int efd = TRY(eventfd(5, EFD_NONBLOCK));
  int z = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT_ERR(read(efd, buf, 0), EINVAL);
  EXPECT_ERR(read(efd, buf, 1), EINVAL);
  EXPECT_ERR(read(efd, buf, 7), EINVAL);
  EXPECT_ERR(read(z, buf, 4), EINVAL);      // EINVAL, not EAGAIN
  EXPECT_U64(GET(efd), 5);
}

// linux-semantics.md 2.2: a longer buffer is fine; exactly 8 bytes are
// written and 8 returned.
static void
read_long(void)
{
  unsigned char buf[16];
  uint64_t v;
  int efd = TRY(eventfd(9, EFD_NONBLOCK)), i;

  memset(buf, 0xaa, sizeof buf);
  EXPECT(read(efd, buf, sizeof buf), 8);
  memcpy(&v, buf, 8);
  EXPECT_U64(v, 9);
  for (i = 8; i < 16; i++)
    EXPECT(buf[i], 0xaa);
}

// linux-semantics.md 2.2: in normal mode a read returns the whole count
// and resets it to 0; the next read finds nothing.
static void
read_resets(void)
{
  int efd = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT(put(efd, 3), 8);
  EXPECT(put(efd, 4), 8);
  EXPECT_U64(GET(efd), 7);
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
  EXPECT(put(efd, 1), 8);
  EXPECT_U64(GET(efd), 1);
}

// linux-semantics.md 2.2: at 0, a nonblocking read is EAGAIN.
static void
read_eagain(void)
{
  uint64_t v = 0x1234;
  int efd = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT_ERR(read(efd, &v, 8), EAGAIN);
  EXPECT_U64(v, 0x1234);
  EXPECT_ERR(read(efd, &v, 8), EAGAIN);
}

// linux-semantics.md 2.2: in semaphore mode each read returns 1 and
// decrements the count, until EAGAIN at 0.
static void
semaphore(void)
{
  uint64_t v;
  int efd = TRY(eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK));

  EXPECT_U64(GET(efd), 1);
  EXPECT_U64(GET(efd), 1);
  EXPECT_U64(GET(efd), 1);
  EXPECT_ERR(read(efd, &v, 8), EAGAIN);
  EXPECT(put(efd, 2), 8);
  EXPECT_U64(GET(efd), 1);
  EXPECT_MASK(pollmask(efd, POLLIN), POLLIN);
  EXPECT_U64(GET(efd), 1);
  EXPECT_ERR(read(efd, &v, 8), EAGAIN);

  EXPECT(put(efd, MAXCOUNT), 8);
  EXPECT_U64(GET(efd), 1);
  EXPECT_MASK(pollmask(efd, POLLIN | POLLOUT), POLLIN | POLLOUT);
}

/* ---- write --------------------------------------------------------------- */

// linux-semantics.md 2.3: writes add to the count.
static void
write_adds(void)
{
  int efd = TRY(eventfd(1, EFD_NONBLOCK));

  EXPECT(put(efd, 2), 8);
  EXPECT(put(efd, 3), 8);
  EXPECT_U64(GET(efd), 6);
  EXPECT(put(efd, 0xfffffffffffffff0ULL), 8);
  EXPECT(put(efd, 0xe), 8);
  EXPECT_U64(GET(efd), MAXCOUNT);
}

// linux-semantics.md 2.3: the count never passes 0xfffffffffffffffe; a
// nonblocking write that would is EAGAIN and changes nothing.
static void
write_full_eagain(void)
{
  int efd = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT(put(efd, MAXCOUNT), 8);
  EXPECT_ERR(put(efd, 1), EAGAIN);
  EXPECT_ERR(put(efd, MAXCOUNT), EAGAIN);
  EXPECT(put(efd, 0), 8);
  EXPECT_U64(GET(efd), MAXCOUNT);

  EXPECT(put(efd, 5), 8);
  EXPECT_ERR(put(efd, MAXCOUNT - 4), EAGAIN);
  EXPECT(put(efd, MAXCOUNT - 5), 8);
  EXPECT_U64(GET(efd), MAXCOUNT);
}

// linux-semantics.md 2.3: writing 0xffffffffffffffff is EINVAL, at any
// count and even on a blocking fd (it does not block).
static void
write_max_einval(void)
{
  int efd = TRY(eventfd(0, EFD_NONBLOCK));
  int blk = TRY(eventfd(1, 0));

  EXPECT_ERR(put(efd, 0xffffffffffffffffULL), EINVAL);
  EXPECT_ERR(put(blk, 0xffffffffffffffffULL), EINVAL);
  EXPECT(put(efd, MAXCOUNT), 8);
  EXPECT_ERR(put(efd, 0xffffffffffffffffULL), EINVAL);
  EXPECT_U64(GET(efd), MAXCOUNT);
  EXPECT_U64(GET(blk), 1);
}

// linux-semantics.md 2.3 [V 6.9+]: a write size other than 8 is EINVAL,
// shorter or longer, and adds nothing.
static void
write_size_einval(void)
{
  static const int sizes[] = { 0, 1, 4, 7, 9, 16 };
  uint64_t buf[2] = { 1, 1 };
  int efd = TRY(eventfd(0, EFD_NONBLOCK)), i;
  long n;

  for (i = 0; i < NELEM(sizes); i++) {
    n = write(efd, buf, sizes[i]);
    if (n != -1 || errno != EINVAL)
      FAIL("write(efd, buf, %d), expected -1 (EINVAL), got %s", sizes[i],
           show(n, errno));
  }
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
}

// linux-semantics.md 2.3: a write of 0 succeeds and changes nothing.
static void
write_zero(void)
{
  int efd = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT(put(efd, 0), 8);
  EXPECT_MASK(pollmask(efd, POLLIN | POLLOUT), POLLOUT);
  EXPECT(put(efd, 4), 8);
  EXPECT(put(efd, 0), 8);
  EXPECT_U64(GET(efd), 4);
}

// linux-semantics.md 2.2, 2.3: a bad buffer is EFAULT. An address outside
// the user range is refused before the count is consumed, and a failed
// write adds nothing.
static void
efault(void)
{
  int efd = TRY(eventfd(6, EFD_NONBLOCK));

  EXPECT_ERR(read(efd, KERNEL_ADDR, 8), EFAULT);
  EXPECT_ERR(write(efd, hide(0), 8), EFAULT);
  EXPECT_ERR(write(efd, KERNEL_ADDR, 8), EFAULT);
  EXPECT_U64(GET(efd), 6);
}

// A value read into a page that is gone is lost, as on Linux, whose
// eventfd_read takes the count and only then copies it out: EFAULT, and
// the count is 0 (with EFD_SEMAPHORE, 1 less). Unlike efault's kernel
// address, the page's address is a user one, so only the copy can fail.
static void
read_lost(void)
{
  int efd = TRY(eventfd(6, EFD_NONBLOCK));
  int sem = TRY(eventfd(6, EFD_NONBLOCK | EFD_SEMAPHORE));
  char *gone = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  EXPECT(gone == MAP_FAILED, 0);
  EXPECT(munmap(gone, 4096), 0);
  EXPECT_ERR(read(efd, gone, 8), EFAULT);
  // The 6 went with the failed copy: the count must be 0 now. Fails if
  // eventfd_read copies out before it takes the count.
  EXPECT_ERR(read(efd, (char[8]){ 0 }, 8), EAGAIN);
  EXPECT_ERR(read(sem, gone, 8), EFAULT);
  for(int i = 0; i < 5; i++)
    EXPECT_U64(GET(sem), 1);
  EXPECT_ERR(read(sem, (char[8]){ 0 }, 8), EAGAIN);
}

/* ---- readiness ----------------------------------------------------------- */

// linux-semantics.md 2.4: OUT at 0; IN|OUT at 1; IN alone at the
// maximum; never ERR, HUP, RDNORM or WRNORM, even when asked.
static void
poll_masks(void)
{
  const int all = POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLWRNORM |
                  POLLRDBAND | POLLWRBAND;
  int efd = TRY(eventfd(0, EFD_NONBLOCK));

  EXPECT_MASK(pollmask(efd, all), POLLOUT);
  EXPECT_MASK(pollmask(efd, 0), 0);
  EXPECT(put(efd, 1), 8);
  EXPECT_MASK(pollmask(efd, all), POLLIN | POLLOUT);
  EXPECT_MASK(pollmask(efd, POLLIN), POLLIN);
  EXPECT(put(efd, MAXCOUNT - 2), 8);
  EXPECT_MASK(pollmask(efd, all), POLLIN | POLLOUT);
  EXPECT(put(efd, 1), 8);
  EXPECT_MASK(pollmask(efd, all), POLLIN);
  EXPECT_MASK(pollmask(efd, POLLOUT), 0);
  EXPECT_MASK(pollmask(efd, 0), 0);
}

// LTP eventfd03/04, linux-semantics.md 2.4: select finds the fd readable
// iff the count is non-zero, writable unless it is at the maximum.
static void
select_sets(void)
{
  static const uint64_t adds[] = { 0, 1, MAXCOUNT - 1 };
  static const int readable[] = { 0, 1, 1 }, writable[] = { 1, 1, 0 };
  struct timeval tv;
  fd_set r, w;
  int efd = TRY(eventfd(0, EFD_NONBLOCK)), i;

  for (i = 0; i < NELEM(adds); i++) {
    EXPECT(put(efd, adds[i]), 8);
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(efd, &r);
    FD_SET(efd, &w);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    EXPECT(select(efd + 1, &r, &w, 0, &tv), readable[i] + writable[i]);
    EXPECT(FD_ISSET(efd, &r), readable[i]);
    EXPECT(FD_ISSET(efd, &w), writable[i]);
  }
}

/* ---- blocking and wakeups ------------------------------------------------ */

/*
 * linux-semantics.md 2.2: a blocking read at 0 sleeps until another
 * process writes, then returns the count.
 *
 *   parent --write 5--> [efd] <--read (blocks)-- child
 */
static void
read_wakes(void)
{
  int efd, ready[2], pid;

  efd = TRY(eventfd(0, 0));
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_U64(GET(efd), 5);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(put(efd, 5), 8);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
}

/*
 * linux-semantics.md 2.3: a blocking write that would pass the maximum
 * sleeps until a read makes room, then adds its value.
 *
 *   parent --read--> [efd at MAXCOUNT] <--write 1 (blocks)-- child
 */
static void
write_wakes(void)
{
  int efd, ready[2], pid;

  efd = TRY(eventfd(0, 0));
  EXPECT(put(efd, MAXCOUNT), 8);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT(put(efd, 1), 8);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT_U64(GET(efd), MAXCOUNT);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  EXPECT_U64(GET(efd), 1);
}

/*
 * linux-semantics.md 2.2: a blocked reader in semaphore mode takes 1 of
 * a write of 3 and leaves 2.
 *
 *   parent --write 3--> [efd, semaphore] <--read (blocks)-- child
 */
static void
semaphore_wakes(void)
{
  int efd, ready[2], pid;

  efd = TRY(eventfd(0, EFD_SEMAPHORE));
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    EXPECT_U64(GET(efd), 1);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(put(efd, 3), 8);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  EXPECT_U64(GET(efd), 1);
  EXPECT_U64(GET(efd), 1);
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
}

/*
 * linux-semantics.md 2.5: the fd is inherited by fork and names the same
 * counter, so wakeups cross in both directions. The parent's blocking
 * read is bounded by the case's watchdog.
 *
 *   parent --write 5-->  [efd] <--read (blocks)-- child     then
 *   parent --read (blocks)--> [efd] <--write 7--  child
 */
static void
fork_both_ways(void)
{
  int efd, ready[2], go[2], pid;

  efd = TRY(eventfd(0, 0));
  mkpipe(ready, 0);
  mkpipe(go, 0);
  pid = kid_fork();
  if (pid == 0) {
    TRY(close(go[1]));
    post(ready[1]);
    EXPECT_U64(GET(efd), 5);
    post(ready[1]);
    AWAIT_POST(go[0]);
    settle();
    EXPECT(put(efd, 7), 8);
    _exit(0);
  }
  TRY(close(ready[1]));
  TRY(close(go[0]));
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(put(efd, 5), 8);
  AWAIT_POST(ready[0]);               // the child has read the 5
  post(go[1]);
  EXPECT_U64(GET(efd), 7);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md 2.5: dups and forked children share one counter.
static void
shared_counter(void)
{
  int efd, d, pid;

  efd = TRY(eventfd(0, EFD_NONBLOCK));
  d = TRY(dup(efd));
  pid = kid_fork();
  if (pid == 0) {
    EXPECT(put(d, 2), 8);
    EXPECT(put(efd, 4), 8);
    _exit(0);
  }
  EXPECT(put(efd, 3), 8);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
  EXPECT_U64(GET(d), 9);
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
}

/*
 * linux-semantics.md 2.2: one write of 1 wakes two blocked readers, but
 * only one gets the count; the other sleeps on until a second write.
 *
 *   parent --write 1, later write 1--> [efd] <--read-- child A, child B
 */
static void
two_readers(void)
{
  int efd, ready[2], pids[2], i, pid, st;

  efd = TRY(eventfd(0, 0));
  mkpipe(ready, 0);
  for (i = 0; i < 2; i++) {
    pids[i] = kid_fork();
    if (pids[i] == 0) {
      post(ready[1]);
      EXPECT_U64(GET(efd), 1);
      _exit(0);
    }
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(put(efd, 1), 8);
  pid = kid_reap(-1, KID_MS, &st);
  CHECK(pid != 0);
  EXPECT_EXIT(st, 0);
  EXPECT(kid_reap(-1, 200, &st), 0);        // the other still sleeps
  EXPECT(put(efd, 1), 8);
  EXPECT_EXIT(kid_wait(pid == pids[0] ? pids[1] : pids[0], KID_MS), 0);
}

/*
 * linux-semantics.md 2.2-2.4: a poll for IN is woken by a write, and a
 * poll for OUT at the maximum is woken by a read.
 *
 *   parent --write--> [efd]  <--poll(IN, 3 s)--  child    then
 *   parent --read-->  [efd at MAXCOUNT] <--poll(OUT, 3 s)-- child
 */
static void
poll_wakes(void)
{
  struct pollfd p;
  int efd, ready[2], pid;

  efd = TRY(eventfd(0, EFD_NONBLOCK));
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    p.fd = efd;
    p.events = POLLIN;
    post(ready[1]);
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLIN);
    _exit(0);
  }
  AWAIT_POST(ready[0]);
  settle();
  EXPECT(put(efd, MAXCOUNT), 8);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);

  pid = kid_fork();
  if (pid == 0) {
    p.fd = efd;
    p.events = POLLOUT;
    post(ready[1]);
    EXPECT(poll(&p, 1, 3000), 1);
    EXPECT_MASK(p.revents, POLLOUT);
    _exit(0);
  }
  AWAIT_POST(ready[0]);
  settle();
  EXPECT_U64(GET(efd), MAXCOUNT);
  EXPECT_EXIT(kid_wait(pid, KID_MS), 0);
}

// linux-semantics.md 2.2, rule 20: a process killed while blocked in
// read dies, and the counter is untouched.
static void
kill_reader(void)
{
  int efd, ready[2], pid, st;

  efd = TRY(eventfd(0, 0));
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    GET(efd);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(kill(pid, SIGKILL));
  st = kid_wait(pid, KID_MS);
  if (st == -1)
    put(efd, 1);                        // release it, then fail
  EXPECT_KILLED(st);
  EXPECT(put(efd, 2), 8);
  EXPECT_U64(GET(efd), 2);
}

// linux-semantics.md 2.3, rule 20: a process killed while blocked in
// write dies, and its value is never added.
static void
kill_writer(void)
{
  int efd, ready[2], pid, st;

  efd = TRY(eventfd(0, 0));
  EXPECT(put(efd, MAXCOUNT), 8);
  mkpipe(ready, 0);
  pid = kid_fork();
  if (pid == 0) {
    post(ready[1]);
    put(efd, 1);
    _exit(0);
  }
  TRY(close(ready[1]));
  AWAIT_POST(ready[0]);
  settle();
  TRY(kill(pid, SIGKILL));
  st = kid_wait(pid, KID_MS);
  if (st == -1)
    GET(efd);                           // release it, then fail
  EXPECT_KILLED(st);
  EXPECT_U64(GET(efd), MAXCOUNT);
  EXPECT_MASK(pollmask(efd, POLLIN), 0);
}

/* ---- many ---------------------------------------------------------------- */

// linux-semantics.md 2.5: the object goes with its last reference: 2000
// create/close cycles all succeed, on the same fd number.
static void
cycles(void)
{
  int i, fd, first = -1;

  for (i = 0; i < 2000; i++) {
    fd = eventfd(i + 1, EFD_NONBLOCK);
    if (fd < 0 || (first >= 0 && fd != first))
      FAIL("eventfd() in cycle %d, expected fd %d, got %s", i, first,
           show(fd, errno));
    first = fd;
    if (i % 100 == 0)
      EXPECT_U64(GET(fd), (uint64_t)i + 1);
    TRY(close(fd));
  }
}

// linux-semantics.md 2.1: each eventfd has its own counter.
static void
many_open(void)
{
  int fds[200], i;

  for (i = 0; i < NELEM(fds); i++)
    fds[i] = TRY(eventfd(i + 1, EFD_NONBLOCK));
  for (i = 0; i < NELEM(fds); i++)
    EXPECT(put(fds[i], i), 8);
  for (i = 0; i < NELEM(fds); i++)
    EXPECT_U64(GET(fds[i]), 2 * (uint64_t)i + 1);
  for (i = 0; i < NELEM(fds); i++)
    TRY(close(fds[i]));
}

static const struct testcase tests[] = {
  { "create_flags", create_flags, 1 },
  { "create_bad_flags", create_bad_flags, 1 },
  { "lowest_fd", lowest_fd, 1 },
  { "initval", initval, 1 },
  { "getfl", getfl, 1 },
  { "cloexec", cloexec, 1 },
  { "setfl_shared", setfl_shared, 1 },
  { "read_short", read_short, 1 },
  { "read_long", read_long, 1 },
  { "read_resets", read_resets, 1 },
  { "read_eagain", read_eagain, 1 },
  { "semaphore", semaphore, 1 },
  { "write_adds", write_adds, 1 },
  { "write_full_eagain", write_full_eagain, 1 },
  { "write_max_einval", write_max_einval, 1 },
  { "write_size_einval", write_size_einval, 1 },
  { "write_zero", write_zero, 1 },
  { "efault", efault, 1 },
  { "read_lost", read_lost, 1 },
  { "poll_masks", poll_masks, 1 },
  { "select_sets", select_sets, 1 },
  { "read_wakes", read_wakes, 1 },
  { "write_wakes", write_wakes, 1 },
  { "semaphore_wakes", semaphore_wakes, 1 },
  { "fork_both_ways", fork_both_ways, 1 },
  { "shared_counter", shared_counter, 1 },
  { "two_readers", two_readers, 1 },
  { "poll_wakes", poll_wakes, 1 },
  { "kill_reader", kill_reader, 1 },
  { "kill_writer", kill_writer, 1 },
  { "cycles", cycles, 0, 30 },
  { "many_open", many_open, 1 },
};

int
main(int argc, char *argv[])
{
  return harness_main("eventfdtest", tests, NELEM(tests), argc, argv);
}
