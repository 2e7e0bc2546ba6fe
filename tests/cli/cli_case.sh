#!/bin/sh
# cli_case.sh BIN SRCDIR WORKDIR CASE - one end-to-end case of the
# scopefuzz command line: exit status and messages.  Exits 0 if the case
# holds, 1 with a message otherwise.
set -u
BIN=$1 SRC=$2 WORK=$3 CASE=$4
W=$WORK/$CASE
rm -rf "$W" && mkdir -p "$W" || exit 1

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
    has "| t0 (body 0)          | t1 (body 1)          | 8 other tasks" \
        "runtime tasks: rt0 = t0, rt1 = watchdog, rt2 = t1," \
        "| spawn 0 -> SF_OK" "| close c2 -> SF_OK" "| recv c2" \
        "| -> SF_CANCELLED" "| t6: -> SF_CLOSED" "| t4: close c2 -> SF_CLOSED" \
        "--- switch t0 -> t1 (preempted, decision #4 = 2) ---" \
        "--- switch t1 -> t2 (blocked, decision #22 = 0) ---" "--- switch t1 -> t6 (ended) ---" \
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
    has "runtime events (302;" "| lock+unlock #1 " \
        "--- switch t0 -> t2 (preempted, decision #4 = 2) ---"
    ! grep -Fq "PREEMPT, only runnable task" "$W/out" || fail "contradictory switch label"
    expect 1 "more rows: --max-rows 0" "$BIN" repro --max-rows 5 \
        "$SRC/corpus/regressions/zoo_close_wakes_one.sched" ;;
repro_sanitizer)
    # ASan builds: a run the sanitizer kills still shows its interleaving up
    # to the report (saved by the dying child), the failing step marked
    expect 1 "asan:heap-use-after-free:cancelled_at" "$BIN" repro \
        "$SRC/corpus/regressions/zoo_double_close_uaf.sched"
    has "the run was killed by the report below; its interleaving up to the report," \
        "| open s3 deadline 1 -> SF_OK" "--- switch t0 -> t1 (preempted, decision #5 = 1) ---" \
        ">>> the report came at step 58, in t3 (in \`cancel s3\`) <<<" \
        "--- run killed with t3 (body 0) still in cancel s3 ---" \
        "ERROR: AddressSanitizer: heap-use-after-free"
    ! grep -Fq "killed before it could report its trace" "$W/out" || fail "no trace" ;;
repro_sanitizer_tsan)
    # TSan builds: TSan reports without stopping the run; the interleaving
    # is shown with the step of the first report (the runtime's line) marked.
    # halt_on_error=0 as a person runs repro (ctest sets 1: TSan would end
    # the child at the report, before the switch into t1 is in the trace)
    expect 1 "tsan:data-race:lookup" env "TSAN_OPTIONS=${TSAN_OPTIONS:-}:halt_on_error=0" "$BIN" repro \
        "$SRC/corpus/regressions/zoo_closed_flag_race.sched"
    has "the sanitizer reported during the run (below) without stopping it; the" \
        "WARNING: ThreadSanitizer: data race"
    grep -A1 -F -- "--- switch watchdog -> t1 (blocked, decision #25 = 0) ---" "$W/out" |
        grep -Fq ">>> the first report came at step 31, in t1 (in \`recv c0\`) <<<" ||
        fail "the report is not marked right after the switch to t1"
    ! grep -Fq "killed before it could report its trace" "$W/out" || fail "no trace" ;;
sig_verb)
    # the one signature implementation on the shared table of real logs
    L=$SRC/tests/sig/logs
    expect 0 "^asan:heap-use-after-free:planted_uaf_read$" "$BIN" sig "$L/asan-heap-use-after-free.log"
    expect 0 "^lsan:leak:planted_leak_alloc$" "$BIN" sig "$L/lsan-leak.log"
    expect 0 "tsan19-data-race.log: tsan:data-race:planted_race_writer" \
        "$BIN" sig "$L/tsan19-data-race.log" "$L/oracle-defer-order.log"
    has "oracle-defer-order.log: defer:order"
    expect 0 '"status": "found", "signature": "libfuzzer:out-of-memory"' \
        "$BIN" sig --json "$L/libfuzzer-oom.log"
    "$BIN" sig - <"$L/ubsan-signed-overflow.log" >"$W/out" 2>&1 || fail "sig of stdin"
    has "ubsan:signed-integer-overflow:planted_overflow"
    # a report the sanitizer could not symbolize: its words, exit 2, no <null>
    expect 2 "invalid path to external symbolizer" \
        "$BIN" sig "$L/broken-tsan19-missing-symbolizer.log"
    "$BIN" sig "$L/broken-tsan19-missing-symbolizer.log" 2>/dev/null >"$W/stdout"
    [ ! -s "$W/stdout" ] || fail "a signature was printed: $(cat "$W/stdout")"
    expect 2 '"status": "unsymbolized", "signature": null' \
        "$BIN" sig --json "$L/broken-asan-missing-symbolizer.log"
    printf 'all quiet\n' >"$W/quiet.log"
    expect 1 "no failure report" "$BIN" sig "$W/quiet.log"
    expect 2 "no LOG given" "$BIN" sig ;;
