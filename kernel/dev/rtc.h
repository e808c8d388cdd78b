#ifndef DEV_RTC_H
#define DEV_RTC_H

#include "types.h"

// The wall clock: nanoseconds since 1970-01-01 UTC (rtc.c).
uint64 rtc_now_ns(void);

#endif
