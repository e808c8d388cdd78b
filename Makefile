# nudge: build, run, test and measure.
#
#   make qemu        build everything and boot to a shell (Ctrl-A X quits)
#   make qemu-gdb    the same, stopped until gdb-multiarch attaches
#   make qemu-check  make qemu on the checking kernel, the one make test boots
#                    (CHECK=1 does the same for qemu, qemu-gdb and gdb)
#   make test        every test; the last line is "N passed, N failed"
#   make bench       instruction counts per operation (-icount); the echo
#                    server's are drawn into docs/diagrams/echo-bench.svg
#   make lab LAB=wq  a student's starting tree for a lab; make grade: points
#   make clean
#
# Everything built lands in build/. CPUS picks the number of harts.

CPUS ?= 3

# ---- toolchain -------------------------------------------------------------
# A missing cross compiler, QEMU or gdb is installed by tests/install-tools.
TOOLPREFIX = riscv64-linux-gnu-
CC      = $(TOOLPREFIX)gcc
LD      = $(TOOLPREFIX)ld
OBJDUMP = $(TOOLPREFIX)objdump
QEMU    = qemu-system-riscv64
HOSTCC  = gcc

B = build

# Integer-only ISA and ABI: the kernel does not save floating-point
# registers, so neither the kernel nor user code may use them.
ARCHFLAGS = -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany

# -mno-relax: no linker relaxation against gp, which the kernel does not set.
# -fno-builtin: gcc must not turn our calls into its own (printf -> puts).
# -MD -MP: each object's header dependencies, and a target for each header,
# so a header that is removed does not stop the next build.
COMMONFLAGS = -Wall -Werror -O -ggdb -gdwarf-4 $(ARCHFLAGS) \
	-ffreestanding -fno-builtin -fno-common -fno-omit-frame-pointer \
	-fno-stack-protector -fno-pie -mno-relax -MD -MP

KCFLAGS = $(COMMONFLAGS) -Ikernel -Iinclude $(KEXTRA)

# User programs see only our libc's headers (user/include) and the ABI,
# plus gcc's own freestanding ones (stdint.h, stdarg.h, stddef.h).
GCCINC = $(shell $(CC) -print-file-name=include 2>/dev/null)
UCFLAGS = $(COMMONFLAGS) -nostdinc -isystem $(GCCINC) -Iuser/include -Iinclude

HOSTCFLAGS = -Wall -Werror -O2 -g -Iinclude -Ikernel

# ---- tools check -------------------------------------------------------------
TOOLS_OK = $(B)/.tools
$(TOOLS_OK):
	@tests/install-tools
	@mkdir -p $(B) && touch $@