broken_symbolizer)
    # a sanitizer build run with a symbolizer that is not there: exit 2 with
    # the sanitizer's words instead of a signature without function names
    for c in zoo_double_close_uaf zoo_spawn_escapes_tsan; do
        f=$SRC/corpus/regressions/$c.sched
        nosym=external_symbolizer_path=/nonexistent/llvm-symbolizer
        ASAN_OPTIONS=$nosym LSAN_OPTIONS=$nosym UBSAN_OPTIONS=$nosym TSAN_OPTIONS=$nosym \
            "$BIN" run --check "$f" >"$W/stdout" 2>"$W/out"
        st=$?
        grep -q "skipped" "$W/stdout" && continue
        [ $st = 2 ] || { cat "$W/stdout" "$W/out" >&2; fail "$c with no symbolizer exited $st, want 2"; }
        has "could not symbolize" "WARNING: invalid path to external symbolizer"
        # no verdict, so no signature (the sanitizer's <null> frames are on stderr)
        [ ! -s "$W/stdout" ] || { cat "$W/stdout" >&2; fail "a degraded verdict was printed"; }
        # and with the build's own symbolizer the signature is the real one
        expect 0 "expected failure .* reproduced" "$BIN" run --check "$f"
        ran=1
    done
    [ -n "${ran:-}" ] || fail "no case ran in this build" ;;
output_paths)
    # output only to a regular file or a new path, atomically, checked first
    f=$SRC/corpus/regressions/zoo_defer_fifo.sched
    mkfifo "$W/fifo" || fail "mkfifo"
    expect 2 "fifo: not a regular file \(a FIFO\)" "$BIN" minimize "$f" -o "$W/fifo" -f
    [ -p "$W/fifo" ] || fail "the FIFO was replaced"
    ln -s /dev/null "$W/null"
    expect 2 "null: not a regular file" "$BIN" minimize "$f" -o "$W/null" -f
    [ -c /dev/null ] && [ -L "$W/null" ] || fail "the device or its link was replaced"
    mkdir "$W/dir"
    expect 2 "dir: is a directory" "$BIN" minimize "$f" -o "$W/dir"
    expect 2 "dir: is a directory" "$BIN" minimize "$f" -o "$W/dir" -f
    ! ls "$W" | grep -q "\.tmp\." || fail "a temporary file was left behind"
    expect 2 "directory .*/nodir does not exist" "$BIN" minimize "$f" -o "$W/nodir/x.sched"
    printf 'old\n' >"$W/old.sched"
    expect 2 "exists \(use -f" "$BIN" minimize "$f" -o "$W/old.sched"
    expect 1 "1-minimal" "$BIN" minimize "$f" -o "$W/old.sched" -f
    grep -q "^expect fail defer:order" "$W/old.sched" || fail "-f did not write"
    ! ls "$W" | grep -q "\.tmp\." || fail "a temporary file was left behind" ;;
bad_inputs)
    # FIFO input refused at once (never blocks), a directory named as such,
    # an empty directory is "nothing to run"
    mkfifo "$W/fifo" || fail "mkfifo"
    expect 2 "fifo: not a regular file \(a FIFO\)" timeout 10 "$BIN" run "$W/fifo"
    expect 2 "fifo: not a regular file" timeout 10 "$BIN" fmt "$W/fifo"
    mkdir "$W/empty"
    expect 2 "empty: nothing to run" "$BIN" run "$W/empty"
    printf 'x\n' >"$W/empty/README.md"
    expect 2 "empty: nothing to run" "$BIN" run "$W/empty"
    expect 2 "empty: is a directory" "$BIN" fmt "$W/empty"
    expect 2 "empty: is a directory" "$BIN" minimize "$W/empty" -o "$W/m.sched"
    ! grep -q "16 MiB" "$W/out" || fail "directory reported as a read error"
    expect 0 "^task 0:" sh -c "\"\$0\" fmt - <\"\$1\"" "$BIN" "$SRC/corpus/sched/basic.sched" ;;
