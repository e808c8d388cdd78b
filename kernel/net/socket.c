/*
 * The socket system calls: socket, socketpair, bind, listen, accept,
 * accept4, connect, getsockname, getpeername, sendto, recvfrom, sendmsg,
 * recvmsg, shutdown, setsockopt, getsockopt. Each fetches and checks its
 * arguments in Linux's order (net/socket.c), then calls the AF_UNIX
 * mechanism in net/unix.c, the one family nudge has. Here too: the
 * addresses' trip between user and kernel (Linux's move_addr_to_kernel
 * and move_addr_to_user), and the control messages that carry files
 * (SCM_RIGHTS).
 */
#include "types.h"
#include "param.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "fs/file.h"
#include "net/unix.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/socket.h"

#define NPROTO        46            // AF_MAX: families are below it
#define ADDR_MAX      128           // struct sockaddr_storage
#define INT_MAX       0x7fffffff

// fd's socket: the file, with fdget's reference, and the socket.
// -EBADF if fd is not open, -ENOTSOCK if it is not a socket.
static int
sockfd(int fd, struct file **fp, struct unix_sock **up)
{
  if((*fp = fdget(fd)) == 0)
    return -EBADF;
  if((*up = unix_of(*fp)) == 0){
    fdput(*fp);
    return -ENOTSOCK;
  }
  return 0;
}

// An address from the user: -EINVAL for a length outside [0, 128],
// -EFAULT. (The family checks the rest: at most a sockaddr_un.)
static int
addr_in(uint64 uaddr, int len, struct sockaddr_un *a)
{
  if(len < 0 || len > ADDR_MAX)
    return -EINVAL;
  if(len > sizeof(*a))
    return -EINVAL;
  if(len > 0 && copyin(myproc()->mm, a, uaddr, len) < 0)
    return -EFAULT;
  return 0;
}

// An address to the user: at most *ulenp bytes of it, and its whole
// length into *ulenp. -EFAULT, -EINVAL for a negative *ulenp.
static int
addr_out(struct sockaddr_un *a, int len, uint64 uaddr, uint64 ulenp)
{
  struct mm *mm = myproc()->mm;
  int ulen;

  if(copyin(mm, &ulen, ulenp, sizeof(ulen)) < 0)
    return -EFAULT;
  if(ulen < 0)
    return -EINVAL;
  if(len < ulen)
    ulen = len;
  if(ulen > 0 && copyout(mm, uaddr, a, ulen) < 0)
    return -EFAULT;
  return copyout(mm, ulenp, &len, sizeof(len)) < 0 ? -EFAULT : 0;
}

// socket(2)'s and socketpair(2)'s checks: the family, the type and its
// flags, the protocol. The type without its flags, or -errno.
static int
sock_type(int family, int type, int protocol)
{
  int t = type & SOCK_TYPE_MASK;

  if(type & ~SOCK_TYPE_MASK & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
    return -EINVAL;
  if(family < 0 || family >= NPROTO)
    return -EAFNOSUPPORT;
  if(t < 0 || t >= SOCK_MAX)
    return -EINVAL;
  if(family != AF_UNIX)
    return -EAFNOSUPPORT;
  if(protocol != 0 && protocol != AF_UNIX)
    return -EPROTONOSUPPORT;
  if(t == SOCK_RAW)
    t = SOCK_DGRAM;             // as Linux's unix_create
  if(t != SOCK_STREAM && t != SOCK_DGRAM && t != SOCK_SEQPACKET)
    return -ESOCKTNOSUPPORT;
  return t;
}

// int socket(int family, int type, int protocol)
long
sys_socket(void)
{
  int type = argint(1), t, fd;
  struct file *f;

  if((t = sock_type(argint(0), type, argint(2))) < 0)
    return t;
  if((fd = unix_create(t, type & SOCK_NONBLOCK, &f)) < 0)
    return fd;
  if((fd = fdalloc(f, type & SOCK_CLOEXEC)) < 0)
    fileclose(f);
  return fd;
}

// int socketpair(int family, int type, int protocol, int sv[2])
long
sys_socketpair(void)
{
  int type = argint(1), t, fd[2] = { -1, -1 }, r;
  struct file *f[2] = { 0, 0 };

  if((t = sock_type(argint(0), type, argint(2))) < 0)
    return t;
  for(int i = 0; i < 2; i++)
    if((r = unix_create(t, type & SOCK_NONBLOCK, &f[i])) < 0 ||
       (r = fd[i] = fdreserve(type & SOCK_CLOEXEC)) < 0)
      goto undo;
  unix_pair(unix_of(f[0]), unix_of(f[1]));
  if(copyout(myproc()->mm, argaddr(3), fd, sizeof(fd)) < 0){
    r = -EFAULT;
    goto undo;
  }
  fdcommit(fd[0], f[0]);
  fdcommit(fd[1], f[1]);
  return 0;

undo:
  for(int i = 0; i < 2; i++){
    if(fd[i] >= 0)
      fdunreserve(fd[i]);
    if(f[i])
      fileclose(f[i]);
  }
  return r;
}

// The calls that take a socket and a name: fn(the socket, the name, its
// length), once the name is in.
static long
sock_addr_call(int (*fn)(struct unix_sock *, struct sockaddr_un *, int))
{
  struct sockaddr_un a;
  struct unix_sock *u;
  struct file *f;
  int len = argint(2), r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = addr_in(argaddr(1), len, &a)) == 0)
    r = fn(u, &a, len);
  fdput(f);
  return r;
}

