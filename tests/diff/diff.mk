# tests/diff/diff.mk: the differential test programs, built as Linux
# builds them, with riscv64-linux-gnu-gcc -static against Debian's glibc,
# into $(B)/diff/diff_NAME, and listed in DIFFPROGS for fs.img. The one
# binary runs on Linux under qemu-riscv64 and on nudge
# (tests/checks/diff.sh). Included by the top-level Makefile.
# fs.img keeps 14-character names (DIRSIZ), so a program's name must fit.

DIFFPROGS := $(patsubst tests/diff/%.c,$(B)/diff/%,$(wildcard tests/diff/diff_*.c))
DIFFHDRS  := $(wildcard tests/diff/*.h) tests/glibc/check.h user/include/errname.h

$(B)/diff/diff_%: tests/diff/diff_%.c $(DIFFHDRS) | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) -static -O2 -Wall -Werror -Itests/diff -o $@ $<
