#!/bin/sh
# cli_case.sh BIN SRCDIR WORKDIR CASE - one end-to-end case of the
# scopefuzz command line: exit status and messages.  Exits 0 if the case
# holds, 1 with a message otherwise.
set -u
BIN=$1 SRC=$2 WORK=$3 CASE=$4
mkdir -p "$WORK/$CASE" || exit 1
W=$WORK/$CASE
rm -f "$W"/*

fail() { echo "FAIL($CASE): $*" >&2; exit 1; }

# expect STATUS REGEX CMD...: runs CMD, checks its exit status and that its
# stdout+stderr matches the extended regular expression REGEX.
expect() {
    want=$1 re=$2
    shift 2
    "$@" >"$W/out" 2>&1
    got=$?
    [ "$got" = "$want" ] || { cat "$W/out" >&2; fail "'$*' exited $got, want $want"; }
    grep -Eq -- "$re" "$W/out" || { cat "$W/out" >&2; fail "'$*' output lacks /$re/"; }
}

# has TEXT...: the last output contains every TEXT (fixed strings).
has() {
    for t in "$@"; do
        grep -Fq -- "$t" "$W/out" || { cat "$W/out" >&2; fail "output lacks '$t'"; }
    done
}

case $CASE in
repro_ops)
    # the default interleaving is at the op level: headers per program task,
    # `op -> STATUS` cells, split ops, switch, clock and watchdog lines
    expect 1 "FAIL wake:close" "$BIN" repro "$SRC/corpus/regressions/zoo_close_wakes_one.sched"
    has "| t0 (body 0)          | t1 (body 1)          |" \
        "runtime tasks: rt0 = t0, rt1 = watchdog, rt2 = t1," \
        "| spawn 0 -> SF_OK" "| close c2 -> SF_OK" "| -> SF_CLOSED" "| recv c2" \
        "| -> SF_CANCELLED" \
        "--- switch t0 -> t1 (preempted, decision #4) ---" \
        "--- switch t1 -> t2 (blocked, decision #22) ---" "--- switch t1 -> t6 (ended) ---" \
        "--- clock +1 ms (now 1 ms) ---" "--- clock +1999999 ms (now 2000000 ms) ---" \
        "--- watchdog: every task is stuck or done; it cancels the run scope ---" \
        "| [close run scope]" "| [fini] -> SF_OK"
    ! grep -Fq "lock+unlo" "$W/out" || fail "runtime events in the default table"
    # deferred ops run as cleanups; a return after other rows names its op
    expect 1 "FAIL defer:order" "$BIN" repro "$SRC/corpus/regressions/zoo_defer_fifo.sched"
    has "| defer close c2 -> SF_OK" "| deferred close c2 -> no-op" \
        "| -> SF_OK (close run scope)"
    # --events: the runtime events, untruncated, with the same switch reasons
    expect 1 "FAIL wake:close" "$BIN" repro --events \
        "$SRC/corpus/regressions/zoo_close_wakes_one.sched"
    has "runtime events (302;" "| lock+unlock #1 " "--- switch t0 -> t2 (preempted, decision #4) ---"
    ! grep -Fq "PREEMPT, only runnable task" "$W/out" || fail "contradictory switch label"
    expect 1 "more rows: --max-rows 0" "$BIN" repro --max-rows 5 \
        "$SRC/corpus/regressions/zoo_close_wakes_one.sched" ;;
missing_file)
    expect 2 "no/such.sched: cannot open" "$BIN" run "$W/no/such.sched" ;;
typo)
    printf 'impl reference\ntask 0:\n  sned c0\n' >"$W/typo.sched"
    expect 2 "typo.sched:3:3: " "$BIN" run "$W/typo.sched" ;;
garbage_sched)
    printf '\001\377garbage\000\n\377' >"$W/garbage.sched"
    expect 2 "garbage.sched:1:[0-9]+: " "$BIN" run "$W/garbage.sched" ;;
truncated)
    printf 'impl reference\nstrategy pct dep' >"$W/cut.sched"
    expect 2 "cut.sched:2:[0-9]+: " "$BIN" run "$W/cut.sched"
    printf 'impl reference\nstrategy random seed 1\ntask 0:\n  spawn 1\n  se' >"$W/cut2"
    expect 2 "cut2:[0-9]+:[0-9]+: " "$BIN" fmt "$W/cut2" ;;
unknown_impl)
    expect 2 "unknown implementation 'nosuch'.*reference" \
        "$BIN" run --impl nosuch "$SRC/corpus/sched/basic.sched"
    expect 2 "unknown implementation 'nosuch'" "$BIN" explore --impl nosuch --runs 1 ;;
unknown_verb)
    expect 2 "unknown verb 'frobnicate'" "$BIN" frobnicate
    expect 2 "bad option.*--bogus" "$BIN" run --bogus "$SRC/corpus/sched/basic.sched"
    expect 2 "--target: 'x' is not" "$BIN" fmt --target x "$SRC/corpus/sched/basic.sched"
    expect 2 "--strategy: 'dfs'" "$BIN" explore --strategy dfs
    expect 2 "--depth: '99'" "$BIN" explore --strategy pct --depth 99
    expect 2 "exactly one FILE" "$BIN" fmt
    expect 2 "-o OUT.sched is required" "$BIN" minimize "$SRC/corpus/sched/basic.sched"
    expect 2 "usage: scopefuzz" "$BIN" ;;
help)
    for v in run repro minimize fmt hash explore list; do
        expect 0 "exit status" "$BIN" "$v" --help
        expect 0 "usage: scopefuzz $v" "$BIN" help "$v"
    done
    expect 0 "verbs:" "$BIN" --help ;;
list)
    expect 0 "^reference +[^ ]" "$BIN" list ;;
fmt_roundtrip)
    for f in "$SRC"/corpus/sched/*.sched; do
        # an impl this binary lacks is refused as by run (fmt_unknown_impl);
        # such a file is formatted for the reference instead
        impl=
        "$BIN" fmt "$f" >/dev/null 2>&1 || impl="--impl reference"
        "$BIN" fmt $impl "$f" >"$W/a.sched" || fail "fmt $f"
        "$BIN" fmt "$W/a.sched" >"$W/b.sched" || fail "fmt of fmt $f"
        cmp -s "$W/a.sched" "$W/b.sched" || fail "fmt is not a fixed point for $f"
    done
    # raw bytes (not text): decoded, printed, and the print parses back
    printf '\001\002\003\004\005\006\007\010\011\012\013\014\377\000\001' >"$W/crash-0001"
    "$BIN" fmt "$W/crash-0001" >"$W/raw.sched" || fail "fmt of raw bytes"
    "$BIN" fmt "$W/raw.sched" >"$W/raw2.sched" || fail "fmt of the raw print"
    cmp -s "$W/raw.sched" "$W/raw2.sched" || fail "raw print is not canonical" ;;
hash_stable)
    f=$SRC/corpus/sched/defer.sched
    a=$("$BIN" hash "$f") b=$("$BIN" hash "$f")
    "$BIN" fmt "$f" >"$W/c.sched"
    c=$("$BIN" hash "$W/c.sched")
    [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] || fail "hash differs: '$a' '$b' '$c'"
    expect 0 "^[0-9a-f]{16} ok" "$BIN" hash "$f" ;;
raw_input)
    head -c 300 /dev/urandom >"$W/crash-rand" 2>/dev/null ||
        printf '\200\201\202\203\204' >"$W/crash-rand"
    "$BIN" run "$W/crash-rand" >"$W/out" 2>&1
    st=$?
    [ $st -le 1 ] || { cat "$W/out" >&2; fail "raw input exited $st"; }
    grep -Eq "crash-rand: (ok|FAIL)" "$W/out" || fail "no verdict for raw input" ;;
explore_reference)
    expect 0 "explore: reference, 3000 runs, 0 failures" \
        "$BIN" explore --impl reference --runs 3000 --seed 7 -o "$W" ;;
explore_minimize_defer_fifo)
    # explore finds the planted bug, the case replays, minimize shrinks it
    expect 1 "FAIL defer:order" "$BIN" explore --impl zoo_defer_fifo --runs 5000 -o "$W"
    found=$(ls "$W"/zoo_defer_fifo-*.sched) || fail "no case written"
    expect 0 "expected failure defer:order reproduced" "$BIN" run --check "$found"
    expect 1 "FAIL defer:order" "$BIN" run "$found"
    expect 1 "1-minimal" "$BIN" minimize "$found" -o "$W/min.sched"
    expect 2 "exists" "$BIN" minimize "$found" -o "$W/min.sched"
    expect 0 "expected failure defer:order reproduced" "$BIN" run --check "$W/min.sched"
    expect 1 "==== interleaving" "$BIN" repro "$W/min.sched"
    # against the reference the same program passes: --check then mismatches
    expect 1 "MISMATCH" "$BIN" run --check --impl reference "$W/min.sched" ;;
*)
    fail "unknown case" ;;
esac
exit 0
