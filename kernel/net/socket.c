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
#include "mm/pagearray.h"
#include "mm/vm.h"
#include "fs/file.h"
#include "net/unix.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/socket.h"

#define NPROTO        46            // AF_MAX: families are below it
#define INT_MAX       0x7fffffff
#define OPTMEM_MAX    131072        // net.core.optmem_max: the most control bytes
#define ADDR_MAX      128           // the most bytes of a name read

// A name as the calls take it in (Linux's struct sockaddr_storage): up
// to 128 bytes, of which an AF_UNIX name uses at most 110.
struct sockname {
  struct sockaddr_un un;
  char rest[ADDR_MAX - sizeof(struct sockaddr_un)];
};

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

// An address from the user (Linux's move_addr_to_kernel): -EINVAL for a
// length outside [0, 128], -EFAULT. All 128 bytes are read; the family
// judges the length (a sockaddr_un is 110).
static int
addr_in(uint64 uaddr, int len, struct sockname *a)
{
  if(len < 0 || len > ADDR_MAX)
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

// int socketpair(int family, int type, int protocol, int sv[2]). As
// Linux's __sys_socketpair: the flags, then two fds reserved and stored,
// and only then the family, type and protocol.
long
sys_socketpair(void)
{
  int type = argint(1), t, fd[2] = { -1, -1 }, r;
  struct file *f[2] = { 0, 0 };

  if(type & ~SOCK_TYPE_MASK & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
    return -EINVAL;
  for(int i = 0; i < 2; i++)
    if((r = fd[i] = fdreserve(type & SOCK_CLOEXEC)) < 0)
      goto undo;
  if(copyout(myproc()->mm, argaddr(3), fd, sizeof(fd)) < 0){
    r = -EFAULT;
    goto undo;
  }
  if((r = t = sock_type(argint(0), type, argint(2))) < 0)
    goto undo;
  for(int i = 0; i < 2; i++)
    if((r = unix_create(t, type & SOCK_NONBLOCK, &f[i])) < 0)
      goto undo;
  unix_pair(unix_of(f[0]), unix_of(f[1]));
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
  struct sockname a;
  struct unix_sock *u;
  struct file *f;
  int len = argint(2), r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = addr_in(argaddr(1), len, &a)) == 0)
    r = fn(u, &a.un, len);
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
// addr. As Linux's __sys_accept4: the fd, the flags, then whether it is
// a socket.
static long
do_accept(int flags)
{
  int fd = -1, r, alen;
  uint64 uaddr = argaddr(1);
  struct sockaddr_un a;
  struct unix_sock *u;
  struct file *f, *nf;

  if((f = fdget(argint(0))) == 0)
    return -EBADF;
  if(flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)){
    r = -EINVAL;
    goto out;
  }
  if((u = unix_of(f)) == 0){
    r = -ENOTSOCK;
    goto out;
  }
  if((r = fd = fdreserve(flags & SOCK_CLOEXEC)) < 0)
    goto out;
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
  if(fd >= 0)
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

/*
 * The control messages of a send, as Linux takes them: the whole buffer
 * copied in first (____sys_sendmsg: -ENOBUFS for more than OPTMEM_MAX
 * bytes, -EFAULT), then, once the socket has had its say (for a
 * seqpacket socket, unix_send_ready()), read (__scm_send). Each
 * SCM_RIGHTS message's files, with a reference each, go into sf; other
 * levels' messages are skipped. -EINVAL for a malformed message, another
 * SOL_SOCKET type or more than SCM_MAX_FD files; -EBADF; -ENOMEM.
 */
static int
control_in(struct msghdr *m, struct unix_sock *u, struct sendfiles *sf)
{
  uint64 len = m->msg_controllen, off = 0, at;
  struct pagearray ctl;
  struct cmsghdr h;
  int fd, n, r;

  if(len > OPTMEM_MAX)
    return -ENOBUFS;
  if(len == 0)
    return unix_send_ready(u);
  if((r = pagearray_alloc(&ctl, len)) < 0 ||
     (r = pagearray_copyin(&ctl, 0, myproc()->mm, (uint64)m->msg_control, len)) < 0 ||
     (r = unix_send_ready(u)) < 0)
    goto out;
  for(; off + sizeof(h) <= len; off += CMSG_ALIGN(h.cmsg_len)){
    pagearray_read(&ctl, off, &h, sizeof(h));
    r = -EINVAL;
    if(h.cmsg_len < sizeof(h) || h.cmsg_len > len - off)
      goto out;
    if(h.cmsg_level != SOL_SOCKET)
      continue;                 // another level's: not the socket's business
    if(h.cmsg_type != SCM_RIGHTS)
      goto out;
    n = (h.cmsg_len - sizeof(h)) / sizeof(int);
    if(sf->n + n > SCM_MAX_FD)
      goto out;
    r = -ENOMEM;
    if(sf->files == 0 && (sf->files = kzalloc(SCM_MAX_FD * sizeof(struct file *))) == 0)
      goto out;
    for(int i = 0; i < n; i++){
      at = off + sizeof(h) + i * sizeof(int);
      pagearray_read(&ctl, at, &fd, sizeof(fd));
      r = -EBADF;
      if((sf->files[sf->n] = fdget(fd)) == 0)
        goto out;
      sf->n++;
    }
  }
  r = 0;
out:
  pagearray_free(&ctl);
  return r;
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

// The one buffer of a send or receive (Linux's import_ubuf): the count
// cut to MAX_RW_COUNT, then its range checked (-EFAULT), before anything
// else is looked at.
static int
ubuf_in(struct iov_iter *it, uint64 base, uint64 len)
{
  if(len > MAX_RW_COUNT)
    len = MAX_RW_COUNT;
  if(!access_ok(base, len))
    return -EFAULT;
  iov_iter_one(it, base, len);
  return 0;
}

// Fetches a struct msghdr (Linux's __copy_msghdr) into *m, and in *alen
// the length of its name: 0 if msg_name is NULL, cut to 128. -EFAULT,
// -EINVAL for a negative name length.
static int
msghdr_in(uint64 umsg, struct msghdr *m, int *alen)
{
  if(copyin(myproc()->mm, m, umsg, sizeof(*m)) < 0)
    return -EFAULT;
  *alen = m->msg_name ? m->msg_namelen : 0;
  if(*alen < 0)
    return -EINVAL;
  if(*alen > ADDR_MAX)
    *alen = ADDR_MAX;
  return 0;
}

// A message's segments, checked (Linux's import_iovec): -EMSGSIZE for
// more than UIO_MAXIOV, then uio_init's answers.
static int
msg_iov_in(struct msghdr *m, struct iov_iter *it, struct uio *c)
{
  if(m->msg_iovlen > UIO_MAXIOV)
    return -EMSGSIZE;
  iov_iter_user(it, (uint64)m->msg_iov, m->msg_iovlen);
  return uio_init(c, it);
}

// ssize_t sendto(int fd, const void *buf, size_t len, int flags,
//                const struct sockaddr *addr, socklen_t alen)
// The buffer, the fd, the name (a length of 0 is no name), the send.
long
sys_sendto(void)
{
  int alen = argaddr(4) ? argint(5) : 0;
  struct iov_iter it;
  struct unix_sock *u;
  struct sockname a;
  struct file *f;
  struct uio c;
  long r;

  if((r = ubuf_in(&it, argaddr(1), argaddr(2))) < 0 || (r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = addr_in(argaddr(4), alen, &a)) == 0 && (r = uio_init(&c, &it)) == 0)
    r = unix_send(u, &c, 0, alen ? &a.un : 0, alen, argint(3), f->flags & O_NONBLOCK);
  fdput(f);
  return r;
}

// ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
// The fd, the header, its name, its segments, its control messages, the
// send: Linux's order.
long
sys_sendmsg(void)
{
  struct sendfiles sf = { 0, 0 };
  struct iov_iter it;
  struct unix_sock *u;
  struct sockname a;
  struct msghdr m;
  struct file *f;
  struct uio c;
  int alen;
  long r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = msghdr_in(argaddr(1), &m, &alen)) == 0 &&
     (r = addr_in((uint64)m.msg_name, alen, &a)) == 0 &&
     (r = msg_iov_in(&m, &it, &c)) == 0 &&
     (r = control_in(&m, u, &sf)) == 0)
    r = unix_send(u, &c, &sf, alen ? &a.un : 0, alen, argint(2), f->flags & O_NONBLOCK);
  sendfiles_put(&sf);             // what the message did not take
  fdput(f);
  return r;
}

// ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
//                  struct sockaddr *addr, socklen_t *alen)
// The buffer, the fd, the receive, then the sender's name.
long
sys_recvfrom(void)
{
  struct sockaddr_un from;
  struct iov_iter it;
  struct unix_sock *u;
  struct file *f;
  struct uio c;
  int fromlen = 0, mflags = 0;
  uint64 uaddr = argaddr(4);
  long r, e;

  if((r = ubuf_in(&it, argaddr(1), argaddr(2))) < 0 || (r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = uio_init(&c, &it)) == 0)
    r = unix_recv(u, &c, 0, argint(3), f->flags & O_NONBLOCK, &from, &fromlen, &mflags);
  fdput(f);
  if(r >= 0 && uaddr && (e = addr_out(&from, fromlen, uaddr, argaddr(5))) < 0)
    return e;
  return r;
}

/*
 * ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
 * The fd, the header, its segments, the receive; then, as Linux's
 * ____sys_recvmsg, the sender's name and its length (only if msg_name is
 * not NULL), msg_flags (with MSG_CMSG_CLOEXEC if asked) and the control
 * length written back.
 */
long
sys_recvmsg(void)
{
  uint64 umsg = argaddr(1);
  int flags = argint(2), alen, fromlen = 0, mflags = flags & MSG_CMSG_CLOEXEC;
  struct recvfiles rf = { 0, 0, 0 };
  struct mm *mm = myproc()->mm;
  struct sockaddr_un from;
  struct iov_iter it;
  struct unix_sock *u;
  struct msghdr m;
  struct file *f;
  struct uio c;
  long r;

  if((r = sockfd(argint(0), &f, &u)) < 0)
    return r;
  if((r = msghdr_in(umsg, &m, &alen)) == 0 && (r = msg_iov_in(&m, &it, &c)) == 0)
    r = unix_recv(u, &c, &rf, flags, f->flags & O_NONBLOCK, &from, &fromlen, &mflags);
  fdput(f);
  // A receive that fails, or whose sender's name cannot be written,
  // closes the files it took: no fd got them.
  if(r >= 0 && m.msg_name){
    long e = addr_out(&from, fromlen, (uint64)m.msg_name,
                      umsg + __builtin_offsetof(struct msghdr, msg_namelen));
    if(e < 0)
      r = e;
  }
  if(r < 0){
    if(rf.n)
      recvfiles_put(&rf, 0);
    return r;
  }
  if(rf.n)
    m.msg_controllen = cmsg_put_files(&rf, (uint64)m.msg_control, m.msg_controllen,
                                      flags & MSG_CMSG_CLOEXEC, &mflags);
  else
    m.msg_controllen = 0;
  m.msg_flags = mflags;
  if(copyout(mm, umsg + __builtin_offsetof(struct msghdr, msg_flags), &m.msg_flags,
             sizeof(m.msg_flags)) < 0 ||
     copyout(mm, umsg + __builtin_offsetof(struct msghdr, msg_controllen),
             &m.msg_controllen, sizeof(m.msg_controllen)) < 0)
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
  if(argint(4) < 0)
    r = -EINVAL;
  else if(argint(1) != SOL_SOCKET)
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
