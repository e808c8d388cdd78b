/*
 * The real interval timer: setitimer(2) and getitimer(2) with
 * ITIMER_REAL, which glibc's alarm() is built on. A process has one; at
 * each expiry it gets SIGALRM (si_code SI_KERNEL), and a timer with an
 * interval runs again that much later. ITIMER_VIRTUAL and ITIMER_PROF,
 * which count CPU time, are not there (-EINVAL; docs/linux-differences.md).
 *
 * The timer lives in the process's sighand (proc/signal.h): fork does
 * not pass it on, execve keeps it, and it stops when the process is
 * reaped (sighand_free). Its fn runs in a timer interrupt, takes
 * wait_lock and sends SIGALRM to the process, whose leader the sighand
 * names until the last thread has exited.
 *
 * Locking: sh->itimer_lock makes each setitimer's stop-then-start one
 * step; real_interval is [s], read by the fn under the siglock. The fn
 * takes wait_lock and the siglock, never itimer_lock, so setitimer may
 * wait for a running fn (timer_del) while it holds itimer_lock.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/syscall.h"
#include "proc/timer.h"
#include "mm/vm.h"
#include "nudge/errno.h"

#define USEC_PER_SEC 1000000L

// The timer's fn: SIGALRM to the process; again after the interval.
static int
it_real_fn(struct timer *t)
{
  struct sighand *sh = t->data;
  struct ksiginfo info = { .signo = SIGALRM, .code = SI_KERNEL };
  uint64 interval, now;

  acquire(&wait_lock);
  if(sh->leader)
    send_signal_locked(sh->leader, &info, 1);
  release(&wait_lock);

  acquire(&sh->siglock);
  interval = sh->real_interval;
  release(&sh->siglock);
  if(interval == 0)
    return TIMER_NORESTART;
  // Periods that passed while no one ran the timer are not made up.
  now = timer_now();
  while(t->expires <= now)
    t->expires += interval;
  return TIMER_RESTART;
}

// A new sighand's timer: set up, stopped.
void
itimer_init(struct sighand *sh)
{
  timer_setup(&sh->real_timer, it_real_fn, sh);
}

// A length in timer units as sec and usec, truncated (Linux's getitimer).
static void
units_to_timeval(uint64 units, int64_t *sec, int64_t *usec)
{
  *sec = units / TIMEBASE_HZ;
  *usec = (units % TIMEBASE_HZ) * USEC_PER_SEC / TIMEBASE_HZ;
}

// The timer's value and interval now, into *v. Caller holds itimer_lock.
static void
real_get(struct sighand *sh, struct itimerval *v)
{
  uint64 now, expires, left = 0;
  int armed;

  assert_held(&sh->itimer_lock);
  // Queued, or its fn running (then it will queue itself again, or not).
  // The expiration is read before the clock: a fn on another hart may
  // move it on by a period at any time, but only once the clock has
  // passed it, so now (read after) is past the old one and left is never
  // more than a period. Read the other way, an expiration passed and
  // moved on just after the clock was read would show more.
  acquire(&sh->siglock);
  armed = !list_empty(&sh->real_timer.link) || sh->real_interval;
  expires = __atomic_load_n(&sh->real_timer.expires, __ATOMIC_ACQUIRE);
  now = timer_now();
  if(armed)
    left = expires > now ? expires - now : 0;
  units_to_timeval(sh->real_interval, &v->it_interval_sec, &v->it_interval_usec);
  release(&sh->siglock);
  units_to_timeval(left, &v->it_value_sec, &v->it_value_usec);
  // An armed timer due now still shows, as Linux shows it: 1 us.
  if(armed && v->it_value_sec == 0 && v->it_value_usec == 0)
    v->it_value_usec = 1;
}

static int
timeval_valid(int64_t sec, int64_t usec)
{
  return sec >= 0 && usec >= 0 && usec < USEC_PER_SEC;
}

// The length sec, usec (checked) in timer units, rounded up (never
// early); lengths past any machine's uptime are cut to one.
static uint64
timeval_to_units(int64_t sec, int64_t usec)
{
  const int64_t max = TIMER_NEVER / 4 / TIMEBASE_HZ;

  if(sec > max)
    sec = max;
  return sec * TIMEBASE_HZ + (usec * TIMEBASE_HZ + USEC_PER_SEC - 1) / USEC_PER_SEC;
}

// long getitimer(int which, struct itimerval *curr)
long
sys_getitimer(void)
{
  struct sighand *sh = myproc()->leader->sighand;
  struct itimerval v;

  if(argint(0) != ITIMER_REAL)
    return -EINVAL;
  acquire(&sh->itimer_lock);
  real_get(sh, &v);
  release(&sh->itimer_lock);
  return copyout(myproc()->mm, argaddr(1), &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

/*
 * long setitimer(int which, const struct itimerval *new,
 *                struct itimerval *old)
 * A null new disarms, as Linux still allows. Linux's order: new is read
 * and checked first (-EFAULT, -EINVAL), then which.
 */
long
sys_setitimer(void)
{
  uint64 unew = argaddr(1), uold = argaddr(2);
  struct proc *p = myproc();
  struct sighand *sh = p->leader->sighand;
  struct itimerval v = { 0, 0, 0, 0 }, old;

  if(unew && copyin(p->mm, &v, unew, sizeof(v)) < 0)
    return -EFAULT;
  if(!timeval_valid(v.it_value_sec, v.it_value_usec) ||
     !timeval_valid(v.it_interval_sec, v.it_interval_usec) || argint(0) != ITIMER_REAL)
    return -EINVAL;

  acquire(&sh->itimer_lock);
  real_get(sh, &old);
  timer_del(&sh->real_timer);
  acquire(&sh->siglock);
  sh->real_interval = 0;
  if(v.it_value_sec || v.it_value_usec){
    sh->real_interval = timeval_to_units(v.it_interval_sec, v.it_interval_usec);
    sh->real_timer.expires = timer_now() + timeval_to_units(v.it_value_sec, v.it_value_usec);
    timer_add(&sh->real_timer);
  }
  release(&sh->siglock);
  release(&sh->itimer_lock);
  if(uold && copyout(p->mm, uold, &old, sizeof(old)) < 0)
    return -EFAULT;
  return 0;
}
