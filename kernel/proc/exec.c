/*
 * exec: replace the current process's memory with a program from an ELF
 * file, and start it.
 *
 *   execve(path, argv, envp)   argv, envp: kernel copies of the strings,
 *                              each list ended by 0
 *
 * The new address space, from the bottom:
 *
 *   0           page 0, never mapped (NULL faults)
 *   USERBASE    the program's loadable segments
 *               a guard page (mapped, kernel-only: a stack overflow faults)
 *               USERSTACK pages of stack, laid out as Linux's riscv64 ABI
 *               wants it (below; docs/abi.md draws it)
 *   sz          then the heap, grown by brk
 *
 * The stack, from its top down: the path execve ran (AT_EXECFN), the
 * environment strings, the argument strings, 16 random bytes (AT_RANDOM);
 * then, 16-byte aligned at sp, argc, argv[] and 0, envp[] and 0, and the
 * auxiliary vector's (key, value) pairs ended by AT_NULL. The program
 * starts with sp there and a0 0 (no function for atexit, which glibc's
 * _start would register).
 *
 * Everything is built in a new page table; the old one is freed only when
 * nothing can fail any more, so a failed exec returns to the old program.
 */
#include "types.h"
#include "param.h"
#include "arch/memlayout.h"
#include "arch/riscv.h"
#include "proc/proc.h"
#include "mm/vm.h"
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
#define ELF_EM_RISCV  243           // machine
#define ELF_PROG_LOAD 1
#define ELF_PROG_PHDR 6             // where the program headers are loaded

#define ELF_PROG_FLAG_EXEC  1
#define ELF_PROG_FLAG_WRITE 2

static int
flags2perm(uint32 flags)
{
  int perm = 0;

  if(flags & ELF_PROG_FLAG_EXEC)
    perm |= PTE_X;
  if(flags & ELF_PROG_FLAG_WRITE)
    perm |= PTE_W;
  return perm;
}

// Reads sz bytes at file offset off into user memory at va, which is
// already mapped. 0, -ENOEXEC if the file is short, or -EINTR if the
// process is killed meanwhile (a large program loads a page at a time).
static int
loadseg(pagetable_t pt, uint64 va, struct inode *ip, uint off, uint sz)
{
  uint n;
  uint64 pa;

  while(sz > 0){
    if(killed(myproc()))
      return -EINTR;
    pa = walkaddr(pt, PGROUNDDOWN(va));
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

// Checks a loadable segment: inside user memory, with sane sizes. A
// segment may start inside a page; uvmalloc maps whole pages.
static int
segment_ok(struct proghdr *ph)
{
  return ph->memsz >= ph->filesz &&
         ph->vaddr >= USERBASE &&
         ph->vaddr < TRAPFRAME &&
         ph->memsz <= TRAPFRAME - ph->vaddr &&
         ph->off + ph->filesz >= ph->off;
}

/*
 * Loads ip's loadable segments into pt, from USERBASE up. Returns 0 with
 * *szp the top of what was loaded and *phdrp where the program headers
 * are in memory (PT_PHDR's address, else inside the segment that loads
 * them, else 0), or -ENOEXEC (also for a file with no loadable segment)
 * or -ENOMEM; *szp always covers what was mapped, for freeing. Caller
 * holds ip's lock.
 */
static int
load_program(pagetable_t pt, struct inode *ip, struct elfhdr *elf, uint64 *szp,
             uint64 *phdrp)
{
  struct proghdr ph;
  uint64 sz1;
  uint off;
  int i, err, nload = 0;

  *phdrp = 0;
  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      return -ENOEXEC;
    if(ph.type == ELF_PROG_PHDR)
      *phdrp = ph.vaddr;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(!segment_ok(&ph))
      return -ENOEXEC;
    if(*phdrp == 0 && ph.off <= elf->phoff && elf->phoff < ph.off + ph.filesz)
      *phdrp = ph.vaddr + (elf->phoff - ph.off);
    if((sz1 = uvmalloc(pt, *szp, ph.vaddr + ph.memsz, flags2perm(ph.flags))) == 0)
      return -ENOMEM;
    *szp = sz1;
    if((err = loadseg(pt, ph.vaddr, ip, ph.off, ph.filesz)) < 0)
      return err;
    nload++;
  }
  return nload > 0 ? 0 : -ENOEXEC;
}

// Can this header be a program nudge runs: 64-bit little-endian RISC-V,
// an executable at fixed addresses, with program headers of our size?
static int
elf_ok(struct elfhdr *elf)
{
  return elf->magic == ELF_MAGIC && elf->elf[0] == ELF_CLASS64 &&
         elf->elf[1] == ELF_DATA2LSB && elf->type == ELF_ET_EXEC &&
         elf->machine == ELF_EM_RISCV &&
         elf->phentsize == sizeof(struct proghdr);
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
  pagetable_t pt;
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
  if(copyout(st->pt, st->sp, (char *)src, n) < 0)
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
 * Maps the guard page and the stack above sz, and lays out the new
 * program's stack (see the top of this file). Returns 0 with *szp the
 * new top of memory and *spp the user sp, or -ENOMEM or -E2BIG.
 */
static int
setup_stack(pagetable_t pt, struct exec_info *ex, uint64 *szp, uint64 *spp)
{
  // argc, argv[] and 0, envp[] and 0, the auxiliary vector.
  uint64 table[1 + 2 * (MAXARG + 1) + 2 * 16];
  uint64 random[2], at_random, execfn, sz, sz1, *t;
  struct ustack st;
  int argc, envc, n;

  sz = PGROUNDUP(*szp);
  if((sz1 = uvmalloc(pt, sz, sz + (USERSTACK + 1) * PGSIZE, PTE_W)) == 0)
    return -ENOMEM;
  *szp = sz = sz1;
  uvmprotect(pt, sz, sz - (USERSTACK + 1) * PGSIZE, PGSIZE, 0);
  st.pt = pt;
  st.sp = sz;
  st.base = sz - USERSTACK * PGSIZE;

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
  if(copyout(pt, st.sp, (char *)table, n) < 0)
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
  pagetable_t pt = 0, oldpt;
  uint64 sz = USERBASE, oldsz, sp = 0;
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
  ex.entry = elf.entry;
  ex.phnum = elf.phnum;

  err = -ENOMEM;
  if((pt = proc_pagetable(p)) == 0)
    goto bad;
  if((err = load_program(pt, ip, &elf, &sz, &ex.phdr)) < 0)
    goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  if((err = setup_stack(pt, &ex, &sz, &sp)) < 0)
    goto bad;

  // Nothing can fail from here on: switch to the new program.

  for(last = s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  safestrcpy(p->name, last, sizeof(p->name));

  oldpt = p->pagetable;
  oldsz = p->sz;
  p->pagetable = pt;
  p->sz = sz;
  p->heap_base = sz;
  p->trapframe->epc = elf.entry;
  p->trapframe->sp = sp;
  proc_freepagetable(oldpt, oldsz);
  memset(&p->fp, 0, sizeof(p->fp));
  fpu_switch_in(&p->fp);

  acquire(&p->lock);
  p->exec_done = 1;
  release(&p->lock);
  fdtable_cloexec(&p->fdt);
  return 0;

bad:
  if(pt)
    proc_freepagetable(pt, sz);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return err;
}
