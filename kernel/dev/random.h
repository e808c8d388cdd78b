#ifndef DEV_RANDOM_H
#define DEV_RANDOM_H

// Bytes that differ from call to call and from boot to boot (random.c):
// for AT_RANDOM and getrandom, not for keys.
void randominit(void);
void random_bytes(void *buf, unsigned long n);

#endif