usage_conflicts)
    f=$SRC/corpus/sched/basic.sched
    expect 2 "--sched and --raw contradict" "$BIN" run --sched --raw "$f"
    expect 2 "--sched and --raw contradict" "$BIN" fmt --raw --sched "$f"
    expect 2 "--impl given twice \('reference', then 'zoo_defer_fifo'\)" \
        "$BIN" run --impl reference --impl zoo_defer_fifo "$f"
    expect 2 "--impl given twice" "$BIN" explore --impl reference --impl reference --runs 1
    expect 0 "impl reference" "$BIN" fmt --sched --sched "$f" ;;
fmt_unknown_impl)
    # fmt refuses an implementation run refuses, with the same message
    expect 2 "unknown implementation 'nosuch'.*reference" \
        "$BIN" fmt --impl nosuch "$SRC/corpus/sched/basic.sched"
    expect 2 "unknown implementation 'zoo.double-close_v2'" \
        "$BIN" fmt "$SRC/corpus/sched/handwritten.sched"
    expect 2 "unknown implementation 'zoo.double-close_v2'" \
        "$BIN" run "$SRC/corpus/sched/handwritten.sched"
    expect 0 "^impl zoo_defer_fifo" \
        "$BIN" fmt --impl zoo_defer_fifo "$SRC/corpus/sched/handwritten.sched" ;;
minimize_wrong_expect)
    f=$SRC/corpus/regressions/zoo_defer_fifo.sched
    sed 's/^expect fail .*/expect fail deadlock/' "$f" >"$W/wrong.sched"
    expect 2 "says .expect fail deadlock. but fails with defer:order" \
        "$BIN" minimize "$W/wrong.sched" -o "$W/min.sched"
    [ ! -e "$W/min.sched" ] || fail "written despite the wrong expect line"
    expect 2 "says .expect fail defer:order. but does not fail on reference" \
        "$BIN" minimize --impl reference "$f" -o "$W/min.sched"
    # the right expect line: minimized as before
    expect 1 "1-minimal" "$BIN" minimize "$f" -o "$W/min.sched" ;;
run_check_requires)
    # the documented command passes in every build: cases this build cannot
    # check are skipped with a note, by the rules the CMake registration uses
    expect 0 "zoo_defer_fifo.sched: ok" "$BIN" run --check "$SRC/corpus/regressions"
    ! grep -q MISMATCH "$W/out" || fail "MISMATCH in the documented command"
    grep -q "zoo_spawn_escapes_tsan.sched: \(skipped\|ok\)" "$W/out" || fail "no skip note"
    mkdir "$W/cases"
    f=$SRC/corpus/regressions/zoo_defer_fifo.sched
    { echo "# requires: nosuchbuild"; sed 's/^expect fail .*/expect fail wrong/' "$f"; } \
        >"$W/cases/a.sched"
    expect 0 "a.sched: skipped: its failure needs a build with nosuchbuild" \
        "$BIN" run --check "$W/cases/a.sched"
    # a case the build can check is run (and this one mismatches)
    { echo "# requires: none asan tsan  (any build)"; sed 's/^expect fail .*/expect fail wrong/' "$f"; } \
        >"$W/cases/a.sched"
    expect 1 "a.sched: MISMATCH" "$BIN" run --check "$W/cases/a.sched"
    # without --check the requires line changes nothing
    { echo "# requires: nosuchbuild"; cat "$f"; } >"$W/cases/a.sched"
    expect 1 "a.sched: FAIL defer:order" "$BIN" run "$W/cases/a.sched" ;;
explore_checks_output)
    # -o must be a writable directory, checked before any run
    printf 'x\n' >"$W/file"
    expect 2 "-o .*file: not a directory" \
        "$BIN" explore --impl zoo_defer_fifo --runs 5000 -o "$W/file"
    ! grep -q "FAIL\|runs/s" "$W/out" || fail "explore ran before checking -o"
    expect 2 "-o .*nodir: No such file" "$BIN" explore --impl zoo_defer_fifo --runs 5000 \
        -o "$W/nodir" ;;
