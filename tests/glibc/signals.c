/*
 * signals: how a signal reaches a process and its handler, each rule from
 * signal(7), sigaction(2), sigprocmask(2), sigpending(2), sigaltstack(2),
 * sigreturn(2), abort(3), fork(2) and execve(2):
 *
 *   - a signal a process sends itself, unblocked, is handled before kill
 *     returns; si_code says who sent it (SI_USER, SI_TKILL, SI_QUEUE);
 *   - a blocked signal stays pending, and runs once when unblocked; the
 *     lowest pending number is delivered first; a standard signal sent
 *     twice while blocked is delivered once, a realtime one twice;
 *   - the handler runs with its own signal blocked (not with SA_NODEFER)
 *     and sa_mask added, and the mask comes back when it returns;
 *     SA_RESETHAND puts SIG_DFL back; SIG_IGN discards, even a signal
 *     already pending; SIGKILL and SIGSTOP can be neither caught nor
 *     blocked; what sigaction and rt_sigprocmask refuse;
 *   - the ucontext a handler gets: its saved pc (changed to step over an
 *     illegal instruction) and saved mask (what the mask becomes on
 *     return); registers of a loop survive asynchronous signals;
 *   - faults: SIGSEGV's si_code and si_addr, recovered with siglongjmp;
 *     a fault with SIGSEGV blocked kills; the alternate stack, and a
 *     stack overflow caught on it;
 *   - default actions, abort(), and what fork and execve keep: the mask,
 *     the ignored signals and (execve) the pending ones; not the handlers
 *     (execve), the pending signals (fork) or the alternate stack
 *     (execve).
 *
 * A case that ends a process, or that could hang, runs in a child whose
 * end the parent prints; the child's own checks print from the child
 * (the parent waits for it before printing more) and make its exit
 * status nonzero. Handlers only record, in volatile sig_atomic_t
 * variables; main prints.
 *
 * sa_mask is set through rt_sigaction itself, not glibc: qemu-riscv64
 * 7.2, the oracle, reads the kernel's struct sigaction for riscv as if it
 * had an sa_restorer before sa_mask (riscv has none), so it takes the mask
 * from the word after glibc's (always 0), and blocks nothing extra in the
 * handler. See handle_masked.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include "check.h"

#if defined(__riscv)
// unimp without the C extension: csrrw zero, cycle, zero, 4 bytes,
// illegal since cycle is read-only. (c.unimp, 0x0000, would be 2.)
#define ILLEGAL_INSN() \
  asm volatile(".option push\n.option norvc\nunimp\n.option pop")
#define ILL_CODE ILL_ILLOPC
#define SAVED_PC(uc) ((uc)->uc_mcontext.__gregs[REG_PC])
#elif defined(__x86_64__)
// For a native build, to compare with Linux on the host (ud2, 2 bytes).
#define ILLEGAL_INSN() asm volatile("ud2")
#define ILL_CODE ILL_ILLOPN
#define SAVED_PC(uc) ((uc)->uc_mcontext.gregs[REG_RIP])
#endif

static char *self;                      // argv[0], for the exec

// ---- recording handlers and printing ----------------------------------

static volatile sig_atomic_t ran[NSIG]; // handler runs, per signal
static volatile sig_atomic_t seq[8];    // signals, as their handlers began
static volatile sig_atomic_t nseq;
static volatile sig_atomic_t got_signo, got_code, got_pid, got_uid, got_value;
static volatile sig_atomic_t self_blocked; // in the handler: its signal
static volatile sig_atomic_t usr2_blocked; // in the handler: SIGUSR2

// Records the signal, its siginfo and the mask it runs under.
static void
note(int sig, siginfo_t *si, void *uc)
{
  sigset_t now;

  ran[sig]++;
  if (nseq < 8)
    seq[nseq++] = sig;
  got_signo = si->si_signo;
  got_code = si->si_code;
  got_pid = si->si_pid;
  got_uid = si->si_uid;
  got_value = si->si_value.sival_int;
  sigprocmask(SIG_BLOCK, 0, &now);
  self_blocked = sigismember(&now, sig);
  usr2_blocked = sigismember(&now, SIGUSR2);
}

static void
forget(void)
{
  memset((void *)ran, 0, sizeof(ran));
  nseq = 0;
  got_signo = got_code = got_pid = got_uid = got_value = 0;
}

// sigaction with SA_SIGINFO | flags, fn, and sa_mask mask (0: empty).
static void
handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags,
       const sigset_t *mask)
{
  struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

  if (mask)
    sa.sa_mask = *mask;
  else
    sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, 0);
}

/*
 * handle() with an sa_mask that the oracle sees too. Linux's struct
 * sigaction for riscv is { handler, flags, mask } (24 bytes, what
 * rt_sigaction reads); qemu-riscv64 7.2 reads { handler, flags,
 * restorer, mask }, so its mask is the word after. Written twice, the
 * mask is where each looks. (riscv has no SA_RESTORER: the kernel returns
 * through its own trampoline, as for glibc's sigaction.) Natively,
 * glibc's sigaction.
 */
