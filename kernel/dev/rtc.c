/*
 * The real-time clock: QEMU virt's Goldfish RTC, at RTC0, which counts
 * nanoseconds since 1970-01-01 UTC from the host's clock. Reading the low
 * word latches the high one, so the two halves belong together.
 * CLOCK_REALTIME reads it (proc/systime.c). No lock: a read is two loads
 * of a device that keeps its own time.
 */
#include "types.h"
#include "arch/memlayout.h"
#include "dev/rtc.h"

#define RTC_TIME_LOW   0x00
#define RTC_TIME_HIGH  0x04

static inline uint32
rtc_reg(int off)
{
  return *(volatile uint32 *)(RTC0 + off);
}

uint64
rtc_now_ns(void)
{
  uint64 low = rtc_reg(RTC_TIME_LOW);

  return ((uint64)rtc_reg(RTC_TIME_HIGH) << 32) | low;
}
