#!/bin/bash
#
# native.sh: the guest test programs that use only standard calls
# (polltest, eventfdtest, epolltest) built with the host's gcc and glibc
# and run natively: on Linux, the oracle, every case must pass. One line
# a program, not one a case (the guest run counts those):
#
#   test native/polltest: OK
#   test native/polltest: FAILED (test pipe_eof: FAILED (user/...))
#
# -idirafter: the host's headers answer <poll.h> and <limits.h>, and
# user/include only what they lack, harness.h (docs/testing.md).

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/native
PROGS=(polltest eventfdtest epolltest)
TIMEOUT=300             # seconds a program may run

passed=0
failed=0
ok() { echo "test $1: OK"; passed=$((passed + 1)); }
fail() { echo "test $1: FAILED (${*:2})"; failed=$((failed + 1)); }

mkdir -p "$B"
for prog in "${PROGS[@]}"; do
  if ! err=$(gcc -Wall -Werror -O -idirafter user/include -o "$B/$prog" \
             "user/$prog.c" 2>&1); then
    fail "native/$prog" "does not build: $(echo "$err" | grep -m1 error)"
    continue
  fi
  timeout "$TIMEOUT" "$B/$prog" > "$B/$prog.out" 2>&1
  status=$?
  first=$(grep -m1 -e '^test .*: FAILED' -e 'no test named' "$B/$prog.out")
  if [[ $status -eq 0 && -z $first ]]; then
    ok "native/$prog"
  else
    fail "native/$prog" "exit $status; ${first:-see $B/$prog.out}"
  fi
done

echo "native: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
