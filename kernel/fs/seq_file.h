#ifndef SEQ_FILE_H
#define SEQ_FILE_H

#include "types.h"

struct file;

/*
 * Text a kernel function prints for a read (Linux's seq_file, cut down):
 * show() prints the whole text with seq_printf() every time, and only
 * the bytes inside the reader's window, from the file's position on, are
 * kept. So a text of any length is read a page at a time, and a file
 * owns no buffer between reads.
 */
struct seq_file {
  char *buf;      // the window
  long from;      // the text's offset at buf[0]
  long size;      // the window's bytes
  long count;     // the text's bytes printed so far
};

void seq_printf(struct seq_file *m, const char *fmt, ...);
long seq_read(struct file *f, uint64 dst, long n,
              int (*show)(struct seq_file *m, struct file *f));

#endif
