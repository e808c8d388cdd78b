# .gdbinit: attaches gdb-multiarch to `make qemu-gdb` (QEMU's gdb server on
# the Makefile's GDBPORT, 26000) with the kernel's symbols. `make gdb` reads
# it; a plain `gdb-multiarch` here reads it only if this directory is on
# gdb's auto-load safe-path (README.md, "Debugging").

# The target is 64-bit RISC-V; say so before gdb talks to it.
set architecture riscv:rv64
# The kernel's symbols and source lines.
file build/kernel.elf
# Connect to QEMU, which waits before the first instruction (-S).
target remote localhost:26000

# uprog NAME: add the symbols of user program NAME, build/user/bin/NAME.
define uprog
  # Load without asking "add symbol table from file ...? (y or n)".
  set confirm off
  # No address given: the sections go where the ELF file says (text at 0x1000).
  add-symbol-file build/user/bin/$arg0
  # Ask again for everything else.
  set confirm on
end
# The text `help uprog` prints.
document uprog
uprog NAME: load the symbols of user program NAME (build/user/bin/NAME),
so breakpoints and backtraces work in it: `uprog sh`, `break sh.c:run_line`.
Every program is linked at 0x1000, so keep one loaded at a time:
`remove-symbol-file -a 0x1000` drops it before loading another.
end
