/*
 * exec: replace the current process's memory with a program from an ELF
 * file, and start it.
 *
 *   execve(path, argv, envp)   argv, envp: kernel copies of the strings,
 *                              each list ended by 0
 *
 * The new memory is a set of areas (mm/area.c; docs/memory.md draws it):
 *
 *   0           page 0, never mapped (NULL faults)
 *   USERBASE    the program's loadable segments, each an area with the
 *               segment's permissions (never both writable and
 *               executable); the file's bytes are read in now, the rest
 *               (.bss) is zero pages that come on first touch. An ET_EXEC
 *               program's segments are at their p_vaddr; a static PIE's
 *               (ET_DYN) are moved up by one bias, ELF_ET_DYN_BASE, and
 *               so are its entry point and AT_PHDR
 *               the heap: brk starts at the end of the last segment
 *   ...         mmap's areas, later
 *   SIGPAGE     the signal return page, read and execute (proc/signal.c)
 *   STACK_TOP   the stack's 8 MiB area ends here; its top pages hold what
 *               the program starts with, laid out as Linux's riscv64 ABI
 *               wants it (below)
 *
 * The stack, from its top down: the path execve ran (AT_EXECFN), the
 * environment strings, the argument strings, 16 random bytes (AT_RANDOM);
 * then, 16-byte aligned at sp, argc, argv[] and 0, envp[] and 0, and the
 * auxiliary vector's (key, value) pairs ended by AT_NULL. The program
 * starts with sp there and a0 0 (no function for atexit, which glibc's
 * _start would register).
 *
 * Everything is built in a new struct mm; the old one is freed only when
 * nothing can fail any more, so a failed exec returns to the old program.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "proc/proc.h"
#include "mm/vm.h"
#include "mm/area.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "dev/random.h"
#include "lib/string.h"
#include "nudge/auxvec.h"
#include "nudge/errno.h"

// The ELF file header, 64-bit (elf(5)).
struct elfhdr {
  uint32 magic;           // ELF_MAGIC
  uint8  elf[12];
  uint16 type;
  uint16 machine;
  uint32 version;
  uint64 entry;
  uint64 phoff;
  uint64 shoff;
  uint32 flags;
  uint16 ehsize;
  uint16 phentsize;
  uint16 phnum;
  uint16 shentsize;
  uint16 shnum;
  uint16 shstrndx;
};

// A program header: one segment.
struct proghdr {
  uint32 type;
  uint32 flags;
  uint64 off;
  uint64 vaddr;
  uint64 paddr;
  uint64 filesz;
  uint64 memsz;
  uint64 align;
};

#define ELF_MAGIC     0x464C457FU   // "\x7FELF", little-endian
#define ELF_CLASS64   2             // elf[0], e_ident[EI_CLASS]
#define ELF_DATA2LSB  1             // elf[1], e_ident[EI_DATA]: little-endian
#define ELF_ET_EXEC   2             // type: an executable at fixed addresses
#define ELF_ET_DYN    3             // type: position-independent (a static PIE)
#define ELF_EM_RISCV  243           // machine
#define ELF_PROG_LOAD 1
#define ELF_PROG_INTERP 3           // the dynamic loader the program needs
#define ELF_PROG_PHDR 6             // where the program headers are loaded
#define ELF_PROG_GNU_STACK 0x6474e551   // the stack's permissions

#define ELF_PROG_FLAG_EXEC  1
#define ELF_PROG_FLAG_WRITE 2
#define ELF_PROG_FLAG_READ  4

// A segment's page permissions. Writable and executable at once is
// refused (-1): no page of a program is both.
static int
flags2perm(uint32 flags)
{
  int perm = 0;

  if(flags & ELF_PROG_FLAG_READ)
    perm |= PTE_R;
  if(flags & ELF_PROG_FLAG_EXEC)
    perm |= PTE_X;
  if(flags & ELF_PROG_FLAG_WRITE)
    perm |= PTE_R | PTE_W;
  return (perm & PTE_W) && (perm & PTE_X) ? -1 : perm;
}

// Reads sz bytes at file offset off into mm's memory at va, bringing in
// the pages. 0, -ENOEXEC if the file is short, -ENOMEM, or -EINTR if the
// process is killed meanwhile (a large program loads a page at a time).
static int
loadseg(struct mm *mm, uint64 va, struct inode *ip, uint off, uint sz)
{
  uint n;
  uint64 pa;

  while(sz > 0){
    if(killed(myproc()))
      return -EINTR;
    acquire(&mm->lock);
    if(area_fault(mm, va, 0) == -ENOMEM){
      release(&mm->lock);
      return -ENOMEM;
    }
    pa = walkaddr(mm->pt, PGROUNDDOWN(va));
    release(&mm->lock);
    n = PGSIZE - va % PGSIZE;
    if(n > sz)
      n = sz;
    if(pa == 0 || readi(ip, 0, pa + va % PGSIZE, off, n) != n)
      return -ENOEXEC;
    va += n;
    off += n;
    sz -= n;
  }
  return 0;
}

// A new private area [start, end) with permissions perm in mm, which
// only exec knows yet (the lock is for area.c's rule). 0, -EEXIST if
// an area is there already, or -ENOMEM.
static int
map_new(struct mm *mm, uint64 start, uint64 end, int perm)
{
  int err = -EEXIST;

  acquire(&mm->lock);
  if(area_range_free(mm, start, end))
    err = area_map(mm, start, end, perm, AREA_PRIVATE);
  release(&mm->lock);
  return err;
}

// Checks a loadable segment, to be placed bias bytes above its p_vaddr:
// inside user memory, with sane sizes. A segment may start inside a
// page; its area covers whole pages.
static int
segment_ok(struct proghdr *ph, uint64 bias)
{
  return ph->memsz >= ph->filesz &&
         ph->vaddr < MMAP_TOP - bias &&
         ph->vaddr + bias >= USERBASE &&
         ph->memsz <= MMAP_TOP - bias - ph->vaddr &&
         ph->off + ph->filesz >= ph->off;
}

/*
 * Makes an area for each of ip's loadable segments, bias bytes above its
 * p_vaddr, and reads the file's part of it in. Returns 0 with *phdrp
 * where the program headers are in memory (PT_PHDR's address, else
 * inside the segment that loads them, else 0; the bias included), or
 * -ENOEXEC (a PT_INTERP: nudge has no dynamic loader; no loadable
 * segment, segments that overlap, a segment both writable and
 * executable, a PT_GNU_STACK asking for an executable stack) or -ENOMEM.
 * mm's heap starts after the last segment. Caller holds ip's lock.
 */
