/*
 * epdemo: one epoll_wait() woken by an eventfd and then by a pipe, small
 * enough to follow in gdb (docs/gdb-walkthrough.md; tests/checks/gdb.sh
 * breaks at ep_poll_callback while it runs).
 *
 * The parent, the waiter, watches an eventfd and the read end of a data
 * pipe with EPOLLIN and sleeps in epoll_wait(). A forked child, the
 * writer, writes the eventfd, then the pipe. A second pipe, "go", orders
 * the two processes, so no step depends on timing:
 *
 *   waiter (parent)                   writer (child)
 *   epoll_ctl ADD efd, ADD pipe
 *   write(go)  ---------------------> read(go)
 *   epoll_wait: sleeps                write(efd, 1)
 *     <- ep_poll_callback from eventfd_write
 *   returns 1: efd IN; read(efd)
 *   write(go)  ---------------------> read(go)
 *   epoll_wait: sleeps                write(pipe, "x")
 *     <- ep_poll_callback from pipe_write
 *   returns 1: pipe IN; read(pipe)
 *   close(go)  ---------------------> read(go): end of file
 *   wait()                            exit(0)
 *
 * The waiter prints what each epoll_wait() returned. Exit status 0 when
 * both events were seen, in that order, and the writer exited 0; else 1.
 * Nothing hangs: epoll_wait() times out, and the writer sees EOF on go
 * if the waiter dies. Standard headers only: builds on Linux unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define WAIT_MS 10000           // one epoll_wait's limit: a lost wakeup fails

// The data word each watched file is registered with.
enum { TAG_EVENTFD = 1, TAG_PIPE = 2 };

static const char *
tag_name(uint64_t tag)
{
  if(tag == TAG_EVENTFD)
    return "eventfd";
  if(tag == TAG_PIPE)
    return "pipe";
  return "?";
}

static void
print_events(uint32_t events)
{
  static const struct {
    uint32_t bit;
    const char *name;
  } names[] = {
    { EPOLLIN, "EPOLLIN" }, { EPOLLOUT, "EPOLLOUT" },
    { EPOLLERR, "EPOLLERR" }, { EPOLLHUP, "EPOLLHUP" },
  };
  const char *sep = "";

  for(int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if(events & names[i].bit){
      printf("%s%s", sep, names[i].name);
      sep = "|";
    }
  if(*sep == 0)
    printf("0");
}

// Watches fd for EPOLLIN (level-triggered), tagged with tag.
static int
watch(int epfd, int fd, uint64_t tag)
{
  struct epoll_event ev;

  ev.events = EPOLLIN;
  ev.data.u64 = tag;
  if(epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0){
    perror("epdemo: epoll_ctl");
    return -1;
  }
  return 0;
}

/*
 * Lets the writer take its next step, then waits for one event; prints
 * what epoll_wait() returned. 0 if it reported exactly `want` with
 * EPOLLIN, else -1.
 */
static int
step(int epfd, int gofd, uint64_t want)
{
  struct epoll_event evs[4];
  int n;

  if(write(gofd, "g", 1) != 1){
    perror("epdemo: write go");
    return -1;
  }
  n = epoll_wait(epfd, evs, 4, WAIT_MS);
  if(n < 0){
    perror("epdemo: epoll_wait");
    return -1;
  }
  printf("epdemo: epoll_wait returned %d", n);
  for(int i = 0; i < n; i++){
    printf("%s %s ", i ? "," : ":", tag_name(evs[i].data.u64));
    print_events(evs[i].events);
  }
  printf("\n");
  if(n != 1 || evs[0].data.u64 != want || !(evs[0].events & EPOLLIN)){
    printf("epdemo: expected 1 event: %s EPOLLIN\n", tag_name(want));
    return -1;
  }
  return 0;
}

// The child: each byte on gofd allows one write, eventfd first, then
// pipe; the end of gofd lets it exit.
static int
writer(int gofd, int efd, int pfd)
{
  uint64_t one = 1;
  char c;

  if(read(gofd, &c, 1) != 1)
    return 1;
  if(write(efd, &one, sizeof(one)) != sizeof(one)){
    perror("epdemo: write eventfd");
    return 1;
  }
  if(read(gofd, &c, 1) != 1)
    return 1;
  if(write(pfd, "x", 1) != 1){
    perror("epdemo: write pipe");
    return 1;
  }
  // Keep the pipe's write end open until the waiter is done with it, so
  // its epoll_wait reports EPOLLIN alone, never the HUP of our exit.
  if(read(gofd, &c, 1) != 0)
    return 1;
  return 0;
}

// The parent: both events, in order, then the writer's exit status.
static int
waiter(int epfd, int gofd, int efd, int pfd)
{
  uint64_t count;
  char c;
  int status;

  if(step(epfd, gofd, TAG_EVENTFD) < 0)
    return 1;
  // Level-triggered: read the count, or the eventfd stays ready.
  if(read(efd, &count, sizeof(count)) != sizeof(count)){
    perror("epdemo: read eventfd");
    return 1;
  }
  if(step(epfd, gofd, TAG_PIPE) < 0)
    return 1;
  if(read(pfd, &c, 1) != 1){
    perror("epdemo: read pipe");
    return 1;
  }
  close(gofd);
  if(wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0){
    printf("epdemo: the writer failed\n");
    return 1;
  }
  printf("epdemo: saw eventfd, then pipe\n");
  return 0;
}

int
main(void)
{
  int epfd, efd, data[2], go[2], pid;

  if((epfd = epoll_create1(0)) < 0 || (efd = eventfd(0, 0)) < 0 ||
     pipe(data) < 0 || pipe(go) < 0){
    perror("epdemo: setup");
    return 1;
  }
  if(watch(epfd, efd, TAG_EVENTFD) < 0 || watch(epfd, data[0], TAG_PIPE) < 0)
    return 1;

  if((pid = fork()) < 0){
    perror("epdemo: fork");
    return 1;
  }
  if(pid == 0){
    close(go[1]);
    close(data[0]);
    _exit(writer(go[0], efd, data[1]));
  }
  close(go[0]);
  close(data[1]);
  return waiter(epfd, go[1], efd, data[0]);
}
