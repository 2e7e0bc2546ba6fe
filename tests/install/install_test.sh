#!/bin/sh
# install_test.sh SOURCE_DIR BUILD_DIR CC - scopefuzz used like a library
# (cmake/sf_install.cmake, docs/install.md):
#  1. installs BUILD_DIR into a temporary prefix and moves the prefix
#     (nothing may depend on where it was installed);
#  2. no installed file names the source tree, the build tree or the
#     install-time prefix: text files as they are, binaries without their
#     DWARF debug info; in sanitizer builds the instrumentation itself
#     records source file names for its reports (UBSan checks, ASan
#     globals), so binaries are checked in builds without sanitizer only;
#  3. with the source and build trees hidden (an empty tmpfs mounted over
#     each in a private mount namespace: `unshare --mount`, as root), builds
#     tests/install/sample/ (copied out first) with find_package(scopefuzz)
#     and runs its ctest tests (the bug found by `scopefuzz test` and by the
#     fuzz target, the fixed twin clean), then builds the sample's program
#     with pkg-config and with the installed scopefuzz-cc: each finds and
#     replays the bug.
set -u
fail() { echo "FAIL: $*"; exit 1; }
if [ "${1:-}" = "--sample" ]; then # step 3, called by steps 1-2 below
  T=$2 CC=$3
  P=$T/prefix
  [ "$4" = hidden ] && echo "ok: the source and build trees are hidden"
else
SRC=$1 BUILD=$2 CC=$3
T=$(mktemp -d "${TMPDIR:-/tmp}/sf-install.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

cmake --install "$BUILD" --prefix "$T/at-install" >"$T/install.log" 2>&1 ||
  { cat "$T/install.log"; fail "cmake --install"; }
mv "$T/at-install" "$T/prefix" || exit 1
P=$T/prefix
for f in bin/scopefuzz bin/scopefuzz-cc lib/libscopefuzz.a include/scopefuzz/interpose.h \
         include/scopefuzz/fuzz.h lib/cmake/scopefuzz/scopefuzzConfig.cmake \
         lib/cmake/scopefuzz/scopefuzzConfigVersion.cmake lib/pkgconfig/scopefuzz.pc; do
  [ -f "$P/$f" ] || fail "not installed: $f"
done

sanitizer=$(sed -n 's/^sanitizer=//p' "$P/lib/pkgconfig/scopefuzz.pc")
mkdir "$T/nodebug" || exit 1
bad="" nbin=0 ntext=0
for f in $(cd "$P" && find . -type f); do
  g=$P/$f
  case "$(head -c 4 "$g" | od -An -c | tr -d ' ')" in
    *ELF*|'!<ar')
      [ "$sanitizer" = none ] || continue
      cp "$g" "$T/nodebug/x" && objcopy --strip-debug "$T/nodebug/x" && g=$T/nodebug/x
      nbin=$((nbin + 1)) ;;
    *) ntext=$((ntext + 1)) ;;
  esac
  for dir in "$SRC" "$BUILD" "$T/at-install"; do
    grep -q -a -F "$dir" "$g" && bad="$bad $f($dir)"
  done
done
[ -z "$bad" ] || fail "installed files name the source or build tree:$bad"
echo "ok: no installed file names the source or build tree ($ntext text files, $nbin binaries)"

cp -r "$SRC/tests/install/sample" "$T/sample" && cp "$0" "$T/install_test.sh" || exit 1
cd "$T" || exit 1
# shellcheck disable=SC2016
if unshare --mount sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" && [ -z "$(ls -A "$2")" ]' \
     sh "$BUILD" "$SRC" 2>/dev/null; then
  unshare --mount sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" &&
                         exec sh "$3/install_test.sh" --sample "$3" "$4" hidden' \
    sh "$BUILD" "$SRC" "$T" "$CC"
  exit $?
fi
echo "note: cannot hide the source tree here (unshare --mount needs root): built with it visible"
sh "$T/install_test.sh" --sample "$T" "$CC" visible
exit $?
fi

# step 3: the sample project against the prefix
gen=""
command -v ninja >/dev/null && gen="-G Ninja"
# shellcheck disable=SC2086
cmake -S "$T/sample" -B "$T/sample-build" $gen -DCMAKE_PREFIX_PATH="$P" \
      -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Debug >"$T/configure.log" 2>&1 ||
  { cat "$T/configure.log"; fail "the sample does not configure"; }
cmake --build "$T/sample-build" >"$T/build.log" 2>&1 ||
  { cat "$T/build.log"; fail "the sample does not build"; }
ctest --test-dir "$T/sample-build" --output-on-failure >"$T/ctest.log" 2>&1 ||
  { cat "$T/ctest.log"; fail "the sample's tests"; }
grep -E "tests passed|Test +#" "$T/ctest.log"
n=$(grep -c "Passed" "$T/ctest.log")
[ "$n" -ge 4 ] || fail "expected at least 4 sample tests, $n passed"

# replayed(CASE, WHAT): the case replays with its signature, on the
# deterministic runtime (scheduling decisions were taken: a program whose
# pthread calls escaped the runtime has one task and takes none)
replayed() {
  "$P/bin/scopefuzz" replay "$1" >"$T/replay.log" 2>&1
  rc=$?
  [ $rc -eq 1 ] && grep -q "^signature: assert:queue_pop" "$T/replay.log" &&
    grep -q "^run: .*, [1-9][0-9]* decisions" "$T/replay.log" ||
    { cat "$T/replay.log"; fail "$2: scopefuzz replay $1: exit $rc"; }
  echo "ok: $2: the case replays on the runtime"
}

case=$(ls "$T"/sample-build/scopefuzz-cases/scopefuzz_prog/*.ptcase 2>/dev/null | head -n 1)
[ -n "$case" ] || fail "scopefuzz_add_test wrote no case file"
replayed "$case" scopefuzz_add_test

# found(PROG, WHAT): the installed scopefuzz finds the sample's bug in PROG
found() {
  rm -rf "$T/cases" && mkdir "$T/cases" || exit 1
  "$P/bin/scopefuzz" test -q --schedules 2000 -o "$T/cases" -- "$1" >"$T/test.log" 2>&1
  rc=$?
  [ $rc -eq 1 ] && grep -q "^signature: assert:queue_pop" "$T/test.log" ||
    { cat "$T/test.log"; fail "$2: scopefuzz test exit $rc, not assert:queue_pop"; }
  echo "ok: $2: scopefuzz test finds assert:queue_pop"
  replayed "$T/cases"/*.ptcase "$2"
}

# pkg-config, with the compiler it names
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
pc_cc=$(pkg-config --variable=compiler scopefuzz) || fail "pkg-config scopefuzz"
# shellcheck disable=SC2046
"$pc_cc" $(pkg-config --cflags scopefuzz) -O1 -g -o "$T/prog-pc" "$T/sample/prog.c" \
  "$T/sample/queue.c" $(pkg-config --libs scopefuzz) $(pkg-config --variable=wrap_main scopefuzz) \
  >"$T/pc.log" 2>&1 || { cat "$T/pc.log"; fail "build with pkg-config"; }
found "$T/prog-pc" pkg-config

# scopefuzz-cc
"$P/bin/scopefuzz-cc" -O1 -g -o "$T/prog-cc" "$T/sample/prog.c" "$T/sample/queue.c" \
  >"$T/cc.log" 2>&1 || { cat "$T/cc.log"; fail "build with scopefuzz-cc"; }
found "$T/prog-cc" scopefuzz-cc
echo "install: the sample builds and tests against $P (moved after install)"
