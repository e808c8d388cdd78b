/*
 * sys/socket.h: the socket calls (man socket(2), unix(7)); the constants
 * and structures are nudge/socket.h's, Linux's. send and recv are the
 * library's, on sendto and recvfrom, as glibc builds them on riscv64.
 */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <stddef.h>
#include <sys/types.h>
#include <nudge/socket.h>

typedef uint32_t socklen_t;
struct sockaddr {
  uint16_t sa_family;
  char sa_data[14];
};

int socket(int family, int type, int protocol);
int socketpair(int family, int type, int protocol, int sv[2]);
int bind(int fd, const void *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, void *addr, socklen_t *len);
int accept4(int fd, void *addr, socklen_t *len, int flags);
int connect(int fd, const void *addr, socklen_t len);
int getsockname(int fd, void *addr, socklen_t *len);
int getpeername(int fd, void *addr, socklen_t *len);
ssize_t sendto(int fd, const void *buf, size_t n, int flags, const void *addr, socklen_t len);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags, void *addr, socklen_t *len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendmsg(int fd, const struct msghdr *m, int flags);
ssize_t recvmsg(int fd, struct msghdr *m, int flags);
int shutdown(int fd, int how);
int setsockopt(int fd, int level, int opt, const void *val, socklen_t len);
int getsockopt(int fd, int level, int opt, void *val, socklen_t *len);

#endif