static void
handle_masked(int sig, void (*fn)(int, siginfo_t *, void *),
              const sigset_t *mask)
{
#if defined(__riscv)
  unsigned long bits = 0, k[4];
  int s;

  for (s = 1; s <= 64; s++)
    if (sigismember(mask, s) == 1)
      bits |= 1UL << (s - 1);
  k[0] = (unsigned long)fn;
  k[1] = SA_SIGINFO;
  k[2] = k[3] = bits;
  syscall(SYS_rt_sigaction, sig, k, 0, 8);
#else
  handle(sig, fn, 0, mask);
#endif
}

static void
set_handler(int sig, void (*h)(int))
{
  struct sigaction sa = { .sa_handler = h };

  sigaction(sig, &sa, 0);
}

static void
expect_sig(const char *what, int got, int want)
{
  expect_str(what, signame(got), signame(want));
}

static void
expect_code(const char *what, int sig, int got, int want)
{
  char g[16];

  snprintf(g, sizeof(g), "%s", codename(sig, got));
  expect_str(what, g, codename(sig, want));
}

// The signals in s, by name, or "none".
static const char *
setstr(const sigset_t *s)
{
  static char buf[256];
  int sig, n = 0;

  buf[0] = 0;
  for (sig = 1; sig < NSIG; sig++)
    if (sigismember(s, sig) == 1)
      n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
                    signame(sig));
  return n ? buf : "none";
}

static const char *
maskstr(void)
{
  sigset_t s;

  sigemptyset(&s);
  sigprocmask(SIG_BLOCK, 0, &s);
  return setstr(&s);
}

static const char *
pendingstr(void)
{
  sigset_t s;

  sigemptyset(&s);
  sigpending(&s);
  return setstr(&s);
}

// ---- sending to oneself ------------------------------------------------

// signal(7): a signal a process sends itself with kill(), not blocked, is
// delivered before kill returns (POSIX: "at least one ... before kill()
// returns"). sigaction(2): si_code SI_USER for kill, SI_TKILL for tgkill
// (which raise() is), SI_QUEUE for sigqueue, with its si_value; si_pid
// and si_uid are the sender's.
static void
send_to_self(void)
{
  forget();
  handle(SIGUSR1, note, 0, 0);
  kill(getpid(), SIGUSR1);
  expect_ret("kill(getpid(), SIGUSR1): handler runs before kill returns",
             ran[SIGUSR1], 1);
  expect_sig("kill: si_signo", got_signo, SIGUSR1);
  expect_code("kill: si_code", SIGUSR1, got_code, SI_USER);
  expect_yes("kill: si_pid is getpid()", got_pid == getpid());
  expect_yes("kill: si_uid is getuid()", got_uid == getuid());
  forget();
  raise(SIGUSR1);
  expect_ret("raise(SIGUSR1): handler runs before raise returns",
             ran[SIGUSR1], 1);
  expect_code("raise: si_code", SIGUSR1, got_code, SI_TKILL);
  expect_yes("raise: si_pid is getpid()", got_pid == getpid());
  forget();
  sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 42 });
  expect_code("sigqueue: si_code", SIGUSR1, got_code, SI_QUEUE);
  expect_ret("sigqueue: si_value", got_value, 42);
}

// sigprocmask(2), sigpending(2): a blocked signal stays pending, and is
// delivered, once, when unblocked.
static void
blocked_stays_pending(void)
{
  forget();
  block(SIGUSR1);
  raise(SIGUSR1);
  expect_ret("blocked SIGUSR1 raised: handler runs", ran[SIGUSR1], 0);
  expect_str("blocked SIGUSR1 raised: pending", pendingstr(), "SIGUSR1");
  unblock(SIGUSR1);
  expect_ret("SIGUSR1 unblocked: handler runs", ran[SIGUSR1], 1);
  expect_str("SIGUSR1 unblocked: pending", pendingstr(), "none");
}

