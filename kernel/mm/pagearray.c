/*
 * Page arrays: a kernel buffer of any size up to 2 MiB, made of pages
 * that need not be next to each other, for a system call's copy of a
 * large user array: ppoll's 65,536 pollfds (512 KiB), select's six fd
 * sets (8 KiB each), sendmsg's control messages (up to 128 KiB).
 * kmalloc gives at most a page in one piece, and the kernel stack is
 * one page, so neither could hold them; Linux uses kvmalloc, which
 * nudge does not have.
 *
 *   pagearray_alloc(a, bytes)      pages enough for bytes, their
 *                                  contents junk (the callers fill
 *                                  them: zeroing a page costs more than
 *                                  a whole poll of one fd)
 *   pagearray_at(a, off)           a pointer to the byte at off
 *   pagearray_copyin/copyout       to and from user memory, page by page
 *   pagearray_read(a, off, p, n)   n bytes at off into p, across pages
 *   pagearray_free(a)              every page, and the list of them
 *
 * An object read through pagearray_at() must not cross a page: the
 * callers keep arrays of objects whose size divides PGSIZE (an 8-byte
 * pollfd, a 64-bit word of a set). Objects that may cross one (a
 * sendmsg's control messages) are read with pagearray_read(). One caller owns a page array; there
 * is no lock. A one-page array points into itself (pages = &one), so a
 * page array stays where pagearray_alloc() made it: never copied.
 */
#include "types.h"
#include "arch/riscv.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "mm/pagearray.h"
#include "lib/string.h"
#include "nudge/errno.h"

int
pagearray_alloc(struct pagearray *a, uint64 bytes)
{
  a->npages = (bytes + PGSIZE - 1) / PGSIZE;
  a->pages = &a->one;
  a->one = 0;
  if(bytes > PAGEARRAY_MAX)
    return -ENOMEM;
  if(a->npages > 1 && (a->pages = kzalloc(a->npages * sizeof(char *))) == 0)
    return -ENOMEM;
  for(int i = 0; i < a->npages; i++){
    if((a->pages[i] = kmalloc(PGSIZE)) == 0){
      pagearray_free(a);
      return -ENOMEM;
    }
  }
  return 0;
}

// Frees what pagearray_alloc() got, also when it failed half-way.
void
pagearray_free(struct pagearray *a)
{
  if(a->pages == 0)
    return;
  for(int i = 0; i < a->npages; i++)
    kfree(a->pages[i]);
  if(a->pages != &a->one)
    kfree(a->pages);
  a->pages = 0;
}

// The piece of the array at off that stays within one page: at most n
// bytes, starting at *k.
static uint64
piece(struct pagearray *a, uint64 off, uint64 n, void **k)
{
  uint64 len = PGSIZE - off % PGSIZE;

  *k = pagearray_at(a, off);
  return len < n ? len : n;
}

// Copies n bytes between the array at off and user address uaddr, in
// pieces that stay within one of its pages: 0 or -EFAULT.
static int
pagearray_copy(struct pagearray *a, uint64 off, struct mm *mm, uint64 uaddr,
               uint64 n, int out)
{
  void *k;

  while(n > 0){
    uint64 len = piece(a, off, n, &k);
    if((out ? copyout(mm, uaddr, k, len) : copyin(mm, k, uaddr, len)) < 0)
      return -EFAULT;
    off += len;
    uaddr += len;
    n -= len;
  }
  return 0;
}

int
pagearray_copyin(struct pagearray *a, uint64 off, struct mm *mm, uint64 src, uint64 n)
{
  return pagearray_copy(a, off, mm, src, n, 0);
}

int
pagearray_copyout(struct pagearray *a, uint64 off, struct mm *mm, uint64 dst, uint64 n)
{
  return pagearray_copy(a, off, mm, dst, n, 1);
}

// Copies n bytes of the array at off to dst: an object that may cross
// a page (a control message's header).
void
pagearray_read(struct pagearray *a, uint64 off, void *dst, uint64 n)
{
  void *k;

  while(n > 0){
    uint64 len = piece(a, off, n, &k);
    memmove(dst, k, len);
    off += len;
    dst = (char *)dst + len;
    n -= len;
  }
}
