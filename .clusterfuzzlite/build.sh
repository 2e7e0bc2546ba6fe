#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script for scopefuzz.
#
# Uses only what OSS-Fuzz sets: $CC, $CFLAGS, $LIB_FUZZING_ENGINE, $OUT,
# $SRC, $WORK (the source is the current directory, or $SRC/scopefuzz).
# Builds every fuzz target of targets/fuzz/ and puts into $OUT, per target
# fuzz_<name>: the binary, fuzz_<name>_seed_corpus.zip (corpus/<name>/),
# fuzz_<name>.dict (corpus/<name>.dict) and fuzz_<name>.options.
# Sanitizer and coverage flags come from $CFLAGS, not from the presets.

src="${SCOPEFUZZ_SRC:-$PWD}"
[ -f "$src/targets/fuzz/CMakeLists.txt" ] || src="$SRC/scopefuzz"
build="${WORK:-/tmp}/scopefuzz-build"

# SF_FUZZ=ON makes the fuzz targets, linked with SF_FUZZ_ENGINE: the engine
# OSS-Fuzz gives ($LIB_FUZZING_ENGINE: libFuzzer, AFL++'s driver, ...).
cmake -S "$src" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="$CFLAGS" -DCMAKE_BUILD_TYPE=None \
  -DSF_FUZZ=ON -DSF_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DSF_SANITIZE=none -DSF_WERROR=OFF
targets=$(cmake --build "$build" --target help |
          sed -n 's/^\(fuzz_[A-Za-z0-9_]*\):.*/\1/p')
[ -n "$targets" ] || { echo "build.sh: no fuzz targets" >&2; exit 1; }
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $targets

for t in $targets; do
  cp "$build/bin/$t" "$OUT/$t"
  name=${t#fuzz_}
  if [ -d "$src/corpus/$name" ]; then
    python3 - "$src/corpus/$name" "$OUT/${t}_seed_corpus.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(src)):
        if os.path.isfile(os.path.join(src, name)):
            z.write(os.path.join(src, name), name)
PY
  fi
  options="[libfuzzer]
max_len = 4096
timeout = 10"
  if [ -f "$src/corpus/$name.dict" ]; then
    cp "$src/corpus/$name.dict" "$OUT/$t.dict"
    options="$options
dict = $t.dict"
  fi
  printf '%s\n' "$options" >"$OUT/$t.options"
done
