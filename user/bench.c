/*
 * bench: instructions per operation, counted with rdinstret.
 *
 * `make bench` runs it on one hart under QEMU -icount shift=0, where the
 * instruction counter is exact, so every run prints the same figures.
 * (Without -icount QEMU's instret follows the host clock and the figures
 * mean little. With it, QEMU 7.2's instret is the virtual clock, one ns
 * per instruction, so time idle in wfi would count too; nothing here
 * leaves the hart idle.) The counter is the machine's, not the process's: an
 * operation's figure includes the kernel's instructions, trap entry and
 * exit included, and, on one hart, those of every process and of the
 * scheduler that run while it waits. The ping-pong figures count both
 * processes and both context switches of a round trip, on purpose: that
 * is what a round trip costs the machine.
 *
 * Each operation runs `iters` times per round, through the same call as
 * an empty operation; its figure is the median of ROUNDS rounds less the
 * empty loop's median, divided by iters, rounded. iters is picked so a
 * round is about ROUND instructions, a fifth of the 10^7 (10 ms of
 * virtual time) between timer ticks, so at most 3 of the 7 rounds meet a
 * tick and the median is a round that met none: the figure is exact as
 * long as one call stays under a third of a tick. Not the best round: a
 * tick can also make a round cheaper, when the process it preempts then
 * finds its data already there and need not sleep.
 *
 * What runs, in order:
 *   getpid                   the null system call, the baseline
 *   pipe, eventfd            write then read, in one process
 *   kill to self             a signal's round trip: kill, delivery, the
 *                            handler's frame, the handler, rt_sigreturn
 *   ping-pong                two processes, over two eventfds or two pipes;
 *                            over two eventfds, each process waiting in
 *                            epoll_wait first (every write wakes an epoll:
 *                            ep_poll_callback, then wake_up(ep.wq));
 *                            two threads, over two futex words
 *   epoll_wait, poll         one ready eventfd among 1, 100 and 4000
 *                            watched, timeout 0; then epoll_wait alone
 *                            among NWATCH (65,536), which must cost what
 *                            it costs among 1
 *
 * Output, one line per operation, then the poll/epoll_wait ratios and
 * how much more epoll_wait costs among NWATCH than among 1:
 *   bench NAME: N instructions/op (R getpids)
 *   bench ratio poll/epoll_wait, N watched: R
 *   bench epoll_wait, 65536 watched against 1: +P %
 *
 * 65,536 watched files take more fds than a process has (RLIMIT_NOFILE
 * is 65,536, and the console and the epoll take some), so past KEEP a
 * keeper, a child forked with a copy of the fd table, holds the first
 * KEEP files open while it sleeps, and this process closes its own fds
 * for them: their epoll items stay, since an item lives as long as its
 * file, not its fd (epoll(7), questions and answers, Q6).
 */
#include <errno.h>
#include <nudge.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/futex.h>

#define ROUNDS     7        // measured rounds, odd: the median is one of them
#define ROUND      2000000  // instructions a round: a fifth of a tick
#define NWATCH     65536    // eventfds epoll_wait watches at most
#define NPOLL      4000     // and poll
#define KEEP       32768    // files the keeper holds for the epoll
#define MAXEVENTS  64
#define MAXRESULTS 16

static int pipefd[2];               // pipe, one process
static int efd;                     // eventfd, one process
static int ping[2], pong[2];        // ping-pong, read and write ends:
                                    // parent -> child, child -> parent
static int pingpong_size;           // bytes a ping or pong carries
static int ep_ping, ep_pong;         // epolls watching ping[0], pong[0], or -1
static volatile uint32_t fping, fpong;  // futex ping-pong: rounds begun, answered
#define THREAD_STACK (64 * 1024)
static int epfd;                    // the epoll instance watching watched[]
static int watched[NWATCH];         // eventfds; watched[0] is always readable
static struct pollfd pfds[NPOLL];   // the first of them, for poll
static int nwatched;                // how many of them epfd watches
static int keeper;                  // the keeper's pid, once it holds KEEP
static struct epoll_event evs[MAXEVENTS];
static int failed;                  // an operation's system call failed

