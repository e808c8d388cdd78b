/*
 * wqtrace: runs a command with the wakeup trace on, and prints each
 * wakeup as a tree (docs/wqtrace.md):
 *
 *   $ wqtrace epdemo
 *   ...
 *     3.070 ms  hart 1  pid 4  wake_up(eventfd, key IN, nr_exclusive 1)
 *                              ep_poll_callback: accepted
 *                                wake_up(ep.wq, key 0, nr_exclusive 1)
 *                                  autoremove_wake_function: woke pid 5
 *
 * usage: wqtrace [-c] command [arg ...]
 *   -c   only wakeups that called a callback (hides wakeups of empty
 *        queues: a write nobody waits for)
 *
 * It opens /wakeups, the trace device (nudge/wqtrace.h), starts the trace, forks and execs
 * the command, waits for it, stops the trace and reads every record.
 * Each hart's records come in the order that hart wrote them: a WAKE
 * record, then for each callback the wakeups it made (one depth further
 * in) and its own CALL record. So a hart's records make trees with a
 * stack; the trees of all harts are then merged by the time each wakeup
 * began. A full ring drops new records: wqtrace says how many, and
 * marks where a hart's numbering skips.
 */
#include <errno.h>
#include <fcntl.h>
#include <nudge.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nudge/wqtrace.h>

#define MAXDEPTH 32            // deeper nesting is shown flat
#define MAXHARTS 8             // the kernel's NCPU

struct node;

struct list {
  struct node *first, *last;
};

struct node {
  struct wqtrace_rec rec;
  struct list kids;            // WAKE: its CALLs; CALL: the wakeups it made
  struct node *next;           // the next sibling
  int gap;                     // a root: this hart lost records before it
};

static struct list roots[MAXHARTS];  // each hart's wakeups of depth 0
static int only_called;              // -c

