/*
 * The wakeup trace's ABI: nudge's own, with no Linux counterpart (its
 * closest relative is ftrace's sched_waking event). Open the device
 * (major WQTRACE in nudge/major.h; init makes /wakeups: /wqtrace is the
 * program that reads it), then
 *
 *   ioctl(fd, WQTRACE_START, 0);   empty every hart's ring, record
 *   ... the wakeups to watch ...
 *   ioctl(fd, WQTRACE_STOP, 0);    stop recording
 *   read(fd, recs, sizeof(recs));  take whole records, hart by hart
 *   ioctl(fd, WQTRACE_LOST, &n);   records a full ring dropped
 *
 * Every wake_up() while recording gives one WQTRACE_WAKE record, and
 * each callback it calls one WQTRACE_CALL record, written when the
 * callback returns: so a wakeup nested in a callback (ep_poll_callback
 * waking ep.wq) comes before the CALL record it belongs to, one depth
 * further in. user/wqtrace.c turns the records into a tree;
 * kernel/event/wqtrace.c has the rules and errors, docs/wqtrace.md the why.
 */
#ifndef NUDGE_WQTRACE_H
#define NUDGE_WQTRACE_H

#include <stdint.h>

#define WQTRACE_NAME 32         // bytes of a name, with its 0

#define WQTRACE_WAKE 1          // a wake_up() began
#define WQTRACE_CALL 2          // one of its callbacks returned

#define WQTRACE_ASLEEP 0x1      // CALL: target was SLEEPING when it ran

struct wqtrace_rec {
  uint64_t time_ns;             // since boot, from the timer all harts share
  uint64_t key;                 // WAKE: wake_up's key (event/wait.h)
  uint32_t seq;                 // this hart's records since START, from 0
  uint16_t hart;
  uint8_t kind;                 // WQTRACE_WAKE or WQTRACE_CALL
  uint8_t depth;                // callbacks this record runs inside (0: none)
  int32_t pid;                  // the thread on the hart (0: none)
  int32_t arg;                  // WAKE: nr_exclusive (0: all); CALL: the
                                // callback's return, 1 accepted, 0 declined
  int32_t target;               // CALL of a waker of threads: its tid; else 0
  uint32_t flags;               // CALL: WQTRACE_ASLEEP
  char name[WQTRACE_NAME];      // WAKE: the queue's; CALL: the callback's
};

// Linux's encodings: _IO('n', 2), _IO('n', 3), _IOR('n', 4, uint64_t).
#define WQTRACE_START 0x6e02u
#define WQTRACE_STOP  0x6e03u
#define WQTRACE_LOST  0x80086e04u

#endif
