/*
 * echod: an event-driven echo server on an AF_UNIX stream socket.
 *
 *   echod [-p] [-n N] PATH
 *
 * Binds PATH, listens, and echoes every byte each client sends, until N
 * clients (default: no limit) have come and gone; then it exits 0. Every
 * socket is non-blocking, as a real server's must be. By default it
 * waits in epoll, its connections edge-triggered: on each wakeup it
 * reads and writes until EAGAIN (a wakeup reports a change once). With
 * -p it waits in poll() instead, asking each connection for POLLIN while
 * its buffer has room and POLLOUT while it has bytes to send back: the
 * same work, for comparison (docs/sockets.md, make bench).
 *
 * It accepts at most ACCEPTS connections a wakeup, as Redis does
 * (MAX_ACCEPTS_PER_CALL): the listener is level-triggered, so the rest
 * are reported at the next wait, after the connections already
 * established have been served. An accept loop that ran until EAGAIN
 * served no one while clients went on connecting (10,000 of them, from 4
 * processes on 4 harts, were accepted in one loop).
 *
 * A connection's bytes wait in a buffer of its own until the client
 * takes them: a client that writes faster than it reads is not lost
 * (reads stop while the buffer is full), and a client that has shut
 * down its writing half still gets the rest before the close.
 *
 * It holds as many connections as it may have fds: at start it raises
 * its soft RLIMIT_NOFILE to the hard limit (the soft one, 1024 by
 * default, is for programs that still use select()), and its tables
 * grow with the fds it is given. A client beyond the limit is an
 * error (accept4: EMFILE), and echod exits 1. A client that closes
 * before it has read its echoes is not: SIGPIPE is ignored, and the
 * write's EPIPE closes that connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define BUFSZ   4096
#define EVENTS  256
#define ACCEPTS 256

struct conn {
  int fd;                 // -1: the slot is free
  int eof;                // the client shut down its writing half
  int head, len;          // bytes to echo: buf[head .. head + len)
  char buf[BUFSZ];
};

static struct conn **conns;  // by fd: conns[fd], for fd < nslots; 0 if none
static int nslots, nconns, served, limit = -1;

static void
die(const char *what)
{
  fprintf(stderr, "echod: %s: %s\n", what, strerror(errno));
  exit(1);
}

// Reads what there is into c's buffer, and writes back what it can; 1
// while the connection goes on, 0 when it is done (the caller closes).
static int
pump(struct conn *c)
{
  int n;

  for(;;){
    while(!c->eof && c->len < BUFSZ){
      int tail = (c->head + c->len) % BUFSZ;
      int room = c->head <= tail ? BUFSZ - tail : c->head - tail;
      if(room > BUFSZ - c->len)
        room = BUFSZ - c->len;
      n = read(c->fd, c->buf + tail, room);
      if(n > 0)
        c->len += n;
      else if(n == 0)
        c->eof = 1;
      else if(errno == EAGAIN)
        break;
      else
        return 0;
    }
    if(c->len == 0)
      return !c->eof;
    int chunk = c->head + c->len <= BUFSZ ? c->len : BUFSZ - c->head;
    n = write(c->fd, c->buf + c->head, chunk);
    if(n < 0)
      return errno == EAGAIN;
    c->head = (c->head + n) % BUFSZ;
    c->len -= n;
    if(c->len > 0 && n < chunk)
      return 1;           // the client's buffer is full: wait for OUT
  }
}

// Raises the soft limit on fds to the hard one, as a server must to
// hold more connections than the default 1024.
static void
raise_nofile(void)
{
  struct rlimit r;

  if(getrlimit(RLIMIT_NOFILE, &r) < 0)
    die("getrlimit");
  r.rlim_cur = r.rlim_max;
  if(setrlimit(RLIMIT_NOFILE, &r) < 0)
    die("setrlimit");
}

// Makes room in conns for fd: the table at least doubles, so growing it
// to n fds copies fewer than 2n pointers in all. 0, or -1 if out of memory.
static int
conns_grow(int fd)
{
  int n = nslots ? 2 * nslots : 64;
  struct conn **t;

  while(n <= fd)
    n *= 2;
  if((t = realloc(conns, n * sizeof(*t))) == 0)
    return -1;
  memset(t + nslots, 0, (n - nslots) * sizeof(*t));
  conns = t;
  nslots = n;
  return 0;
}

// A connection for the accepted fd; 0 (and fd closed: the client sees
// its end close) if there is no memory for it.
static struct conn *
conn_new(int fd)
{
  struct conn *c;

  if((fd >= nslots && conns_grow(fd) < 0) || (c = malloc(sizeof(*c))) == 0){
    close(fd);
    return 0;
  }
  c->fd = fd;
  c->eof = 0;
  c->head = c->len = 0;
  conns[fd] = c;
  nconns++;
  return c;
}

static void
conn_close(struct conn *c)
{
  conns[c->fd] = 0;
  close(c->fd);
  free(c);
  nconns--;
  served++;
}

static int
done(void)
{
  return limit >= 0 && served >= limit && nconns == 0;
}

// Accepts up to ACCEPTS waiting connections, adds each to the epoll ep
// (if ep >= 0), and pumps it once: its first bytes may be there already.
static void
accept_some(int lfd, int ep)
{
  struct epoll_event ev;
  struct conn *c;
  int fd;

  for(int i = 0; i < ACCEPTS; i++){
    if((fd = accept4(lfd, 0, 0, SOCK_NONBLOCK)) < 0){
      if(errno != EAGAIN)
        die("accept4");
      return;
    }
    if((c = conn_new(fd)) == 0)
      continue;
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.fd = fd;
    if(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
      die("epoll_ctl");
    if(!pump(c))
      conn_close(c);
  }
}

static void
serve_epoll(int lfd)
{
  struct epoll_event ev, evs[EVENTS];
  int ep, n;

  if((ep = epoll_create1(0)) < 0)
    die("epoll_create1");
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  if(epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
    die("epoll_ctl");
  while(!done()){
    if((n = epoll_wait(ep, evs, EVENTS, -1)) < 0)
      die("epoll_wait");
    for(int i = 0; i < n; i++){
      if(evs[i].data.fd == lfd){
        accept_some(lfd, ep);
        continue;
      }
      struct conn *c = conns[evs[i].data.fd];
      if(c && !pump(c))
        conn_close(c);      // closing takes it out of the epoll too
    }
  }
  close(ep);
}

static void
serve_poll(int lfd)
{
  struct pollfd *pfds = 0;
  int n, fd, room = 0;

  while(!done()){
    if(nconns + 1 > room){
      room = 2 * (nconns + 1);
      if((pfds = realloc(pfds, room * sizeof(*pfds))) == 0)
        die("realloc");
    }
    n = 0;
    pfds[n].fd = lfd;
    pfds[n++].events = POLLIN;
    for(fd = 0; fd < nslots; fd++){
      struct conn *c = conns[fd];
      if(c == 0)
        continue;
      pfds[n].fd = fd;
      pfds[n].events = (!c->eof && c->len < BUFSZ ? POLLIN : 0) | (c->len ? POLLOUT : 0);
      n++;
    }
    if(poll(pfds, n, -1) < 0)
      die("poll");
    if(pfds[0].revents & POLLIN)
      accept_some(lfd, -1);
    for(int i = 1; i < n; i++){
      struct conn *c = conns[pfds[i].fd];
      if(c && pfds[i].revents && !pump(c))
        conn_close(c);
    }
  }
  free(pfds);
}

int
main(int argc, char *argv[])
{
  struct sockaddr_un a = { AF_UNIX };
  int use_poll = 0, lfd, i;

  for(i = 1; i < argc && argv[i][0] == '-'; i++){
    if(strcmp(argv[i], "-p") == 0)
      use_poll = 1;
    else if(strcmp(argv[i], "-n") == 0 && i + 1 < argc)
      limit = atoi(argv[++i]);
    else
      break;
  }
  if(i != argc - 1 || strlen(argv[i]) >= sizeof(a.sun_path)){
    fprintf(stderr, "usage: echod [-p] [-n N] PATH\n");
    exit(2);
  }
  strcpy(a.sun_path, argv[i]);
  raise_nofile();
  signal(SIGPIPE, SIG_IGN);
  unlink(a.sun_path);
  if((lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0)
    die("socket");
  if(bind(lfd, &a, sizeof(a)) < 0)
    die("bind");
  if(listen(lfd, 4096) < 0)
    die("listen");
  if(use_poll)
    serve_poll(lfd);
  else
    serve_epoll(lfd);
  close(lfd);
  unlink(a.sun_path);
  return 0;
}
