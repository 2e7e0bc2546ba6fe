#!/usr/bin/env bash
# cflite_build_test.sh REPO CLANG - run .clusterfuzzlite/build.sh with the
# environment OSS-Fuzz sets for libFuzzer + ASan (no Docker), in a temporary
# $WORK/$OUT, and check what lands in $OUT for every fuzz target (fuzz_sched,
# and a fuzz_NAME per X(NAME, ...) row of harness/interp/targets.h):
# the binary (it replays its own seed corpus), <t>_seed_corpus.zip holding
# exactly corpus/<name>/, <t>.dict equal to corpus/<name>.dict, <t>.options.
# With afl-clang-fast installed, the AFL++ engine build (LIB_FUZZING_ENGINE =
# libAFLDriver.a) is checked the same way.
set -euo pipefail
repo=$(cd "${1:?REPO}" && pwd); clang=${2:?CLANG}
tmp=$(mktemp -d /tmp/sf-cflite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

check_out() { # OUT ENGINE
  local out=$1 engine=$2 n=0
  local names
  names="sched $(sed -n 's/^ *X(\([a-z_]*\),.*/\1/p' "$repo/harness/interp/targets.h")"
  for name in $names; do
    t=fuzz_$name; n=$((n + 1))
    [ -x "$out/$t" ] || fail "$engine: no binary $out/$t"
    grep -q '^\[libfuzzer\]' "$out/$t.options" || fail "$engine: bad $t.options"
    if [ -f "$repo/corpus/$name.dict" ]; then
      cmp -s "$repo/corpus/$name.dict" "$out/$t.dict" || fail "$engine: $t.dict differs"
      grep -qx "dict = $t.dict" "$out/$t.options" || fail "$engine: options lack dict"
    fi
    [ -d "$repo/corpus/$name" ] || continue
    seeds="$tmp/seeds-$engine-$t"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
      "$out/${t}_seed_corpus.zip" "$seeds" || fail "$engine: bad seed zip for $t"
    diff -r "$repo/corpus/$name" "$seeds" >/dev/null || fail "$engine: seed zip of $t differs from corpus/$name"
    if [ "$engine" = libfuzzer ]; then
      ASAN_OPTIONS=detect_leaks=1 "$out/$t" -runs=0 "$seeds" >"$tmp/$t.run" 2>&1 ||
        fail "$engine: $t cannot replay its seeds: $(tail -5 "$tmp/$t.run")"
    else
      nm "$out/$t" >"$tmp/$t.nm"
      grep -q '__afl_' "$tmp/$t.nm" || fail "$engine: $t is not linked with AFL++"
      ! grep -q 'fuzzer::Fuzzer' "$tmp/$t.nm" || fail "$engine: $t still holds libFuzzer"
      for f in "$seeds"/*; do
        "$out/$t" <"$f" >/dev/null 2>&1 || fail "$engine: $t fails on seed $f"
      done
    fi
  done
  [ "$n" -gt 3 ] || fail "no program targets found in harness/interp/targets.h"
  echo "$engine: $n target(s) checked in $out"
}

run_build() { # ENGINE CC CFLAGS LIB_FUZZING_ENGINE
  local engine=$1
  mkdir -p "$tmp/$engine/out" "$tmp/$engine/work" "$tmp/$engine/src"
  (cd "$repo" && env CC="$2" CXX=false CFLAGS="$3" CXXFLAGS="$3" \
     LIB_FUZZING_ENGINE="$4" FUZZING_ENGINE="$engine" SANITIZER=address \
     ARCHITECTURE=x86_64 OUT="$tmp/$engine/out" WORK="$tmp/$engine/work" \
     SRC="$tmp/$engine/src" bash .clusterfuzzlite/build.sh) \
     >"$tmp/$engine.log" 2>&1 || { tail -30 "$tmp/$engine.log"; fail "$engine: build.sh failed"; }
  check_out "$tmp/$engine/out" "$engine"
}

base="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
run_build libfuzzer "$clang" \
  "$base -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" \
  -fsanitize=fuzzer
if command -v afl-clang-fast >/dev/null && [ -f /usr/lib/afl/libAFLDriver.a ]; then
  AFL_QUIET=1 run_build afl afl-clang-fast "$base" /usr/lib/afl/libAFLDriver.a
else
  echo "afl-clang-fast not installed: AFL++ engine build not checked"
fi
echo PASS
