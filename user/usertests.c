/*
 * usertests: the broad test of nudge's system calls, shaped like xv6's
 * user/usertests.c, except that every case asserts what it sees.
 *
 *   usertests [-q] [-v] [-l] [NAME...]   (harness.h), then the leak check
 *
 * The cases run under harness.h's runner. The ones marked by_name
 * (link_max, consolelines) run only when named in full. The last line
 * before the count, "test leaks", compares memstat() taken before the
 * first case and after the last one (all children reaped): free pages,
 * kmalloc objects, open files and processes must all be back where they
 * were. The output ends with "usertests: N passed, N failed" and ALL
 * TESTS PASSED or SOME TESTS FAILED; the exit status is 0 only if
 * everything passed.
 *
 * usertests also runs itself through exec, with hidden arguments
 * (--child-fds, --child-args), to look at a process from the inside after
 * exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <linux/futex.h>
#include <nudge.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <nudge/param.h>
#include <nudge/sched.h>
#include <nudge/ticker.h>
#include <sys/pidfd.h>
#include <sys/timerfd.h>
#include "harness.h"

/* ---- helpers for the cases ---------------------------------------------- */

// n bytes of fresh heap, taken with sbrk.
static char *
alloc(long n)
{
  char *p = sbrk(n);

  if (p == (char *)-1)
    fail(__FILE__, __LINE__, "sbrk(%ld), expected memory, got -1 (%s)", n,
         errname(errno));
  return p;
}

// Moves the break to a page boundary, so what lies above it is unmapped.
static char *
brk_align(void)
{
  long top = (long)sbrk(0);

  if (top % PGSIZE)
    alloc(PGSIZE - top % PGSIZE);
  return sbrk(0);
}

// The test pattern: byte i of a stream with the given seed. Every 4-byte
// word differs, so misplaced blocks show.
static unsigned char
pattern(long i, int seed)
{
  unsigned int x = (unsigned int)(i / 4) * 2654435761u + seed;

  return x >> (8 * (i % 4));
}

static void
fill_pattern(char *buf, long off, long n, int seed)
{
  long i;

  for (i = 0; i < n; i++)
    buf[i] = pattern(off + i, seed);
}

// The index of the first byte of buf that is not the pattern, or -1.
static long
check_pattern(const char *buf, long off, long n, int seed)
{
  long i;

  for (i = 0; i < n; i++)
    if ((unsigned char)buf[i] != pattern(off + i, seed))
      return i;
  return -1;
}

static int
is_open(int fd)
{
  return fcntl(fd, F_GETFD) != -1;
}

// The lowest fd >= min that is not open.
static int
lowest_free(int min)
{
  int fd;

  for (fd = min; fd < NOFILE; fd++)
    if (!is_open(fd))
      return fd;
  return -1;
}

// Raises the soft RLIMIT_NOFILE to the hard one: a process starts with
// room for NOFILE_SOFT fds, and may have NOFILE.
static void
all_fds(void)
{
  struct rlimit rl = { NOFILE, NOFILE };

  TRY(setrlimit(RLIMIT_NOFILE, &rl));
}

// Creates (or truncates) name and writes s into it.
static void
write_file(const char *name, const char *s)
{
  int fd = TRY(open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644));

  EXPECT(write(fd, s, strlen(s)), strlen(s));
  TRY(close(fd));
}

// Reads all of name (at most size-1 bytes) into buf, NUL-terminated.
static char *
read_file(const char *name, char *buf, int size)
{
  int fd = TRY(open(name, O_RDONLY));
  long n, total = 0;

  while ((n = read(fd, buf + total, size - 1 - total)) > 0)
    total += n;
  EXPECT(n, 0);
  buf[total] = 0;
  TRY(close(fd));
  return buf;
}

static long
file_size(int fd)
{
  struct stat st;

  TRY(fstat(fd, &st));
  return st.st_size;
}

// Runs execv(path, argv) in a child; the child exits with the errno of a
// failed exec, so the caller sees it. Returns the child's wait status.
static int
exec_status(const char *path, char *const *argv)
{
  int pid = TRY(fork());

  if (pid == 0) {
    execv(path, argv);
    exit(errno);
  }
  return REAP(pid);
}

// path is shown as its source text: it may be a bad pointer.
static void
expect_exec_err(const char *file, int line, const char *what,
                const char *path, char *const *argv, int want)
{
  char sb[40];
  int st = exec_status(path, argv);

  if (st == (want << 8))
    return;
  if (WIFEXITED(st) && WEXITSTATUS(st) > 0 && WEXITSTATUS(st) < 200)
    snprintf(sb, sizeof sb, "-1 (%s)", errname(WEXITSTATUS(st)));
  else
    showstatus(sb, sizeof sb, st);      // exec ran something
  fail(file, line, "execv(%s), expected -1 (%s), got %s", what,
       errname(want), sb);
}

#define EXPECT_EXEC_ERR(path, argv, err) \
  expect_exec_err(__FILE__, __LINE__, #path, (path), (argv), (err))

// Runs fn in a child, which must die of signal sig, from the fault it makes.
static void
expect_dies(const char *file, int line, const char *what, void (*fn)(void), int sig)
{
  int pid = TRY(fork());

  if (pid == 0) {
    fn();
    exit(0);
  }
  expect_death(file, line, what, REAP(pid), sig);
}

#define EXPECT_DIES_OF(fn, sig) expect_dies(__FILE__, __LINE__, #fn, fn, (sig))

static char buf[8192];     // scratch for the cases; each has its own copy
static struct stat st_scratch;  // a stat buffer whose contents do not matter

/* ---- processes ---------------------------------------------------------- */

// fork(2): the parent gets the child's pid, which the child's getpid()
// returns too; the child gets 0.
static void
fork_pid(void)
{
  int p[2], pid, got;

  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    int me = getpid();
    EXPECT(write(p[1], &me, sizeof me), sizeof me);
    exit(0);
  }
  CHECK(pid > 0);
  CHECK(pid != getpid());
  EXPECT(read(p[0], &got, sizeof got), sizeof got);
  EXPECT(got, pid);
  EXPECT_EXIT(REAP(pid), 0);
}

// exit(3), wait(2): the low 8 bits of the code reach the parent, in
// Linux's encoding (nudge/wait.h).
static void
exit_codes(void)
{
  static const int codes[] = { 0, 1, 42, 255, 256, 257, -1 };
  int i, pid, st;

  for (i = 0; i < NELEM(codes); i++) {
    pid = TRY(fork());
    if (pid == 0)
      exit(codes[i]);
    st = REAP(pid);
    CHECK(WIFEXITED(st));
    EXPECT(WEXITSTATUS(st), codes[i] & 0xff);
  }
}

// wait(2): ECHILD when there is no child to wait for.
static void
wait_nochild(void)
{
  int st, pid;

  EXPECT_ERR(wait(&st), ECHILD);
  EXPECT_ERR(wait(0), ECHILD);
  pid = TRY(fork());
  if (pid == 0)
    exit(0);
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_ERR(wait(&st), ECHILD);
}

// wait(2): a NULL status pointer means "don't tell me".
static void
wait_null(void)
{
  int pid = TRY(fork());

  if (pid == 0)
    exit(3);
  EXPECT(wait(0), pid);
  EXPECT_ERR(wait(0), ECHILD);
}

// wait(2): EFAULT for a status pointer into unmapped or kernel memory;
// as in Linux, the child is reaped all the same.
static void
wait_efault(void)
{
  static int *const bad[] = {
    (int *)0, (int *)8, (int *)KERNBASE, (int *)TRAMPOLINE, (int *)TRAPFRAME(0),
  };
  int i, pid;

  for (i = 0; i < NELEM(bad); i++) {
    pid = TRY(fork());
    if (pid == 0)
      exit(7);
    if (bad[i] == 0) {
      EXPECT(wait(bad[i]), pid);      // NULL is allowed
      continue;
    }
    EXPECT_ERR(wait(bad[i]), EFAULT);
    EXPECT_ERR(wait(0), ECHILD);
  }
  EXPECT_ERR(wait(0), ECHILD);
}

// fork(2): with every process slot taken fork fails with EAGAIN; once
// the children are reaped the slots are free again.
static void
fork_limit(void)
{
  struct memstat ms;
  int p[2], n, pid, base, st;
  char c;

  TRY(pipe(p));
  TRY(memstat(&ms));
  base = ms.procs_live;
  for (n = 0; n <= NPROC; n++) {
    pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      close(p[1]);
      read(p[0], &c, 1);        // until the parent closes the write end
      exit(0);
    }
  }
  EXPECT_ERR(pid, EAGAIN);
  TRY(memstat(&ms));
  EXPECT(ms.procs_live, NPROC);
  CHECK(n >= NPROC - base);             // more if init reaped an orphan
  TRY(close(p[1]));
  while (n-- > 0) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }
  EXPECT_ERR(wait(0), ECHILD);
  TRY(memstat(&ms));
  CHECK(ms.procs_live <= base);
  pid = TRY(fork());
  if (pid == 0)
    exit(0);
  EXPECT_EXIT(REAP(pid), 0);
}

// An orphan keeps running after its parent exits, and init reaps it.
//
//   case --fork--> child --fork--> grandchild
//     child: sends the grandchild's pid on p, exits (closing q)
//     grandchild: waits for EOF on q (its parent is gone), sends its pid
static void
orphan(void)
{
  int p[2], pid, g, gg;
  long t0;

  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    int q[2];
    TRY(pipe(q));
    g = TRY(fork());
    if (g == 0) {
      char c;
      TRY(close(q[1]));
      EXPECT(read(q[0], &c, 1), 0);
      gg = getpid();
      EXPECT(write(p[1], &gg, sizeof gg), sizeof gg);
      exit(0);
    }
    EXPECT(write(p[1], &g, sizeof g), sizeof g);
    exit(0);
  }
  TRY(close(p[1]));
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT(read(p[0], &g, sizeof g), sizeof g);
  EXPECT(read(p[0], &gg, sizeof gg), sizeof gg);
  EXPECT(gg, g);
  EXPECT_ERR(wait(0), ECHILD);          // not our child
  t0 = uptime();
  while (kill(g, 0) == 0 && uptime() - t0 < 3 * HZ)
    nap(10);
  EXPECT_ERR(kill(g, 0), ESRCH);        // init reaped it
}

// getpid(2): every process has its own pid.
static void
getpid_distinct(void)
{
  enum { N = 6 };
  int p[2], pids[N], got[N], i, j, pid, me, st;

  TRY(pipe(p));
  for (i = 0; i < N; i++) {
    pids[i] = TRY(fork());
    if (pids[i] == 0) {
      me = getpid();
      EXPECT(write(p[1], &me, sizeof me), sizeof me);
      exit(0);
    }
  }
  for (i = 0; i < N; i++)
    EXPECT(read(p[0], &got[i], sizeof got[i]), sizeof got[i]);
  for (i = 0; i < N; i++) {
    pid = wait(&st);
    EXPECT_EXIT(st, 0);
    for (j = 0; j < N && pids[j] != pid; j++)
      ;
    CHECK(j < N);
  }
  for (i = 0; i < N; i++) {
    CHECK(got[i] != getpid());
    for (j = 0; j < N && pids[j] != got[i]; j++)
      ;
    CHECK(j < N);                       // the pid fork returned
    for (j = 0; j < i; j++)
      CHECK(got[j] != got[i]);          // and no other's
  }
}

// execv(2) of /echo with arguments, its stdout a file set up with dup2.
static void
exec_echo(void)
{
  static char *argv[] = { "echo", "hello", "world", 0 };
  int pid, fd;

  unlink("ut_echo");
  pid = TRY(fork());
  if (pid == 0) {
    fd = TRY(open("ut_echo", O_CREAT | O_TRUNC | O_WRONLY, 0644));
    TRY(dup2(fd, 1));
    TRY(close(fd));
    TRY(execv("/echo", argv));
    exit(99);
  }
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_STR(read_file("ut_echo", buf, sizeof buf), "hello world\n");
  TRY(unlink("ut_echo"));
}

// The argument vector arrives intact, up to MAXARG arguments: usertests
// --child-args exits with its argc if every argument is right.
static void
exec_maxargs(void)
{
  static char *argv[MAXARG + 2];
  static char names[MAXARG + 1][8];
  int i;

  argv[0] = "usertests";
  argv[1] = "--child-args";
  for (i = 2; i < MAXARG; i++) {
    snprintf(names[i], sizeof names[i], "a%d", i);
    argv[i] = names[i];
  }
  argv[MAXARG] = 0;
  EXPECT_EXIT(exec_status("/usertests", argv), MAXARG);
  argv[3] = 0;
  EXPECT_EXIT(exec_status("/usertests", argv), 3);
  argv[3] = names[3];
  snprintf(names[MAXARG], sizeof names[MAXARG], "a%d", MAXARG);
  argv[MAXARG] = names[MAXARG];
  argv[MAXARG + 1] = 0;
  EXPECT_EXEC_ERR("/usertests", argv, E2BIG);
}

// execv(2) errors: ENOENT, ENOEXEC for what is not a program, EFAULT for
// bad pointers. A failed exec leaves the process as it was.
static void
exec_errors(void)
{
  static char *argv[] = { "x", 0 };
  static char *badarg[] = { "x", (char *)1, 0 };
  int fd;

  EXPECT_EXEC_ERR("/ut_nonexistent", argv, ENOENT);
  EXPECT_EXEC_ERR("/ut_nonexistent/x", argv, ENOENT);
  EXPECT_EXEC_ERR("", argv, ENOENT);

  write_file("ut_notelf", "#!/bin/sh\necho this is a shell script, not an "
             "ELF executable: nudge cannot run it\n");
  EXPECT_EXEC_ERR("ut_notelf", argv, ENOEXEC);
  write_file("ut_notelf", "");
  EXPECT_EXEC_ERR("ut_notelf", argv, ENOEXEC);
  memset(buf, 0, 128);
  memcpy(buf, "\177ELF", 4);          // the magic, then nothing sensible
  fd = TRY(open("ut_notelf", O_WRONLY | O_TRUNC));
  EXPECT(write(fd, buf, 128), 128);
  TRY(close(fd));
  EXPECT_EXEC_ERR("ut_notelf", argv, ENOEXEC);
  TRY(unlink("ut_notelf"));

  EXPECT_EXEC_ERR((char *)1, argv, EFAULT);
  EXPECT_EXEC_ERR((char *)KERNBASE, argv, EFAULT);
  EXPECT_EXEC_ERR("/echo", (char **)1, EFAULT);
  EXPECT_EXEC_ERR("/echo", (char **)KERNBASE, EFAULT);
  EXPECT_EXEC_ERR("/echo", badarg, EFAULT);
  EXPECT_ERR(execv("/ut_nonexistent", argv), ENOENT);
}

// The ELF file header, 64-bit (elf(5)).
struct ehdr {
  unsigned char ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

// A program header as AT_PHDR points at them (elf(5)).
struct phdr {
  uint32_t type, flags;
  uint64_t off, vaddr, paddr, filesz, memsz, align;
};

#define ET_EXEC 2
#define ET_DYN  3

// Writes a riscv64 program made by hand into name: the ELF header, two
// program headers, a dynamic loader's path and code that exits with 42,
// all in one read-execute PT_LOAD linked at vaddr. The first program
// header is a PT_INTERP naming the path, or with interp 0 a PT_NULL.
static void
write_tiny_elf(const char *name, int type, uint64_t vaddr, int interp)
{
  static const char path[] = "/lib/ld-linux-riscv64-lp64d.so.1";
  static const uint32_t code[] = {
    0x02a00513,                 // li a0, 42
    0x05e00893,                 // li a7, 94 (exit_group)
    0x00000073,                 // ecall
  };
  struct {
    struct ehdr eh;
    struct phdr ph[2];
    char path[sizeof path];
    uint32_t code[3];
  } f;
  int fd;

  memset(&f, 0, sizeof f);
  memcpy(f.eh.ident, "\177ELF\2\1\1", 7);  // 64-bit, little-endian, v1
  f.eh.type = type;
  f.eh.machine = 243;                   // EM_RISCV
  f.eh.version = 1;
  f.eh.entry = vaddr + offsetof(typeof(f), code);
  f.eh.phoff = offsetof(typeof(f), ph);
  f.eh.ehsize = sizeof(struct ehdr);
  f.eh.phentsize = sizeof(struct phdr);
  f.eh.phnum = 2;
  f.ph[0].type = interp ? 3 : 0;        // PT_INTERP or PT_NULL
  f.ph[0].flags = 4;                    // R
  f.ph[0].off = offsetof(typeof(f), path);
  f.ph[0].vaddr = vaddr + f.ph[0].off;
  f.ph[0].filesz = f.ph[0].memsz = sizeof path;
  f.ph[0].align = 1;
  f.ph[1].type = 1;                     // PT_LOAD
  f.ph[1].flags = 5;                    // R, X
  f.ph[1].vaddr = vaddr;
  f.ph[1].filesz = f.ph[1].memsz = sizeof f;
  f.ph[1].align = 4096;
  memcpy(f.path, path, sizeof path);
  memcpy(f.code, code, sizeof code);
  fd = TRY(open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644));
  EXPECT(write(fd, &f, sizeof f), sizeof f);
  TRY(close(fd));
}

// execve(2), as Linux runs it: an ET_DYN without a PT_INTERP (a static
// PIE) is placed where the kernel picks and starts at e_entry plus that
// bias. This one is linked at 0, where nothing may be mapped; the same
// file exits 42 under qemu-riscv64. Then, to show the file is right, the
// same code as an ET_EXEC at 0x10000.
static void
exec_static_pie(void)
{
  static char *argv[] = { "ut_pie", 0 };

  write_tiny_elf("ut_pie", ET_DYN, 0, 0);
  EXPECT_EXIT(exec_status("ut_pie", argv), 42);
  write_tiny_elf("ut_pie", ET_EXEC, 0x10000, 0);
  EXPECT_EXIT(exec_status("ut_pie", argv), 42);
  TRY(unlink("ut_pie"));
}

// nudge has no dynamic loader: a program with a PT_INTERP, a PIE or
// not, is ENOEXEC. Linux 6.18 loads the interpreter it names, and
// without that file, as here, execve fails with ENOENT (checked
// natively, with an x86-64 PIE whose interpreter path was changed;
// docs/linux-differences.md, "exec").
static void
linuxdiff_exec_interp(void)
{
  static char *argv[] = { "ut_interp", 0 };

  write_tiny_elf("ut_interp", ET_DYN, 0, 1);
  EXPECT_EXEC_ERR("ut_interp", argv, ENOEXEC);
  write_tiny_elf("ut_interp", ET_EXEC, 0x10000, 1);
  EXPECT_EXEC_ERR("ut_interp", argv, ENOEXEC);
  TRY(unlink("ut_interp"));
}

// What execve leaves for a program (docs/abi.md): usertests
// --child-auxv checks its own auxiliary vector and stack, exiting with
// the number of the first check that fails (0: all passed), and writes
// its 16 AT_RANDOM bytes to fd 1. Two runs must get different bytes.
static void
exec_auxv(void)
{
  static char *argv[] = { "usertests", "--child-auxv", 0 };
  char rnd[2][16];
  int i, p[2], pid;

  for (i = 0; i < 2; i++) {
    TRY(pipe(p));
    pid = TRY(fork());
    if (pid == 0) {
      TRY(dup2(p[1], 1));
      execv("/usertests", argv);
      exit(99);
    }
    TRY(close(p[1]));
    EXPECT_EXIT(REAP(pid), 0);
    EXPECT(read(p[0], rnd[i], 16), 16);
    TRY(close(p[0]));
  }
  CHECK(memcmp(rnd[0], rnd[1], 16) != 0);
}

// Waits for the ready byte a child writes to the other end of fd.
static void
await_ready(int fd)
{
  char c;

  EXPECT(read(fd, &c, 1), 1);
}

// kill(2) of a child spinning in user mode: it dies of the signal, whose
// default action is to end the process (signal(7)), and wait() says which.
static void
kill_spin(void)
{
  static const int sigs[] = { SIGKILL, SIGTERM, 1, 64 };
  int p[2], i, pid;

  TRY(pipe(p));
  for (i = 0; i < NELEM(sigs); i++) {
    pid = TRY(fork());
    if (pid == 0) {
      volatile long n = 0;
      EXPECT(write(p[1], "r", 1), 1);
      for (;;)
        n++;
    }
    await_ready(p[0]);
    EXPECT(kill(pid, sigs[i]), 0);
    EXPECT_DIED(REAP(pid), sigs[i]);
  }
}

// kill(2) ends a child blocked reading an empty pipe; the pipe stays
// usable.
static void
kill_piperead(void)
{
  int ready[2], p[2], pid;
  char c;

  TRY(pipe(ready));
  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(write(ready[1], "r", 1), 1);
    read(p[0], &c, 1);
    exit(0);
  }
  await_ready(ready[0]);
  nap(20);                      // most likely asleep in read by now
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT(read(p[0], &c, 1), 1);
  EXPECT(c, 'x');
}

// kill(2) ends a child in a long nanosleep at once, and one blocked in
// wait() for its own child.
static void
kill_sleeping(void)
{
  int ready[2], p[2], pid;
  long t0;
  char c;

  TRY(pipe(ready));
  pid = TRY(fork());
  if (pid == 0) {
    struct timespec ts = { 100, 0 };
    EXPECT(write(ready[1], "r", 1), 1);
    nanosleep(&ts, 0);
    exit(0);
  }
  await_ready(ready[0]);
  nap(20);
  t0 = uptime();
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  CHECK(uptime() - t0 < HZ);

  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    int g = TRY(fork());
    if (g == 0) {
      TRY(close(p[1]));
      read(p[0], &c, 1);        // EOF once the case closes p[1]
      exit(0);
    }
    EXPECT(write(ready[1], "r", 1), 1);
    wait(0);
    exit(0);
  }
  TRY(close(p[0]));
  await_ready(ready[0]);
  nap(20);
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  TRY(close(p[1]));             // lets the orphaned grandchild go
}

// kill(2): ESRCH for no such process, EINVAL for a bad signal, and
// signal 0 only checks that the process exists.
static void
kill_errors(void)
{
  int pid;

  EXPECT(kill(getpid(), 0), 0);
  EXPECT_ERR(kill(99999, SIGKILL), ESRCH);
  EXPECT_ERR(kill(99999, 0), ESRCH);
  EXPECT_ERR(kill(getpid(), 65), EINVAL);
  EXPECT_ERR(kill(getpid(), -1), EINVAL);
  pid = TRY(fork());
  if (pid == 0)
    exit(0);
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_ERR(kill(pid, SIGKILL), ESRCH);        // reaped: gone
  EXPECT_ERR(kill(pid, 0), ESRCH);
}

// kill(2) of init (pid 1) succeeds and does nothing, for any signal:
// Linux never delivers a kill to its init from inside, and nudge's init
// must live on to reap orphans. Afterwards fork and wait still work,
// and init still reaps an orphan: procs_live falls back to where it was.
//
//   case --fork--> child --fork--> grandchild
//     child exits at once; the grandchild exits once it has read EOF on
//     q, which the child's exit closes: it is init's by then
static void
kill_init(void)
{
  struct memstat before, now;
  int pid, q[2];
  long t0;
  char c;

  TRY(memstat(&before));
  EXPECT(kill(1, SIGKILL), 0);
  EXPECT(kill(1, SIGTERM), 0);
  EXPECT(kill(1, 0), 0);                // still there

  pid = TRY(fork());
  if (pid == 0)
    exit(7);
  EXPECT_EXIT(REAP(pid), 7);

  TRY(pipe(q));
  pid = TRY(fork());
  if (pid == 0) {
    if (TRY(fork()) == 0) {
      TRY(close(q[1]));
      read(q[0], &c, 1);
      exit(0);
    }
    exit(0);
  }
  TRY(close(q[0]));
  TRY(close(q[1]));
  EXPECT_EXIT(REAP(pid), 0);
  t0 = uptime();
  while (TRY(memstat(&now)) == 0 && now.procs_live > before.procs_live &&
         uptime() - t0 < 3 * HZ)
    nap(10);
  EXPECT(now.procs_live, before.procs_live);
  EXPECT(kill(1, 0), 0);
}

// Milliseconds on CLOCK_MONOTONIC.
static long
now_ms(void)
{
  struct timespec ts;

  TRY(clock_gettime(CLOCK_MONOTONIC, &ts));
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define LONG_WRITE_FILE (4L << 20)      // one write(2) to a file
#define LONG_WRITE_CONS (512L << 10)    // one write(2) to the console
#define KILL_BOUND_MS 1000              // kill to reaped, at most

// A child makes one write of n bytes from buf to fd; the case kills it
// 20 ms after it starts. Returns the milliseconds from kill to reaped.
static long
kill_writer(int fd, const char *buf, long n)
{
  int ready[2], pid;
  long t0;

  TRY(pipe(ready));
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(write(ready[1], "r", 1), 1);
    write(fd, buf, n);
    exit(0);
  }
  await_ready(ready[0]);
  nap(20);
  t0 = now_ms();
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  TRY(close(ready[0]));
  TRY(close(ready[1]));
  return now_ms() - t0;
}

// kill(2) stops a long write(2) between its pieces: a child killed 20
// ms into one write of 4 MiB to a file, or of 512 KiB to the console,
// is reaped within KILL_BOUND_MS; the whole writes take about 15 s and
// 4 s under QEMU, and "exit 0" instead of SIGKILL means it finished
// within 20 ms. The console text is lines of dots; a newline after ends
// the one the kill cut short.
static void
kill_long_write(void)
{
  char *big = alloc(LONG_WRITE_FILE);
  long i, ms;
  int fd;

  for (i = 0; i < LONG_WRITE_FILE; i++)
    big[i] = i % 64 == 63 ? '\n' : '.';
  fd = TRY(open("ut_longw", O_CREAT | O_TRUNC | O_WRONLY, 0644));
  ms = kill_writer(fd, big, LONG_WRITE_FILE);
  TRY(close(fd));
  TRY(unlink("ut_longw"));
  if (ms > KILL_BOUND_MS)
    fail(__FILE__, __LINE__, "killed file write reaped after %ld ms, "
         "expected at most %d", ms, KILL_BOUND_MS);

  ms = kill_writer(1, big, LONG_WRITE_CONS);
  EXPECT(write(1, "\n", 1), 1);
  if (ms > KILL_BOUND_MS)
    fail(__FILE__, __LINE__, "killed console write reaped after %ld ms, "
         "expected at most %d", ms, KILL_BOUND_MS);
}

/* ---- deliberate differences from Linux (docs/linux-differences.md) --- */

// Pinned difference: a pipe holds PIPESIZE bytes (Linux: 65536), and is
// writable (POLLOUT) only while PIPE_BUF bytes are free, as Linux's is
// only while a page slot is free.
static void
linuxdiff_pipe_size(void)
{
  int fds[2];
  long total = 0, n;
  struct pollfd pfd;

  TRY(pipe2(fds, O_NONBLOCK));
  while ((n = write(fds[1], buf, 512)) > 0)
    total += n;
  EXPECT_ERR(n, EAGAIN);
  EXPECT(total, PIPESIZE);
  pfd.fd = fds[1];
  pfd.events = POLLOUT;
  EXPECT(poll(&pfd, 1, 0), 0);
  TRY(read(fds[0], buf, 1));
  EXPECT(poll(&pfd, 1, 0), 0);                  // 1 byte free: still full
  TRY(read(fds[0], buf, PIPE_BUF - 1));
  EXPECT(poll(&pfd, 1, 0), 1);                  // PIPE_BUF free: writable
  EXPECT(pfd.revents, POLLOUT);
  TRY(close(fds[0]));
  TRY(close(fds[1]));
}

// A fault in user mode (a load from page 0, a store into the program's
// text) ends the process with SIGSEGV, as on Linux.
static void
fault_kills(void)
{
  static volatile uintptr_t zero;
  int pid;

  faults_expected();
  pid = TRY(fork());
  if (pid == 0)
    exit(*(volatile int *)zero);
  EXPECT_DIED(REAP(pid), SIGSEGV);
  pid = TRY(fork());
  if (pid == 0) {
    *(volatile char *)fault_kills = 0;
    exit(0);
  }
  EXPECT_DIED(REAP(pid), SIGSEGV);
}

/*
 * Floating-point registers are the process's own (kernel/arch/fpu.h):
 * they survive sleeps while other processes use theirs, a fork copies
 * them, and exec starts with all zeros. nudge's programs are built
 * without floating point, so the compiler never touches these registers
 * and the checks can set and read them by hand.
 */
#define FP_ASM(insn) ".option push\n.option arch, +d\n" insn "\n.option pop"

static void
fp_set(uint64_t v)
{
  asm volatile(FP_ASM("fmv.d.x f0, %0\nfmv.d.x f9, %1\nfmv.d.x f31, %2\n"
                      "fsrm %3")
               : : "r"(v), "r"(~v), "r"(v ^ 0x5555), "r"(v & 3));
}

// f0, f9, f31 and the rounding mode, as fp_set sets them.
static void
fp_get(uint64_t r[4])
{
  asm volatile(FP_ASM("fmv.x.d %0, f0\nfmv.x.d %1, f9\nfmv.x.d %2, f31\n"
                      "frrm %3")
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]));
}

// 0 if the registers still hold what fp_set(v) put there.
static int
fp_check(uint64_t v)
{
  uint64_t r[4];

  fp_get(r);
  return r[0] != v || r[1] != ~v || r[2] != (v ^ 0x5555) || r[3] != (v & 3);
}

static void
fpu_per_process(void)
{
  static char *argv[] = { "usertests", "--child-fpzero", 0 };
  int pids[3], i, j, pid;
  uint64_t v;

  for (i = 0; i < 3; i++) {
    pids[i] = TRY(fork());
    if (pids[i] == 0) {
      v = 0x1234567800000000ULL * (i + 1) + i;
      fp_set(v);
      for (j = 0; j < 50; j++) {
        nap(1);                         // others run meanwhile
        if (fp_check(v))
          exit(1);
      }
      exit(0);
    }
  }
  for (i = 0; i < 3; i++) {
    int st;
    EXPECT(waitpid(pids[i], &st, 0), pids[i]);
    EXPECT_EXIT(st, 0);
  }

  fp_set(0xfeedfacecafebeefULL);
  pid = TRY(fork());
  if (pid == 0)
    exit(fp_check(0xfeedfacecafebeefULL));
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_EXIT(exec_status("/usertests", argv), 0);
}

// usertests --child-fpzero: exec's floating-point registers are zero.
static int
child_fpzero(void)
{
  uint64_t r[4];

  fp_get(r);
  return (r[0] | r[1] | r[2] | r[3]) != 0;
}

// Pinned difference: nudge does not count CPU time, so the CPU-time
// clocks are EINVAL; and its clocks tick in the timer's 100 ns, where
// Linux's high-resolution clocks say 1 ns.
static void
linuxdiff_clocks(void)
{
  struct timespec ts;

  EXPECT_ERR(clock_gettime(2, &ts), EINVAL);    // CLOCK_PROCESS_CPUTIME_ID
  EXPECT_ERR(clock_gettime(3, &ts), EINVAL);    // CLOCK_THREAD_CPUTIME_ID
  EXPECT_ERR(clock_getres(2, &ts), EINVAL);
  TRY(clock_getres(CLOCK_MONOTONIC, &ts));
  EXPECT(ts.tv_sec, 0);
  EXPECT(ts.tv_nsec, 100);
}

// Pinned difference: nudge's threads share all a pthread has; CLONE_FS
// or CLONE_FILES without CLONE_THREAD, and a thread without CLONE_FS and
// CLONE_FILES, are EINVAL (Linux makes them). Linux's own rules come
// first: CLONE_THREAD wants CLONE_SIGHAND, which wants CLONE_VM.
static void
linuxdiff_clone_threads(void)
{
  EXPECT_ERR(__sys_clone(SIGCHLD | 0x200, 0, 0, 0, 0), EINVAL);
  EXPECT_ERR(__sys_clone(SIGCHLD | 0x400, 0, 0, 0, 0), EINVAL);
  EXPECT_ERR(__sys_clone(0x100 | 0x800 | 0x10000, 0, 0, 0, 0), EINVAL);
  EXPECT_ERR(__sys_clone(0x100 | 0x200 | 0x400 | 0x10000, 0, 0, 0, 0), EINVAL);
  EXPECT_ERR(__sys_clone(0x200 | 0x400 | 0x800, 0, 0, 0, 0), EINVAL);
}

// Pinned difference: nudge counts no resource use; wait4's rusage for
// a child that spun a while is all zeros.
static void
linuxdiff_rusage_zero(void)
{
  static unsigned char ru[144];
  volatile long spin;
  int pid, i;

  memset(ru, 0xff, sizeof ru);
  pid = TRY(fork());
  if (pid == 0) {
    for (spin = 0; spin < 10000000; spin++)
      ;
    exit(0);
  }
  EXPECT(wait4(pid, 0, 0, (struct rusage *)ru), pid);
  for (i = 0; i < (int)sizeof ru; i++)
    EXPECT(ru[i], 0);
}

// Pinned difference: mode arguments are ignored; every file reports
// 0644, every directory 0755, owned by uid 0.
static void
linuxdiff_no_permissions(void)
{
  struct stat st;
  int fd;

  unlink("ut_mode");
  fd = TRY(open("ut_mode", O_CREAT | O_RDWR, 0));
  EXPECT(write(fd, "x", 1), 1);                 // mode 0, still writable
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFREG | 0644);
  EXPECT(st.st_uid, 0);
  EXPECT(st.st_gid, 0);
  TRY(close(fd));
  TRY(unlink("ut_mode"));

  TRY(mkdir("ut_mode", 0));
  fd = TRY(open("ut_mode", O_RDONLY));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFDIR | 0755);
  TRY(close(fd));
  TRY(rmdir("ut_mode"));
}

// Pinned difference: epoll's watch limit is the whole system's (Linux:
// max_user_watches, per user), sized as Linux sizes it: 4 % of memory
// over what one watch costs (more than 64 bytes), then ADD gives ENOSPC;
// and it lets one instance watch NOFILE files. A process may hold NOFILE
// fds, so children each add dups of one eventfd to one shared epoll
// until ADD fails or they have added WATCHES_PER_CHILD, and report how
// many succeeded and why they stopped; all stay alive (blocked on hold)
// until the count is in.
#define WATCH_CHILDREN    4
#define WATCHES_PER_CHILD (NOFILE - 100)
static void
linuxdiff_epoll_watch_limit(void)
{
  int ep = TRY(epoll_create1(0)), hold[2], counts[2], pids[WATCH_CHILDREN], i, err = 0;
  struct epoll_event ev = { EPOLLIN, { 0 } };
  long total = 0;
  struct sysinfo si;

  TRY(sysinfo(&si));
  TRY(pipe(hold));
  TRY(pipe(counts));
  for (i = 0; i < NELEM(pids) && err == 0; i++) {
    pids[i] = TRY(fork());
    if (pids[i] == 0) {
      int n = 0, fd, efd = TRY(eventfd(0, 0));
      all_fds();
      TRY(close(hold[1]));
      while (n < WATCHES_PER_CHILD && (fd = TRY(dup(efd))) >= 0) {
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
          err = errno;
          break;
        }
        n++;
      }
      EXPECT(write(counts[1], &n, sizeof n), sizeof n);
      EXPECT(write(counts[1], &err, sizeof err), sizeof err);
      read(hold[0], &n, 1);                     // until the parent is done
      exit(0);
    }
    int n;
    EXPECT(read(counts[0], &n, sizeof n), sizeof n);
    EXPECT(read(counts[0], &err, sizeof err), sizeof err);
    total += n;
  }
  EXPECT(err, ENOSPC);
  CHECK(total >= NOFILE);
  CHECK(total <= si.totalram * si.mem_unit / 25 / 64);
  TRY(close(hold[1]));
  while (i-- > 0) {                             // they exit in any order
    int st;
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }
  TRY(close(hold[0]));
  TRY(close(counts[0]));
  TRY(close(counts[1]));
  TRY(close(ep));
}

