#ifndef TIMER_H
#define TIMER_H

#include "types.h"
#include "lib/list.h"

// A callback to run at a time. fn runs in the timer interrupt with the
// timer lock held: it must be short and must not sleep.
struct timer {
  uint64 expires;                 // time (timer_now() units: TIMEBASE_HZ a second) to run at
  void (*fn)(struct timer *t);
  void *data;                     // fn's argument
  struct list_head link;          // [timer lock] on the list, by expires
};

void   timer_init(void);
void   timer_add(struct timer *t);
void   timer_add_locked(struct timer *t); // from a timer's fn: re-arm
int    timer_del(struct timer *t);      // 1 if it had not run yet
uint64 timer_now(void);
uint64 timer_deadline_ms(int ms);       // now + ms
int    timer_interrupt(void);           // from the trap handler: 1 = yield

#endif
