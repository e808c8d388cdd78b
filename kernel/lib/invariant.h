/*
 * Invariant checks, the checking build's way to stop at the first broken
 * rule rather than long after. A mechanism numbers its invariants (epoll's
 * E1, E2, ..., the memory areas' M1, ...) in the comment at the top of its
 * file, and has a function that tests them and returns 0 or the number of
 * the first one broken: ep_check(), ticker_check(), mm_check(). Those are
 * not static, so gdb can call them in any build; a check that wants a
 * lock held asserts it in the checking build (ep_check(): ep->mtx), so
 * there call it from gdb only where that lock is held.
 *
 *   INVARIANTS(check, letter, obj)   after a change to obj: in the checking
 *                                    build (make test boots it), check(obj),
 *                                    and a broken one stops the kernel with
 *                                    its name ("ep_check: E2 broken");
 *                                    in the normal build, nothing
 *   INVARIANTS(check, letter, a, b)  the same, check(a, b): a check of one
 *                                    part of an object
 */
#ifndef LIB_INVARIANT_H
#define LIB_INVARIANT_H

#include "dev/console.h"

static inline void
invariants_hold(char *check, char letter, int broken)
{
  if(broken){
    printf("%s: %c%d broken\n", check, letter, broken);
    panic(check);
  }
}

#ifdef CHECK_INVARIANTS
#define INVARIANTS(check, letter, ...) invariants_hold(#check, (letter), check(__VA_ARGS__))
#else
#define INVARIANTS(check, letter, ...) ((void)0)
#endif

#endif