// Pinned difference: a pidfd names a process, never one thread: Linux
// 6.9's PIDFD_THREAD and CLONE_PIDFD with CLONE_THREAD are EINVAL (on
// Linux both succeed). A pidfd for the process itself works.
static void
linuxdiff_pidfd_thread(void)
{
  int pfd = -1;

  EXPECT_ERR(pidfd_open(getpid(), PIDFD_THREAD), EINVAL);
  EXPECT_ERR(__sys_clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                         CLONE_THREAD | CLONE_PIDFD, 0, &pfd, 0, 0), EINVAL);
  EXPECT(pfd, -1);
  TRY(close(TRY(pidfd_open(getpid(), 0))));
}

// Pinned difference: TFD_TIMER_CANCEL_ON_SET is accepted but never
// cancels (nudge's wall clock cannot be set: a read gets its
// expiration, not ECANCELED), and TFD_IOC_SET_TICKS is ENOTTY.
#define TFD_IOC_SET_TICKS 0x40085400
static void
linuxdiff_timerfd_extras(void)
{
  int fd = TRY(timerfd_create(CLOCK_REALTIME, 0));
  struct itimerspec v = { { 0, 0 }, { 0, 0 } };
  struct timespec now;
  uint64_t n = 5;

  TRY(clock_gettime(CLOCK_REALTIME, &now));
  v.it_value = now;
  TRY(timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &v, 0));
  EXPECT(read(fd, &n, sizeof n), sizeof n);
  EXPECT(n, 1);
  EXPECT_ERR(ioctl(fd, TFD_IOC_SET_TICKS, &n), ENOTTY);
  TRY(close(fd));
}

/* ---- events: epoll, select -------------------------------------------- */

#define SPINNERS 3          // more than the other harts of any test run

// Forks SPINNERS children that spin until killed; returns once all run.
static void
spin_start(int *pids)
{
  int ready[2], i;

  TRY(pipe(ready));
  for (i = 0; i < SPINNERS; i++) {
    pids[i] = TRY(fork());
    if (pids[i] == 0) {
      volatile long n = 0;
      EXPECT(write(ready[1], "s", 1), 1);
      for (;;)
        n++;
    }
  }
  for (i = 0; i < SPINNERS; i++)
    await_ready(ready[0]);
  TRY(close(ready[0]));
  TRY(close(ready[1]));
}

static void
spin_stop(int *pids)
{
  int i, st;

  for (i = 0; i < SPINNERS; i++)
    EXPECT(kill(pids[i], SIGKILL), 0);
  for (i = 0; i < SPINNERS; i++) {
    CHECK(wait(&st) > 0);
    EXPECT_KILLED(st);
  }
}

/*
 * epoll_wait(2): a caller killed while blocked harvests nothing, so an
 * edge-triggered or ONESHOT event stays for the next caller (Linux's
 * ep_send_events() returns at once when a fatal signal is pending).
 *
 *   child: ready --> epoll_wait(ep, 10 s) ............ killed, reaped
 *   case:  read ready, nap, start spinners, kill child, write p, reap,
 *          epoll_wait(ep, 0): the event must still be there
 *
 * The nap lets the child block in epoll_wait; if it has not yet, the
 * round still checks that a killed caller harvests nothing, only not
 * through the wakeup, so a lost race cannot fail a correct kernel. The
 * spinners fill the other harts, so the woken child runs only after
 * the write: the order in which harvesting for a killed caller loses
 * the event. Several rounds, in case a timer tick lets it run sooner.
 */
static void
epoll_killed_waiter(void)
{
  static const unsigned int modes[] = {
    EPOLLIN | EPOLLET, EPOLLIN | EPOLLONESHOT,
  };
  struct epoll_event ev, got[4];
  int ep, ready[2], p[2], spin[SPINNERS], m, i, pid;

  ep = TRY(epoll_create1(0));
  TRY(pipe(ready));
  for (m = 0; m < NELEM(modes); m++) {
    for (i = 0; i < 4; i++) {
      TRY(pipe(p));
      ev.events = modes[m];
      ev.data.u64 = i;
      TRY(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
      pid = TRY(fork());
      if (pid == 0) {
        EXPECT(write(ready[1], "r", 1), 1);
        epoll_wait(ep, got, NELEM(got), 10000);
        exit(0);
      }
      await_ready(ready[0]);
      nap(20);
      spin_start(spin);
      EXPECT(kill(pid, SIGKILL), 0);
      EXPECT(write(p[1], "x", 1), 1);
      EXPECT_KILLED(REAP(pid));       // the spinners are still running
      spin_stop(spin);
      EXPECT(epoll_wait(ep, got, NELEM(got), 0), 1);
      EXPECT(got[0].events, EPOLLIN);
      EXPECT(got[0].data.u64, i);
      TRY(close(p[0]));
      TRY(close(p[1]));
    }
  }
  TRY(close(ep));
}

// select() on the read end of p alone; tv may be changed.
static int
select_read(int *p, struct timeval *tv)
{
  fd_set rs;

  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  return select(p[0] + 1, &rs, 0, 0, tv);
}

/*
 * select(2) and poll(2) reach every fd a process may have: a set of
 * NOFILE bits and NOFILE pollfds whose one ready fd is the last, and
 * poll refuses one pollfd more (EINVAL). Before that, in a process with
 * no fd above REPORT_FD, a set bit far beyond its fd table is not looked
 * at (Linux clamps nfds to fdt->max_fds, nudge to the table's chunks):
 * no EBADF, and the bit is not written back.
 */
static void
select_poll_all_fds(void)
{
  static unsigned long set[NOFILE / 64];
  static struct pollfd pfds[NOFILE + 1];
  struct timeval tv = { 0, 0 };
  int p[2], top = NOFILE - 1, i;

  TRY(pipe(p));
  CHECK(p[1] < 200);
  set[4000 / 64] = 1UL << (4000 % 64);
  EXPECT(select(4096, (fd_set *)set, 0, 0, &tv), 0);
  EXPECT(set[4000 / 64], 1UL << (4000 % 64));
  set[4000 / 64] = 0;

  all_fds();
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT(dup2(p[0], top), top);
  set[top / 64] = 1UL << (top % 64);
  EXPECT(select(NOFILE, (fd_set *)set, 0, 0, &tv), 1);
  for (i = 0; i < NOFILE / 64; i++)
    EXPECT(set[i], i == top / 64 ? 1UL << (top % 64) : 0);
  for (i = 0; i <= NOFILE; i++)
    pfds[i] = (struct pollfd){ -1, POLLIN, 0 };
  pfds[top].fd = top;
  EXPECT(poll(pfds, NOFILE, 0), 1);
  EXPECT(pfds[top].revents, POLLIN);
  EXPECT_ERR(poll(pfds, NOFILE + 1, 0), EINVAL);
  TRY(close(top));
  TRY(close(p[0]));
  TRY(close(p[1]));
}

/*
 * select(2) counts tv_usec beyond a second as seconds (Linux: sec +=
 * usec / 1000000, usec %= 1000000, then the check), and a timeout too
 * long to represent means "forever": it must not wrap into the past.
 * The long ones wait for a child's write; the child naps first, so a
 * select that returns at once returns 0 before the write. Should the
 * child win anyway, the answer is still 1: the nap can hide the bug,
 * never fail a correct kernel. Normalized to zero: returns 0 at once.
 */
static void
select_long_timeouts(void)
{
  static const struct timeval longs[] = {
    { 1844674407370L, 0 }, { 0, LONG_MAX }, { LONG_MAX, 999999 },
  };
  static const struct timeval zeros[] = {
    { 1, -1000000 }, { -1, 1000000 }, { 3, -3000000 },
  };
  static const struct timeval bad[] = {
    { 0, -1 }, { 2, -1000001 }, { -1, 0 }, { 0, -999999 },
  };
  struct timeval tv;
  int p[2], go[2], i, pid;
  char c;

  for (i = 0; i < NELEM(longs); i++) {
    TRY(pipe(p));
    TRY(pipe(go));
    pid = TRY(fork());
    if (pid == 0) {
      await_ready(go[0]);
      nap(50);
      EXPECT(write(p[1], "x", 1), 1);
      exit(0);
    }
    EXPECT(write(go[1], "g", 1), 1);
    tv = longs[i];
    EXPECT(select_read(p, &tv), 1);
    EXPECT_EXIT(REAP(pid), 0);
    EXPECT(read(p[0], &c, 1), 1);
    TRY(close(p[0]));
    TRY(close(p[1]));
    TRY(close(go[0]));
    TRY(close(go[1]));
  }
  TRY(pipe(p));
  for (i = 0; i < NELEM(zeros); i++) {
    tv = zeros[i];
    EXPECT(select_read(p, &tv), 0);
  }
  for (i = 0; i < NELEM(bad); i++) {
    tv = bad[i];
    EXPECT_ERR(select_read(p, &tv), EINVAL);
  }
}

/*
 * epoll_ctl(2) ADD of an epoll walks the epolls above the one added
 * into, to bound the nesting depth: a walk that visits each epoll once
 * takes no time, one that follows every path takes time exponential in
 * the depth. Every dup()ed fd is a watch of its own, so a chain of four
 * epolls, each watching the one below through DEEP_K fds, has DEEP_K^3
 * (16.7 million) paths up from the bottom: about 0.6 s of walking, on
 * 768 watches. (Four fully connected levels of 60 epolls have 216,000
 * paths, on 10,800 watches.) The fastest of three ADDs of a new epoll
 * below the chain must take under 50 ms (ticks are 10 ms).
 *
 *   fresh --> chain[0] ==DEEP_K==> chain[1] ==DEEP_K==> chain[2] ==> chain[3]
 */
#define DEEP_K 256

static void
epoll_deep_add_time(void)
{
  static int chain[4][DEEP_K];
  struct epoll_event ev = { EPOLLIN, { 0 } };
  long t0, ms, best = LONG_MAX;
  int l, d, i, fresh;

  all_fds();                              // 4 * DEEP_K fds
  for (l = 0; l < 4; l++)
    for (d = 0; d < DEEP_K; d++)
      chain[l][d] = d ? TRY(dup(chain[l][0])) : TRY(epoll_create1(0));
  for (l = 0; l + 1 < 4; l++)             // bottom up: cheap to build
    for (d = 0; d < DEEP_K; d++)
      TRY(epoll_ctl(chain[l + 1][0], EPOLL_CTL_ADD, chain[l][d], &ev));
  for (i = 0; i < 3; i++) {
    fresh = TRY(epoll_create1(0));
    t0 = now_ms();
    EXPECT(epoll_ctl(chain[0][0], EPOLL_CTL_ADD, fresh, &ev), 0);
    ms = now_ms() - t0;
    if (ms < best)
      best = ms;
  }
  if (best >= 50)
    fail(__FILE__, __LINE__, "ADD below a chain of %d^3 paths, expected "
         "under 50 ms, got %ld ms", DEEP_K, best);
}

/*
 * Wakeup paths are bounded as on Linux (fs/eventpoll.c,
 * reverse_path_check): from a file, at most 500, 100, 50 and 10 paths
 * through 2, 3, 4 and 5 epolls; an ADD past a limit fails with EINVAL.
 * The storm: eventfd E, four levels of STORM_WIDTH epolls, each epoll of
 * level 1 watching E, each of level i + 1 watching each of level i,
 * every edge through STORM_K dup()ed fds, built bottom up:
 *
 *   E ==8==> L1[0], L1[1] ==8==> L2[0], L2[1] ==8==> L3 ==8==> L4
 *
 * Linux (tests/diff/diff_ep_path.c, path_storm_up) takes all 16 ADDs of
 * level 1 and all 32 of level 2 (16 * 16 = 256 paths through 2 epolls),
 * none of level 3 (each would add 256 paths through 3 epolls), and all of
 * level 4 (empty epolls: no paths). Unbounded, each signal of E would
 * run 16^4 callbacks. Then the ticker signals E every millisecond, a
 * consumer drains E through L2[0] (the highest epoll E reaches), and a
 * sleeper's ten 10 ms nanosleeps may each end at most 100 ms late: far
 * more than a loaded host stalls QEMU, far less than a storm costs.
 */
#define STORM_K 8
#define STORM_WIDTH 2
#define STORM_LATE_MS 100

// ADDs every fd of each of the n sources into each epoll of dst (each
// also STORM_K fds: [0] is the one to add into); returns the successes.
// Every failure must be EINVAL.
static int
storm_level(int dst[][STORM_K], int src[][STORM_K], int n)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int w, k, d, r, ok = 0;

  for (w = 0; w < STORM_WIDTH; w++) {
    for (k = 0; k < n; k++) {
      for (d = 0; d < STORM_K; d++) {
        r = epoll_ctl(dst[w][0], EPOLL_CTL_ADD, src[k][d], &ev);
        if (r == 0)
          ok++;
        else
          EXPECT_ERR(r, EINVAL);
      }
    }
  }
  return ok;
}

static void
storm_sleeper(void)
{
  struct timespec ts = { 0, 10 * 1000000 };
  long t0, late, worst = 0;
  int i;

  for (i = 0; i < 10; i++) {
    t0 = now_ms();
    EXPECT(nanosleep(&ts, 0), 0);
    late = now_ms() - t0 - 10;
    if (late > worst)
      worst = late;
  }
  if (worst >= STORM_LATE_MS)
    fail(__FILE__, __LINE__, "10 ms nanosleep during the storm, expected "
         "under %d ms late, got %ld ms", STORM_LATE_MS, worst);
}

static void
storm_consumer(int top, int e)
{
  struct epoll_event evs[8];
  uint64_t v;

  TRY(fcntl(e, F_SETFL, O_NONBLOCK));
  for (;;) {
    TRY(epoll_wait(top, evs, NELEM(evs), 1000));
    read(e, &v, sizeof v);
  }
}

static void
epoll_storm(void)
{
  static int e[1][STORM_K], lv[4][STORM_WIDTH][STORM_K];
  static const int want[4] = { 16, 32, 0, 32 };
  struct ticker_req req;
  int l, w, d, tfd, consumer, sleeper;

  for (d = 0; d < STORM_K; d++)
    e[0][d] = d ? TRY(dup(e[0][0])) : TRY(eventfd(0, 0));
  for (l = 0; l < 4; l++)
    for (w = 0; w < STORM_WIDTH; w++)
      for (d = 0; d < STORM_K; d++)
        lv[l][w][d] = d ? TRY(dup(lv[l][w][0])) : TRY(epoll_create1(0));
  EXPECT(storm_level(lv[0], e, 1), want[0]);
  for (l = 1; l < 4; l++)
    EXPECT(storm_level(lv[l], lv[l - 1], STORM_WIDTH), want[l]);

  consumer = TRY(fork());
  if (consumer == 0)
    storm_consumer(lv[1][0][0], e[0][0]);
  tfd = TRY(open("/ticker", O_RDONLY));
  req.efd = e[0][0];
  req.period_ms = 1;
  TRY(ioctl(tfd, TICKER_SET, &req));
  sleeper = TRY(fork());
  if (sleeper == 0) {
    storm_sleeper();
    exit(0);
  }
  EXPECT_EXIT(REAP(sleeper), 0);
  TRY(close(tfd));
  EXPECT(kill(consumer, SIGKILL), 0);
  EXPECT_KILLED(REAP(consumer));
}

/* ---- the event programs' quick cases ------------------------------------ */

// Runs /PROG -q and expects it to pass. Its own case lines go to a file,
// shown only if it fails: make test runs the full program separately.
static void
run_quick(char *prog)
{
  char path[32], *out = "ut_quick";
  char *argv[] = { prog, "-q", 0 };
  int pid, fd, status;

  snprintf(path, sizeof path, "/%s", prog);
  pid = TRY(fork());
  if (pid == 0) {
    fd = TRY(open(out, O_CREAT | O_TRUNC | O_WRONLY, 0644));
    TRY(dup2(fd, 1));
    TRY(close(fd));
    execv(path, argv);
    exit(99);
  }
  status = REAP(pid);
  if (status != 0)
    fputs(read_file(out, buf, sizeof buf), stderr);
  EXPECT_EXIT(status, 0);
  TRY(unlink(out));
}

static void polltest_q(void) { run_quick("polltest"); }
static void eventfdtest_q(void) { run_quick("eventfdtest"); }
static void epolltest_q(void) { run_quick("epolltest"); }

// Memory and kernel objects must be back where before found them (the
// counts of memstat): else a failure that says what leaked.
#define EXPECT_NO_LEAK(before, what) \
  expect_no_leak(__FILE__, __LINE__, (before), (what))

static void
expect_no_leak(const char *file, int line, const struct memstat *before, const char *what)
{
  struct memstat after;
  char why[300];

  TRY(memstat(&after));
  memstat_explain(why, sizeof why, before, &after);
  if (!memstat_same(before, &after))
    fail(file, line, "%s leaked: %s", what, why);
}

/* ---- memory ------------------------------------------------------------- */

// sbrk(2): new memory is usable and zeroed; the break moves by exactly
// what was asked, page-sized or not.
static void
sbrk_grow(void)
{
  char *old, *p;
  long i, n = 10 * PGSIZE;

  old = sbrk(0);
  p = alloc(n);
  EXPECT(p, old);
  EXPECT(sbrk(0), old + n);
  for (i = 0; i < n; i++)
    if (p[i] != 0)
      fail(__FILE__, __LINE__, "new memory at +%ld, expected 0, got %d", i,
           p[i]);
  fill_pattern(p, 0, n, 1);
  EXPECT(check_pattern(p, 0, n, 1), -1);

  p = alloc(1);
  EXPECT(p, old + n);
  p[0] = 5;
  p = alloc(PGSIZE - 1);
  EXPECT(p, old + n + 1);
  p[PGSIZE - 2] = 6;
  EXPECT(sbrk(0), old + n + PGSIZE);
  EXPECT(sbrk(0), old + n + PGSIZE);    // sbrk(0) moves nothing
}

static char *shrunk;    // memory given back by sbrk_shrink

static void
touch_shrunk(void)
{
  *(volatile char *)shrunk = 1;
}

// sbrk(2) with a negative size gives memory back: touching it then
// kills, and growing again brings fresh zeroed pages.
static void
sbrk_shrink(void)
{
  char *p;
  long i, n = 8 * PGSIZE;

  faults_expected();
  p = brk_align();
  EXPECT(alloc(n), p);
  memset(p, 0xaa, n);
  EXPECT(sbrk(-n), p + n);
  EXPECT(sbrk(0), p);
  shrunk = p + PGSIZE;
  EXPECT_DIES_OF(touch_shrunk, SIGSEGV);
  shrunk = p;
  EXPECT_DIES_OF(touch_shrunk, SIGSEGV);
  EXPECT(alloc(n), p);
  for (i = 0; i < n; i++)
    if (p[i] != 0)
      fail(__FILE__, __LINE__, "regrown memory at +%ld, expected 0, got %d",
           i, p[i]);
}

// sbrk(2): ENOMEM for more memory than the machine has, or an address
// space overflow either way; the break does not move.
static void
sbrk_huge(void)
{
  char *old = sbrk(0);

  EXPECT_ERR(sbrk(1L << 30), ENOMEM);
  EXPECT(sbrk(0), old);
  EXPECT_ERR(sbrk(1L << 40), ENOMEM);
  EXPECT_ERR(sbrk(0x7fffffffffffffffL), ENOMEM);
  EXPECT_ERR(sbrk(-((long)old + 10 * PGSIZE)), ENOMEM);
  EXPECT(sbrk(0), old);
  EXPECT(alloc(PGSIZE), old);           // and it still grows
}

