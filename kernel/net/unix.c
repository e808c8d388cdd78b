/*
 * AF_UNIX sockets: Linux's net/unix/af_unix.c semantics, for the three
 * kinds unix(7) has (docs/sockets.md draws them):
 *
 *   SOCK_STREAM     a byte stream between two connected sockets
 *   SOCK_SEQPACKET  connected, but each send is one record
 *   SOCK_DGRAM      records to a named socket, or to a connected peer
 *
 * A socket is a struct unix_sock behind a file. What one socket sends is
 * a list of struct unix_msg on the receiving socket's recvq: a stream's
 * bytes in pieces, a record each for the others. Memory comes with use:
 * a message is allocated when it is sent, freed when it is read: one
 * kmalloc object holding its bytes too when they fit, else a header and
 * whole pages. A sender is charged what its messages take, to the byte,
 * until they are read (wmem, bounded by its sndbuf, which a writer waits
 * on; Linux charges an skb's truesize), and a datagram receiver takes at
 * most UNIX_DGRAM_QLEN records from other senders it is not connected
 * to.
 *
 * Interface (kernel/net/socket.c makes the system calls of them):
 *   unix_create, unix_pair, unix_bind, unix_listen, unix_connect,
 *   unix_accept, unix_send_ready, unix_send, unix_recv, unix_shutdown,
 *   unix_getname, unix_getsockopt, unix_setsockopt; unix_fops: read,
 *   write, poll, release (the last close)
 *
 * Connecting: a listener's backlog is a list of "embryos", sockets made
 * by connect() and already connected to the connecting socket, which
 * accept() hands out; the connecting side is connected at once, as in
 * Linux (it may write before the accept).
 *
 * Lifetime: a unix_sock is counted (refs): its file, a peer pointing at
 * it, each message it sent that is still queued somewhere (the message
 * pays back its sender's wmem when freed), a listener's backlog. A
 * closed socket is "dead": its peer sees end of file (stream) or
 * ECONNREFUSED (datagram); it is freed with its last reference.
 *
 * Locking: u->lock guards the [u] fields of one socket. Two are held at
 * once only in connect (the listener's, then the connecting socket's: a
 * listening socket never connects) and by the collector (a listener's,
 * then its embryos'). Otherwise a socket's lock is never held while
 * another's is taken: a sender is charged, unlocked, then queues; poll
 * looks at its peer after it lets go of its own. (Two connected sockets
 * polled at once on two harts would deadlock otherwise.) The reference
 * count is atomic, so taking a reference needs no lock. Then names_lock
 * (the table of bound names), gc_lock (in-flight counts, the collector:
 * taken before any socket's). Wait queues are woken after the socket
 * locks are dropped.
 */
#include "types.h"
#include "param.h"
#include "lock/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "event/wait.h"
#include "event/poll.h"
#include "net/unix.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/stat.h"
#include "nudge/socket.h"

#define UNIX_SNDBUF      212992     // Linux's net.core.wmem_default
#define UNIX_SNDBUF_MIN  4608       // SOCK_MIN_SNDBUF
#define UNIX_DGRAM_QLEN  10         // net.unix.max_dgram_qlen
#define SOMAXCONN        4096       // net.core.somaxconn

#define RCV_SHUTDOWN  1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

enum { US_UNCONNECTED, US_LISTEN, US_CONNECTED };

/*
 * A socket. Tags: [u] lock, [n] names_lock, [I] set at creation.
 */
struct unix_sock {
  struct spinlock lock;
  struct wait_queue_head wq;    // readers, writers, accept, connect; pollers
  int type;                     // [I] SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
  int state;                    // [u] US_*
  int dead;                     // [u] its file is closed
  int shutdown;                 // [u] RCV_SHUTDOWN | SEND_SHUTDOWN
  int err;                      // [u] SO_ERROR: ECONNRESET
  struct unix_sock *peer;       // [u] connected to, a reference
  struct list_head recvq;       // [u] struct unix_msg, to be read
  int qlen;                     // [u] messages on recvq
  uint64 wmem;                  // [u] what its messages queued elsewhere cost
  int sndbuf, rcvbuf;           // [u] SO_SNDBUF, SO_RCVBUF
  int backlog;                  // [u] a listener's: listen()'s
  struct list_head acceptq;     // [u] a listener's embryos, to be accepted
  int nacc;                     // [u] embryos on acceptq
  struct list_head alink;       // [the listener's lock] on its acceptq
  int peer_pid;                 // [u] SO_PEERCRED's pid, if peercred
  int peercred;                 // [u] a pair's, a connection's or a listener's
  int refs;                     // [atomic]: taken under other sockets' locks
  struct sockaddr_un addr;      // [n] its name, if bound
  int addrlen;                  // [n] 0: not bound
  struct inode *ip;             // [n] a path name's socket file
  struct list_head nlink;       // [n] on names, once bound
  struct file *file;            // [I] its file (0 for an embryo until accepted)
  int inflight;                 // [g] its file's references held by messages
  struct list_head glink;       // [g] on inflight_socks while inflight > 0
  int gc_count;                 // [g] the collector's count (below)
  uint64 ino;                   // [I] its inode number (fstat, /proc)
};

// A message: a stream's piece of bytes, or one record, with the files
// it carries (SCM_RIGHTS).
struct unix_msg {
  struct list_head link;        // on the receiver's recvq
  struct unix_sock *from;       // the sender, a reference: charged for it
  uint64 len;                   // its bytes
  uint64 off;                   // a stream's: bytes already read
  uint64 cost;                  // what it charged its sender: all it takes
  int nfds;
  struct file **fds;            // in flight: the references are the message's
  int inlined;                  // its bytes follow pages[0], in this object
  int npages;
  char *pages[];                // the bytes, PGSIZE a page
};

// The most bytes a message holds in its own kmalloc object.
#define MSG_INLINE_MAX  (PGSIZE - sizeof(struct unix_msg) - sizeof(char *))

static struct spinlock names_lock;
static struct spinlock gc_lock;     // [g]: in-flight counts, the collector
static struct list_head inflight_socks = LIST_HEAD_INIT(inflight_socks);  // [g]
static int gc_running;              // [g]
static struct list_head names = LIST_HEAD_INIT(names);   // [n] bound sockets
static uint autobind_next;                              // [n]

static const struct file_operations unix_fops;

void
unix_init(void)
{
  initlock(&names_lock, "unix names");
  initlock(&gc_lock, "unix gc");
}

// ---- sockets and messages ----------------------------------------------------------

static struct unix_sock *
unix_alloc(int type)
{
  struct unix_sock *u = kzalloc(sizeof(*u));

  if(u == 0)
    return 0;
  initlock(&u->lock, "unix_sock");
  init_waitqueue_head(&u->wq, "unix_sock");
  u->type = type;
  u->state = US_UNCONNECTED;
  INIT_LIST_HEAD(&u->recvq);
  INIT_LIST_HEAD(&u->acceptq);
  INIT_LIST_HEAD(&u->alink);
  INIT_LIST_HEAD(&u->nlink);
  INIT_LIST_HEAD(&u->glink);
  u->sndbuf = u->rcvbuf = UNIX_SNDBUF;
  u->peer_pid = myproc()->tgid;
  u->refs = 1;
  u->ino = get_next_ino();
  return u;
}

static void
unix_get(struct unix_sock *u)
{
  __atomic_add_fetch(&u->refs, 1, __ATOMIC_RELAXED);
}

