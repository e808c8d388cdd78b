/*
 * Leak checks on memstat(2), shared by the test programs: a run leaked
 * nothing if memstat after it shows the same kernel objects as before.
 * The caller's own pages are counted as free, as they come and go while
 * it runs (its stack and heap grow on first touch).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <nudge.h>

#define SETTLE_MS 5000    // how long the processes of a run may take to go

int
memstat_same(const struct memstat *before, const struct memstat *after)
{
  return before->free_pages + before->self_pages ==
           after->free_pages + after->self_pages &&
         before->kmalloc_live == after->kmalloc_live &&
         before->files_live == after->files_live &&
         before->procs_live == after->procs_live;
}

void
memstat_explain(char *buf, size_t n, const struct memstat *before,
                const struct memstat *after)
{
  snprintf(buf, n, "memstat after the run, expected free+own pages %lu "
           "kmalloc_live %lu files_live %lu procs_live %lu, got %lu %lu %lu %lu",
           (unsigned long)(before->free_pages + before->self_pages),
           (unsigned long)before->kmalloc_live,
           (unsigned long)before->files_live, (unsigned long)before->procs_live,
           (unsigned long)(after->free_pages + after->self_pages),
           (unsigned long)after->kmalloc_live,
           (unsigned long)after->files_live, (unsigned long)after->procs_live);
}

int
memstat_settled(const struct memstat *before, char *buf, size_t n)
{
  struct timespec nap = { 0, 20 * 1000000 };
  struct memstat after;
  int ms;

  for (ms = 0; ms < SETTLE_MS; ms += 20) {
    if (memstat(&after) < 0) {
      snprintf(buf, n, "memstat: %s", strerror(errno));
      return -1;
    }
    if (after.procs_live <= before->procs_live)
      break;
    nanosleep(&nap, 0);
  }
  if (memstat_same(before, &after))
    return 0;
  memstat_explain(buf, n, before, &after);
  return -1;
}
