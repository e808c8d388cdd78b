/*
 * threads: POSIX threads through glibc, each rule from pthreads(7),
 * clone(2) or execve(2): create and join with the values passed back;
 * detached threads; a mutex and condition variable ping-pong in strict
 * alternation; semaphores; a contended mutex that loses no increment;
 * gettid and getpid; pthread_exit; joining a thread that has ended;
 * malloc from many threads at once; mappings seen by every thread. Then,
 * each in a child whose end the parent prints, what one thread does to
 * the whole process: munmap under another thread, execve, exit, a raw
 * SYS_exit (only that thread ends), a fault, and the main thread leaving
 * with pthread_exit while another goes on.
 *
 * Every wait that a lost wakeup would make endless has a time limit:
 * the check then fails instead of hanging.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "check.h"

#define NTHREADS 8
#define ROUNDS 10000            // ping-pong moves per player
#define INCREMENTS 100000       // per thread, under one mutex

static char *self;              // argv[0], for the execs
static pid_t getpid_main;       // getpid() in the main thread

// The CLOCK_REALTIME time s seconds from now: the deadline of a timed wait.
static struct timespec
in_seconds(int s)
{
  struct timespec t;

  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_sec += s;
  return t;
}

// Runs fn(i) in NTHREADS threads at once, for i from 0; ret[i] is what
// thread i returned.
static void
run_threads(void *(*fn)(void *), void **ret)
{
  pthread_t t[NTHREADS];
  long i;

  for (i = 0; i < NTHREADS; i++)
    pthread_create(&t[i], 0, fn, (void *)i);
  for (i = 0; i < NTHREADS; i++)
    pthread_join(t[i], &ret[i]);
}

// i*i + 1, returned, or given to pthread_exit when i is odd.
static void *
square_plus_one(void *arg)
{
  long i = (long)arg;

  if (i % 2)
    pthread_exit((void *)(i * i + 1));
  return (void *)(i * i + 1);
}

// pthread_join hands back what the thread returned or gave pthread_exit;
// a thread may have ended before the join (the sleep changes nothing but
// which of the two ways join finds it).
static void
create_join(void)
{
  pthread_t t;
  void *ret, *rets[NTHREADS];
  long i, right = 0;

  run_threads(square_plus_one, rets);
  for (i = 0; i < NTHREADS; i++)
    right += (long)rets[i] == i * i + 1;
  expect_ret("join: values returned or given to pthread_exit", right,
             NTHREADS);
  pthread_create(&t, 0, square_plus_one, (void *)5);
  usleep(50000);
  pthread_join(t, &ret);
  expect_ret("join of a thread already ended: value", (long)ret, 26);
}

static sem_t posted;            // by detached threads; later, by main

static void *
post_and_end(void *arg)
{
  sem_post(&posted);
  return 0;
}

static void
detached(void)
{
  pthread_attr_t attr;
  pthread_t t;
  struct timespec limit = in_seconds(10);
  int i, seen = 0;

  sem_init(&posted, 0, 0);
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (i = 0; i < 4; i++)
    pthread_create(&t, &attr, post_and_end, 0);
  while (seen < 4 && sem_timedwait(&posted, &limit) == 0)
    seen++;
  expect_ret("detached: threads that posted", seen, 4);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;                // [lock] the player to move: 0 or 1
static long moves;              // [lock] made by both
static int out_of_turn;         // [lock] moves made while moves said other
static int timed_out;           // [lock] a player waited 10 s in vain

// A player: waits for its turn, moves, hands the turn over.
static void *
play(void *arg)
{
  int me = (long)arg, round;
  struct timespec limit;

  pthread_mutex_lock(&lock);
  for (round = 0; round < ROUNDS; round++) {
    limit = in_seconds(10);
    while (turn != me && !timed_out)
      if (pthread_cond_timedwait(&turn_changed, &lock, &limit) == ETIMEDOUT)
        timed_out = 1;
    if (timed_out)
      break;
    out_of_turn += moves % 2 != me;
    moves++;
    turn = !me;
    pthread_cond_signal(&turn_changed);
  }
  pthread_mutex_unlock(&lock);
  return 0;
}

static void
ping_pong(void)
{
  pthread_t a, b;

  pthread_create(&a, 0, play, (void *)0);
  pthread_create(&b, 0, play, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  expect_ret("ping-pong: moves", moves, 2 * ROUNDS);
  expect_yes("ping-pong: strict alternation", out_of_turn == 0);
  expect_yes("ping-pong: no wait ran out", !timed_out);
}

static sem_t units;

// Takes 3 units, each within 10 s: 0 when it got them all.
static void *
take_three(void *arg)
{
  struct timespec limit = in_seconds(10);
  long got = 0;

  while (got < 3 && sem_timedwait(&units, &limit) == 0)
    got++;
  return (void *)got;
}

// sem_trywait and sem_timedwait only fail when the count is 0; a deadline
// already past still goes to the kernel (glibc passes it to FUTEX_WAIT_
// BITSET), which says ETIMEDOUT.
static void
semaphores(void)
{
  struct timespec past = in_seconds(-1);
  pthread_t t;
  void *got;
  int v;

  sem_init(&units, 0, 0);
  expect_ret("sem_trywait at 0", sysret(sem_trywait(&units)), -EAGAIN);
  expect_ret("sem_timedwait at 0, deadline past",
             sysret(sem_timedwait(&units, &past)), -ETIMEDOUT);
  sem_post(&units);
  sem_getvalue(&units, &v);
  expect_ret("sem_post: value", v, 1);
  expect_ret("sem_trywait at 1", sysret(sem_trywait(&units)), 0);
  pthread_create(&t, 0, take_three, 0);
  for (v = 0; v < 3; v++)
    sem_post(&units);
  pthread_join(t, &got);
  expect_ret("another thread took the 3 posted", (long)got, 3);
}

static long counter;            // [lock]

static void *
increment(void *arg)
{
  for (int i = 0; i < INCREMENTS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

// The thread's tid if getpid() there is the main thread's, else 0.
static void *
tid_if_same_pid(void *arg)
{
  return (void *)(long)(getpid() == getpid_main ? gettid() : 0);
}

// One process, so one pid; a tid per thread, the main thread's the pid.
// And a mutex that 8 threads fight over loses no increment.
static void
ids_and_counts(void)
{
  void *tid[NTHREADS];
  int i, j, distinct = 1;

  run_threads(tid_if_same_pid, tid);
  for (i = 0; i < NTHREADS; i++) {
    distinct &= tid[i] != 0 && (long)tid[i] != getpid();
    for (j = 0; j < i; j++)
      distinct &= tid[i] != tid[j];
  }
  expect_yes("main thread: gettid() == getpid()", gettid() == getpid());
  expect_yes("threads: getpid() the main thread's, gettid() distinct",
             distinct);
  run_threads(increment, tid);
  expect_ret("8 threads x 100000 increments", counter, NTHREADS * INCREMENTS);
}

// Each thread allocates and frees blocks of every size, glibc's mmap
// threshold crossed now and then, and checks that none was touched by
// another; it returns one block, which main checks and frees.
static void *
churn(void *arg)
{
  unsigned seed = (uintptr_t)arg + 1, k;
  unsigned char *b[16] = { 0 };
  size_t size[16] = { 0 };
  long bad = 0;

  for (int i = 0; i < 4000; i++) {
    k = i % 16;
    if (b[k] && (b[k][0] != seed || b[k][size[k] - 1] != seed))
      bad++;
    free(b[k]);
    size[k] = i % 500 == 0 ? 200000 : (seed * 31 + i * 977) % 4000 + 1;
    b[k] = malloc(size[k]);
    memset(b[k], seed, size[k]);
  }
  for (k = 1; k < 16; k++)
    free(b[k]);
  return bad ? 0 : b[0];
}

static char *mapped;            // set before posted is posted

// Already running when main maps a page: reads it, and answers in it.
static void *
answer_in_page(void *arg)
{
  struct timespec limit = in_seconds(10);

  if (sem_timedwait(&posted, &limit) != 0)
    return 0;
  if (strcmp(mapped, "mapped by main") == 0)
    strcpy(mapped, "answered by a thread");
  return 0;
}

// Memory is the process's: what one thread maps, allocates or writes,
// another sees.
static void
shared_memory(void)
{
  pthread_t t;
  void *block[NTHREADS];
  int i, intact = 0;

  run_threads(churn, block);
  for (i = 0; i < NTHREADS; i++) {
    intact += block[i] && ((unsigned char *)block[i])[0] == i + 1;
    free(block[i]);
  }
  expect_ret("malloc: threads whose blocks stayed intact", intact, NTHREADS);
  sem_init(&posted, 0, 0);
  pthread_create(&t, 0, answer_in_page, 0);
  mapped = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
  strcpy(mapped, "mapped by main");
  sem_post(&posted);
  pthread_join(t, 0);
  expect_str("mmap in main, seen by a running thread", mapped,
             "answered by a thread");
  munmap(mapped, 4096);
}

static volatile char *doomed;   // a page one thread unmaps under another
static atomic_int unmapped;

static void *
unmap_doomed(void *arg)
{
  munmap((void *)doomed, 4096);
  atomic_store(&unmapped, 1);
  return 0;
}

// Spins on a page (so its hart has it mapped) while another thread unmaps
// it; its next write must fault. It may fault sooner: the same end.
static void *
touch_after_munmap(void *arg)
{
  pthread_t t;

  doomed = mmap(0, 4096, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  doomed[0] = 1;
  pthread_create(&t, 0, unmap_doomed, 0);
  while (!atomic_load(&unmapped))
    doomed[1] = doomed[0];
  doomed[0] = 2;
  return 0;
}

static int block_fd;            // a pipe's read end that nobody writes

static void *
block_in_read(void *arg)
{
  char c;

  read(block_fd, &c, 1);
  return 0;
}

// In a child: starts two threads blocked in read(), then one running fn,
// and joins that one; if the process still runs then, it exits 3. Or,
// main_leaves, the main thread leaves at once with pthread_exit. The
// parent prints how the child ended.
static void
in_child(const char *what, void *(*fn)(void *), int main_leaves,
         const char *want)
{
  pthread_t t;
  int p[2];
  pid_t pid = fork();

  if (pid == 0) {
    pipe(p);
    block_fd = p[0];
    pthread_create(&t, 0, block_in_read, 0);
    pthread_create(&t, 0, block_in_read, 0);
    pthread_create(&t, 0, fn, 0);
    if (main_leaves)
      pthread_exit(0);
    pthread_join(t, 0);
    _exit(3);
  }
  expect_str(what, wait_child(pid), want);
}

// execve from any thread ends every other one; the new image runs as the
// process, pid kept, in a thread whose tid is the pid (main checks it, on
// --exec, and exits 4: no status the child has of its own).
static void *
exec_self(void *arg)
{
  char pid[16];

  snprintf(pid, sizeof(pid), "%d", getpid());
  execl(self, self, "--exec", pid, (char *)0);
  _exit(99);
}

static void *
exit_7(void *arg)
{
  exit(7);
}

// SYS_exit ends only the thread; the kernel then clears its tid word and
// wakes it, which is what pthread_join waits for.
static void *
sys_exit(void *arg)
{
  syscall(SYS_exit, 5);
  return 0;
}

// A write through arg, which in_child makes NULL.
static void *
fault(void *arg)
{
  *(volatile int *)arg = 1;
  return 0;
}

// After the main thread's pthread_exit the process goes on: the sleep
// only makes it likely that the main thread has gone first.
static void *
exit_5_later(void *arg)
{
  usleep(50000);
  exit(5);
}

int
main(int argc, char *argv[])
{
  if (argc == 3 && strcmp(argv[1], "--exec") == 0) {
    expect_yes("exec'd image: pid kept", getpid() == atoi(argv[2]));
    expect_yes("exec'd image: its tid is the pid", gettid() == getpid());
    return check_done() ? 1 : 4;
  }
  self = argv[0];
  getpid_main = getpid();
  setvbuf(stdout, 0, _IONBF, 0);
  create_join();
  detached();
  ping_pong();
  semaphores();
  ids_and_counts();
  shared_memory();
  in_child("munmap in one thread, write in another", touch_after_munmap, 0,
           "killed 11");
  in_child("execve in a thread", exec_self, 0, "exit 4");
  in_child("exit(7) in a thread", exit_7, 0, "exit 7");
  in_child("SYS_exit in a thread: main goes on, exits 3", sys_exit, 0,
           "exit 3");
  in_child("a fault in a thread", fault, 0, "killed 11");
  in_child("main thread's pthread_exit, then exit(5) in another",
           exit_5_later, 1, "exit 5");
  return check_done();
}