static void msg_free(struct unix_msg *m);

// Drops a reference; the last frees u, with what was queued on it.
static void
unix_put(struct unix_sock *u)
{
  struct unix_msg *m, *next;

  if(__atomic_sub_fetch(&u->refs, 1, __ATOMIC_ACQ_REL) != 0)
    return;
  list_for_each_entry_safe(m, next, &u->recvq, link)
    msg_free(m);
  kfree(u);
}

// Files that go into flight in a message (inc 1) or come out of it
// (-1): a socket's in-flight count, which the collector compares with
// its file's references. Takes gc_lock: no socket lock may be held.
static void
files_inflight(struct file **fds, int n, int inc)
{
  struct unix_sock *s;

  acquire(&gc_lock);
  for(int i = 0; i < n; i++){
    if((s = unix_of(fds[i])) == 0)
      continue;
    if(s->inflight == 0)
      list_add(&s->glink, &inflight_socks);
    s->inflight += inc;
    if(s->inflight == 0)
      list_del_init(&s->glink);
  }
  release(&gc_lock);
}

static void
msg_inflight(struct unix_msg *m, int inc)
{
  files_inflight(m->fds, m->nfds, inc);
}

// A message of len bytes, and in m->cost the memory it takes: one
// object for a message that fits in it, else a header and pages.
static struct unix_msg *
msg_alloc(uint64 len)
{
  int inlined = len <= MSG_INLINE_MAX, npages = inlined ? 1 : (len + PGSIZE - 1) / PGSIZE;
  uint64 size = sizeof(struct unix_msg) + npages * sizeof(char *) + (inlined ? len : 0);
  struct unix_msg *m = kzalloc(size);

  if(m == 0)
    return 0;
  INIT_LIST_HEAD(&m->link);
  m->len = len;
  m->cost = kmalloc_size_roundup(size);
  if(inlined){
    m->inlined = 1;
    m->npages = 1;
    m->pages[0] = (char *)&m->pages[1];
    return m;
  }
  for(; m->npages < npages; m->npages++){
    if((m->pages[m->npages] = alloc_page()) == 0){
      msg_free(m);
      return 0;
    }
    m->cost += PGSIZE;
  }
  return m;
}

// Frees m, unlinked: its pages, the files it carried, and its charge,
// paid back to its sender, who may write again.
static void
msg_free(struct unix_msg *m)
{
  struct unix_sock *from = m->from;
  uint64 cost = m->cost;

  for(int i = 0; i < m->npages && !m->inlined; i++)
    free_page(m->pages[i]);
  msg_inflight(m, -1);
  for(int i = 0; i < m->nfds; i++)
    fileclose(m->fds[i]);
  kfree(m->fds);
  kfree(m);
  if(from){
    acquire(&from->lock);
    from->wmem -= cost;
    release(&from->lock);
    wake_up_poll(&from->wq, POLLOUT | POLLWRNORM | POLLWRBAND);
    unix_put(from);
  }
}

// ---- user buffers -------------------------------------------------------------------

// Starts a walk over the segments of it: all checked first
// (iov_iter_check); c->total is their length. 0, -EINVAL or -EFAULT.
int
uio_init(struct uio *c, struct iov_iter *it)
{
  uint64 total;
  int r;

  if(it->nr_segs > UIO_MAXIOV)
    return -EINVAL;
  if((r = iov_iter_check(it, &total)) < 0)
    return r;
  c->it = it;
  c->total = c->left = total;
  c->seg = -1;
  c->cur.iov_len = 0;
  c->counted = 0;
  return 0;
}

// Copies up to n bytes between kernel memory k and the next bytes of the
// user's segments (to_user: out): the count, short at the end of the
// segments, or -EFAULT.
static long
uio_copy(struct uio *c, char *k, uint64 n, int to_user)
{
  struct mm *mm = myproc()->mm;
  uint64 done = 0, piece;
  int r;

  while(done < n && c->left > 0){
    while(c->cur.iov_len == 0)
      if(iov_iter_seg(c->it, ++c->seg, &c->cur, &c->counted) < 0)
        return -EFAULT;
    piece = n - done < c->cur.iov_len ? n - done : c->cur.iov_len;
    r = to_user ? copyout(mm, (uint64)c->cur.iov_base, k + done, piece)
                : copyin(mm, k + done, (uint64)c->cur.iov_base, piece);
    if(r < 0)
      return done ? done : -EFAULT;
    c->cur.iov_base = (char *)c->cur.iov_base + piece;
    c->cur.iov_len -= piece;
    c->left -= piece;
    done += piece;
  }
  return done;
}

// Copies n bytes of m from offset off to (or, filling it, from) the user.
static long
msg_copy(struct unix_msg *m, uint64 off, uint64 n, struct uio *c, int to_user)
{
  uint64 done = 0, piece;
  long r;

  while(done < n){
    uint64 at = off + done;
    piece = PGSIZE - at % PGSIZE;
    if(piece > n - done)
      piece = n - done;
    r = uio_copy(c, m->pages[at / PGSIZE] + at % PGSIZE, piece, to_user);
    if(r < 0)
      return done ? done : r;
    done += r;
    if(r < piece)
      break;
  }
  return done;
}

// ---- names --------------------------------------------------------------------------

// The socket bound to name (an abstract name, of a socket of that type,
// or the path's socket file ip), with a reference, or 0. Abstract names
// are by type, as Linux hashes them: a stream and a datagram socket may
// have the same one.
static struct unix_sock *
name_find(struct sockaddr_un *a, int len, int type, struct inode *ip)
{
  struct unix_sock *u, *found = 0;

  acquire(&names_lock);
  list_for_each_entry(u, &names, nlink){
    if(ip ? u->ip == ip
          : u->ip == 0 && u->type == type && u->addrlen == len &&
            memcmp(&u->addr, a, len) == 0){
      found = u;
      unix_get(u);
      break;
    }
  }
  release(&names_lock);
  return found;
}

// Is a (len bytes) a name a socket can have (Linux's
// unix_validate_addr)? 0, or -EINVAL for one of 2 bytes or fewer, longer
// than a sockaddr_un, or of another family.
static int
valid_name(struct sockaddr_un *a, int len)
{
  if(len <= 2 || len > sizeof(*a) || a->sun_family != AF_UNIX)
    return -EINVAL;
  return 0;
}

// The length of a path name's sun_path, NUL included (Linux's
// unix_mkname_bsd: the path ends at its first NUL, or at len).
static int
path_len(struct sockaddr_un *a, int len)
{
  int n = 0;

  while(n < len - 2 && a->sun_path[n])
    n++;
  return n;
}

// Finds the socket of type a connect or send names: by path (-ENOENT if
// there is no such file, -ECONNREFUSED if no socket is bound to it,
// -EPROTOTYPE if it is of another type) or by abstract name
// (-ECONNREFUSED). The socket, with a reference, in *up.
static int
name_lookup(struct sockaddr_un *a, int len, int type, struct unix_sock **up)
{
  char path[UNIX_PATH_MAX + 1];
  struct inode *ip;
  int n;

  if(a->sun_path[0] == 0){
    *up = name_find(a, len, type, 0);
    return *up ? 0 : -ECONNREFUSED;
  }
  n = path_len(a, len);
  memmove(path, a->sun_path, n);
  path[n] = 0;
  begin_op();
  ip = namei(path);
  end_op();
  if(ip == 0)
    return -ENOENT;
  *up = name_find(0, 0, type, ip);
  begin_op();
  iput(ip);
  end_op();
  if(*up && (*up)->type != type){
    unix_put(*up);
    return -EPROTOTYPE;
  }
  return *up ? 0 : -ECONNREFUSED;
}

