#!/bin/bash
#
# glibc.sh: unmodified Linux programs. Each tests/glibc/NAME.c is built
# with riscv64-linux-gnu-gcc -static against Debian's glibc
# (tests/glibc/glibc.mk) into build/glibc/g_NAME, and the one binary runs
# twice: on Linux, through qemu-riscv64 (the oracle), and on nudge, all in
# one boot. The outputs are compared line by line, and so are the exit
# statuses, written as nudge's shell writes them ("sh: exit N" when N is
# not 0):
#
#   test glibc/NAME: OK
#   test glibc/NAME: FAILED (line 3: linux "...", nudge "...")
#
# A program that execs runs a riscv64 binary from Linux's side too: that
# needs binfmt_misc to hand it to qemu-riscv64, which this script sets up
# (as root) if it is not there.

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/glibc
QEMU_TIMEOUT_BASE=60
QEMU_TIMEOUT_PER_PROG=60

passed=0
failed=0
ok() { echo "test $1: OK"; passed=$((passed + 1)); }
fail() { echo "test $1: FAILED (${*:2})"; failed=$((failed + 1)); }

# binfmt_misc: a riscv64 ELF the host kernel is asked to exec goes to
# qemu-riscv64 ("F": the interpreter is opened now, so it works in any
# mount namespace). The magic and mask are the ELF header of a riscv64
# executable, as Debian's qemu-user-binfmt has them.
binfmt_ready() {
  local d=/proc/sys/fs/binfmt_misc
  [[ -e $d/qemu-riscv64 ]] && return 0
  [[ -e $d/register ]] || mount -t binfmt_misc binfmt_misc "$d" 2>/dev/null
  [[ -e $d/register ]] || return 1
  printf '%s' ':qemu-riscv64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xf3\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$(command -v qemu-riscv64)"':F' \
    > "$d/register" 2>/dev/null
  [[ -e $d/qemu-riscv64 ]]
}

PROGS=()
for src in tests/glibc/*.c; do
  PROGS+=("g_$(basename "$src" .c)")
done

if ! command -v qemu-riscv64 >/dev/null; then
  fail "glibc/setup" "no qemu-riscv64 (tests/install-tools installs qemu-user)"
elif ! binfmt_ready; then
  fail "glibc/setup" "cannot register qemu-riscv64 with binfmt_misc (needs root)"
fi

# ---- Linux: each binary under qemu-riscv64 ------------------------------
mkdir -p "$B/linux"
top=$PWD
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
for prog in "${PROGS[@]}"; do
  out="$B/linux/$prog.out"
  if [[ ! -x $B/$prog ]]; then
    fail "glibc/$prog" "$B/$prog missing (is glibc.mk included?)"
    continue
  fi
  # By absolute path: argv[0] is then a path the program's own execs use.
  (cd "$run_dir" && timeout 120 qemu-riscv64 "$top/$B/$prog") > "$out" 2>&1
  status=$?
  [[ $status -ne 0 ]] && echo "sh: exit $status" >> "$out"
done

# ---- nudge: one boot runs every program ------------------------------------
console="$B/nudge.out"
cmds=()
for prog in "${PROGS[@]}"; do
  cmds+=("echo === $prog" "$prog")
done
timeout=$((QEMU_TIMEOUT_BASE + QEMU_TIMEOUT_PER_PROG * ${#PROGS[@]}))
tests/qemu-run --cpus "${CPUS:-3}" --timeout "$timeout" --keep-going \
  "${cmds[@]}" > "$console" 2>&1
boot=$?
if [[ $boot -ge 2 ]]; then
  fail "glibc/boot" "tests/qemu-run exit status $boot:" \
    "$(grep '^qemu-run:' "$console" | tail -1)"
fi

# A program's lines on nudge: after "=== NAME", up to the next prompt,
# without the echo of the command line itself, and without the kernel's
# own reports of a user fault ("pid N NAME: fault: ..."), which Linux
# keeps in its log rather than on the terminal.
section() {
  tr -d '\r' < "$console" | awk -v p="$1" '
    $0 == "=== " p    { on = 1; next }
    on && /^\$ /      { if (seen) exit; seen = 1; next }
    on && /^pid [0-9]+ [^ ]+: (fault|out of memory): scause / { next }
    on'
}

for prog in "${PROGS[@]}"; do
  [[ -f $B/linux/$prog.out ]] || continue
  section "$prog" > "$B/$prog.nudge"
  if cmp -s "$B/linux/$prog.out" "$B/$prog.nudge"; then
    ok "glibc/$prog"
  else
    first=$(diff <(cat -n "$B/linux/$prog.out") <(cat -n "$B/$prog.nudge") |
            grep -m2 '^[<>]' | tr '\t' ' ' | tr '\n' ' ')
    fail "glibc/$prog" "outputs differ: $first"
  fi
done

echo "glibc: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
