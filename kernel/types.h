// Kernel integer types, xv6's names.
#ifndef TYPES_H
#define TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;
typedef unsigned char  uint8;
typedef unsigned short uint16;
typedef unsigned int   uint32;
typedef unsigned long  uint64;
typedef uint64 pte_t;
typedef uint64 *pagetable_t;    // 512 PTEs

#define NULL ((void *)0)
#define INT_MIN (-2147483647 - 1)

// Elements in a fixed-size array.
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
