# tests/glibc/glibc.mk: test programs built as Linux builds them, against
# Debian's glibc (riscv64-linux-gnu-gcc -static), unmodified. Each
# tests/glibc/NAME.c becomes $(B)/glibc/g_NAME, which goes into fs.img;
# tests/checks/glibc.sh runs the same binary under qemu-riscv64 (Linux)
# and on nudge and compares the outputs. Included by the top-level
# Makefile. fs.img keeps 14-character names (DIRSIZ). Threads need no
# -pthread: glibc has had them in libc itself since 2.34. check.h holds
# the checks that the asserting programs share.

GLIBCPROGS := $(patsubst tests/glibc/%.c,$(B)/glibc/g_%,$(wildcard tests/glibc/*.c))

$(B)/glibc/g_%: tests/glibc/%.c tests/glibc/check.h | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) -static -O2 -Wall -Werror -o $@ $<

# The one exception, pie.c: a static PIE (ET_DYN without PT_INTERP).
# Debian's riscv64 cross glibc has no rcrt1.o for gcc -static-pie, so
# it is freestanding and relocates itself. It never sets gp, so nothing
# may be relaxed to gp-relative (-mno-relax, --no-relax).
$(B)/glibc/g_pie: tests/glibc/pie.c | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Werror -fPIE -ffreestanding -nostdlib -mno-relax \
		-c -o $@.o $<
	$(LD) -static -pie --no-dynamic-linker --no-relax -o $@ $@.o