// signal(7): "If both standard and real-time signals are pending ... the
// lowest-numbered" is delivered first, which sigwaitinfo (which takes
// them in delivery order) shows, and so do handlers whose sa_mask blocks
// the other: each ends before the next signal is delivered. With an
// empty sa_mask, Linux delivers every unblocked pending signal before it
// returns to user mode, each frame on top of the last: SIGUSR1's is made
// first, then SIGUSR2's above it, so SIGUSR2's handler runs (begins)
// first, and SIGUSR1's when it returns. A standard signal does not queue
// (sent twice while blocked, delivered once); a realtime one does, in the
// order sent (its handler blocks it, so the second waits for the first).
static void
delivery_order(void)
{
  sigset_t both = set_of(SIGUSR1, SIGUSR2);
  char got[64];
  int first, second;

  sigprocmask(SIG_BLOCK, &both, 0);
  raise(SIGUSR2);
  raise(SIGUSR1);
  first = sigwaitinfo(&both, 0);
  second = sigwaitinfo(&both, 0);
  snprintf(got, sizeof(got), "%s %s", signame(first), signame(second));
  expect_str("SIGUSR2, SIGUSR1 pending: sigwaitinfo takes", got,
             "SIGUSR1 SIGUSR2");
  forget();
  handle_masked(SIGUSR1, note, &both);
  handle_masked(SIGUSR2, note, &both);
  raise(SIGUSR2);
  raise(SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &both, 0);
  snprintf(got, sizeof(got), "%s %s", signame(seq[0]), signame(seq[1]));
  expect_str("SIGUSR2, SIGUSR1 pending, sa_mask both: handlers ran", got,
             "SIGUSR1 SIGUSR2");
  forget();
  handle(SIGUSR1, note, 0, 0);
  handle(SIGUSR2, note, 0, 0);
  sigprocmask(SIG_BLOCK, &both, 0);
  raise(SIGUSR2);
  raise(SIGUSR1);
  sigprocmask(SIG_UNBLOCK, &both, 0);
  snprintf(got, sizeof(got), "%s %s", signame(seq[0]), signame(seq[1]));
  expect_str("SIGUSR2, SIGUSR1 pending, sa_mask empty: handlers began", got,
             "SIGUSR2 SIGUSR1");
  forget();
  block(SIGUSR1);
  raise(SIGUSR1);
  raise(SIGUSR1);
  unblock(SIGUSR1);
  expect_ret("SIGUSR1 sent twice while blocked: handler runs", ran[SIGUSR1],
             1);
  forget();
  handle(SIGRTMIN, note, 0, 0);
  block(SIGRTMIN);
  sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1 });
  sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 2 });
  unblock(SIGRTMIN);
  expect_ret("SIGRTMIN queued twice while blocked: handler runs",
             ran[SIGRTMIN], 2);
  expect_ret("SIGRTMIN: the last si_value handled", got_value, 2);
  set_handler(SIGRTMIN, SIG_DFL);
}

// sigaction(2): while a handler runs, its own signal is blocked unless
// SA_NODEFER, and so is sa_mask; on return the mask is what it was.
static void
mask_during_handler(void)
{
  sigset_t usr2 = set_of(SIGUSR2, 0);

  forget();
  handle(SIGUSR1, note, 0, 0);
  raise(SIGUSR1);
  expect_yes("in the handler: SIGUSR1 blocked", self_blocked);
  handle(SIGUSR1, note, SA_NODEFER, 0);
  raise(SIGUSR1);
  expect_yes("in the handler, SA_NODEFER: SIGUSR1 blocked: no, so",
             !self_blocked);
  handle_masked(SIGUSR1, note, &usr2);
  raise(SIGUSR1);
  expect_yes("in the handler, sa_mask SIGUSR2: SIGUSR2 blocked",
             usr2_blocked);
  expect_str("after the handler: mask", maskstr(), "none");
}

static void
reset_hand(void)
{
  struct sigaction now;

  forget();
  handle(SIGUSR1, note, SA_RESETHAND, 0);
  raise(SIGUSR1);
  expect_ret("SA_RESETHAND: handler runs", ran[SIGUSR1], 1);
  sigaction(SIGUSR1, 0, &now);
  expect_yes("SA_RESETHAND: after it, the action is SIG_DFL",
             now.sa_handler == SIG_DFL);
  raise(SIGUSR1);
  _exit(3);
}

