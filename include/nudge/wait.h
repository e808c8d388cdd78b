/*
 * Exit status encoding, as Linux's wait(2) reports it: a normal exit with
 * code c gives (c & 0xff) << 8; a process killed by signal s gives s,
 * or s | WCOREFLAG when the signal's default action dumps core.
 * And wait4(2)'s options, Linux's values.
 */
#ifndef NUDGE_WAIT_H
#define NUDGE_WAIT_H

#define WEXITSTATUS(s)  (((s) >> 8) & 0xff)
#define WTERMSIG(s)     ((s) & 0x7f)
#define WIFEXITED(s)    (WTERMSIG(s) == 0)
#define WIFSIGNALED(s)  (WTERMSIG(s) != 0)
#define WCOREFLAG       0x80
#define WCOREDUMP(s)    ((s) & WCOREFLAG)

#include "signal.h"     // the signal numbers a status holds

// wait4(2)'s and waitid(2)'s options.
#define WNOHANG     0x00000001  // return 0 rather than wait
#define WUNTRACED   0x00000002  // report stopped children (none stop yet)
#define WSTOPPED    WUNTRACED   // waitid's name for it
#define WEXITED     0x00000004  // waitid: report children that exited
#define WCONTINUED  0x00000008  // report continued ones (none yet)
#define WNOWAIT     0x01000000  // waitid: report, but leave it waitable
#define __WNOTHREAD 0x20000000  // a thread's own children only
#define __WALL      0x40000000  // every child, whatever its exit signal
#define __WCLONE    0x80000000  // only the children whose exit signal is
                                // not SIGCHLD ("clone children")

// waitid(2)'s idtype: which children id names.
#define P_ALL       0           // any (id ignored)
#define P_PID       1           // the one with pid id
#define P_PGID      2           // those in process group id (0: the caller's)
#define P_PIDFD     3           // the one pidfd id refers to

#endif
