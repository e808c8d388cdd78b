#ifndef TICKER_H
#define TICKER_H

void tickerinit(void);  // devsw[TICKER]: the periodic eventfd signaller

#endif