// Running out of memory. Pages come on first touch, so a hog that
// touches more than there is dies of SIGKILL, as Linux's out-of-memory
// killer ends it; one sbrk larger than all memory is ENOMEM at once (the
// overcommit rule); fork of a process holding most of memory, which
// would copy it all, is ENOMEM; and after the hogs exit the memory is
// back.
static void
sbrk_oom(void)
{
  long i, big = 300L << 20;
  int pid, r;
  char *p;

  faults_expected();
  pid = TRY(fork());
  if (pid == 0) {
    while ((p = sbrk(64 * PGSIZE)) != (char *)-1)
      for (i = 0; i < 64 * PGSIZE; i += PGSIZE)
        p[i] = 1;
    exit(1);
  }
  EXPECT_KILLED(REAP(pid));
  EXPECT_ERR((long)sbrk(1L << 30), ENOMEM);
  pid = TRY(fork());
  if (pid == 0) {
    p = alloc(big);
    for (i = 0; i < big; i += PGSIZE)
      p[i] = 1;
    r = fork();
    if (r == 0)
      exit(0);
    EXPECT_ERR(r, ENOMEM);
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  pid = TRY(fork());
  if (pid == 0) {
    p = alloc(big);
    for (i = 0; i < big; i += PGSIZE)
      p[i] = 1;
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
}

// The addresses the fault makers use. Volatile, so that the compiler
// cannot see a constant NULL and drop the access as undefined.
static char *volatile null_addr = 0;
static char *volatile kernel_addr = (char *)KERNBASE;
static char *volatile trapframe_addr = (char *)TRAPFRAME(0);
static char *volatile trampoline_addr = (char *)TRAMPOLINE;

static void
store_null(void)
{
  *(volatile int *)null_addr = 1;
}

static void
load_null(void)
{
  (void)*(volatile int *)null_addr;
}

static void
load_kernel(void)
{
  (void)*(volatile long *)kernel_addr;
}

static void
store_trapframe(void)
{
  *(volatile long *)trapframe_addr = 0;
}

static void
load_trampoline(void)
{
  (void)*(volatile long *)trampoline_addr;
}

static void
store_above_break(void)
{
  *(volatile char *)(brk_align() + 16 * PGSIZE) = 1;
}

static void
jump_null(void)
{
  ((void (*)(void))null_addr)();
}

static void
illegal_instruction(void)
{
  asm volatile(".word 0");
}

static volatile long recurse_limit = 1L << 40;   // never reached

static int
recurse(long n)
{
  volatile char pad[256];

  pad[0] = n;
  if (n < recurse_limit)
    return recurse(n + 1) + pad[0];
  return pad[0];
}

static void
stack_overflow(void)
{
  recurse(0);
}

// A user fault kills only the faulting process, with Linux's signal:
// SIGSEGV for NULL, kernel or unmapped memory and a stack overflow past
// its 8 MiB, SIGILL for a bad instruction.
static void
mem_faults(void)
{
  int pid;

  faults_expected();
  EXPECT_DIES_OF(store_null, SIGSEGV);
  EXPECT_DIES_OF(load_null, SIGSEGV);
  EXPECT_DIES_OF(load_kernel, SIGSEGV);
  EXPECT_DIES_OF(store_trapframe, SIGSEGV);
  EXPECT_DIES_OF(load_trampoline, SIGSEGV);
  EXPECT_DIES_OF(store_above_break, SIGSEGV);
  EXPECT_DIES_OF(jump_null, SIGSEGV);
  EXPECT_DIES_OF(illegal_instruction, SIGILL);
  EXPECT_DIES_OF(stack_overflow, SIGSEGV);
  pid = TRY(fork());                  // and the system carries on
  if (pid == 0)
    exit(5);
  EXPECT_EXIT(REAP(pid), 5);
}

// read(2) and write(2) with a buffer the process may not use: EFAULT,
// for pipes, files and the console alike.
static void
efault_rw(void)
{
  char *bad[6];
  int p[2], fd, i, pid;

  bad[0] = 0;
  bad[1] = (char *)1;
  bad[2] = (char *)KERNBASE;
  bad[3] = (char *)TRAMPOLINE;
  bad[4] = (char *)TRAPFRAME(0);
  bad[5] = brk_align() + 16 * PGSIZE;
  TRY(pipe(p));
  write_file("ut_efault", "0123456789abcdef");
  fd = TRY(open("ut_efault", O_RDWR));
  for (i = 0; i < NELEM(bad); i++) {
    EXPECT_ERR(write(p[1], bad[i], 10), EFAULT);
    EXPECT_ERR(write(fd, bad[i], 10), EFAULT);
    EXPECT_ERR(write(1, bad[i], 10), EFAULT);
    EXPECT(write(p[1], "0123456789", 10), 10);
    EXPECT_ERR(read(p[0], bad[i], 10), EFAULT);
    EXPECT_ERR(read(fd, bad[i], 10), EFAULT);
  }
  TRY(close(fd));

  // Text is mapped read-only: reading into it must fail, not patch the
  // program. In a child, in case it does not.
  pid = TRY(fork());
  if (pid == 0) {
    fd = TRY(open("ut_efault", O_RDONLY));
    EXPECT_ERR(read(fd, (char *)store_null, 4), EFAULT);
    EXPECT(write(p[1], "abcd", 4), 4);
    EXPECT_ERR(read(p[0], (char *)load_null, 4), EFAULT);
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  TRY(unlink("ut_efault"));
}

// A kernel address on riscv64 and x86-64 alike, and a count that makes
// any range wrap; volatile, so the compiler cannot judge the calls.
static char *volatile high_kernel_addr = (char *)0xffffffff80000000UL;
static volatile size_t huge_count = (size_t)-1;

/*
 * read(2), write(2): the error Linux's vfs_read()/vfs_write() give when
 * several apply: EBADF (fd not open for it), then EINVAL (the file has
 * no such operation: an epoll), then EFAULT (the whole range must be
 * user memory) before the file is asked anything, so before EAGAIN, an
 * eventfd's EINVAL for a short count, or sleeping on an empty pipe.
 * tests/diff/diff_rw_order.c checks the same against Linux.
 */
static void
rw_error_order(void)
{
  char *const k = high_kernel_addr;
  struct pollfd pfd;
  int p[2], q[2], done[2], efd, ep, pid;
  char c;

  TRY(pipe2(p, O_NONBLOCK));
  EXPECT(write(p[1], "abc", 3), 3);
  EXPECT_ERR(read(p[0], buf, huge_count), EFAULT);
  EXPECT_ERR(write(p[1], buf, huge_count), EFAULT);
  EXPECT(read(p[0], buf, sizeof buf), 3);       // nothing was consumed
  EXPECT_ERR(read(p[1], buf, huge_count), EBADF);
  EXPECT_ERR(read(p[1], k, 1), EBADF);
  EXPECT_ERR(write(p[0], k, 1), EBADF);
  EXPECT_ERR(read(p[0], k, 1), EFAULT);         // empty: not EAGAIN
  EXPECT_ERR(write(p[1], k, 1), EFAULT);
  EXPECT_ERR(read(p[0], buf, 1), EAGAIN);       // nothing was written
  EXPECT(read(p[0], buf, 0), 0);
  EXPECT(write(p[1], buf, 0), 0);

  efd = TRY(eventfd(1, 0));
  EXPECT_ERR(read(efd, k, 4), EFAULT);
  EXPECT_ERR(write(efd, k, 4), EFAULT);
  EXPECT_ERR(read(efd, buf, 4), EINVAL);
  EXPECT_ERR(read(efd, buf, 0), EINVAL);
  EXPECT(read(efd, buf, 8), 8);                 // the count is still 1

  ep = TRY(epoll_create1(0));
  EXPECT_ERR(read(ep, buf, 8), EINVAL);
  EXPECT_ERR(write(ep, buf, 8), EINVAL);
  EXPECT_ERR(read(ep, k, 8), EINVAL);

  // A blocking read of an empty pipe, its writer open, into kernel
  // memory: EFAULT at once. The child says when read returns; 2 s of
  // silence means it sleeps.
  TRY(pipe(q));
  TRY(pipe(done));
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT_ERR(read(q[0], k, 1), EFAULT);
    EXPECT(write(done[1], "d", 1), 1);
    exit(0);
  }
  pfd.fd = done[0];
  pfd.events = POLLIN;
  if (poll(&pfd, 1, 2000) != 1) {
    kill(pid, SIGKILL);
    fail(__FILE__, __LINE__, "blocking read of an empty pipe into kernel "
         "memory, expected -1 (EFAULT) at once, got asleep after 2 s");
  }
  EXPECT(read(done[0], &c, 1), 1);
  EXPECT_EXIT(REAP(pid), 0);
}

// Path and struct arguments the process may not use: EFAULT, and a
// failed call leaves nothing behind (pipe2 allocates no fds). A bad
// path is EFAULT before a bad dirfd is EBADF, as in Linux.
static void
efault_args(void)
{
  char *const bad[] = { 0, (char *)1, (char *)KERNBASE, (char *)TRAMPOLINE };
  struct stat *badst;
  char *edge;
  int i, fd, free_fd;

  for (i = 0; i < NELEM(bad); i++) {
    badst = (struct stat *)bad[i];
    EXPECT_ERR(open(bad[i], O_RDONLY), EFAULT);
    EXPECT_ERR(open(bad[i], O_CREAT | O_RDWR, 0644), EFAULT);
    EXPECT_ERR(openat(-5, bad[i], O_RDONLY), EFAULT);
    EXPECT_ERR(mkdir(bad[i], 0755), EFAULT);
    EXPECT_ERR(mkdirat(-5, bad[i], 0755), EFAULT);
    EXPECT_ERR(unlink(bad[i]), EFAULT);
    EXPECT_ERR(rmdir(bad[i]), EFAULT);
    EXPECT_ERR(chdir(bad[i]), EFAULT);
    EXPECT_ERR(link(bad[i], "ut_link"), EFAULT);
    EXPECT_ERR(link("/usertests", bad[i]), EFAULT);
    EXPECT_ERR(linkat(AT_FDCWD, bad[i], AT_FDCWD, "ut_link", AT_EMPTY_PATH),
               EFAULT);
    EXPECT_ERR(mknod(bad[i], S_IFCHR, makedev(CONSOLE, 0)), EFAULT);
    EXPECT_ERR(mknodat(-5, bad[i], 0, 0), EFAULT);
    EXPECT_ERR(fstat(0, badst), EFAULT);
    EXPECT_ERR(stat("/", badst), EFAULT);
    EXPECT_ERR(fstatat(0, "", badst, AT_EMPTY_PATH), EFAULT);
    EXPECT_ERR(fstatat(AT_FDCWD, "", badst, AT_EMPTY_PATH), EFAULT);
    EXPECT_ERR(stat(bad[i], &st_scratch), EFAULT);
    EXPECT_ERR(fstatat(-5, bad[i], &st_scratch, 0), EFAULT);
    if (bad[i] != 0)          // NULL with AT_EMPTY_PATH is "" (Linux 6.11)
      EXPECT_ERR(fstatat(0, bad[i], &st_scratch, AT_EMPTY_PATH), EFAULT);
    EXPECT_ERR(memstat((struct memstat *)bad[i]), EFAULT);
    free_fd = lowest_free(0);
    EXPECT_ERR(pipe2((int *)bad[i], 0), EFAULT);
    EXPECT(lowest_free(0), free_fd);
  }
  EXPECT_ERR(open("ut_link", O_RDONLY), ENOENT);

  // A path that runs into unmapped memory before its NUL.
  brk_align();
  alloc(PGSIZE);
  edge = (char *)sbrk(0) - 5;
  memcpy(edge, "ut_ab", 5);
  EXPECT_ERR(open(edge, O_RDONLY), EFAULT);
  EXPECT_ERR(open(edge, O_CREAT | O_RDWR, 0644), EFAULT);
  EXPECT_ERR(stat(edge, &st_scratch), EFAULT);
  EXPECT_ERR(fstatat(0, edge, &st_scratch, AT_EMPTY_PATH), EFAULT);
  edge[4] = 0;
  EXPECT_ERR(open(edge, O_RDONLY), ENOENT);
  EXPECT_ERR(stat(edge, &st_scratch), ENOENT);
  fd = TRY(open("/", O_RDONLY));
  TRY(close(fd));

  // A stat buffer one byte short of room.
  badst = (struct stat *)(sbrk(0) - sizeof(struct stat) + 1);
  EXPECT_ERR(stat("/", badst), EFAULT);
  EXPECT_ERR(fstatat(AT_FDCWD, "", badst, AT_EMPTY_PATH), EFAULT);
  TRY(stat("/", badst - 1));
}

// Pinned difference (Linux: 4096 and 255): paths of MAXPATH bytes or
// more, NUL included, and names longer than DIRSIZ (14): ENAMETOOLONG.
static void
nametoolong(void)
{
  static char path[300];
  int i;

  memset(path, 'a', 200);
  path[200] = 0;
  EXPECT_ERR(open(path, O_RDONLY), ENAMETOOLONG);
  EXPECT_ERR(open(path, O_CREAT | O_RDWR, 0644), ENAMETOOLONG);
  EXPECT_ERR(mkdir(path, 0755), ENAMETOOLONG);
  EXPECT_ERR(mknod(path, 0, 0), ENAMETOOLONG);
  EXPECT_ERR(unlink(path), ENAMETOOLONG);
  EXPECT_ERR(rmdir(path), ENAMETOOLONG);
  EXPECT_ERR(chdir(path), ENAMETOOLONG);
  EXPECT_ERR(link("/usertests", path), ENAMETOOLONG);
  EXPECT_ERR(link(path, "ut_link"), ENAMETOOLONG);
  EXPECT_ERR(stat(path, &st_scratch), ENAMETOOLONG);
  EXPECT_ERR(fstatat(0, path, &st_scratch, AT_EMPTY_PATH), ENAMETOOLONG);

  // "a/a/.../a": 127 bytes fit (ENOENT: no "a"), 128 do not.
  for (i = 0; i < MAXPATH - 1; i++)
    path[i] = i % 2 ? '/' : 'a';
  path[MAXPATH - 1] = 0;
  EXPECT_ERR(open(path, O_RDONLY), ENOENT);
  path[MAXPATH - 1] = '/';
  path[MAXPATH] = 0;
  EXPECT_ERR(open(path, O_RDONLY), ENAMETOOLONG);

  EXPECT_ERR(stat("ut_fourteen_ch", &st_scratch), ENOENT);
  EXPECT_ERR(stat("ut_fifteen_chrs", &st_scratch), ENAMETOOLONG);
  EXPECT_ERR(mkdir("ut_fifteen_chrs", 0755), ENAMETOOLONG);
}

/* ---- file descriptors --------------------------------------------------- */

// Every fd call on an fd that is not open: EBADF.
static void
fd_ebadf(void)
{
  int bad[] = { -1, -1000, 4095, 4096, 100000, 0 };
  struct stat st;
  char c;
  int i, fd;

  bad[NELEM(bad) - 1] = lowest_free(3);
  for (i = 0; i < NELEM(bad); i++) {
    fd = bad[i];
    EXPECT_ERR(read(fd, &c, 1), EBADF);
    EXPECT_ERR(write(fd, "x", 1), EBADF);
    EXPECT_ERR(close(fd), EBADF);
    EXPECT_ERR(dup(fd), EBADF);
    EXPECT_ERR(dup2(fd, 20), EBADF);
    EXPECT_ERR(dup3(fd, 20, 0), EBADF);
    EXPECT_ERR(fcntl(fd, F_GETFD), EBADF);
    EXPECT_ERR(fcntl(fd, F_SETFD, FD_CLOEXEC), EBADF);
    EXPECT_ERR(fcntl(fd, F_GETFL), EBADF);
    EXPECT_ERR(fcntl(fd, F_SETFL, O_NONBLOCK), EBADF);
    EXPECT_ERR(fcntl(fd, F_DUPFD, 0), EBADF);
    EXPECT_ERR(fstat(fd, &st), EBADF);
  }
  EXPECT_ERR(dup2(0, -1), EBADF);
  EXPECT_ERR(dup2(0, NOFILE), EBADF);
  EXPECT_ERR(dup3(0, 100000, 0), EBADF);
  CHECK(!is_open(20));
}

// dup(2) returns the lowest free fd, and both fds share one open file
// (one offset).
static void
dup_lowest(void)
{
  int fd, a, b, c, want;

  fd = TRY(open("ut_dup", O_CREAT | O_TRUNC | O_RDWR, 0644));
  want = lowest_free(0);
  a = TRY(dup(fd));
  EXPECT(a, want);
  want = lowest_free(0);
  b = TRY(dup(fd));
  EXPECT(b, want);
  c = TRY(dup(fd));
  CHECK(fd < a && a < b && b < c);
  TRY(close(b));                // every fd below b is open
  EXPECT(dup(fd), b);
  TRY(close(a));
  EXPECT(dup(c), a);

  EXPECT(write(fd, "ab", 2), 2);
  EXPECT(write(c, "cd", 2), 2);
  EXPECT(write(a, "ef", 2), 2);
  EXPECT_STR(read_file("ut_dup", buf, sizeof buf), "abcdef");
  TRY(unlink("ut_dup"));
}

// dup2(2), dup3(2): the new fd is exactly the one asked for; an open one
// is closed first; dup2 of an fd onto itself does nothing; dup3 rejects
// that and any flag but O_CLOEXEC with EINVAL.
static void
dup2_dup3(void)
{
  int fd, p[2];
  struct stat st;

  all_fds();
  fd = TRY(open("ut_dup2", O_CREAT | O_TRUNC | O_RDWR, 0644));
  if (is_open(20))
    TRY(close(20));
  EXPECT(dup2(fd, 20), 20);
  EXPECT(fcntl(20, F_GETFD), 0);
  EXPECT(dup2(fd, fd), fd);
  EXPECT(dup2(20, 20), 20);
  EXPECT_ERR(dup3(fd, fd, 0), EINVAL);
  EXPECT_ERR(dup3(fd, 21, O_NONBLOCK), EINVAL);
  EXPECT_ERR(dup3(fd, 21, 0x4), EINVAL);
  CHECK(!is_open(21));
  EXPECT(dup3(fd, 21, O_CLOEXEC), 21);
  EXPECT(fcntl(21, F_GETFD), FD_CLOEXEC);
  EXPECT(dup3(fd, 21, 0), 21);          // replaces, flags fresh
  EXPECT(fcntl(21, F_GETFD), 0);
  EXPECT(dup2(fd, NOFILE - 1), NOFILE - 1);
  EXPECT(write(NOFILE - 1, "xy", 2), 2);
  TRY(close(NOFILE - 1));

  // dup2 onto a pipe's only read end: the pipe loses its reader.
  signal(SIGPIPE, SIG_IGN);
  TRY(pipe(p));
  EXPECT(dup2(fd, p[0]), p[0]);
  TRY(fstat(p[0], &st));
  CHECK(S_ISREG(st.st_mode));
  EXPECT_ERR(write(p[1], "x", 1), EPIPE);
  EXPECT(write(p[0], "z", 1), 1);
  EXPECT_STR(read_file("ut_dup2", buf, sizeof buf), "xyz");
  TRY(unlink("ut_dup2"));
}

// fcntl(2) F_GETFD/F_SETFD: FD_CLOEXEC belongs to the fd, not the file.
static void
fcntl_fd(void)
{
  int fd, d;

  fd = TRY(open("/", O_RDONLY));
  EXPECT(fcntl(fd, F_GETFD), 0);
  EXPECT(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
  EXPECT(fcntl(fd, F_GETFD), FD_CLOEXEC);
  d = TRY(dup(fd));
  EXPECT(fcntl(d, F_GETFD), 0);         // dup clears it
  EXPECT(fcntl(fd, F_SETFD, 0), 0);
  EXPECT(fcntl(fd, F_GETFD), 0);
  TRY(close(fd));
  TRY(close(d));
  fd = TRY(open("/", O_RDONLY | O_CLOEXEC));
  EXPECT(fcntl(fd, F_GETFD), FD_CLOEXEC);
  EXPECT_ERR(fcntl(fd, 999), EINVAL);
  EXPECT_ERR(fcntl(fd, -1), EINVAL);
  TRY(close(fd));
}

// fcntl(2) F_GETFL: the access mode and O_NONBLOCK; F_SETFL changes
// O_NONBLOCK only.
static void
fcntl_fl(void)
{
  static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
  int i, fd, p[2];

  write_file("ut_fl", "x");
  for (i = 0; i < NELEM(modes); i++) {
    fd = TRY(open("ut_fl", modes[i]));
    EXPECT(TRY(fcntl(fd, F_GETFL)) & O_ACCMODE, modes[i]);
    EXPECT(TRY(fcntl(fd, F_GETFL)) & O_NONBLOCK, 0);
    EXPECT(fcntl(fd, F_SETFL, O_NONBLOCK | O_RDWR), 0);
    EXPECT(TRY(fcntl(fd, F_GETFL)) & O_ACCMODE, modes[i]);
    EXPECT(TRY(fcntl(fd, F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
    EXPECT(fcntl(fd, F_SETFL, 0), 0);
    EXPECT(TRY(fcntl(fd, F_GETFL)) & O_NONBLOCK, 0);
    TRY(close(fd));
  }
  fd = TRY(open("ut_fl", O_RDONLY | O_NONBLOCK));
  EXPECT(TRY(fcntl(fd, F_GETFL)) & (O_ACCMODE | O_NONBLOCK),
         O_RDONLY | O_NONBLOCK);
  TRY(close(fd));
  TRY(unlink("ut_fl"));

  TRY(pipe(p));
  EXPECT(TRY(fcntl(p[0], F_GETFL)) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
  EXPECT(TRY(fcntl(p[1], F_GETFL)) & (O_ACCMODE | O_NONBLOCK), O_WRONLY);
}

// O_NONBLOCK lives in the open file: F_SETFL through one fd shows through
// a dup and in a forked child; FD_CLOEXEC does not.
static void
fcntl_shared(void)
{
  int p[2], d, pid;
  char c;

  TRY(pipe(p));
  d = TRY(dup(p[0]));
  EXPECT(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
  EXPECT(TRY(fcntl(d, F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
  EXPECT_ERR(read(d, &c, 1), EAGAIN);
  EXPECT(fcntl(p[0], F_SETFD, FD_CLOEXEC), 0);
  EXPECT(fcntl(d, F_GETFD), 0);
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(TRY(fcntl(p[0], F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
    EXPECT_ERR(read(p[0], &c, 1), EAGAIN);
    EXPECT(fcntl(d, F_SETFL, 0), 0);    // seen by the parent
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT(TRY(fcntl(p[0], F_GETFL)) & O_NONBLOCK, 0);
}

// fcntl(2) F_DUPFD: the lowest free fd >= arg, without FD_CLOEXEC.
static void
fcntl_dupfd(void)
{
  int fd, want;

  all_fds();
  fd = TRY(open("/", O_RDONLY | O_CLOEXEC));
  want = lowest_free(10);
  EXPECT(fcntl(fd, F_DUPFD, 10), want);
  EXPECT(fcntl(want, F_GETFD), 0);
  want = lowest_free(10);
  EXPECT(fcntl(fd, F_DUPFD, 10), want);
  want = lowest_free(0);
  EXPECT(fcntl(fd, F_DUPFD, 0), want);
  EXPECT(fcntl(fd, F_DUPFD, REPORT_FD), REPORT_FD + 1);
  EXPECT(fcntl(fd, F_DUPFD, NOFILE - 1), NOFILE - 1);
  EXPECT_ERR(fcntl(fd, F_DUPFD, NOFILE - 1), EMFILE);
  EXPECT_ERR(fcntl(fd, F_DUPFD, NOFILE), EINVAL);
  EXPECT_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
}

/*
 * A call that looks an fd up holds the file while it works and lets go
 * on every way out, errors after the lookup included: after a hundred
 * rounds of calls on open and unopened fds with good and bad arguments,
 * closing the fds frees every file, and the calls leave no kernel object
 * behind. A reference kept on some path would keep its file alive after
 * close (files_live). Most checks fail after the fd was found; that is
 * the point.
 */
static void
fdget_refs(void)
{
  struct memstat before, after;
  struct epoll_event ev = { EPOLLIN, { 0 } }, evs[4];
  struct pollfd pfds[8];
  struct iovec iov = { 0, 1 };
  struct timeval tv = { 0, 0 };
  struct ticker_req req;
  struct stat st;
  fd_set rs;
  char buf[512], *bad = (char *)TRAMPOLINE;   // above USERTOP
  int p[2], efd, ep, dir, fd, tfd, hole, i, k;
  void *m;

  TRY(memstat(&before));
  TRY(pipe(p));
  efd = TRY(eventfd(0, EFD_NONBLOCK));
  ep = TRY(epoll_create1(0));
  dir = TRY(open("/", O_RDONLY | O_DIRECTORY));
  fd = TRY(open("ut_fdget", O_CREAT | O_TRUNC | O_RDWR, 0644));
  tfd = TRY(open("/ticker", O_RDONLY));
  TRY(write(fd, "x", 1));
  hole = lowest_free(0);
  int polled[8] = { p[0], p[1], efd, ep, dir, hole, -1, fd };

  for (i = 0; i < 100; i++) {
    EXPECT_ERR(read(p[1], buf, 1), EBADF);
    EXPECT_ERR(write(p[0], "x", 1), EBADF);
    EXPECT_ERR(write(fd, bad, 1), EFAULT);
    EXPECT_ERR(pread(p[0], buf, 1, 0), ESPIPE);
    EXPECT(pread(fd, buf, 1, 0), 1);
    EXPECT_ERR(readv(fd, &iov, IOV_MAX + 1), EINVAL);
    EXPECT_ERR(lseek(fd, 0, 99), EINVAL);
    EXPECT_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
    EXPECT_ERR(getdents64(p[0], buf, sizeof buf), ENOTDIR);
    CHECK(getdents64(dir, buf, sizeof buf) >= 0);
    EXPECT_ERR(fstat(efd, (struct stat *)bad), EFAULT);
    EXPECT_ERR(ioctl(p[0], TICKER_SET, &req), ENOTTY);
    req = (struct ticker_req){ p[0], 10 };        // not an eventfd
    EXPECT_ERR(ioctl(tfd, TICKER_SET, &req), EINVAL);
    req = (struct ticker_req){ efd, 0 };          // bad period, after the lookup
    EXPECT_ERR(ioctl(tfd, TICKER_SET, &req), EINVAL);

    TRY(close(TRY(dup(fd))));
    EXPECT_ERR(fcntl(fd, F_DUPFD, NOFILE), EINVAL);
    EXPECT_ERR(fcntl(fd, 9999), EINVAL);
    EXPECT(fcntl(fd, F_GETFD), 0);
    EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
    EXPECT_ERR((long)mmap(0, 0, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL);
    m = mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED);
    TRY(munmap(m, PGSIZE));

    EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM);
    EXPECT_ERR(epoll_ctl(efd, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
    EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, hole, &ev), EBADF);
    EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev), ENOENT);
    TRY(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
    EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), EEXIST);
    EXPECT(epoll_wait(ep, evs, 4, 0), 0);
    EXPECT_ERR(epoll_wait(ep, evs, 0, 0), EINVAL);
    EXPECT_ERR(epoll_wait(ep, (struct epoll_event *)bad, 4, 0), EFAULT);
    EXPECT_ERR(epoll_wait(efd, evs, 4, 0), EINVAL);
    TRY(epoll_ctl(ep, EPOLL_CTL_DEL, efd, 0));

    // Ready: the directory and the file (no poll hook: always), and the
    // unopened fd (POLLNVAL).
    for (k = 0; k < 8; k++)
      pfds[k] = (struct pollfd){ polled[k], POLLIN, 0 };
    EXPECT(poll(pfds, 8, 0), 3);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    FD_SET(fd, &rs);
    EXPECT(select(fd + 1, &rs, 0, 0, &tv), 1);
    FD_SET(hole, &rs);
    EXPECT_ERR(select(hole + 1, &rs, 0, 0, &tv), EBADF);

    EXPECT_ERR(openat(p[0], "x", O_RDONLY), ENOTDIR);
    TRY(close(TRY(openat(dir, ".", O_RDONLY))));
    EXPECT_ERR(mkdirat(p[0], "x", 0755), ENOTDIR);
    EXPECT_ERR(unlinkat(dir, "ut_fdget_none", 0), ENOENT);
    EXPECT_ERR(linkat(dir, "ut_fdget_none", p[0], "x", 0), ENOENT);
    EXPECT_ERR(linkat(p[0], "", dir, "ut_fdget_l", AT_EMPTY_PATH), EXDEV);
    EXPECT_ERR(faccessat(p[0], "x", F_OK, 0), ENOTDIR);
    TRY(fstatat(fd, "", &st, AT_EMPTY_PATH));
    EXPECT_ERR(fstatat(p[0], "x", &st, 0), ENOTDIR);
  }

  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(close(efd));
  TRY(close(ep));
  TRY(close(dir));
  TRY(close(fd));
  TRY(close(tfd));
  TRY(unlink("ut_fdget"));
  TRY(memstat(&after));
  EXPECT(after.files_live, before.files_live);
  EXPECT(after.kmalloc_live, before.kmalloc_live);
}

static char preopen[NOFILE];    // fd_max: was this fd open before?

// NOFILE_SOFT fds per process, and NOFILE once the soft limit is
// raised: dup until EMFILE, after exactly as many as were free; open and
// pipe fail the same way, leaving nothing behind; a fork copies the full
// table; closing them all frees every one.
static void
fd_max(void)
{
  struct memstat before, after;
  int fd, n, nopen = 0, p[2], pid;

  for (fd = 0; fd < NOFILE; fd++) {
    preopen[fd] = is_open(fd);
    nopen += preopen[fd];
  }
  for (n = 0; dup(0) >= 0; n++)
    ;
  EXPECT_ERR(dup(0), EMFILE);
  EXPECT(n, NOFILE_SOFT - nopen);
  all_fds();
  for (; dup(0) >= 0; n++)
    ;
  EXPECT_ERR(dup(0), EMFILE);
  EXPECT(n, NOFILE - nopen);
  EXPECT_ERR(open("/", O_RDONLY), EMFILE);
  TRY(memstat(&before));
  EXPECT_ERR(pipe(p), EMFILE);
  TRY(close(NOFILE - 1));
  EXPECT_ERR(pipe(p), EMFILE);          // one free fd is not enough
  TRY(memstat(&after));
  EXPECT(after.files_live, before.files_live);
  EXPECT(dup(0), NOFILE - 1);

  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(fcntl(NOFILE - 1, F_GETFD), 0);
    EXPECT_ERR(dup(0), EMFILE);
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);

  for (fd = 0; fd < NOFILE; fd++)
    if (!preopen[fd])
      TRY(close(fd));
  for (fd = 0; fd < NOFILE; fd++)
    EXPECT(is_open(fd), preopen[fd]);
}

// close-on-exec: after exec, FD_CLOEXEC fds are closed (however the flag
// was set) and the others stay open. usertests --child-fds checks from
// inside the new program and exits with the number of the first wrong fd.
static void
cloexec(void)
{
  static char *argv[16];
  static char args[16][16];
  int fds[8], open_after[8], n = 0, i, p[2], st;
  char sb[32];

  fds[n] = TRY(open("/", O_RDONLY | O_CLOEXEC));
  open_after[n++] = 0;
  fds[n] = TRY(open("/", O_RDONLY));
  open_after[n++] = 1;
  fds[n] = TRY(dup(fds[1]));
  TRY(fcntl(fds[n], F_SETFD, FD_CLOEXEC));
  open_after[n++] = 0;
  fds[n] = TRY(dup3(fds[1], 40, O_CLOEXEC));
  open_after[n++] = 0;
  fds[n] = TRY(dup(fds[0]));            // dup of a cloexec fd: not cloexec
  open_after[n++] = 1;
  TRY(pipe2(p, O_CLOEXEC));
  fds[n] = p[0];
  open_after[n++] = 0;
  fds[n] = p[1];
  open_after[n++] = 0;
  fds[n] = REPORT_FD;
  open_after[n++] = 0;

  argv[0] = "usertests";
  argv[1] = "--child-fds";
  for (i = 0; i < n; i++) {
    snprintf(args[i], sizeof args[i], "%c%d", open_after[i] ? 'o' : 'c',
             fds[i]);
    argv[i + 2] = args[i];
  }
  argv[n + 2] = 0;
  st = exec_status("/usertests", argv);
  if (st != 0 && WIFEXITED(st) && WEXITSTATUS(st) <= n)
    fail(__FILE__, __LINE__, "fd %d after exec, expected %s, got %s",
         fds[WEXITSTATUS(st) - 1],
         open_after[WEXITSTATUS(st) - 1] ? "open" : "closed",
         open_after[WEXITSTATUS(st) - 1] ? "closed" : "open");
  if (st != 0)
    fail(__FILE__, __LINE__, "usertests --child-fds, expected exit 0, got %s",
         showstatus(sb, sizeof sb, st));
  for (i = 0; i < n; i++)
    EXPECT(is_open(fds[i]), 1);         // exec in a child changed nothing here
}

/* ---- pipes -------------------------------------------------------------- */

#define NWRITERS 4
#define NRECORDS 300

struct record {
  unsigned int writer, seq, check, pad;
};

static unsigned int
record_check(unsigned int writer, unsigned int seq)
{
  return writer * 7919u ^ seq * 104729u ^ 0x5a5a5a5au;
}

static void
pipe_writer(int fd, int w)
{
  static struct record batch[16];
  unsigned int seq = 0;
  int i, k;

  while (seq < NRECORDS) {
    k = 1 + seq % 16;
    if (seq + k > NRECORDS)
      k = NRECORDS - seq;
    for (i = 0; i < k; i++) {
      batch[i].writer = w;
      batch[i].seq = seq + i;
      batch[i].check = record_check(w, seq + i);
      batch[i].pad = ~batch[i].check;
    }
    EXPECT(write(fd, batch, k * sizeof batch[0]), k * sizeof batch[0]);
    seq += k;
  }
}

// pipe(7): several writers, one reader. Writes of at most PIPE_BUF bytes
// are atomic, so every record arrives whole, each writer's in order, and
// EOF comes once all writers are gone.
//
//   writer 0 ..3 --batches of 1..16 records--> p --100-byte reads--> case
static void
pipe_writers(void)
{
  static struct record r;
  unsigned int next[NWRITERS] = { 0 };
  int p[2], w, pid, st, have = 0;
  long n, i;

  TRY(pipe(p));
  for (w = 0; w < NWRITERS; w++) {
    pid = TRY(fork());
    if (pid == 0) {
      TRY(close(p[0]));
      pipe_writer(p[1], w);
      exit(0);
    }
  }
  TRY(close(p[1]));
  while ((n = read(p[0], buf, 100)) > 0) {
    for (i = 0; i < n; i++) {
      ((char *)&r)[have++] = buf[i];
      if (have < sizeof r)
        continue;
      have = 0;
      CHECK(r.writer < NWRITERS);
      EXPECT(r.seq, next[r.writer]);
      EXPECT(r.check, record_check(r.writer, r.seq));
      EXPECT(r.pad, ~r.check);
      next[r.writer]++;
    }
  }
  EXPECT(n, 0);
  EXPECT(have, 0);
  for (w = 0; w < NWRITERS; w++) {
    EXPECT(next[w], NRECORDS);
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }
}

// pipe(7): a reader blocked on an empty pipe sees EOF (0) when the last
// writer goes away, and again on every later read.
static void
pipe_eof(void)
{
  int p[2], go[2], pid;
  char c;

  TRY(pipe(p));
  TRY(pipe(go));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(p[0]));
    TRY(close(go[1]));
    EXPECT(write(p[1], "hello", 5), 5);
    EXPECT(read(go[0], &c, 1), 0);      // until the parent closes go[1]
    exit(0);
  }
  TRY(close(p[1]));
  TRY(close(go[0]));
  EXPECT(read(p[0], buf, sizeof buf), 5);
  TRY(close(go[1]));                    // the child exits, closing p[1]
  EXPECT(read(p[0], buf, sizeof buf), 0);
  EXPECT(read(p[0], buf, sizeof buf), 0);
  EXPECT_EXIT(REAP(pid), 0);
}

// pipe(7): writing with no reader left sends SIGPIPE, which ends the
// writer by default; with SIGPIPE ignored, the write gives EPIPE. A
// writer blocked on a full pipe is released when the last reader closes.
static void
pipe_epipe(void)
{
  int p[2], pid;
  long r, len = 1L << 20;
  char c;

  TRY(pipe(p));
  TRY(close(p[0]));
  pid = TRY(fork());
  if (pid == 0) {
    write(p[1], "x", 1);
    exit(0);
  }
  EXPECT_DIED(REAP(pid), SIGPIPE);
  signal(SIGPIPE, SIG_IGN);
  EXPECT_ERR(write(p[1], "x", 1), EPIPE);
  TRY(close(p[1]));

  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    char *big = alloc(len);
    TRY(close(p[0]));
    r = write(p[1], big, len);
    if (r != -1)
      CHECK(r > 0 && r < len);
    else
      EXPECT_ERR(r, EPIPE);
    EXPECT_ERR(write(p[1], "x", 1), EPIPE);
    exit(0);
  }
  TRY(close(p[1]));
  EXPECT(read(p[0], &c, 1), 1);         // the writer has started
  TRY(close(p[0]));
  EXPECT_EXIT(REAP(pid), 0);
}

// O_NONBLOCK pipes: reading an empty one and writing a full one give
// EAGAIN; it holds at least PIPESIZE bytes, all of which come back.
static void
pipe_nonblock(void)
{
  int p[2];
  long r, total = 0, got = 0;

  TRY(pipe2(p, O_NONBLOCK));
  EXPECT_ERR(read(p[0], buf, 1), EAGAIN);
  for (;;) {
    fill_pattern(buf, total, 512, 3);
    r = write(p[1], buf, 512);
    if (r < 0)
      break;
    total += r;
    CHECK(total <= 1L << 20);
  }
  EXPECT_ERR(r, EAGAIN);
  CHECK(total >= PIPESIZE);
  EXPECT_ERR(write(p[1], "x", 1), EAGAIN);
  while ((r = read(p[0], buf, 700)) > 0) {
    EXPECT(check_pattern(buf, got, r, 3), -1);
    got += r;
  }
  EXPECT_ERR(r, EAGAIN);
  EXPECT(got, total);
  EXPECT(write(p[1], "x", 1), 1);       // room again
  TRY(close(p[1]));
  EXPECT(read(p[0], buf, 10), 1);
  EXPECT(read(p[0], buf, 10), 0);       // EOF, not EAGAIN
}

// pipe2(2): O_NONBLOCK sets both ends' open files, O_CLOEXEC both fds;
// other flags give EINVAL and no fds.
static void
pipe2_flags(void)
{
  int p[2], free_fd;

  TRY(pipe2(p, O_NONBLOCK));
  EXPECT(TRY(fcntl(p[0], F_GETFL)) & (O_ACCMODE | O_NONBLOCK),
         O_RDONLY | O_NONBLOCK);
  EXPECT(TRY(fcntl(p[1], F_GETFL)) & (O_ACCMODE | O_NONBLOCK),
         O_WRONLY | O_NONBLOCK);
  EXPECT(fcntl(p[0], F_GETFD), 0);
  EXPECT(fcntl(p[1], F_GETFD), 0);
  TRY(close(p[0]));
  TRY(close(p[1]));

  TRY(pipe2(p, O_CLOEXEC));
  EXPECT(fcntl(p[0], F_GETFD), FD_CLOEXEC);
  EXPECT(fcntl(p[1], F_GETFD), FD_CLOEXEC);
  EXPECT(TRY(fcntl(p[0], F_GETFL)) & O_NONBLOCK, 0);
  TRY(close(p[0]));
  TRY(close(p[1]));

  TRY(pipe2(p, O_CLOEXEC | O_NONBLOCK));
  EXPECT(fcntl(p[1], F_GETFD), FD_CLOEXEC);
  EXPECT(TRY(fcntl(p[1], F_GETFL)) & O_NONBLOCK, O_NONBLOCK);
  TRY(close(p[0]));
  TRY(close(p[1]));

  free_fd = lowest_free(0);
  p[0] = p[1] = -5;
  EXPECT_ERR(pipe2(p, O_TRUNC), EINVAL);
  EXPECT_ERR(pipe2(p, O_APPEND | O_NONBLOCK), EINVAL);
  EXPECT_ERR(pipe2(p, 0x40000000), EINVAL);
  EXPECT(p[0], -5);
  EXPECT(lowest_free(0), free_fd);
}

// A pipe's read end cannot write and its write end cannot read: EBADF.
// Reads and writes of 0 bytes return 0 at once, even on an empty pipe.
static void
pipe_ends(void)
{
  int p[2];
  struct stat st;

  TRY(pipe(p));
  EXPECT_ERR(read(p[1], buf, 1), EBADF);
  EXPECT_ERR(write(p[0], "x", 1), EBADF);
  EXPECT(read(p[0], buf, 0), 0);
  EXPECT(write(p[1], buf, 0), 0);
  EXPECT(read(p[0], buf, 0), 0);
  EXPECT(write(p[1], "abc", 3), 3);
  EXPECT(read(p[0], buf, 0), 0);
  EXPECT(read(p[0], buf, sizeof buf), 3);
  TRY(fstat(p[0], &st));
  CHECK(S_ISFIFO(st.st_mode));
  TRY(fstat(p[1], &st));
  CHECK(S_ISFIFO(st.st_mode));
}

// pipe(7): a write far larger than the pipe completes in full while a
// reader drains it, and the data arrives intact.
static void
pipe_big(void)
{
  static const int sizes[] = { 1, 1000, 4096, 7, 3000, 8192 };
  long len = 256 * 1024, total = 0, n;
  char *in;
  int p[2], pid, i = 0;

  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    char *out = alloc(len);
    TRY(close(p[0]));
    fill_pattern(out, 0, len, 4);
    EXPECT(write(p[1], out, len), len);
    exit(0);
  }
  TRY(close(p[1]));
  in = alloc(len + 8192);
  while ((n = read(p[0], in + total, sizes[i++ % NELEM(sizes)])) > 0)
    total += n;
  EXPECT(n, 0);
  EXPECT(total, len);
  EXPECT(check_pattern(in, 0, len, 4), -1);
  EXPECT_EXIT(REAP(pid), 0);
}

// Many processes blocked reading one pipe: each byte written wakes a
// reader, and closing the write end releases all that are left.
static void
pipe_readers(void)
{
  enum { N = 8 };
  int p[2], ready[2], i, st, phase;
  char c;

  for (phase = 0; phase < 2; phase++) {
    TRY(pipe(p));
    TRY(pipe(ready));
    for (i = 0; i < N; i++) {
      if (TRY(fork()) == 0) {
        TRY(close(p[1]));
        EXPECT(write(ready[1], "r", 1), 1);
        EXPECT(read(p[0], &c, 1), phase == 0 ? 1 : 0);
        exit(0);
      }
    }
    for (i = 0; i < N; i++)
      await_ready(ready[0]);
    nap(20);                            // let them block in read
    if (phase == 0)
      EXPECT(write(p[1], "abcdefgh", N), N);
    TRY(close(p[1]));
    for (i = 0; i < N; i++) {
      CHECK(wait(&st) > 0);
      EXPECT_EXIT(st, 0);
    }
    TRY(close(p[0]));
    TRY(close(ready[0]));
    TRY(close(ready[1]));
  }
}

/* ---- file system -------------------------------------------------------- */

// open(2) O_CREAT, write, read back, fstat, unlink; after unlink the name
// is gone (ENOENT).
static void
fs_basic(void)
{
  int fd;

  unlink("ut_basic");
  fd = TRY(open("ut_basic", O_CREAT | O_RDWR, 0644));
  EXPECT(file_size(fd), 0);
  fill_pattern(buf, 0, 1500, 5);
  EXPECT(write(fd, buf, 1500), 1500);
  EXPECT(file_size(fd), 1500);
  EXPECT(read(fd, buf, 10), 0);         // the offset is at the end
  TRY(close(fd));

  fd = TRY(open("ut_basic", O_CREAT | O_RDONLY, 0644));   // kept, not emptied
  memset(buf, 0, sizeof buf);
  EXPECT(read(fd, buf, 1000), 1000);
  EXPECT(read(fd, buf + 1000, 2000), 500);
  EXPECT(read(fd, buf, 10), 0);
  EXPECT(check_pattern(buf, 0, 1500, 5), -1);
  TRY(close(fd));

  EXPECT(unlink("ut_basic"), 0);
  EXPECT_ERR(open("ut_basic", O_RDONLY), ENOENT);
  EXPECT_ERR(unlink("ut_basic"), ENOENT);
}

// O_TRUNC empties a file; writing without O_APPEND starts at offset 0;
// O_APPEND writes always go to the end.
static void
fs_trunc_append(void)
{
  int fd, a, b;

  write_file("ut_ta", "hello world");
  fd = TRY(open("ut_ta", O_WRONLY));
  EXPECT(write(fd, "J", 1), 1);
  TRY(close(fd));
  EXPECT_STR(read_file("ut_ta", buf, sizeof buf), "Jello world");

  fd = TRY(open("ut_ta", O_WRONLY | O_TRUNC));
  EXPECT(file_size(fd), 0);
  EXPECT(write(fd, "hi", 2), 2);
  TRY(close(fd));
  EXPECT_STR(read_file("ut_ta", buf, sizeof buf), "hi");

  a = TRY(open("ut_ta", O_WRONLY | O_APPEND));
  b = TRY(open("ut_ta", O_WRONLY | O_APPEND));
  EXPECT(write(a, "1", 1), 1);
  EXPECT(write(b, "2", 1), 1);
  EXPECT(write(a, "3", 1), 1);
  TRY(close(a));
  TRY(close(b));
  EXPECT_STR(read_file("ut_ta", buf, sizeof buf), "hi123");
  TRY(unlink("ut_ta"));
}

// open(2) errors: EEXIST (O_CREAT|O_EXCL), ENOTDIR, EISDIR (a directory
// opened for writing, or with O_TRUNC, which Linux counts as writing),
// ENOENT, and EBADF for reading a write-only fd and the reverse.
static void
fs_open_errors(void)
{
  int fd;

  unlink("ut_oe");
  fd = TRY(open("ut_oe", O_CREAT | O_EXCL | O_WRONLY, 0644));
  EXPECT_ERR(read(fd, buf, 1), EBADF);
  TRY(close(fd));
  EXPECT_ERR(open("ut_oe", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  EXPECT_ERR(open("/", O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
  fd = TRY(open("ut_oe", O_RDONLY));
  EXPECT_ERR(write(fd, "x", 1), EBADF);
  TRY(close(fd));

  EXPECT_ERR(open("ut_oe", O_RDONLY | O_DIRECTORY), ENOTDIR);
  fd = TRY(open("/", O_RDONLY | O_DIRECTORY));
  TRY(close(fd));
  EXPECT_ERR(open("/", O_WRONLY), EISDIR);
  EXPECT_ERR(open("/", O_RDWR), EISDIR);
  EXPECT_ERR(open("/", O_RDONLY | O_TRUNC), EISDIR);   // O_TRUNC writes
  EXPECT_ERR(open("ut_missing", O_RDONLY), ENOENT);
  EXPECT_ERR(open("ut_missing/x", O_RDONLY), ENOENT);
  EXPECT_ERR(open("ut_missing/x", O_CREAT | O_RDWR, 0644), ENOENT);
  EXPECT_ERR(open("ut_oe/x", O_RDONLY), ENOTDIR);
  EXPECT_ERR(open("ut_oe/x", O_CREAT | O_RDWR, 0644), ENOTDIR);
  EXPECT_ERR(open("", O_RDONLY), ENOENT);
  TRY(unlink("ut_oe"));
}

// unlink(2) of an open file removes the name only: the open file keeps
// its data until the last close, and the name can be made anew.
static void
fs_unlink_open(void)
{
  int w, r, fd;
  struct stat st;

  w = TRY(open("ut_uo", O_CREAT | O_TRUNC | O_WRONLY, 0644));
  r = TRY(open("ut_uo", O_RDONLY));
  TRY(unlink("ut_uo"));
  EXPECT_ERR(open("ut_uo", O_RDONLY), ENOENT);
  EXPECT(write(w, "still here", 10), 10);
  EXPECT(read(r, buf, sizeof buf), 10);
  buf[10] = 0;
  EXPECT_STR(buf, "still here");
  TRY(fstat(r, &st));
  EXPECT(st.st_nlink, 0);
  fd = TRY(open("ut_uo", O_CREAT | O_RDWR, 0644));
  EXPECT(file_size(fd), 0);
  TRY(close(fd));
  TRY(close(w));
  TRY(close(r));
  TRY(unlink("ut_uo"));
}

// A file of more than 1 MiB reaches the doubly indirect block (past
// NDIRECT + 256 blocks) and reads back exactly.
static void
fs_bigfile(void)
{
  enum { CHUNK = 4096, SEED = 10 };
  long size = 1536L * 1024, off, n;
  char *b = alloc(CHUNK + 16);
  int fd;

  fd = TRY(open("ut_big", O_CREAT | O_TRUNC | O_WRONLY, 0644));
  for (off = 0; off < size; off += CHUNK) {
    fill_pattern(b, off, CHUNK, SEED);
    EXPECT(write(fd, b, CHUNK), CHUNK);
  }
  EXPECT(file_size(fd), size);
  TRY(close(fd));

  fd = TRY(open("ut_big", O_RDONLY));
  for (off = 0; off < size; off += n) {
    n = read(fd, b, 3001);              // not block-aligned on purpose
    CHECK(n > 0);
    if (check_pattern(b, off, n, SEED) != -1)
      fail(__FILE__, __LINE__, "ut_big at offset %ld, expected the "
           "pattern, got other bytes", off + check_pattern(b, off, n, SEED));
  }
  EXPECT(off, size);
  EXPECT(read(fd, b, 1), 0);
  TRY(close(fd));
  TRY(unlink("ut_big"));
}

// 200 files in one directory: made, read back, removed; the directory is
// empty after (unlink succeeds).
static void
fs_manyfiles(void)
{
  enum { N = 200 };
  char name[16];
  int i, fd, v;

  TRY(mkdir("ut_many", 0755));
  TRY(chdir("ut_many"));
  for (i = 0; i < N; i++) {
    snprintf(name, sizeof name, "f%03d", i);
    fd = TRY(open(name, O_CREAT | O_EXCL | O_WRONLY, 0644));
    EXPECT(write(fd, &i, sizeof i), sizeof i);
    TRY(close(fd));
  }
  for (i = 0; i < N; i++) {
    snprintf(name, sizeof name, "f%03d", i);
    fd = TRY(open(name, O_RDONLY));
    EXPECT(read(fd, &v, sizeof v), sizeof v);
    EXPECT(v, i);
    TRY(close(fd));
  }
  for (i = 0; i < N; i++) {
    snprintf(name, sizeof name, "f%03d", i);
    TRY(unlink(name));
  }
  TRY(chdir(".."));
  EXPECT(rmdir("ut_many"), 0);
}

// mkdir(2): many directories side by side and a deep chain; EEXIST,
// ENOENT and ENOTDIR; ".." of the root is the root.
static void
fs_dirs(void)
{
  enum { WIDE = 40, DEEP = 30 };
  static char path[MAXPATH];
  struct stat a, b;
  char name[32];
  int i, fd, len;

  TRY(mkdir("ut_dirs", 0755));
  EXPECT_ERR(mkdir("ut_dirs", 0755), EEXIST);
  EXPECT_ERR(mkdir("/", 0755), EEXIST);
  EXPECT_ERR(mkdir("ut_missing/x", 0755), ENOENT);
  write_file("ut_dirs/file", "f");
  EXPECT_ERR(mkdir("ut_dirs/file/x", 0755), ENOTDIR);
  EXPECT_ERR(mkdir("ut_dirs/file", 0755), EEXIST);

  for (i = 0; i < WIDE; i++) {
    snprintf(name, sizeof name, "ut_dirs/d%02d", i);
    TRY(mkdir(name, 0755));
    snprintf(name, sizeof name, "ut_dirs/d%02d/f", i);
    write_file(name, name);
  }
  for (i = 0; i < WIDE; i++) {
    snprintf(name, sizeof name, "ut_dirs/d%02d/f", i);
    EXPECT_STR(read_file(name, buf, sizeof buf), name);
    TRY(unlink(name));
    snprintf(name, sizeof name, "ut_dirs/d%02d", i);
    TRY(rmdir(name));
  }

  strcpy(path, "ut_dirs");
  for (i = 0; i < DEEP; i++) {
    strcat(path, "/d");
    TRY(mkdir(path, 0755));
  }
  len = strlen(path);
  strcat(path, "/f");
  write_file(path, "deep");
  TRY(chdir("ut_dirs"));
  for (i = 0; i < DEEP; i++)
    TRY(chdir("d"));
  EXPECT_STR(read_file("f", buf, sizeof buf), "deep");
  for (i = 0; i < DEEP; i++)
    TRY(chdir(".."));
  TRY(chdir(".."));
  EXPECT_STR(read_file(path, buf, sizeof buf), "deep");
  TRY(unlink(path));
  for (path[len] = 0; len > 7; path[len] = 0) {
    TRY(rmdir(path));
    len -= 2;
  }
  TRY(unlink("ut_dirs/file"));
  TRY(rmdir("ut_dirs"));

  fd = TRY(open("/", O_RDONLY));
  TRY(fstat(fd, &a));
  TRY(close(fd));
  fd = TRY(open("/..", O_RDONLY));
  TRY(fstat(fd, &b));
  TRY(close(fd));
  EXPECT(b.st_ino, a.st_ino);
  CHECK(S_ISDIR(a.st_mode));
}

// rmdir(2): ENOTEMPTY while a directory holds entries, EINVAL for ".",
// success once empty; unlink(2) of a directory is EISDIR.
static void
fs_notempty(void)
{
  TRY(mkdir("ut_ne", 0755));
  write_file("ut_ne/f", "x");
  EXPECT_ERR(rmdir("ut_ne"), ENOTEMPTY);
  EXPECT_ERR(rmdir("ut_ne/."), EINVAL);
  EXPECT_ERR(unlink("ut_ne"), EISDIR);
  TRY(mkdir("ut_ne/sub", 0755));
  TRY(unlink("ut_ne/f"));
  EXPECT_ERR(rmdir("ut_ne"), ENOTEMPTY);
  TRY(rmdir("ut_ne/sub"));
  EXPECT(rmdir("ut_ne"), 0);
  EXPECT_ERR(chdir("ut_ne"), ENOENT);
}

// link(2): two names, one inode; st_nlink counts them; EEXIST, ENOENT,
// and EPERM for a directory.
static void
fs_link(void)
{
  struct stat a, b;
  int fd1, fd2;

  write_file("ut_l1", "linked");
  TRY(link("ut_l1", "ut_l2"));
  fd1 = TRY(open("ut_l1", O_RDONLY));
  fd2 = TRY(open("ut_l2", O_RDONLY));
  TRY(fstat(fd1, &a));
  TRY(fstat(fd2, &b));
  EXPECT(a.st_ino, b.st_ino);
  EXPECT(a.st_nlink, 2);
  EXPECT_STR(read_file("ut_l2", buf, sizeof buf), "linked");
  EXPECT_ERR(link("ut_l1", "ut_l2"), EEXIST);
  EXPECT_ERR(link("ut_missing", "ut_l3"), ENOENT);
  EXPECT_ERR(link("ut_l1", "ut_missing/x"), ENOENT);
  TRY(mkdir("ut_ld", 0755));
  EXPECT_ERR(link("ut_ld", "ut_l3"), EPERM);
  TRY(rmdir("ut_ld"));

  TRY(unlink("ut_l1"));
  TRY(fstat(fd2, &b));
  EXPECT(b.st_nlink, 1);
  EXPECT_STR(read_file("ut_l2", buf, sizeof buf), "linked");
  TRY(unlink("ut_l2"));
  TRY(fstat(fd1, &a));
  EXPECT(a.st_nlink, 0);
  TRY(close(fd1));
  TRY(close(fd2));
}

// chdir(2): relative paths start from the new directory; ENOTDIR for a
// file, ENOENT for nothing.
static void
fs_chdir(void)
{
  TRY(mkdir("ut_cd", 0755));
  write_file("ut_cd/f", "in ut_cd");
  EXPECT_ERR(chdir("ut_cd/f"), ENOTDIR);
  EXPECT_ERR(chdir("ut_cd/missing"), ENOENT);
  TRY(chdir("ut_cd"));
  EXPECT_STR(read_file("f", buf, sizeof buf), "in ut_cd");
  write_file("g", "made here");
  TRY(chdir(".."));
  EXPECT_STR(read_file("ut_cd/g", buf, sizeof buf), "made here");
  TRY(chdir("ut_cd/."));
  TRY(unlink("f"));
  TRY(unlink("g"));
  TRY(chdir(".."));
  TRY(rmdir("ut_cd"));
}

// A removed directory takes no new names (Linux: ENOENT, IS_DEADDIR):
// once a process's cwd is unlinked, creating in it must fail, or the new
// inode would be named only by a directory about to be freed, and leak
// on disk. Lookups of "." and ".." still work.
static void
fs_removed_cwd(void)
{
  int fd;

  TRY(mkdir("ut_gone", 0755));
  TRY(chdir("ut_gone"));
  TRY(rmdir("../ut_gone"));
  EXPECT_ERR(open("f", O_CREAT | O_RDWR, 0644), ENOENT);
  EXPECT_ERR(mkdir("d", 0755), ENOENT);
  EXPECT_ERR(mknod("n", S_IFCHR, makedev(CONSOLE, 0)), ENOENT);
  EXPECT_ERR(link("/usertests", "l"), ENOENT);
  EXPECT_ERR(open("f", O_RDONLY), ENOENT);
  fd = TRY(open(".", O_RDONLY));
  TRY(close(fd));
  TRY(chdir(".."));
  EXPECT_ERR(open("ut_gone", O_RDONLY), ENOENT);
}

// fstat(2): sizes and 512-byte block counts as a file grows past its
// direct blocks (11 KiB) into its singly indirect block; the modes of
// files, directories, pipes, eventfds, epolls and the console device
// (the last three as Linux gives them: S_IFIFO | 0600, 0600 with no type
// bits, and the console's makedev(CONSOLE, 0)); the console's O_NONBLOCK.
static void
fs_fstat(void)
{
  struct stat st;
  int fd, p[2];

  fd = TRY(open("ut_st", O_CREAT | O_TRUNC | O_RDWR, 0644));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFREG | 0644);
  EXPECT(st.st_size, 0);
  EXPECT(st.st_nlink, 1);
  EXPECT(st.st_blocks, 0);
  EXPECT(st.st_blksize, 1024);
  EXPECT(st.st_rdev, 0);
  EXPECT(write(fd, buf, 10), 10);
  EXPECT(file_size(fd), 10);
  TRY(fstat(fd, &st));
  EXPECT(st.st_blocks, 2);
  EXPECT(write(fd, buf, 1020), 1020);
  EXPECT(file_size(fd), 1030);
  TRY(fstat(fd, &st));
  EXPECT(st.st_blocks, 4);
  while (file_size(fd) < 11 * 1024 + 1)
    EXPECT(write(fd, buf, 1024), 1024);
  TRY(fstat(fd, &st));
  EXPECT(st.st_blocks, (12 + 1) * 2);           // and the indirect block
  EXPECT(st.st_atime | st.st_mtime | st.st_ctime, 0);
  TRY(close(fd));
  TRY(unlink("ut_st"));

  fd = TRY(open("/", O_RDONLY));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFDIR | 0755);
  CHECK(st.st_size > 0);
  EXPECT(st.st_blocks, (st.st_size + 1023) / 1024 * 2);
  TRY(close(fd));

  fd = TRY(open("/console", O_RDWR));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFCHR | 0666);
  EXPECT(st.st_rdev, makedev(CONSOLE, 0));
  EXPECT(major(st.st_rdev), CONSOLE);
  TRY(close(fd));

  fd = TRY(eventfd(0, 0));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, 0600);
  EXPECT(st.st_nlink, 1);
  EXPECT(st.st_blksize, PGSIZE);
  TRY(close(fd));
  fd = TRY(epoll_create1(0));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, 0600);
  TRY(close(fd));

  // Nothing is typed while tests run (tests/qemu-run types only at a
  // prompt): a non-blocking read of the terminal is EAGAIN, as on Linux,
  // not a sleep until a line comes.
  fd = TRY(open("/console", O_RDWR | O_NONBLOCK));
  EXPECT_ERR(read(fd, buf, 1), EAGAIN);
  TRY(close(fd));

  TRY(pipe(p));
  TRY(fstat(p[0], &st));
  EXPECT(st.st_mode, S_IFIFO | 0600);
  TRY(fstat(p[1], &st));
  EXPECT(st.st_mode, S_IFIFO | 0600);
  EXPECT(st.st_nlink, 1);
}

// struct stat is Linux riscv64's (asm-generic/stat.h): 128 bytes, its
// fields where Linux has them, and fstat writes exactly those 128 bytes:
// one byte short of room at the end of memory is EFAULT.
static void
stat_layout(void)
{
  struct stat *st;
  unsigned char *b;
  int i;

  EXPECT(sizeof(struct stat), 128);
  EXPECT(offsetof(struct stat, st_mode), 16);
  EXPECT(offsetof(struct stat, st_rdev), 32);
  EXPECT(offsetof(struct stat, st_size), 48);
  EXPECT(offsetof(struct stat, st_blksize), 56);
  EXPECT(offsetof(struct stat, st_blocks), 64);
  EXPECT(offsetof(struct stat, st_atime), 72);
  EXPECT(offsetof(struct stat, st_ctime_nsec), 112);

  b = (unsigned char *)buf;
  memset(b, 0xa5, 256);
  TRY(fstat(0, (struct stat *)b));
  for (i = 128; i < 256; i++)
    EXPECT(b[i], 0xa5);

  brk_align();
  alloc(PGSIZE);
  st = (struct stat *)(sbrk(0) - 128);
  TRY(fstat(0, st));
  EXPECT(st->st_mode, S_IFCHR | 0666);
  st = (struct stat *)(sbrk(0) - 127);
  EXPECT_ERR(fstat(0, st), EFAULT);
}

// mknod(2): a device node (makedev(major, minor), the type S_IFCHR)
// opens as the device and reports its number in st_rdev; mode 0 or
// S_IFREG makes a regular file; EEXIST for a taken name; a node for a
// major number with no driver makes, but opens with ENXIO.
static void
fs_mknod(void)
{
  static const int majors[] = { 15, 1000, 4095 };
  struct stat st;
  int fd, i;

  TRY(mknod("ut_cons", S_IFCHR | 0600, makedev(CONSOLE, 0)));
  EXPECT_ERR(mknod("ut_cons", S_IFCHR, makedev(CONSOLE, 0)), EEXIST);
  EXPECT_ERR(mknod("ut_cons", 0, 0), EEXIST);
  fd = TRY(open("ut_cons", O_WRONLY));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFCHR | 0666);
  EXPECT(st.st_rdev, makedev(CONSOLE, 0));
  EXPECT(write(fd, "", 0), 0);
  TRY(close(fd));
  TRY(unlink("ut_cons"));

  TRY(mknod("ut_reg", 0, makedev(CONSOLE, 0)));
  TRY(stat("ut_reg", &st));
  EXPECT(st.st_mode, S_IFREG | 0644);
  EXPECT(st.st_rdev, 0);
  EXPECT(st.st_size, 0);
  TRY(unlink("ut_reg"));
  TRY(mknod("ut_reg", S_IFREG | 0755, 0));
  TRY(stat("ut_reg", &st));
  EXPECT(st.st_mode, S_IFREG | 0644);
  TRY(unlink("ut_reg"));

  for (i = 0; i < NELEM(majors); i++) {
    TRY(mknod("ut_nodev", S_IFCHR, makedev(majors[i], 7)));
    TRY(stat("ut_nodev", &st));
    EXPECT(major(st.st_rdev), majors[i]);
    EXPECT(minor(st.st_rdev), 7);
    EXPECT_ERR(open("ut_nodev", O_RDWR), ENXIO);
    TRY(unlink("ut_nodev"));
  }
  TRY(mknod("ut_nodev", S_IFCHR, makedev(3, 0x7fff)));
  TRY(stat("ut_nodev", &st));
  EXPECT(minor(st.st_rdev), 0x7fff);
  TRY(unlink("ut_nodev"));
}

// Pinned difference: nudge's file system holds only files, directories
// and character devices with a minor number of 16 bits. mknod of a FIFO,
// socket or block device is EPERM, as from a Linux file system without
// them (after the name is checked: EEXIST first); a larger minor is
// EINVAL, as from Linux's minix or sysv. Linux would make all of them.
static void
linuxdiff_mknod_types(void)
{
  static const mode_t types[] = { S_IFIFO, S_IFSOCK, S_IFBLK };
  int i;

  for (i = 0; i < NELEM(types); i++) {
    EXPECT_ERR(mknod("ut_type", types[i] | 0644, 0), EPERM);
    EXPECT_ERR(mknod("/", types[i] | 0644, 0), EEXIST);
    EXPECT_ERR(stat("ut_type", &st_scratch), ENOENT);
  }
  EXPECT_ERR(mknod("ut_type", S_IFCHR, makedev(3, 0x8000)), EINVAL);
  EXPECT_ERR(mknod("ut_type", S_IFCHR, makedev(3, 0xfffff)), EINVAL);
  EXPECT_ERR(stat("ut_type", &st_scratch), ENOENT);
}

#define NCONC 4

// Four processes make and remove files in one directory at once: first
// each its own names (no error allowed), then all on the same eight names,
// as files or directories (only EEXIST, ENOENT, and unlink's EISDIR and
// rmdir's ENOTDIR for the other kind, allowed). Afterwards every name is
// there at most once and the directory can be removed.
static void
fs_concurrent(void)
{
  char name[16];
  int k, i, fd, r, st;

  TRY(mkdir("ut_conc", 0755));
  TRY(chdir("ut_conc"));
  for (k = 0; k < NCONC; k++) {
    if (TRY(fork()) == 0) {
      for (i = 0; i < 25; i++) {
        snprintf(name, sizeof name, "own%d_%d", k, i);
        fd = TRY(open(name, O_CREAT | O_EXCL | O_WRONLY, 0644));
        EXPECT(write(fd, name, 4), 4);
        TRY(close(fd));
      }
      for (i = 0; i < 25; i++) {
        snprintf(name, sizeof name, "own%d_%d", k, i);
        TRY(unlink(name));
      }
      exit(0);
    }
  }
  for (k = 0; k < NCONC; k++) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }

  for (k = 0; k < NCONC; k++) {
    if (TRY(fork()) == 0) {
      for (i = 0; i < 120; i++) {
        snprintf(name, sizeof name, "sh%d", (i * 7 + k) % 8);
        switch ((i + k) % 4) {
        case 0:
          fd = open(name, O_CREAT | O_EXCL | O_RDWR, 0644);
          if (fd >= 0)
            TRY(close(fd));
          else
            EXPECT_ERR(fd, EEXIST);
          break;
        case 1:
          r = mkdir(name, 0755);
          if (r != 0)
            EXPECT_ERR(r, EEXIST);
          break;
        case 2:
          r = unlink(name);
          if (r != 0)
            CHECK(errno == ENOENT || errno == EISDIR);
          break;
        default:
          r = rmdir(name);
          if (r != 0)
            CHECK(errno == ENOENT || errno == ENOTDIR);
        }
      }
      exit(0);
    }
  }
  for (k = 0; k < NCONC; k++) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }
  for (i = 0; i < 8; i++) {
    snprintf(name, sizeof name, "sh%d", i);
    r = unlink(name);
    if (r != 0 && errno == EISDIR)
      r = rmdir(name);
    if (r != 0)
      EXPECT_ERR(r, ENOENT);
    EXPECT_ERR(unlink(name), ENOENT);   // no second entry of that name
  }
  TRY(chdir(".."));
  EXPECT(rmdir("ut_conc"), 0);
}

/*
 * link(2): an inode has at most LINK_MAX names (nlink is 16 bits), so
 * the link that would make one more fails with EMLINK and adds no name;
 * unlinking the others brings nlink back to 1. LINK_MAX tries in all:
 * exactly one must fail. Each link scans every directory on its path,
 * one entry at a time, and commits to the log, so the names are spread
 * over LMAX_MIDS * LMAX_LEAVES small directories (one of 32767 names
 * would make every lookup crawl), and LMAX_WORKERS processes work at
 * once, each in its own directories, their transactions sharing commits.
 * Even so it takes about 4 minutes under QEMU: it runs only when named.
 *
 *   ut_lmax/f, ut_lmax/mM/lL/N    worker w: the mM with M % 4 == w
 */
#define LMAX_WORKERS 4
#define LMAX_MIDS 16
#define LMAX_LEAVES 16            // per mid directory
#define LMAX_PER_LEAF 128         // 16 * 16 * 128 = 32768 >= LINK_MAX
#define LMAX_PER_MID (LMAX_LEAVES * LMAX_PER_LEAF)

// Try i's name, relative to ut_lmax: "m3/l15/127".
static void
lmax_name(char *name, int size, int i)
{
  int leaf = i / LMAX_PER_LEAF;

  snprintf(name, size, "m%d/l%d/%d", leaf / LMAX_LEAVES, leaf % LMAX_LEAVES,
           i % LMAX_PER_LEAF);
}

// Worker w makes its directories and links f under each name in them;
// reports on fd the links made and the tries that failed (with EMLINK).
static void
lmax_link(int w, int fd)
{
  int i, r, counts[2] = { 0, 0 };
  char name[32];

  for (i = w * LMAX_PER_MID; i < LINK_MAX; i++) {
    if (i / LMAX_PER_MID % LMAX_WORKERS != w)
      continue;
    if (i % LMAX_PER_MID == 0) {
      snprintf(name, sizeof name, "m%d", i / LMAX_PER_MID);
      TRY(mkdir(name, 0755));
    }
    if (i % LMAX_PER_LEAF == 0) {
      lmax_name(name, sizeof name, i);
      *strrchr(name, '/') = 0;
      TRY(mkdir(name, 0755));
    }
    lmax_name(name, sizeof name, i);
    r = link("f", name);
    if (r == 0) {
      counts[0]++;
    } else {
      EXPECT_ERR(r, EMLINK);
      EXPECT_ERR(open(name, O_RDONLY), ENOENT);
      counts[1]++;
    }
  }
  EXPECT(write(fd, counts, sizeof counts), sizeof counts);
}

// Worker w removes its names (ENOENT for the try that failed: counted on
// fd) and directories, leaves before their mid directory.
static void
lmax_unlink(int w, int fd)
{
  int i, r, missing = 0;
  char name[32];

  for (i = LINK_MAX - 1; i >= 0; i--) {
    if (i / LMAX_PER_MID % LMAX_WORKERS != w)
      continue;
    lmax_name(name, sizeof name, i);
    r = unlink(name);
    if (r != 0) {
      EXPECT_ERR(r, ENOENT);
      missing++;
    }
    if (i % LMAX_PER_LEAF == 0) {
      *strrchr(name, '/') = 0;
      TRY(rmdir(name));
    }
    if (i % LMAX_PER_MID == 0) {
      snprintf(name, sizeof name, "m%d", i / LMAX_PER_MID);
      TRY(rmdir(name));
    }
  }
  EXPECT(write(fd, &missing, sizeof missing), sizeof missing);
}

// Runs fn in LMAX_WORKERS children; returns the sum of the ints each
// reported, per position (n of them).
static void
lmax_workers(void (*fn)(int, int), int *sum, int n)
{
  int p[2], w, i, got[2], st;

  TRY(pipe(p));
  for (w = 0; w < LMAX_WORKERS; w++) {
    if (TRY(fork()) == 0) {
      fn(w, p[1]);
      exit(0);
    }
  }
  for (i = 0; i < n; i++)
    sum[i] = 0;
  for (w = 0; w < LMAX_WORKERS; w++) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
    EXPECT(read(p[0], got, n * sizeof got[0]), n * sizeof got[0]);
    for (i = 0; i < n; i++)
      sum[i] += got[i];
  }
  TRY(close(p[0]));
  TRY(close(p[1]));
}

