/*
 * sys/un.h: struct sockaddr_un, an AF_UNIX socket's name (nudge/socket.h).
 */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <sys/socket.h>

#endif
