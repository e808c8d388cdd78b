#ifndef POWER_H
#define POWER_H

// QEMU virt's test device: status 0 powers off, else QEMU exits with it.
void poweroff(int status) __attribute__((noreturn));

#endif
