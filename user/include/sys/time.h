/*
 * sys/time.h: struct timeval (man gettimeofday(2)).
 */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

struct timeval {
  long tv_sec;
  long tv_usec;     // 0..999999
};

#endif