struct result {
  const char *name;
  uint64_t n;                       // instructions per op
};
static struct result results[MAXRESULTS];
static int nresults;

static void
op_empty(void)
{
  asm volatile("" ::: "memory");    // the compiler must keep the call
}

static void
op_getpid(void)
{
  getpid();
}

// One byte into a pipe and back out, in one process.
static void
op_pipe(void)
{
  char c = 'x';

  if(write(pipefd[1], &c, 1) != 1 || read(pipefd[0], &c, 1) != 1)
    failed = 1;
}

// Adds 1 to an eventfd's counter and reads it back (8 bytes each way).
static void
op_eventfd(void)
{
  uint64_t v = 1;

  if(write(efd, &v, 8) != 8 || read(efd, &v, 8) != 8 || v != 1)
    failed = 1;
}

static volatile int caught;        // the handler's count

static void
on_usr1(int sig)
{
  caught++;
}

// kill(2) to self with a handler: the handler has run when kill returns.
static void
op_kill_self(void)
{
  int before = caught;

  if(kill(getpid(), SIGUSR1) != 0 || caught != before + 1)
    failed = 1;
}

// Waits in epoll_wait on ep until its one file is readable, if ep is
// an epoll (not -1): 0, or -1 on an error.
static int
epoll_first(int ep)
{
  struct epoll_event ev;

  return ep < 0 || epoll_wait(ep, &ev, 1, -1) == 1 ? 0 : -1;
}

// One round trip: ping the child, wait for its pong.
static void
op_pingpong(void)
{
  uint64_t v = 1;

  if(write(ping[1], &v, pingpong_size) != pingpong_size || epoll_first(ep_pong) < 0 ||
     read(pong[0], &v, pingpong_size) != pingpong_size)
    failed = 1;
}

// One futex round trip: a new ping, a wake for the thread that answers,
// then a wait until it has answered.
static void
op_futex_pingpong(void)
{
  uint32_t want = ++fping, seen;

  if(futex((uint32_t *)&fping, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0) < 0)
    failed = 1;
  while((seen = fpong) != want)
    if(futex((uint32_t *)&fpong, FUTEX_WAIT_PRIVATE, seen, 0, 0, 0) < 0 &&
       errno != EAGAIN)
      failed = 1;
}

