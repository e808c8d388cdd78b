/*
 * ppoll(2) and pselect6(2), the system calls under poll(2) and select(2)
 * on riscv64: wait until one of several files is ready, on the files'
 * poll hooks (Linux's fs/select.c).
 *
 * One pass asks every file's poll hook for its mask. The first pass also
 * passes a poll_table whose qproc, __pollwait(), puts an entry on every
 * wait queue the file names; a wakeup on any of them, with a key that
 * matches what was asked, wakes the caller, which then asks every file
 * again. Once a file is found ready, later passes only ask. On return
 * every entry comes off its queue (poll_freewait()).
 *
 *   pass 1: register + ask  --nothing ready-->  sleep (wait.c's rule)
 *   wakeup(key) -> pollwake() -> pass 2: ask only ... -> copy out results
 *
 * The wait follows the rule at the top of event/wait.c: p->woken is
 * cleared before each pass, and the caller sleeps only if no entry fired
 * since. Each pass looks every fd up again (fdget) and drops the file
 * once asked (fdput), as Linux's do_poll and do_select do, so a pass
 * holds at most one fd's reference at a time, however many fds there
 * are. An entry on a file's queue holds a reference of its own, dropped
 * in poll_freewait(): another thread may close the fd while the caller
 * sleeps, and the queue must outlive the entry.
 */

#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "mm/kmalloc.h"
#include "mm/pagearray.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "proc/rlimit.h"
#include "fs/file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "nudge/errno.h"
#include "nudge/poll.h"
#include "nudge/time.h"
#include "lib/string.h"

// One wait-queue entry that poll or select put on a file's queue.
struct poll_table_entry {
  struct wait_queue_entry wait;   // private: the process; func: pollwake
  struct wait_queue_head *wq;     // the queue it is on
  struct file *file;              // the file whose queue it is: a reference
  uint key;                       // events asked for (and ERR|HUP)
};

#define ENTRIES_PER_PAGE ((PGSIZE - 2 * sizeof(void *)) / sizeof(struct poll_table_entry))

// Entries come a page at a time: one call may watch NOFILE files.
struct poll_table_page {
  struct poll_table_page *next;
  int n;
  struct poll_table_entry entries[ENTRIES_PER_PAGE];
};

// One poll() or select() call's state, named table where it is used, as
// in Linux's do_select() (pwq names epoll's struct eppoll_entry only).
struct poll_wqueues {
  struct poll_table pt;           // qproc: __pollwait, until one is ready
  struct poll_table_page *pages;  // every entry queued
  int error;                      // -ENOMEM if an entry could not be had
  char *wait_name;                // the first queue's name, for ^P
};

uint
vfs_poll(struct file *f, struct poll_table *pt)
{
  if(f->f_op->poll == 0)
    return DEFAULT_POLLMASK;
  return f->f_op->poll(f, pt);
}

int
file_can_poll(struct file *f)
{
  return f->f_op->poll != 0;
}

/*
 * Runs inside wake_up() on a polled file's queue, with its lock held,
 * perhaps from an interrupt. Declines a wakeup whose key names none of
 * the events asked for; otherwise wakes the polling process.
 */
int
pollwake(struct wait_queue_entry *wait, void *key)
{
  struct poll_table_entry *entry = container_of(wait, struct poll_table_entry, wait);

  if(key && !(key_to_poll(key) & entry->key))
    return 0;
  return default_wake_function(wait, key);
}

// The qproc: a file's poll hook names wq; queue an entry on it.
static void
__pollwait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
  struct poll_wqueues *table = container_of(pt, struct poll_wqueues, pt);
  struct poll_table_page *page = table->pages;
  struct poll_table_entry *entry;
  struct proc *p = myproc();

  if(page == 0 || page->n == ENTRIES_PER_PAGE){
    if((page = kmalloc(sizeof(*page))) == 0){
      table->error = -ENOMEM;
      return;
    }
    page->n = 0;
    page->next = table->pages;
    table->pages = page;
  }
  entry = &page->entries[page->n++];
  init_waitqueue_entry(&entry->wait, p);
  entry->wait.func = pollwake;
  entry->wq = wq;
  entry->file = filedup(f);
  entry->key = pt->key;
  add_wait_queue(wq, &entry->wait);
  if(table->wait_name == 0)
    table->wait_name = p->wait_name = wq->lock.name;  // ^P names the first
}

