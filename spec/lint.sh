#!/bin/sh
# clang-tidy (checks in .clang-tidy) and cppcheck over runtime/: no warnings.
set -eu
src=$1 build=$2
status=0
if command -v clang-tidy >/dev/null; then
  clang-tidy -p "$build" --quiet "$src"/runtime/*.c 2>&1 | grep -E "warning:|error:" && status=1
else
  echo "clang-tidy not installed: skipped"
fi
if command -v cppcheck >/dev/null; then
  out=$(cppcheck --enable=warning,style,performance,portability --std=c11 --quiet \
    --suppress=missingIncludeSystem --suppress=toomanyconfigs -I "$src/runtime" $(pkg-config --cflags-only-I lua5.4) \
    "$src"/runtime/*.c 2>&1)
  [ -z "$out" ] || { echo "$out"; status=1; }
else
  echo "cppcheck not installed: skipped"
fi
exit $status
