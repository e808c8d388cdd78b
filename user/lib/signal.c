/*
 * The signal functions glibc builds on the rt_ system calls, with its
 * sigset_t (here the kernel's 8 bytes) and its conventions:
 *   sigaction, sigprocmask, sigpending, sigsuspend, sigtimedwait
 *            the rt_ calls with the set's size
 *   signal   sigaction with SA_RESTART, as glibc's BSD semantics
 *   raise    tgkill to the calling thread
 *   alarm    setitimer(ITIMER_REAL), the seconds left rounded as glibc does
 *   sig*set  the set operations; -1 EINVAL for a bad signal
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
  return rt_sigaction(sig, act, old, sizeof(sigset_t));
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
  return rt_sigprocmask(how, set, old, sizeof(sigset_t));
}

int
sigpending(sigset_t *set)
{
  return rt_sigpending(set, sizeof(sigset_t));
}

int
sigsuspend(const sigset_t *mask)
{
  return rt_sigsuspend(mask, sizeof(sigset_t));
}

int
sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
  return rt_sigtimedwait(set, info, timeout, sizeof(sigset_t));
}

sighandler_t
signal(int sig, sighandler_t handler)
{
  struct sigaction act = { 0 }, old;

  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  if(sigaction(sig, &act, &old) < 0)
    return SIG_ERR;
  return old.sa_handler;
}

int
raise(int sig)
{
  return tgkill(getpid(), gettid(), sig);
}

unsigned int
alarm(unsigned int seconds)
{
  struct itimerval v = { 0, 0, seconds, 0 }, old;
  unsigned int left;

  if(setitimer(ITIMER_REAL, &v, &old) < 0)
    return 0;
  left = old.it_value_sec;
  if(old.it_value_usec >= 500000 || (left == 0 && old.it_value_usec > 0))
    left++;
  return left;
}

static int
bad_signal(int sig)
{
  if(sig >= 1 && sig <= NSIG)
    return 0;
  errno = EINVAL;
  return 1;
}

int
sigemptyset(sigset_t *set)
{
  set->sig[0] = 0;
  return 0;
}

int
sigfillset(sigset_t *set)
{
  set->sig[0] = ~0UL;
  return 0;
}

int
sigaddset(sigset_t *set, int sig)
{
  if(bad_signal(sig))
    return -1;
  set->sig[0] |= SIGMASK(sig);
  return 0;
}

int
sigdelset(sigset_t *set, int sig)
{
  if(bad_signal(sig))
    return -1;
  set->sig[0] &= ~SIGMASK(sig);
  return 0;
}

int
sigismember(const sigset_t *set, int sig)
{
  if(bad_signal(sig))
    return -1;
  return (set->sig[0] & SIGMASK(sig)) != 0;
}
