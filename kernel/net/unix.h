#ifndef NET_UNIX_H
#define NET_UNIX_H

#include "types.h"
#include "fs/file.h"
#include "nudge/socket.h"

struct unix_sock;

// A walk over a call's user buffers (its iovecs), checked at the start.
struct uio {
  struct iov_iter *it;
  uint64 total;                 // bytes in all segments
  uint64 left;                  // bytes not yet copied
  int seg;                      // the segment cur is in
  struct iovec cur;             // what is left of it
  uint64 counted;               // iov_iter_seg's running total
};

// Files a send carries (SCM_RIGHTS), with a reference each, and the
// files a receive took, to be installed as fds.
struct sendfiles {
  struct file **files;
  int n;
};
struct recvfiles {
  struct file **files;
  int n;
  int peeked;                   // MSG_PEEK's: copies, still in flight too
};

void unix_init(void);
int  uio_init(struct uio *c, struct iov_iter *it);
int  unix_create(int type, int nonblock, struct file **fp);
struct unix_sock *unix_of(struct file *f);     // 0 if f is not a socket
int  unix_type(struct unix_sock *u);
void unix_pair(struct unix_sock *a, struct unix_sock *b);
int  unix_bind(struct unix_sock *u, struct sockaddr_un *a, int len);
int  unix_listen(struct unix_sock *u, int backlog);
int  unix_connect(struct unix_sock *u, struct sockaddr_un *a, int len);
int  unix_accept(struct unix_sock *l, int lnonblock, int nonblock, struct file **fp);
long unix_send(struct unix_sock *u, struct uio *c, struct sendfiles *sf,
               struct sockaddr_un *a, int alen, int flags, int nonblock);
long unix_recv(struct unix_sock *u, struct uio *c, struct recvfiles *rf, int flags,
               int nonblock, struct sockaddr_un *from, int *fromlen, int *mflags);
int  unix_send_ready(struct unix_sock *u);
int  unix_shutdown(struct unix_sock *u, int how);
int  unix_getname(struct unix_sock *u, int peer, struct sockaddr_un *a);
int  unix_getsockopt(struct unix_sock *u, int opt, void *buf);
int  unix_setsockopt(struct unix_sock *u, int opt, int val);
void unix_release_sock(struct unix_sock *u);

#endif
