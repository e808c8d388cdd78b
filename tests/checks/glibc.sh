#!/bin/bash
#
# glibc.sh: unmodified Linux programs. Each tests/glibc/NAME.c is built
# with riscv64-linux-gnu-gcc -static against Debian's glibc (but for
# pie.c, a freestanding static PIE: tests/glibc/glibc.mk) into
# build/glibc/g_NAME, and the one binary runs twice: on Linux, through
# qemu-riscv64 (the oracle), and on nudge, all in one boot. The outputs
# are compared line by line, and so are the exit statuses, written as
# nudge's shell writes them ("sh: exit N" when N is not 0):
#
#   test glibc/NAME: OK
#   test glibc/NAME: FAILED (line 3: linux "...", nudge "...")
#
# A program that execs runs a riscv64 binary from Linux's side too: that
# needs binfmt_misc to hand it to qemu-riscv64, which tests/binfmt-riscv64
# sets up (as root) if it is not there.

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/glibc
QEMU_TIMEOUT_BASE=60
QEMU_TIMEOUT_PER_PROG=60

passed=0
failed=0
ok() { echo "test $1: OK"; passed=$((passed + 1)); }
fail() { echo "test $1: FAILED (${*:2})"; failed=$((failed + 1)); }

PROGS=()
for src in tests/glibc/*.c; do
  PROGS+=("g_$(basename "$src" .c)")
done

why=$(tests/binfmt-riscv64) || fail "glibc/setup" "$why"

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
