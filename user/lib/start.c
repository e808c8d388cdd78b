/*
 * _start: where every program begins. execve leaves the stack as Linux's
 * riscv64 ABI lays it out (docs/abi.md): argc at sp, then argv[] and a 0,
 * then envp[] and a 0, then the auxiliary vector. _start, in assembly
 * because it must read sp before any C code moves it, passes sp to
 * start_main(), which finds the lists, sets environ, runs main and exits
 * with what main returns. getauxval() reads the auxiliary vector.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/auxv.h>

int main(int argc, char *argv[], char *envp[]);

char **environ;
static unsigned long *auxv;     // (key, value) pairs, AT_NULL last

void __attribute__((noreturn, used))
start_main(long *sp)
{
  int argc = sp[0];
  char **argv = (char **)(sp + 1);

  char **e;

  environ = argv + argc + 1;
  for(e = environ; *e; e++)
    ;
  auxv = (unsigned long *)(e + 1);
  exit(main(argc, argv, environ));
}

// The value execve gave for key, or 0 with errno ENOENT if none.
unsigned long
getauxval(unsigned long key)
{
  for(unsigned long *a = auxv; a[0] != AT_NULL; a += 2)
    if(a[0] == key)
      return a[1];
  errno = ENOENT;
  return 0;
}

asm(".text\n"
    ".global _start\n"
    "_start:\n"
    "  mv a0, sp\n"
    "  call start_main\n");
