#!/bin/sh
# expect_fail.sh SCOPEFUZZ PROG EXPECTED [SCHEDULES [TEST-OPTION...]] - a
# buggy pthread program must be caught by `scopefuzz test` and replay
# identically.
#
# EXPECTED is a signature prefix, or several separated by '|' (any may
# match: `asan:SEGV|signal:SIGSEGV`).  Steps, each with its exit status:
#   scopefuzz test --schedules SCHEDULES (default 5000) TEST-OPTION... -o TMP
#       -- PROG
#       exit 1, a `signature: SIG` line whose SIG starts with EXPECTED, and a
#       `scopefuzz: failure written to PATH` line naming an existing file;
#   scopefuzz replay PATH, twice
#       exit 1 both times, the same SIG, and the same `hash:` line both times.
# Exits 0 if all of that holds, 1 with a message otherwise (the work
# directory is kept then, for a look at the outputs).
set -u
if [ $# -lt 3 ]; then
    echo "usage: expect_fail.sh SCOPEFUZZ PROG EXPECTED [SCHEDULES [TEST-OPTION...]]" >&2
    exit 2
fi
SF=$1 PROG=$2 EXPECTED=$3 SCHEDULES=${4:-5000}
shift $(($# < 4 ? $# : 4))
NAME=$(basename "$PROG")
W=$(mktemp -d "${TMPDIR:-/tmp}/sf-pthread-$NAME.XXXXXX") || exit 1

fail() {
    echo "FAIL($NAME): $*" >&2
    echo "(outputs kept in $W)" >&2
    exit 1
}

# run OUT CMD...: runs CMD with stdout+stderr to $W/OUT; sets $rc.
run() {
    out=$1
    shift
    "$@" >"$W/$out" 2>&1
    rc=$?
}

# field FILE PATTERN: the rest of the first line of FILE that starts with
# PATTERN (a fixed string), with trailing blanks removed.
field() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*//p" "$W/$1" | head -n 1 | sed 's/[[:space:]]*$//'
}

show() {
    echo "--- $1 (exit $rc) ---" >&2
    tail -n 40 "$W/$1" >&2
}

run test.out "$SF" test --schedules "$SCHEDULES" "$@" -o "$W" -- "$PROG"
[ "$rc" = 1 ] || { show test.out; fail "scopefuzz test exited $rc, want 1 (failure found)"; }
sig=$(field test.out 'signature:')
[ -n "$sig" ] || { show test.out; fail "no 'signature:' line in the test output"; }
ok=0
old_ifs=$IFS
IFS='|'
for want in $EXPECTED; do
    case $sig in "$want"*) ok=1 ;; esac
done
IFS=$old_ifs
[ "$ok" = 1 ] || { show test.out; fail "signature '$sig', want a prefix of '$EXPECTED'"; }
file=$(field test.out 'scopefuzz: failure written to')
if [ -z "$file" ] || [ ! -f "$file" ]; then
    show test.out
    fail "no failure file written (line 'scopefuzz: failure written to PATH')"
fi

hash1=
for i in 1 2; do
    run "replay$i.out" "$SF" replay "$file"
    [ "$rc" = 1 ] || { show "replay$i.out"; fail "replay #$i exited $rc, want 1"; }
    rsig=$(field "replay$i.out" 'signature:')
    [ "$rsig" = "$sig" ] || { show "replay$i.out"; fail "replay #$i signature '$rsig', want '$sig'"; }
    hash=$(grep -m 1 -E '^[[:space:]]*hash:' "$W/replay$i.out")
    [ -n "$hash" ] || { show "replay$i.out"; fail "replay #$i printed no 'hash:' line"; }
    if [ "$i" = 1 ]; then
        hash1=$hash
    elif [ "$hash" != "$hash1" ]; then
        fail "replays differ: '$hash1' then '$hash'"
    fi
done
echo "$NAME: $sig, replayed twice ($hash1)"
rm -rf "$W"
exit 0
