#ifndef ARCH_FPU_H
#define ARCH_FPU_H

/*
 * A process's floating-point registers (the F and D extensions): f0-f31
 * and fcsr. The kernel itself is built without floating point, so a
 * process's values stay in the hart's registers from the moment it runs
 * until it gives the hart up; only a context switch moves them, here:
 *
 *   fpu_switch_out(s)  in sched(), before swtch: saves them if the
 *                      process changed them (sstatus.FS is Dirty), then
 *                      turns the unit off until the next process's load
 *   fpu_switch_in(s)   after swtch (sched's return, forkret): loads them
 *   fpu_sync(s)        saves them now if changed (clone copies s)
 *
 * sstatus.FS is Off (no FP instruction may run), Initial, Clean or Dirty:
 * the hardware sets Dirty when an instruction writes an FP register.
 */
#include "types.h"
#include "arch/riscv.h"

struct fpstate {
  uint64 f[32];
  uint64 fcsr;
};

void fpu_save(struct fpstate *s);       // fpu.S
void fpu_restore(struct fpstate *s);    // fpu.S

static inline void
fpu_set_fs(uint64 fs)
{
  w_sstatus((r_sstatus() & ~SSTATUS_FS) | fs);
}

static inline void
fpu_sync(struct fpstate *s)
{
  if((r_sstatus() & SSTATUS_FS) == SSTATUS_FS_DIRTY){
    fpu_save(s);
    fpu_set_fs(SSTATUS_FS_CLEAN);
  }
}

static inline void
fpu_switch_out(struct fpstate *s)
{
  fpu_sync(s);
  fpu_set_fs(SSTATUS_FS_OFF);
}

static inline void
fpu_switch_in(struct fpstate *s)
{
  fpu_set_fs(SSTATUS_FS_CLEAN);   // the loads need the unit on
  fpu_restore(s);
  fpu_set_fs(SSTATUS_FS_CLEAN);   // and made it Dirty
}

#endif
