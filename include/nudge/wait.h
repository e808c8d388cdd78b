/*
 * Exit status encoding, as Linux's wait(2) reports it: a normal exit with
 * code c gives (c & 0xff) << 8; a process killed by signal s gives s.
 */
#ifndef NUDGE_WAIT_H
#define NUDGE_WAIT_H

#define WEXITSTATUS(s)  (((s) >> 8) & 0xff)
#define WTERMSIG(s)     ((s) & 0x7f)
#define WIFEXITED(s)    (WTERMSIG(s) == 0)
#define WIFSIGNALED(s)  (WTERMSIG(s) != 0)

#define SIGKILL 9           // kill(2) with any non-zero signal terminates

#endif