static void
die(const char *what)
{
  fprintf(stderr, "wqtrace: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void
append(struct list *l, struct node *n)
{
  if(l->last)
    l->last->next = n;
  else
    l->first = n;
  l->last = n;
}

// Reads every record into an array; *n gets their number.
static struct wqtrace_rec *
read_all(int fd, int *n)
{
  int cap = 1024;
  struct wqtrace_rec *recs = malloc(cap * sizeof(*recs));
  long got;

  *n = 0;
  for(;;){
    if(recs == 0)
      die("malloc");
    got = read(fd, recs + *n, (cap - *n) * sizeof(*recs));
    if(got < 0)
      die("read /wakeups");
    if(got == 0)
      return recs;
    *n += got / sizeof(*recs);
    if(*n == cap){
      cap *= 2;
      recs = realloc(recs, cap * sizeof(*recs));
    }
  }
}

/*
 * One hart's records, in its order, into trees. open[d] is the wakeup
 * running at depth d; made[d] collects the wakeups made by the callback
 * running at depth d, which its CALL record, coming after them, adopts.
 * Where the numbering skips, records were lost: what was open is cut
 * off, and the next root says so.
 */
static void
build_hart(struct wqtrace_rec *recs, int n, int hart)
{
  struct node *open[MAXDEPTH] = { 0 };
  struct list made[MAXDEPTH] = { { 0 } };
  uint32_t next_seq = 0;
  int gap = 0;

  for(int i = 0; i < n; i++){
    if(recs[i].hart != hart)
      continue;
    struct node *nd = calloc(1, sizeof(*nd));
    if(nd == 0)
      die("calloc");
    nd->rec = recs[i];
    int d = nd->rec.depth < MAXDEPTH ? nd->rec.depth : MAXDEPTH - 1;
    if(nd->rec.seq != next_seq){
      gap = 1;
      memset(open, 0, sizeof(open));
      memset(made, 0, sizeof(made));
    }
    next_seq = nd->rec.seq + 1;

    struct list *parent;
    if(nd->rec.kind == WQTRACE_WAKE){
      parent = d > 0 && open[d - 1] ? &made[d - 1] : &roots[hart];
      open[d] = nd;
      made[d].first = made[d].last = 0;
    } else {
      nd->kids = made[d];
      made[d].first = made[d].last = 0;
      parent = open[d] ? &open[d]->kids : &roots[hart];  // else its wakeup was lost
    }
    if(parent == &roots[hart]){
      nd->gap = gap;
      gap = 0;
    }
    append(parent, nd);
  }
}

// A key: the names of its poll bits on a file's queue; 0; or, when it
// is no poll mask (a futex's request, xv6's channel), its value.
static void
print_key(uint64_t key)
{
  static const struct { uint64_t bit; const char *name; } bits[] = {
    { POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
    { POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLNVAL, "NVAL" },
    { POLLRDNORM, "RDNORM" }, { POLLRDBAND, "RDBAND" },
    { POLLWRNORM, "WRNORM" }, { POLLWRBAND, "WRBAND" },
    { POLLMSG, "MSG" }, { POLLRDHUP, "RDHUP" },
  };
  int nbits = sizeof(bits) / sizeof(bits[0]);
  uint64_t known = 0;
  const char *sep = "";

  for(int i = 0; i < nbits; i++)
    known |= bits[i].bit;
  if(key == 0){
    printf("key 0");
    return;
  }
  if(key & ~known){
    printf("key 0x%lx", key);
    return;
  }
  printf("key ");
  for(int i = 0; i < nbits; i++)
    if(key & bits[i].bit){
      printf("%s%s", sep, bits[i].name);
      sep = "|";
    }
}

// One record, as its line of the tree says it.
static void
print_rec(struct wqtrace_rec *r)
{
  if(r->kind == WQTRACE_WAKE){
    printf("wake_up(%s, ", r->name);
    print_key(r->key);
    printf(", nr_exclusive %d)\n", r->arg);
  } else if(r->target && r->arg && (r->flags & WQTRACE_ASLEEP)){
    printf("%s: woke pid %d\n", r->name, r->target);
  } else if(r->target && r->arg){
    printf("%s: accepted, pid %d not asleep yet\n", r->name, r->target);
  } else {
    printf("%s: %s\n", r->name, r->arg ? "accepted" : "declined");
  }
}

static void
print_tree(struct node *nd, int indent)
{
  for(; nd; nd = nd->next){
    printf("%*s", indent, "");
    print_rec(&nd->rec);
    print_tree(nd->kids.first, indent + 2);
  }
}

// The hart whose next tree began first, or -1 when all are done.
static int
earliest(struct node *next[])
{
  int best = -1;

  for(int h = 0; h < MAXHARTS; h++)
    if(next[h] && (best < 0 || next[h]->rec.time_ns < next[best]->rec.time_ns))
      best = h;
  return best;
}

/*
 * Every hart's trees, merged by the time each began: a root's line
 * starts with its time since t0, hart and pid; its children are indented
 * under its text.
 */
static void
print_all(uint64_t t0)
{
  struct node *next[MAXHARTS];
  char prefix[64];
  int h;

  for(h = 0; h < MAXHARTS; h++)
    next[h] = roots[h].first;
  while((h = earliest(next)) >= 0){
    struct node *nd = next[h];
    next[h] = nd->next;
    if(only_called && nd->rec.kind == WQTRACE_WAKE && nd->kids.first == 0)
      continue;
    if(nd->gap)
      printf("(hart %d lost records here)\n", h);
    uint64_t us = (nd->rec.time_ns - t0) / 1000;
    int len = snprintf(prefix, sizeof(prefix), "%4lu.%03lu ms  hart %d  ",
                       us / 1000, us % 1000, h);
    // pid 0: no thread on the hart (an interrupt in the scheduler's loop).
    if(nd->rec.pid)
      len += snprintf(prefix + len, sizeof(prefix) - len, "pid %-3d  ", nd->rec.pid);
    else
      len += snprintf(prefix + len, sizeof(prefix) - len, "idle     ");
    printf("%s", prefix);
    print_rec(&nd->rec);
    print_tree(nd->kids.first, len + 2);
  }
}

int
main(int argc, char *argv[])
{
  int fd, pid, status, n;
  uint64_t lost;

  if(argc > 1 && strcmp(argv[1], "-c") == 0){
    only_called = 1;
    argv++;
    argc--;
  }
  if(argc < 2){
    fprintf(stderr, "usage: wqtrace [-c] command [arg ...]\n");
    return 2;
  }
  if((fd = open("/wakeups", O_RDONLY)) < 0)
    die("open /wakeups");
  if(ioctl(fd, WQTRACE_START, 0) < 0)
    die("WQTRACE_START");
  if((pid = fork()) < 0)
    die("fork");
  if(pid == 0){
    char path[128];
    close(fd);
    if(strchr(argv[1], '/') == 0 && snprintf(path, sizeof(path), "/%s", argv[1]) < sizeof(path))
      execv(path, argv + 1);
    else
      execv(argv[1], argv + 1);
    fprintf(stderr, "wqtrace: %s: %s\n", argv[1], strerror(errno));
    exit(127);
  }
  if(waitpid(pid, &status, 0) != pid)
    die("waitpid");
  if(ioctl(fd, WQTRACE_STOP, 0) < 0)
    die("WQTRACE_STOP");

  struct wqtrace_rec *recs = read_all(fd, &n);
  if(ioctl(fd, WQTRACE_LOST, &lost) < 0)
    die("WQTRACE_LOST");
  for(int h = 0; h < MAXHARTS; h++)
    build_hart(recs, n, h);

  uint64_t t0 = n > 0 ? recs[0].time_ns : 0;
  for(int i = 0; i < n; i++)
    if(recs[i].time_ns < t0)
      t0 = recs[i].time_ns;
  printf("wqtrace: %d records while pid %d ran %s\n", n, pid, argv[1]);
  print_all(t0);
  if(lost)
    printf("wqtrace: %lu records lost: a hart's ring was full\n", lost);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
