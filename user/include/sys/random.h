/*
 * sys/random.h: getrandom(2).
 */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <sys/types.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4

ssize_t getrandom(void *buf, size_t len, unsigned int flags);

#endif
