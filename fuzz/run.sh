#!/bin/sh
# Builds the fuzz targets with clang and runs each for a while.
#   fuzz/run.sh [-t SECONDS] [-j PARALLEL] [-b BUILD_DIR] [TARGET...]
# Targets: yaml_load emit setpath layer (default: all).  Each target grows a
# working corpus in BUILD_DIR/corpus/<target>, starting from the committed
# seeds in spec/fuzz/<target> (left untouched); findings land in
# BUILD_DIR/findings/ and make the script exit 1.  Replay one with
#   BUILD_DIR/fuzz/fuzz_<target> FILE
# `make -C fuzz fuzz SECONDS=600` is the same with make's syntax.
set -eu
cd "$(dirname "$0")/.."
seconds=60 parallel=1 build=build-fuzz
while getopts t:j:b: opt; do
  case $opt in
  t) seconds=$OPTARG ;;
  j) parallel=$OPTARG ;;
  b) build=$OPTARG ;;
  *) echo "usage: fuzz/run.sh [-t SECONDS] [-j PARALLEL] [-b BUILD_DIR] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=${*:-yaml_load emit setpath layer}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFSGEN_FUZZ=ON -DFSGEN_TESTS=OFF >/dev/null
for t in $targets; do
  cmake --build "$build" -j2 --target "fuzz_$t" >/dev/null
done
mkdir -p "$build/findings" "$build/logs"

run_one() {
  t=$1
  case $t in
  yaml_load) extra="-dict=fuzz/yaml.dict" ;;
  setpath) extra="-dict=fuzz/setpath.dict -max_len=512" ;;
  *) extra="-max_len=4096" ;; # table programs: larger trees only run slower
  esac
  mkdir -p "$build/corpus/$t"
  status=0
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
    -malloc_limit_mb=1024 -print_final_stats=1 $extra \
    -artifact_prefix="$build/findings/$t-" "$build/corpus/$t" "spec/fuzz/$t" \
    >"$build/logs/$t.log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/logs/$t.log")
  if [ "$status" -eq 0 ]; then
    echo "fuzz $t: ${runs:-0} inputs in ${seconds} s, nothing found"
  else
    echo "fuzz $t: FOUND a problem after ${runs:-?} inputs (exit $status):"
    grep -a -E '^fuzz |^==[0-9]+==ERROR|SUMMARY|runtime error' "$build/logs/$t.log" | head -5
    ls "$build/findings/$t-"* 2>/dev/null | tail -1
    return 1
  fi
}

failed=0
if [ "$parallel" -le 1 ]; then
  for t in $targets; do run_one "$t" || failed=1; done
else
  # Up to $parallel targets at once, each in the background.
  running=0 pids=""
  for t in $targets; do
    run_one "$t" &
    pids="$pids $!"
    running=$((running + 1))
    if [ "$running" -ge "$parallel" ]; then
      for p in $pids; do wait "$p" || failed=1; done
      running=0 pids=""
    fi
  done
  for p in $pids; do wait "$p" || failed=1; done
fi
exit $failed
