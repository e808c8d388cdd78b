#ifndef PIPE_H
#define PIPE_H

#include "fs/file.h"

// Makes a pipe: *rf reads, *wf writes. 0, or -ENFILE / -ENOMEM.
int pipealloc(struct file **rf, struct file **wf, uint flags);

#endif
