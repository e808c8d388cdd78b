/*
 * poweroff(): stops the machine through QEMU virt's test device
 * (sifive_test, at TESTDEV). Writing 0x5555 powers off, QEMU exiting with
 * status 0; writing (code << 16) | 0x3333 makes QEMU exit with status
 * code. Test runs use the exit status to report failure.
 */
#include "types.h"
#include "arch/memlayout.h"
#include "dev/power.h"

#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

void
poweroff(int status)
{
  volatile uint32 *test = (volatile uint32 *)TESTDEV;

  if(status == 0)
    *test = FINISHER_PASS;
  else
    *test = ((uint32)status << 16) | FINISHER_FAIL;
  // QEMU stops at the write; wait here if the device did not.
  for(;;)
    ;
}