static void
link_max(void)
{
  struct stat st;
  int fd, linked[2], missing;

  TRY(mkdir("ut_lmax", 0755));
  TRY(chdir("ut_lmax"));
  write_file("f", "x");
  fd = TRY(open("f", O_RDONLY));
  lmax_workers(lmax_link, linked, 2);
  EXPECT(linked[0], LINK_MAX - 1);
  EXPECT(linked[1], 1);
  TRY(fstat(fd, &st));
  EXPECT(st.st_nlink, LINK_MAX);
  EXPECT_ERR(link("f", "extra"), EMLINK);
  EXPECT_ERR(open("extra", O_RDONLY), ENOENT);

  lmax_workers(lmax_unlink, &missing, 1);
  EXPECT(missing, 1);
  TRY(fstat(fd, &st));
  EXPECT(st.st_nlink, 1);
  TRY(close(fd));
  TRY(unlink("f"));
  TRY(chdir(".."));
  TRY(rmdir("ut_lmax"));
}

// Writes name (made empty first) until the disk is full; returns the
// bytes written. A write that cannot complete writes what fits, and the
// next one gives ENOSPC.
static long
fill_disk(const char *name, char *chunk, int size)
{
  long total = 0, r;
  int fd;

  fd = TRY(open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644));
  while ((r = write(fd, chunk, size)) > 0)
    total += r;
  EXPECT_ERR(r, ENOSPC);
  EXPECT_ERR(write(fd, chunk, 1), ENOSPC);
  EXPECT(file_size(fd), total);
  TRY(close(fd));
  return total;
}

#define NFILL 3

// A full disk: three processes fill it at once, each until ENOSPC; then
// writes and mkdir fail with ENOSPC. Freeing a 320 KiB file (320 data
// blocks and an indirect block) gives back exactly room for 320 KiB.
// Everything happens in ut_full, whose entries all exist before the disk
// fills, so no directory needs to grow.
//
//   case: small (320 KiB), late (empty), fill0..2 (empty)
//   fillers 0..2: fillK until ENOSPC --bytes written--> p --> case
//   case: late fails; unlink small; late gets exactly 320 KiB
static void
fs_full(void)
{
  enum { CHUNK = 16 * 1024, SMALL = 320 * 1024 };
  char *chunk = alloc(CHUNK);
  char name[16];
  long total = 0, got;
  int k, p[2], fd, st;

  memset(chunk, 'f', CHUNK);
  TRY(mkdir("ut_full", 0755));
  TRY(chdir("ut_full"));
  fd = TRY(open("small", O_CREAT | O_WRONLY, 0644));
  for (got = 0; got < SMALL; got += CHUNK)
    EXPECT(write(fd, chunk, CHUNK), CHUNK);
  TRY(close(fd));
  write_file("late", "");
  for (k = 0; k < NFILL; k++) {
    snprintf(name, sizeof name, "fill%d", k);
    write_file(name, "");
  }

  TRY(pipe(p));
  for (k = 0; k < NFILL; k++) {
    if (TRY(fork()) == 0) {
      snprintf(name, sizeof name, "fill%d", k);
      got = fill_disk(name, chunk, CHUNK);
      EXPECT(write(p[1], &got, sizeof got), sizeof got);
      exit(0);
    }
  }
  for (k = 0; k < NFILL; k++) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
    EXPECT(read(p[0], &got, sizeof got), sizeof got);
    total += got;
  }
  CHECK(total > 4L << 20);

  fd = TRY(open("late", O_WRONLY));
  EXPECT_ERR(write(fd, chunk, 1024), ENOSPC);
  TRY(close(fd));
  EXPECT_ERR(mkdir("dir", 0755), ENOSPC);
  TRY(unlink("small"));
  EXPECT(fill_disk("late", chunk, CHUNK), SMALL);
  EXPECT_ERR(mkdir("dir", 0755), ENOSPC);

  for (k = 0; k < NFILL; k++) {
    snprintf(name, sizeof name, "fill%d", k);
    TRY(unlink(name));
  }
  TRY(unlink("late"));
  TRY(mkdir("dir", 0755));              // no half-made "dir" was left
  TRY(rmdir("dir"));
  TRY(chdir(".."));
  TRY(rmdir("ut_full"));
}

/* ---- the file calls glibc needs ----------------------------------------- */

// Bad pointers are EFAULT, never a fault: an iovec array, a segment,
// getcwd's and getdents64's buffers, pread's, the paths of faccessat
// and readlinkat.
static void
files_efault(void)
{
  char *const k = high_kernel_addr;
  struct iovec kern = { k, 4 };
  int fd, d;

  fd = TRY(open("ut_fe", O_CREAT | O_TRUNC | O_RDWR, 0644));
  EXPECT(write(fd, "hello", 5), 5);
  d = TRY(open("/", O_RDONLY | O_DIRECTORY));
  EXPECT_ERR(readv(fd, (struct iovec *)k, 1), EFAULT);
  EXPECT_ERR(readv(fd, (struct iovec *)0, 1), EFAULT);
  EXPECT_ERR(writev(fd, &kern, 1), EFAULT);
  EXPECT_ERR(pread(fd, k, 1, 0), EFAULT);
  EXPECT_ERR(pwrite(fd, k, 1, 0), EFAULT);
  EXPECT_ERR(__sys_getcwd(k, 64), EFAULT);
  EXPECT_ERR(__sys_getcwd(0, 64), EFAULT);
  EXPECT_ERR(getdents64(d, k, 64), EFAULT);
  EXPECT_ERR(access(k, F_OK), EFAULT);
  EXPECT_ERR(readlink(k, buf, 64), EFAULT);
  EXPECT(lseek(fd, 0, SEEK_CUR), 5);            // nothing moved
  TRY(close(d));
  TRY(close(fd));
  TRY(unlink("ut_fe"));
}

// Bad whence, offsets, counts, sizes and modes are EINVAL.
static void
files_einval(void)
{
  struct iovec neg[1] = { { buf, (size_t)LONG_MAX + 1 } };
  int fd, d;

  fd = TRY(open("ut_fi", O_CREAT | O_TRUNC | O_RDWR, 0644));
  d = TRY(open("/", O_RDONLY | O_DIRECTORY));
  EXPECT_ERR(lseek(fd, 0, 5), EINVAL);
  EXPECT_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
  EXPECT_ERR(pread(fd, buf, 1, -1), EINVAL);
  EXPECT_ERR(pwrite(fd, buf, 1, LONG_MIN), EINVAL);
  EXPECT_ERR(readv(fd, neg, 1), EINVAL);
  EXPECT_ERR(getdents64(d, buf, 0), EINVAL);
  EXPECT_ERR(getdents64(d, buf, 8), EINVAL);
  EXPECT_ERR(access("/", 8), EINVAL);
  EXPECT_ERR(faccessat(AT_FDCWD, "/", F_OK, 1), EINVAL);
  EXPECT_ERR(readlink("/", buf, 0), EINVAL);
  EXPECT_ERR(readlink("/", buf, 64), EINVAL);   // no symbolic links
  EXPECT_ERR(fcntl(fd, F_DUPFD_CLOEXEC, -1), EINVAL);
  EXPECT_ERR(__sys_getcwd(buf, 1), ERANGE);
  TRY(close(d));
  TRY(close(fd));
  TRY(unlink("ut_fi"));
}

// readv(2), writev(2): IOV_MAX segments are fine, one more is EINVAL
// (as is a count negative as an int); 1024 one-byte segments move 1024
// bytes, in order.
static void
iov_limits(void)
{
  static struct iovec iov[IOV_MAX + 1];
  static char in[IOV_MAX], out[IOV_MAX];
  int fd, i;

  for (i = 0; i < IOV_MAX; i++) {
    out[i] = 'a' + i % 26;
    iov[i] = (struct iovec){ out + i, 1 };
  }
  iov[IOV_MAX] = iov[0];
  fd = TRY(open("ut_iov", O_CREAT | O_TRUNC | O_RDWR, 0644));
  EXPECT_ERR(writev(fd, iov, IOV_MAX + 1), EINVAL);
  EXPECT_ERR(writev(fd, iov, -1), EINVAL);
  EXPECT(writev(fd, iov, IOV_MAX), IOV_MAX);
  for (i = 0; i < IOV_MAX; i++)
    iov[i].iov_base = in + IOV_MAX - 1 - i;     // backwards
  TRY(lseek(fd, 0, SEEK_SET));
  EXPECT(readv(fd, iov, IOV_MAX), IOV_MAX);
  for (i = 0; i < IOV_MAX; i++)
    if (in[IOV_MAX - 1 - i] != out[i])
      break;
  EXPECT(i, IOV_MAX);
  EXPECT(readv(fd, iov, 0), 0);
  TRY(close(fd));
  TRY(unlink("ut_iov"));
}

// getdents64 gives each kind its DT_ type: "/" holds the console.
static void
getdents_types(void)
{
  int d = TRY(open("/", O_RDONLY | O_DIRECTORY)), seen = 0;
  struct linux_dirent64 *de;
  long n, off;

  while ((n = getdents64(d, buf, sizeof(buf))) > 0) {
    for (off = 0; off < n; off += de->d_reclen) {
      de = (struct linux_dirent64 *)(buf + off);
      CHECK(de->d_reclen % 8 == 0);
      if (strcmp(de->d_name, "console") == 0)
        seen |= (de->d_type == DT_CHR) << 0;
      if (strcmp(de->d_name, "..") == 0)
        seen |= (de->d_type == DT_DIR) << 1;
      if (strcmp(de->d_name, "init") == 0)
        seen |= (de->d_type == DT_REG) << 2;
    }
  }
  EXPECT(n, 0);
  EXPECT(seen, 7);
  TRY(close(d));
}

// getcwd(2) builds the path in the kernel, so it may be longer than a
// path nudge takes (MAXPATH, 128 bytes): twelve 13-byte names deep.
static void
getcwd_deep(void)
{
  char want[256] = "", got[256];
  int i;

  TRY(chdir("/"));
  for (i = 0; i < 12; i++) {
    TRY(mkdir("ut_cwd_abcdef", 0755));
    TRY(chdir("ut_cwd_abcdef"));
    strcat(want, "/ut_cwd_abcdef");
  }
  EXPECT(__sys_getcwd(got, sizeof(got)), strlen(want) + 1);
  EXPECT_STR(got, want);
  EXPECT_ERR(__sys_getcwd(got, strlen(want)), ERANGE);
  for (i = 0; i < 12; i++) {
    TRY(chdir(".."));
    TRY(rmdir("ut_cwd_abcdef"));
  }
  EXPECT(__sys_getcwd(got, sizeof(got)), 2);
  EXPECT_STR(got, "/");
}

// Pinned difference: readv and writev move segment by segment, so an
// eventfd's 8 bytes must be in one segment (Linux: 8 across two 4s).
static void
linuxdiff_iov_segments(void)
{
  uint64_t v = 3;
  struct iovec halves[2] = { { &v, 4 }, { (char *)&v + 4, 4 } };
  int e = TRY(eventfd(1, 0));

  EXPECT_ERR(readv(e, halves, 2), EINVAL);
  EXPECT_ERR(writev(e, halves, 2), EINVAL);
  TRY(close(e));
}

// Pinned difference: a position may not pass the largest file
// (MAXFILE blocks; Linux's ext4 allows 16 TiB): EINVAL from lseek,
// EFBIG from a write there.
#define MAXFILE_BYTES ((11L + 256 + 256 * 256) * 1024)
static void
linuxdiff_lseek_max(void)
{
  int fd = TRY(open("ut_lmax", O_CREAT | O_TRUNC | O_RDWR, 0644));

  EXPECT(lseek(fd, MAXFILE_BYTES, SEEK_SET), MAXFILE_BYTES);
  EXPECT_ERR(write(fd, "x", 1), EFBIG);
  EXPECT_ERR(lseek(fd, MAXFILE_BYTES + 1, SEEK_SET), EINVAL);
  EXPECT_ERR(lseek(fd, 1L << 40, SEEK_SET), EINVAL);
  EXPECT(lseek(fd, 0, SEEK_CUR), MAXFILE_BYTES);
  EXPECT(file_size(fd), 0);
  TRY(close(fd));
  TRY(unlink("ut_lmax"));
}

// Pinned difference: there is no /proc.
static void
linuxdiff_no_proc(void)
{
  EXPECT_ERR(readlink("/proc/self/exe", buf, sizeof(buf)), ENOENT);
}

// Pinned difference: umask is kept and inherited but never applied.
static void
linuxdiff_umask_ignored(void)
{
  struct stat st;
  int fd, pid;

  umask(0777);
  EXPECT(umask(0777), 0777);
  pid = TRY(fork());
  if (pid == 0)
    exit(umask(0) == 0777 ? 0 : 1);
  EXPECT(REAP(pid), 0);
  fd = TRY(open("ut_umask", O_CREAT | O_TRUNC | O_RDWR, 0666));
  TRY(fstat(fd, &st));
  EXPECT(st.st_mode, S_IFREG | 0644);
  EXPECT(access("ut_umask", R_OK | W_OK), 0);
  TRY(close(fd));
  TRY(unlink("ut_umask"));
  EXPECT(umask(022), 0777);
}

/* ---- time --------------------------------------------------------------- */

// uptime(): ticks since boot; it moves forward, the same for all.
static void
uptime_moves(void)
{
  long t0 = uptime(), t1;
  int p[2], pid;

  CHECK(t0 > 0);
  while ((t1 = uptime()) == t0)
    ;
  CHECK(t1 > t0);
  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    t0 = uptime();
    EXPECT(write(p[1], &t0, sizeof t0), sizeof t0);
    exit(0);
  }
  EXPECT(read(p[0], &t0, sizeof t0), sizeof t0);
  CHECK(t0 >= t1);
  EXPECT_EXIT(REAP(pid), 0);
}

// nanosleep(2) never wakes early: at least the ticks asked for pass, and
// not many more.
static void
nanosleep_time(void)
{
  static const long ms[] = { 10, 50, 120, 1000 };
  struct timespec ts, rem;
  long t0, dt;
  int i;

  for (i = 0; i < NELEM(ms); i++) {
    ts.tv_sec = ms[i] / 1000;
    ts.tv_nsec = (ms[i] % 1000) * 1000000;
    t0 = uptime();
    EXPECT(nanosleep(&ts, &rem), 0);
    dt = uptime() - t0;
    if (dt < ms[i] * HZ / 1000 || dt > ms[i] * HZ / 1000 + HZ)
      fail(__FILE__, __LINE__, "nanosleep %ld ms, expected %ld ticks, got %ld",
           ms[i], ms[i] * HZ / 1000, dt);
  }
}

