/*
 * diff_proc: the process calls as Linux's riscv64 ABI has them: clone's
 * fork flags and tid stores, wait4's pids, options and statuses, process
 * groups, getppid, execve's argv and envp (and the empty argv Linux
 * fills in), brk's answers, and the time ppoll and pselect6 write back.
 *
 * Calls glibc wraps into something else (brk, clone, ppoll, pselect6)
 * are made as the system calls themselves, with syscall(). The program
 * execs itself for the execve cases: with "--args CASE", the new image
 * prints its argc, argv and two variables of its environment as CASE's
 * line.
 */
#include "diff.h"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>

#define raw_brk(a)              syscall(SYS_brk, (a))
// ctid is the fourth argument on x86-64 and the fifth on riscv64; the
// other slot is tls, which only CLONE_SETTLS reads.
#define raw_clone(flags, ptid, ctid) \
  syscall(SYS_clone, (flags), 0, (ptid), (ctid), (ctid))
#define raw_ppoll(f, n, ts, m, sz)   syscall(SYS_ppoll, (f), (n), (ts), (m), (sz))
#define raw_pselect6(n, r, w, e, ts, sig) \
  syscall(SYS_pselect6, (n), (r), (w), (e), (ts), (sig))

static char *self;              // argv[0], to exec this program again

// A wait status in words: "exit N" or "killed N".
static const char *
status_str(int status)
{
  char *s = diff_buf();

  if (WIFSIGNALED(status))
    snprintf(s, DIFF_BUFSZ, "killed %d", WTERMSIG(status));
  else
    snprintf(s, DIFF_BUFSZ, "exit %d", WEXITSTATUS(status));
  return s;
}

// A child that waits until the pipe's write end closes, then exits with
// code; p is a pipe the caller made.
static int
child_until_eof(int p[2], int code)
{
  int pid = fork();
  char c;

  if (pid == 0) {
    close(p[1]);
    while (read(p[0], &c, 1) > 0)
      ;
    _exit(code);
  }
  close(p[0]);
  return pid;
}

CASE(wait_exit_codes)
{
  static const int codes[] = { 0, 7, 255, 256 + 3 };
  char line[128] = "";
  int pids[4], i, status;

  for (i = 0; i < 4; i++)
    if ((pids[i] = fork()) == 0)
      _exit(codes[i]);
  for (i = 3; i >= 0; i--) {
    if (waitpid(pids[i], &status, 0) != pids[i])
      strcat(line, " wrong pid");
    else
      snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s",
               status_str(status));
  }
  say("%s", line + 1);
}

CASE(wait_killed)
{
  int p[2], pid, status;
  const char *r;

  pipe(p);
  pid = child_until_eof(p, 0);
  kill(pid, SIGKILL);
  r = res(waitpid(pid, &status, 0) == pid ? 0 : -1);
  say("%s %s", r, status_str(status));
}

CASE(wait_nohang)
{
  int p[2], pid, status;
  const char *before, *after;

  pipe(p);
  pid = child_until_eof(p, 4);
  before = res(waitpid(pid, &status, WNOHANG));
  close(p[1]);
  after = waitpid(pid, &status, 0) == pid ? status_str(status) : "wrong pid";
  say("running: %s, then %s", before, after);
}

CASE(wait_no_children)
{
  const char *any, *one, *group;

  any = res(waitpid(-1, 0, 0));
  one = res(waitpid(getpid() + 100000, 0, WNOHANG));
  group = res(waitpid(0, 0, WNOHANG));
  say("any %s, a stranger %s, my group %s", any, one, group);
}

CASE(wait4_bad_args)
{
  int p[2], pid;
  const char *opt, *intmin, *stopped;

  pipe(p);
  pid = child_until_eof(p, 0);
  opt = res(wait4(pid, 0, 0x4, 0));
  intmin = res(wait4(-2147483647 - 1, 0, WNOHANG, 0));
  stopped = res(wait4(pid, 0, WNOHANG | WUNTRACED | WCONTINUED, 0));
  close(p[1]);
  waitpid(pid, 0, 0);
  say("options 4: %s, pid INT_MIN: %s, WUNTRACED|WCONTINUED: %s", opt,
      intmin, stopped);
}

