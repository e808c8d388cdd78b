/*
 * strerror: a message for each errno, in glibc's words so that output can
 * be compared with Linux's, and "Unknown error N" for the rest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *messages[] = {
  [0]            = "Success",
  [EPERM]        = "Operation not permitted",
  [ENOENT]       = "No such file or directory",
  [ESRCH]        = "No such process",
  [EINTR]        = "Interrupted system call",
  [EIO]          = "Input/output error",
  [ENXIO]        = "No such device or address",
  [E2BIG]        = "Argument list too long",
  [ENOEXEC]      = "Exec format error",
  [EBADF]        = "Bad file descriptor",
  [ECHILD]       = "No child processes",
  [EAGAIN]       = "Resource temporarily unavailable",
  [ENOMEM]       = "Cannot allocate memory",
  [EACCES]       = "Permission denied",
  [EFAULT]       = "Bad address",
  [EBUSY]        = "Device or resource busy",
  [EEXIST]       = "File exists",
  [EXDEV]        = "Invalid cross-device link",
  [ENODEV]       = "No such device",
  [ENOTDIR]      = "Not a directory",
  [EISDIR]       = "Is a directory",
  [EINVAL]       = "Invalid argument",
  [ENFILE]       = "Too many open files in system",
  [EMFILE]       = "Too many open files",
  [ENOTTY]       = "Inappropriate ioctl for device",
  [EFBIG]        = "File too large",
  [ENOSPC]       = "No space left on device",
  [ESPIPE]       = "Illegal seek",
  [EMLINK]       = "Too many links",
  [EPIPE]        = "Broken pipe",
  [ERANGE]       = "Numerical result out of range",
  [ENAMETOOLONG] = "File name too long",
  [ENOSYS]       = "Function not implemented",
  [ENOTEMPTY]    = "Directory not empty",
  [ELOOP]        = "Too many levels of symbolic links",
  [ETIMEDOUT]    = "Connection timed out",
};

#define NMESSAGES (sizeof(messages) / sizeof(messages[0]))

char *
strerror(int err)
{
  static char unknown[32];

  if(err >= 0 && err < NMESSAGES && messages[err])
    return (char *)messages[err];
  snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
  return unknown;
}