// sigaction(2): SA_RESETHAND restores SIG_DFL on entry to the handler,
// so a second SIGUSR1 takes the default action, termination.
static void
reset_handler(void)
{
  sig_child("SA_RESETHAND: second SIGUSR1", reset_hand, "killed 10");
}

// signal(7): SIG_IGN discards the signal; setting SIG_IGN discards one
// already pending, even blocked (POSIX: "shall cause the pending signal
// to be discarded, whether or not it is blocked").
static void
ignoring(void)
{
  forget();
  set_handler(SIGUSR1, SIG_IGN);
  expect_ret("SIG_IGN: raise(SIGUSR1)", sysret(raise(SIGUSR1)), 0);
  expect_str("SIG_IGN: pending", pendingstr(), "none");
  handle(SIGUSR1, note, 0, 0);
  block(SIGUSR1);
  raise(SIGUSR1);
  set_handler(SIGUSR1, SIG_IGN);
  expect_str("pending SIGUSR1 set to SIG_IGN: pending", pendingstr(),
             "none");
  handle(SIGUSR1, note, 0, 0);
  unblock(SIGUSR1);
  expect_ret("then handled and unblocked: handler runs", ran[SIGUSR1], 0);
}

// sigaction(2): the old action comes back as set; SIGKILL and SIGSTOP
// can be asked about but not set (EINVAL); signal 0 and numbers past 64
// are EINVAL (raw rt_sigaction: glibc would answer before the kernel),
// as is a sigsetsize other than 8.
static void
sigaction_rules(void)
{
  struct sigaction sa = { .sa_handler = SIG_IGN }, old;
  sigset_t usr2 = set_of(SIGUSR2, 0);
  char buf[64];

  handle(SIGUSR1, note, SA_RESTART, &usr2);
  memset(&old, 0, sizeof(old));
  sigaction(SIGUSR1, &sa, &old);
  expect_yes("old action: the handler", old.sa_sigaction == note);
  expect_yes("old action: SA_SIGINFO and SA_RESTART",
             (old.sa_flags & (SA_SIGINFO | SA_RESTART)) ==
             (SA_SIGINFO | SA_RESTART));
  expect_str("old action: sa_mask", setstr(&old.sa_mask), "SIGUSR2");
  set_handler(SIGUSR1, SIG_DFL);
  expect_ret("sigaction(SIGKILL, SIG_IGN)",
             sysret(sigaction(SIGKILL, &sa, 0)), -EINVAL);
  expect_ret("sigaction(SIGSTOP, SIG_IGN)",
             sysret(sigaction(SIGSTOP, &sa, 0)), -EINVAL);
  expect_ret("sigaction(SIGKILL, NULL, &old)",
             sysret(sigaction(SIGKILL, 0, &old)), 0);
  expect_yes("SIGKILL's action: SIG_DFL", old.sa_handler == SIG_DFL);
  expect_ret("rt_sigaction(0)",
             sysret(syscall(SYS_rt_sigaction, 0, 0, buf, 8)), -EINVAL);
  expect_ret("rt_sigaction(65)",
             sysret(syscall(SYS_rt_sigaction, 65, 0, buf, 8)), -EINVAL);
  expect_ret("rt_sigaction, sigsetsize 4",
             sysret(syscall(SYS_rt_sigaction, SIGUSR1, 0, buf, 4)), -EINVAL);
  expect_ret("rt_sigprocmask, sigsetsize 4",
             sysret(syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, buf, 4)),
             -EINVAL);
  expect_ret("rt_sigprocmask, how 99",
             sysret(syscall(SYS_rt_sigprocmask, 99, buf, 0, 8)), -EINVAL);
}

// sigprocmask(2): "It is not possible to block SIGKILL or SIGSTOP.
// Attempts to do so are silently ignored."
static void
cannot_block_kill(void)
{
  sigset_t all, now;

  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, 0);
  sigemptyset(&now);
  sigprocmask(SIG_BLOCK, 0, &now);
  expect_yes("all blocked: SIGUSR1 in the mask", sigismember(&now, SIGUSR1));
  expect_yes("all blocked: SIGKILL in the mask: no, so",
             !sigismember(&now, SIGKILL));
  expect_yes("all blocked: SIGSTOP in the mask: no, so",
             !sigismember(&now, SIGSTOP));
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, 0);
}

// ---- the ucontext ---------------------------------------------------------

static volatile sig_atomic_t ill_code, ill_at_pc, ill_mask_usr2, ill_mask_ill;