// int bind(int fd, const struct sockaddr *addr, socklen_t len)
long
sys_bind(void)
{
  return sock_addr_call(unix_bind);
}

// The calls that take a socket and an int: fn(the socket, the int).
static long
sock_int_call(int (*fn)(struct unix_sock *, int))
{
  struct unix_sock *u;
  struct file *f;
  int r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  r = fn(u, argint(1));
  fdput(f);
  return r;
}

// int listen(int fd, int backlog)
long
sys_listen(void)
{
  return sock_int_call(unix_listen);
}

// int connect(int fd, const struct sockaddr *addr, socklen_t len)
long
sys_connect(void)
{
  return sock_addr_call(unix_connect);
}

// accept4(fd, addr, len, flags): the new socket's fd; its peer's name at
// addr.
static long
do_accept(int flags)
{
  int fd, r, alen;
  uint64 uaddr = argaddr(1);
  struct sockaddr_un a;
  struct unix_sock *u;
  struct file *f, *nf;

  if(flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
    return -EINVAL;
  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((fd = fdreserve(flags & SOCK_CLOEXEC)) < 0){
    fdput(f);
    return fd;
  }
  if((r = unix_accept(u, f->flags & O_NONBLOCK, flags & SOCK_NONBLOCK, &nf)) < 0)
    goto out;
  if(uaddr){
    alen = unix_getname(unix_of(nf), 1, &a);
    if(alen < 0){
      a.sun_family = AF_UNIX;
      alen = 2;
    }
    if((r = addr_out(&a, alen, uaddr, argaddr(2))) < 0){
      fileclose(nf);
      goto out;
    }
  }
  fdcommit(fd, nf);
  fdput(f);
  return fd;

out:
  fdunreserve(fd);
  fdput(f);
  return r;
}

// int accept(int fd, struct sockaddr *addr, socklen_t *len)
long
sys_accept(void)
{
  return do_accept(0);
}

// int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
long
sys_accept4(void)
{
  return do_accept(argint(3));
}

// getsockname(2) (peer 0) and getpeername(2).
static long
getname(int peer)
{
  struct sockaddr_un a;
  struct unix_sock *u;
  struct file *f;
  int r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = unix_getname(u, peer, &a)) >= 0)
    r = addr_out(&a, r, argaddr(1), argaddr(2));
  fdput(f);
  return r;
}

long
sys_getsockname(void)
{
  return getname(0);
}

long
sys_getpeername(void)
{
  return getname(1);
}

// ---- sending and receiving -----------------------------------------------------------

// The files of an SCM_RIGHTS control message at ucmsg (controllen
// bytes), each with a reference, into sf. 0, or -EINVAL (a malformed
// message, more than SCM_MAX_FD files), -EBADF, -EFAULT.
static int
cmsg_files(uint64 uctl, uint64 controllen, struct sendfiles *sf)
{
  struct mm *mm = myproc()->mm;
  struct cmsghdr h;
  uint64 off = 0;
  int fd, n;

  while(off + sizeof(h) <= controllen){
    if(copyin(mm, &h, uctl + off, sizeof(h)) < 0)
      return -EFAULT;
    if(h.cmsg_len < sizeof(h) || h.cmsg_len > controllen - off)
      return -EINVAL;
    off += CMSG_ALIGN(h.cmsg_len);
    if(h.cmsg_level != SOL_SOCKET)
      continue;                 // another level's: not the socket's business
    if(h.cmsg_type != SCM_RIGHTS)
      return -EINVAL;
    n = (h.cmsg_len - sizeof(h)) / sizeof(int);
    if(sf->n + n > SCM_MAX_FD)
      return -EINVAL;
    if(sf->files == 0 && (sf->files = kzalloc(SCM_MAX_FD * sizeof(struct file *))) == 0)
      return -ENOMEM;
    for(int i = 0; i < n; i++){
      uint64 at = uctl + off - CMSG_ALIGN(h.cmsg_len) + sizeof(h) + i * sizeof(int);
      if(copyin(mm, &fd, at, sizeof(fd)) < 0)
        return -EFAULT;
      if((sf->files[sf->n] = fdget(fd)) == 0)
        return -EBADF;
      sf->n++;
    }
  }
  return 0;
}

