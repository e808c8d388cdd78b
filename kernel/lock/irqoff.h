#ifndef IRQOFF_H
#define IRQOFF_H

#include "types.h"

/*
 * How long each hart keeps interrupts off (lock/irqoff.c). Measured in
 * the checking build only; elsewhere these cost nothing.
 */
#ifdef CHECK_INVARIANTS
void irqoff_begin(void);     // interrupts just went off on this hart
void irqoff_end(void);       // they are about to come back on
#else
static inline void irqoff_begin(void) {}
static inline void irqoff_end(void) {}
#endif

long irqoff_max_ns(int hart);  // longest stretch since boot or reset; -1: not measured
void irqoff_reset(void);

#endif