// nanosleep(2): EINVAL for tv_nsec outside 0..999999999 or a negative
// tv_sec; EFAULT for a bad pointer. A zero sleep returns at once.
static void
nanosleep_errors(void)
{
  struct timespec ts;
  long t0;

  ts.tv_sec = 0;
  ts.tv_nsec = 1000000000;
  EXPECT_ERR(nanosleep(&ts, 0), EINVAL);
  ts.tv_nsec = -1;
  EXPECT_ERR(nanosleep(&ts, 0), EINVAL);
  ts.tv_sec = -1;
  ts.tv_nsec = 0;
  EXPECT_ERR(nanosleep(&ts, 0), EINVAL);
  EXPECT_ERR(nanosleep(0, 0), EFAULT);
  EXPECT_ERR(nanosleep((struct timespec *)KERNBASE, 0), EFAULT);

  ts.tv_sec = 0;
  ts.tv_nsec = 0;
  t0 = uptime();
  EXPECT(nanosleep(&ts, 0), 0);
  EXPECT(sleep(0), 0);
  EXPECT(usleep(0), 0);
  CHECK(uptime() - t0 <= 2);
}

// memstat(): the kernel's counts are there and plausible.
static void
memstat_sane(void)
{
  struct memstat a, b;
  int p[2];

  TRY(memstat(&a));
  CHECK(a.free_pages > 0 && a.free_pages < 512L * 1024 * 1024 / PGSIZE);
  CHECK(a.self_pages > 0 && a.self_pages < a.free_pages);
  CHECK(a.procs_live >= 3 && a.procs_live <= NPROC);
  CHECK(a.files_live >= 1);
  TRY(pipe(p));
  TRY(memstat(&b));
  EXPECT(b.files_live, a.files_live + 2);
  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(memstat(&b));
  EXPECT(b.files_live, a.files_live);
}

/* ---- system information, resource limits, the terminal ----------------- */

// uname(2): the fields docs/abi.md names; a bad buffer is EFAULT.
static void
uname_fields(void)
{
  struct utsname u;

  memset(&u, 'x', sizeof u);
  TRY(uname(&u));
  EXPECT_STR(u.sysname, "nudge");
  EXPECT_STR(u.nodename, "nudge");
  EXPECT_STR(u.release, "6.18.0-nudge");
  EXPECT_STR(u.machine, "riscv64");
  EXPECT_STR(u.domainname, "(none)");
  EXPECT_ERR(uname(0), EFAULT);
  EXPECT_ERR(uname((struct utsname *)KERNBASE), EFAULT);
  EXPECT_ERR(uname((struct utsname *)(TRAPFRAME(0) - 100)), EFAULT);
}

// sysinfo(2): memory in bytes (mem_unit 1) from the page allocator, the
// processes alive, uptime in whole seconds rounded up; EFAULT.
static void
sysinfo_sane(void)
{
  struct memstat a, b;
  struct sysinfo si;
  long up;

  memset(&si, 0xff, sizeof si);
  TRY(memstat(&a));
  TRY(sysinfo(&si));
  TRY(memstat(&b));
  up = uptime();
  EXPECT(si.mem_unit, 1);
  EXPECT(si.totalram % PGSIZE, 0);
  EXPECT(si.freeram % PGSIZE, 0);
  CHECK(si.freeram > 0 && si.freeram < si.totalram);
  CHECK(si.freeram >= b.free_pages * PGSIZE / 2 &&
        si.freeram <= a.free_pages * PGSIZE * 2);
  CHECK(si.procs >= 3 && si.procs <= NPROC);
  CHECK(si.uptime >= up / HZ && si.uptime <= up / HZ + 2);
  EXPECT(si.loads[0] | si.sharedram | si.bufferram | si.totalswap, 0);
  EXPECT_ERR(sysinfo(0), EFAULT);
  EXPECT_ERR(sysinfo((struct sysinfo *)KERNBASE), EFAULT);
}

#define EXPECT_RLIMIT(res, cur, max) \
  do { \
    struct rlimit rl_; \
    TRY(getrlimit((res), &rl_)); \
    EXPECT(rl_.rlim_cur, (cur)); \
    EXPECT(rl_.rlim_max, (max)); \
  } while (0)

// The limits a process starts with (proc/rlimit.c): Linux's defaults,
// with NPROC processes for the limits Linux sizes. Pinned difference:
// RLIMIT_NOFILE's hard limit is NOFILE (Linux's kernel: 4096, which
// systemd raises), so any program may raise its soft limit to NOFILE.
static void
rlimit_defaults(void)
{
  EXPECT_RLIMIT(RLIMIT_NOFILE, NOFILE_SOFT, NOFILE);
  EXPECT_RLIMIT(RLIMIT_STACK, 8L << 20, RLIM_INFINITY);
  EXPECT_RLIMIT(RLIMIT_CORE, 0, RLIM_INFINITY);
  EXPECT_RLIMIT(RLIMIT_CPU, RLIM_INFINITY, RLIM_INFINITY);
  EXPECT_RLIMIT(RLIMIT_NPROC, NPROC, NPROC);
  EXPECT_RLIMIT(RLIMIT_MEMLOCK, 8L << 20, 8L << 20);
  EXPECT_RLIMIT(RLIMIT_RTTIME, RLIM_INFINITY, RLIM_INFINITY);
}

// getrlimit(2)'s errors, in Linux's order: the setrlimit call reads its
// argument before it looks at the resource; prlimit finds the process
// first. The library's getrlimit and setrlimit are glibc's, on prlimit64.
static void
rlimit_errors(void)
{
  struct rlimit rl = { 10, 5 }, big = { 10, NOFILE + 1 };

  EXPECT_ERR(getrlimit(RLIM_NLIMITS, &rl), EINVAL);
  EXPECT_ERR(getrlimit(-1, &rl), EINVAL);
  EXPECT_ERR(getrlimit(RLIM_NLIMITS, 0), EINVAL);
  EXPECT(getrlimit(RLIMIT_NOFILE, 0), 0);                 // glibc's too
  EXPECT_ERR(getrlimit(RLIMIT_NOFILE, (struct rlimit *)KERNBASE), EFAULT);
  EXPECT_ERR(setrlimit(RLIM_NLIMITS, 0), EINVAL);
  EXPECT_ERR(__sys_getrlimit(RLIM_NLIMITS, 0), EINVAL);
  EXPECT_ERR(__sys_getrlimit(RLIMIT_NOFILE, 0), EFAULT);
  EXPECT_ERR(__sys_setrlimit(RLIM_NLIMITS, 0), EFAULT);   // read first
  EXPECT_ERR(__sys_setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
  EXPECT_ERR(__sys_setrlimit(RLIMIT_NOFILE, &big), EPERM);
  EXPECT_ERR(setrlimit(RLIMIT_NOFILE, &rl), EINVAL);     // soft > hard
  EXPECT_ERR(setrlimit(RLIMIT_NOFILE, &big), EPERM);     // above NOFILE
  EXPECT_ERR(prlimit(0, RLIMIT_NOFILE, (struct rlimit *)KERNBASE, 0), EFAULT);
  EXPECT_ERR(prlimit(99999, RLIM_NLIMITS, 0, 0), ESRCH);
  EXPECT_ERR(prlimit(-1, RLIMIT_NOFILE, 0, 0), ESRCH);
  EXPECT_ERR(prlimit(0, RLIM_NLIMITS, 0, 0), EINVAL);
  EXPECT_RLIMIT(RLIMIT_NOFILE, NOFILE_SOFT, NOFILE);
}

// RLIMIT_NOFILE is enforced: fds are allocated below it, dup2 and
// F_DUPFD refuse targets at or above it, poll takes no more fds; fds
// already open above it stay. One user, root, may raise it again; a fork
// inherits it.
static void
rlimit_nofile(void)
{
  struct rlimit low = { 10, 20 }, back = { NOFILE, NOFILE };
  struct pollfd pfd[11];
  int fd, n, pid;

  TRY(dup2(0, 15));
  TRY(setrlimit(RLIMIT_NOFILE, &low));
  EXPECT_RLIMIT(RLIMIT_NOFILE, 10, 20);
  for (n = 0; (fd = dup(0)) >= 0; n++)
    CHECK(fd < 10);
  EXPECT_ERR(dup(0), EMFILE);
  EXPECT_ERR(open("/", O_RDONLY), EMFILE);
  EXPECT_ERR(dup2(0, 10), EBADF);
  EXPECT_ERR(fcntl(0, F_DUPFD, 10), EINVAL);
  memset(pfd, 0, sizeof pfd);
  EXPECT_ERR(poll(pfd, 11, 0), EINVAL);
  EXPECT(fcntl(15, F_GETFD), 0);              // still open
  TRY(close(9));
  EXPECT(dup(15), 9);
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT_RLIMIT(RLIMIT_NOFILE, 10, 20);
    EXPECT_ERR(dup(0), EMFILE);
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  TRY(setrlimit(RLIMIT_NOFILE, &back));
  EXPECT(dup(0), 10);
}

// prlimit(2) on another process: it sees the new limit. As on Linux, a
// bad old pointer is EFAULT after the new limit is set.
static void
prlimit_other(void)
{
  struct rlimit new = { 30, 40 }, old, mine = { 50, 60 };
  int p[2], q[2], pid;
  char c;

  TRY(pipe(p));
  TRY(pipe(q));
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(read(p[0], &c, 1), 1);
    EXPECT_RLIMIT(RLIMIT_NOFILE, 30, 40);
    EXPECT(write(q[1], "x", 1), 1);
    exit(0);
  }
  TRY(prlimit(pid, RLIMIT_NOFILE, &new, &old));
  EXPECT(old.rlim_cur, NOFILE_SOFT);
  EXPECT(old.rlim_max, NOFILE);
  TRY(prlimit(pid, RLIMIT_NOFILE, 0, &old));
  EXPECT(old.rlim_cur, 30);
  EXPECT(write(p[1], "x", 1), 1);
  EXPECT(read(q[0], &c, 1), 1);
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_ERR(prlimit(pid, RLIMIT_NOFILE, 0, &old), ESRCH);    // reaped
  EXPECT_ERR(prlimit(0, RLIMIT_NOFILE, &mine, (struct rlimit *)KERNBASE),
             EFAULT);
  EXPECT_RLIMIT(RLIMIT_NOFILE, 50, 60);
}

// Pinned difference: only RLIMIT_NOFILE is enforced. With RLIMIT_FSIZE
// at 1 byte a 2-byte write succeeds (Linux: SIGXFSZ); with RLIMIT_DATA
// at 0 the heap still grows (Linux: ENOMEM).
static void
linuxdiff_rlimits_kept(void)
{
  struct rlimit one = { 1, RLIM_INFINITY }, zero = { 0, RLIM_INFINITY };
  int fd;

  TRY(setrlimit(RLIMIT_FSIZE, &one));
  TRY(setrlimit(RLIMIT_DATA, &zero));
  EXPECT_RLIMIT(RLIMIT_FSIZE, 1, RLIM_INFINITY);
  fd = TRY(open("rlimfile", O_CREAT | O_RDWR | O_TRUNC, 0644));
  EXPECT(write(fd, "ab", 2), 2);
  TRY(close(fd));
  TRY(unlink("rlimfile"));
  CHECK(sbrk(PGSIZE) != (void *)-1);
}

// The console is a terminal: TCGETS gives its fixed cooked-mode settings,
// TIOCGWINSZ 24 x 80, isatty() is 1; other requests are ENOTTY, bad
// pointers EFAULT. Pipes, files and eventfds are not terminals (ENOTTY),
// which is how isatty() tells.
static void
console_tty(void)
{
  struct termios t;
  struct winsize ws;
  int fd, p[2], efd, file;

  fd = TRY(open("/console", O_RDWR));
  memset(&t, 0xff, sizeof t);
  TRY(ioctl(fd, TCGETS, &t));
  EXPECT(t.c_lflag & (ICANON | ECHO | ISIG), ICANON | ECHO);
  EXPECT(t.c_iflag, ICRNL);
  EXPECT(t.c_oflag & OPOST, 0);
  EXPECT(t.c_cflag & CSIZE, CS8);
  EXPECT(t.c_line, 0);
  EXPECT(t.c_cc[VERASE], 0x7f);
  EXPECT(t.c_cc[VKILL], 'U' - '@');
  EXPECT(t.c_cc[VEOF], 'D' - '@');
  EXPECT(t.c_cc[VINTR], 0);
  EXPECT(t.c_cc[VMIN], 1);
  TRY(ioctl(fd, TIOCGWINSZ, &ws));
  EXPECT(ws.ws_row, 24);
  EXPECT(ws.ws_col, 80);
  EXPECT(isatty(fd), 1);
  EXPECT_ERR(ioctl(fd, TCGETS, 0), EFAULT);
  EXPECT_ERR(ioctl(fd, TIOCGWINSZ, KERNBASE), EFAULT);
  EXPECT_ERR(ioctl(fd, 0x5412, &t), ENOTTY);
  EXPECT_ERR(ioctl(fd, TICKER_SET, &t), ENOTTY);

  TRY(pipe(p));
  efd = TRY(eventfd(0, 0));
  file = TRY(open("/init", O_RDONLY));
  EXPECT_ERR(ioctl(p[0], TCGETS, &t), ENOTTY);
  EXPECT_ERR(ioctl(p[1], TIOCGWINSZ, &ws), ENOTTY);
  EXPECT_ERR(ioctl(efd, TCGETS, &t), ENOTTY);
  EXPECT_ERR(ioctl(file, TCGETS, &t), ENOTTY);
  EXPECT(isatty(p[0]), 0);
  EXPECT(errno, ENOTTY);
  EXPECT(isatty(99), 0);
  EXPECT(errno, EBADF);
}

// Pinned difference: the console's settings are fixed. tcsetattr with
// what tcgetattr gave succeeds (a program restoring them); any change is
// EINVAL (Linux would apply it); a bad pointer is EFAULT.
static void
linuxdiff_console_fixed(void)
{
  struct termios t, raw;
  int fd = TRY(open("/console", O_RDWR));

  TRY(tcgetattr(fd, &t));
  TRY(tcsetattr(fd, TCSANOW, &t));
  TRY(tcsetattr(fd, TCSADRAIN, &t));
  TRY(tcsetattr(fd, TCSAFLUSH, &t));
  raw = t;
  raw.c_lflag &= ~(ICANON | ECHO);
  EXPECT_ERR(tcsetattr(fd, TCSANOW, &raw), EINVAL);
  raw = t;
  raw.c_cc[VMIN] = 0;
  EXPECT_ERR(ioctl(fd, TCSETS, &raw), EINVAL);
  EXPECT_ERR(ioctl(fd, TCSETS, KERNBASE), EFAULT);
  EXPECT_ERR(tcsetattr(fd, 3, &t), EINVAL);
  TRY(tcgetattr(fd, &raw));
  EXPECT(memcmp(&raw, &t, sizeof t), 0);
}

/* ---- run only when named ----------------------------------------------- */

/*
 * One write(2) to the console is one piece of its output: lines written
 * by processes at once must not interleave. The case cannot read the
 * console, so it only writes; the host checks what arrived. Run it as
 * "usertests consolelines": CL_PROCS processes each write CL_LINES
 * lines, each with one write of 61 bytes,
 *
 *   "cl:" P L*56 "\n"    P the process, 0..3; L its letter, "abcd"[P]
 *
 * so every console line that starts with "cl:" must match
 * ^cl:([0-3])(a{56}|b{56}|c{56}|d{56})$ with the letter of its digit,
 * and there must be CL_LINES of each.
 */
#define CL_PROCS 4
#define CL_LINES 50

static void
consolelines(void)
{
  char line[61];
  int k, i, st;

  for (k = 0; k < CL_PROCS; k++) {
    if (TRY(fork()) == 0) {
      memcpy(line, "cl:", 3);
      line[3] = '0' + k;
      memset(line + 4, "abcd"[k], 56);
      line[60] = '\n';
      for (i = 0; i < CL_LINES; i++)
        EXPECT(write(1, line, sizeof line), sizeof line);
      exit(0);
    }
  }
  for (k = 0; k < CL_PROCS; k++) {
    CHECK(wait(&st) > 0);
    EXPECT_EXIT(st, 0);
  }
}

/* ---- helpers run through exec ------------------------------------------- */

// usertests --child-fds [oc]FD...: exits 0 if each FD is open (o) or
// closed (c) as listed, else with the 1-based index of the first that
// is not.
static int
child_fds(int argc, char *argv[])
{
  int i;

  for (i = 2; i < argc; i++)
    if (is_open(atoi(argv[i] + 1)) != (argv[i][0] == 'o'))
      return i - 1;
  return 0;
}

// usertests --child-args a2 a3 ...: exits with argc if argument i is
// "a<i>" and argv[argc] is NULL, else with 255.
static int
child_args(int argc, char *argv[])
{
  char want[16];
  int i;

  if (strcmp(argv[0], "usertests") != 0 || argv[argc] != 0)
    return 255;
  for (i = 2; i < argc; i++) {
    snprintf(want, sizeof want, "a%d", i);
    if (strcmp(argv[i], want) != 0)
      return 255;
  }
  return argc;
}

extern char _start[];

// usertests --child-auxv (see exec_auxv): 0 if all is as execve
// promises, else the number of the first check that failed.
static int
child_auxv(char *argv[])
{
  const unsigned long letters = (1 << ('i' - 'a')) | (1 << ('m' - 'a')) |
                                (1 << ('a' - 'a')) | (1 << ('f' - 'a')) |
                                (1 << ('d' - 'a')) | (1 << ('c' - 'a'));
  struct phdr *ph = (struct phdr *)getauxval(AT_PHDR);
  unsigned long entry = (unsigned long)_start;
  int i, n = getauxval(AT_PHNUM), covered = 0;

  if (getauxval(AT_PAGESZ) != 4096)
    return 1;
  if (getauxval(AT_HWCAP) != letters)
    return 2;
  if (getauxval(AT_ENTRY) != entry)
    return 3;
  if (getauxval(AT_PHENT) != sizeof(struct phdr) || ph == 0 || n < 1)
    return 4;
  for (i = 0; i < n; i++)
    if (ph[i].type == 1 && ph[i].vaddr <= entry &&
        entry < ph[i].vaddr + ph[i].memsz)
      covered = 1;
  if (!covered)
    return 5;
  if (strcmp((char *)getauxval(AT_EXECFN), "/usertests") != 0)
    return 6;
  if (getauxval(AT_UID) != 0 || getauxval(AT_EGID) != 0 ||
      getauxval(AT_SECURE) != 0 || getauxval(AT_CLKTCK) != 100)
    return 7;
  if (getauxval(12345) != 0 || errno != ENOENT)
    return 8;
  // argc sits at sp, 16-byte aligned: argv is 8 bytes above it.
  if (((unsigned long)argv - 8) % 16 != 0)
    return 9;
  if (write(1, (void *)getauxval(AT_RANDOM), 16) != 16)
    return 10;
  return 0;
}

/* ---- memory areas: mmap, munmap, mprotect, madvise, the stack ----------- */

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)