static void
sendfiles_put(struct sendfiles *sf)
{
  for(int i = 0; i < sf->n; i++)
    fileclose(sf->files[i]);
  kfree(sf->files);
}

// Closes the files a receive took, from the from-th on, and frees their
// list: those no fd got.
static void
recvfiles_put(struct recvfiles *rf, int from)
{
  for(int j = from; j < rf->n; j++)
    fileclose(rf->files[j]);
  kfree(rf->files);
}

/*
 * Installs the files a receive took as new fds, in an SCM_RIGHTS message
 * at uctl (room bytes); those that do not fit are closed, and *mflags
 * gets MSG_CTRUNC. As Linux's scm_detach_fds: each fd is reserved, its
 * number written, and only then does it get its file, so a control
 * buffer that cannot be written leaves no fd behind. The bytes of
 * control data written.
 */
static uint64
cmsg_put_files(struct recvfiles *rf, uint64 uctl, uint64 room, int cloexec, int *mflags)
{
  struct mm *mm = myproc()->mm;
  struct cmsghdr h = { 0, SOL_SOCKET, SCM_RIGHTS };
  int i = 0, fd, fit;

  fit = room < sizeof(h) ? 0 : (room - sizeof(h)) / sizeof(int);
  for(; i < rf->n && i < fit; i++){
    if((fd = fdreserve(cloexec)) < 0)
      break;
    if(copyout(mm, uctl + sizeof(h) + i * sizeof(int), &fd, sizeof(fd)) < 0){
      fdunreserve(fd);
      break;
    }
    fdcommit(fd, rf->files[i]);
  }
  if(i < rf->n)
    *mflags |= MSG_CTRUNC;
  recvfiles_put(rf, i);
  if(i == 0)
    return 0;
  h.cmsg_len = sizeof(h) + i * sizeof(int);
  copyout(mm, uctl, &h, sizeof(h));
  return CMSG_ALIGN(h.cmsg_len) < room ? CMSG_ALIGN(h.cmsg_len) : room;
}

// Fetches a struct msghdr: *m, and its iovecs into it. -EFAULT,
// -EMSGSIZE (more than UIO_MAXIOV iovecs), -ENOBUFS (a control length
// over INT_MAX).
static int
msghdr_in(uint64 umsg, struct msghdr *m, struct iov_iter *it)
{
  if(copyin(myproc()->mm, m, umsg, sizeof(*m)) < 0)
    return -EFAULT;
  if(m->msg_iovlen > UIO_MAXIOV)
    return -EMSGSIZE;
  if(m->msg_controllen > INT_MAX)
    return -ENOBUFS;
  iov_iter_user(it, (uint64)m->msg_iov, m->msg_iovlen);
  return 0;
}

// The send calls' common end: the bytes of it (and sf's files) from fd
// to the address at uaddr (alen bytes), if any.
static long
do_send(int fd, struct iov_iter *it, int flags, uint64 uaddr, int alen,
        struct sendfiles *sf)
{
  struct sockaddr_un a;
  struct unix_sock *u;
  struct file *f;
  struct uio c;
  long r;

  if((r = sockfd(fd, &f, &u)) < 0)
    return r;
  if(uaddr && (r = addr_in(uaddr, alen, &a)) < 0)
    goto out;
  if((r = uio_init(&c, it)) < 0)
    goto out;
  r = unix_send(u, &c, sf, uaddr ? &a : 0, alen, flags, f->flags & O_NONBLOCK);
out:
  fdput(f);
  return r;
}

// ssize_t sendto(int fd, const void *buf, size_t len, int flags,
//                const struct sockaddr *addr, socklen_t alen)
long
sys_sendto(void)
{
  struct iov_iter it;

  iov_iter_one(&it, argaddr(1), argaddr(2));
  return do_send(argint(0), &it, argint(3), argaddr(4), argint(5), 0);
}

// ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
long
sys_sendmsg(void)
{
  struct sendfiles sf = { 0, 0 };
  struct iov_iter it;
  struct msghdr m;
  long r;

  if((r = msghdr_in(argaddr(1), &m, &it)) < 0)
    return r;
  if(m.msg_controllen &&
     (r = cmsg_files((uint64)m.msg_control, m.msg_controllen, &sf)) < 0){
    sendfiles_put(&sf);
    return r;
  }
  r = do_send(argint(0), &it, argint(2), m.msg_name ? (uint64)m.msg_name : 0,
              m.msg_namelen, &sf);
  sendfiles_put(&sf);             // what the message did not take
  return r;
}

