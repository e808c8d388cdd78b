# tests/diff/diff.mk: the differential test programs, built for nudge the
# way user programs are (UCFLAGS, the user library, text at 0x1000) into
# $(B)/user/bin/diff_NAME, and listed in DIFFPROGS for fs.img. Included by
# the top-level Makefile after its user-program rules.
#
# A program named in tests/checks/diff.sh's NUDGE_SKIP line is left out:
# it uses system calls nudge does not have yet. fs.img keeps 14-character
# names (DIRSIZ), so a program's name must fit.

DIFFSKIP  := $(shell sed -n 's/^NUDGE_SKIP="\(.*\)"$$/\1/p' \
               tests/checks/diff.sh)
DIFFSRCS  := $(filter-out $(DIFFSKIP:%=tests/diff/%.c), \
               $(wildcard tests/diff/diff_*.c))
DIFFPROGS += $(patsubst tests/diff/%.c,$(B)/user/bin/%,$(DIFFSRCS))
DIFFHDRS  := tests/diff/diff.h tests/diff/diff_epoll.h

$(B)/user/diff/%.o: tests/diff/%.c $(DIFFHDRS) | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -Itests/diff -c -o $@ $<

$(B)/user/bin/diff_%: $(B)/user/diff/diff_%.o $(ULIBOBJS)
	@mkdir -p $(@D)
	$(LD) -z max-page-size=4096 -N -e _start -Ttext 0x1000 -o $@ $^
