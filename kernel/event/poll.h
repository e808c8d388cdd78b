#ifndef EVENT_POLL_H
#define EVENT_POLL_H

#include "types.h"
#include "nudge/poll.h"

struct file;
struct wait_queue_head;
struct wait_queue_entry;

/*
 * The poll hook's contract. A file's f_op->poll(f, pt) returns the file's
 * event mask now (POLLIN, POLLOUT, ...) and, for each wait queue whose
 * wakeups can change that mask, calls poll_wait(f, wq, pt). What
 * poll_wait does is the caller's choice, through pt->qproc:
 *   poll() and select()  queue an entry that wakes the calling process
 *   epoll_ctl(ADD)       queues an entry whose callback is ep_poll_callback
 *   a re-check           passes a table with qproc 0, or no table at all:
 *                        the mask alone is wanted
 * The hook must not sleep... with one exception: an epoll file's hook
 * takes its ep->mtx (see eventpoll.c).
 */
struct poll_table {
  void (*qproc)(struct file *f, struct wait_queue_head *wq, struct poll_table *pt);
  uint key;                     // the events the caller cares about
};

static inline void
poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
  if(pt && pt->qproc && wq)
    pt->qproc(f, wq, pt);
}

// What poll reports for a file without a poll hook: regular files and
// directories never block (Linux's DEFAULT_POLLMASK).
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

uint vfs_poll(struct file *f, struct poll_table *pt);
int  file_can_poll(struct file *f);
int  pollwake(struct wait_queue_entry *wait, void *key);  // poll's and select's callback

#endif
