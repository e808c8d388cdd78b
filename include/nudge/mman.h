/*
 * Memory protections for mprotect(2), Linux's values
 * (include/uapi/asm-generic/mman-common.h).
 */
#ifndef NUDGE_MMAN_H
#define NUDGE_MMAN_H

#define PROT_NONE   0x0
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define PROT_EXEC   0x4
#define PROT_SEM    0x8     // atomic operations may be used: always so here

#endif
