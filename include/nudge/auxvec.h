/*
 * The auxiliary vector's keys (Linux's include/uapi/linux/auxvec.h): the
 * (key, value) pairs execve leaves on a new program's stack after envp,
 * ended by AT_NULL. docs/abi.md draws the stack.
 */
#ifndef NUDGE_AUXVEC_H
#define NUDGE_AUXVEC_H

#define AT_NULL     0   // the end
#define AT_PHDR     3   // the program headers, in memory
#define AT_PHENT    4   // the size of one
#define AT_PHNUM    5   // how many
#define AT_PAGESZ   6   // the page size
#define AT_ENTRY    9   // the program's entry point
#define AT_UID     11
#define AT_EUID    12
#define AT_GID     13
#define AT_EGID    14
#define AT_HWCAP   16   // the ISA letters user code may use, bit c - 'a'
#define AT_CLKTCK  17   // times(2)'s ticks a second
#define AT_SECURE  23   // 1 if set-uid: never, on nudge
#define AT_RANDOM  25   // 16 random bytes on the stack
#define AT_EXECFN  31   // the path execve ran, on the stack

#endif
