/*
 * strerror and strerrorname_np: a message and a name for each errno. The
 * messages are glibc's words, so that output can be compared with
 * Linux's; an errno not listed is "Unknown error N", with no name (as in
 * glibc, whose strerrorname_np is where this one's name comes from).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define E(err, message) [err] = { #err, message }

static const struct {
  const char *name;
  const char *message;
} errors[] = {
  [0] = { 0, "Success" },
  E(EPERM,        "Operation not permitted"),
  E(ENOENT,       "No such file or directory"),
  E(ESRCH,        "No such process"),
  E(EINTR,        "Interrupted system call"),
  E(EIO,          "Input/output error"),
  E(ENXIO,        "No such device or address"),
  E(E2BIG,        "Argument list too long"),
  E(ENOEXEC,      "Exec format error"),
  E(EBADF,        "Bad file descriptor"),
  E(ECHILD,       "No child processes"),
  E(EAGAIN,       "Resource temporarily unavailable"),
  E(ENOMEM,       "Cannot allocate memory"),
  E(EACCES,       "Permission denied"),
  E(EFAULT,       "Bad address"),
  E(EBUSY,        "Device or resource busy"),
  E(EEXIST,       "File exists"),
  E(EXDEV,        "Invalid cross-device link"),
  E(ENODEV,       "No such device"),
  E(ENOTDIR,      "Not a directory"),
  E(EISDIR,       "Is a directory"),
  E(EINVAL,       "Invalid argument"),
  E(ENFILE,       "Too many open files in system"),
  E(EMFILE,       "Too many open files"),
  E(ENOTTY,       "Inappropriate ioctl for device"),
  E(EFBIG,        "File too large"),
  E(ENOSPC,       "No space left on device"),
  E(ESPIPE,       "Illegal seek"),
  E(EMLINK,       "Too many links"),
  E(EPIPE,        "Broken pipe"),
  E(ERANGE,       "Numerical result out of range"),
  E(ENAMETOOLONG, "File name too long"),
  E(ENOSYS,       "Function not implemented"),
  E(ENOTEMPTY,    "Directory not empty"),
  E(ELOOP,        "Too many levels of symbolic links"),
  E(ETIMEDOUT,    "Connection timed out"),
};

#define NERRORS (sizeof(errors) / sizeof(errors[0]))

char *
strerror(int err)
{
  static char unknown[32];

  if(err >= 0 && err < NERRORS && errors[err].message)
    return (char *)errors[err].message;
  snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
  return unknown;
}

// "EINVAL" for EINVAL; 0 for an errno with no name.
const char *
strerrorname_np(int err)
{
  if(err > 0 && err < NERRORS)
    return errors[err].name;
  return 0;
}
