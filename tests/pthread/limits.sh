#!/bin/sh
# limits.sh SCOPEFUZZ SCOPEFUZZ_CC SRCDIR - what scopefuzz test does at the
# edges, each step a check that can fail:
#   - a program defining functions named like the runtime's internals
#     (ip_fail, sim_run, sfp_now) links and runs its own functions;
#   - a spin on a plain variable (no scheduling point) ends as `hang` within
#     the wall-clock watchdog, never hanging scopefuzz;
#   - a __thread variable: scopefuzz-cc refuses to link (exit 1, the name
#     in the message), and links with --allow-tls;
#   - minimize: a found ABBA deadlock shrinks to a 1-minimal case with one
#     preemption that replays with the same signature;
#   - replay of PCT and POS runs: a failure found while a timer is pending
#     replays the same way (replays fire timers early only where the
#     strategy that made the run could), in test's own check and in replay;
#   - usage: no program, -o naming a file, a program not built with
#     scopefuzz-cc, `repro` given a pthread case: exit 2 each.
set -u
SF=$1 CC=$2 SRC=$3
W=$(mktemp -d "${TMPDIR:-/tmp}/sf-limits.XXXXXX") || exit 1
fail() {
    echo "FAIL: $*" >&2
    echo "(outputs kept in $W)" >&2
    exit 1
}

"$CC" -O1 -g "$SRC/misuse/spin.c" -o "$W/spin" || fail "cannot build spin.c"
start=$(date +%s)
timeout 60 "$SF" test -q --hang-timeout 500 --schedules 50 -o "$W" -- "$W/spin" >"$W/spin.out" 2>&1
rc=$?
took=$(($(date +%s) - start))
[ "$rc" = 1 ] || fail "spin: exit $rc, want 1 ($(tail -5 "$W/spin.out"))"
grep -q '^signature: hang' "$W/spin.out" || fail "spin: no 'signature: hang' ($(cat "$W/spin.out"))"
[ "$took" -lt 20 ] || fail "spin: took $took s with a 0.5 s watchdog"

"$CC" -O1 -g "$SRC/misuse/name_clash.c" -o "$W/clash" >"$W/clash.out" 2>&1 || fail "name_clash: $(cat "$W/clash.out")"
"$SF" test -q --schedules 50 -- "$W/clash" >"$W/clash.out" 2>&1 || fail "name_clash: $(cat "$W/clash.out")"

if "$CC" "$SRC/misuse/tls.c" -o "$W/tls" >"$W/tls.out" 2>&1; then
    fail "tls: scopefuzz-cc linked a program with a __thread variable"
fi
grep -q 'thread-local variables (counter' "$W/tls.out" || fail "tls: message does not name 'counter': $(cat "$W/tls.out")"
[ ! -e "$W/tls" ] || fail "tls: a refused output was left behind"
"$CC" --allow-tls "$SRC/misuse/tls.c" -o "$W/tls" >"$W/tls2.out" 2>&1 || fail "tls: --allow-tls did not link"

"$CC" -O1 -g "$SRC/misuse/timer_race.c" -o "$W/timer_race" || fail "cannot build timer_race.c"
for s in pos pct; do
    mkdir -p "$W/tr-$s"
    "$SF" test -q --strategy "$s" --schedules 2000 -o "$W/tr-$s" -- "$W/timer_race" >"$W/tr-$s.out" 2>&1
    [ $? = 1 ] || fail "timer_race ($s): not found: $(tail -3 "$W/tr-$s.out")"
    ! grep -q 'warning: replaying' "$W/tr-$s.out" || fail "timer_race ($s): $(cat "$W/tr-$s.out")"
    "$SF" replay "$W/tr-$s"/*.ptcase >"$W/tr-$s.replay" 2>&1
    [ $? = 1 ] || fail "timer_race ($s): the case does not replay: $(head -3 "$W/tr-$s.replay")"
done

"$CC" -O1 -g "$SRC/progs/abba_bad.c" -o "$W/abba" || fail "cannot build abba_bad.c"
"$SF" test -q --schedules 2000 -o "$W" -- "$W/abba" >"$W/abba.out" 2>&1
[ $? = 1 ] || fail "abba: not found: $(tail -5 "$W/abba.out")"
case=$(sed -n 's/^scopefuzz: failure written to //p' "$W/abba.out")
"$SF" minimize "$case" -o "$W/min.ptcase" >"$W/min.out" 2>&1
[ $? = 1 ] || fail "minimize: exit $?, want 1: $(cat "$W/min.out")"
grep -q '1-minimal' "$W/min.out" || fail "minimize: not 1-minimal: $(cat "$W/min.out")"
grep -q 'preemptions [0-9]* -> 1,' "$W/min.out" || fail "minimize: ABBA needs exactly one preemption: $(cat "$W/min.out")"
"$SF" replay "$W/min.ptcase" >"$W/replay.out" 2>&1
[ $? = 1 ] || fail "replay of the minimized case passed"
grep -q '^signature: deadlock' "$W/replay.out" || fail "replay: $(head -3 "$W/replay.out")"
grep -q '^lock cycle: thread' "$W/replay.out" || fail "replay: no lock cycle named"
"$SF" repro "$W/min.ptcase" >"$W/repro.out" 2>&1
[ $? = 2 ] || fail "repro of a pthread case: want exit 2: $(head -3 "$W/repro.out")"
grep -q 'is a pthread case.*scopefuzz replay' "$W/repro.out" || fail "repro: $(cat "$W/repro.out")"

"$SF" test >/dev/null 2>&1
[ $? = 2 ] || fail "test without a program: want exit 2"
: >"$W/afile"
"$SF" test -o "$W/afile" -- "$W/abba" >/dev/null 2>&1
[ $? = 2 ] || fail "test -o FILE: want exit 2"
printf '#!/bin/sh\nexit 0\n' >"$W/plain"
chmod +x "$W/plain"
"$SF" test --schedules 1 -- "$W/plain" >"$W/plain.out" 2>&1
[ $? = 2 ] || fail "a program not built with scopefuzz-cc: want exit 2: $(cat "$W/plain.out")"
grep -q 'scopefuzz-cc' "$W/plain.out" || fail "no hint at scopefuzz-cc: $(cat "$W/plain.out")"
rm -rf "$W"
echo "limits: hang in ${took} s, tls refused, minimize 1-minimal, usage errors: ok"
