/*
 * memory: what a glibc program does with memory, on nudge and on Linux.
 * 64 MiB through malloc (glibc takes it from mmap) and 64 MiB of small
 * blocks (from brk), realloc past both; anonymous mappings, private and
 * shared across fork; a private file mapping; MADV_DONTNEED's zeros;
 * munmap of a mapping's middle, a PROT_NONE guard page, a stack overflow
 * and a deep stack frame, each seen from the parent as a wait status.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MiB (1024L * 1024)
#define PAGE 4096L

// Fills n bytes with a pattern that depends on seed and position.
static void
fill(unsigned char *p, long n, unsigned seed)
{
  for (long i = 0; i < n; i += 64)
    p[i] = (unsigned char)(seed + i / 64);
}

// Does p hold fill's pattern?
static int
holds(const unsigned char *p, long n, unsigned seed)
{
  for (long i = 0; i < n; i += 64)
    if (p[i] != (unsigned char)(seed + i / 64))
      return 0;
  return 1;
}

// Runs fn in a child; prints how the child ended.
static void
child(const char *what, void (*fn)(void))
{
  int st;
  pid_t pid;

  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st))
    printf("%s: killed by signal %d\n", what, WTERMSIG(st));
  else
    printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static volatile char *target;

static void
touch_target(void)
{
  *target = 1;
}

static volatile long depth_limit = 1L << 40;    // never reached

static int
recurse(long n)
{
  volatile char pad[1024];

  pad[0] = (char)n;
  if (n < depth_limit)
    return recurse(n + 1) + pad[0];
  return pad[0];
}

static void
overflow_stack(void)
{
  recurse(0);
}

// A frame of 4 MiB: half the stack, which grows to hold it.
static void
big_frame(void)
{
  volatile char frame[4 * MiB];

  for (long i = 0; i < (long)sizeof(frame); i += PAGE)
    frame[i] = (char)i;
  _exit(frame[PAGE] == (char)PAGE ? 7 : 1);
}

static void
big_malloc(void)
{
  unsigned char *big = malloc(64 * MiB), *bigger;

  if (big == 0) {
    printf("malloc 64 MiB: failed\n");
    return;
  }
  fill(big, 64 * MiB, 1);
  printf("malloc 64 MiB: pattern %s\n", holds(big, 64 * MiB, 1) ? "kept" : "LOST");
  bigger = realloc(big, 96 * MiB);
  printf("realloc to 96 MiB: %s, pattern %s\n", bigger ? "ok" : "failed",
         bigger && holds(bigger, 64 * MiB, 1) ? "kept" : "LOST");
  free(bigger);
}

static void
small_blocks(void)
{
  enum { N = 64 * 1024 };       // 64 Ki blocks of 1 KiB: 64 MiB from brk
  static unsigned char *b[N];
  int i, bad = 0;

  for (i = 0; i < N; i++) {
    if ((b[i] = malloc(1000)) == 0)
      break;
    fill(b[i], 1000, i);
  }
  printf("small blocks: %d of %d\n", i, N);
  for (i = 0; i < N; i++)
    if (b[i] && !holds(b[i], 1000, i))
      bad++;
  printf("small blocks: %d bad\n", bad);
  for (i = 0; i < N; i++)
    free(b[i]);
}

static void
shared_across_fork(void)
{
  int *shared = mmap(0, PAGE, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int *private = mmap(0, PAGE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int st;

  *shared = 1;
  *private = 1;
  fflush(stdout);
  if (fork() == 0) {
    *shared = 42;
    *private = 42;
    _exit(0);
  }
  wait(&st);
  printf("after fork: shared %d, private %d\n", *shared, *private);
  munmap(shared, PAGE);
  munmap(private, PAGE);
}

static void
file_mapping(void)
{
  static const char text[] = "a file, mapped\n";
  int fd = open("g_memory.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
  char *m;

  write(fd, text, sizeof(text) - 1);
  m = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED) {
    printf("file mapping: failed\n");
  } else {
    printf("file mapping: %.*s", (int)sizeof(text) - 1, m);
    printf("file mapping: byte after the text %d\n", m[sizeof(text) - 1]);
    m[0] = 'A';
    munmap(m, 2 * PAGE);
  }
  m = mmap(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("file mapping: private write left the file '%c'\n", m[0]);
  munmap(m, PAGE);
  close(fd);
  unlink("g_memory.tmp");
}

static void
dontneed(void)
{
  unsigned char *p = mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  memset(p, 0x5a, 4 * PAGE);
  printf("madvise DONTNEED: %d", madvise(p + PAGE, 2 * PAGE, MADV_DONTNEED));
  printf(", bytes now %#x %#x %#x %#x\n", p[0], p[PAGE], p[2 * PAGE], p[3 * PAGE]);
  munmap(p, 4 * PAGE);
}

static void
holes_and_guards(void)
{
  char *p = mmap(0, 3 * PAGE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  p[0] = p[2 * PAGE] = 9;
  printf("munmap the middle page: %d\n", munmap(p + PAGE, PAGE));
  target = p + PAGE;
  child("touch the hole", touch_target);
  target = p + 2 * PAGE;
  child("touch the page after it", touch_target);
  printf("mprotect PROT_NONE: %d\n", mprotect(p, PAGE, PROT_NONE));
  target = p;
  child("touch the guard page", touch_target);
  printf("mprotect back: %d, byte %d\n", mprotect(p, PAGE, PROT_READ), p[0]);
  child("write the read-only page", touch_target);
  munmap(p, 3 * PAGE);
}

int
main(void)
{
  big_malloc();
  small_blocks();
  shared_across_fork();
  file_mapping();
  dontneed();
  holes_and_guards();
  child("a 4 MiB stack frame", big_frame);
  child("a stack overflow", overflow_stack);
  return 0;
}
