#!/bin/sh
# expect_crash.sh FUZZER WORKDIR SIGNATURE - a libFuzzer target must crash
# from an empty corpus within 200000 runs (seed 1), with the scopefuzz
# signature (or glibc assertion) named, and its crash input must crash
# again when replayed.
set -u
FUZZER=$1 W=$2 WANT=$3
rm -rf "$W" && mkdir -p "$W/corpus" || exit 1
"$FUZZER" -runs=200000 -seed=1 -max_len=256 -artifact_prefix="$W/" "$W/corpus" >"$W/out" 2>&1
rc=$?
[ "$rc" != 0 ] || { tail -5 "$W/out"; echo "FAIL: no crash in 200000 runs"; exit 1; }
fn=${WANT#assert:}
grep -q "Assertion\|SCOPEFUZZ-SIGNATURE: $WANT" "$W/out" || { tail -30 "$W/out"; echo "FAIL: not the expected failure ($WANT)"; exit 1; }
grep -q "$fn" "$W/out" || { tail -30 "$W/out"; echo "FAIL: '$fn' not named"; exit 1; }
crash=$(ls "$W"/crash-* 2>/dev/null | head -n 1)
[ -n "$crash" ] || { echo "FAIL: no crash input saved"; exit 1; }
"$FUZZER" "$crash" >"$W/replay" 2>&1 && { echo "FAIL: the saved input does not crash again"; exit 1; }
grep -q "Assertion\|SCOPEFUZZ-SIGNATURE" "$W/replay" || { tail -20 "$W/replay"; echo "FAIL: replay failed differently"; exit 1; }
echo "found after $(grep -o '#[0-9]*' "$W/out" | tail -1) runs; replayed"