// waitid writes its siginfo (zeros when no child is found) whatever it
// answers, so an info that cannot be written is EFAULT before bad
// options, a bad id type, a closed pidfd or no children; a good one is
// zeroed on those errors.
CASE(waitid_info_written)
{
  siginfo_t *bad = (siginfo_t *)opaque(8), si;
  const char *opts, *type, *fd, *none, *good;

  opts = res(waitid(P_ALL, 0, bad, 0));
  type = res(waitid((idtype_t)7, 0, bad, WEXITED));
  fd = res(waitid(P_PIDFD, 99, bad, WEXITED));
  none = res(waitid(P_ALL, 0, bad, WEXITED));
  memset(&si, 0x55, sizeof(si));
  good = res(waitid(P_ALL, 0, &si, 0));
  say("a bad info: no options %s, type 7 %s, fd 99 %s, no child %s; "
      "a good one, no options: %s, si_signo %d si_code %d si_pid %d",
      opts, type, fd, none, good, si.si_signo, si.si_code, si.si_pid);
}

// A status address that cannot be written: EFAULT, and the child is
// reaped all the same.
CASE(wait_bad_status)
{
  int pid = fork();
  const char *r;

  if (pid == 0)
    _exit(1);
  r = res(waitpid(pid, (int *)opaque(1), 0));
  say("%s, then %s", r, res(waitpid(-1, 0, WNOHANG)));
}

// wait4's rusage: written for a reaped child (its values are not
// compared); one that cannot be written is EFAULT, the child reaped.
CASE(wait4_rusage)
{
  static char ru[144];
  int pid, status;
  const char *r, *bad;

  if ((pid = fork()) == 0)
    _exit(9);
  r = wait4(pid, &status, 0, (void *)ru) == pid ? "pid" : "wrong pid";
  if ((pid = fork()) == 0)
    _exit(0);
  bad = res(wait4(pid, 0, 0, (void *)opaque(1)));
  say("%s %s; bad rusage: %s, then %s", r, status_str(status), bad,
      res(waitpid(-1, 0, WNOHANG)));
}

CASE(wait_group)
{
  int p[2], pid, status;
  const char *mine, *setpg, *theirs;

  pipe(p);
  pid = child_until_eof(p, 5);
  setpg = res(setpgid(pid, pid));
  mine = res(waitpid(0, 0, WNOHANG));
  close(p[1]);
  theirs = waitpid(-pid, &status, 0) == pid ? status_str(status) : "wrong pid";
  say("setpgid %s; my group: %s; its group: %s", setpg, mine, theirs);
}

CASE(pgid_basics)
{
  int p[2], pid;
  const char *same, *child, *joined, *back;

  same = getpgid(0) == getpgrp() && getpgid(getpid()) == getpgid(0) ?
         "yes" : "no";
  pipe(p);
  pid = child_until_eof(p, 0);
  child = getpgid(pid) == getpgid(0) ? "inherited" : "not inherited";
  setpgid(pid, pid);
  joined = getpgid(pid) == pid ? "own group" : "same group";
  back = res(setpgid(pid, getpgid(0)));
  close(p[1]);
  waitpid(pid, 0, 0);
  say("getpgid(0) == getpgrp(): %s; child %s; after setpgid %s; "
      "back: %s", same, child, joined, back);
}

CASE(pgid_errors)
{
  const char *neg, *init, *nogroup, *nopid;

  neg = res(setpgid(0, -1));
  init = res(setpgid(1, 0));
  nogroup = res(setpgid(0, 0x7fffff00));
  nopid = res(getpgid(0x7fffff00));
  say("pgid -1: %s; pid 1: %s; no such group: %s; getpgid of none: %s",
      neg, init, nogroup, nopid);
}

// setpgid on a child that has called execve: EACCES. The child execs
// this program, which says so on the ready pipe and waits for EOF.
CASE(pgid_after_exec)
{
  int ready[2], hold[2], pid;
  char fds[2][16], c;

  pipe(ready);
  pipe(hold);
  pid = fork();
  if (pid == 0) {
    snprintf(fds[0], sizeof(fds[0]), "%d", ready[1]);
    snprintf(fds[1], sizeof(fds[1]), "%d", hold[0]);
    close(ready[0]);
    close(hold[1]);
    execve(self, (char *[]){ self, "--hold", fds[0], fds[1], 0 },
           (char *[]){ 0 });
    _exit(99);
  }
  close(ready[1]);
  close(hold[0]);
  read(ready[0], &c, 1);
  say("%s", res(setpgid(pid, pid)));
  close(hold[1]);
  waitpid(pid, 0, 0);
}

CASE(ppid)
{
  int me = getpid(), pid = fork(), status;

  if (pid == 0)
    _exit(getppid() == me ? 1 : 2);
  waitpid(pid, &status, 0);
  say("child's getppid() is its parent: %s",
      WEXITSTATUS(status) == 1 ? "yes" : "no");
}

