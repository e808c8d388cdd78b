/*
 * Leak checks on memstat(2), shared by the test programs: a run leaked
 * nothing if memstat after it shows the same kernel objects as before.
 * The caller's own pages are counted as free, as they come and go while
 * it runs (its stack and heap grow on first touch).
 */
#include <stdio.h>
#include <nudge.h>

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
