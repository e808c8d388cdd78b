/*
 * sys/sysinfo.h: sysinfo(2). struct sysinfo is 64-bit Linux's
 * (nudge/sysinfo.h).
 */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#include <nudge/sysinfo.h>

int sysinfo(struct sysinfo *info);

#endif
