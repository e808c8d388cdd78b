/*
 * Memory protections, mapping flags and advice for mmap(2), mprotect(2)
 * and madvise(2): Linux's values (include/uapi/asm-generic/mman-common.h
 * and linux/mman.h).
 */
#ifndef NUDGE_MMAN_H
#define NUDGE_MMAN_H

#define PROT_NONE   0x0
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define PROT_EXEC   0x4
#define PROT_SEM    0x8     // atomic operations may be used: always so here

// mmap's flags: one of the types, and modifiers.
#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE            0x0f
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_NORESERVE       0x4000      // accepted; nudge reserves nothing
#define MAP_POPULATE        0x8000      // accepted; pages still come on touch
#define MAP_STACK           0x20000     // accepted; a hint only
#define MAP_FIXED_NOREPLACE 0x100000

// madvise's advice that nudge takes.
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_FREE       8
#define MADV_HUGEPAGE   14
#define MADV_NOHUGEPAGE 15
#define MADV_DONTDUMP   16
#define MADV_DODUMP     17

#endif
