/*
 * sys/mman.h: mprotect(2) (nudge/mman.h has the PROT_* values).
 */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <stddef.h>
#include <nudge/mman.h>

int mprotect(void *addr, size_t len, int prot);

#endif