// clone's tid stores: the parent's copy at ptid, the child's at ctid.
CASE(clone_settid)
{
  int ptid = 0, ctid = 0, status;
  long pid;

  pid = raw_clone(SIGCHLD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID,
                  &ptid, &ctid);
  if (pid == 0)
    _exit(ctid == getpid() ? 1 : 2);
  waitpid(pid, &status, 0);
  say("ptid is the pid: %s; in the child, ctid is its pid: %s",
      ptid == pid ? "yes" : "no", WEXITSTATUS(status) == 1 ? "yes" : "no");
}

// A child whose exit signal is not SIGCHLD is a "clone child": only
// __WCLONE or __WALL wait for it.
CASE(clone_exit_signal)
{
  long pid = raw_clone(0, 0, 0);
  const char *plain, *wclone, *sigchld;
  int status;

  if (pid == 0)
    _exit(3);
  plain = res(waitpid(pid, &status, 0));
  wclone = waitpid(pid, &status, __WCLONE) == pid ? status_str(status) : "no";
  pid = raw_clone(SIGCHLD, 0, 0);
  if (pid == 0)
    _exit(4);
  sigchld = res(waitpid(pid, &status, __WCLONE));
  waitpid(pid, &status, __WALL);
  say("without __WCLONE: %s; with: %s; a SIGCHLD child with __WCLONE: %s; "
      "__WALL: %s", plain, wclone, sigchld, status_str(status));
}

// Flag sets Linux refuses; and an exit signal past the last signal,
// which clone (unlike clone3) does not check: a clone child.
CASE(clone_flags)
{
  const char *thread, *sighand, *sig;
  long pid;
  int status;

  thread = res(raw_clone(SIGCHLD | 0x10000, 0, 0));     // CLONE_THREAD
  sighand = res(raw_clone(SIGCHLD | 0x800, 0, 0));      // CLONE_SIGHAND
  pid = raw_clone(255, 0, 0);
  if (pid == 0)
    _exit(6);
  sig = pid < 0 ? res(pid) : waitpid(pid, &status, __WCLONE) == pid ?
        status_str(status) : "not a clone child";
  say("CLONE_THREAD alone: %s; CLONE_SIGHAND alone: %s; signal 255: %s",
      thread, sighand, sig);
}

// The new image prints this case's line (see main).
static void
exec_self(char *argv[], char *envp[])
{
  int pid = fork(), status;

  if (pid == 0) {
    execve(self, argv, envp);
    _exit(99);
  }
  waitpid(pid, &status, 0);
  if (status != 0)
    say("execve failed: %s", status_str(status));
  else
    diff_lines++;               // the new image said it
}

CASE(execve_args_env)
{
  exec_self((char *[]){ self, "--args", "execve_args_env", "x y", "", 0 },
            (char *[]){ "A=1", "B=two words", "C", 0 });
}

// The lines from an empty argv: Linux runs the program with argc 1 and
// argv[0] "", so the new image cannot name the case; it says only that.
CASE(execve_empty_argv)
{
  int p[2], pid, status;
  char buf[64] = "";
  long n;

  pipe(p);
  pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    execve(self, (char *[]){ 0 }, (char *[]){ 0 });
    _exit(99);
  }
  close(p[1]);
  n = read(p[0], buf, sizeof(buf) - 1);
  buf[n > 0 ? n : 0] = '\0';
  if (n > 0 && buf[n - 1] == '\n')
    buf[n - 1] = '\0';
  waitpid(pid, &status, 0);
  say("%s, %s", buf, status_str(status));
}

CASE(execve_errors)
{
  const char *noent, *dir, *junk, *fault, *argvfault;
  int fd;

  fd = open("diffproc.tmp", O_CREAT | O_TRUNC | O_WRONLY, 0755);
  write(fd, "not a program\n", 14);
  close(fd);
  noent = res(execve("/nonexistent", (char *[]){ "x", 0 }, (char *[]){ 0 }));
  dir = res(execve("/", (char *[]){ "x", 0 }, (char *[]){ 0 }));
  junk = res(execve("diffproc.tmp", (char *[]){ "x", 0 }, (char *[]){ 0 }));
  fault = res(execve((char *)opaque(1), (char *[]){ "x", 0 }, (char *[]){ 0 }));
  argvfault = res(execve(self, (char **)opaque(1), (char *[]){ 0 }));
  unlink("diffproc.tmp");
  say("missing: %s; directory: %s; not ELF: %s; bad path: %s; bad argv: %s",
      noent, dir, junk, fault, argvfault);
}

CASE(brk_answers)
{
  long cur = raw_brk(0), up, low, back;

  up = raw_brk(cur + 8192);
  low = raw_brk(4096);
  back = raw_brk(cur);
  say("brk(0) again: %s; up 8 KiB: %s; to 4096: %s; back: %s",
      raw_brk(0) == cur ? "same" : "moved",
      up == cur + 8192 ? "moved there" : "did not move",
      low == cur + 8192 ? "stays" : "moved",
      back == cur ? "moved there" : "did not move");
}

