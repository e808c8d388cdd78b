#ifndef TICKER_H
#define TICKER_H

struct ticker;

void tickerinit(void);                // devsw[TICKER]: periodic eventfd signals
int  ticker_check(struct ticker *t);  // 0, or the broken invariant (T1, T2)

#endif