// Steps over the illegal instruction (4 bytes when its low bits are 11,
// else 2) and has SIGUSR1 blocked after the return, through uc_sigmask.
static void
step_over(int sig, siginfo_t *si, void *p)
{
  ucontext_t *uc = p;
  unsigned char *pc = (unsigned char *)SAVED_PC(uc);

  ill_code = si->si_code;
  ill_at_pc = si->si_addr == (void *)pc;
  ill_mask_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
  ill_mask_ill = sigismember(&uc->uc_sigmask, SIGILL);
#if defined(__riscv)
  SAVED_PC(uc) += (pc[0] & 3) == 3 ? 4 : 2;
#else
  SAVED_PC(uc) += 2;
#endif
  sigaddset(&uc->uc_sigmask, SIGUSR1);
}

// sigaction(2), sigreturn(2): the third argument of an SA_SIGINFO handler
// is the ucontext_t saved on the signal frame; sigreturn restores the
// registers and the mask from it, changes included. SIGILL's si_addr is
// the faulting instruction (riscv: ILL_ILLOPC).
static void
ucontext_pc_and_mask(void)
{
  volatile int after = 0;

  handle(SIGILL, step_over, 0, 0);
  block(SIGUSR2);
  ILLEGAL_INSN();
  after = 1;
  expect_yes("SIGILL handler moved the saved pc: went on after it", after);
  expect_code("SIGILL: si_code", SIGILL, ill_code, ILL_CODE);
  expect_yes("SIGILL: si_addr is the saved pc", ill_at_pc);
  expect_yes("uc_sigmask: the mask when it struck (SIGUSR2)", ill_mask_usr2);
  expect_yes("uc_sigmask: SIGILL in it: no, so", !ill_mask_ill);
  expect_str("uc_sigmask changed in the handler: mask after", maskstr(),
             "SIGUSR1 SIGUSR2");
  sigprocmask(SIG_SETMASK, &(sigset_t){ 0 }, 0);
  set_handler(SIGILL, SIG_DFL);
}

static volatile sig_atomic_t ticks;

// Uses floating-point and integer registers, as a handler may.
static void
clobber(int sig)
{
  volatile double d = 1.5;
  volatile long x = 7;
  int i;

  for (i = 0; i < 20; i++) {
    d = d * 1.25 + 0.5;
    x = x * 3 + 1;
  }
  ticks++;
}

// signal(7), sigreturn(2): a signal that strikes between two instructions
// changes no register the program sees. A loop computes the same values
// twice, one way in integers and one in floating point, while an interval
// timer's SIGALRM (every 1 ms) runs a handler that uses both kinds; the
// loop goes on until 20 have struck, or 3 s (then the count fails).
static void
registers_survive(void)
{
  struct itimerval every_ms = { { 0, 1000 }, { 0, 1000 } }, off = { 0 };
  struct timespec start, now;
  long i, bad = 0;
  double d = 0;

  ticks = 0;
  set_handler(SIGALRM, clobber);
  clock_gettime(CLOCK_MONOTONIC, &start);
  setitimer(ITIMER_REAL, &every_ms, 0);
  for (i = 0; ticks < 20; i++) {
    d += 2.0;
    if ((long)d != 2 * (i + 1))
      bad++;
    if (i % 100000 == 0) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (now.tv_sec - start.tv_sec > 3)
        break;
    }
  }
  setitimer(ITIMER_REAL, &off, 0);
  set_handler(SIGALRM, SIG_DFL);
  expect_yes("timer signals during the loop: 20", ticks >= 20);
  expect_ret("loop steps whose two values disagree", bad, 0);
}

// ---- faults --------------------------------------------------------------

static sigjmp_buf escape;
static volatile sig_atomic_t fault_code;
static volatile void *fault_addr;
static volatile sig_atomic_t fault_on_altstack;
static char *altstack;
#define ALTSTACK_SIZE (64 * 1024)

static void
escape_fault(int sig, siginfo_t *si, void *uc)
{
  char here;

  fault_code = si->si_code;
  fault_addr = si->si_addr;
  fault_on_altstack = &here >= altstack && &here < altstack + ALTSTACK_SIZE;
  siglongjmp(escape, 1);
}

// Writes to addr, if it can; else returns what the fault's handler saw.
static int
fault_at(volatile int *addr, int write)
{
  fault_code = 0;
  fault_addr = 0;
  if (sigsetjmp(escape, 1) == 0) {
    if (write)
      *addr = 1;
    else
      (void)*addr;
    return 0;
  }
  return 1;
}

