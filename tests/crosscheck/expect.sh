#!/bin/sh
# expect.sh SCOPEFUZZ pass|fail EXPECTED SCHEDULES [TEST-OPTIONS...] -- PROG [ARGS...]
#
# One cross-check test: `scopefuzz test --schedules SCHEDULES TEST-OPTIONS
# -o TMP -- PROG ARGS` (a conformance scenario on the interposed library).
#   pass: must exit 0 (every schedule clean); EXPECTED is ignored ("-").
#   fail: must exit 1 with a `signature: SIG` line whose SIG starts with
#         EXPECTED (alternatives separated by '|'), a failure file, and
#         `scopefuzz replay FILE` must give the same SIG and the same
#         `hash:` line twice (as tests/pthread/expect_fail.sh, with args).
# Prints the `test:` summary or the failure's first lines, and on failure
# of the check the tail of each output (the work directory is kept then).
set -u
if [ $# -lt 6 ]; then
    echo "usage: expect.sh SCOPEFUZZ pass|fail EXPECTED SCHEDULES [OPTS...] -- PROG [ARGS...]" >&2
    exit 2
fi
SF=$1 MODE=$2 EXPECTED=$3 SCHEDULES=$4
shift 4
OPTS=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    OPTS="$OPTS $1"
    shift
done
[ $# -ge 2 ] || { echo "expect.sh: no -- PROG given" >&2; exit 2; }
shift
NAME=$(basename "$1")
W=$(mktemp -d "${TMPDIR:-/tmp}/sf-crosscheck-$NAME.XXXXXX") || exit 1

fail() {
    echo "FAIL($NAME $*)" >&2
    echo "(outputs kept in $W)" >&2
    exit 1
}

show() {
    echo "--- $1 (exit $rc) ---" >&2
    tail -n 60 "$W/$1" >&2
}

field() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*//p" "$W/$1" | head -n 1 | sed 's/[[:space:]]*$//'
}

# shellcheck disable=SC2086
"$SF" test --schedules "$SCHEDULES" $OPTS -o "$W" -- "$@" >"$W/test.out" 2>&1
rc=$?
if [ "$MODE" = pass ]; then
    [ "$rc" = 0 ] || { show test.out; fail "$*): scopefuzz test exited $rc, want 0"; }
    grep -m 1 '^test:' "$W/test.out"
    rm -rf "$W"
    exit 0
fi

[ "$rc" = 1 ] || { show test.out; fail "$*): scopefuzz test exited $rc, want 1 (failure found)"; }
sig=$(field test.out 'signature:')
ok=0
old_ifs=$IFS
IFS='|'
for want in $EXPECTED; do
    case $sig in "$want"*) ok=1 ;; esac
done
IFS=$old_ifs
[ "$ok" = 1 ] || { show test.out; fail "$*): signature '$sig', want a prefix of '$EXPECTED'"; }
file=$(field test.out 'scopefuzz: failure written to')
if [ -z "$file" ] || [ ! -f "$file" ]; then
    show test.out
    fail "$*): no failure file written"
fi
hash1=
for i in 1 2; do
    "$SF" replay "$file" >"$W/replay$i.out" 2>&1
    rc=$?
    [ "$rc" = 1 ] || { show "replay$i.out"; fail "$*): replay #$i exited $rc, want 1"; }
    rsig=$(field "replay$i.out" 'signature:')
    [ "$rsig" = "$sig" ] || { show "replay$i.out"; fail "$*): replay #$i gave '$rsig', want '$sig'"; }
    hash=$(grep -m 1 -E '^[[:space:]]*hash:' "$W/replay$i.out")
    [ -n "$hash" ] || { show "replay$i.out"; fail "$*): replay #$i printed no 'hash:' line"; }
    [ "$i" = 1 ] && hash1=$hash
    [ "$hash" = "$hash1" ] || fail "$*): replays differ: '$hash1' then '$hash'"
done
echo "$NAME $*: $sig at $(grep -m 1 '^schedule ' "$W/test.out"); replayed twice ($hash1)"
rm -rf "$W"
exit 0
