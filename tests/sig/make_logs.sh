#!/bin/sh
# make_logs.sh [FUZZ_MIXED] - regenerate tests/sig/logs/*.log: builds
# planted.c with the compilers and sanitizers the presets use, runs each
# planted bug and keeps what the sanitizer or libFuzzer printed.  The logs
# are checked in; table.tsv says which signature each must give.
# FUZZ_MIXED (optional): a fuzz-asan build's bin/fuzz_mixed, for a real
# oracle failure log (SCOPEFUZZ-SIGNATURE line, then libFuzzer's deadly
# signal) of the seeded bug zoo_defer_fifo.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/planted.c
OUT=$HERE/logs
B=$(mktemp -d)
trap 'rm -rf "$B"' EXIT
S14=/usr/lib/llvm-14/bin/llvm-symbolizer
S19=/usr/lib/llvm-19/bin/llvm-symbolizer
ASAN="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
UBSAN="print_stacktrace=1:halt_on_error=1:report_error_type=1"
TSAN="halt_on_error=1:second_deadlock_stack=1"
set -e
clang-14 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    -fno-omit-frame-pointer "$SRC" -o "$B/asan"
clang-14 -g -O1 -fsanitize=thread -fno-omit-frame-pointer "$SRC" -o "$B/tsan14"
clang-19 -g -O1 -fsanitize=thread -fno-omit-frame-pointer "$SRC" -o "$B/tsan19"
clang-14 -g -O1 -DPLANTED_FUZZ -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer "$SRC" -o "$B/fuzz"
clang-14 -g -O1 -DPLANTED_FUZZ -fsanitize=fuzzer "$SRC" -o "$B/fuzz_plain"
set +e
printf T >"$B/in-T"
printf O >"$B/in-O"
printf A >"$B/in-A"

# run NAME ENV... -- CMD...: runs CMD with ENV, its stderr+stdout to NAME.log
run() {
    name=$1
    shift
    env "$@" >"$OUT/$name.log" 2>&1
    echo "$name: exit $?"
}
cd "$B"
run asan-heap-use-after-free ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
    UBSAN_OPTIONS=$UBSAN ./asan uaf
run asan-double-free ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
    UBSAN_OPTIONS=$UBSAN ./asan double-free
run lsan-leak ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 UBSAN_OPTIONS=$UBSAN ./asan leak
run ubsan-signed-overflow ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
    UBSAN_OPTIONS=$UBSAN ./asan overflow
run ubsan-no-stack ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
    UBSAN_OPTIONS=halt_on_error=1 ./asan overflow
run tsan14-data-race TSAN_OPTIONS=$TSAN:external_symbolizer_path=$S14 ./tsan14 race
run tsan19-data-race TSAN_OPTIONS=$TSAN:external_symbolizer_path=$S19 ./tsan19 race
run tsan19-heap-use-after-free TSAN_OPTIONS=$TSAN:external_symbolizer_path=$S19 ./tsan19 tsan-uaf
run libfuzzer-timeout ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 UBSAN_OPTIONS=$UBSAN \
    ./fuzz -timeout=1 in-T
run libfuzzer-oom ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 UBSAN_OPTIONS=$UBSAN \
    ./fuzz -rss_limit_mb=200 in-O
run libfuzzer-malloc-limit ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
    UBSAN_OPTIONS=$UBSAN ./fuzz -malloc_limit_mb=1 -rss_limit_mb=4000 in-O
run libfuzzer-deadly-signal ASAN_OPTIONS=external_symbolizer_path=$S14 ./fuzz_plain in-A
# symbolization failures: a symbolizer path that is gone (what clang-19's
# TSan runtime printed on the fresh machine of issue 9: <null> frames)
run broken-tsan19-missing-symbolizer \
    TSAN_OPTIONS=$TSAN:external_symbolizer_path=/nonexistent/llvm-symbolizer ./tsan19 race
run broken-asan-missing-symbolizer \
    ASAN_OPTIONS=$ASAN:external_symbolizer_path=/nonexistent/llvm-symbolizer \
    UBSAN_OPTIONS=$UBSAN ./asan uaf
# the project's own fuzz target against two seeded bugs: an oracle failure
# and an ASan report from inside the deterministic runtime's fibers
if [ $# -ge 1 ]; then
    for pair in zoo_defer_fifo:oracle-defer-order zoo_double_close_uaf:fuzz-mixed-double-close-uaf; do
        impl=${pair%%:*} name=${pair#*:}
        rm -rf "$B/work" "$B"/crash-*
        mkdir -p "$B/work"
        SCOPEFUZZ_IMPL=$impl ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
            UBSAN_OPTIONS=$UBSAN "$1" -seed=1 -runs=500000 -artifact_prefix="$B/" "$B/work" \
            >/dev/null 2>&1
        crash=$(ls "$B"/crash-* 2>/dev/null | head -n 1)
        [ -n "$crash" ] && run "$name" ASAN_OPTIONS=$ASAN:external_symbolizer_path=$S14 \
            UBSAN_OPTIONS=$UBSAN SCOPEFUZZ_IMPL=$impl "$1" "$crash"
    done
fi
exit 0
