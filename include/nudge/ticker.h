/*
 * The ticker device's ABI: nudge's own, with no Linux counterpart (its
 * closest relative is KVM's ioeventfd, an eventfd the kernel signals). Open
 * the device (major TICKER in nudge/fs.h; init makes /ticker), then
 *
 *   struct ticker_req req = { efd, 20 };
 *   ioctl(fd, TICKER_SET, &req);
 *
 * and the kernel adds the number of elapsed periods to eventfd efd every
 * period_ms milliseconds, until fd or the eventfd is closed.
 * kernel/dev/ticker.c has the rules and errors; docs/eventfd.md the why.
 */
#ifndef NUDGE_TICKER_H
#define NUDGE_TICKER_H

#include <stdint.h>

#define TICKER_MAX_PERIOD_MS 60000

struct ticker_req {
  int32_t efd;          // an eventfd
  uint32_t period_ms;   // 1 .. TICKER_MAX_PERIOD_MS
};

// Linux's encoding: _IOW('n', 1, struct ticker_req).
#define TICKER_SET 0x40086e01u

#endif
