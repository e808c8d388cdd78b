/*
 * errname.h: how the test programs name an errno, one definition for all
 * of them: the harness programs (harness.h), racetest, fuzz, and the
 * differential programs (tests/diff/diff.h), built with nudge's libc,
 * the host's glibc or riscv64 glibc, each of which has
 * strerrorname_np().
 *
 *   errname(e)     "EBADF", or "errno N" for a value with no name
 *   show(v, err)   a call's result as a message shows it: "3", or
 *                  "-1 (EBADF)" for -1 with errno err
 *
 * Each returns a static buffer's string, good until its next call.
 */
#ifndef ERRNAME_H
#define ERRNAME_H

#include <stdio.h>
#include <string.h>

static inline const char *
errname(int e)
{
  static char num[24];

  if (strerrorname_np(e))
    return strerrorname_np(e);
  snprintf(num, sizeof num, "errno %d", e);
  return num;
}

static inline const char *
show(long v, int err)
{
  static char buf[48];

  if (v == -1)
    snprintf(buf, sizeof buf, "-1 (%s)", errname(err));
  else
    snprintf(buf, sizeof buf, "%ld", v);
  return buf;
}

#endif