static void
poll_initwait(struct poll_wqueues *table)
{
  table->pt.qproc = __pollwait;
  table->pt.key = ~0u;
  table->pages = 0;
  table->error = 0;
  table->wait_name = 0;
}

// Takes every entry off its queue, drops its file, and frees them.
static void
poll_freewait(struct poll_wqueues *table)
{
  struct poll_table_page *page;

  while((page = table->pages) != 0){
    for(int i = 0; i < page->n; i++){
      remove_wait_queue(page->entries[i].wq, &page->entries[i].wait);
      fileclose(page->entries[i].file);
    }
    table->pages = page->next;
    kfree(page);
  }
}

/*
 * The loop both calls share. scan(arg, pt) asks every file (registering
 * through pt while pt->qproc is set) and returns how many are ready, or
 * -errno. Sleeps between passes until a queued entry fires, the deadline
 * passes (0: never; timed_out set: don't sleep at all) or a signal
 * comes (-ERESTARTNOHAND). The pass after a timeout is the last.
 */
static int
poll_loop(int (*scan)(void *arg, struct poll_table *pt), void *arg,
          uint64 deadline, int timed_out)
{
  struct poll_wqueues table;
  int count;

  poll_initwait(&table);
  if(timed_out)
    table.pt.qproc = 0;     // it will never sleep: no need to register
  for(;;){
    proc_clear_woken(table.wait_name);
    count = scan(arg, table.pt.qproc ? &table.pt : 0);
    table.pt.qproc = 0;
    if(count == 0 && table.error)
      count = table.error;
    if(count != 0 || timed_out)
      break;
    int r = wait_woken(0, deadline);
    if(r == -ERESTARTSYS){
      count = -ERESTARTNOHAND;    // -EINTR if a handler runs (signal.c)
      break;
    }
    if(r == -ETIMEDOUT)
      timed_out = 1;
  }
  poll_freewait(&table);
  return count;
}

// ---- timeouts and signal masks ---------------------------------------------------

/*
 * Reads the timespec at uts (0: none) into a deadline, as Linux's
 * poll_select_set_timeout() does: tv_sec < 0 or tv_nsec outside
 * [0, 10^9) is EINVAL, and a length the clock cannot reach blocks without
 * limit (timer_deadline_after saturates). *zero is set for a zero
 * timeout: one pass, no sleep, no time written back.
 */