explore_keep_going)
    # --keep-going writes the first case of each signature and counts the rest
    mkdir "$W/d" "$W/all"
    expect 1 "explore: [0-9]+ x defer:order \(first case written, the others counted\)" \
        "$BIN" explore --impl zoo_defer_fifo --runs 3000 --keep-going -o "$W/d"
    n=$(sed -n 's/.* runs, \([0-9]*\) failures.*/\1/p' "$W/out")
    [ "${n:-0}" -gt 1 ] || fail "want several failures, got '$n'"
    [ "$(ls "$W/d" | wc -l)" = 1 ] || fail "want 1 case written, got $(ls "$W/d" | wc -l)"
    has "explore: 1 case(s) written"
    # --keep-all writes every distinct failing program
    expect 1 "case\(s\) written" \
        "$BIN" explore --impl zoo_defer_fifo --runs 3000 --keep-all -o "$W/all"
    [ "$(ls "$W/all" | wc -l)" -gt 1 ] || fail "--keep-all wrote one case" ;;
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
    for v in run repro minimize fmt hash explore list sig; do
        expect 0 "exit status" "$BIN" "$v" --help
        expect 0 "usage: scopefuzz $v" "$BIN" help "$v"
    done
    expect 0 "verbs:" "$BIN" --help ;;
list)
    expect 0 "^reference +[^ ]" "$BIN" list
    # --caps: the capabilities each driver declares, by name
    expect 0 "^reference +scopes cancel deadline defer select try sleep shutdown destroy supervisor$" \
        "$BIN" list --caps
    expect 0 "^example_chan +select try sleep$" "$BIN" list --caps
    expect 2 "takes only --targets, --caps or --dict NAME" "$BIN" list --bogus ;;
repro_ops_threads)
    # an adapter's own threads (interposed pthreads) run while an op is in
    # progress: ops are placed where the runtime recorded them, so [fini]
    # returns on a row of its own after their switches, and the watchdog
    # judges the run stuck after the clock reached its deadline
    expect 1 "FAIL conservation:lost" "$BIN" repro \
        "$SRC/corpus/regressions/example_chan_lost_value.sched"
    has "| [fini]"
    ! grep -Fq "| [fini] -> SF_OK" "$W/out" || fail "[fini] shown returning at once"
    awk '/now 3000 ms/ { c = 1 } /watchdog: every task is stuck/ { bad = !c; exit }
         END { exit bad }' "$W/out" || fail "the watchdog's verdict placed before its deadline" ;;
return_error)
    # a body's `return error` fails its task, and the library cancels the
    # scope the task runs in (fail-fast, docs/semantics.md S5): task 0's
    # receive that nobody serves returns SF_CANCELLED at once, not when the
    # watchdog gives up on the stuck run
    printf 'impl reference\nstrategy random seed 1\n\ntask 0:\n  chan c0\n  spawn 1\n  recv c0\n\ntask 1:\n  return error\n' >"$W/a.sched"
    expect 0 "return error" "$BIN" repro "$W/a.sched"
    has "| -> SF_CANCELLED"
    ! grep -q "watchdog: every task is stuck" "$W/out" || fail "return error did not cancel" ;;
dicts)
    # each committed dictionary is what `list --dict` generates from the op
    # and strategy lists today, and each belongs to a fuzz target
    names="sched $("$BIN" list --targets | cut -d' ' -f1 | tr '\n' ' ')"
    for n in $names; do
        "$BIN" list --dict "$n" >"$W/$n.dict" || fail "list --dict $n exited $?"
        cmp -s "$W/$n.dict" "$SRC/corpus/$n.dict" || {
            diff "$SRC/corpus/$n.dict" "$W/$n.dict" >&2
            fail "corpus/$n.dict is stale: scopefuzz list --dict $n > corpus/$n.dict"
        }
    done
    for f in "$SRC"/corpus/*.dict; do
        n=$(basename "$f" .dict)
        case " $names " in *" $n "*) ;; *) fail "corpus/$n.dict: no fuzz target $n" ;; esac
    done
    expect 2 "list --dict: no fuzz target 'bogus' \(sched, mixed, scope, chan\)" \
        "$BIN" list --dict bogus
    expect 2 "takes only" "$BIN" list --dict ;;
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
explore_leak)
    # ASan builds: a leak-only bug (LSan alone sees it) is found by explore's
    # per-run leak check, and its case replays; the reference stays clean
    expect 1 "FAIL lsan:leak:" "$BIN" explore --impl zoo_select_leaks --runs 20000 -o "$W"
    found=$(ls "$W"/zoo_select_leaks-*.sched) || fail "no case written"
    expect 0 "expected failure lsan:leak:.* reproduced" "$BIN" run --check "$found"
    expect 0 "explore: reference, 20000 runs, 0 failures" \
        "$BIN" explore --impl reference --runs 20000 -o "$W" ;;
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
