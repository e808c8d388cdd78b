/*
 * sys/auxv.h: getauxval(3), the auxiliary vector execve leaves after the
 * environment (nudge/auxvec.h has the keys).
 */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H

#include <nudge/auxvec.h>

unsigned long getauxval(unsigned long key);

#endif
