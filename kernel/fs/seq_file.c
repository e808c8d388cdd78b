/*
 * seq_file: a read of text that a kernel function prints (seq_file.h).
 *   seq_printf(m, fmt, ...)    print into m, keeping what is in the window
 *   seq_read(f, dst, n, show)  a read(2) of f: show() prints the text, the
 *                              window is f's position and n bytes (at
 *                              most a page), and what lands there is
 *                              copied out
 * Nothing is shared between reads, so there is no lock: show() takes the
 * locks of what it prints. A text that changes between two reads is
 * read part old, part new, as Linux's is once it no longer fits its
 * buffer.
 */
#include <stdarg.h>
#include "types.h"
#include "arch/riscv.h"
#include "lib/format.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "nudge/errno.h"
#include "fs/file.h"
#include "fs/seq_file.h"

// vformat's put(): one character of the text, kept if in the window.
static void
seq_put(void *arg, char c)
{
  struct seq_file *m = arg;

  if(m->count >= m->from && m->count < m->from + m->size)
    m->buf[m->count - m->from] = c;
  m->count++;
}

void
seq_printf(struct seq_file *m, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vformat(seq_put, m, fmt, ap);
  va_end(ap);
}

/*
 * Reads up to n bytes of the text show(m, f) prints, from f->off, into
 * user address dst, and moves f->off past them: the count (0 at the end
 * of the text), or show()'s -errno, -ENOMEM or -EFAULT.
 */
long
seq_read(struct file *f, uint64 dst, long n,
         int (*show)(struct seq_file *m, struct file *f))
{
  struct seq_file m;
  long got;
  int r;

  if((m.buf = kmalloc(PGSIZE)) == 0)
    return -ENOMEM;
  m.from = f->off;
  m.size = n < PGSIZE ? n : PGSIZE;
  m.count = 0;
  got = 0;
  if((r = show(&m, f)) < 0)
    got = r;
  else if(m.count > m.from)
    got = m.count - m.from < m.size ? m.count - m.from : m.size;
  if(got > 0 && copyout(myproc()->mm, dst, m.buf, got) < 0)
    got = -EFAULT;
  if(got > 0)
    f->off += got;
  kfree(m.buf);
  return got;
}
