/*
 * main(): the supervisor-mode part of boot, entered from start() on every
 * hart. Hart 0 initializes the kernel, in dependency order, and creates
 * the first process; the others wait for it, then turn on paging, traps
 * and device interrupts for themselves. Every hart ends in scheduler().
 *
 * Only hart 0 prints: a late "hart N starting" could land after the
 * shell's first prompt, where the test driver looks for it.
 */
#include "types.h"
#include "param.h"
#include "arch/riscv.h"
#include "arch/trap.h"
#include "proc/proc.h"
#include "mm/page.h"
#include "mm/kmalloc.h"
#include "mm/vm.h"
#include "fs/buf.h"
#include "fs/file.h"
#include "dev/console.h"
#include "dev/plic.h"
#include "dev/virtio_blk.h"
#include "dev/ticker.h"
#include "event/wqtrace.h"
#include "event/eventpoll.h"
#include "event/futex.h"
#include "event/signalfd.h"
#include "proc/pidfd.h"
#include "net/unix.h"
#include "dev/random.h"

// Set by hart 0 when the kernel is ready for the other harts.
static volatile int started = 0;

void
main(void)
{
  if(cpuid() == 0){
    consoleinit();
    printfinit();
    printf("\nnudge kernel is booting\n\n");
    page_init();         // physical pages
    kvminit();           // the kernel page table
    kvminithart();       // paging on
    kmalloc_init();      // small objects
    procinit();          // the process table
    signal_init();       // the signal return page
    trapinit();          // timers
    trapinithart();      // kernel trap vector
    plicinit();          // interrupt controller
    plicinithart();      // this hart's device interrupts
    binit();             // buffer cache
    fileinit();          // file table
    randominit();        // AT_RANDOM's generator
    eventpoll_init();    // epoll's global lock
    futex_init();        // futex's hashed wait queues
    signalfd_init();     // the signalfds' wait queue
    pidfd_init();        // the pidfds' wait queue
    unix_init();         // AF_UNIX sockets' names
    tickerinit();        // the ticker device
    wqtraceinit();       // the wakeup trace device
    virtio_disk_init();  // the disk
    userinit();          // first process; it mounts the file system
    __sync_synchronize();
    started = 1;
  } else {
    while(started == 0)
      ;
    __sync_synchronize();
    kvminithart();
    trapinithart();
    plicinithart();
  }

  scheduler();
}
