#ifndef TRAP_H
#define TRAP_H

#include "types.h"
#include "lock/spinlock.h"

void trapinit(void);
void trapinithart(void);
void usertrapret(void);

#endif