/*
 * bind(2): gives u the name a (len bytes): a path, made a socket file
 * (-EADDRINUSE if it exists), an abstract name (a NUL first; -EADDRINUSE
 * if taken), or, with len 2, a new abstract name of 5 hex digits (Linux's
 * autobind; a socket with a name keeps it, and the answer is 0).
 * valid_name()'s -EINVAL; -EINVAL if u has a name already, after a
 * path's own answers, which Linux gives first.
 */
int
unix_bind(struct unix_sock *u, struct sockaddr_un *a, int len)
{
  char path[UNIX_PATH_MAX + 1];
  struct inode *ip = 0;
  struct unix_sock *other;
  int n, r, named;

  named = u->addrlen != 0;        // looked at again under names_lock
  if(len == 2 && a->sun_family == AF_UNIX){
    if(named)
      return 0;
  } else if((r = valid_name(a, len)) < 0){
    return r;
  }
  if(len > 2 && a->sun_path[0] != 0){
    n = path_len(a, len);
    memmove(path, a->sun_path, n);
    path[n] = 0;
    if((r = sock_file_create(path, named ? 0 : &ip)) < 0)
      return r;
    len = 2 + n + 1;
  }
  if(named)
    return -EINVAL;

  acquire(&names_lock);
  if(u->addrlen){
    release(&names_lock);
    r = len == 2 ? 0 : -EINVAL;
    goto undo;
  }
  if(len == 2){
    // Autobind: the first free "\0XXXXX".
    struct sockaddr_un auto_a = { AF_UNIX };
    do {
      auto_a.sun_path[0] = 0;
      for(int i = 0; i < 5; i++)
        auto_a.sun_path[1 + i] = "0123456789abcdef"[(autobind_next >> (16 - 4 * i)) & 0xf];
      autobind_next = (autobind_next + 1) & 0xfffff;
      other = 0;
      list_for_each_entry(other, &names, nlink)
        if(other->ip == 0 && other->type == u->type && other->addrlen == 8 &&
           memcmp(&other->addr, &auto_a, 8) == 0)
          break;
    } while(&other->nlink != &names);
    *a = auto_a;
    len = 8;
  } else if(ip == 0){
    list_for_each_entry(other, &names, nlink){
      if(other->ip == 0 && other->type == u->type && other->addrlen == len &&
         memcmp(&other->addr, a, len) == 0){
        release(&names_lock);
        return -EADDRINUSE;
      }
    }
  }
  memmove(&u->addr, a, len);
  if(ip){
    u->addr.sun_path[len - 3] = 0;
  }
  u->addrlen = len;
  u->ip = ip;
  list_add(&u->nlink, &names);
  release(&names_lock);
  return 0;

undo:
  if(ip){
    begin_op();
    iput(ip);
    end_op();
  }
  return r;
}

// Takes u's name away (its last close); a path's socket file stays.
static void
unbind(struct unix_sock *u)
{
  struct inode *ip;

  acquire(&names_lock);
  ip = u->ip;
  if(u->addrlen)
    list_del_init(&u->nlink);
  u->ip = 0;
  release(&names_lock);
  if(ip){
    begin_op();
    iput(ip);
    end_op();
  }
}

// u's name into *a: its length, 0 if it has none.
static int
name_of(struct unix_sock *u, struct sockaddr_un *a)
{
  int len;

  acquire(&names_lock);
  len = u->addrlen;
  if(len)
    memmove(a, &u->addr, len);
  release(&names_lock);
  return len;
}

// getsockname(2) (peer 0) and getpeername(2): the name into *a, its
// length the result (an unnamed socket's is its family alone, 2 bytes);
// -ENOTCONN for a peer that is not there.
int
unix_getname(struct unix_sock *u, int peer, struct sockaddr_un *a)
{
  struct unix_sock *who = u;
  int len;

  if(peer){
    acquire(&u->lock);
    who = u->peer;
    if(who)
      unix_get(who);
    release(&u->lock);
    if(who == 0)
      return -ENOTCONN;
  }
  len = name_of(who, a);
  if(peer)
    unix_put(who);
  if(len == 0){
    a->sun_family = AF_UNIX;
    len = 2;
  }
  return len;
}

// ---- creating and connecting ----------------------------------------------------

// A new socket of type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) and its
// file, with O_NONBLOCK if nonblock. 0 or -ENOMEM, -ENFILE.
int
unix_create(int type, int nonblock, struct file **fp)
{
  struct unix_sock *u = unix_alloc(type);

  if(u == 0)
    return -ENOMEM;
  if((*fp = filealloc(&unix_fops, O_RDWR | (nonblock ? O_NONBLOCK : 0), u)) == 0){
    kfree(u);
    return -ENFILE;
  }
  u->file = *fp;
  return 0;
}

struct unix_sock *
unix_of(struct file *f)
{
  return f->f_op == &unix_fops ? f->private_data : 0;
}

// Connects a and b to each other (socketpair, and connect's embryo).
// Caller holds a's lock, and b's unless b is an embryo no one else
// can see yet.
static void
link_pair(struct unix_sock *a, struct unix_sock *b)
{
  assert_held(&a->lock);
  unix_get(a);
  b->peer = a;
  b->state = US_CONNECTED;
  b->peercred = 1;
  unix_get(b);
  a->peer = b;
  a->state = US_CONNECTED;
  a->peercred = 1;
}

// socketpair(2): two new sockets, connected.
void
unix_pair(struct unix_sock *a, struct unix_sock *b)
{
  acquire(&a->lock);
  acquire(&b->lock);
  link_pair(a, b);
  release(&b->lock);
  release(&a->lock);
}

/*
 * listen(2): u (a stream or seqpacket socket with a name) takes
 * connections, at most backlog + 1 waiting (backlog cut to SOMAXCONN,
 * as Linux's). -EOPNOTSUPP for a datagram socket, -EINVAL if u is
 * connected or has no name.
 */
int
unix_listen(struct unix_sock *u, int backlog)
{
  int r = 0;

  if(u->type == SOCK_DGRAM)
    return -EOPNOTSUPP;
  if((uint)backlog > SOMAXCONN)
    backlog = SOMAXCONN;
  acquire(&names_lock);
  if(u->addrlen == 0)
    r = -EINVAL;
  release(&names_lock);
  if(r < 0)
    return r;
  acquire(&u->lock);
  if(u->state == US_CONNECTED){
    r = -EINVAL;
  } else {
    u->state = US_LISTEN;
    u->backlog = backlog;
    u->peer_pid = myproc()->tgid;     // its own, and what a connecting socket sees
    u->peercred = 1;
  }
  release(&u->lock);
  wake_up_all(&u->wq);                // connectors waiting for room
  return r;
}

// The name listener l answers to, for the socket accept makes.
static void
copy_name(struct unix_sock *to, struct unix_sock *from)
{
  acquire(&names_lock);
  to->addr = from->addr;
  to->addrlen = from->addrlen;
  release(&names_lock);
}