// sigaction(2): SIGSEGV's si_code is SEGV_MAPERR for an address with
// nothing mapped, SEGV_ACCERR for a mapping that forbids the access;
// si_addr is the address. siglongjmp out of the handler restores the
// mask sigsetjmp saved, so SIGSEGV is not left blocked.
static void
segv_codes(void)
{
  char *page = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  handle(SIGSEGV, escape_fault, 0, 0);
  expect_yes("write to address 8: SIGSEGV", fault_at((int *)8, 1));
  expect_code("address 8: si_code", SIGSEGV, fault_code, SEGV_MAPERR);
  expect_yes("address 8: si_addr is 8", fault_addr == (void *)8);
  expect_str("after siglongjmp out of the handler: mask", maskstr(), "none");
  expect_yes("write to a read-only page: SIGSEGV", fault_at((int *)page, 1));
  expect_code("read-only page: si_code", SIGSEGV, fault_code, SEGV_ACCERR);
  expect_yes("read-only page: si_addr is the page", fault_addr == page);
  expect_yes("read of a PROT_NONE page: SIGSEGV", fault_at((int *)none, 0));
  expect_code("PROT_NONE page: si_code", SIGSEGV, fault_code, SEGV_ACCERR);
  set_handler(SIGSEGV, SIG_DFL);
  munmap(page, 4096);
  munmap(none, 4096);
}

static void
fault_blocked(void)
{
  handle(SIGSEGV, escape_fault, 0, 0);
  block(SIGSEGV);
  fault_at((int *)8, 1);
  _exit(3);
}

static void
fault_ignored(void)
{
  set_handler(SIGSEGV, SIG_IGN);
  fault_at((int *)8, 1);
  _exit(3);
}

// signal(7): a fault's signal blocked or ignored does not stop it: the
// kernel puts back SIG_DFL and unblocks it (force_sig_fault), so the
// process dies.
static void
fault_cannot_be_blocked(void)
{
  sig_child("fault with SIGSEGV blocked, handler set", fault_blocked,
           "killed 11");
  sig_child("fault with SIGSEGV ignored", fault_ignored, "killed 11");
}

static volatile sig_atomic_t ss_flags_inside, ss_eperm_inside, on_alt;

static void
check_altstack(int sig, siginfo_t *si, void *uc)
{
  stack_t now, other = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE };
  char here;

  on_alt = &here >= altstack && &here < altstack + ALTSTACK_SIZE;
  sigaltstack(0, &now);
  ss_flags_inside = now.ss_flags;
  ss_eperm_inside = sigaltstack(&other, 0) == -1 && errno == EPERM;
}

// sigaltstack(2): none at first (SS_DISABLE); ENOMEM below MINSIGSTKSZ
// (2048, the kernel's), EINVAL for flags that are none of 0, SS_ONSTACK,
// SS_DISABLE (with SS_AUTODISARM); an SA_ONSTACK handler runs on it, and
// there sigaltstack says SS_ONSTACK and refuses a change (EPERM); a
// handler without SA_ONSTACK runs on the normal stack.
static void
alternate_stack(void)
{
  stack_t ss = { 0 }, now;

  altstack = malloc(ALTSTACK_SIZE);
  sigaltstack(0, &now);
  expect_yes("sigaltstack at first: SS_DISABLE", now.ss_flags == SS_DISABLE);
  ss.ss_sp = altstack;
  ss.ss_size = 1024;
  expect_ret("sigaltstack, 1024 bytes", sysret(sigaltstack(&ss, 0)),
             -ENOMEM);
  ss.ss_size = ALTSTACK_SIZE;
  ss.ss_flags = 0x1234;
  expect_ret("sigaltstack, flags 0x1234", sysret(sigaltstack(&ss, 0)),
             -EINVAL);
  ss.ss_flags = 0;
  expect_ret("sigaltstack, 64 KiB", sysret(sigaltstack(&ss, 0)), 0);
  sigaltstack(0, &now);
  expect_yes("outside a handler: flags 0, the stack given",
             now.ss_flags == 0 && now.ss_sp == altstack &&
             now.ss_size == ALTSTACK_SIZE);
  handle(SIGUSR1, check_altstack, SA_ONSTACK, 0);
  raise(SIGUSR1);
  expect_yes("SA_ONSTACK handler: on the alternate stack", on_alt);
  expect_yes("SA_ONSTACK handler: sigaltstack says SS_ONSTACK",
             ss_flags_inside == SS_ONSTACK);
  expect_yes("SA_ONSTACK handler: changing it is EPERM", ss_eperm_inside);
  handle(SIGUSR1, check_altstack, 0, 0);
  raise(SIGUSR1);
  expect_yes("handler without SA_ONSTACK: on the normal stack", !on_alt);
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, 0);
  sigaltstack(0, &now);
  expect_yes("disabled: SS_DISABLE", now.ss_flags == SS_DISABLE);
  set_handler(SIGUSR1, SIG_DFL);
}

