/*
 * eventfd's flags: Linux's include/uapi/linux/eventfd.h (man eventfd(2)).
 */
#ifndef NUDGE_EVENTFD_H
#define NUDGE_EVENTFD_H

#define EFD_SEMAPHORE  1
#define EFD_NONBLOCK   0x800      // O_NONBLOCK
#define EFD_CLOEXEC    0x80000    // O_CLOEXEC

#endif