/*
 * connect(2) of a stream or seqpacket socket to the listener named a: an
 * embryo connected to u joins the listener's backlog, and u is connected
 * at once. Waits while the backlog is full (-EAGAIN if nonblock).
 * -EISCONN, -ECONNREFUSED (no listener), -EPROTOTYPE, name_lookup's.
 */
static int
stream_connect(struct unix_sock *u, struct sockaddr_un *a, int len, int nonblock)
{
  struct unix_sock *l, *e;
  struct wait_queue_entry w;
  int r;

  if((r = name_lookup(a, len, u->type, &l)) < 0)
    return r;
  if((e = unix_alloc(u->type)) == 0){
    unix_put(l);
    return -ENOMEM;
  }
  init_waitqueue_entry(&w, myproc());
  for(;;){
    prepare_to_wait(&l->wq, &w);
    // Linux's order: the listener first, then u (a listener connecting
    // to itself is EINVAL, and takes one lock).
    acquire(&l->lock);
    if(u != l)
      acquire(&u->lock);
    if(l->dead || l->state != US_LISTEN || (l->shutdown & RCV_SHUTDOWN))
      r = -ECONNREFUSED;
    else if(l->nacc > l->backlog)
      r = nonblock ? -EAGAIN : 1;
    else if(u->state == US_CONNECTED)
      r = -EISCONN;
    else if(u->state == US_LISTEN)
      r = -EINVAL;
    else
      r = 0;
    if(r == 0){
      link_pair(u, e);
      e->peer_pid = myproc()->tgid;
      u->peer_pid = l->peer_pid;
      list_add_tail(&e->alink, &l->acceptq);
      l->nacc++;
    }
    if(u != l)
      release(&u->lock);
    release(&l->lock);
    if(r != 1)
      break;
    if((r = wait_woken(0, 0)) < 0)
      break;
  }
  finish_wait(&l->wq, &w);
  if(r == 0){
    copy_name(e, l);
    wake_up_poll(&l->wq, POLLIN | POLLRDNORM);
  } else {
    unix_put(e);
  }
  unix_put(l);
  return r;
}

// connect(2) of a datagram socket: a's socket becomes the default peer
// (AF_UNSPEC: none). -EPERM if that socket is connected to another (it
// would take nothing from u: Linux's unix_may_send).
static int
dgram_connect(struct unix_sock *u, struct sockaddr_un *a, int len)
{
  struct unix_sock *other = 0, *old;
  int r = 0;

  if(a->sun_family != AF_UNSPEC &&
     ((r = valid_name(a, len)) < 0 || (r = name_lookup(a, len, u->type, &other)) < 0))
    return r;
  if(other){
    acquire(&other->lock);
    if(other->peer && other->peer != u)
      r = -EPERM;
    release(&other->lock);
    if(r < 0){
      unix_put(other);
      return r;
    }
  }
  acquire(&u->lock);
  old = u->peer;
  u->peer = other;
  u->state = other ? US_CONNECTED : US_UNCONNECTED;
  release(&u->lock);
  if(old)
    unix_put(old);
  return 0;
}

// connect(2): a blocks, unless its file is O_NONBLOCK. -EINVAL for a
// name shorter than its family, or (but AF_UNSPEC for a datagram
// socket) not valid_name().
int
unix_connect(struct unix_sock *u, struct sockaddr_un *a, int len)
{
  int nonblock = u->file && (u->file->flags & O_NONBLOCK), r;

  if(len < 2)
    return -EINVAL;
  if(u->type == SOCK_DGRAM)
    return dgram_connect(u, a, len);
  if((r = valid_name(a, len)) < 0)
    return r;
  return stream_connect(u, a, len, nonblock);
}

/*
 * accept(2): the first connection waiting on listener l, as a new
 * socket's file (O_NONBLOCK if nonblock). Waits for one (-EAGAIN if
 * lnonblock). -EINVAL if l does not listen, -EOPNOTSUPP for datagrams.
 */
int
unix_accept(struct unix_sock *l, int lnonblock, int nonblock, struct file **fp)
{
  struct wait_queue_entry w;
  struct unix_sock *e = 0;
  int r = 0;

  if(l->type == SOCK_DGRAM)
    return -EOPNOTSUPP;
  init_waitqueue_entry(&w, myproc());
  for(;;){
    prepare_to_wait_exclusive(&l->wq, &w);
    acquire(&l->lock);
    if(l->state != US_LISTEN){
      r = -EINVAL;
    } else if(!list_empty(&l->acceptq)){
      e = list_first_entry(&l->acceptq, struct unix_sock, alink);
      list_del_init(&e->alink);
      l->nacc--;
    } else if(lnonblock){
      r = -EAGAIN;
    }
    release(&l->lock);
    if(e || r < 0)
      break;
    if((r = wait_woken(0, 0)) < 0)
      break;
  }
  finish_wait(&l->wq, &w);
  if(e == 0)
    return r;
  wake_up_all(&l->wq);        // a connect waiting for room
  if((*fp = filealloc(&unix_fops, O_RDWR | (nonblock ? O_NONBLOCK : 0), e)) == 0){
    unix_release_sock(e);
    return -ENFILE;
  }
  e->file = *fp;
  return 0;
}

// ---- sending ----------------------------------------------------------------------

/*
 * The sockets' one wait: on u->wq, under u->lock (dropped while asleep,
 * held again on return), until done(u, &r) says the wait is over, with r
 * its answer; -EAGAIN instead of a sleep if nonblock, -ERESTARTSYS if a
 * signal comes. On the queue before done() looks (event/wait.c's rule).
 */
static int
sock_wait(struct unix_sock *u, int (*done)(struct unix_sock *, int *), int nonblock)
{
  struct wait_queue_entry w;
  int r;

  init_waitqueue_entry(&w, myproc());
  for(;;){
    prepare_to_wait(&u->wq, &w);
    if(done(u, &r))
      break;
    if(nonblock){
      r = -EAGAIN;
      break;
    }
    if((r = wait_woken(&u->lock, 0)) < 0)
      break;
  }
  finish_wait(&u->wq, &w);
  return r;
}

// May u charge more? 0 when it may, -EPIPE once shut down for sending.
static int
room_done(struct unix_sock *u, int *r)
{
  *r = (u->shutdown & SEND_SHUTDOWN) ? -EPIPE : 0;
  return *r < 0 || u->wmem < u->sndbuf;
}

static int
wait_for_room(struct unix_sock *u, int nonblock)
{
  return sock_wait(u, room_done, nonblock);
}

// A message of len bytes from the user, carrying files, charged to u:
// *mp, or -ENOMEM, -EFAULT.
static int
msg_make(struct unix_sock *u, struct uio *c, uint64 len, struct sendfiles *sf,
         struct unix_msg **mp)
{
  struct unix_msg *m = msg_alloc(len);

  if(m == 0)
    return -ENOMEM;
  if(msg_copy(m, 0, len, c, 0) != len){
    msg_free(m);
    return -EFAULT;
  }
  if(sf && sf->n){
    m->fds = sf->files;
    m->nfds = sf->n;
    sf->files = 0;
    sf->n = 0;
    msg_inflight(m, 1);
  }
  unix_get(u);
  m->from = u;
  acquire(&u->lock);
  u->wmem += m->cost;
  release(&u->lock);
  *mp = m;
  return 0;
}