// mmap(2)'s errors, each as Linux 6.18 answers it (checked natively, in
// the order do_mmap checks): offset, fd, length, address, then the kind.
static void
mmap_errors(void)
{
  char *a;
  int p[2], wo, ro;

  TRY(pipe(p));
  write_file("ut_mmap", "abc");
  wo = TRY(open("ut_mmap", O_WRONLY));
  ro = TRY(open("ut_mmap", O_RDONLY));
  EXPECT_ERR((long)mmap(0, 0, PROT_READ, ANON, -1, 0), EINVAL);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), EINVAL);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, ANON, -1, 1), EINVAL);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, 77, 1), EINVAL);
  EXPECT_ERR((long)mmap(0, 0, PROT_READ, MAP_PRIVATE, 77, 0), EBADF);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, 0, 77, 0), EBADF);
  EXPECT_ERR((long)mmap((void *)0x10000001, PGSIZE, PROT_READ, ANON | MAP_FIXED, -1, 0), EINVAL);
  EXPECT_ERR((long)mmap((void *)1, ~0UL - 100, PROT_READ, ANON | MAP_FIXED, -1, 0), ENOMEM);
  EXPECT_ERR((long)mmap(0, ~0UL - 100, PROT_READ, ANON, -1, 0), ENOMEM);
  EXPECT_ERR((long)mmap(0, 1UL << 40, RW, ANON, -1, 0), ENOMEM);
  // MAP_FIXED over the trapframe and trampoline, past the user half.
  EXPECT_ERR((long)mmap((void *)(TRAPFRAME(0) - PGSIZE), 2 * PGSIZE, RW, ANON | MAP_FIXED, -1, 0), ENOMEM);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, wo, 0), EACCES);
  EXPECT_ERR((long)mmap(0, PGSIZE, RW, MAP_SHARED, ro, 0), EACCES);
  EXPECT_ERR((long)mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE, ro, 5), EINVAL);
  EXPECT_ERR((long)mmap(0, 2 * PGSIZE, PROT_READ, MAP_PRIVATE, ro, ~0UL & ~(PGSIZE - 1)), EOVERFLOW);
  a = mmap(0, 3 * PGSIZE, RW, ANON, -1, 0);
  CHECK(a != MAP_FAILED);
  EXPECT_ERR((long)mmap(a + PGSIZE, PGSIZE, PROT_READ, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
  // Unknown prot and flag bits are ignored, as Linux ignores them.
  CHECK(mmap(a + PGSIZE, PGSIZE, 0x100, ANON | MAP_FIXED | 0x8000000, -1, 0) == a + PGSIZE);
  TRY(munmap(a, 3 * PGSIZE));
  TRY(close(wo));
  TRY(close(ro));
  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(unlink("ut_mmap"));
}

// munmap(2) and mprotect(2) and madvise(2): their errors as Linux's, and
// a mapping cut in three by unmapping its middle.
static void
munmap_partial(void)
{
  char *a = mmap(0, 3 * PGSIZE, RW, ANON, -1, 0);

  faults_expected();
  CHECK(a != MAP_FAILED);
  a[0] = 1;
  a[PGSIZE] = 2;
  a[2 * PGSIZE] = 3;
  EXPECT_ERR(munmap(a + 1, PGSIZE), EINVAL);
  EXPECT_ERR(munmap(a, 0), EINVAL);
  EXPECT_ERR(munmap((void *)(TRAPFRAME(0) - PGSIZE), 3 * PGSIZE), EINVAL);
  EXPECT_ERR(munmap(a, ~0UL - PGSIZE), EINVAL);
  EXPECT(munmap((void *)0x100000000, PGSIZE), 0);       // nothing there: fine
  EXPECT(munmap(a + PGSIZE, PGSIZE), 0);
  EXPECT(a[0] + a[2 * PGSIZE], 4);
  shrunk = a + PGSIZE;
  EXPECT_DIES_OF(touch_shrunk, SIGSEGV);
  // mprotect over the hole changes what comes before it, then ENOMEM.
  EXPECT_ERR(mprotect(a, 3 * PGSIZE, PROT_READ), ENOMEM);
  shrunk = a;
  EXPECT_DIES_OF(touch_shrunk, SIGSEGV);
  EXPECT_ERR(mprotect(a, PGSIZE, 0x100), EINVAL);
  EXPECT_ERR(mprotect(a + 1, PGSIZE, PROT_READ), EINVAL);
  EXPECT_ERR(mprotect((void *)0x100000000, PGSIZE, PROT_READ), ENOMEM);
  EXPECT(mprotect((void *)0x100000000, 0, PROT_READ), 0);
  EXPECT_ERR(mprotect((void *)(TRAPFRAME(0) - PGSIZE), 3 * PGSIZE, PROT_READ), ENOMEM);
  EXPECT(mprotect(a, PGSIZE, RW), 0);
  a[0] = 5;
  EXPECT_ERR(madvise(a + 1, PGSIZE, MADV_DONTNEED), EINVAL);
  EXPECT(madvise(a, 0, MADV_DONTNEED), 0);
  EXPECT_ERR(madvise(a, 0, 12345), EINVAL);
  EXPECT_ERR(madvise(a, 3 * PGSIZE, MADV_WILLNEED), ENOMEM);
  EXPECT_ERR(madvise(a, 3 * PGSIZE, MADV_DONTNEED), ENOMEM);
  EXPECT(a[0], 0);                      // dropped even so, as on Linux
  EXPECT(a[2 * PGSIZE], 0);
  TRY(munmap(a, 3 * PGSIZE));
}

// A shared anonymous mapping stays shared across fork; a private one is
// copied; DONTNEED on the shared one keeps its contents.
static void
mmap_shared_fork(void)
{
  int *sh = mmap(0, 2 * PGSIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int *pv = mmap(0, PGSIZE, RW, ANON, -1, 0);
  int pid;

  CHECK(sh != MAP_FAILED && pv != MAP_FAILED);
  sh[0] = pv[0] = 1;
  pid = TRY(fork());
  if (pid == 0) {
    sh[0] = 2;
    sh[PGSIZE / sizeof(int)] = 3;       // a page the parent never touched
    pv[0] = 2;
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT(sh[0], 2);
  EXPECT(sh[PGSIZE / sizeof(int)], 3);
  EXPECT(pv[0], 1);
  EXPECT(madvise(sh, 2 * PGSIZE, MADV_DONTNEED), 0);
  EXPECT(sh[0], 2);
  // Unmapping half of it keeps the other half shared.
  TRY(munmap(sh, PGSIZE));
  pid = TRY(fork());
  if (pid == 0) {
    sh[PGSIZE / sizeof(int)] = 4;
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT(sh[PGSIZE / sizeof(int)], 4);
  TRY(munmap(sh + PGSIZE / sizeof(int), PGSIZE));
  TRY(munmap(pv, PGSIZE));
}

// Pages come on first touch: a large mapping costs nothing until used,
// and touching more than memory holds ends the toucher with SIGKILL (as
// Linux's out-of-memory killer would), leaking nothing.
static void
mmap_demand(void)
{
  struct memstat a, b;
  long len = 256L << 20, i;
  char *m, *n;
  int pid;

  TRY(memstat(&a));
  m = mmap(0, len, RW, ANON, -1, 0);
  CHECK(m != MAP_FAILED);
  TRY(memstat(&b));
  CHECK(a.free_pages - b.free_pages < 8);
  m[len / 2] = 1;
  TRY(munmap(m, len));
  // Two mappings, each within the overcommit rule, more than RAM together.
  len = 300L << 20;
  m = mmap(0, len, RW, ANON, -1, 0);
  n = mmap(0, len, RW, ANON, -1, 0);
  CHECK(m != MAP_FAILED && n != MAP_FAILED);
  faults_expected();
  pid = TRY(fork());
  if (pid == 0) {
    for (i = 0; i < len; i += PGSIZE)
      m[i] = n[i] = 1;
    exit(0);
  }
  EXPECT_KILLED(REAP(pid));
  TRY(munmap(m, len));
  TRY(munmap(n, len));
}

// The stack is an 8 MiB area whose pages come as it grows: a frame of
// 1 MiB is fine.
static void
stack_grows(void)
{
  volatile char frame[1 << 20];
  long i;

  for (i = 0; i < (long)sizeof(frame); i += PGSIZE)
    frame[i] = (char)(i / PGSIZE);
  for (i = 0; i < (long)sizeof(frame); i += PGSIZE)
    EXPECT(frame[i], (char)(i / PGSIZE));
}

// Pinned difference: page 0 is never mapped, so MAP_FIXED below
// USERBASE is EPERM, as Linux answers a process without CAP_SYS_RAWIO
// (nudge's root does not have the exception).
static void
linuxdiff_mmap_page0(void)
{
  EXPECT_ERR((long)mmap(0, PGSIZE, RW, ANON | MAP_FIXED, -1, 0), EPERM);
}


/* ---- threads ------------------------------------------------------------ */

#define TSTACK (16 * 1024)      // a test thread's stack

// A fresh stack for a test thread: the top of an mmap'd area.
static void *
thread_stack(void)
{
  char *st = mmap(0, TSTACK, RW, ANON, -1, 0);

  CHECK(st != MAP_FAILED);
  return st + TSTACK;
}

// Starts fn(arg) in a new thread; its tid.
static int
spawn(void (*fn)(void *), void *arg)
{
  return TRY(thread_start(fn, arg, thread_stack()));
}

// Spins until *flag is set, with a bound: 0 if it never was.
static int
await(volatile int *flag)
{
  for (long i = 0; i < 2000000000L; i++)
    if (*flag)
      return 1;
  return 0;
}

struct ids {
  volatile int done;
  int pid, tid;
};

static void
report_ids(void *arg)
{
  struct ids *id = arg;

  id->pid = getpid();
  id->tid = gettid();
  id->done = 1;
}

// A thread is in its creator's process: the same pid, a tid of its
// own, which clone returned.
static void
thread_ids(void)
{
  static struct ids id;
  int tid = spawn(report_ids, &id);

  CHECK(await(&id.done));
  EXPECT(id.pid, getpid());
  EXPECT(id.tid, tid);
  CHECK(tid != getpid());
  EXPECT(gettid(), getpid());
}

static volatile int *volatile shared_page;

static void
map_for_main(void *arg)
{
  int *p = mmap(0, PGSIZE, RW, ANON, -1, 0);

  if (p != MAP_FAILED)
    p[0] = 42;
  shared_page = p;
}

// Memory is one: a mapping a thread makes is there for the others.
static void
thread_shares_memory(void)
{
  shared_page = 0;
  spawn(map_for_main, 0);
  for (long i = 0; i < 2000000000L && shared_page == 0; i++)
    ;
  CHECK(shared_page != 0 && shared_page != MAP_FAILED);
  EXPECT(shared_page[0], 42);
  TRY(munmap((void *)shared_page, PGSIZE));
}

static void
exit_group_7(void *arg)
{
  exit_group(7);
}

static void
touch_null(void *arg)
{
  *(volatile int *)null_addr = 1;
}

static void
spin_forever(void *arg)
{
  for (;;)
    ;
}

// A child process of three threads: its main thread and one more spin,
// the third runs fn, whose act ends the process. The child's pid.
static int
group_of_three(void (*fn)(void *))
{
  int pid = TRY(fork());

  if (pid == 0) {
    spawn(spin_forever, 0);
    spawn(fn, 0);
    for (;;)
      ;
  }
  return pid;
}

// A process whose thread calls exit_group(7) ends with 7, its other
// threads with it; one whose thread faults dies of SIGSEGV, all of it.
static void
thread_group_exit(void)
{
  faults_expected();
  EXPECT_EXIT(REAP(group_of_three(exit_group_7)), 7);
  EXPECT_DIED(REAP(group_of_three(touch_null)), SIGSEGV);
}

static volatile int leader_gone;

static void
outlive_leader(void *arg)
{
  nap(50);
  exit_group(9);
}

// The leader may exit first: the process lives on in its other thread,
// and wait4 reports the group once its last thread is gone.
static void
thread_leader_exits(void)
{
  int pid = TRY(fork()), st;

  if (pid == 0) {
    spawn(outlive_leader, 0);
    __sys_exit(3);         // this thread only
  }
  EXPECT(waitpid(pid, &st, WNOHANG), 0);
  EXPECT(waitpid(pid, &st, 0), pid);
  EXPECT_EXIT(st, 9);
}

static volatile int victim_tid;

static void
report_and_spin(void *arg)
{
  victim_tid = gettid();
  for (;;)
    ;
}

// kill() of any thread's id kills the whole process.
static void
thread_kill_tid(void)
{
  int pid, fds[2];
  int tid = 0;

  TRY(pipe(fds));
  pid = TRY(fork());
  if (pid == 0) {
    victim_tid = 0;
    spawn(report_and_spin, 0);
    while (victim_tid == 0)
      ;
    tid = victim_tid;
    if (write(fds[1], &tid, sizeof tid) != sizeof tid)
      exit(1);
    for (;;)
      ;
  }
  EXPECT(read(fds[0], &tid, sizeof tid), sizeof tid);
  CHECK(tid != pid);
  TRY(kill(tid, SIGKILL));
  EXPECT_KILLED(REAP(pid));
  EXPECT_ERR(kill(tid, 0), ESRCH);
  close(fds[0]);
  close(fds[1]);
}

static void
thread_execs_echo(void *arg)
{
  char *argv[] = { "echo", "thread exec", 0 };

  execve("/echo", argv, environ);
  exit_group(99);
}

// execve in a thread that is not the leader: the other threads end, and
// the new program runs as the process, with the process's pid.
static void
thread_exec(void)
{
  EXPECT_EXIT(REAP(group_of_three(thread_execs_echo)), 0);
}

static volatile int forked_pid;

static void
fork_a_child(void *arg)
{
  int pid = fork();

  if (pid == 0)
    exit(5);
  forked_pid = pid;
}

// A child forked by one thread is the process's: another thread waits
// for it.
static void
thread_children_shared(void)
{
  forked_pid = 0;
  spawn(fork_a_child, 0);
  while (forked_pid == 0)
    ;
  CHECK(forked_pid > 0);
  EXPECT_EXIT(REAP(forked_pid), 5);
}

static void
chdir_root(void *arg)
{
  *(volatile int *)arg = chdir("/") == 0 ? 1 : -1;
}

// The current directory is the process's: a thread's chdir moves all.
static void
thread_shares_cwd(void)
{
  static volatile int done;
  char buf[64];

  TRY(mkdir("tcwd", 0755));
  TRY(chdir("tcwd"));
  done = 0;
  spawn(chdir_root, (void *)&done);
  CHECK(await(&done));
  EXPECT(done, 1);
  CHECK(getcwd(buf, sizeof buf) != 0);
  EXPECT_STR(buf, "/");
  TRY(rmdir("tcwd"));
}

static volatile long *scribble;
static volatile int scribbling;

static void
scribble_forever(void *arg)
{
  scribbling = 1;
  for (long i = 1; ; i++)
    *scribble = i;
}

/*
 * TLB shootdown: a thread on another hart writes a page without pause;
 * MADV_DONTNEED takes the page away, and the pages handed out next (the
 * freed one among them, as the page allocator reuses it first) must stay
 * as written. Without the shootdown, the writer goes on writing the
 * freed page through its TLB until its next trap. With one hart there
 * is no other TLB, and the test shows nothing.
 */
static void
thread_tlb_shootdown(void)
{
  int pid = TRY(fork());

  if (pid == 0) {
    long *page = mmap(0, PGSIZE, RW, ANON, -1, 0), *fresh;
    int n = 16, bad = 0;

    scribble = page;
    page[0] = 0;
    scribbling = 0;
    spawn(scribble_forever, 0);
    while (!scribbling)
      ;
    for (long i = 0; i < 100000; i++)   // let it run a while
      ;
    if (madvise(page, PGSIZE, MADV_DONTNEED) != 0)
      exit(2);
    fresh = mmap(0, n * PGSIZE, RW, ANON, -1, 0);
    for (int i = 0; i < n; i++)
      fresh[i * PGSIZE / sizeof(long)] = -1;
    for (long k = 0; k < 2000000; k++)
      for (int i = 0; i < n; i += 4)
        bad |= fresh[i * PGSIZE / sizeof(long)] != -1;
    for (int i = 0; i < n; i++)
      bad |= fresh[i * PGSIZE / sizeof(long)] != -1;
    exit_group(bad ? 1 : 0);
  }
  EXPECT_EXIT(REAP(pid), 0);
}

static volatile int vfork_mark;

static void
mark_after_a_while(void *arg)
{
  for (volatile long i = 0; i < 3000000; i++)
    ;
  vfork_mark = 1;
}

// CLONE_VM | CLONE_VFORK (posix_spawn's clone): the child runs on the
// parent's memory, and the parent goes on only once the child has let
// go of it, here by exiting: so it sees what the child wrote last.
static void
clone_vfork_waits(void)
{
  int pid;

  vfork_mark = 0;
  pid = TRY(clone_run(CLONE_VM | CLONE_VFORK | SIGCHLD, mark_after_a_while, 0,
                      thread_stack()));
  EXPECT(vfork_mark, 1);
  EXPECT_EXIT(REAP(pid), 0);
}

static void
just_exit(void *arg)
{
}

// Threads that come and go leave nothing behind: slots, trapframes,
// page-table pages. (The leak check after every test checks it too.)
static void
thread_churn(void)
{
  struct memstat before, after;
  char *stacks = mmap(0, 8 * TSTACK, RW, ANON, -1, 0);

  CHECK(stacks != MAP_FAILED);
  for (int i = 0; i < 8; i++)       // the stacks' pages, touched once
    stacks[i * TSTACK + TSTACK - 64] = 0;
  TRY(memstat(&before));
  for (int round = 0; round < 20; round++) {
    for (int i = 0; i < 8; i++)
      TRY(thread_start(just_exit, 0, stacks + (i + 1) * TSTACK));
    // The slots are freed once the threads are off their harts.
    for (int k = 0; k < 1000; k++) {
      TRY(memstat(&after));
      if (after.procs_live == before.procs_live)
        break;
      sched_yield();
    }
  }
  EXPECT_NO_LEAK(&before, "threads");
  TRY(munmap(stacks, 8 * TSTACK));
}

/* ---- futex -------------------------------------------------------------- */

#define FUTEX_SPIN_SECS 10          // how long a case waits for a waiter

// A word in a MAP_SHARED|MAP_ANONYMOUS page, which a forked child shares:
// a futex there is keyed by the shared object, not by the process.
static uint32_t *
shared_word(void)
{
  uint32_t *w = mmap(0, PGSIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

  CHECK(w != MAP_FAILED);
  return w;
}

// How many processes wait on the (shared) futex at w, counted without
// waking or moving any: a requeue of w onto itself, which returns the
// waiters it woke (none) plus those it requeued.
static long
futex_waiters(uint32_t *w)
{
  return futex(w, FUTEX_REQUEUE, 0, (void *)(long)INT_MAX, w, 0);
}

// Waits, by yielding, until n processes wait on w; fails the case if
// that takes FUTEX_SPIN_SECS.
static void
await_waiters(const char *file, int line, uint32_t *w, long n)
{
  long t0 = uptime(), got;

  while ((got = futex_waiters(w)) != n) {
    if (uptime() - t0 > FUTEX_SPIN_SECS * HZ)
      fail(file, line, "waiters on the futex, expected %ld, got %s", n,
           show(got, errno));
    sched_yield();
  }
}

#define AWAIT_WAITERS(w, n) await_waiters(__FILE__, __LINE__, (w), (n))

// A child that waits on w (op, no timeout) while w holds 0, and exits 0
// once woken. Its pid.
static int
futex_waiter(uint32_t *w, int op, uint32_t bitset)
{
  int pid = TRY(fork());

  if (pid == 0) {
    EXPECT(futex(w, op, 0, 0, 0, bitset), 0);
    exit(0);
  }
  return pid;
}

// Reaps one of two children, either; it must have exited 0.
static void
reap_either(int p1, int p2)
{
  int st = -1, got = wait(&st);

  CHECK(got == p1 || got == p2);
  EXPECT_EXIT(st, 0);
}

// futex(2)'s errors, as Linux 6.18 answers them (checked natively and
// under qemu-riscv64 on a 6.18 host): the timeout first, then
// FUTEX_CLOCK_REALTIME (FUTEX_WAIT_BITSET only), then the command's own:
// the bitset, the address's alignment, its mapping, the word.
static void
futex_errors(void)
{
  static uint32_t word;
  uint32_t *w = &word, *odd = (uint32_t *)((char *)w + 2);
  struct timespec zero = { 0, 0 }, bad_ns = { 0, 1000000000 }, neg = { -1, 0 };
  uint32_t *ro = mmap(0, PGSIZE, PROT_READ, ANON, -1, 0);
  uint32_t *none = mmap(0, PGSIZE, PROT_NONE, ANON, -1, 0);
  uint32_t *gone = mmap(0, PGSIZE, RW, ANON, -1, 0);

  CHECK(ro != MAP_FAILED && none != MAP_FAILED && gone != MAP_FAILED);
  TRY(munmap(gone, PGSIZE));

  // The word is not val; a zero timeout, or a time already past.
  EXPECT_ERR(futex(w, FUTEX_WAIT, 1, 0, 0, 0), EAGAIN);
  EXPECT_ERR(futex(w, FUTEX_WAIT_BITSET_PRIVATE, 1, &zero, 0, 1), EAGAIN);
  EXPECT_ERR(futex(w, FUTEX_WAIT, 0, &zero, 0, 0), ETIMEDOUT);
  EXPECT_ERR(futex(w, FUTEX_WAIT_BITSET, 0, &zero, 0, 1), ETIMEDOUT);
  EXPECT_ERR(futex(w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &zero, 0, 1), ETIMEDOUT);

  EXPECT_ERR(futex(w, FUTEX_WAIT, 0, &bad_ns, 0, 0), EINVAL);
  EXPECT_ERR(futex(w, FUTEX_WAIT, 1, &neg, 0, 0), EINVAL);
  EXPECT_ERR(futex(odd, FUTEX_WAIT, 0, (void *)1, 0, 0), EFAULT);
  EXPECT_ERR(futex(w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &bad_ns, 0, 0), EINVAL);
  EXPECT_ERR(futex(w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &zero, 0, 0), ENOSYS);
  EXPECT_ERR(futex(w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 0), ENOSYS);
  EXPECT_ERR(futex(w, 14, 0, 0, 0, 0), ENOSYS);
  EXPECT_ERR(futex(w, FUTEX_WAIT | 0x40, 0, &zero, 0, 0), ENOSYS);
  EXPECT_ERR(futex(w, -1, 0, 0, 0, 0), ENOSYS);
  EXPECT_ERR(futex(w, FUTEX_FD, 0, 0, 0, 0), ENOSYS);

  EXPECT_ERR(futex(w, FUTEX_WAIT_BITSET, 0, &zero, 0, 0), EINVAL);
  EXPECT_ERR(futex(w, FUTEX_WAKE_BITSET, 1, 0, 0, 0), EINVAL);
  EXPECT_ERR(futex(odd, FUTEX_WAIT, 0, &zero, 0, 0), EINVAL);
  EXPECT_ERR(futex(odd, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), EINVAL);

  // No word there, or none a shared futex may use; a private one is
  // never looked up, so waking it is no error.
  EXPECT_ERR(futex(0, FUTEX_WAIT, 0, &zero, 0, 0), EFAULT);
  EXPECT_ERR(futex(gone, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0), EFAULT);
  EXPECT_ERR(futex(gone, FUTEX_WAKE, 1, 0, 0, 0), EFAULT);
  EXPECT(futex(gone, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0);
  EXPECT_ERR(futex(ro, FUTEX_WAIT, 0, &zero, 0, 0), EFAULT);
  EXPECT_ERR(futex(ro, FUTEX_WAKE, 1, 0, 0, 0), EFAULT);
  EXPECT_ERR(futex(ro, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0), ETIMEDOUT);
  EXPECT_ERR(futex(none, FUTEX_WAKE, 1, 0, 0, 0), EFAULT);
  EXPECT_ERR(futex(none, FUTEX_WAIT_PRIVATE, 0, &zero, 0, 0), EFAULT);

  // FUTEX_WAKE reads no timeout; no waiter is no error.
  EXPECT(futex(w, FUTEX_WAKE, 1, (void *)1, 0, 0), 0);
  EXPECT(futex(w, FUTEX_WAKE, 0, 0, 0, 0), 0);

  // Requeue: negative counts, uaddr2's errors, CMP_REQUEUE's word; the
  // count is timeout's low 32 bits.
  EXPECT_ERR(futex(w, FUTEX_REQUEUE, -1, 0, w, 0), EINVAL);
  EXPECT_ERR(futex(w, FUTEX_REQUEUE, 0, (void *)0xffffffffL, w, 0), EINVAL);
  EXPECT(futex(w, FUTEX_REQUEUE, 1, (void *)0x100000001L, w, 0), 0);
  EXPECT_ERR(futex(w, FUTEX_REQUEUE, 1, 0, odd, 0), EINVAL);
  EXPECT_ERR(futex(w, FUTEX_CMP_REQUEUE, 1, 0, 0, 0), EFAULT);
  EXPECT_ERR(futex(w, FUTEX_CMP_REQUEUE, 1, 0, w, 1), EAGAIN);
  EXPECT(futex(w, FUTEX_CMP_REQUEUE, 1, 0, w, 0), 0);
  EXPECT_ERR(futex(gone, FUTEX_CMP_REQUEUE_PRIVATE, 1, 0, w, 0), EFAULT);

  TRY(munmap(ro, PGSIZE));
  TRY(munmap(none, PGSIZE));
}

static long
now_ns(int clk)
{
  struct timespec ts;

  TRY(clock_gettime(clk, &ts));
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

// A futex wait times out never early, measured on the clock it names:
// FUTEX_WAIT's timeout is a length on CLOCK_MONOTONIC, FUTEX_WAIT_BITSET's
// a time on CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME.
static void
futex_timeout(void)
{
  static const long ms[] = { 1, 30, 120 };
  static const int clks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };
  uint32_t w = 0;
  struct timespec ts;
  long t0, dt, target;
  int i, c;

  for (i = 0; i < NELEM(ms); i++) {
    ts.tv_sec = 0;
    ts.tv_nsec = ms[i] * 1000000;
    t0 = now_ns(CLOCK_MONOTONIC);
    EXPECT_ERR(futex(&w, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0), ETIMEDOUT);
    dt = now_ns(CLOCK_MONOTONIC) - t0;
    if (dt < ms[i] * 1000000 || dt > ms[i] * 1000000 + 1000000000)
      fail(__FILE__, __LINE__, "FUTEX_WAIT %ld ms, took %ld ns", ms[i], dt);
    for (c = 0; c < NELEM(clks); c++) {
      target = now_ns(clks[c]) + ms[i] * 1000000;
      ts.tv_sec = target / 1000000000;
      ts.tv_nsec = target % 1000000000;
      EXPECT_ERR(futex(&w, FUTEX_WAIT_BITSET_PRIVATE |
                       (clks[c] == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0),
                       0, &ts, 0, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
      dt = now_ns(clks[c]) - target;
      if (dt < 0 || dt > 1000000000)
        fail(__FILE__, __LINE__, "FUTEX_WAIT_BITSET to %ld ms ahead on clock %d: "
             "back %ld ns after", ms[i], clks[c], dt);
    }
  }
}

// A shared futex across fork: the child waits on a word of a
// MAP_SHARED|MAP_ANONYMOUS page; the parent's FUTEX_WAKE finds it
// (returning 1) once it waits, and 0 until then.
static void
futex_shared_wake(void)
{
  uint32_t *w = shared_word();
  long t0 = uptime(), n;
  int pid = futex_waiter(w, FUTEX_WAIT, 0);

  while ((n = futex(w, FUTEX_WAKE, 1, 0, 0, 0)) == 0 &&
         uptime() - t0 < FUTEX_SPIN_SECS * HZ)
    sched_yield();
  EXPECT(n, 1);
  EXPECT_EXIT(REAP(pid), 0);
  TRY(munmap(w, PGSIZE));
}

// FUTEX_WAKE wakes at most nr (0 counts as 1, as on Linux), oldest
// first; a private futex is the process's own, so FUTEX_WAKE_PRIVATE in
// the parent finds none of the children's shared waits, and a child's
// FUTEX_WAIT_PRIVATE is not found by the parent's shared FUTEX_WAKE.
static void
futex_wake_count(void)
{
  uint32_t *w = shared_word();
  struct timespec ms200 = { 0, 200000000 };
  int p1, p2, st;

  p1 = futex_waiter(w, FUTEX_WAIT, 0);
  p2 = futex_waiter(w, FUTEX_WAIT, 0);
  AWAIT_WAITERS(w, 2);
  EXPECT(futex(w, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0), 0);
  EXPECT(futex(w, FUTEX_WAKE, 1, 0, 0, 0), 1);
  EXPECT(futex_waiters(w), 1);
  EXPECT(futex(w, FUTEX_WAKE, 0, 0, 0, 0), 1);
  reap_either(p1, p2);
  reap_either(p1, p2);
  EXPECT(futex(w, FUTEX_WAKE, INT_MAX, 0, 0, 0), 0);

  p1 = TRY(fork());
  if (p1 == 0) {
    EXPECT_ERR(futex(w, FUTEX_WAIT_PRIVATE, 0, &ms200, 0, 0), ETIMEDOUT);
    exit(0);
  }
  while (TRY(waitpid(p1, &st, WNOHANG)) == 0)
    EXPECT(futex(w, FUTEX_WAKE, INT_MAX, 0, 0, 0), 0);
  EXPECT_EXIT(st, 0);
  TRY(munmap(w, PGSIZE));
}

// FUTEX_WAKE_BITSET wakes only a waiter whose FUTEX_WAIT_BITSET bits it
// shares.
static void
futex_bitset(void)
{
  uint32_t *w = shared_word();
  int pid = futex_waiter(w, FUTEX_WAIT_BITSET, 0x1);

  AWAIT_WAITERS(w, 1);
  EXPECT(futex(w, FUTEX_WAKE_BITSET, 1, 0, 0, 0x2), 0);
  EXPECT(futex(w, FUTEX_WAKE_BITSET, 1, 0, 0, 0x3), 1);
  EXPECT_EXIT(REAP(pid), 0);
  TRY(munmap(w, PGSIZE));
}

/*
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE between two words a and b of one
 * shared page, with two child waiters; each returns the waiters it woke
 * plus those it moved:
 *
 *   a: c1 c2   CMP_REQUEUE, *a != val3: EAGAIN, nothing moves
 *   a: c1 c2   REQUEUE(a, wake 1, move 1, b) = 2: one exits, one on b
 *   b: cX      CMP_REQUEUE(b, wake 0, move 1, a) = 1: back on a
 *   a: cX      FUTEX_WAKE(b) = 0, FUTEX_WAKE(a) = 1
 */
static void
futex_requeue_two(void)
{
  uint32_t *a = shared_word(), *b = a + 1;
  int p1, p2;

  p1 = futex_waiter(a, FUTEX_WAIT, 0);
  p2 = futex_waiter(a, FUTEX_WAIT, 0);
  AWAIT_WAITERS(a, 2);
  EXPECT_ERR(futex(a, FUTEX_CMP_REQUEUE, 1, (void *)1L, b, 7), EAGAIN);
  EXPECT(futex_waiters(a), 2);
  EXPECT(futex(a, FUTEX_REQUEUE, 1, (void *)1L, b, 0), 2);
  reap_either(p1, p2);
  EXPECT(futex_waiters(a), 0);
  EXPECT(futex_waiters(b), 1);
  EXPECT(futex(b, FUTEX_CMP_REQUEUE, 0, (void *)1L, a, 0), 1);
  EXPECT(futex(b, FUTEX_WAKE, INT_MAX, 0, 0, 0), 0);
  EXPECT(futex(a, FUTEX_WAKE, INT_MAX, 0, 0, 0), 1);
  reap_either(p1, p2);
  TRY(munmap(a, PGSIZE));
}

// A process killed in FUTEX_WAIT leaves the wait (a kill wakes it) and
// its place on the word, on the word it was requeued to as well: the
// parent reaps it, and nobody waits on the word after.
static void
futex_killed(void)
{
  uint32_t *a = shared_word(), *b = a + 1;
  int pid;

  pid = futex_waiter(a, FUTEX_WAIT, 0);
  AWAIT_WAITERS(a, 1);
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  EXPECT(futex_waiters(a), 0);

  pid = futex_waiter(a, FUTEX_WAIT, 0);
  AWAIT_WAITERS(a, 1);
  EXPECT(futex(a, FUTEX_REQUEUE, 0, (void *)1L, b, 0), 1);
  EXPECT(kill(pid, SIGKILL), 0);
  EXPECT_KILLED(REAP(pid));
  EXPECT(futex_waiters(b), 0);
  TRY(munmap(a, PGSIZE));
}

// Pinned difference: FUTEX_WAKE_OP and the priority-inheritance commands
// are ENOSYS, where Linux has them; a timeout they take is still read
// first, as Linux reads it (a bad one is EFAULT).
static void
linuxdiff_futex_ops(void)
{
  static const int ops[] = {
    FUTEX_WAKE_OP, FUTEX_LOCK_PI, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI,
    FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI, FUTEX_LOCK_PI2,
  };
  uint32_t w = 0, w2 = 0;
  int i;

  for (i = 0; i < NELEM(ops); i++)
    EXPECT_ERR(futex(&w, ops[i] | FUTEX_PRIVATE_FLAG, 1, 0, &w2, 0), ENOSYS);
  EXPECT_ERR(futex(&w, FUTEX_LOCK_PI, 0, (void *)1, 0, 0), EFAULT);
  EXPECT(w, 0);
  EXPECT(w2, 0);
}

/* ---- signals ------------------------------------------------------------ */

// The system call numbers, from the table the stubs are made of: the
// cases below make calls by hand and find them in a frame's a7.
enum {
#define SYSCALL(nr, name) NR_##name = nr,
#include <nudge/syscall.h>
#undef SYSCALL
};

// got must lie in lo..hi.
static void
expect_in(const char *file, int line, const char *what, long got, long lo,
          long hi)
{
  if (got < lo || got > hi)
    fail(file, line, "%s, expected %ld..%ld, got %ld", what, lo, hi, got);
}

#define EXPECT_IN(got, lo, hi) \
  expect_in(__FILE__, __LINE__, #got, (long)(got), (lo), (hi))
// A whole wait() status, the core bit included.
#define EXPECT_WSTATUS(st, want) \
  expect_status(__FILE__, __LINE__, #st, (st), (want))

// What the handlers below saw, for the case to check once they ran.
static volatile int hits;               // handler runs
static siginfo_t last_info;             // save_info's last siginfo
static volatile unsigned long mask_in_handler;  // the blocked set it ran under

static void
count_sig(int sig)
{
  hits++;
}

// An SA_SIGINFO handler: counts, keeps the siginfo and the mask.
static void
save_info(int sig, siginfo_t *si, void *uc)
{
  sigset_t m;

  hits++;
  last_info = *si;
  sigprocmask(SIG_BLOCK, 0, &m);
  mask_in_handler = m.sig[0];
}

// sigaction(sig) with handler fn, flags and sa_mask mask.
static void
catch_sig(int sig, sighandler_t fn, unsigned long flags, unsigned long mask)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sa.sa_mask.sig[0] = mask;
  TRY(sigaction(sig, &sa, 0));
}

// The same with an SA_SIGINFO handler.
static void
catch_info(int sig, void (*fn)(int, siginfo_t *, void *), unsigned long flags,
           unsigned long mask)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  sa.sa_mask.sig[0] = mask;
  TRY(sigaction(sig, &sa, 0));
}

// The calling thread's blocked set, and its pending set, as words.
static unsigned long
blocked_now(void)
{
  sigset_t m;

  TRY(sigprocmask(SIG_BLOCK, 0, &m));
  return m.sig[0];
}

static unsigned long
pending_now(void)
{
  sigset_t m;

  TRY(sigpending(&m));
  return m.sig[0];
}

static void
block_only(unsigned long bits)
{
  sigset_t m = { { bits } };

  TRY(sigprocmask(SIG_SETMASK, &m, 0));
}

// The action's handler for sig.
static sighandler_t
handler_of(int sig)
{
  struct sigaction sa;

  TRY(sigaction(sig, 0, &sa));
  return sa.sa_handler;
}

// An address where nothing is mapped: a page mapped, then unmapped.
static void *
unmapped_page(void)
{
  void *p = mmap(0, PGSIZE, RW, ANON, -1, 0);

  CHECK(p != MAP_FAILED);
  TRY(munmap(p, PGSIZE));
  return p;
}

// Does fd become readable within ms milliseconds?
static int
readable_within(int fd, int ms)
{
  struct pollfd pfd = { fd, POLLIN, 0 };

  return TRY(poll(&pfd, 1, ms));
}

// rt_sigaction(2): EINVAL for a signal outside 1..64, for a new action
// for SIGKILL or SIGSTOP (a query of them is fine), and for a sigsetsize
// other than 8; EFAULT for act or oldact where nothing can be read or
// written. Linux copies act in before it looks at the signal.
static void
bad_sigaction(void *bad)
{
  struct sigaction sa, old;

  memset(&sa, 0, sizeof sa);
  EXPECT_ERR(rt_sigaction(0, 0, &old, 8), EINVAL);
  EXPECT_ERR(rt_sigaction(65, 0, &old, 8), EINVAL);
  EXPECT_ERR(rt_sigaction(-1, 0, &old, 8), EINVAL);
  EXPECT_ERR(rt_sigaction(SIGKILL, &sa, 0, 8), EINVAL);
  EXPECT_ERR(rt_sigaction(SIGSTOP, &sa, 0, 8), EINVAL);
  EXPECT(rt_sigaction(SIGKILL, 0, &old, 8), 0);
  EXPECT(old.sa_handler, SIG_DFL);
  EXPECT(rt_sigaction(SIGSTOP, 0, &old, 8), 0);
  EXPECT_ERR(rt_sigaction(SIGUSR1, 0, &old, 4), EINVAL);
  EXPECT_ERR(rt_sigaction(SIGUSR1, 0, &old, 16), EINVAL);
  EXPECT_ERR(rt_sigaction(SIGUSR1, (void *)1, 0, 8), EFAULT);
  EXPECT_ERR(rt_sigaction(SIGUSR1, bad, 0, 8), EFAULT);
  EXPECT_ERR(rt_sigaction(SIGUSR1, 0, (void *)1, 8), EFAULT);
  EXPECT_ERR(rt_sigaction(SIGUSR1, 0, bad, 8), EFAULT);
  EXPECT_ERR(rt_sigaction(0, (void *)1, 0, 8), EFAULT);
}

// rt_sigprocmask(2): EINVAL for a bad how, but only with a set to apply
// (a query ignores how), and for a size other than 8; EFAULT for set or
// oldset out of reach (set is read before how is looked at).
// rt_sigpending(2): EINVAL for a size over 8 (a smaller one is fine),
// EFAULT. rt_sigsuspend(2): EINVAL for a size other than 8, EFAULT for
// a NULL mask. rt_sigtimedwait(2): EINVAL for the size and for a timeout
// outside [0, 10^9) ns, EFAULT for the set or the timeout, EAGAIN when
// a zero timeout passes with nothing pending. None of it changes the mask.
static void
bad_sigset_calls(void *bad)
{
  sigset_t set = { { SIGMASK(SIGUSR1) } }, old;
  struct timespec zero = { 0, 0 }, ns1e9 = { 0, 1000000000 }, neg = { -1, 0 };
  unsigned long before = blocked_now();

  EXPECT_ERR(rt_sigprocmask(7, &set, 0, 8), EINVAL);
  EXPECT(rt_sigprocmask(7, 0, &old, 8), 0);
  EXPECT(rt_sigprocmask(-1, 0, 0, 8), 0);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, &set, 0, 4), EINVAL);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, 0, &old, 16), EINVAL);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, (void *)1, 0, 8), EFAULT);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, bad, 0, 8), EFAULT);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, 0, (void *)1, 8), EFAULT);
  EXPECT_ERR(rt_sigprocmask(SIG_BLOCK, 0, bad, 8), EFAULT);
  EXPECT_ERR(rt_sigprocmask(7, (void *)1, 0, 8), EFAULT);

  EXPECT_ERR(rt_sigpending(&old, 16), EINVAL);
  EXPECT(rt_sigpending(&old, 4), 0);
  EXPECT_ERR(rt_sigpending((void *)1, 8), EFAULT);
  EXPECT_ERR(rt_sigpending(bad, 8), EFAULT);

  EXPECT_ERR(rt_sigsuspend(&set, 4), EINVAL);
  EXPECT_ERR(rt_sigsuspend(0, 8), EFAULT);

  EXPECT_ERR(rt_sigtimedwait(&set, 0, &zero, 4), EINVAL);
  EXPECT_ERR(rt_sigtimedwait(&set, 0, &zero, 16), EINVAL);
  EXPECT_ERR(rt_sigtimedwait(&set, 0, &ns1e9, 8), EINVAL);
  EXPECT_ERR(rt_sigtimedwait(&set, 0, &neg, 8), EINVAL);
  EXPECT_ERR(rt_sigtimedwait((void *)1, 0, &zero, 8), EFAULT);
  EXPECT_ERR(rt_sigtimedwait(bad, 0, &zero, 8), EFAULT);
  EXPECT_ERR(rt_sigtimedwait(&set, 0, (void *)1, 8), EFAULT);
  EXPECT_ERR(rt_sigtimedwait(&set, 0, &zero, 8), EAGAIN);
  EXPECT(blocked_now(), before);
}

static char altstack[16384] __attribute__((aligned(16)));

// SIGUSR2's SA_ONSTACK handler: it runs on altstack, which sigaltstack
// reports as SS_ONSTACK and will not change meanwhile.
static void
on_altstack(int sig)
{
  stack_t off = { .ss_flags = SS_DISABLE }, now;
  char here;

  CHECK(&here > altstack && &here < altstack + sizeof altstack);
  EXPECT(sigaltstack(0, &now), 0);
  EXPECT(now.ss_flags, SS_ONSTACK);
  EXPECT_ERR(sigaltstack(&off, 0), EPERM);
  hits++;
}

// sigaltstack(2): EINVAL for flags other than 0, SS_ONSTACK and
// SS_DISABLE (SS_AUTODISARM aside), ENOMEM for a stack under MINSIGSTKSZ,
// EFAULT for either pointer out of reach, EPERM for a change made on
// the alternate stack; SS_DISABLE turns it off, as a query then says.
static void
bad_sigaltstack(void *bad)
{
  stack_t ss = { .ss_sp = (uint64_t)altstack, .ss_flags = 5,
                 .ss_size = sizeof altstack }, old;

  EXPECT_ERR(sigaltstack(&ss, 0), EINVAL);
  ss.ss_flags = 0;
  ss.ss_size = MINSIGSTKSZ - 1;
  EXPECT_ERR(sigaltstack(&ss, 0), ENOMEM);
  ss.ss_size = MINSIGSTKSZ;
  EXPECT(sigaltstack(&ss, 0), 0);
  EXPECT(sigaltstack(0, &old), 0);
  EXPECT(old.ss_flags, 0);
  EXPECT(old.ss_sp, altstack);
  EXPECT(old.ss_size, MINSIGSTKSZ);
  ss.ss_flags = SS_DISABLE;
  EXPECT(sigaltstack(&ss, 0), 0);
  EXPECT(sigaltstack(0, &old), 0);
  EXPECT(old.ss_flags, SS_DISABLE);
  EXPECT(old.ss_size, 0);
  EXPECT_ERR(sigaltstack((void *)1, 0), EFAULT);
  EXPECT_ERR(sigaltstack(bad, 0), EFAULT);
  EXPECT_ERR(sigaltstack(0, (void *)1), EFAULT);
  EXPECT_ERR(sigaltstack(0, bad), EFAULT);

  ss.ss_flags = 0;
  ss.ss_size = sizeof altstack;
  EXPECT(sigaltstack(&ss, 0), 0);
  hits = 0;
  catch_sig(SIGUSR2, on_altstack, SA_ONSTACK, 0);
  EXPECT(raise(SIGUSR2), 0);
  EXPECT(hits, 1);
  EXPECT(sigaltstack(0, &old), 0);
  EXPECT(old.ss_flags, 0);                      // still there, not on it
  ss.ss_flags = SS_DISABLE;
  EXPECT(sigaltstack(&ss, 0), 0);
}

// kill(2): a bad signal is EINVAL for a process that exists, but ESRCH
// for one that does not (Linux looks the process up first); signal 0
// only checks. tkill(2), tgkill(2): EINVAL for a tid or tgid <= 0, ESRCH
// for a thread that is not in the process named.
static void
bad_kill(void)
{
  int me = getpid(), gone = TRY(fork());

  if (gone == 0)
    exit(0);
  EXPECT_EXIT(REAP(gone), 0);
  EXPECT_ERR(kill(me, 65), EINVAL);
  EXPECT_ERR(kill(me, -1), EINVAL);
  EXPECT_ERR(kill(gone, 65), ESRCH);
  EXPECT_ERR(kill(gone, -1), ESRCH);
  EXPECT(kill(me, 0), 0);
  EXPECT_ERR(tkill(0, SIGUSR1), EINVAL);
  EXPECT_ERR(tkill(-1, SIGUSR1), EINVAL);
  EXPECT_ERR(tkill(gone, 0), ESRCH);
  EXPECT_ERR(tgkill(0, gettid(), SIGUSR1), EINVAL);
  EXPECT_ERR(tgkill(me, 0, SIGUSR1), EINVAL);
  EXPECT_ERR(tgkill(-1, gettid(), 0), EINVAL);
  EXPECT_ERR(tgkill(1, gettid(), 0), ESRCH);
  EXPECT_ERR(tgkill(gone, gettid(), 0), ESRCH);
  EXPECT(tgkill(me, gettid(), 0), 0);
  EXPECT_ERR(tgkill(me, gettid(), 65), EINVAL);
}

// signalfd(2): EINVAL for a size other than 8 and for flags beyond
// SFD_CLOEXEC and SFD_NONBLOCK, EFAULT for the mask (read before the
// flags are looked at), EBADF for a closed fd, EINVAL for an fd that is
// not a signalfd; a read of fewer than 128 bytes is EINVAL.
static void
bad_signalfd(void *bad)
{
  sigset_t set = { { SIGMASK(SIGUSR1) } };
  int p[2], fd, closed;

  TRY(pipe(p));
  closed = TRY(dup(0));
  TRY(close(closed));
  EXPECT_ERR(signalfd4(-1, &set, 8, 1), EINVAL);
  EXPECT_ERR(signalfd4(-1, &set, 8, O_RDWR), EINVAL);
  EXPECT_ERR(signalfd4(-1, &set, 4, 0), EINVAL);
  EXPECT_ERR(signalfd4(-1, &set, 16, 0), EINVAL);
  EXPECT_ERR(signalfd4(p[0], &set, 8, 0), EINVAL);
  EXPECT_ERR(signalfd4(closed, &set, 8, 0), EBADF);
  EXPECT_ERR(signalfd4(-1, (void *)1, 8, 0), EFAULT);
  EXPECT_ERR(signalfd4(-1, bad, 8, 0), EFAULT);
  EXPECT_ERR(signalfd4(-1, (void *)1, 8, 1), EFAULT);
  fd = TRY(signalfd4(-1, &set, 8, SFD_NONBLOCK));
  EXPECT_ERR(read(fd, buf, 127), EINVAL);
  EXPECT_ERR(read(fd, buf, 0), EINVAL);
  EXPECT_ERR(read(fd, buf, 128), EAGAIN);
  TRY(close(fd));
  TRY(close(p[0]));
  TRY(close(p[1]));
}

// setitimer(2), getitimer(2): EINVAL for a tv_usec outside [0, 10^6) in
// the value or the interval; EFAULT for new or old (new is read before
// which is looked at) and for getitimer's buffer.
static void
bad_itimer(void *bad)
{
  struct itimerval v = { 0, 0, 0, 1000000 }, old;

  EXPECT_ERR(setitimer(ITIMER_REAL, &v, 0), EINVAL);
  v.it_value_usec = -1;
  EXPECT_ERR(setitimer(ITIMER_REAL, &v, 0), EINVAL);
  v.it_value_usec = 0;
  v.it_interval_usec = 1000000;
  EXPECT_ERR(setitimer(ITIMER_REAL, &v, 0), EINVAL);
  v.it_interval_usec = -1;
  EXPECT_ERR(setitimer(ITIMER_REAL, &v, 0), EINVAL);
  v.it_interval_usec = 0;
  EXPECT_ERR(setitimer(ITIMER_REAL, (void *)1, 0), EFAULT);
  EXPECT_ERR(setitimer(ITIMER_REAL, bad, 0), EFAULT);
  EXPECT_ERR(setitimer(3, (void *)1, 0), EFAULT);
  EXPECT_ERR(setitimer(ITIMER_REAL, &v, (void *)1), EFAULT);   // v disarms
  EXPECT_ERR(getitimer(ITIMER_REAL, (void *)1), EFAULT);
  EXPECT_ERR(getitimer(ITIMER_REAL, bad), EFAULT);
  EXPECT(getitimer(ITIMER_REAL, &old), 0);
  EXPECT(old.it_value_sec | old.it_value_usec, 0);
}

// Every signal call's argument checks, in Linux's order, as the
// functions above list them (their man pages, and Linux 6.18's
// kernel/signal.c, fs/signalfd.c, kernel/time/itimer.c).
static void
signal_bad_input(void)
{
  void *bad = unmapped_page();

  bad_sigaction(bad);
  bad_sigset_calls(bad);
  bad_sigaltstack(bad);
  bad_kill();
  bad_signalfd(bad);
  bad_itimer(bad);
}

/*
 * rt_sigreturn checks what it restores: a frame it cannot read, or
 * whose FP area's reserved word or end-of-extensions header is not 0,
 * is a SIGSEGV (Linux's arch/riscv/kernel/signal.c: restore_sigcontext
 * fails, badframe: force_sig(SIGSEGV)), never a kernel crash; a saved
 * pc in the kernel, or on the trampoline page (mapped, but for the
 * kernel only), is only a user fault; SIGKILL cannot be blocked by way
 * of the saved mask (set_current_blocked drops it). And the frame
 * is really restored: a register, an FP register or the pc a handler
 * changes there is what the interrupted code goes on with.
 */
enum {
  FORGE_RESERVED, FORGE_EXT_MAGIC, FORGE_EXT_SIZE, FORGE_PC_KERNEL,
  FORGE_PC_TRAMPOLINE, FORGE_PC_LAND, FORGE_MASK_ALL, FORGE_REGS,
};
static volatile int forge;              // what forge_frame changes

static void
land(void)
{
  exit(42);
}

// SIGUSR1's handler: changes the frame as forge says, and returns.
static void
forge_frame(int sig, siginfo_t *si, void *ucv)
{
  ucontext_t *uc = ucv;
  struct user_regs *r = &uc->uc_mcontext.sc_regs;
  struct sigcontext_fp *fp = &uc->uc_mcontext.sc_fpregs;

  switch (forge) {
  case FORGE_RESERVED:      fp->reserved = 1; break;
  case FORGE_EXT_MAGIC:     fp->ext_magic = 0x1234; break;  // no such extension
  case FORGE_EXT_SIZE:      fp->ext_size = 8; break;        // END's size is 0
  case FORGE_PC_KERNEL:     r->pc = KERNBASE; break;
  case FORGE_PC_TRAMPOLINE: r->pc = TRAMPOLINE; break;
  case FORGE_PC_LAND:       r->pc = (uint64_t)land; break;
  case FORGE_MASK_ALL:      uc->uc_sigmask = ~0ULL; break;
  case FORGE_REGS:
    r->a0 = 0x5a5a;
    r->s2 = 0x2222;
    fp->f[0] = 0x4242;
    break;
  }
}

