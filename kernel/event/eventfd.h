#ifndef EVENTFD_H
#define EVENTFD_H

#include "types.h"

struct eventfd_ctx;
struct wait_queue_head;

// The kernel side: hold a context apart from any fd, and signal it.
int  eventfd_ctx_fdget(int fd, struct eventfd_ctx **ctxp);  // 0, -EBADF or -EINVAL
void eventfd_ctx_get(struct eventfd_ctx *ctx);
void eventfd_ctx_put(struct eventfd_ctx *ctx);
void eventfd_signal(struct eventfd_ctx *ctx, uint64 n);     // never sleeps
struct wait_queue_head *eventfd_wqh(struct eventfd_ctx *ctx);

#endif
