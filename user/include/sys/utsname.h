/*
 * sys/utsname.h: uname(2). struct utsname is Linux's (nudge/utsname.h).
 */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <nudge/utsname.h>

int uname(struct utsname *buf);

#endif
