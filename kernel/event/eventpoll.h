#ifndef EVENTPOLL_H
#define EVENTPOLL_H

struct file;

void eventpoll_init(void);

// Called by fileclose() when the last reference to f goes, before
// f->f_op->release: removes every epoll registration of f.
void eventpoll_release(struct file *f);

#endif