CASE(ppoll_time_left)
{
  struct timespec ts = { 0, 20 * 1000000 }, zero = { 5, 0 };
  struct pollfd pfd;
  int p[2];
  const char *r, *rz;

  pipe(p);
  pfd.fd = p[0];
  pfd.events = POLLIN;
  r = res(raw_ppoll(&pfd, 1, &ts, 0, 8));
  write(p[1], "x", 1);
  rz = res(raw_ppoll(&pfd, 1, &zero, 0, 8));
  say("empty: %s, left %ld.%09ld; ready: %s, left less than 5 s: %s", r,
      (long)ts.tv_sec, (long)ts.tv_nsec, rz,
      zero.tv_sec < 5 ? "yes" : "no");
}

CASE(ppoll_bad_timeouts)
{
  struct timespec bad_ns = { 0, 1000000000 }, neg = { -1, 0 };
  struct pollfd pfd = { -1, POLLIN, 0 };
  const char *a, *b, *c;

  a = res(raw_ppoll(&pfd, 1, &bad_ns, 0, 8));
  b = res(raw_ppoll(&pfd, 1, &neg, 0, 8));
  c = res(raw_ppoll(&pfd, 1, (void *)opaque(1), 0, 8));
  say("nsec 10^9: %s; sec -1: %s; unreadable: %s; nfds 2^30: %s", a, b, c,
      res(raw_ppoll(&pfd, 1UL << 30, 0, 0, 8)));
}

// pselect6 takes its mask as { sigset_t *, size_t }; a null mask in it is
// no mask, as is a null pointer for the pair.
CASE(pselect6_time_left)
{
  struct timespec ts = { 0, 20 * 1000000 }, zero = { 0, 0 };
  struct { void *mask; size_t size; } nomask = { 0, 8 };
  fd_set rs;
  int p[2];
  const char *r, *rz;

  pipe(p);
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  r = res(raw_pselect6(p[0] + 1, &rs, 0, 0, &ts, &nomask));
  FD_SET(p[0], &rs);
  rz = res(raw_pselect6(p[0] + 1, &rs, 0, 0, &zero, 0));
  say("empty: %s, left %ld.%09ld; zero timeout: %s, left %ld.%09ld; "
      "bad pair: %s", r, (long)ts.tv_sec, (long)ts.tv_nsec, rz,
      (long)zero.tv_sec, (long)zero.tv_nsec,
      res(raw_pselect6(0, 0, 0, 0, &zero, (void *)opaque(1))));
}

int
main(int argc, char *argv[])
{
  char **e;
  int n = 0;

  // The re-executed image: print the case's line and go.
  if (argc >= 3 && strcmp(argv[1], "--args") == 0) {
    diff_case = argv[2];
    for (e = environ; *e; e++)
      n++;
    say("argc %d, argv[3] \"%s\", argv[4] \"%s\", %d variables, A=%s, "
        "B=%s", argc, argv[3], argv[4], n, getenv("A"), getenv("B"));
    return 0;
  }
  if (argc == 4 && strcmp(argv[1], "--hold") == 0) {
    char c;
    write(atoi(argv[2]), "r", 1);
    while (read(atoi(argv[3]), &c, 1) > 0)
      ;
    return 0;
  }
  if (argc == 0 || argv[0][0] == '\0') {
    printf("argc %d, argv[0] \"%s\"\n", argc, argc ? argv[0] : "(none)");
    return 0;
  }
  self = argv[0];

  diff_begin("diff_proc");
  RUN(wait_exit_codes);
  RUN(wait_killed);
  RUN(wait_nohang);
  RUN(wait_no_children);
  RUN(wait4_bad_args);
  RUN_NATIVE(waitid_info_written);   // qemu-user: checks before writing
  RUN(wait_bad_status);
  RUN(wait4_rusage);
  RUN(wait_group);
  RUN(pgid_basics);
  RUN(pgid_errors);
  RUN(pgid_after_exec);
  RUN(ppid);
  RUN_NATIVE(clone_settid);          // qemu-user: no ptid in the parent
  RUN_NATIVE(clone_exit_signal);     // qemu-user: a SIGCHLD child
  RUN_NATIVE(clone_flags);           // qemu-user: signal 255 EINVAL
  RUN_NATIVE(execve_args_env);       // qemu-user: drops "C"
  RUN_NATIVE(execve_empty_argv);     // qemu-user: argv[0] a path
  RUN(execve_errors);
  RUN(brk_answers);
  RUN(ppoll_time_left);
  RUN(ppoll_bad_timeouts);
  RUN(pselect6_time_left);
  return diff_end("diff_proc");
}
