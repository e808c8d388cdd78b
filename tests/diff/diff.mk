# tests/diff/diff.mk: the differential test programs, built for nudge the
# way user programs are (UCFLAGS, the user library, text at 0x1000) into
# $(B)/user/bin/diff_NAME, and listed in DIFFPROGS for fs.img. Included by
# the top-level Makefile after its user-program rules.
# fs.img keeps 14-character names (DIRSIZ), so a program's name must fit.

DIFFPROGS := $(patsubst tests/diff/%.c,$(B)/user/bin/%,$(wildcard tests/diff/diff_*.c))
DIFFHDRS  := tests/diff/diff.h tests/diff/diff_epoll.h

$(B)/user/diff/%.o: tests/diff/%.c $(DIFFHDRS) | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -Itests/diff -c -o $@ $<

$(B)/user/bin/diff_%: $(B)/user/diff/diff_%.o $(ULIBOBJS)
	@mkdir -p $(@D)
	$(ULINK) -o $@ $^
