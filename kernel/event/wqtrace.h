#ifndef WQTRACE_H
#define WQTRACE_H

#include "types.h"

struct wait_queue_head;
struct wait_queue_entry;

// Recording? Read on every wakeup, without a lock: a wake_up() that
// starts as the trace is switched on or off may or may not be recorded.
extern int wqtrace_on;

void wqtraceinit(void);               // devsw[WQTRACE]: the trace device

// One callback's call, noted before it runs: the entry may be gone after.
struct wqtrace_call {
  int callback;                 // its index in wqtrace.c's table, or -1
  int target;                   // the thread it wakes (its tid), or 0
  uint flags;                   // WQTRACE_ASLEEP
};

// The hooks wait.c's traced wakeup calls, with wq->lock held.
void wqtrace_wake_begin(struct wait_queue_head *wq, int nr_exclusive, void *key);
void wqtrace_call_begin(struct wqtrace_call *c, struct wait_queue_entry *e);
void wqtrace_call_end(struct wqtrace_call *c, int accepted);
void wqtrace_wake_end(void);

#endif
