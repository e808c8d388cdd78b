#ifndef FUTEX_H
#define FUTEX_H

#include "types.h"

struct mm;
struct wait_queue_entry;

/*
 * What names a futex word: two keys are equal exactly when they name the
 * same word (futex.c's top comment says which key a word has). A key
 * is only compared, never followed: obj is not kept alive by it.
 */
struct futex_key {
  void *obj;      // the struct mm, or the shared area's struct shmem
  uint64 off;     // the user address in mm, or the byte offset in shmem
  int kind;       // FUTEX_KEY_*
};

#define FUTEX_KEY_PRIVATE 1   // FUTEX_PRIVATE_FLAG: (mm, address)
#define FUTEX_KEY_MM      2   // shared futex in a private area: (mm, address)
#define FUTEX_KEY_SHMEM   3   // shared futex in a shared area: (shmem, offset)

void futex_init(void);
// Wakes one shared-futex waiter on the word at uaddr of mm, as Linux's
// exit does for CLONE_CHILD_CLEARTID: the number woken (0 or 1), or
// -EINVAL or -EFAULT. The caller holds no lock (not mm->lock).
int  futex_wake_addr(struct mm *mm, uint64 uaddr);
// The callback of a waiter's entry on its bucket (named by event/wqtrace.c).
int  futex_wake_function(struct wait_queue_entry *e, void *arg);

#endif
