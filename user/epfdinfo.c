/*
 * epfdinfo: an epoll to look at through /proc, for docs/procfs.md. It
 * opens an eventfd (fd 3, count 5), a pipe (4 and 5) and a socket pair
 * (6 and 7), and an epoll (fd 8) watching the eventfd (EPOLLIN |
 * EPOLLET, data 0x1234567890abcdef), the pipe's write end (EPOLLOUT,
 * data 5) and a socket (EPOLLIN | EPOLLONESHOT, data 6); then it execs
 * cat /proc/self/fdinfo/N, for N its argument (8 if none), so that cat,
 * which inherits the fds, shows them. Standard headers only: the same
 * source builds on Linux, where cat is /bin/cat. Exit status: cat's, or
 * 1 if a call failed.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

// Adds fd to epoll ep with events and data: 0 or -1.
static int
watch(int ep, int fd, uint32_t events, uint64_t data)
{
  struct epoll_event ev;

  ev.events = events;
  ev.data.u64 = data;
  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

int
main(int argc, char *argv[])
{
  char path[64];
  char *cat = access("/cat", F_OK) == 0 ? "/cat" : "/bin/cat";
  char *args[3];
  int efd, p[2], sv[2], ep;

  efd = eventfd(5, 0);
  if(efd < 0 || pipe(p) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
     (ep = epoll_create1(0)) < 0){
    perror("epfdinfo");
    return 1;
  }
  if(watch(ep, efd, EPOLLIN | EPOLLET, 0x1234567890abcdefULL) < 0 ||
     watch(ep, p[1], EPOLLOUT, p[1]) < 0 ||
     watch(ep, sv[0], EPOLLIN | EPOLLONESHOT, sv[0]) < 0){
    perror("epfdinfo: epoll_ctl");
    return 1;
  }
  snprintf(path, sizeof(path), "/proc/self/fdinfo/%s", argc > 1 ? argv[1] : "8");
  args[0] = "cat";
  args[1] = path;
  args[2] = 0;
  execv(cat, args);
  perror("epfdinfo: exec");
  return 1;
}