// Queues m on to's recvq, unless to is gone or shut for reading (-EPIPE).
static int
msg_queue(struct unix_sock *to, struct unix_msg *m)
{
  int r = 0;

  acquire(&to->lock);
  if(to->dead || (to->shutdown & RCV_SHUTDOWN)){
    r = -EPIPE;
  } else {
    list_add_tail(&m->link, &to->recvq);
    to->qlen++;
  }
  release(&to->lock);
  if(r == 0)
    wake_up_poll(&to->wq, POLLIN | POLLRDNORM);
  return r;
}

// The stream peer of u, with a reference, or -ENOTCONN, -EPIPE.
static int
stream_peer(struct unix_sock *u, struct unix_sock **pp)
{
  int r = 0;

  acquire(&u->lock);
  if(u->state != US_CONNECTED || u->peer == 0)
    r = -ENOTCONN;
  else if(u->shutdown & SEND_SHUTDOWN)
    r = -EPIPE;
  else
    unix_get(*pp = u->peer);
  release(&u->lock);
  return r;
}

/*
 * A stream send: the bytes in pieces of at most half the send buffer,
 * each charged before it goes, waiting for room. The count, or -errno if
 * nothing went; -EPIPE once the peer is gone or shut for reading.
 */
static long
stream_send(struct unix_sock *u, struct uio *c, struct sendfiles *sf, int nonblock)
{
  struct unix_sock *peer;
  struct unix_msg *m;
  uint64 sent = 0, piece;
  long r;

  if((r = stream_peer(u, &peer)) < 0)
    return r;
  while(sent < c->total){
    piece = c->total - sent;
    if(piece > u->sndbuf / 2 - 64)
      piece = u->sndbuf / 2 - 64;
    acquire(&u->lock);
    r = wait_for_room(u, nonblock);
    release(&u->lock);
    if(r < 0 || (r = msg_make(u, c, piece, sf, &m)) < 0)
      break;
    if((r = msg_queue(peer, m)) < 0){
      msg_free(m);
      break;
    }
    sent += piece;
  }
  unix_put(peer);
  return sent ? sent : r;
}

/*
 * What a seqpacket socket answers to a send before anything else, even
 * before its control messages are read (Linux's unix_seqpacket_sendmsg):
 * its error (SO_ERROR, taken), then -ENOTCONN. 0 for the other kinds.
 */
int
unix_send_ready(struct unix_sock *u)
{
  int r = 0;

  if(u->type != SOCK_SEQPACKET)
    return 0;
  acquire(&u->lock);
  if(u->err){
    r = -u->err;
    u->err = 0;
  } else if(u->state != US_CONNECTED){
    r = -ENOTCONN;
  }
  release(&u->lock);
  return r;
}

/*
 * A datagram or seqpacket send: one record, to a (if given and u is a
 * datagram socket) or to the peer. In Linux's order (unix_dgram_sendmsg):
 * for a seqpacket socket its error (SO_ERROR) and -ENOTCONN; MSG_OOB
 * (-EOPNOTSUPP); the name (-EINVAL), the size (-EMSGSIZE if it could never fit), room
 * in u's send buffer (-EPIPE once u is shut for sending, -EAGAIN), the
 * bytes (-EFAULT), then the receiver: name_lookup()'s answers or
 * -ENOTCONN, -EPROTOTYPE, -EPERM (it is connected to another),
 * -ECONNREFUSED (a datagram peer is gone), -EPIPE, and -EAGAIN if its
 * queue is full and nonblock. A seqpacket socket must be connected
 * first, and ignores a.
 */
static long
dgram_send(struct unix_sock *u, struct uio *c, struct sendfiles *sf,
           struct sockaddr_un *a, int alen, int flags, int nonblock)
{
  struct unix_sock *to = 0;
  struct unix_msg *m;
  struct wait_queue_entry w;
  long r;

  if((r = unix_send_ready(u)) < 0)
    return r;
  if(u->type == SOCK_SEQPACKET)
    a = 0;
  if(flags & MSG_OOB)
    return -EOPNOTSUPP;
  if(a && (r = valid_name(a, alen)) < 0)
    return r;
  if(c->total > u->sndbuf - 32)
    return -EMSGSIZE;
  acquire(&u->lock);
  r = wait_for_room(u, nonblock);
  release(&u->lock);
  if(r < 0 || (r = msg_make(u, c, c->total, sf, &m)) < 0)
    return r;

  if(a){
    r = name_lookup(a, alen, u->type, &to);
  } else {
    acquire(&u->lock);
    if((to = u->peer) == 0)
      r = -ENOTCONN;
    else
      unix_get(to), r = 0;
    release(&u->lock);
  }
  if(r == 0 && to->type != u->type){
    unix_put(to);
    r = -EPROTOTYPE;
  }
  if(r < 0){
    msg_free(m);
    return r;
  }

  // The receiver's queue: at most UNIX_DGRAM_QLEN records from another
  // socket it is not connected to; and none at all from one while it is
  // connected to another.
  init_waitqueue_entry(&w, myproc());
  for(;;){
    prepare_to_wait(&to->wq, &w);
    acquire(&to->lock);
    if(to->peer && to->peer != u)
      r = -EPERM;
    else if(to->dead)
      r = u->type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED;
    else if(to->shutdown & RCV_SHUTDOWN)
      r = -EPIPE;
    else if(to != u && to->peer != u && to->qlen > UNIX_DGRAM_QLEN)
      r = nonblock ? -EAGAIN : 1;
    else {
      list_add_tail(&m->link, &to->recvq);
      to->qlen++;
      r = 0;
    }
    release(&to->lock);
    if(r != 1)
      break;
    if((r = wait_woken(0, 0)) < 0)
      break;
  }
  finish_wait(&to->wq, &w);
  if(r == 0){
    wake_up_poll(&to->wq, POLLIN | POLLRDNORM);
  } else {
    msg_free(m);
    // A datagram peer that is gone is forgotten, as Linux forgets it.
    if(r == -ECONNREFUSED && !a){
      struct unix_sock *old = 0;
      acquire(&u->lock);
      if(u->peer == to){
        old = to;
        u->peer = 0;
        u->state = US_UNCONNECTED;
      }
      release(&u->lock);
      if(old)
        unix_put(old);
    }
  }
  unix_put(to);
  return r < 0 ? r : c->total;
}

/*
 * sendmsg(2)'s mechanism: the bytes of c (and the files of sf) from u,
 * to a if given. MSG_OOB is -EOPNOTSUPP (no urgent data: a stream
 * sends it on Linux, docs/linux-differences.md). A stream send that fails with
 * EPIPE (nothing sent) also sends SIGPIPE, unless MSG_NOSIGNAL; records
 * never do, as in Linux.
 */
long
unix_send(struct unix_sock *u, struct uio *c, struct sendfiles *sf,
          struct sockaddr_un *a, int alen, int flags, int nonblock)
{
  long r;

  if(flags & MSG_DONTWAIT)
    nonblock = 1;
  if(u->type == SOCK_STREAM){
    if(flags & MSG_OOB)
      return -EOPNOTSUPP;         // no urgent data (docs/linux-differences.md)
    if(a){
      acquire(&u->lock);
      r = u->state == US_CONNECTED ? -EISCONN : -EOPNOTSUPP;
      release(&u->lock);
      return r;
    }
    r = stream_send(u, c, sf, nonblock);
  } else {
    r = dgram_send(u, c, sf, a, alen, flags, nonblock);
  }
  if(r == -EPIPE && u->type == SOCK_STREAM && !(flags & MSG_NOSIGNAL))
    send_sigpipe();
  return r;
}