// Recurses until the stack runs out (the 1 << 30 only keeps gcc from
// calling it endless).
static int
deep(int n)
{
  volatile char pad[512];

  pad[0] = n;
  if (n > 1 << 30)
    return 0;
  return deep(n + 1) + pad[0];
}

// Runs on a 128 KiB stack that glibc guards with a PROT_NONE page.
static void *
overflow_thread(void *arg)
{
  stack_t ss = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE };

  sigaltstack(&ss, 0);
  if (sigsetjmp(escape, 1) == 0)
    deep(0);
  return (void *)1;
}

// sigaltstack(2): the classic use: a stack overflow faults on the guard
// page, and the SIGSEGV handler, which could not run on the full stack,
// runs on the alternate one; siglongjmp gets the thread out.
static void
stack_overflow(void)
{
  pthread_attr_t attr;
  pthread_t t;
  void *back = 0;

  fault_on_altstack = 0;
  handle(SIGSEGV, escape_fault, SA_ONSTACK, 0);
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 128 * 1024);
  pthread_create(&t, &attr, overflow_thread, 0);
  pthread_join(t, &back);
  expect_yes("stack overflow: SIGSEGV handled on the alternate stack",
             fault_on_altstack);
  expect_yes("stack overflow: the thread went on after siglongjmp",
             back == (void *)1);
  set_handler(SIGSEGV, SIG_DFL);
}

// ---- ends of processes ---------------------------------------------------

static void
do_abort(void)
{
  abort();
}

static void
return_from_handler(int sig)
{
}

static void
abort_handled(void)
{
  set_handler(SIGABRT, return_from_handler);
  abort();
}

static void
abort_ignored(void)
{
  set_handler(SIGABRT, SIG_IGN);
  abort();
}

static void
abort_blocked(void)
{
  block(SIGABRT);
  abort();
}

// abort(3): the process ends by SIGABRT even if it is caught by a handler
// that returns, ignored, or blocked. (Only the signal is printed: whether
// a core is dumped depends on the host.)
static void
aborting(void)
{
  sig_child("abort()", do_abort, "killed 6");
  sig_child("abort(), SIGABRT handler returns", abort_handled, "killed 6");
  sig_child("abort(), SIGABRT ignored", abort_ignored, "killed 6");
  sig_child("abort(), SIGABRT blocked", abort_blocked, "killed 6");
}

static int kill_sig;

static void
kill_self(void)
{
  kill(getpid(), kill_sig);
}

static int to_child[2], from_child[2];

// The child's side of a handshake: says it is ready, and waits for the
// parent's byte.
static void
ready_then_wait(void)
{
  char c;

  write(from_child[1], "r", 1);
  read(to_child[0], &c, 1);
}

static void
block_term_then_unblock(void)
{
  block(SIGTERM);
  ready_then_wait();                    // the kill came before the byte
  if (strcmp(pendingstr(), "SIGTERM") != 0)
    _exit(2);
  unblock(SIGTERM);
  _exit(3);
}

static void
block_all_then_wait(void)
{
  sigset_t all;

  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, 0);
  ready_then_wait();                    // killed in it: no byte comes
  _exit(3);
}

// Forks a child running fn; once it says it is ready, sends it sig, then
// a byte; prints how it ended. A child that dies before it is ready ends
// the parent's read too (the parent keeps no write end of its pipe).
static void
signal_ready_child(const char *what, void (*fn)(void), int sig,
                   const char *want)
{
  pid_t pid;
  char c;

  pipe(to_child);
  pipe(from_child);
  pid = fork();
  if (pid == 0)
    fn();
  close(from_child[1]);
  if (read(from_child[0], &c, 1) == 1)
    kill(pid, sig);
  write(to_child[1], "g", 1);
  expect_str(what, wait_child(pid), want);
  close(from_child[0]);
  close(to_child[0]);
  close(to_child[1]);
}

