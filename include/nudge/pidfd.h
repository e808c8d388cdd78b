/*
 * pidfd's flags: Linux's include/uapi/linux/pidfd.h (man pidfd_open(2),
 * man pidfd_send_signal(2)).
 */
#ifndef NUDGE_PIDFD_H
#define NUDGE_PIDFD_H

#define PIDFD_NONBLOCK  0x800       // O_NONBLOCK: waitid(P_PIDFD) does not block
#define PIDFD_THREAD    0x80        // O_EXCL: a pidfd for a thread (not in nudge)

// pidfd_send_signal(2)'s flags: whom the signal is for (at most one).
#define PIDFD_SIGNAL_THREAD         (1 << 0)   // the thread the pidfd names
#define PIDFD_SIGNAL_THREAD_GROUP   (1 << 1)   // its process (the default)
#define PIDFD_SIGNAL_PROCESS_GROUP  (1 << 2)   // the group it leads (id: its pid)

// pidfd_send_signal(2)'s fds that need no pidfd (Linux 6.15 on).
#define PIDFD_SELF_THREAD        -10000   // the calling thread
#define PIDFD_SELF_THREAD_GROUP  -10001   // the calling process

#endif
