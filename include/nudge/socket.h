/*
 * Sockets: the constants and structures of the socket calls, as Linux
 * riscv64 has them (include/linux/socket.h, include/uapi/linux/un.h,
 * include/uapi/asm-generic/socket.h; man socket(2), unix(7), cmsg(3)).
 * nudge has the AF_UNIX family only.
 */
#ifndef NUDGE_SOCKET_H
#define NUDGE_SOCKET_H

#include <stdint.h>

#define AF_UNSPEC 0
#define AF_UNIX   1

#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_MAX       11
#define SOCK_NONBLOCK  0x0800       // O_NONBLOCK
#define SOCK_CLOEXEC   0x80000      // O_CLOEXEC

#define SOL_SOCKET  1
#define SO_TYPE     3
#define SO_ERROR    4
#define SO_SNDBUF   7
#define SO_RCVBUF   8
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN   39

#define SCM_RIGHTS  1               // a cmsg of file descriptors
#define SCM_MAX_FD  253             // the most one message carries

#define MSG_OOB          0x1         // urgent data: nudge has none (EOPNOTSUPP)
#define MSG_PEEK         0x2
#define MSG_CTRUNC       0x8
#define MSG_TRUNC        0x20
#define MSG_DONTWAIT     0x40
#define MSG_EOR          0x80
#define MSG_WAITALL      0x100
#define MSG_NOSIGNAL     0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

#define UNIX_PATH_MAX 108

struct sockaddr_un {
  uint16_t sun_family;              // AF_UNIX
  char sun_path[UNIX_PATH_MAX];     // a path, or a NUL and an abstract name
};

// sendmsg(2), recvmsg(2): 56 bytes on riscv64.
struct msghdr {
  void *msg_name;
  int32_t msg_namelen;
  int32_t pad1;
  void *msg_iov;                    // struct iovec[msg_iovlen]
  uint64_t msg_iovlen;
  void *msg_control;
  uint64_t msg_controllen;
  int32_t msg_flags;
  int32_t pad2;
};

// One control message, then its data, each 8-byte aligned.
struct cmsghdr {
  uint64_t cmsg_len;                // header and data, not the padding
  int32_t cmsg_level;
  int32_t cmsg_type;
};
#define CMSG_ALIGN(len) (((len) + 7) & ~7UL)

struct ucred {
  int32_t pid;
  uint32_t uid;
  uint32_t gid;
};

#endif
