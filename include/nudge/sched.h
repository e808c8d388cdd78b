/*
 * clone(2)'s flags, Linux's values (include/uapi/linux/sched.h). nudge
 * makes processes only (threads come later), so it takes the flags a
 * fork is made of: the exit signal in the low byte, and the thread-id
 * bookkeeping glibc's fork asks for.
 */
#ifndef NUDGE_SCHED_H
#define NUDGE_SCHED_H

#define CSIGNAL               0x000000ff  // the signal the parent gets at exit
#define CLONE_VM              0x00000100  // share the memory
#define CLONE_FS              0x00000200  // share the current directory and umask
#define CLONE_FILES           0x00000400  // share the fd table
#define CLONE_SIGHAND         0x00000800  // share signal handlers
#define CLONE_PIDFD           0x00001000  // store a pidfd for the child at ptid
#define CLONE_VFORK           0x00004000  // the parent waits for the child's exec or exit
#define CLONE_THREAD          0x00010000  // a thread of the caller's process
#define CLONE_SYSVSEM         0x00040000  // share System V semaphore undo lists
#define CLONE_SETTLS          0x00080000  // the child's tp is the tls argument
#define CLONE_DETACHED        0x00400000  // ignored, as by Linux
#define CLONE_PARENT_SETTID   0x00100000  // store the child's tid at ptid
#define CLONE_CHILD_CLEARTID  0x00200000  // at the child's exit, 0 at ctid
#define CLONE_CHILD_SETTID    0x01000000  // store the child's tid at ctid

#include "signal.h"         // SIGCHLD, a fork's exit signal; NSIG

#endif
