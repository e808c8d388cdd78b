#!/bin/bash
#
# gdb.sh: the gdb check. Boots nudge stopped, with QEMU's gdb server on a
# free port (tests/qemu-run --gdb PORT), running `epdemo` at the shell;
# gdb-multiarch, in batch mode, breaks at ep_poll_callback and takes a
# backtrace, then detaches so the guest runs to the end and halts:
#
#   test gdb/ep_poll_callback_hit: OK     the breakpoint was hit
#   test gdb/backtrace_writer_path: OK    the backtrace runs from the
#        writer's system call to the callback, in this order:
#        ep_poll_callback <- __wake_up[_locked] <- eventfd_write or
#        pipe_write <- ... sys_write <- syscall <- usertrap
#   test gdb/helpers: OK                  .gdbinit's ep_tree, ep_ready and
#        wq_entries work there (epdemo watches 2 files)
#   test gdb/guest_finished: OK           epdemo succeeded and the machine
#        halted (qemu-run exit status 0)
#
# or FAILED (what was seen). docs/gdb-walkthrough.md is the same session
# by hand. Every step has a time limit, and QEMU is killed on the way out.
# CPUS (default 3) and NUDGE_KERNEL (default build/kernel.elf) come from
# the environment, as for tests/qemu-run; gdb loads the kernel QEMU boots.

set -u
cd "$(dirname "$0")/../.." || exit 1

B=build/gdb
KERNEL=${NUDGE_KERNEL:-build/kernel.elf}
QEMU_TIMEOUT=180      # seconds for the whole boot, gdb stops included
LISTEN_WAIT=20        # seconds for QEMU's gdb server to start listening
GDB_TIMEOUT=120       # seconds for the gdb session
PORT_TRIES=5          # ports tried before giving up

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

finish() {
  echo "gdb: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
}

# Is something listening on TCP port $1 (IPv4 or IPv6)? The kernel's
# socket tables show it in hex; state 0A is LISTEN.
listening() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 }
                    END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# The background qemu-run, if it is still running: stopped on the way out.
qpid=
cleanup() {
  if [[ -n $qpid ]] && kill -0 "$qpid" 2>/dev/null; then
    kill "$qpid" 2>/dev/null    # timeout(1) passes it on; qemu-run kills QEMU
    wait "$qpid" 2>/dev/null
  fi
}
trap cleanup EXIT

mkdir -p "$B"
console=$B/console.out
gdbout=$B/gdb.out
cmds=$B/session.gdb
helpers=$B/helpers.gdb
rm -f "$console" "$gdbout"

# ---- boot, stopped, with the gdb server on a free port ------------------------
# A port is tried only if free; QEMU failing to listen on it (taken
# meanwhile) ends qemu-run early, and the next port is tried.
port=
for ((try = 0; try < PORT_TRIES; try++)); do
  p=$((20000 + ($$ * 7 + try * 1009) % 20000))
  listening "$p" && continue
  timeout $((QEMU_TIMEOUT + 30)) tests/qemu-run --cpus "${CPUS:-3}" \
    --timeout "$QEMU_TIMEOUT" --gdb "$p" epdemo > "$console" 2>&1 &
  qpid=$!
  for ((i = 0; i < LISTEN_WAIT * 10; i++)); do
    if listening "$p"; then
      port=$p
      break
    fi
    kill -0 "$qpid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $port ]] && break
  cleanup
  qpid=
done
if [[ -z $port ]]; then
  fail gdb/ep_poll_callback_hit "QEMU's gdb server never listened:" \
    "$(grep -m1 -i 'error\|qemu-run:.*FAILED' "$console")"
  finish
fi
echo "gdb.sh: QEMU waits for gdb on port $port (console in $console)"

# ---- the gdb session --------------------------------------------------------------
# -nx: not ./.gdbinit, which connects to port 26000; its helpers (every
# line from the first `define` on) are sourced separately instead. At the
# breakpoint ep is not computed yet, so the helpers start from `wait`.
sed -n '/^define /,$p' .gdbinit > "$helpers"
cat > "$cmds" <<EOF
set width 0
set confirm off
set architecture riscv:rv64
file $KERNEL
source $helpers
target remote 127.0.0.1:$port
break ep_poll_callback
continue
bt
set \$pwq = (struct eppoll_entry *)((char *)wait - (unsigned long)&((struct eppoll_entry *)0)->wait)
ep_tree \$pwq->base->ep
ep_ready \$pwq->base->ep
wq_entries \$pwq->whead
delete
detach
EOF
timeout "$GDB_TIMEOUT" gdb-multiarch -nx -batch -x "$cmds" > "$gdbout" 2>&1
gdbstatus=$?
sed 's/^/gdb.sh: | /' "$gdbout"

# A gdb that timed out may have left the guest stopped: stop the boot too.
if [[ $gdbstatus -eq 124 ]]; then
  cleanup
  echo "gdb.sh: gdb timed out after ${GDB_TIMEOUT}s"
fi

# ---- what gdb saw -----------------------------------------------------------------
if grep -qE '(^|hit )Breakpoint 1, ep_poll_callback \(' "$gdbout"; then
  ok gdb/ep_poll_callback_hit
else
  fail gdb/ep_poll_callback_hit "no stop at ep_poll_callback; gdb said:" \
    "$(grep -v '^$' "$gdbout" | tail -2 | tr '\n' ' ')"
fi

# The frames' function names, innermost first: "#1  0x... in f (...)".
path=$(sed -nE 's/^#[0-9]+ +(0x[0-9a-f]+ in )?([A-Za-z_0-9?]+) .*/\2/p' "$gdbout" |
  tr '\n' ' ')
want='^ep_poll_callback ([^ ]+ )*(__wake_up_locked|__wake_up) ([^ ]+ )*(eventfd_write|pipe_write) ([^ ]+ )*sys_write ([^ ]+ )*syscall ([^ ]+ )*usertrap '
if [[ $path =~ $want ]]; then
  ok gdb/backtrace_writer_path
else
  fail gdb/backtrace_writer_path "expected ep_poll_callback <- __wake_up[_locked]" \
    "<- eventfd_write|pipe_write <- sys_write <- syscall <- usertrap," \
    "got: ${path:-no backtrace}"
fi

if grep -q ': 2 epitems$' "$gdbout" && grep -q ' on rdllist$' "$gdbout" &&
   grep -q '<ep_poll_callback>$' "$gdbout"; then
  ok gdb/helpers
else
  fail gdb/helpers "expected ep_tree's \"2 epitems\", ep_ready's \"on rdllist\"" \
    "and an ep_poll_callback entry from wq_entries; gdb said:" \
    "$(grep -E 'epitems|rdllist|entr(y|ies)|rror' "$gdbout" | tr '\n' ' ')"
fi

# ---- the guest ran to the end ------------------------------------------------------
if [[ -n $qpid ]]; then
  wait "$qpid"
  qstatus=$?
  qpid=
else
  qstatus="killed (gdb timed out)"
fi
if [[ $qstatus == 0 ]] && grep -q '^epdemo: saw eventfd, then pipe' "$console"; then
  ok gdb/guest_finished
else
  fail gdb/guest_finished "tests/qemu-run status $qstatus;" \
    "$(grep -E '^(epdemo|qemu-run):' "$console" | tail -2 | tr -d '\r' | tr '\n' ' ')"
fi
finish