static int
load_program(struct mm *mm, struct inode *ip, struct elfhdr *elf,
             uint64 bias, uint64 *phdrp)
{
  struct proghdr ph;
  uint64 start, end;
  uint off;
  int i, err, perm, nload = 0;

  assert_held_sleep(&ip->lock);
  *phdrp = 0;
  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      return -ENOEXEC;
    if(ph.type == ELF_PROG_INTERP)
      return -ENOEXEC;
    if(ph.type == ELF_PROG_PHDR)
      *phdrp = ph.vaddr + bias;
    if(ph.type == ELF_PROG_GNU_STACK && (ph.flags & ELF_PROG_FLAG_EXEC))
      return -ENOEXEC;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(!segment_ok(&ph, bias) || (perm = flags2perm(ph.flags)) < 0)
      return -ENOEXEC;
    ph.vaddr += bias;
    if(*phdrp == 0 && ph.off <= elf->phoff && elf->phoff < ph.off + ph.filesz)
      *phdrp = ph.vaddr + (elf->phoff - ph.off);
    start = PGROUNDDOWN(ph.vaddr);
    end = PGROUNDUP(ph.vaddr + ph.memsz);
    if((err = map_new(mm, start, end, perm)) == -EEXIST)
      return -ENOEXEC;
    if(err < 0 || (err = loadseg(mm, ph.vaddr, ip, ph.off, ph.filesz)) < 0)
      return err;
    if(end > mm->heap_base)
      mm->heap_base = mm->brk = end;
    nload++;
  }
  return nload > 0 ? 0 : -ENOEXEC;
}

