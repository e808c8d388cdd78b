#!/bin/bash
#
# diff.sh: the differential tests. Each tests/diff/diff_*.c is built once,
# as Linux builds programs (riscv64-linux-gnu-gcc -static against Debian's
# glibc, tests/diff/diff.mk), into build/diff/diff_NAME, which is also in
# fs.img. The one binary runs on Linux under qemu-riscv64, the oracle, and
# on nudge, all programs in one boot through tests/qemu-run. The outputs
# are compared case by case:
#
#   test diff/PROGRAM/CASE: OK
#   test diff/PROGRAM/CASE: FAILED (linux: ..., nudge: ...)
#
# A case missing on either side fails. A program prints "=== PROGRAM
# begin" first and "=== PROGRAM end" last (tests/diff/diff.h), which is how
# its lines are found in the console stream.
#
# Where qemu-user itself answers a case unlike Linux, the program says so
# (RUN_NATIVE, tests/diff/diff.h): run with DIFF_QEMU_USER set, it prints
# "=== native CASE" instead of the case, and Linux's answer for that case
# comes from the same source built with the host's gcc and run natively.
# docs/testing.md lists these cases and why.
#
#   tests/checks/diff.sh               run both sides and compare
#   tests/checks/diff.sh --linux-only  run Linux's side, print its outputs

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/diff
NATIVE_CFLAGS="-Wall -Werror -O2 -Itests/diff"
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

# Runs a command in a new empty directory, removed after: the programs
# make files where they run.
in_tmp() {
  local dir status
  dir=$(mktemp -d) || return 1
  (cd "$dir" && "$@")
  status=$?
  rm -rf "$dir"
  return $status
}

# The native run of PROGRAM: built with the host's gcc into $B/native and
# run; 1 (and a failure) if it does not build or does not reach its end.
run_native() {
  local prog=$1 bin="$PWD/$B/native/$1"
  mkdir -p "$B/native"
  if ! gcc $NATIVE_CFLAGS -o "$bin" "tests/diff/$prog.c" 2> "$bin.build"; then
    fail "diff/$prog/native" "host gcc: $(grep -m1 'error' "$bin.build")"
    return 1
  fi
  in_tmp timeout 120 "$bin" > "$bin.out" 2>&1
  has_end "$prog" "$bin.out" && return 0
  fail "diff/$prog/native" "no \"=== $prog end\": $(tail -1 "$bin.out")"
  return 1
}

# Linux's answers for PROGRAM: qemu-user's output with each "=== native
# CASE" line replaced by CASE's line from the native run.
with_native() {
  awk 'NR == FNR {
         if (match($0, /^[A-Za-z0-9_]+: /)) {
           c = substr($0, 1, RLENGTH - 2)
           native[c] = native[c] $0 "\n"
         }
         next
       }
       /^=== native / { printf "%s", native[$3]; next }
       { print }' <(section "$1" "$B/native/$1.out") "$B/qemu-user/$1.out"
}

# ---- Linux: every program under qemu-riscv64 -------------------------------
# A program missing or not reaching its end marker on Linux is broken
# itself: that fails whether or not nudge runs it. diff_proc execs itself,
# which needs binfmt_misc to hand a riscv64 binary to qemu-riscv64.
why=$(tests/binfmt-riscv64) || fail "diff/setup" "$why"
mkdir -p "$B/qemu-user" "$B/linux"
linux_ok=()
for prog in "${PROGS[@]}"; do
  bin="$PWD/$B/$prog"
  out="$B/qemu-user/$prog.out"
  rm -f "$out" "$B/linux/$prog.out"
  if [[ ! -x $bin ]]; then
    fail "diff/$prog/linux" "$B/$prog missing (is diff.mk included?)"
    continue
  fi
  # By absolute path: argv[0] is then a path diff_proc's execs can use.
  in_tmp env DIFF_QEMU_USER=1 timeout 120 qemu-riscv64 "$bin" > "$out" 2>&1
  if ! has_end "$prog" "$out"; then
    fail "diff/$prog/linux" \
      "no \"=== $prog end\" under qemu-riscv64: $(tail -1 "$out")"
    continue
  fi
  if grep -q '^=== native ' "$out"; then
    run_native "$prog" || continue
    with_native "$prog" > "$B/linux/$prog.out"
  else
    cp "$out" "$B/linux/$prog.out"
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
