#!/bin/sh
# The hardening part of `./dev.sh test`, after the normal and sanitizer ctest
# runs (which already ran spec/hardening/*_spec.lua):
#   1. every fuzz target for FUZZ_SECONDS (60) from the committed seeds of
#      spec/fuzz/, two at a time (clang and libFuzzer; fuzz/run.sh)
#   2. the command-line specs and the C unit tests under valgrind memcheck:
#      any error or leak fails
# Each step prints its wall time.  Environment: BUILD_DIR (default build, the
# RelWithDebInfo build dev.sh made), FUZZ_SECONDS (0 skips fuzzing),
# FUZZ_BUILD_DIR (build-fuzz).
set -eu
cd "$(dirname "$0")/../.."
src=$(pwd)
build=$(cd "${BUILD_DIR:-build}" && pwd)
fuzz_seconds=${FUZZ_SECONDS:-60}
fuzz_build=${FUZZ_BUILD_DIR:-build-fuzz}
status=0

now() { date +%s; }
took() { echo "hardening: $1 took $(($(now) - $2)) s"; }

# ---- 1. fuzzing ------------------------------------------------------------

need_clang() {
  echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' >"$1/probe.c"
  clang -fsanitize=fuzzer "$1/probe.c" -o "$1/probe" 2>/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "hardening: clang with libFuzzer is missing (apt-get install clang libclang-rt-dev)" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
  clang -fsanitize=fuzzer "$1/probe.c" -o "$1/probe"
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
started=$(now)
if [ "$fuzz_seconds" -eq 0 ]; then
  echo "hardening: fuzzing skipped (FUZZ_SECONDS=0)"
elif need_clang "$scratch"; then
  fuzz/run.sh -t "$fuzz_seconds" -j 2 -b "$fuzz_build" || status=1
else
  status=1
fi
took "fuzzing ($fuzz_seconds s a target)" "$started"

# ---- 2. valgrind -------------------------------------------------------------

# valgrind's checks of the allocator reach only a dynamically linked fsgen:
# the same objects as the static one, linked with the shared libc.
fsgen="$build/dynamic/fsgen"
[ -x "$fsgen" ] || fsgen="$build/fsgen"
export FSGEN_BIN="$fsgen" FSGEN_DYNAMIC_BIN="$fsgen" FSGEN_SOURCE_DIR="$src" FSGEN_BUILD_DIR="$build"
export LUA_PATH="$src/lua/?.lua;$src/lua/?/init.lua;$src/spec/?.lua;;"
export LUA_CPATH="$build/lmod/?.so;;"
valgrind="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all"

# Specs that run fsgen, in two groups of about equal time (both cores).
# limits_spec is not among them: its endless and huge inputs take minutes
# under valgrind; the bad-input corpus covers the limits' error paths.
group_a="spec/bad_inputs_spec.lua spec/cli_spec.lua spec/output_spec.lua spec/hardening/concurrency_spec.lua"
group_b="spec/sandbox_spec.lua spec/hardening/secrets_spec.lua spec/hardening/fault_injection_spec.lua"

run_group() { # name specs...
  name=$1
  shift
  FSGEN_WRAPPER="$valgrind" lua5.4 /usr/bin/busted -o TAP "$@" >"$scratch/$name.log" 2>&1
}

started=$(now)
run_group a $group_a &
pid_a=$!
run_group b $group_b &
pid_b=$!
for group in a b; do
  if [ "$group" = a ]; then pid=$pid_a; else pid=$pid_b; fi
  if wait "$pid"; then
    echo "hardening: valgrind specs ($group): $(grep -c '^ok' "$scratch/$group.log") passed"
  else
    echo "hardening: valgrind specs ($group) FAILED:"
    grep -E -A12 '^not ok' "$scratch/$group.log" | head -80
    status=1
  fi
done
took "command-line specs under valgrind" "$started"

started=$(now)
found=0
for test in "$build"/test_*; do
  [ -x "$test" ] || continue
  found=$((found + 1))
  if ! FSGEN_SOURCE_DIR="$src" $valgrind "$test" >"$scratch/c.log" 2>&1; then
    echo "hardening: $(basename "$test") under valgrind FAILED:"
    tail -40 "$scratch/c.log"
    status=1
  fi
done
echo "hardening: $found C unit tests under valgrind"
took "C unit tests under valgrind" "$started"

[ "$status" -eq 0 ] && echo "hardening: all passed"
exit $status
