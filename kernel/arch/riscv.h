/*
 * RISC-V machine details: control and status register accessors, the
 * Sv39 page-table format, and interrupt enable/disable.
 *
 * Accessors are named r_<csr>() and w_<csr>(x), as in xv6. CSRs the
 * assembler may not know by name (stimecmp, menvcfg) are written by number.
 */
#ifndef RISCV_H
#define RISCV_H

#ifndef __ASSEMBLER__

#include "types.h"

#define CSR_READ(name)                                          \
  static inline uint64                                          \
  r_##name(void)                                                \
  {                                                             \
    uint64 x;                                                   \
    asm volatile("csrr %0, " #name : "=r" (x));                 \
    return x;                                                   \
  }

#define CSR_WRITE(name)                                         \
  static inline void                                            \
  w_##name(uint64 x)                                            \
  {                                                             \
    asm volatile("csrw " #name ", %0" : : "r" (x));             \
  }

#define CSR_READ_NUM(name, num)                                 \
  static inline uint64                                          \
  r_##name(void)                                                \
  {                                                             \
    uint64 x;                                                   \
    asm volatile("csrr %0, " #num : "=r" (x));                  \
    return x;                                                   \
  }

#define CSR_WRITE_NUM(name, num)                                \
  static inline void                                            \
  w_##name(uint64 x)                                            \
  {                                                             \
    asm volatile("csrw " #num ", %0" : : "r" (x));              \
  }

// Machine mode.
CSR_READ(mhartid)

#define MSTATUS_MPP_MASK (3L << 11)   // previous mode
#define MSTATUS_MPP_M    (3L << 11)
#define MSTATUS_MPP_S    (1L << 11)
#define MSTATUS_MPP_U    (0L << 11)
#define MSTATUS_MIE      (1L << 3)    // machine-mode interrupt enable
CSR_READ(mstatus)
CSR_WRITE(mstatus)

CSR_WRITE(mepc)
CSR_READ(medeleg)
CSR_WRITE(medeleg)
CSR_READ(mideleg)
CSR_WRITE(mideleg)

#define MIE_STIE (1L << 5)            // supervisor timer
#define MIE_MSIE (1L << 3)            // machine software (the CLINT's)
CSR_READ(mie)
CSR_WRITE(mie)

#define MENVCFG_STCE (1L << 63)       // Sstc: S-mode owns stimecmp
CSR_READ_NUM(menvcfg, 0x30a)
CSR_WRITE_NUM(menvcfg, 0x30a)

CSR_READ(mcounteren)
CSR_WRITE(mcounteren)
CSR_WRITE(mscratch)
CSR_WRITE(mtvec)
CSR_WRITE(pmpaddr0)
CSR_WRITE(pmpcfg0)

// Supervisor mode.
#define SSTATUS_FS   (3L << 13)       // the floating-point unit's state:
#define SSTATUS_FS_OFF     (0L << 13)  //   FP instructions trap
#define SSTATUS_FS_INITIAL (1L << 13)
#define SSTATUS_FS_CLEAN   (2L << 13)  //   as last saved or loaded
#define SSTATUS_FS_DIRTY   (3L << 13)  //   changed since
#define SSTATUS_SPP  (1L << 8)        // previous mode: 1 supervisor, 0 user
#define SSTATUS_SPIE (1L << 5)        // supervisor previous interrupt enable
#define SSTATUS_UPIE (1L << 4)
#define SSTATUS_SIE  (1L << 1)        // supervisor interrupt enable
#define SSTATUS_UIE  (1L << 0)
CSR_READ(sstatus)
CSR_WRITE(sstatus)

CSR_READ(sip)
CSR_WRITE(sip)

#define SIE_SEIE (1L << 9)            // external
#define SIE_STIE (1L << 5)            // timer
#define SIE_SSIE (1L << 1)            // software
CSR_READ(sie)
CSR_WRITE(sie)

CSR_READ(sepc)
CSR_WRITE(sepc)
CSR_READ(stvec)
CSR_WRITE(stvec)

CSR_READ_NUM(stimecmp, 0x14d)
CSR_WRITE_NUM(stimecmp, 0x14d)

CSR_READ(scounteren)
CSR_WRITE(scounteren)

// Sv39 in satp's mode field.
#define SATP_SV39 (8L << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)(pagetable)) >> 12))
CSR_READ(satp)
CSR_WRITE(satp)

CSR_READ(scause)
CSR_READ(stval)

// The time counter, readable in S mode once mcounteren.TM is set. On
// QEMU virt it counts at TIMEBASE_HZ (the device tree's timebase-frequency).
#define TIMEBASE_HZ 10000000L
CSR_READ(time)

#undef CSR_READ
#undef CSR_WRITE
#undef CSR_READ_NUM
#undef CSR_WRITE_NUM

// Enable supervisor interrupts on this hart.
static inline void
intr_on(void)
{
  w_sstatus(r_sstatus() | SSTATUS_SIE);
}

// Disable supervisor interrupts on this hart.
static inline void
intr_off(void)
{
  w_sstatus(r_sstatus() & ~SSTATUS_SIE);
}

// Are supervisor interrupts enabled?
static inline int
intr_get(void)
{
  return (r_sstatus() & SSTATUS_SIE) != 0;
}

static inline uint64
r_sp(void)
{
  uint64 x;
  asm volatile("mv %0, sp" : "=r" (x));
  return x;
}

// tp holds this hart's id (cpuid()) in the kernel.
static inline uint64
r_tp(void)
{
  uint64 x;
  asm volatile("mv %0, tp" : "=r" (x));
  return x;
}

static inline void
w_tp(uint64 x)
{
  asm volatile("mv tp, %0" : : "r" (x));
}

static inline uint64
r_ra(void)
{
  uint64 x;
  asm volatile("mv %0, ra" : "=r" (x));
  return x;
}

// Flush the whole TLB.
static inline void
sfence_vma(void)
{
  asm volatile("sfence.vma zero, zero");
}

#endif // __ASSEMBLER__

// Sv39 page tables (PGSIZE and MAXVA are in nudge/param.h).
#include "nudge/param.h"
#define PGSHIFT 12

#define PGROUNDUP(sz)  (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#define PTE_V (1L << 0)   // valid
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)   // user may access

// Physical address <-> page-table entry.
#define PA2PTE(pa) ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

// The three 9-bit page-table indexes in a virtual address.
#define PXMASK 0x1FF
#define PXSHIFT(level) (PGSHIFT + (9 * (level)))
#define PX(level, va) ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)

#endif
