#!/bin/sh
# fresh_check_test.sh REPO - ci/fresh-check finds a missing install step:
# with a copy of ci/deps that lacks llvm-19 (the fresh-machine failure of
# issue 9) it must exit 1 naming llvm-19; with the real ci/deps it must not
# complain about a package (tools missing on this machine are its job too,
# so only the cross-check is asserted here).
set -u
REPO=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sed 's/ llvm-19//' "$REPO/ci/deps" >"$T/deps"
grep -q "llvm-19" "$T/deps" && { echo "FAIL: could not drop llvm-19 from the copy"; exit 1; }
"$REPO/ci/fresh-check" --deps "$T/deps" >"$T/out" 2>&1
st=$?
[ $st = 1 ] || { cat "$T/out"; echo "FAIL: exit $st, want 1"; exit 1; }
grep -q "not installed by .*: llvm-19" "$T/out" || { cat "$T/out"; echo "FAIL: llvm-19 not named"; exit 1; }
"$REPO/ci/fresh-check" >"$T/out" 2>&1
! grep -q "not installed by" "$T/out" || { cat "$T/out"; echo "FAIL: ci/deps lacks a package"; exit 1; }
"$REPO/ci/fresh-check" --bogus >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: bad usage must exit 2"; exit 1; }
echo PASS
