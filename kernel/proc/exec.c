/*
 * exec: replace the current process's memory with a program from an ELF
 * file, and start it.
 *
 *   execv(path, argv)   argv: kernel copies of the argument strings, 0-ended
 *
 * The new address space, from the bottom:
 *
 *   0           page 0, never mapped (NULL faults)
 *   USERBASE    the program's loadable segments
 *               a guard page (mapped, kernel-only: a stack overflow faults)
 *               USERSTACK pages of stack: argument strings at the top,
 *               then argv[], 16-byte aligned; sp starts at argv
 *   sz          then the heap, grown by sbrk
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
#include "lib/string.h"
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
#define ELF_PROG_LOAD 1

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
 * *szp the top of what was loaded, or -ENOEXEC (also for a file with no
 * loadable segment) or -ENOMEM; *szp always covers what was mapped, for
 * freeing. Caller holds ip's lock.
 */
static int
load_program(pagetable_t pt, struct inode *ip, struct elfhdr *elf, uint64 *szp)
{
  struct proghdr ph;
  uint64 sz1;
  uint off;
  int i, err, nload = 0;

  for(i = 0, off = elf->phoff; i < elf->phnum; i++, off += sizeof(ph)){
    if(readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
      return -ENOEXEC;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(!segment_ok(&ph))
      return -ENOEXEC;
    if((sz1 = uvmalloc(pt, *szp, ph.vaddr + ph.memsz, flags2perm(ph.flags))) == 0)
      return -ENOMEM;
    *szp = sz1;
    if((err = loadseg(pt, ph.vaddr, ip, ph.off, ph.filesz)) < 0)
      return err;
    nload++;
  }
  return nload > 0 ? 0 : -ENOEXEC;
}

/*
 * Maps the guard page and the stack above sz, and copies the arguments
 * onto the stack. Returns argc with *szp the new top of memory and *spp
 * the user sp (which is also argv), or -ENOMEM, -E2BIG or -EFAULT.
 */
static int
setup_stack(pagetable_t pt, char **argv, uint64 *szp, uint64 *spp)
{
  uint64 ustack[MAXARG + 1];
  uint64 sz, sz1, sp, stackbase;
  int argc;

  sz = PGROUNDUP(*szp);
  if((sz1 = uvmalloc(pt, sz, sz + (USERSTACK + 1) * PGSIZE, PTE_W)) == 0)
    return -ENOMEM;
  *szp = sz = sz1;
  uvmclear(pt, sz - (USERSTACK + 1) * PGSIZE);
  sp = sz;
  stackbase = sp - USERSTACK * PGSIZE;

  for(argc = 0; argv[argc]; argc++){
    if(argc >= MAXARG)
      return -E2BIG;
    sp -= strlen(argv[argc]) + 1;
    sp -= sp % 16;
    if(sp < stackbase)
      return -E2BIG;
    if(copyout(pt, sp, argv[argc], strlen(argv[argc]) + 1) < 0)
      return -EFAULT;
    ustack[argc] = sp;
  }
  ustack[argc] = 0;

  sp -= (argc + 1) * sizeof(uint64);
  sp -= sp % 16;
  if(sp < stackbase)
    return -E2BIG;
  if(copyout(pt, sp, ustack, (argc + 1) * sizeof(uint64)) < 0)
    return -EFAULT;

  *spp = sp;
  return argc;
}

/*
 * Runs the program in file path with arguments argv (kernel strings, the
 * list ended by 0). Returns argc, which becomes the program's a0, or
 * -ENOENT, -EACCES (not a regular file), -ENOEXEC, -E2BIG (more than
 * MAXARG arguments, or more than the stack holds), -ENOMEM or -EFAULT,
 * leaving the calling program as it was.
 */
int
execv(char *path, char **argv)
{
  struct proc *p = myproc();
  struct elfhdr elf;
  struct inode *ip;
  pagetable_t pt = 0, oldpt;
  uint64 sz = USERBASE, oldsz, sp = 0;
  char *s, *last;
  int err, argc;

  if(path[0] == 0)
    return -ENOENT;

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
  if(readi(ip, 0, (uint64)&elf, 0, sizeof(elf)) != sizeof(elf) ||
     elf.magic != ELF_MAGIC)
    goto bad;

  err = -ENOMEM;
  if((pt = proc_pagetable(p)) == 0)
    goto bad;
  if((err = load_program(pt, ip, &elf, &sz)) < 0)
    goto bad;
  iunlockput(ip);
  end_op();
  ip = 0;

  if((argc = setup_stack(pt, argv, &sz, &sp)) < 0){
    err = argc;
    goto bad;
  }

  // Nothing can fail from here on: switch to the new program.

  // main(argc, argv): a0 is syscall()'s return value, argc.
  p->trapframe->a1 = sp;

  for(last = s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  safestrcpy(p->name, last, sizeof(p->name));

  oldpt = p->pagetable;
  oldsz = p->sz;
  p->pagetable = pt;
  p->sz = sz;
  p->trapframe->epc = elf.entry;
  p->trapframe->sp = sp;
  proc_freepagetable(oldpt, oldsz);

  fdtable_cloexec(&p->fdt);
  return argc;

bad:
  if(pt)
    proc_freepagetable(pt, sz);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return err;
}
