#!/bin/sh
# hang_case.sh BIN DIR WORKDIR CASE [SANITIZE] - the wall-clock watchdog of driver runs
# (harness/cli/watchdog.h) on the planted drivers test_hang_spin (send
# spins on a plain variable) and test_hang_block (recv blocks in a real
# pthread_cond_wait): each verb ends within a bounded time with a `hang`
# failure, exit 1, the stuck function's stack.  Exits 0 if the case holds.
# SANITIZE (none, asan, tsan: the build's SF_SANITIZE): TSan delivers a
# signal only at the thread's next interceptor, so a pure spin gets no
# stack there: the parent's SIGKILL ends it, and the report says so.
set -u
BIN=$1 DIR=$2 WORK=$3 CASE=$4 SAN=${5:-none}
W=$WORK/hang_$CASE
rm -rf "$W" && mkdir -p "$W" || exit 1
HANG=1000  # --hang-timeout (ms) of these tests
GRACE=3000 # CLI_HANG_GRACE_MS: the parent's SIGKILL comes after it

fail() { echo "FAIL(hang_$CASE): $*" >&2; exit 1; }
ms() { date +%s%3N; }

# expect STATUS REGEX LIMIT_MS CMD...: runs CMD, checks its exit status,
# that stdout+stderr matches REGEX, and that it took at most LIMIT_MS.
expect() {
    want=$1 re=$2 limit=$3
    shift 3
    t0=$(ms)
    "$@" >"$W/out" 2>&1
    got=$? took=$(($(ms) - t0))
    [ "$got" = "$want" ] || { cat "$W/out" >&2; fail "'$*' exited $got, want $want"; }
    grep -Eq -- "$re" "$W/out" || { cat "$W/out" >&2; fail "'$*' output lacks /$re/"; }
    [ "$took" -le "$limit" ] || { cat "$W/out" >&2; fail "'$*' took $took ms > $limit ms"; }
    echo "ok: $took ms: $*"
}

# has TEXT...: the last output contains every TEXT (fixed strings).
has() {
    for t in "$@"; do
        grep -Fq -- "$t" "$W/out" || { cat "$W/out" >&2; fail "output lacks '$t'"; }
    done
}

# has_re REGEX: the last output matches the extended regular expression.
has_re() {
    grep -Eq -- "$1" "$W/out" || { cat "$W/out" >&2; fail "output lacks /$1/"; }
}

# a forked run ends at HANG by the child's timer; allow the grace and the
# start-up of a sanitizer build on top
LIMIT=$((HANG + GRACE + 2000))
case $CASE in
run)
    for impl in test_hang_spin test_hang_block; do
        fn=planted_hang_spin_send
        [ $impl = test_hang_block ] && fn=planted_hang_block_recv
        expect 1 "FAIL hang" $LIMIT "$BIN" run --hang-timeout $HANG --impl $impl "$DIR/hang.sched"
        if [ $SAN = tsan ] && [ $impl = test_hang_spin ]; then
            has "it was killed (SIGKILL) without its stack" "SCOPEFUZZ-SIGNATURE: hang"
        else
            has "scopefuzz: hang: the run did not end within --hang-timeout ($HANG ms)" \
                "$fn" "SCOPEFUZZ-SIGNATURE: hang"
        fi
        # the case's `expect fail hang` is what the run gives
        expect 0 "expected failure hang reproduced" $LIMIT \
            "$BIN" run --check --hang-timeout $HANG --impl $impl "$DIR/hang.sched"
    done
    expect 2 "--hang-timeout: '0' is not a number" 1000 \
        "$BIN" run --hang-timeout 0 "$DIR/hang.sched"
    expect 2 "--hang-timeout: 'x' is not a number" 1000 \
        "$BIN" explore --hang-timeout x --runs 1 ;;
repro)
    expect 1 "result: FAIL hang" $LIMIT "$BIN" repro --hang-timeout $HANG "$DIR/hang.sched"
    if [ $SAN = tsan ]; then # the spin was killed: no trace, no stack
        has "it was killed (SIGKILL) without its stack"
    else # the stuck task and its op are marked (the step is the runtime's)
        has_re ">>> stuck at step [0-9]+: t0 \(in \`send c0\`\) never returned to the runtime <<<"
        has "the wall-clock watchdog stopped the run (below)" \
            "==== watchdog report (the stuck task's stack) ====" "planted_hang_spin_send"
    fi
    expect 1 "result: FAIL hang" $LIMIT \
        "$BIN" repro --hang-timeout $HANG --impl test_hang_block "$DIR/hang.sched"
    has_re ">>> stuck at step [0-9]+: t1 \(in \`recv c0\`\) never returned to the runtime <<<"
    has "planted_hang_block_recv" ;;
explore)
    # the first hang ends explore: summary, case written, within
    # --seconds + the watchdog (seed 2: its programs hang before one sends
    # on a closed channel, test_hang_spin's other planted bug, close:send)
    for impl in test_hang_spin test_hang_block; do
        expect 1 "explore: $impl, [0-9]+ runs, 1 failures" $((2000 + LIMIT)) \
            "$BIN" explore --impl $impl --target mixed --strategy random --seconds 2 \
                --seed 2 --hang-timeout $HANG -o "$W"
        has "FAIL hang: program "
        f=$(ls "$W"/$impl-hang-*.sched) || fail "no case written"
        expect 1 "FAIL hang" $LIMIT "$BIN" run --hang-timeout $HANG "$f"
    done ;;
explore_keep_going)
    # hangs do not stop --keep-going; --seconds holds within the watchdog
    expect 1 "explore: [0-9]+ x hang \(first case written, the others counted\)" \
        $((2000 + LIMIT)) "$BIN" explore --impl test_hang_block --seconds 2 \
        --hang-timeout 300 --keep-going -o "$W"
    has "explore: test_hang_block, " "explore: 1 case(s) written" ;;
minimize)
    # candidates of a `hang` failure run in forked children, each bounded
    expect 1 "signature hang; 1-minimal; runs in forked children" 60000 \
        "$BIN" minimize --hang-timeout 300 "$DIR/hang.sched" -o "$W/min.sched"
    grep -q "^  send c0" "$W/min.sched" || { cat "$W/min.sched" >&2; fail "the send is gone"; }
    expect 1 "FAIL hang" $LIMIT "$BIN" run --hang-timeout $HANG "$W/min.sched" ;;
minimize_inprocess)
    # an oracle failure (close:send) minimizes in-process; the candidate
    # without the close spins: the CLI reports it and starts again with
    # --fork, and the minimization ends as usual
    # (TSan builds fork every candidate: TSan would hold the signal back)
    expect 1 "signature close:send; 1-minimal; runs in forked children" 60000 \
        "$BIN" minimize --hang-timeout 300 "$DIR/hang_close.sched" -o "$W/min.sched"
    [ "$SAN" = tsan ] || has "scopefuzz: hang: the run did not end within --hang-timeout (300 ms)" \
        "scopefuzz: minimize: a candidate hung in this process (above): starting again with" \
        "SCOPEFUZZ-SIGNATURE: hang"
    [ "$SAN" = tsan ] || has planted_hang_spin_send
    expect 1 "FAIL close:send" $LIMIT "$BIN" run --hang-timeout $HANG "$W/min.sched" ;;
*)
    fail "unknown case" ;;
esac
exit 0