# ---- kernel ------------------------------------------------------------------
KSRCS = $(wildcard kernel/*.c kernel/*/*.c)
KASMS = $(wildcard kernel/arch/*.S)
KOBJS = $(patsubst %.c,$(B)/%.o,$(KSRCS)) $(patsubst %.S,$(B)/%.o,$(KASMS))

$(B)/kernel/%.o: kernel/%.c | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel/%.o: kernel/%.S | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel.elf: $(KOBJS) kernel/arch/kernel.ld
	$(LD) -z max-page-size=4096 -T kernel/arch/kernel.ld -o $@ $(KOBJS)
	$(OBJDUMP) -S $@ > $(B)/kernel.asm

# The checking build, which make test boots: the same sources with
# CHECK_INVARIANTS, so structures with numbered invariants (ep_check) are
# checked after every change.
CHECKOBJS = $(patsubst $(B)/%,$(B)/check/%,$(KOBJS))

$(B)/check/kernel/%.o: kernel/%.c | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -DCHECK_INVARIANTS -c -o $@ $<

$(B)/check/kernel/%.o: kernel/%.S | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -DCHECK_INVARIANTS -c -o $@ $<

$(B)/kernel-check.elf: $(CHECKOBJS) kernel/arch/kernel.ld
	$(LD) -z max-page-size=4096 -T kernel/arch/kernel.ld -o $@ $(CHECKOBJS)

# ---- user library and programs -----------------------------------------------
ULIBSRCS = $(wildcard user/lib/*.c) $(wildcard user/lib/*.S)
ULIBOBJS = $(patsubst %,$(B)/%.o,$(basename $(ULIBSRCS)))
UPROGS   = $(patsubst user/%.c,$(B)/user/bin/%,$(wildcard user/*.c))

$(B)/user/%.o: user/%.c | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/%.o: user/%.S | $(TOOLS_OK)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -c -o $@ $<

# Text starts at 0x1000: page 0 stays unmapped, so NULL faults. Text and
# data are separate segments, so text is read-only.
ULINK = $(LD) -z max-page-size=4096 -e _start -Ttext-segment 0x1000

$(B)/user/bin/%: $(B)/user/%.o $(ULIBOBJS)
	@mkdir -p $(@D)
	$(ULINK) -o $@ $^

include tests/diff/diff.mk
include tests/glibc/glibc.mk

# ---- disk image ----------------------------------------------------------------
$(B)/mkfs: mkfs/mkfs.c include/nudge/fs.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ mkfs/mkfs.c

# fs.img holds the programs without their debugging sections, which only
# gdb needs (it reads them from build/).
FSPROGS = $(patsubst $(B)/%,$(B)/fsbin/%,$(UPROGS) $(DIFFPROGS) $(GLIBCPROGS))

$(B)/fsbin/%: $(B)/%
	@mkdir -p $(@D)
	$(TOOLPREFIX)strip --strip-debug -o $@ $<

$(B)/fs.img: $(B)/mkfs README.md $(FSPROGS)
	$(B)/mkfs $@ README.md $(FSPROGS)

all: $(B)/kernel.elf $(B)/fs.img

# ---- running -------------------------------------------------------------------
# CHECK=1 boots the checking kernel (invariants and "Caller holds" checks on),
# the one make test boots; make gdb then loads its symbols.
ifeq ($(CHECK),1)
KERNEL = $(B)/kernel-check.elf
else
KERNEL = $(B)/kernel.elf
endif

QEMUOPTS = -machine virt -bios none -kernel $(KERNEL) -m 512M -smp $(CPUS) \
	-nographic -global virtio-mmio.force-legacy=false \
	-drive file=$(B)/fs.img,if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0

GDBPORT = 26000

qemu: all $(KERNEL)
	$(QEMU) $(QEMUOPTS)

qemu-check:
	$(MAKE) CHECK=1 qemu

qemu-gdb: all $(KERNEL)
	@echo "*** Now run 'make gdb' in another terminal (port $(GDBPORT))." 1>&2
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::$(GDBPORT)

# gdb reads ./.gdbinit itself once this directory is on its auto-load
# safe-path; -x .gdbinit as well would connect twice. .gdbinit loads
# kernel.elf's symbols; with CHECK=1 they are replaced by the checking
# kernel's (-ex runs after .gdbinit; confirm off, or gdb asks first).
GDBCHECK = -ex 'set confirm off' -ex 'file $(KERNEL)' -ex 'set confirm on'
gdb:
	gdb-multiarch -iex 'set auto-load safe-path .' $(if $(filter 1,$(CHECK)),$(GDBCHECK))

# ---- tests and measurements --------------------------------------------------
test: all $(B)/kernel-check.elf
	@CPUS=$(CPUS) NUDGE_KERNEL=$(B)/kernel-check.elf tests/run-tests

bench: all $(B)/kernel-check.elf
	@tests/bench

# The system-call fuzzer (user/fuzz.c, docs/testing.md) on the checking
# kernel: N random calls from seed SEED, after the corpus of known bugs.
# The time limit grows with N; link_max, in the corpus, takes minutes.
SEED ?= 1
N ?= 100000
fuzz: all $(B)/kernel-check.elf
	NUDGE_KERNEL=$(B)/kernel-check.elf tests/qemu-run --cpus $(CPUS) \
	  --timeout $$((600 + $(N) / 500)) 'fuzz -s $(SEED) -n $(N)'

# The stress runs at full length, on 4 harts and the checking kernel:
# tests/glibc/thrstress.c (16 threads, 10^6 futex, epoll and eventfd
# operations), tests/glibc/sigstress.c (10^5 real-time signals to
# threads blocked in system calls) and the echo server
# (user/echoload.c): 1000 connections of 100 messages each, then 10,000
# connections from 4 processes, of 20 messages each with epoll and of
# 10 with poll; nothing lost, no one hung, nothing leaked.
STRESS_OPS ?= 1000000
STRESS_SIGNALS ?= 100000
stress: all $(B)/kernel-check.elf
	NUDGE_KERNEL=$(B)/kernel-check.elf tests/qemu-run --cpus 4 --timeout 1800 \
	  'leakcheck g_thrstress $(STRESS_OPS)' 'leakcheck g_sigstress $(STRESS_SIGNALS)' \
	  'leakcheck echoload -s -c 1000 -m 100 /echo' \
	  'leakcheck echoload -s -c 10000 -m 20 /echo' \
	  'leakcheck echoload -s -p -c 10000 -m 10 /echo'

# ---- labs (labs/README.md) -------------------------------------------------------
# make lab LAB=name [DIR=path]  a student's starting tree: this repository
#                               with the lab's functions stubbed
#                               (tests/lab-strip), in DIR
# make grade [LAB=name]         the lab's graded tests (every lab's without
#                               LAB) on the checking kernel, with points
# make lab-kernel LAB=name      $(B)/labs/name/kernel-check.elf: the stubbed
#                               lab's checking kernel, its changed files
#                               compiled over this tree's objects
#                               (tests/checks/labs.sh)
DIR ?= ../nudge-lab-$(LAB)
LABB = $(B)/labs/$(LAB)

lab:
	@test -n "$(LAB)" || { echo "usage: make lab LAB=name [DIR=path]; labs: $$(ls labs | grep -v md)"; exit 2; }
	@tests/lab-strip $(LAB) $(DIR)

grade: all $(B)/kernel-check.elf
	@NUDGE_KERNEL=$(B)/kernel-check.elf tests/grade --cpus $(CPUS) $(LAB)

lab-kernel: $(CHECKOBJS) kernel/arch/kernel.ld
	@test -n "$(LAB)" || { echo "usage: make lab-kernel LAB=name"; exit 2; }
	@rm -rf $(LABB) && tests/lab-strip --changed $(LAB) $(LABB)/src
	@for c in $$(cd $(LABB)/src && find kernel -name '*.c'); do \
	  mkdir -p $(LABB)/$$(dirname $$c) && \
	  $(CC) $(KCFLAGS) -DCHECK_INVARIANTS -I$(LABB)/src/kernel -MF /dev/null \
	    -c -o $(LABB)/$${c%.c}.o $(LABB)/src/$$c || exit 1; \
	done
	@objs=; for o in $(CHECKOBJS); do l=$(LABB)/$${o#$(B)/check/}; \
	  if [ -e $$l ]; then o=$$l; fi; objs="$$objs $$o"; done; \
	$(LD) -z max-page-size=4096 -T kernel/arch/kernel.ld -o $(LABB)/kernel-check.elf $$objs

clean:
	rm -rf $(B)

.PHONY: all qemu qemu-check qemu-gdb gdb test bench fuzz stress lab grade lab-kernel clean
.DEFAULT_GOAL := all
.SECONDARY:

-include $(shell find $(B) -name '*.d' 2>/dev/null)
