#ifndef PIDFD_H
#define PIDFD_H

struct file;

// Processes as files (proc/pidfd.c).
void         pidfd_init(void);
void         pidfd_notify(void);            // a process exited, or was reaped
int          pidfd_pid(struct file *f);     // its pid, or -1: not a pidfd
struct file *pidfd_file(int pid, int nonblock);  // a new pidfd; 0 if no memory

#endif
