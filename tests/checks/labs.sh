#!/bin/bash
#
# labs.sh: the labs stay true (labs/README.md). For every lab in labs/:
#
#   test lab_NAME_pointers  each "`fn` (file:line)" in its handout points
#                           at the line where fn is defined
#   test lab_NAME_full      this tree gets full marks (one boot, all labs)
#   test lab_NAME_builds    its stubbed checking kernel builds
#                           (make lab-kernel: only the changed files),
#                           and the handout lab-strip wrote for it
#                           points at the stubbed functions' lines
#   test lab_NAME_zero      that kernel boots and gets 0 for the lab's
#                           graded tests, and says "lab NAME: ... not
#                           written yet"
#   test lab_NAME_rest      in the same boot, a sanity subset of the rest
#                           of the kernel still passes (SANITY below)
#
# The user programs and fs.img are this tree's: only the kernel differs.

set -u
cd "$(dirname "$0")/../.." || exit 1

passed=0
failed=0
ok() { echo "test $1: OK"; passed=$((passed + 1)); }
fail() { echo "test $1: FAILED (${*:2})"; failed=$((failed + 1)); }

CPUS=${CPUS:-3}
KERNEL=${NUDGE_KERNEL:-build/kernel-check.elf}
OUT=build/labs
# A stubbed kernel's boot: the sanity commands come first, then the
# lab's cases, which must all fail; some fail only at their time limit,
# so the boot is cut short here, and a case cut short scores 0 too.
STUBBED_TIMEOUT=40
mkdir -p "$OUT"

# What must still work with a lab's functions stubbed: processes, files
# and pipes for every lab, and the event machinery the lab does not touch.
COMMON="usertests fork_pid exec_echo pipe_eof fs_basic"
declare -A SANITY=(
  [wq]="eventfdtest read_resets write_full_eagain"
  [poll]="epolltest lt_eventfd et_eventfd|usertests futex_wake_count thread_ids"
  [eventfd]="polltest pipe_data wake_write|epolltest lt_pipe et_pipe"
  [epoll]="polltest wake_write|eventfdtest read_wakes"
  [nested]="epolltest lt_pipe et_pipe oneshot|polltest wake_write"
  [timerfd]="epolltest lt_pipe|eventfdtest read_wakes"
)

LABS=()
for g in labs/*/grade; do
  LABS+=("$(basename "$(dirname "$g")")")
done

# ---- the handouts' pointers ---------------------------------------------------
# The pointers of handout that do not point where they say (the first
# three), each file read from under dir if it is there, else from here.
misplaced() {
  local handout=$1 dir=$2 fn at file line
  tr '\n' ' ' < "$handout" | grep -o '`[A-Za-z_0-9]*`  *([a-z/_.]*\.[ch]:[0-9]*)' |
    while read -r fn at; do
      fn=${fn//\`/}; at=${at#(}; at=${at%)}
      file=${at%:*}; line=${at#*:}
      [[ -e $dir/$file ]] && file=$dir/$file
      sed -n "${line}p" "$file" 2>/dev/null | grep -q "^$fn(" || echo "$fn at $at"
    done | head -3 | tr '\n' ' '
}
for lab in "${LABS[@]}"; do
  bad=$(misplaced "labs/$lab/README.md" .)
  if [[ -z $bad ]]; then ok "lab_${lab}_pointers"; else fail "lab_${lab}_pointers" "not there: $bad"; fi
done

# ---- this tree: full marks ----------------------------------------------------
NUDGE_KERNEL=$KERNEL tests/grade --quiet --cpus "$CPUS" > "$OUT/full.grade" 2>&1
for lab in "${LABS[@]}"; do
  score=$(sed -En "s/^lab $lab: ([0-9]+\/[0-9]+)$/\1/p" "$OUT/full.grade")
  if [[ -n $score && ${score%/*} == "${score#*/}" ]]; then
    ok "lab_${lab}_full"
  else
    fail "lab_${lab}_full" "${score:-no score}: $(grep -m1 "FAILED" "$OUT/full.grade")"
  fi
done

# ---- each lab's stubbed kernel: zero for the lab, the rest still works -----------
for lab in "${LABS[@]}"; do
  if ! make -s lab-kernel LAB="$lab" > "$OUT/$lab.build" 2>&1; then
    fail "lab_${lab}_builds" "$(grep -m1 -E 'error|lab-strip' "$OUT/$lab.build")"
    continue
  fi
  # The starting tree's handout, its pointers moved to the stubbed files.
  bad=$(misplaced "$OUT/$lab/src/labs/$lab/README.md" "$OUT/$lab/src")
  if [[ -n $bad ]]; then
    fail "lab_${lab}_builds" "the starting tree's handout points wrong: $bad"
    continue
  fi
  ok "lab_${lab}_builds"
  extra=(--extra "$COMMON")
  IFS='|' read -ra more <<< "${SANITY[$lab]:-}"
  for cmd in "${more[@]}"; do
    extra+=(--extra "$cmd")
  done
  # Lab wq's stubs make every wait spin; on one hart the disk's interrupt
  # then seldom gets in, and the boot crawls: give it two.
  cpus=$CPUS
  [[ $lab == wq && $cpus -lt 2 ]] && cpus=2
  NUDGE_KERNEL=$OUT/$lab/kernel-check.elf tests/grade --cpus "$cpus" \
    --timeout "$STUBBED_TIMEOUT" "${extra[@]}" "$lab" \
    > "$OUT/$lab.grade" 2>&1
  score=$(sed -En "s/^lab $lab: ([0-9]+\/[0-9]+)$/\1/p" "$OUT/$lab.grade")
  if [[ ${score%/*} != 0 ]]; then
    fail "lab_${lab}_zero" "the stubs score ${score:-nothing}: $(grep -m1 ': OK (' "$OUT/$lab.grade")"
  elif ! grep -q "^lab $lab: [A-Za-z_0-9]* not written yet" "$OUT/$lab.grade"; then
    fail "lab_${lab}_zero" "no \"lab $lab: ... not written yet\" on the console"
  else
    ok "lab_${lab}_zero"
  fi
  broke=$(grep -m1 -E "^extra .*: FAILED" "$OUT/$lab.grade")
  if [[ -z $broke && $(grep -c "^extra .*: OK" "$OUT/$lab.grade") -eq $(( ${#extra[@]} / 2 )) ]]; then
    ok "lab_${lab}_rest"
  else
    fail "lab_${lab}_rest" "${broke:-not every sanity command ran}"
  fi
done

echo "labs: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
