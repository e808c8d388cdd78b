#ifndef TRAP_H
#define TRAP_H

#include "types.h"
#include "lock/spinlock.h"

extern struct spinlock tickslock;
extern uint64 ticks;              // [tickslock] timer ticks since boot, HZ a second

void trapinit(void);
void trapinithart(void);
void usertrapret(void);

#endif