// A child whose SIGUSR1 handler forges what; it raises SIGUSR1, then
// exits 0 (if it is still there). Its wait status.
static int
forged_return(int what)
{
  int pid = TRY(fork());

  if (pid == 0) {
    forge = what;
    catch_info(SIGUSR1, forge_frame, 0, 0);
    raise(SIGUSR1);
    exit(0);
  }
  return REAP(pid);
}

// rt_sigreturn() with sp at sp, where no frame can be read; exits 99 if
// the call returns.
static void __attribute__((noreturn))
sigreturn_at(unsigned long sp)
{
  asm volatile("mv sp, %0\n"
               "li a7, %1\n"
               "ecall\n"
               "li a0, 99\n"
               "li a7, %2\n"
               "ecall\n"
               : : "r"(sp), "i"(NR_rt_sigreturn), "i"(NR_exit_group) : "memory");
  __builtin_unreachable();
}

// tgkill(getpid(), gettid(), SIGUSR1) made by hand, with s2 = 0x1111:
// what a0 (the call's result) and s2 hold once it, and the handler it
// runs, have returned.
static void
tgkill_watching(long *a0_out, long *s2_out)
{
  long pid = getpid(), tid = gettid(), a0, s2;

  asm volatile("li s2, 0x1111\n"
               "mv a0, %2\n"
               "mv a1, %3\n"
               "li a2, %4\n"
               "li a7, %5\n"
               "ecall\n"
               "mv %0, a0\n"
               "mv %1, s2\n"
               : "=&r"(a0), "=&r"(s2)
               : "r"(pid), "r"(tid), "i"(SIGUSR1), "i"(NR_tgkill)
               : "a0", "a1", "a2", "a7", "s2", "memory");
  *a0_out = a0;
  *s2_out = s2;
}

static void
signal_forged_frame(void)
{
  unsigned long sps[] = { 0x10, (unsigned long)unmapped_page() + PGSIZE / 2,
                          KERNBASE, TRAPFRAME(0) + PGSIZE / 2 };
  int i, pid, ready[2], hold[2];
  long a0, s2;
  uint64_t f[4];
  char c;

  faults_expected();
  for (i = 0; i < NELEM(sps); i++) {
    pid = TRY(fork());
    if (pid == 0)
      sigreturn_at(sps[i]);
    EXPECT_DIED(REAP(pid), SIGSEGV);
  }
  EXPECT_DIED(forged_return(FORGE_RESERVED), SIGSEGV);
  EXPECT_DIED(forged_return(FORGE_EXT_MAGIC), SIGSEGV);
  EXPECT_DIED(forged_return(FORGE_EXT_SIZE), SIGSEGV);
  EXPECT_DIED(forged_return(FORGE_PC_KERNEL), SIGSEGV);
  EXPECT_DIED(forged_return(FORGE_PC_TRAMPOLINE), SIGSEGV);
  EXPECT_EXIT(forged_return(FORGE_PC_LAND), 42);

  // The saved mask blocks all it can; SIGKILL still kills the child as
  // it waits in read on hold (EOF, once the case closes it: exit 0).
  TRY(pipe(ready));
  TRY(pipe(hold));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(hold[1]));
    forge = FORGE_MASK_ALL;
    catch_info(SIGUSR1, forge_frame, 0, 0);
    EXPECT(raise(SIGUSR1), 0);
    EXPECT(blocked_now(), ~(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP)));
    EXPECT(write(ready[1], "r", 1), 1);
    read(hold[0], &c, 1);
    exit(0);
  }
  await_ready(ready[0]);
  EXPECT(kill(pid, SIGKILL), 0);
  TRY(close(hold[1]));
  EXPECT_KILLED(REAP(pid));
  TRY(close(ready[0]));
  TRY(close(ready[1]));
  TRY(close(hold[0]));

  pid = TRY(fork());
  if (pid == 0) {
    forge = FORGE_REGS;
    catch_info(SIGUSR1, forge_frame, 0, 0);
    fp_set(1);
    tgkill_watching(&a0, &s2);
    fp_get(f);
    EXPECT(a0, 0x5a5a);
    EXPECT(s2, 0x2222);
    EXPECT(f[0], 0x4242);
    EXPECT(f[1], ~1L);                          // f9, untouched
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
}

// Pinned difference (docs/linux-differences.md, "stop and continue"):
// nudge has no job control, so SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
// are ignored by default, where Linux stops the process (signal(7)),
// and SIGCONT does only its default ignore. A child sent all five goes
// on: it answers the case's next byte and exits 0 by itself. A handler
// for SIGTSTP runs, as on Linux.
//
//   case --go--> child --reply--> case
//   reply 'r' (ready), 'h' (handler set), then the handler's run count
static void
signal_stop_ignored(void)
{
  static const int sigs[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT };
  int go[2], reply[2], pid, i;
  char c;

  TRY(pipe(go));
  TRY(pipe(reply));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(go[1]));
    TRY(close(reply[0]));
    EXPECT(write(reply[1], "r", 1), 1);
    EXPECT(read(go[0], &c, 1), 1);
    hits = 0;
    catch_sig(SIGTSTP, count_sig, SA_RESTART, 0);
    EXPECT(write(reply[1], "h", 1), 1);
    EXPECT(read(go[0], &c, 1), 1);
    c = hits;
    EXPECT(write(reply[1], &c, 1), 1);
    exit(0);
  }
  TRY(close(go[0]));
  TRY(close(reply[1]));
  await_ready(reply[0]);
  for (i = 0; i < NELEM(sigs); i++)
    EXPECT(kill(pid, sigs[i]), 0);
  EXPECT(write(go[1], "g", 1), 1);
  EXPECT(readable_within(reply[0], 5000), 1);   // a stopped child never answers
  EXPECT(read(reply[0], &c, 1), 1);
  EXPECT(c, 'h');
  EXPECT(kill(pid, SIGTSTP), 0);
  EXPECT(write(go[1], "g", 1), 1);
  EXPECT(read(reply[0], &c, 1), 1);
  EXPECT(c, 1);
  EXPECT_EXIT(REAP(pid), 0);
  TRY(close(go[1]));
  TRY(close(reply[0]));
}

static volatile long rt_values[4];      // record_value's values, in order

// An SA_SIGINFO handler that records sigqueue's values in order.
static void
record_value(int sig, siginfo_t *si, void *uc)
{
  if (hits < NELEM(rt_values))
    rt_values[hits] = si->si_value;
  hits++;
}

// sigqueue(3): a real-time signal to this process with a value.
static long
queue_to_self(int sig, long value)
{
  siginfo_t si;

  memset(&si, 0, sizeof si);
  si.si_signo = sig;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid();
  si.si_value = value;
  return rt_sigqueueinfo(getpid(), sig, &si);
}

// signal(7): a real-time signal sent while one of its kind is pending is
// queued: each one sent runs the handler, in the order sent, with its own
// value; a standard signal sent twice is pending once. Pinned difference
// (docs/linux-differences.md, "real-time signals"): the queue holds at
// most NSIGQUEUE = 1024 signals beyond the first of each kind per
// process; past that sigqueue gives EAGAIN and a kill's signal is
// dropped. Linux's bound is RLIMIT_SIGPENDING per user.
static void
signal_rt_queue(void)
{
  int rt = SIGRTMIN + 1, i;

  hits = 0;
  catch_info(rt, record_value, 0, 0);
  catch_sig(SIGUSR1, count_sig, 0, 0);
  block_only(SIGMASK(rt) | SIGMASK(SIGUSR1));
  EXPECT(queue_to_self(rt, 11), 0);
  EXPECT(queue_to_self(rt, 22), 0);
  EXPECT(kill(getpid(), rt), 0);        // the process's queue, as sigqueue's
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(pending_now(), SIGMASK(rt) | SIGMASK(SIGUSR1));
  block_only(0);
  EXPECT(hits, 4);                      // 3 real-time, 1 SIGUSR1
  EXPECT(rt_values[0], 11);
  EXPECT(rt_values[1], 22);
  EXPECT(rt_values[2], 0);

  hits = 0;
  block_only(SIGMASK(rt));
  for (i = 0; i < 1 + 1024; i++)
    if (queue_to_self(rt, i) != 0)
      break;
  EXPECT(i, 1 + 1024);
  EXPECT_ERR(queue_to_self(rt, -1), EAGAIN);
  EXPECT(kill(getpid(), rt), 0);        // no error, but not queued
  block_only(0);
  EXPECT(hits, 1 + 1024);
  EXPECT(pending_now(), 0);
}

// A child that dies of sig: by a fault (SIGSEGV), by raise, or by the
// case's kill as it waits in read (by_kill). Its wait status; "exit 0"
// if the signal did not end it (its read sees EOF once the case closes
// hold).
//
//   case <--ready-- child    (by_kill: 'r', then it waits on hold)
static int
death_by(int sig, int by_kill)
{
  int ready[2], hold[2], pid;
  char c;

  TRY(pipe(ready));
  TRY(pipe(hold));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(hold[1]));
    if (sig == SIGSEGV)
      *(volatile int *)null_addr = 1;
    if (!by_kill)
      raise(sig);
    EXPECT(write(ready[1], "r", 1), 1);
    read(hold[0], &c, 1);
    exit(0);
  }
  if (by_kill) {
    await_ready(ready[0]);
    EXPECT(kill(pid, sig), 0);
  }
  TRY(close(ready[0]));
  TRY(close(ready[1]));
  TRY(close(hold[0]));
  TRY(close(hold[1]));
  return REAP(pid);
}

// The core bit (docs/linux-differences.md, "the core bit"): a death by
// a signal whose default action is "Core" (signal(7)) sets WCOREDUMP
// (0x80) in the wait status: SIGSEGV from a fault, SIGABRT, SIGQUIT.
// Linux sets it only when a core file was written; nudge writes none
// and sets it always. A "Term" signal (SIGTERM, SIGKILL, SIGUSR1) never
// sets it.
static void
signal_core_bit(void)
{
  faults_expected();
  EXPECT_WSTATUS(death_by(SIGSEGV, 0), SIGSEGV | WCOREFLAG);
  EXPECT_WSTATUS(death_by(SIGABRT, 0), SIGABRT | WCOREFLAG);
  EXPECT_WSTATUS(death_by(SIGQUIT, 1), SIGQUIT | WCOREFLAG);
  EXPECT_WSTATUS(death_by(SIGTERM, 1), SIGTERM);
  EXPECT_WSTATUS(death_by(SIGKILL, 0), SIGKILL);
  EXPECT_WSTATUS(death_by(SIGUSR1, 0), SIGUSR1);
}

// Pinned difference (docs/linux-differences.md, "interval timers"):
// only ITIMER_REAL; ITIMER_VIRTUAL and ITIMER_PROF, which Linux has, are
// EINVAL, as 3 is on Linux too. ITIMER_REAL (setitimer(2)): a 50 ms
// value reads back as at most 50 ms, with no interval; it ends in one
// SIGALRM (si_code SI_KERNEL, as Linux's it_real_fn sends it), and then
// the timer reads 0. alarm(2), on the same timer, returns the seconds
// that were left, rounded.
static void
itimer_real_only(void)
{
  struct itimerval v = { 0, 0, 0, 50000 }, got;
  sigset_t none = { { 0 } };

  EXPECT_ERR(setitimer(ITIMER_VIRTUAL, &v, 0), EINVAL);
  EXPECT_ERR(setitimer(ITIMER_PROF, &v, 0), EINVAL);
  EXPECT_ERR(setitimer(3, &v, 0), EINVAL);
  EXPECT_ERR(getitimer(ITIMER_VIRTUAL, &got), EINVAL);
  EXPECT_ERR(getitimer(ITIMER_PROF, &got), EINVAL);
  EXPECT_ERR(getitimer(3, &got), EINVAL);

  hits = 0;
  catch_info(SIGALRM, save_info, 0, 0);
  block_only(SIGMASK(SIGALRM));         // until sigsuspend waits for it
  memset(&got, 0xff, sizeof got);
  EXPECT(setitimer(ITIMER_REAL, &v, &got), 0);
  EXPECT(got.it_value_sec | got.it_value_usec, 0);    // it was off
  EXPECT(getitimer(ITIMER_REAL, &got), 0);
  EXPECT(got.it_value_sec, 0);
  EXPECT_IN(got.it_value_usec, 1, 50000);
  EXPECT(got.it_interval_sec | got.it_interval_usec, 0);
  EXPECT_ERR(sigsuspend(&none), EINTR);
  EXPECT(hits, 1);
  EXPECT(last_info.si_signo, SIGALRM);
  EXPECT(last_info.si_code, SI_KERNEL);
  EXPECT(getitimer(ITIMER_REAL, &got), 0);
  EXPECT(got.it_value_sec | got.it_value_usec, 0);
  EXPECT(blocked_now(), SIGMASK(SIGALRM));

  EXPECT(alarm(5), 0);
  EXPECT(alarm(0), 5);
  EXPECT(getitimer(ITIMER_REAL, &got), 0);
  EXPECT(got.it_value_sec | got.it_value_usec, 0);
}

// usertests --child-signals (see signal_handler_basics): 0 if execve
// reset the handler and kept the rest, else the number of the first
// check that failed.
static int
child_signals(void)
{
  struct sigaction sa;
  sigset_t m;

  if (sigaction(SIGUSR1, 0, &sa) < 0 || sa.sa_handler != SIG_DFL)
    return 1;           // the handler went with the old program
  if (sigaction(SIGUSR2, 0, &sa) < 0 || sa.sa_handler != SIG_IGN)
    return 2;           // an ignored signal stays ignored
  if (sigprocmask(SIG_BLOCK, 0, &m) < 0 || m.sig[0] != SIGMASK(SIGTERM))
    return 3;           // the mask stays
  if (sigpending(&m) < 0 || m.sig[0] != SIGMASK(SIGTERM))
    return 4;           // so does a pending signal
  return 0;
}

// fork(2): the child has the parent's handlers and mask, nothing
// pending. execve(2): handlers back to SIG_DFL, SIG_IGN and the mask
// and the pending set kept (signal(7), "Signal mask and pending
// signals"; usertests --child-signals looks).
static void
inherited_signals(void)
{
  static char *argv[] = { "usertests", "--child-signals", 0 };
  int pid;

  catch_sig(SIGUSR1, count_sig, 0, 0);
  block_only(SIGMASK(SIGUSR2));
  EXPECT(raise(SIGUSR2), 0);
  pid = TRY(fork());
  if (pid == 0) {
    EXPECT(handler_of(SIGUSR1), count_sig);
    EXPECT(blocked_now(), SIGMASK(SIGUSR2));
    EXPECT(pending_now(), 0);
    hits = 0;
    EXPECT(raise(SIGUSR1), 0);
    EXPECT(hits, 1);
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  catch_sig(SIGUSR2, SIG_IGN, 0, 0);    // drops the pending one
  EXPECT(pending_now(), 0);
  block_only(0);

  pid = TRY(fork());
  if (pid == 0) {
    block_only(SIGMASK(SIGTERM));
    TRY(raise(SIGTERM));
    execv("/usertests", argv);
    exit(99);
  }
  EXPECT_EXIT(REAP(pid), 0);
  catch_sig(SIGUSR2, SIG_DFL, 0, 0);
}

// sigaction(2), signal(7): a handler for a signal a process sends itself
// runs before kill returns; SA_SIGINFO's siginfo says who sent it and
// how (SI_USER for kill, SI_TKILL for raise's tgkill); a blocked signal
// waits, sigpending shows it, and unblocking runs it; while a handler
// runs its signal (unless SA_NODEFER) and its sa_mask are blocked, and
// the mask comes back after; SA_RESETHAND gives SIG_DFL back once it
// ran. Then what fork and execve pass on.
static void
signal_handler_basics(void)
{
  hits = 0;
  catch_sig(SIGUSR1, count_sig, 0, 0);
  EXPECT(kill(getpid(), SIGUSR1), 0);
  EXPECT(hits, 1);

  catch_info(SIGUSR1, save_info, 0, 0);
  EXPECT(kill(getpid(), SIGUSR1), 0);
  EXPECT(hits, 2);
  EXPECT(last_info.si_signo, SIGUSR1);
  EXPECT(last_info.si_code, SI_USER);
  EXPECT(last_info.si_pid, getpid());
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(last_info.si_code, SI_TKILL);
  EXPECT(last_info.si_pid, getpid());

  block_only(SIGMASK(SIGUSR1));
  EXPECT(kill(getpid(), SIGUSR1), 0);
  EXPECT(hits, 3);
  EXPECT(pending_now(), SIGMASK(SIGUSR1));
  block_only(0);
  EXPECT(hits, 4);
  EXPECT(pending_now(), 0);

  catch_info(SIGUSR1, save_info, 0, SIGMASK(SIGUSR2));
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(mask_in_handler, SIGMASK(SIGUSR1) | SIGMASK(SIGUSR2));
  EXPECT(blocked_now(), 0);
  catch_info(SIGUSR1, save_info, SA_NODEFER, SIGMASK(SIGUSR2));
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(mask_in_handler, SIGMASK(SIGUSR2));

  catch_info(SIGUSR1, save_info, SA_RESETHAND, 0);
  EXPECT(raise(SIGUSR1), 0);
  EXPECT(hits, 7);
  EXPECT(handler_of(SIGUSR1), SIG_DFL);

  inherited_signals();
}

// SIGCHLD (sigaction(2), wait(2)): a handler runs when a child ends,
// with si_code CLD_EXITED and the exit code in si_status, or CLD_KILLED
// and the signal. With SIGCHLD set to SIG_IGN no one waits for the
// children: wait blocks until they have exited and then fails with
// ECHILD; init reaps them, so procs_live comes back.
//
//   case --fork--> 3 children, each exits at EOF on go
static void
signal_sigchld(void)
{
  struct memstat before, now;
  sigset_t none = { { 0 } };
  int pid, go[2], i;
  long t0;
  char c;

  hits = 0;
  catch_info(SIGCHLD, save_info, 0, 0);
  block_only(SIGMASK(SIGCHLD));
  pid = TRY(fork());
  if (pid == 0)
    exit(7);
  EXPECT_ERR(sigsuspend(&none), EINTR);
  EXPECT(hits, 1);
  EXPECT(last_info.si_signo, SIGCHLD);
  EXPECT(last_info.si_code, CLD_EXITED);
  EXPECT(last_info.si_pid, pid);
  EXPECT(last_info.si_status, 7);
  EXPECT_EXIT(REAP(pid), 7);

  pid = TRY(fork());
  if (pid == 0) {
    raise(SIGTERM);
    exit(0);
  }
  EXPECT_ERR(sigsuspend(&none), EINTR);
  EXPECT(last_info.si_code, CLD_KILLED);
  EXPECT(last_info.si_pid, pid);
  EXPECT(last_info.si_status, SIGTERM);
  EXPECT_DIED(REAP(pid), SIGTERM);

  TRY(memstat(&before));
  catch_sig(SIGCHLD, SIG_IGN, 0, 0);
  block_only(0);
  TRY(pipe(go));
  for (i = 0; i < 3; i++) {
    if (TRY(fork()) == 0) {
      TRY(close(go[1]));
      read(go[0], &c, 1);
      exit(0);
    }
  }
  TRY(close(go[0]));
  TRY(close(go[1]));
  EXPECT_ERR(wait(0), ECHILD);
  t0 = uptime();
  while (TRY(memstat(&now)) == 0 && now.procs_live > before.procs_live &&
         uptime() - t0 < 2 * HZ)
    nap(10);
  EXPECT(now.procs_live, before.procs_live);
}

/*
 * signal(7), "Interruption of system calls and library functions by
 * signal handlers": a call blocked in read on an empty pipe, in wait4,
 * in nanosleep, in epoll_wait or in ppoll ends with EINTR when a handler
 * without SA_RESTART runs (nanosleep leaving what was left in rem). With
 * SA_RESTART, read and wait4 go on and complete later; epoll_wait, ppoll
 * and nanosleep end with EINTR all the same.
 *
 *   case                                    child C, SIGUSR1 caught
 *     <--- 'r' ---------------------------  about to make the call
 *     kill(C, SIGUSR1) every 20 ms
 *     <--- 'i' ---------------------------  (SA_RESTART) the handler ran
 *                                           while C was in the call
 *     'x' into p ------------------------>  completes a read of p, or
 *                                           lets G (C's child) exit
 *     <--- 'd' ---------------------------  the call returned, as it should
 *
 * A signal that comes before the call only runs the handler, so the
 * case sends until one ends (or, with SA_RESTART, is seen to interrupt)
 * the call. For epoll_pwait and ppoll C keeps SIGUSR1 blocked until the
 * call's empty mask lets it in: the signal cannot come early.
 */
enum { CALL_READ, CALL_WAIT4, CALL_NANOSLEEP, CALL_EPOLL, CALL_PPOLL };

static const int call_nr[] = {
  [CALL_READ] = NR_read, [CALL_WAIT4] = NR_wait4,
  [CALL_NANOSLEEP] = NR_nanosleep, [CALL_EPOLL] = NR_epoll_pwait,
  [CALL_PPOLL] = NR_ppoll,
};
static int intr_fd;                   // C's end of the report pipe
static volatile long watch_nr;          // the call the handler watches for
static volatile int watch_seen;

// C's SIGUSR1 handler, with SA_RESTART: 'i' to the case, once, when
// the signal came while C was in call watch_nr (the frame's a7 holds the
// number of the call it interrupted).
static void
note_interrupt(int sig, siginfo_t *si, void *ucv)
{
  ucontext_t *uc = ucv;

  if (!watch_seen && (long)uc->uc_mcontext.sc_regs.a7 == watch_nr) {
    watch_seen = 1;
    if (write(intr_fd, "i", 1) != 1)
      exit(3);
  }
}

// C: makes call, which the case interrupts, and checks how it ended.
static void __attribute__((noreturn))
interrupted_child(int call, int restart, int rep, int p)
{
  sigset_t none = { { 0 } };
  struct timespec ts = { 10, 0 }, rem = { 0, 0 };
  struct epoll_event ev = { EPOLLIN, { 0 } };
  struct pollfd pfd = { p, POLLIN, 0 };
  int g = 0, ep = 0, st;
  long r = 0;
  char c;

  intr_fd = rep;
  watch_nr = restart ? call_nr[call] : -1;
  catch_info(SIGUSR1, note_interrupt, restart ? SA_RESTART : 0, 0);
  if (call == CALL_EPOLL || call == CALL_PPOLL)
    block_only(SIGMASK(SIGUSR1));
  if (call == CALL_EPOLL) {
    ep = TRY(epoll_create1(0));
    TRY(epoll_ctl(ep, EPOLL_CTL_ADD, p, &ev));
  }
  if (call == CALL_WAIT4 && (g = TRY(fork())) == 0) {
    block_only(SIGMASK(SIGUSR1));
    EXPECT(read(p, &c, 1), 1);
    exit(5);
  }
  EXPECT(write(rep, "r", 1), 1);
  switch (call) {
  case CALL_READ:      r = read(p, &c, 1); break;
  case CALL_WAIT4:     r = wait4(g, &st, 0, 0); break;
  case CALL_NANOSLEEP: r = nanosleep(&ts, &rem); break;
  case CALL_EPOLL:     r = epoll_pwait(ep, &ev, 1, -1, &none, sizeof none); break;
  case CALL_PPOLL:     r = ppoll(&pfd, 1, 0, &none); break;
  }
  if (restart && call == CALL_READ) {
    EXPECT(r, 1);
    EXPECT(c, 'x');
  } else if (restart && call == CALL_WAIT4) {
    EXPECT(r, g);
    EXPECT_EXIT(st, 5);
  } else {
    EXPECT_ERR(r, EINTR);
  }
  if (call == CALL_NANOSLEEP)
    EXPECT_IN(rem.tv_sec * 1000000000L + rem.tv_nsec, 1, 10000000000L);
  block_only(SIGMASK(SIGUSR1));         // no more interruptions
  EXPECT(write(rep, "d", 1), 1);
  if (call == CALL_WAIT4 && !restart) {
    EXPECT(wait4(g, &st, 0, 0), g);    // G exits once the case writes
    EXPECT_EXIT(st, 5);
  }
  exit(0);
}

static void
interrupt_call(int call, int restart)
{
  int rep[2], p[2], pid, n;
  char c;

  TRY(pipe(rep));
  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(rep[0]));
    TRY(close(p[1]));
    interrupted_child(call, restart, rep[1], p[0]);
  }
  TRY(close(rep[1]));
  await_ready(rep[0]);
  for (n = 0; !readable_within(rep[0], n ? 20 : 0); n++) {
    if (n == 500)
      fail(__FILE__, __LINE__, "call %d (SA_RESTART %d) not interrupted "
           "after 500 signals", call, restart);
    EXPECT(kill(pid, SIGUSR1), 0);
  }
  EXPECT(read(rep[0], &c, 1), 1);
  EXPECT(c, restart ? 'i' : 'd');
  EXPECT(write(p[1], "x", 1), 1);
  if (restart) {
    EXPECT(read(rep[0], &c, 1), 1);
    EXPECT(c, 'd');
  }
  EXPECT_EXIT(REAP(pid), 0);
  TRY(close(rep[0]));
  TRY(close(p[0]));
  TRY(close(p[1]));
}

static void
signal_interrupts_wait(void)
{
  int call;

  for (call = CALL_READ; call <= CALL_PPOLL; call++) {
    interrupt_call(call, 0);
    interrupt_call(call, 1);
  }
}

// signalfd(2) in epoll(7): a signalfd for SIGUSR1, blocked, sits in an
// epoll set beside an eventfd. A kill to self makes epoll_wait report
// the signalfd readable (the eventfd not); a read gives one 128-byte
// record (ssi_signo SIGUSR1, ssi_code SI_USER, ssi_pid the sender),
// however big the buffer; then nothing is pending: the read is EAGAIN
// (SFD_NONBLOCK) and epoll reports nothing.
//
//   ep --> sfd (SIGUSR1)    <- kill(getpid(), SIGUSR1)
//      --> efd (never written)
static void
signalfd_epoll(void)
{
  sigset_t set = { { SIGMASK(SIGUSR1) } };
  struct signalfd_siginfo rec[3];
  struct epoll_event ev[2];
  int sfd, efd, ep;

  block_only(SIGMASK(SIGUSR1));
  sfd = TRY(signalfd4(-1, &set, sizeof set, SFD_NONBLOCK));
  efd = TRY(eventfd(0, 0));
  ep = TRY(epoll_create1(0));
  ev[0].events = EPOLLIN;
  ev[0].data.fd = sfd;
  TRY(epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev[0]));
  ev[0].data.fd = efd;
  TRY(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev[0]));
  EXPECT(epoll_wait(ep, ev, 2, 0), 0);

  EXPECT(kill(getpid(), SIGUSR1), 0);
  EXPECT(epoll_wait(ep, ev, 2, 1000), 1);
  EXPECT(ev[0].data.fd, sfd);
  EXPECT(ev[0].events, EPOLLIN);
  EXPECT(read(sfd, rec, sizeof rec), sizeof rec[0]);
  EXPECT(rec[0].ssi_signo, SIGUSR1);
  EXPECT(rec[0].ssi_code, SI_USER);
  EXPECT(rec[0].ssi_pid, getpid());
  EXPECT_ERR(read(sfd, rec, sizeof rec), EAGAIN);
  EXPECT(pending_now(), 0);
  EXPECT(epoll_wait(ep, ev, 2, 0), 0);
  TRY(close(ep));
  TRY(close(efd));
  TRY(close(sfd));
}

/* ---- sockets ---------------------------------------------------------------- */

/*
 * recvmsg(2) of a datagram carrying an SCM_RIGHTS fd loses no file and
 * leaves no fd without one (found by fuzz): when the sender's name
 * cannot be written (EFAULT), when the record's bytes cannot (EFAULT),
 * and when the control buffer cannot (the byte, MSG_CTRUNC, and no new
 * fd), as on Linux 6.18. Nothing leaks.
 */
static void
recvmsg_files_kept(void)
{
  struct memstat before;
  char buf[8], name[110];
  int sv[2], p[2], fd, how;

  TRY(memstat(&before));
  for (how = 0; how < 3; how++) {
    struct { struct cmsghdr h; int fd; int pad; } c = { { 20, SOL_SOCKET, SCM_RIGHTS }, 0, 0 };
    struct iovec out = { "x", 1 }, in = { buf, sizeof buf };
    struct msghdr sm = { .msg_iov = &out, .msg_iovlen = 1, .msg_control = &c, .msg_controllen = 20 };
    struct msghdr rm = { .msg_iov = &in, .msg_iovlen = 1 };
    char *ro = 0;

    TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    TRY(bind(sv[0], &(struct sockaddr){ AF_UNIX }, 2));    // a name to give back
    TRY(pipe(p));
    c.fd = p[0];
    EXPECT(sendmsg(sv[0], &sm, 0), 1);
    TRY(close(p[0]));
    TRY(close(p[1]));
    fd = lowest_free(0);
    if (how == 0) {
      rm.msg_name = (void *)8;                      // cannot be written
      rm.msg_namelen = sizeof name;
      EXPECT_ERR(recvmsg(sv[1], &rm, 0), EFAULT);
    } else if (how == 1) {
      in.iov_base = (void *)8;                      // user range, not mapped
      EXPECT_ERR(recvmsg(sv[1], &rm, 0), EFAULT);
    } else {
      ro = mmap(0, PGSIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      CHECK(ro != MAP_FAILED);
      rm.msg_control = ro;
      rm.msg_controllen = 64;
      EXPECT(recvmsg(sv[1], &rm, 0), 1);
      CHECK(rm.msg_flags & MSG_CTRUNC);
      TRY(munmap(ro, PGSIZE));
    }
    CHECK(!is_open(fd));
    TRY(close(sv[0]));
    TRY(close(sv[1]));
  }
  EXPECT_NO_LEAK(&before, "recvmsg");
}

/*
 * socket(2), bind(2), accept(2), send(2), getsockopt(2) and the others:
 * bad input gets Linux's errno, and nothing leaks (the leaks case). Each
 * answer was checked on Linux 6.18 with the same calls.
 */
static void
socket_bad_input(void)
{
  struct sockaddr_un a = { AF_UNIX, "ut_sock" };
  static volatile uintptr_t bad_addr = 1;   // hidden from the compiler's checks
  int sv[2], p[2], u, d, v = 0;
  socklen_t l = sizeof(v);

  TRY(pipe(p));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  EXPECT_ERR(socket(AF_UNIX, 99, 0), EINVAL);
  EXPECT_ERR(socket(AF_UNIX, SOCK_STREAM | 0x100, 0), EINVAL);
  EXPECT_ERR(socket(AF_UNIX, 4, 0), ESOCKTNOSUPPORT);
  EXPECT_ERR(socket(AF_UNIX, SOCK_STREAM, 5), EPROTONOSUPPORT);
  EXPECT_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)bad_addr), EFAULT);
  EXPECT_ERR(bind(99, &a, sizeof(a)), EBADF);
  EXPECT_ERR(bind(p[0], &a, sizeof(a)), ENOTSOCK);
  EXPECT_ERR(bind(sv[0], (void *)1, sizeof(a)), EFAULT);
  EXPECT_ERR(bind(sv[0], &a, 1), EINVAL);
  EXPECT_ERR(bind(sv[0], &a, 200), EINVAL);
  EXPECT_ERR(connect(sv[0], (void *)1, sizeof(a)), EFAULT);
  EXPECT_ERR(accept4(sv[0], 0, 0, 0x4), EINVAL);
  EXPECT_ERR(accept(sv[0], 0, 0), EINVAL);
  EXPECT_ERR(send(sv[0], (void *)1, 10, 0), EFAULT);
  EXPECT_ERR(sendmsg(sv[0], (void *)1, 0), EFAULT);
  EXPECT_ERR(recvmsg(sv[0], (void *)1, 0), EFAULT);
  EXPECT_ERR(getsockopt(sv[0], 6, 1, &v, &l), EOPNOTSUPP);
  EXPECT_ERR(getsockopt(sv[0], SOL_SOCKET, 12345, &v, &l), ENOPROTOOPT);
  EXPECT_ERR(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, (socklen_t *)1), EFAULT);
  EXPECT_ERR(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, 2), EINVAL);
  EXPECT_ERR(setsockopt(sv[0], 6, 1, &v, 4), EOPNOTSUPP);
  EXPECT_ERR(shutdown(sv[0], 3), EINVAL);
  EXPECT_ERR(getsockname(sv[0], (void *)1, &l), EFAULT);
  u = TRY(socket(AF_UNIX, SOCK_STREAM, 0));
  EXPECT_ERR(getpeername(u, &a, &l), ENOTCONN);
  EXPECT_ERR(listen(u, 5), EINVAL);               // no name
  EXPECT_ERR(send(u, "x", 1, MSG_NOSIGNAL), ENOTCONN);
  EXPECT_ERR(recv(u, &v, 1, 0), EINVAL);
  d = TRY(socket(AF_UNIX, SOCK_DGRAM, 0));
  EXPECT_ERR(listen(d, 5), EOPNOTSUPP);
  EXPECT_ERR(send(d, "x", 1, 0), ENOTCONN);
  // A bad buffer loses nothing: the byte is still there to read.
  EXPECT(write(sv[0], "z", 1), 1);
  EXPECT_ERR(recv(sv[1], (void *)1, 1, 0), EFAULT);
  EXPECT(recv(sv[1], buf, 1, 0), 1);
  EXPECT(buf[0], 'z');
  TRY(close(u));
  TRY(close(d));
  TRY(close(sv[0]));
  TRY(close(sv[1]));
  TRY(close(p[0]));
  TRY(close(p[1]));
}

// Pinned difference (docs/linux-differences.md, "socket families"):
// only AF_UNIX; Linux creates an AF_INET socket here.
static void
linuxdiff_socket_families(void)
{
  EXPECT_ERR(socket(2, SOCK_STREAM, 0), EAFNOSUPPORT);
  EXPECT_ERR(socket(10, SOCK_DGRAM, 0), EAFNOSUPPORT);
  EXPECT_ERR(socket(46, SOCK_DGRAM, 0), EAFNOSUPPORT);
}

// Pinned difference (docs/linux-differences.md, "urgent data on a
// stream socket"): MSG_OOB on a stream send is EOPNOTSUPP, and nothing
// is sent; Linux (CONFIG_AF_UNIX_OOB) sends the byte as urgent data. A
// receive of urgent data finds none waiting: EINVAL, as on Linux when
// none was sent.
static void
linuxdiff_unix_oob(void)
{
  int sv[2];
  char c;

  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  EXPECT_ERR(send(sv[0], "u", 1, MSG_OOB), EOPNOTSUPP);
  EXPECT_ERR(recv(sv[1], &c, 1, MSG_OOB | MSG_DONTWAIT), EINVAL);
  EXPECT_ERR(recv(sv[1], &c, 1, MSG_DONTWAIT), EAGAIN);
  TRY(close(sv[0]));
  TRY(close(sv[1]));
}

/*
 * A sender is charged what its messages take: 1-byte stream sends until
 * EAGAIN pin no more memory than the send buffer (212992 bytes, Linux's
 * wmem_default) and a few pages for the sockets, so small messages are
 * not whole pages each (they once were, charged 257 bytes apiece: 3.4
 * MB pinned by 829 sends). Reading them frees it all.
 */
