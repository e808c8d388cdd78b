/*
 * pie: a static PIE (ELF type ET_DYN, no PT_INTERP) that relocates
 * itself, as glibc's static-pie start-up does. Debian's riscv64 cross
 * glibc has no rcrt1.o, so this one is freestanding: no C library, raw
 * ecalls for write, brk and exit_group, and its own _start (glibc.mk
 * builds it with -fPIE -nostdlib and links it -static -pie
 * --no-dynamic-linker).
 *
 * Linux places it in its mmap region, nudge at ELF_ET_DYN_BASE; either
 * way the program learns where from PC-relative addresses and the
 * auxiliary vector. Until its relocations are applied no pointer stored
 * in data is right, so start() first reaches only the stack and what is
 * addressed PC-relative (__ehdr_start, _DYNAMIC). Then it checks,
 * through pointers that needed relocating and against its own headers,
 * what execve promised (AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY,
 * AT_PAGESZ), and that brk grows the heap. It prints no address, only
 * whether each check holds, so Linux and nudge print the same lines;
 * the exit status is 0 if every check held.
 */
#include <stdint.h>

// elf(5), 64-bit: the file header, a program header, an entry of the
// dynamic section, a relocation with addend.
struct ehdr {
  unsigned char ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct dyn {
  int64_t tag;
  uint64_t val;
};

struct rela {
  uint64_t offset, info;
  int64_t addend;
};

#define ET_DYN    3
#define PT_INTERP 3
#define PT_PHDR   6
#define DT_NULL   0
#define DT_RELA   7
#define DT_RELASZ 8
#define DT_RELAENT 9
#define R_RISCV_RELATIVE 3

#define AT_NULL   0
#define AT_PHDR   3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_ENTRY  9

// Defined by the linker. Hidden: the compiler addresses them PC-relative,
// so they are right before any relocation is applied. In a PIE the ELF
// header is linked at 0, so __ehdr_start's address is the load bias.
extern const struct ehdr __ehdr_start __attribute__((visibility("hidden")));
extern struct dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern char _start[] __attribute__((visibility("hidden")));

// What relocate() met: R_RISCV_RELATIVEs applied, other types skipped.
static int nrelative, nother;

// The entry point: sp holds argc, argv[], 0, envp[], 0, the auxiliary
// vector; start() gets that address.
__asm__(
  ".pushsection .text\n"
  ".globl _start\n"
  ".hidden _start\n"
  "_start:\n"
  "  mv a0, sp\n"
  "  call start\n"
  ".popsection\n");

static long
syscall3(long n, long a0, long a1, long a2)
{
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;

  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7)
                   : "memory");
  return r_a0;
}

#define SYS_write      64
#define SYS_exit_group 94
#define SYS_brk        214

static __attribute__((noreturn)) void
exit_group(int status)
{
  for (;;)
    syscall3(SYS_exit_group, status, 0, 0);
}

/*
 * Applies the program's own relocations: each R_RISCV_RELATIVE word
 * becomes bias + addend. A static PIE has no symbols to look up, so any
 * other type is counted, not applied. Runs before any stored pointer is
 * used, and so uses none.
 */
static void
relocate(uint64_t bias)
{
  uint64_t rela = 0, relasz = 0, relaent = sizeof(struct rela);
  struct dyn *d;
  struct rela *r;

  for (d = _DYNAMIC; d->tag != DT_NULL; d++) {
    if (d->tag == DT_RELA)
      rela = d->val + bias;
    else if (d->tag == DT_RELASZ)
      relasz = d->val;
    else if (d->tag == DT_RELAENT)
      relaent = d->val;
  }
  for (; relasz >= relaent && rela != 0; relasz -= relaent, rela += relaent) {
    r = (struct rela *)rela;
    if ((uint32_t)r->info == R_RISCV_RELATIVE) {
      *(uint64_t *)(bias + r->offset) = bias + r->addend;
      nrelative++;
    } else {
      nother++;
    }
  }
}

static uint64_t
slen(const char *s)
{
  uint64_t n = 0;

  while (s[n])
    n++;
  return n;
}

static void
say(const char *s)
{
  syscall3(SYS_write, 1, (long)s, slen(s));
}

static void
say_num(uint64_t n)
{
  char digits[24];
  int i = sizeof(digits);

  digits[--i] = 0;
  do {
    digits[--i] = '0' + n % 10;
    n /= 10;
  } while (n > 0);
  say(digits + i);
}

static int failures;

// One line, "what: yes" or "what: no"; a no is a failure.
static void
check(const char *what, int ok)
{
  say(what);
  say(ok ? ": yes\n" : ": no\n");
  if (!ok)
    failures++;
}

