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
