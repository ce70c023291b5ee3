#!/bin/sh
# Full renders under valgrind memcheck: any error or leak fails the test.
set -eu
valgrind=$1 fsgen=$2
run() {
  "$valgrind" --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=all \
    --errors-for-leak-kinds=all "$fsgen" "$@" >/dev/null
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run spec/fixtures/demo/overlays/prod.lua
run -o "$tmp/out" spec/fixtures/demo/overlays/prod.lua
# An error path must not leak either.
status=0
run spec/fixtures/demo/overlays/prod.lua --set web.nope=1 2>/dev/null || status=$?
[ "$status" -eq 1 ] || { echo "expected exit 1 from a bad value, got $status"; exit 1; }
if [ -f overlays/prod.lua ]; then run overlays/prod.lua; fi
echo "valgrind: no errors, no leaks"
