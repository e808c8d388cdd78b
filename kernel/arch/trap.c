/*
 * Traps: system calls, exceptions and device interrupts, from user mode
 * (via trampoline.S) and from the kernel (via kernelvec.S).
 *
 *   trapinit(), trapinithart()   boot
 *   usertrap()      a trap from user mode; uservec jumps here
 *   usertrapret()   return to user mode through userret
 *   kerneltrap()    a trap in the kernel; kernelvec calls it
 *
 * Every hart has its own timer interrupt (Sstc: its own stimecmp), which
 * proc/timer.c programs: at least HZ times a second to preempt, and at
 * each timer's deadline. Device interrupts come through the PLIC, and
 * other harts' TLB shootdowns as software interrupts (arch/ipi.c).
 *
 * A page fault in user mode is first the memory areas' business
 * (mm/area.c): a page not yet touched is brought in and the program goes
 * on. Any other fault is a signal to the thread that caused it, the one
 * Linux would send (SIGSEGV, SIGBUS, SIGILL, SIGTRAP): a handler may
 * catch it; by default the process dies of it. Every trap from user
 * mode ends in do_signal() when a signal waits (proc/signal.c).
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "arch/trap.h"
#include "lock/spinlock.h"
#include "lock/irqoff.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "dev/console.h"
#include "dev/plic.h"
#include "dev/uart.h"
#include "dev/virtio_blk.h"
#include "proc/timer.h"
#include "mm/area.h"
#include "mm/tlb.h"
#include "arch/ipi.h"
#include "nudge/errno.h"
#include "nudge/signal.h"

// In trampoline.S and kernelvec.S.
extern char trampoline[], uservec[], userret[];
void kernelvec(void);

void usertrap(void);
void kerneltrap(void);

// scause values.
#define SCAUSE_INTR       (1L << 63)
#define SCAUSE_S_SOFT     (SCAUSE_INTR | 1)
#define SCAUSE_S_TIMER    (SCAUSE_INTR | 5)
#define SCAUSE_S_EXTERNAL (SCAUSE_INTR | 9)
#define SCAUSE_ECALL_U    8

// A user-mode exception that is not a page brought in: the signal,
// si_code and address Linux's riscv traps.c and fault.c send for it.
struct fault {
  int sig, code;
  uint64 addr;
};

static struct fault
fault_info(uint64 scause, int err)
{
  struct fault f = { SIGSEGV, SEGV_ACCERR, r_sepc() };

  switch(scause){
  case 0: case 4: case 6:       // misaligned fetch, load, store (or AMO)
    f.sig = SIGBUS;
    f.code = BUS_ADRALN;
    break;
  case 2:                       // illegal instruction
    f.sig = SIGILL;
    f.code = ILL_ILLOPC;
    break;
  case 3:                       // breakpoint (ebreak)
    f.sig = SIGTRAP;
    f.code = TRAP_BRKPT;
    break;
  case 12: case 13: case 15:    // page faults: no area, or not this access
    f.code = err == -EFAULT ? SEGV_MAPERR : SEGV_ACCERR;
    f.addr = r_stval();
    break;
  default:                      // access faults
    break;
  }
  return f;
}

// The access a page fault was for, or -1 if scause is not a page fault.
static int
fault_access(uint64 scause)
{
  switch(scause){
  case 12:
    return PTE_X;
  case 13:
    return PTE_R;
  case 15:
    return PTE_W;
  default:
    return -1;
  }
}

/*
 * A user-mode exception: a page brought in, or a signal to the thread,
 * which a handler may catch; out of memory, SIGKILL, as Linux's OOM
 * killer would send. The kernel reports the faults that will end the
 * process (Linux logs them too).
 */
static void
user_fault(struct proc *p)
{
  uint64 scause = r_scause(), stval = r_stval();
  int access = fault_access(scause), err = -EFAULT;
  struct fault f;

  if(access >= 0){
    acquire(&p->mm->lock);
    err = area_fault(p->mm, stval, access);
    release(&p->mm->lock);
    if(err == 0)
      return;
  }
  f = err == -ENOMEM ? (struct fault){ SIGKILL, SI_KERNEL, 0 } : fault_info(scause, err);
  if(force_sig_fault(f.sig, f.code, f.addr))
    printf("pid %d %s: %s: scause 0x%lx sepc 0x%lx stval 0x%lx\n", p->pid,
           p->name, err == -ENOMEM ? "out of memory" : "fault", scause,
           r_sepc(), stval);
}

// devintr()'s answers.
enum { INTR_NONE, INTR_DEVICE, INTR_TIMER };

