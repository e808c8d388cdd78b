/*
 * sys/epoll.h: epoll(7)'s calls (nudge/eventpoll.h has the constants and
 * struct epoll_event). epoll_create and epoll_wait are library functions
 * over epoll_create1 and epoll_pwait, as in glibc on riscv64.
 */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H

#include <nudge/eventpoll.h>

typedef union epoll_data epoll_data_t;

int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms);
int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
                const void *sigmask, unsigned long sigsetsize);

#endif
