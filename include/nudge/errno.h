/*
 * Error numbers: the values of Linux's include/uapi/asm-generic/errno-base.h
 * and errno.h, man errno(3). The kernel returns -errno; the user library
 * stores errno and returns -1.
 */
#ifndef NUDGE_ERRNO_H
#define NUDGE_ERRNO_H

#define EPERM            1  // operation not permitted
#define ENOENT           2  // no such file or directory
#define ESRCH            3  // no such process
#define EINTR            4  // interrupted system call
#define EIO              5  // I/O error
#define ENXIO            6  // no such device or address
#define E2BIG            7  // argument list too long
#define ENOEXEC          8  // exec format error
#define EBADF            9  // bad file descriptor
#define ECHILD          10  // no child processes
#define EAGAIN          11  // try again (would block)
#define ENOMEM          12  // out of memory
#define EACCES          13  // permission denied
#define EFAULT          14  // bad address
#define EBUSY           16  // device or resource busy
#define EEXIST          17  // file exists
#define EXDEV           18  // cross-device link
#define ENODEV          19  // no such device
#define ENOTDIR         20  // not a directory
#define EISDIR          21  // is a directory
#define EINVAL          22  // invalid argument
#define ENFILE          23  // file table overflow
#define EMFILE          24  // too many open files
#define ENOTTY          25  // not a typewriter (no such ioctl)
#define EFBIG           27  // file too large
#define ENOSPC          28  // no space left on device
#define ESPIPE          29  // illegal seek
#define EMLINK          31  // too many links
#define EPIPE           32  // broken pipe
#define ERANGE          34  // result out of range
#define ENAMETOOLONG    36  // file name too long
#define ENOSYS          38  // no such system call
#define ENOTEMPTY       39  // directory not empty
#define ELOOP           40  // too many levels of nesting (epoll cycle)
#define EOVERFLOW       75  // value too large (mmap: offset past the end)
#define ENOTSOCK        88  // not a socket
#define EDESTADDRREQ    89  // destination address required
#define EMSGSIZE        90  // message too long
#define EPROTOTYPE      91  // wrong kind of socket
#define ENOPROTOOPT     92  // no such socket option
#define EPROTONOSUPPORT 93  // protocol not supported
#define ESOCKTNOSUPPORT 94  // socket type not supported
#define EOPNOTSUPP      95  // operation not supported on this socket
#define EAFNOSUPPORT    97  // address family not supported
#define EADDRINUSE      98  // address (name) in use
#define ENOBUFS        105  // no buffer space
#define EISCONN        106  // already connected
#define ENOTCONN       107  // not connected
#define ECONNREFUSED   111  // no one listens there
#define ECONNRESET     104  // connection reset by the peer
#define ETIMEDOUT      110  // timed out (kernel-internal: waits)

#define MAX_ERRNO     4095  // -4095..-1 in a return register is an error

#endif
