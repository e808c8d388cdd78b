/*
 * futex(2)'s operations and flags: Linux's include/uapi/linux/futex.h
 * (man futex(2)). An op is a command, perhaps with FUTEX_PRIVATE_FLAG or
 * FUTEX_CLOCK_REALTIME. nudge has FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE,
 * FUTEX_CMP_REQUEUE, FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET; the other
 * commands are ENOSYS (docs/linux-differences.md).
 */
#ifndef NUDGE_FUTEX_H
#define NUDGE_FUTEX_H

#define FUTEX_WAIT              0
#define FUTEX_WAKE              1
#define FUTEX_FD                2
#define FUTEX_REQUEUE           3
#define FUTEX_CMP_REQUEUE       4
#define FUTEX_WAKE_OP           5
#define FUTEX_LOCK_PI           6
#define FUTEX_UNLOCK_PI         7
#define FUTEX_TRYLOCK_PI        8
#define FUTEX_WAIT_BITSET       9
#define FUTEX_WAKE_BITSET       10
#define FUTEX_WAIT_REQUEUE_PI   11
#define FUTEX_CMP_REQUEUE_PI    12
#define FUTEX_LOCK_PI2          13

#define FUTEX_PRIVATE_FLAG      128   // the word is not shared with other processes
#define FUTEX_CLOCK_REALTIME    256   // FUTEX_WAIT_BITSET's time is on CLOCK_REALTIME
#define FUTEX_CMD_MASK          (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_WAIT_PRIVATE        (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE        (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE     (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)

// FUTEX_WAIT and FUTEX_WAKE are the _BITSET commands with every bit set.
#define FUTEX_BITSET_MATCH_ANY  0xffffffff

#endif
