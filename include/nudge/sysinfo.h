/*
 * sysinfo(2)'s struct sysinfo, as on 64-bit Linux
 * (include/uapi/linux/sysinfo.h): 112 bytes. Memory is counted in units of
 * mem_unit bytes (1 on a 64-bit kernel).
 */
#ifndef NUDGE_SYSINFO_H
#define NUDGE_SYSINFO_H

#include <stdint.h>

struct sysinfo {
  int64_t uptime;          // seconds since boot, rounded up
  uint64_t loads[3];       // 1, 5 and 15 minute load averages, << 16
  uint64_t totalram;       // usable memory
  uint64_t freeram;        // memory not in use
  uint64_t sharedram;
  uint64_t bufferram;
  uint64_t totalswap;
  uint64_t freeswap;
  uint16_t procs;          // processes (threads) alive, zombies too
  uint16_t pad;
  uint64_t totalhigh;
  uint64_t freehigh;
  uint32_t mem_unit;       // the size of the memory counts' unit
};

#endif