// Can this header be a program nudge runs: 64-bit little-endian RISC-V,
// an executable at fixed addresses or a position-independent one, with
// program headers of our size?
static int
elf_ok(struct elfhdr *elf)
{
  return elf->magic == ELF_MAGIC && elf->elf[0] == ELF_CLASS64 &&
         elf->elf[1] == ELF_DATA2LSB &&
         (elf->type == ELF_ET_EXEC || elf->type == ELF_ET_DYN) &&
         elf->machine == ELF_EM_RISCV &&
         elf->phentsize == sizeof(struct proghdr);
}

// How far above its link addresses the program is placed: a static PIE
// (ET_DYN) at ELF_ET_DYN_BASE, as one block; an ET_EXEC where it says.
// No randomization, so a program lands at the same addresses every time.
static uint64
load_bias(struct elfhdr *elf)
{
  return elf->type == ELF_ET_DYN ? ELF_ET_DYN_BASE : 0;
}

// The ISA letters a user program may use (AT_HWCAP): I, M, A, F, D and
// C, those of QEMU's virt machine that Linux reports.
#define HWCAP_LETTER(c) (1UL << ((c) - 'a'))
#define USER_HWCAP (HWCAP_LETTER('i') | HWCAP_LETTER('m') | \
                    HWCAP_LETTER('a') | HWCAP_LETTER('f') | \
                    HWCAP_LETTER('d') | HWCAP_LETTER('c'))

// What the new program's stack needs from execve.
struct exec_info {
  char *path;             // AT_EXECFN
  char **argv, **envp;
  uint64 entry;           // AT_ENTRY
  uint64 phdr;            // AT_PHDR
  int phnum;              // AT_PHNUM
};

// The stack being built, from the top down: sp moves down to base.
struct ustack {
  struct mm *mm;
  uint64 sp;
  uint64 base;
};

// Pushes n bytes of src: their address, or 0 if the stack is full
// (-E2BIG for the caller) or the copy failed.
static uint64
push(struct ustack *st, const void *src, uint64 n)
{
  if(st->sp - st->base < n)
    return 0;
  st->sp -= n;
  if(copyout(st->mm, st->sp, (char *)src, n) < 0)
    return 0;
  return st->sp;
}

// Pushes the strings of list (0-ended), last first, and stores their
// addresses in addrs, then a 0. Returns how many, or -E2BIG.
static int
push_strings(struct ustack *st, char **list, uint64 *addrs)
{
  int n, i;

  for(n = 0; list[n]; n++)
    ;
  addrs[n] = 0;
  for(i = n - 1; i >= 0; i--)
    if((addrs[i] = push(st, list[i], strlen(list[i]) + 1)) == 0)
      return -E2BIG;
  return n;
}

/*
 * Makes the stack's area and lays out the new program's stack in it (see
 * the top of this file), at most a quarter of the area, as Linux limits
 * arguments and environment to a quarter of RLIMIT_STACK. Returns 0 with
 * *spp the user sp, or -ENOMEM or -E2BIG.
 */
