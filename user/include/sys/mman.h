/*
 * sys/mman.h: mmap(2), munmap(2), mprotect(2), madvise(2) (nudge/mman.h
 * has the PROT_*, MAP_* and MADV_* values).
 */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <stddef.h>
#include <sys/types.h>
#include <nudge/mman.h>

#define MAP_ANON   MAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int madvise(void *addr, size_t len, int advice);

#endif