// ---- receiving ----------------------------------------------------------------------

// Is there something for a reader? 1 with data, 0 at end of file, or a
// pending error (taken once).
static int
data_done(struct unix_sock *u, int *r)
{
  if(!list_empty(&u->recvq))
    *r = 1;
  else if(u->err){
    *r = -u->err;
    u->err = 0;
  } else if(u->shutdown & RCV_SHUTDOWN)
    *r = 0;
  else
    return 0;
  return 1;
}

// Waits for something on recvq: 1, 0 at end of file, -errno.
static int
wait_for_data(struct unix_sock *u, int nonblock)
{
  return sock_wait(u, data_done, nonblock);
}

// Hands the files m carries to the receiver (rf): m's references become
// rf's, and unix_recv() takes them out of flight once the socket's lock
// is dropped (until then the collector only sees them as reachable).
// With peek, m keeps them and rf gets references of its own (Linux
// passes peeked files too). Caller holds u's lock, m on u's queue.
static void
take_files(struct unix_sock *u, struct unix_msg *m, struct recvfiles *rf, int peek)
{
  assert_held(&u->lock);
  if(rf == 0 || m->nfds == 0 || rf->n)
    return;
  if(peek){
    if((rf->files = kmalloc(m->nfds * sizeof(struct file *))) == 0)
      return;
    for(int i = 0; i < m->nfds; i++)
      rf->files[i] = filedup(m->fds[i]);
    rf->n = m->nfds;
    rf->peeked = 1;
    return;
  }
  rf->files = m->fds;
  rf->n = m->nfds;
  m->fds = 0;
  m->nfds = 0;
}

/*
 * A stream receive: bytes from the messages on recvq in order, at least
 * one (MSG_WAITALL: all that fit) unless end of file; as in Linux, the
 * read ends after a message that carries files, which it passes (rf).
 * MSG_PEEK leaves them queued. A receive of 0 bytes waits for something
 * to read all the same (Linux's sock_rcvlowat() is never 0). The sender
 * of the first bytes, with a reference, in *sender. The count, 0 at end
 * of file, or -errno if nothing came.
 */
static long
stream_recv(struct unix_sock *u, struct uio *c, struct recvfiles *rf, int flags,
            int nonblock, struct unix_sock **sender)
{
  uint64 copied = 0, skip = 0, target = (flags & MSG_WAITALL) ? c->total : 1;
  struct unix_msg *m, *done;
  long r = 0;

  acquire(&u->lock);
  if(u->state != US_CONNECTED){
    release(&u->lock);
    return -EINVAL;
  }
  if(c->total == 0 && (r = wait_for_data(u, nonblock)) > 0)
    r = 0;
  while(copied < c->total){
    // The first message not yet seen (MSG_PEEK skips what it copied).
    uint64 pass = skip;
    m = 0;
    list_for_each_entry(m, &u->recvq, link){
      if(pass < m->len - m->off)
        break;
      pass -= m->len - m->off;
    }
    if(&m->link == &u->recvq){
      if(copied >= target || (flags & MSG_PEEK && copied))
        break;
      if((r = wait_for_data(u, nonblock)) <= 0)
        break;
      continue;
    }
    uint64 avail = m->len - m->off - pass, n = c->total - copied;
    if(n > avail)
      n = avail;
    r = msg_copy(m, m->off + pass, n, c, 1);
    if(r < 0)
      break;
    if(*sender == 0)
      unix_get(*sender = m->from);
    copied += r;
    done = 0;
    int had_files = m->nfds != 0;
    take_files(u, m, rf, flags & MSG_PEEK);
    if(flags & MSG_PEEK){
      skip += r;
    } else {
      m->off += r;
      if(m->off == m->len){
        list_del_init(&m->link);
        u->qlen--;
        done = m;
      }
    }
    if(done){
      release(&u->lock);
      msg_free(done);
      acquire(&u->lock);
    }
    if(had_files || r < n)
      break;
  }
  release(&u->lock);
  return copied ? copied : r;
}

// A record receive: the first message on recvq, cut to the buffer (its
// length, with MSG_TRUNC, is what the call returns), with its files and
// its sender's name (*from). MSG_PEEK leaves it queued.
static long
dgram_recv(struct unix_sock *u, struct uio *c, struct recvfiles *rf, int flags,
           int nonblock, struct sockaddr_un *from, int *fromlen, int *mflags)
{
  struct unix_sock *sender;
  struct unix_msg *m;
  uint64 n;
  long r;

  acquire(&u->lock);
  if(u->type == SOCK_SEQPACKET && u->state != US_CONNECTED){
    release(&u->lock);
    return -ENOTCONN;
  }
  if(flags & MSG_OOB){
    release(&u->lock);
    return -EOPNOTSUPP;
  }
  // An empty datagram socket shut for reading: end of file for a
  // blocking receive, but -EAGAIN for a non-blocking one, as Linux's
  // __skb_recv_datagram gives (a seqpacket socket's is end of file).
  if(u->type == SOCK_DGRAM && nonblock && list_empty(&u->recvq) && u->err == 0){
    release(&u->lock);
    return -EAGAIN;
  }
  if((r = wait_for_data(u, nonblock)) <= 0){
    release(&u->lock);
    return r;
  }
  // Copied under the lock: a peeked message stays on the queue, where
  // another reader may take it.
  m = list_first_entry(&u->recvq, struct unix_msg, link);
  take_files(u, m, rf, flags & MSG_PEEK);
  if(!(flags & MSG_PEEK)){
    list_del_init(&m->link);
    u->qlen--;
  }
  n = m->len < c->total ? m->len : c->total;
  r = msg_copy(m, 0, n, c, 1);
  if(m->len > c->total)
    *mflags |= MSG_TRUNC;
  if(r >= 0 && (flags & MSG_TRUNC))
    r = m->len;
  sender = m->from;
  unix_get(sender);
  release(&u->lock);

  if(from)
    *fromlen = name_of(sender, from);
  unix_put(sender);
  if(!(flags & MSG_PEEK))
    msg_free(m);
  // Room for a datagram sender waiting on our queue.
  wake_up_poll(&u->wq, POLLOUT | POLLWRNORM | POLLWRBAND);
  return r;
}

/*
 * recvmsg(2)'s mechanism: bytes into c, files into rf, the sender's name
 * into from (*fromlen bytes; 0 for a sender with none). *mflags gets
 * MSG_TRUNC for a cut record. MSG_OOB asks for urgent data, which there
 * never is: -EINVAL for a stream, -EOPNOTSUPP for records.
 */
long
unix_recv(struct unix_sock *u, struct uio *c, struct recvfiles *rf, int flags,
          int nonblock, struct sockaddr_un *from, int *fromlen, int *mflags)
{
  struct unix_sock *sender = 0;
  long r;

  if(flags & MSG_DONTWAIT)
    nonblock = 1;
  if(from)
    *fromlen = 0;
  if(u->type == SOCK_STREAM){
    // Linux's answer when no urgent byte waits, and none ever does here.
    if(flags & MSG_OOB)
      return -EINVAL;
    r = stream_recv(u, c, rf, flags, nonblock, &sender);
    if(sender && from)
      *fromlen = name_of(sender, from);
    if(sender)
      unix_put(sender);
  } else {
    r = dgram_recv(u, c, rf, flags, nonblock, from, fromlen, mflags);
  }
  if(rf && rf->n && !rf->peeked)
    files_inflight(rf->files, rf->n, -1);
  return r;
}