// The answering thread: waits for each ping, answers it with a pong.
static void
futex_echo(void *arg)
{
  uint32_t seen;

  for(;;){
    while((seen = fping) == fpong)
      futex((uint32_t *)&fping, FUTEX_WAIT_PRIVATE, seen, 0, 0, 0);
    fpong = seen;
    futex((uint32_t *)&fpong, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
  }
}

// watched[0] is readable, level-triggered and never read: one event.
static void
op_epoll_wait(void)
{
  if(epoll_wait(epfd, evs, MAXEVENTS, 0) != 1)
    failed = 1;
}

static void
op_poll(void)
{
  if(poll(pfds, nwatched < NPOLL ? nwatched : NPOLL, 0) != 1)
    failed = 1;
}

// Instructions for iters calls of op: the median of ROUNDS rounds, after
// one round to warm up. Not inlined, so every op is reached by the same
// indirect call.
__attribute__((noinline)) static uint64_t
measure(void (*op)(void), int iters)
{
  uint64_t n[ROUNDS + 1];

  for(int r = 0; r <= ROUNDS; r++){
    uint64_t start = rdinstret();
    for(int i = 0; i < iters; i++)
      op();
    n[r] = rdinstret() - start;
  }
  // Sort rounds 1..ROUNDS (round 0 was the warm-up).
  for(int r = 2; r <= ROUNDS; r++)
    for(int j = r; j > 1 && n[j - 1] > n[j]; j--){
      uint64_t t = n[j];
      n[j] = n[j - 1];
      n[j - 1] = t;
    }
  return n[1 + ROUNDS / 2];
}

// Measures op beyond the empty loop and records its instructions per
// call, rounded. Times one call first to pick iters: ROUND instructions
// a round, at least one call.
static uint64_t
run(const char *name, void (*op)(void))
{
  uint64_t one = measure(op, 1);
  int iters = one >= ROUND ? 1 : ROUND / (one + 1);
  uint64_t empty = measure(op_empty, iters);
  uint64_t n = measure(op, iters);

  if(failed){
    fprintf(stderr, "bench: %s: a system call failed\n", name);
    exit(1);
  }
  n = n > empty ? n - empty : 0;
  n = (n + iters / 2) / iters;
  results[nresults].name = name;
  results[nresults].n = n;
  nresults++;
  return n;
}

// a/b to one decimal, rounded, as "R.r".
static void
print_ratio(uint64_t a, uint64_t b)
{
  uint64_t r10 = (a * 10 + b / 2) / b;

  printf("%lu.%lu", r10 / 10, r10 % 10);
}

static void
die(const char *what)
{
  fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
  exit(1);
}

// The child of a ping-pong: echoes each ping as a pong until killed.
static int
start_echo(void)
{
  uint64_t v;
  int pid = fork();

  if(pid < 0)
    die("fork");
  if(pid == 0){
    while(epoll_first(ep_ping) == 0 && read(ping[0], &v, pingpong_size) == pingpong_size)
      if(write(pong[1], &v, pingpong_size) != pingpong_size)
        break;
    exit(1);
  }
  return pid;
}

static void
stop_echo(int pid)
{
  int status;

  if(kill(pid, SIGKILL) < 0 || wait(&status) != pid)
    die("stopping the echo child");
}

// Round trips between two processes over ping and pong, size bytes each.
static void
run_pingpong(const char *name, int size)
{
  pingpong_size = size;
  int pid = start_echo();
  run(name, op_pingpong);
  stop_echo(pid);
}

static void
bench_pingpong(void)
{
  int a, b;

  if((a = eventfd(0, 0)) < 0 || (b = eventfd(0, 0)) < 0)
    die("eventfd");
  ping[0] = ping[1] = a;
  pong[0] = pong[1] = b;
  run_pingpong("eventfd ping-pong round trip, 2 processes", 8);

  struct epoll_event ev = { EPOLLIN, { 0 } };
  if((ep_ping = epoll_create1(0)) < 0 || (ep_pong = epoll_create1(0)) < 0 ||
     epoll_ctl(ep_ping, EPOLL_CTL_ADD, a, &ev) < 0 || epoll_ctl(ep_pong, EPOLL_CTL_ADD, b, &ev) < 0)
    die("epoll");
  run_pingpong("eventfd ping-pong through epoll_wait, 2 processes", 8);
  close(ep_ping);
  close(ep_pong);
  ep_ping = ep_pong = -1;
  close(a);
  close(b);

  if(pipe(ping) < 0 || pipe(pong) < 0)
    die("pipe");
  run_pingpong("pipe ping-pong round trip, 2 processes", 1);
  for(int i = 0; i < 2; i++){
    close(ping[i]);
    close(pong[i]);
  }

  // The futex thread stays, asleep on fping, until the process exits.
  char *stack = mmap(0, THREAD_STACK, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if(stack == MAP_FAILED || thread_start(futex_echo, 0, stack + THREAD_STACK) < 0)
    die("thread_start");
  run("futex ping-pong round trip, 2 threads", op_futex_pingpong);
}

// The keeper: sleeps, holding every file open, until it is killed.
static void
fork_keeper(void)
{
  if((keeper = fork()) < 0)
    die("fork");
  if(keeper == 0)
    for(;;)
      poll(0, 0, -1);
  for(int i = 1; i < KEEP; i++)   // watched[0], the ready one, stays
    close(watched[i]);
}

// Grows the watched set to n: epfd watches watched[0..n), and pfds[i]
// is watched[i] while i < NPOLL.
static void
watch(int n)
{
  struct epoll_event ev;

  for(; nwatched < n; nwatched++){
    int i = nwatched;
    if(i == KEEP)
      fork_keeper();
    if((watched[i] = eventfd(i == 0, 0)) < 0)
      die("eventfd");
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    if(epoll_ctl(epfd, EPOLL_CTL_ADD, watched[i], &ev) < 0)
      die("epoll_ctl");
    if(i < NPOLL){
      pfds[i].fd = watched[i];
      pfds[i].events = POLLIN;
    }
  }
}

// epoll_wait against poll, with 1 ready among n watched.
static const struct {
  int n;
  const char *epoll_name;
  const char *poll_name;
} sizes[] = {
  { 1,     "epoll_wait, 1 ready of 1 watched",    "poll, 1 ready of 1 fd"   },
  { 100,   "epoll_wait, 1 ready of 100 watched",  "poll, 1 ready of 100 fds" },
  { NPOLL, "epoll_wait, 1 ready of 4000 watched", "poll, 1 ready of 4000 fds" },
};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

// The table above, then epoll_wait among NWATCH: its figure.
static uint64_t
bench_epoll_poll(uint64_t epoll_n[], uint64_t poll_n[])
{
  struct rlimit rl = { NWATCH, NWATCH };
  uint64_t most;

  if(setrlimit(RLIMIT_NOFILE, &rl) < 0)
    die("setrlimit");
  if((epfd = epoll_create1(0)) < 0)
    die("epoll_create1");
  for(int s = 0; s < NSIZES; s++){
    watch(sizes[s].n);
    epoll_n[s] = run(sizes[s].epoll_name, op_epoll_wait);
    poll_n[s] = run(sizes[s].poll_name, op_poll);
  }
  watch(NWATCH);
  most = run("epoll_wait, 1 ready of 65536 watched", op_epoll_wait);
  kill(keeper, SIGKILL);
  waitpid(keeper, 0, 0);
  return most;
}

int
main(void)
{
  uint64_t epoll_n[NSIZES], poll_n[NSIZES], most;

  ep_ping = ep_pong = -1;
  if(pipe(pipefd) < 0)
    die("pipe");
  if((efd = eventfd(0, 0)) < 0)
    die("eventfd");

  uint64_t empty = measure(op_empty, 1000);
  uint64_t getpid_n = run("getpid", op_getpid);
  run("pipe write+read 1 byte", op_pipe);
  run("eventfd write+read 8 bytes", op_eventfd);
  if(signal(SIGUSR1, on_usr1) == SIG_ERR)
    die("signal");
  run("kill to self, handler and return", op_kill_self);
  bench_pingpong();
  most = bench_epoll_poll(epoll_n, poll_n);

  printf("bench empty loop: %lu instructions/iteration (subtracted)\n",
         (empty + 500) / 1000);
  for(int i = 0; i < nresults; i++){
    printf("bench %s: %lu instructions/op", results[i].name, results[i].n);
    if(getpid_n > 0 && i > 0){
      printf(" (");
      print_ratio(results[i].n, getpid_n);
      printf(" getpids)");
    }
    printf("\n");
  }
  for(int s = 0; s < NSIZES && epoll_n[s] > 0; s++){
    printf("bench ratio poll/epoll_wait, %d watched: ", sizes[s].n);
    print_ratio(poll_n[s], epoll_n[s]);
    printf("\n");
  }
  long tenths = ((long)most - (long)epoll_n[0]) * 1000 / (long)epoll_n[0];
  printf("bench epoll_wait, %d watched against 1: %c%ld.%ld %%\n", NWATCH,
         tenths < 0 ? '-' : '+', labs(tenths) / 10, labs(tenths) % 10);
  return 0;
}