// signal(7), the default actions: SIGTERM and SIGUSR1 terminate; SIGCHLD,
// SIGURG and SIGWINCH are ignored, and SIGCONT, the process not being
// stopped, does nothing. A blocked SIGTERM waits, pending, until it is
// unblocked (the child exits 2 if it is not pending); SIGKILL cannot be
// blocked.
static void
default_actions(void)
{
  static const struct { int sig; const char *want; } d[] = {
    { SIGTERM, "killed 15" }, { SIGUSR1, "killed 10" },
    { SIGCHLD, "exit 0" }, { SIGURG, "exit 0" }, { SIGWINCH, "exit 0" },
    { SIGCONT, "exit 0" },
  };
  char what[64];
  unsigned i;

  for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
    kill_sig = d[i].sig;
    snprintf(what, sizeof(what), "default action of %s", signame(d[i].sig));
    sig_child(what, kill_self, d[i].want);
  }
  signal_ready_child("SIGTERM blocked, pending, then unblocked",
                     block_term_then_unblock, SIGTERM, "killed 15");
  signal_ready_child("all blocked, SIGKILL", block_all_then_wait, SIGKILL,
                     "killed 9");
}

// ---- fork and execve ------------------------------------------------------

static void
forked(void)
{
  struct sigaction now;

  expect_str("fork: the child's mask", maskstr(), "SIGUSR2");
  expect_str("fork: the child's pending signals", pendingstr(), "none");
  sigaction(SIGUSR1, 0, &now);
  expect_yes("fork: the child's SIGUSR1 handler", now.sa_sigaction == note);
  sigaction(SIGHUP, 0, &now);
  expect_yes("fork: the child's SIGHUP ignored", now.sa_handler == SIG_IGN);
  forget();
  raise(SIGUSR1);
  expect_ret("fork: the child's handler runs", ran[SIGUSR1], 1);
}

static void
exec_self(void)
{
  stack_t ss = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE };

  sigaltstack(&ss, 0);
  raise(SIGUSR2);
  execl(self, self, "--exec", (char *)0);
  _exit(99);
}

// The exec'd image's checks (main, on --exec).
static void
execed(void)
{
  struct sigaction now;
  stack_t ss;

  expect_str("execve: the mask", maskstr(), "SIGUSR2");
  expect_str("execve: pending signals", pendingstr(), "SIGUSR2");
  sigaction(SIGUSR1, 0, &now);
  expect_yes("execve: the SIGUSR1 handler is SIG_DFL",
             now.sa_handler == SIG_DFL);
  sigaction(SIGHUP, 0, &now);
  expect_yes("execve: SIGHUP still ignored", now.sa_handler == SIG_IGN);
  sigaltstack(0, &ss);
  expect_yes("execve: the alternate stack is gone",
             ss.ss_flags == SS_DISABLE);
}

// fork(2): the child inherits the mask and the dispositions; its pending
// set starts empty. execve(2): the mask and the pending signals are kept,
// ignored signals stay ignored, handled ones become SIG_DFL, and "any
// alternate signal stack is not preserved".
static void
fork_and_exec(void)
{
  forget();
  handle(SIGUSR1, note, 0, 0);
  set_handler(SIGHUP, SIG_IGN);
  block(SIGUSR2);
  raise(SIGUSR2);
  sig_child("fork: the child's checks", forked, "exit 0");
  expect_str("fork: the parent's pending signals", pendingstr(), "SIGUSR2");
  sig_child("execve: the image's checks", exec_self, "exit 0");
  set_handler(SIGUSR2, SIG_IGN);
  set_handler(SIGUSR2, SIG_DFL);
  unblock(SIGUSR2);
  set_handler(SIGUSR1, SIG_DFL);
  set_handler(SIGHUP, SIG_DFL);
}

int
main(int argc, char *argv[])
{
  setvbuf(stdout, 0, _IONBF, 0);
  if (argc == 2 && strcmp(argv[1], "--exec") == 0) {
    execed();
    return check_done();
  }
  self = argv[0];
  send_to_self();
  blocked_stays_pending();
  delivery_order();
  mask_during_handler();
  reset_handler();
  ignoring();
  sigaction_rules();
  cannot_block_kill();
  ucontext_pc_and_mask();
  registers_survive();
  segv_codes();
  fault_cannot_be_blocked();
  alternate_stack();
  stack_overflow();
  aborting();
  default_actions();
  fork_and_exec();
  return check_done();
}