// ---- shutdown, close ------------------------------------------------------------------

/*
 * shutdown(2): how is SHUT_RD, SHUT_WR or SHUT_RDWR (-EINVAL else). A
 * connected stream or seqpacket peer sees the other half: u's SHUT_WR is
 * its end of file, u's SHUT_RD makes its writes fail.
 */
int
unix_shutdown(struct unix_sock *u, int how)
{
  struct unix_sock *peer;
  int mode, peer_mode;

  if(how < SHUT_RD || how > SHUT_RDWR)
    return -EINVAL;
  mode = how + 1;                   // RCV_SHUTDOWN, SEND_SHUTDOWN or both
  peer_mode = ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) |
              ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);
  acquire(&u->lock);
  u->shutdown |= mode;
  peer = u->peer;
  if(peer && u->type != SOCK_DGRAM)
    unix_get(peer);
  else
    peer = 0;
  release(&u->lock);
  wake_up_all(&u->wq);
  if(peer){
    acquire(&peer->lock);
    peer->shutdown |= peer_mode;
    release(&peer->lock);
    wake_up_all(&peer->wq);
    unix_put(peer);
  }
  return 0;
}

/*
 * The last close of u's file (or an embryo no one accepted): u is dead.
 * A stream or seqpacket peer is shut down both ways, and gets
 * ECONNRESET if u had unread data or was never accepted; what u held
 * is freed: its name, its queue, its backlog.
 */
void
unix_release_sock(struct unix_sock *u)
{
  struct unix_sock *peer, *e, *next;
  struct list_head q, acc;
  struct unix_msg *m, *mn;
  int unread;

  unbind(u);
  INIT_LIST_HEAD(&q);
  INIT_LIST_HEAD(&acc);
  acquire(&u->lock);
  u->dead = 1;
  u->shutdown = SHUTDOWN_MASK;
  peer = u->peer;
  u->peer = 0;
  unread = !list_empty(&u->recvq);
  list_splice_init(&u->recvq, &q);
  u->qlen = 0;
  list_splice_init(&u->acceptq, &acc);
  u->nacc = 0;
  u->state = US_UNCONNECTED;
  release(&u->lock);
  wake_up_all(&u->wq);

  if(peer && u->type != SOCK_DGRAM){
    acquire(&peer->lock);
    peer->shutdown = SHUTDOWN_MASK;
    if(unread)
      peer->err = ECONNRESET;
    release(&peer->lock);
    wake_up_all(&peer->wq);
  }
  if(peer)
    unix_put(peer);
  list_for_each_entry_safe(m, mn, &q, link)
    msg_free(m);
  list_for_each_entry_safe(e, next, &acc, alink){
    list_del_init(&e->alink);
    acquire(&e->lock);
    if(e->peer){
      acquire(&e->peer->lock);
      e->peer->err = ECONNRESET;
      release(&e->peer->lock);
    }
    release(&e->lock);
    unix_release_sock(e);
  }
  unix_put(u);
}

// ---- collecting sockets that only messages hold ------------------------------------

/*
 * A socket whose fd went over a socket and was closed is held by the
 * message that carries it; if that message waits on a socket that only
 * messages hold in turn (a's fd on b's queue, b's on a's, or a socket's
 * fd on its own queue), no one can ever read it, and nothing would free
 * them. The collector finds such sockets, as Linux's unix_gc() does:
 *
 *   1. candidates: sockets in flight whose every file reference is a
 *      message's (file->ref == inflight); gc_count = inflight
 *   2. each message on a candidate's queue (or its embryos') takes 1 off
 *      the count of each candidate it carries: what is left counts the
 *      messages outside every candidate, which someone may still read
 *   3. a candidate with a count left is reachable, and so is every
 *      candidate its queue carries, transitively
 *   4. the rest is garbage: their queues are emptied, which closes the
 *      files the messages carry, and so frees them all
 *
 * It runs when a socket is closed while sockets are in flight, with
 * gc_lock held throughout (sending and receiving files take it too, so
 * no count changes under it), and frees outside it.
 */

// Calls fn(s, arg) for each candidate socket a message queued on u (or
// on its embryos) carries. Caller holds gc_lock.
static void
scan_children(struct unix_sock *u, void (*fn)(struct unix_sock *, int *), int *arg)
{
  struct unix_sock *e, *s;
  struct unix_msg *m;

  assert_held(&gc_lock);
  acquire(&u->lock);
  list_for_each_entry(m, &u->recvq, link)
    for(int i = 0; i < m->nfds; i++)
      if((s = unix_of(m->fds[i])) != 0 && s->gc_count >= 0)
        fn(s, arg);
  list_for_each_entry(e, &u->acceptq, alink){
    acquire(&e->lock);
    list_for_each_entry(m, &e->recvq, link)
      for(int i = 0; i < m->nfds; i++)
        if((s = unix_of(m->fds[i])) != 0 && s->gc_count >= 0)
          fn(s, arg);
    release(&e->lock);
  }
  release(&u->lock);
}

static void
dec_count(struct unix_sock *s, int *arg)
{
  s->gc_count--;
}

// s is reachable: marked (gc_count 1 or more), and a change noted.
static void
mark_reachable(struct unix_sock *s, int *changed)
{
  if(s->gc_count == 0){
    s->gc_count = 1;
    *changed = 1;
  }
}

static void
unix_gc(void)
{
  struct unix_sock *u, *e;
  struct list_head garbage;
  struct unix_msg *m, *next;
  int changed;

  INIT_LIST_HEAD(&garbage);
  acquire(&gc_lock);
  if(gc_running || list_empty(&inflight_socks)){
    release(&gc_lock);
    return;
  }
  gc_running = 1;
  // 1. Candidates have gc_count >= 0; every other socket in flight -1.
  list_for_each_entry(u, &inflight_socks, glink)
    u->gc_count = u->file && __atomic_load_n(&u->file->ref, __ATOMIC_ACQUIRE) == u->inflight
                  ? u->inflight : -1;
  // 2.
  list_for_each_entry(u, &inflight_socks, glink)
    if(u->gc_count >= 0)
      scan_children(u, dec_count, 0);
  // 3.
  do {
    changed = 0;
    list_for_each_entry(u, &inflight_socks, glink)
      if(u->gc_count > 0)
        scan_children(u, mark_reachable, &changed);
  } while(changed);
  // 4. Their queued messages, taken off.
  list_for_each_entry(u, &inflight_socks, glink){
    if(u->gc_count != 0)
      continue;
    acquire(&u->lock);
    list_splice_init(&u->recvq, &garbage);
    u->qlen = 0;
    list_for_each_entry(e, &u->acceptq, alink){
      acquire(&e->lock);
      list_splice_init(&e->recvq, &garbage);
      e->qlen = 0;
      release(&e->lock);
    }
    release(&u->lock);
  }
  release(&gc_lock);

  list_for_each_entry_safe(m, next, &garbage, link){
    list_del_init(&m->link);
    msg_free(m);
  }
  acquire(&gc_lock);
  gc_running = 0;
  release(&gc_lock);
}

// ---- the file ------------------------------------------------------------------------

