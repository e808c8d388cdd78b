/*
 * Signals: numbers, actions, masks and the structures the signal calls
 * and the signal frame use, as Linux riscv64 lays them out
 * (include/uapi/asm-generic/signal.h, include/uapi/asm-generic/siginfo.h,
 * arch/riscv/include/uapi/asm/{ucontext,sigcontext,ptrace}.h; man
 * signal(7), sigaction(2), sigaltstack(2), signalfd(2), setitimer(2)).
 */
#ifndef NUDGE_SIGNAL_H
#define NUDGE_SIGNAL_H

#include <stdint.h>

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4    // an illegal instruction
#define SIGTRAP    5    // a breakpoint (ebreak)
#define SIGABRT    6
#define SIGBUS     7    // a misaligned access
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11    // a touch outside the areas, or against them
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define SIGRTMIN  32
#define NSIG      64    // signals are 1 to NSIG

// A set of signals: bit sig-1 for signal sig (the kernel's sigset_t).
typedef uint64_t ksigset_t;
#define SIGMASK(sig) (1ULL << ((sig) - 1))

// A handler, and the two with a meaning of their own.
typedef void (*__sighandler_t)(int);
#define SIG_DFL ((__sighandler_t)0)     // the default action
#define SIG_IGN ((__sighandler_t)1)     // dropped
#define SIG_ERR ((__sighandler_t)-1)    // signal()'s failure

// sa_flags.
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002   // children need no wait4: they vanish at exit
#define SA_SIGINFO   0x00000004   // the handler takes (sig, siginfo, ucontext)
#define SA_ONSTACK   0x08000000   // run on the sigaltstack stack
#define SA_RESTART   0x10000000   // restart the calls that can be
#define SA_NODEFER   0x40000000   // do not block the signal in its handler
#define SA_RESETHAND 0x80000000   // back to SIG_DFL once delivered

// rt_sigaction's struct: riscv64 has no sa_restorer.
struct ksigaction {
  __sighandler_t handler;         // SIG_DFL, SIG_IGN or a function
  uint64_t flags;
  ksigset_t mask;                 // blocked, besides the signal, while it runs
};

// rt_sigprocmask's how.
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

// sigaltstack(2).
struct sigaltstack {
  uint64_t ss_sp;
  int32_t ss_flags;
  int32_t pad;
  uint64_t ss_size;
};
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ   2048

// si_code: who sent it.
#define SI_USER    0              // kill
#define SI_QUEUE   (-1)           // sigqueue (rt_sigqueueinfo)
#define SI_KERNEL  0x80           // the kernel (SIGALRM from a timer)
#define SI_TKILL   (-6)           // tkill, tgkill
#define SEGV_MAPERR 1             // no area there
#define SEGV_ACCERR 2             // an area, but not for this access
#define BUS_ADRALN  1
#define ILL_ILLOPC  1
#define TRAP_BRKPT  1
#define CLD_EXITED  1
#define CLD_KILLED  2
#define CLD_DUMPED  3

// siginfo_t: 128 bytes; the union's fields by the kind of signal.
struct siginfo {
  int32_t si_signo;
  int32_t si_errno;
  int32_t si_code;
  int32_t pad;
  union {
    struct { int32_t pid; uint32_t uid; int64_t value; } rt;  // kill, tkill, sigqueue
    struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad;
             int64_t utime, stime; } chld;                     // SIGCHLD
    uint64_t addr;                                             // faults
    uint8_t bytes[112];
  } u;
};

// The general registers, as the signal frame holds them: pc, then x1-x31.
struct user_regs {
  uint64_t pc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
  uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
  uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
  uint64_t t3, t4, t5, t6;
};

// The floating-point state: the D registers and fcsr, in a space as big
// as the Q extension's. Its last three words are Linux's extension
// area: a reserved word and an end-of-extensions header, all 0 while
// no extension (the vector registers) is saved.
struct sigcontext_fp {
  uint64_t f[32];
  uint32_t fcsr;
  uint32_t q_rest[64];            // the rest of Q's registers: unused
  uint32_t reserved;              // must be 0
  uint32_t ext_magic, ext_size;   // END_MAGIC, END_HDR_SIZE: 0, 0
} __attribute__((aligned(16)));

struct sigcontext {
  struct user_regs sc_regs;
  struct sigcontext_fp sc_fpregs;
};

struct ucontext {
  uint64_t uc_flags;
  uint64_t uc_link;
  struct sigaltstack uc_stack;
  ksigset_t uc_sigmask;
  uint8_t unused[1024 / 8 - sizeof(ksigset_t)];
  struct sigcontext uc_mcontext;
};

// What a handler finds on its stack, at sp.
struct rt_sigframe {
  struct siginfo info;
  struct ucontext uc;
};

// signalfd(2): a read gives these, 128 bytes each.
struct signalfd_siginfo {
  uint32_t ssi_signo;
  int32_t ssi_errno;
  int32_t ssi_code;
  uint32_t ssi_pid;
  uint32_t ssi_uid;
  int32_t ssi_fd;
  uint32_t ssi_tid;
  uint32_t ssi_band;
  uint32_t ssi_overrun;
  uint32_t ssi_trapno;
  int32_t ssi_status;
  int32_t ssi_int;
  uint64_t ssi_ptr;
  uint64_t ssi_utime;
  uint64_t ssi_stime;
  uint64_t ssi_addr;
  uint8_t pad[128 - 80];
};
#define SFD_CLOEXEC  02000000
#define SFD_NONBLOCK 04000

// setitimer(2), getitimer(2): ITIMER_REAL only.
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
struct itimerval {
  int64_t it_interval_sec, it_interval_usec;
  int64_t it_value_sec, it_value_usec;
};

#endif
