#!/bin/sh
# Reproducer: a failing --depfile write leaves the NEW output directory in
# place (lua/fsgen/main.lua writes the depfile after core.write_dir), so a
# run that exits 1 has changed -o DIR, and make is left with a new target
# and the old dependency list.  Writing the depfile first fixes it: a depfile
# newer than a failed target only makes make run the rule again.
#   spec/hardening/repro/depfile_after_output.sh BUILD_DIR   (exit 1: reproduced)
set -eu
src=$(cd "$(dirname "$0")/../../.." && pwd)
build=$(cd "${1:-build}" && pwd)
# LD_PRELOAD reaches only a dynamically linked fsgen.
fsgen="$build/dynamic/fsgen"
[ -x "$fsgen" ] || fsgen="$build/fsgen"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$fsgen" -o out "$src/spec/fixtures/demo/overlays/base.lua"
before=$(cat out/* | sha256sum)
status=0
# the 8th open is the depfile's (7 files in out/ come first)
LD_PRELOAD="$build/fault_inject.so" FSGEN_FAULT=open:8:ENOSPC \
  "$fsgen" -o out --depfile out.d "$src/spec/fixtures/demo/overlays/prod.lua" || status=$?
after=$(cat out/* | sha256sum)
if [ "$status" -eq 1 ] && [ "$before" != "$after" ]; then
  echo "reproduced: exit 1, yet out/ holds the new output"
  exit 1
fi
echo "fixed: exit $status, out/ unchanged"
