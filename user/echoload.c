/*
 * echoload: load for echod, every byte checked.
 *
 *   echoload [-s] [-p] [-b] [-P PROCS] [-c CONNS] [-m MSGS] [-a ACTIVE] PATH
 *
 * PROCS processes (default 4; on as many harts as there are) open CONNS
 * connections in all (default 100) to the echo server at PATH, and each
 * sends MSGS messages (default 10) of 64 bytes on each of its
 * connections, round after round: a message on every connection, then
 * every echo read back and compared with what was sent (a pattern of the
 * process, connection and round); with -a, only the first ACTIVE
 * connections of each process send, the others stay open and idle,
 * as most of a real server's do. A wait for an echo longer than 10 s
 * counts as hung. With -s it starts the server itself, `echod -n CONNS
 * PATH` (-p: `echod -p`), and waits for it to exit 0 at the end. Like
 * the server, it first raises its soft RLIMIT_NOFILE to the hard limit:
 * a process may then hold as many connections as the system lets it.
 *
 * Prints "echoload: C connections x M messages: B bytes checked, E
 * errors, H hung" and exits 0 only if no byte was wrong, none was lost
 * and the server (with -s) exited 0.
 *
 * -b (make bench, one process on one hart under -icount) also measures:
 * the machine's instructions per echoed message, counted over the rounds
 * after the first (server, client and kernel: everything that runs,
 * timer ticks too), and the memory one connection holds once it is set
 * up, from the free pages before the connections and after the first
 * round (both ends, with the server's 4 KiB buffer):
 *
 *   bench echo (epoll|poll), A of C connections active: I instructions/message, B bytes/connection
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nudge.h>

#define MSG        64
#define LIMIT_MS   10000
#define QUIET_TICK 100000   // a tick's trap alone costs fewer instructions

static struct sockaddr_un addr = { AF_UNIX };
static int bench, use_poll, active = -1;

// The message for round r on connection k of process p.
static void
pattern(char *m, int p, int k, int r)
{
  for(int i = 0; i < MSG; i++)
    m[i] = 'a' + (p * 7 + k * 13 + r * 3 + i) % 26;
}

// Raises the soft limit on fds to the hard one (the default soft 1024
// would stop a process at about a thousand connections).
static int
raise_nofile(void)
{
  struct rlimit r;

  if(getrlimit(RLIMIT_NOFILE, &r) < 0)
    return -1;
  r.rlim_cur = r.rlim_max;
  return setrlimit(RLIMIT_NOFILE, &r);
}

// Connects, trying again once a second while the server is not there
// yet (it may be starting) or its backlog is full; for LIMIT_MS at most,
// so a server that died is an error, not a long wait.
static int
dial(void)
{
  int fd;

  for(int tries = 0; tries < LIMIT_MS / 1000; tries++){
    if((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
      return -1;
    if(connect(fd, &addr, sizeof(addr)) == 0)
      return fd;
    close(fd);
    if(errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN)
      return -1;
    sleep(1);
  }
  return -1;
}

// Reads n bytes from fd into buf, waiting at most LIMIT_MS for each
// piece: 0, or what went wrong.
static const char *
read_all(int fd, char *buf, int n)
{
  struct pollfd p = { fd, POLLIN, 0 };
  int got = 0, r;

  while(got < n){
    if((r = poll(&p, 1, LIMIT_MS)) == 0)
      return "no echo for 10 s";
    if(r < 0 || (r = read(fd, buf + got, n - got)) < 0)
      return strerror(errno);
    if(r == 0)
      return "closed by the server";
    got += r;
  }
  return 0;
}

// Spins until a timer tick finds no other process to run, twice in a
// row: the instruction counter then jumps by the trap's cost alone
// (some 14,000 instructions), where a tick that let the server finish
// its work jumps by more. Where the ticks fall depends on how long the
// shell waited for the command (real time, even under -icount), and a
// tick in the counted rounds changes the figure by up to 2 %; counted
// from just after such a tick, with the server asleep, a run meets the
// same ticks at the same places, and two runs' figures differ by 0.1 %
// at most (most, not at all).
static void
tick_sync(void)
{
  uint64_t last = rdinstret(), now;
  int quiet = 0;

  while(quiet < 2){
    now = rdinstret();
    if(now - last >= QUIET_TICK)
      quiet = 0;
    else if(now - last >= 1000)
      quiet++;
    last = now;
  }
}

// One process's share: its connections, all rounds. Exit status: the
// wrong echoes, plus 100 for each that never came (at most 200).
static int
worker(int p, int nconn, int nmsg)
{
  int *fds = malloc(nconn * sizeof(int)), errors = 0, hung = 0;
  char want[MSG], got[MSG];
  const char *why;
  struct memstat before, after;
  uint64_t start = 0;

  memstat(&before);
  for(int k = 0; k < nconn; k++)
    if((fds[k] = dial()) < 0){
      fprintf(stderr, "echoload: connect: %s\n", strerror(errno));
      return 255;
    }
  int nact = active >= 0 && active < nconn ? active : nconn;

  for(int r = 0; r < nmsg && !hung; r++){
    if(r == 1){
      memstat(&after);
      if(bench)
        tick_sync();
      start = rdinstret();
    }
    for(int k = 0; k < nact; k++){
      pattern(want, p, k, r);
      if(write(fds[k], want, MSG) != MSG)
        errors++;
    }
    for(int k = 0; k < nact && !hung; k++){
      pattern(want, p, k, r);
      if((why = read_all(fds[k], got, MSG)) != 0){
        fprintf(stderr, "echoload: process %d, connection %d, round %d: %s\n", p, k, r, why);
        hung = 1;
      } else if(memcmp(want, got, MSG) != 0)
        errors++;
    }
  }
  if(bench && nmsg > 1 && !hung)
    printf("bench echo %s, %d of %d connections active: %lu instructions/message, "
           "%lu bytes/connection\n", use_poll ? "poll" : "epoll", nact, nconn,
           (unsigned long)((rdinstret() - start) / ((uint64_t)nact * (nmsg - 1))),
           (unsigned long)((before.free_pages - after.free_pages) * 4096 / nconn));
  for(int k = 0; k < nconn; k++)
    close(fds[k]);
  return (errors > 99 ? 99 : errors) + 100 * hung;
}

int
main(int argc, char *argv[])
{
  int procs = 4, conns = 100, msgs = 10, spawn = 0, i;
  int errors = 0, hung = 0, st, server = 0, pids[64];
  char nbuf[16];

  for(i = 1; i < argc && argv[i][0] == '-'; i++){
    if(strcmp(argv[i], "-s") == 0)
      spawn = 1;
    else if(strcmp(argv[i], "-p") == 0)
      use_poll = 1;
    else if(strcmp(argv[i], "-b") == 0)
      bench = 1;
    else if(strcmp(argv[i], "-P") == 0 && i + 1 < argc)
      procs = atoi(argv[++i]);
    else if(strcmp(argv[i], "-c") == 0 && i + 1 < argc)
      conns = atoi(argv[++i]);
    else if(strcmp(argv[i], "-m") == 0 && i + 1 < argc)
      msgs = atoi(argv[++i]);
    else if(strcmp(argv[i], "-a") == 0 && i + 1 < argc)
      active = atoi(argv[++i]);
    else
      break;
  }
  if(bench)
    procs = 1;
  if(i != argc - 1 || procs < 1 || procs > 64 || conns < procs || strlen(argv[i]) >= sizeof(addr.sun_path)){
    fprintf(stderr, "usage: echoload [-s] [-p] [-b] [-P PROCS] [-c CONNS] [-m MSGS] [-a ACTIVE] PATH\n");
    exit(2);
  }
  strcpy(addr.sun_path, argv[i]);
  if(raise_nofile() < 0){
    fprintf(stderr, "echoload: RLIMIT_NOFILE: %s\n", strerror(errno));
    exit(1);
  }

  if(spawn){
    snprintf(nbuf, sizeof(nbuf), "%d", conns);
    if((server = fork()) == 0){
      char *av[] = { "echod", use_poll ? "-p" : "-n", use_poll ? "-n" : nbuf,
                     use_poll ? nbuf : argv[i], use_poll ? argv[i] : 0, 0 };
      execv("/echod", av);
      exit(127);
    }
  }
  for(int p = 0; p < procs; p++){
    if((pids[p] = fork()) == 0)
      exit(worker(p, conns / procs + (p < conns % procs), msgs));
  }
  for(int p = 0; p < procs; p++){
    if(waitpid(pids[p], &st, 0) != pids[p] || !WIFEXITED(st) || WEXITSTATUS(st) == 255){
      errors++;
      continue;
    }
    errors += WEXITSTATUS(st) % 100;
    hung += WEXITSTATUS(st) / 100;
  }
  if(spawn){
    st = -1;
    if(waitpid(server, &st, 0) != server || !WIFEXITED(st) || WEXITSTATUS(st) != 0){
      fprintf(stderr, "echoload: the server failed: wait status %#x\n", st);
      errors++;
    }
  }
  long sent = active >= 0 && active * procs < conns ? (long)active * procs : conns;
  printf("echoload: %d connections x %d messages: %ld bytes checked, %d errors, %d hung\n",
         conns, msgs, sent * msgs * MSG, errors, hung);
  return errors || hung;
}