static int
setup_stack(struct mm *mm, struct exec_info *ex, uint64 *spp)
{
  // argc, argv[] and 0, envp[] and 0, the auxiliary vector.
  uint64 table[1 + 2 * (MAXARG + 1) + 2 * 16];
  uint64 random[2], at_random, execfn, *t;
  struct ustack st;
  int argc, envc, n;

  if(map_new(mm, STACK_TOP - STACK_SIZE, STACK_TOP, PTE_R | PTE_W) < 0)
    return -ENOMEM;
  st.mm = mm;
  st.sp = STACK_TOP;
  st.base = STACK_TOP - STACK_SIZE / 4;

  random_bytes(random, sizeof(random));
  if((execfn = push(&st, ex->path, strlen(ex->path) + 1)) == 0)
    return -E2BIG;
  if((envc = push_strings(&st, ex->envp, table + 1 + MAXARG + 1)) < 0 ||
     (argc = push_strings(&st, ex->argv, table + 1)) < 0)
    return -E2BIG;
  // The lists were fetched with room for MAXARG each; close the gap.
  memmove(table + 1 + argc + 1, table + 1 + MAXARG + 1,
          (envc + 1) * sizeof(uint64));
  if((at_random = push(&st, random, sizeof(random))) == 0)
    return -E2BIG;

  t = table;
  *t++ = argc;
  t += argc + 1 + envc + 1;
#define AUX(key, value) (*t++ = (key), *t++ = (value))
  AUX(AT_PHDR, ex->phdr);
  AUX(AT_PHENT, sizeof(struct proghdr));
  AUX(AT_PHNUM, ex->phnum);
  AUX(AT_PAGESZ, PGSIZE);
  AUX(AT_ENTRY, ex->entry);
  AUX(AT_UID, 0);
  AUX(AT_EUID, 0);
  AUX(AT_GID, 0);
  AUX(AT_EGID, 0);
  AUX(AT_HWCAP, USER_HWCAP);
  AUX(AT_CLKTCK, HZ);
  AUX(AT_SECURE, 0);
  AUX(AT_RANDOM, at_random);
  AUX(AT_EXECFN, execfn);
  AUX(AT_NULL, 0);
#undef AUX
  n = (t - table) * sizeof(uint64);
  if(st.sp - st.base < n + 16)
    return -E2BIG;
  st.sp = (st.sp - n) & ~15UL;
  if(copyout(mm, st.sp, (char *)table, n) < 0)
    return -E2BIG;
  *spp = st.sp;
  return 0;
}

/*
 * Runs the program in file path with arguments argv and environment envp
 * (kernel strings, each list ended by 0). Returns 0, which becomes the
 * new program's a0, or -ENOENT, -EACCES (not a regular file), -ENOEXEC,
 * -E2BIG (more than MAXARG arguments, or more than the stack holds) or
 * -ENOMEM, leaving the calling program as it was. An empty argv is
 * given one empty string, as Linux gives it.
 */
int
execve(char *path, char **argv, char **envp)
{
  static char *empty_argv[] = { "", 0 };
  struct proc *p = myproc();
  struct exec_info ex = { path, argv, envp, 0, 0, 0 };
  struct elfhdr elf;
  struct inode *ip;
  struct mm *mm = 0;
  uint64 sp = 0, bias;
  char *s, *last;
  int err;

  if(path[0] == 0)
    return -ENOENT;
  if(argv[0] == 0)
    ex.argv = empty_argv;

  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -ENOENT;
  }
  ilock(ip);

  err = -EACCES;
  if(ip->type != T_FILE)
    goto bad;
  err = -ENOEXEC;
  if(readi(ip, 0, (uint64)&elf, 0, sizeof(elf)) != sizeof(elf) || !elf_ok(&elf))
    goto bad;
  bias = load_bias(&elf);
  ex.entry = elf.entry + bias;
  ex.phnum = elf.phnum;

  err = -ENOMEM;
  if((mm = mm_alloc()) == 0)
    goto bad;
  if((err = load_program(mm, ip, &elf, bias, &ex.phdr)) < 0)
    goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  if((err = setup_stack(mm, &ex, &sp)) < 0)
    goto bad;
  acquire(&mm->lock);
  err = area_map_sigpage(mm);
  release(&mm->lock);
  if(err < 0)
    goto bad;
  // The process's other threads end first; then it has only this one,
  // and its fd table is no one else's (only threads share one).
  if((err = proc_exec_alone()) < 0)
    goto bad;
  // Closing the close-on-exec fds cannot be undone: first an fd table of
  // its own (a copy only if shared, which it is not now), then the new
  // memory, the one step left that can fail, and then the closes.
  if((err = files_unshare(p)) < 0)
    goto bad;
  if((err = proc_switch_mm(p, mm)) < 0)
    goto bad;
  files_close_on_exec(p->files);

  // Nothing can fail from here on: the new program runs.

  for(last = s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  safestrcpy(p->name, last, sizeof(p->name));

  signal_exec(p);
  p->trapframe->epc = ex.entry;
  p->trapframe->sp = sp;
  memset(&p->fp, 0, sizeof(p->fp));
  fpu_switch_in(&p->fp);

  acquire(&p->lock);
  p->exec_done = 1;
  release(&p->lock);
  return 0;

bad:
  if(mm)
    mm_put(mm);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return err;
}