// read, write, readv and writev: a receive or send with no flags, all
// the segments at once.
static long
unix_rw_iter(struct file *f, int write, struct iov_iter *it)
{
  struct uio c;
  int mflags = 0;
  long r;

  if((r = uio_init(&c, it)) < 0)
    return r;
  if(!write && c.total == 0)
    return 0;                   // Linux's sock_read_iter: at once, whatever is queued
  if(write)
    return unix_send(f->private_data, &c, 0, 0, 0, 0, f->flags & O_NONBLOCK);
  return unix_recv(f->private_data, &c, 0, 0, f->flags & O_NONBLOCK, 0, 0, &mflags);
}

static long
unix_read(struct file *f, uint64 dst, long n)
{
  struct iov_iter it;

  iov_iter_one(&it, dst, n);
  return unix_rw_iter(f, 0, &it);
}

static long
unix_write(struct file *f, uint64 src, long n)
{
  struct iov_iter it;

  iov_iter_one(&it, src, n);
  return unix_rw_iter(f, 1, &it);
}

// Linux's unix_writable(): a listener never is; else while what u's
// messages cost is at most a quarter of its send buffer.
static int
writable(struct unix_sock *u)
{
  return u->state != US_LISTEN && u->wmem * 4 <= u->sndbuf;
}

/*
 * The poll hook, as Linux's unix_poll (streams) and unix_dgram_poll
 * (datagrams and seqpacket): IN with data, a connection to accept, or
 * end of file; RDHUP when u is shut for reading; HUP when shut both ways
 * (and a stream or seqpacket socket not connected); ERR with an error;
 * OUT by the send buffer, and for a datagram socket also by its peer's
 * queue.
 */
static uint
unix_poll(struct file *f, struct poll_table *pt)
{
  struct unix_sock *u = f->private_data, *peer;
  uint mask = 0;
  int w;

  poll_wait(f, &u->wq, pt);
  acquire(&u->lock);
  if(u->err)
    mask |= POLLERR;
  if(u->shutdown == SHUTDOWN_MASK)
    mask |= POLLHUP;
  if(u->shutdown & RCV_SHUTDOWN)
    mask |= POLLRDHUP | POLLIN | POLLRDNORM;
  if(!list_empty(&u->recvq) || !list_empty(&u->acceptq))
    mask |= POLLIN | POLLRDNORM;
  if(u->type != SOCK_DGRAM && u->state == US_UNCONNECTED)
    mask |= POLLHUP;
  w = writable(u);
  peer = u->type == SOCK_DGRAM ? u->peer : 0;
  if(peer)
    unix_get(peer);
  release(&u->lock);
  if(w && peer){
    // A datagram peer not connected back to u, with a full queue: no OUT.
    acquire(&peer->lock);
    if(peer->peer != u && peer->qlen > UNIX_DGRAM_QLEN)
      w = 0;
    release(&peer->lock);
    if(!w)
      poll_wait(f, &peer->wq, pt);
  }
  if(peer)
    unix_put(peer);
  if(w)
    mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return mask;
}

// The last close of a socket's file: the socket goes, and, if sockets
// are in flight, the collector looks for some that can never be read.
static void
unix_release(struct file *f)
{
  struct unix_sock *u = f->private_data;

  u->file = 0;
  unix_release_sock(u);
  unix_gc();
}

/*
 * fdinfo's line for an AF_UNIX socket, as Linux 6.18's unix_show_fdinfo:
 * the files in flight to it, those its queued messages carry (for a
 * listener, the connections waiting to be accepted).
 */
static void
unix_show_fdinfo(struct seq_file *m, struct file *f)
{
  struct unix_sock *u = f->private_data;
  struct unix_msg *msg;
  int n = 0;

  acquire(&u->lock);
  if(u->state == US_LISTEN)
    n = u->nacc;
  else
    list_for_each_entry(msg, &u->recvq, link)
      n += msg->nfds;
  release(&u->lock);
  seq_printf(m, "scm_fds: %d\n", n);
}

// fstat and /proc: the socket's own inode number, as Linux's sockfs.
static void
unix_getattr(struct file *f, struct stat *st)
{
  st->st_ino = ((struct unix_sock *)f->private_data)->ino;
}

static const struct file_operations unix_fops = {
  .read = unix_read,
  .write = unix_write,
  .release = unix_release,
  .poll = unix_poll,
  .rw_iter = unix_rw_iter,
  .getattr = unix_getattr,
  .show_fdinfo = unix_show_fdinfo,
  .dname = "socket:[%lu]",
  .anon_mode = S_IFSOCK | 0777,
};

// ---- options --------------------------------------------------------------------------

/*
 * getsockopt(2) at SOL_SOCKET: SO_TYPE, SO_DOMAIN, SO_PROTOCOL,
 * SO_ACCEPTCONN, SO_ERROR (and clear it),
 * SO_SNDBUF, SO_RCVBUF, SO_PEERCRED (a struct ucred), SO_PASSCRED (0).
 * The value into buf, its length the result; -ENOPROTOOPT else.
 */
int
unix_getsockopt(struct unix_sock *u, int opt, void *buf)
{
  int *v = buf;
  struct ucred *cr = buf;

  acquire(&u->lock);
  switch(opt){
  case SO_TYPE:
    *v = u->type;
    break;
  case SO_DOMAIN:
    *v = AF_UNIX;
    break;
  case SO_PROTOCOL:
    *v = 0;
    break;
  case SO_ACCEPTCONN:
    *v = u->state == US_LISTEN;
    break;
  case SO_ERROR:
    *v = u->err;
    u->err = 0;
    break;
  case SO_SNDBUF:
    *v = u->sndbuf;
    break;
  case SO_RCVBUF:
    *v = u->rcvbuf;
    break;
  case SO_PASSCRED:
    *v = 0;
    break;
  case SO_PEERCRED:
    cr->pid = u->peercred ? u->peer_pid : 0;
    cr->uid = u->peercred ? 0 : -1;
    cr->gid = u->peercred ? 0 : -1;
    release(&u->lock);
    return sizeof(*cr);
  default:
    release(&u->lock);
    return -ENOPROTOOPT;
  }
  release(&u->lock);
  return sizeof(int);
}

// setsockopt(2) at SOL_SOCKET: SO_SNDBUF and SO_RCVBUF (doubled, and at
// least Linux's minimum, as Linux keeps them); SO_PASSCRED accepted.
int
unix_setsockopt(struct unix_sock *u, int opt, int val)
{
  uint64 v = (uint)val > UNIX_SNDBUF ? UNIX_SNDBUF : (uint)val;

  acquire(&u->lock);
  switch(opt){
  case SO_SNDBUF:
    u->sndbuf = 2 * v < UNIX_SNDBUF_MIN ? UNIX_SNDBUF_MIN : 2 * v;
    break;
  case SO_RCVBUF:
    u->rcvbuf = 2 * v < UNIX_SNDBUF_MIN / 2 ? UNIX_SNDBUF_MIN / 2 : 2 * v;
    break;
  case SO_PASSCRED:
    break;
  default:
    release(&u->lock);
    return -ENOPROTOOPT;
  }
  release(&u->lock);
  wake_up_poll(&u->wq, POLLOUT | POLLWRNORM | POLLWRBAND);
  return 0;
}

int
unix_type(struct unix_sock *u)
{
  return u->type;
}
