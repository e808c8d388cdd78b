/*
 * The console: the terminal's line discipline, and the kernel's printf.
 *   consoleinit()      set up the UART and devsw[CONSOLE]
 *   consoleintr(c)     a typed character, from the UART interrupt
 *   consputc(c)        one character out, now (echo, printf)
 *   printf(), panic(), printfinit()
 *
 * Input is edited a line at a time, as on a Unix terminal in canonical
 * mode: backspace or DEL erases a character, ^U the whole line, ^D ends
 * the input (a read that finds it first returns 0), ^P lists the
 * processes. A read() sleeps until a whole line is there; characters are
 * echoed as they are typed. Output from write() goes through uartputc(),
 * which may sleep; printf() bypasses the buffer and spins instead.
 * ioctl() answers TCGETS with these rules as Linux's termios flags, and
 * TIOCGWINSZ; they cannot be changed (console_termios).
 *
 * Locking: "cons" guards the input buffer; consoleintr() takes it in
 * interrupt context, readers wait on cons.wq, guarded by it. The sleep
 * lock "cons.write" is held for the whole of one write(), so a line
 * written in one call reaches the terminal whole, never mixed character
 * by character with another process's. "pr" keeps lines
 * from different harts' printf() calls from mixing. panic() stops taking
 * "pr" (the panicking hart may hold it) and then freezes every other
 * hart's output, so its message is the last line on the terminal.
 */
#include <stdarg.h>
#include "types.h"
#include "arch/riscv.h"
#include "lock/spinlock.h"
#include "lock/sleeplock.h"
#include "proc/proc.h"
#include "fs/file.h"
#include "dev/uart.h"
#include "dev/console.h"
#include "event/wait.h"
#include "event/poll.h"
#include "lib/format.h"
#include "lib/string.h"
#include "nudge/errno.h"
#include "nudge/fcntl.h"
#include "nudge/fs.h"
#include "nudge/termios.h"

#define BACKSPACE 0x100      // consputc(): erase the last character
#define C(x) ((x) - '@')     // control-x

volatile int panicked;       // set once panic() has printed; uart.c reads it

/*
 * The input buffer, a ring of characters in three parts:
 *   [r, w)  complete lines, ready for read()
 *   [w, e)  the line being typed, still editable
 */
#define INPUT_BUF_SIZE 128

static struct {
  struct spinlock lock;
  char buf[INPUT_BUF_SIZE];   // [lock] indexed modulo INPUT_BUF_SIZE
  uint r;                     // [lock] next character read() returns
  uint w;                     // [lock] end of the complete lines
  uint e;                     // [lock] end of the line being edited
  struct wait_queue_head wq;  // readers and pollers, woken per line
  struct sleeplock wlock;     // one write() at a time
} cons;

void
consputc(int c)
{
  if(c == BACKSPACE){
    // Overwrite the last character with a space.
    uartputc_sync('\b');
    uartputc_sync(' ');
    uartputc_sync('\b');
  } else {
    uartputc_sync(c);
  }
}

// Copies src from user memory to the terminal, all of it in one piece
// (cons.wlock). Returns n, or how much was written before a bad address
// or a kill (which stops a long write at once), or -EFAULT or -EINTR if
// nothing was.
static long
consolewrite(struct file *f, uint64 src, long n)
{
  char buf[32];
  long done = 0, err = 0;

  acquiresleep(&cons.wlock);
  while(done < n){
    long m = n - done;
    if(m > sizeof(buf))
      m = sizeof(buf);
    if(killed(myproc()))
      err = -EINTR;
    else if(either_copyin(buf, 1, src + done, m) < 0)
      err = -EFAULT;
    if(err)
      break;
    for(int i = 0; i < m; i++)
      uartputc(buf[i]);
    done += m;
  }
  releasesleep(&cons.wlock);
  return done > 0 ? done : err;
}

// Waits for input, per event/wait.c's rule: on the queue before
// cons.lock is dropped. Caller holds cons.lock. 0, -EAGAIN if f is
// non-blocking (as Linux's terminal answers), or -ERESTARTSYS if a
// signal comes (proc/signal.c restarts the read, or makes it -EINTR).
static int
console_wait(struct file *f)
{
  struct wait_queue_entry wait;
  int err;

  assert_held(&cons.lock);
  if(f->flags & O_NONBLOCK)
    return -EAGAIN;
  init_waitqueue_entry(&wait, myproc());
  prepare_to_wait(&cons.wq, &wait);
  err = wait_woken(&cons.lock, 0);
  finish_wait(&cons.wq, &wait);
  return err;
}

/*
 * Copies up to one line of input, with its newline, to user address dst.
 * Sleeps until a line is complete. Returns the count, 0 at end of file
 * (^D), -EAGAIN if there is no line and f is non-blocking, -ERESTARTSYS
 * if a signal comes while it waits, -EFAULT if dst is bad.
 */
static long
consoleread(struct file *f, uint64 dst, long n)
{
  long done = 0;

  acquire(&cons.lock);
  while(done < n){
    while(cons.r == cons.w){
      int err = console_wait(f);
      if(err < 0){
        release(&cons.lock);
        return err;
      }
    }

    char c = cons.buf[cons.r % INPUT_BUF_SIZE];
    if(c == C('D')){
      // End of file. If this read already has data, leave the ^D for
      // the next one, so that it returns 0.
      if(done == 0)
        cons.r++;
      break;
    }
    if(either_copyout(1, dst + done, &c, 1) < 0){
      if(done == 0)
        done = -EFAULT;
      break;
    }
    cons.r++;
    done++;
    if(c == '\n')
      break;
  }
  release(&cons.lock);
  return done;
}

