#!/bin/sh
# Rewrites spec/golden/*.yaml (and meta/flagsmith.lua) from the current build; review the diff before
# committing: a golden file is the reviewed output, not a snapshot.
set -eu
cd "$(dirname "$0")/../.."
fsgen=${FSGEN_BIN:-build/fsgen}
unset FLAGSMITH_HOST FLAGSMITH_DB_HOST FLAGSMITH_DB_PASSWORD
"$fsgen" > spec/golden/default.yaml
for o in overlays/*.lua; do
  name=$(basename "$o" .lua)
  "$fsgen" "$o" > "spec/golden/$name.yaml"
done
"$fsgen" meta --chart flagsmith > meta/flagsmith.lua
git diff --stat -- spec/golden meta
