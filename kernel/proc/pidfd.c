/*
 * pidfd: a process as a file, so that an event loop learns of a child's
 * exit in the same epoll_wait as of its data, without SIGCHLD (Linux's
 * pidfd_open in kernel/pid.c, pidfd_poll in kernel/fork.c).
 *
 *   pidfd_open(pid, flags)    a pidfd for process pid (close-on-exec)
 *   clone(CLONE_PIDFD, ...)   one for the new child (proc/sysproc.c)
 *   poll       0 while the process runs; POLLIN when it has exited (its
 *              last thread), POLLIN | POLLHUP once it is reaped
 *   waitid(P_PIDFD, fd, ...)  waits for it (proc/sysproc.c)
 *   pidfd_send_signal(fd, ...)  signals it (proc/syssignal.c)
 *   read, write  EINVAL, as Linux's
 *
 * A pidfd holds only the pid: nudge hands out pids in increasing order
 * and never again, so a pid names one process for good, and a pidfd can
 * look its process up (or find it gone) at any time. Linux keeps a
 * struct pid for the same reason.
 *
 * The wakeup path: the last thread of a process to exit, and the
 * parent's reap, call pidfd_notify(), which wakes pidfd_wqh, one queue
 * for every pidfd's pollers (Linux has one per struct pid). An exit
 * wakes them all, and each asks its process's state again: exits are
 * rare next to the reads and writes of the other event sources.
 *
 *   exit_thread (last thread) -> pidfd_notify -> wake_up_all(&pidfd_wqh)
 *     -> ep_poll_callback / pollwake -> pidfd_poll: POLLIN
 *
 * Locking: pidfd_poll reads the process table under wait_lock, taken
 * after poll_wait() has put its entry on the queue and let go of the
 * queue's lock. pidfd_notify() may be called with wait_lock held, so
 * the order is wait_lock, then pidfd_wqh.lock.
 */
#include "types.h"
#include "lock/spinlock.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "fs/file.h"
#include "fs/seq_file.h"
#include "event/wait.h"
#include "event/poll.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/pidfd.h"
#include "nudge/stat.h"

static struct wait_queue_head pidfd_wqh;
static const struct file_operations pidfd_fops;

void
pidfd_init(void)
{
  init_waitqueue_head(&pidfd_wqh, "pidfd");
}

// A process exited or was reaped: every pidfd's pollers look again.
void
pidfd_notify(void)
{
  wake_up_all(&pidfd_wqh);
}

// The pid behind a pidfd, or -1 if f is no pidfd.
int
pidfd_pid(struct file *f)
{
  return f->f_op == &pidfd_fops ? (int)(uint64)f->private_data : -1;
}

/*
 * As Linux's pidfd_poll: a process whose leader has exited while other
 * threads run is not done yet (nthreads > 0); one that exited and was
 * reaped is no longer in the table.
 */
static uint
pidfd_poll(struct file *f, struct poll_table *pt)
{
  struct proc *l;
  uint events = 0;

  poll_wait(f, &pidfd_wqh, pt);
  acquire(&wait_lock);
  l = find_proc(pidfd_pid(f));
  if(l == 0)
    events = POLLIN | POLLRDNORM | POLLHUP;
  else if(l->nthreads == 0)
    events = POLLIN | POLLRDNORM;
  release(&wait_lock);
  return events;
}

/*
 * fdinfo's lines for a pidfd, as Linux 6.18's pidfd_show_fdinfo: the pid
 * while the process is in the table (a zombie too), -1 once it has been
 * reaped; NSpid the same, as nudge has one pid namespace.
 */
static void
pidfd_show_fdinfo(struct seq_file *m, struct file *f)
{
  int pid = pidfd_pid(f);

  acquire(&wait_lock);
  if(find_proc(pid) == 0)
    pid = -1;
  release(&wait_lock);
  seq_printf(m, "Pid:\t%d\nNSpid:\t%d\n", pid, pid);
}

static const struct file_operations pidfd_fops = {
  .poll = pidfd_poll,
  .show_fdinfo = pidfd_show_fdinfo,
  .dname = "anon_inode:[pidfd]",
  .anon_mode = S_IRUSR | S_IWUSR,
};

// A pidfd for process pid, O_NONBLOCK if nonblock; 0 if out of memory.
struct file *
pidfd_file(int pid, int nonblock)
{
  return filealloc(&pidfd_fops, O_RDWR | (nonblock ? O_NONBLOCK : 0), (void *)(uint64)pid);
}

/*
 * int pidfd_open(pid_t pid, unsigned int flags), in Linux's order: the
 * flags, then pid > 0 (EINVAL), then a process with that pid, a zombie
 * too (ESRCH), which must be a process, not one of its other threads
 * (ENOENT, as Linux 6.18 says). PIDFD_THREAD, which asks for a thread's pidfd, is EINVAL:
 * nudge's pidfds name processes only (docs/linux-differences.md).
 */
long
sys_pidfd_open(void)
{
  int pid = argint(0), flags = argint(1), fd, err = 0;
  struct proc *t;
  struct file *f;

  if(flags & ~PIDFD_NONBLOCK)
    return -EINVAL;
  if(pid <= 0)
    return -EINVAL;
  acquire(&wait_lock);
  if((t = find_thread(pid)) == 0)
    err = -ESRCH;
  else if(t->tgid != pid)
    err = -ENOENT;
  release(&wait_lock);
  if(err)
    return err;
  if((f = pidfd_file(pid, flags & PIDFD_NONBLOCK)) == 0)
    return -ENOMEM;
  if((fd = fdalloc(f, 1)) < 0)
    fileclose(f);
  return fd;
}