// The receive calls' common part: into it from fd, the sender's name in
// *from (*fromlen bytes), files into rf, *mflags the message's flags.
static long
do_recv(int fd, struct iov_iter *it, int flags, struct sockaddr_un *from,
        int *fromlen, struct recvfiles *rf, int *mflags)
{
  struct unix_sock *u;
  struct file *f;
  struct uio c;
  long r;

  if((r = sockfd(fd, &f, &u)) < 0)
    return r;
  if((r = uio_init(&c, it)) == 0)
    r = unix_recv(u, &c, rf, flags, f->flags & O_NONBLOCK, from, fromlen, mflags);
  fdput(f);
  return r;
}

// ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
//                  struct sockaddr *addr, socklen_t *alen)
long
sys_recvfrom(void)
{
  struct sockaddr_un from;
  struct iov_iter it;
  int fromlen = 0, mflags = 0;
  uint64 uaddr = argaddr(4);
  long r;

  iov_iter_one(&it, argaddr(1), argaddr(2));
  r = do_recv(argint(0), &it, argint(3), &from, &fromlen, 0, &mflags);
  if(r >= 0 && uaddr){
    int e = addr_out(&from, fromlen, uaddr, argaddr(5));
    if(e < 0)
      return e;
  }
  return r;
}

// ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
long
sys_recvmsg(void)
{
  uint64 umsg = argaddr(1);
  int flags = argint(2), fromlen = 0, mflags = 0;
  struct recvfiles rf = { 0, 0, 0 };
  struct sockaddr_un from;
  struct iov_iter it;
  struct msghdr m;
  struct mm *mm = myproc()->mm;
  long r;

  if((r = msghdr_in(umsg, &m, &it)) < 0)
    return r;
  // A receive that fails, or whose sender's name cannot be written,
  // closes the files it took: no fd got them.
  r = do_recv(argint(0), &it, flags, &from, &fromlen, &rf, &mflags);
  if(r >= 0 && m.msg_name){
    int len = fromlen < m.msg_namelen ? fromlen : m.msg_namelen;
    if(len > 0 && copyout(mm, (uint64)m.msg_name, &from, len) < 0)
      r = -EFAULT;
  }
  if(r < 0){
    if(rf.n)
      recvfiles_put(&rf, 0);
    return r;
  }
  m.msg_namelen = m.msg_name ? fromlen : 0;
  if(rf.n)
    m.msg_controllen = cmsg_put_files(&rf, (uint64)m.msg_control, m.msg_controllen,
                                      flags & MSG_CMSG_CLOEXEC, &mflags);
  else
    m.msg_controllen = 0;
  m.msg_flags = mflags;
  if(copyout(mm, umsg + __builtin_offsetof(struct msghdr, msg_namelen), &m.msg_namelen,
             sizeof(m.msg_namelen)) < 0 ||
     copyout(mm, umsg + __builtin_offsetof(struct msghdr, msg_controllen),
             &m.msg_controllen, sizeof(m.msg_controllen)) < 0 ||
     copyout(mm, umsg + __builtin_offsetof(struct msghdr, msg_flags), &m.msg_flags,
             sizeof(m.msg_flags)) < 0)
    return -EFAULT;
  return r;
}

// int shutdown(int fd, int how)
long
sys_shutdown(void)
{
  return sock_int_call(unix_shutdown);
}

// int setsockopt(int fd, int level, int opt, const void *val, socklen_t len)
long
sys_setsockopt(void)
{
  struct unix_sock *u;
  struct file *f;
  int val, r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if(argint(1) != SOL_SOCKET)
    r = -EOPNOTSUPP;
  else if(argint(4) < (int)sizeof(int))
    r = -EINVAL;
  else if(copyin(myproc()->mm, &val, argaddr(3), sizeof(val)) < 0)
    r = -EFAULT;
  else
    r = unix_setsockopt(u, argint(2), val);
  fdput(f);
  return r;
}

// int getsockopt(int fd, int level, int opt, void *val, socklen_t *len)
long
sys_getsockopt(void)
{
  uint64 uval = argaddr(3), ulen = argaddr(4);
  struct mm *mm = myproc()->mm;
  struct unix_sock *u;
  struct file *f;
  char buf[16];
  int len, r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if(argint(1) != SOL_SOCKET)
    r = -EOPNOTSUPP;
  else if(copyin(mm, &len, ulen, sizeof(len)) < 0)
    r = -EFAULT;
  else if(len < 0)
    r = -EINVAL;
  else if((r = unix_getsockopt(u, argint(2), buf)) >= 0){
    if(len > r)
      len = r;
    r = 0;
    if(copyout(mm, uval, buf, len) < 0 || copyout(mm, ulen, &len, sizeof(len)) < 0)
      r = -EFAULT;
  }
  fdput(f);
  return r;
}