static int
read_timeout(uint64 uts, uint64 *deadline, int *zero)
{
  struct timespec ts;

  *deadline = 0;
  *zero = 0;
  if(uts == 0)
    return 0;
  if(copyin(myproc()->mm, &ts, uts, sizeof(ts)) < 0)
    return -EFAULT;
  if(ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
    return -EINVAL;
  *zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
  *deadline = timer_deadline_after(ts.tv_sec, ts.tv_nsec);
  return 0;
}

/*
 * The end of ppoll and pselect6, as Linux's poll_select_finish(): if the
 * call had a mask (umask), the caller's back unless a signal ended the
 * wait (then it is taken under the call's mask), and the time left until deadline written back
 * into the timespec, unless the timeout was zero. A timespec that cannot
 * be written is no error, but then an interrupted call cannot be
 * restarted with the time left: it returns -EINTR.
 */
static int
poll_select_finish(uint64 umask, uint64 uts, uint64 deadline, int zero, int ret)
{
  uint64 now = timer_now();
  uint64 left = deadline > now ? deadline - now : 0;
  struct timespec ts = {
    left / TIMEBASE_HZ, (left % TIMEBASE_HZ) * (NSEC_PER_SEC / TIMEBASE_HZ)
  };

  if(umask)
    restore_sigmask_unless(ret == -ERESTARTNOHAND);
  if(uts == 0 || zero)
    return ret;
  if(copyout(myproc()->mm, uts, &ts, sizeof(ts)) < 0 && ret == -ERESTARTNOHAND)
    return -EINTR;
  return ret;
}

// ---- ppoll -----------------------------------------------------------------------

// The kernel's copy of the pollfds: 65,536 of them are 512 KiB, so they
// live in a page array (mm/pagearray.c), pollfds never crossing a page.
struct poll_args {
  struct pagearray fds;
  int nfds;
};

static struct pollfd *
pollfd_at(struct poll_args *a, int i)
{
  return pagearray_at(&a->fds, i * sizeof(struct pollfd));
}

// One pollfd: revents = the file's mask, filtered (linux-semantics.md 4).
static void
do_pollfd(struct pollfd *pfd, struct poll_table *pt)
{
  struct file *f;
  uint want = (ushort)pfd->events | POLLERR | POLLHUP;

  if(pfd->fd < 0){
    pfd->revents = 0;
    return;
  }
  if((f = fdget(pfd->fd)) == 0){
    pfd->revents = POLLNVAL;
    return;
  }
  if(pt)
    pt->key = want;
  pfd->revents = vfs_poll(f, pt) & want;
  fdput(f);
}

static int
poll_scan(void *arg, struct poll_table *pt)
{
  struct poll_args *a = arg;
  int count = 0;

  for(int i = 0; i < a->nfds; i++){
    struct pollfd *pfd = pollfd_at(a, i);
    do_pollfd(pfd, pt);
    if(pfd->revents){
      count++;
      pt = 0;           // one is ready: no need to register on the rest
    }
  }
  return count;
}

// Writes each pollfd's revents back to the user's array at ufds.
static int
poll_copy_revents(struct poll_args *a, uint64 ufds)
{
  struct mm *mm = myproc()->mm;

  for(int i = 0; i < a->nfds; i++){
    uint64 urevents = ufds + i * sizeof(struct pollfd) + __builtin_offsetof(struct pollfd, revents);
    if(copyout(mm, urevents, &pollfd_at(a, i)->revents, sizeof(short)) < 0)
      return -EFAULT;
  }
  return 0;
}

// int ppoll(struct pollfd *fds, nfds_t nfds, struct timespec *timeout,
//           const sigset_t *sigmask, size_t sigsetsize)
long
sys_ppoll(void)
{
  uint64 ufds = argaddr(0), nfds = argaddr(1), uts = argaddr(2), umask = argaddr(3);
  struct poll_args a = { .nfds = 0 };   // nothing to free yet
  uint64 deadline;
  int zero, count;

  if((count = read_timeout(uts, &deadline, &zero)) < 0 ||
     (umask && (count = set_user_sigmask(umask, argraw(4))) < 0))
    return count;
  // From here on, as in Linux, even an error writes the time left.
  if(nfds > rlimit(RLIMIT_NOFILE))
    count = -EINVAL;
  else
    a.nfds = nfds;
  if(count == 0)
    count = pagearray_alloc(&a.fds, a.nfds * sizeof(struct pollfd));
  if(count == 0)
    count = pagearray_copyin(&a.fds, 0, myproc()->mm, ufds, a.nfds * sizeof(struct pollfd));
  if(count == 0)
    count = poll_loop(poll_scan, &a, deadline, zero);
  if(count >= 0 && poll_copy_revents(&a, ufds) < 0)
    count = -EFAULT;
  pagearray_free(&a.fds);
  return poll_select_finish(umask, uts, deadline, zero, count);
}

// ---- select ----------------------------------------------------------------------

// Which masks count as readable, writable, exceptional (fs/select.c).
#define POLLIN_SET  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET  (POLLPRI)

// The three sets the caller passed and the answers: six bitmaps of n
// bits, 8 KiB each for 65,536 fds, so they live in a page array: in[k]
// is set k, out[k] set 3 + k.
struct select_args {
  int n;                      // nfds, at most the fd table's size
  int words;                  // 64-bit words in each set
  int given[3];               // read, write, except: was it passed?
  struct pagearray sets;
};

#define OUT 3                 // set OUT + k: the answer for set k

static const uint select_masks[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };

// Word w of set k (0-5).
static uint64 *
set_word(struct select_args *a, int k, int w)
{
  return pagearray_at(&a->sets, ((uint64)k * a->words + w) * sizeof(uint64));
}

// The fds word w of the input sets names, below n.
static uint64
named_fds(struct select_args *a, int w)
{
  uint64 named = *set_word(a, 0, w) | *set_word(a, 1, w) | *set_word(a, 2, w);
  int past = a->n - w * 64;     // bits of the word below n

  return past >= 64 ? named : named & ((1UL << past) - 1);
}

// One fd's mask; POLLNVAL, which no set takes, if another thread closed
// it since select_check_fds().
static uint
select_poll_one(int fd, uint want, struct poll_table *pt)
{
  struct file *f;
  uint mask;

  if((f = fdget(fd)) == 0)
    return POLLNVAL;
  if(pt)
    pt->key = want | POLLEX_SET;
  mask = vfs_poll(f, pt);
  fdput(f);
  return mask;
}

// A word at a time, as Linux's do_select: a word that names no fd costs
// one test, so 65,536 fds of which few are named scan quickly.
static int
select_scan(void *arg, struct poll_table *pt)
{
  struct select_args *a = arg;
  int count = 0;

  for(int w = 0; w < a->words; w++){
    uint64 named = named_fds(a, w), in[3], out[3] = { 0, 0, 0 };
    for(int k = 0; k < 3; k++)
      in[k] = *set_word(a, k, w);
    for(int b = 0; named; b++, named >>= 1){
      uint64 bit = 1UL << b;
      uint want = 0;
      if(!(named & 1))
        continue;
      for(int k = 0; k < 3; k++)
        if(in[k] & bit)
          want |= select_masks[k];
      uint mask = select_poll_one(w * 64 + b, want, pt);
      for(int k = 0; k < 3; k++)
        if((in[k] & bit) && (mask & select_masks[k])){
          out[k] |= bit;
          count++;
          pt = 0;
        }
    }
    for(int k = 0; k < 3; k++)
      *set_word(a, OUT + k, w) = out[k];
  }
  return count;
}

// EBADF if a set names an fd that is not open.
static int
select_check_fds(struct select_args *a)
{
  struct file *f;

  for(int w = 0; w < a->words; w++){
    uint64 named = named_fds(a, w);
    for(int b = 0; named; b++, named >>= 1){
      if(!(named & 1))
        continue;
      if((f = fdget(w * 64 + b)) == 0)
        return -EBADF;
      fdput(f);
    }
  }
  return 0;
}

/*
 * int pselect6(int nfds, fd_set *r, fd_set *w, fd_set *e,
 *              struct timespec *timeout, struct { sigset_t *, size_t } *sig)
 */
long
sys_pselect6(void)
{
  int n = argint(0);
  uint64 uts = argaddr(4), usig = argaddr(5);
  struct mm *mm = myproc()->mm;
  struct select_args a = { .n = 0 };
  uint64 deadline, sig[2] = { 0, 0 };   // the mask's address and size
  int zero, count;

  if(usig != 0 && copyin(mm, sig, usig, sizeof(sig)) < 0)
    return -EFAULT;
  if((count = read_timeout(uts, &deadline, &zero)) < 0 ||
     (sig[0] && (count = set_user_sigmask(sig[0], sig[1])) < 0))
    return count;
  // From here on, as in Linux, even an error writes the time left.
  if(n < 0)
    return poll_select_finish(sig[0], uts, deadline, zero, -EINVAL);
  if(n > fd_table_size())
    n = fd_table_size();
  a.n = n;
  a.words = (n + 63) / 64;
  uint64 bytes = a.words * sizeof(uint64);
  count = pagearray_alloc(&a.sets, 2 * 3 * bytes);
  for(int k = 0; k < 3 && count == 0; k++){
    uint64 uset = argaddr(1 + k);
    a.given[k] = uset != 0;
    if(uset && pagearray_copyin(&a.sets, k * bytes, mm, uset, bytes) < 0)
      count = -EFAULT;
    for(int w = 0; !uset && w < a.words; w++)
      *set_word(&a, k, w) = 0;          // not passed: names no fd
  }
  if(count == 0)
    count = select_check_fds(&a);
  if(count == 0)
    count = poll_loop(select_scan, &a, deadline, zero);
  for(int k = 0; k < 3 && count >= 0; k++)
    if(a.given[k] && pagearray_copyout(&a.sets, (OUT + k) * bytes, mm, argaddr(1 + k), bytes) < 0)
      count = -EFAULT;
  pagearray_free(&a.sets);
  return poll_select_finish(sig[0], uts, deadline, zero, count);
}
