#ifndef TIMER_H
#define TIMER_H

#include "types.h"
#include "lib/list.h"

/*
 * A callback to run at a time. fn runs in the timer interrupt, without
 * the timer lock: it must be short and must not sleep, nor timer_del()
 * its own timer. It returns TIMER_NORESTART, or TIMER_RESTART after
 * moving expires past now, to run again then.
 */
struct timer {
  uint64 expires;                 // time (timer_now() units: TIMEBASE_HZ a second) to run at
  int (*fn)(struct timer *t);
  void *data;                     // fn's argument
  struct list_head link;          // [timer lock] on the list, by expires
  int running;                    // [timer lock] harts running fn now
};

#define TIMER_NORESTART 0
#define TIMER_RESTART   1

// A deadline no clock reaches: a sleep until it has no limit.
#define TIMER_NEVER (~0UL)
// A deadline every clock has passed: a wait until it does not sleep.
#define TIMER_NOW 1UL

#define NSEC_PER_SEC 1000000000L

void   timer_init(void);
void   timer_setup(struct timer *t, int (*fn)(struct timer *), void *data);  // before first use
void   timer_add(struct timer *t);      // t is not queued: set t->expires first
int    timer_del(struct timer *t);      // 1 if it had not run yet
int    timer_try_del(struct timer *t);  // timer_del, or -1 if fn runs now
uint64 timer_now(void);
uint64 timer_deadline_ms(int ms);       // now + ms
uint64 timer_deadline_after(uint64 sec, uint64 nsec);
int    timer_interrupt(void);           // from the trap handler: 1 = yield

#endif
