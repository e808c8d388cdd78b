#ifndef TICKER_H
#define TICKER_H

struct ticker;
struct wait_queue_entry;

void tickerinit(void);                // devsw[TICKER]: periodic eventfd signals
int  ticker_check(struct ticker *t);  // 0, or the broken invariant (T1, T2)
int  ticker_wakeup(struct wait_queue_entry *e, void *key);  // on the eventfd's queue

#endif