void
trapinit(void)
{
  timer_init();
}

// Take kernel traps on this hart.
void
trapinithart(void)
{
  w_stvec((uint64)kernelvec);
}

// An external interrupt: ask the PLIC which device, and serve it.
static void
externalintr(void)
{
  int irq = plic_claim();

  if(irq == UART0_IRQ)
    uartintr();
  else if(irq == VIRTIO0_IRQ)
    virtio_disk_intr();
  else if(irq)
    printf("devintr: unexpected interrupt irq=%d\n", irq);

  // Tell the PLIC this device may interrupt again.
  if(irq)
    plic_complete(irq);
}

// If scause says a device or timer interrupt, handle it and say which;
// otherwise INTR_NONE (an exception).
static int
devintr(void)
{
  uint64 scause = r_scause();

  if(scause == SCAUSE_S_EXTERNAL){
    externalintr();
    return INTR_DEVICE;
  }
  if(scause == SCAUSE_S_TIMER)
    return timer_interrupt() ? INTR_TIMER : INTR_DEVICE;
  if(scause == SCAUSE_S_SOFT){
    ipi_intr();
    return INTR_DEVICE;
  }
  return INTR_NONE;
}

void
usertrap(void)
{
  struct proc *p = myproc();
  int which = INTR_NONE;

  if(r_sstatus() & SSTATUS_SPP)
    panic("usertrap: not from user mode");
  irqoff_begin();     // the trap turned interrupts off

  // Before any lock: this hart no longer runs p's memory (mm/tlb.c).
  tlb_user_leave();

  // Traps from here on are the kernel's.
  w_stvec((uint64)kernelvec);

  p->trapframe->epc = r_sepc();
  p->in_syscall = r_scause() == SCAUSE_ECALL_U;

  if(p->in_syscall){
    if(killed(p))
      exit_killed();
    // Return past the ecall.
    p->trapframe->epc += 4;
    // The trap turned interrupts off; sepc and friends are saved now.
    irqoff_end();
    intr_on();
    syscall();
  } else if((which = devintr()) == INTR_NONE){
    user_fault(p);
  }

  if(which == INTR_TIMER)
    yield();

  // Last: signals (a death, a handler's frame, a call restarted).
  if(signal_work(p))
    do_signal();

  usertrapret();
}

// Return to user mode, through userret in the trampoline.
void
usertrapret(void)
{
  struct proc *p = myproc();
  uint64 x;

  // Until sret, a trap would go to uservec while we are in the kernel:
  // keep interrupts off.
  intr_off();
  irqoff_begin();

  w_stvec(TRAMPOLINE + (uservec - trampoline));

  // What uservec needs on the next trap into the kernel.
  p->trapframe->kernel_satp = r_satp();
  p->trapframe->kernel_sp = p->kstack + PGSIZE;
  p->trapframe->kernel_trap = (uint64)usertrap;
  p->trapframe->kernel_hartid = r_tp();

  // This hart runs p's memory in user mode until the next trap.
  tlb_user_enter(p->mm);

  // sret goes to user mode, with interrupts on, at the saved pc.
  x = r_sstatus();
  x &= ~SSTATUS_SPP;
  x |= SSTATUS_SPIE;
  w_sstatus(x);
  w_sepc(p->trapframe->epc);

  // userret is in the trampoline, at the same address in both page
  // tables; its sret turns interrupts on.
  irqoff_end();
  ((void (*)(uint64, uint64))(TRAMPOLINE + (userret - trampoline)))(
    MAKE_SATP(p->mm->pt), p->trapframe_va);
}

// A trap in the kernel, from kernelvec, on the current kernel stack.
void
kerneltrap(void)
{
  uint64 sepc = r_sepc();
  uint64 sstatus = r_sstatus();
  uint64 scause = r_scause();
  int which;

  if((sstatus & SSTATUS_SPP) == 0)
    panic("kerneltrap: not from supervisor mode");
  if(intr_get())
    panic("kerneltrap: interrupts enabled");
  if(sstatus & SSTATUS_SPIE)
    irqoff_begin();   // the trap turned them off; sret turns them back on

  if((which = devintr()) == INTR_NONE){
    printf("scause 0x%lx sepc 0x%lx stval 0x%lx\n", scause, sepc, r_stval());
    panic("kerneltrap: exception in the kernel");
  }

  // A tick ends a process's time slice even in the kernel.
  if(which == INTR_TIMER && myproc() != 0)
    yield();

  // yield() may have trapped again and changed these.
  w_sepc(sepc);
  w_sstatus(sstatus);
  if(sstatus & SSTATUS_SPIE)
    irqoff_end();
}
