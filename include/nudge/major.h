/*
 * Device numbers: the major number of each character device nudge has
 * (a dinode's major; mknodat's dev through makedev), as Linux's
 * include/uapi/linux/major.h lists its own.
 */
#ifndef NUDGE_MAJOR_H
#define NUDGE_MAJOR_H

#define CONSOLE    1
#define TICKER     2              // kernel/dev/ticker.c, nudge/ticker.h
#define WQTRACE    3              // kernel/event/wqtrace.c, nudge/wqtrace.h

#endif
