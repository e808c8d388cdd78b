#ifndef EVENTPOLL_H
#define EVENTPOLL_H

struct file;
struct wait_queue_entry;

void eventpoll_init(void);

// Called by fileclose() when the last reference to f goes, before
// f->f_op->release: removes every epoll registration of f.
void eventpoll_release(struct file *f);

// The callback on each watched file's queue (named by event/wqtrace.c).
int  ep_poll_callback(struct wait_queue_entry *wait, void *key);

#endif