/*
 * A character from the keyboard. Runs in the UART interrupt: edits the
 * line being typed, echoes, and wakes readers when a line is complete.
 */
void
consoleintr(int c)
{
  int dump = 0;

  acquire(&cons.lock);
  switch(c){
  case C('P'):
    dump = 1;
    break;
  case C('U'):
    while(cons.e != cons.w && cons.buf[(cons.e - 1) % INPUT_BUF_SIZE] != '\n'){
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  case C('H'):
  case '\x7f':
    if(cons.e != cons.w){
      cons.e--;
      consputc(BACKSPACE);
    }
    break;
  default:
    if(c == 0 || cons.e - cons.r >= INPUT_BUF_SIZE)
      break;
    if(c == '\r')
      c = '\n';
    consputc(c);
    cons.buf[cons.e++ % INPUT_BUF_SIZE] = c;
    if(c == '\n' || c == C('D') || cons.e - cons.r == INPUT_BUF_SIZE){
      // A complete line (or a full buffer): hand it to read().
      cons.w = cons.e;
      wake_up_poll(&cons.wq, POLLIN | POLLRDNORM);
    }
    break;
  }
  release(&cons.lock);

  // Outside cons.lock: procdump() prints many lines, and interrupts need
  // not be off all that time. It takes no process lock (proc.c).
  if(dump)
    procdump();
}

// The poll hook: readable when a line (or ^D) is ready; always writable.
static uint
consolepoll(struct file *f, struct poll_table *pt)
{
  uint mask = POLLOUT | POLLWRNORM;

  poll_wait(f, &cons.wq, pt);
  acquire(&cons.lock);
  if(cons.r != cons.w)
    mask |= POLLIN | POLLRDNORM;
  release(&cons.lock);
  return mask;
}

/*
 * The line discipline above, in the flags Linux's terminal has for it:
 * canonical input with echo, erasing on the screen (ECHOE, ECHOK, ECHOKE),
 * \r read as \n (ICRNL); output as written (no OPOST: \n stays \n); 38400
 * baud, 8 bits (uart.c). DEL erases, ^U kills the line, ^D ends input;
 * nudge's terminal sends no signals (no ^C), has no flow control or
 * literal-next, so ISIG, IXON and IEXTEN are off and their characters
 * disabled (0).
 */
static const struct termios console_termios = {
  .c_iflag = ICRNL,
  .c_oflag = 0,
  .c_cflag = B38400 | CS8 | CREAD,
  .c_lflag = ICANON | ECHO | ECHOE | ECHOK | ECHOKE,
  .c_cc = { [VERASE] = 0x7f, [VKILL] = C('U'), [VEOF] = C('D'),
            [VMIN] = 1 },
};

static const struct winsize console_winsize = { .ws_row = 24, .ws_col = 80 };

/*
 * The terminal ioctls. TCGETS and TIOCGWINSZ copy out the console's
 * settings and size. The TCSETS family takes settings equal to those
 * (as when a program restores what it read) and refuses any change with
 * EINVAL: the line discipline is fixed (docs/linux-differences.md).
 * Anything else is ENOTTY, as Linux answers an ioctl a tty does not know.
 */
static long
consoleioctl(struct file *f, uint cmd, uint64 arg)
{
  struct termios t;

  switch(cmd){
  case TCGETS:
    return either_copyout(1, arg, (void *)&console_termios,
                          sizeof(console_termios));
  case TIOCGWINSZ:
    return either_copyout(1, arg, (void *)&console_winsize,
                          sizeof(console_winsize));
  case TCSETS: case TCSETSW: case TCSETSF:
    if(either_copyin(&t, 1, arg, sizeof(t)) < 0)
      return -EFAULT;
    if(memcmp(&t, &console_termios, sizeof(t)) != 0)
      return -EINVAL;
    return 0;
  }
  return -ENOTTY;
}

static const struct file_operations console_fops = {
  .read = consoleread,
  .write = consolewrite,
  .poll = consolepoll,
  .ioctl = consoleioctl,
};

void
consoleinit(void)
{
  initlock(&cons.lock, "cons");
  initsleeplock(&cons.wlock, "cons.write");
  init_waitqueue_head(&cons.wq, "cons.wq");
  uartinit();
  devsw[CONSOLE] = &console_fops;
}

static struct {
  struct spinlock lock;
  int locking;           // 0 after a panic: print without the lock
} pr;

void
printfinit(void)
{
  initlock(&pr.lock, "pr");
  pr.locking = 1;
}

static void
printf_put(void *arg, char c)
{
  consputc(c);
}

void
printf(char *fmt, ...)
{
  va_list ap;
  int locking = pr.locking;

  if(locking)
    acquire(&pr.lock);
  va_start(ap, fmt);
  vformat(printf_put, 0, fmt, ap);
  va_end(ap);
  if(locking)
    release(&pr.lock);
}

// A kernel invariant broke: say which, and stop this hart for good.
void
panic(char *s)
{
  intr_off();
  pr.locking = 0;
  printf("panic: %s\n", s);
  panicked = 1;
  for(;;)
    ;
}
