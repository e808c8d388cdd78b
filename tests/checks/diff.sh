#!/bin/bash
#
# diff.sh: the differential tests. Each tests/diff/diff_*.c is built with
# the host gcc and run on Linux, the oracle, and built by the Makefile
# (tests/diff/diff.mk) for nudge and run there, all in one boot through
# tests/qemu-run. The outputs are compared case by case:
#
#   test diff/PROGRAM/CASE: OK
#   test diff/PROGRAM/CASE: FAILED (linux: ..., nudge: ...)
#
# A case missing on either side fails. A program prints "=== PROGRAM
# begin" first and "=== PROGRAM end" last (tests/diff/diff.h), which is how
# its lines are found in the console stream.
#
#   tests/checks/diff.sh               run both sides and compare
#   tests/checks/diff.sh --linux-only  build and run on Linux, print outputs

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/diff
CFLAGS="-Wall -Werror -O2 -Itests/diff"
QEMU_TIMEOUT_BASE=60          # seconds to boot and reach the prompt
QEMU_TIMEOUT_PER_PROG=45      # seconds each program may take on nudge

PROGS=()
for src in tests/diff/diff_*.c; do
  PROGS+=("$(basename "$src" .c)")
done

passed=0
failed=0

ok() {
  echo "test $1: OK"
  passed=$((passed + 1))
}

fail() {
  echo "test $1: FAILED (${*:2})"
  failed=$((failed + 1))
}

# The lines between a program's two marker lines in a captured output.
# Console lines may carry a '\r' and, before the begin marker, a prompt.
section() {
  tr -d '\r' < "$2" | awk -v p="$1" '
    $0 ~ "=== " p " begin$" { on = 1; next }
    $0 == "=== " p " end"   { on = 0 }
    on'
}

has_end() {
  tr -d '\r' < "$2" | grep -qx "=== $1 end"
}

# ---- Linux: build and run every program ----------------------------------
# A program that does not build or does not reach its end marker on Linux
# is broken itself: that fails whether or not nudge runs it.
mkdir -p "$B/linux"
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
linux_ok=()
for prog in "${PROGS[@]}"; do
  bin="$PWD/$B/linux/$prog"
  rm -f "$bin.out"
  if ! gcc $CFLAGS -o "$bin" "tests/diff/$prog.c" 2> "$bin.build"; then
    fail "diff/$prog/linux" "host gcc: $(grep -m1 'error' "$bin.build")"
    continue
  fi
  (cd "$run_dir" && timeout 120 "$bin") > "$bin.out" 2>&1
  if ! has_end "$prog" "$bin.out"; then
    fail "diff/$prog/linux" \
      "no \"=== $prog end\" on Linux: $(tail -1 "$bin.out")"
    continue
  fi
  linux_ok+=("$prog")
done

if [[ "${1:-}" == "--linux-only" ]]; then
  for prog in "${linux_ok[@]}"; do
    cat "$B/linux/$prog.out"
  done
  [[ $failed -eq 0 ]]
  exit
fi

# ---- nudge: one boot runs every program ----------------------------------
nudge_progs=("${PROGS[@]}")
if [[ ${#nudge_progs[@]} -eq 0 ]]; then
  echo "diff: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
fi

mkdir -p "$B/nudge"
console="$B/nudge/console.out"
for prog in "${nudge_progs[@]}"; do
  [[ -x build/user/bin/$prog ]] ||
    echo "diff.sh: build/user/bin/$prog missing (is diff.mk included?)" >&2
done
timeout=$((QEMU_TIMEOUT_BASE + QEMU_TIMEOUT_PER_PROG * ${#nudge_progs[@]}))
tests/qemu-run --cpus "${CPUS:-3}" --timeout "$timeout" --keep-going \
  "${nudge_progs[@]}" > "$console" 2>&1
boot=$?

# ---- compare, case by case -------------------------------------------------
# Cases are listed in Linux's order, then any only nudge printed.
compare() {
  local prog=$1 line name
  local -A lin=() nud=() lcount=() ncount=()
  local order=()

  while IFS= read -r line; do
    [[ $line =~ ^([A-Za-z0-9_]+):\ (.*)$ ]] || continue
    name=${BASH_REMATCH[1]}
    [[ -z ${lcount[$name]:-} ]] && order+=("$name")
    lin[$name]=${BASH_REMATCH[2]}
    lcount[$name]=$((${lcount[$name]:-0} + 1))
  done < <(section "$prog" "$B/linux/$prog.out")
  while IFS= read -r line; do
    [[ $line =~ ^([A-Za-z0-9_]+):\ (.*)$ ]] || continue
    name=${BASH_REMATCH[1]}
    [[ -z ${lcount[$name]:-} && -z ${ncount[$name]:-} ]] && order+=("$name")
    nud[$name]=${BASH_REMATCH[2]}
    ncount[$name]=$((${ncount[$name]:-0} + 1))
  done < <(section "$prog" "$console")

  for name in "${order[@]}"; do
    local t="diff/$prog/$name"
    if [[ -z ${lcount[$name]:-} ]]; then
      fail "$t" "linux: missing, nudge: ${nud[$name]}"
    elif [[ -z ${ncount[$name]:-} ]]; then
      fail "$t" "linux: ${lin[$name]}, nudge: missing"
    elif [[ ${lcount[$name]} -ne 1 || ${ncount[$name]} -ne 1 ]]; then
      fail "$t" "printed ${lcount[$name]} times on linux," \
        "${ncount[$name]} on nudge"
    elif [[ "${lin[$name]}" != "${nud[$name]}" ]]; then
      fail "$t" "linux: ${lin[$name]}, nudge: ${nud[$name]}"
    else
      ok "$t"
    fi
  done
  has_end "$prog" "$console" ||
    fail "diff/$prog/end" "nudge output stops before \"=== $prog end\""
}

# qemu-run's status 1 (a program exited non-zero) shows in the cases;
# 2 to 5 mean the boot itself went wrong (tests/qemu-run --help).
if [[ $boot -ge 2 ]]; then
  fail "diff/boot" "tests/qemu-run exit status $boot:" \
    "$(grep '^qemu-run:' "$console" | tail -1)"
fi
for prog in "${nudge_progs[@]}"; do
  [[ " ${linux_ok[*]} " == *" $prog "* ]] && compare "$prog"
done

echo "diff: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