static void
socket_memory_charged(void)
{
  struct memstat before, full;
  char c;
  long pinned;
  int sv[2], n = 0, got = 0;

  TRY(memstat(&before));
  TRY(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  while (send(sv[0], "x", 1, 0) == 1)
    n++;
  CHECK(errno == EAGAIN);
  TRY(memstat(&full));
  pinned = (long)(before.free_pages - full.free_pages) * PGSIZE;
  note("%d one-byte sends, %ld bytes pinned", n, pinned);
  CHECK(n >= 212992 / PGSIZE * 4);        // a message is far less than a page
  CHECK(pinned <= 212992 + 8 * PGSIZE);
  while (recv(sv[1], &c, 1, 0) == 1)
    got++;
  EXPECT(got, n);
  TRY(close(sv[0]));
  TRY(close(sv[1]));
  EXPECT_NO_LEAK(&before, "socket messages");
}

/* ---- timerfd and pidfd -------------------------------------------------- */

/*
 * Each answer below was checked on Linux 6.18 with the same calls
 * (natively, where qemu-riscv64 cannot make them); the glibc programs
 * timerfd, tfdepoll and pidfd compare the common cases with Linux line
 * by line.
 */

// timerfd_settime(fd, flags) to a first expiration after value ns and a
// period of interval ns (0: a one-shot).
static int
tfd_arm(int fd, int flags, long value, long interval)
{
  struct itimerspec its = {
    { interval / 1000000000, interval % 1000000000 },
    { value / 1000000000, value % 1000000000 },
  };

  return timerfd_settime(fd, flags, &its, 0);
}

/*
 * timerfd_create(2), timerfd_settime(2), timerfd_gettime(2): bad input
 * gets Linux's errno, in Linux's order (6.18's fs/timerfd.c). create:
 * EINVAL for a clock other than REALTIME, MONOTONIC, BOOTTIME and the two
 * alarm clocks, and for flags other than TFD_NONBLOCK and TFD_CLOEXEC.
 * settime copies new_value in (EFAULT) before it checks the flags and
 * the values (EINVAL), then the fd (EBADF; EINVAL for a file that is no
 * timer), and writes old_value (EFAULT) once the timer is set: it stays
 * set. gettime checks the fd before it writes. A read into kernel memory
 * is EFAULT before anything else (vfs_read, as rw_error_order has it):
 * before a count below 8 bytes is EINVAL, before EAGAIN, before a
 * blocking read of a disarmed timer would sleep. Into any other memory
 * it may not use, a read is EFAULT once an expiration is there to copy
 * out. A write is EINVAL. A failed call leaves no file behind.
 */
static void
timerfd_bad_input(void)
{
  static const long clocks[] = { -1, 2, 3, 4, 5, 6, 10, 11, 12, 99,
                                 INT_MAX, INT_MIN };
  static const long flags[] = { 1, 2, O_RDWR, 0x1234, -1 };
  static const struct itimerspec values[] = {   // it_interval, it_value
    { { 0, 0 }, { 0, -1 } }, { { 0, 0 }, { 0, 1000000000 } },
    { { 0, 0 }, { -1, 0 } }, { { 0, -1 }, { 1, 0 } },
    { { 0, 1000000000 }, { 1, 0 } }, { { -1, 0 }, { 1, 0 } },
    { { 0, -1 }, { 0, 0 } },
  };
  struct itimerspec ok = { { 0, 0 }, { 60, 0 } }, cur;
  void *const k = high_kernel_addr;
  void *bad[] = { 0, (void *)1, (void *)KERNBASE, (void *)TRAMPOLINE,
                  (void *)TRAPFRAME(0), k, unmapped_page() };
  struct memstat before, after;
  int i, fd, blocking, p[2], efd, ep, closed;
  long t0;

  TRY(memstat(&before));
  for (i = 0; i < NELEM(clocks); i++)
    EXPECT_ERR(timerfd_create(clocks[i], 0), EINVAL);
  for (i = 0; i < NELEM(flags); i++)
    EXPECT_ERR(timerfd_create(CLOCK_MONOTONIC, flags[i]), EINVAL);
  EXPECT_ERR(timerfd_create(99, TFD_NONBLOCK | 0x1234), EINVAL);
  fd = TRY(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
  TRY(pipe(p));
  efd = TRY(eventfd(0, 0));
  ep = TRY(epoll_create1(0));
  closed = lowest_free(0);

  EXPECT_ERR(timerfd_settime(fd, 4, &ok, 0), EINVAL);
  EXPECT_ERR(timerfd_settime(fd, 0x100, &ok, 0), EINVAL);
  EXPECT_ERR(timerfd_settime(fd, -1, &ok, 0), EINVAL);
  for (i = 0; i < NELEM(values); i++)
    EXPECT_ERR(timerfd_settime(fd, 0, &values[i], 0), EINVAL);
  EXPECT_ERR(timerfd_settime(closed, 4, &ok, 0), EINVAL);        // flags first
  EXPECT_ERR(timerfd_settime(closed, 0, &values[0], 0), EINVAL); // values too
  for (i = 0; i < NELEM(bad); i++) {
    EXPECT_ERR(timerfd_settime(fd, 0, bad[i], 0), EFAULT);
    EXPECT_ERR(timerfd_gettime(fd, bad[i]), EFAULT);
    // settime reads new_value before anything; gettime looks up the fd
    // before it writes curr_value.
    EXPECT_ERR(timerfd_settime(closed, 4, bad[i], 0), EFAULT);
    EXPECT_ERR(timerfd_gettime(closed, bad[i]), EBADF);
    EXPECT_ERR(timerfd_settime(closed, 0, &ok, bad[i]), EBADF);
    if (bad[i] == 0)
      continue;                         // no old_value wanted
    EXPECT_ERR(timerfd_settime(fd, 0, &ok, bad[i]), EFAULT);
    TRY(timerfd_gettime(fd, &cur));
    CHECK(cur.it_value.tv_sec >= 50 && cur.it_value.tv_sec <= 60);
    TRY(tfd_arm(fd, 0, 0, 0));
  }
  EXPECT_ERR(timerfd_settime(p[0], 0, &ok, 0), EINVAL);
  EXPECT_ERR(timerfd_settime(efd, 0, &ok, 0), EINVAL);
  EXPECT_ERR(timerfd_settime(ep, 0, &ok, 0), EINVAL);
  EXPECT_ERR(timerfd_gettime(p[1], &cur), EINVAL);
  EXPECT_ERR(timerfd_settime(closed, 0, &ok, 0), EBADF);
  EXPECT_ERR(timerfd_settime(-1, 0, &ok, 0), EBADF);
  EXPECT_ERR(timerfd_settime(NOFILE, 0, &ok, 0), EBADF);
  EXPECT_ERR(timerfd_settime(INT_MAX, 0, &ok, 0), EBADF);
  EXPECT_ERR(timerfd_gettime(closed, &cur), EBADF);
  EXPECT_ERR(timerfd_gettime(-1, &cur), EBADF);

  EXPECT_ERR(read(fd, buf, 0), EINVAL);
  EXPECT_ERR(read(fd, buf, 7), EINVAL);
  EXPECT_ERR(read(fd, k, 7), EFAULT);
  EXPECT_ERR(read(fd, k, 8), EFAULT);
  EXPECT_ERR(read(fd, buf, 8), EAGAIN);
  EXPECT_ERR(write(fd, buf, 8), EINVAL);
  blocking = TRY(timerfd_create(CLOCK_MONOTONIC, 0));
  TRY(tfd_arm(blocking, 0, 5000000000L, 0));
  t0 = uptime();
  EXPECT_ERR(read(blocking, k, 8), EFAULT);
  CHECK(uptime() - t0 < 2 * HZ);                // at once, not in 5 s
  TRY(close(blocking));
  for (i = 0; i < NELEM(bad); i++) {
    TRY(tfd_arm(fd, 0, 1, 0));
    CHECK(readable_within(fd, 10000));
    EXPECT_ERR(read(fd, buf, 7), EINVAL);
    EXPECT_ERR(read(fd, bad[i], 8), EFAULT);
  }
  TRY(close(fd));
  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(close(efd));
  TRY(close(ep));
  TRY(memstat(&after));
  EXPECT(after.files_live, before.files_live);
  EXPECT(after.kmalloc_live, before.kmalloc_live);
}

// A blocking timer, armed for 20 ms: a thread reads it while the main
// thread closes its only fd.
struct timer_reader {
  int fd;
  volatile int done;
  long got;
  int err;
};

static void
read_timer(void *arg)
{
  struct timer_reader *r = arg;
  uint64_t n = 0;

  r->got = read(r->fd, &n, sizeof n) == sizeof n ? (long)n : -1;
  r->err = errno;
  r->done = 1;
}

// In a child: the close may come before the thread's read looks up the
// fd (EBADF) or while it sleeps in it; then the read holds the file,
// which lives on until the read has the expiration.
static void
close_under_reader(void)
{
  struct timer_reader r = { .fd = TRY(timerfd_create(CLOCK_MONOTONIC, 0)) };

  TRY(tfd_arm(r.fd, 0, 20000000, 0));
  spawn(read_timer, &r);
  nap(5);
  TRY(close(r.fd));
  CHECK(await(&r.done));
  CHECK(r.got == 1 || (r.got == -1 && r.err == EBADF));
}

// Round i's timer, on one of the three clocks (i % 3), closed as i % 4
// says: armed for 60 s; running every 1 ms, watched by ep; expired and
// unread; read and disarmed.
static void
timerfd_round(int ep, int i)
{
  static const int clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME,
                                CLOCK_BOOTTIME };
  int flags = TFD_NONBLOCK | (i & 4 ? TFD_CLOEXEC : 0);
  int fd = TRY(timerfd_create(clocks[i % 3], flags));
  struct epoll_event ev = { EPOLLIN, { 0 } };
  uint64_t n;

  switch (i % 4) {
  case 0:
    TRY(tfd_arm(fd, 0, 60000000000L, 0));
    break;
  case 1:
    TRY(tfd_arm(fd, 0, 1000000, 1000000));
    TRY(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    break;
  case 2:
    TRY(tfd_arm(fd, 0, 1, 0));
    CHECK(readable_within(fd, 10000));
    break;
  case 3:
    TRY(tfd_arm(fd, 0, 1, 1000000));
    CHECK(readable_within(fd, 10000));
    CHECK(read(fd, &n, sizeof n) == sizeof n && n >= 1);
    TRY(tfd_arm(fd, 0, 0, 0));
    break;
  }
  TRY(close(fd));
}

#define POLL_PIPES 100                  // 100 entries: two pages of them

// One round of poll_leaks: poll() over the read ends of POLL_PIPES
// pipes, none ready, until its 1 ms timeout; then again with one
// written; select() over them; then every pipe closed.
static void
poll_round(void)
{
  static struct pollfd pfd[POLL_PIPES];
  int p[POLL_PIPES][2], i;
  fd_set rd;

  FD_ZERO(&rd);
  for (i = 0; i < POLL_PIPES; i++) {
    TRY(pipe(p[i]));
    pfd[i] = (struct pollfd){ p[i][0], POLLIN, 0 };
    if (p[i][0] < FD_SETSIZE)
      FD_SET(p[i][0], &rd);
  }
  EXPECT(poll(pfd, POLL_PIPES, 1), 0);
  EXPECT(write(p[POLL_PIPES - 1][1], "x", 1), 1);
  EXPECT(poll(pfd, POLL_PIPES, 1), 1);
  EXPECT(select(FD_SETSIZE, &rd, 0, 0, &(struct timeval){ 0, 1000 }), 1);
  for (i = 0; i < POLL_PIPES; i++) {
    TRY(close(p[i][0]));
    TRY(close(p[i][1]));
  }
}

/*
 * poll() and select() leave nothing behind (memstat, as timerfd_leaks):
 * 100 rounds of poll_round, whose waits put 100 entries (two pages of
 * them) on the pipes' queues, each holding its pipe; and a child killed
 * while it sleeps in poll(). An entry not freed, or a file reference not
 * dropped (the pipe would outlive its last close), shows here.
 */
static void
poll_leaks(void)
{
  struct memstat before;
  struct pollfd pfd;
  int i, pid, p[2];

  poll_round();                         // warm up
  TRY(memstat(&before));
  for (i = 0; i < 100; i++)
    poll_round();
  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    pfd = (struct pollfd){ p[0], POLLIN, 0 };
    poll(&pfd, 1, -1);
    exit(1);
  }
  settle();
  TRY(kill(pid, SIGKILL));
  EXPECT_KILLED(REAP(pid));
  TRY(close(p[0]));
  TRY(close(p[1]));
  EXPECT_NO_LEAK(&before, "poll");
}

/*
 * Timers that come and go leave nothing behind (memstat, as
 * thread_churn): 3000 rounds of timerfd_round, each kind of close on
 * each clock; a child that exits with 100 timers running; a timer
 * closed under a thread blocked reading it. The epoll that watched the
 * running timers has nothing left.
 */
static void
timerfd_leaks(void)
{
  struct memstat before;
  struct epoll_event ev;
  int ep = TRY(epoll_create1(0)), i, pid;

  for (i = 0; i < 4; i++)               // warm up: each kind once
    timerfd_round(ep, i);
  TRY(memstat(&before));
  for (i = 0; i < 3000; i++)
    timerfd_round(ep, i);
  EXPECT(epoll_wait(ep, &ev, 1, 0), 0);
  pid = TRY(fork());
  if (pid == 0) {
    for (i = 0; i < 100; i++)
      TRY(tfd_arm(TRY(timerfd_create(CLOCK_MONOTONIC, 0)), 0, 1000000,
                  1000000));
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  pid = TRY(fork());
  if (pid == 0) {
    close_under_reader();
    exit(0);
  }
  EXPECT_EXIT(REAP(pid), 0);
  EXPECT_NO_LEAK(&before, "timers");
  TRY(close(ep));
}

/*
 * pidfd_open(2), waitid(2) with P_PIDFD, pidfd_send_signal(2): bad input
 * gets Linux's errno, in Linux's order (6.18's kernel/pid.c,
 * kernel/exit.c, kernel/signal.c). pidfd_open: EINVAL for flags beyond
 * PIDFD_NONBLOCK and PIDFD_THREAD, then for a pid of 0 or below, then
 * ESRCH for a pid no process has. waitid: EINVAL for unknown options or
 * none of WEXITED, WSTOPPED and WCONTINUED, for an idtype Linux lacks,
 * and for an fd below 0; then EBADF for an fd not open or no pidfd; an
 * infop it cannot write is EFAULT once the child is reaped, and NULL is
 * allowed. pidfd_send_signal: EINVAL for unknown flags or two scopes at
 * once, then EBADF, then EFAULT for a siginfo it cannot read, then the
 * process: ESRCH once it is reaped, else EINVAL for a signal out of
 * range. A pidfd has no read or write: EINVAL, even for a buffer in the
 * kernel (the file has no such operation: vfs_read says so first).
 * Nothing is left behind.
 */
static void
pidfd_bad_input(void)
{
  static const long flags[] = { 1, O_CLOEXEC, 0x1234, -1 };
  static const long pids[] = { 0, -1, INT_MIN };
  static const long options[] = { 0, WNOHANG, WNOWAIT, WEXITED | 0x1000,
                                  -1 };
  static const long idtypes[] = { 4, 99, -1 };
  void *const k = high_kernel_addr;
  void *bad[] = { (void *)1, (void *)KERNBASE, (void *)TRAMPOLINE,
                  (void *)TRAPFRAME(0), k, unmapped_page() };
  struct memstat before, after;
  siginfo_t si;
  int pid, child, fd, cfd, p[2], closed, i;

  TRY(memstat(&before));
  TRY(pipe(p));
  pid = TRY(fork());
  if (pid == 0) {
    TRY(close(p[1]));
    read(p[0], buf, 1);
    exit(3);
  }
  fd = TRY(pidfd_open(pid, 0));
  closed = lowest_free(0);

  for (i = 0; i < NELEM(flags); i++) {
    EXPECT_ERR(pidfd_open(pid, flags[i]), EINVAL);
    EXPECT_ERR(pidfd_open(0, flags[i]), EINVAL);
    EXPECT_ERR(pidfd_open(INT_MAX, flags[i]), EINVAL);
  }
  for (i = 0; i < NELEM(pids); i++)
    EXPECT_ERR(pidfd_open(pids[i], 0), EINVAL);
  EXPECT_ERR(pidfd_open(INT_MAX, 0), ESRCH);

  for (i = 0; i < NELEM(options); i++) {
    EXPECT_ERR(waitid(P_PIDFD, fd, &si, options[i]), EINVAL);
    EXPECT_ERR(waitid(P_PIDFD, closed, &si, options[i]), EINVAL);
  }
  for (i = 0; i < NELEM(idtypes); i++)
    EXPECT_ERR(waitid(idtypes[i], fd, &si, WEXITED), EINVAL);
  EXPECT_ERR(waitid(P_PIDFD, -1, &si, WEXITED), EINVAL);
  EXPECT_ERR(waitid(P_PIDFD, INT_MIN, &si, WEXITED), EINVAL);
  EXPECT_ERR(waitid(P_PIDFD, closed, &si, WEXITED), EBADF);
  EXPECT_ERR(waitid(P_PIDFD, p[0], &si, WEXITED), EBADF);
  EXPECT_ERR(waitid(P_PIDFD, INT_MAX, &si, WEXITED), EBADF);
  EXPECT_ERR(waitid(P_PIDFD, fd, k, WEXITED | WNOHANG), EFAULT);

  // The flags first, then the fd, then the siginfo, then the signal.
  EXPECT_ERR(pidfd_send_signal(closed, 100, bad[0], 8), EINVAL);
  EXPECT_ERR(pidfd_send_signal(fd, 0, 0, 3), EINVAL);
  EXPECT_ERR(pidfd_send_signal(fd, 0, 0, 8), EINVAL);
  EXPECT_ERR(pidfd_send_signal(fd, 0, 0, -1), EINVAL);
  EXPECT_ERR(pidfd_send_signal(closed, 100, bad[0], 0), EBADF);
  EXPECT_ERR(pidfd_send_signal(p[0], 0, 0, 0), EBADF);
  EXPECT_ERR(pidfd_send_signal(-1, 0, 0, 0), EBADF);
  for (i = 0; i < NELEM(bad); i++)
    EXPECT_ERR(pidfd_send_signal(fd, 100, bad[i], 0), EFAULT);
  EXPECT_ERR(pidfd_send_signal(fd, 65, 0, 0), EINVAL);
  EXPECT_ERR(pidfd_send_signal(fd, 100, 0, 0), EINVAL);
  EXPECT_ERR(pidfd_send_signal(fd, -1, 0, 0), EINVAL);
  EXPECT(pidfd_send_signal(fd, 0, 0, 0), 0);
  EXPECT_ERR(read(fd, buf, 8), EINVAL);
  EXPECT_ERR(read(fd, k, 8), EINVAL);
  EXPECT_ERR(write(fd, buf, 8), EINVAL);

  // The child exits; a waitid with an infop it cannot write reaps it.
  EXPECT(write(p[1], "x", 1), 1);
  CHECK(readable_within(fd, 10000));
  EXPECT_ERR(pidfd_send_signal(fd, 100, 0, 0), EINVAL);   // still there
  EXPECT_ERR(waitid(P_PIDFD, fd, bad[0], WEXITED), EFAULT);
  EXPECT_ERR(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG), ECHILD);
  EXPECT_ERR(pidfd_send_signal(fd, 100, 0, 0), ESRCH);     // the process first
  EXPECT_ERR(pidfd_send_signal(fd, 0, bad[1], 0), EFAULT); // siginfo first
  EXPECT_ERR(pidfd_open(pid, 0), ESRCH);
  for (i = 0; i < NELEM(bad); i++) {
    child = TRY(fork());
    if (child == 0)
      exit(4);
    cfd = TRY(pidfd_open(child, 0));
    CHECK(readable_within(cfd, 10000));
    EXPECT_ERR(waitid(P_PIDFD, cfd, bad[i], WEXITED), EFAULT);
    EXPECT_ERR(wait(0), ECHILD);
    TRY(close(cfd));
  }
  child = TRY(fork());
  if (child == 0)
    exit(4);
  cfd = TRY(pidfd_open(child, 0));
  EXPECT(waitid(P_PIDFD, cfd, 0, WEXITED), 0);
  EXPECT_ERR(wait(0), ECHILD);
  TRY(close(cfd));
  TRY(close(fd));
  TRY(close(p[0]));
  TRY(close(p[1]));
  TRY(memstat(&after));
  EXPECT(after.files_live, before.files_live);
  EXPECT(after.kmalloc_live, before.kmalloc_live);
  EXPECT(after.procs_live, before.procs_live);
}

// clone(flags) with parent_tid ptid, no stack (a copy, as fork); a child
// that a failed call made anyway exits at once.
static long
clone_pidfd_call(unsigned long flags, int *ptid)
{
  long r = __sys_clone(flags | SIGCHLD, 0, ptid, 0, 0);

  if (r == 0)
    exit(0);
  return r;
}

/*
 * clone(2) with CLONE_PIDFD (riscv64's arguments: flags, stack,
 * parent_tid, tls, child_tid): the parent gets a pidfd at parent_tid,
 * close-on-exec, the lowest free fd, which waitid(P_PIDFD) takes as
 * pidfd_open's. Linux makes the fd after copying the memory and the fd
 * table: in the child, parent_tid is as it was and that fd is not open.
 * EINVAL with CLONE_PARENT_SETTID (both would use parent_tid) and with
 * CLONE_DETACHED; EFAULT for a parent_tid it cannot write, and then
 * there is no child. qemu-riscv64 refuses CLONE_PIDFD (EINVAL), so the
 * glibc programs cannot compare this: it was checked with a native
 * x86-64 build on Linux 6.18 (x86-64's clone has parent_tid third too).
 */
static void
clone_pidfd(void)
{
  int pidfd = -1, lowest = lowest_free(0), pid;
  siginfo_t si;

  pid = TRY(__sys_clone(CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0));
  if (pid == 0)
    exit(pidfd == -1 && !is_open(lowest) ? 7 : 1);
  EXPECT(pidfd, lowest);
  EXPECT(fcntl(pidfd, F_GETFD), FD_CLOEXEC);
  CHECK(readable_within(pidfd, 10000));
  memset(&si, 0, sizeof si);
  EXPECT(waitid(P_PIDFD, pidfd, &si, WEXITED), 0);
  EXPECT(si.si_signo, SIGCHLD);
  EXPECT(si.si_code, CLD_EXITED);
  EXPECT(si.si_status, 7);
  EXPECT(si.si_pid, pid);
  EXPECT_ERR(wait(0), ECHILD);
  TRY(close(pidfd));
  EXPECT_ERR(clone_pidfd_call(CLONE_PIDFD | CLONE_PARENT_SETTID, &pidfd),
             EINVAL);
  EXPECT_ERR(clone_pidfd_call(CLONE_PIDFD | CLONE_DETACHED, &pidfd), EINVAL);
  EXPECT_ERR(clone_pidfd_call(CLONE_PIDFD, (int *)1), EFAULT);
  EXPECT_ERR(clone_pidfd_call(CLONE_PIDFD, (int *)KERNBASE), EFAULT);
  EXPECT_ERR(clone_pidfd_call(CLONE_PIDFD, (int *)high_kernel_addr), EFAULT);
  EXPECT_ERR(wait(0), ECHILD);
  EXPECT(lowest_free(0), lowest);
}

// One child of round kind, with a pidfd closed: while the child runs;
// after it exited, before wait reaps it; after waitid reaped it through
// the pidfd; made by CLONE_PIDFD and closed while an epoll watches it.
// The child exits holding a pidfd of its parent.
static void
pidfd_round(int ep, int kind)
{
  struct epoll_event ev = { EPOLLIN, { 0 } };
  int go[2], pid, fd = -1;
  siginfo_t si;

  TRY(pipe(go));
  if (kind == 3)
    pid = TRY(__sys_clone(CLONE_PIDFD | SIGCHLD, 0, &fd, 0, 0));
  else
    pid = TRY(fork());
  if (pid == 0) {
    TRY(close(go[1]));
    TRY(pidfd_open(getppid(), 0));
    read(go[0], buf, 1);
    exit(0);
  }
  TRY(close(go[0]));
  if (kind != 3)
    fd = TRY(pidfd_open(pid, 0));
  switch (kind) {
  case 0:
    TRY(close(fd));
    TRY(close(go[1]));
    EXPECT_EXIT(REAP(pid), 0);
    break;
  case 1:
    TRY(close(go[1]));
    CHECK(readable_within(fd, 10000));
    TRY(close(fd));
    EXPECT_EXIT(REAP(pid), 0);
    break;
  case 2:
  case 3:
    if (kind == 3)
      TRY(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    TRY(close(go[1]));
    CHECK(readable_within(fd, 10000));
    EXPECT(waitid(P_PIDFD, fd, &si, WEXITED), 0);
    EXPECT(si.si_status, 0);
    TRY(close(fd));
    break;
  }
}

/*
 * pidfds that come and go leave nothing behind (memstat): 200 rounds of
 * pidfd_round, each kind in turn. The epoll that watched the CLONE_PIDFD
 * children's pidfds has nothing left.
 */
static void
pidfd_leaks(void)
{
  struct memstat before;
  struct epoll_event ev;
  int ep = TRY(epoll_create1(0)), i;

  for (i = 0; i < 4; i++)               // warm up: each kind once
    pidfd_round(ep, i);
  TRY(memstat(&before));
  for (i = 0; i < 200; i++)
    pidfd_round(ep, i % 4);
  EXPECT(epoll_wait(ep, &ev, 1, 0), 0);
  EXPECT_NO_LEAK(&before, "pidfds");
  TRY(close(ep));
}

static const struct testcase tests[] = {
  { "fork_pid", fork_pid, 1 },
  { "exit_codes", exit_codes, 1 },
  { "wait_nochild", wait_nochild, 1 },
  { "wait_null", wait_null, 1 },
  { "wait_efault", wait_efault, 1 },
  { "fork_limit", fork_limit, 1 },
  { "orphan", orphan, 1 },
  { "getpid_distinct", getpid_distinct, 1 },
  { "exec_echo", exec_echo, 1 },
  { "exec_maxargs", exec_maxargs, 1 },
  { "exec_errors", exec_errors, 1 },
  { "exec_static_pie", exec_static_pie, 1 },
  { "linuxdiff_exec_interp", linuxdiff_exec_interp, 1 },
  { "exec_auxv", exec_auxv, 1 },
  { "kill_spin", kill_spin, 1 },
  { "kill_piperead", kill_piperead, 1 },
  { "kill_sleeping", kill_sleeping, 1 },
  { "kill_errors", kill_errors, 1 },
  { "kill_init", kill_init, 1 },
  { "kill_long_write", kill_long_write, 0, 60 },

  { "linuxdiff_pipe_size", linuxdiff_pipe_size, 1 },
  { "linuxdiff_clone_threads", linuxdiff_clone_threads, 1 },
  { "fault_kills", fault_kills, 1 },
  { "linuxdiff_clocks", linuxdiff_clocks, 1 },
  { "fpu_per_process", fpu_per_process, 1 },
  { "linuxdiff_rusage_zero", linuxdiff_rusage_zero, 1 },
  { "linuxdiff_no_permissions", linuxdiff_no_permissions, 1 },
  { "linuxdiff_mknod_types", linuxdiff_mknod_types, 1 },
  { "linuxdiff_epoll_watch_limit", linuxdiff_epoll_watch_limit, 0, 600 },
  { "linuxdiff_pidfd_thread", linuxdiff_pidfd_thread, 1 },
  { "linuxdiff_timerfd_extras", linuxdiff_timerfd_extras, 1 },
  { "polltest_q", polltest_q, 1, 120 },
  { "eventfdtest_q", eventfdtest_q, 1, 120 },
  { "epolltest_q", epolltest_q, 1, 180 },
  { "sbrk_grow", sbrk_grow, 1 },
  { "sbrk_shrink", sbrk_shrink, 1 },
  { "sbrk_huge", sbrk_huge, 1 },
  { "sbrk_oom", sbrk_oom, 0, 120 },
  { "mem_faults", mem_faults, 1 },
  { "mmap_errors", mmap_errors, 1 },
  { "munmap_partial", munmap_partial, 1 },
  { "mmap_shared_fork", mmap_shared_fork, 1 },
  { "mmap_demand", mmap_demand, 1 },
  { "stack_grows", stack_grows, 1 },
  { "linuxdiff_mmap_page0", linuxdiff_mmap_page0, 1 },
  { "futex_errors", futex_errors, 1 },
  { "futex_timeout", futex_timeout, 1 },
  { "futex_shared_wake", futex_shared_wake, 1 },
  { "futex_wake_count", futex_wake_count, 1 },
  { "futex_bitset", futex_bitset, 1 },
  { "futex_requeue_two", futex_requeue_two, 1 },
  { "futex_killed", futex_killed, 1 },
  { "linuxdiff_futex_ops", linuxdiff_futex_ops, 1 },
  { "efault_rw", efault_rw, 1 },
  { "efault_args", efault_args, 1 },
  { "rw_error_order", rw_error_order, 1 },
  { "nametoolong", nametoolong, 1 },
  { "memstat_sane", memstat_sane, 1 },

  { "uname_fields", uname_fields, 1 },
  { "sysinfo_sane", sysinfo_sane, 1 },
  { "rlimit_defaults", rlimit_defaults, 1 },
  { "rlimit_errors", rlimit_errors, 1 },
  { "rlimit_nofile", rlimit_nofile, 1 },
  { "prlimit_other", prlimit_other, 1 },
  { "linuxdiff_rlimits_kept", linuxdiff_rlimits_kept, 1 },
  { "console_tty", console_tty, 1 },
  { "linuxdiff_console_fixed", linuxdiff_console_fixed, 1 },

  { "fd_ebadf", fd_ebadf, 1 },
  { "dup_lowest", dup_lowest, 1 },
  { "dup2_dup3", dup2_dup3, 1 },
  { "fcntl_fd", fcntl_fd, 1 },
  { "fcntl_fl", fcntl_fl, 1 },
  { "fcntl_shared", fcntl_shared, 1 },
  { "fcntl_dupfd", fcntl_dupfd, 1 },
  { "fd_max", fd_max, 0, 60 },
  { "fdget_refs", fdget_refs, 1 },
  { "cloexec", cloexec, 1 },

  { "pipe_writers", pipe_writers, 1 },
  { "pipe_eof", pipe_eof, 1 },
  { "pipe_epipe", pipe_epipe, 1 },
  { "pipe_nonblock", pipe_nonblock, 1 },
  { "pipe2_flags", pipe2_flags, 1 },
  { "pipe_ends", pipe_ends, 1 },
  { "pipe_big", pipe_big, 1 },
  { "pipe_readers", pipe_readers, 1 },

  { "fs_basic", fs_basic, 1 },
  { "fs_trunc_append", fs_trunc_append, 1 },
  { "fs_open_errors", fs_open_errors, 1 },
  { "fs_unlink_open", fs_unlink_open, 1 },
  { "fs_notempty", fs_notempty, 1 },
  { "fs_link", fs_link, 1 },
  { "fs_chdir", fs_chdir, 1 },
  { "fs_removed_cwd", fs_removed_cwd, 1 },
  { "fs_fstat", fs_fstat, 1 },
  { "files_efault", files_efault, 1 },
  { "files_einval", files_einval, 1 },
  { "iov_limits", iov_limits, 1 },
  { "getdents_types", getdents_types, 1 },
  { "getcwd_deep", getcwd_deep, 1 },
  { "linuxdiff_iov_segments", linuxdiff_iov_segments, 1 },
  { "linuxdiff_lseek_max", linuxdiff_lseek_max, 1 },
  { "linuxdiff_no_proc", linuxdiff_no_proc, 1 },
  { "linuxdiff_umask_ignored", linuxdiff_umask_ignored, 1 },
  { "fs_mknod", fs_mknod, 1 },
  { "stat_layout", stat_layout, 1 },
  { "fs_dirs", fs_dirs, 0, 120 },
  { "fs_bigfile", fs_bigfile, 0, 180 },
  { "fs_manyfiles", fs_manyfiles, 0, 180 },
  { "fs_concurrent", fs_concurrent, 0, 180 },

  { "uptime_moves", uptime_moves, 1 },
  { "nanosleep_time", nanosleep_time, 1 },
  { "nanosleep_errors", nanosleep_errors, 1 },

  { "thread_ids", thread_ids, 1 },
  { "thread_shares_memory", thread_shares_memory, 1 },
  { "thread_group_exit", thread_group_exit, 1 },
  { "thread_leader_exits", thread_leader_exits, 1 },
  { "thread_kill_tid", thread_kill_tid, 1 },
  { "thread_exec", thread_exec, 1 },
  { "thread_children_shared", thread_children_shared, 1 },
  { "thread_shares_cwd", thread_shares_cwd, 1 },
  { "thread_tlb_shootdown", thread_tlb_shootdown, 1 },
  { "thread_churn", thread_churn, 1 },
  { "clone_vfork_waits", clone_vfork_waits, 1 },

  { "signal_bad_input", signal_bad_input, 1 },
  { "signal_forged_frame", signal_forged_frame, 1 },
  { "signal_stop_ignored", signal_stop_ignored, 1 },
  { "signal_rt_queue", signal_rt_queue, 1 },
  { "signal_core_bit", signal_core_bit, 1 },
  { "itimer_real_only", itimer_real_only, 1 },
  { "signal_handler_basics", signal_handler_basics, 1 },
  { "signal_sigchld", signal_sigchld, 1 },
  { "signal_interrupts_wait", signal_interrupts_wait, 1 },
  { "signalfd_epoll", signalfd_epoll, 1 },
  { "socket_bad_input", socket_bad_input, 1 },
  { "recvmsg_files_kept", recvmsg_files_kept, 1 },
  { "linuxdiff_socket_families", linuxdiff_socket_families, 1 },
  { "linuxdiff_unix_oob", linuxdiff_unix_oob, 1 },
  { "socket_memory_charged", socket_memory_charged, 1 },

  { "epoll_killed_waiter", epoll_killed_waiter, 1 },
  { "select_long_timeouts", select_long_timeouts, 1 },
  { "select_poll_all_fds", select_poll_all_fds, 1 },
  { "epoll_deep_add_time", epoll_deep_add_time, 0, 120 },
  { "epoll_storm", epoll_storm, 0, 60 },

  { "timerfd_bad_input", timerfd_bad_input, 1 },
  { "timerfd_leaks", timerfd_leaks, 0, 120 },
  { "poll_leaks", poll_leaks, 1, 60 },
  { "pidfd_bad_input", pidfd_bad_input, 1 },
  { "clone_pidfd", clone_pidfd, 1 },
  { "pidfd_leaks", pidfd_leaks, 0, 120 },

  { "fs_full", fs_full, 0, 600 },       // last: it fills the disk

  { "link_max", link_max, 0, 600, 1 },   // about 4 minutes
  { "consolelines", consolelines, 0, 0, 1 },
};

int
main(int argc, char *argv[])
{
  static char why[300];
  struct memstat before;
  int status;

  if (argc >= 2 && strcmp(argv[1], "--child-fds") == 0)
    return child_fds(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "--child-args") == 0)
    return child_args(argc, argv);
  if (argc == 2 && strcmp(argv[1], "--child-auxv") == 0)
    return child_auxv(argv);
  if (argc == 2 && strcmp(argv[1], "--child-fpzero") == 0)
    return child_fpzero();
  if (argc == 2 && strcmp(argv[1], "--child-signals") == 0)
    return child_signals();

  harness_start("usertests", tests, NELEM(tests), argc, argv);
  if (memstat(&before) < 0) {
    printf("usertests: memstat: %s\n", errname(errno));
    memset(&before, 0, sizeof before);
  }
  harness_run();
  result("leaks", memstat_settled(&before, why, sizeof why) ? why : 0);
  status = harness_end();
  printf("%s\n", status ? "SOME TESTS FAILED" : "ALL TESTS PASSED");
  return status;
}