// Pointers stored in data: each needed an R_RISCV_RELATIVE.
static const char *words[] = { "alpha", "beta", "gamma" };

static int
square(int x)
{
  return x * x;
}

static int
cube(int x)
{
  return x * x * x;
}

struct op {
  const char *name;
  int (*fn)(int);
};

static struct op ops[] = { { "square", square }, { "cube", cube } };

// The compiler knows the tables' contents; reading them through a
// pointer it cannot follow makes it load what relocate() stored.
static void *
opaque(void *p)
{
  __asm__("" : "+r"(p));
  return p;
}

static uint64_t
auxval(uint64_t *auxv, uint64_t key)
{
  for (; auxv[0] != AT_NULL; auxv += 2)
    if (auxv[0] == key)
      return auxv[1];
  return 0;
}

static void
check_tables(void)
{
  const char **w = opaque(words);
  struct op *o = opaque(ops);
  int i;

  say("words:");
  for (i = 0; i < 3; i++) {
    say(" ");
    say(w[i]);
  }
  say("\n");
  for (i = 0; i < 2; i++) {
    say(o[i].name);
    say("(3) = ");
    say_num(o[i].fn(3));
    say("\n");
  }
  check("a function pointer from data is the function", o[1].fn == cube);
}

// What execve put in the auxiliary vector, against the program's own
// headers in memory.
static void
check_auxv(uint64_t *auxv, uint64_t bias)
{
  const struct ehdr *eh = &__ehdr_start;
  const struct phdr *ph = (const struct phdr *)((char *)eh + eh->phoff);
  int i, interp = 0, phdr_ok = 1;

  for (i = 0; i < eh->phnum; i++) {
    interp |= ph[i].type == PT_INTERP;
    if (ph[i].type == PT_PHDR)
      phdr_ok = ph[i].vaddr + bias == auxval(auxv, AT_PHDR);
  }
  check("ELF type is ET_DYN", eh->type == ET_DYN);
  check("no PT_INTERP", !interp);
  check("loaded away from its link address", bias != 0);
  check("load address page-aligned", bias % 4096 == 0);
  check("AT_PHDR is the loaded program headers",
        auxval(auxv, AT_PHDR) == (uint64_t)ph);
  check("a PT_PHDR, if any, is AT_PHDR less the bias", phdr_ok);
  check("AT_PHENT is sizeof(struct phdr)",
        auxval(auxv, AT_PHENT) == sizeof(struct phdr));
  check("AT_PHNUM is e_phnum", auxval(auxv, AT_PHNUM) == eh->phnum);
  check("AT_ENTRY matches _start", auxval(auxv, AT_ENTRY) == (uint64_t)_start);
  check("AT_ENTRY is e_entry plus the bias",
        auxval(auxv, AT_ENTRY) == eh->entry + bias);
  say("AT_PAGESZ ");
  say_num(auxval(auxv, AT_PAGESZ));
  say("\n");
}

// The heap, wherever the kernel starts it: brk grows it, and the new
// memory is zeroed and writable.
static void
check_brk(void)
{
  char *cur = (char *)syscall3(SYS_brk, 0, 0, 0);
  char *end = (char *)syscall3(SYS_brk, (long)(cur + 65536), 0, 0);
  int i, zero = 1;

  check("brk grows the heap by 64 KiB", end == cur + 65536);
  if (end != cur + 65536)
    return;
  for (i = 0; i < 65536; i++) {
    zero &= cur[i] == 0;
    cur[i] = i;
  }
  check("its new memory is zeroed and writable",
        zero && cur[1000] == (char)1000);
}

static int
ends_with(const char *s, const char *suffix)
{
  uint64_t n = slen(s), m = slen(suffix), i;

  if (m > n)
    return 0;
  for (i = 0; i < m; i++)
    if (s[n - m + i] != suffix[i])
      return 0;
  return 1;
}

// Called by _start with the initial stack; never returns.
__attribute__((noreturn, used, visibility("hidden"))) void
start(uint64_t *sp)
{
  uint64_t bias = (uint64_t)&__ehdr_start;
  uint64_t argc = sp[0], *p;

  relocate(bias);
  __asm__ volatile("" ::: "memory");

  say("R_RISCV_RELATIVE relocations applied: ");
  say_num(nrelative);
  say(", others: ");
  say_num(nother);
  say("\n");
  check("argc is 1", argc == 1);
  check("argv[0] ends in g_pie", ends_with((char *)sp[1], "g_pie"));
  for (p = sp + 1 + argc + 1; *p; p++)
    ;
  check_tables();
  check_auxv(p + 1, bias);
  check_brk();
  say(failures ? "pie: some checks failed\n" : "pie: all checks passed\n");
  exit_group(failures ? 1 : 0);
}
