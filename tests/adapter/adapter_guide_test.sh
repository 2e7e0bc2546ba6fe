#!/bin/sh
# adapter_guide_test.sh REPO CC - see CMakeLists.txt.
set -eu
repo=$1
cc=$2
tmp=$(mktemp -d /tmp/sf-adapter-guide.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
mkdir -p "$src"
# a clean tree: the tracked files plus the working tree's versions of them
# and its new files (what a clone of this commit would hold)
(cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$src" 2>/dev/null) ||
  (cd "$repo" && tar --exclude=./build --exclude=./campaign -cf - . | tar -xf - -C "$src")
rm -rf "$src/build" "$src/campaign"
# the worked example would be a second library with the same function names
# (its folder is listed in targets/CMakeLists.txt: take it out of the list)
rm -rf "$src/targets/examples"
sed -i 's/^foreach(d zoo examples fuzz)$/foreach(d zoo fuzz)/' "$src/targets/CMakeLists.txt"
grep -q '^foreach(d zoo fuzz)$' "$src/targets/CMakeLists.txt" || {
  echo "FAIL: targets/CMakeLists.txt does not list examples as this test expects"; exit 1; }

# A third-party library: its own _GNU_SOURCE, pthreads, a length query and a
# select that polls; the adapter as driver.h step 1 describes it.
mkdir -p "$src/targets/mylib"
cp "$repo/targets/examples/chan/chan.c" "$repo/targets/examples/chan/chan.h" "$src/targets/mylib/"
sed -e 's/sf_driver_example_chan/sf_driver_mylib/g' -e 's/"example_chan"/"mylib"/' \
    -e 's|#include "chan/chan.h"|#include "chan.h"|' \
    "$repo/targets/examples/driver_example_chan.c" > "$src/targets/mylib/driver_mylib.c"
grep -q '_GNU_SOURCE' "$src/targets/mylib/chan.c"

# Step 2, exactly the guide's lines (paths relative to targets/)
cat >> "$src/targets/CMakeLists.txt" <<'CM'
add_library(mylib STATIC mylib/chan.c)
sf_third_party(mylib FLAGS -std=gnu11)
sf_interpose(mylib)
sf_add_driver(mylib SOURCES mylib/driver_mylib.c LIBS mylib INTERPOSE)
CM

bld=$tmp/build
cmake -S "$src" -B "$bld" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$cc" \
  -DSF_WERROR=ON > "$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$bld" -j2 --target scopefuzz > "$tmp/build.log" 2>&1 || {
  tail -50 "$tmp/build.log"; exit 1; }
if grep -n 'warning' "$tmp/build.log"; then
  echo "FAIL: warnings while building the tree with the adapter"; exit 1
fi
S=$bld/bin/scopefuzz
"$S" list | grep '^mylib ' || { echo "FAIL: scopefuzz list does not show mylib"; "$S" list; exit 1; }

# A program that passes on a correct library: a producer, a consumer, close.
cat > "$tmp/pass.sched" <<'SCHED'
impl mylib
strategy random seed 7
expect ok

task 0:
  chan c0 cap 2
  spawn 1
  send c0
  send c0
  send c0
  close c0
  return ok
task 1:
  recv c0
  recv c0
  recv c0
  return ok
SCHED
for seed in 1 2 3 4 5 6 7 8; do
  sed "s/seed 7/seed $seed/" "$tmp/pass.sched" > "$tmp/p.sched"
  "$S" run --check "$tmp/p.sched" || { echo "FAIL: mylib, seed $seed"; exit 1; }
done
# and the driver fuzzes: explore runs programs against it (failures or not)
"$S" explore --impl mylib --runs 50 --keep-going -o "$tmp" > "$tmp/explore.log" 2>&1 || true
grep -q 'explore: mylib, 50 runs' "$tmp/explore.log" || {
  cat "$tmp/explore.log"; echo "FAIL: explore did not run mylib"; exit 1; }
echo "adapter guide: mylib built from a clean tree and runs"
