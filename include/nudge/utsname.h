/*
 * uname(2)'s struct utsname (Linux's struct new_utsname,
 * include/uapi/linux/utsname.h): six NUL-terminated fields of 65 bytes.
 */
#ifndef NUDGE_UTSNAME_H
#define NUDGE_UTSNAME_H

#define UTSNAME_LEN 65

struct utsname {
  char sysname[UTSNAME_LEN];     // the kernel's name
  char nodename[UTSNAME_LEN];    // the host's name
  char release[UTSNAME_LEN];     // the kernel's version, "6.18.0-nudge"
  char version[UTSNAME_LEN];     // the build
  char machine[UTSNAME_LEN];     // the hardware, "riscv64"
  char domainname[UTSNAME_LEN];  // the NIS domain, "(none)"
};

#endif
